"""The project lock: one writing command at a time, and a lock that never outlives its owner.

The lock is the kernel's (``flock`` on ``.alerti18n/lock``): it goes away with
the process that holds it, however that process ends (kill -9, a full disk, a
crash), so no lock file can block the project forever. The file also says who
holds it (command, pid, host, since): a second writer waits for ``wait``
seconds (default 5, or ``$ALERTI18N_LOCK_WAIT``), then fails naming the holder.
A file left by a command that died (its content, or an empty file) is taken
over, with a warning naming that command. Read-only commands never take it.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import logging
import os
import stat
import time
from collections.abc import Iterator
from pathlib import Path

from alerti18n.core.errors import AlertI18nError, FileError, LockError
from alerti18n.core.files import STATE_FOLDER, inside, kind_of, os_error

log = logging.getLogger(__name__)


@contextlib.contextmanager
def project_lock(root: Path, command: str, wait: float | None = None) -> Iterator[None]:
    """Hold the project's write lock for the duration of a writing command."""
    if wait is None:
        wait = float(os.environ.get("ALERTI18N_LOCK_WAIT", "5"))
    lock = root / STATE_FOLDER / "lock"
    inside(lock, root)
    made = not lock.parent.exists()
    try:
        lock.parent.mkdir(parents=True, exist_ok=True)
        fd = _acquire(lock, command, time.monotonic() + wait)
    except OSError as exc:
        raise _error(exc, lock) from None
    try:
        yield
    finally:
        with contextlib.suppress(OSError):
            os.unlink(lock)  # while still holding it: a waiter then finds it gone, and retries
        os.close(fd)
        if made:  # a command that wrote nothing leaves no trace
            with contextlib.suppress(OSError):
                lock.parent.rmdir()


def _acquire(lock: Path, command: str, deadline: float) -> int:
    """The open, locked lock file (see the module docstring)."""
    while True:
        fd, created = _open(lock)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _holder(fd)
            os.close(fd)
            if time.monotonic() >= deadline:
                raise LockError(
                    f"the project is locked by {_who(holder)}",
                    lock,
                    hint="wait for it to finish, then run the command again",
                ) from None
            time.sleep(0.1)
            continue
        except OSError as exc:
            os.close(fd)
            raise _error(exc, lock) from None
        if not _still_there(fd, lock):  # its holder removed it while we waited: take the new one
            os.close(fd)
            continue
        left = None if created else _holder(fd)
        if left is not None:
            log.warning("%s: took over the lock %s left; it is no longer running", lock, _who(left))
        _write_owner(fd, command)
        return fd


def _open(lock: Path) -> tuple[int, bool]:
    """The lock file, open, and whether this call created it."""
    flags = os.O_RDWR | os.O_CLOEXEC | os.O_NOFOLLOW | os.O_NONBLOCK
    try:
        try:
            fd, created = os.open(lock, flags | os.O_CREAT | os.O_EXCL, 0o644), True
        except FileExistsError:
            fd, created = os.open(lock, flags), False
    except FileNotFoundError:  # removed between the two opens: try again
        return _open(lock)
    except OSError as exc:
        raise _error(exc, lock) from None
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):
        os.close(fd)
        raise LockError(f"is {kind_of(mode)}, not a lock file", lock, hint="remove it")
    return fd, created


def _still_there(fd: int, lock: Path) -> bool:
    try:
        return os.stat(lock, follow_symlinks=False).st_ino == os.fstat(fd).st_ino
    except FileNotFoundError:
        return False


def _holder(fd: int) -> dict | None:
    """Who the lock file names: None if it is empty and new (someone is just taking it),
    ``{}`` if it names nobody (left empty or unreadable)."""
    try:
        data = os.pread(fd, 4096, 0)
        young = time.time() - os.fstat(fd).st_mtime < 2
    except OSError:
        return {}
    if not data and young:
        return None
    try:
        found = json.loads(data)
    except ValueError:
        return {}
    return found if isinstance(found, dict) else {}


def _who(holder: dict | None) -> str:
    if not holder:
        return "a command that did not say who it was (the lock file is empty or unreadable)"
    return (
        f"'{holder.get('command')}' (pid {holder.get('pid')} on {holder.get('host')}, "
        f"since {holder.get('since')})"
    )


def _write_owner(fd: int, command: str) -> None:
    """Say who holds the lock; the lock holds even if this fails (a full disk)."""
    me = {
        "pid": os.getpid(),
        "host": _host(),
        "command": command,
        "since": time.strftime("%Y-%m-%dT%H:%M:%S"),
    }
    with contextlib.suppress(OSError):
        os.ftruncate(fd, 0)
        os.pwrite(fd, json.dumps(me).encode("utf-8"), 0)


def _host() -> str:
    """This machine's network name, as ``platform.node()`` gives it (without importing
    ``platform``, which every writing command would pay for at its start)."""
    if hasattr(os, "uname"):
        return os.uname().nodename
    import platform

    return platform.node()


def _error(exc: OSError, lock: Path) -> AlertI18nError:
    return os_error(exc, lock, "take the project lock", FileError)
