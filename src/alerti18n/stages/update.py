"""Update: create or merge locales/<lang>/<doc>.po from each POT."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from alerti18n import __version__
from alerti18n.core.config import Project
from alerti18n.core.errors import PoFileError
from alerti18n.core.files import atomic_write
from alerti18n.core.state import digest
from alerti18n.core.workers import map_jobs
from alerti18n.po.compiled import read_catalog, save_translations, translations_of
from alerti18n.stages.inputs import state_of


def update(project: Project, langs: list[str] | None = None) -> list[Path]:
    """Create or merge locales/<lang>/<doc>.po from each POT; return the files written.

    All catalogs are read, validated and merged first (in worker processes on
    large projects), so a broken one stops the command before any file is
    written.
    """
    langs = project.select_languages(langs)
    state = state_of(project)
    config = project.config_file.read_bytes()
    jobs = []
    for path in project.documents():
        doc = project.doc_name(path)
        pot_path = project.pot_path(doc)
        if not pot_path.exists():
            raise PoFileError("template missing", pot_path, hint="run 'alerti18n extract' first")
        inputs = digest(__version__, config, state.digest_of(pot_path))
        stale = [
            (lang, project.po_path(lang, doc))
            for lang in langs
            if not state.fresh("update", f"{lang}/{doc}", inputs, [project.po_path(lang, doc)])
        ]
        if stale:
            made = (state.recall("extract", doc) or {}).get("outputs", {}).get(str(pot_path))
            jobs.append(_UpdateJob(project, doc, pot_path, stale, inputs, made))
    written = []
    for job, outputs in zip(jobs, map_jobs(_merge_document, jobs, prepare=_prepare), strict=True):
        for (lang, po_path), data in zip(job.catalogs, outputs, strict=True):
            # a catalog made anew needs no fsync: a crash loses no one's work
            if atomic_write(po_path, data, project.root, durable=po_path.exists()):
                written.append(po_path)
            state.record("update", f"{lang}/{job.doc}", job.inputs, [po_path], [data])
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
    extracted: str | None  # the digest of the template extract wrote (None: unknown)


def _bytes_of(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None


def _prepare() -> None:
    """Import what every document's job uses, once, before the workers start."""
    from alerti18n.catalog import merge  # noqa: F401


def _merge_document(job: _UpdateJob) -> list[bytes]:
    """The merged bytes of each of the job's catalogs (nothing is written here).

    A new catalog of a template as extract wrote it is made from the
    template's bytes (:class:`~alerti18n.catalog.merge.WrittenTemplate`): the
    template is parsed only when a catalog exists to merge it into.
    """
    from alerti18n.catalog.merge import WrittenTemplate, finished_bytes, merge, new_catalog
    from alerti18n.po.pofile import parse_po

    try:
        template = job.pot_path.read_bytes()
    except OSError as exc:
        raise PoFileError(f"cannot read file: {exc.strerror}", job.pot_path) from None
    as_extracted = job.extracted is not None and digest(template) == job.extracted
    pot = None
    written = None
    result = []
    for lang, _ in job.catalogs:
        old = read_catalog(job.project, lang, job.doc)
        if old is None and as_extracted:
            written = written or WrittenTemplate(template, job.pot_path)
            data = written.new_catalog_bytes(job.project, lang)
            save_translations(job.project, lang, job.doc, digest(data), {})
            result.append(data)
            continue
        pot = pot or parse_po(template, job.pot_path)
        merged = merge(old if old is not None else new_catalog(job.project, lang, pot), pot)
        data = finished_bytes(merged, old, _bytes_of(job.project.po_path(lang, job.doc)))
        save_translations(job.project, lang, job.doc, digest(data), translations_of(merged))
        result.append(data)
    return result
