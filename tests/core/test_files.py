"""Atomic, change-aware writes; the project lock; links out of the project."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from alerti18n.core.errors import AlertI18nError, LockError
from alerti18n.core.files import atomic_write, project_lock


def test_atomic_write_only_when_changed(tmp_path: Path) -> None:
    path = tmp_path / "a" / "f.po"
    assert atomic_write(path, b"one") is True
    stamp = path.stat().st_mtime_ns
    time.sleep(0.01)
    assert atomic_write(path, b"one") is False
    assert path.stat().st_mtime_ns == stamp
    assert atomic_write(path, b"two") is True and path.read_bytes() == b"two"
    assert [p.name for p in path.parent.iterdir()] == ["f.po"]  # no temp file left


def test_refuses_to_write_through_a_link_out_of_the_project(tmp_path: Path) -> None:
    root, outside = tmp_path / "project", tmp_path / "outside"
    root.mkdir()
    outside.mkdir()
    (root / "build").symlink_to(outside, target_is_directory=True)
    with pytest.raises(AlertI18nError, match="outside the project"):
        atomic_write(root / "build" / "x.html", b"x", root)
    assert list(outside.iterdir()) == []


def test_second_writer_waits_then_fails_naming_the_holder(tmp_path: Path) -> None:
    with project_lock(tmp_path, "update"):
        start = time.monotonic()
        with pytest.raises(LockError) as info, project_lock(tmp_path, "build", wait=0.5):
            pass
        assert time.monotonic() - start >= 0.5
        message = info.value.format_message()
        assert "'update'" in message and f"pid {os.getpid()}" in message
    with project_lock(tmp_path, "build", wait=0.1):  # released: free again
        pass


def test_stale_lock_of_a_dead_process_is_taken_over(tmp_path: Path) -> None:
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
    ).stdout.strip()
    lock = tmp_path / ".alerti18n" / "lock"
    lock.parent.mkdir()
    import socket

    lock.write_text(json.dumps({"pid": int(dead), "host": socket.gethostname(), "command": "x"}))
    with project_lock(tmp_path, "update", wait=0.2):
        assert json.loads(lock.read_text())["command"] == "update"
