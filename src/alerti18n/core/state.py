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
import hashlib
import json
import time
from pathlib import Path

from alerti18n import __version__
from alerti18n.core.files import atomic_write


def digest(*parts: bytes | str) -> str:
    """SHA-256 over the parts (length-prefixed, so parts cannot run together)."""
    h = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "little"))
        h.update(data)
    return h.hexdigest()


def file_digest(path: Path) -> str:
    """Digest of a file's bytes, or of its absence.

    Remembered for the life of the process while the file's stat key stays
    the same, because one command may need a file's digest several times.
    """
    key = _stat_key(path)
    if key is None:
        return "absent"
    known = _DIGESTS.get(str(path))
    if known is not None and known[0] == key:
        return known[1]
    try:
        value = digest(path.read_bytes())
    except FileNotFoundError:
        return "absent"
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
        st = path.stat()
    except OSError:
        return None
    return [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino]


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
        with contextlib.suppress(OSError, ValueError):
            self.saved_ns = path.stat().st_mtime_ns
            loaded = json.loads(path.read_text(encoding="utf-8"))
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

    def digest_of(self, path: Path) -> str:
        """Digest of a file's bytes (as :func:`file_digest`), without reading it when it is known.

        A file that a stage wrote (see :meth:`record`) or whose digest an
        earlier command computed here is known while its stat key is the one
        noted then, by the rule :meth:`fresh` applies to outputs. So a command
        with nothing to do reads no source, template or catalog to learn that
        they are unchanged.
        """
        return self.read_changed(path)[0]

    def read_changed(self, path: Path) -> tuple[str, bytes | None]:
        """:meth:`digest_of` ``path``, and its bytes when it had to be read (else None)."""
        key = _stat_key(path)  # before reading: a later change then shows in the next key
        if key is None:
            return "absent", None
        name = str(path)
        seen = self.data.get(_FILES, {}).get(name)
        noted = (seen["stat"], seen["digest"]) if seen else self._written().get(name)
        if noted is not None and noted[0] == key and key[1] < self.saved_ns:
            return noted[1], None
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            return "absent", None
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
                        if stats.get(name) is not None:
                            self._outputs[name] = (stats[name], digested)
        return self._outputs

    def record(
        self,
        namespace: str,
        unit: str,
        inputs: str,
        outputs: list[Path],
        written: list[bytes | str] | None = None,
    ) -> None:
        """Note that ``unit`` was done with ``inputs`` and wrote ``outputs`` (see :meth:`fresh`).

        ``written``: what the stage wrote to each output just now, the bytes or their
        :func:`digest`, so the files need not be read back to be fingerprinted.
        """
        known: list[bytes | str | None] = list(written) if written else [None] * len(outputs)
        digests = [
            file_digest(p) if data is None else data if isinstance(data, str) else digest(data)
            for p, data in zip(outputs, known, strict=True)
        ]
        self.remember(
            namespace,
            unit,
            {
                "inputs": inputs,
                "outputs": {str(p): d for p, d in zip(outputs, digests, strict=True)},
                "stats": {str(p): _stat_key(p) for p in outputs},
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
