"""POT generation and the merge rules: nothing a translator wrote is ever lost."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import polib
import pytest
from support.projects import BASIC, DATA, copy_root
from support.tools import require_tool

from alerti18n.catalog.merge import (
    WrittenTemplate,
    closest,
    finished_bytes,
    merge,
    new_catalog,
)
from alerti18n.core.config import load_project
from alerti18n.po.pofile import format_po, read_po, write_po
from alerti18n.stages.extract import extract


def entry(msgid: str, msgstr: str = "", **kw) -> polib.POEntry:
    return polib.POEntry(msgid=msgid, msgstr=msgstr, **kw)


def catalog(*entries: polib.POEntry) -> polib.POFile:
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": "fr"}
    for e in entries:
        po.append(e)
    return po


def test_merge_keeps_changes_and_obsoletes() -> None:
    old = catalog(
        entry("Kept sentence.", "Phrase gardée.", tcomment="translator note"),
        entry("The council met on September 21st.", "Le Conseil s’est réuni le 21 septembre."),
        entry("Removed sentence.", "Phrase supprimée."),
        entry("Never translated."),
        entry("Gone long ago.", "Disparue il y a longtemps.", obsolete=True),
    )
    pot = catalog(
        entry("Kept sentence.", occurrences=[("source/d.md", "3")]),
        entry("The council met on September 22nd."),
        entry("Entirely unrelated words."),
    )
    merged = merge(old, pot)
    by_id = {e.msgid: e for e in merged}
    kept = by_id["Kept sentence."]
    assert (kept.msgstr, kept.tcomment, kept.flags) == ("Phrase gardée.", "translator note", [])
    assert kept.occurrences == [("source/d.md", "3")]
    changed = by_id["The council met on September 22nd."]
    assert changed.msgstr == "Le Conseil s’est réuni le 21 septembre."
    assert "fuzzy" in changed.flags
    assert changed.previous_msgid == "The council met on September 21st."
    assert by_id["Entirely unrelated words."].msgstr == ""
    assert by_id["Removed sentence."].obsolete and by_id["Removed sentence."].msgstr
    assert by_id["Gone long ago."].obsolete
    assert "Never translated." not in by_id  # nothing written there, nothing lost
    assert [e.msgid for e in merged if not e.obsolete] == [e.msgid for e in pot]


def test_obsolete_entry_is_revived() -> None:
    old = catalog(entry("Back again.", "De retour.", obsolete=True))
    merged = merge(old, catalog(entry("Back again.")))
    (revived,) = list(merged)
    assert not revived.obsolete and revived.msgstr == "De retour." and not revived.flags


def test_closest_needs_enough_similarity() -> None:
    candidates = [entry("Completely different words here.", "x"), entry("Azerbaijan cut gas.", "y")]
    assert closest("Azerbaijan cut all gas.", candidates).msgstr == "y"
    assert closest("Unrelated.", candidates) is None


def test_merge_drafts_what_msgmerge_drafts_at_its_cut_off(tmp_path: Path) -> None:
    """update's threshold is msgmerge's: a short new sentence sharing a word with a translated
    one is drafted from it, fuzzy, by both (and an unrelated one by neither)."""
    old = catalog(
        entry("Kept sentence.", "Phrase gardée."),
        entry("Removed sentence.", "Phrase supprimée."),
    )
    pot = catalog(entry("Kept sentence."), entry("Brand new sentence."), entry("Other words."))
    ours = {e.msgid: e for e in merge(old, pot)}
    write_po(old, tmp_path / "old.po")
    write_po(pot, tmp_path / "new.pot")
    msgmerge = require_tool("msgmerge")
    out = tmp_path / "merged.po"
    subprocess.run(
        [
            msgmerge,
            "--quiet",
            "--previous",
            "-o",
            str(out),
            str(tmp_path / "old.po"),
            str(tmp_path / "new.pot"),
        ],
        check=True,
    )
    theirs = {e.msgid: e for e in read_po(out)}
    for msgid in ("Brand new sentence.", "Other words."):
        assert ("fuzzy" in ours[msgid].flags) == ("fuzzy" in theirs[msgid].flags), msgid
        assert ours[msgid].msgstr == theirs[msgid].msgstr, msgid
    assert "fuzzy" in ours["Brand new sentence."].flags
    assert ours["Brand new sentence."].previous_msgid in ("Kept sentence.", "Removed sentence.")
    assert ours["Other words."].msgstr == ""


def test_new_catalog_from_the_templates_bytes_is_the_merge(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``update`` makes a new catalog from the bytes of a template extract wrote; they must be
    what merging the parsed template into an empty catalog writes (every golden document, and
    the basic fixture's documents with their titles, tables and glossary notes)."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    root = copy_root(BASIC, tmp_path)
    for path in sorted((DATA / "segment").glob("*.md")):
        shutil.copyfile(path, root / "source" / path.name)
    project = load_project(root)
    extract(project)
    templates = sorted(project.locales_dir.glob("*.pot"))
    assert len(templates) > 10
    for pot_path in templates:
        data = pot_path.read_bytes()
        for lang in project.target_languages:
            slow = finished_bytes(
                merge(new_catalog(project, lang, read_po(pot_path)), read_po(pot_path)), None
            )
            made = WrittenTemplate(data, pot_path).new_catalog_bytes(project, lang)
            assert made == slow, pot_path.name


def test_obsolete_copies_of_one_msgid_are_all_kept() -> None:
    """A catalog holding an active entry and obsolete copies of it (Weblate writes such
    files; GNU gettext refuses them, see tests/e2e/hostile/test_markup.py) loses none of
    their translations: one copy is revived when its msgid comes back, the others stay."""
    old = catalog(
        entry("Hello", "Bonjour"),
        entry("Hello", "Salut", obsolete=True),
        entry("Gone", "Parti", obsolete=True),
        entry("Gone", "Disparu", obsolete=True),
    )
    merged = merge(old, catalog(entry("Hello"), entry("Gone")))
    kept = sorted((e.msgid, e.msgstr, e.obsolete) for e in merged)
    assert kept == [
        ("Gone", "Disparu", True),
        ("Gone", "Parti", False),
        ("Hello", "Bonjour", False),
        ("Hello", "Salut", True),
    ]
    # the active copy goes obsolete beside the older obsolete one: both stay
    merged = merge(old, catalog(entry("Other")))
    assert sorted(e.msgstr for e in merged if e.msgid == "Hello") == ["Bonjour", "Salut"]


def _counting_writes(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Count the catalogs written (every ``format_po`` is one ``_Writer.write``)."""
    from alerti18n.po import _write

    calls: list[int] = []
    original = _write._Writer.write

    def write(self: _write._Writer) -> bytes:
        calls.append(1)
        return original(self)

    monkeypatch.setattr(_write._Writer, "write", write)
    return calls


OLD_DATE = "2024-05-06 07:08+0000"


def _catalog_file(tmp_path: Path, body: str) -> tuple[polib.POFile, bytes]:
    path = tmp_path / "fr.po"
    path.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
        f'"Language: fr\\n"\n"POT-Creation-Date: {OLD_DATE}\\n"\n'
        f'"PO-Revision-Date: {OLD_DATE}\\n"\n\n{body}',
        encoding="utf-8",
    )
    return read_po(path), path.read_bytes()


def test_a_merge_that_changes_the_catalog_writes_it_once_with_a_new_date(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    old, raw = _catalog_file(tmp_path, 'msgid "Kept."\nmsgstr "Gardé."\n')
    pot = catalog(entry("Kept."), entry("New."))
    merged = merge(old, pot)
    calls = _counting_writes(monkeypatch)
    data = finished_bytes(merged, old, raw)
    assert len(calls) == 1
    assert merged.metadata["PO-Revision-Date"] != OLD_DATE
    assert data == format_po(merged)  # what writing the whole catalog again gives


def test_the_same_content_differently_wrapped_keeps_its_date(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A catalog saved by another tool (one long line, not msgcat's wrapping) holding what the
    merge gives: rewritten in msgcat's form, its date kept, the old file never formatted."""
    long = "Un " + "très " * 30 + "long texte."
    old, raw = _catalog_file(tmp_path, f'msgid "Long."\nmsgstr "{long}"\n')
    pot = catalog(entry("Long."))
    pot.metadata["POT-Creation-Date"] = OLD_DATE
    merged = merge(old, pot)
    calls = _counting_writes(monkeypatch)
    data = finished_bytes(merged, old, raw)
    assert data != raw and len(calls) == 1
    assert merged.metadata["PO-Revision-Date"] == OLD_DATE
    assert read_po_bytes_entries(data, tmp_path) == [("Long.", long)]


def read_po_bytes_entries(data: bytes, tmp_path: Path) -> list[tuple[str, str]]:
    path = tmp_path / "written.po"
    path.write_bytes(data)
    return [(e.msgid, e.msgstr) for e in read_po(path)]


def test_a_header_that_loses_its_fuzzy_flag_gets_a_new_date(tmp_path: Path) -> None:
    """The merge writes a header without ``#, fuzzy``: a change, though every entry is kept."""
    old, raw = _catalog_file(tmp_path, 'msgid "Kept."\nmsgstr "Gardé."\n')
    path = tmp_path / "fr.po"
    path.write_bytes(b"#, fuzzy\n" + raw)
    old, raw = read_po(path), path.read_bytes()
    pot = catalog(entry("Kept."))
    pot.metadata["POT-Creation-Date"] = OLD_DATE
    merged = merge(old, pot)
    data = finished_bytes(merged, old, raw)
    assert merged.metadata["PO-Revision-Date"] != OLD_DATE and b"#, fuzzy" not in data
