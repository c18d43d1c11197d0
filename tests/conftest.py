"""Shared fixtures: fixture projects (``tests/roots/``) and the shipped project copied to a
temporary folder, and a real LibreTranslate server for the session (``libretranslate_server``,
from tests/support/ltserver.py). Helpers the tests import live in ``tests/support/``."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from hypothesis import settings
from support.ltserver import libretranslate_packages, libretranslate_server  # noqa: F401
from support.projects import BASIC, copy_root
from support.tools import IN_CI, REPO, require_shared

if TYPE_CHECKING:
    from alerti18n.core.config import Project

# CI is a gate: the same examples on every run, so a red run is reproducible and a green one is
# not luck. Elsewhere hypothesis explores anew each time (and keeps what fails in its database).
settings.register_profile("ci", derandomize=True, database=None)
if IN_CI:
    settings.load_profile("ci")


#: The marker a test gets from a fixture it uses: the tool behind the fixture (the markers are
#: registered in pyproject.toml; ``make test-fast`` leaves these tests out).
FIXTURE_MARKERS = {
    "browser": "browser",
    "site": "browser",
    "libretranslate_server": "libretranslate",
    "libretranslate_packages": "libretranslate",
}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        for name in getattr(item, "fixturenames", ()):
            if name in FIXTURE_MARKERS:
                item.add_marker(FIXTURE_MARKERS[name])


def pytest_runtest_setup(item: pytest.Item) -> None:
    if item.get_closest_marker("needs_shared"):
        require_shared()


@pytest.fixture
def shipped_project(tmp_path: Path) -> Path:
    """A temporary copy of the shipped project (source, locales, config).

    Only for the tests of the shipped alert's own content (``tests/e2e/test_shipped_alert.py``);
    every other test copies a fixture project of ``tests/roots/`` (``basic_project``).
    """
    root = tmp_path / "project"
    root.mkdir()
    shutil.copy(REPO / "pyproject.toml", root / "pyproject.toml")
    shutil.copytree(REPO / "source", root / "source")
    shutil.copytree(REPO / "locales", root / "locales")
    return root


@pytest.fixture
def basic_project(tmp_path: Path) -> Path:
    """A temporary copy of the basic fixture project (``tests/roots/basic``)."""
    return copy_root(BASIC, tmp_path)


@pytest.fixture
def new_project(tmp_path: Path) -> Project:
    """A new project (``init``: one example document, French), loaded; nothing run yet."""
    from alerti18n.core.config import load_project
    from alerti18n.stages.init import init_project

    root = tmp_path / "p"
    init_project(root, "en", ["fr"], name="Stages")
    return load_project(root)
