"""Safe file writing: atomic, change-aware, never through a link out of the project."""

from __future__ import annotations

import contextlib
import functools
import json
import os
import re
import time
from collections.abc import Iterator
from pathlib import Path

from alerti18n.core.errors import AlertI18nError, LockError


def ensure_inside(path: Path, root: Path) -> Path:
    """Return ``path`` resolved, refusing one that resolves outside ``root``.

    Resolving follows symlinks, so a link inside the project that points out
    of it is refused too.
    """
    plain_name = path.name not in ("", ".", "..") and not path.is_symlink()
    # in the common case only the folders can lead elsewhere, and they repeat
    resolved = _resolved_folder(path.parent) / path.name if plain_name else path.resolve()
    if not resolved.is_relative_to(_resolved_folder(root)):
        raise AlertI18nError(
            "refusing to write outside the project",
            path,
            hint=f"the path resolves to {resolved}, which is not under {root}",
        )
    return resolved


@functools.lru_cache(maxsize=256)
def _resolved_folder(folder: Path) -> Path:
    # A command writes many files into few folders; resolving each folder once
    # per process keeps the check cheap (a folder swapped for a link while one
    # command runs is outside what this guards against).
    return folder.resolve()


def atomic_write(path: Path, data: bytes, root: Path | None = None, durable: bool = True) -> bool:
    """Write ``data`` to ``path`` atomically; return False when nothing changed.

    The bytes go to a temporary file in the same folder, are fsync'ed, then
    renamed over the target, so a reader (or a crash) sees the old or the new
    file, never a mix. An unchanged file is not touched at all, which keeps
    modification times and git diffs quiet.

    ``durable=False`` skips the fsyncs, for files that can be rebuilt (build
    outputs, caches): the rename is still atomic for readers and for a killed
    process; only a power cut may lose the newest version.
    """
    staged = stage_write(path, data, root, durable)
    if staged is None:
        return False
    commit_write(staged, path, durable)
    return True


def stage_write(
    path: Path, data: bytes, root: Path | None = None, durable: bool = True
) -> Path | None:
    """First half of :func:`atomic_write`: ``data`` in a temporary file beside ``path``.

    Returns the temporary file, or None when ``path`` already holds ``data``.
    Staging many files and committing them only when all are ready lets a
    command write nothing at all if one of them fails.
    """
    if root is not None:
        ensure_inside(path, root)
    old: os.stat_result | None
    try:
        old = path.stat()
    except (FileNotFoundError, NotADirectoryError):
        old = None
        path.parent.mkdir(parents=True, exist_ok=True)
    else:
        if old.st_size == len(data) and path.read_bytes() == data:
            return None
    tmp = path.parent / f".{path.name}.{os.urandom(6).hex()}.tmp"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o600)
    try:
        os.fchmod(fd, old.st_mode & 0o7777 if old else 0o644)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            if durable:
                handle.flush()
                os.fsync(handle.fileno())
    except BaseException:
        discard_staged([tmp])
        raise
    return tmp


def commit_write(staged: Path, path: Path, durable: bool = True) -> None:
    """Second half of :func:`atomic_write`: rename the staged file over ``path``."""
    try:
        os.replace(staged, path)
    except BaseException:
        discard_staged([staged])
        raise
    if durable:
        _fsync_dir(path.parent)


_STAGED_NAME = re.compile(r"\..+\.[0-9a-f]{12}\.tmp")


def remove_leftovers(folder: Path) -> list[Path]:
    """Delete temporary files that a killed command staged under ``folder``; return them.

    Only names of the form :func:`stage_write` gives are touched.
    """
    found = [p for p in folder.rglob(".*.tmp") if _STAGED_NAME.fullmatch(p.name)]
    discard_staged(found)
    return found


def discard_staged(staged: list[Path]) -> None:
    """Remove staged files that will not be committed."""
    for tmp in staged:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)


def _fsync_dir(folder: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


@contextlib.contextmanager
def project_lock(root: Path, command: str, wait: float | None = None) -> Iterator[None]:
    """Hold the project's write lock for the duration of a writing command.

    The lock is a file created with O_EXCL holding who took it; a second
    writer polls for ``wait`` seconds (default 5, or ALERTI18N_LOCK_WAIT),
    then fails naming the holder. Read-only commands never take it. A lock
    left by a process that no longer exists on this host is taken over.
    """
    if wait is None:
        wait = float(os.environ.get("ALERTI18N_LOCK_WAIT", "5"))
    lock = root / ".alerti18n" / "lock"
    lock.parent.mkdir(parents=True, exist_ok=True)
    me = {
        "pid": os.getpid(),
        "host": _host(),
        "command": command,
        "since": time.strftime("%Y-%m-%dT%H:%M:%S"),
    }
    deadline = time.monotonic() + wait
    while True:
        try:
            fd = os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
        except FileExistsError:
            holder = _read_holder(lock)
            if holder is not None and _is_stale(holder):
                with contextlib.suppress(FileNotFoundError):
                    lock.unlink()
                continue
            if time.monotonic() >= deadline:
                who = "an unknown process"
                if holder:
                    who = (
                        f"'{holder.get('command')}' (pid {holder.get('pid')} on "
                        f"{holder.get('host')}, since {holder.get('since')})"
                    )
                raise LockError(
                    f"the project is locked by {who}",
                    lock,
                    hint="wait for it to finish; if it crashed, delete the lock file",
                ) from None
            time.sleep(0.1)
            continue
        with os.fdopen(fd, "w") as handle:
            json.dump(me, handle)
        break
    try:
        yield
    finally:
        with contextlib.suppress(FileNotFoundError):
            lock.unlink()


def _host() -> str:
    """This machine's network name, as ``platform.node()`` gives it (without importing
    ``platform``, which every writing command would pay for at its start)."""
    if hasattr(os, "uname"):
        return os.uname().nodename
    import platform

    return platform.node()


def _read_holder(lock: Path) -> dict | None:
    try:
        return json.loads(lock.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _is_stale(holder: dict) -> bool:
    if holder.get("host") != _host():
        return False
    try:
        os.kill(int(holder.get("pid", -1)), 0)
    except ProcessLookupError:
        return True
    except (OSError, ValueError):
        return False
    return False
