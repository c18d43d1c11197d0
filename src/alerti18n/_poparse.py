"""The PO reader: as liberal as GNU gettext 0.21, and as strict (private).

It follows gettext's own reader (``po-lex.c``, ``po-gram-gen.y``,
``read-catalog.c``) rather than a line format:

* a PO file is a stream of tokens: keywords, quoted strings, ``[N]``,
  comments and ``domain "name"`` directives. Newlines only end a comment and
  the ``#~``/``#|`` prefixes, so ``msgid "a" msgstr "b"`` on one line is a
  message. A backslash at the very end of a line joins the next line to it,
  even in a comment;
* a header is a ``msgid ""`` without msgctxt that is not obsolete, wherever it
  is. Once one is read, the rest of the file is lexed in its charset, so the
  second byte of a BIG5, GBK, GB18030, SHIFT_JIS or JOHAB character is never
  taken for a backslash. A domain without a header is ASCII;
* everything is kept as bytes until the charset of its domain is known.
  Bytes that are not valid there survive in comments (msgcat keeps them) but
  not in strings;
* comments, references (``#:``, and Solaris' ``# File: f, line:N``) and flags
  (``#,`` or ``#!``; only the last such line counts) go to the next message;
  comments before a ``domain`` line or at the end of the file are dropped.

Anything gettext refuses raises :class:`~alerti18n.errors.PoFileError` with
the file, the line and a hint. Beyond gettext, this reader also refuses NUL
bytes and git conflict markers, and reads a UTF-8 BOM and CRLF line ends.
"""

from __future__ import annotations

import codecs
import re
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import polib

from alerti18n.errors import PoFileError

DEFAULT_DOMAIN = "messages"
_DOMAIN_ATTR = "_alerti18n_domain"

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
_FLAG_SEPARATORS = re.compile(rb"[\n \t\r\f\v,]+")
_REF_SPLIT = re.compile(rb"[ \t\n]+")
_REF_WORD = re.compile(rb"[ \t\n]*([^ \t\n]+)")
_REF_NUMBER_AFTER = re.compile(rb"[ \t\n]*:[ \t\n]*([0-9]+)(?=[ \t\n]|$)")
_REF_NUMBER = re.compile(rb"[ \t\n]*([0-9]+)(?=[ \t\n]|$)")
_REF_GLUED = re.compile(rb"(.+):([0-9]+)", re.DOTALL)
_CHARSET_NAME = re.compile(rb"[^ \t\n]*")
_SOLARIS = re.compile(
    rb" [Ff]ile:[ \t]*(.*?)[ \t]*,[ \t]*line[ \t]*(?:number[ \t]*)?:([0-9]+)[ \t\n]*"
)


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


def domain_of(entry: polib.POEntry) -> str:
    """The domain an entry belongs to (``messages`` unless a ``domain`` line said otherwise)."""
    return getattr(entry, _DOMAIN_ATTR, DEFAULT_DOMAIN)


def set_domain(entry: polib.POEntry, domain: str) -> None:
    if domain != DEFAULT_DOMAIN:
        setattr(entry, _DOMAIN_ATTR, domain)


# ------------------------------------------------------------------ lexer ---


@dataclass(slots=True)
class _Token:
    kind: str  # a keyword, "prev_" + keyword, "string", "prev_string", "comment", "[", ...
    value: bytes | int | None
    at: int  # offset in the file
    obsolete: bool


_WORD_START = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_$")
_KIND = {word: word.decode() for word in _KEYWORDS}
_PREV_KIND = {word: "prev_" + word.decode() for word in _PREV_KEYWORDS}


class _Lexer:
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

    def next(self) -> _Token:
        text = self.text
        while True:
            pos = self.pos
            end = _SPACE.match(text, pos).end()  # type: ignore[union-attr]
            if end > pos and text.find(b"\n", pos, end) >= 0:
                self.obsolete = self.previous = False
            pos = self.pos = end
            if pos >= len(text):
                return _Token("eof", None, self.offset(pos), False)
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
                token = _Token("comment", text[pos + 1 : end], self.offset(pos), self.obsolete)
                self.obsolete = False
                return token
            if 0x30 <= char <= 0x39:
                number = _NUMBER.match(text, pos).group()  # type: ignore[union-attr]
                self.pos = pos + len(number)
                return _Token("number", int(number), self.offset(pos), self.obsolete)
            if char in b"[]":
                self.pos = pos + 1
                return _Token(chr(char), None, self.offset(pos), self.obsolete)
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

    def _word(self, pos: int) -> _Token:
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
        return _Token(kind, None, self.offset(pos), self.obsolete)

    def _string(self, pos: int) -> _Token:
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
        return _Token(kind, value, self.offset(pos), self.obsolete)

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


# ---------------------------------------------------------------- grammar ---


@dataclass
class RawMessage:
    """One message as read: bytes, in the charset of its domain."""

    domain: str
    start: int
    line: int = 0
    obsolete: bool = False
    msgctxt: bytes | None = None
    msgid: bytes = b""
    msgid_plural: bytes | None = None
    msgstr: list[bytes] = field(default_factory=list)
    prev_msgctxt: bytes | None = None
    prev_msgid: bytes | None = None
    prev_msgid_plural: bytes | None = None
    comments: list[bytes] = field(default_factory=list)
    dot_comments: list[bytes] = field(default_factory=list)
    refs: list[tuple[bytes, int | None]] = field(default_factory=list)
    flags: list[bytes] = field(default_factory=list)
    strings_at: list[tuple[bytes, int]] = field(default_factory=list)  # (string, offset)

    @property
    def is_header(self) -> bool:
        return self.msgctxt is None and not self.msgid and not self.obsolete


class _Parser:
    """gettext's PO grammar (po-gram-gen.y), one message at a time."""

    def __init__(self, lexer: _Lexer) -> None:
        self.lexer = lexer
        self.path = lexer.path
        self.ahead: _Token | None = None
        self.domain = DEFAULT_DOMAIN
        self.pending = RawMessage(DEFAULT_DOMAIN, 0)
        self.messages: list[RawMessage] = []

    def peek(self) -> _Token:
        if self.ahead is None:
            self.ahead = self.lexer.next()
        return self.ahead

    def take(self) -> _Token:
        token = self.peek()
        self.ahead = None
        return token

    def fail(self, message: str, token: _Token, hint: str) -> PoFileError:
        return PoFileError(message, self.path, self.lexer.line_of(token.at), hint)

    def parse(self) -> list[RawMessage]:
        while (token := self.peek()).kind != "eof":
            if token.kind == "comment":
                self.take()
                self.comment(token)
            elif token.kind == "domain":
                self.take()
                if self.peek().kind != "string":
                    raise self.fail(
                        "domain without a quoted string",
                        token,
                        'write the domain name after the keyword: domain "..."',
                    )
                name = self.take().value
                assert isinstance(name, bytes)
                self.domain = name.decode("utf-8", "replace")
                self.pending = RawMessage(self.domain, 0)  # comments before it are dropped
            elif token.kind in ("msgctxt", "msgid", "prev_msgctxt", "prev_msgid"):
                self.message()
            elif token.kind in ("string", "prev_string"):
                raise self.stray_string(token)
            else:
                raise self.out_of_place(token)
        return self.messages

    def stray_string(self, token: _Token) -> PoFileError:
        return self.fail(
            "quoted string without a keyword before it",
            token,
            "a continuation line must follow a msgid/msgstr line of the same entry, with the "
            "same '#~' or '#|' prefix",
        )

    def out_of_place(self, token: _Token) -> PoFileError:
        what = {"msgstr": "msgstr without a msgid before it", "[": "unexpected '['"}
        return self.fail(
            what.get(token.kind, f"{token.kind.replace('_', ' ')} out of place"),
            token,
            "each entry is [msgctxt] msgid [msgid_plural] msgstr|msgstr[N]",
        )

    def comment(self, token: _Token) -> None:
        message = self.pending
        if not message.start:
            message.start = self.lexer.line_of(token.at)
        text = token.value
        assert isinstance(text, bytes)
        kind = text[:1]
        if kind == b".":
            message.dot_comments.append(_strip_one_space(text[1:]))
        elif kind == b":":
            for ref in parse_references(text[1:]):
                if ref not in message.refs:
                    message.refs.append(ref)
        elif kind in (b",", b"!"):
            message.flags = parse_flags(text[1:])  # as in gettext, the last flag line counts
        elif solaris := _SOLARIS.fullmatch(text):
            ref = (solaris.group(1), int(solaris.group(2)))
            if ref not in message.refs:
                message.refs.append(ref)
        else:
            message.comments.append(_strip_one_space(text))

    def message(self) -> None:
        message = self.pending
        first = self.peek()
        message.obsolete = first.obsolete
        if not message.start:
            message.start = self.lexer.line_of(first.at)
        if first.kind.startswith("prev_"):
            self.previous(message)
        if self.peek().kind == "msgctxt":
            message.msgctxt = self.strings("msgctxt", self.take(), message)
        token = self.peek()
        if token.kind != "msgid":
            if token.kind == "comment":
                raise self.comment_inside(token)
            if token.kind in ("string", "prev_string"):
                raise self.stray_string(token)
            raise self.fail(
                "msgctxt without msgid" if message.msgctxt is not None else "missing msgid",
                token,
                "add the msgid and msgstr lines",
            )
        self.take()
        self.check_obsolete(message, token)
        message.line = self.lexer.line_of(token.at)
        message.msgid = self.strings("msgid", token, message)
        self.translations(message, token)
        self.messages.append(message)
        self.pending = RawMessage(self.domain, 0)
        if message.is_header:
            charset = canonical_charset(
                (header_charset(message.msgstr[0]) or b"").decode("latin-1")
            )
            if charset:
                self.lexer.switch(charset)

    def previous(self, message: RawMessage) -> None:
        token = self.take()
        if token.kind == "prev_msgctxt":
            message.prev_msgctxt = self.strings("msgctxt", token, message, previous=True)
            token = self.take()
            if token.kind != "prev_msgid":
                raise self.fail(
                    "previous msgctxt without a previous msgid",
                    token,
                    "a '#| msgctxt' line is followed by a '#| msgid' line",
                )
        message.prev_msgid = self.strings("msgid", token, message, previous=True)
        if self.peek().kind == "prev_msgid_plural":
            token = self.take()
            message.prev_msgid_plural = self.strings("msgid_plural", token, message, previous=True)
        token = self.peek()
        if token.kind.startswith("prev_"):
            raise self.fail(
                f"previous {token.kind[5:]} given twice in one entry",
                token,
                "keep one '#| " + token.kind[5:] + "' line (plus its continuation lines)",
            )

    def translations(self, message: RawMessage, msgid: _Token) -> None:
        token = self.peek()
        if token.kind == "msgid_plural":
            self.take()
            message.msgid_plural = self.strings("msgid_plural", token, message)
            while self.peek().kind == "msgstr":
                keyword = self.take()
                index = self.plural_index(keyword, message)
                if index != len(message.msgstr):
                    raise self.fail(
                        f"msgstr[{index}] out of order: expected msgstr[{len(message.msgstr)}]",
                        keyword,
                        "each entry is [msgctxt] msgid [msgid_plural] msgstr|msgstr[N]",
                    )
                message.msgstr.append(self.strings(f"msgstr[{index}]", keyword, message))
            if not message.msgstr:
                raise self.missing_msgstr(msgid, self.peek(), "msgstr[0]")
        elif token.kind == "msgstr":
            self.take()
            if self.peek().kind == "[":
                raise self.fail(
                    "msgstr[N] without msgid_plural",
                    token,
                    "a plural entry has a msgid_plural line after its msgid",
                )
            message.msgstr.append(self.strings("msgstr", token, message))
        else:
            raise self.missing_msgstr(msgid, token, "msgstr")

    def missing_msgstr(self, msgid: _Token, token: _Token, keyword: str) -> PoFileError:
        if token.kind == "comment":
            return self.comment_inside(token)
        if token.kind == "msgid":
            return self.fail(
                "second msgid in one entry: the entry before it has no msgstr",
                token,
                f'add a {keyword} line (msgstr "" for an untranslated entry)',
            )
        return self.fail(
            "msgid without msgstr",
            msgid,
            f'add a {keyword} line (msgstr "" for an untranslated entry)',
        )

    def comment_inside(self, token: _Token) -> PoFileError:
        return self.fail(
            "comment line inside an entry, between its msgid and msgstr",
            token,
            "move the comment above the entry's msgctxt/msgid line",
        )

    def plural_index(self, keyword: _Token, message: RawMessage) -> int:
        tokens = [self.take(), self.take(), self.take()]
        if [t.kind for t in tokens] != ["[", "number", "]"]:
            raise self.fail(
                "plural entry uses msgstr instead of msgstr[0], msgstr[1], ...",
                keyword,
                "each entry is [msgctxt] msgid [msgid_plural] msgstr|msgstr[N]",
            )
        for token in tokens:
            self.check_obsolete(message, token)
        assert isinstance(tokens[1].value, int)
        return tokens[1].value

    def strings(
        self,
        keyword: str,
        token: _Token,
        message: RawMessage | None = None,
        previous: bool = False,
    ) -> bytes:
        """The concatenated strings after a keyword (at least one)."""
        kind = "prev_string" if previous else "string"
        if message is not None:
            self.check_obsolete(message, token)
        string = self.peek()
        if string.kind != kind:
            raise self.fail(
                f"{keyword} without a quoted string",
                token,
                f'write the string after the keyword: {keyword} "..."',
            )
        parts = []
        while string.kind == kind:
            assert isinstance(string.value, bytes)
            if message is not None:
                self.check_obsolete(message, string)
                message.strings_at.append((string.value, string.at))
            parts.append(string.value)
            string = self.ahead = self.lexer.next()
        return b"".join(parts)

    def check_obsolete(self, message: RawMessage, token: _Token) -> None:
        if token.obsolete != message.obsolete:
            raise self.fail(
                "inconsistent use of #~ inside one entry",
                token,
                "an obsolete entry has '#~ ' in front of every one of its lines",
            )


def _strip_one_space(text: bytes) -> bytes:
    return text[1:] if text[:1] == b" " else text


def parse_flags(text: bytes) -> list[bytes]:
    """The flags of a ``#,`` line, split as gettext splits them; ``range:`` takes the next one."""
    tokens = [t for t in _FLAG_SEPARATORS.split(text) if t]
    flags: list[bytes] = []
    index = 0
    while index < len(tokens):
        flag = tokens[index]
        if flag == b"range:" and index + 1 < len(tokens):
            index += 1
            flag += b" " + tokens[index]
        flags.append(flag)
        index += 1
    return flags


def parse_references(text: bytes) -> list[tuple[bytes, int | None]]:
    """``#:`` references as gettext reads them: ``file:12``, ``file : 12``, ``file``."""
    words = [word for word in _REF_SPLIT.split(text) if word]
    if not any(word.startswith(b":") or word.endswith(b":") for word in words):
        return [_glued_reference(word) for word in words]
    refs: list[tuple[bytes, int | None]] = []
    pos, end = 0, len(text)
    while pos < end:
        word = _REF_WORD.match(text, pos)
        if word is None:
            break
        name, pos = word.group(1), word.end()
        after = _REF_NUMBER_AFTER.match(text, pos)
        number = _REF_NUMBER.match(text, pos) if name.endswith(b":") else None
        if after:
            refs.append((name, int(after.group(1))))
            pos = after.end()
        elif number:
            refs.append((name[:-1], int(number.group(1))))
            pos = number.end()
        else:
            refs.append(_glued_reference(name))
    return refs


def _glued_reference(word: bytes) -> tuple[bytes, int | None]:
    glued = _REF_GLUED.fullmatch(word)
    return (glued.group(1), int(glued.group(2))) if glued else (word, None)


# ------------------------------------------------------------------ input ---


def _check_bytes(data: bytes, path: Path) -> bytes:
    """Refuse binary and conflicted input; drop a UTF-8 BOM; CRLF line ends become LF."""
    if data[:4] in _MO_MAGIC:
        raise PoFileError(
            "this is a compiled .mo file, not a PO file",
            path,
            None,
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


# ----------------------------------------------------------------- decode ---


@dataclass(frozen=True)
class Charset:
    """The charset of one domain: as declared, gettext's name for it, and Python's codec."""

    declared: str | None
    canonical: str
    codec: str
    line: int | None


def domain_charsets(
    messages: list[RawMessage], path: Path, line_of: Callable[[int], int]
) -> dict[str, Charset]:
    """Each domain's charset, decided as msgcat decides it."""
    result: dict[str, Charset] = {}
    for message in messages:
        if message.domain in result:
            continue
        mine = [m for m in messages if m.domain == message.domain]
        header = next((m for m in mine if m.is_header), None)
        raw = header_charset(header.msgstr[0]) if header else None
        declared = raw.decode("latin-1") if raw is not None else None
        line = header.line if header else None
        canonical = canonical_charset(declared) if declared is not None else None
        if declared is not None and canonical is None:
            if declared == "CHARSET" and path.suffix == ".pot":
                canonical = "ASCII"  # an unfilled template: msgcat takes it for ASCII
            else:
                raise PoFileError(
                    f"unknown charset {declared!r} in the header's Content-Type "
                    "(gettext only knows portable charset names)",
                    path,
                    line,
                    "declare charset=UTF-8 (convert the file with msgconv or iconv if it is "
                    "not UTF-8)",
                )
        if canonical is None:
            _require_ascii(mine, path, line_of)
            canonical = "ASCII"
        codec = python_codec(canonical)
        if codec is None:
            raise PoFileError(
                f"charset {canonical} is not supported here (Python has no codec for it)",
                path,
                line,
                "convert the file to UTF-8: msgconv -t UTF-8",
            )
        result[message.domain] = Charset(declared, canonical, codec, line)
    return result


def _require_ascii(messages: list[RawMessage], path: Path, line_of: Callable[[int], int]) -> None:
    for message in messages:
        texts = [message.msgid, *message.msgstr, *message.comments, *message.dot_comments]
        texts += [message.msgctxt or b"", message.msgid_plural or b""]
        texts += [message.prev_msgctxt or b"", message.prev_msgid or b""]
        texts += [message.prev_msgid_plural or b""]
        if not all(text.isascii() for text in texts):
            line = next(
                (line_of(at) for text, at in message.strings_at if not text.isascii()),
                message.start,
            )
            raise PoFileError(
                f"non-ASCII text at line {line}, but no header entry declares the charset",
                path,
                line,
                'add a header entry: msgid "" / msgstr "Content-Type: text/plain; '
                'charset=UTF-8\\n"',
            )


class _Decoder:
    """Bytes of one domain to text, in its charset."""

    def __init__(self, charset: Charset, path: Path, line_of: Callable[[int], int]) -> None:
        self.charset = charset
        self.path = path
        self.line_of = line_of

    def invalid(self, value: bytes, exc: UnicodeDecodeError, message: RawMessage) -> PoFileError:
        """The error for bytes of a string that are not valid in the charset."""
        line, byte = message.line, value[exc.start]
        for piece, at in message.strings_at:
            try:
                piece.decode(self.charset.codec)
            except UnicodeDecodeError as piece_exc:
                line, byte = self.line_of(at), piece[piece_exc.start]
                break
        name = self.charset.declared or self.charset.canonical
        if self.charset.declared in (None, "CHARSET"):
            return PoFileError(
                f"non-ASCII text at line {line} (byte 0x{byte:02x}), but no header entry "
                "declares the charset",
                self.path,
                line,
                "declare the charset in the header: charset=UTF-8",
            )
        return PoFileError(
            f"invalid {name} at line {line} (byte 0x{byte:02x})",
            self.path,
            line,
            f"the header declares charset={name}: re-save the file in that encoding "
            "or correct the charset",
        )

    def loose(self, value: bytes) -> str:
        """Comments and references: bytes that are not valid text survive as they are."""
        return value.decode(self.charset.codec, "surrogateescape")

    def entry(self, message: RawMessage) -> polib.POEntry:
        codec = self.charset.codec
        try:
            forms = [form.decode(codec) for form in message.msgstr]
            msgid = message.msgid.decode(codec)
            ctxt, plural, prev_ctxt, prev_id, prev_plural = (
                None if value is None else value.decode(codec)
                for value in (
                    message.msgctxt,
                    message.msgid_plural,
                    message.prev_msgctxt,
                    message.prev_msgid,
                    message.prev_msgid_plural,
                )
            )
        except UnicodeDecodeError as exc:
            raise self.invalid(exc.object, exc, message) from None  # type: ignore[arg-type]
        entry = polib.POEntry(
            msgid=msgid,
            msgstr="" if plural is not None else forms[0],
            msgid_plural=plural or "",
            msgstr_plural=dict(enumerate(forms)) if plural is not None else {},
            msgctxt=ctxt,
            obsolete=message.obsolete,
            comment=_comment_text([self.loose(c) for c in message.dot_comments]),
            tcomment=_comment_text([self.loose(c) for c in message.comments]),
            occurrences=[
                (self.loose(name), "" if line is None else str(line)) for name, line in message.refs
            ],
            flags=[self.loose(flag) for flag in message.flags],
            previous_msgctxt=prev_ctxt,
            previous_msgid=prev_id,
            previous_msgid_plural=prev_plural,
            linenum=message.line,
        )
        set_domain(entry, message.domain)
        return entry


def parse(data: bytes, path: Path) -> tuple[list[polib.POEntry], dict[str, Charset]]:
    """Entries of a PO file in file order (headers included), and each domain's charset."""
    lexer = _Lexer(_check_bytes(data, path), path)
    messages = _Parser(lexer).parse()
    charsets = domain_charsets(messages, path, lexer.line_of)
    decoders = {domain: _Decoder(c, path, lexer.line_of) for domain, c in charsets.items()}
    return [decoders[m.domain].entry(m) for m in messages], charsets


def _comment_text(lines: list[str]) -> str:
    """Comment lines as one string; a trailing empty line survives a split on '\\n'."""
    text = "\n".join(lines)
    if lines and lines[-1] == "":
        text += "\n"
    return text


def comment_lines(text: str | None) -> list[str]:
    """Inverse of :func:`_comment_text`."""
    if not text:
        return []
    lines = text.split("\n")
    if lines[-1] == "":
        lines.pop()
    return lines
