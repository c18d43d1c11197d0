"""ICU word and sentence breaks: marks kept, dictionary scripts split, compounds joined."""

from __future__ import annotations

import random

import icu
from hypothesis import given, settings
from hypothesis import strategies as st

from alerti18n.language.breaks import _icu_word_spans, sentence_spans, word_count, word_spans, words


def test_words_keep_their_combining_marks() -> None:
    assert words("এই ক্ষেত্রে শরণার্থীদের") == ["এই", "ক্ষেত্রে", "শরণার্থীদের"]
    assert words("वह वहाँ गया।") == ["वह", "वहाँ", "गया"]


def test_scripts_without_spaces_are_split_into_words() -> None:
    assert words("ผู้ลี้ภัยต้องการ") == ["ผู้", "ลี้", "ภัย", "ต้องการ"]
    assert "km" in words("避難所は5 km先にある") and "先に" in words("避難所は5 km先にある")


def test_hyphenated_compounds_and_numbers() -> None:
    assert words("a well-known 1,20,000 COVID-19 case") == [
        "a", "well-known", "1,20,000", "COVID-19", "case",
    ]  # fmt: skip


def test_offsets_are_python_offsets_past_astral_characters() -> None:
    text = "𓀀 emoji 😀 word"
    assert [text[s:e] for s, e in word_spans(text)][-2:] == ["emoji", "word"]


def test_sentences_of_scripts_with_their_own_full_stop() -> None:
    text = "ជនភៀសខ្លួនបានមកដល់។ ពួកគេត្រូវការទឹក។"
    assert [text[s:e] for s, e in sentence_spans(text, "km")] == [
        "ជនភៀសខ្លួនបានមកដល់។",
        "ពួកគេត្រូវការទឹក។",
    ]


def test_line_breaks_fall_between_words_and_between_ideographs() -> None:
    from alerti18n.language.breaks import line_breaks

    text = "Boil it for one minute."
    assert [text[b:] for b in line_breaks(text, "en")] == [
        "it for one minute.",
        "for one minute.",
        "one minute.",
        "minute.",
    ]
    assert line_breaks("Եռացրեք այն։", "hy") == [len("Եռացրեք ")]
    assert 3 in line_breaks("请留在室内。", "zh")  # between two ideographs
    assert 6 not in line_breaks("请留在室内。", "zh") and 5 not in line_breaks("请留在室内。", "zh")


# ASCII text takes a regular expression instead of ICU (breaks._ASCII_WORDS): both must agree.
ASCII_PIECES = [
    *"aZ9_-.:',; \n\t!\"#$%&()*+/<=>?@[\\]^`{|}~0\r\x0b\x0c\x00\x1f\x7f",
    *("the", "I'm", "3.5", "1,000", "e.g.", "U.S.A.", "foo_bar", "x-ray", "well--known"),
    *("can't", "rock'n'roll", "http://x.org/a_b", "12:30", "v1.2.3", "__init__", "_", "__"),
]


@given(st.lists(st.sampled_from(ASCII_PIECES), max_size=12).map("".join))
@settings(max_examples=2000, deadline=None)
def test_ascii_words_are_icus_words(text: str) -> None:
    assert word_spans(text, "en") == _icu_word_spans(text, "en")
    assert words(text) == [text[a:b] for a, b in _icu_word_spans(text, "")]
    assert word_count(text, "fr") == len(_icu_word_spans(text, "fr"))


def test_ascii_words_are_icus_words_in_every_language_icu_knows() -> None:
    """No locale of ICU tailors how ASCII splits into words (checked here, not assumed)."""
    languages = sorted({code.split("_")[0] for code in icu.Locale.getAvailableLocales()})
    assert len(languages) > 100
    rng = random.Random(29)
    texts = ["".join(rng.choices(ASCII_PIECES, k=rng.randrange(12))) for _ in range(300)]
    for lang in languages:
        for text in texts:
            assert word_spans(text, lang) == _icu_word_spans(text, lang), (lang, text)
