"""The web edition's index page and the coordinators' dashboard.

Both are single, self-contained HTML files: styles inline, fonts local, no
script, and a Content-Security-Policy that forbids any request, so they work
offline and leak nothing about their reader.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from babel.dates import format_date

from alerti18n.config import Project
from alerti18n.errors import AlertI18nError
from alerti18n.fsutil import atomic_write
from alerti18n.pofile import read_po
from alerti18n.render import autonym, templates, text_direction
from alerti18n.state import State, file_digest

_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n---[ \t]*\r?$", re.S | re.M)
#: Bar segments of the dashboard, in order: (Stats-derived key, label).
CATEGORIES = (
    ("reviewed", "reviewed"),
    ("human", "human-translated"),
    ("machine", "machine draft"),
    ("outdated", "fuzzy (outdated)"),
    ("untranslated", "untranslated"),
)


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


def _front_matter(path: Path) -> dict:
    """The YAML front matter of a source document (empty when it has none or it is invalid)."""
    match = _FRONT_MATTER.match(path.read_text(encoding="utf-8-sig"))
    if not match:
        return {}
    try:
        data = yaml.safe_load(match.group(1))
    except yaml.YAMLError:
        return {}
    return data if isinstance(data, dict) else {}


def _translated_title(
    project: Project, lang: str, doc: str, title: str, state: State | None = None
) -> str:
    """The title as translated in ``lang``'s catalog, else the source title.

    ``state`` remembers titles by catalog digest, so an index rewrite does not
    read every catalog again.
    """
    from alerti18n.pipeline import load_translations

    path = project.po_path(lang, doc)
    if lang == project.source_language or not path.exists():
        return title
    digest = file_digest(path)
    unit = f"{lang}/{doc}"
    record = state.recall("titles", unit) if state is not None else None
    if record and record["po"] == digest and record["source"] == title:
        return record["title"]
    result = title_in(load_translations(project, lang, doc, path, digest), title)
    if state is not None:
        remember_title(state, path, lang, doc, title, result)
    return result


def title_in(translations: dict[str, str], title: str) -> str:
    """``title`` as translated (whitespace normalised), else ``title`` itself."""
    return " ".join(translations[title].split()) if title in translations else title


def remember_title(
    state: State, po_path: Path, lang: str, doc: str, title: str, result: str
) -> None:
    """Note a title found while building, so the index need not parse the catalog again."""
    record = {"po": file_digest(po_path), "source": title, "title": result}
    state.remember("titles", f"{lang}/{doc}", record)


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
        meta = _front_matter(source)
        title = " ".join(str(meta.get("title") or doc).split())
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
            date = meta.get("date")
            entries.append(
                IndexEntry(doc, title, date if isinstance(date, dt.date) else None, links)
            )
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
            format_date=lambda d: format_date(d, "long", locale=lang.replace("-", "_")),
        )
    )


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


@dataclass
class Row:
    """One document in one language on the dashboard."""

    doc: str
    lang: str
    name: str
    stats: dict
    bar: list[dict]
    errors: int = 0
    warnings: int = 0
    waived: int = 0
    findings: list[dict] = field(default_factory=list)
    passed: bool = True
    reasons: list[str] = field(default_factory=list)
    revised: str = ""
    catalog: str = ""


def _bar(stats: dict) -> list[dict]:
    """Stacked-bar segments: counts that add up to the document's segment count."""
    counts = {
        "reviewed": stats["reviewed"],
        "human": stats["translated"] - stats["reviewed"],
        "machine": stats["machine"],
        "outdated": stats["fuzzy"] - stats["machine"],
        "untranslated": stats["untranslated"],
    }
    total = stats["segments"] or 1
    return [
        {"key": key, "label": label, "count": counts[key], "width": 100.0 * counts[key] / total}
        for key, label in CATEGORIES
        if counts[key]
    ]


def dashboard_rows(project: Project, langs: list[str] | None = None) -> list[Row]:
    """Progress, check findings, policy verdict and last revision per document and language."""
    from alerti18n import pipeline
    from alerti18n.checks import ERROR, check_project
    from alerti18n.release import evaluate

    findings = check_project(project, langs)
    verdicts = {(v.doc, v.lang): v for v in evaluate(project)}
    rows = []
    for stats in pipeline.status(project, langs):
        path = project.po_path(stats.lang, stats.doc)
        data = stats.to_dict()
        row = Row(stats.doc, stats.lang, autonym(stats.lang), data, _bar(data))
        for f in findings:
            if f.path != path:
                continue
            if f.waived:
                row.waived += 1
            elif f.severity == ERROR:
                row.errors += 1
            else:
                row.warnings += 1
            row.findings.append({**f.to_dict(), "path": _relative(f.path, project.root)})
        verdict = verdicts.get((stats.doc, stats.lang))
        if verdict is not None:
            row.passed, row.reasons = verdict.passed, list(verdict.reasons)
        if path.exists():
            row.catalog = _relative(path, project.root)
            row.revised = read_po(path).metadata.get("PO-Revision-Date", "")
        rows.append(row)
    return rows


def _relative(path: Path, root: Path) -> str:
    return path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)


def render_dashboard(project: Project, rows: list[Row], now: dt.datetime | None = None) -> str:
    """The coordinators' page for ``rows``."""
    if now is None:  # SOURCE_DATE_EPOCH makes the page reproducible
        epoch = os.environ.get("SOURCE_DATE_EPOCH")
        now = (
            dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc)
            if epoch
            else dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
        )
    return (
        templates()
        .get_template("dashboard.html")
        .render(
            lang="en",
            dir="ltr",
            name=project.name,
            rows=rows,
            categories=CATEGORIES,
            generated=now.isoformat(),
            ready=sum(r.passed for r in rows),
        )
    )


def write_dashboard(project: Project, out: Path, langs: list[str] | None = None) -> Path:
    """Write the dashboard to ``out``; return its path."""
    if out.is_dir():
        raise AlertI18nError("the dashboard path is a folder", out, hint="name an .html file")
    html = render_dashboard(project, dashboard_rows(project, langs))
    atomic_write(out, html.encode("utf-8"))
    return out
