"""What the analysis report needs from each catalog, cached by the digest of its bytes.

For each live entry (:class:`Facts`): its source texts, its state as the
classifier gives it (:mod:`alerti18n.po.entrystate`), its words as
``status`` counts them (:func:`alerti18n.reports.stats.entry_words`), a
machine draft's confidence and how good a start a fuzzy entry's own text is;
and the catalog's plural rule. :class:`CatalogFiles` keeps them in
``.alerti18n/analysis-cache/<lang>/`` beside the memory's own cache
(:mod:`alerti18n.memory.cache`, whose file digests it shares), and fills
that one too when it parses a catalog: one parse serves both, and a catalog
whose bytes did not change is parsed by neither.
"""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from alerti18n.core.config import Project
from alerti18n.core.state import State
from alerti18n.memory import tm
from alerti18n.memory.cache import Parsed, ParsedFiles
from alerti18n.po import marks
from alerti18n.po.entrystate import EntryState, draft_confidence, has_text, state
from alerti18n.reports.stats import entry_words
from alerti18n.text.matcher import score

if TYPE_CHECKING:
    import polib

#: A match that is not the same sentence scores at most this (it differs in markup at least).
_NOT_EXACT = 99.0


def whole(value: float) -> float:
    """A fuzzy score as a band reads it: a whole number, as ``# tm:`` marks write it (so a
    memory draft and the match it was filled from fall in one band), and at most 99."""
    return min(float(round(value)), _NOT_EXACT)


@dataclass(frozen=True)
class Facts:
    """What the report needs from one live entry (cached per catalog)."""

    msgid: str
    plural: str  # msgid_plural, "" for a singular entry
    kind: str  # reviewed, translated, machine, fuzzy or untranslated
    words: int
    confidence: float | None = None  # a machine draft's, when its mark records one
    own: float | None = None  # the score of a waiting entry's own draft


_KINDS = {
    EntryState.REVIEWED: "reviewed",
    EntryState.TRANSLATED: "translated",
    EntryState.MACHINE_DRAFT: "machine",
    EntryState.FUZZY: "fuzzy",
    EntryState.UNTRANSLATED: "untranslated",
}
_TM_SCORE = re.compile(r"^(exact|fuzzy)\s+(\d+(?:\.\d+)?)\b")


def entry_facts(entry: polib.POEntry, source_language: str) -> Facts | None:
    """The facts of ``entry``; None for an obsolete one (no work, not counted)."""
    found = state(entry)
    if found is EntryState.OBSOLETE:
        return None
    kind = _KINDS[found]
    count = entry_words(entry, source_language)
    own = _own_score(entry) if kind == "fuzzy" else None
    confidence = draft_confidence(entry) if kind == "machine" else None
    return Facts(entry.msgid, entry.msgid_plural or "", kind, count, confidence, own)


def _own_score(entry: polib.POEntry) -> float | None:
    """How good a start a waiting entry's own text is (None: it has none)."""
    if not has_text(entry):
        return None
    mark = marks.memory_draft(entry)
    found = _TM_SCORE.match(mark.value) if mark is not None else None
    if found is not None:
        return 100.0 if found.group(1) == "exact" else whole(float(found.group(2)))
    if entry.previous_msgid:
        return whole(score(entry.previous_msgid, entry.msgid))
    return 100.0


@dataclass(frozen=True)
class CatalogFacts:
    """The facts of a catalog's live entries, and its plural rule."""

    entries: list[Facts]
    rule: str


def catalog_facts(po: polib.POFile, lang: str, source_language: str) -> CatalogFacts:
    """The facts of every live entry of ``po`` (a catalog in ``lang``, or a template)."""
    from alerti18n.memory.plurals import plural_rule

    found = [entry_facts(entry, source_language) for entry in po]
    return CatalogFacts([f for f in found if f is not None], plural_rule(po, lang))


def _record(facts: CatalogFacts) -> dict:
    """``facts`` as a cache record: one column per field."""
    columns = ("msgid", "plural", "kind", "words", "confidence", "own")
    data: dict[str, object] = {name: [getattr(f, name) for f in facts.entries] for name in columns}
    return {**data, "rule": facts.rule}


def _from_record(data: dict | None) -> CatalogFacts | None:
    """A cache record read back; None when it is missing or any field is not as written."""
    if data is None:
        return None
    with contextlib.suppress(KeyError, TypeError, ValueError):
        columns = [data[name] for name in ("msgid", "plural", "kind", "words", "confidence", "own")]
        size = len(columns[0])
        if not all(isinstance(c, list) and len(c) == size for c in columns):
            return None
        texts, plurals, kinds, counts, confidences, owns = columns
        if not all(type(t) is str for t in [*texts, *plurals, data["rule"]]):
            return None
        if not set(kinds) <= set(_KINDS.values()) or not all(type(n) is int for n in counts):
            return None
        numbers = [*confidences, *owns]
        if not all(n is None or type(n) in (int, float) for n in numbers):
            return None
        entries = [
            Facts(t, p, k, n, None if c is None else float(c), None if o is None else float(o))
            for t, p, k, n, c, o in zip(*columns, strict=True)
        ]
        return CatalogFacts(entries, data["rule"])
    return None


class CatalogFiles:
    """The two caches the report reads: the memory's and its own (see the module docstring).

    Without ``cached``, every catalog is read with ``read_po`` and no cache of catalogs is
    kept: for a caller that has read them all already (the dashboard, inside
    :func:`alerti18n.po.pofile.reading_once`), where even hashing them would be work.
    """

    def __init__(self, project: Project, state: State, cached: bool = True) -> None:
        self.project = project
        self.cached = cached
        self.memory = ParsedFiles(project.tm_cache_dir, state, project.root)
        self.facts = self.memory.beside(project.analysis_cache_dir)

    def catalog(self, lang: str, doc: str, path: Path) -> tuple[CatalogFacts, Parsed]:
        """A catalog's facts and memory units: from the caches, else parsed once (and cached)."""
        from alerti18n.po.pofile import read_po

        origin = tm.origin(self.project, path)
        if not self.cached:
            po = read_po(path, expect_language=lang)
            return self._facts(po, lang), tm.parsed_catalog(po, lang, doc, origin)
        key = self.facts.key(path, "catalog", lang, doc, self.project.source_language)
        facts = _from_record(self.facts.get_record(lang, key))
        memory_key = tm.catalog_key(self.memory, lang, doc, path)
        part = self.memory.get(lang, memory_key)
        if facts is None or part is None:
            po = read_po(path, expect_language=lang)
            if part is None:
                part = tm.parsed_catalog(po, lang, doc, origin)
                self.memory.put(lang, memory_key, part)
            if facts is None:
                facts = self._facts(po, lang)
                self.facts.put_record(lang, key, _record(facts))
        return facts, part

    def other(self, lang: str, path: Path, doc: str, template: bool) -> CatalogFacts:
        """The facts of ``doc``'s template (``template``: for a language without its catalog)
        or of the project's page catalog in ``lang``: cached as a catalog's are."""
        from alerti18n.po.pofile import read_po

        expect = None if template else lang
        if not self.cached:
            return self._facts(read_po(path, expect_language=expect), lang)
        kind = "template" if template else "pages"
        key = self.facts.key(path, kind, lang, doc, self.project.source_language)
        facts = _from_record(self.facts.get_record(lang, key))
        if facts is None:
            facts = self._facts(read_po(path, expect_language=expect), lang)
            self.facts.put_record(lang, key, _record(facts))
        return facts

    def _facts(self, po: polib.POFile, lang: str) -> CatalogFacts:
        return catalog_facts(po, lang, self.project.source_language)
