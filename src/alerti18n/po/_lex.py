"""The PO reader's lexer: bytes to tokens, as gettext's ``po-lex.c`` (private).

* a PO file is a stream of tokens: keywords, quoted strings, ``[N]``,
  comments and ``domain "name"`` directives. Newlines only end a comment and
  the ``#~``/``#|`` prefixes, so ``msgid "a" msgstr "b"`` on one line is a
  message. A backslash at the very end of a line joins the next line to it,
  even in a comment;
* once the parser reads a header, it switches the lexer to the header's
  charset, so the second byte of a BIG5, GBK, GB18030, SHIFT_JIS or JOHAB
  character is never taken for a backslash;
* strings are unescaped but stay bytes: their charset is only known once the
  whole domain is read (see :mod:`alerti18n.po._decode`).

Before lexing, :func:`check_bytes` refuses what is no PO file at all (a
compiled MO, UTF-16, NUL bytes, git conflict markers), drops a UTF-8 BOM and
turns CRLF into LF. This module also knows gettext's charset names, which the
lexer, the decoder and the writer share.
"""

from __future__ import annotations

import codecs
import re
from bisect import bisect_right
from dataclasses import dataclass
from pathlib import Path

from alerti18n.core.errors import PoFileError

# gettext's portable charset names (po-charset.c); any other name is refused.
_PORTABLE = (
    "ASCII ISO-8859-1 ISO-8859-2 ISO-8859-3 ISO-8859-4 ISO-8859-5 ISO-8859-6 ISO-8859-7 "
    "ISO-8859-8 ISO-8859-9 ISO-8859-13 ISO-8859-14 ISO-8859-15 KOI8-R KOI8-U KOI8-T CP850 "
    "CP866 CP874 CP932 CP949 CP950 CP1250 CP1251 CP1252 CP1253 CP1254 CP1255 CP1256 CP1257 "
    "GB2312 EUC-JP EUC-KR EUC-TW BIG5 BIG5-HKSCS GBK GB18030 SHIFT_JIS JOHAB TIS-620 VISCII "
    "GEORGIAN-PS UTF-8"
).split()
_ALIASES = {"ANSI_X3.4-1968": "ASCII", "US-ASCII": "ASCII"} | {
    name.replace("ISO-", "ISO_"): name for name in _PORTABLE if name.startswith("ISO-8859-")
}
_CANONICAL = {name: name for name in _PORTABLE} | _ALIASES

# Double-byte characters whose second byte can be a backslash: one regex each.
_UNITS = {
    "BIG5": rb"[\x81-\xfe][\x40-\x7e\xa1-\xfe]",
    "BIG5-HKSCS": rb"[\x81-\xfe][\x40-\x7e\xa1-\xfe]",
    "GBK": rb"[\x81-\xfe][\x40-\x7e\x80-\xfe]",
    "GB18030": rb"[\x81-\xfe][\x30-\x39][\x81-\xfe][\x30-\x39]|[\x81-\xfe][\x40-\x7e\x80-\xfe]",
    "SHIFT_JIS": rb"[\x81-\x9f\xe0-\xfc][\x40-\x7e\x80-\xfc]",
    "CP932": rb"[\x81-\x9f\xe0-\xfc][\x40-\x7e\x80-\xfc]",
    "CP950": rb"[\x81-\xfe][\x40-\x7e\xa1-\xfe]",
    "JOHAB": rb"[\x84-\xd3\xd8-\xde\xe0-\xf9][\x31-\x7e\x81-\xfe]",
}
_CONFLICT = re.compile(rb"^(<<<<<<<|=======|>>>>>>>|\|\|\|\|\|\|\|)", re.MULTILINE)
_MO_MAGIC = (b"\xde\x12\x04\x95", b"\x95\x04\x12\xde")
_SPACE = re.compile(rb"[ \t\r\f\v\n]*")
_WORD = re.compile(rb"[A-Za-z_$][A-Za-z0-9_$]*")
_NUMBER = re.compile(rb"[0-9]+")
_ESCAPE = re.compile(rb"\\(?:([ntbrfva\\\"])|([0-7]{1,3})|x([0-9A-Fa-f]+)|(.?))", re.DOTALL)
_SIMPLE_ESCAPES = {
    b"n": b"\n",
    b"t": b"\t",
    b"b": b"\b",
    b"r": b"\r",
    b"f": b"\f",
    b"v": b"\v",
    b"a": b"\a",
    b"\\": b"\\",
    b'"': b'"',
}
_KEYWORDS = {b"domain", b"msgctxt", b"msgid", b"msgid_plural", b"msgstr"}
_PREV_KEYWORDS = {b"msgctxt", b"msgid", b"msgid_plural"}
_CHARSET_NAME = re.compile(rb"[^ \t\n]*")


def canonical_charset(name: str) -> str | None:
    """gettext's canonical name for a charset name, or None when gettext does not know it."""
    return _CANONICAL.get(name.upper())


def python_codec(canonical: str) -> str | None:
    """The Python codec for a canonical charset, or None when Python has none."""
    try:
        return codecs.lookup(canonical).name
    except LookupError:
        return None


def header_charset(header: bytes) -> bytes | None:
    """The charset a header msgstr declares, as gettext finds it (first ``charset=``)."""
    start = header.find(b"charset=")
    if start < 0:
        return None
    return _CHARSET_NAME.match(header, start + 8).group()  # type: ignore[union-attr]


# ------------------------------------------------------------------ input ---


def check_bytes(data: bytes, path: Path) -> bytes:
    """Refuse binary and conflicted input; drop a UTF-8 BOM; CRLF line ends become LF."""
    if data[:4] in _MO_MAGIC:
        raise PoFileError(
            "this is a compiled .mo file, not a PO file",
            path,
            1,
            "give the .po source; msgunfmt can turn a .mo back into a .po",
        )
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        raise PoFileError(
            "file is UTF-16 encoded", path, 1, "convert it to UTF-8 (iconv -f UTF-16 -t UTF-8)"
        )
    nul = data.find(b"\0")
    if nul >= 0:
        raise PoFileError(
            "binary file: contains NUL bytes",
            path,
            data.count(b"\n", 0, nul) + 1,
            "PO files are text; check that this is the right file",
        )
    conflict = _CONFLICT.search(data)
    if conflict:
        number = data.count(b"\n", 0, conflict.start()) + 1
        raise PoFileError(
            f"unresolved git merge conflict: conflict marker {conflict.group().decode()!r} "
            f"at line {number}",
            path,
            number,
            "resolve the conflict (keep one side of each <<<<<<< ======= >>>>>>> block), "
            "then run the command again",
        )
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    return data.replace(b"\r\n", b"\n")


# ------------------------------------------------------------------ lexer ---


@dataclass(slots=True)
class Token:
    kind: str  # a keyword, "prev_" + keyword, "string", "prev_string", "comment", "[", ...
    value: bytes | int | None
    at: int  # offset in the file
    obsolete: bool


_WORD_START = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_$")
_KIND = {word: word.decode() for word in _KEYWORDS}
_PREV_KIND = {word: "prev_" + word.decode() for word in _PREV_KEYWORDS}


class Lexer:
    """Tokens of a PO file, lexed in the charset of the last header read."""

    def __init__(self, data: bytes, path: Path) -> None:
        self.data = data
        self.path = path
        self.unit: re.Pattern[bytes] | None = None
        self.display = "utf-8"
        self.obsolete = False
        self.previous = False
        self._line_at = (0, 1)  # (offset, its line): lines are counted from the last one asked
        self._view(0)

    def switch(self, charset: str) -> None:
        """Lex what follows in ``charset`` (after the token already looked at)."""
        unit = _UNITS.get(charset)
        self.display = python_codec(charset) or "utf-8"
        if unit != (self.unit.pattern if self.unit else None):
            self.unit = re.compile(unit) if unit else None
            self._view(self.offset(self.pos))

    def _view(self, start: int) -> None:
        """``data[start:]`` without its backslash-newlines (gettext's ``lex_getc``)."""
        self.start = start
        cuts = [m.start() for m in re.finditer(rb"\\\n", self.data[start:])]
        if self.unit is not None:
            cuts = [c for c in cuts if self._standalone(start + c)]
        pieces, last = [], start
        self.removed: list[int] = []  # positions in the view where a cut was
        for cut in cuts:
            pieces.append(self.data[last : start + cut])
            last = start + cut + 2
            self.removed.append(last - start - 2 * len(self.removed) - 2)
        pieces.append(self.data[last:])
        self.text = b"".join(pieces)
        self.pos = 0
        if self.unit is None:
            self.string = re.compile(rb'"((?:[^"\\\n]+|\\.)*)')
            self.escape = _ESCAPE
        else:
            body = rb'[^"\\\n\x81-\xfe]+|[\x81-\xfe]|\\.'
            self.string = re.compile(rb'"((?:' + self.unit.pattern + rb"|" + body + rb")*)")
            self.escape = re.compile(
                rb"(?:" + self.unit.pattern + rb")|" + _ESCAPE.pattern, re.DOTALL
            )

    def _standalone(self, at: int) -> bool:
        """Whether the backslash at ``at`` is a character, not a double-byte one's second byte."""
        assert self.unit is not None
        units = re.compile(self.unit.pattern + rb"|.", re.DOTALL)
        pos = self.data.rfind(b"\n", 0, at) + 1
        while pos < at:
            pos = units.match(self.data, pos).end()  # type: ignore[union-attr]
        return pos == at

    def offset(self, pos: int) -> int:
        """The offset in the file of a position in the view."""
        return (
            self.start + pos + 2 * bisect_right(self.removed, pos)
            if self.removed
            else self.start + pos
        )

    def line_of(self, offset: int) -> int:
        last_offset, last_line = self._line_at
        if offset < last_offset:
            last_offset, last_line = 0, 1
        line = last_line + self.data.count(b"\n", last_offset, offset)
        self._line_at = (offset, line)
        return line

    def fail(self, message: str, pos: int, hint: str) -> PoFileError:
        return PoFileError(message, self.path, self.line_of(self.offset(pos)), hint)

    def quote(self, pos: int, size: int = 40) -> str:
        """The text from ``pos`` to the end of its line, decoded for an error message."""
        end = self.text.find(b"\n", pos)
        raw = self.text[pos : end if end >= 0 else len(self.text)]
        return repr(raw.decode(self.display, "replace").rstrip()[:size])

    def next(self) -> Token:
        text = self.text
        while True:
            pos = self.pos
            end = _SPACE.match(text, pos).end()  # type: ignore[union-attr]
            if end > pos and text.find(b"\n", pos, end) >= 0:
                self.obsolete = self.previous = False
            pos = self.pos = end
            if pos >= len(text):
                return Token("eof", None, self.offset(pos), False)
            char = text[pos]
            if char == 0x22:  # "
                return self._string(pos)
            if char in _WORD_START:
                return self._word(pos)
            if char == 0x23:  # #
                if self._prefix(pos):
                    continue
                end = text.find(b"\n", pos)
                end = len(text) if end < 0 else end
                self.pos = end + 1  # as in gettext, a comment's newline keeps a "#|" mode
                token = Token("comment", text[pos + 1 : end], self.offset(pos), self.obsolete)
                self.obsolete = False
                return token
            if 0x30 <= char <= 0x39:
                number = _NUMBER.match(text, pos).group()  # type: ignore[union-attr]
                self.pos = pos + len(number)
                return Token("number", int(number), self.offset(pos), self.obsolete)
            if char in b"[]":
                self.pos = pos + 1
                return Token(chr(char), None, self.offset(pos), self.obsolete)
            raise self.unexpected(pos)

    def _prefix(self, pos: int) -> bool:
        """Consume ``#~``, ``#~|`` or ``#|``; False for a comment."""
        after = self.text[pos + 1 : pos + 3]
        if after[:1] == b"~":
            self.obsolete = True
            self.previous = self.previous or after[1:2] == b"|"
            self.pos = pos + (3 if after[1:2] == b"|" else 2)
            return True
        if after[:1] == b"|":
            self.previous = True
            self.pos = pos + 2
            return True
        return False

    def unexpected(self, pos: int) -> PoFileError:
        return self.fail(
            f"unexpected text {self.quote(pos)}",
            pos,
            "every line must be a comment (#...), a keyword (msgctxt, msgid, msgid_plural, "
            "msgstr, msgstr[N]) followed by a string in double quotes, or such a string "
            "continuing the line above",
        )

    def _word(self, pos: int) -> Token:
        word = _WORD.match(self.text, pos).group()  # type: ignore[union-attr]
        kind = (_PREV_KIND if self.previous else _KIND).get(word)
        if kind is None:
            if self.previous:
                raise self.fail(
                    f"malformed previous-string line: {self.quote(pos)}",
                    pos,
                    "a '#|' line holds 'msgctxt', 'msgid' or 'msgid_plural' and a quoted string",
                )
            raise self.unexpected(pos)
        self.pos = pos + len(word)
        return Token(kind, None, self.offset(pos), self.obsolete)

    def _string(self, pos: int) -> Token:
        match = self.string.match(self.text, pos)
        assert match is not None
        end = match.end()
        if self.text[end : end + 1] != b'"':
            if self.text[end : end + 1] == b"\\":
                raise self.fail(
                    f"invalid escape sequence {self.quote(end, 2)[1:-1]}",
                    end,
                    'use \\n, \\t, \\\\ or \\" ; a literal backslash is written \\\\',
                )
            raise self.fail(
                "unterminated string (no closing double quote)",
                pos,
                'close the string with " on the same line; a " inside the text is written \\"',
            )
        self.pos = end + 1
        value = self._unescape(match.group(1), pos)
        kind = "prev_string" if self.previous else "string"
        return Token(kind, value, self.offset(pos), self.obsolete)

    def _unescape(self, raw: bytes, pos: int) -> bytes:
        if b"\\" in raw:
            raw = self.escape.sub(lambda m: self._escape(m, pos), raw)
        if b"\x04" in raw or b"\x00" in raw:
            what = "U+0004 (the msgctxt separator)" if b"\x04" in raw else "a NUL"
            raise self.fail(
                f"string contains {what}, which gettext cannot store",
                pos,
                "remove that control character (or its \\004 / \\000 escape)",
            )
        return raw

    def _escape(self, match: re.Match[bytes], pos: int) -> bytes:
        simple, octal, hexa, other = match.groups()
        if match.group()[:1] != b"\\":
            return match.group()  # a double-byte character whose second byte is "\\"
        if simple:
            return _SIMPLE_ESCAPES[simple]
        if octal:
            return bytes([int(octal, 8) & 0xFF])
        if hexa:
            return bytes([int(hexa, 16) & 0xFF])
        shown = other.decode(self.display, "replace") if other else ""
        raise self.fail(
            f"invalid escape sequence \\{shown}",
            pos,
            'use \\n, \\t, \\\\ or \\" ; a literal backslash is written \\\\',
        )
