"""Hostile Argos packages, through ``alerti18n models install``: refused with one line naming
the file, exit 2, nothing written anywhere, before anything is extracted.

The packages are real ones built at test time (``support.argos_factory``) with one thing
wrong each (``hostile_packages``): a zip bomb that unpacks to 60 times its size though every
member is under the member limit, metadata.json fields of the wrong type or holding a path, a
newline or an escape sequence, a top folder whose name is not a package name. A package that
some other tool put in the packages folder by hand is held to the same rules when listed.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from support.argos_factory import HOSTILE_METADATA, build_argosmodel, hostile_packages
from support.projects import invoke, small_project

from alerti18n.mt import packages as models
from alerti18n.po import marks
from alerti18n.po.pofile import read_po


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_argosmodel(tmp_path_factory.mktemp("pkg"), copy=True)


@pytest.fixture(scope="module")
def hostile(package: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return hostile_packages(package, tmp_path_factory.mktemp("hostile"))


def snapshot(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def refused(*args: str) -> str:
    """Run the CLI in-process; assert a refusal: exit 2, one ``error:`` line, no traceback."""
    result = invoke(None, *args)
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    (line,) = result.output.splitlines()
    assert line.startswith("error: "), result.output
    return line


CASES = {
    "bomb": "times its size (limit 20 times)",
    "metadata-deep": "invalid metadata.json: nested too deeply",
    "metadata-huge": "metadata.json is larger than 1048576 bytes",
    "top-newline": "is not a package name",
    "top-space": "is not a package name",
    "version-newline": "package_version",
    "version-list": "package_version",
    "version-number": "package_version",
    "version-slash": "package_version",
    "code-dotdot": "from_code",
    "code-slash": "to_code",
    "code-list": "to_code",
    "code-newline": "to_code",
    "code-unknown": 'to_code "qq" is an unknown language',
    "code-missing": "from_code",
    "name-escape": "from_name",
    "name-bidi": "to_name",
    "name-list": "name",
    "prefix-newline": "target_prefix",
    "links-text": "links is not a list",
    "links-numbers": "links are not all text",
    "languages-object": "languages is not a list",
}


def test_every_hostile_metadata_has_a_case() -> None:
    assert set(HOSTILE_METADATA) <= set(CASES)


@pytest.mark.parametrize(("kind", "says"), CASES.items(), ids=list(CASES))
def test_a_hostile_package_is_refused_with_one_line_and_nothing_written(
    hostile: dict[str, Path], kind: str, says: str, tmp_path: Path
) -> None:
    folder = hostile[kind].parent
    before = snapshot(folder)
    models_dir = tmp_path / "models"
    line = refused("models", "install", str(hostile[kind]), "--models-dir", str(models_dir))
    assert line.startswith(f"error: {hostile[kind]}: ") and says in line
    assert "\n" not in line and "\x1b" not in line
    assert not models_dir.exists() or list(models_dir.iterdir()) == []
    assert snapshot(folder) == before  # nothing written beside the packages either


def test_a_zip_bomb_is_refused_before_anything_is_extracted(
    hostile: dict[str, Path], tmp_path: Path
) -> None:
    """Its every member is under the member limit, and all of it under the total limit: the
    ratio of unpacked bytes to the file's size is what gives it away."""
    bomb = hostile["bomb"]
    assert bomb.stat().st_size < 2 << 20  # under 2 MiB, which unpack to some 66 MiB
    with pytest.raises(models.ModelError, match="times its size") as caught:
        models.validate_package(bomb)  # the check alone, on the zip's directory
    assert caught.value.path == bomb


def test_a_package_put_in_the_folder_by_hand_is_held_to_the_same_rules(
    package: Path, tmp_path: Path
) -> None:
    """A newline in the version would split every draft's ``# mt:`` mark in two lines (with
    "1.0\nbeta", ``status`` counted no machine draft at all; with "1.0\nmt: x", the second
    line is a forged mark): such a package is ignored, with a warning, not used."""
    models_dir = tmp_path / "models"
    installed = models.install_file(package, models_dir)
    root = small_project(tmp_path, "# Notice\n\nThe road is open.\n")
    meta_path = installed.path / "metadata.json"
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    meta_path.write_text(json.dumps({**meta, "package_version": "1.0\nmt: x"}), encoding="utf-8")
    result = invoke(None, "models", "list", "--models-dir", str(models_dir))
    assert result.exit_code == 0
    assert "package_version" in result.output and "package ignored" in result.output
    assert "no translation package installed" in result.output
    assert "\nmt: x" not in result.output and "'1.0\\nmt: x' is not a version" in result.output
    catalog = root / "locales" / "fr" / "alert.po"
    before = catalog.read_bytes()
    result = invoke(root, "pretranslate", "--models-dir", str(models_dir))
    assert result.exit_code == 1 and "no translation package for en->fr" in result.output, (
        result.output
    )
    assert catalog.read_bytes() == before
    # Put right, the package is used and every draft's mark is one line that status counts.
    meta_path.write_text(json.dumps(meta), encoding="utf-8")
    result = invoke(root, "pretranslate", "--models-dir", str(models_dir))
    assert result.exit_code == 0, result.output
    drafts = [e for e in read_po(catalog) if e.msgid and marks.machine_draft(e)]
    assert len(drafts) == 2
    status = invoke(root, "status", "--format", "json")
    assert [s["machine"] for s in json.loads(status.output)] == [2]


def test_a_package_left_out_for_its_metadata_can_still_be_removed(
    package: Path, tmp_path: Path
) -> None:
    models_dir = tmp_path / "models"
    installed = models.install_file(package, models_dir)
    meta_path = installed.path / "metadata.json"
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    meta_path.write_text(json.dumps({**meta, "to_code": "../../x"}), encoding="utf-8")
    assert models.list_packages(models_dir) == []
    result = invoke(None, "models", "remove", installed.name, "--models-dir", str(models_dir))
    assert result.exit_code == 0 and not installed.path.exists()
    assert refused("models", "remove", "..", "--models-dir", str(models_dir))
    assert models_dir.is_dir() and tmp_path.is_dir()
