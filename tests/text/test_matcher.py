"""Similarity search: the index finds what comparing every sentence with rapidfuzz finds."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz import fuzz

from alerti18n.text.matcher import FuzzyIndex, match_text, score

SENTENCES = [
    "Stay inside and close the windows.",
    "Stay inside, close the **windows** and listen to the radio.",
    "Close the windows.",
    "Listen to the [radio](https://example.org/radio).",
    "The shelters are open.",
    "2023",
]


def test_visible_drops_markup_and_link_targets() -> None:
    assert match_text("Listen to the [radio](https://example.org/radio).") == "Listen to the radio."
    assert match_text("Stay **inside**,  now") == "Stay inside, now"


def test_score_is_rapidfuzz_ratio_on_visible_text() -> None:
    a, b = SENTENCES[0], SENTENCES[1]
    assert score(a, b) == fuzz.ratio(match_text(a), match_text(b))


def test_search_scores_as_rapidfuzz_and_finds_the_best() -> None:
    index = FuzzyIndex(SENTENCES)
    for query in ("Stay inside and close the window.", "Listen to the radio.", "Close windows."):
        brute = {
            n: float(fuzz.ratio(match_text(query), match_text(s))) for n, s in enumerate(SENTENCES)
        }
        found = dict(index.search(query, cutoff=60))
        assert found and all(value == brute[n] >= 60 for n, value in found.items())
        top = max(brute.values())
        ids, best = index.best(query, cutoff=60)
        assert best == top and set(ids) == {n for n, v in brute.items() if v == top}


def test_visible_text_is_the_inline_lexers_reading() -> None:
    # emphasis is gone, but not the underscores of a word or the star of a product
    assert match_text("*tests* in `read_line` and 2 * 3") == "tests in read_line and 2 * 3"
    # a reference link shows its text, not its label; an image its alt text
    assert (
        match_text("See [the report][r1] and ![the map](m.png).") == "See the report and the map."
    )
    # brackets that make no link, and escaped characters, are what a reader sees
    assert match_text("Array [0] and \\*stars\\*") == "Array [0] and *stars*"
    assert score("Use *snake_case* names.", "Use _snake_case_ names.") == 100


def test_markup_changes_that_a_reader_does_not_see_score_100() -> None:
    same = [
        ("Read [the rules](https://ex.org/r_(1).pdf).", "Read [the rules](https://ex.org/r2)."),
        ("Press `Ctrl`\\\nnow.", "Press ``Ctrl``  \nnow."),
        ("**Stay** inside.", "__Stay__ inside."),
    ]
    for a, b in same:
        assert score(a, b) == 100, (a, b)


VOCABULARY = (
    "the shelter road water *open* closed at in 12 13 [map](x.md) notice Stepanakert".split()
)
SENTENCE = st.lists(st.sampled_from(VOCABULARY), min_size=1, max_size=8).map(" ".join)


@given(
    st.lists(SENTENCE, min_size=1, max_size=40),
    SENTENCE,
    st.sampled_from([60.0, 70.0, 90.0]),
    st.sets(st.integers(0, 39), max_size=5),
)
@settings(max_examples=400, deadline=None)
def test_best_is_what_search_ranks_first(
    texts: list[str], query: str, cutoff: float, skip: set[int]
) -> None:
    """``best`` (rapidfuzz raising its cut-off as it goes) against the full search."""
    index = FuzzyIndex(texts)
    ranked = [(n, value) for n, value in index.search(query, cutoff) if n not in skip]
    top = ranked[0][1] if ranked else 0.0
    expected = sorted(n for n, value in ranked if value == top)
    assert index.best(query, cutoff, skip) == (expected, top)
    assert index.best(query, cutoff, skip, ties=False) == (expected[:1], top)
