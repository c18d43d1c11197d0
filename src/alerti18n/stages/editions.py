"""Editions: what one release publishes of a document in each language, and the release
history it leaves (:mod:`alerti18n.reports.history`).

**The version.** The front matter's ``version``; without one, the version released last
when the source is the same bytes, else the next number. A declared version already
released from other bytes is refused: a version names one text. The release folder is
the declared version, else the folder name ``release`` would have used (the date, else
``unversioned``), with ``-v<N>`` added when an earlier version took it.

**Each language** gets what its verdict (:func:`alerti18n.reports.policy.evaluate`) says:
this version's text (``current``; sentences not translated yet shown in the source
language, as every build does), the text of the last version it caught up with, rebuilt
from the history with a notice in the page's language that links to the original
(``previous``), or nothing (``held``: the language is left out of the pages' language
menu and the index). An amended document's pages end with a short change log in their
language: each version their text went through, with its date and the sentences added,
changed and removed since the one before. The manifest says the same
(:func:`version_manifest`, :func:`language_manifest`).

The history is written last, when every page and manifest is written.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field, replace
from pathlib import Path

from alerti18n.core import clock
from alerti18n.core.config import Project
from alerti18n.core.errors import HistoryError, SourceError
from alerti18n.core.files import read_input
from alerti18n.language.pagestrings import project_pages, ui
from alerti18n.output.page import Editions, PageHistory, Snapshot
from alerti18n.po.compiled import read_catalog, translations_of
from alerti18n.reports.amendments import compare, template_sentences
from alerti18n.reports.history import (
    CURRENT,
    HELD,
    PREVIOUS,
    History,
    LanguageRecord,
    VersionRecord,
    load_history,
    save_history,
)
from alerti18n.reports.policy import Verdict
from alerti18n.reports.timeline import Timeline, measure


@dataclass
class DocumentRelease:
    """One document in one release: its version, its folder, what each language gets."""

    name: str
    version: str
    folder_name: str
    history: History
    record: VersionRecord  # this version, as the history will keep it
    previous: VersionRecord | None  # the version released before it
    verdicts: dict[str, Verdict]
    editions: Editions | None = None
    drafts: dict[str, tuple[str, ...]] = field(default_factory=dict)


def plan_document(
    project: Project,
    source: Path,
    name: str,
    declared: tuple[str | None, int | None],
    base_folder: str,
    verdicts: list[Verdict],
    now: dt.datetime,
) -> DocumentRelease:
    """Work out, writing nothing, what releasing ``source`` publishes in each language.

    ``declared`` is the front matter's version and its line (None: none); ``base_folder``
    the folder name without a declared version (the date, else "unversioned").
    """
    history = load_history(project, name)
    data = read_input(source, project.root, error=SourceError)
    sha = hashlib.sha256(data).hexdigest()
    recorded, version = _version(history, sha, declared, source)
    previous = _before(history, version)
    folder_name = (
        recorded.folder if recorded else _folder(history, declared[0] or base_folder, version)
    )
    sentences, frozen = _sentences(project, source, name, data)
    record = VersionRecord(
        version=version,
        folder=folder_name,
        released=recorded.released if recorded else clock.iso(now),
        source_sha256=sha,
        source_text=_text(source),
        sentences=sentences,
        frozen=recorded.frozen if recorded else frozen,
        languages=dict(recorded.languages) if recorded else {},
    )
    mine = {v.lang: v for v in verdicts if v.doc == name}
    plan = DocumentRelease(name, version, folder_name, history, record, previous, mine)
    snapshots: dict[str, Snapshot] = {}
    for lang, verdict in mine.items():
        snapshot = _language(project, plan, verdict, now)
        if snapshot is not None:
            snapshots[lang] = snapshot
    _pages(project, plan, snapshots)
    return plan


def _version(
    history: History, sha: str, declared: tuple[str | None, int | None], source: Path
) -> tuple[VersionRecord | None, str]:
    """The record of this version if it was released before, and its label."""
    last = history.versions[-1] if history.versions else None
    label, line = declared
    if label is None:
        same = last is not None and last.source_sha256 == sha
        return (last, last.version) if same and last else (None, history.next_number())
    recorded = history.find(label)
    if recorded is None:
        return None, label
    if recorded.source_sha256 != sha:
        raise HistoryError(
            f"version {label} was released from another text ({history.path.name})",
            source,
            line,
            hint="give the amended text a new version in its front matter",
        )
    if recorded is not last:
        assert last is not None
        raise HistoryError(
            f"version {label} is older than the last release, version {last.version}",
            source,
            line,
            hint="a document's versions only move forward: give it a new version",
        )
    return recorded, label


def _before(history: History, version: str) -> VersionRecord | None:
    labels = [v.version for v in history.versions]
    at = labels.index(version) if version in labels else len(labels)
    return history.versions[at - 1] if at else None


def _folder(history: History, base: str, version: str) -> str:
    """``base``, or ``base-v<version>`` when an earlier version took it."""
    taken = {v.folder for v in history.versions}
    folder = base if base not in taken else f"{base}-v{version}"
    if folder in taken:
        raise HistoryError(
            f"release folder {folder} is taken by an earlier version",
            history.path,
            hint="give the document a version in its front matter",
        )
    return folder


def _text(source: Path) -> str:
    from alerti18n.text.sourcefile import read_source

    return read_source(source)


def _sentences(
    project: Project, source: Path, name: str, data: bytes
) -> tuple[list[str], str | None]:
    """This version's sentences and when they were extracted: its template's, as the
    catalogs and the policy see them (the saved parse, without a template)."""
    found = template_sentences(project, name)
    if found is not None:
        moment = clock.parse_instant(found[1])
        return found[0], clock.iso(moment) if moment else None
    from alerti18n.stages.extract import load_parsed

    doc = load_parsed(project, source, name, data)
    return list(dict.fromkeys(s.text for s in doc.segments)), None


def _language(
    project: Project, plan: DocumentRelease, verdict: Verdict, now: dt.datetime
) -> Snapshot | None:
    """Record what the release does with ``verdict``'s language; its snapshot, if any."""
    lang, record = verdict.lang, plan.record
    old = record.languages.get(lang)
    po = read_catalog(project, lang, plan.name)
    base = plan.history.caught_up(lang, before=record.version)
    work = compare(base.sentences, record.sentences).new_text if base else tuple(record.sentences)
    frozen = clock.parse_instant(record.frozen)
    if verdict.edition != CURRENT:
        assert verdict.lag is not None  # only an outdated language is held or shown as before
        since = verdict.lag.since
        earlier = since.languages[lang]
        progress = measure(record.version, frozen, work, record.sentences, po).record()
        record.languages[lang] = LanguageRecord(
            verdict.edition, since.version, time_to_publish=progress
        )
        if verdict.edition == HELD:
            return None
        if earlier.draft or not verdict.passed:
            plan.drafts[lang] = (ui(lang, "draft", catalogs=project_pages(project.locales_dir)),)
        return Snapshot(since.source_text, dict(earlier.translations or {}))
    if not verdict.passed:
        plan.drafts[lang] = (ui(lang, "draft", catalogs=project_pages(project.locales_dir)),)
    done = translations_of(po)
    sentences = record.sentences
    complete = all(s in done for s in sentences)
    new = LanguageRecord(
        CURRENT,
        record.version,
        complete=complete,
        draft=not verdict.passed,
        translations={s: done[s] for s in sentences if s in done} if complete else None,
    )
    unchanged = old is not None and replace(old, time_to_publish={}, released=None) == new
    if unchanged:
        return None  # released before in this language, as it is now
    # released: when this version's text, as complete as it is now, was first published
    same = old is not None and old.edition == CURRENT and old.complete == complete
    new.released = old.released if same and old is not None else clock.iso(now)
    released = clock.parse_instant(new.released)
    new.time_to_publish = measure(record.version, frozen, work, sentences, po, released).record()
    record.languages[lang] = new
    return None


def _pages(project: Project, plan: DocumentRelease, snapshots: dict[str, Snapshot]) -> None:
    """What each published page says about the versions, and the languages on the pages."""
    shown = [project.source_language] + [
        lang
        for lang in project.target_languages
        if lang in plan.verdicts and plan.record.languages[lang].edition != HELD
    ]
    versions = [v for v in plan.history.versions if v.version != plan.version] + [plan.record]
    pages = {lang: _page_history(project, plan, versions, lang) for lang in shown}
    plan.editions = Editions(tuple(shown), pages, snapshots)


def _page_history(
    project: Project, plan: DocumentRelease, versions: list[VersionRecord], lang: str
) -> PageHistory:
    """The outdated notice and the change log of ``lang``'s page (none for a first version)."""
    catalogs = project_pages(project.locales_dir)
    record = plan.record.languages.get(lang)
    reflects = record.reflects if record is not None else plan.version
    notice = original = ""
    if record is not None and record.edition == PREVIOUS:
        since = next(v for v in versions if v.version == reflects)
        notice = ui(
            lang,
            "outdated",
            version=_label(reflects),
            date=_day(since.released),
            updated=_day(plan.record.released),
            catalogs=catalogs,
        )
        original = ui(lang, "original", language=project.source_language, catalogs=catalogs)
    if len(versions) < 2:
        return PageHistory(notice, original)
    lines = [
        _change_line(lang, before, after, catalogs)
        for before, after in _steps(versions, lang, reflects, project)
    ]
    return PageHistory(notice, original, ui(lang, "versions", catalogs=catalogs), tuple(lines))


def _steps(
    versions: list[VersionRecord], lang: str, upto: str, project: Project
) -> list[tuple[VersionRecord | None, VersionRecord]]:
    """(version before, version) for each version whose text ``lang``'s readers were given,
    up to ``upto``."""
    given: list[VersionRecord] = []
    for version in versions:
        if lang == project.source_language or version.published(lang):
            given.append(version)
        if version.version == upto:
            break
    return list(zip([None, *given[:-1]], given, strict=True))


def changelog(versions: list[VersionRecord], lang: str, upto: str, project: Project) -> list[dict]:
    """The change log of ``lang`` as the manifest has it: each version its readers were given."""
    return [
        {
            "version": after.version,
            "released": after.released,
            **(compare(before.sentences, after.sentences).counts() if before else {}),
        }
        for before, after in _steps(versions, lang, upto, project)
    ]


def _change_line(
    lang: str, before: VersionRecord | None, after: VersionRecord, catalogs: Path
) -> str:
    version, date = _label(after.version), _day(after.released)
    if before is None:
        return ui(lang, "first_version", catalogs=catalogs, version=version, date=date)
    counts = compare(before.sentences, after.sentences).counts()
    return ui(
        lang,
        "new_version",
        catalogs=catalogs,
        version=version,
        date=date,
        added=counts["added"],
        changed=counts["changed"],
        removed=counts["removed"],
    )


def _label(version: str) -> int | str:
    """A version as a page string shows it: a number in the page's digits, else as written."""
    return int(version) if version.isdigit() and len(version) < 10 else version


def _day(moment: str) -> dt.date:
    found = clock.parse_instant(moment)
    if found is None:
        raise HistoryError(f"invalid release time {moment!r}", hint="restore the file from git")
    return found.date()


def version_manifest(plan: DocumentRelease) -> dict:
    """The manifest's ``document_version``: this version, when it was released and frozen,
    and the sentences changed since the version before."""
    previous = plan.previous
    return {
        "version": plan.version,
        "released": plan.record.released,
        "frozen": plan.record.frozen,
        "previous": previous.version if previous else None,
        "changes": compare(previous.sentences, plan.record.sentences).to_dict()
        if previous
        else None,
    }


def language_manifest(project: Project, plan: DocumentRelease, lang: str) -> dict:
    """The manifest's ``edition`` (and ``time_to_publish``) of one language."""
    versions = [v for v in plan.history.versions if v.version != plan.version] + [plan.record]
    record = plan.record.languages.get(lang)
    verdict = plan.verdicts.get(lang)
    reflects = record.reflects if record is not None else plan.version
    edition: dict = {
        "published": record.edition if record is not None else CURRENT,
        "reflects": reflects,
        "changelog": changelog(versions, lang, reflects, project),
    }
    found: dict = {"edition": edition}
    if verdict is not None:
        lag = verdict.lag
        edition["outdated_since"] = lag.since.version if lag else None
        edition["pending"] = list(lag.pending) if lag else []
        edition["rule"] = project.policy_for(lang).outdated if lag else None
        if record is not None and record.time_to_publish:
            timeline = Timeline.from_record(plan.version, record.time_to_publish)
            found["time_to_publish"] = timeline.to_dict()
    return found


def record_releases(project: Project, plans: list[DocumentRelease]) -> list[Path]:
    """Write each document's history with this release's version; the files written."""
    written = []
    for plan in plans:
        history = plan.history
        history.versions = [v for v in history.versions if v.version != plan.version]
        history.versions.append(plan.record)
        if save_history(project, history):
            written.append(history.path)
    return written
