"""The project lock: one writer at a time, and never a lock that outlives its owner."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from alerti18n.core.errors import AlertI18nError, LockError
from alerti18n.core.lock import project_lock


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


def test_an_empty_lock_file_is_taken_over_with_a_warning(tmp_path: Path, caplog) -> None:
    """What a command killed while taking the lock (or on a full disk) used to leave."""
    lock = tmp_path / ".alerti18n" / "lock"
    lock.parent.mkdir()
    lock.write_bytes(b"")
    old = time.time() - 60
    os.utime(lock, (old, old))
    with project_lock(tmp_path, "update", wait=0.2):
        assert json.loads(lock.read_text())["command"] == "update"
    assert "took over the lock" in caplog.text and "empty" in caplog.text
    assert not lock.exists()  # released


def test_a_lock_dies_with_its_holder(tmp_path: Path) -> None:
    """kill -9 of the holder: the next command takes the lock at once, naming what it found."""
    code = (
        "import sys, time; from pathlib import Path\n"
        "from alerti18n.core.lock import project_lock\n"
        "with project_lock(Path(sys.argv[1]), 'build'):\n"
        "    print('held', flush=True); time.sleep(60)\n"
    )
    holder = subprocess.Popen(
        [sys.executable, "-c", code, str(tmp_path)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "held\n"
        blocked = pytest.raises(LockError, match=rf"locked by 'build' \(pid {holder.pid}")
        with blocked, project_lock(tmp_path, "update", wait=0.3):
            pass
    finally:
        holder.kill()
        holder.wait()
    start = time.monotonic()
    with project_lock(tmp_path, "update", wait=5):
        assert time.monotonic() - start < 1


@pytest.mark.parametrize("kind", ["folder", "fifo", "link-out"])
def test_a_lock_path_that_is_no_file_is_one_line(tmp_path: Path, kind: str) -> None:
    lock = tmp_path / ".alerti18n" / "lock"
    lock.parent.mkdir()
    if kind == "folder":
        lock.mkdir()
    elif kind == "fifo":
        os.mkfifo(lock)
    else:
        lock.symlink_to(tmp_path.parent / "elsewhere")
    with pytest.raises(AlertI18nError) as info, project_lock(tmp_path, "update", wait=0.1):
        pass
    assert "\n" not in info.value.format_message()
    assert not (tmp_path.parent / "elsewhere").exists()


def test_a_state_folder_linked_out_of_the_project_is_refused(tmp_path: Path) -> None:
    root, outside = tmp_path / "p", tmp_path / "outside"
    root.mkdir()
    outside.mkdir()
    (root / ".alerti18n").symlink_to(outside, target_is_directory=True)
    refused = pytest.raises(AlertI18nError, match="outside the project")
    with refused, project_lock(root, "update", wait=0.1):
        pass
    assert list(outside.iterdir()) == []
