"""Shared fixtures: the shipped project copied to a temporary folder, real gettext tools."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
CORPUS_PO = SHARED / "corpus" / "po"
CORPUS_MD = SHARED / "corpus" / "markdown" / "rust-book"


def require_tool(name: str) -> str:
    """Path of an external tool; skip without it, but fail under CI=true (.ci/run installs it)."""
    found = shutil.which(name)
    if found:
        return found
    if os.environ.get("CI") == "true":
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
    """A temporary copy of the shipped project (source, locales, config)."""
    root = tmp_path / "project"
    root.mkdir()
    shutil.copy(REPO / "pyproject.toml", root / "pyproject.toml")
    shutil.copytree(REPO / "source", root / "source")
    shutil.copytree(REPO / "locales", root / "locales")
    return root
