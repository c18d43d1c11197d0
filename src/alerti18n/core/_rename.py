"""Renames that cannot lose a file someone saves meanwhile (private to core.files).

:func:`create` puts a staged file in place only where no file is (``link``,
which fails if one appeared). :func:`replace_if` exchanges the staged file and
the target in one step (Linux ``renameat2(RENAME_EXCHANGE)``), then checks the
file it took away; if that is not the file expected, it is put back. Where the
system cannot exchange, it renames, and the caller's check just before is all
there is.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import functools
import os
from collections.abc import Callable
from pathlib import Path

_AT_FDCWD = -100
_NOREPLACE = 1
_EXCHANGE = 2
#: What renameat2 answers where the system or the file system cannot do it.
_UNSUPPORTED = {errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP, errno.ENOTSUP}


@functools.cache
def _renameat2() -> Callable[..., int] | None:
    with contextlib.suppress(OSError, AttributeError):
        func = ctypes.CDLL(None, use_errno=True).renameat2
        func.argtypes = [
            ctypes.c_int,
            ctypes.c_char_p,
            ctypes.c_int,
            ctypes.c_char_p,
            ctypes.c_uint,
        ]
        func.restype = ctypes.c_int
        return func  # type: ignore[no-any-return]
    return None


def _rename2(source: Path, target: Path, flags: int) -> bool:
    """``renameat2``; False where it is not supported, OSError on any other failure."""
    func = _renameat2()
    if func is None:
        return False
    if func(_AT_FDCWD, os.fsencode(source), _AT_FDCWD, os.fsencode(target), flags) == 0:
        return True
    code = ctypes.get_errno()
    if code in _UNSUPPORTED:
        return False
    raise OSError(code, os.strerror(code), str(target))


def create(staged: Path, target: Path) -> bool:
    """Rename ``staged`` to ``target`` unless a file is there; False (``staged`` kept) if one is."""
    try:
        os.link(staged, target)
    except FileExistsError:
        return False
    except OSError:  # a file system without hard links (FAT, some network shares)
        try:
            if _rename2(staged, target, _NOREPLACE):
                return True
        except FileExistsError:
            return False
        if os.path.lexists(target):
            return False
        os.replace(staged, target)
        return True
    os.unlink(staged)
    return True


def replace_if(staged: Path, target: Path, expected: Callable[[Path], bool]) -> bool:
    """Rename ``staged`` over ``target`` if what it replaces is ``expected``; else False.

    The caller has just checked ``target``. With an exchange, the replaced file
    is checked again after the exchange, under ``staged``'s name: if a save came
    in between, that save is put back (or a newer one left in place) and
    ``staged`` ends up holding the command's file, or an older save, for the
    caller to remove.
    """
    ours = os.lstat(staged).st_ino
    if not _rename2(staged, target, _EXCHANGE):
        os.replace(staged, target)
        return True
    if expected(staged):
        os.unlink(staged)
        return True
    _put_back(staged, target, ours)
    return False


def _put_back(staged: Path, target: Path, ours: int) -> None:
    """After an exchange that took away a save: the newest save goes back to ``target``."""
    try:
        now = os.lstat(target).st_ino
    except FileNotFoundError:
        now = None
    if now != ours:  # a newer save already replaced the command's file: it stays
        return
    _rename2(staged, target, _EXCHANGE)
    with contextlib.suppress(FileNotFoundError):
        if os.lstat(staged).st_ino != ours:  # a newer save came between the look and the exchange
            _rename2(staged, target, _EXCHANGE)
