"""String wrapping exactly like GNU gettext's ``write-po.c`` (private).

gettext writes a PO string as one or more ``"..."`` lines. The rules, as in
gettext 0.21:

* the value is cut after every ``\\n``; each piece starts a new line;
* escapes are written for ``\\a \\b \\f \\n \\r \\t \\v \\\\ \\"``, every other
  character is written raw, and never split from its escape;
* each piece is broken at UAX #14 line-break opportunities (libunistring's
  ``u8_width_linebreaks``) so that a line, counted in display columns with
  its quotes and any line prefix, fits ``width`` columns; no break is made
  right before a final ``\\n`` escape;
* when the value has several pieces, or does not fit on the keyword line,
  the keyword gets ``""`` and the text starts on the next line.

Line breaking uses the same libunistring that msgcat links against when it
can be loaded (Linux with gettext installed), which makes the result
byte-identical to msgcat for every Unicode character. Without it, the
pure-Python subset of UAX #14 in :mod:`alerti18n.po._uax14` is used: it agrees
with libunistring on ordinary Latin, Cyrillic, Armenian and CJK text, but not
on every exotic character class.
"""

from __future__ import annotations

import ctypes
import functools
import re
import sys
from collections.abc import Callable, Sequence

from alerti18n.po._uax14 import breaks as _fallback_breaker

_UNDEFINED, _PROHIBITED, _POSSIBLE, _MANDATORY = 0, 1, 2, 3
_INT_MAX = 2**31 - 1

_ESCAPES = {
    "\a": "\\a",
    "\b": "\\b",
    "\f": "\\f",
    "\n": "\\n",
    "\r": "\\r",
    "\t": "\\t",
    "\v": "\\v",
    "\\": "\\\\",
    '"': '\\"',
}

Breaker = Callable[[Sequence[str], Sequence[bool], int, int, str], list[bool]]


def escape_units(piece: str) -> list[str]:
    """``piece`` as written units: one character, or one two-character escape."""
    return [_ESCAPES.get(ch, ch) for ch in piece]


def _find_libunistring() -> str | None:
    import ctypes.util  # (it imports subprocess and shutil: only when the sonames fail)

    return ctypes.util.find_library("unistring")


def _load_libunistring() -> Breaker | None:
    # The sonames of libunistring 1.x and 0.9 first: asking ctypes.util.find_library runs
    # ldconfig in a subprocess (10 ms, in every process that writes a PO file).
    names: list[str | Callable[[], str | None]] = ["libunistring.so.5", "libunistring.so.2"]
    if sys.platform == "darwin":
        names.append("libunistring.dylib")
    names.append(_find_libunistring)
    for found in names:
        name = found if isinstance(found, str) else found()
        if not name:
            continue
        try:
            lib = ctypes.CDLL(name)
            func = lib.u8_width_linebreaks
        except (OSError, AttributeError):
            continue
        func.restype = ctypes.c_int
        func.argtypes = [
            ctypes.c_char_p,
            ctypes.c_size_t,
            ctypes.c_int,
            ctypes.c_int,
            ctypes.c_int,
            ctypes.c_char_p,
            ctypes.c_char_p,
            ctypes.c_char_p,
        ]
        global _LIB_FUNC
        _LIB_FUNC = func
        return _make_libunistring_breaker(func)
    return None


_LIB_FUNC = None  # libunistring's u8_width_linebreaks, once loaded


def _make_libunistring_breaker(func: ctypes._CFuncPtr) -> Breaker:  # type: ignore[name-defined]
    def breaker(
        units: Sequence[str], prohibit: Sequence[bool], width: int, startcol: int, charset: str
    ) -> list[bool]:
        text = "".join(units)
        data = text.encode("utf-8", "surrogatepass")
        if not data:
            return []
        if len(data) == len(text) == len(units) and not any(prohibit):
            # Plain ASCII without escapes: every byte is a unit that may break.
            result = ctypes.create_string_buffer(len(data))
            func(
                data,
                len(data),
                width,
                startcol,
                0,
                None,
                charset.encode("ascii", "replace"),
                result,
            )
            return [byte == _POSSIBLE for byte in result.raw]
        if len(data) == len(text):  # ASCII: one byte per character
            sizes = [len(unit) for unit in units]
        else:
            sizes = [len(unit.encode("utf-8", "surrogatepass")) for unit in units]
        # Only the first byte of each unit may take a break; the rest never can.
        overrides = bytearray([_PROHIBITED]) * len(data)
        starts = []
        at = 0
        for size, no_break in zip(sizes, prohibit, strict=True):
            starts.append(at)
            if not no_break:
                overrides[at] = _UNDEFINED
            at += size
        result = ctypes.create_string_buffer(len(data))
        func(
            data,
            len(data),
            width,
            startcol,
            0,
            bytes(overrides),
            charset.encode("ascii", "replace"),
            result,
        )
        raw_result = result.raw
        return [raw_result[pos] == _POSSIBLE for pos in starts]

    return breaker


_LIB_BREAKER = _load_libunistring()
_ESCAPE_TABLE = str.maketrans(_ESCAPES)
BREAKER: Breaker = _LIB_BREAKER or _fallback_breaker
FALLBACK_BREAKER: Breaker = _fallback_breaker


_C_DIRECTIVE = re.compile(
    r"%(?:\d+\$)?[-+ #0'I]*(?:\*(?:\d+\$)?|\d+)?(?:\.(?:\*(?:\d+\$)?|\d+)?)?"
    r"(?:hh|h|ll|l|L|q|j|z|Z|t)?(?:[diouxXeEfFgGaAcspnCSm%]|<PRI[diouxX](?:8|16|32|64|PTR|"
    r"MAX|(?:LEAST|FAST)(?:8|16|32|64))>)"
)
_PYTHON_DIRECTIVE = re.compile(
    r"%(?:\([^)]*\))?[-+ #0]*(?:\*|\d+)?(?:\.(?:\*|\d+)?)?[hlL]?[diouxXeEfFgGcrsa%]"
)
_ARG = r"(?:[1-9][0-9]*\$)?"
_STAR = r"(?:\*" + _ARG + r"|[0-9]+)"
_DIRECTIVES = {
    "c": _C_DIRECTIVE,
    "objc": _C_DIRECTIVE,
    "python": _PYTHON_DIRECTIVE,
    "awk": re.compile(f"%{_ARG}[-+ #0]*{_STAR}?(?:\\.{_STAR}?)?[%csiduoxXeEfgG]"),
    "tcl": re.compile(f"%{_ARG}[-+ #0]*{_STAR}?(?:\\.{_STAR}?)?[hl]?[csiduoxXeEfgG%]"),
    "elisp": re.compile(f"%{_ARG}[-+ #0]*{_STAR}?(?:\\.{_STAR}?)?[%cdixXoeEfgGsS]"),
    "librep": re.compile(f"%{_ARG}[-^0+ ]*[0-9]*(?:\\.[0-9]*)?[%cdxXosS]"),
    "javascript": re.compile(f"%{_ARG}[-+ 0I]*[0-9]*(?:\\.[0-9]*)?[%csbdoxXfj]"),
    "php": re.compile(f"%{_ARG}(?:[-0 ]|'.)*[0-9]*(?:\\.[0-9]+)?l?[%bduoxXefcs]"),
    "perl": re.compile(
        f"%{_ARG}[-+ #0]*(?:\\*?v)?{_STAR}?(?:\\.{_STAR}?)?"
        "(?:hh|h|V|z|t|ll|l|q|L)?[%cs_DidUOubBoxXeEfFgGpn]"
    ),
    "ruby": re.compile(
        f"%(?:<[^>]*>|{_ARG})[-+ #0]*{_STAR}?(?:\\.{_STAR}?)?[%spcdiuoxXbBfgGeEaA]|%{{[^}}]*}}"
    ),
}


def directive_interiors(value: str, formats: Sequence[str]) -> frozenset[int]:
    """Indexes inside (not at the start of) format directives, where gettext never breaks.

    ``formats`` are the entry's format languages in gettext's order; as in
    gettext, only the first one counts, and scanning stops at the first
    invalid directive. The printf-like syntaxes are known here (C, Python,
    Perl, PHP, Ruby, Tcl, awk, Emacs Lisp, librep, JavaScript); the others
    put no space or break opportunity inside a directive.
    """
    if not formats or formats[0] not in _DIRECTIVES:
        return frozenset()
    pattern = _DIRECTIVES[formats[0]]
    inside: set[int] = set()
    pos = value.find("%")
    while pos >= 0:
        match = pattern.match(value, pos)
        if not match:
            break
        inside.update(range(pos + 1, match.end()))
        pos = value.find("%", match.end())
    return frozenset(inside)


_NARROW = re.compile("[\u0020-\u007e\u00a0-\u10ff\u2000-\u2027\u202a-\u206f]*")


def _fits_one_line(name: str, value: str, prefix: str, page_width: int) -> bool:
    """Fast path: a string of narrow, break-free characters that is clearly short enough.

    Such a string gets no line break from any rule, so the line breaker (the
    costly part) is skipped; anything near the limit or unusual takes the
    full path.
    """
    if _NARROW.fullmatch(value) is None:
        return False
    escaped = len(value) + value.count("\\") + value.count('"')
    return len(prefix) + len(name) + 1 + escaped + 2 < page_width - 1


def wrap_string(
    name: str,
    value: str,
    prefix: str = "",
    page_width: int = 79,
    wrap: bool = True,
    charset: str = "UTF-8",
    breaker: Breaker | None = None,
    formats: Sequence[str] = (),
) -> list[str]:
    """The lines gettext writes for keyword ``name`` with string ``value``.

    Results are cached: catalogs of one document in several languages share
    their msgids, and so does every rewrite of a catalog.
    """
    if breaker is not None:
        return _wrap_string(name, value, prefix, page_width, wrap, charset, breaker, formats)
    if wrap and _fits_one_line(name, value, prefix, page_width):  # (as _wrap_string would)
        escaped = value.replace("\\", "\\\\").replace('"', '\\"')
        return [f'{prefix}{name} "{escaped}"']
    return list(_wrap_cached(name, value, prefix, page_width, wrap, charset, tuple(formats)))


@functools.lru_cache(maxsize=100_000)
def _wrap_cached(
    name: str,
    value: str,
    prefix: str,
    page_width: int,
    wrap: bool,
    charset: str,
    formats: tuple[str, ...],
) -> tuple[str, ...]:
    return tuple(_wrap_string(name, value, prefix, page_width, wrap, charset, None, formats))


def _wrap_string(
    name: str,
    value: str,
    prefix: str = "",
    page_width: int = 79,
    wrap: bool = True,
    charset: str = "UTF-8",
    breaker: Breaker | None = None,
    formats: Sequence[str] = (),
) -> list[str]:
    """The lines gettext writes for keyword ``name`` with string ``value``."""
    if wrap and _fits_one_line(name, value, prefix, page_width):
        escaped = value.replace("\\", "\\\\").replace('"', '\\"')
        return [f'{prefix}{name} "{escaped}"']
    inside = directive_interiors(value, formats) if value else frozenset()
    if breaker is None and _LIB_FUNC is not None and not inside:
        return _wrap_with_libunistring(name, value, prefix, page_width, wrap, charset)
    breaker = breaker or BREAKER
    offset = 0
    charset = charset.upper()
    lines: list[str] = []
    pieces = _split_after_newlines(value)
    after_break = len(prefix) + 1
    width = (page_width if wrap else _INT_MAX) - 1 - after_break
    first = True
    for index, piece in enumerate(pieces):
        units = escape_units(piece)
        prohibit = [offset + i in inside for i in range(len(units))]
        offset += len(piece)
        if piece.endswith("\n"):
            prohibit[-1] = True
        more = index < len(pieces) - 1
        startcol = len(name) + 1 if first else 0
        breaks = breaker(units, prohibit, width, startcol, charset)
        if first and units and (more or startcol > width or any(breaks)):
            lines.append(f'{prefix}{name} ""')
            first = False
            breaks = breaker(units, prohibit, width, 0, charset)
        line = [prefix, f"{name} " if first else "", '"']
        first = False
        for unit, brk in zip(units, breaks, strict=True):
            if brk:
                line.append('"')
                lines.append("".join(line))
                line = [prefix, '"']
            line.append(unit)
        line.append('"')
        lines.append("".join(line))
    return lines


def _split_after_newlines(value: str) -> list[str]:
    if not value:
        return [""]
    pieces = value.split("\n")
    result = [piece + "\n" for piece in pieces[:-1]]
    if pieces[-1]:
        result.append(pieces[-1])
    return result


def _wrap_with_libunistring(
    name: str, value: str, prefix: str, page_width: int, wrap: bool, charset: str
) -> list[str]:
    """``_wrap_string`` for the common case, with whole-string operations instead of per-unit ones.

    Same rules and same results (tests compare the two); it only avoids
    Python loops over characters, which made wrapping the costliest part of
    writing a catalog.
    """
    charset_bytes = charset.upper().encode("ascii", "replace")
    pieces = _split_after_newlines(value)
    width = (page_width if wrap else _INT_MAX) - 1 - (len(prefix) + 1)
    lines: list[str] = []
    first = True
    for index, piece in enumerate(pieces):
        escaped = piece.translate(_ESCAPE_TABLE)
        more = index < len(pieces) - 1
        startcol = len(name) + 1 if first else 0
        breaks = _lib_breaks(escaped, piece.endswith("\n"), width, startcol, charset_bytes)
        if first and escaped and (more or startcol > width or breaks):
            lines.append(f'{prefix}{name} ""')
            first = False
            breaks = _lib_breaks(escaped, piece.endswith("\n"), width, 0, charset_bytes)
        head = f'{prefix}{name} "' if first else f'{prefix}"'
        first = False
        start = 0
        for brk in breaks:
            lines.append(f'{head}{escaped[start:brk]}"')
            head, start = f'{prefix}"', brk
        lines.append(f'{head}{escaped[start:]}"')
    return lines


def _lib_breaks(
    escaped: str, final_newline: bool, width: int, startcol: int, charset: bytes
) -> list[int]:
    """Character offsets in ``escaped`` where libunistring starts a new line."""
    if not escaped:
        return []
    data = escaped.encode("utf-8", "surrogatepass")
    ascii_only = len(data) == len(escaped)
    overrides = None
    if "\\" in escaped:
        # An escape is one unit: no break between its backslash and its letter,
        # and none before the escape of a final newline.
        marks = bytearray(len(data))
        pos = escaped.find("\\")
        while pos >= 0:
            at = pos if ascii_only else len(escaped[:pos].encode("utf-8", "surrogatepass"))
            marks[at + 1] = _PROHIBITED
            pos = escaped.find("\\", pos + 2)
        if final_newline:
            marks[len(data) - 2] = _PROHIBITED
        if not ascii_only:
            # only a character's first byte may take a break
            for at, byte in enumerate(data):
                if byte & 0xC0 == 0x80:
                    marks[at] = _PROHIBITED
        overrides = bytes(marks)
    global _RESULT
    if len(_RESULT) < len(data):
        _RESULT = ctypes.create_string_buffer(2 * len(data))
    _LIB_FUNC(data, len(data), width, startcol, 0, overrides, charset, _RESULT)  # type: ignore[misc]
    raw = ctypes.string_at(_RESULT, len(data))
    breaks = []
    at = raw.find(_POSSIBLE_BYTE)
    while at >= 0:
        breaks.append(at if ascii_only else len(data[:at].decode("utf-8", "surrogatepass")))
        at = raw.find(_POSSIBLE_BYTE, at + 1)
    return breaks


_POSSIBLE_BYTE = bytes([_POSSIBLE])
_RESULT = ctypes.create_string_buffer(4096)  # reused output buffer (one thread per process)
