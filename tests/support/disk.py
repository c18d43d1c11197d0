"""A full disk and a read-only folder, for real, on the machine the tests run on.

``full_disk(folder)`` mounts a small tmpfs there and fills it, so that every write
fails with ENOSPC, as on a full disk; where mounting is not allowed (not root, or a
container without CAP_SYS_ADMIN) it yields None, and the caller uses
``file_size_limit`` instead: a process whose files may not grow past a few bytes
(RLIMIT_FSIZE), whose writes fail with EFBIG. ``read_only(folder)`` makes a folder
read-only: by chmod for an ordinary user, for root (whom permissions do not stop)
by a read-only bind mount, else by the immutable attribute (``chattr +i``).
"""

from __future__ import annotations

import contextlib
import os
import resource
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path


def _run(*args: str) -> bool:
    try:
        return subprocess.run(args, capture_output=True).returncode == 0
    except OSError:  # no such tool here
        return False


@contextlib.contextmanager
def full_disk(folder: Path, size_kb: int = 4096) -> Iterator[Path | None]:
    """A tmpfs of ``size_kb`` KiB at ``folder`` (made empty); yields a filler file to fill
    it with :func:`fill` (delete it to free the disk), or None where mounting is refused."""
    folder.mkdir(parents=True, exist_ok=True)
    if not _run("mount", "-t", "tmpfs", "-o", f"size={size_kb}k", "tmpfs", str(folder)):
        yield None
        return
    try:
        yield folder / ".filler"
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=True)


def fill(filler: Path) -> None:
    """Write ``filler`` until the disk it is on has no byte left."""
    with open(filler, "wb", buffering=0) as handle, contextlib.suppress(OSError):
        while True:
            handle.write(b"\0" * 4096)


def file_size_limit(limit: int) -> dict:
    """``subprocess.run`` keywords for a process whose files cannot grow past ``limit`` bytes."""

    def limited() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return {"preexec_fn": limited}


@contextlib.contextmanager
def read_only(folder: Path) -> Iterator[str]:
    """``folder`` made read-only for the block; yields how ("chmod", "bind mount", "chattr")."""
    if os.geteuid() != 0:
        modes = {p: p.stat().st_mode for p in [folder, *folder.rglob("*")] if p.is_dir()}
        for path in modes:
            path.chmod(modes[path] & ~0o222)
        try:
            yield "chmod"
        finally:
            for path, mode in modes.items():
                path.chmod(mode)
        return
    if _run("mount", "--bind", str(folder), str(folder)):
        if _run("mount", "-o", "remount,bind,ro", str(folder)):
            try:
                yield "bind mount"
            finally:
                subprocess.run(["umount", "-l", str(folder)], check=True)
            return
        subprocess.run(["umount", "-l", str(folder)], check=True)
    chattr = shutil.which("chattr")
    folders = [folder, *(p for p in folder.rglob("*") if p.is_dir())]
    if chattr and _run(chattr, "+i", *map(str, folders)):
        try:
            yield "chattr"
        finally:
            subprocess.run([chattr, "-i", *map(str, folders)], check=True)
        return
    import pytest

    pytest.skip("cannot make a folder read-only here: root without mount or chattr")
