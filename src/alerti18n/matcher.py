"""Fuzzy sentence matching, shared by ``update``'s merge and the translation memory.

**Score.** Two sentences are compared on the text a translator sees: Markdown
emphasis and code marks (``*``, ``_``, backticks), link targets and the
hard-break backslash are left out, so ``*tests*`` and ``_tests_`` score 100.
The score is rapidfuzz's normalised Indel similarity, ``100 * 2 * LCS / (len a +
len b)`` over characters: the measure msgmerge's ``fstrcmp`` uses.

**Threshold.** A match needs a score of at least :data:`THRESHOLD` (70), and
the two sentences must share a word that is not among the most common ones
(see :class:`Index`): 70 keeps msgmerge's recall on edited sentences while
two unrelated sentences of the same length, which share 40 to 60% of their
characters by chance, stay below it.

**Index.** Scoring every old sentence against every new one costs
``old x new`` comparisons. :class:`Index` keeps an inverted index from each
word to the sentences that contain it. A query scores only the sentences
that share one of its rarest words and whose length allows the threshold
(``2 * min / (a + b) >= 0.7``), in rapidfuzz's C++ ``process.extract``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from rapidfuzz import fuzz, process

#: Minimum score (0-100) of a fuzzy match, for ``update`` and the memory alike.
THRESHOLD = 70.0
#: How many of a query's rarest words select the candidates to score.
_RAREST = 6

_LINK_TARGET = re.compile(r"\]\([^)\s]*(?:\s+\"[^\"]*\")?\)")
_MARKUP = re.compile(r"[*_`\[\]]|\\(?=\n)")
_SPACE = re.compile(r"\s+")
_WORD = re.compile(r"\w+")


def visible(text: str) -> str:
    """``text`` as a reader sees it: without emphasis, code marks or link targets."""
    text = _LINK_TARGET.sub("", text)
    return _SPACE.sub(" ", _MARKUP.sub("", text)).strip()


def score(a: str, b: str) -> float:
    """Similarity of two sentences (0-100) on their visible text."""
    return float(fuzz.ratio(visible(a), visible(b)))


class Index:
    """Sentences to search by similarity; ids are their positions in ``texts``."""

    def __init__(self, texts: Iterable[str]) -> None:
        self.texts = [visible(t) for t in texts]
        self._lengths = [len(t) for t in self.texts]
        self._postings: dict[str, list[int]] = {}
        self._wordless: list[int] = []
        for number, text in enumerate(self.texts):
            words = set(_WORD.findall(text.casefold()))
            if not words:
                self._wordless.append(number)
            for word in words:
                self._postings.setdefault(word, []).append(number)

    def __len__(self) -> int:
        return len(self.texts)

    def search(self, query: str, cutoff: float = THRESHOLD) -> list[tuple[int, float]]:
        """(id, score) of every sentence scoring at least ``cutoff``: best first, then by id."""
        text = visible(query)
        candidates = self._candidates(text, cutoff)
        if not candidates:
            return []
        choices = {number: self.texts[number] for number in sorted(candidates)}
        found = process.extract(text, choices, scorer=fuzz.ratio, score_cutoff=cutoff, limit=None)
        return sorted(((key, float(value)) for _, value, key in found), key=lambda m: (-m[1], m[0]))

    def best(self, query: str, cutoff: float = THRESHOLD) -> tuple[list[int], float]:
        """The ids sharing the best score (at least ``cutoff``), and that score."""
        found = self.search(query, cutoff)
        if not found:
            return [], 0.0
        top = found[0][1]
        return [number for number, value in found if value == top], top

    def _candidates(self, text: str, cutoff: float) -> set[int]:
        words = set(_WORD.findall(text.casefold()))
        ranked = sorted(
            (w for w in words if w in self._postings), key=lambda w: (len(self._postings[w]), w)
        )
        found: set[int] = set()
        if words:
            for word in ranked[:_RAREST]:
                found.update(self._postings[word])
        else:
            found.update(self._wordless)
        # 2 * min(a, b) / (a + b) bounds the score: drop lengths that cannot reach it
        ratio = cutoff / 100.0
        size = len(text)
        low, high = size * ratio / (2 - ratio), size * (2 - ratio) / max(ratio, 1e-9)
        return {n for n in found if low <= self._lengths[n] <= high}
