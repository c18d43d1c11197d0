"""Formatting that CommonMark reads back as written: where its delimiters may stand.

pandoc writes emphasis as ``*…*``, strong as ``**…**``, strikethrough as
``~~…~~``. CommonMark opens such a span only where the delimiter is
*left-flanking* (not followed by whitespace, and not followed by punctuation
unless preceded by whitespace or punctuation) and closes it only where it is
*right-flanking* (the mirror rule); otherwise the asterisks show. So before
pandoc writes the tree, each span is made to start and end where CommonMark
reads it: whitespace at its ends (a no-break space too) is moved out of it,
and so is punctuation at an end that touches a letter or digit outside
(``word**"quoted"**`` becomes ``word"**quoted**"``: the quotation marks lose
the bold, no letter is lost). A block's inlines lose the spaces and line
breaks at their ends (a final line break would show a backslash).
"""

from __future__ import annotations

import unicodedata

#: Formatting that GFM writes with delimiters; its content is inlines.
FORMATTING = frozenset({"Emph", "Strong", "Strikeout", "Underline"})
#: Inlines that are only space.
EMPTY = frozenset({"Space", "SoftBreak", "LineBreak"})


def trimmed(inlines: list[dict]) -> list[dict]:
    """``inlines`` without spaces and line breaks at either end (inside formatting too)."""
    inlines = list(inlines)
    for end in (0, -1):
        while inlines:
            item = inlines[end]
            if item.get("t") in EMPTY:
                inlines.pop(end)
            elif item.get("t") in FORMATTING and isinstance(item.get("c"), list):
                inner = trimmed(item["c"])
                if inner == item["c"]:
                    break
                if not inner:
                    inlines.pop(end)
                    continue
                inlines[end] = {"t": item["t"], "c": inner}
                break
            else:
                break
    return inlines


def delimited(inlines: list[dict]) -> list[dict]:
    """``inlines`` with each formatting span's ends where CommonMark reads a delimiter."""
    out: list[dict] = []
    for index, item in enumerate(inlines):
        if item.get("t") not in FORMATTING:
            out.append(item)
            continue
        before = _last_char(out[-1]) if out else " "
        after = _first_char(inlines[index + 1]) if index + 1 < len(inlines) else " "
        out += _flanked(item, before, after)
    return out


def punctuation(char: str) -> bool:
    """CommonMark's punctuation: ASCII punctuation, or Unicode's P and S categories."""
    return unicodedata.category(char)[0] in "PS"


def _flanked(item: dict, before: str, after: str) -> list[dict]:
    """``item`` (formatting) with what may not touch its delimiters moved out of it."""
    inner = list(item["c"])
    opening: list[dict] = []
    closing: list[dict] = []
    while True:
        moved = _move(inner, opening, 0, before) + _move(inner, closing, -1, after)
        if not moved:
            break
    inner = [i for i in inner if not (i.get("t") == "Str" and not i["c"])]
    return opening + ([{"t": item["t"], "c": inner}] if inner else []) + closing


def _move(inner: list[dict], out: list[dict], end: int, outside: str) -> int:
    """Move whitespace, or punctuation beside a letter or digit, from ``inner``'s ``end`` to
    ``out``; how many elements or characters moved."""
    if not inner:
        return 0
    item = inner[end]
    if item.get("t") in EMPTY:
        inner.pop(end)
        out.insert(len(out) if end == 0 else 0, item)
        return 1
    if item.get("t") != "Str" or not item["c"]:
        return 0
    text = str(item["c"])
    touching = not (outside.isspace() or punctuation(outside))
    count = 0
    chars = text if end == 0 else text[::-1]
    for char in chars:
        if char.isspace() or (touching and punctuation(char)):
            count += 1
        else:
            break
    if not count:
        return 0
    piece = text[:count] if end == 0 else text[len(text) - count :]
    rest = text[count:] if end == 0 else text[: len(text) - count]
    inner[end] = {"t": "Str", "c": rest}
    out.insert(len(out) if end == 0 else 0, {"t": "Str", "c": piece})
    return count


def _last_char(item: dict) -> str:
    """The last character pandoc writes for ``item``: a space for a space or a break, ``.``
    for punctuation (the delimiters of formatting, a code span's backtick, a tag's ``>``)."""
    if item.get("t") == "Str":
        return str(item["c"])[-1:] or " "
    return " " if item.get("t") in EMPTY else "."


def _first_char(item: dict) -> str:
    """The first character pandoc writes for ``item`` (see :func:`_last_char`)."""
    if item.get("t") == "Str":
        return str(item["c"])[:1] or " "
    return " " if item.get("t") in EMPTY else "."
