"""The pipeline's stages (alerti18n.stages), called directly on a fresh project."""

from __future__ import annotations

from pathlib import Path

import pytest

from alerti18n.config import Project, load_project
from alerti18n.errors import PoFileError
from alerti18n.pofile import read_po
from alerti18n.scaffold import init_project
from alerti18n.segment import parse_document
from alerti18n.stages.build import build
from alerti18n.stages.extract import extract, load_parsed
from alerti18n.stages.inputs import config_bytes, glossary_of, state_of
from alerti18n.stages.renames import orphaned_catalogs, translated_at_all
from alerti18n.stages.update import update


@pytest.fixture
def proj(tmp_path: Path) -> Project:
    root = tmp_path / "p"
    init_project(root, "en", ["fr"], name="Stages")
    return load_project(root)


def test_inputs(proj: Project) -> None:
    assert config_bytes(proj).startswith(proj.config_file.read_bytes() + b"\0")
    assert config_bytes(proj).endswith(proj.glossary.read_bytes() if proj.glossary else b"")
    assert state_of(proj).path == proj.state_dir / "state.json"
    assert glossary_of(proj) is not None


def test_extract_writes_templates_once(proj: Project) -> None:
    written = extract(proj)
    pot = proj.pot_path("example")
    assert written == [pot]
    source = proj.root / "source" / "example.md"
    msgids = {e.msgid for e in read_po(pot) if e.msgid}
    assert msgids == {s.text for s in parse_document(source, "en").segments}
    # nothing changed: nothing is written again
    assert extract(proj) == []
    # the saved parse is what parsing gives
    loaded = load_parsed(proj, source, "example", source.read_bytes())
    assert loaded.segments == parse_document(source, "en").segments


def test_update_needs_the_template(proj: Project) -> None:
    with pytest.raises(PoFileError, match="template missing"):
        update(proj)


def test_update_creates_catalogs(proj: Project) -> None:
    extract(proj)
    po = proj.po_path("fr", "example")
    assert update(proj) == [po]
    pot_ids = [e.msgid for e in read_po(proj.pot_path("example"))]
    assert [e.msgid for e in read_po(po)] == pot_ids
    assert update(proj) == []
    assert not translated_at_all(proj, "example")


def test_build_writes_each_language(proj: Project) -> None:
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


def test_orphaned_catalogs_after_a_source_is_removed(proj: Project) -> None:
    extract(proj)
    update(proj)
    assert orphaned_catalogs(proj, {"example"}) == {}
    orphans = orphaned_catalogs(proj, set())
    assert orphans == {"example": [proj.pot_path("example"), proj.po_path("fr", "example")]}
