"""alerti18n.stages.build, called directly on a new project: documents per language."""

from __future__ import annotations

from alerti18n.core.config import Project
from alerti18n.stages.build import build
from alerti18n.stages.extract import extract
from alerti18n.stages.update import update


def test_build_writes_each_language(new_project: Project) -> None:
    proj = new_project
    extract(proj)
    update(proj)
    built = build(proj, formats=("md", "txt"))
    assert {(b.doc, b.lang) for b in built} == {("example", "en"), ("example", "fr")}
    for b in built:
        assert {f.suffix for f in b.files} >= {".md", ".txt"}
        assert all(f.is_file() for f in b.files)
    fr = next(b for b in built if b.lang == "fr")
    # nothing is translated yet: every sentence falls back to the source
    assert fr.fallbacks == fr.total > 0
    source_md = next(f for b in built if b.lang == "en" for f in b.files if f.suffix == ".md")
    fr_md = next(f for f in fr.files if f.suffix == ".md")
    assert fr_md.read_text(encoding="utf-8") == source_md.read_text(encoding="utf-8")
