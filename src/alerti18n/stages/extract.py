"""Extract: write locales/<doc>.pot for every source document, and keep its parse."""

from __future__ import annotations

import contextlib
import logging
from pathlib import Path
from typing import TYPE_CHECKING

from alerti18n import __version__
from alerti18n.core.commits import Commits
from alerti18n.core.config import Project
from alerti18n.core.errors import AlertI18nError, PoFileError, SourceError
from alerti18n.core.files import ABSENT, Stamp, atomic_write, read_input, read_stamped
from alerti18n.core.state import digest, project_state
from alerti18n.core.workers import map_jobs
from alerti18n.stages.inputs import config_bytes
from alerti18n.stages.renames import (
    carry_over,
    find_rename,
    orphaned_catalogs,
    translated_at_all,
    warn_orphaned,
)

if TYPE_CHECKING:
    from alerti18n.language.glossary import Glossary
    from alerti18n.text.segment import Document

log = logging.getLogger(__name__)


def extract(project: Project) -> list[Path]:
    """Write locales/<doc>.pot for every source document; return the files written.

    A document whose source, glossary and config are unchanged since its POT
    was written (and whose POT is untouched) is not even parsed. Each parsed
    document is also kept in .alerti18n/segments/, so ``build`` need not
    parse it again. Every template is staged before any is replaced; one
    changed meanwhile is kept (:mod:`alerti18n.core.commits`).
    """
    state = project_state(project)
    config = config_bytes(project)
    sources = project.documents()
    names = [project.doc_name(path) for path in sources]
    orphans = orphaned_catalogs(project, set(names))
    new = [name for name in names if not translated_at_all(project, name)] if orphans else []
    pending = []
    for path, name in zip(sources, names, strict=True):
        source = read_input(path, error=SourceError)
        inputs = digest(__version__, config, source)
        if not state.fresh("extract", name, inputs, [project.pot_path(name)]):
            pending.append((name, path, inputs, parsed_key(project, source)))
    glossary = None
    if pending:  # the glossary module is imported only when a document must be parsed
        from alerti18n.language.glossary import project_glossary

        glossary = project_glossary(project)
    jobs = [(project, name, path, glossary) for name, path, *_ in pending]
    # every document is parsed (and so validated) before any template is written
    results = map_jobs(_extract_document, jobs)
    for warnings, *_ in results:
        for warning in warnings:
            log.warning(warning)
    templates = {job[0]: result[1] for job, result in zip(pending, results, strict=True)}
    renamed = find_rename(project, orphans, new, templates)
    if project.name_from == "default" and pending:
        log.warning(
            "%s: no project name set, so the catalogs say '%s' (set name = \"...\" there)",
            project.config_file,
            project.name,
        )
    with Commits("extract", project.root) as commits:
        for (name, *_), (_, template, _, stamp) in zip(pending, results, strict=True):
            commits.stage(project.pot_path(name), template, stamp)
        written = commits.commit()
        for (name, _, inputs, key), (_, _, parsed, _) in zip(pending, results, strict=True):
            cache = _parsed_path(project, name)
            atomic_write(cache, f"{key}\n{parsed}".encode(), project.root, durable=False)
            path = project.pot_path(name)
            if commits.ok(path):
                state.record("extract", name, inputs, [path], commits.known)
        if renamed is not None:
            written += carry_over(project, state, orphans, *renamed, commits)
        for doc, paths in orphans.items():
            if renamed is None or doc != renamed[0]:
                warn_orphaned(project, doc, paths)
        state.save()
    return written


def parsed_key(project: Project, source: bytes) -> str:
    """What a saved parse depends on: the program, the source language and folder, the bytes."""
    return digest(__version__, project.source_language, str(project.source_dir), source)


def _parsed_path(project: Project, name: str) -> Path:
    return project.segments_dir / f"{name}.json"


def _extract_document(
    job: tuple[Project, str, Path, Glossary],
) -> tuple[list[str], bytes, str, Stamp]:
    """Parse one document: its warnings, its POT's bytes, the parse as JSON, and the stamp
    of the POT it replaces (:data:`~alerti18n.core.files.ABSENT` if none)."""
    from alerti18n.catalog.template import build_template, template_bytes
    from alerti18n.text.segment import dump_document, parse_document

    project, name, path, glossary = job
    doc = parse_document(path, project.source_language, source_dir=project.source_dir)
    title = doc.front_matter.get("title") if doc.front_matter else None
    pot = build_template(project, doc, glossary, title if isinstance(title, str) else None)
    pot_path = project.pot_path(name)
    old, stamp = (
        read_stamped(pot_path, error=PoFileError)
        if project.files.existing(pot_path)
        else (None, ABSENT)
    )
    return doc.warnings, template_bytes(pot, old), dump_document(doc), stamp


def load_parsed(project: Project, path: Path, name: str, source: bytes) -> Document:
    """The document at ``path``, from extract's saved parse when it is current."""
    from alerti18n.text.segment import load_document, parse_document, read_source

    cache = _parsed_path(project, name)
    with contextlib.suppress(AlertI18nError, ValueError, KeyError, TypeError):
        key, _, data = read_input(cache, project.root).decode("utf-8").partition("\n")
        if key == parsed_key(project, source):
            return load_document(path, read_source(path), data)
    return parse_document(path, project.source_language, source_dir=project.source_dir)
