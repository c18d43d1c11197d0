"""The stages in order: extract -> update -> (pretranslate) -> build -> check.

Each stage reads and validates everything it needs before it writes
anything, writes only files whose bytes change, and returns what it did so
the CLI can report it. No click code here.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import multiprocessing
import os
import re
import sys
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import polib

from alerti18n import __version__, marks
from alerti18n.config import Project
from alerti18n.errors import PoFileError
from alerti18n.fsutil import atomic_write
from alerti18n.glossary import Glossary, load_glossary
from alerti18n.pofile import read_po
from alerti18n.state import State, digest, file_digest

if TYPE_CHECKING:
    from alerti18n.render import PageInfo, Rendered
    from alerti18n.segment import Document

# The stage modules (segment, catalog, render, site) are imported inside the
# functions that use them: a run with nothing to do then starts in a fraction
# of the time, which is most of what a no-op re-run costs.

log = logging.getLogger(__name__)

FORMATS = ("md", "html", "txt", "pdf")
_WORD = re.compile(r"\w+")


def load_documents(project: Project) -> dict[str, Document]:
    """Every source document, parsed (errors surface before anything is written)."""
    from alerti18n.segment import parse_document

    docs = {}
    for path in project.documents():
        doc = parse_document(path, project.source_language)
        for warning in doc.warnings:
            log.warning(warning)
        docs[project.doc_name(path)] = doc
    return docs


def _state(project: Project) -> State:
    return State(project.state_dir / "state.json", project.root)


def glossary_of(project: Project) -> Glossary:
    return load_glossary(project.glossary, project.source_language)


def _config_bytes(project: Project) -> bytes:
    glossary = project.glossary.read_bytes() if project.glossary else b""
    return project.config_file.read_bytes() + b"\0" + glossary


def extract(project: Project) -> list[Path]:
    """Write locales/<doc>.pot for every source document; return the files written.

    A document whose source, glossary and config are unchanged since its POT
    was written (and whose POT is untouched) is not even parsed.
    """
    state = _state(project)
    config = _config_bytes(project)
    pending = []
    for path in project.documents():
        name = project.doc_name(path)
        inputs = digest(__version__, config, path.read_bytes())
        if not state.fresh("extract", name, inputs, [project.pot_path(name)]):
            pending.append((name, path, inputs))
    # every document is parsed (and so validated) before any template is written
    docs = _map(_parse, [(path, project.source_language) for _, path, _ in pending])
    for doc in docs:
        for warning in doc.warnings:
            log.warning(warning)
    glossary = glossary_of(project) if pending else None
    jobs = [(project, name, doc, glossary) for (name, _, _), doc in zip(pending, docs, strict=True)]
    written = []
    for (name, _, inputs), (path, changed) in zip(pending, _map(_template, jobs), strict=True):
        if changed:
            written.append(path)
        state.record("extract", name, inputs, [path])
    state.save()
    return written


def _parse(job: tuple[Path, str]) -> Document:
    from alerti18n.segment import parse_document

    return parse_document(*job)


def _template(job: tuple[Project, str, Document, Glossary]) -> tuple[Path, bool]:
    """Write one document's POT; return its path and whether it changed."""
    from alerti18n.catalog import build_template, write_template

    project, name, doc, glossary = job
    title = doc.front_matter.get("title") if doc.front_matter else None
    pot = build_template(project, doc, glossary, title if isinstance(title, str) else None)
    path = project.pot_path(name)
    return path, write_template(pot, path, project.root)


def read_catalog(project: Project, lang: str, doc: str) -> polib.POFile | None:
    """The PO of ``doc`` in ``lang``, validated against its folder; None if absent."""
    path = project.po_path(lang, doc)
    return read_po(path, expect_language=lang) if path.exists() else None


def update(project: Project, langs: list[str] | None = None) -> list[Path]:
    """Create or merge locales/<lang>/<doc>.po from each POT; return the files written.

    All catalogs are read and validated first, so a broken one stops the
    command before any file is written.
    """
    langs = project.select_languages(langs)
    state = _state(project)
    config = project.config_file.read_bytes()
    plans = []
    for path in project.documents():
        doc = project.doc_name(path)
        pot_path = project.pot_path(doc)
        if not pot_path.exists():
            raise PoFileError("template missing", pot_path, hint="run 'alerti18n extract' first")
        inputs = digest(__version__, config, pot_path.read_bytes())
        pot = None
        for lang in langs:
            po_path = project.po_path(lang, doc)
            unit = f"{lang}/{doc}"
            if state.fresh("update", unit, inputs, [po_path]):
                continue
            pot = pot or read_po(pot_path)
            plans.append((po_path, lang, pot, read_catalog(project, lang, doc), unit, inputs))
    from alerti18n.catalog import finish_catalog, merge, new_catalog

    written = []
    for po_path, lang, pot, old, unit, inputs in plans:
        merged = merge(old if old is not None else new_catalog(project, lang, pot), pot)
        if finish_catalog(merged, po_path, project.root):
            written.append(po_path)
        state.record("update", unit, inputs, [po_path])
    state.save()
    return written


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

    @property
    def percent(self) -> float:
        return round(100.0 * self.translated / self.segments, 1) if self.segments else 100.0

    def to_dict(self) -> dict:
        return {**asdict(self), "percent": self.percent}


def catalog_stats(po: polib.POFile, doc: str, lang: str) -> Stats:
    """Count a catalog's entries and words by state."""
    counts = dict.fromkeys(("translated", "reviewed", "fuzzy", "machine", "untranslated"), 0)
    words = dict.fromkeys(("translated", "fuzzy", "untranslated"), 0)
    total = total_words = obsolete = 0
    for entry in po:
        if entry.obsolete:
            obsolete += 1
            continue
        n = len(_WORD.findall(entry.msgid))
        total += 1
        total_words += n
        if "fuzzy" in entry.flags and entry.msgstr:
            state = "fuzzy"
            counts["machine"] += marks.machine_draft(entry) is not None
        elif entry.translated():
            state = "translated"
            counts["reviewed"] += marks.reviewed(entry) is not None
        else:
            state = "untranslated"
        counts[state] += 1
        words[state] += n
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
    )


def status(project: Project, langs: list[str] | None = None) -> list[Stats]:
    """Stats for every document and target language (a missing PO counts as untranslated)."""
    result = []
    for path in project.documents():
        doc = project.doc_name(path)
        for lang in project.select_languages(langs):
            po = read_catalog(project, lang, doc)
            if po is None:
                pot_path = project.pot_path(doc)
                po = read_po(pot_path) if pot_path.exists() else polib.POFile()
            result.append(catalog_stats(po, doc, lang))
    return result


@dataclass(frozen=True)
class Built:
    """One document built in one language."""

    doc: str
    lang: str
    files: tuple[Path, ...]
    fallbacks: int
    total: int


def translations_of(po: polib.POFile | None) -> dict[str, str]:
    """msgid -> msgstr for entries a person has translated (fuzzy ones fall back)."""
    if po is None:
        return {}
    return {e.msgid: e.msgstr for e in po if not e.obsolete and e.translated() and not e.msgctxt}


def build(
    project: Project,
    langs: list[str] | None = None,
    formats: tuple[str, ...] = FORMATS,
    out: Path | None = None,
    notices: dict[str, tuple[str, ...]] | None = None,
    documents: set[str] | None = None,
) -> list[Built]:
    """Write <out>/<lang>/<doc>.{md,html,txt,pdf} for the source and target languages.

    With HTML, <out>/index.html lists every document and language.

    A document is parsed only if one of its languages must be rebuilt; a
    language is rebuilt only if its source, catalog, config or options changed
    or its output files were touched.
    """
    out = out or project.build_dir
    languages = [project.source_language, *project.select_languages(langs)]
    if langs:
        languages = languages[1:]
    state = _state(project)
    config = _config_bytes(project)
    options = json.dumps([formats, str(out), project.languages, notices or {}], sort_keys=True)
    plans = []
    for path in project.documents():
        name = project.doc_name(path)
        if documents is not None and name not in documents:
            continue
        source = path.read_bytes()
        for lang in languages:
            po_path = None if lang == project.source_language else project.po_path(lang, name)
            inputs = digest(
                __version__, config, options, source, file_digest(po_path) if po_path else ""
            )
            files = [out / lang / f"{name}.{fmt}" for fmt in formats]
            unit = f"{out}:{lang}/{name}"
            if not state.fresh("build", unit, inputs, files):
                plans.append((path, name, lang, po_path, unit, inputs, files))
    catalogs = {
        (lang, name): read_catalog(project, lang, name) if po_path else None
        for _, name, lang, po_path, *_ in plans
    }
    needs_index = "html" in formats and bool(plans or not (out / "index.html").exists())
    if not plans and not needs_index:
        state.save()
        return []
    jobs: dict[Path, _BuildJob] = {}
    glossary = glossary_of(project)
    root = project.root if out.is_relative_to(project.root) else None
    for path, name, lang, _, _, _, files in plans:
        job = jobs.setdefault(
            path, _BuildJob(project, path, name, [], formats, out, notices, root, glossary)
        )
        job.languages.append((lang, translations_of(catalogs[(lang, name)]), tuple(files)))
    results = [built for group in _map(_build_document, list(jobs.values())) for built in group]
    units = {(name, lang): (unit, inputs) for _, name, lang, _, unit, inputs, _ in plans}
    for built in results:
        if built.fallbacks:
            log.warning(
                "%s/%s: %d of %d segments untranslated or fuzzy, shown in %s",
                built.lang,
                built.doc,
                built.fallbacks,
                built.total,
                project.source_language,
            )
        unit, inputs = units[(built.doc, built.lang)]
        state.record("build", unit, inputs, list(built.files))
    if needs_index:
        from alerti18n import site

        site.write_index(project, out, documents, catalogs, state)
    state.save()
    return results


#: Below this many documents a build runs in this process; above, one per core.
PARALLEL_FROM = 8


def _map(func: Callable, jobs: list) -> list:
    """``func`` over ``jobs``, in worker processes when there are many jobs and cores."""
    workers = min(os.cpu_count() or 1, 4)
    if len(jobs) < PARALLEL_FROM or workers < 2:
        return [func(job) for job in jobs]
    context = multiprocessing.get_context("fork" if sys.platform == "linux" else None)
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        return list(pool.map(func, jobs, chunksize=max(1, len(jobs) // (workers * 4))))


@dataclass
class _BuildJob:
    """One document to build in some languages (picklable, for worker processes)."""

    project: Project
    path: Path
    name: str
    languages: list[tuple[str, dict[str, str], tuple[Path, ...]]]
    formats: tuple[str, ...]
    out: Path
    notices: dict[str, tuple[str, ...]] | None
    root: Path | None
    glossary: Glossary


def _build_document(job: _BuildJob) -> list[Built]:
    """Parse one document and write it in each of the job's languages."""
    from alerti18n.render import parse_markdown, render_html, render_text, translate_document
    from alerti18n.segment import parse_document

    project = job.project
    doc = parse_document(job.path, project.source_language)
    parsed: dict[str, list] = {}  # rebuilt Markdown -> tokens
    results = []
    for lang, translations, files in job.languages:
        rendered = translate_document(doc, translations, lang)
        info = _page_info(
            project, job.name, doc, lang, translations, job.glossary, rendered, job.notices
        )
        texts: dict[str, str | bytes] = {"md": rendered.markdown}
        if {"html", "txt", "pdf"} & set(job.formats):
            # one parse serves both: the HTML-safe rebuild renders to the same text
            safe = translate_document(doc, translations, lang, for_html=True)
            # languages with nothing translated yet share the source's tokens
            tokens = parsed.get(safe.markdown) or parsed.setdefault(
                safe.markdown, parse_markdown(safe.markdown)
            )
            html_needed = "html" in job.formats or "pdf" in job.formats
            texts["html"] = render_html(safe, info, tokens) if html_needed else ""
            texts["txt"] = render_text(safe, tokens)
        if "pdf" in job.formats:
            from alerti18n.pdf import html_to_pdf

            texts["pdf"] = html_to_pdf(str(texts["html"]), job.out / lang, job.out)
        for fmt, file in zip(job.formats, files, strict=True):
            data = texts[fmt]
            atomic_write(file, data if isinstance(data, bytes) else data.encode("utf-8"), job.root)
        fallbacks = rendered.fallbacks if lang != project.source_language else 0
        results.append(Built(job.name, lang, files, fallbacks, rendered.total))
    return results


def _page_info(
    project: Project,
    name: str,
    doc: Document,
    lang: str,
    translations: dict[str, str],
    glossary: Glossary,
    rendered: Rendered,
    notices: dict[str, tuple[str, ...]] | None,
) -> PageInfo:
    from alerti18n.render import PageInfo, ui

    meta = doc.front_matter or {}
    title = str(meta.get("title") or name)
    title = translations.get(" ".join(title.split()), title)
    publisher = str(meta.get("publisher") or "")
    for term in glossary.terms:
        if term.source == publisher and term.forms.get(lang):
            publisher = term.forms[lang]
    date = meta.get("date")
    extra = list((notices or {}).get(lang, ()))
    if rendered.fallbacks and lang != project.source_language:
        extra.append(ui(lang, "incomplete", n=rendered.fallbacks, total=rendered.total))
    return PageInfo(
        doc=name,
        lang=lang,
        languages=project.languages,
        title=title,
        publisher=publisher,
        date=date if isinstance(date, dt.date) else None,
        notices=tuple(extra),
    )
