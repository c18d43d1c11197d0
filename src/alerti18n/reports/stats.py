"""Progress per document and language: what ``status``, the dashboard and ``release`` count.

Each entry is counted by the one classifier, :func:`alerti18n.po.entrystate.state`;
machine drafts also by confidence band (:func:`alerti18n.po.entrystate.draft_band`,
``mt.high-confidence`` drawing the line between high and low); its words by
:func:`entry_words` (the analysis report counts the same words).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING

from alerti18n.core.config import Project
from alerti18n.core.errors import AlertI18nError
from alerti18n.mt.engine import DEFAULT_HIGH_CONFIDENCE
from alerti18n.po.compiled import read_catalog

if TYPE_CHECKING:
    import polib


@dataclass(frozen=True)
class Stats:
    """Progress of one document in one language."""

    doc: str
    lang: str
    segments: int
    translated: int
    reviewed: int
    fuzzy: int
    machine: int
    untranslated: int
    words: int
    words_translated: int
    words_fuzzy: int
    words_untranslated: int
    obsolete: int
    memory: int = 0  # memory drafts (``# tm:``), fuzzy or trusted, as filled
    #: machine drafts by confidence band: high, low, and no score (LibreTranslate, older marks)
    machine_high: int = 0
    machine_low: int = 0
    machine_unscored: int = 0

    @property
    def percent(self) -> float:
        return round(100.0 * self.translated / self.segments, 1) if self.segments else 100.0

    def to_dict(self) -> dict:
        return {**asdict(self), "percent": self.percent}


def count_words(text: str, lang: str) -> int:
    """The words a translator translates in ``text``, in the language ``lang``.

    Counted by the one word splitter (ICU, :func:`alerti18n.language.breaks.words`:
    Chinese, Japanese and Thai have no spaces, ``Կանգնեցրե՛ք`` is one word) on
    what is words at all: not code, URLs, HTML tags, link targets or footnote
    references (:func:`alerti18n.text.segment.not_words_blanked`, what decides
    whether a sentence is extracted).
    """
    from alerti18n.language.breaks import word_count
    from alerti18n.text.segment import not_words_blanked

    return word_count(not_words_blanked(text), lang)


def entry_words(entry: polib.POEntry, source_language: str) -> int:
    """The source words of an entry: its msgid's, and its msgid_plural's if it has one."""
    found = count_words(entry.msgid, source_language)
    return found + (count_words(entry.msgid_plural, source_language) if entry.msgid_plural else 0)


def catalog_stats(
    po: polib.POFile,
    doc: str,
    lang: str,
    high: float = DEFAULT_HIGH_CONFIDENCE,
    source_language: str = "en",
) -> Stats:
    """Count a catalog's entries and words (in ``source_language``) by state; machine drafts
    by band (``high``: the confidence from which a draft is high)."""
    from alerti18n.po.entrystate import HIGH, LOW, EntryState, draft_band, memory_draft, state

    counts = dict.fromkeys(
        ("translated", "reviewed", "fuzzy", "machine", "memory", "untranslated"), 0
    )
    bands = dict.fromkeys((HIGH, LOW), 0)
    words = dict.fromkeys(("translated", "fuzzy", "untranslated"), 0)
    total = total_words = obsolete = 0
    for entry in po:
        found = state(entry)
        if found is EntryState.OBSOLETE:
            obsolete += 1
            continue
        n = entry_words(entry, source_language)
        total += 1
        counts["memory"] += memory_draft(entry)
        total_words += n
        counts["machine"] += found is EntryState.MACHINE_DRAFT
        band = draft_band(entry, high)
        if band in bands:
            bands[band] += 1
        counts["reviewed"] += found is EntryState.REVIEWED
        if found.is_fuzzy:
            kind = "fuzzy"
        elif found.is_translated:
            kind = "translated"
        else:
            kind = "untranslated"
        counts[kind] += 1
        words[kind] += n
    return Stats(
        doc,
        lang,
        total,
        counts["translated"],
        counts["reviewed"],
        counts["fuzzy"],
        counts["machine"],
        counts["untranslated"],
        total_words,
        words["translated"],
        words["fuzzy"],
        words["untranslated"],
        obsolete,
        counts["memory"],
        bands[HIGH],
        bands[LOW],
        counts["machine"] - bands[HIGH] - bands[LOW],
    )


@dataclass(frozen=True)
class Unreadable:
    """A catalog that ``status`` could not read, and why."""

    doc: str
    lang: str
    error: AlertI18nError


def status(
    project: Project, langs: list[str] | None = None, unreadable: list[Unreadable] | None = None
) -> list[Stats]:
    """Stats for every document and target language (a missing PO counts as untranslated).

    A catalog that cannot be read raises, unless ``unreadable`` is given: it
    is then noted there and left out, so one broken catalog does not hide
    the progress of every other one.
    """
    import polib

    from alerti18n.mt import high_confidence
    from alerti18n.po.pofile import read_po

    high = high_confidence(project)
    result = []
    chosen = project.select_languages(langs)
    for path in project.documents():
        doc = project.doc_name(path)
        for lang in chosen:
            try:
                po = read_catalog(project, lang, doc)
                if po is None:
                    pot_path = project.pot_path(doc)
                    po = read_po(pot_path) if pot_path.exists() else polib.POFile()
            except AlertI18nError as error:
                if unreadable is None:
                    raise
                unreadable.append(Unreadable(doc, lang, error))
                continue
            result.append(catalog_stats(po, doc, lang, high, project.source_language))
    return result + _page_stats(project, project.page_languages(langs), unreadable)


def _page_stats(
    project: Project, langs: list[str], unreadable: list[Unreadable] | None
) -> list[Stats]:
    """Stats of the project's page catalogs (``locales/pages/<lang>.po``), as document "pages"."""
    from alerti18n.language.pagestrings import PROJECT_FOLDER, page_catalogs
    from alerti18n.po.pofile import read_po

    result = []
    for lang, path in page_catalogs(project.locales_dir, project.root, langs):
        try:
            po = read_po(path, expect_language=lang)
            source = project.source_language
            result.append(catalog_stats(po, PROJECT_FOLDER, lang, source_language=source))
        except AlertI18nError as error:
            if unreadable is None:
                raise
            unreadable.append(Unreadable(PROJECT_FOLDER, lang, error))
    return result


def origins(po: polib.POFile | None, template: polib.POFile | None = None) -> dict[str, int]:
    """How a catalog's text came about: live entries per :class:`~alerti18n.po.entrystate.Origin`,
    and ``published``, those a page shows translated (the rest show the source text).

    Without a catalog, every entry of ``template`` counts as untranslated.
    """
    from alerti18n.po.entrystate import Origin, origin, state

    counts = dict.fromkeys([kind.value for kind in Origin] + ["published"], 0)
    for entry in po if po is not None else (template or []):
        found = origin(entry) if po is not None else Origin.UNTRANSLATED
        if found is None or not entry.msgid:
            continue
        counts[found.value] += 1
        counts["published"] += po is not None and state(entry).is_translated
    return counts
