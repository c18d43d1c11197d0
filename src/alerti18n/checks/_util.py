"""Text helpers shared by the checks: masking markup, URLs, numbers, words."""

from __future__ import annotations

import re
from collections import Counter
from decimal import Decimal, InvalidOperation

NBSP = "\u00a0"
NNBSP = "\u202f"
THIN = "\u2009"

_CODE = re.compile(r"(`+)(.+?)\1", re.S)
_LINK_DEST = re.compile(r"(?<=\]\()(?:[^()\s]|\([^()\s]*\))*(?:\s+\"[^\"]*\")?(?=\))")
_AUTOLINK = re.compile(r"<(?:[A-Za-z][A-Za-z0-9+.-]{1,31}:[^<>\s]*|[^<>\s@]+@[^<>\s]+)>")
_HTML = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>")
URL = re.compile(r"(?:https?://|ftp://|www\.)[^\s<>\"“”«»()\[\]]+", re.I)
EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_URL_TAIL = ".,;:!?։՝'’*_"


def _blank(match: re.Match[str], fill: str) -> str:
    return fill * len(match.group(0))


def mask(text: str, fill: str = " ", urls: bool = True) -> str:
    """``text`` with code spans, link targets, autolinks, HTML tags (and URLs) blanked.

    The result has the same length, so positions still match the original.
    """
    for pattern in (_CODE, _AUTOLINK, _LINK_DEST, _HTML):
        text = pattern.sub(lambda m: _blank(m, fill), text)
    if urls:
        text = URL.sub(lambda m: _blank(m, fill), text)
        text = EMAIL.sub(lambda m: _blank(m, fill), text)
    return text


def find_urls(text: str) -> list[str]:
    """Bare URLs and e-mail addresses in running text (not link targets, not code)."""
    text = mask(text, urls=False)
    found = [m.group(0).rstrip(_URL_TAIL) for m in URL.finditer(text)]
    return found + [m.group(0).rstrip(_URL_TAIL) for m in EMAIL.finditer(text)]


# Numbers -----------------------------------------------------------------

_ISO_DATE = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")
_EN_NUMBER = re.compile(r"(?<![\d.,])(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?(?!\d)")
# French and Armenian: groups of three after a space, no-break space, narrow
# no-break space, thin space, apostrophe or full stop; a decimal comma (or point).
_GROUP = f" {NBSP}{NNBSP}{THIN}.'’"
_LOCAL_NUMBER = re.compile(rf"(?<![\d.,])(\d{{1,3}}(?:[{_GROUP}]\d{{3}})+|\d+)(?:[,.](\d+))?(?!\d)")


def _value(integer: str, fraction: str | None) -> str:
    digits = re.sub(r"\D", "", integer)
    text = f"{digits}.{fraction}" if fraction else digits
    try:
        return format(Decimal(text).normalize(), "f")
    except InvalidOperation:  # pragma: no cover - the patterns only match digits
        return text


def numbers(text: str, lang: str) -> Counter[str]:
    """Numeric values in ``text`` (ordinal endings dropped: 20th, 20-ին, 20e -> 20).

    English uses a thousands comma and decimal point; other languages a
    space-like or point thousands separator and a decimal comma. ISO dates
    count as their year and day (the month may be written as a word).
    """
    text = mask(text)
    values: Counter[str] = Counter()

    def iso(match: re.Match[str]) -> str:
        values.update([_value(match.group(1), None), _value(match.group(3), None)])
        return " " * len(match.group(0))

    text = _ISO_DATE.sub(iso, text)
    pattern = _EN_NUMBER if lang.startswith("en") else _LOCAL_NUMBER
    for match in pattern.finditer(text):
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
    return sorted((a - b).elements()), sorted((b - a).elements())
