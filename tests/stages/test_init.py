"""``alerti18n init``: the project it creates records its name."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from support.cycles import cycle, project_id

from alerti18n.cli.main import main
from alerti18n.core.config import load_project
from alerti18n.core.errors import ConfigError
from alerti18n.stages.init import init_project

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib


def test_init_writes_the_folder_name_and_clones_keep_it(tmp_path: Path) -> None:
    root = tmp_path / "org-alerts"
    result = CliRunner().invoke(main, ["init", str(root), "--target", "fr"])
    assert result.exit_code == 0, result.output
    table = tomllib.loads((root / "alerti18n.toml").read_text("utf-8"))["tool"]["alerti18n"]
    assert table["name"] == "org-alerts"
    clone = tmp_path / "clone-of-it"
    shutil.copytree(root, clone)
    assert cycle(root) == cycle(clone)
    assert project_id(clone / "locales" / "fr" / "example.po") == "org-alerts example"


def test_init_name_option(tmp_path: Path) -> None:
    root = tmp_path / "x"
    result = CliRunner().invoke(main, ["init", str(root), "--name", "Our  alerts"])
    assert result.exit_code == 0, result.output
    assert load_project(root).name == "Our alerts"  # white space collapsed


@pytest.mark.parametrize("name", ['Say "hi" \\o/', "Ինստիտուտ"])
def test_init_name_is_written_as_toml(tmp_path: Path, name: str) -> None:
    init_project(tmp_path / "p", "en", ["hy"], name)
    project = load_project(tmp_path / "p")
    assert (project.name, project.name_from) == (name, "config")


@pytest.mark.parametrize("name", ["", "  ", "a\x01b"])
def test_init_refuses_an_unusable_name(tmp_path: Path, name: str) -> None:
    with pytest.raises(ConfigError):
        init_project(tmp_path / "p", "en", ["hy"], name)
    assert not (tmp_path / "p").exists()


def test_init_never_overwrites_a_file_already_there(tmp_path: Path) -> None:
    """``init .`` in a repository: its .gitignore and glossary are kept as they are."""
    root = tmp_path / "repo"
    (root / "locales").mkdir(parents=True)
    (root / ".gitignore").write_text("secrets/\n", encoding="utf-8")
    (root / "locales" / "glossary.csv").write_text("en,fr\nhospital,hôpital\n", "utf-8")
    created = init_project(root, "en", ["fr"], name="Repo")
    assert (root / ".gitignore").read_text(encoding="utf-8") == "secrets/\n"
    assert "hôpital" in (root / "locales" / "glossary.csv").read_text(encoding="utf-8")
    assert sorted(p.relative_to(root).as_posix() for p in created) == [
        "alerti18n.toml",
        "source/example.md",
    ]
