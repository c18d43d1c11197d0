"""alerti18n.stages.renames, called directly: catalogs whose document is gone, and whether a
document's catalogs hold any translation."""

from __future__ import annotations

from alerti18n.core.config import Project
from alerti18n.po.pofile import read_po, write_po
from alerti18n.stages.extract import extract
from alerti18n.stages.renames import orphaned_catalogs, translated_at_all
from alerti18n.stages.update import update


def test_orphaned_catalogs_after_a_source_is_removed(new_project: Project) -> None:
    proj = new_project
    extract(proj)
    update(proj)
    assert orphaned_catalogs(proj, {"example"}) == {}
    orphans = orphaned_catalogs(proj, set())
    assert orphans == {"example": [proj.pot_path("example"), proj.po_path("fr", "example")]}


def test_translated_at_all_sees_one_translation(new_project: Project) -> None:
    proj = new_project
    extract(proj)
    update(proj)
    assert not translated_at_all(proj, "example")
    path = proj.po_path("fr", "example")
    po = read_po(path)
    first = next(e for e in po if e.msgid)
    first.msgstr = "Exemple"
    write_po(po, path)
    assert translated_at_all(proj, "example")


def test_a_renamed_documents_release_history_follows_it(new_project: Project) -> None:
    """Its versions go on under the new name: the next release is an amendment of them."""
    from alerti18n.reports.history import (
        History,
        VersionRecord,
        history_path,
        load_history,
        save_history,
    )

    proj = new_project
    extract(proj)
    update(proj)
    path = proj.po_path("fr", "example")
    po = read_po(path)
    for entry in po:
        entry.msgstr = entry.msgstr or f"[fr] {entry.msgid}"
    write_po(po, path)
    source = proj.source_dir / "example.md"
    text = source.read_text(encoding="utf-8")
    record = VersionRecord("1", "2025-03-01", "2025-03-03T12:00:00Z", "0" * 64, text, ["x"])
    save_history(proj, History("example", history_path(proj, "example"), [record]))
    source.rename(proj.source_dir / "example-alert.md")
    written = extract(proj)
    moved = history_path(proj, "example-alert")
    assert moved in written and not history_path(proj, "example").exists()
    assert load_history(proj, "example-alert").versions == [record]
    assert proj.po_path("fr", "example-alert").is_file()
