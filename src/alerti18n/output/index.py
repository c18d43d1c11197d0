"""The web edition's index page, and the cache of translated titles it is made from.

A single, self-contained HTML file: styles inline, fonts local, no script,
and a Content-Security-Policy that forbids any request.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from alerti18n.core.config import Project
from alerti18n.core.errors import SourceError
from alerti18n.core.files import atomic_write, read_input
from alerti18n.core.state import State, file_digest
from alerti18n.output.page import document_date, document_title, translated_title
from alerti18n.output.render import autonym, templates, text_direction
from alerti18n.po.compiled import load_translations
from alerti18n.text import frontmatter


@dataclass(frozen=True)
class IndexLink:
    """One language version of a document on the index page."""

    lang: str
    name: str  # autonym
    href: str
    title: str
    dir: str


@dataclass(frozen=True)
class IndexEntry:
    """One document on the index page."""

    doc: str
    title: str
    date: dt.date | None
    links: tuple[IndexLink, ...]


def _translated_title(
    project: Project, lang: str, doc: str, title: str, state: State | None = None
) -> str:
    """The title as translated in ``lang``'s catalog, else the source title.

    ``state`` remembers titles by catalog digest, so an index rewrite does not
    read every catalog again.
    """
    path = project.po_path(lang, doc)
    if lang == project.source_language or not path.exists():
        return title
    digest = state.digest_of(path) if state is not None else file_digest(path)
    unit = f"{lang}/{doc}"
    record = state.recall("titles", unit) if state is not None else None
    if record and record["po"] == digest and record["source"] == title:
        return record["title"]
    result = translated_title(load_translations(project, lang, doc, path, digest), title)
    if state is not None:
        remember_title(state, path, lang, doc, title, result)
    return result


def remember_title(
    state: State, po_path: Path, lang: str, doc: str, title: str, result: str
) -> None:
    """Note a title found while building, so the index need not parse the catalog again."""
    record = {"po": state.digest_of(po_path), "source": title, "title": result}
    state.remember("titles", f"{lang}/{doc}", record)


#: The state's namespace of what the index shows of each source document (see remember_document).
_DOCUMENTS = "index-documents"


def remember_document(state: State, source: Path, doc: str, digest: str, data: bytes) -> None:
    """Note the title and date the index shows for the source document ``doc`` (at ``source``,
    whose bytes are ``data``, of this digest), so that an index rewrite need not read it."""
    meta = frontmatter.metadata_of(data)
    date = document_date(meta)
    record = {
        "source": digest,
        "title": document_title(meta, doc),
        "date": date.isoformat() if date is not None else None,
    }
    state.remember(_DOCUMENTS, str(source), record)


def _document_facts(source: Path, doc: str, state: State | None) -> tuple[str, dt.date | None]:
    """The title and date the index shows for ``doc``: from the state while the source is
    unchanged (see :func:`remember_document`), else from its front matter."""
    if state is None:
        meta = frontmatter.metadata(source)
        return document_title(meta, doc), document_date(meta)
    digest, data = state.read_changed(source, SourceError)
    record = state.recall(_DOCUMENTS, str(source))
    if record is None or record.get("source") != digest:
        remember_document(state, source, doc, digest, data or read_input(source, error=SourceError))
        record = state.recall(_DOCUMENTS, str(source)) or {}
    date = record.get("date")
    if not isinstance(date, str):
        return str(record.get("title")), None
    return str(record.get("title")), (
        dt.datetime.fromisoformat(date) if "T" in date else dt.date.fromisoformat(date)
    )


def index_entries(
    project: Project,
    out: Path,
    documents: set[str] | None = None,
    state: State | None = None,
) -> list[IndexEntry]:
    """Every built document under ``out`` with its title in each built language."""
    entries = []
    for source in project.documents():
        doc = project.doc_name(source)
        if documents is not None and doc not in documents:
            continue
        title, date = _document_facts(source, doc, state)
        links = tuple(
            IndexLink(
                lang,
                autonym(lang),
                f"{lang}/{doc}.html",
                _translated_title(project, lang, doc, title, state),
                text_direction(lang),
            )
            for lang in project.languages
            if (out / lang / f"{doc}.html").exists()
        )
        if links:
            entries.append(IndexEntry(doc, title, date, links))
    return entries


def render_index(project: Project, entries: list[IndexEntry]) -> str:
    """The index page: each document, with a link per language labelled by its autonym."""
    lang = project.source_language
    return (
        templates()
        .get_template("index.html")
        .render(
            lang=lang,
            dir=text_direction(lang),
            name=project.name,
            entries=entries,
            languages=[(code, autonym(code)) for code in project.languages],
            format_date=lambda d: _long_date(d, lang),
        )
    )


def _long_date(date: dt.date, lang: str) -> str:
    from babel.dates import format_date  # (it imports zoneinfo: only for a dated document)

    return str(format_date(date, "long", locale=lang.replace("-", "_")))


def write_index(
    project: Project,
    out: Path,
    documents: set[str] | None = None,
    state: State | None = None,
) -> Path:
    """Write ``<out>/index.html``; return its path (untouched when unchanged)."""
    path = out / "index.html"
    html = render_index(project, index_entries(project, out, documents, state))
    root = project.root if out.is_relative_to(project.root) else None
    atomic_write(path, html.encode("utf-8"), root, durable=False)
    return path
