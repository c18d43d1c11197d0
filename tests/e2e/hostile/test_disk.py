"""A full disk, a read-only folder, a lock left behind: one line, nothing half-written, recovery.

A full disk or a read-only folder gave tracebacks in update, build, release, review and
tm import, and left an empty lock file after which every command said "locked by an
unknown process". Here each of these commands meets a real full disk (a small tmpfs,
filled; where mounting is not allowed, a process whose files may not grow, RLIMIT_FSIZE)
and a real read-only folder (see ``support.disk``): exit 2, one ``error:`` line, not a
byte changed, no lock left; once there is room again, the same command succeeds.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from support.disk import file_size_limit, fill, full_disk, read_only
from support.hostile import EXE, Outcome, error_line, run, snapshot

#: Each command, what it needs done first so that it has something to write, and the
#: folder it writes into (made read-only in the second test).
COMMANDS = {
    "update": (["update"], "locales"),
    "build": (["build", "--format", "md,html"], "build"),
    "release": (["release", "--allow-draft"], "dist"),
    "review": (["review", "--lang", "fr", "--by", "Ani"], "locales/fr"),
    "tm import": (["tm", "import", "{memory}"], "locales/tm"),
}


def prepare(project: Path, name: str, memory: Path) -> list[str]:
    """Make ``name`` have work to do in ``project``; its command line."""
    if name == "update":
        source = project / "source" / "field-hospital.md"
        source.write_text(source.read_text() + "\nOne more sentence.\n", encoding="utf-8")
        assert run(project, "extract").code == 0
    if name == "tm import":
        assert run(project, "tm", "export", "-o", str(memory)).code == 0
    args, _ = COMMANDS[name]
    return [a.format(memory=memory) for a in args]


class Disk:
    """Where the project lives while its disk is full, and how commands run there."""

    def __init__(self, tmp_path: Path, filler: Path | None) -> None:
        self.filler = filler
        self.home = filler.parent if filler else tmp_path / "limited"

    def fill(self) -> None:
        if self.filler is not None:
            fill(self.filler)

    def free(self) -> None:
        if self.filler is not None:
            self.filler.unlink()

    def run(self, project: Path, args: list[str], full: bool = True) -> Outcome:
        extra = file_size_limit(1000) if full and self.filler is None else {}
        done = subprocess.run(
            [EXE, *args, "--project", str(project)], capture_output=True, text=True, **extra
        )
        return Outcome(done.returncode, done.stdout, done.stderr)


@pytest.fixture
def disk(tmp_path: Path) -> Iterator[Disk]:
    with full_disk(tmp_path / "disk", 16 * 1024) as filler:
        yield Disk(tmp_path, filler)


@pytest.mark.parametrize("name", list(COMMANDS))
def test_a_full_disk(basic_project: Path, tmp_path: Path, disk: Disk, name: str) -> None:
    project = Path(shutil.copytree(basic_project, disk.home / "project"))
    args = prepare(project, name, tmp_path / "partner.tmx")
    before = snapshot(project)
    disk.fill()
    outcome = disk.run(project, args)
    error_line(outcome, words=("cannot write", "no space left" if disk.filler else "too large"))
    assert snapshot(project) == before  # nothing half-written, no lock, no temporary file
    disk.free()
    outcome = disk.run(project, args, full=False)
    assert outcome.code == 0, outcome.stderr
    assert "lock" not in outcome.stderr


@pytest.mark.parametrize("name", list(COMMANDS))
def test_a_read_only_folder(basic_project: Path, tmp_path: Path, name: str) -> None:
    args = prepare(basic_project, name, tmp_path / "partner.tmx")
    folder = basic_project / COMMANDS[name][1]
    folder.mkdir(parents=True, exist_ok=True)
    before = snapshot(basic_project)
    with read_only(folder):
        outcome = run(basic_project, *args, subprocess=True)
        error_line(outcome, words=("cannot",))
    assert snapshot(basic_project) == before
    assert run(basic_project, *args).code == 0


def test_a_read_only_project_is_one_line(basic_project: Path) -> None:
    with read_only(basic_project):
        outcome = run(basic_project, "update", subprocess=True)
        error_line(outcome, words=("cannot take the project lock",))
        assert run(basic_project, "status", subprocess=True).code == 0  # readers still read


def test_an_empty_lock_file_does_not_block_the_project(basic_project: Path) -> None:
    lock = basic_project / ".alerti18n" / "lock"
    lock.parent.mkdir()
    lock.write_bytes(b"")
    old = time.time() - 60
    os.utime(lock, (old, old))
    outcome = run(basic_project, "update", subprocess=True)
    assert outcome.code == 0, outcome.stderr
    assert "took over the lock" in outcome.stderr and not lock.exists()


def test_a_lock_left_by_a_killed_command_is_taken_over(basic_project: Path) -> None:
    """kill -9 during a command leaves its lock file; the next command goes on, and says so."""
    lock = basic_project / ".alerti18n" / "lock"
    holder = subprocess.Popen(  # a writer that holds the lock for a few seconds
        [EXE, "build", "--format", "pdf,docx,odt", "--project", str(basic_project)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while not (lock.exists() and lock.read_bytes()) and time.monotonic() < deadline:
        time.sleep(0.01)
    holder.send_signal(signal.SIGKILL)
    holder.wait()
    assert json.loads(lock.read_text())["pid"] == holder.pid  # left behind
    outcome = run(basic_project, "update", subprocess=True)
    assert outcome.code == 0, outcome.stderr
    assert f"pid {holder.pid}" in outcome.stderr and "no longer running" in outcome.stderr
    assert not lock.exists()
