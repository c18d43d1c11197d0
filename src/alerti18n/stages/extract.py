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
        source, data = state.read_changed(path, SourceError)  # read only when it changed
        inputs = digest(__version__, config, source)
        if not state.fresh("extract", name, inputs, [project.pot_path(name)]):
            pending.append((name, path, inputs, data))
    glossary, key = None, None
    if pending:  # the glossary module is imported only when a document must be parsed
        from alerti18n.language.foundterms import read_glossary

        glossary, key = read_glossary(project, state)
    jobs = [(project, name, path, glossary, data, key) for name, path, _, data in pending]
    # every document is parsed (and so validated) before any template is written
    results = map_jobs(_extract_document, jobs, prepare=_prepare)
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
        for (name, *_), (_, template, _, _, stamp, _) in zip(pending, results, strict=True):
            # a template made anew needs no fsync: a crash loses nothing extract cannot remake
            commits.stage(project.pot_path(name), template, stamp, durable=stamp != ABSENT)
        written = commits.commit()
        for (name, _, inputs, _), (_, _, parsed, parse_key, _, found) in zip(
            pending, results, strict=True
        ):
            cache = _parsed_path(project, name)
            atomic_write(cache, f"{parse_key}\n{parsed}".encode(), project.root, durable=False)
            if found is not None:
                from alerti18n.language.foundterms import keep

                keep(project, name, found)
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


def parsed_key(project: Project, source: str) -> str:
    """What a saved parse depends on: the program, the source language and folder, and the
    source's digest."""
    return digest(__version__, project.source_language, str(project.source_dir), source)


def _parsed_path(project: Project, name: str) -> Path:
    return project.segments_dir / f"{name}.json"


def _prepare() -> None:
    """Import what every document's job uses, once, before the workers start."""
    from alerti18n.catalog import template  # noqa: F401
    from alerti18n.text import segment  # noqa: F401


def _extract_document(
    job: tuple[Project, str, Path, Glossary, bytes | None, str | None],
) -> tuple[list[str], bytes, str, str, Stamp, bytes | None]:
    """Parse one document (its bytes, when read already): its warnings, its POT's bytes, the
    parse as JSON, what the parse depends on (:func:`parsed_key` of the bytes parsed), the
    stamp of the POT it replaces (:data:`~alerti18n.core.files.ABSENT` if none), and, with a
    record key, the record of the glossary terms found (:mod:`alerti18n.language.foundterms`)."""
    from alerti18n.catalog.template import build_template, template_bytes
    from alerti18n.language.foundterms import record_bytes, recording
    from alerti18n.text.segment import dump_document, parse_document
    from alerti18n.text.sourcefile import decode_source, source_bytes

    project, name, path, glossary, source, record = job
    noting = recording(glossary) if record is not None else None
    source = source if source is not None else source_bytes(path)
    text = decode_source(source, path)
    doc = parse_document(path, project.source_language, text, source_dir=project.source_dir)
    title = doc.front_matter.get("title") if doc.front_matter else None
    pot = build_template(
        project, doc, noting or glossary, title if isinstance(title, str) else None
    )
    pot_path = project.pot_path(name)
    old, stamp = (
        read_stamped(pot_path, error=PoFileError)
        if project.files.existing(pot_path)
        else (None, ABSENT)
    )
    key = parsed_key(project, digest(source))
    found = record_bytes(record, noting.found) if record is not None and noting else None
    return doc.warnings, template_bytes(pot, old), dump_document(doc), key, stamp, found


def load_parsed(project: Project, path: Path, name: str, source: bytes | None = None) -> Document:
    """The document at ``path`` (``source``: its bytes, if read already), from extract's saved
    parse when it is current."""
    from alerti18n.text.segment import load_document, parse_document
    from alerti18n.text.sourcefile import decode_source, source_bytes

    source = source if source is not None else source_bytes(path)
    cache = _parsed_path(project, name)
    with contextlib.suppress(AlertI18nError, ValueError, KeyError, TypeError):
        key, _, data = read_input(cache, project.root).decode("utf-8").partition("\n")
        if key == parsed_key(project, digest(source)):
            return load_document(path, decode_source(source, path), data)
    text = decode_source(source, path)
    return parse_document(path, project.source_language, text, source_dir=project.source_dir)
