"""Time to publish: for each document and language, when each step of a version happened.

The steps, each an instant (UTC) or None while it has not happened:

``frozen``
    the version's sentences were extracted: its template's POT-Creation-Date (``extract``
    changes it only when the sentences change), kept in the release history once released;
    for a document never released, ``status`` takes it, and the sentences, from each
    catalog (as its last ``update`` copied them from the template);
``first_draft``
    the first translation of one of the sentences this language had to (re)translate for
    this version (all of them for a first version; those added or changed since the last
    version it caught up with for an amendment): the earliest ``at=`` of a machine or
    memory draft mark (``# mt:``, ``# tm:``) written since ``frozen``; for a language drafted
    by hand alone, the catalog's PO-Revision-Date (its last save, so a later bound);
``translated``
    every sentence of the version translated: the catalog's PO-Revision-Date (the last
    save before the version was complete, as translators' tools and ``update`` set it);
``reviewed``
    every sentence reviewed: the latest ``# reviewed:`` mark of the sentences to translate
    (its ``at=``, else its day);
``released``
    the first release that published this version's text in the language.

A version with nothing to translate in a language (only sentences removed) has no draft,
translation or review time. ``release`` computes the record at the moment it publishes and
keeps it in the release history, so later changes to a catalog do not rewrite it; the
manifest carries it, ``status --format json`` and the dashboard show it with the hours
from ``frozen`` to each step. Every time comes from the one clock
(:mod:`alerti18n.core.clock`): the tests play a cycle step by step with SOURCE_DATE_EPOCH.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from alerti18n.core import clock
from alerti18n.core.config import Project
from alerti18n.core.errors import AlertI18nError
from alerti18n.po import marks
from alerti18n.reports.amendments import Lag, compare, lag, template_sentences, translated_msgids
from alerti18n.reports.history import CURRENT, History, load_history

if TYPE_CHECKING:
    import polib

#: The steps, in order.
STEPS = ("frozen", "first_draft", "translated", "reviewed", "released")
_DAY = re.compile(r"\b(\d{4}-\d{2}-\d{2})\b")


@dataclass(frozen=True)
class Timeline:
    """When each step (:data:`STEPS`) of one version happened in one language."""

    version: str | None  # None: the next version, not released yet
    times: dict[str, dt.datetime | None]

    def to_dict(self) -> dict:
        """ISO instants per step, and the hours from ``frozen`` to each later step."""
        start = self.times.get("frozen")
        hours = {
            step: round((moment - start).total_seconds() / 3600, 1)
            if moment is not None and start is not None
            else None
            for step, moment in self.times.items()
            if step != "frozen"
        }
        return {
            "version": self.version,
            **{step: _iso(moment) for step, moment in self.times.items()},
            "hours": hours,
        }

    def record(self) -> dict[str, str | None]:
        """The times as the release history keeps them."""
        return {step: _iso(self.times.get(step)) for step in STEPS}

    @classmethod
    def from_record(cls, version: str, record: dict[str, str | None]) -> Timeline:
        return cls(version, {step: clock.parse_instant(record.get(step)) for step in STEPS})


def _iso(moment: dt.datetime | None) -> str | None:
    return clock.iso(moment) if moment is not None else None


def _latest(*moments: dt.datetime | None) -> dt.datetime | None:
    found = [m for m in moments if m is not None]
    return max(found) if found else None


def measure(
    version: str | None,
    frozen: dt.datetime | None,
    work: Sequence[str],
    sentences: Sequence[str],
    po: polib.POFile | None,
    released: dt.datetime | None = None,
) -> Timeline:
    """The steps of a version whose sentences are ``sentences``, of which this language had to
    translate ``work``, as its catalog ``po`` shows them now."""
    from alerti18n.po.entrystate import has_text, state

    entries = {e.msgid: e for e in po or () if e.msgid and not e.obsolete and not e.msgctxt}
    revised = clock.parse_instant(po.metadata.get("PO-Revision-Date")) if po else None
    todo = [entries[s] for s in work if s in entries]
    drafts = [
        moment
        for entry in todo
        for mark in marks.marks(entry)
        if mark.kind in (marks.MT, marks.TM)
        and (moment := marks.written_at(mark)) is not None
        and (frozen is None or moment >= frozen)
    ]
    first = min(drafts) if drafts else None
    if first is None and any(has_text(e) for e in todo):
        first = _latest(revised, frozen)
    translated = reviewed = None
    if work and all(s in entries and state(entries[s]).is_translated for s in sentences):
        translated = _latest(revised, first, frozen)
        reviews = {s: _reviewed_at(entries[s]) for s in sentences}
        if all(r is not None for r in reviews.values()):
            reviewed = _latest(*(reviews[s] for s in work))
    return Timeline(
        version,
        {
            "frozen": frozen,
            "first_draft": first,
            "translated": translated,
            "reviewed": reviewed,
            "released": released,
        },
    )


def _reviewed_at(entry: polib.POEntry) -> dt.datetime | None:
    """When a valid review mark was written: its ``at=``, else its day; None if not reviewed."""
    mark = marks.reviewed(entry)
    if mark is None:
        return None
    moment = marks.written_at(mark)
    if moment is None:
        day = _DAY.search(mark.value)
        moment = clock.parse_instant(day.group(1)) if day else None
    return moment


def timeline(
    history: History,
    lang: str,
    sentences: Sequence[str],
    template_date: str | None,
    po: polib.POFile | None,
) -> Timeline:
    """The time to publish of the version in progress in ``lang``: the last released one when
    the template still has its sentences, else the next one."""
    last = history.versions[-1] if history.versions else None
    if last is not None and last.sentences == list(sentences):
        record = last.languages.get(lang)
        if record is not None and record.edition == CURRENT and record.time_to_publish:
            return Timeline.from_record(last.version, record.time_to_publish)
        version, frozen = last.version, clock.parse_instant(last.frozen)
        base = history.caught_up(lang, before=last.version)
    else:
        version, frozen = None, clock.parse_instant(template_date)
        base = history.caught_up(lang)
    work = compare(base.sentences, sentences).new_text if base else tuple(dict.fromkeys(sentences))
    return measure(version, frozen, work, sentences, po)


@dataclass(frozen=True)
class Progress:
    """Where one document stands in one language since its last release."""

    lag: Lag | None
    timeline: Timeline

    def to_dict(self) -> dict:
        outdated = self.lag.to_dict() if self.lag is not None and self.lag.outdated else None
        return {"outdated": outdated, "time_to_publish": self.timeline.to_dict()}


def project_progress(
    project: Project,
    langs: list[str] | None = None,
    problems: list[AlertI18nError] | None = None,
) -> dict[tuple[str, str], Progress]:
    """The lag and the time to publish of every document with a template, in each target
    language (or ``langs``); catalogs that cannot be read are left out (status reports them).

    A release history or template that cannot be read raises, unless ``problems`` is
    given: it is then noted there and its document left out.
    """
    from alerti18n.po.compiled import read_catalog

    found: dict[tuple[str, str], Progress] = {}
    for source in project.documents():
        doc = project.doc_name(source)
        if project.files.existing(project.pot_path(doc)) is None:
            continue
        try:
            history = load_history(project, doc)
            # amendments compare with the template (the last extract); a document never
            # released is measured as of the last update, from each catalog (see _sentences)
            current = template_sentences(project, doc) if history.versions else None
        except AlertI18nError as error:
            if problems is None:
                raise
            problems.append(error)
            continue
        for lang in project.select_languages(langs):
            try:
                po = read_catalog(project, lang, doc)
            except AlertI18nError:
                continue  # status reports the catalog
            try:
                sentences = current or _sentences(project, doc, po)
            except AlertI18nError as error:  # the template, for a language without catalog
                if problems is None:
                    raise
                if error.path not in {p.path for p in problems}:
                    problems.append(error)
                continue
            if sentences is None:
                continue
            behind = lag(history, lang, sentences[0], translated_msgids(po))
            found[doc, lang] = Progress(behind, timeline(history, lang, *sentences, po))
    return found


def _sentences(
    project: Project, doc: str, po: polib.POFile | None
) -> tuple[list[str], str | None] | None:
    """The sentences of a document never released, and their POT-Creation-Date, as the
    catalog has them from its last ``update`` (status's counts are the catalog's too): a
    million-entry template is not parsed again for them. Without a catalog, the template's."""
    if po is None:
        return template_sentences(project, doc)
    sentences = [e.msgid for e in po if e.msgid and not e.obsolete and not e.msgctxt]
    return sentences, po.metadata.get("POT-Creation-Date")
