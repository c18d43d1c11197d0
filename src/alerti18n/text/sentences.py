"""Sentence boundaries in a block's text, per language.

Rules:

* A language with ``sentence_ends`` in ``data/profiles.toml`` is split after
  its own sentence-ending punctuation (Armenian: ։ ! ? … and "...", never an
  ASCII "."; ՞ and ՜ only before a capital). Text mostly in a script written
  without spaces between words (``word_spaces = false`` in
  ``data/scripts.toml``: Thai, Lao, Khmer, Myanmar, Chinese, Japanese) is
  split by ICU's sentence break iterator, which knows their sentence marks
  (Khmer ។, Myanmar ။, the full-width 。！？). Any other language is split by
  sentencex.
* The split is then repaired: a split after one of the language's
  ``abbreviations`` (``profiles.toml``: French "M.", "sept.", English "Dr.",
  ...) is undone, a split inside inline markup (what
  ``alerti18n.text.inline.atomic`` gives: code span, link, image, inline HTML,
  autolink) is undone, a piece that starts in lower case or with "," ";" ":"
  joins the sentence before, and a piece with no letter or digit (the
  alert's stray ". ") joins the sentence before.
* Closing brackets and quotes after a sentence end belong to that sentence,
  and so do footnote references (``months.[^1] Food...``): a note is called
  by the sentence it follows.

Extract's worker processes import this module: it stays light (no Babel;
ICU only for text in those scripts).
The language data is read from ``profiles.toml`` on first use, with the
standard library's TOML reader.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import sentencex

from alerti18n.language.scripts import facts, main_script
from alerti18n.text.inline import atomic


@dataclass(frozen=True)
class SentenceEnds:
    """A language's sentence-ending punctuation, used instead of sentencex's rules."""

    always: tuple[str, ...]  # end a sentence when whitespace follows
    before_capital: str  # end one only before whitespace and a capital letter, or at block end


@lru_cache(maxsize=1)
def _languages() -> dict[str, dict]:
    """The ``[lang.*]`` tables of ``data/profiles.toml`` (read once per process)."""
    import sys
    from pathlib import Path

    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - Python 3.10
        import tomli as tomllib
    text = (Path(__file__).parents[1] / "language" / "data" / "profiles.toml").read_text(
        encoding="utf-8"
    )
    return dict(tomllib.loads(text).get("lang", {}))


@lru_cache(maxsize=1)
def _abbreviations() -> dict[str, frozenset[str]]:
    """Abbreviations after which a full stop does not end a sentence, per language."""
    return {
        lang: frozenset(own["abbreviations"])
        for lang, own in _languages().items()
        if "abbreviations" in own
    }


@lru_cache(maxsize=1)
def _sentence_ends() -> dict[str, SentenceEnds]:
    """Languages whose sentence ends ``profiles.toml`` gives; the others are split by sentencex."""
    return {
        lang: SentenceEnds(
            always=tuple(own["sentence_ends"]["always"]),
            before_capital=str(own["sentence_ends"].get("before_capital", "")),
        )
        for lang, own in _languages().items()
        if "sentence_ends" in own
    }


def __getattr__(name: str) -> dict[str, frozenset[str]] | dict[str, SentenceEnds]:
    """``ABBREVIATIONS`` and ``SENTENCE_ENDS`` (per language), read from ``profiles.toml``.

    They are module attributes, as they were when they were written in this
    module, but read when first asked for, so importing the module reads no file.
    """
    if name == "ABBREVIATIONS":
        return _abbreviations()
    if name == "SENTENCE_ENDS":
        return _sentence_ends()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


_CLOSERS = ")]}»”’\"'"
_OPENERS = "([{«“‘\"'"
_ENDS_SENTENCE = ".!?…։"
#: A full stop followed by closing brackets or quotes, then a capital: a boundary
#: sentencex does not always see ("... as we keep going.) But what ...").
#: Footnote references at the start of a piece: they belong to the sentence before.
_NOTE_REFERENCES = re.compile(r"(?:\[\^[^\s\[\]]+\])+")
_LATE_BOUNDARY = re.compile(r"(?<=[.!?…։])[)\]»”’\"]+(?=\s+[(«“\"]?[A-Z\u0531-\u0556])")


def split_sentences(text: str, lang: str = "en") -> list[tuple[int, int]]:
    """Sentence spans (start, end) in ``text``, trimmed of surrounding whitespace."""
    base = lang.split("_")[0]
    ends = _sentence_ends().get(base)
    if ends:
        raw = _split_at_ends(text, ends)
    elif not facts(main_script(text)).word_spaces:
        from alerti18n.language.breaks import sentence_spans

        raw = [list(span) for span in sentence_spans(text, lang)]
    else:
        raw = _sentencex_spans(text, base)
    if not raw:
        return []
    _closers_to_previous(text, raw)
    markup = atomic(text)
    abbreviations = _abbreviations().get(base, frozenset())
    merged: list[list[int]] = []
    for span in raw:
        if span[0] >= span[1]:
            continue
        if merged and (
            _inside_atomic(merged[-1][1], markup)
            or _ends_with_abbreviation(text[merged[-1][0] : merged[-1][1]], abbreviations)
            or not any(c.isalnum() for c in text[span[0] : span[1]])
            or text[span[0]] in ",;:"
            or text[span[0]].islower()
        ):
            merged[-1][1] = span[1]
        else:
            merged.append(span)
    if len(merged) > 1 and not any(c.isalnum() for c in text[merged[0][0] : merged[0][1]]):
        merged[1][0] = merged[0][0]
        merged.pop(0)
    if ends:
        return [(s, e) for s, e in merged]
    return [piece for s, e in merged for piece in _late_splits(text, s, e, markup)]


def _sentencex_spans(text: str, lang: str) -> list[list[int]]:
    raw = []
    at = 0
    for piece in sentencex.segment(lang, text):
        found = text.find(piece.strip(), at) if piece.strip() else -1
        if found < 0:
            continue
        raw.append([found, found + len(piece.strip())])
        at = found + len(piece.strip())
    return raw


@lru_cache(maxsize=8)
def _end_pattern(ends: SentenceEnds) -> re.Pattern[str]:
    always = "|".join(re.escape(end) for end in sorted(ends.always, key=len, reverse=True))
    marks = f"|(?P<mark>[{re.escape(ends.before_capital)}])" if ends.before_capital else ""
    notes = r"(?:\[\^[^\s\[\]]+\])*"
    return re.compile(rf"(?:(?:{always})+{marks})[{re.escape(_CLOSERS)}]*{notes}(?=\s)")


def _split_at_ends(text: str, ends: SentenceEnds) -> list[list[int]]:
    """Sentence spans cut after the language's sentence-ending punctuation (``sentence_ends``)."""
    cuts = [0]
    for match in _end_pattern(ends).finditer(text):
        after = text[match.end() :].lstrip().lstrip(_OPENERS)
        if match.groupdict().get("mark") and after and not after[0].isupper():
            continue
        cuts.append(match.end())
    cuts.append(len(text))
    raw = []
    for start, end in zip(cuts, cuts[1:], strict=False):
        piece = text[start:end]
        if piece.strip():
            start += len(piece) - len(piece.lstrip())
            raw.append([start, start + len(piece.strip())])
    return raw


def _closers_to_previous(text: str, raw: list[list[int]]) -> None:
    """Give closing brackets and quotes, then footnote references, at the start of a piece
    back to the sentence before."""
    for before, span in zip(raw, raw[1:], strict=False):
        if text[before[1] - 1 : before[1]] not in tuple(_ENDS_SENTENCE + _CLOSERS):
            continue
        k = span[0]
        while k < span[1] and text[k] in _CLOSERS and text[k] not in "'\"":
            k += 1
        notes = _NOTE_REFERENCES.match(text, k, span[1])
        if notes:
            k = notes.end()
        if k > span[0] and not text[before[1] : span[0]].strip():
            before[1] = k
            while k < span[1] and text[k].isspace():
                k += 1
            span[0] = k


def _late_splits(
    text: str, start: int, end: int, markup: list[tuple[int, int]]
) -> list[tuple[int, int]]:
    """Split one sentence span at boundaries sentencex missed (see ``_LATE_BOUNDARY``)."""
    pieces = []
    for match in _LATE_BOUNDARY.finditer(text, start, end):
        if _inside_atomic(match.end(), markup):
            continue
        pieces.append((start, match.end()))
        start = match.end()
        while start < end and text[start].isspace():
            start += 1
    pieces.append((start, end))
    return pieces


def _inside_atomic(offset: int, markup: list[tuple[int, int]]) -> bool:
    return any(s < offset < e for s, e in markup)


def _ends_with_abbreviation(sentence: str, abbreviations: frozenset[str]) -> bool:
    if not sentence.endswith("."):
        return False
    word = re.split(r"[\s(«“\"'’]", sentence[:-1])[-1]
    return (
        word in abbreviations or f"{word}." in abbreviations or (len(word) == 1 and word.isupper())
    )
