"""The analysis report: how much work is left before an alert can go out, by band.

As the analysis of a CAT tool (memoQ's, Trados's) does, every live entry
(segment) of every catalog, per language and document, falls in one band,
and the report adds up segments and source words per band:

``reviewed``
    translated and reviewed: the ``# reviewed:`` mark still vouches for it;
``translated``
    translated by a person (or a memory match the project trusts), not reviewed;
``memory-100``, ``memory-95``, ``memory-85``, ``memory-75``
    waiting for a translation (untranslated or fuzzy), and the best start the
    project holds for it scores 100, 95–99, 85–94 or 75–84: the better of the
    entry's own draft (a memory draft's score from its ``# tm:`` mark; an
    outdated translation's score against its ``#| msgid``; a fuzzy entry with
    text and neither, as a translation of this very sentence, 100) and the
    best match in the translation memory (:class:`alerti18n.memory.search.Memory`,
    with the one fuzzy matcher, :mod:`alerti18n.text.matcher`). 100 is the
    same sentence, markup included; a sentence that differs only in markup
    scores 99; scores are rounded to whole numbers, as ``# tm:`` marks write
    them (74.6 is 75), so that ``tm fill`` moves no entry to another band;
``machine-high``, ``machine-low``, ``machine-unscored``
    a machine draft (:func:`alerti18n.po.entrystate.state`), by the confidence
    its ``# mt:`` mark records (:func:`alerti18n.po.entrystate.confidence_band`:
    high from ``mt.high-confidence`` up, as ``status`` counts them); ``unscored``:
    the engine gave none (LibreTranslate, marks written before scores);
``new``
    waiting for a translation, with nothing to start from that scores 75 or more.

Each entry is classified by the one classifier (:mod:`alerti18n.po.entrystate`).
Words are counted as ``status`` counts them (:func:`alerti18n.reports.stats.entry_words`:
ICU's word splitter, in the source language, on what a translator translates,
not code, URLs, tags or link targets); a plural entry counts its ``msgid``
and its ``msgid_plural``. A document without a catalog in a
language counts its template's entries, all waiting.

**The estimate.** With ``[tool.alerti18n.analysis] words-per-hour`` (a rate per
band key), hours = the sum over the bands given of words / rate; a band the
table leaves out takes no time (e.g. ``reviewed``).

**Work, not time.** What the report needs from each catalog (its entries'
states, words and own drafts) is cached by the digest of the catalog's
bytes in ``.alerti18n/analysis-cache/`` (:mod:`alerti18n.reports.catalogfacts`),
and the memory is built from the memory's own cache
(:mod:`alerti18n.memory.cache`), which the report also fills: a second
report on unchanged files parses no file.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from alerti18n.core.config import Project
from alerti18n.core.errors import AlertI18nError, ConfigError
from alerti18n.core.state import State, project_state
from alerti18n.memory import tm
from alerti18n.memory.cache import Parsed
from alerti18n.memory.search import Memory, memory_of
from alerti18n.mt import high_confidence
from alerti18n.po.entrystate import HIGH, LOW, UNSCORED, confidence_band
from alerti18n.reports.catalogfacts import CatalogFacts, CatalogFiles, Facts, whole


@dataclass(frozen=True)
class Band:
    """One band of the report: its key (JSON, config), its label (dashboard) and its short
    label (the text table's column)."""

    key: str
    label: str
    short: str


#: The bands, from done to new.
BANDS = (
    Band("reviewed", "reviewed", "reviewed"),
    Band("translated", "translated", "translated"),
    Band("memory-100", "memory 100%", "100%"),
    Band("memory-95", "memory 95–99%", "95–99%"),
    Band("memory-85", "memory 85–94%", "85–94%"),
    Band("memory-75", "memory 75–84%", "75–84%"),
    Band("machine-high", "machine draft, high confidence", "mt-high"),
    Band("machine-low", "machine draft, low confidence", "mt-low"),
    Band("machine-unscored", "machine draft, no score", "mt-none"),
    Band("new", "new", "new"),
)
KEYS = tuple(band.key for band in BANDS)
#: The lowest score of each memory band, best first.
_MEMORY_BANDS = (
    (100.0, "memory-100"),
    (95.0, "memory-95"),
    (85.0, "memory-85"),
    (75.0, "memory-75"),
)
#: The report's machine bands, by the classifier's confidence bands.
_MACHINE_BANDS = {HIGH: "machine-high", LOW: "machine-low", UNSCORED: "machine-unscored"}
_ANALYSIS_KEYS = {"words-per-hour"}


@dataclass
class Count:
    """Segments and source words."""

    segments: int = 0
    words: int = 0

    def add(self, other: Count) -> None:
        self.segments += other.segments
        self.words += other.words


@dataclass
class Breakdown:
    """Segments and words by band of one document (or all documents) in one language."""

    doc: str
    lang: str
    bands: dict[str, Count] = field(default_factory=lambda: {key: Count() for key in KEYS})
    hours: float | None = None

    @property
    def total(self) -> Count:
        found = Count()
        for count in self.bands.values():
            found.add(count)
        return found

    def to_dict(self) -> dict:
        total = self.total
        return {
            "doc": self.doc,
            "lang": self.lang,
            "segments": total.segments,
            "words": total.words,
            "bands": {k: {"segments": c.segments, "words": c.words} for k, c in self.bands.items()},
            "hours": self.hours,
        }


@dataclass
class LanguageAnalysis:
    """The report of one language: each document's breakdown and their total."""

    lang: str
    documents: list[Breakdown] = field(default_factory=list)
    total: Breakdown | None = None
    problem: AlertI18nError | None = None  # why the language could not be analysed

    def to_dict(self) -> dict:
        found: dict[str, object] = {"lang": self.lang}
        if self.problem is not None:
            found["problem"] = self.problem.format_message()
            return found
        found["documents"] = [d.to_dict() for d in self.documents]
        found["total"] = self.total.to_dict() if self.total else None
        return found


@dataclass
class Analysis:
    """The whole report, with the rates its estimate used."""

    languages: list[LanguageAnalysis]
    words_per_hour: dict[str, float]

    def to_dict(self) -> dict:
        return {
            "bands": [{"key": b.key, "label": b.label} for b in BANDS],
            "words-per-hour": self.words_per_hour,
            "languages": [language.to_dict() for language in self.languages],
        }


def words_per_hour(project: Project) -> dict[str, float]:
    """``[tool.alerti18n.analysis] words-per-hour``: band key -> words per hour, validated."""
    table = project.analysis
    if "" in table:
        raise ConfigError(
            "analysis must be a table", project.config_file, hint="[tool.alerti18n.analysis]"
        )
    unknown = set(table) - _ANALYSIS_KEYS
    if unknown:
        raise ConfigError(
            f"unknown analysis setting(s): {', '.join(sorted(unknown))}",
            project.config_file,
            hint="analysis takes words-per-hour",
        )
    rates = table.get("words-per-hour", {})
    if not isinstance(rates, dict):
        raise ConfigError(
            "analysis.words-per-hour must be a table",
            project.config_file,
            hint="e.g. words-per-hour = { new = 300, machine-high = 600 }",
        )
    for key, value in rates.items():
        if key not in KEYS:
            raise ConfigError(
                f"analysis.words-per-hour: unknown band '{key}'",
                project.config_file,
                hint=f"bands are {', '.join(KEYS)}",
            )
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not value > 0:
            raise ConfigError(
                f"analysis.words-per-hour.{key} must be a number above 0",
                project.config_file,
                hint=f"{key} = 400",
            )
    return {key: float(rates[key]) for key in KEYS if key in rates}


def hours(breakdown: Breakdown, rates: dict[str, float]) -> float | None:
    """The estimate (see the module docstring), to a hundredth; None without rates."""
    if not rates:
        return None
    return round(sum(breakdown.bands[k].words / rate for k, rate in rates.items()), 2)


def memory_band(value: float) -> str:
    """The band of a waiting entry whose best start scores ``value``."""
    return next((key for low, key in _MEMORY_BANDS if value >= low), "new")


class _Leverage:
    """The best score one language's memory holds for a waiting entry (0: none); the memory
    is built, from its cache, only when an entry asks."""

    def __init__(self, files: CatalogFiles, lang: str, parts: list[Parsed]) -> None:
        self.files = files
        self.lang = lang
        self.parts = parts
        self.memory: Memory | None = None
        self.found: dict[tuple[str, str, str], float] = {}

    def best(self, facts: Facts, doc: str, rule: str) -> float:
        key = (facts.msgid, facts.plural, rule)
        if key not in self.found:
            if self.memory is None:
                project, files = self.files.project, self.files.memory
                imported = [
                    tm.imported_part(project, files, self.lang, path)
                    for path in tm.imported_files(project)
                ]
                self.memory = memory_of([*self.parts, *imported])
            if facts.plural:
                match = self.memory.lookup_plural(facts.msgid, facts.plural, doc, rule)
            else:
                match = self.memory.lookup(facts.msgid, doc)
            if match is None:
                self.found[key] = 0.0
            else:
                self.found[key] = 100.0 if match.exact else whole(match.score)
        return self.found[key]


def band_of(facts: Facts, high: float, best: float | None) -> str:
    """The band of an entry (see the module docstring); ``best``: the memory's best score
    for it (asked only of a waiting entry whose own draft is not already the same sentence)."""
    if facts.kind in ("reviewed", "translated"):
        return facts.kind
    if facts.kind == "machine":
        return _MACHINE_BANDS[confidence_band(facts.confidence, high)]
    return memory_band(max(facts.own or 0.0, best or 0.0))


def _breakdown(
    doc: str, lang: str, facts: CatalogFacts, high: float, leverage: _Leverage
) -> Breakdown:
    """One document's (or the page catalog's) segments and words by band."""
    found = Breakdown(doc, lang)
    for entry in facts.entries:
        waiting = entry.kind in ("fuzzy", "untranslated") and (entry.own or 0.0) < 100.0
        best = leverage.best(entry, doc, facts.rule) if waiting else None
        count = found.bands[band_of(entry, high, best)]
        count.segments += 1
        count.words += entry.words
    return found


def _language(
    files: CatalogFiles, lang: str, high: float, rates: dict[str, float]
) -> LanguageAnalysis:
    """The report of one language: every document, then the project's page catalog."""
    from alerti18n.language.pagestrings import PROJECT_FOLDER, page_catalogs

    project = files.project
    found: list[tuple[str, CatalogFacts]] = []
    parts: list[Parsed] = []
    for source in project.documents():
        doc = project.doc_name(source)
        path = project.catalog(lang, doc)
        if path is not None:
            facts, part = files.catalog(lang, doc, path)
            parts.append(part)
        elif project.pot_path(doc).exists():
            facts = files.other(lang, project.pot_path(doc), doc, template=True)
        else:
            facts = CatalogFacts([], "")
        found.append((doc, facts))
    for _, path in page_catalogs(project.locales_dir, project.root, [lang]):
        found.append((PROJECT_FOLDER, files.other(lang, path, PROJECT_FOLDER, template=False)))
    leverage = _Leverage(files, lang, parts)
    documents = [_breakdown(doc, lang, facts, high, leverage) for doc, facts in found]
    total = Breakdown("", lang)
    for document in documents:
        document.hours = hours(document, rates)
        for key in KEYS:
            total.bands[key].add(document.bands[key])
    total.hours = hours(total, rates)
    if files.cached:
        files.facts.prune(lang)
    return LanguageAnalysis(lang, documents, total)


def analyse(
    project: Project,
    langs: list[str] | None = None,
    state: State | None = None,
    keep_going: bool = False,
    cached: bool = True,
) -> Analysis:
    """The analysis report of the project's target languages (or ``langs``).

    A language whose catalogs or memories cannot be read raises, or with
    ``keep_going`` is reported with its problem, so that one broken catalog
    does not hide the other languages. The caches it reads and fills note
    files in the project's state: give the ``state`` the caller saves, or
    the report loads and saves it (the caller holds the project lock).
    Without ``cached``, catalogs are read, not looked up (see :class:`CatalogFiles`).
    """
    rates = words_per_hour(project)
    high = high_confidence(project)
    mine = state is None
    state = project_state(project) if state is None else state
    files = CatalogFiles(project, state, cached)
    found = []
    for lang in project.select_languages(langs):
        try:
            found.append(_language(files, lang, high, rates))
        except AlertI18nError as error:
            if not keep_going:
                raise
            found.append(LanguageAnalysis(lang, problem=error))
    if mine:
        state.save()
    return Analysis(found, rates)
