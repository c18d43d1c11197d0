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
