"""Stage orchestration: worker processes give exactly what one process gives."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from support.tools import CORPUS_MD, msgfmt_check, require_shared

from alerti18n.cli.main import main
from alerti18n.core import workers
from alerti18n.core.config import Project, load_project
from alerti18n.core.errors import PoFileError
from alerti18n.core.state import file_digest
from alerti18n.po.pofile import read_po
from alerti18n.stages.build import build
from alerti18n.stages.extract import extract
from alerti18n.stages.init import init_project
from alerti18n.stages.update import update

#: A document of the basic fixture project (tests/roots/basic); OTHER is its second one.
DOC = "field-hospital"
OTHER = "water-points"


def tree(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def corpus_project(root: Path, mode: str, monkeypatch: pytest.MonkeyPatch) -> Project:
    """A project on 10 corpus chapters, run in this process or in workers (``mode``)."""
    require_shared()
    init_project(root, "en", ["fr", "hy"])
    (root / "source" / "example.md").unlink()
    for path in sorted(CORPUS_MD.glob("ch0*.md"))[:10]:
        shutil.copy(path, root / "source" / path.name)
    monkeypatch.setattr(workers, "PARALLEL_FROM", 2 if mode == "parallel" else 10**9)
    return load_project(root)


def test_parallel_and_serial_runs_agree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1695340800")
    results = {}
    for mode in ("serial", "parallel"):
        root = tmp_path / mode / "project"  # same name: it goes into the headers
        project = corpus_project(root, mode, monkeypatch)
        extract(project)
        update(project)
        built = build(project, formats=("md", "html", "txt"))
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
    extract(project)
    update(project)
    build(project, formats=("md", "html"))
    for po in (root / "locales" / "fr").glob("*.po"):  # translations change every output
        po.write_text(po.read_text().replace('msgstr ""\n\n', 'msgstr "x"\n\n'), "utf-8")
    broken = sorted((root / "locales" / "hy").glob("*.po"))[6]
    broken.write_text(broken.read_text() + '\nmsgid "dangling"\n', encoding="utf-8")
    (root / "source" / "ch01-01-installation.md").write_text("# Changed\n", encoding="utf-8")
    extract(project)
    before = {**tree(root / "locales"), **tree(root / "build")}
    with pytest.raises(PoFileError) as error:
        build(project, formats=("md", "html"))
    assert error.value.path == broken
    with pytest.raises(PoFileError):
        update(project)
    assert {**tree(root / "locales"), **tree(root / "build")} == before


def test_build_uses_the_compiled_translations_only_while_the_po_is_unchanged(
    basic_project: Path,
) -> None:
    """update leaves each catalog's translations keyed by the PO's digest; build trusts
    them for exactly those bytes, and parses the PO again once a translator edits it."""
    project = basic_project
    proj = load_project(project)
    extract(proj)
    update(proj)
    po_path = proj.po_path("fr", DOC)
    po = read_po(po_path)
    entry = next(e for e in po if len(e.msgstr) > 30 and not {'"', "\\"} & set(e.msgstr[:12]))
    compiled = project / ".alerti18n" / "compiled" / "fr" / f"{DOC}.json"
    saved = json.loads(compiled.read_text(encoding="utf-8"))
    assert saved["po"] == file_digest(po_path)
    assert saved["translations"][entry.msgid] == entry.msgstr
    # a marker planted in the compiled file shows whether build read it
    saved["translations"][entry.msgid] = "MARQUEUR-COMPILÉ"
    compiled.write_text(json.dumps(saved), encoding="utf-8")
    build(proj, ["fr"], formats=("md",))
    page = (project / "build" / "fr" / f"{DOC}.md").read_text(encoding="utf-8")
    assert "MARQUEUR-COMPILÉ" in page
    # a translator's edit changes the PO's digest: the PO is parsed again
    start = entry.msgstr[:12].encode()
    po_path.write_bytes(po_path.read_bytes().replace(start, b"Traduction revue ", 1))
    build(proj, ["fr"], formats=("md",))
    page = (project / "build" / "fr" / f"{DOC}.md").read_text(encoding="utf-8")
    assert "MARQUEUR-COMPILÉ" not in page and "Traduction revue " in page
    assert json.loads(compiled.read_text(encoding="utf-8"))["po"] == file_digest(po_path)
    # an unreadable compiled file is ignored, not trusted
    compiled.write_text("{not json", encoding="utf-8")
    po_path.write_bytes(po_path.read_bytes().replace(b"Traduction revue ", b"Texte revu ", 1))
    build(proj, ["fr"], formats=("md",))
    page = (project / "build" / "fr" / f"{DOC}.md").read_text(encoding="utf-8")
    assert "Texte revu " in page


def cli(root: Path, *args: str) -> tuple[str, str]:
    """Run a command on the project; its standard output and error."""
    result = CliRunner().invoke(main, [*args, "--project", str(root)])
    assert result.exit_code == 0, result.output
    return result.stdout, result.stderr


def cycle(root: Path) -> None:
    for args in (["extract"], ["update"], ["build", "--format", "md,html,txt"]):
        cli(root, *args)


def test_a_renamed_document_keeps_its_translations(basic_project: Path) -> None:
    project = basic_project
    cycle(project)
    old_po = {lang: read_po(project / "locales" / lang / f"{DOC}.po") for lang in ("fr", "hy")}
    source = project / "source" / f"{DOC}.md"
    text = source.read_text(encoding="utf-8")
    changed, edit = "is run by volunteers", "is staffed by volunteers"
    assert changed in text
    source.unlink()  # renamed, and one sentence edited on the way
    (project / "source" / "clinic.md").write_text(text.replace(changed, edit), encoding="utf-8")
    out, err = cli(project, "extract")
    assert f"locales/fr/{DOC}.po -> locales/fr/clinic.po" in err
    assert "extract: wrote locales/fr/clinic.po" in out
    assert not list((project / "locales").rglob(f"{DOC}.po*"))
    cli(project, "update")
    edited = 0
    for lang, before in old_po.items():
        after = read_po(project / "locales" / lang / "clinic.po")
        by_id = {e.msgid: e for e in after}
        for entry in before:
            if entry.obsolete or not entry.msgstr:
                continue
            if changed in entry.msgid:  # the edited sentence: its translation, marked fuzzy
                new = by_id[entry.msgid.replace(changed, edit)]
                assert new.fuzzy and new.msgstr == entry.msgstr and new.previous_msgid
                edited += 1
            else:  # every unchanged sentence keeps its translation and its state
                kept = by_id[entry.msgid]
                assert (kept.msgstr, kept.fuzzy, kept.obsolete) == (
                    entry.msgstr,
                    entry.fuzzy,
                    False,
                )
        assert {e.msgstr for e in before if e.msgstr} <= {e.msgstr for e in after}  # nothing lost
        msgfmt_check(project / "locales" / lang / "clinic.po")
    assert edited == 2  # the edited sentence, in each language
    cli(project, "build", "--format", "md,html,txt")
    assert not list((project / "build").rglob(f"{DOC}.*"))  # its old pages are gone
    for lang in ("en", "fr", "hy"):
        assert (project / "build" / lang / "clinic.html").is_file()
        assert (project / "build" / lang / f"{OTHER}.html").is_file()  # the other is untouched
    index = (project / "build" / "index.html").read_text(encoding="utf-8")
    assert "clinic.html" in index and DOC not in index


@pytest.mark.parametrize("case", ["deleted", "two new documents", "rewritten"])
def test_orphaned_catalogs_are_named_and_kept(basic_project: Path, case: str) -> None:
    project = basic_project
    cli(project, "extract")
    cli(project, "update")
    source = project / "source" / f"{DOC}.md"
    text = source.read_text(encoding="utf-8")
    source.unlink()
    if case == "two new documents":  # which one is the old one? not for us to guess
        for name in ("part-1.md", "part-2.md"):
            (project / "source" / name).write_text(text, encoding="utf-8")
    elif case == "rewritten":  # a new document that shares too little with the old one
        kept = text.split("\n\n")[3]  # one paragraph of it
        (project / "source" / "other.md").write_text(f"# Other\n\n{kept}\n", encoding="utf-8")
    catalogs = [f"locales/{DOC}.pot", f"locales/hy/{DOC}.po", f"locales/fr/{DOC}.po"]
    before = {name: (project / name).read_bytes() for name in catalogs}
    for _ in range(2):  # on every extract, until someone resolves it
        _, err = cli(project, "extract")
        assert f"source/{DOC}.md no longer exists, but its catalogs remain: " in err
        assert ", ".join(catalogs) in err and "git mv" in err
    assert {name: (project / name).read_bytes() for name in catalogs} == before
    assert not list((project / "locales").rglob("part-*.po")) + list(
        (project / "locales").rglob("other.po")
    )


def test_build_removes_the_pages_of_a_deleted_document(basic_project: Path) -> None:
    project = basic_project
    (project / "source" / "note.md").write_text("# A note\n\nOne sentence.\n", encoding="utf-8")
    cycle(project)
    build = project / "build"
    pages = sorted(build.rglob("note.*"))
    assert len(pages) == 9  # en, fr, hy x md, html, txt
    assert "note.html" in (build / "index.html").read_text(encoding="utf-8")
    mine = build / "fr" / "note.notes.txt"  # not written by build: never removed
    mine.write_text("my notes", encoding="utf-8")
    edited = build / "hy" / "note.txt"  # written by build, then changed by hand: kept
    edited.write_text("changed by hand", encoding="utf-8")
    (project / "source" / "note.md").unlink()
    _, err = cli(project, "build", "--format", "md,html,txt")
    assert set(build.rglob("note.*")) == {edited, mine}
    assert f"{edited}: the document is gone, but the file changed" in err
    assert "note.html" not in (build / "index.html").read_text(encoding="utf-8")
    assert (build / "en" / f"{DOC}.html").is_file()
    units = json.loads((project / ".alerti18n" / "state.json").read_text())["units"]["build"]
    assert not [unit for unit in units if unit.endswith("/note")]
    cli(project, "build", "--format", "md,html,txt")  # and nothing more to do
    assert set(build.rglob("note.*")) == {edited, mine}


def test_a_rename_resolved_after_the_warning_still_carries_over(basic_project: Path) -> None:
    """Two candidates: a warning; once one is deleted, the other takes the translations,
    replacing the empty catalogs ``update`` made for it meanwhile."""
    project = basic_project
    cli(project, "extract")
    cli(project, "update")
    source = project / "source" / f"{DOC}.md"
    for name in ("part-1.md", "part-2.md"):
        shutil.copy(source, project / "source" / name)
    source.unlink()
    translated = {e.msgid: e.msgstr for e in read_po(project / "locales" / "fr" / f"{DOC}.po")}
    _, err = cli(project, "extract")
    assert "no longer exists" in err
    cli(project, "update")
    assert not read_po(project / "locales" / "fr" / "part-1.po").translated_entries()
    (project / "source" / "part-2.md").unlink()
    _, err = cli(project, "extract")
    assert f"locales/fr/{DOC}.po -> locales/fr/part-1.po" in err
    assert "source/part-2.md no longer exists, but its catalogs remain: locales/part-2.pot" in err
    cli(project, "update")
    after = {e.msgid: e.msgstr for e in read_po(project / "locales" / "fr" / "part-1.po")}
    assert after == translated
