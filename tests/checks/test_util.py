"""alerti18n.checks._util, the checks' text helpers: masking, URLs, numbers, words."""

from __future__ import annotations

from collections import Counter

import pytest

from alerti18n.checks._util import NNBSP, counter_diff, excerpt, find_urls, mask, numbers, words

SENTENCE = (
    "Send `FH-24` to the hotline, read [the notice board](https://relief.example.org/notices) "
    "or https://relief.example.org/water, and write to desk@relief.example.org."
)


def test_mask_blanks_code_targets_and_urls_in_place() -> None:
    masked = mask(SENTENCE)
    assert len(masked) == len(SENTENCE)  # positions still match the original
    for hidden in ("FH-24", "https://relief.example.org/notices", "desk@relief.example.org"):
        assert hidden not in masked
        start = SENTENCE.index(hidden)
        assert masked[start : start + len(hidden)].strip() == ""
    assert "the notice board" in masked  # link text is text
    assert "relief.example.org/water" in mask(SENTENCE, urls=False)


def test_find_urls_sees_bare_addresses_only() -> None:
    assert find_urls(SENTENCE) == ["https://relief.example.org/water", "desk@relief.example.org"]


@pytest.mark.parametrize(
    ("text", "lang", "values"),
    [
        ("arrived on March 12, 2024", "en", {"12": 1, "2024": 1}),
        ("the 20th day", "en", {"20": 1}),
        ("opened on 2024-03-14", "en", {"2024": 1, "14": 1}),  # an ISO date: year and day
        (f"5{NNBSP}000 litres", "fr", {"5000": 1}),
        ("12,5 % des lits", "fr", {"12.5": 1}),
        ("12.5% of the beds", "en", {"12.5": 1}),
        ("մարտի 12-ին", "hy", {"12": 1}),
        ("send `FH-24` now", "en", {}),  # code is not text
    ],
)
def test_numbers_are_values_as_the_language_writes_them(
    text: str, lang: str, values: dict[str, int]
) -> None:
    assert numbers(text, lang) == Counter(values)


def test_words_keep_hyphenated_compounds_and_skip_markup() -> None:
    assert words("A well-known `code` word, see https://example.org.") == [
        "A",
        "well-known",
        "word",
        "see",
    ]


def test_excerpt_and_counter_diff() -> None:
    assert excerpt("one\ntwo   three") == "one two three"
    assert excerpt("x" * 80, width=10) == "x" * 9 + "…"
    assert counter_diff(Counter("aab"), Counter("abc")) == (["a"], ["c"])
