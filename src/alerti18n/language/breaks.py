"""Word and sentence boundaries in every script, from ICU's break iterators (PyICU).

ICU implements Unicode's text segmentation (UAX #29) with CLDR's tailorings,
and finds the words of scripts written without spaces (Thai, Lao, Khmer,
Myanmar, Chinese, Japanese) with its dictionaries. So a word keeps its
combining marks (Bengali and Hindi vowel signs and viramas, Hebrew points,
Ethiopic and Myanmar marks), ``km`` is a word of its own before ``先`` in
Japanese, and ``ผู้ลี้ภัย`` is two words in Thai.

Line breaks (:func:`line_breaks`, UAX #14) say where a short message may be
cut into parts. This is the one word splitter of the checks (:func:`words`, :func:`word_spans`):
a word is a run of letters, digits, ideographs or kana with the marks on
them (ICU's rule status is not "none"); words joined by one hyphen are one
word (``well-known``, ``Նախիջևան-Ստեփանակերտ``), as a reader counts them.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import icu

#: ICU's rule status below which a segment is no word (spaces, punctuation, symbols).
_WORD_NONE_LIMIT = 100
_HYPHENS = "-\u2010\u2011"
_local = threading.local()

#: A word of ASCII text as ICU's word rules find it (UAX #29 on letters, digits and ``_``:
#: ``can't``, ``e.g``, ``3.5``, ``1,000`` are one word; a lone ``_`` is none), and words
#: joined by one hyphen: what :func:`word_spans` gives, without ICU, which takes twice as
#: long. ``tests/language/test_breaks.py`` compares both in every language profile.
_ASCII_WORD = (
    r"(?!_(?![A-Za-z0-9_]))[A-Za-z0-9_]+"
    r"(?:(?:(?<=[A-Za-z])[:.'](?=[A-Za-z])|(?<=[0-9])[.,;'](?=[0-9]))[A-Za-z0-9_]+)*"
)
_ASCII_WORDS = re.compile(rf"{_ASCII_WORD}(?:-{_ASCII_WORD})*")


def _iterator(kind: str, lang: str) -> icu.BreakIterator:
    """A word or sentence iterator for ``lang`` (one per thread: ICU's are not shared)."""
    cache: dict[tuple[str, str], icu.BreakIterator] = _local.__dict__.setdefault("cache", {})
    key = (kind, lang)
    if key not in cache:
        import icu  # when first needed: ASCII text is split without it (see _ASCII_WORDS)

        locale = icu.Locale(lang.replace("-", "_") or "root")
        make = {
            "word": icu.BreakIterator.createWordInstance,
            "sentence": icu.BreakIterator.createSentenceInstance,
            "line": icu.BreakIterator.createLineInstance,
        }[kind]
        cache[key] = make(locale)
    return cache[key]


def _offsets(text: str) -> list[int] | None:
    """Python index of each UTF-16 offset, or None when the two agree (no astral character)."""
    if text.isascii() or max(text) < "\U00010000":
        return None
    table = []
    for index, char in enumerate(text):
        table.append(index)
        if ord(char) >= 0x10000:
            table.append(index)
    table.append(len(text))
    return table


def _segments(kind: str, text: str, lang: str) -> Iterator[tuple[int, int, int]]:
    """(start, end, ICU rule status) of each segment of ``text``."""
    if not text:
        return
    iterator = _iterator(kind, lang)
    iterator.setText(text)
    table = _offsets(text)
    start = iterator.first()
    for end in iterator:
        status = iterator.getRuleStatus()
        if table is None:
            yield start, end, status
        else:
            yield table[start], table[end], status
        start = end


def word_spans(text: str, lang: str = "") -> list[tuple[int, int]]:
    """(start, end) of each word of ``text`` (see the module docstring)."""
    if text.isascii():
        return [m.span() for m in _ASCII_WORDS.finditer(text)]
    return _icu_word_spans(text, lang)


def _icu_word_spans(text: str, lang: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    iterator = _iterator("word", lang)
    iterator.setText(text)
    table = _offsets(text)
    start = iterator.first()
    for end in iterator:  # (as _segments, inlined: status counts every entry's words)
        if iterator.getRuleStatus() >= _WORD_NONE_LIMIT:
            first, last = (start, end) if table is None else (table[start], table[end])
            if spans and first - spans[-1][1] == 1 and text[first - 1] in _HYPHENS:
                spans[-1] = (spans[-1][0], last)  # a hyphenated compound
            else:
                spans.append((first, last))
        start = end
    return spans


def words(text: str, lang: str = "") -> list[str]:
    """The words of ``text`` (see the module docstring)."""
    if text.isascii():
        return _ASCII_WORDS.findall(text)
    return [text[start:end] for start, end in _icu_word_spans(text, lang)]


def word_count(text: str, lang: str = "") -> int:
    """How many words ``text`` has: ``len(words(text, lang))``."""
    return len(_ASCII_WORDS.findall(text)) if text.isascii() else len(_icu_word_spans(text, lang))


def line_breaks(text: str, lang: str = "") -> list[int]:
    """Where a line of ``text`` may break (UAX #14 with CLDR's tailorings): each offset
    starts a new line; after the spaces between words, between ideographs, never inside a word."""
    return [end for _, end, _ in _segments("line", text, lang)][:-1]


def sentence_spans(text: str, lang: str = "") -> list[tuple[int, int]]:
    """(start, end) of each sentence of ``text``, trimmed of surrounding whitespace."""
    spans = []
    for start, end, _ in _segments("sentence", text, lang):
        piece = text[start:end]
        if piece.strip():
            start += len(piece) - len(piece.lstrip())
            spans.append((start, start + len(piece.strip())))
    return spans
