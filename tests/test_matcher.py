"""Similarity search: the index finds what comparing every sentence with rapidfuzz finds."""

from __future__ import annotations

from rapidfuzz import fuzz

from alerti18n.matcher import Index, score, visible

SENTENCES = [
    "Stay inside and close the windows.",
    "Stay inside, close the **windows** and listen to the radio.",
    "Close the windows.",
    "Listen to the [radio](https://example.org/radio).",
    "The shelters are open.",
    "2023",
]


def test_visible_drops_markup_and_link_targets() -> None:
    assert visible("Listen to the [radio](https://example.org/radio).") == "Listen to the radio."
    assert visible("Stay **inside**,  now") == "Stay inside, now"


def test_score_is_rapidfuzz_ratio_on_visible_text() -> None:
    a, b = SENTENCES[0], SENTENCES[1]
    assert score(a, b) == fuzz.ratio(visible(a), visible(b))


def test_search_scores_as_rapidfuzz_and_finds_the_best() -> None:
    index = Index(SENTENCES)
    for query in ("Stay inside and close the window.", "Listen to the radio.", "Close windows."):
        brute = {n: float(fuzz.ratio(visible(query), visible(s))) for n, s in enumerate(SENTENCES)}
        found = dict(index.search(query, cutoff=60))
        assert found and all(value == brute[n] >= 60 for n, value in found.items())
        top = max(brute.values())
        ids, best = index.best(query, cutoff=60)
        assert best == top and set(ids) == {n for n, v in brute.items() if v == top}
