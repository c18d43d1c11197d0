"""Reviewed state: a second person vouches for a translation.

An entry is reviewed when it carries a ``# reviewed: NAME DATE sha=HASH at=TIME``
translator comment whose hash still matches its source and translation (see
:mod:`alerti18n.po.marks`). Translator comments survive msgcat, msgmerge and
PO editors, and the hash makes any later change of source or translation
drop the reviewed state by itself; a fuzzy entry is never reviewed.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import polib

from alerti18n.checks import run_checks
from alerti18n.core import clock
from alerti18n.core.commits import Commits
from alerti18n.core.config import Project
from alerti18n.core.errors import AlertI18nError
from alerti18n.core.files import Stamp
from alerti18n.language.glossary import project_glossary
from alerti18n.po import marks
from alerti18n.po.entrystate import state
from alerti18n.po.pofile import format_po, read_po, stamp_of

_MARK_VALUE = re.compile(
    r"^(?P<name>.+?)\s+(?P<date>\d{4}-\d{2}-\d{2})\s+sha=[0-9a-f]+(?:\s+at=\S+)?$"
)


def _candidates(po: polib.POFile) -> list[polib.POEntry]:
    """Entries that can be reviewed: translated, not fuzzy, not obsolete, not the header."""
    return [e for e in po if e.msgid and state(e).is_translated]


def review_counts(po: polib.POFile) -> tuple[int, int]:
    """(reviewed, translated) entries of a catalog."""
    translated = _candidates(po)
    return sum(marks.reviewed(e) is not None for e in translated), len(translated)


def reviewer(entry: polib.POEntry) -> tuple[str, date] | None:
    """Who reviewed the entry and when, while the review is valid."""
    mark = marks.reviewed(entry)
    match = _MARK_VALUE.match(mark.value) if mark else None
    if not match:
        return None
    return match.group("name"), date.fromisoformat(match.group("date"))


def _check_name(by: str) -> str:
    name = " ".join(by.split())
    if not name or re.search(r"\d{4}-\d{2}-\d{2}|sha=", name):
        raise AlertI18nError(
            f"invalid reviewer name {by!r}",
            hint="give the reviewer's name or e-mail, e.g. --by 'Ani Petrosyan'",
        )
    return name


def review(
    project: Project,
    lang: str,
    by: str,
    all_clean: bool = False,
    when: date | None = None,
    entries: set[str] | None = None,
) -> int:
    """Mark translated, non-fuzzy entries of ``lang`` reviewed by ``by``; return how many.

    With ``all_clean`` only entries without an unwaived check finding are
    marked; ``entries`` limits the review to those msgids. Entries already
    reviewed keep their reviewer. Catalogs are rewritten only when changed.
    """
    name = _check_name(by)
    (lang,) = project.select_languages([lang])
    moment = clock.now()
    day = (when or moment.date()).isoformat()
    timed = f" at={clock.iso(moment)}" if when is None else ""  # when it really happened
    gloss = project_glossary(project) if all_clean else None
    # Every catalog is read, checked, marked and formatted before any is
    # replaced, so a broken catalog anywhere leaves all of them untouched.
    planned: list[tuple[Path, bytes, Stamp | None, int]] = []
    for document in project.documents():
        path = project.catalog(lang, project.doc_name(document))
        if path is None:
            continue
        po = read_po(path, expect_language=lang)
        flagged: set[tuple[str | None, str]] = set()
        if all_clean:
            findings = run_checks(po, path, lang, project.source_language, gloss)
            lines = {f.line for f in findings if not f.waived}
            flagged = {(e.msgctxt, e.msgid) for e in po if e.linenum in lines}
        changed = 0
        for entry in _candidates(po):
            if entries is not None and entry.msgid not in entries:
                continue
            if marks.reviewed(entry) or (entry.msgctxt, entry.msgid) in flagged:
                continue
            mark = f"{name} {day} sha={marks.fingerprint(entry)}{timed}"
            marks.set_mark(entry, marks.REVIEWED, mark)
            changed += 1
        if changed:
            planned.append((path, format_po(po), stamp_of(po), changed))
    # every catalog is staged before any is replaced; one a translator saved meanwhile is kept
    with Commits("review", project.root) as commits:
        for path, data, stamp, _ in planned:
            commits.stage(path, data, stamp)
        commits.commit()
        return sum(n for path, _, _, n in planned if commits.ok(path))
