"""alerti18n.importing.base: the importer registry; a registered importer is used by
``alerti18n import`` like the shipped ones."""

from __future__ import annotations

from pathlib import Path

import pytest
from support.projects import cli

from alerti18n.importing.base import DocumentProperties, Importer, parse_date, register
from alerti18n.importing.importer import importer_for, importers


def _plain_text(file: Path, data: bytes, name: str, work: Path):
    """A plain-text importer: the first line is the title, the rest paragraphs."""
    title, _, body = data.decode("utf-8").partition("\n")
    return DocumentProperties(title=title.strip()), body.lstrip("\n"), []


def test_the_shipped_importers_and_their_suffixes() -> None:
    found = {name: importer.suffixes for name, importer in importers().items()}
    assert found == {"docx": (".docx",), "html": (".html", ".htm"), "odt": (".odt",)}
    assert importer_for(Path("Alert.HTM")).name == "html"


def test_a_suffix_is_taken_once(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("alerti18n.importing.base.IMPORTERS", dict(importers()))
    with pytest.raises(ValueError, match="a suffix of another importer"):
        register(Importer("web", (".htm",), _plain_text))


def test_a_registered_importer_is_used_by_the_command(
    new_project_root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(importers(), "text", Importer("text", (".txt",), _plain_text))
    notice = tmp_path / "Road Notice.txt"
    notice.write_text("Road notice\n\nThe road is open.\n", encoding="utf-8")
    cli(new_project_root, "import", str(notice))
    written = (new_project_root / "source" / "road-notice.md").read_text("utf-8")
    assert written == "---\ntitle: Road notice\nlang: en\n---\n\nThe road is open.\n"
    out = cli(new_project_root, "import", str(tmp_path / "a.rtf"), code=2)
    assert "cannot import a .rtf" in out and ".txt" in out


def test_dates_are_read_from_the_start_of_a_timestamp() -> None:
    assert str(parse_date("2024-03-05T10:00:00Z")) == "2024-03-05"
    assert parse_date("2024-13-05") is None and parse_date("March 5") is None


@pytest.fixture
def new_project_root(new_project) -> Path:
    return new_project.root
