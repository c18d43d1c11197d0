"""What each stage last did, so an unchanged input is not processed again.

For every unit of work (a document's extraction, a catalog's merge, a
document's build in one language) the state records a fingerprint of its
inputs and of the files it wrote. When the inputs and the files on disk
still match, the stage skips the unit without parsing or writing anything.
A missing, corrupt or foreign state file just means "redo everything": it
is a cache, never a source of truth. It lives in ``.alerti18n/state.json``.
"""

from __future__ import annotations

import contextlib
import json
import time
from pathlib import Path
from typing import TYPE_CHECKING

from alerti18n import __version__
from alerti18n.core.errors import AlertI18nError, FileError
from alerti18n.core.files import atomic_write, digest, read_input, stat_key

if TYPE_CHECKING:
    from alerti18n.core.config import Project

__all__ = ["State", "digest", "file_digest", "project_state"]


def file_digest(path: Path) -> str:
    """Digest of a file's bytes, or of its absence.

    Remembered for the life of the process while the file's stat key stays
    the same, because one command may need a file's digest several times.
    A folder, FIFO or device where a file belongs is refused (FileError).
    """
    key = _stat_key(path)
    if key is None:
        return "absent"
    known = _DIGESTS.get(str(path))
    if known is not None and known[0] == key:
        return known[1]
    try:
        value = digest(read_input(path))
    except AlertI18nError:
        if _stat_key(path) is None:  # gone since
            return "absent"
        raise
    if time.time_ns() - key[1] > _SETTLED_NS:  # see State.fresh on "racy" files
        _DIGESTS[str(path)] = (key, value)
    return value


_DIGESTS: dict[str, tuple[list[int], str]] = {}
_SETTLED_NS = 1_000_000_000
#: The state's namespace of files whose digest a command computed (see State.digest_of).
_FILES = "files"


def _stat_key(path: Path) -> list[int] | None:
    """A file's size, modification and change times and inode, like git's index.

    Any write changes the change time (which no tool can set back) or the
    inode (a rename), so an equal key lets ``fresh`` skip hashing the file.
    """
    try:
        return stat_key(path.stat())
    except OSError:
        return None


class State:
    """The state file of one project, loaded once per command, saved at the end.

    Records are kept per *namespace*, then per unit: a stage's done work
    (``"extract"``, ``"update"``, ``"build"``, ``"tm"``) or any other small
    memory (``"titles"``, ``"revised"``, ``"tm-file"``), so that a unit's name
    in one namespace never collides with the same name in another.
    """

    def __init__(self, path: Path, root: Path | None = None) -> None:
        self.path = path
        self.root = root
        self.dirty = False
        self.data: dict[str, dict[str, dict]] = {}  # namespace -> unit -> record
        self.saved_ns = 0  # when the state file was written
        self._outputs: dict[str, tuple[list[int], str]] | None = None  # see _written
        with contextlib.suppress(OSError, ValueError, AlertI18nError):
            self.saved_ns = path.stat().st_mtime_ns
            loaded = json.loads(read_input(path, root).decode("utf-8"))
            if loaded.get("version") == __version__:
                self.data = loaded.get("units", {})

    def fresh(self, namespace: str, unit: str, inputs: str, outputs: list[Path]) -> bool:
        """True when ``unit`` was done with these inputs and its outputs are untouched."""
        record = self.data.get(namespace, {}).get(unit)
        if not record or record.get("inputs") != inputs:
            return False
        files = record.get("outputs", {})
        if set(files) != {str(p) for p in outputs}:
            return False
        stats = record.setdefault("stats", {})
        for path in outputs:
            key = _stat_key(path)
            # As in git's index: a file changed in the same clock tick as the
            # state file was written may keep its stat key, so it is hashed.
            if key is not None and key == stats.get(str(path)) and key[1] < self.saved_ns:
                continue
            if file_digest(path) != files[str(path)]:
                return False
            if stats.get(str(path)) != key:  # same bytes, new stat (e.g. touched)
                stats[str(path)] = key  # so the next run need not hash it
                self.dirty = True
        return True

    def digest_of(self, path: Path, error: type[AlertI18nError] = FileError) -> str:
        """Digest of a file's bytes (as :func:`file_digest`), without reading it when it is known.

        A file that a stage wrote (see :meth:`record`) or whose digest an
        earlier command computed here is known while its stat key is the one
        noted then, by the rule :meth:`fresh` applies to outputs. So a command
        with nothing to do reads no source, template or catalog to learn that
        they are unchanged.
        """
        return self.read_changed(path, error)[0]

    def read_changed(
        self, path: Path, error: type[AlertI18nError] = FileError
    ) -> tuple[str, bytes | None]:
        """:meth:`digest_of` ``path``, and its bytes when it had to be read (else None).

        A file is read through :func:`~alerti18n.core.files.read_input` (refused as
        ``error``: a folder, FIFO or device, a file too large); a known one is
        only stat'ed, and its stat key (inode, size, times) equal to the one noted
        when it was last read or written here means it is that file still.
        """
        key = _stat_key(path)  # before reading: a later change then shows in the next key
        if key is None:
            return "absent", None
        name = str(path)
        seen = self.data.get(_FILES, {}).get(name)
        for noted in ((seen["stat"], seen["digest"]) if seen else None, self._written().get(name)):
            if noted is not None and noted[0] == key and key[1] < self.saved_ns:
                return noted[1], None
        try:
            data = read_input(path, error=error)
        except AlertI18nError:
            if _stat_key(path) is None:  # gone since
                return "absent", None
            raise
        value = digest(data)
        self.data.setdefault(_FILES, {})[name] = {"stat": key, "digest": value}
        self.dirty = True
        return value, data

    def _written(self) -> dict[str, tuple[list[int], str]]:
        """Each file some stage recorded as written: its stat key and digest then."""
        if self._outputs is None:
            self._outputs = {}
            for namespace, units in self.data.items():
                if namespace == _FILES:
                    continue
                for record in units.values():
                    stats = record.get("stats") if isinstance(record, dict) else None
                    if not isinstance(stats, dict):
                        continue
                    for name, digested in record.get("outputs", {}).items():
                        if stats.get(name):
                            self._outputs[name] = (stats[name], digested)
        return self._outputs

    def record(
        self,
        namespace: str,
        unit: str,
        inputs: str,
        outputs: list[Path],
        known: dict[str, tuple[list[int], str]] | None = None,
    ) -> None:
        """Note that ``unit`` was done with ``inputs`` and wrote ``outputs`` (see :meth:`fresh`).

        ``known`` gives, for files the command just wrote, their stat key and the
        digest of the bytes written (:attr:`alerti18n.core.commits.Commits.known`):
        what the command wrote is recorded, not a save that came right after it.
        """
        known = known or {}
        found = {str(p): known.get(str(p)) or (_stat_key(p), file_digest(p)) for p in outputs}
        for name, noted in found.items():  # an output's digest is known from its record
            if self.data.get(_FILES, {}).pop(name, None) is not None:
                self.dirty = True
            if self._outputs is not None and noted[0] is not None and noted[0]:
                self._outputs[name] = (noted[0], noted[1])
        self.remember(
            namespace,
            unit,
            {
                "inputs": inputs,
                "outputs": {name: value[1] for name, value in found.items()},
                "stats": {name: value[0] for name, value in found.items()},
            },
        )

    def recall(self, namespace: str, unit: str) -> dict | None:
        """Whatever was remembered for ``unit`` in ``namespace`` (see :meth:`remember`)."""
        return self.data.get(namespace, {}).get(unit)

    def remember(self, namespace: str, unit: str, value: dict) -> None:
        """Keep a small JSON value for ``unit`` in ``namespace`` (e.g. a title found in a
        catalog, under ``"titles"``)."""
        if self.data.get(namespace, {}).get(unit) != value:
            self.data.setdefault(namespace, {})[unit] = value
            self.dirty = True

    def forget(self, namespace: str, unit: str) -> None:
        """Drop what was recorded for ``unit`` in ``namespace`` (its document is gone)."""
        if self.data.get(namespace, {}).pop(unit, None) is not None:
            self.dirty = True

    def units(self, namespace: str) -> dict[str, dict]:
        """Every unit recorded in ``namespace`` with its record (a copy: safe to forget in a
        loop)."""
        return dict(self.data.get(namespace, {}))

    def save(self) -> None:
        """Write the state file if anything was recorded."""
        if not self.dirty and self.path.exists():
            return
        data = {"version": __version__, "units": self.data}
        text = json.dumps(data, sort_keys=True, separators=(",", ":"))
        atomic_write(self.path, text.encode("utf-8"), self.root)
        self.dirty = False


def project_state(project: Project) -> State:
    """The project's state file, loaded (every stage and report that records work uses it)."""
    return State(project.state_file, project.root)
