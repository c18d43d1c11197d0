"""PO/POT reading and writing, byte-exact with GNU ``msgcat``.

The catalog model is polib's ``POFile``/``POEntry``; this module only reads
and writes it, so that every file alerti18n touches looks exactly as if
``msgcat`` (GNU gettext 0.21, default width 79) had written it, and a later
``msgmerge``/``msgcat`` run produces no diff.

Reading accepts what msgcat accepts (see :mod:`alerti18n.po._decode`): no
header entry, a header that is not the first entry, one-line entries,
``domain`` directives, legacy multibyte charsets. The default domain's
header becomes ``po.metadata`` (empty without one; a project catalog must
have one); the entries of another domain carry its name
(:func:`entry_domain`), their header among them. Anything msgcat refuses
raises :class:`~alerti18n.core.errors.PoFileError` naming the file, the line and
what to do.

Writing follows gettext's ``write-po.c`` (:mod:`alerti18n.po._write`: entry
order per domain, comments, references, flags; :mod:`alerti18n.po._wrap`:
string wrapping), each domain in its header's charset.

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
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path

import polib

from alerti18n.core.commits import Commits
from alerti18n.core.errors import PoFileError
from alerti18n.core.files import Stamp, atomic_write, read_stamped
from alerti18n.po import _decode, _fast
from alerti18n.po._decode import domain_of
from alerti18n.po._fast import new_entry
from alerti18n.po._parse import DEFAULT_DOMAIN
from alerti18n.po._write import (
    FORMAT_LANGUAGES,
    HEADER_ATTR,
    ReadHeader,
    canonical_flags,
    catalog_bytes,
    is_header,
    unknown_flags,
    with_header_field,
)

__all__ = [
    "FORMAT_LANGUAGES",
    "canonical_flags",
    "entry_domain",
    "fmt_files",
    "format_po",
    "format_po_with",
    "new_entry",
    "parse_po",
    "plural_count",
    "read_po",
    "read_in_slices",
    "read_po_bytes",
    "read_slice",
    "reading_once",
    "stamp_of",
    "unknown_flags",
    "write_po",
]

entry_domain = domain_of


# ------------------------------------------------------------------ reading ---


def parse_po(data: bytes, path: Path) -> polib.POFile:
    """Parse PO bytes into a polib catalog as gettext reads them; ``path`` is used in errors."""
    entries, charsets = _decode.parse(data, path)
    default = charsets.get(DEFAULT_DOMAIN)
    po = polib.POFile(wrapwidth=79, encoding=default.codec if default else "ascii")
    po.fpath = str(path)
    header = None
    position = 0
    for entry in entries:
        if domain_of(entry) == DEFAULT_DOMAIN and header is None:
            if is_header(entry):
                header = entry
                continue
            position += not entry.obsolete
        po.append(entry)
    if header is not None:
        po.header = header.tcomment
        po.metadata_is_fuzzy = list(header.flags)
        po.metadata = _parse_metadata(header.msgstr)
    setattr(po, HEADER_ATTR, ReadHeader(header, dict(po.metadata), position))
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


#: The attribute of a catalog read from a file that holds the file's Stamp.
_STAMP_ATTR = "_alerti18n_stamp"


def stamp_of(po: polib.POFile) -> Stamp | None:
    """What the file ``po`` was read from was when it was read (None: not read from a file).

    A command that rewrites the catalog passes it on, so that a save made
    meanwhile is never overwritten (see :mod:`alerti18n.core.commits`).
    """
    return getattr(po, _STAMP_ATTR, None)


def _read_po(path: Path, expect_language: str | None) -> polib.POFile:
    return read_po_bytes(path, expect_language)[0]


def read_po_bytes(path: Path, expect_language: str | None = None) -> tuple[polib.POFile, bytes]:
    """:func:`read_po` (never from :func:`reading_once`'s memory), and the bytes it parsed:
    a command that may write the same bytes back can tell without formatting the catalog."""
    data, stamp = read_stamped(path, error=PoFileError)
    po = parse_po(data, path)
    setattr(po, _STAMP_ATTR, stamp)
    if expect_language is not None:
        _check_catalog(po, data, path, expect_language)
    return po, data


def _check_catalog(po: polib.POFile, data: bytes, path: Path, language: str) -> None:
    """What a project catalog must be (see :func:`read_po`)."""
    _require_header(po, data, path)
    header_line = _header_line(po)
    declared = po.metadata.get("Language", "")
    if declared and _norm_lang(declared) != _norm_lang(language):
        raise PoFileError(
            f"header says Language: {declared}, but this file is where the "
            f"{language!r} catalog belongs",
            path,
            header_line,
            f"move the file to the {declared} folder, or fix the header to 'Language: {language}'",
        )
    _check_plurals(po, path, header_line)


def read_in_slices(
    data: bytes, path: Path, expect_language: str, parts: int
) -> tuple[polib.POFile, list[tuple[int, int]]] | None:
    """A large project catalog read by worker processes, each a run of its entries.

    Gives the catalog's header (a catalog without entries), checked as
    :func:`read_po` checks it, and where ``parts`` runs of its entries start
    and end in ``data``, for :func:`read_slice`. None unless ``data`` is in
    msgcat's plain UTF-8 form with a good header: :func:`read_po` then reads
    it, and reports anything wrong.
    """
    try:
        slices = _fast.plain_slices(data, parts)
        if slices is None:
            return None
        head = data[: slices[0][0]]
        if _decode.check_bytes(head, path) is not head:
            return None
        header = parse_po(head, path)
        _check_catalog(header, head, path, expect_language)
    except PoFileError:
        return None
    return (header, slices) if len(header) == 0 else None


def read_slice(
    data: bytes, start: int, end: int, nplurals: int | None
) -> tuple[list[polib.POEntry], list[int]] | None:
    """The entries of one run of :func:`read_in_slices`, and a hash of each live entry's
    (msgctxt, msgid) for the caller to find duplicates across runs. None where
    :func:`read_po` may refuse the run: not in the plain form, a second header, more
    plural forms than ``nplurals``, bytes no PO file holds (see ``check_bytes``)."""
    piece = data[start:end]
    try:
        if _decode.check_bytes(piece, Path()) is not piece:  # CRLF line ends: read_po's work
            return None
    except PoFileError:
        return None
    entries = _fast.parse_slice(data, start, end)
    if entries is None:
        return None
    keys = []
    for entry in entries:
        if entry.obsolete:
            continue
        if entry.msgctxt is None and not entry.msgid:
            return None
        if nplurals is not None and any(
            i >= nplurals and t for i, t in entry.msgstr_plural.items()
        ):
            return None
        keys.append(hash((entry.msgctxt, entry.msgid)))
    return entries, keys


def _require_header(po: polib.POFile, data: bytes, path: Path) -> None:
    """A project catalog has a header entry: its language, charset and plural forms."""
    if getattr(po, HEADER_ATTR).entry is None:
        raise PoFileError(
            "empty file" if not data.strip() else 'no header entry (msgid "")',
            path,
            1,
            'a catalog of the project starts with its header entry: msgid "" / msgstr '
            '"Content-Type: text/plain; charset=UTF-8\\n" (delete the file and run '
            "'alerti18n update' to get a new one)",
        )


def _header_line(po: polib.POFile) -> int:
    stored = getattr(po, HEADER_ATTR, None)
    return stored.entry.linenum if stored and stored.entry is not None else 1


def _norm_lang(code: str) -> str:
    return code.strip().replace("-", "_").lower()


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
            continue  # Weblate keeps obsolete copies of active entries: kept, every one.
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
    return catalog_bytes(po, width, Path(po.fpath) if po.fpath else None)


def format_po_with(po: polib.POFile, data: bytes, key: str, value: str, width: int = 79) -> bytes:
    """``data``, the bytes :func:`format_po` gave for ``po``, after ``po.metadata[key] = value``
    (only the header is written again)."""
    return with_header_field(po, data, key, value, width)


def write_po(
    po: polib.POFile, path: Path, root: Path | None = None, expected: Stamp | None = None
) -> bool:
    """Write ``po`` atomically in msgcat form; False when the file already had these bytes.

    With ``expected`` (:func:`stamp_of` the catalog read from ``path``), a file
    changed since is not replaced: :class:`~alerti18n.core.errors.ChangedMeanwhile`.
    """
    return atomic_write(path, catalog_bytes(po, 79, path), root, expected=expected)


def fmt_files(paths: list[Path], check: bool = False, root: Path | None = None) -> list[Path]:
    """Rewrite files in canonical msgcat form; return those that changed (or would).

    Every file is read, formatted and re-validated before any is written, so
    one bad file leaves all of them untouched; a file saved meanwhile is kept
    (see :mod:`alerti18n.core.commits`).
    """
    planned: list[tuple[Path, bytes, Stamp]] = []
    for path in paths:
        raw, stamp = read_stamped(path, error=PoFileError)
        data = format_po(parse_po(raw, path))
        parse_po(data, path)
        if data != raw:
            planned.append((path, data, stamp))
    if not check:
        with Commits("fmt", root) as commits:
            for path, data, stamp in planned:
                commits.stage(path, data, stamp)
            commits.commit()
    return [path for path, _, _ in planned]
