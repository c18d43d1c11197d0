"""Fuzzy sentence matching, shared by ``update``'s merge and the translation memory.

**Score.** Two sentences are compared on the text a translator sees, as the
inline lexer gives it (``alerti18n.text.inline.visible_text``): emphasis delimiters
(``*``, ``_``), code span backticks, link brackets and targets, hard-break
and escaping backslashes are left out, so ``*tests*`` and ``_tests_`` score 100.
The score is rapidfuzz's normalised Indel similarity, ``100 * 2 * LCS / (len a +
len b)`` over characters: the measure msgmerge's ``fstrcmp`` uses. When the new
sentence has markup, its full text is compared as well and the better score
counts, so a short link text whose target did not change still finds its
predecessor.

**Thresholds.** A match must share a word that is not among the most common
ones (see :class:`FuzzyIndex`) and reach a score of at least:

* :data:`MERGE_THRESHOLD` (60) in ``update``, msgmerge's own cut-off: a
  changed sentence of this document finds its predecessor as often as with
  msgmerge (``benchmarks/bench_tm.py``), at the price msgmerge pays too: a
  short new sentence may be drafted from an old one sharing a word (always
  fuzzy, with the old sentence shown);
* :data:`THRESHOLD` (70) for the translation memory, whose units come from
  other documents and other projects: two unrelated sentences of the same
  length share 40 to 60% of their characters by chance, and stay below it.

**The fuzzy index.** Scoring every old sentence against every new one costs
``old x new`` comparisons. :class:`FuzzyIndex` keeps an inverted index from each
word to the sentences that contain it. A query scores only the sentences
that share one of its rarest words and whose length allows the threshold
(``2 * min / (a + b)`` at least the threshold), in rapidfuzz's C++ ``process.extract``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from rapidfuzz import fuzz, process

from alerti18n.text import inline

#: Minimum score (0-100) of a fuzzy match from the translation memory.
THRESHOLD = 70.0
#: Minimum score of a fuzzy match in ``update``'s merge: msgmerge's cut-off.
MERGE_THRESHOLD = 60.0
#: How many of a query's rarest words select the candidates to score.
_RAREST = 6

_SPACE = re.compile(r"\s+")
_WORD = re.compile(r"\w+")


def match_text(text: str) -> str:
    """``text`` as a reader sees it (without emphasis, code marks or link targets), one-spaced."""
    return _SPACE.sub(" ", inline.visible_text(text)).strip()


#: What the index keeps of a sentence: its visible text and its distinct casefolded words,
#: joined by spaces (a compact form the memory's cache stores as it is).
Features = tuple[str, str]


def features(text: str) -> Features:
    """The visible text of ``text`` and its words, as :class:`FuzzyIndex` uses them."""
    shown = match_text(text)
    return shown, " ".join(dict.fromkeys(_WORD.findall(shown.casefold())))


def score(a: str, b: str) -> float:
    """Similarity of two sentences (0-100) on their visible text."""
    return float(fuzz.ratio(match_text(a), match_text(b)))


class FuzzyIndex:
    """Sentences to search by similarity; ids are their positions in ``texts``.

    ``known`` maps sentences to their :func:`features` computed earlier (the
    memory caches them), so building the index need not compute them again.
    """

    def __init__(self, texts: Iterable[str], known: Mapping[str, Features] | None = None) -> None:
        self._raw = list(texts)
        self.texts: list[str] = []
        self._postings: dict[str, list[int]] = {}
        self._wordless: list[int] = []
        postings = self._postings
        for number, text in enumerate(self._raw):
            found = known.get(text) if known else None
            shown, words = found if found is not None else features(text)
            self.texts.append(shown)
            if not words:
                self._wordless.append(number)
            for word in words.split(" ") if words else ():
                if word in postings:
                    postings[word].append(number)
                else:
                    postings[word] = [number]
        self._lengths = [len(t) for t in self.texts]
        self._span = _extent(self._lengths)
        self._raw_lengths: tuple[list[int], tuple[int, int]] | None = None  # (when first needed)

    def __len__(self) -> int:
        return len(self.texts)

    def search(self, query: str, cutoff: float = THRESHOLD) -> list[tuple[int, float]]:
        """(id, score) of every sentence scoring at least ``cutoff``: best first, then by id.

        When ``query`` has markup, a sentence may also match on its full text
        (markup and link targets included), as msgmerge compares them: the
        better of the two scores counts.
        """
        text = match_text(query)
        near = self._near(text)
        scores = self._score(text, near, self.texts, self._lengths, cutoff)
        if text != query:
            for number, value in self._score(query, near, self._raw, None, cutoff).items():
                scores[number] = max(value, scores.get(number, 0.0))
        return sorted(scores.items(), key=lambda m: (-m[1], m[0]))

    def best(
        self, query: str, cutoff: float = THRESHOLD, skip: Iterable[int] = (), ties: bool = True
    ) -> tuple[list[int], float]:
        """The ids sharing the best score (at least ``cutoff``), and that score: what
        :meth:`search` ranks first. Sentences in ``skip`` are left out; without ``ties``,
        only the first id (the lowest).

        Without ``ties`` only the best score is wanted, so rapidfuzz raises its
        cut-off as it finds better ones and gives up early on the others: a new
        sentence of a million-entry catalog is matched against hundreds of
        thousands of old ones (once per reading, see :meth:`search`).
        """
        text = match_text(query)
        near = self._near(text)
        near.difference_update(skip)
        if ties:
            found = list(self._score(text, near, self.texts, self._lengths, cutoff).items())
            if text != query:
                found += self._score(query, near, self._raw, None, cutoff).items()
        else:
            numbers = sorted(near)
            first = self._first(text, numbers, self.texts, self._lengths, self._span, cutoff)
            found = [first] if first is not None else []
            if text != query:
                if self._raw_lengths is None:
                    lengths = [len(t) for t in self._raw]
                    self._raw_lengths = lengths, _extent(lengths)
                lengths, extent = self._raw_lengths
                first = self._first(query, numbers, self._raw, lengths, extent, cutoff)
                found += [first] if first is not None else []
        if not found:
            return [], 0.0
        top = max(value for _, value in found)
        best = sorted({number for number, value in found if value == top})
        return (best if ties else best[:1]), top

    @staticmethod
    def _first(
        text: str,
        numbers: list[int],
        texts: list[str],
        lengths: list[int],
        extent: tuple[int, int],
        cutoff: float,
    ) -> tuple[int, float] | None:
        """The first of ``numbers`` (in order) with the best score, and that score: among
        the texts whose length passes :meth:`_score`'s test (tested only when the shortest
        and the longest of all texts do not both pass it)."""
        low, high = _length_bounds(len(text), cutoff)
        if not (low <= extent[0] and extent[1] <= high):
            numbers = [n for n in numbers if low <= lengths[n] <= high]
        choices = [texts[n] for n in numbers]
        # (rapidfuzz gives the first of equally good choices)
        found = process.extractOne(text, choices, scorer=fuzz.ratio, score_cutoff=cutoff)
        return (numbers[found[2]], float(found[1])) if found is not None else None

    def _near(self, text: str) -> set[int]:
        """The sentences sharing one of the rarest words of ``text`` (or, wordless, none)."""
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
        return found

    @staticmethod
    def _score(
        text: str, near: set[int], texts: list[str], lengths: list[int] | None, cutoff: float
    ) -> dict[int, float]:
        low, high = _length_bounds(len(text), cutoff)
        if lengths is None:
            choices = {n: texts[n] for n in sorted(near) if low <= len(texts[n]) <= high}
        else:
            choices = {n: texts[n] for n in sorted(near) if low <= lengths[n] <= high}
        if not choices:
            return {}
        found = process.extract(text, choices, scorer=fuzz.ratio, score_cutoff=cutoff, limit=None)
        return {key: float(value) for _, value, key in found}


def _extent(lengths: list[int]) -> tuple[int, int]:
    return min(lengths, default=0), max(lengths, default=0)


def _length_bounds(size: int, cutoff: float) -> tuple[float, float]:
    """The lengths a sentence may have to score at least ``cutoff`` against one of ``size``
    characters: ``2 * min(a, b) / (a + b)`` bounds the score."""
    ratio = cutoff / 100.0
    return size * ratio / (2 - ratio), size * (2 - ratio) / max(ratio, 1e-9)
