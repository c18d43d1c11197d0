"""The pretranslate stage: untranslated entries become fuzzy, marked machine drafts.

The engine comes from :func:`alerti18n.mt.open_engine` (in-process Argos by
default, a LibreTranslate server when configured). Sentences are protected
first (placeholders for code, links and glossary terms, see
:mod:`alerti18n.mt.protect`) and the raw output is cached
(:mod:`alerti18n.mt.cache`), so a second run with nothing new asks no engine.

Only entries that are untranslated (empty msgstr, not fuzzy, not obsolete)
are touched; every result is fuzzy and carries ``# mt: ENGINE PACKAGE
VERSION sha=...`` (see :mod:`alerti18n.po.marks`), plus ``# mt-warning:`` when
a placeholder did not survive. When the engine fails part-way, what it did
translate is cached and written before the error is raised.

A draft holding a control character (C0 or C1, DEL; a tab or a line feed
only where its source has one) is refused where drafts come in, from the
engine or from the cache (:func:`_acceptable`): it is neither written nor
cached, its entry stays untranslated, and each catalog warns how many it
refused. A NUL or an escape sequence from a compromised server would
otherwise make the catalog unreadable, or reach a terminal.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import polib
from babel import Locale
from babel.messages.plurals import get_plural

from alerti18n.core.commits import Commits
from alerti18n.core.config import Project
from alerti18n.language.glossary import Glossary, project_glossary
from alerti18n.mt import engine_options, open_engine
from alerti18n.mt.cache import TranslationCache
from alerti18n.mt.engine import Engine, EngineFailure, EngineOptions, MissingPackageError
from alerti18n.mt.protect import Protected, Restored, protect, restore
from alerti18n.po import marks
from alerti18n.po.entrystate import untouched
from alerti18n.po.pofile import format_po, plural_count, read_po, stamp_of

log = logging.getLogger(__name__)

Progress = Callable[[int, int], None]
#: Control characters (C0, DEL, C1) that a draft may never hold; tab and line feed are
#: allowed where the source has them.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


@dataclass
class Summary:
    """What pretranslate did for one catalog."""

    lang: str
    doc: str
    path: Path
    translated: int = 0
    skipped: int = 0
    from_cache: int = 0
    seconds: float = 0.0
    warnings: int = 0
    left: int = 0
    written: bool = False
    refused: int = 0  # drafts holding control characters: neither written nor cached


def needs_draft(entry: polib.POEntry) -> bool:
    """True for a live entry nobody has translated (empty msgstr, not fuzzy)."""
    return untouched(entry)


@dataclass
class _Job:
    """One catalog to fill: its entries and their protected sources."""

    summary: Summary
    po: polib.POFile
    engine: Engine
    entries: list[polib.POEntry]
    sources: list[list[Protected]] = field(default_factory=list)
    #: what the cache already holds for these sources (looked up once, by _servable)
    cached: dict[str, str] = field(default_factory=dict)

    def texts(self) -> list[str]:
        """The distinct protected texts to translate, in order."""
        return list(dict.fromkeys(p.text for group in self.sources for p in group))


def pretranslate(
    project: Project,
    langs: Sequence[str] | None = None,
    dry_run: bool = False,
    progress: Progress | None = None,
    skip_missing: bool = False,
    options: EngineOptions | None = None,
    engine_factory: Callable[[str, str], Engine] | None = None,
) -> list[Summary]:
    """Fill untranslated entries of ``locales/<lang>/<doc>.po`` with marked fuzzy drafts.

    ``skip_missing`` logs a warning for a language without a package and goes
    on (``alerti18n run``); otherwise that raises :class:`MissingPackageError`.
    ``dry_run`` counts what would be translated: no model call, no write.
    """
    options = options or engine_options(project)
    factory = engine_factory or (lambda src, dst: open_engine(src, dst, options))
    glossary = project_glossary(project)
    docs = [project.doc_name(p) for p in project.documents()]
    jobs = []
    for lang in project.select_languages(list(langs) if langs else None):
        try:
            engine = factory(project.source_language, lang)
        except MissingPackageError as exc:
            if not skip_missing:
                raise
            log.warning("skipping %s->%s: %s", project.source_language, lang, exc.message)
            continue
        for doc in docs:
            job = _plan(project, lang, doc, engine, glossary)
            if job is not None:
                jobs.append(job)
    cache = TranslationCache(project.mt_cache_dir, project.root)
    try:
        jobs = _servable(project, jobs, cache, skip_missing, dry_run)
        total = sum(len(p) for job in jobs for p in job.sources)
        done = 0
        if progress:
            progress(0, total)

        def advance(count: int) -> None:
            nonlocal done
            done += count
            if progress and count:
                progress(done, total)

        with Commits("pretranslate", project.root) as commits:  # a catalog saved meanwhile is kept
            for job in jobs:
                _draft_catalog(job, cache, dry_run, advance, commits)
    finally:
        cache.close()
    return [job.summary for job in jobs]


def _servable(
    project: Project, jobs: list[_Job], cache: TranslationCache, skip_missing: bool, dry_run: bool
) -> list[_Job]:
    """The jobs whose engine serves their pair, asked before anything is translated.

    Each job's cache hits are looked up here, once. An engine is asked
    (:meth:`Engine.check`: a server may not offer a pair) only when the cache
    lacks some of its sentences, so a run the cache answers contacts nothing;
    a dry run asks nothing. A pair not served raises MissingPackageError, or
    with ``skip_missing`` drops that language with a warning.
    """
    asked: set[int] = set()
    lacking: set[str] = set()
    for job in jobs:
        texts = job.texts()
        job.cached = _acceptable(cache.get(job.engine.key, texts), job.summary)
        complete = len(job.cached) == len(texts)
        if dry_run or complete or id(job.engine) in asked or job.summary.lang in lacking:
            continue
        asked.add(id(job.engine))
        try:
            job.engine.check()
        except MissingPackageError as exc:
            if not skip_missing:
                raise
            log.warning("skipping %s->%s: %s", project.source_language, job.summary.lang, exc)
            lacking.add(job.summary.lang)
    return [job for job in jobs if job.summary.lang not in lacking]


def _plan(project: Project, lang: str, doc: str, engine: Engine, glossary: Glossary) -> _Job | None:
    path = project.catalog(lang, doc)
    if path is None:
        log.warning("%s: no catalog yet, run 'alerti18n update' first", project.po_path(lang, doc))
        return None
    po = read_po(path, expect_language=lang)
    live = [e for e in po if not e.obsolete and e.msgid]
    todo = [e for e in live if needs_draft(e)]
    summary = Summary(lang, doc, path, skipped=len(live) - len(todo))
    job = _Job(summary, po, engine, todo)
    for entry in todo:
        texts = [entry.msgid] + ([entry.msgid_plural] if entry.msgid_plural else [])
        job.sources.append([protect(t, glossary, lang) for t in texts])
    return job


def _draft_catalog(
    job: _Job,
    cache: TranslationCache,
    dry_run: bool,
    advance: Callable[[int], None],
    commits: Commits,
) -> None:
    """Translate what the cache lacks for one catalog, store every draft, write the catalog.

    What the engine did before failing part-way is cached and written, then
    the failure is raised with what is left.
    """
    start = time.perf_counter()
    unique = job.texts()
    cached = job.cached
    missing = [t for t in unique if t not in cached]
    per_text = {t: 0 for t in unique}
    for group in job.sources:
        for p in group:
            per_text[p.text] += 1
    advance(sum(per_text[t] for t in cached))
    failure: EngineFailure | None = None
    fresh: dict[str, str] = {}
    summary = job.summary
    if dry_run:
        advance(sum(per_text[t] for t in missing))
    elif missing:
        try:
            fresh = dict(zip(missing, job.engine.translate(missing, progress=advance), strict=True))
        except EngineFailure as exc:
            failure = exc
            fresh = {missing[i]: text for i, text in exc.done.items()}
        fresh = _acceptable(fresh, summary)
        if fresh:
            cache.put(job.engine.key, fresh)
        advance(sum(per_text[t] for t in fresh) - len(fresh))  # repeated texts
    raw = {**cached, **fresh}
    for entry, group in zip(job.entries, job.sources, strict=True):
        if not dry_run and not all(p.text in raw for p in group):
            summary.left += 1
            continue
        summary.translated += 1
        if all(p.text in cached for p in group):
            summary.from_cache += 1
        if not dry_run:
            restored = [restore(raw[p.text], p) for p in group]
            summary.warnings += _apply(entry, job.engine, restored, job.po)
    if not dry_run and summary.translated:
        summary.written = commits.write(summary.path, format_po(job.po), stamp_of(job.po))
    summary.seconds = round(time.perf_counter() - start, 3)
    log.info(
        "%s/%s: %d translated (%d from cache), %d skipped, %.2f s",
        summary.lang,
        summary.doc,
        summary.translated,
        summary.from_cache,
        summary.skipped,
        summary.seconds,
    )
    if summary.refused:
        log.warning(
            "%s/%s: %d machine draft(s) held control characters: refused, neither written "
            "nor cached (their entries stay untranslated)",
            summary.lang,
            summary.doc,
            summary.refused,
        )
    if failure is not None:
        raise EngineFailure(
            f"{failure.message}; {summary.translated} draft(s) of {summary.lang}/{summary.doc} "
            f"written, {summary.left} entr{'y' if summary.left == 1 else 'ies'} left untranslated",
            summary.path,
            hint="run pretranslate again to do the rest: what was done is kept and cached",
        )


def _acceptable(drafts: dict[str, str], summary: Summary) -> dict[str, str]:
    """The drafts (protected source -> raw draft) without a control character; counts the rest.

    A tab or a line feed is a control character only where the source has none.
    """
    kept = {}
    for source, draft in drafts.items():
        allowed = {char for char in "\t\n" if char in source}
        found = set(_CONTROL.findall(draft)) | ({"\t", "\n"} & set(draft))
        if found - allowed:
            summary.refused += 1
            continue
        kept[source] = draft
    return kept


def _apply(entry: polib.POEntry, engine: Engine, restored: list[Restored], po: polib.POFile) -> int:
    """Store a draft in ``entry``: msgstr, fuzzy, marks. Returns 1 if it has a warning."""
    if entry.msgid_plural:
        plural = restored[-1].text
        count = max(len(entry.msgstr_plural), _plural_count(po))
        entry.msgstr_plural = {i: restored[0].text if i == 0 else plural for i in range(count)}
    else:
        entry.msgstr = restored[0].text
    if "fuzzy" not in entry.flags:
        entry.flags.append("fuzzy")
    problems = [problem for r in restored for problem in r.problems]
    marks.drop_marks(entry, marks.MT_WARNING)
    if problems:
        marks.set_mark(entry, marks.MT_WARNING, "; ".join(problems))
    marks.set_mark(
        entry,
        marks.MT,
        f"{engine.engine} {engine.package} {engine.version} sha={marks.fingerprint(entry)}",
    )
    return 1 if problems else 0


def _plural_count(po: polib.POFile) -> int:
    """The catalog's nplurals; without Plural-Forms, CLDR's count for its Language."""
    count = plural_count(po)
    if count is None:
        language = po.metadata.get("Language", "") or "en"
        count = get_plural(Locale.parse(language.replace("-", "_"))).num_plurals
    return count


__all__ = ["Summary", "needs_draft", "pretranslate"]
