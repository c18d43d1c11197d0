"""Raw engine output cached in ``.alerti18n/mt-cache/translations.sqlite3``.

Keyed by the engine's :attr:`~alerti18n.mt.engine.Engine.key` (engine,
package or server, version, pair, the options that change output) and the
protected source text, so a second run with nothing new asks no engine.
Each draft's confidence is kept with it (NULL: the engine gives none), so a
changed ``mt.min-confidence`` is applied without translating anything again.
"""

from __future__ import annotations

import contextlib
import hashlib
import sqlite3
from collections.abc import Iterable, Iterator
from pathlib import Path

from alerti18n.core.errors import FileError
from alerti18n.core.files import inside
from alerti18n.mt.engine import Draft


class TranslationCache:
    """Raw MT output by (engine key, protected source), in one SQLite file."""

    def __init__(self, folder: Path, root: Path | None = None) -> None:
        self.path = folder / "translations.sqlite3"
        if root is not None:
            inside(self.path, root)  # .alerti18n/ may not lead out of the project
        self._db: sqlite3.Connection | None = None

    def _conn(self) -> sqlite3.Connection:
        if self._db is None:
            with self._errors():
                self.path.parent.mkdir(parents=True, exist_ok=True)
                self._db = sqlite3.connect(self.path)
                self._db.execute(
                    "CREATE TABLE IF NOT EXISTS mt (key TEXT, source TEXT, target TEXT, "
                    "score REAL, PRIMARY KEY (key, source))"
                )
                columns = [row[1] for row in self._db.execute("PRAGMA table_info(mt)")]
                if "score" not in columns:  # a cache from before confidences were kept
                    self._db.execute("ALTER TABLE mt ADD COLUMN score REAL")
        assert self._db is not None
        return self._db

    @contextlib.contextmanager
    def _errors(self) -> Iterator[None]:
        """A full disk, a read-only or broken cache file: one line, as every file error."""
        try:
            yield
        except (sqlite3.Error, OSError) as exc:
            raise FileError(
                f"cannot use the translation cache: {exc}",
                self.path,
                hint="free some space, or delete the file (it is only a cache)",
            ) from None

    @staticmethod
    def _key(engine_key: str) -> str:
        return hashlib.sha256(engine_key.encode("utf-8")).hexdigest()

    def get(self, engine_key: str, sources: Iterable[str]) -> dict[str, Draft]:
        """The cached drafts of ``sources`` (those the cache has), by source."""
        if not self.path.exists() and self._db is None:
            return {}
        key, found = self._key(engine_key), {}
        db = self._conn()
        with self._errors():
            for source in sources:
                row = db.execute(
                    "SELECT target, score FROM mt WHERE key = ? AND source = ?", (key, source)
                ).fetchone()
                if row:
                    found[source] = Draft(row[0], row[1])
        return found

    def put(self, engine_key: str, drafts: dict[str, Draft]) -> None:
        """Store ``drafts`` (by source) for the engine ``engine_key`` names."""
        key = self._key(engine_key)
        with self._errors(), self._conn() as db:
            db.executemany(
                "INSERT OR REPLACE INTO mt (key, source, target, score) VALUES (?, ?, ?, ?)",
                [(key, s, d.text, d.confidence) for s, d in drafts.items()],
            )

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None


__all__ = ["TranslationCache"]
