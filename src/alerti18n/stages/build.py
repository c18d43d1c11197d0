"""Build: every document in each language, stale outputs of gone documents removed."""

from __future__ import annotations

import datetime as dt
import json
import logging
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from alerti18n import __version__
from alerti18n.core.config import Project
from alerti18n.core.files import commit_write, discard_staged, remove_leftovers, stage_write
from alerti18n.core.state import State, digest, file_digest
from alerti18n.core.workers import map_jobs
from alerti18n.po.compiled import load_translations
from alerti18n.stages.extract import load_parsed
from alerti18n.stages.inputs import config_bytes, glossary_of, state_of

if TYPE_CHECKING:
    from alerti18n.language.glossary import Glossary
    from alerti18n.output.render import PageInfo, Rendered
    from alerti18n.text.segment import Document

log = logging.getLogger(__name__)

#: Every output format; ``build`` makes DEFAULT_FORMATS unless told, ``release`` RELEASE_FORMATS.
FORMATS = ("md", "html", "txt", "pdf", "docx", "odt")
DEFAULT_FORMATS = ("md", "html", "txt", "pdf")
RELEASE_FORMATS = (*DEFAULT_FORMATS, "docx")


@dataclass(frozen=True)
class Built:
    """One document built in one language."""

    doc: str
    lang: str
    files: tuple[Path, ...]
    fallbacks: int
    total: int
    staged: tuple[Path | None, ...] = ()  # temporary files to commit (None: unchanged)
    title: tuple[str, str] | None = None  # (source title, title in the catalog)
    digests: tuple[str, ...] = ()  # of each file's bytes as built


def build(
    project: Project,
    langs: list[str] | None = None,
    formats: tuple[str, ...] = DEFAULT_FORMATS,
    out: Path | None = None,
    notices: dict[str, tuple[str, ...]] | None = None,
    documents: set[str] | None = None,
) -> list[Built]:
    """Write <out>/<lang>/<doc>.{md,html,txt,pdf,docx,odt} for the source and target languages.

    With HTML, <out>/index.html lists every document and language. The local
    images a document shows are copied beside it for the formats that show
    them (see :mod:`alerti18n.text.media`).

    A document is parsed only if one of its languages must be rebuilt; a
    language is rebuilt only if its source, catalog, config or options changed
    or its output files were touched.
    """
    out = out or project.build_dir
    languages = [project.source_language, *project.select_languages(langs)]
    if langs:
        languages = languages[1:]
    state = state_of(project)
    request = _request(project, languages, formats, out, notices, documents)
    sources = project.documents()
    removed = remove_stale_outputs(project, state, out, {project.doc_name(p) for p in sources})
    units, images_of = _stale_units(request, state, sources)
    index = out / "index.html"
    needs_index = ("html" in formats and bool(units or not index.exists())) or (
        removed and index.exists()
    )
    if not units and not needs_index:
        state.save()
        return []
    for lang in languages:  # what a killed build may have left
        remove_leftovers(out / lang)
    # Every catalog is read and every page rendered and staged (in worker
    # processes on large projects) before any output is replaced.
    groups = map_jobs(_build_document, _jobs(request, units, images_of), _discard_built, _prepare)
    results = [built for group in groups for built in group]
    _commit(project, state, units, results)
    if needs_index:
        from alerti18n.output.index import write_index

        write_index(project, out, documents, state)
    state.save()
    return [replace(built, staged=()) for built in results]


class _Request(NamedTuple):  # (a NamedTuple: a dataclass costs the CLI's start 0.5 ms)
    """One ``build`` call: what it was asked for, and what every output depends on
    besides its document, its catalog and its images."""

    project: Project
    languages: list[str]
    formats: tuple[str, ...]
    out: Path
    notices: dict[str, tuple[str, ...]] | None
    documents: set[str] | None  # None: every document
    config: bytes
    options: str  # the build's options and the page strings, as JSON
    office: str  # the DOCX/ODT reference documents


def _request(
    project: Project,
    languages: list[str],
    formats: tuple[str, ...],
    out: Path,
    notices: dict[str, tuple[str, ...]] | None,
    documents: set[str] | None,
) -> _Request:
    from alerti18n.language.pagestrings import project_pages_digest

    config = config_bytes(project)
    pages = project_pages_digest(project.locales_dir)  # the project's page strings
    options = json.dumps(
        [formats, str(out), project.languages, notices or {}, pages], sort_keys=True
    )
    office = _office_inputs(project, formats)
    return _Request(project, languages, formats, out, notices, documents, config, options, office)


class _Unit(NamedTuple):
    """One document in one language whose outputs are not fresh."""

    path: Path
    name: str
    lang: str
    catalog: tuple[Path, str] | None  # its PO and the PO's digest (None: the source language)
    key: str  # the state's name for it
    inputs: str  # the digest of everything its outputs depend on
    files: list[Path]  # its outputs: one per format, then its images


def _stale_units(
    request: _Request, state: State, sources: list[Path]
) -> tuple[list[_Unit], dict[Path, list[tuple[Path, str]]]]:
    """The units to rebuild, and the images of each document looked at."""
    project, out, formats = request.project, request.out, request.formats
    shows_images = bool(_SHOWS_IMAGES & set(formats))
    units: list[_Unit] = []
    images_of: dict[Path, list[tuple[Path, str]]] = {}
    for path in sources:
        name = project.doc_name(path)
        if request.documents is not None and name not in request.documents:
            continue
        source = state.digest_of(path)  # read only when it changed
        images = _images(project, state, path, source) if shows_images else []
        images_of[path] = images
        pictures = [f"{rel}\0{state.digest_of(file)}" for file, rel in images]
        for lang in request.languages:
            po_path = None if lang == project.source_language else project.po_path(lang, name)
            po_digest = state.digest_of(po_path) if po_path else ""
            inputs = digest(
                __version__,
                request.config,
                request.options,
                source,
                po_digest,
                request.office,
                *pictures,
            )
            files = [out / lang / f"{name}.{fmt}" for fmt in formats]
            files += [out / lang / rel for _, rel in images]
            key = f"{out}:{lang}/{name}"
            if not state.fresh("build", key, inputs, files):
                catalog = (po_path, po_digest) if po_path and po_digest != "absent" else None
                units.append(_Unit(path, name, lang, catalog, key, inputs, files))
    return units, images_of


def _jobs(
    request: _Request, units: list[_Unit], images_of: dict[Path, list[tuple[Path, str]]]
) -> list[_BuildJob]:
    """One job per document, with the languages it must be rebuilt in."""
    project, out = request.project, request.out
    jobs: dict[Path, _BuildJob] = {}
    glossary = glossary_of(project)
    root = project.root if out.is_relative_to(project.root) else None
    for unit in units:
        job = jobs.setdefault(
            unit.path,
            _BuildJob(
                project,
                unit.path,
                unit.name,
                [],
                request.formats,
                out,
                request.notices,
                glossary,
                root,
                images_of[unit.path],
            ),
        )
        job.languages.append((unit.lang, unit.catalog, tuple(unit.files)))
    return list(jobs.values())


def _commit(project: Project, state: State, units: list[_Unit], results: list[Built]) -> None:
    """Replace the outputs with the staged files, and record each unit as built."""
    by_page = {(unit.name, unit.lang): unit for unit in units}
    for built in results:
        for file, staged in zip(built.files, built.staged, strict=True):
            if staged is not None:
                commit_write(staged, file, durable=False)
        if built.fallbacks:
            log.warning(
                "%s/%s: %d of %d segments untranslated or fuzzy, shown in %s",
                built.lang,
                built.doc,
                built.fallbacks,
                built.total,
                project.source_language,
            )
        unit = by_page[(built.doc, built.lang)]
        state.record("build", unit.key, unit.inputs, list(built.files), list(built.digests))
        if unit.catalog is not None and built.title is not None:
            from alerti18n.output.index import remember_title

            remember_title(state, unit.catalog[0], built.lang, built.doc, *built.title)


_SHOWS_IMAGES = frozenset({"html", "pdf", "docx", "odt"})


def _images(project: Project, state: State, path: Path, source: str) -> list[tuple[Path, str]]:
    """The local images the document (``source``: its digest) shows: (file, path under source/).

    What the document's text names is kept in the state for its digest, so an
    unchanged document is not read and parsed again to find them.
    """
    from alerti18n.text import media

    name = str(path)
    known = state.recall("images", name)
    if known is not None and known.get("source") == source:
        named = list(known["named"])
    else:
        data = path.read_bytes()
        named = media.named_images(data.decode("utf-8", "replace"))
        state.remember("images", name, {"source": digest(data), "named": named})
    return media.local_images(named, path, project.source_dir) if named else []


def _office_inputs(project: Project, formats: tuple[str, ...]) -> str:
    """What DOCX/ODT output depends on besides the document: the reference documents."""
    parts = []
    for fmt in ("docx", "odt"):
        reference = project.root / f"reference.{fmt}"
        if fmt in formats and reference.is_file():
            parts.append(f"{fmt}:{file_digest(reference)}")
    return ",".join(parts)


def remove_stale_outputs(project: Project, state: State, out: Path, names: set[str]) -> bool:
    """Remove what ``build`` wrote into ``out`` for documents that no longer exist.

    Only files the state records as written by a build into ``out``, inside
    ``out`` and still holding the bytes written, are removed; one changed since
    is kept, with a warning. Returns whether anything was removed.
    """
    prefix = f"{out}:"
    removed = False
    for unit, record in state.units("build").items():
        lang, _, doc = unit.removeprefix(prefix).partition("/")
        if not unit.startswith(prefix) or doc in names:
            continue
        for file, written in sorted(record.get("outputs", {}).items()):
            path = Path(file)
            if path.is_symlink() or not path.is_file():
                continue
            if not path.resolve().is_relative_to(out.resolve()) or file_digest(path) != written:
                log.warning(
                    "%s: the document is gone, but the file changed since build wrote "
                    "it, so it is kept",
                    path,
                )
                continue
            path.unlink()
            removed = True
            log.info("build: removed %s (its document is gone)", path)
            _remove_empty_folders(path.parent, out / lang)
        state.forget("build", unit)
    return removed


def _remove_empty_folders(folder: Path, top: Path) -> None:
    """Remove ``folder`` and its parents up to ``top`` (excluded) while they are empty."""
    while folder != top and folder.is_relative_to(top):
        try:
            folder.rmdir()
        except OSError:
            return
        folder = folder.parent


def _discard_built(group: list[Built]) -> None:
    discard_staged([tmp for built in group for tmp in built.staged if tmp is not None])


@dataclass
class _BuildJob:
    """One document to build in some languages (picklable, for worker processes)."""

    project: Project
    path: Path
    name: str
    # (lang, (PO, its digest) or None, output files)
    languages: list[tuple[str, tuple[Path, str] | None, tuple[Path, ...]]]
    formats: tuple[str, ...]
    out: Path
    notices: dict[str, tuple[str, ...]] | None
    glossary: Glossary
    root: Path | None  # writes must stay inside it
    images: list[tuple[Path, str]]  # local images the document shows: (file, path under source/)


def _prepare() -> None:
    """Import what every document's job uses and load the page template, once, before the
    workers start."""
    from alerti18n.output import index
    from alerti18n.output.render import templates

    templates().get_template("page.html")
    del index


def _build_document(job: _BuildJob) -> list[Built]:
    """Render one document in each of the job's languages and stage the files.

    Nothing is replaced here (the caller commits); if anything fails, the
    files staged so far are removed.
    """
    staged: list[Path] = []
    try:
        return _render_document(job, staged)
    except BaseException:
        discard_staged(staged)
        raise


def _render_document(job: _BuildJob, staged: list[Path]) -> list[Built]:
    from alerti18n.output.index import title_in

    project = job.project
    doc = load_parsed(project, job.path, job.name)
    source_title = " ".join(str((doc.front_matter or {}).get("title") or job.name).split())
    parsed: dict[str, list] = {}  # rebuilt Markdown -> tokens
    results = []
    for lang, catalog, files in job.languages:
        translations = load_translations(project, lang, job.name, *catalog) if catalog else {}
        rendered, texts = _render_language(job, doc, lang, translations, parsed)
        temporaries, digests = _stage_outputs(job, files, texts, staged)
        fallbacks = rendered.fallbacks if lang != project.source_language else 0
        title = (source_title, title_in(translations, source_title)) if catalog else None
        results.append(
            Built(
                job.name,
                lang,
                files,
                fallbacks,
                rendered.total,
                tuple(temporaries),
                title,
                tuple(digests),
            )
        )
    return results


def _render_language(
    job: _BuildJob,
    doc: Document,
    lang: str,
    translations: dict[str, str],
    parsed: dict[str, list],
) -> tuple[Rendered, dict[str, str | bytes]]:
    """The document in one language, and its text (or bytes) in each of the job's formats.

    ``parsed`` keeps the tokens of each rebuilt Markdown, for the languages to come.
    """
    from alerti18n.output.render import parse_markdown, rebuild_document, render_html, render_text

    project = job.project
    rendered = rebuild_document(doc, translations, lang)
    info = _page_info(
        project, job.name, doc, lang, translations, job.glossary, rendered, job.notices
    )
    texts: dict[str, str | bytes] = {"md": rendered.markdown}
    if {"html", "txt", "pdf", "docx", "odt"} & set(job.formats):
        # one parse serves both: the HTML-safe rebuild renders to the same text
        safe = rebuild_document(
            doc, translations, lang, for_html=True, source_lang=project.source_language
        )
        # languages with nothing translated yet share the source's tokens
        tokens = parsed.get(safe.markdown) or parsed.setdefault(
            safe.markdown, parse_markdown(safe.markdown)
        )
        html_needed = "html" in job.formats or "pdf" in job.formats
        texts["html"] = render_html(safe, info, tokens) if html_needed else ""
        texts["txt"] = render_text(safe, tokens)
    if "pdf" in job.formats:
        texts["pdf"] = _pdf(job, lang, str(texts["html"]))
    for fmt in {"docx", "odt"} & set(job.formats):
        from alerti18n.output.office import office_document, reference_document

        texts[fmt] = office_document(
            safe.markdown,
            info,
            fmt,
            job.path.parent,
            reference_document(project.root, fmt),
        )
    return rendered, texts


def _pdf(job: _BuildJob, lang: str, html: str) -> bytes:
    """The page as PDF, its images read from where they are at this point of the build."""
    from alerti18n.output.pdf import html_to_pdf

    if job.images:  # not copied yet: read from where the source shows them
        source_dir = job.project.source_dir
        return html_to_pdf(html, (source_dir / job.name).parent, source_dir)
    return html_to_pdf(html, job.out / lang, job.out)


def _stage_outputs(
    job: _BuildJob,
    files: tuple[Path, ...],
    texts: dict[str, str | bytes],
    staged: list[Path],
) -> tuple[list[Path | None], list[str]]:
    """Stage one language's files (pages, then images): their temporaries (None: unchanged)
    and the digests of their bytes.

    Each temporary is also added to ``staged``, for the caller to remove on failure.
    """
    count = len(job.formats)
    outputs = [(file, texts[fmt]) for fmt, file in zip(job.formats, files[:count], strict=True)]
    outputs += [
        (file, image.read_bytes())
        for (image, _), file in zip(job.images, files[count:], strict=True)
    ]
    temporaries = []
    digests = []
    for file, data in outputs:
        data = data if isinstance(data, bytes) else data.encode("utf-8")
        tmp = stage_write(file, data, job.root, durable=False)
        temporaries.append(tmp)
        digests.append(digest(data))
        staged.extend([tmp] if tmp is not None else [])
    return temporaries, digests


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
    from alerti18n.language.pagestrings import project_pages
    from alerti18n.output.render import PageInfo, ui

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
        extra.append(
            ui(
                lang,
                "incomplete",
                language=project.source_language,
                n=rendered.fallbacks,
                total=rendered.total,
                catalogs=project_pages(project.locales_dir),
            )
        )
    return PageInfo(
        doc=name,
        lang=lang,
        languages=project.languages,
        title=title,
        publisher=publisher,
        date=date if isinstance(date, dt.date) else None,
        notices=tuple(extra),
        pages=project_pages(project.locales_dir),
    )
