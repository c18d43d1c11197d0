"""Stage orchestration: worker processes give exactly what one process gives."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import CORPUS_MD

from alerti18n import pipeline
from alerti18n.config import Project, load_project
from alerti18n.errors import PoFileError
from alerti18n.pofile import read_po
from alerti18n.scaffold import init_project
from alerti18n.state import file_digest


def tree(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def corpus_project(root: Path, mode: str, monkeypatch: pytest.MonkeyPatch) -> Project:
    """A project on 10 corpus chapters, run in this process or in workers (``mode``)."""
    init_project(root, "en", ["fr", "hy"])
    (root / "source" / "example.md").unlink()
    for path in sorted(CORPUS_MD.glob("ch0*.md"))[:10]:
        shutil.copy(path, root / "source" / path.name)
    monkeypatch.setattr(pipeline, "PARALLEL_FROM", 2 if mode == "parallel" else 10**9)
    return load_project(root)


def test_parallel_and_serial_runs_agree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1695340800")
    results = {}
    for mode in ("serial", "parallel"):
        root = tmp_path / mode / "project"  # same name: it goes into the headers
        project = corpus_project(root, mode, monkeypatch)
        pipeline.extract(project)
        pipeline.update(project)
        built = pipeline.build(project, formats=("md", "html", "txt"))
        assert len(built) == 30
        results[mode] = {**tree(root / "locales"), **tree(root / "build")}
    assert results["serial"] == results["parallel"]


@pytest.mark.parametrize("mode", ["serial", "parallel"])
def test_a_broken_catalog_stops_every_write(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, mode: str
) -> None:
    """One bad PO among many: build and update replace nothing and leave no temporary file."""
    root = tmp_path / "project"
    project = corpus_project(root, mode, monkeypatch)
    pipeline.extract(project)
    pipeline.update(project)
    pipeline.build(project, formats=("md", "html"))
    for po in (root / "locales" / "fr").glob("*.po"):  # translations change every output
        po.write_text(po.read_text().replace('msgstr ""\n\n', 'msgstr "x"\n\n'), "utf-8")
    broken = sorted((root / "locales" / "hy").glob("*.po"))[6]
    broken.write_text(broken.read_text() + '\nmsgid "dangling"\n', encoding="utf-8")
    (root / "source" / "ch01-01-installation.md").write_text("# Changed\n", encoding="utf-8")
    pipeline.extract(project)
    before = {**tree(root / "locales"), **tree(root / "build")}
    with pytest.raises(PoFileError) as error:
        pipeline.build(project, formats=("md", "html"))
    assert error.value.path == broken
    with pytest.raises(PoFileError):
        pipeline.update(project)
    assert {**tree(root / "locales"), **tree(root / "build")} == before


def test_build_uses_the_compiled_translations_only_while_the_po_is_unchanged(
    project: Path,
) -> None:
    """update leaves each catalog's translations keyed by the PO's digest; build trusts
    them for exactly those bytes, and parses the PO again once a translator edits it."""
    proj = load_project(project)
    pipeline.extract(proj)
    pipeline.update(proj)
    po_path = proj.po_path("fr", "sos-alert-artsakh-2")
    po = read_po(po_path)
    entry = next(e for e in po if len(e.msgstr) > 30 and not {'"', "\\"} & set(e.msgstr[:12]))
    compiled = project / ".alerti18n" / "compiled" / "fr" / "sos-alert-artsakh-2.json"
    saved = json.loads(compiled.read_text(encoding="utf-8"))
    assert saved["po"] == file_digest(po_path)
    assert saved["translations"][entry.msgid] == entry.msgstr
    # a marker planted in the compiled file shows whether build read it
    saved["translations"][entry.msgid] = "MARQUEUR-COMPILÉ"
    compiled.write_text(json.dumps(saved), encoding="utf-8")
    pipeline.build(proj, ["fr"], formats=("md",))
    page = (project / "build" / "fr" / "sos-alert-artsakh-2.md").read_text(encoding="utf-8")
    assert "MARQUEUR-COMPILÉ" in page
    # a translator's edit changes the PO's digest: the PO is parsed again
    start = entry.msgstr[:12].encode()
    po_path.write_bytes(po_path.read_bytes().replace(start, b"Traduction revue ", 1))
    pipeline.build(proj, ["fr"], formats=("md",))
    page = (project / "build" / "fr" / "sos-alert-artsakh-2.md").read_text(encoding="utf-8")
    assert "MARQUEUR-COMPILÉ" not in page and "Traduction revue " in page
    assert json.loads(compiled.read_text(encoding="utf-8"))["po"] == file_digest(po_path)
    # an unreadable compiled file is ignored, not trusted
    compiled.write_text("{not json", encoding="utf-8")
    po_path.write_bytes(po_path.read_bytes().replace(b"Traduction revue ", b"Texte revu ", 1))
    pipeline.build(proj, ["fr"], formats=("md",))
    page = (project / "build" / "fr" / "sos-alert-artsakh-2.md").read_text(encoding="utf-8")
    assert "Texte revu " in page
