"""Project configuration: the project's name never comes from the checkout folder."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from alerti18n.cli import main
from alerti18n.config import DEFAULT_NAME, load_project
from alerti18n.errors import ConfigError

DOC = "sos-alert-artsakh-2"


def tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def without_name(project: Path) -> None:
    """Drop ``name`` from the shipped config, as in projects made before init wrote one."""
    config = project / "pyproject.toml"
    table = '[tool.alerti18n]\nname = "alerti18n"\n'
    text = config.read_text(encoding="utf-8")
    assert table in text
    config.write_text(text.replace(table, "[tool.alerti18n]\n"), encoding="utf-8")


def project_id(catalog: Path) -> str:
    match = re.search(r'^"Project-Id-Version: (.*)\\n"$', catalog.read_text("utf-8"), re.M)
    assert match, catalog
    return match.group(1)


def cycle(root: Path) -> dict[str, bytes]:
    """extract, update, build (md, html, txt): the catalogs and pages it leaves."""
    for args in (["extract"], ["update"], ["build", "--format", "md,html,txt"]):
        result = CliRunner().invoke(
            main, [*args, "--project", str(root)], env={"SOURCE_DATE_EPOCH": "1695340800"}
        )
        assert result.exit_code == 0, result.output
    return {**tree(root / "locales"), **tree(root / "build")}


def test_two_clones_in_folders_of_other_names_make_the_same_bytes(
    project: Path, tmp_path: Path
) -> None:
    """A config without ``name``: the name its catalogs already carry is kept, not the folder's."""
    without_name(project)
    outputs = {}
    for folder in ("alerti18n-main", "colleague-clone"):
        root = tmp_path / folder
        shutil.copytree(project, root)
        outputs[folder] = cycle(root)
        assert load_project(root).name == "alerti18n"
        assert project_id(root / "locales" / f"{DOC}.pot") == f"alerti18n {DOC}"
        assert "<title>alerti18n</title>" in (root / "build" / "index.html").read_text("utf-8")
    assert outputs["alerti18n-main"] == outputs["colleague-clone"]


def test_name_from_the_config_first(project: Path) -> None:
    config = project / "pyproject.toml"
    text = config.read_text(encoding="utf-8")
    text = text.replace('alerti18n]\nname = "alerti18n"', 'alerti18n]\nname = "Lemkin"')
    config.write_text(text, encoding="utf-8")
    project_ = load_project(project)
    assert (project_.name, project_.name_from) == ("Lemkin", "config")


def test_name_from_a_catalog_when_there_is_no_template(project: Path) -> None:
    """No POT: the first PO of the first target language; its document part is dropped."""
    without_name(project)
    (project / "locales" / f"{DOC}.pot").unlink()
    hy = project / "locales" / "hy" / f"{DOC}.po"
    hy.write_text(
        hy.read_text("utf-8").replace(
            f"Project-Id-Version: {project_id(hy)}", f"Project-Id-Version: Our team {DOC}"
        ),
        encoding="utf-8",
    )
    project_ = load_project(project)
    assert (project_.name, project_.name_from) == ("Our team", "catalogs")  # hy before fr


@pytest.mark.parametrize("value", ["PACKAGE VERSION", DOC, ""])
def test_placeholder_names_are_skipped(project: Path, value: str) -> None:
    without_name(project)
    for catalog in (project / "locales").rglob("*.po*"):
        text = catalog.read_text("utf-8")
        line = f'"Project-Id-Version: {value}\\\\n"'
        new = re.sub(r'(?m)^"Project-Id-Version: .*\\n"$', line, text)
        catalog.write_text(new, encoding="utf-8")
    project_ = load_project(project)
    assert (project_.name, project_.name_from) == (DEFAULT_NAME, "default")


def test_without_name_or_catalogs_the_default_and_a_warning(project: Path) -> None:
    without_name(project)
    shutil.rmtree(project / "locales")
    (project / "locales").mkdir()
    result = CliRunner().invoke(main, ["extract", "--project", str(project)])
    assert result.exit_code == 0, result.output
    assert "no project name set" in result.stderr and "pyproject.toml" in result.stderr
    assert project_id(project / "locales" / f"{DOC}.pot") == f"{DEFAULT_NAME} {DOC}"
    result = CliRunner().invoke(main, ["extract", "--project", str(project)])
    assert "no project name set" not in result.stderr  # the template now carries the name


@pytest.mark.parametrize("value", ['""', '"two\\nlines"', "3"])
def test_invalid_name_is_bad_input(project: Path, value: str) -> None:
    config = project / "pyproject.toml"
    text = config.read_text(encoding="utf-8")
    text = text.replace('alerti18n]\nname = "alerti18n"', f"alerti18n]\nname = {value}")
    config.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as error:
        load_project(project)
    assert error.value.path == config and error.value.exit_code == 2
