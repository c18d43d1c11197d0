"""Project configuration: the project's name never comes from the checkout folder."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from support.cycles import cycle, project_id

from alerti18n.cli.main import main
from alerti18n.core.config import DEFAULT_NAME, Project, load_project
from alerti18n.core.errors import AlertI18nError, ConfigError

#: The basic fixture project (tests/roots/basic): its name and first document.
NAME = "basic"
DOC = "field-hospital"


def without_name(project: Path) -> None:
    """Drop ``name`` from the config, as in projects made before init wrote one."""
    config = project / "pyproject.toml"
    table = f'[tool.alerti18n]\nname = "{NAME}"\n'
    text = config.read_text(encoding="utf-8")
    assert table in text
    config.write_text(text.replace(table, "[tool.alerti18n]\n"), encoding="utf-8")


def test_two_clones_in_folders_of_other_names_make_the_same_bytes(
    basic_project: Path, tmp_path: Path
) -> None:
    """A config without ``name``: the name its catalogs already carry is kept, not the folder's."""
    project = basic_project
    without_name(project)
    outputs = {}
    for folder in (f"{NAME}-main", "colleague-clone"):
        root = tmp_path / folder
        shutil.copytree(project, root)
        outputs[folder] = cycle(root)
        assert load_project(root).name == NAME
        assert project_id(root / "locales" / f"{DOC}.pot") == f"{NAME} {DOC}"
        assert f"<title>{NAME}</title>" in (root / "build" / "index.html").read_text("utf-8")
    assert outputs[f"{NAME}-main"] == outputs["colleague-clone"]


def test_name_from_the_config_first(basic_project: Path) -> None:
    config = basic_project / "pyproject.toml"
    text = config.read_text(encoding="utf-8")
    text = text.replace(f'alerti18n]\nname = "{NAME}"', 'alerti18n]\nname = "Relief notices"')
    config.write_text(text, encoding="utf-8")
    project_ = load_project(basic_project)
    assert (project_.name, project_.name_from) == ("Relief notices", "config")


def test_name_from_a_catalog_when_there_is_no_template(basic_project: Path) -> None:
    """No POT: the first PO of the first target language; its document part is dropped."""
    project = basic_project
    without_name(project)
    templates = sorted((project / "locales").glob("*.pot"))
    assert [p.stem for p in templates][:1] == [DOC]  # so DOC's is the first PO of a language
    for template in templates:
        template.unlink()
    hy = project / "locales" / "hy" / f"{DOC}.po"
    hy.write_text(
        hy.read_text("utf-8").replace(
            f"Project-Id-Version: {project_id(hy)}", f"Project-Id-Version: Our team {DOC}"
        ),
        encoding="utf-8",
    )
    project_ = load_project(project)
    assert (project_.name, project_.name_from) == ("Our team", "catalogs")  # hy before fr


@pytest.mark.parametrize("value", ["PACKAGE VERSION", "{document}", ""])
def test_placeholder_names_are_skipped(basic_project: Path, value: str) -> None:
    """xgettext's placeholder, the catalog's own document name alone, or nothing."""
    project = basic_project
    without_name(project)
    for catalog in (project / "locales").rglob("*.po*"):
        text = catalog.read_text("utf-8")
        line = f'"Project-Id-Version: {value.format(document=catalog.stem)}\\\\n"'
        new = re.sub(r'(?m)^"Project-Id-Version: .*\\n"$', line, text)
        catalog.write_text(new, encoding="utf-8")
    project_ = load_project(project)
    assert (project_.name, project_.name_from) == (DEFAULT_NAME, "default")


def test_without_name_or_catalogs_the_default_and_a_warning(basic_project: Path) -> None:
    project = basic_project
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
def test_invalid_name_is_bad_input(basic_project: Path, value: str) -> None:
    config = basic_project / "pyproject.toml"
    text = config.read_text(encoding="utf-8")
    assert f'alerti18n]\nname = "{NAME}"' in text
    text = text.replace(f'alerti18n]\nname = "{NAME}"', f"alerti18n]\nname = {value}")
    config.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as error:
        load_project(basic_project)
    assert error.value.path == config and error.value.exit_code == 2


def test_the_private_folders_are_named_once(new_project: Project) -> None:
    """State, saved parses and caches each have their own folder in ``.alerti18n/``."""
    proj = new_project
    assert proj.state_dir == proj.root / ".alerti18n"
    places = [
        proj.state_file,
        proj.segments_dir,
        proj.compiled_dir,
        proj.mt_cache_dir,
        proj.tm_cache_dir,
    ]
    assert all(place.parent == proj.state_dir for place in places)
    assert len({place.name for place in places} | {"lock"}) == len(places) + 1


def _set(project: Path, key: str, value: str) -> None:
    config = project / "pyproject.toml"
    text = config.read_text(encoding="utf-8")
    line = next(line for line in text.splitlines() if line.startswith(f"{key} ="))
    config.write_text(text.replace(line, f"{key} = {value}"), encoding="utf-8")


FOLDER_KEYS = ("source-dir", "locales-dir", "build-dir", "dist-dir", "glossary")


@pytest.mark.parametrize("key", FOLDER_KEYS)
@pytest.mark.parametrize("value", ['"/tmp/elsewhere"', '"../elsewhere"', '"a/../../elsewhere"'])
def test_a_path_outside_the_project_is_refused(basic_project: Path, key: str, value: str) -> None:
    """A config copied from another project must not make a build write (and later delete)
    outside this one; an absolute source-dir used to give a traceback."""
    _set(basic_project, key, value)
    with pytest.raises(ConfigError, match=f"{key} points outside the project"):
        load_project(basic_project)


@pytest.mark.parametrize("key", FOLDER_KEYS)
def test_a_link_leading_out_is_refused_too(basic_project: Path, tmp_path: Path, key: str) -> None:
    (tmp_path / "outside").mkdir()
    (basic_project / "out-link").symlink_to(tmp_path / "outside", target_is_directory=True)
    _set(basic_project, key, '"out-link/x"')
    with pytest.raises(ConfigError, match="outside the project"):
        load_project(basic_project)


@pytest.mark.parametrize("value", ["5", "[]", '""', "true"])
def test_a_folder_must_be_a_path(basic_project: Path, value: str) -> None:
    _set(basic_project, "build-dir", value)
    with pytest.raises(ConfigError, match="build-dir must be a path"):
        load_project(basic_project)


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("build-dir", '"source"'),
        ("build-dir", '"locales/build"'),
        ("dist-dir", '"source/dist"'),
        ("dist-dir", '"locales"'),
        ("source-dir", '"."'),  # the build folder would be inside the sources
        ("locales-dir", '"build/locales"'),
    ],
)
def test_outputs_and_inputs_never_share_a_folder(basic_project: Path, key: str, value: str) -> None:
    _set(basic_project, key, value)
    with pytest.raises(ConfigError, match="overlap"):
        load_project(basic_project)


def test_a_config_that_is_no_regular_file_is_one_line(basic_project: Path) -> None:
    config = basic_project / "pyproject.toml"
    text = config.read_text(encoding="utf-8")
    config.unlink()
    elsewhere = basic_project.parent / "elsewhere.toml"
    elsewhere.write_text(text, encoding="utf-8")
    for target in ("/dev/zero", str(elsewhere)):
        (basic_project / "alerti18n.toml").symlink_to(target)
        with pytest.raises(AlertI18nError, match="outside the project"):
            load_project(basic_project)
        (basic_project / "alerti18n.toml").unlink()
    os.mkfifo(basic_project / "alerti18n.toml")
    with pytest.raises(AlertI18nError, match="FIFO"):
        load_project(basic_project)
    (basic_project / "alerti18n.toml").unlink()
    config.write_text(text + "#" * (1024 * 1024) + "\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="too large for a config file"):
        load_project(basic_project)


def test_a_glossary_that_is_a_folder_or_fifo_is_refused(basic_project: Path) -> None:
    glossary = basic_project / "locales" / "glossary.csv"
    glossary.unlink()
    os.mkfifo(glossary)
    with pytest.raises(AlertI18nError, match="FIFO"):
        load_project(basic_project)


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ('signing = "https://x"', "signing must be a table"),
        ('[tool.alerti18n.signing]\nkey = "x"', "unknown signing setting"),
        ("[tool.alerti18n.signing]\npublic-key = 3", "public-key must be one line"),
        ('[tool.alerti18n.signing]\npublic-key = "a\\nb"', "public-key must be one line"),
    ],
)
def test_signing_settings_are_checked(new_project: Project, table: str, message: str) -> None:
    config = new_project.config_file
    text = config.read_text(encoding="utf-8")
    if table.startswith("["):
        config.write_text(text + "\n" + table + "\n", encoding="utf-8")
    else:  # a key of the main table
        config.write_text(text.replace("[tool.alerti18n]\n", f"[tool.alerti18n]\n{table}\n"))
    with pytest.raises(ConfigError, match=message):
        load_project(new_project.root)


def test_where_the_public_key_is_published_is_read(new_project: Project) -> None:
    config = new_project.config_file
    with config.open("a", encoding="utf-8") as handle:
        handle.write('\n[tool.alerti18n.signing]\npublic-key = " https://example.org/k.pub "\n')
    assert load_project(new_project.root).signing == {"public-key": "https://example.org/k.pub"}


@pytest.mark.parametrize("rule", ["hold", "notice", "mix"])
def test_a_policy_says_what_release_does_with_an_outdated_language(
    basic_project: Path, rule: str
) -> None:
    config = basic_project / "pyproject.toml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text + f'\n[tool.alerti18n.policy.fr]\noutdated = "{rule}"\n', "utf-8")
    project_ = load_project(basic_project)
    assert project_.policy_for("fr").outdated == rule
    assert project_.policy_for("hy").outdated is None  # no rule: such a language is refused


@pytest.mark.parametrize("value", ['"publish"', "true", '["hold"]'])
def test_an_unknown_outdated_rule_is_bad_input(basic_project: Path, value: str) -> None:
    config = basic_project / "pyproject.toml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text + f"\n[tool.alerti18n.policy.hy]\noutdated = {value}\n", "utf-8")
    with pytest.raises(ConfigError) as caught:
        load_project(basic_project)
    assert "outdated" in caught.value.format_message() and caught.value.path == config
    assert "hold, notice, mix" in (caught.value.hint or "")
