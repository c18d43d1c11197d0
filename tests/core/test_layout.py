"""The project's inputs: where they are, what documents may be called, where outputs may go."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from alerti18n.core.errors import FileError, SourceError
from alerti18n.core.layout import ProjectFiles, check_document_name


@pytest.mark.parametrize(
    "name",
    ["alert", "sos-alert-artsakh-2", "ch01-01_installation", "v1.2", "doc/page-1", "A" * 100],
)
def test_plain_names_may_name_a_document(name: str) -> None:
    assert check_document_name(name) == name


@pytest.mark.parametrize(
    "name",
    [
        "a\nb",  # a newline would split the POT's "#:" reference and the release folder name
        "a" * 101,  # 250 characters made a temporary file name the system refused
        "two words",  # gettext splits "#:" references at spaces
        "Ալարմ",  # file names in URLs and on every system: ASCII letters and digits
        "-rf",
        ".hidden",
        "a..b",
        "trailing.",
        "doc//page",
        "../x",
        "con",  # Windows cannot check these out
        "aux.notes",
        "sub/NUL",
        "",
    ],
)
def test_other_names_are_refused_in_one_line(name: str) -> None:
    with pytest.raises(SourceError, match="cannot name a document") as info:
        check_document_name(name, Path("source") / f"{name}.md")
    assert "\n" not in info.value.format_message()


def _files(root: Path) -> ProjectFiles:
    return ProjectFiles(
        root,
        root / "source",
        root / "locales",
        root / "alerti18n.toml",
        root / "locales" / "glossary.csv",
        (root / "build", root / "dist"),
    )


@pytest.fixture
def layout(tmp_path: Path) -> ProjectFiles:
    root = tmp_path / "p"
    for folder in ("source/sub", "locales/fr", "build", ".alerti18n"):
        (root / folder).mkdir(parents=True)
    (root / "alerti18n.toml").write_text("")
    (root / "locales" / "glossary.csv").write_text("en\n")
    return _files(root)


def test_documents_are_the_plain_markdown_files_of_source(layout: ProjectFiles) -> None:
    source = layout.source_dir
    for name in ("b.md", "a.md", "sub/c.md", ".draft.md", "notes.txt"):
        (source / name).write_text("# T\n")
    assert [layout.doc_name(p) for p in layout.documents()] == ["a", "b", "sub/c"]


def test_a_bad_document_name_stops_every_command(layout: ProjectFiles) -> None:
    (layout.source_dir / "a\nb.md").write_text("# T\n")
    with pytest.raises(SourceError, match="cannot name a document") as info:
        layout.documents()
    assert "a\\u000ab.md" in info.value.format_message()


def test_names_differing_only_in_case_are_refused(layout: ProjectFiles) -> None:
    (layout.source_dir / "Alert.md").write_text("# T\n")
    (layout.source_dir / "alert.md").write_text("# T\n")
    with pytest.raises(SourceError, match="differ only in case"):
        layout.documents()


def test_a_document_linked_from_outside_the_project_is_refused(layout: ProjectFiles) -> None:
    secret = layout.root.parent / "secret.md"
    secret.write_text("# Private\n")
    (layout.source_dir / "leak.md").symlink_to(secret)
    with pytest.raises(FileError, match="leads outside the project"):
        layout.documents()
    os.unlink(layout.source_dir / "leak.md")
    (layout.root / "shared.md").write_text("# Shared\n")
    (layout.source_dir / "shared.md").symlink_to(layout.root / "shared.md")  # inside: fine
    assert [p.name for p in layout.documents()] == ["shared.md"]


def test_the_one_classification_of_a_catalog_path(layout: ProjectFiles) -> None:
    po = layout.locales_dir / "fr" / "doc.po"
    assert layout.existing(po) is None
    po.mkdir()
    with pytest.raises(FileError, match="is a folder, not a file"):
        layout.existing(po)
    po.rmdir()
    os.mkfifo(po)
    with pytest.raises(FileError, match="FIFO"):
        layout.existing(po)
    po.unlink()
    po.write_text("")
    assert layout.existing(po) == po


def test_catalogs_leave_out_the_state_and_output_folders(layout: ProjectFiles) -> None:
    for name in ("a.pot", "fr/a.po", "pages/fr.po", "tm/old.po"):
        path = layout.locales_dir / name
        path.parent.mkdir(exist_ok=True)
        path.write_text("")
    assert [p.relative_to(layout.locales_dir).as_posix() for p in layout.catalogs()] == [
        "a.pot",
        "fr/a.po",
        "pages/fr.po",
        "tm/old.po",
    ]


@pytest.mark.parametrize(
    "where",
    [
        "alerti18n.toml",
        "locales/glossary.csv",
        "locales/fr/doc.po",
        "locales/doc.pot",
        "source/doc.md",
        "source/new.html",
        "locales",
        ".alerti18n/state.json",
    ],
)
def test_an_output_never_lands_on_or_in_an_input(layout: ProjectFiles, where: str) -> None:
    with pytest.raises(FileError, match="would (replace|be written into)"):
        layout.refuse_output(layout.root / where, "the dashboard")


def test_an_output_may_go_elsewhere_even_outside_the_project(layout: ProjectFiles) -> None:
    for where in (layout.root / "status.html", layout.root / "build", layout.root.parent / "x"):
        assert layout.refuse_output(where, "the dashboard") == where.resolve()


def test_nothing_is_written_into_a_release(layout: ProjectFiles) -> None:
    release = layout.root / "dist" / "doc" / "1.0"
    release.mkdir(parents=True)
    manifest = {"document": "doc", "version": "1.0", "languages": [], "tools": {}}
    (release / "manifest.json").write_text(json.dumps(manifest))
    for where in (release, release / "fr", release / "doc" / "1.0"):
        with pytest.raises(FileError, match="into the release"):
            layout.refuse_output(where, "the release")
    # released again: the release folder itself, by release
    assert layout.refuse_output(release, "the release", release) == release
    assert layout.refuse_output(release / "fr", "the build", release) == release / "fr"
    with pytest.raises(FileError, match="into the release"):
        layout.refuse_output(release / "doc" / "1.0", "the release", release / "doc" / "1.0")
    (release / "manifest.json").write_text('{"name": "a web app"}')  # not a release
    assert layout.refuse_output(release / "fr", "the build") == release / "fr"
