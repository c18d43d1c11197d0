"""PO/POT reading and writing, byte-exact with GNU ``msgcat``.

The catalog model is polib's ``POFile``/``POEntry``; this module only reads
and writes it, so that every file alerti18n touches looks exactly as if
``msgcat`` (GNU gettext 0.21, default width 79) had written it, and a later
``msgmerge``/``msgcat`` run produces no diff.

Reading accepts what msgcat accepts (see :mod:`alerti18n._poread`): no
header entry, a header that is not the first entry, one-line entries,
``domain`` directives, legacy multibyte charsets. The default domain's
header becomes ``po.metadata`` (empty without one; a project catalog must
have one); the entries of another domain carry its name
(:func:`entry_domain`), their header among them. Anything msgcat refuses
raises :class:`~alerti18n.errors.PoFileError` naming the file, the line and
what to do.

Writing rules (those of gettext's ``write-po.c``):

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
* strings wrapped as in :mod:`alerti18n._powrap`.

Deliberate differences from msgcat, so that nothing a translator wrote is
lost: flags gettext does not know (``badformat``, Weblate's ``max-length``)
are kept after the known ones; an obsolete entry without translation is kept
when it has a translator comment (alerti18n's merge makes such entries);
CRLF line ends become LF (msgcat keeps a CR at the end of comment lines).
Beyond msgcat, reading accepts a UTF-8 BOM and obsolete entries that repeat
an active msgid (Weblate writes them), and refuses a NUL (``\\0``) in a
string, where gettext would silently cut the string short.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path

import polib

from alerti18n import _polex, _poread
from alerti18n._poparse import DEFAULT_DOMAIN
from alerti18n._poread import domain_of
from alerti18n._powrap import wrap_string
from alerti18n.errors import PoFileError
from alerti18n.fsutil import atomic_write

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
_HEADER_ATTR = "_alerti18n_header"

entry_domain = domain_of


@dataclass(frozen=True)
class _ReadHeader:
    """The default domain's header as read: entry (None: there was none), fields, position."""

    entry: polib.POEntry | None
    metadata: dict[str, str]
    position: int


# ------------------------------------------------------------------ reading ---


def parse_po(data: bytes, path: Path) -> polib.POFile:
    """Parse PO bytes into a polib catalog as gettext reads them; ``path`` is used in errors."""
    entries, charsets = _poread.parse(data, path)
    default = charsets.get(DEFAULT_DOMAIN)
    po = polib.POFile(wrapwidth=79, encoding=default.codec if default else "ascii")
    po.fpath = str(path)
    header = None
    position = 0
    for entry in entries:
        if domain_of(entry) == DEFAULT_DOMAIN and header is None:
            if _is_header(entry):
                header = entry
                continue
            position += not entry.obsolete
        po.append(entry)
    if header is not None:
        po.header = header.tcomment
        po.metadata_is_fuzzy = list(header.flags)
        po.metadata = _parse_metadata(header.msgstr)
    setattr(po, _HEADER_ATTR, _ReadHeader(header, dict(po.metadata), position))
    _check_duplicates(po, path, header)
    return po


_READ_ONCE: ContextVar[dict | None] = ContextVar("read_once", default=None)


@contextmanager
def reading_once() -> Iterator[None]:
    """Within this block, :func:`read_po` reads and parses each unchanged file once.

    For commands that only read (``status --html`` asks for every catalog in
    its table, its checks, its policy verdicts and its last-change column):
    the same parsed catalog is returned each time, so callers must not change it.
    """
    token = _READ_ONCE.set({})
    try:
        yield
    finally:
        _READ_ONCE.reset(token)


def read_po(path: Path, expect_language: str | None = None) -> polib.POFile:
    """Read a PO/POT file; with ``expect_language``, check it as that language's catalog.

    A project catalog must have a header entry, declare that language (or
    none) and no more plural forms than its Plural-Forms allows, as
    ``msgfmt --check`` requires. Inside :func:`reading_once`, a file read
    before and unchanged since is not read again.
    """
    memo = _READ_ONCE.get()
    if memo is None:
        return _read_po(path, expect_language)
    try:
        stat = path.stat()
    except OSError:
        return _read_po(path, expect_language)  # reports the error
    key = (str(path.resolve()), expect_language, stat.st_mtime_ns, stat.st_size)
    if key not in memo:
        memo[key] = _read_po(path, expect_language)
    return memo[key]


def _read_po(path: Path, expect_language: str | None) -> polib.POFile:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise PoFileError(
            f"cannot read file: {exc.strerror}", path, None, "check the path"
        ) from None
    po = parse_po(data, path)
    if expect_language is not None:
        _require_header(po, data, path)
        header_line = _header_line(po)
        declared = po.metadata.get("Language", "")
        if declared and _norm_lang(declared) != _norm_lang(expect_language):
            raise PoFileError(
                f"header says Language: {declared}, but this file is where the "
                f"{expect_language!r} catalog belongs",
                path,
                header_line,
                f"move the file to the {declared} folder, or fix the header to "
                f"'Language: {expect_language}'",
            )
        _check_plurals(po, path, header_line)
    return po


def _require_header(po: polib.POFile, data: bytes, path: Path) -> None:
    """A project catalog has a header entry: its language, charset and plural forms."""
    if getattr(po, _HEADER_ATTR).entry is None:
        raise PoFileError(
            "empty file" if not data.strip() else 'no header entry (msgid "")',
            path,
            1,
            'a catalog of the project starts with its header entry: msgid "" / msgstr '
            '"Content-Type: text/plain; charset=UTF-8\\n" (delete the file and run '
            "'alerti18n update' to get a new one)",
        )


def _header_line(po: polib.POFile) -> int:
    stored = getattr(po, _HEADER_ATTR, None)
    return stored.entry.linenum if stored and stored.entry is not None else 1


def _norm_lang(code: str) -> str:
    return code.strip().replace("-", "_").lower()


def _is_header(entry: polib.POEntry) -> bool:
    return entry.msgid == "" and entry.msgctxt is None and not entry.obsolete


def _parse_metadata(text: str) -> dict[str, str]:
    """Header fields the way polib reads them (continuation lines joined with newlines)."""
    metadata: dict[str, str] = {}
    key = None
    for line in text.splitlines():
        name, sep, value = line.partition(":")
        if sep:
            key = name
            metadata[key] = value.strip()
        elif key is not None:
            metadata[key] += "\n" + line.strip()
    return metadata


def _check_duplicates(po: polib.POFile, path: Path, header: polib.POEntry | None) -> None:
    seen: dict[tuple[str, str | None, str], int] = {}
    if header is not None:
        seen[(DEFAULT_DOMAIN, None, "")] = 0
    for entry in po:
        if entry.obsolete:
            continue  # Weblate keeps obsolete copies of active entries; msgmerge drops them.
        key = (domain_of(entry), entry.msgctxt, entry.msgid)
        if key in seen:
            what = f"msgid {entry.msgid[:40]!r}"
            if entry.msgctxt is not None:
                what += f" (msgctxt {entry.msgctxt[:30]!r})"
            first = f"line {seen[key]}" if seen[key] else "the header"
            raise PoFileError(
                f"duplicate entry: {what} is already defined at {first}",
                path,
                entry.linenum,
                "merge the two entries into one, or give them different msgctxt",
            )
        seen[key] = entry.linenum


def plural_count(po: polib.POFile) -> int | None:
    """``nplurals`` from the header's Plural-Forms, or None when it has none."""
    match = re.search(r"nplurals\s*=\s*(\d+)", po.metadata.get("Plural-Forms", ""))
    return int(match.group(1)) if match else None


def _check_plurals(po: polib.POFile, path: Path, header_line: int) -> None:
    """Refuse a non-empty msgstr[N] with N >= nplurals.

    Empty extra forms are tolerated: Launchpad exports keep two empty forms
    under ``nplurals=1``, and msgfmt accepts that too.
    """
    nplurals = plural_count(po)
    if nplurals is None:
        return
    for entry in po:
        if entry.obsolete:
            continue
        extra = [i for i, text in entry.msgstr_plural.items() if i >= nplurals and text]
        if extra:
            raise PoFileError(
                f"msgstr[{extra[0]}] given, but the header's Plural-Forms says nplurals={nplurals}",
                path,
                entry.linenum,
                f"remove msgstr[{extra[0]}] or correct Plural-Forms (header, line {header_line})",
            )


# ------------------------------------------------------------------ writing ---


def format_po(po: polib.POFile, width: int = 79) -> bytes:
    """The bytes ``msgcat --width=WIDTH`` writes for ``po``, each domain in its charset."""
    return _Writer(po, width, Path(po.fpath) if po.fpath else None).write()


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
        return next((e for e in entries if e is not None and _is_header(e)), None)

    def charset(self, header: polib.POEntry | None, line: int) -> tuple[str, str]:
        """gettext's name and Python's codec for the charset a header declares (ASCII if none)."""
        text = header.msgstr.encode("utf-8", "surrogateescape") if header is not None else b""
        raw = _polex.header_charset(text)
        declared = raw.decode("utf-8", "replace") if raw is not None else "ASCII"
        canonical = "ASCII" if declared == "CHARSET" else _polex.canonical_charset(declared)
        codec = _polex.python_codec(canonical) if canonical else None
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
            stored = getattr(po, _HEADER_ATTR, None)
            position = stored.position if stored is not None and stored.entry else 0
            active.insert(min(position, len(active)), None)
        obsolete = [e for e in entries if e.obsolete and (_first_msgstr(e) or e.tcomment)]
        result.append((domain, active + obsolete))
    return result


def write_po(po: polib.POFile, path: Path, root: Path | None = None) -> bool:
    """Write ``po`` atomically in msgcat form; False when the file already had these bytes."""
    return atomic_write(path, _Writer(po, 79, path).write(), root)


def fmt_files(paths: list[Path], check: bool = False) -> list[Path]:
    """Rewrite files in canonical msgcat form; return those that changed (or would).

    Every file is read, formatted and re-validated before any is written, so
    one bad file leaves all of them untouched.
    """
    planned: list[tuple[Path, bytes]] = []
    for path in paths:
        po = read_po(path)
        data = format_po(po)
        parse_po(data, path)
        if data != path.read_bytes():
            planned.append((path, data))
    if not check:
        for path, data in planned:
            atomic_write(path, data)
    return [path for path, _ in planned]


def _first_msgstr(entry: polib.POEntry) -> str:
    return entry.msgstr_plural.get(0, "") if entry.msgstr_plural else entry.msgstr


def _header_entry(po: polib.POFile) -> polib.POEntry | None:
    stored = getattr(po, _HEADER_ATTR, None)
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
    lines = [("# " + c if c else "#") for c in _poread.comment_lines(entry.tcomment)]
    lines += [("#. " + c if c else "#.") for c in _poread.comment_lines(entry.comment)]
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
