"""The one way alerti18n touches the file system.

Every file the program reads or writes goes through this module (a test,
``tests/core/test_files.py``, finds any other ``open``, ``read_bytes``, ``rglob``...
in the package); :mod:`alerti18n.core.layout` knows which paths are the project's
inputs, and where outputs may not go.

* **Reading** (:func:`read_input`): only a regular file, never a FIFO (which
  blocks), a device (``/dev/zero`` never ends), a socket or a folder; at most
  :func:`max_input` bytes; with a project root, never through a link leading out
  of the project. Reading stamps the file (:class:`Stamp`) so that a later write
  can tell whether someone changed it meanwhile. :func:`existing` and :func:`walk`
  classify and list the same way.
* **Writing** (:func:`atomic_write`, :func:`stage_write` / :func:`commit_write`,
  and :class:`~alerti18n.core.commits.Commits` above them): atomic, change-aware,
  never through a link out of the project; a file a person edits is replaced only
  if it is still as it was read (see :func:`commit_write`).

Every ``OSError`` becomes a one-line :class:`~alerti18n.core.errors.FileError`
(a full disk, a read-only folder), never a traceback.
"""

from __future__ import annotations

import contextlib
import errno
import functools
import hashlib
import os
import re
import stat
import time
from pathlib import Path
from typing import NamedTuple

from alerti18n.core import _rename
from alerti18n.core.errors import AlertI18nError, FileError

#: The most bytes read from one input file, unless ALERTI18N_MAX_INPUT_MB says otherwise.
MAX_INPUT = 256 * 1024 * 1024

#: The project's private, git-ignored working state: lock, state file, caches.
STATE_FOLDER = ".alerti18n"


def max_input() -> int:
    """The cap on one input file's size: :data:`MAX_INPUT`, or ``$ALERTI18N_MAX_INPUT_MB``."""
    value = os.environ.get("ALERTI18N_MAX_INPUT_MB", "")
    return int(value) * 1024 * 1024 if value.isdigit() and int(value) > 0 else MAX_INPUT


# ------------------------------------------------------------------ reading ---


class Stamp(NamedTuple):
    """What a file was when it was read: device, inode, size, times, and, when it had
    been changed too recently for its times to tell a later change, its digest."""

    dev: int
    ino: int
    size: int
    mtime_ns: int
    ctime_ns: int
    digest: str | None = None


#: The stamp expected of a file that must not exist yet.
ABSENT = Stamp(-1, -1, -1, -1, -1)
#: A file changed less than this before it was read keeps its digest in its stamp: a file
#: system's clock ticks (1 ns to 2 s) may let a second change keep the same times.
_RACY_NS = 3_000_000_000


def digest(*parts: bytes | str) -> str:
    """SHA-256 over the parts (length-prefixed, so parts cannot run together)."""
    h = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "little"))
        h.update(data)
    return h.hexdigest()


def stat_key(st: os.stat_result) -> list[int]:
    """A file's size, modification and change times and inode, as git's index keeps them."""
    return [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino]


def read_input(
    path: Path,
    root: Path | None = None,
    *,
    error: type[AlertI18nError] = FileError,
    prefix: int | None = None,
) -> bytes:
    """The bytes of the regular file ``path`` (see :func:`read_stamped`)."""
    return read_stamped(path, root, error=error, prefix=prefix)[0]


def decode_utf8(data: bytes, path: Path, error: type[AlertI18nError], what: str, hint: str) -> str:
    """``data`` as UTF-8 text (a BOM dropped); where it is not, ``error`` naming ``what`` and
    the line of the first bad byte."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise error(what, path, line, hint=hint) from None


def read_stamped(
    path: Path,
    root: Path | None = None,
    *,
    error: type[AlertI18nError] = FileError,
    prefix: int | None = None,
) -> tuple[bytes, Stamp]:
    """The bytes of the regular file ``path`` and its :class:`Stamp`.

    Refused, as ``error``: anything but a regular file (checked before opening,
    since opening a device can act, and again on what was opened), a file larger
    than :func:`max_input`, and with ``root`` a path that leads out of it through a
    link. ``prefix`` reads only that many bytes at most, refusing no size.
    """
    if root is not None:
        inside(path, root, error)
    try:
        _require_file(os.stat(path), path, error)
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC | os.O_NOCTTY)
    except OSError as exc:
        raise os_error(exc, path, "read", error) from None
    try:
        st = os.fstat(fd)
        _require_file(st, path, error)  # it may have been swapped since the stat above
        cap = prefix if prefix is not None else max_input()
        if prefix is None and st.st_size > cap:
            raise _too_large(path, st.st_size, cap, error)
        data = _read_fd(fd, cap + 1)
    except OSError as exc:
        raise os_error(exc, path, "read", error) from None
    finally:
        os.close(fd)
    if prefix is not None:
        return data[:prefix], _stamp(st, None)
    if len(data) > cap:  # it grew while it was read
        raise _too_large(path, len(data), cap, error)
    return data, _stamp(st, data)


def _read_fd(fd: int, most: int) -> bytes:
    chunks, size = [], 0
    while size < most:
        chunk = os.read(fd, min(most - size, 1 << 20))
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks)


def _stamp(st: os.stat_result, data: bytes | None) -> Stamp:
    racy = data is not None and time.time_ns() - st.st_mtime_ns < _RACY_NS
    return Stamp(
        st.st_dev,
        st.st_ino,
        st.st_size,
        st.st_mtime_ns,
        st.st_ctime_ns,
        digest(data) if racy and data is not None else None,
    )


_KINDS = {
    stat.S_IFIFO: "a FIFO (named pipe)",
    stat.S_IFCHR: "a device",
    stat.S_IFBLK: "a device",
    stat.S_IFSOCK: "a socket",
    stat.S_IFDIR: "a folder",
    stat.S_IFLNK: "a link",
}


def kind_of(mode: int) -> str:
    """What a file of this mode is, in words ("a folder", "a FIFO (named pipe)"...)."""
    return _KINDS.get(stat.S_IFMT(mode), "not a regular file")


def _require_file(st: os.stat_result, path: Path, error: type[AlertI18nError]) -> None:
    if not stat.S_ISREG(st.st_mode):
        raise error(
            f"is {kind_of(st.st_mode)}, not a file",
            path,
            hint="alerti18n reads only regular files here: remove it or put the file itself there",
        )


def _too_large(path: Path, size: int, cap: int, error: type[AlertI18nError]) -> AlertI18nError:
    return error(
        f"file too large ({size:,} bytes, at most {cap:,})",
        path,
        hint="split it, or raise the limit with ALERTI18N_MAX_INPUT_MB",
    )


def inside(path: Path, root: Path, error: type[AlertI18nError] = FileError) -> Path:
    """``path`` resolved, refused (as ``error``) if it resolves outside ``root``.

    Resolving follows links, so a link inside the project that leads out of it
    is refused too.
    """
    plain = path.name not in ("", ".", "..") and not path.is_symlink()
    # in the common case only the folders can lead elsewhere, and they repeat
    resolved = _resolved_folder(path.parent) / path.name if plain else path.resolve()
    if not resolved.is_relative_to(_resolved_folder(root)):
        raise error(
            f"leads outside the project (to {resolved})",
            path,
            hint="alerti18n reads and writes only files inside the project: put the file "
            "itself there instead of a link",
        )
    return resolved


#: The name :func:`inside` had before; writing code still calls it so.
ensure_inside = inside


@functools.lru_cache(maxsize=256)
def _resolved_folder(folder: Path) -> Path:
    # A command writes many files into few folders; resolving each folder once
    # per process keeps the check cheap (a folder swapped for a link while one
    # command runs is outside what this guards against).
    return folder.resolve()


def os_error(exc: OSError, path: Path, doing: str, error: type[AlertI18nError]) -> AlertI18nError:
    """An OSError as a one-line error, with what to do about it."""
    code = exc.errno
    hint = {
        errno.ENOSPC: "the disk is full: free some space, then run the command again",
        errno.EDQUOT: "the disk quota is used up: free some space, then run the command again",
        errno.EROFS: "the file system is read-only: work in a copy you can write to",
        errno.EACCES: "permission denied: check who owns the folder and its permissions",
        errno.EPERM: "not permitted: check the folder's permissions and attributes",
        errno.EFBIG: "the file is larger than this file system or its limits allow",
        errno.ENAMETOOLONG: "the name is too long: rename it",
        errno.ELOOP: "a link points to itself or leads in a circle: remove it",
    }.get(code or 0, "check the path")
    return error(f"cannot {doing}: {exc.strerror or exc}", Path(exc.filename or path), hint=hint)


# ------------------------------------------------------------------ listing ---


def existing(path: Path, within: Path) -> Path | None:
    """The one classification of a path where an input file belongs.

    None when nothing is there; ``path`` when it is a regular file, or a link to
    one that stays inside ``within``; otherwise a FileError: a folder, a FIFO, a
    device, a socket, a broken link, a link that leads out of ``within``.
    """
    try:
        st = os.lstat(path)
    except (FileNotFoundError, NotADirectoryError):
        return None
    except OSError as exc:
        raise os_error(exc, path, "read", FileError) from None
    inside(path, within)  # a link in the folders above leads out too (locales/fr -> elsewhere)
    if stat.S_ISLNK(st.st_mode):
        try:
            st = os.stat(path)
        except OSError as exc:
            raise os_error(exc, path, "follow the link", FileError) from None
    _require_file(st, path, FileError)
    return path


def walk(top: Path, suffix: str, root: Path, skip: set[Path], deep: bool = True) -> list[Path]:
    """The files ``*suffix`` under ``top`` (only directly in it unless ``deep``), sorted.

    Hidden names (``.x``) and the folders in ``skip`` (where they really are, even
    reached through a link) are left out; a link is followed only if it stays
    inside ``root`` (a folder once); anything named ``*suffix`` that is not a
    regular file is refused (see :func:`existing`).
    """
    found: list[Path] = []
    skip = {folder.resolve() for folder in skip}
    start = inside(top, root) if os.path.lexists(top) else top  # it may be a link leading out
    folders, seen = [(top, start)], {start}
    while folders:
        folder, real = folders.pop()
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except (FileNotFoundError, NotADirectoryError):
            continue
        except OSError as exc:
            raise os_error(exc, folder, "list the folder", FileError) from None
        for entry in entries:
            path = Path(entry.path)
            if entry.name.startswith("."):
                continue
            # a regular file (not a link) in a folder inside the project is what existing()
            # accepts: the listing says so without a system call
            plain = entry.is_file(follow_symlinks=False)
            if suffix and entry.name.endswith(suffix):  # a folder so named too is refused
                if plain or existing(path, root) is not None:
                    found.append(path)
            elif entry.is_dir():
                below = inside(path, root) if entry.is_symlink() else real / entry.name
                if deep and below not in seen and below not in skip:
                    seen.add(below)
                    folders.append((path, below))
            elif not suffix and (plain or existing(path, root) is not None):
                found.append(path)
    return sorted(found)


# ------------------------------------------------------------------ writing ---


def atomic_write(
    path: Path,
    data: bytes,
    root: Path | None = None,
    durable: bool = True,
    expected: Stamp | None = None,
) -> bool:
    """Write ``data`` to ``path`` atomically; return False when nothing changed.

    The bytes go to a temporary file in the same folder, are fsync'ed, then
    renamed over the target, so a reader (or a crash) sees the old or the new
    file, never a mix. An unchanged file is not touched at all, which keeps
    modification times and git diffs quiet. With ``expected``, the file is
    replaced only if it is still as that stamp says (see :func:`commit_write`);
    otherwise nothing is written and a :class:`~alerti18n.core.errors.ChangedMeanwhile`
    is raised.

    ``durable=False`` skips the fsyncs, for files that can be rebuilt (build
    outputs, caches): the rename is still atomic for readers and for a killed
    process; only a power cut may lose the newest version.
    """
    staged = stage_write(path, data, root, durable)
    if staged is None:
        return False
    if not commit_write(staged, path, durable, expected):
        from alerti18n.core.errors import ChangedMeanwhile

        raise ChangedMeanwhile(
            "changed while alerti18n was writing it; it was kept as it is", path, hint="run again"
        )
    return True


def stage_write(
    path: Path, data: bytes, root: Path | None = None, durable: bool = True
) -> Path | None:
    """First half of :func:`atomic_write`: ``data`` in a temporary file beside ``path``.

    Returns the temporary file, or None when ``path`` already holds ``data``.
    Staging many files and committing them only when all are ready lets a
    command write nothing at all if one of them fails (a full disk included).
    """
    if root is not None:
        inside(path, root)
    try:
        old: os.stat_result | None = os.stat(path)
    except (FileNotFoundError, NotADirectoryError):
        old = None
    except OSError as exc:
        raise os_error(exc, path, "write", FileError) from None
    if old is not None:
        _require_file(old, path, FileError)  # never a folder, FIFO... replaced by a file
        if old.st_size == len(data) and read_input(path) == data:
            return None
    tmp = path.parent / f".{path.name[:100]}.{os.urandom(6).hex()}.tmp"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o600)
    except OSError as exc:
        raise os_error(exc, path, "write", FileError) from None
    try:
        os.fchmod(fd, old.st_mode & 0o7777 if old else 0o644)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            if durable:
                handle.flush()
                os.fsync(handle.fileno())
    except BaseException as exc:
        discard_staged([tmp])
        if isinstance(exc, OSError):
            raise os_error(exc, path, "write", FileError) from None
        raise
    return tmp


def commit_write(
    staged: Path,
    path: Path,
    durable: bool = True,
    expected: Stamp | None = None,
    keep_staged: bool = False,
) -> bool:
    """Second half of :func:`atomic_write`: rename the staged file over ``path``.

    With ``expected`` (what the command read there, or :data:`ABSENT`), ``path`` is
    replaced only while it is still that file; if someone saved it meanwhile,
    nothing is written over it, the staged file is removed (kept with
    ``keep_staged``) and False is returned.

    How small the window is: the file is checked just before the rename; on
    Linux the rename is then an exchange (``renameat2(RENAME_EXCHANGE)``) and
    the file it took away is checked again: if it is not the one read, it is
    put back. A file that did not exist is created with ``link``, which fails
    if one appeared. What remains: a program that keeps the old file open and
    writes into it in place in the microseconds between that last check and
    the removal of the old file; a program that reads the file in the
    microseconds before a save is put back sees the command's version (an
    editor reloading it then, and saving on top, would build on that); and,
    where the system has no exchange, a save between the check and the rename.
    """
    try:
        if expected is None:
            os.replace(staged, path)
            done = True
        elif expected == ABSENT:
            done = _rename.create(staged, path)
        else:
            done = _unchanged(path, expected) and _rename.replace_if(
                staged, path, lambda old: _unchanged(old, expected, renamed=True)
            )
    except OSError as exc:
        if not keep_staged:
            discard_staged([staged])
        raise os_error(exc, path, "write", FileError) from None
    if not done:
        if not keep_staged:
            discard_staged([staged])
        return False
    if durable:
        _fsync_dir(path.parent)
    return True


def _unchanged(path: Path, expected: Stamp, renamed: bool = False) -> bool:
    """Whether ``path`` is still the file ``expected`` stamps (a rename changes its ctime).

    The digest (of a file changed just before it was read) is compared first and
    the times last, so that the moment of the check is as close as can be to the
    rename that follows it.
    """
    if expected.digest is not None:
        try:
            if digest(read_input(path)) != expected.digest:
                return False
        except AlertI18nError:
            return False
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return False
    now = (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns)
    return now == expected[:4] and (renamed or st.st_ctime_ns == expected.ctime_ns)


def move_file(source: Path, target: Path, root: Path, expected: Stamp) -> bool:
    """Move ``source`` to ``target`` (inside ``root``) if ``target`` is still as ``expected``
    (:data:`ABSENT`: not there); False, both left as they are, otherwise."""
    inside(source, root)
    inside(target, root)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise os_error(exc, target, "write", FileError) from None
    return commit_write(source, target, expected=expected, keep_staged=True)


def remove_file(path: Path, root: Path | None = None) -> None:
    """Delete the file ``path`` (inside ``root``); a missing file is no error."""
    if root is not None:
        inside(path, root)
    try:
        path.unlink()
    except FileNotFoundError:
        pass
    except OSError as exc:
        raise os_error(exc, path, "remove", FileError) from None


_STAGED_NAME = re.compile(r"\..+\.[0-9a-f]{12}\.tmp")


def remove_leftovers(folder: Path) -> list[Path]:
    """Delete temporary files that a killed command staged under ``folder``; return them.

    Only names of the form :func:`stage_write` gives are touched.
    """
    found = []
    for top, _dirs, names in os.walk(folder):
        found += [Path(top, n) for n in names if _STAGED_NAME.fullmatch(n)]
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
