"""A strict, lossless PO parser that builds polib objects (private).

polib's own parser loses ``#~ msgctxt``, ``#~|`` previous strings, bare
comment lines and a ``#, fuzzy`` line in front of an obsolete entry, and
reports errors as bare ``IOError``. This parser keeps every construct and
raises :class:`~alerti18n.errors.PoFileError` with the file, the line and a
hint for every malformed input.

The file is first read as Latin-1 (one character per byte), so the syntax can
be checked before the charset is known; the header's charset then decodes
every string and comment.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field
from pathlib import Path

import polib

from alerti18n.errors import PoFileError

_KEYWORD = re.compile(r"(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)(?=[\s\"]|$)\s*(.*)$")
_PREV_KEYWORD = re.compile(r"(msgctxt|msgid_plural|msgid)(?=[\s\"]|$)\s*(.*)$")
_SIMPLE_LINE = re.compile(r'"[^"\\\\\x04]*"$')  # one string, no escape, no U+0004
_PLAIN_RUN = re.compile(r'[^"\\\\]+')
_SIMPLE_ESCAPES = {
    "n": "\n",
    "t": "\t",
    "r": "\r",
    "a": "\a",
    "b": "\b",
    "f": "\f",
    "v": "\v",
    "\\": "\\",
    '"': '"',
}
_OCTAL = "01234567"
_HEX = "0123456789abcdefABCDEF"
_CONFLICT = ("<<<<<<<", "=======", ">>>>>>>", "|||||||")
_ASCII_PROBE = "\t\n\r \"#$%&'()*+,-./0123456789:;<=>?@ABCZ[\\]^_`abcz{|}~"
_MO_MAGIC = (b"\xde\x12\x04\x95", b"\x95\x04\x12\xde")


@dataclass
class _Raw:
    """An entry while it is being read; strings are still Latin-1 stand-ins for bytes."""

    start: int
    tcomment: list[str] = field(default_factory=list)
    xcomment: list[str] = field(default_factory=list)
    refs: list[str] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)
    prev: dict[str, list[str]] = field(default_factory=dict)
    fields: dict[str, list[str]] = field(default_factory=dict)
    obsolete: bool | None = None
    msgid_line: int = 0
    last: str | None = None
    last_prev: str | None = None
    has_msgstr: bool = False

    @property
    def last_is_open(self) -> bool:
        """Whether a continuation line may extend ``last`` (see ``continuation``)."""
        return not self.has_msgstr or (self.last or "").startswith("msgstr")

    def complete(self) -> bool:
        return self.has_msgstr


class _Parser:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.entries: list[_Raw] = []
        self.current = _Raw(start=1)

    def fail(self, message: str, line: int, hint: str) -> PoFileError:
        return PoFileError(message, self.path, line, hint)

    # -- line dispatch ---------------------------------------------------
    def feed(self, number: int, line: str) -> None:
        if line[:1] == '"' and _SIMPLE_LINE.match(line):
            entry = self.current
            if entry.last is not None and not entry.obsolete and entry.last_is_open:
                # the commonest line: a plain continuation of the current string
                entry.fields[entry.last].append(line[1:-1])
                return
        text = line.lstrip(" \t")
        if not text.strip():
            return
        if text.startswith("#~"):
            rest = text[2:]
            if rest.startswith("|"):
                self.previous(number, rest[1:].lstrip(" \t"), obsolete=True)
            elif rest.strip():
                self.keyword_or_string(number, rest.lstrip(" \t"), obsolete=True)
            return
        if text.startswith("#"):
            self.comment(number, text)
            return
        self.keyword_or_string(number, text, obsolete=False)

    def begin_comment(self, number: int) -> _Raw:
        cur = self.current
        if cur.complete():
            self.finish()
            self.current = _Raw(start=number)
        elif cur.fields:
            raise self.fail(
                "comment line inside an entry, between its msgid and msgstr",
                number,
                "move the comment above the entry's msgctxt/msgid line",
            )
        return self.current

    def comment(self, number: int, text: str) -> None:
        entry = self.begin_comment(number)
        if not (entry.tcomment or entry.xcomment or entry.refs or entry.flags or entry.prev):
            entry.start = number
        kind = text[1:2]
        if kind == "|":
            self.previous(number, text[2:].lstrip(" \t"), obsolete=False)
        elif kind == ",":
            entry.flags.extend(f.strip() for f in text[2:].split(",") if f.strip())
        elif kind == ":":
            entry.refs.extend(text[2:].split())
        elif kind == ".":
            entry.xcomment.append(_strip_one_space(text[2:]))
        else:
            entry.tcomment.append(_strip_one_space(text[1:]))

    def previous(self, number: int, text: str, obsolete: bool) -> None:
        entry = self.begin_comment(number)
        match = _PREV_KEYWORD.match(text)
        if match:
            key = match.group(1)
            if key in entry.prev:
                raise self.fail(
                    f"previous {key} given twice in one entry",
                    number,
                    "keep one '#| " + key + "' line (plus its continuation lines)",
                )
            entry.prev[key] = self.strings(number, match.group(2), key)
            entry.last_prev = key
        elif text.startswith('"') and entry.last_prev:
            entry.prev[entry.last_prev].extend(self.strings(number, text, entry.last_prev))
        else:
            raise self.fail(
                f"malformed previous-string line {('#~|' if obsolete else '#|')} {text[:40]!r}",
                number,
                "a '#|' line holds 'msgctxt', 'msgid' or 'msgid_plural' and a quoted string",
            )

    def keyword_or_string(self, number: int, text: str, obsolete: bool) -> None:
        if text.startswith('"'):
            self.continuation(number, text, obsolete)
            return
        match = _KEYWORD.match(text)
        if not match:
            raise self.fail(
                f"unexpected text {text[:40]!r}",
                number,
                "every line must be a comment (#...), a keyword (msgctxt, msgid, msgid_plural, "
                "msgstr, msgstr[N]) with a quoted string, or a quoted string continuing the "
                "line above",
            )
        key, index, rest = match.group(1), match.group(2), match.group(3)
        entry = self.current
        if key in ("msgctxt", "msgid") and entry.complete():
            self.finish()
            entry = self.current
        if not entry.fields and not entry.start:
            entry.start = number
        if entry.obsolete is not None and entry.obsolete != obsolete:
            raise self.fail(
                "inconsistent use of #~ inside one entry",
                number,
                "an obsolete entry has '#~ ' in front of every msgid/msgstr line",
            )
        entry.obsolete = obsolete
        self.check_order(entry, key, index, number)
        if key == "msgid":
            entry.msgid_line = number
        entry.fields[key] = self.strings(number, rest, key)
        entry.last = key
        entry.has_msgstr = entry.has_msgstr or key.startswith("msgstr")

    def check_order(self, entry: _Raw, key: str, index: str | None, number: int) -> None:
        have = entry.fields
        problem = None
        if key == "msgctxt" and ("msgctxt" in have or "msgid" in have):
            problem = "msgctxt must come before msgid, once per entry"
        elif key == "msgid" and "msgid" in have:
            problem = "second msgid in one entry: the entry before it has no msgstr"
        elif key == "msgid_plural" and ("msgid" not in have or len(have) > 1 + ("msgctxt" in have)):
            problem = "msgid_plural must directly follow the msgid"
        elif key == "msgstr" and "msgid" not in have:
            problem = "msgstr without a msgid before it"
        elif key == "msgstr" and "msgid_plural" in have:
            problem = "plural entry uses msgstr instead of msgstr[0], msgstr[1], ..."
        elif key.startswith("msgstr[") and "msgid_plural" not in have:
            problem = f"{key} without msgid_plural"
        elif key.startswith("msgstr["):
            expected = sum(1 for k in have if k.startswith("msgstr["))
            if int(index or 0) != expected:
                problem = f"{key} out of order: expected msgstr[{expected}]"
        if problem:
            raise self.fail(
                problem, number, "each entry is [msgctxt] msgid [msgid_plural] msgstr|msgstr[N]"
            )

    def continuation(self, number: int, text: str, obsolete: bool) -> None:
        entry = self.current
        if entry.last is None or entry.complete() and not entry.last.startswith("msgstr"):
            raise self.fail(
                "quoted string without a keyword before it",
                number,
                "a continuation line must follow a msgid/msgstr line of the same entry",
            )
        if entry.obsolete != obsolete:
            raise self.fail(
                "inconsistent use of #~ inside one entry",
                number,
                "continuation lines of an obsolete entry start with '#~ '",
            )
        entry.fields[entry.last].extend(self.strings(number, text, entry.last))

    def finish(self) -> None:
        entry = self.current
        if entry.fields:
            if "msgid" not in entry.fields:
                raise self.fail(
                    "msgctxt without msgid", entry.start, "add the msgid and msgstr lines"
                )
            if not entry.complete():
                raise self.fail(
                    "msgid without msgstr",
                    entry.msgid_line,
                    'add a msgstr line (msgstr "" for an untranslated entry)',
                )
            self.entries.append(entry)
        self.current = _Raw(start=0)

    # -- strings ---------------------------------------------------------
    def strings(self, number: int, text: str, key: str) -> list[str]:
        """Every quoted string on the rest of a line, unescaped."""
        parts: list[str] = []
        pos = 0
        text = text.rstrip(" \t")
        if not text:
            raise self.fail(
                f"{key} without a quoted string",
                number,
                f'write the string on the same line: {key} "..."',
            )
        while pos < len(text):
            if text[pos] != '"':
                raise self.fail(
                    f"unexpected text after {key} string: {text[pos : pos + 30]!r}",
                    number,
                    'strings are written in double quotes; a " inside must be written \\"',
                )
            value, pos = self.one_string(number, text, pos + 1)
            parts.append(value)
            while pos < len(text) and text[pos] in " \t":
                pos += 1
        return parts

    def one_string(self, number: int, text: str, pos: int) -> tuple[str, int]:
        out: list[str] = []
        while pos < len(text):
            ch = text[pos]
            if ch == '"':
                value = "".join(out)
                if "\x04" in value or "\x00" in value:
                    what = "U+0004 (the msgctxt separator)" if "\x04" in value else "a NUL"
                    raise self.fail(
                        f"string contains {what}, which gettext cannot store",
                        number,
                        "remove that control character (or its \\004 / \\000 escape)",
                    )
                return value, pos + 1
            if ch != "\\":
                run = _PLAIN_RUN.match(text, pos)
                out.append(run.group())
                pos = run.end()
                continue
            esc = text[pos + 1 : pos + 2]
            if esc in _SIMPLE_ESCAPES:
                out.append(_SIMPLE_ESCAPES[esc])
                pos += 2
            elif esc and esc in _OCTAL:
                end = pos + 1
                while end < len(text) and end < pos + 4 and text[end] in _OCTAL:
                    end += 1
                out.append(chr(int(text[pos + 1 : end], 8) & 0xFF))
                pos = end
            elif esc == "x" and text[pos + 2 : pos + 3] and text[pos + 2] in _HEX:
                end = pos + 2
                while end < len(text) and text[end] in _HEX:
                    end += 1
                out.append(chr(int(text[pos + 2 : end], 16) & 0xFF))
                pos = end
            elif not esc:
                break
            else:
                raise self.fail(
                    f"invalid escape sequence \\{esc}",
                    number,
                    'use \\n, \\t, \\\\ or \\" ; a literal backslash is written \\\\',
                )
        raise self.fail(
            "unterminated string (no closing double quote)",
            number,
            'close the string with " on the same line; a " inside the text is written \\"',
        )


def _strip_one_space(text: str) -> str:
    return text[1:] if text.startswith(" ") else text


# ------------------------------------------------------------------ checks ---


def _check_bytes(data: bytes, path: Path) -> bytes:
    """Refuse empty, binary and conflicted input; drop a UTF-8 BOM."""
    if not data.strip():
        raise PoFileError(
            "empty file", path, None, 'a PO file needs at least the header entry (msgid "")'
        )
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
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    return data


def _check_conflicts(lines: list[str], path: Path) -> None:
    for number, line in enumerate(lines, 1):
        if line.startswith(_CONFLICT):
            raise PoFileError(
                f"unresolved git merge conflict: conflict marker {line[:7]!r} at line {number}",
                path,
                number,
                "resolve the conflict (keep one side of each <<<<<<< ======= >>>>>>> block), "
                "then run the command again",
            )


def resolve_codec(charset: str, path: Path, line: int | None) -> str:
    """Python codec for a PO charset name; refuse unknown and non-ASCII-compatible ones."""
    if charset.upper() == "CHARSET":
        return "utf-8"
    try:
        name = codecs.lookup(charset).name
    except LookupError:
        raise PoFileError(
            f"unknown charset {charset!r} in the header's Content-Type",
            path,
            line,
            "use charset=UTF-8 (and convert the file with iconv if it is not UTF-8)",
        ) from None
    try:
        compatible = _ASCII_PROBE.encode(name) == _ASCII_PROBE.encode("ascii")
    except (UnicodeError, LookupError):
        compatible = False
    if not compatible:
        raise PoFileError(
            f"charset {charset!r} is not usable for PO files (not ASCII-compatible)",
            path,
            line,
            "convert the file to UTF-8 and declare charset=UTF-8",
        )
    return name


def _check_lines_decode(lines: list[str], codec: str, charset: str, path: Path) -> None:
    for number, line in enumerate(lines, 1):
        if line.isascii():
            continue
        raw = line.encode("latin-1")
        try:
            raw.decode(codec)
        except UnicodeDecodeError as exc:
            raise PoFileError(
                f"invalid {charset} at line {number} (byte 0x{raw[exc.start]:02x}, "
                f"column {exc.start + 1})",
                path,
                number,
                f"the header declares charset={charset}: re-save the file in that encoding "
                "or correct the charset",
            ) from None


# ------------------------------------------------------------------ build ---


def _join(parts: list[str] | None) -> str | None:
    return None if parts is None else "".join(parts)


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


def _split_ref(token: str) -> tuple[str, str]:
    name, sep, line = token.rpartition(":")
    if sep and name and line.isdigit():
        return name, line
    return token, ""


def _build_entry(raw: _Raw, decode) -> polib.POEntry:  # noqa: ANN001 - internal helper
    fields = raw.fields
    plural = {
        int(k[7:-1]): decode("".join(v), raw.msgid_line)
        for k, v in fields.items()
        if k.startswith("msgstr[")
    }
    entry = polib.POEntry(
        msgid=decode(_join(fields["msgid"]), raw.msgid_line),
        msgstr=decode(_join(fields.get("msgstr")) or "", raw.msgid_line),
        msgid_plural=decode(_join(fields.get("msgid_plural")) or "", raw.msgid_line),
        msgstr_plural=plural,
        msgctxt=decode(_join(fields.get("msgctxt")), raw.msgid_line),
        obsolete=bool(raw.obsolete),
        comment=decode(_comment_text(raw.xcomment), raw.start),
        tcomment=decode(_comment_text(raw.tcomment), raw.start),
        occurrences=[_split_ref(decode(t, raw.start)) for t in raw.refs],
        flags=[decode(f, raw.start) for f in raw.flags],
        previous_msgctxt=decode(_join(raw.prev.get("msgctxt")), raw.start),
        previous_msgid=decode(_join(raw.prev.get("msgid")), raw.start),
        previous_msgid_plural=decode(_join(raw.prev.get("msgid_plural")), raw.start),
        linenum=raw.msgid_line,
    )
    return entry


def parse(data: bytes, path: Path) -> tuple[list[polib.POEntry], str, str]:
    """Entries of a PO file, its declared charset and the Python codec for it."""
    data = _check_bytes(data, path)
    text = data.decode("latin-1")
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    lines = [line[:-1] if line.endswith("\r") else line for line in lines]
    _check_conflicts(lines, path)
    parser = _Parser(path)
    for number, line in enumerate(lines, 1):
        parser.feed(number, line)
    parser.finish()
    raws = parser.entries
    header = next(
        (
            r
            for r in raws
            if not r.obsolete and "msgctxt" not in r.fields and not _join(r.fields["msgid"])
        ),
        None,
    )
    if header is None:
        raise PoFileError(
            'no header entry (msgid "")',
            path,
            1,
            'add a header entry: msgid "" / msgstr "Content-Type: text/plain; charset=UTF-8\\n"',
        )
    header_text = _join(header.fields.get("msgstr")) or ""
    match = re.search(r"charset=([^\s]+)", header_text)
    if not match:
        raise PoFileError(
            "header has no Content-Type charset",
            path,
            header.msgid_line,
            'add "Content-Type: text/plain; charset=UTF-8\\n" to the header msgstr',
        )
    charset = match.group(1)
    codec = resolve_codec(charset, path, header.msgid_line)
    _check_lines_decode(lines, codec, charset, path)

    def decode(value: str | None, line: int) -> str | None:
        if value is None or value.isascii():
            return value
        try:
            return value.encode("latin-1").decode(codec)
        except UnicodeDecodeError:
            raise PoFileError(
                f"escape sequences at line {line} produce bytes that are not valid {charset}",
                path,
                line,
                "write the characters themselves instead of octal/hex escapes",
            ) from None

    return [_build_entry(r, decode) for r in raws], charset, codec
