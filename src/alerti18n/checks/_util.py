"""Text helpers shared by the checks: masking markup, URLs, numbers, words."""

from __future__ import annotations

import functools
import re
import unicodedata
from collections import Counter
from decimal import Decimal, InvalidOperation

from alerti18n.language.profiles import profile
from alerti18n.text import inline

NBSP = "\u00a0"
NNBSP = "\u202f"
THIN = "\u2009"

_BLANKED = frozenset({inline.CODE, inline.AUTOLINK, inline.HTML})
_ADDRESSES = frozenset({inline.URL, inline.EMAIL})


@functools.lru_cache(maxsize=1024)
def mask(text: str, fill: str = " ", urls: bool = True) -> str:
    """``text`` with code spans, link targets, autolinks, HTML tags (and URLs) blanked.

    The markup spans, bare URLs and e-mail addresses are the inline lexer's
    (``alerti18n.text.inline``). The result has the same length, so positions
    still match the original. (Several checks mask the same text: it is kept.)
    """
    if not inline.may_hold_markup(text):
        return text
    for span in inline.lex(text):
        start, end = span.start, span.end
        if span.kind == inline.LINK_CLOSE and span.target is not None:
            start, end = span.target
        elif span.kind not in _BLANKED and not (urls and span.kind in _ADDRESSES):
            continue
        text = text[:start] + fill * (end - start) + text[end:]
    return text


def find_urls(text: str) -> list[str]:
    """Bare URLs, then e-mail addresses, in running text (not link targets, not code)."""
    if not inline.may_hold_markup(text):
        return []
    spans = [span for span in inline.lex(text) if span.kind in _ADDRESSES]
    return [text[s.start : s.end] for s in spans if s.kind == inline.URL] + [
        text[s.start : s.end] for s in spans if s.kind == inline.EMAIL
    ]


# Numbers -----------------------------------------------------------------

_ISO_DATE = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")
_DIGIT = re.compile(r"\d")


@functools.lru_cache(maxsize=256)
def number_pattern(lang: str) -> re.Pattern[str]:
    """A number as ``lang`` writes it, from its profile (CLDR symbols and grouping).

    Any Unicode decimal digits (Latin, Arabic-Indic, Persian, Devanagari...);
    the group symbols of each numbering system the language uses (``,`` and
    ``٬`` in Arabic; every space-like separator where CLDR's is a space), with
    the grouping sizes of its pattern (Hindi ``1,00,000``); a decimal symbol
    (``.`` and ``٫`` in Arabic, ``,`` in German). Anything else splits the
    number, so a misplaced decimal (``12.5`` in German) reads as another value.
    """
    p = profile(lang)
    groups, decimals = re.escape(p.groups), re.escape(p.decimals)
    first, second = p.grouping
    grouped = rf"\d{{1,{second}}}(?:[{groups}]\d{{{second}}})*[{groups}]\d{{{first}}}"
    if first == second:
        grouped = rf"\d{{1,{first}}}(?:[{groups}]\d{{{first}}})+"
    edge = re.escape(p.groups.strip() + p.decimals + ".,")
    # (the lookahead first: the engine then passes over every non-digit quickly)
    return re.compile(rf"(?=\d)(?<![\d{edge}])({grouped}|\d+)(?:[{decimals}](\d+))?(?!\d)")


def _ascii_digits(text: str) -> str:
    return "".join(str(unicodedata.decimal(c)) for c in text if unicodedata.decimal(c, -1) >= 0)


def _value(integer: str, fraction: str | None) -> str:
    if fraction is None and integer.isascii() and integer.isdigit() and integer[0] != "0":
        return integer  # what Decimal gives for a plain integer
    digits = _ascii_digits(integer)
    text = f"{digits}.{_ascii_digits(fraction)}" if fraction else digits
    try:
        return format(Decimal(text).normalize(), "f")
    except InvalidOperation:  # pragma: no cover - the patterns only match digits
        return text


def numbers(text: str, lang: str) -> Counter[str]:
    """Numeric values in ``text`` as ``lang`` writes numbers (ordinal endings dropped).

    ``20th``, ``20-ին``, ``20e`` -> 20; ``١٧٬٠٠٠`` and ``17,000`` in Arabic ->
    17000. ISO dates count as their year and day (the month may be a word).
    """
    values: Counter[str] = Counter()
    if _DIGIT.search(text) is None:
        return values
    text = mask(text)

    def iso(match: re.Match[str]) -> str:
        values.update([_value(match.group(1), None), _value(match.group(3), None)])
        return " " * len(match.group(0))

    text = _ISO_DATE.sub(iso, text) if "-" in text else text
    for match in number_pattern(lang).finditer(text):
        values[_value(match.group(1), match.group(2))] += 1
    return values


# Words -------------------------------------------------------------------

WORD = re.compile(r"[^\W_]+(?:[-‑][^\W_]+)*")


def words(text: str) -> list[str]:
    """Words (letters or digits, hyphenated compounds kept) outside markup and URLs."""
    return WORD.findall(mask(text))


def excerpt(text: str, width: int = 60) -> str:
    """One-line excerpt of ``text`` for messages."""
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def counter_diff(a: Counter[str], b: Counter[str]) -> tuple[list[str], list[str]]:
    """Items of ``a`` missing from ``b`` and items of ``b`` not in ``a`` (with repeats)."""
    if dict.__eq__(a, b):  # (the counts are all positive: as equal as Counters)
        return [], []
    return sorted((a - b).elements()), sorted((b - a).elements())
