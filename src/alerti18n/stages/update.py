"""Update: create or merge locales/<lang>/<doc>.po from each POT, and merge the project's
page catalogs (locales/pages/<lang>.po) with the shipped page-strings template."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from alerti18n import __version__
from alerti18n.core.commits import Commits
from alerti18n.core.config import Project
from alerti18n.core.errors import PoFileError
from alerti18n.core.files import ABSENT, Stamp, read_input
from alerti18n.core.state import State, digest, project_state
from alerti18n.core.workers import map_jobs
from alerti18n.po.compiled import save_translations, translations_of


def update(project: Project, langs: list[str] | None = None) -> list[Path]:
    """Create or merge locales/<lang>/<doc>.po from each POT; return the files written.

    All catalogs are read, validated and merged first (in worker processes on
    large projects), and staged, so a broken one, or a full disk, stops the
    command before any file is replaced. A catalog a translator saved while
    this ran is kept as saved (:mod:`alerti18n.core.commits`: exit 1, run again).
    """
    chosen = langs
    langs = project.select_languages(langs)
    state = project_state(project)
    config = read_input(project.config_file, project.root)
    jobs = []
    for path in project.documents():
        doc = project.doc_name(path)
        pot_path = project.pot_path(doc)
        if project.files.existing(pot_path) is None:
            raise PoFileError("template missing", pot_path, hint="run 'alerti18n extract' first")
        inputs = digest(__version__, config, state.digest_of(pot_path, PoFileError))
        for lang in langs:
            project.catalog(lang, doc)  # a folder or FIFO where it belongs is refused here
        stale = [
            (lang, project.po_path(lang, doc))
            for lang in langs
            if not state.fresh("update", f"{lang}/{doc}", inputs, [project.po_path(lang, doc)])
        ]
        if stale:
            made = (state.recall("extract", doc) or {}).get("outputs", {}).get(str(pot_path))
            jobs.append(_UpdateJob(project, doc, pot_path, stale, inputs, made))
    merged = map_jobs(_merge_document, jobs, prepare=_prepare)
    with Commits("update", project.root) as commits:
        for job, outputs in zip(jobs, merged, strict=True):
            for (_, po_path), (data, stamp, _) in zip(job.catalogs, outputs, strict=True):
                # a catalog made anew needs no fsync: a crash loses no one's work
                commits.stage(po_path, data, stamp, durable=stamp != ABSENT)
        written = commits.commit()
        for job, outputs in zip(jobs, merged, strict=True):
            for (lang, po_path), (data, _, translations) in zip(job.catalogs, outputs, strict=True):
                if commits.ok(po_path):
                    save_translations(project, lang, job.doc, digest(data), translations)
                    unit = f"{lang}/{job.doc}"
                    state.record("update", unit, job.inputs, [po_path], commits.known)
        state.save()
    written += update_page_catalogs(project, project.page_languages(chosen), state)
    state.save()
    return written


def update_page_catalogs(project: Project, langs: list[str], state: State) -> list[Path]:
    """Merge the project's page catalogs (``locales/pages/<lang>.po``) with the shipped
    template, as msgmerge would: a string whose English text changed turns fuzzy. A
    catalog a translator saved meanwhile is kept (:mod:`alerti18n.core.commits`).

    A catalog merged before with the same template, and untouched since, is not read
    (``state``, as for the documents' catalogs).
    """
    from alerti18n.language.pagestrings import TEMPLATE, page_catalogs

    catalogs = page_catalogs(project.locales_dir, project.root, langs)
    if not catalogs:
        return []
    inputs = digest(__version__, state.digest_of(TEMPLATE, PoFileError))
    stale = [
        (lang, path)
        for lang, path in catalogs
        if not state.fresh("update", f"pages/{lang}", inputs, [path])
    ]
    if not stale:
        return []
    from alerti18n.catalog.merge import finished_bytes, merge
    from alerti18n.po.pofile import read_po, stamp_of

    pot = read_po(TEMPLATE)
    with Commits("update", project.root) as commits:
        for lang, path in stale:
            old = read_po(path, expect_language=lang)
            commits.stage(path, finished_bytes(merge(old, pot), old), stamp_of(old))
        written = commits.commit()
        for lang, path in stale:
            if commits.ok(path):
                state.record("update", f"pages/{lang}", inputs, [path], commits.known)
    return written


@dataclass
class _UpdateJob:
    """One document's template to merge into some languages (picklable)."""

    project: Project
    doc: str
    pot_path: Path
    catalogs: list[tuple[str, Path]]  # (lang, PO path)
    inputs: str
    extracted: str | None  # the digest of the template extract wrote (None: unknown)


def _prepare() -> None:
    """Import what every document's job uses, once, before the workers start."""
    from alerti18n.catalog import merge  # noqa: F401


def _merge_document(job: _UpdateJob) -> list[tuple[bytes, Stamp | None, dict[str, str]]]:
    """The merged bytes of each of the job's catalogs, the stamp of the catalog each
    replaces, and its translations for ``build`` (nothing is written here).

    A new catalog of a template as extract wrote it is made from the
    template's bytes (:class:`~alerti18n.catalog.merge.WrittenTemplate`): the
    template is parsed only when a catalog exists to merge it into.
    """
    from alerti18n.catalog.merge import WrittenTemplate, finished_bytes, merge, new_catalog
    from alerti18n.po.pofile import parse_po, read_po_bytes, stamp_of

    template = read_input(job.pot_path, error=PoFileError)
    as_extracted = job.extracted is not None and digest(template) == job.extracted
    pot = None
    written = None
    result: list[tuple[bytes, Stamp | None, dict[str, str]]] = []
    for lang, _ in job.catalogs:
        path = job.project.catalog(lang, job.doc)
        old, raw = read_po_bytes(path, lang) if path is not None else (None, None)
        if old is None and as_extracted:
            written = written or WrittenTemplate(template, job.pot_path)
            result.append((written.new_catalog_bytes(job.project, lang), ABSENT, {}))
            continue
        pot = pot or parse_po(template, job.pot_path)
        merged = merge(old if old is not None else new_catalog(job.project, lang, pot), pot)
        data = finished_bytes(merged, old, raw)
        stamp = stamp_of(old) if old is not None else ABSENT
        result.append((data, stamp, translations_of(merged)))
    return result
