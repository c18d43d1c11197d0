"""The PO reader's grammar: tokens to messages, as gettext's ``po-gram-gen.y`` (private).

* a message is ``[#| previous strings] [msgctxt] msgid [msgid_plural]
  msgstr | msgstr[N]...``, every keyword followed by one or more strings,
  every token of an obsolete message prefixed ``#~``;
* a header is a ``msgid ""`` without msgctxt that is not obsolete, wherever it
  is. Once one is read, the rest of the file is lexed in its charset (see
  :meth:`alerti18n.po._lex.Lexer.switch`);
* comments, references (``#:``, and Solaris' ``# File: f, line:N``) and flags
  (``#,`` or ``#!``; only the last such line counts) go to the next message;
  comments before a ``domain`` line or at the end of the file are dropped.

Messages stay bytes (:class:`RawMessage`) until :mod:`alerti18n.po._decode`
decodes each domain in its charset. Anything gettext refuses raises
:class:`~alerti18n.core.errors.PoFileError` with the file, the line and a hint.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from alerti18n.core.errors import PoFileError
from alerti18n.po._lex import Lexer, Token, canonical_charset, header_charset

DEFAULT_DOMAIN = "messages"
_FLAG_SEPARATORS = re.compile(rb"[\n \t\r\f\v,]+")
_REF_SPLIT = re.compile(rb"[ \t\n]+")
_REF_WORD = re.compile(rb"[ \t\n]*([^ \t\n]+)")
_REF_NUMBER_AFTER = re.compile(rb"[ \t\n]*:[ \t\n]*([0-9]+)(?=[ \t\n]|$)")
_REF_NUMBER = re.compile(rb"[ \t\n]*([0-9]+)(?=[ \t\n]|$)")
_REF_GLUED = re.compile(rb"(.+):([0-9]+)", re.DOTALL)
_SOLARIS = re.compile(
    rb" [Ff]ile:[ \t]*(.*?)[ \t]*,[ \t]*line[ \t]*(?:number[ \t]*)?:([0-9]+)[ \t\n]*"
)


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


class Parser:
    """gettext's PO grammar (po-gram-gen.y), one message at a time."""

    def __init__(self, lexer: Lexer) -> None:
        self.lexer = lexer
        self.path = lexer.path
        self.ahead: Token | None = None
        self.domain = DEFAULT_DOMAIN
        self.pending = RawMessage(DEFAULT_DOMAIN, 0)
        self.messages: list[RawMessage] = []

    def peek(self) -> Token:
        if self.ahead is None:
            self.ahead = self.lexer.next()
        return self.ahead

    def take(self) -> Token:
        token = self.peek()
        self.ahead = None
        return token

    def fail(self, message: str, token: Token, hint: str) -> PoFileError:
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

    def stray_string(self, token: Token) -> PoFileError:
        return self.fail(
            "quoted string without a keyword before it",
            token,
            "a continuation line must follow a msgid/msgstr line of the same entry, with the "
            "same '#~' or '#|' prefix",
        )

    def out_of_place(self, token: Token) -> PoFileError:
        what = {"msgstr": "msgstr without a msgid before it", "[": "unexpected '['"}
        return self.fail(
            what.get(token.kind, f"{token.kind.replace('_', ' ')} out of place"),
            token,
            "each entry is [msgctxt] msgid [msgid_plural] msgstr|msgstr[N]",
        )

    def comment(self, token: Token) -> None:
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

    def translations(self, message: RawMessage, msgid: Token) -> None:
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

    def missing_msgstr(self, msgid: Token, token: Token, keyword: str) -> PoFileError:
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

    def comment_inside(self, token: Token) -> PoFileError:
        return self.fail(
            "comment line inside an entry, between its msgid and msgstr",
            token,
            "move the comment above the entry's msgctxt/msgid line",
        )

    def plural_index(self, keyword: Token, message: RawMessage) -> int:
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
        token: Token,
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

    def check_obsolete(self, message: RawMessage, token: Token) -> None:
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
