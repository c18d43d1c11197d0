"""Where a glossary's terms occur in a text, found from the text's words.

A term matches as its pattern does (``language.glossary.term_pattern``): the
term's text, whole words, case-sensitive for a name (a term starting with a
capital letter), case-insensitive for a common word. Trying 100,000 patterns
on every sentence would take minutes, so the terms are indexed once by what
starts them, and a text is compared only with the terms that can start at
each of its words (see :class:`TermIndex`). The results are those of the
patterns, in the same order; ``tests/language/test_termindex.py`` compares
both on random texts and terms.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

#: A word, as the terms' patterns see words (``\w``).
WORD = re.compile(r"\w+")
#: What a term of a list joined by line breaks starts with: its first word, then what follows
#: it up to its second word's end (nothing when it has none), and the rest of its line.
_HEAD = re.compile(r"((?:\w+(?:[^\w\n]+\w+)?)?)[^\n]*\n")


def term_pattern(source: str) -> re.Pattern[str]:
    """Whole-word, case-sensitive for names, case-insensitive for common words."""
    flags = 0 if source[:1].isupper() else re.IGNORECASE
    return re.compile(rf"(?<!\w){re.escape(source)}(?!\w)", flags)


def _extra_cases() -> dict[int, tuple[int, ...]] | None:
    """The letters ``re.IGNORECASE`` takes as equal beyond simple lowercase (``s`` ``ſ``,
    ``k`` ``K``, ``i`` ``ı``...), by lowercase letter; None where this Python does not
    say which those are."""
    try:
        from re._casefix import _EXTRA_CASES as extra  # type: ignore[import-not-found]
    except ImportError:  # pragma: no cover - Python 3.10
        try:
            from sre_compile import _ignorecase_fixes as extra  # type: ignore[attr-defined]
        except ImportError:
            return None
    return dict(extra)


_EXTRA = _extra_cases()


def fold_letter(char: str) -> str:
    """The case folding under which ``re.IGNORECASE`` finds two letters equal: the simple
    lowercase (``İ``'s full lowercase is two letters: its first), then the least of the
    letters the regular expression engine also takes as equal to it."""
    lower = ord(char.lower()[0])
    return chr(min((lower, *(_EXTRA or {}).get(lower, ()))))


#: :func:`fold_letter` as two tables around ``str.lower``: before, the one letter whose
#: lowercase is two letters (U+0130, checked in the tests); after, each lowercase letter
#: that ``re`` takes as equal to a smaller one.
_BEFORE = {0x130: "i"}
_AFTER = {k: chr(min(v)) for k, v in (_EXTRA or {}).items() if min(v) < k}


def fold(text: str) -> str:
    """:func:`fold_letter` of each letter of ``text`` (as long as ``text``), in C:
    ``str.lower`` only differs letter by letter in Greek final sigma, and σ and ς fold
    alike."""
    if text.isascii():
        return text.lower()
    return text.translate(_BEFORE).lower().translate(_AFTER)


def _heads(sources: Sequence[str]) -> list[str]:
    """What each source starts with: its first word, or its first two words and what lies
    between them (empty where it starts with no word character)."""
    joined = "\n".join(sources) + "\n"
    if joined.count("\n") == len(sources):
        return _HEAD.findall(joined)  # in C, at once
    return [_HEAD.match(source + "\n")[1] for source in sources]  # type: ignore[index]


class TermIndex:
    """Where each term of a glossary occurs in a text, found from the text's words.

    A term's pattern matches only where a word of the text is the term's first
    word: a term starting with a word character starts a match after no word
    character, and its first word ends where a word of the text does. So a
    term of one word is indexed by that word, and a longer term by what it
    holds up to its second word's end (``first word``, the characters between,
    ``second word``), both as written (a capitalised term matches as written)
    or case-folded as ``re.IGNORECASE`` compares (:func:`fold`, the others).
    Each word of a text is looked up alone and with what follows it to the end
    of the next word; a term found so is compared with the text, as a string,
    at that word. A term starting with another character is searched with its
    pattern. Words are found in the text and the terms as written, then compared
    folded (:func:`fold` keeps a text's length).
    """

    def __init__(self, sources: Sequence[str]) -> None:
        self.sources = sources
        self.first: dict[str, int] = {}  # key -> the first term it starts
        self.more: dict[str, list[int]] = {}  # key -> the terms, where it starts several
        self.others: list[int] = list(range(len(sources))) if _EXTRA is None else []
        self._folded: dict[int, str] = {}
        if _EXTRA is None or not sources:
            return
        heads = _heads(sources)
        folded = fold("\n".join(heads)).split("\n")  # a head holds no line break
        # a folded key starts with NUL, which no word holds: a name and a word never mix
        keys = [
            h if s[:1].isupper() else "\0" + f
            for s, h, f in zip(sources, heads, folded, strict=True)
        ]
        numbers = range(len(keys))
        self.first = dict(zip(reversed(keys), reversed(numbers), strict=True))
        if len(self.first) < len(keys):
            last = dict(zip(keys, numbers, strict=True))
            repeated = {key for key, number in self.first.items() if last[key] != number}
            for number, key in enumerate(keys):
                if key in repeated:
                    self.more.setdefault(key, []).append(number)
        for empty in ("", "\0"):  # a term that starts with no word: searched with its pattern
            if empty in self.first:
                self.others += self.more.pop(empty, [self.first.pop(empty)])
        self.others.sort()

    def matches(self, text: str) -> list[tuple[int, list[tuple[int, int]]]]:
        """Each term that occurs in ``text`` (glossary order) with the spans it matches."""
        folded = fold(text) if _EXTRA is not None else text
        starts = self._starts(text, folded)
        found = []
        for number in sorted(starts.keys() | set(self.others)):
            if number in starts:
                spans = self._compared(number, text, folded, starts[number])
            else:
                spans = [m.span() for m in term_pattern(self.sources[number]).finditer(text)]
            if spans:
                found.append((number, spans))
        return found

    def _starts(self, text: str, folded: str) -> dict[int, list[int]]:
        """Term -> the starts of the words of ``text`` where it may match, in order."""
        starts: dict[int, list[int]] = {}
        spans = [m.span() for m in WORD.finditer(text)]
        first, more = self.first, self.more
        for place, (at, end) in enumerate(spans):
            keys = [text[at:end], "\0" + folded[at:end]]  # the word as a name, as a word
            if place + 1 < len(spans):
                stop = spans[place + 1][1]  # and with the next one
                keys += [text[at:stop], "\0" + folded[at:stop]]
            for key in keys:
                number = first.get(key)
                if number is not None:
                    for each in more.get(key) or (number,):
                        starts.setdefault(each, []).append(at)
        return starts  # each term has one key: its starts come in the text's order

    def _compared(
        self, number: int, text: str, folded: str, starts: list[int]
    ) -> list[tuple[int, int]]:
        """The term's matches at these word starts, as ``finditer`` gives them (in order,
        none overlapping the one before). A one-word term matches wherever its word is."""
        source = self.sources[number]
        if source[:1].isupper():
            key, seen = source, text
        else:
            key = self._folded.get(number) or self._folded.setdefault(number, fold(source))
            seen = folded
        single = WORD.fullmatch(source) is not None
        size, spans, after = len(key), [], 0
        for at in starts:
            end = at + size
            if at < after:
                continue
            if not single:
                if not seen.startswith(key, at):
                    continue
                if end < len(text) and (text[end].isalnum() or text[end] == "_"):
                    continue  # (?!\w): the match would end inside a word
            spans.append((at, end))
            after = end
        return spans
