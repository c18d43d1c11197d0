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
from alerti18n.core.state import digest, project_state
from alerti18n.core.workers import map_jobs
from alerti18n.po.compiled import read_catalog, save_translations, translations_of


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
        inputs = digest(__version__, config, read_input(pot_path, error=PoFileError))
        for lang in langs:
            project.catalog(lang, doc)  # a folder or FIFO where it belongs is refused here
        stale = [
            (lang, project.po_path(lang, doc))
            for lang in langs
            if not state.fresh("update", f"{lang}/{doc}", inputs, [project.po_path(lang, doc)])
        ]
        if stale:
            jobs.append(_UpdateJob(project, doc, pot_path, stale, inputs))
    merged = map_jobs(_merge_document, jobs)
    with Commits("update", project.root) as commits:
        for job, outputs in zip(jobs, merged, strict=True):
            for (_, po_path), (data, stamp, _) in zip(job.catalogs, outputs, strict=True):
                commits.stage(po_path, data, stamp)
        written = commits.commit()
        for job, outputs in zip(jobs, merged, strict=True):
            for (lang, po_path), (data, _, translations) in zip(job.catalogs, outputs, strict=True):
                if commits.ok(po_path):
                    save_translations(project, lang, job.doc, digest(data), translations)
                    unit = f"{lang}/{job.doc}"
                    state.record("update", unit, job.inputs, [po_path], commits.known)
        state.save()
    return written + update_page_catalogs(project, project.page_languages(chosen))


def update_page_catalogs(project: Project, langs: list[str]) -> list[Path]:
    """Merge the project's page catalogs (``locales/pages/<lang>.po``) with the shipped
    template, as msgmerge would: a string whose English text changed turns fuzzy. A
    catalog a translator saved meanwhile is kept (:mod:`alerti18n.core.commits`)."""
    from alerti18n.catalog.merge import finished_bytes, merge
    from alerti18n.language.pagestrings import TEMPLATE, page_catalogs
    from alerti18n.po.pofile import read_po, stamp_of

    catalogs = page_catalogs(project.locales_dir, project.root, langs)
    if not catalogs:
        return []
    pot = read_po(TEMPLATE)
    with Commits("update", project.root) as commits:
        for lang, path in catalogs:
            old = read_po(path, expect_language=lang)
            commits.stage(path, finished_bytes(merge(old, pot), old), stamp_of(old))
        return commits.commit()


@dataclass
class _UpdateJob:
    """One document's template to merge into some languages (picklable)."""

    project: Project
    doc: str
    pot_path: Path
    catalogs: list[tuple[str, Path]]  # (lang, PO path)
    inputs: str


def _merge_document(job: _UpdateJob) -> list[tuple[bytes, Stamp | None, dict[str, str]]]:
    """The merged bytes of each of the job's catalogs, the stamp of the catalog each
    replaces, and its translations for ``build`` (nothing is written here)."""
    from alerti18n.catalog.merge import finished_bytes, merge, new_catalog
    from alerti18n.po.pofile import read_po, stamp_of

    pot = read_po(job.pot_path)
    result = []
    for lang, _ in job.catalogs:
        old = read_catalog(job.project, lang, job.doc)
        merged = merge(old if old is not None else new_catalog(job.project, lang, pot), pot)
        data = finished_bytes(merged, old)
        stamp = stamp_of(old) if old is not None else ABSENT
        result.append((data, stamp, translations_of(merged)))
    return result
