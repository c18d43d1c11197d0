"""PO/POT reading and writing, byte-exact with GNU ``msgcat``.

The catalog model is polib's ``POFile``/``POEntry``; this module only reads
and writes it, so that every file alerti18n touches looks exactly as if
``msgcat`` (GNU gettext 0.21, default width 79) had written it, and a later
``msgmerge``/``msgcat`` run produces no diff.

Writing rules (those of gettext's ``write-po.c``):

* the header entry first, then active entries in catalog order, then the
  obsolete (``#~``) entries; one blank line between entries;
* in each entry: translator comments ``# ``, extracted comments ``#.``,
  references ``#:`` (``./`` dropped, several per line, a new ``#:`` line when
  the next one would pass column 79), flags ``#,``, previous strings ``#|``
  (``#~|`` on obsolete entries), then msgctxt, msgid, msgid_plural and
  msgstr / msgstr[N], prefixed ``#~ `` when obsolete;
* flags in gettext's canonical order: ``fuzzy``, the ``*-format`` flags in
  gettext's language order, ``range:``, ``no-wrap``;
* strings wrapped as in :mod:`alerti18n._powrap`.

Where msgcat would silently drop information, this module keeps it instead,
in the place msgcat would use: flags gettext does not know (``badformat``,
``wrap``) go after the known ones, ``fuzzy`` stays on an untranslated entry,
and obsolete entries with an empty msgstr are written. Files without such
things come out byte-identical to msgcat's output.

Reading is strict (see :mod:`alerti18n._poparse`): any malformed input raises
:class:`~alerti18n.errors.PoFileError` naming the file, the line and what to
do. A UTF-8 BOM and CRLF line ends are accepted and normalised away; the
file's charset (even ISO-8859-15) is kept for writing.
"""

from __future__ import annotations

import re
from pathlib import Path

import polib

from alerti18n import _poparse
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
_FORMAT_FLAG = re.compile(r"^(no-|possible-)?([a-z-]+?)-format$")
_RANGE_FLAG = re.compile(r"^range:\s*(\d+)\.\.(\d+)$")
_HEADER_ATTR = "_alerti18n_header"


# ------------------------------------------------------------------ reading ---


def parse_po(data: bytes, path: Path) -> polib.POFile:
    """Parse PO bytes strictly into a polib catalog; ``path`` is used in errors."""
    entries, charset, codec = _poparse.parse(data, path)
    po = polib.POFile(wrapwidth=79, encoding=codec)
    po.fpath = str(path)
    header = None
    for entry in entries:
        if header is None and _is_header(entry):
            header = entry
            continue
        po.append(entry)
    assert header is not None  # _poparse refuses a file without one
    po.header = header.tcomment
    po.metadata_is_fuzzy = list(header.flags)
    po.metadata = _parse_metadata(header.msgstr)
    setattr(po, _HEADER_ATTR, (header, dict(po.metadata)))
    _check_duplicates(po, path)
    _check_plurals(po, path, header.linenum)
    return po


def read_po(path: Path, expect_language: str | None = None) -> polib.POFile:
    """Read and validate a PO/POT file; with ``expect_language``, check its Language header."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise PoFileError(
            f"cannot read file: {exc.strerror}", path, None, "check the path"
        ) from None
    po = parse_po(data, path)
    if expect_language is not None:
        declared = po.metadata.get("Language", "")
        if declared and _norm_lang(declared) != _norm_lang(expect_language):
            header, _ = getattr(po, _HEADER_ATTR)
            raise PoFileError(
                f"header says Language: {declared}, but this file is where the "
                f"{expect_language!r} catalog belongs",
                path,
                header.linenum,
                f"move the file to the {declared} folder, or fix the header to "
                f"'Language: {expect_language}'",
            )
    return po


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


def _check_duplicates(po: polib.POFile, path: Path) -> None:
    seen: dict[tuple[str | None, str], int] = {("", ""): 0}
    for entry in po:
        if entry.obsolete:
            continue  # Weblate keeps obsolete copies of active entries; msgmerge drops them.
        key = (entry.msgctxt, entry.msgid)
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


def _check_plurals(po: polib.POFile, path: Path, header_line: int) -> None:
    """Refuse a non-empty msgstr[N] with N >= nplurals.

    Empty extra forms are tolerated: Launchpad exports keep two empty forms
    under ``nplurals=1``, and msgfmt accepts that too.
    """
    match = re.search(r"nplurals\s*=\s*(\d+)", po.metadata.get("Plural-Forms", ""))
    if not match:
        return
    nplurals = int(match.group(1))
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
    """The bytes ``msgcat --width=WIDTH`` writes for ``po``, in the file's charset."""
    charset, codec = _output_charset(po)
    blocks: list[list[str]] = []
    header = _header_entry(po)
    if header is not None:
        blocks.append(_entry_lines(header, charset, width))
    for entry in po:
        if not entry.obsolete:
            blocks.append(_entry_lines(entry, charset, width))
    for entry in po:
        if entry.obsolete:
            blocks.append(_entry_lines(entry, charset, width))
    text = "\n".join("".join(line + "\n" for line in block) for block in blocks)
    try:
        return text.encode(codec)
    except UnicodeEncodeError as exc:
        line = text.count("\n", 0, exc.start) + 1
        raise PoFileError(
            f"character {text[exc.start]!r} cannot be written in charset {charset}",
            po.fpath,
            line,
            "change the header to charset=UTF-8",
        ) from None


def write_po(po: polib.POFile, path: Path, root: Path | None = None) -> bool:
    """Write ``po`` atomically in msgcat form; False when the file already had these bytes."""
    return atomic_write(path, format_po(po), root)


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


def _output_charset(po: polib.POFile) -> tuple[str, str]:
    content_type = po.metadata.get("Content-Type", "")
    match = re.search(r"charset=([^\s;]+)", content_type)
    charset = match.group(1) if match else (po.encoding or "UTF-8")
    codec = _poparse.resolve_codec(charset, Path(po.fpath or "<catalog>"), None)
    return charset, codec


def _header_entry(po: polib.POFile) -> polib.POEntry | None:
    stored = getattr(po, _HEADER_ATTR, None)
    if stored is not None:
        original, snapshot = stored
        entry = polib.POEntry(
            msgid="",
            comment=original.comment,
            occurrences=list(original.occurrences),
            previous_msgctxt=original.previous_msgctxt,
            previous_msgid=original.previous_msgid,
            previous_msgid_plural=original.previous_msgid_plural,
        )
        msgstr = original.msgstr if po.metadata == snapshot else _metadata_text(po)
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


def _entry_lines(entry: polib.POEntry, charset: str, width: int) -> list[str]:
    lines = [("# " + c if c else "#") for c in _poparse.comment_lines(entry.tcomment)]
    lines += [("#. " + c if c else "#.") for c in _poparse.comment_lines(entry.comment)]
    lines += _reference_lines(entry.occurrences, width, charset)
    plural = bool(entry.msgid_plural) or bool(entry.msgstr_plural)
    forms = [entry.msgstr_plural[k] for k in sorted(entry.msgstr_plural)] if plural else []
    first_msgstr = (forms[0] if forms else "") if plural else entry.msgstr
    flags = canonical_flags(entry.flags)
    if flags:
        lines.append("#, " + ", ".join(flags))
    wrap = "no-wrap" not in flags
    formats = [f[:-7] for f in flags if f.endswith("-format") and f[:-7] in _FORMAT_RANK]
    prev_prefix = "#~| " if entry.obsolete else "#| "
    for name, value in (
        ("msgctxt", entry.previous_msgctxt),
        ("msgid", entry.previous_msgid),
        ("msgid_plural", entry.previous_msgid_plural),
    ):
        if value is not None:
            lines += wrap_string(name, value, prev_prefix, width, wrap, charset, formats=formats)
    prefix = "#~ " if entry.obsolete else ""
    if entry.msgctxt is not None:
        lines += wrap_string(
            "msgctxt", entry.msgctxt, prefix, width, wrap, charset, formats=formats
        )
    lines += wrap_string("msgid", entry.msgid, prefix, width, wrap, charset, formats=formats)
    if plural:
        lines += wrap_string(
            "msgid_plural", entry.msgid_plural, prefix, width, wrap, charset, formats=formats
        )
        for index, form in enumerate(forms or [""]):
            lines += wrap_string(
                f"msgstr[{index}]", form, prefix, width, wrap, charset, formats=formats
            )
    else:
        lines += wrap_string("msgstr", first_msgstr, prefix, width, wrap, charset, formats=formats)
    return lines


def canonical_flags(flags: list[str]) -> list[str]:
    """Flags in msgcat's order; flags gettext does not know are kept, after the others."""
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
        elif flag == "no-wrap":
            no_wrap = True
        elif match and match.group(2) in _FORMAT_RANK:
            lang = match.group(2)
            formats[lang] = f"no-{lang}-format" if match.group(1) == "no-" else f"{lang}-format"
        elif _RANGE_FLAG.match(flag):
            low, high = _RANGE_FLAG.match(flag).groups()  # type: ignore[union-attr]
            range_flag = f"range: {int(low)}..{int(high)}"
        elif flag and flag not in unknown:
            unknown.append(flag)
    result = ["fuzzy"] if fuzzy else []
    result += [formats[lang] for lang in sorted(formats, key=_FORMAT_RANK.__getitem__)]
    if range_flag:
        result.append(range_flag)
    if no_wrap:
        result.append("no-wrap")
    return result + unknown


def _reference_lines(occurrences: list[tuple[str, str]], width: int, charset: str) -> list[str]:
    if not occurrences:
        return []
    lines: list[str] = []
    current = "#:"
    column = 2
    for name, line in occurrences:
        while name.startswith("./"):
            name = name[2:]
        ref = f"{name}:{line}" if line not in ("", None) else name
        size = len(ref.encode("utf-8", "replace")) + 1
        if column > 2 and column + size > width:
            lines.append(current)
            current, column = "#:", 2
        current += " " + ref
        column += size
    lines.append(current)
    return lines
