"""A command's rewrites of files people edit: all staged first, each replaced only if unchanged.

``update``, ``tm fill``, ``pretranslate``, ``review``, ``fmt`` and ``extract``
read a catalog, work on it (for seconds, on a large project), then replace it.
A translator may save the same file meanwhile. So each command remembers what it
read (a :class:`~alerti18n.core.files.Stamp`: inode, size, times, and the digest
of a file changed just before) and, just before replacing the file, checks that
it is still that file (:func:`alerti18n.core.files.commit_write` says how small
the remaining window is). If it is not, the person's file is kept, nothing is
written over it, the command finishes the other files and then exits 1:
"locales/fr/x.po changed while update ran; run it again" -- as editors and git do.

Every file is staged (written in full beside its target) before any is
replaced, so a full disk leaves every file as it was.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from types import TracebackType

from alerti18n.core import files
from alerti18n.core.errors import ChangedMeanwhile
from alerti18n.core.files import Stamp, digest, discard_staged, stat_key

log = logging.getLogger(__name__)


class Commits:
    """The rewrites of one command (``with Commits("update", root) as commits:``).

    :meth:`stage` every file, then :meth:`commit`; leaving the block raises
    :class:`~alerti18n.core.errors.ChangedMeanwhile` (exit 1) naming the files that
    changed meanwhile, or removes what was staged if the block failed.
    """

    def __init__(self, command: str, root: Path | None) -> None:
        self.command = command
        self.root = root
        #: files someone changed while the command ran: kept as they were
        self.changed: list[Path] = []
        #: str(path) -> (stat key, digest) of each file as this command left it, for the state
        self.known: dict[str, tuple[list[int], str]] = {}
        self._staged: list[tuple[Path, Path | None, Stamp | None, bool, str]] = []
        self._inodes: dict[str, int | None] = {}  # each staged file's inode

    def stage(self, path: Path, data: bytes, expected: Stamp | None, durable: bool = True) -> None:
        """Write ``data`` beside ``path``; ``expected``: what was read there (None: anything)."""
        tmp = files.stage_write(path, data, self.root, durable)
        self._staged.append((path, tmp, expected, durable, digest(data)))
        self._inodes[str(path)] = os.stat(tmp).st_ino if tmp is not None else None

    def adopt(
        self, path: Path, staged: Path | None, data_digest: str, durable: bool = True
    ) -> None:
        """Take a file staged elsewhere (by a worker process, with
        :func:`~alerti18n.core.files.stage_write`; None: ``path`` already holds its bytes)
        as if :meth:`stage` had staged it, to be replaced whatever is there; ``data_digest``:
        the :func:`~alerti18n.core.files.digest` of its bytes."""
        self._staged.append((path, staged, None, durable, data_digest))
        self._inodes[str(path)] = os.stat(staged).st_ino if staged is not None else None

    def commit(self) -> list[Path]:
        """Replace every staged file whose target is unchanged; return those written."""
        written = []
        staged, self._staged = self._staged, []
        try:
            while staged:
                path, tmp, expected, durable, data_digest = staged.pop(0)
                if tmp is None:  # the file already holds these bytes
                    self._know(path, data_digest)
                elif files.commit_write(tmp, path, durable, expected):
                    self._know(path, data_digest)
                    written.append(path)
                else:
                    self.changed.append(path)
                    log.warning(
                        "%s changed while %s ran: kept as it is, nothing written over it",
                        self._shown(path),
                        self.command,
                    )
        finally:
            discard_staged([tmp for _, tmp, *_ in staged if tmp is not None])
        return written

    def write(self, path: Path, data: bytes, expected: Stamp | None, durable: bool = True) -> bool:
        """Stage and commit one file; True if it was written."""
        self.stage(path, data, expected, durable)
        return bool(self.commit())

    def ok(self, path: Path) -> bool:
        """Whether ``path`` was not found changed (so its work may be recorded as done)."""
        return path not in self.changed

    def _know(self, path: Path, data_digest: str) -> None:
        """Keep what the state is to record of ``path``: our bytes' digest, and the stat key
        of our file (none if a save already replaced it), never a later save's key, which
        would make the save look like this command's work, already done."""
        try:
            st = os.stat(path)
        except OSError:
            return
        ours = self._inodes.get(str(path))
        self.known[str(path)] = (stat_key(st) if ours in (None, st.st_ino) else [], data_digest)

    def _shown(self, path: Path) -> str:
        if self.root is not None and path.is_relative_to(self.root):
            return path.relative_to(self.root).as_posix()
        return str(path)

    def __enter__(self) -> Commits:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        discard_staged([tmp for _, tmp, *_ in self._staged if tmp is not None])
        self._staged = []
        if kind is None and self.changed:
            shown = [self._shown(p) for p in self.changed]
            names = shown[0] if len(shown) == 1 else f"{', '.join(shown[:-1])} and {shown[-1]}"
            raise ChangedMeanwhile(
                f"{names} changed while {self.command} ran; nothing was written over "
                f"{'it' if len(shown) == 1 else 'them'}",
                hint=f"run '{self.command}' again",
            )
