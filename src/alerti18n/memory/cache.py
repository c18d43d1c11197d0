"""The translation memory's files as parsed, cached so that ``tm fill`` need not parse them again.

A fill needs the units of every memory file of a language (each catalog of
the project, each imported TMX) and the matcher's features of their
sentences (:func:`alerti18n.text.matcher.features`). Parsing the files (a strict PO
parser, an XML parser) and preparing the sentences cost more than the
matching itself, and between two fills most files have not changed. So what
the memory needs from one file in one language (:class:`Parsed`) is kept in
``.alerti18n/tm-cache/<lang>/<key>.json``, where the key is the digest of
what the file is (kind, path, language, document) and of its bytes.

Whether a file changed is decided as for every stage (:mod:`alerti18n.core.state`):
by its stat key, else by the digest of its bytes. A missing, corrupt or
foreign cache entry only means "parse the file again": like the state, the
cache is never a source of truth. It is JSON, not pickle, because a project
folder may come from anyone; entries no fill used are removed after it.
"""

from __future__ import annotations

import contextlib
import json
from dataclasses import dataclass, field
from pathlib import Path

import polib

from alerti18n import __version__
from alerti18n.core.errors import AlertI18nError
from alerti18n.core.files import atomic_write, read_input, remove_file, walk
from alerti18n.core.state import State, digest
from alerti18n.memory.tmx import TmUnit
from alerti18n.text.matcher import Features, features

#: Raised whenever a cache file's content changes meaning, so older files are parsed anew
#: (2: the visible text of a unit follows CommonMark, see alerti18n.text.inline.visible_text).
_FORMAT = 2
#: The string fields of a unit, each kept as one column (a list) in a cache file.
_COLUMNS = ("source", "target", "lang", "doc", "date", "origin")


def _strings(value: object, size: int) -> bool:
    return isinstance(value, list) and len(value) == size and all(type(v) is str for v in value)


@dataclass
class Parsed:
    """What the memory needs from one file in one language."""

    units: list[TmUnit]
    #: each unit source's matcher features
    features: dict[str, Features] = field(default_factory=dict)
    #: msgids of the entries waiting for a translation (a catalog's, else empty)
    open: list[str] = field(default_factory=list)
    #: the catalog itself, when it was parsed in this run (never cached)
    po: polib.POFile | None = None

    def __post_init__(self) -> None:
        for unit in self.units:
            if unit.source not in self.features:
                self.features[unit.source] = features(unit.source)


class ParsedFiles:
    """The cache of one project, for one command."""

    def __init__(self, folder: Path, state: State, root: Path) -> None:
        self.folder = folder
        self.state = state
        self.root = root
        self._used: dict[str, set[str]] = {}

    def file_digest(self, path: Path) -> str:
        """The digest of ``path``'s bytes, hashing them only when its stat key changed."""
        unit = str(path)
        if not self.state.fresh("tm-file", unit, "", [path]):
            self.state.record("tm-file", unit, "", [path])
        record = self.state.recall("tm-file", unit) or {}
        return str(record["outputs"][unit])

    def key(self, path: Path, *about: str) -> str:
        """The cache key of ``path`` as it is now, read as ``about`` says (kind, language...)."""
        return digest(*about, str(path), self.file_digest(path))

    def get(self, lang: str, key: str) -> Parsed | None:
        """The cached entry, or None when it is missing, unreadable or not ours."""
        self._used.setdefault(lang, set()).add(key)
        with contextlib.suppress(AlertI18nError, ValueError, TypeError, KeyError):
            data = json.loads(read_input(self._path(lang, key), self.root))
            if data.get("format") != _FORMAT or data.get("version") != __version__:
                return None
            columns = [data[name] for name in _COLUMNS]
            shown, words, opened = data["visible"], data["words"], data["open"]
            size = len(columns[0])
            if not all(_strings(c, size) for c in columns) or not _strings(opened, len(opened)):
                return None
            if not _strings(shown, len(shown)) or not _strings(words, len(shown)):
                return None
            sources = list(dict.fromkeys(columns[0]))
            if len(sources) != len(shown):
                return None
            reviewed = [bool(r) for r in data["reviewed"]]
            if len(reviewed) != size:
                return None
            source, target, langs, docs, dates, origins = columns
            units = list(map(TmUnit, source, target, langs, docs, reviewed, dates, origins))
            known = dict(zip(sources, zip(shown, words, strict=True), strict=True))
            return Parsed(units, known, opened)
        return None

    def put(self, lang: str, key: str, parsed: Parsed) -> None:
        """Keep ``parsed`` under ``key`` (a rebuildable file: no fsync)."""
        self._used.setdefault(lang, set()).add(key)
        data: dict[str, object] = {"format": _FORMAT, "version": __version__}
        for name in _COLUMNS:
            data[name] = [getattr(u, name) for u in parsed.units]
        data["reviewed"] = [u.reviewed for u in parsed.units]
        sources = dict.fromkeys(u.source for u in parsed.units)
        data["visible"] = [parsed.features[s][0] for s in sources]
        data["words"] = [parsed.features[s][1] for s in sources]
        data["open"] = parsed.open
        text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
        atomic_write(self._path(lang, key), text.encode("utf-8"), self.root, durable=False)

    def prune(self, lang: str) -> None:
        """Remove the entries of ``lang`` that this command did not use."""
        used = self._used.get(lang, set())
        for path in walk(self.folder / lang, ".json", self.root, set(), deep=False):
            if path.stem not in used:
                remove_file(path, self.root)

    def _path(self, lang: str, key: str) -> Path:
        return self.folder / lang / f"{key}.json"
