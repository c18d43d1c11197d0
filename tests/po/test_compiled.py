"""A catalog's translations as build reads them, and the cache keyed by the PO's digest."""

from __future__ import annotations

from pathlib import Path

from support.projects import small_project

from alerti18n.core.config import load_project
from alerti18n.core.state import file_digest
from alerti18n.po.compiled import load_translations, read_catalog, translations_of
from alerti18n.po.pofile import read_po, write_po

TEXT = "# Alert\n\nStay inside. Close the windows.\n"


def test_only_what_a_person_translated_is_kept_and_cached(tmp_path: Path) -> None:
    root = small_project(tmp_path, TEXT)
    project = load_project(root)
    path = project.po_path("fr", "alert")
    po = read_po(path)
    po[0].msgstr = "Alerte"
    po[1].msgstr, po[1].flags = "Restez à l'intérieur.", ["fuzzy"]
    write_po(po, path)
    assert translations_of(read_catalog(project, "fr", "alert")) == {"Alert": "Alerte"}
    assert translations_of(None) == {}
    assert read_catalog(project, "hy", "alert") is None
    digest = file_digest(path)
    assert load_translations(project, "fr", "alert", path, digest) == {"Alert": "Alerte"}
    path.unlink()  # the cache answers while the digest is the same
    assert load_translations(project, "fr", "alert", path, digest) == {"Alert": "Alerte"}
