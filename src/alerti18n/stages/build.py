"""Build: every document in each language, stale outputs of gone documents removed."""

from __future__ import annotations

import json
import logging
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from alerti18n import __version__
from alerti18n.core.commits import Commits
from alerti18n.core.config import Project
from alerti18n.core.errors import SourceError
from alerti18n.core.files import (
    discard_staged,
    read_input,
    remove_file,
    remove_leftovers,
    stage_write,
)
from alerti18n.core.state import State, digest, file_digest, project_state
from alerti18n.core.workers import map_jobs
from alerti18n.output.formats import FORMATS, Page, default_formats
from alerti18n.po.compiled import load_translations
from alerti18n.stages.extract import load_parsed
from alerti18n.stages.inputs import config_bytes

if TYPE_CHECKING:
    from alerti18n.language.glossary import Glossary
    from alerti18n.output.page import Editions, PageInfo, Snapshot
    from alerti18n.output.pageparse import PageParses
    from alerti18n.output.render import Rendered
    from alerti18n.text.segment import Document

log = logging.getLogger(__name__)


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
    warnings: tuple[str, ...] = ()  # what the link rule refused in the translations
    digests: tuple[str, ...] = ()  # of each file's bytes as built


def build(
    project: Project,
    langs: list[str] | None = None,
    formats: tuple[str, ...] | None = None,
    out: Path | None = None,
    notices: dict[str, tuple[str, ...]] | None = None,
    documents: set[str] | None = None,
    release: bool = False,
    footers: dict[str, tuple[str, ...]] | None = None,
    editions: Editions | None = None,
) -> list[Built]:
    """Write <out>/<lang>/<doc><suffix> in each of ``formats`` (default: the default formats of
    :mod:`alerti18n.output.formats`) for the source and target languages (with
    ``editions``: its languages, some of them from a snapshot of an earlier version).

    ``out`` may not lie among the project's inputs nor inside a release
    (:meth:`~alerti18n.core.layout.ProjectFiles.refuse_output`); ``release``: it is
    the release folder that ``release`` is making.

    With a format whose pages link to it (HTML), <out>/index.html lists every
    document and language. The local images a document shows are copied
    beside it for the formats that show them (see :mod:`alerti18n.text.media`).

    A document is parsed only if one of its languages must be rebuilt; a
    language is rebuilt only if its source, catalog, config or options changed
    or its output files were touched.

    ``notices`` are page strings shown at the top of a language's pages (the
    draft notice), ``footers`` at their foot (where a signed release's
    signature and public key are).
    """
    out = (out or project.build_dir).resolve()
    releasing = out if release else None
    project.files.refuse_output(out, "the build", releasing)
    formats = formats or default_formats()
    languages = [project.source_language, *project.select_languages(langs)]
    if langs:
        languages = languages[1:]
    if editions is not None:
        languages = list(editions.languages)
    for lang in languages:  # each language's pages go there: not onto a source (--out .)
        project.files.refuse_output(out / lang, "the build", releasing)
    state = project_state(project)
    request = _request(
        project, state, languages, formats, out, notices, documents, footers, editions
    )
    sources = project.documents()
    removed = remove_stale_outputs(project, state, out, {project.doc_name(p) for p in sources})
    units, looked_at = _stale_units(request, state, sources)
    index = out / "index.html"
    links_index = any(FORMATS[fmt].index for fmt in formats)
    needs_index = (links_index and bool(units or not index.exists())) or (
        removed and index.exists()
    )
    if not units and not needs_index:
        state.save()
        return []
    for lang in languages:  # what a killed build may have left
        remove_leftovers(out / lang)
    # Every catalog is read and every page rendered and staged (in worker
    # processes on large projects) before any output is replaced.
    groups = map_jobs(_build_document, _jobs(request, units, looked_at), _discard_built, _prepare)
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
    footers: dict[str, tuple[str, ...]] | None
    editions: Editions | None
    config: bytes
    options: str  # the build's options and the page strings, as JSON
    references: str  # the project files the formats read (reference.docx)


def _request(
    project: Project,
    state: State,
    languages: list[str],
    formats: tuple[str, ...],
    out: Path,
    notices: dict[str, tuple[str, ...]] | None,
    documents: set[str] | None,
    footers: dict[str, tuple[str, ...]] | None = None,
    editions: Editions | None = None,
) -> _Request:
    from alerti18n.language.pagestrings import project_pages_digest

    config = config_bytes(project)
    pages = project_pages_digest(project.locales_dir, state.digest_of)  # its page strings
    shown = asdict(editions) if editions is not None else None
    if shown is not None:  # a snapshot's text counts in its own unit's inputs
        shown["snapshots"] = sorted(shown["snapshots"])
    options = json.dumps(
        [formats, str(out), project.languages, notices or {}, pages]
        + ([footers] if footers else [])
        + ([shown] if shown else []),
        sort_keys=True,
    )
    references = _reference_inputs(project, state, formats)
    return _Request(
        project,
        languages,
        formats,
        out,
        notices,
        documents,
        footers,
        editions,
        config,
        options,
        references,
    )


class _Unit(NamedTuple):
    """One document in one language whose outputs are not fresh."""

    path: Path
    name: str
    lang: str
    catalog: tuple[Path, str] | None  # its PO and the PO's digest (None: the source language)
    key: str  # the state's name for it
    inputs: str  # the digest of everything its outputs depend on
    files: list[Path]  # its outputs: one per format, then its images
    snapshot: Snapshot | None = None  # an earlier version's text, instead of the catalog's


class _Source(NamedTuple):
    """A source document looked at: the local images it shows (the only images any format
    may show: file, path under source/) and its bytes, if they had to be read."""

    images: list[tuple[Path, str]]
    data: bytes | None


def _stale_units(
    request: _Request, state: State, sources: list[Path]
) -> tuple[list[_Unit], dict[Path, _Source]]:
    """The units to rebuild, and each document looked at.

    A document is read only when it changed since this project's state last saw
    it; then what the index shows of it is noted too (a rewritten index reads no
    unchanged document).
    """
    project, out, formats = request.project, request.out, request.formats
    shows_images = any(FORMATS[fmt].shows_images for fmt in formats)
    units: list[_Unit] = []
    looked_at: dict[Path, _Source] = {}
    for path in sources:
        name = project.doc_name(path)
        if request.documents is not None and name not in request.documents:
            continue
        source, data = state.read_changed(path, SourceError)  # read only when it changed
        images, data = _images(project, state, path, source, data)
        if data is not None and any(FORMATS[fmt].index for fmt in formats):
            from alerti18n.output.index import remember_document

            remember_document(state, path, name, source, data)
        looked_at[path] = _Source(images, data)
        pictures = [f"{rel}\0{state.digest_of(file)}" for file, rel in images]
        for lang in request.languages:
            po_path = None if lang == project.source_language else project.po_path(lang, name)
            snapshot = request.editions.snapshots.get(lang) if request.editions else None
            if snapshot is not None:
                po_path = None
            if po_path:
                project.catalog(lang, name)  # a folder or FIFO where it belongs is refused
            po_digest = state.digest_of(po_path) if po_path else ""
            inputs = digest(
                __version__,
                request.config,
                request.options,
                snapshot.source if snapshot else source,
                json.dumps(snapshot.translations, sort_keys=True) if snapshot else po_digest,
                request.references,
                *pictures,
            )
            files = [out / lang / f"{name}{FORMATS[fmt].suffix}" for fmt in formats]
            files += [out / lang / rel for _, rel in images] if shows_images else []
            key = f"{out}:{lang}/{name}"
            if not state.fresh("build", key, inputs, files):
                catalog = (po_path, po_digest) if po_path and po_digest != "absent" else None
                units.append(_Unit(path, name, lang, catalog, key, inputs, files, snapshot))
    return units, looked_at


def _jobs(request: _Request, units: list[_Unit], looked_at: dict[Path, _Source]) -> list[_BuildJob]:
    """One job per document, with the languages it must be rebuilt in."""
    from alerti18n.language.glossary import project_glossary

    project, out = request.project, request.out
    jobs: dict[tuple[Path, str], _BuildJob] = {}
    glossary = project_glossary(project)
    root = project.root if out.is_relative_to(project.root) else None
    for unit in units:
        job = jobs.setdefault(
            (unit.path, unit.lang if unit.snapshot else ""),  # a snapshot is another text
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
                looked_at[unit.path].images,
                request.footers,
                request.editions,
                unit.snapshot,
                looked_at[unit.path].data,
            ),
        )
        job.languages.append((unit.lang, unit.catalog, tuple(unit.files)))
    return list(jobs.values())


def _commit(project: Project, state: State, units: list[_Unit], results: list[Built]) -> None:
    """Replace the outputs with the staged files, and record each unit as built (with the
    digests of the bytes built: no output is read back)."""
    by_page = {(unit.name, unit.lang): unit for unit in units}
    with Commits("build", None) as commits:
        for built in results:
            for file, staged, data_digest in zip(
                built.files, built.staged, built.digests, strict=True
            ):
                commits.adopt(file, staged, data_digest, durable=False)
        commits.commit()
    for built in results:
        for warning in built.warnings:
            log.warning("%s", warning)
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
        state.record("build", unit.key, unit.inputs, list(built.files), commits.known)
        if unit.catalog is not None and built.title is not None:
            from alerti18n.output.index import remember_title

            remember_title(state, unit.catalog[0], built.lang, built.doc, *built.title)


def _images(
    project: Project, state: State, path: Path, source: str, data: bytes | None
) -> tuple[list[tuple[Path, str]], bytes | None]:
    """The local images the document shows: (file, path under source/), and its bytes if they
    were read (given as ``data``, or read here). ``source``: the document's digest.

    What the document's text names is kept in the state for its digest, so an
    unchanged document is not read and parsed again to find them.
    """
    from alerti18n.text import media

    name = str(path)
    known = state.recall("images", name)
    if known is not None and known.get("source") == source:
        named = list(known["named"])
    else:
        data = data if data is not None else read_input(path, error=SourceError)
        named = media.named_images(data.decode("utf-8", "replace"))
        state.remember("images", name, {"source": digest(data), "named": named})
    return (media.local_images(named, path, project.source_dir) if named else []), data


def _reference_inputs(project: Project, state: State, formats: tuple[str, ...]) -> str:
    """What the formats depend on besides the document: the project files they read
    (``reference.docx``, ``reference.odt``)."""
    parts = []
    for fmt in formats:
        name = FORMATS[fmt].reference
        reference = project.root / name if name is not None else None
        if reference is not None and project.files.existing(reference):
            parts.append(f"{fmt}:{state.digest_of(reference)}")
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
            remove_file(path)
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
    footers: dict[str, tuple[str, ...]] | None = None  # page strings at the foot, per language
    editions: Editions | None = None  # release: the languages listed, what each page says
    snapshot: Snapshot | None = None  # the text of an earlier version (one language)
    source: bytes | None = None  # the document's bytes, if read already (else read by the job)


def _prepare() -> None:
    """Import what every document's job uses and load the page template, once, before the
    workers start."""
    from alerti18n.output import index, pageparse
    from alerti18n.output.render import templates

    templates().get_template("page.html")
    del index, pageparse


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
    from alerti18n.output.page import document_title, translated_title

    project = job.project
    doc = _document(job)
    source_title = document_title(doc.front_matter, job.name)
    from alerti18n.output.pageparse import PageParses
    from alerti18n.text.media import image_rule

    parsed = PageParses(image_rule(job.path, job.images))  # the pages' tokens, shared
    results = []
    for lang, catalog, files in job.languages:
        translations = load_translations(project, lang, job.name, *catalog) if catalog else {}
        if job.snapshot is not None:
            translations = dict(job.snapshot.translations)
        translations, warnings = _allowed(translations, catalog, job)
        rendered, texts = _render_language(job, doc, lang, translations, parsed)
        temporaries, digests = _stage_outputs(job, files, texts, staged)
        fallbacks = rendered.fallbacks if lang != project.source_language else 0
        title = (source_title, translated_title(translations, source_title)) if catalog else None
        results.append(
            Built(
                job.name,
                lang,
                files,
                fallbacks,
                rendered.total,
                tuple(temporaries),
                title,
                warnings,
                tuple(digests),
            )
        )
    return results


def _document(job: _BuildJob) -> Document:
    """The job's document: the source's (extract's saved parse when current), or the
    snapshot's text of an earlier version, parsed by the same rules."""
    project = job.project
    if job.snapshot is None:
        return load_parsed(project, job.path, job.name, job.source)
    from alerti18n.text.segment import parse_document

    return parse_document(
        job.path, project.source_language, text=job.snapshot.source, source_dir=project.source_dir
    )


def _allowed(
    translations: dict[str, str], catalog: tuple[Path, str] | None, job: _BuildJob
) -> tuple[dict[str, str], tuple[str, ...]]:
    """The translations less what the link rule refuses, and a warning per refusal (PO:line)."""
    from alerti18n.text.links import clean_translations
    from alerti18n.text.media import image_rule

    cleaned, refused = clean_translations(translations, image_rule(job.path, job.images))
    if not refused or catalog is None:
        return cleaned, ()
    from alerti18n.po.pofile import read_po

    lines = {entry.msgid: entry.linenum for entry in read_po(catalog[0]) if not entry.obsolete}
    return cleaned, tuple(
        f"{catalog[0]}:{lines.get(msgid, 0)}: {problem}"
        for msgid, problems in refused.items()
        for problem in problems
    )


def _render_language(
    job: _BuildJob,
    doc: Document,
    lang: str,
    translations: dict[str, str],
    parsed: PageParses,
) -> tuple[Rendered, dict[str, str | bytes]]:
    """The document in one language, and its text (or bytes) in each of the job's formats.

    ``parsed`` keeps the tokens of the document's pages, for the languages to come.
    """
    from alerti18n.output.render import rebuild_document

    project = job.project
    rendered = rebuild_document(doc, translations, lang)
    info = _page_info(project, job, doc, lang, translations, rendered)
    if job.footers and job.footers.get(lang):
        info = replace(info, footer=job.footers[lang])
    page = Page(
        doc,
        translations,
        project.source_language,
        rendered,
        info,
        job.path.parent,
        project.root,
        _image_folders(job, lang),
        parsed.image_ok,  # the document's image rule, made once for its pages
        parsed,
    )
    return rendered, {fmt: FORMATS[fmt].writer(page) for fmt in job.formats}


def _image_folders(job: _BuildJob, lang: str) -> tuple[Path, Path]:
    """Where a page's images are read from at this point of the build: (the folder its
    relative links resolve against, the folder files may be read from)."""
    if job.images and any(FORMATS[fmt].shows_images for fmt in job.formats):
        # not copied yet: read from where the source shows them
        source_dir = job.project.source_dir
        return (source_dir / job.name).parent, source_dir
    return job.out / lang, job.out


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
    images = job.images if any(FORMATS[fmt].shows_images for fmt in job.formats) else []
    outputs += [
        (file, read_input(image, job.project.root))
        for (image, _), file in zip(images, files[count:], strict=True)
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
    job: _BuildJob,
    doc: Document,
    lang: str,
    translations: dict[str, str],
    rendered: Rendered,
) -> PageInfo:
    from alerti18n.language.pagestrings import project_pages, ui
    from alerti18n.output.page import (
        PageInfo,
        document_date,
        document_title,
        translated_publisher,
        translated_title,
    )

    meta = doc.front_matter
    extra = list((job.notices or {}).get(lang, ()))
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
    editions = job.editions
    return PageInfo(
        doc=job.name,
        lang=lang,
        languages=editions.languages if editions else project.languages,
        title=translated_title(translations, document_title(meta, job.name)),
        publisher=translated_publisher(meta, lang, job.glossary),
        date=document_date(meta),
        notices=tuple(extra),
        pages=project_pages(project.locales_dir),
        history=editions.history.get(lang) if editions else None,
    )
