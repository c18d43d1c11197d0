"""The PO reader: as liberal as GNU gettext 0.21, and as strict (private).

It follows gettext's own reader rather than a line format, in three steps:

* :mod:`alerti18n.po._lex` (``po-lex.c``) turns the bytes into tokens;
* :mod:`alerti18n.po._parse` (``po-gram-gen.y``) turns the tokens into
  messages, still bytes, each in its domain;
* this module (``read-catalog.c``) decides each domain's charset and decodes
  its messages into polib entries: :func:`parse`.

A domain's charset is the one its header declares; a domain without a header
is ASCII. Everything is kept as bytes until the charset of its domain is
known. Bytes that are not valid there survive in comments (msgcat keeps them)
but not in strings.

Anything gettext refuses raises :class:`~alerti18n.core.errors.PoFileError` with
the file, the line and a hint. Beyond gettext, this reader also refuses NUL
bytes and git conflict markers, and reads a UTF-8 BOM and CRLF line ends.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import polib

from alerti18n.core.errors import PoFileError
from alerti18n.po import _fast
from alerti18n.po._lex import Lexer, canonical_charset, check_bytes, header_charset, python_codec
from alerti18n.po._parse import DEFAULT_DOMAIN, Parser, RawMessage

_DOMAIN_ATTR = "_alerti18n_domain"


def domain_of(entry: polib.POEntry) -> str:
    """The domain an entry belongs to (``messages`` unless a ``domain`` line said otherwise)."""
    return getattr(entry, _DOMAIN_ATTR, DEFAULT_DOMAIN)


def set_domain(entry: polib.POEntry, domain: str) -> None:
    if domain != DEFAULT_DOMAIN:
        setattr(entry, _DOMAIN_ATTR, domain)


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
    """Entries of a PO file in file order (headers included), and each domain's charset.

    A UTF-8 catalog in the plain form msgcat writes is read by the fast path
    (:mod:`alerti18n.po._fast`), which gives the same entries; any other by the
    full reader, which also reports what is wrong.
    """
    data = check_bytes(data, path)
    entries = _fast.parse(data)
    if entries is not None:
        header = entries[0]
        declared = (header_charset(header.msgstr.encode("utf-8")) or b"").decode("latin-1")
        return entries, {DEFAULT_DOMAIN: Charset(declared, "UTF-8", "utf-8", header.linenum)}
    return full_parse(data, path)


def full_parse(data: bytes, path: Path) -> tuple[list[polib.POEntry], dict[str, Charset]]:
    """:func:`parse` by the full reader (lexer, grammar, decoder), ``data`` checked already."""
    lexer = Lexer(data, path)
    messages = Parser(lexer).parse()
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
