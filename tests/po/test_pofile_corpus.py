"""pofile on the real PO files of shared/corpus/po: msgcat-exact, lossless, msgfmt-clean."""

from __future__ import annotations

import copy
import subprocess
from pathlib import Path

import polib
import pytest
from support.msgcat import msgcat_view
from support.tools import CORPUS_PO, msgfmt_check, require_tool, shared_files

from alerti18n.po.pofile import canonical_flags, format_po, read_po, write_po

FILES = shared_files(CORPUS_PO, "*.po")
MSGFMT_REJECTS = {
    "fr--doublecmd--doublecmd--doublecmd.fr.po",  # UTF-8 BOM: msgfmt says "1:2: syntax error"
    "fr--searxng--searxng--messages.po",  # obsolete entries repeat active msgids
}
IDS = [f.name.split(".po")[0] for f in FILES]
pytestmark = [pytest.mark.needs_shared, pytest.mark.slow]


def msgcat(path: Path) -> bytes:
    tool = require_tool("msgcat")
    result = subprocess.run([tool, str(path)], capture_output=True)
    assert result.returncode == 0, result.stderr.decode(errors="replace")
    return result.stdout


def written(po: polib.POFile) -> polib.POFile:
    """What of ``po`` a write keeps: all but obsolete entries with neither translation nor note."""
    kept = copy.deepcopy(po)
    for entry in list(kept):
        first = entry.msgstr_plural.get(0, "") if entry.msgstr_plural else entry.msgstr
        if entry.obsolete and not first and not entry.tcomment:
            kept.remove(entry)
        elif not first and not entry.obsolete:
            entry.flags = [flag for flag in entry.flags if flag != "fuzzy"]
    return kept


def model(po: polib.POFile) -> list[tuple]:
    """Everything a PO file says, as comparable data."""
    header = po._alerti18n_header.entry
    rows: list[tuple] = [
        (po.header, po.metadata_is_fuzzy, po.metadata, header.msgstr, header.comment)
    ]
    for e in po:
        rows.append(
            (
                e.obsolete,
                e.msgctxt,
                e.msgid,
                e.msgid_plural,
                e.msgstr,
                dict(e.msgstr_plural),
                e.tcomment,
                e.comment,
                e.occurrences,
                canonical_flags(e.flags),
                e.previous_msgctxt,
                e.previous_msgid,
                e.previous_msgid_plural,
            )
        )
    return rows


ACCEPTED = [f for f in FILES if f.name not in MSGFMT_REJECTS]


@pytest.mark.parametrize("path", ACCEPTED, ids=[f.name.split(".po")[0] for f in ACCEPTED])
def test_format_matches_msgcat_byte_for_byte(path: Path, tmp_path: Path) -> None:
    """msgcat keeps a CR at the end of comment lines; we normalise to LF, so feed it LF."""
    po = read_po(path)
    lf = tmp_path / path.name
    lf.write_bytes(path.read_bytes().replace(b"\r\n", b"\n"))
    assert format_po(msgcat_view(po)) == msgcat(lf)


def test_only_unknown_flags_differ_from_msgcat() -> None:
    """The lossless extras are exactly the flags gettext does not know (here: badformat)."""
    path = CORPUS_PO / "ro--doublecmd--doublecmd--lclstrconsts.ro.po"
    ours = format_po(read_po(path)).decode().splitlines()
    theirs = msgcat(path).decode().splitlines()
    assert len(ours) == len(theirs)
    diffs = [(a, b) for a, b in zip(ours, theirs, strict=True) if a != b]
    assert diffs and all(a == b + ", badformat" for a, b in diffs)


def test_bom_crlf_file_matches_msgcat_of_cleaned_bytes(tmp_path: Path) -> None:
    path = CORPUS_PO / "fr--doublecmd--doublecmd--doublecmd.fr.po"
    clean = tmp_path / "clean.po"
    clean.write_bytes(path.read_bytes()[3:].replace(b"\r\n", b"\n"))
    assert format_po(msgcat_view(read_po(path))) == msgcat(clean)


@pytest.mark.parametrize("path", FILES, ids=IDS)
def test_round_trip_is_lossless(path: Path, tmp_path: Path) -> None:
    po = read_po(path)
    out = tmp_path / path.name
    assert write_po(po, out) is True
    again = read_po(out)
    assert model(again) == model(written(po))
    assert format_po(again) == out.read_bytes()
    assert write_po(again, out) is False
    assert not out.read_bytes().startswith(b"\xef\xbb\xbf") and b"\r" not in out.read_bytes()
    if path.name not in MSGFMT_REJECTS:
        msgfmt_check(out)


@pytest.mark.parametrize("path", FILES, ids=IDS)
def test_reads_what_polib_reads(path: Path) -> None:
    """Same entries and strings as polib, which is the reference for what it does keep."""
    ours = read_po(path)
    theirs = polib.pofile(str(path))
    assert len(ours) == len(theirs)
    for a, b in zip(ours, theirs, strict=True):
        assert (a.msgid, a.msgstr, a.msgctxt, a.obsolete) == (
            b.msgid,
            b.msgstr,
            b.msgctxt,
            b.obsolete,
        )
        assert a.msgstr_plural == b.msgstr_plural
        if not a.obsolete:
            assert a.occurrences == b.occurrences
    assert ours.metadata == theirs.metadata


def test_iso_8859_15_stays_iso_8859_15(tmp_path: Path) -> None:
    path = CORPUS_PO / "fr--vim--vim--fr.po"
    po = read_po(path)
    assert any("é" in e.msgstr for e in po)
    out = tmp_path / "fr.po"
    write_po(po, out)
    data = out.read_bytes()
    assert b"charset=ISO-8859-15" in data
    data.decode("iso-8859-15")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")


def test_constructs_polib_loses_are_kept(tmp_path: Path) -> None:
    desktop = read_po(CORPUS_PO / "hy--GNOME--gnome-desktop--hy.po")
    fuzzy_obsolete = [e for e in desktop if e.obsolete and "fuzzy" in e.flags]
    assert len(fuzzy_obsolete) == 1
    assert any(e.comment.endswith("\n") or "\n\n" in e.comment for e in desktop if e.comment)
    non_fuzzy_prev = [e for e in desktop if e.previous_msgid and "fuzzy" not in e.flags]
    assert len(non_fuzzy_prev) == 2
    pixbuf = read_po(CORPUS_PO / "fr--GNOME--gdk-pixbuf--fr.po")
    assert [e.msgctxt for e in pixbuf if e.obsolete and e.msgctxt]
    text = format_po(pixbuf).decode()
    assert "#~ msgctxt" in text
    out = tmp_path / "x.po"
    write_po(desktop, out)
    assert "#, fuzzy\n#~ msgid" in out.read_text()
    searx = read_po(CORPUS_PO / "fr--searxng--searxng--messages.po")
    assert sum(e.obsolete for e in searx) == 160
    assert any(e.occurrences == [("searx/searxng.msg", "")] for e in searx)
