"""The stages in order: extract -> update -> (pretranslate) -> build -> check.

Each stage reads and validates everything it needs before it writes
anything, writes only files whose bytes change, and returns what it did so
the CLI can report it. No click code here.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import logging
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from alerti18n import __version__
from alerti18n.compiled import load_translations, read_catalog, save_translations, translations_of
from alerti18n.config import Project
from alerti18n.errors import AlertI18nError, PoFileError
from alerti18n.fsutil import (
    atomic_write,
    commit_write,
    discard_staged,
    remove_leftovers,
    stage_write,
)
from alerti18n.state import State, digest, file_digest

if TYPE_CHECKING:
    from alerti18n.glossary import Glossary
    from alerti18n.render import PageInfo, Rendered
    from alerti18n.segment import Document

# The stage modules (segment, catalog, render, index, even pofile) and
# multiprocessing are imported inside the functions that use them: a run with
# nothing to do then starts in a fraction of the time, which is most of what a
# no-op re-run costs.

log = logging.getLogger(__name__)

#: Every output format; ``build`` makes DEFAULT_FORMATS unless told, ``release`` RELEASE_FORMATS.
FORMATS = ("md", "html", "txt", "pdf", "docx", "odt")
DEFAULT_FORMATS = ("md", "html", "txt", "pdf")
RELEASE_FORMATS = (*DEFAULT_FORMATS, "docx")


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
    from alerti18n.glossary import load_glossary

    return load_glossary(project.glossary, project.source_language, project.languages)


def _config_bytes(project: Project) -> bytes:
    glossary = project.glossary.read_bytes() if project.glossary else b""
    return project.config_file.read_bytes() + b"\0" + glossary


def extract(project: Project) -> list[Path]:
    """Write locales/<doc>.pot for every source document; return the files written.

    A document whose source, glossary and config are unchanged since its POT
    was written (and whose POT is untouched) is not even parsed. Each parsed
    document is also kept in .alerti18n/segments/, so ``build`` need not
    parse it again.
    """
    state = _state(project)
    config = _config_bytes(project)
    sources = project.documents()
    names = [project.doc_name(path) for path in sources]
    orphans = orphaned_catalogs(project, set(names))
    new = [name for name in names if not _translated_at_all(project, name)] if orphans else []
    pending = []
    for path, name in zip(sources, names, strict=True):
        source = path.read_bytes()
        inputs = digest(__version__, config, source)
        if not state.fresh("extract", name, inputs, [project.pot_path(name)]):
            pending.append((name, path, inputs, parsed_key(project, source)))
    glossary = glossary_of(project) if pending else None
    jobs = [(project, name, path, glossary) for name, path, *_ in pending]
    # every document is parsed (and so validated) before any template is written
    results = _map(_extract_document, jobs)
    for warnings, _, _ in results:
        for warning in warnings:
            log.warning(warning)
    templates = {job[0]: result[1] for job, result in zip(pending, results, strict=True)}
    renamed = _find_rename(project, orphans, new, templates)
    if project.name_from == "default" and pending:
        log.warning(
            "%s: no project name set, so the catalogs say '%s' (set name = \"...\" there)",
            project.config_file,
            project.name,
        )
    written = []
    for (name, _, inputs, key), (_, template, parsed) in zip(pending, results, strict=True):
        path = project.pot_path(name)
        if atomic_write(path, template, project.root):
            written.append(path)
        cache = _parsed_path(project, name)
        atomic_write(cache, f"{key}\n{parsed}".encode(), project.root, durable=False)
        state.record("extract", name, inputs, [path])
    if renamed is not None:
        written += _carry_over(project, state, orphans, *renamed)
    for doc, paths in orphans.items():
        if renamed is None or doc != renamed[0]:
            _warn_orphaned(project, doc, paths)
    state.save()
    return written


def orphaned_catalogs(project: Project, names: set[str]) -> dict[str, list[Path]]:
    """Catalogs whose source document no longer exists: document name -> its POT and POs."""
    found: dict[str, list[Path]] = {}
    locales = project.locales_dir
    if not locales.is_dir():
        return found
    for pot in sorted(locales.rglob("*.pot")):
        doc = pot.relative_to(locales).with_suffix("").as_posix()
        if doc not in names and pot.is_file():
            found.setdefault(doc, []).append(pot)
    for lang in project.target_languages:
        folder = locales / lang
        for po in sorted(folder.rglob("*.po")) if folder.is_dir() else []:
            doc = po.relative_to(folder).with_suffix("").as_posix()
            if doc not in names and po.is_file():
                found.setdefault(doc, []).append(po)
    return dict(sorted(found.items()))


def _translated_at_all(project: Project, doc: str) -> bool:
    """Whether any catalog of ``doc`` holds a translation or a translator's comment.

    A catalog that cannot be read counts as translated: it is never replaced.
    """
    from alerti18n.catalog import has_work
    from alerti18n.pofile import read_po

    for lang in project.target_languages:
        path = project.po_path(lang, doc)
        if not path.exists():
            continue
        try:
            if any(has_work(entry) for entry in read_po(path)):
                return True
        except AlertI18nError:
            return True
    return False


def _find_rename(
    project: Project, orphans: dict[str, list[Path]], new: list[str], templates: dict[str, bytes]
) -> tuple[str, str] | None:
    """(old, new) when one orphaned document was evidently renamed to the one new document.

    That is when exactly one document is new (none of its catalogs holds a
    translation yet) and exactly one orphan has catalogs that share more than
    half of their sentences with it (unchanged msgids).
    """
    if len(new) != 1:
        return None
    from alerti18n.pofile import parse_po

    target = new[0]
    pot_path = project.pot_path(target)
    template = templates[target] if target in templates else pot_path.read_bytes()
    sentences = {e.msgid for e in parse_po(template, pot_path) if e.msgid}
    matches = []
    for doc, paths in orphans.items():
        old = _sentences(paths)
        if old and len(old & sentences) * 2 > len(old):
            matches.append(doc)
    return (matches[0], target) if len(matches) == 1 else None


def _sentences(paths: list[Path]) -> set[str]:
    """The sentences of an orphan with translations to carry over (else none).

    They are the msgids of its template, else of its first readable catalog.
    """
    from alerti18n.catalog import has_work
    from alerti18n.pofile import read_po

    catalogs = []
    for path in paths:
        with contextlib.suppress(AlertI18nError):
            catalogs.append((path, read_po(path)))
    if not any(path.suffix == ".po" and any(map(has_work, po)) for path, po in catalogs):
        return set()
    return {e.msgid for e in catalogs[0][1] if e.msgid and not e.obsolete}


def _carry_over(
    project: Project, state: State, orphans: dict[str, list[Path]], old: str, new: str
) -> list[Path]:
    """Move the renamed document's catalogs to its new name; drop its old template.

    A catalog the new document already has holds no translation (see
    :func:`_translated_at_all`), so it is replaced. ``update`` then merges the
    new template into the moved catalogs: unchanged sentences stay
    translated, changed ones become fuzzy, gone ones obsolete.
    """
    moved = []
    for path in orphans[old]:
        if path.suffix == ".pot":
            path.unlink()  # extract's own output: the new document has its own
            continue
        lang = path.relative_to(project.locales_dir).parts[0]
        target = project.po_path(lang, new)
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(path, target)
        moved.append((path, target))
        state.forget("update", f"{lang}/{old}")
    state.forget("extract", old)
    if moved:
        log.warning(
            "%s is gone and %s shares most of its sentences: taken as a rename, its "
            "catalogs were moved (%s); 'alerti18n update' merges them",
            _relative(project.source_dir / f"{old}.md", project.root),
            _relative(project.source_dir / f"{new}.md", project.root),
            ", ".join(
                f"{_relative(a, project.root)} -> {_relative(b, project.root)}" for a, b in moved
            ),
        )
    return [target for _, target in moved]


def _warn_orphaned(project: Project, doc: str, paths: list[Path]) -> None:
    source = _relative(project.source_dir / f"{doc}.md", project.root)
    names = ", ".join(_relative(p, project.root) for p in paths)
    log.warning(
        "%s no longer exists, but its catalogs remain: %s. If the document was renamed, "
        "rename them to its new name (git mv) and run 'alerti18n update'; if it was deleted, "
        "delete them. Nothing is removed until you do.",
        source,
        names,
    )


def _relative(path: Path, root: Path) -> str:
    return path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)


def parsed_key(project: Project, source: bytes) -> str:
    """What a saved parse depends on: the program, the source language and the bytes."""
    return digest(__version__, project.source_language, source)


def _parsed_path(project: Project, name: str) -> Path:
    return project.state_dir / "segments" / f"{name}.json"


def _extract_document(job: tuple[Project, str, Path, Glossary]) -> tuple[list[str], bytes, str]:
    """Parse one document: its warnings, its POT's bytes and the parse as JSON."""
    from alerti18n.catalog import build_template, template_bytes
    from alerti18n.segment import dump_document, parse_document

    project, name, path, glossary = job
    doc = parse_document(path, project.source_language)
    title = doc.front_matter.get("title") if doc.front_matter else None
    pot = build_template(project, doc, glossary, title if isinstance(title, str) else None)
    return doc.warnings, template_bytes(pot, project.pot_path(name)), dump_document(doc)


def load_parsed(project: Project, path: Path, name: str, source: bytes) -> Document:
    """The document at ``path``, from extract's saved parse when it is current."""
    from alerti18n.segment import load_document, parse_document, read_source

    cache = _parsed_path(project, name)
    with contextlib.suppress(OSError, ValueError, KeyError, TypeError):
        key, _, data = cache.read_text(encoding="utf-8").partition("\n")
        if key == parsed_key(project, source):
            return load_document(path, read_source(path), data)
    return parse_document(path, project.source_language)


def update(project: Project, langs: list[str] | None = None) -> list[Path]:
    """Create or merge locales/<lang>/<doc>.po from each POT; return the files written.

    All catalogs are read, validated and merged first (in worker processes on
    large projects), so a broken one stops the command before any file is
    written.
    """
    langs = project.select_languages(langs)
    state = _state(project)
    config = project.config_file.read_bytes()
    jobs = []
    for path in project.documents():
        doc = project.doc_name(path)
        pot_path = project.pot_path(doc)
        if not pot_path.exists():
            raise PoFileError("template missing", pot_path, hint="run 'alerti18n extract' first")
        inputs = digest(__version__, config, pot_path.read_bytes())
        stale = [
            (lang, project.po_path(lang, doc))
            for lang in langs
            if not state.fresh("update", f"{lang}/{doc}", inputs, [project.po_path(lang, doc)])
        ]
        if stale:
            jobs.append(_UpdateJob(project, doc, pot_path, stale, inputs))
    written = []
    for job, outputs in zip(jobs, _map(_merge_document, jobs), strict=True):
        for (lang, po_path), data in zip(job.catalogs, outputs, strict=True):
            if atomic_write(po_path, data, project.root):
                written.append(po_path)
            state.record("update", f"{lang}/{job.doc}", job.inputs, [po_path])
    state.save()
    return written


@dataclass
class _UpdateJob:
    """One document's template to merge into some languages (picklable)."""

    project: Project
    doc: str
    pot_path: Path
    catalogs: list[tuple[str, Path]]  # (lang, PO path)
    inputs: str


def _merge_document(job: _UpdateJob) -> list[bytes]:
    """The merged bytes of each of the job's catalogs (nothing is written here)."""
    from alerti18n.catalog import finished_bytes, merge, new_catalog
    from alerti18n.pofile import read_po

    pot = read_po(job.pot_path)
    result = []
    for lang, _ in job.catalogs:
        old = read_catalog(job.project, lang, job.doc)
        merged = merge(old if old is not None else new_catalog(job.project, lang, pot), pot)
        data = finished_bytes(merged, old)
        save_translations(job.project, lang, job.doc, digest(data), translations_of(merged))
        result.append(data)
    return result


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
    them (see :mod:`alerti18n.media`).

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
    from alerti18n.pagestrings import project_pages_digest

    pages = project_pages_digest(project.locales_dir)  # the project's page strings
    options = json.dumps(
        [formats, str(out), project.languages, notices or {}, pages], sort_keys=True
    )
    plans = []
    sources = project.documents()
    removed = remove_stale_outputs(project, state, out, {project.doc_name(p) for p in sources})
    shows_images = bool(_SHOWS_IMAGES & set(formats))
    office = _office_inputs(project, formats)
    images_of: dict[Path, list[tuple[Path, str]]] = {}
    for path in sources:
        name = project.doc_name(path)
        if documents is not None and name not in documents:
            continue
        source = path.read_bytes()
        images = _images(project, path, source) if shows_images else []
        images_of[path] = images
        pictures = [f"{rel}\0{file_digest(file)}" for file, rel in images]
        for lang in languages:
            po_path = None if lang == project.source_language else project.po_path(lang, name)
            po_digest = file_digest(po_path) if po_path else ""
            inputs = digest(__version__, config, options, source, po_digest, office, *pictures)
            files = [out / lang / f"{name}.{fmt}" for fmt in formats]
            files += [out / lang / rel for _, rel in images]
            unit = f"{out}:{lang}/{name}"
            if not state.fresh("build", unit, inputs, files):
                catalog = (po_path, po_digest) if po_path and po_digest != "absent" else None
                plans.append((path, name, lang, catalog, unit, inputs, files))
    index = out / "index.html"
    needs_index = ("html" in formats and bool(plans or not index.exists())) or (
        removed and index.exists()
    )
    if not plans and not needs_index:
        state.save()
        return []
    for lang in languages:  # what a killed build may have left
        remove_leftovers(out / lang)
    jobs: dict[Path, _BuildJob] = {}
    glossary = glossary_of(project)
    root = project.root if out.is_relative_to(project.root) else None
    for path, name, lang, catalog, _, _, files in plans:
        job = jobs.setdefault(
            path,
            _BuildJob(
                project, path, name, [], formats, out, notices, glossary, root, images_of[path]
            ),
        )
        job.languages.append((lang, catalog, tuple(files)))
    # Every catalog is read and every page rendered and staged (in worker
    # processes on large projects) before any output is replaced.
    groups = _map(_build_document, list(jobs.values()), discard=_discard_built)
    results = [built for group in groups for built in group]
    units = {(name, lang): (unit, inputs, po) for _, name, lang, po, unit, inputs, _ in plans}
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
        unit, inputs, catalog = units[(built.doc, built.lang)]
        state.record("build", unit, inputs, list(built.files))
        if catalog is not None and built.title is not None:
            from alerti18n.index import remember_title

            remember_title(state, catalog[0], built.lang, built.doc, *built.title)
    if needs_index:
        from alerti18n.index import write_index

        write_index(project, out, documents, state)
    state.save()
    return [replace(built, staged=()) for built in results]


_SHOWS_IMAGES = frozenset({"html", "pdf", "docx", "odt"})


def _images(project: Project, path: Path, source: bytes) -> list[tuple[Path, str]]:
    """The local images the document shows (file, path under source/), if any."""
    if b"![" not in source and b"<img" not in source.lower():
        return []
    from alerti18n.media import images_of

    return images_of(source.decode("utf-8", "replace"), path, project.source_dir)


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


#: Below this many documents, extract, update and build run in this process;
#: from it on, in worker processes, one per core (see ``_map``).
PARALLEL_FROM = 8


def _map(func: Callable, jobs: list, discard: Callable | None = None) -> list:
    """``func`` over ``jobs``, in worker processes when there are many jobs and cores.

    If a job fails, ``discard`` is called on the result of every job that did
    not, and the first failure (in job order) is raised.
    """
    workers = min(os.cpu_count() or 1, 4)
    if len(jobs) < PARALLEL_FROM or workers < 2:
        results = []
        for job in jobs:
            try:
                results.append(func(job))
            except BaseException:
                if discard is not None:
                    for result in results:
                        discard(result)
                raise
        return results
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, wait

    context = multiprocessing.get_context("fork" if sys.platform == "linux" else None)
    with ProcessPoolExecutor(
        max_workers=workers,
        mp_context=context,
        initializer=_die_with_parent,
        initargs=(os.getpid(),),
    ) as pool:
        futures = [pool.submit(func, job) for job in jobs]
        wait(futures)
    failed = [error for future in futures if (error := future.exception()) is not None]
    if failed:
        if discard is not None:
            for future in futures:
                if future.exception() is None:
                    discard(future.result())
        raise failed[0]
    return [future.result() for future in futures]


def _die_with_parent(parent: int) -> None:
    """Worker start-up: end this worker when the command is killed (Linux).

    A worker otherwise outlives a killed parent, blocked forever on its queue.
    """
    if sys.platform != "linux":
        return
    import ctypes
    import signal

    with contextlib.suppress(OSError, AttributeError):
        pr_set_pdeathsig = 1
        ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGKILL)
    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(1)


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
    from alerti18n.index import title_in
    from alerti18n.render import parse_markdown, render_html, render_text, translate_document

    project = job.project
    doc = load_parsed(project, job.path, job.name, job.path.read_bytes())
    source_title = " ".join(str((doc.front_matter or {}).get("title") or job.name).split())
    parsed: dict[str, list] = {}  # rebuilt Markdown -> tokens
    results = []
    for lang, catalog, files in job.languages:
        translations = load_translations(project, lang, job.name, *catalog) if catalog else {}
        rendered = translate_document(doc, translations, lang)
        info = _page_info(
            project, job.name, doc, lang, translations, job.glossary, rendered, job.notices
        )
        texts: dict[str, str | bytes] = {"md": rendered.markdown}
        if {"html", "txt", "pdf", "docx", "odt"} & set(job.formats):
            # one parse serves both: the HTML-safe rebuild renders to the same text
            safe = translate_document(
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
            from alerti18n.pdf import html_to_pdf

            if job.images:  # not copied yet: read from where the source shows them
                source_dir = project.source_dir
                base = (source_dir / job.name).parent
                texts["pdf"] = html_to_pdf(str(texts["html"]), base, source_dir)
            else:
                texts["pdf"] = html_to_pdf(str(texts["html"]), job.out / lang, job.out)
        for fmt in {"docx", "odt"} & set(job.formats):
            from alerti18n.office import office_document, reference_document

            texts[fmt] = office_document(
                safe.markdown,
                info,
                fmt,
                job.path.parent,
                reference_document(project.root, fmt),
            )
        count = len(job.formats)
        outputs = [(file, texts[fmt]) for fmt, file in zip(job.formats, files[:count], strict=True)]
        outputs += [
            (file, image.read_bytes())
            for (image, _), file in zip(job.images, files[count:], strict=True)
        ]
        temporaries = []
        for file, data in outputs:
            data = data if isinstance(data, bytes) else data.encode("utf-8")
            tmp = stage_write(file, data, job.root, durable=False)
            temporaries.append(tmp)
            staged.extend([tmp] if tmp is not None else [])
        fallbacks = rendered.fallbacks if lang != project.source_language else 0
        title = (source_title, title_in(translations, source_title)) if catalog else None
        results.append(
            Built(job.name, lang, files, fallbacks, rendered.total, tuple(temporaries), title)
        )
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
    from alerti18n.pagestrings import project_pages
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
