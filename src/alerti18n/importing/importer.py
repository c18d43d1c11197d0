"""``alerti18n import``: a DOCX, ODT or HTML file -> ``source/<name>.md``.

The importer is chosen by the file's suffix from the registry
(:mod:`alerti18n.importing.base`: :mod:`.docx`, :mod:`.odt`, :mod:`.html`).
The file is checked before anything else reads it
(:mod:`alerti18n.importing._checks`: its type, its size, zip-slip, zip bombs,
DTDs in XML parts). The parts read are parsed with a parser that loads no DTD,
resolves no entity and fetches nothing.

pandoc then converts the body to GFM that the segmenter handles (headings,
lists, tables, links, emphasis, images, footnotes; what GFM cannot say is
kept as :mod:`alerti18n.importing.structure` says, or named in a warning),
images are extracted to ``source/<name>/media/``,
and a front matter is written from the document's properties (DOCX core
properties, ODT meta.xml, the HTML page's ``<title>`` and ``<meta>``).
Tracked changes are taken as accepted and comments dropped, each with a
warning. Everything is made in a temporary folder; only then are the media
folder and the Markdown replaced.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from alerti18n.core.config import Project, validate_language
from alerti18n.core.errors import ConfigError, SourceError
from alerti18n.core.files import atomic_write, ensure_inside
from alerti18n.core.layout import check_document_name
from alerti18n.importing._checks import read_file
from alerti18n.importing.base import IMPORTERS, DocumentProperties, Importer

log = logging.getLogger(__name__)


def importers() -> dict[str, Importer]:
    """Every importer, by name (their modules imported on first use)."""
    from alerti18n.importing import docx, html, odt  # noqa: F401 (each registers itself)

    return IMPORTERS


def importer_for(file: Path) -> Importer:
    """The importer of ``file``'s suffix; SourceError when none reads it."""
    suffix = file.suffix.lower()
    found = next((i for i in importers().values() if suffix in i.suffixes), None)
    if found is None:
        suffixes = [s for i in importers().values() for s in i.suffixes]
        raise SourceError(
            f"cannot import a {file.suffix or 'file without extension'}",
            file,
            hint=f"import {', '.join(suffixes[:-1])} or {suffixes[-1]} files",
        )
    return found


@dataclass
class ImportedDocument:
    """What an import wrote."""

    markdown: Path
    media: list[Path] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def import_document(project: Project, file: Path, name: str | None = None) -> ImportedDocument:
    """Convert ``file`` to ``source/<name>.md`` with its images; see the module docstring."""
    importer = importer_for(file)
    name = _document_name(file, name)
    data = read_file(file)
    ensure_inside(project.state_dir / "import", project.root)  # the scratch folder goes there
    project.state_dir.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="import-", dir=project.state_dir))
    try:
        meta, markdown, warnings = importer.convert(file, data, name, work)
        lang, conflict = _language(meta.lang, project.source_language)
        warnings += [conflict] if conflict else []
        for warning in warnings:
            log.warning("%s: %s", file, warning)
        text = _front_matter(meta, lang) + markdown
        return _commit(project, name, text, work, warnings)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _document_name(file: Path, name: str | None) -> str:
    """The name to import as: ``--as NAME``, else the file's stem made plain; the rule
    every document name follows (:func:`~alerti18n.core.layout.check_document_name`)."""
    if name is None:
        name = re.sub(r"[^A-Za-z0-9._-]+", "-", file.stem).strip("-._").lower()
        name = re.sub(r"\.{2,}", ".", name)[:100].strip("-._")
    try:
        return check_document_name(name)
    except SourceError as exc:
        raise SourceError(exc.message, file, hint=f"give --as NAME: {exc.hint}") from None


# --- writing --------------------------------------------------------------------------------


def _language(declared: str, source: str) -> tuple[str, str | None]:
    """The front matter's ``lang``, and a warning when the document declares another
    language than the project's source language ``source``: the project's is written
    then (see :func:`~alerti18n.language.profiles.language_conflict`), else the
    document's when it is a language code (``en-GB``), else the project's."""
    from alerti18n.language.profiles import language_conflict

    lang = declared.strip().replace("_", "-")
    conflict = language_conflict(lang, source)
    if conflict is not None:
        return source, conflict
    with contextlib.suppress(ConfigError):
        lang = validate_language(lang.split("-")[0]) if lang else ""
    if not re.fullmatch(r"[A-Za-z]{2,3}", lang):
        lang = ""
    return lang or source, None


def _front_matter(meta: DocumentProperties, lang: str) -> str:
    fields: dict[str, object] = {
        "title": meta.title,
        "date": meta.date,
        "publisher": meta.publisher,
        "author": meta.author if meta.author != meta.publisher else "",
        "lang": lang,
    }
    kept = {key: value for key, value in fields.items() if value}
    text = yaml.safe_dump(kept, sort_keys=False, allow_unicode=True, width=10_000)
    return f"---\n{text}---\n\n"


def _commit(
    project: Project, name: str, text: str, work: Path, warnings: list[str]
) -> ImportedDocument:
    """Replace the media folder, then the Markdown; return what was written."""
    source = project.source_dir / f"{name}.md"
    ensure_inside(source, project.root)
    new_media = work / name / "media"
    media = project.source_dir / name / "media"
    ensure_inside(media, project.root)
    if media.is_symlink() or (media.exists() and not media.is_dir()):
        raise SourceError(
            "is not a folder alerti18n made", media, hint="move it away, then import again"
        )
    files = sorted(p for p in new_media.rglob("*") if p.is_file()) if new_media.is_dir() else []
    old = work / "old-media"
    if media.is_dir():
        os.replace(media, old)
    try:
        if files:
            media.parent.mkdir(parents=True, exist_ok=True)
            os.replace(new_media, media)
        atomic_write(source, text.encode("utf-8"), project.root)
    except BaseException:
        if old.is_dir():
            if media.is_dir():
                shutil.rmtree(media)
            os.replace(old, media)
        raise
    with contextlib.suppress(OSError):
        media.parent.rmdir()  # only if the import left it empty
    return ImportedDocument(source, [media / p.relative_to(new_media) for p in files], warnings)
