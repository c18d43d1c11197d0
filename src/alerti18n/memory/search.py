"""One language's translation memory, searchable: exact, fuzzy and plural matches.

A :class:`Memory` holds the units of one language (from the project's
catalogs and its imported memories, see :mod:`alerti18n.memory.tm`) and finds
the best one for a source sentence: the same sentence (exact, 100), else the
closest one the fuzzy matcher (:mod:`alerti18n.text.matcher`) scores at least
:data:`~alerti18n.text.matcher.THRESHOLD`; a plural entry only by its two
sources and its plural rule (:mod:`alerti18n.memory.plurals`). Among equally
good units, :func:`choose` decides.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeVar

from alerti18n.memory.cache import Parsed
from alerti18n.memory.plurals import PluralUnit
from alerti18n.memory.tmx import TmUnit
from alerti18n.text.matcher import Features, FuzzyIndex


@dataclass(frozen=True)
class Match:
    """The unit found for a source sentence, its score (0-100) and whether it is the same."""

    unit: TmUnit | PluralUnit
    score: float
    exact: bool


class Memory:
    """The units of one language, searchable by source sentence.

    ``known`` holds matcher features computed earlier (the cache's), so that
    the index is built without computing them again.
    """

    def __init__(
        self,
        units: list[TmUnit],
        known: dict[str, Features] | None = None,
        plurals: list[PluralUnit] | None = None,
    ) -> None:
        self.by_source: dict[str, list[TmUnit]] = {}
        for unit in units:
            if unit.source in self.by_source:
                self.by_source[unit.source].append(unit)
            else:
                self.by_source[unit.source] = [unit]
        self.sources = list(self.by_source)
        self._known = known
        self._index: FuzzyIndex | None = None
        self.plurals: dict[tuple[str, str], list[PluralUnit]] = {}
        for plural in plurals or []:
            self.plurals.setdefault((plural.source, plural.plural), []).append(plural)

    def lookup_plural(self, msgid: str, msgid_plural: str, doc: str, rule: str) -> Match | None:
        """The best plural unit of the same two sources and plural ``rule``, if any."""
        found = [u for u in self.plurals.get((msgid, msgid_plural), []) if u.rule == rule]
        return Match(choose(found, doc), 100.0, True) if found else None

    def lookup(self, msgid: str, doc: str) -> Match | None:
        """The best unit for ``msgid`` (translated in document ``doc``), if any."""
        exact = self.by_source.get(msgid)
        if exact:
            return Match(choose(exact, doc), 100.0, True)
        if not self.sources:
            return None
        if self._index is None:
            self._index = FuzzyIndex(self.sources, self._known)
        numbers, top = self._index.best(msgid)
        units = [u for n in numbers for u in self.by_source[self.sources[n]]]
        return Match(choose(units, doc), top, False) if units else None


_Unit = TypeVar("_Unit", TmUnit, PluralUnit)


def choose(units: list[_Unit], doc: str) -> _Unit:
    """The winner among equally good units: reviewed, most recent, same document, first."""
    ranked = sorted(units, key=lambda u: (u.origin, u.source, u.target))
    ranked.sort(key=lambda u: u.doc != doc)
    ranked.sort(key=lambda u: u.date, reverse=True)
    ranked.sort(key=lambda u: not u.reviewed)
    return ranked[0]


def memory_of(parts: list[Parsed]) -> Memory:
    """One language's memory: the units of its catalogs and imported memories."""
    known: dict[str, Features] = {}
    for part in parts:
        known.update(part.features)
    units = [u for part in parts for u in part.units]
    return Memory(units, known, [p for part in parts for p in part.plurals])
