"""The PO reader's fast path: a UTF-8 catalog in the plain form msgcat writes (private).

:func:`alerti18n.po._decode.parse` reads every catalog token by token, as
gettext's lexer and grammar do. Most catalogs are in one plain form: a UTF-8
header, then entries of whole lines (comments, then ``#|`` previous strings,
then ``keyword "string"`` lines and ``"string"`` continuation lines, each
optionally ``#~``-prefixed), one blank line apart. :func:`parse` reads such a
file an entry at a time, with one regular expression per entry, and gives the
very entries the full reader gives. Anything else (another charset, a
``domain`` line, a backslash-newline, two strings on one line, an unusual
escape, a comment inside an entry, bytes that are not UTF-8 in a string, a
malformed entry...) makes it return None, and the full reader then reads the
file and reports what is wrong, as before. ``tests/po/test_fast.py`` checks
that both readers agree.
"""

from __future__ import annotations

import functools
import re

import polib

from alerti18n.po._lex import canonical_charset, header_charset
from alerti18n.po._parse import _SOLARIS, parse_flags, parse_references

#: One string on a line of its own, with the escapes msgcat writes.
_STRING = rb'"[^"\\\n]*(?:\\[ntbrfva\\"][^"\\\n]*)*"\n'


def _keyword(name: bytes, prefix: bytes, group: str) -> bytes:
    """``name "..."`` and its continuation lines (the group ``group``), each line starting
    with ``prefix``."""
    return rb"%s%s (?P<%s>%s(?:%s%s)*)" % (prefix, name, group.encode(), _STRING, prefix, _STRING)


def _entry(prefix: bytes, previous: bytes) -> bytes:
    return (
        rb"(?P<comments>(?:#(?:[^~|\n][^\n]*)?\n)*)"
        rb"(?P<prev>(?:" + previous + rb"(?:(?:msgctxt|msgid|msgid_plural) )?" + _STRING + rb")*)"
        rb"(?:" + _keyword(rb"msgctxt", prefix, "ctxt") + rb")?"
        rb"(?P<at>)" + _keyword(rb"msgid", prefix, "id")
        + rb"(?:" + _keyword(rb"msgid_plural", prefix, "plural") + rb"(?P<forms>(?:" + prefix
        + rb"msgstr\[[0-9]+\] " + _STRING + rb"(?:" + prefix + _STRING + rb")*)+)"
        rb"|" + _keyword(rb"msgstr", prefix, "single") + rb")"
    )  # fmt: skip


@functools.cache
def _entries() -> tuple[re.Pattern[bytes], re.Pattern[bytes]]:
    """The active and the obsolete entry's patterns (compiled on first use: 7 ms)."""
    return re.compile(_entry(b"", rb"#\| ")), re.compile(_entry(rb"#~ ", rb"#~\| "))


_PREVIOUS = re.compile(
    rb'#~?\| (?:(msgctxt|msgid|msgid_plural) )?"([^"\\\n]*(?:\\[ntbrfva\\"][^"\\\n]*)*)"\n'
)
_FORM = re.compile(rb"msgstr\[([0-9]+)\] ")
_QUOTED = re.compile(rb'(?:#~ )?"((?:[^"\\\n]|\\.)*)"\n')
_ESCAPE = re.compile(rb"\\(.)")
_ESCAPES = {b"n": b"\n", b"t": b"\t", b"b": b"\b", b"r": b"\r", b"f": b"\f", b"v": b"\v"}
_ESCAPES |= {b"a": b"\a", b"\\": b"\\", b'"': b'"'}
_BLANK = re.compile(rb"\n*")
#: A reference word ``file:12`` (``parse_references`` reads the other forms).
_GLUED = re.compile(rb"([^ \t\n]+):([0-9]+)")


def new_entry(
    msgid: str = "",
    msgstr: str = "",
    msgid_plural: str = "",
    msgstr_plural: dict[int, str] | None = None,
    msgctxt: str | None = None,
    obsolete: bool = False,
    comment: str = "",
    tcomment: str = "",
    occurrences: list[tuple[str, str]] | None = None,
    flags: list[str] | None = None,
    previous_msgctxt: str | None = None,
    previous_msgid: str | None = None,
    previous_msgid_plural: str | None = None,
    linenum: int | None = None,
) -> polib.POEntry:
    """``polib.POEntry(...)`` in a quarter of its time (a million-entry catalog is read and
    merged seconds sooner): the attributes its constructor sets, in its order, so entries
    still share one table of attribute names."""
    entry = polib.POEntry.__new__(polib.POEntry)
    entry.msgid = msgid
    entry.msgstr = msgstr
    entry.msgid_plural = msgid_plural
    entry.msgstr_plural = {} if msgstr_plural is None else msgstr_plural
    entry.msgctxt = msgctxt
    entry.obsolete = obsolete
    entry.encoding = polib.default_encoding
    entry.comment = comment
    entry.tcomment = tcomment
    entry.occurrences = [] if occurrences is None else occurrences
    entry.flags = [] if flags is None else flags
    entry.previous_msgctxt = previous_msgctxt
    entry.previous_msgid = previous_msgid
    entry.previous_msgid_plural = previous_msgid_plural
    entry.linenum = linenum
    return entry


class _NotPlain(Exception):
    """The file is not in the plain form: the full reader reads it."""


def parse(data: bytes) -> list[polib.POEntry] | None:
    """The entries of ``data`` (after ``check_bytes``) as the full reader gives them, or
    None when the file is not in the plain form (see the module docstring)."""
    if b"\\\n" in data or b"\x04" in data or not data.startswith((b"#", b"msgid")):
        return None
    try:
        return _Reader(data).entries()
    except (_NotPlain, UnicodeDecodeError):
        return None


def plain_slices(data: bytes, parts: int) -> list[tuple[int, int]] | None:
    """Where ``parts`` runs of whole entries after the header start and end in ``data`` (a
    catalog the fast path may read), each for :func:`parse_slice`; None when the file
    cannot be in the plain form. Entries are cut only at a blank line, which no entry of
    the plain form holds."""
    if b"\\\n" in data or b"\x04" in data or not data.startswith((b"#", b"msgid")):
        return None
    header_end = data.find(b"\n\n")
    if header_end < 0:
        return None
    cuts = [header_end + 1]
    for part in range(1, parts):
        blank = data.find(b"\n\n", max(cuts[-1], len(data) * part // parts))
        if blank < 0:
            break
        cuts.append(blank + 1)
    cuts.append(len(data))
    return [(start, end) for start, end in zip(cuts, cuts[1:], strict=False) if start < end]


def parse_slice(data: bytes, start: int, end: int) -> list[polib.POEntry] | None:
    """The entries of ``data[start:end]`` (from :func:`plain_slices`), their lines counted
    from the start of the file, as :func:`parse` gives them; None when they are not in the
    plain form."""
    reader = _Reader(data, start, end, 1 + data.count(b"\n", 0, start))
    try:
        return reader.entries(header=False)
    except (_NotPlain, UnicodeDecodeError):
        return None


class _Reader:
    def __init__(self, data: bytes, start: int = 0, end: int | None = None, line: int = 1) -> None:
        self.data = data
        self.start = start
        self.end = len(data) if end is None else end
        self.line = line
        self.at = start

    def entries(self, header: bool = True) -> list[polib.POEntry]:
        """The entries (``header``: the first must be the header, in UTF-8)."""
        data = self.data
        active, obsolete = _entries()
        result: list[polib.POEntry] = []
        size = self.end
        pos = _BLANK.match(data, self.start).end()  # type: ignore[union-attr]
        while pos < size:
            match = active.match(data, pos) or obsolete.match(data, pos)
            if match is None:
                raise _NotPlain
            end = match.end()
            if data[end : end + 2] == b"\n#" or data[end : end + 2] == b"\nm":
                after = end + 1  # the usual single blank line
            else:
                after = _BLANK.match(data, end).end()  # type: ignore[union-attr]
                if after == end and end < size:  # entries end at a blank line or the end
                    raise _NotPlain
            entry = self.entry(match)
            if header and not result:
                if entry.msgid or entry.msgctxt is not None or entry.obsolete:
                    raise _NotPlain  # the header first, so the charset is known
                self.check_charset(entry.msgstr)
            result.append(entry)
            pos = after
        return result

    def check_charset(self, header: str) -> None:
        declared = header_charset(header.encode("utf-8"))
        if declared is None or canonical_charset(declared.decode("latin-1")) != "UTF-8":
            raise _NotPlain

    def entry(self, match: re.Match[bytes]) -> polib.POEntry:
        obsolete = match.re is _entries()[1]
        msgid_at = match.start("at")
        self.line += self.data.count(b"\n", self.at, msgid_at)
        self.at = msgid_at
        comments, dots, refs, flags = self.comments(match.group("comments"))
        previous = self.previous(match.group("prev")) if match.group("prev") else {}
        ctxt, msgid, plural, single = match.group("ctxt", "id", "plural", "single")
        forms = match.group("forms")
        strings = [_text(msgid)]
        if forms is not None:
            texts = _forms(forms)
            strings += texts
        msgstr = _text(single) if single is not None else ""
        return new_entry(
            msgid=strings[0],
            msgstr="" if forms is not None else msgstr,
            msgid_plural=_text(plural) if forms is not None else "",
            msgstr_plural=dict(enumerate(strings[1:])) if forms is not None else {},
            msgctxt=_text(ctxt) if ctxt is not None else None,
            obsolete=obsolete,
            comment="\n".join(dots) + ("\n" if dots and dots[-1] == "" else ""),
            tcomment="\n".join(comments) + ("\n" if comments and comments[-1] == "" else ""),
            occurrences=refs,
            flags=flags,
            previous_msgctxt=previous.get(b"msgctxt"),
            previous_msgid=previous.get(b"msgid"),
            previous_msgid_plural=previous.get(b"msgid_plural"),
            linenum=self.line,
        )

    @staticmethod
    def comments(block: bytes) -> tuple[list[str], list[str], list[tuple[str, str]], list[str]]:
        """Translator and extracted comments, references and flags, as the full reader reads
        them (see ``_parse.Parser.comment``)."""
        comments: list[str] = []
        dots: list[str] = []
        refs: list[tuple[bytes, int | None]] = []
        flags: list[bytes] = []
        for line in block.split(b"\n")[:-1]:
            text = line[1:]
            kind = text[:1]
            if kind == b".":
                dots.append(_loose(_strip_one_space(text[1:])))
            elif kind == b":":
                for ref in _references(text[1:]):
                    if ref not in refs:
                        refs.append(ref)
            elif kind in (b",", b"!"):
                flags = parse_flags(text[1:])
            elif b"ile:" in text and (solaris := _SOLARIS.fullmatch(text)):
                ref = (solaris.group(1), int(solaris.group(2)))
                if ref not in refs:
                    refs.append(ref)
            else:
                comments.append(_loose(_strip_one_space(text)))
        occurrences = [(_loose(name), "" if line is None else str(line)) for name, line in refs]
        return comments, dots, occurrences, [_loose(flag) for flag in flags]

    @staticmethod
    def previous(block: bytes) -> dict[bytes, str]:
        """The ``#|`` strings: keyword -> text (continuation lines joined)."""
        found: dict[bytes, list[bytes]] = {}
        last = None
        pos = 0
        while pos < len(block):
            match = _PREVIOUS.match(block, pos)
            if match is None:
                raise _NotPlain
            pos = match.end()
            keyword = match.group(1)
            if keyword is not None:
                if keyword in found:
                    raise _NotPlain  # given twice: the full reader reports it
                last = found[keyword] = []
            elif last is None:
                raise _NotPlain
            last.append(match.group(2))
        order = list(found)
        if order not in ([b"msgid"], [b"msgctxt", b"msgid"], [b"msgid", b"msgid_plural"],
                         [b"msgctxt", b"msgid", b"msgid_plural"]):  # fmt: skip
            raise _NotPlain
        return {key: _unescape(b"".join(parts)).decode("utf-8") for key, parts in found.items()}


def _references(text: bytes) -> list[tuple[bytes, int | None]]:
    """``parse_references``, quicker for the usual ``file:12 file:13`` line."""
    refs: list[tuple[bytes, int | None]] = []
    for word in text.split(b" ")[1:] if text[:1] == b" " else ():
        glued = _GLUED.fullmatch(word)
        if glued is None or glued.group(1).endswith(b":"):
            return parse_references(text)
        refs.append((glued.group(1), int(glued.group(2))))
    return refs if refs else parse_references(text)


def _forms(block: bytes) -> list[str]:
    """The texts of ``msgstr[N]`` lines in order; they must count 0, 1, 2..."""
    texts: list[bytes] = []
    for line in block.split(b"\n")[:-1]:
        body = line[3:] if line.startswith(b"#~ ") else line
        form = _FORM.match(body)
        if form is not None:
            if int(form.group(1)) != len(texts):
                raise _NotPlain
            texts.append(b"")
            body = body[form.end() :]
        texts[-1] += _unescape(body[1:-1])
    return [text.decode("utf-8") for text in texts]


def _text(block: bytes) -> str:
    """The text of a keyword's strings (the first line's and each continuation's)."""
    if block.count(b"\n") == 1:
        return _unescape(block[1:-2]).decode("utf-8")
    return b"".join(_unescape(m.group(1)) for m in _QUOTED.finditer(block)).decode("utf-8")


def _unescape(raw: bytes) -> bytes:
    return _ESCAPE.sub(lambda m: _ESCAPES[m.group(1)], raw) if b"\\" in raw else raw


def _loose(value: bytes) -> str:
    return value.decode("utf-8", "surrogateescape")


def _strip_one_space(text: bytes) -> bytes:
    return text[1:] if text[:1] == b" " else text
