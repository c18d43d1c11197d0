"""Update: create or merge locales/<lang>/<doc>.po from each POT, and merge the project's
page catalogs (locales/pages/<lang>.po) with the shipped page-strings template."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from alerti18n import __version__
from alerti18n.core.config import Project
from alerti18n.core.errors import PoFileError
from alerti18n.core.files import atomic_write
from alerti18n.core.state import digest, project_state
from alerti18n.core.workers import map_jobs
from alerti18n.po.compiled import read_catalog, save_translations, translations_of


def update(project: Project, langs: list[str] | None = None) -> list[Path]:
    """Create or merge locales/<lang>/<doc>.po from each POT; return the files written.

    All catalogs are read, validated and merged first (in worker processes on
    large projects), so a broken one stops the command before any file is
    written.
    """
    chosen = langs
    langs = project.select_languages(langs)
    state = project_state(project)
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
    for job, outputs in zip(jobs, map_jobs(_merge_document, jobs), strict=True):
        for (lang, po_path), data in zip(job.catalogs, outputs, strict=True):
            if atomic_write(po_path, data, project.root):
                written.append(po_path)
            state.record("update", f"{lang}/{job.doc}", job.inputs, [po_path])
    state.save()
    return written + update_page_catalogs(project, project.page_languages(chosen))


def update_page_catalogs(project: Project, langs: list[str]) -> list[Path]:
    """Merge the project's page catalogs (``locales/pages/<lang>.po``) with the shipped
    template, as msgmerge would: a string whose English text changed turns fuzzy."""
    from alerti18n.catalog.merge import finished_bytes, merge
    from alerti18n.language.pagestrings import TEMPLATE, page_catalogs
    from alerti18n.po.pofile import read_po

    pot = read_po(TEMPLATE)
    merged = [
        (path, finished_bytes(merge(old, pot), old))
        for lang, path in page_catalogs(project.locales_dir, langs)
        for old in [read_po(path, expect_language=lang)]
    ]
    return [path for path, data in merged if atomic_write(path, data, project.root)]


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
    from alerti18n.catalog.merge import finished_bytes, merge, new_catalog
    from alerti18n.po.pofile import read_po

    pot = read_po(job.pot_path)
    result = []
    for lang, _ in job.catalogs:
        old = read_catalog(job.project, lang, job.doc)
        merged = merge(old if old is not None else new_catalog(job.project, lang, pot), pot)
        data = finished_bytes(merged, old)
        save_translations(job.project, lang, job.doc, digest(data), translations_of(merged))
        result.append(data)
    return result
