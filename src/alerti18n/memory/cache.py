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
from alerti18n.core.files import atomic_write, read_input, remove_file, stat_key, walk
from alerti18n.core.state import State, digest
from alerti18n.memory.plurals import PluralUnit
from alerti18n.memory.tmx import TmUnit
from alerti18n.text.matcher import Features, features

#: Raised whenever a cache file's content changes meaning, so older files are parsed anew
#: (2: the visible text of a unit follows CommonMark, see alerti18n.text.inline.visible_text;
#: 3: plural units and open plural entries).
_FORMAT = 3
#: The string fields of a unit, each kept as one column (a list) in a cache file.
_COLUMNS = ("source", "target", "lang", "doc", "date", "origin")
#: The string fields of a plural unit, kept the same way (its forms: a list of lists).
_PLURAL_COLUMNS = ("source", "plural", "rule", "lang", "doc", "date", "origin")


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
    #: translated plural entries (a catalog's; see alerti18n.memory.plurals)
    plurals: list[PluralUnit] = field(default_factory=list)
    #: (msgid, msgid_plural) of the plural entries waiting for a translation
    open_plural: list[tuple[str, str]] = field(default_factory=list)

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
        self._digests: dict[str, tuple[list[int], str]] = {}  # path -> (stat key, digest)

    def beside(self, folder: Path) -> ParsedFiles:
        """A cache in ``folder`` for the same command: the digests found are shared."""
        other = ParsedFiles(folder, self.state, self.root)
        other._digests = self._digests
        return other

    def file_digest(self, path: Path) -> str:
        """The digest of ``path``'s bytes, hashing them only when its stat key changed since
        the state saw it, or since this command did (a file it wrote is hashed anew)."""
        unit = str(path)
        try:
            now = stat_key(path.stat())
        except OSError:
            now = None
        known = self._digests.get(unit)
        if now is not None and known is not None and known[0] == now:
            return known[1]
        if not self.state.fresh("tm-file", unit, "", [path]):
            self.state.record("tm-file", unit, "", [path])
        record = self.state.recall("tm-file", unit) or {}
        value = str(record["outputs"][unit])
        if now is not None:
            self._digests[unit] = (now, value)
        return value

    def key(self, path: Path, *about: str) -> str:
        """The cache key of ``path`` as it is now, read as ``about`` says (kind, language...)."""
        return digest(*about, str(path), self.file_digest(path))

    def get(self, lang: str, key: str) -> Parsed | None:
        """The cached entry, or None when it is missing, unreadable or not ours."""
        data = self.get_record(lang, key)
        with contextlib.suppress(ValueError, TypeError, KeyError):
            if data is not None:
                return _parsed(data)
        return None

    def put(self, lang: str, key: str, parsed: Parsed) -> None:
        """Keep ``parsed`` under ``key`` (a rebuildable file: no fsync)."""
        data: dict[str, object] = {}
        for name in _COLUMNS:
            data[name] = [getattr(u, name) for u in parsed.units]
        data["reviewed"] = [u.reviewed for u in parsed.units]
        sources = dict.fromkeys(u.source for u in parsed.units)
        data["visible"] = [parsed.features[s][0] for s in sources]
        data["words"] = [parsed.features[s][1] for s in sources]
        data["open"] = parsed.open
        data["plurals"] = {
            **{name: [getattr(u, name) for u in parsed.plurals] for name in _PLURAL_COLUMNS},
            "forms": [list(u.forms) for u in parsed.plurals],
            "reviewed": [u.reviewed for u in parsed.plurals],
        }
        data["open_plural"] = [list(pair) for pair in parsed.open_plural]
        self.put_record(lang, key, data)

    def get_record(self, lang: str, key: str) -> dict | None:
        """The JSON object kept under ``key`` by :meth:`put_record`, or None when it is
        missing, unreadable or written by another format or version (the caller checks
        its fields: a record is a cache, not a source of truth)."""
        self._used.setdefault(lang, set()).add(key)
        with contextlib.suppress(AlertI18nError, ValueError):
            data = json.loads(read_input(self._path(lang, key), self.root))
            if isinstance(data, dict) and (
                data.get("format") == _FORMAT and data.get("version") == __version__
            ):
                return data
        return None

    def put_record(self, lang: str, key: str, data: dict) -> None:
        """Keep the JSON object ``data`` under ``key`` (a rebuildable file: no fsync)."""
        self._used.setdefault(lang, set()).add(key)
        record = {"format": _FORMAT, "version": __version__, **data}
        text = json.dumps(record, ensure_ascii=False, separators=(",", ":"))
        atomic_write(self._path(lang, key), text.encode("utf-8"), self.root, durable=False)

    def prune(self, lang: str) -> None:
        """Remove the entries of ``lang`` that this command did not use."""
        used = self._used.get(lang, set())
        for path in walk(self.folder / lang, ".json", self.root, set(), deep=False):
            if path.stem not in used:
                remove_file(path, self.root)

    def _path(self, lang: str, key: str) -> Path:
        return self.folder / lang / f"{key}.json"


def _parsed(data: dict) -> Parsed | None:
    """A cache record read back as :class:`Parsed`; None when any field is not as written."""
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
    plurals, open_plural = _plurals(data["plurals"]), data["open_plural"]
    if plurals is None or not all(_strings(pair, 2) for pair in open_plural):
        return None
    source, target, langs, docs, dates, origins = columns
    units = list(map(TmUnit, source, target, langs, docs, reviewed, dates, origins))
    known = dict(zip(sources, zip(shown, words, strict=True), strict=True))
    return Parsed(
        units, known, opened, plurals=plurals, open_plural=[tuple(p) for p in open_plural]
    )


def _plurals(data: dict) -> list[PluralUnit] | None:
    """The plural units of a cache record, None when its columns are not as written."""
    columns = [data[name] for name in _PLURAL_COLUMNS]
    forms, reviewed = data["forms"], data["reviewed"]
    size = len(columns[0])
    if not all(_strings(c, size) for c in columns) or len(reviewed) != size:
        return None
    if not isinstance(forms, list) or len(forms) != size:
        return None
    if not all(_strings(f, len(f)) and f for f in forms):
        return None
    source, plural, rule, langs, docs, dates, origins = columns
    return [
        PluralUnit(s, p, tuple(f), r, lang, d, bool(rv), date, o)
        for s, p, f, r, lang, d, rv, date, o in zip(
            source, plural, forms, rule, langs, docs, reviewed, dates, origins, strict=True
        )
    ]
