"""PO writing as GNU gettext's ``write-po.c`` does it (private; see :mod:`alerti18n.po.pofile`).

The rules, as in gettext 0.21:

* per domain (the default one first, then a ``domain "name"`` line for each
  other one): its entries in order, the header where it was read (first in a
  new catalog), then the obsolete (``#~``) entries that have a translation;
  one blank line between entries; the domain in its header's charset (ASCII
  without one);
* in each entry: translator comments ``# ``, extracted comments ``#.``,
  references ``#:`` (``./`` dropped, several per line, a new ``#:`` line when
  the next one would pass column 79), flags ``#,``, previous strings ``#|``
  (``#~|`` on obsolete entries), then msgctxt, msgid, msgid_plural and
  msgstr / msgstr[N], prefixed ``#~ `` when obsolete;
* flags in gettext's order: ``fuzzy`` (not on an untranslated entry), the
  ``*-format`` flags in gettext's language order, ``range:`` (not on an
  obsolete entry), ``no-wrap``; ``wrap``, ``impossible-*-format`` and the
  ``*-check`` flags are dropped, ``possible-X-format`` becomes ``X-format``;
* strings wrapped as in :mod:`alerti18n.po._wrap`.

Beyond msgcat, flags gettext does not know are kept after the known ones, and
an obsolete entry without translation is kept when it has a translator
comment.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import polib

from alerti18n.core.errors import PoFileError
from alerti18n.po import _decode, _lex
from alerti18n.po._decode import domain_of
from alerti18n.po._parse import DEFAULT_DOMAIN
from alerti18n.po._wrap import wrap_string

# gettext 0.21's format languages, in the order msgcat writes their flags.
FORMAT_LANGUAGES = (
    "c objc python python-brace java java-printf csharp javascript scheme lisp elisp librep "
    "ruby sh awk lua object-pascal smalltalk qt qt-plural kde kde-kuit boost tcl perl "
    "perl-brace php gcc-internal gfc-internal ycp"
).split()
_FORMAT_RANK = {lang: rank for rank, lang in enumerate(FORMAT_LANGUAGES)}
_FORMAT_FLAG = re.compile(r"^(no-|possible-|impossible-)?([a-z-]+?)-format$")
_RANGE_FLAG = re.compile(r"^range: ([0-9]+)\.\.([0-9]+)$")
_CHECK_FLAG = re.compile(
    r"^(no-)?(ellipsis-unicode|space-ellipsis|quote-unicode|bullet-unicode)-check$"
)
HEADER_ATTR = "_alerti18n_header"


@dataclass(frozen=True)
class ReadHeader:
    """The default domain's header as read: entry (None: there was none), fields, position."""

    entry: polib.POEntry | None
    metadata: dict[str, str]
    position: int


def is_header(entry: polib.POEntry) -> bool:
    """Whether ``entry`` is its domain's header: ``msgid ""``, no msgctxt, not obsolete."""
    return entry.msgid == "" and entry.msgctxt is None and not entry.obsolete


def catalog_bytes(po: polib.POFile, width: int, path: Path | None) -> bytes:
    """The bytes ``msgcat --width=WIDTH`` writes for ``po``; ``path`` is named in errors."""
    return _Writer(po, width, path).write()


def with_header_field(po: polib.POFile, data: bytes, key: str, value: str, width: int) -> bytes:
    """``data`` (what :func:`catalog_bytes` wrote for ``po``) after ``po.metadata[key] = value``.

    Only the header is rendered again and put in place of the old one: on a
    catalog of a million entries, a changed PO-Revision-Date does not format
    every entry a second time. Where the old header is not found as a block of
    its own, the whole catalog is written again.
    """
    before = _header_bytes(po, width)
    po.metadata[key] = value
    after = _header_bytes(po, width)
    if before is not None and after is not None:
        if data.startswith(before):
            return after + data[len(before) :]
        at = data.find(b"\n\n" + before)  # a block starts after a blank line
        if at >= 0:
            return data[: at + 2] + after + data[at + 2 + len(before) :]
    return catalog_bytes(po, width, Path(po.fpath) if po.fpath else None)


def _header_bytes(po: polib.POFile, width: int) -> bytes | None:
    """The default domain's header block as :class:`_Writer` writes it; None if it cannot."""
    header = _header_entry(po)
    if header is None:
        return None
    try:
        charset, codec = _Writer(po, width, None).charset(header, 1)
        text = "".join(line + "\n" for line in _entry_lines(header, charset, codec, width))
        return text.encode(codec, "surrogateescape")
    except (PoFileError, UnicodeEncodeError):
        return None  # the full writer reports it


class _Writer:
    """Renders a catalog domain by domain: blocks (entries, domain lines) between blank lines."""

    def __init__(self, po: polib.POFile, width: int, path: Path | None) -> None:
        self.po = po
        self.width = width
        self.path = path  # for errors
        self.blocks: list[str] = []
        self.line = 1  # where the next block starts

    def write(self) -> bytes:
        out = []
        for domain, entries in _domains(self.po):
            first = len(self.blocks)
            start = self.line - (1 if first else 0)
            if domain != DEFAULT_DOMAIN:
                self.add([f'domain "{domain}"'])
            header = self.header(domain, entries)
            header_at = self.line
            charset, codec = self.charset(header, header_at)
            for entry in entries:
                if entry is None or entry is header:
                    header_at = self.line
                    entry = header
                assert entry is not None
                self.add(_entry_lines(entry, charset, codec, self.width))
            text = "\n".join(self.blocks[first:])
            if first:
                text = "\n" + text
            out.append(self.encode(text, codec, charset, header, start, header_at))
        return b"".join(out)

    def add(self, lines: list[str]) -> None:
        self.blocks.append("".join(line + "\n" for line in lines))
        self.line += len(lines) + 1

    def header(self, domain: str, entries: list) -> polib.POEntry | None:
        if domain == DEFAULT_DOMAIN:
            return _header_entry(self.po)
        return next((e for e in entries if e is not None and is_header(e)), None)

    def charset(self, header: polib.POEntry | None, line: int) -> tuple[str, str]:
        """gettext's name and Python's codec for the charset a header declares (ASCII if none)."""
        text = header.msgstr.encode("utf-8", "surrogateescape") if header is not None else b""
        raw = _lex.header_charset(text)
        declared = raw.decode("utf-8", "replace") if raw is not None else "ASCII"
        canonical = "ASCII" if declared == "CHARSET" else _lex.canonical_charset(declared)
        codec = _lex.python_codec(canonical) if canonical else None
        if canonical is None or codec is None:
            assert header is not None
            raise PoFileError(
                f"cannot write charset {declared!r}: "
                + ("gettext does not know it" if canonical is None else "Python has no codec"),
                self.path,
                line + _charset_offset(header, self.width),
                "declare charset=UTF-8 in the header's Content-Type",
            )
        return canonical, codec

    def encode(
        self,
        text: str,
        codec: str,
        charset: str,
        header: polib.POEntry | None,
        start: int,
        header_at: int,
    ) -> bytes:
        try:
            return text.encode(codec, "surrogateescape")
        except UnicodeEncodeError as exc:
            bad = text[exc.start]
            name = unicodedata.name(bad, f"U+{ord(bad):04X}")
            line_start = text.rfind("\n", 0, exc.start) + 1
            context = text[line_start : text.find("\n", exc.start)]
            what = f"{bad!r} ({name}) in {context[:60]!r}"
            declared = header is not None and "charset=" in header.msgstr
            if not declared:
                raise PoFileError(
                    f"{what} cannot be written: no header declares a charset, so the file is ASCII",
                    self.path,
                    start + text.count("\n", 0, exc.start),
                    'declare one in the header: "Content-Type: text/plain; charset=UTF-8\\n"',
                ) from None
            assert header is not None
            raise PoFileError(
                f"{what} cannot be written in charset {charset}, which the header declares",
                self.path,
                header_at + _charset_offset(header, self.width),
                "declare charset=UTF-8 in the header; msgconv -t UTF-8 converts the file",
            ) from None


def _charset_offset(header: polib.POEntry, width: int) -> int:
    """Line of ``charset=`` in the header entry as written, counted from its first line."""
    lines = _entry_lines(header, "UTF-8", "utf-8", width)
    return next((n for n, line in enumerate(lines) if "charset=" in line), 0)


def _domains(po: polib.POFile) -> list[tuple[str, list[polib.POEntry | None]]]:
    """Entries per domain, in gettext's order: None stands for the default domain's header."""
    order: dict[str, list[polib.POEntry]] = {DEFAULT_DOMAIN: []}
    for entry in po:
        order.setdefault(domain_of(entry), []).append(entry)
    result: list[tuple[str, list[polib.POEntry | None]]] = []
    for domain, entries in order.items():
        active: list[polib.POEntry | None] = [e for e in entries if not e.obsolete]
        if domain == DEFAULT_DOMAIN and _header_entry(po) is not None:
            stored = getattr(po, HEADER_ATTR, None)
            position = stored.position if stored is not None and stored.entry else 0
            active.insert(min(position, len(active)), None)
        obsolete = [e for e in entries if e.obsolete and (_first_msgstr(e) or e.tcomment)]
        result.append((domain, active + obsolete))
    return result


def _first_msgstr(entry: polib.POEntry) -> str:
    return entry.msgstr_plural.get(0, "") if entry.msgstr_plural else entry.msgstr


def _header_entry(po: polib.POFile) -> polib.POEntry | None:
    stored = getattr(po, HEADER_ATTR, None)
    if stored is not None and stored.entry is not None:
        original = stored.entry
        entry = polib.POEntry(
            msgid="",
            comment=original.comment,
            occurrences=list(original.occurrences),
            previous_msgctxt=original.previous_msgctxt,
            previous_msgid=original.previous_msgid,
            previous_msgid_plural=original.previous_msgid_plural,
        )
        msgstr = original.msgstr if po.metadata == stored.metadata else _metadata_text(po)
    elif po.metadata or po.header:
        entry = polib.POEntry(msgid="")
        msgstr = _metadata_text(po)
    else:
        return None
    entry.msgstr = msgstr
    entry.tcomment = po.header or ""
    fuzzy = po.metadata_is_fuzzy
    entry.flags = list(fuzzy) if isinstance(fuzzy, list) else (["fuzzy"] if fuzzy else [])
    return entry


def _metadata_text(po: polib.POFile) -> str:
    return "".join(f"{key}: {value}\n" for key, value in po.metadata.items())


def _entry_lines(entry: polib.POEntry, charset: str, codec: str, width: int) -> list[str]:
    lines = [("# " + c if c else "#") for c in _decode.comment_lines(entry.tcomment)]
    lines += [("#. " + c if c else "#.") for c in _decode.comment_lines(entry.comment)]
    lines += _reference_lines(entry.occurrences, width, codec)
    plural = bool(entry.msgid_plural) or bool(entry.msgstr_plural)
    forms = [entry.msgstr_plural[k] for k in sorted(entry.msgstr_plural)] if plural else []
    translated = bool(forms[0] if forms else entry.msgstr) or entry.obsolete
    flags = canonical_flags(entry.flags, obsolete=entry.obsolete, translated=translated)
    if flags:
        lines.append("#, " + ", ".join(flags))
    wrap = "no-wrap" not in flags
    formats = [f[:-7] for f in flags if f.endswith("-format") and f[:-7] in _FORMAT_RANK]

    def wrapped(name: str, value: str, prefix: str) -> list[str]:
        return wrap_string(name, value, prefix, width, wrap, charset, formats=formats)

    prev_prefix = "#~| " if entry.obsolete else "#| "
    if entry.previous_msgctxt is not None:
        lines += wrapped("msgctxt", entry.previous_msgctxt, prev_prefix)
    if entry.previous_msgid is not None:
        lines += wrapped("msgid", entry.previous_msgid, prev_prefix)
    if entry.previous_msgid_plural is not None:
        lines += wrapped("msgid_plural", entry.previous_msgid_plural, prev_prefix)
    prefix = "#~ " if entry.obsolete else ""
    if entry.msgctxt is not None:
        lines += wrapped("msgctxt", entry.msgctxt, prefix)
    lines += wrapped("msgid", entry.msgid, prefix)
    if plural:
        lines += wrapped("msgid_plural", entry.msgid_plural, prefix)
        for index, form in enumerate(forms or [""]):
            lines += wrapped(f"msgstr[{index}]", form, prefix)
    else:
        lines += wrapped("msgstr", entry.msgstr, prefix)
    return lines


def _known_flag(flag: str) -> bool:
    match = _FORMAT_FLAG.match(flag)
    return (
        flag in ("fuzzy", "wrap", "no-wrap")
        or bool(_RANGE_FLAG.match(flag) or _CHECK_FLAG.match(flag))
        or bool(match and match.group(2) in _FORMAT_RANK)
    )


def unknown_flags(flags: list[str]) -> list[str]:
    """The flags gettext does not know (msgcat drops them; alerti18n keeps them)."""
    return [flag for flag in flags if not _known_flag(flag.strip())]


def canonical_flags(flags: list[str], obsolete: bool = False, translated: bool = True) -> list[str]:
    """Flags as msgcat writes them; flags gettext does not know are kept, after the others."""
    fuzzy = False
    formats: dict[str, str] = {}
    range_flag = None
    no_wrap = False
    unknown: list[str] = []
    for flag in flags:
        flag = flag.strip()
        match = _FORMAT_FLAG.match(flag)
        if flag == "fuzzy":
            fuzzy = True
        elif flag in ("no-wrap", "wrap"):
            no_wrap = flag == "no-wrap"
        elif match and match.group(2) in _FORMAT_RANK:
            lang, kind = match.group(2), match.group(1)
            if kind == "impossible-":
                formats.pop(lang, None)
            else:
                formats[lang] = f"no-{lang}-format" if kind == "no-" else f"{lang}-format"
        elif range_match := _RANGE_FLAG.match(flag):
            low, high = int(range_match.group(1)), int(range_match.group(2))
            range_flag = f"range: {low}..{high}" if low <= high else None
        elif _CHECK_FLAG.match(flag):
            continue
        elif flag and flag not in unknown and not flag.endswith("\\"):
            unknown.append(flag)  # (a backslash would join the next line to the flags)
    result = ["fuzzy"] if fuzzy and translated else []
    result += [formats[lang] for lang in sorted(formats, key=_FORMAT_RANK.__getitem__)]
    if range_flag and not obsolete:
        result.append(range_flag)
    if no_wrap:
        result.append("no-wrap")
    return result + unknown


def _reference_lines(occurrences: list[tuple[str, str]], width: int, codec: str) -> list[str]:
    if not occurrences:
        return []
    lines: list[str] = []
    current = "#:"
    column = 2
    for name, line in occurrences:
        while name.startswith("./"):
            name = name[2:]
        ref = f"{name}:{line}" if line not in ("", None) else name
        size = len(ref.encode(codec, "surrogateescape")) + 1 if not ref.isascii() else len(ref) + 1
        if column > 2 and column + size > width:
            lines.append(current)
            current, column = "#:", 2
        current += " " + ref
        column += size
    lines.append(current)
    return lines
