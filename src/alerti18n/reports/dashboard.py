"""The coordinators' dashboard (``status --html``).

Like the index page (:mod:`alerti18n.output.index`), a single, self-contained HTML
file: styles inline, fonts local, no script, and a Content-Security-Policy
that forbids any request, so it works offline and leaks nothing about its
reader.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from alerti18n.core import clock
from alerti18n.core.config import Project
from alerti18n.core.errors import AlertI18nError
from alerti18n.core.files import atomic_write
from alerti18n.core.state import State, digest, project_state
from alerti18n.output.render import autonym, templates
from alerti18n.po.pofile import read_po

if TYPE_CHECKING:
    import polib

    from alerti18n.checks import Finding
    from alerti18n.reports.analysis import Analysis

#: Bar segments of the dashboard, in order: (Stats-derived key, label).
#: Machine drafts are shown by confidence band (``mt.high-confidence``), the unscored ones
#: (LibreTranslate's, older marks) apart.
CATEGORIES = (
    ("reviewed", "reviewed"),
    ("human", "human-translated"),
    ("machine_high", "machine draft, high confidence"),
    ("machine_low", "machine draft, low confidence"),
    ("machine", "machine draft, no score"),
    ("outdated", "fuzzy (outdated)"),
    ("untranslated", "untranslated"),
)


#: The time-to-publish steps the dashboard shows, with their labels.
STEP_LABELS = (
    ("frozen", "source frozen"),
    ("first_draft", "first draft"),
    ("translated", "translated"),
    ("reviewed", "reviewed"),
    ("released", "released"),
)


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
    problem: str = ""  # why the catalog cannot be read ("" when it can)
    #: behind an amended document: since which version, the sentences changed (see
    #: alerti18n.reports.amendments); None when it is not
    outdated: dict | None = None
    edition: str = ""  # what the release does with an outdated language
    #: when each step of the version in progress happened (alerti18n.reports.timeline)
    timeline: dict | None = None


def _bar(stats: dict) -> list[dict]:
    """Stacked-bar segments: counts that add up to the document's segment count."""
    counts = {
        "reviewed": stats["reviewed"],
        "human": stats["translated"] - stats["reviewed"],
        "machine_high": stats["machine_high"],
        "machine_low": stats["machine_low"],
        "machine": stats["machine_unscored"],
        "outdated": stats["fuzzy"] - stats["machine"],
        "untranslated": stats["untranslated"],
    }
    total = stats["segments"] or 1
    return [
        {"key": key, "label": label, "count": counts[key], "width": 100.0 * counts[key] / total}
        for key, label in CATEGORIES
        if counts[key]
    ]


def dashboard_rows(
    project: Project, langs: list[str] | None = None, state: State | None = None
) -> list[Row]:
    """Progress, check findings, policy verdict and last change per document and language.

    A catalog that cannot be read gets a row saying why (``Row.problem``)
    instead of stopping the page. With ``state``, the last change also
    catches edits that left PO-Revision-Date alone (see :func:`last_changed`).
    """
    from alerti18n.checks import ERROR
    from alerti18n.reports.policy import edition_words, evaluate
    from alerti18n.reports.stats import Unreadable, status
    from alerti18n.reports.timeline import project_progress

    unreadable: list[Unreadable] = []
    all_stats = status(project, langs, unreadable)
    findings = _findings(project, langs, {project.po_path(u.lang, u.doc) for u in unreadable})
    try:  # the verdicts count the findings above: every check runs once for the page
        verdicts = {(v.doc, v.lang): v for v in evaluate(project, langs, findings)}
        blocked = None
    except AlertI18nError as error:  # release refuses the whole project while one is broken
        verdicts, blocked = {}, f"release blocked: {error.format_message()}"
    progress = project_progress(project, langs, [])  # a broken history: release blocked
    rows = {}
    for stats in all_stats:
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
            row.edition = edition_words(verdict)
        elif blocked:
            row.passed, row.reasons = False, [blocked]
        found = progress.get((stats.doc, stats.lang))
        if found is not None:
            facts = found.to_dict()
            row.outdated, row.timeline = facts["outdated"], facts["time_to_publish"]
        if path.exists():
            row.catalog = _relative(path, project.root)
            po = read_po(path, expect_language=stats.lang)
            row.revised = last_changed(po, f"{stats.lang}/{stats.doc}", state)
        rows[stats.doc, stats.lang] = row
    for bad in unreadable:
        row = Row(bad.doc, bad.lang, autonym(bad.lang), {}, [], passed=False)
        row.problem = bad.error.format_message()
        row.reasons = ["the catalog cannot be read"]
        row.catalog = _relative(project.po_path(bad.lang, bad.doc), project.root)
        rows[bad.doc, bad.lang] = row
    order = [project.doc_name(p) for p in project.documents()]
    chosen = project.select_languages(langs)
    return [rows[doc, lang] for doc in order for lang in chosen if (doc, lang) in rows]


def _findings(project: Project, langs: list[str] | None, unreadable: set[Path]) -> list[Finding]:
    """The check findings of every catalog, or, when some cannot be read, of the others."""
    from alerti18n.checks import run_checks
    from alerti18n.language.glossary import project_glossary

    if not unreadable:
        from alerti18n.reports.channels import project_findings

        return project_findings(project, langs)
    gloss = project_glossary(project)
    findings = []
    for lang in project.select_languages(langs):
        for source in project.documents():
            path = project.po_path(lang, project.doc_name(source))
            if path.is_file() and path not in unreadable:
                po = read_po(path, expect_language=lang)
                findings += run_checks(po, path, lang, project.source_language, gloss)
    return findings


def content_digest(po: polib.POFile) -> str:
    """Digest of what translators and alerti18n change in a catalog's entries.

    Every entry's source, translation, flags and translator comments (where
    the review and machine-draft marks live) count; the header, references,
    extracted comments, previous msgids and line wrapping do not.
    """
    parts = [
        json.dumps(
            [
                e.obsolete,
                e.msgctxt,
                e.msgid,
                e.msgid_plural,
                e.msgstr,
                sorted(e.msgstr_plural.items()),
                sorted(e.flags),
                e.tcomment,
            ],
            ensure_ascii=False,
        )
        for e in po
    ]
    return digest(*parts)


def last_changed(po: polib.POFile, unit: str, state: State | None = None) -> str:
    """When a catalog's content last changed, as a PO date (``YYYY-MM-DD HH:MM+ZONE``).

    PO-Revision-Date is the record: Poedit, Lokalize and Weblate set it when
    they save a change, and ``update`` when it changes a catalog. A plain
    text editor (or ``review``, ``pretranslate``) changes entries but leaves
    it alone, so ``state`` keeps, per catalog, the content digest and the
    PO-Revision-Date last seen, and the date shown for them:

    * PO-Revision-Date differs from the one last seen (or nothing was seen
      yet): it is shown;
    * same PO-Revision-Date, different content: the catalog was edited
      without it, and the time this is first seen is shown (now, or
      SOURCE_DATE_EPOCH), and kept until the next change;
    * same date, same content: what was shown before.
    """
    from alerti18n.po.header import now_stamp

    header = po.metadata.get("PO-Revision-Date", "")
    if state is None:
        return header
    content = content_digest(po)
    record = state.recall("revised", unit)
    if record and record.get("header") == header:
        if record.get("content") == content:
            return str(record.get("shown", header))
        shown = now_stamp()
    else:
        shown = header
    state.remember("revised", unit, {"header": header, "content": content, "shown": shown})
    return shown


def _relative(path: Path, root: Path) -> str:
    return path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)


def render_dashboard(
    project: Project,
    rows: list[Row],
    now: dt.datetime | None = None,
    analysis: Analysis | None = None,
) -> str:
    """The coordinators' page for ``rows`` (and the ``analysis`` report, when given)."""
    if now is None:  # SOURCE_DATE_EPOCH makes the page reproducible
        now = clock.now()
    return (
        templates()
        .get_template("dashboard.html")
        .render(
            lang="en",
            dir="ltr",
            name=project.name,
            rows=rows,
            categories=CATEGORIES,
            steps=STEP_LABELS,
            source=project.source_language,
            generated=now.isoformat(),
            ready=sum(r.passed for r in rows),
            **_analysis_context(analysis),
        )
    )


def write_dashboard(project: Project, out: Path, langs: list[str] | None = None) -> Path:
    """Write the dashboard to ``out``; return its path.

    The project's state remembers what each catalog looked like, so that the
    next dashboard can tell when its content changed (see :func:`last_changed`);
    the caller holds the project lock.
    """
    if out.is_dir():
        raise AlertI18nError("the dashboard path is a folder", out, hint="name an .html file")
    target = project.files.refuse_output(out, "the dashboard")
    state = project_state(project)
    rows = dashboard_rows(project, langs, state)
    html = render_dashboard(project, rows, analysis=_analysis(project, langs, state))
    atomic_write(target, html.encode("utf-8"))
    state.save()
    return out


def _analysis(project: Project, langs: list[str] | None, state: State) -> Analysis:
    """The analysis report for the page: a language it cannot read says why in its table.
    The page has read every catalog (inside ``reading_once``): the report reads them again
    from there rather than hash them for its cache."""
    from alerti18n.reports.analysis import analyse

    return analyse(project, langs, state, keep_going=True, cached=False)


def _analysis_context(analysis: Analysis | None) -> dict:
    """What the page's analysis block (``dashboard_analysis.html``) reads."""
    from alerti18n.reports.analysis import BANDS

    return {"analysis": analysis, "bands": BANDS, "autonym": autonym}
