"""The index page: one entry per built document, titles from each language's catalog."""

from __future__ import annotations

from pathlib import Path

from support.projects import cli, small_project

from alerti18n.core.config import load_project
from alerti18n.output.index import index_entries
from alerti18n.po.pofile import read_po, write_po

TEXT = "---\ntitle: Alert\ndate: 2023-09-22\n---\n\nStay inside.\n"


def test_titles_come_from_the_catalogs(tmp_path: Path) -> None:
    root = small_project(tmp_path, TEXT, langs="fr,hy")
    path = root / "locales" / "fr" / "alert.po"
    po = read_po(path)
    po.find("Alert").msgstr = "Alerte"
    write_po(po, path)
    cli(root, "build", "--format", "html")
    project = load_project(root)
    [entry] = index_entries(project, project.build_dir)
    assert (entry.doc, entry.title, str(entry.date)) == ("alert", "Alert", "2023-09-22")
    titles = {link.lang: link.title for link in entry.links}
    assert titles == {"en": "Alert", "fr": "Alerte", "hy": "Alert"}
    page = (project.build_dir / "index.html").read_text(encoding="utf-8")
    assert 'href="fr/alert.html"' in page and "Alerte" in page
