"""Line breaking in pure Python, for when libunistring cannot be loaded (private).

A subset of the UAX #14 pair table, measured from libunistring 1.0, and
libunistring's width pass: a break opportunity is only taken where the piece
after it would overflow the line. It agrees with libunistring (and so with
msgcat) on ordinary Latin, Cyrillic, Armenian and CJK text, but not on every
exotic character class. :mod:`alerti18n.po._wrap` uses it as its fallback; the
tests compare the two.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

# Encodings for which libunistring counts East Asian ambiguous characters as wide.
_CJK_ENCODINGS = {"EUC-JP", "GB2312", "GBK", "EUC-TW", "BIG5", "EUC-KR", "CP949", "JOHAB"}

# Line-break classes used here (a subset of UAX #14's).
_AL, _SP, _GL, _BA, _HY, _B2, _OP, _CL, _CP, _QU, _EX, _IS, _SY, _NU, _PR, _PO = range(16)
_ID, _NS, _CM, _ZW, _WJ, _IN, _BB = range(16, 23)

_ASCII_CLASSES = {
    " ": _SP,
    "!": _EX,
    '"': _QU,
    "#": _AL,
    "$": _PR,
    "%": _PO,
    "&": _AL,
    "'": _QU,
    "(": _OP,
    ")": _CP,
    "*": _AL,
    "+": _PR,
    ",": _IS,
    "-": _HY,
    ".": _IS,
    "/": _SY,
    ":": _IS,
    ";": _IS,
    "<": _AL,
    "=": _AL,
    ">": _AL,
    "?": _EX,
    "@": _AL,
    "[": _OP,
    "\\": _PR,
    "]": _CP,
    "^": _AL,
    "_": _AL,
    "`": _AL,
    "{": _OP,
    "|": _BA,
    "}": _CL,
    "~": _AL,
    "\t": _BA,
}

_SPECIAL_CLASSES = {
    "\u00a0": _GL,
    "\u202f": _GL,
    "\u2007": _GL,
    "\u2011": _GL,
    "\u200b": _ZW,
    "\u2060": _WJ,
    "\ufeff": _WJ,
    "\u00ab": _QU,
    "\u00bb": _QU,
    "\u2014": _B2,
    "\u2013": _BA,
    "\u2010": _BA,
    "\u058a": _BA,
    "\u00ad": _BA,
    "\u2026": _IN,
    "\u3000": _ID,
    "\u0589": _IS,
    "\u055d": _AL,
    "\u00b4": _BB,
}


def _lb_class(ch: str) -> int:
    if ch in _ASCII_CLASSES:
        return _ASCII_CLASSES[ch]
    if ch in _SPECIAL_CLASSES:
        return _SPECIAL_CLASSES[ch]
    if ch.isascii():
        return _NU if ch.isdigit() else _AL
    cat = unicodedata.category(ch)
    if cat in ("Mn", "Mc", "Me"):
        return _CM
    if cat == "Zs":
        return _BA
    if cat == "Nd":
        return _NU
    if cat == "Ps":
        return _OP
    if cat == "Pe":
        return _CL
    if cat in ("Pi", "Pf"):
        return _QU
    if cat == "Pd":
        return _BA
    if unicodedata.east_asian_width(ch) in ("W", "F"):
        return _ID
    return _AL


# Pair table (row: class before, column: class after), measured from libunistring 1.0:
# D = break allowed, I = break allowed only with spaces in between, P = never.
_ORDER: tuple[int, ...] = (_AL, _GL, _BA, _HY, _B2, _OP, _CL, _CP, _QU, _EX, _IS, _SY, _NU)
_ORDER += (_PR, _PO, _ID, _NS, _ZW, _WJ, _IN, _BB)
_TABLE_ROWS = (
    "IIIIDIPPIPPPIIIDIPPID",  # AL
    "IIIIIIPPIPPPIIIIIPPII",  # GL
    "DDIIDDPPIPPPDDDDIPPID",  # BA
    "DDIIDDPPIPPPIDDDIPPID",  # HY
    "DIIIPDPPIPPPDDDDIPPID",  # B2
    "PPPPPPPPPPPPPPPPPPPPP",  # OP
    "DIIIDDPPIPPPDIIDPPPID",  # CL
    "IIIIDDPPIPPPIIIDIPPID",  # CP
    "IIIIIPPPIPPPIIIIIPPII",  # QU
    "DIIIDDPPIPPPDDDDIPPID",  # EX
    "DIIIDDPPIPPPIDDDIPPID",  # IS
    "DIIIDDPPIPPPIDDDIPPID",  # SY
    "IIIIDIPPIPPPIIIDIPPID",  # NU
    "IIIIDIPPIPPPIDDIIPPID",  # PR
    "IIIIDIPPIPPPIDDDIPPID",  # PO
    "DIIIDDPPIPPPDDIDIPPID",  # ID
    "DIIIDDPPIPPPDDDDIPPID",  # NS
    "DDDDDDDDDDDDDDDDDPDDD",  # ZW
    "IIIIIIPPIPPPIIIIIPPII",  # WJ
    "DIIIDDPPIPPPDDDDIPPID",  # IN
    "IIIIIIPPIPPPIIIIIPPII",  # BB
)
_COLUMN = {cls: index for index, cls in enumerate(_ORDER)}
_RULE = {"D": True, "I": False, "P": None}


def _pair(before: int, after: int) -> bool | None:
    return _RULE[_TABLE_ROWS[_COLUMN[before]][_COLUMN[after]]]


def _uc_width(ch: str, charset: str) -> int:
    if unicodedata.category(ch) in ("Mn", "Me", "Cf") or ch == "\u200b":
        return 0
    eaw = unicodedata.east_asian_width(ch)
    if eaw in ("W", "F") or (eaw == "A" and charset in _CJK_ENCODINGS):
        return 2
    return 1


def breaks(
    units: Sequence[str], prohibit: Sequence[bool], width: int, startcol: int, charset: str
) -> list[bool]:
    """For each unit, whether a line starts with it (``_wrap.Breaker``'s contract).

    ``prohibit`` marks units no line may start with; ``width`` is the line's
    room in columns and ``startcol`` the column the first unit is written at.
    """
    chars: list[str] = []
    owner: list[int] = []
    for index, unit in enumerate(units):
        chars.extend(unit)
        owner.extend([index] * len(unit))
    possible = [False] * len(chars)
    last = -1
    seen_space = False
    for pos, ch in enumerate(chars):
        cls = _lb_class(ch)
        if cls == _SP:
            seen_space = True
            continue
        if cls == _CM:
            continue
        if last >= 0:
            rule = _pair(last, cls)
            possible[pos] = rule is True or (rule is False and seen_space)
        last = cls
        seen_space = False
    for pos in range(len(chars)):
        if pos > 0 and owner[pos] == owner[pos - 1] or prohibit[owner[pos]]:
            possible[pos] = False
    # Width pass, as libunistring does it: a break is only used where a piece overflows.
    result = [False] * len(chars)
    last_col, piece, last_pos = startcol, 0, -1
    for pos, ch in enumerate(chars):
        if possible[pos]:
            if last_pos >= 0 and last_col + piece > width:
                result[last_pos] = True
                last_col = 0
            last_pos = pos
            last_col += piece
            piece = 0
        piece += _uc_width(ch, charset)
    if last_pos >= 0 and last_col + piece > width:
        result[last_pos] = True
    by_unit = [False] * len(units)
    for pos, flag in enumerate(result):
        if flag:
            by_unit[owner[pos]] = True
    return by_unit
