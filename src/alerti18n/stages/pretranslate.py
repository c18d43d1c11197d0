"""The pretranslate stage: untranslated entries become fuzzy, marked machine drafts.

The engine comes from :func:`alerti18n.mt.open_engine` (in-process Argos by
default, a LibreTranslate server when configured). Sentences are protected
first (placeholders for code, links and glossary terms, see
:mod:`alerti18n.mt.protect`) and the raw output is cached
(:mod:`alerti18n.mt.cache`), so a second run with nothing new asks no engine.

Only entries that are untranslated (empty msgstr, not fuzzy, not obsolete)
are touched; every result is fuzzy and carries ``# mt: ENGINE PACKAGE
VERSION confidence=C sha=...`` (see :mod:`alerti18n.po.marks`), plus
``# mt-warning:`` when a placeholder did not survive or a glossary term's
approved form could not be placed. A draft less confident than
``mt.min-confidence`` is withheld: not written (its entry stays
untranslated), counted. When the engine fails part-way, what it did
translate is cached and written before the error is raised.

Glossary terms are held to their approved forms (:func:`_terms`): a term
with an approved form in the target language goes through the model as a
placeholder and comes back as that form, exactly as the glossary writes it;
each draft is then checked for every term of its source, inflected forms
accepted as the ``glossary`` check accepts them, and each summary counts the
terms and the drafts that carry their approved form (the term-usage rate).

A plural entry's forms are filled from the drafts of ``msgid`` and
``msgid_plural``: the singular's where the catalog's Plural-Forms uses the
form for one thing only, the plural's everywhere else
(:func:`alerti18n.po.header.singular_forms`).

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
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import polib
from babel import Locale
from babel.messages.plurals import get_plural

from alerti18n.checks.glossary import contains_form
from alerti18n.core.commits import Commits
from alerti18n.core.config import Project
from alerti18n.language.glossary import Glossary, project_glossary
from alerti18n.language.profiles import base as base_language
from alerti18n.mt import engine_options, open_engine
from alerti18n.mt.cache import TranslationCache
from alerti18n.mt.engine import (
    Draft,
    Engine,
    EngineFailure,
    EngineOptions,
    MissingPackageError,
    as_drafts,
)
from alerti18n.mt.protect import Protected, Restored, protect, restore
from alerti18n.po import marks
from alerti18n.po.entrystate import HIGH, LOW, UNSCORED, untouched
from alerti18n.po.header import singular_forms
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
    withheld: int = 0  # drafts below mt.min-confidence: not written, entry untranslated
    #: drafts written by confidence band (high, low, no score)
    bands: dict[str, int] = field(default_factory=lambda: dict.fromkeys((HIGH, LOW, UNSCORED), 0))
    terms: int = 0  # glossary terms (with an approved form) in the drafted sentences
    terms_held: int = 0  # of those, how many the drafts carry in their approved form


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
    glossary: Glossary
    options: EngineOptions
    sources: list[list[Protected]] = field(default_factory=list)
    #: what the cache already holds for these sources (looked up once, by _servable)
    cached: dict[str, Draft] = field(default_factory=dict)

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
            job = _plan(project, lang, doc, engine, glossary, options)
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


def _plan(
    project: Project,
    lang: str,
    doc: str,
    engine: Engine,
    glossary: Glossary,
    options: EngineOptions,
) -> _Job | None:
    path = project.catalog(lang, doc)
    if path is None:
        log.warning("%s: no catalog yet, run 'alerti18n update' first", project.po_path(lang, doc))
        return None
    po = read_po(path, expect_language=lang)
    live = [e for e in po if not e.obsolete and e.msgid]
    todo = [e for e in live if needs_draft(e)]
    summary = Summary(lang, doc, path, skipped=len(live) - len(todo))
    job = _Job(summary, po, engine, todo, glossary, options)
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
    summary = job.summary
    per_text = Counter(p.text for group in job.sources for p in group)
    advance(sum(per_text[t] for t in job.cached))
    missing = [t for t in job.texts() if t not in job.cached]
    fresh: dict[str, Draft] = {}
    failure: EngineFailure | None = None
    if dry_run:
        advance(sum(per_text[t] for t in missing))
    elif missing:
        fresh, failure = _translate(job, missing, advance)
        if fresh:
            cache.put(job.engine.key, fresh)
        advance(sum(per_text[t] for t in fresh) - len(fresh))  # repeated texts
    raw = {**job.cached, **fresh}
    for entry, group in zip(job.entries, job.sources, strict=True):
        if dry_run:
            summary.translated += 1
            summary.from_cache += all(p.text in job.cached for p in group)
        elif not all(p.text in raw for p in group):
            summary.left += 1
        else:
            _place(job, entry, group, raw)
    if not dry_run and summary.translated:
        summary.written = commits.write(summary.path, format_po(job.po), stamp_of(job.po))
    summary.seconds = round(time.perf_counter() - start, 3)
    _log_summary(summary)
    if failure is not None:
        raise EngineFailure(
            f"{failure.message}; {summary.translated} draft(s) of {summary.lang}/{summary.doc} "
            f"written, {summary.left} entr{'y' if summary.left == 1 else 'ies'} left untranslated",
            summary.path,
            hint="run pretranslate again to do the rest: what was done is kept and cached",
        )


def _translate(
    job: _Job, missing: list[str], advance: Callable[[int], None]
) -> tuple[dict[str, Draft], EngineFailure | None]:
    """The engine's drafts of ``missing`` (what it did, if it failed part-way), refused ones out."""
    failure = None
    try:
        drafts = as_drafts(job.engine.translate(missing, progress=advance))
        fresh = dict(zip(missing, drafts, strict=True))
    except EngineFailure as exc:
        failure = exc
        done = as_drafts(exc.done.values())
        fresh = {missing[i]: draft for i, draft in zip(exc.done, done, strict=True)}
    return _acceptable(fresh, job.summary), failure


def _place(job: _Job, entry: polib.POEntry, group: list[Protected], raw: dict[str, Draft]) -> None:
    """Write one entry's draft, or withhold it when it is less confident than the threshold."""
    summary = job.summary
    drafts = [raw[p.text] for p in group]
    scores = [d.confidence for d in drafts]
    score = None if None in scores else min(s for s in scores if s is not None)
    if score is not None and score < job.options.min_confidence:
        summary.withheld += 1
        return
    summary.translated += 1
    summary.from_cache += all(p.text in job.cached for p in group)
    summary.bands[_band(score, job.options.high_confidence)] += 1
    restored = [restore(d.text, p) for d, p in zip(drafts, group, strict=True)]
    problems = [problem for r in restored for problem in r.problems]
    for protected, back in zip(group, restored, strict=True):
        problems += _terms(job, protected, back.text)
    summary.warnings += _apply(entry, job.engine, restored, job.po, score, problems)


def _band(score: float | None, high: float) -> str:
    if score is None:
        return UNSCORED
    return HIGH if score >= high else LOW


def _terms(job: _Job, protected: Protected, draft: str) -> list[str]:
    """Count the source's glossary terms and those the draft carries in their approved form;
    a problem for each term that was not protected and is not there."""
    lang = job.summary.lang
    base = base_language(lang)
    shielded = {slot.source for slot in protected.slots if slot.kind == "term"}
    problems = []
    for term in job.glossary.find(protected.prose):
        form = term.forms.get(lang) or term.forms.get(base)
        if not form:
            continue
        job.summary.terms += 1
        if contains_form(draft, form, base):
            job.summary.terms_held += 1
        elif not any(term.pattern().fullmatch(source) for source in shielded):
            problems.append(
                f"MT did not use the approved form {form!r} of glossary term {term.source!r}: "
                "put it in, inflected as the sentence needs"
            )
    return problems


def _log_summary(summary: Summary) -> None:
    log.info(
        "%s/%s: %d translated (%d from cache), %d skipped, %d withheld, %.2f s",
        summary.lang,
        summary.doc,
        summary.translated,
        summary.from_cache,
        summary.skipped,
        summary.withheld,
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


def _acceptable(drafts: dict[str, Draft], summary: Summary) -> dict[str, Draft]:
    """The drafts (protected source -> draft) without a control character; counts the rest.

    A tab or a line feed is a control character only where the source has none.
    """
    kept = {}
    for source, draft in drafts.items():
        allowed = {char for char in "\t\n" if char in source}
        found = set(_CONTROL.findall(draft.text)) | ({"\t", "\n"} & set(draft.text))
        if found - allowed:
            summary.refused += 1
            continue
        kept[source] = draft
    return kept


def _apply(
    entry: polib.POEntry,
    engine: Engine,
    restored: list[Restored],
    po: polib.POFile,
    score: float | None,
    problems: list[str],
) -> int:
    """Store a draft in ``entry``: msgstr, fuzzy, marks. Returns 1 if it has a warning."""
    if entry.msgid_plural:
        count = max(len(entry.msgstr_plural), _plural_count(po))
        found = singular_forms(po.metadata.get("Plural-Forms", ""))
        singular = {0} if found is None else found  # without a rule, gettext's form 0
        entry.msgstr_plural = {
            i: restored[0].text if i in singular else restored[-1].text for i in range(count)
        }
    else:
        entry.msgstr = restored[0].text
    if "fuzzy" not in entry.flags:
        entry.flags.append("fuzzy")
    marks.drop_marks(entry, marks.MT_WARNING)
    if problems:
        marks.set_mark(entry, marks.MT_WARNING, "; ".join(problems))
    sha = marks.fingerprint(entry)
    marks.set_mark(
        entry,
        marks.MT,
        marks.dated(marks.mt_mark(engine.engine, engine.package, engine.version, score, sha)),
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
