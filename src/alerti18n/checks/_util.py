"""Text helpers shared by the checks: masking markup, URLs, numbers, words."""

from __future__ import annotations

import functools
import re
import unicodedata
from collections import Counter
from decimal import Decimal, InvalidOperation

from alerti18n.language import breaks
from alerti18n.language.profiles import babel_locale, profile
from alerti18n.text import inline

NBSP = "\u00a0"
NNBSP = "\u202f"
THIN = "\u2009"

_BLANKED = frozenset({inline.CODE, inline.AUTOLINK, inline.HTML, inline.FOOTNOTE})
_ADDRESSES = frozenset({inline.URL, inline.EMAIL})


@functools.lru_cache(maxsize=1024)
def mask(text: str, fill: str = " ", urls: bool = True) -> str:
    """``text`` with code spans, link targets, autolinks, HTML tags, footnote references (and
    URLs) blanked.

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

    Any Unicode decimal digits (Latin, Arabic-Indic, Persian, Devanagari,
    full-width...); the group symbols of each numbering system the language
    uses (``,`` and ``٬`` in Arabic; every space-like separator where CLDR's is
    a space), with the grouping sizes of its pattern (Hindi ``1,00,000``) or,
    where that pattern groups unevenly, in threes as well (``100,000`` can be
    read no other way with Hindi's symbols); a decimal symbol (``.`` and ``٫``
    in Arabic, ``,`` in German). Anything else splits the number, so a
    misplaced decimal (``12.5`` in German) reads as another value.
    """
    p = profile(lang)
    groups, decimals = re.escape(p.groups), re.escape(p.decimals)
    first, second = p.grouping
    grouped = rf"\d{{1,{first}}}(?:[{groups}]\d{{{first}}})+"
    if first != second:
        grouped = rf"\d{{1,{second}}}(?:[{groups}]\d{{{second}}})*[{groups}]\d{{{first}}}(?!\d)"
        grouped += rf"|\d{{1,{first}}}(?:[{groups}]\d{{{first}}})+"
    edge = re.escape(p.groups.strip() + p.decimals + ".,")
    # (the lookahead first: the engine then passes over every non-digit quickly)
    return re.compile(
        rf"(?=\d)(?<![\d{edge}])({grouped}|\d+)(?:[{decimals}](\d+))?(?!\d)"
        + _multiplier_pattern(lang)
    )


@functools.lru_cache(maxsize=256)
def multipliers(lang: str) -> dict[str, int]:
    """Words after a number that multiply it, from CLDR's long compact formats (Babel).

    ``万`` 10⁴ and ``億`` 10⁸ in Japanese, ``만`` and ``억`` in Korean, ``亿`` in
    Chinese, ``million`` in English, ``लाख`` in Hindi: ``3万`` is 30000. Only the
    long (spelt-out) forms: the short ones are abbreviations (``3M``, ``5B``)
    that also name other things.
    """
    found: dict[str, int] = {}
    formats = babel_locale(lang).compact_decimal_formats.get("long", {})
    for per_count in formats.values():
        for magnitude, pattern in per_count.items():
            text = pattern.pattern if hasattr(pattern, "pattern") else str(pattern)
            zeros = text.count("0")
            word = text.replace("0", "").replace("'", "").strip()
            if zeros and word and not any(c.isdigit() for c in word):
                found.setdefault(word, int(magnitude) // 10 ** (zeros - 1))
    return found


def _multiplier_pattern(lang: str) -> str:
    """The optional multiplier group of :func:`number_pattern` (empty without CLDR data)."""
    words = sorted(multipliers(lang), key=len, reverse=True)
    if not words:
        return ""
    # a one-character multiplier (万, 만) may touch the next word; a longer one ends a word
    alternatives = [re.escape(w) if len(w) == 1 else re.escape(w) + r"(?![^\W_])" for w in words]
    return rf"(?:[ \u00a0\u202f]?(?P<times>{'|'.join(alternatives)}))?"


@functools.lru_cache(maxsize=256)
def _numbered_months(lang: str) -> re.Pattern[str] | None:
    """Month names that are written with a digit (``9月``, ``9월``), from CLDR (Babel)."""
    locale = babel_locale(lang)
    names = {
        str(name)
        for context in locale.months.values()
        for width in context.values()
        for name in width.values()
        if any(c.isdigit() for c in str(name)) and not str(name).isdigit()
    }
    if not names:
        return None
    ordered = sorted(names, key=len, reverse=True)
    return re.compile(r"(?<!\d)(?:" + "|".join(re.escape(n) for n in ordered) + ")")


class _AsciiDigits(dict[int, int]):
    """A ``str.translate`` table: every Unicode decimal digit to its ASCII digit."""

    def __missing__(self, code: int) -> int:
        value = unicodedata.decimal(chr(code), -1)
        self[code] = code if value < 0 else ord("0") + value
        return self[code]


_ASCII_DIGITS = _AsciiDigits()


def _ascii_digits(text: str) -> str:
    return "".join(str(unicodedata.decimal(c)) for c in text if unicodedata.decimal(c, -1) >= 0)


def _value(integer: str, fraction: str | None, times: int = 1) -> str:
    plain = fraction is None and integer.isascii() and integer.isdigit()
    if times == 1 and plain and integer[0] != "0":
        return integer  # what Decimal gives for a plain integer
    digits = _ascii_digits(integer)
    text = f"{digits}.{_ascii_digits(fraction)}" if fraction else digits
    try:
        return format((Decimal(text) * times).normalize(), "f")
    except InvalidOperation:  # pragma: no cover - the patterns only match digits
        return text


def numbers(text: str, lang: str, multiply: bool = True) -> Counter[str]:
    """Numeric values in ``text`` as ``lang`` writes numbers (ordinal endings dropped).

    ``20th``, ``20-ին``, ``20e`` -> 20; ``١٧٬٠٠٠`` and ``17,000`` in Arabic ->
    17000; ``3万`` in Japanese and ``3 million`` in English -> their value (see
    :func:`multipliers`; ``multiply=False`` reads them as 3). ISO dates count
    as their year and day (the month may be a word), and so does a date whose
    month is a name written with a digit (``9月``, ``9월``).
    """
    multiplied, as_written = number_readings(text, lang)
    return multiplied if multiply or as_written is None else as_written


def number_readings(text: str, lang: str) -> tuple[Counter[str], Counter[str] | None]:
    """:func:`numbers` both ways from one pass: with multipliers applied, and as written,
    or None for the second where no multiplier word follows a number (the two are equal)."""
    if _DIGIT.search(text) is None:
        return Counter(), None
    text = mask(text)
    dates: list[str] = []
    if "-" in text:
        text = _ISO_DATE.sub(lambda match: _iso_date(match, dates), text)
    months = _numbered_months(lang)
    if months:
        text = months.sub(lambda m: " " * len(m.group(0)), text.translate(_ASCII_DIGITS))
    factors = multipliers(lang)
    # (findall gives "" for a group that did not match: the fraction and the multiplier
    # word are never empty when they do)
    found = number_pattern(lang).findall(text)
    if not factors or not any(groups[2] for groups in found):
        return Counter(dates + [_value(g[0], g[1] or None) for g in found]), None
    values, plain = Counter(dates), Counter(dates)
    for integer, fraction, word in found:
        value = _value(integer, fraction or None)
        plain[value] += 1
        values[_value(integer, fraction or None, factors.get(word, 1)) if word else value] += 1
    return values, plain


def _iso_date(match: re.Match[str], dates: list[str]) -> str:
    """Note an ISO date's year and day in ``dates``; blank the date."""
    dates += (_value(match.group(1), None), _value(match.group(3), None))
    return " " * len(match.group(0))


# Words -------------------------------------------------------------------


def words(text: str, lang: str = "") -> list[str]:
    """Words outside markup and URLs: ICU's, with their marks, hyphenated compounds kept
    (:mod:`alerti18n.language.breaks`, the one word splitter of the checks)."""
    return breaks.words(mask(text), lang)


def excerpt(text: str, width: int = 60) -> str:
    """One-line excerpt of ``text`` for messages."""
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def counter_diff(a: Counter[str], b: Counter[str]) -> tuple[list[str], list[str]]:
    """Items of ``a`` missing from ``b`` and items of ``b`` not in ``a`` (with repeats)."""
    if dict.__eq__(a, b):  # (the counts are all positive: as equal as Counters)
        return [], []
    return sorted((a - b).elements()), sorted((b - a).elements())
