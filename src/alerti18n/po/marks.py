"""Marks alerti18n keeps inside PO entries, as translator comments.

Translator comments (lines starting with ``# ``) are the one part of an entry
that msgmerge, msgcat, Poedit, Lokalize and Weblate all keep untouched, so
every piece of state alerti18n stores per entry lives there, one mark per line:

``# mt: ENGINE PACKAGE VERSION confidence=C sha=HASH at=TIME``
    the msgstr is a machine draft made by ENGINE with PACKAGE at VERSION;
    C (0 to 1, two decimals) is how sure the model was, per token (see
    :class:`alerti18n.mt.engine.Draft`), absent where the engine gives no
    score (LibreTranslate) and in marks written before it was recorded;
    HASH fingerprints msgid+msgstr as written by the machine, so once a
    person edits the msgstr the draft counts as human work. TIME (ISO 8601,
    UTC, :func:`alerti18n.core.clock.iso`) is when the draft was written: it
    stays true after a person edits the text, and dates the first draft of a
    version (:mod:`alerti18n.reports.timeline`). Marks written before it
    existed have no ``at=``.
``# tm: KIND SCORE REVIEWED doc=DOC from=ORIGIN sha=HASH at=TIME``
    the msgstr was filled from the translation memory: KIND is ``exact``
    (same source sentence) or ``fuzzy`` (SCORE, 0-100, see
    :mod:`alerti18n.text.matcher`), REVIEWED says whether the memory's unit was
    reviewed, DOC and ORIGIN where it was translated (a catalog or an
    imported memory file); HASH and TIME work as for ``mt``.
``# mt-warning: TEXT``
    the machine step noticed something (a lost placeholder); ``check`` reports it.
``# reviewed: NAME DATE sha=HASH at=TIME``
    NAME reviewed this translation on DATE (at TIME, as for ``mt``; a review
    given a date by hand, or marked before TIME existed, has none); valid
    only while HASH still matches msgid+msgstr, so any later change of source
    or translation drops the reviewed state without anyone having to remember it.
``# waive: CHECK-ID REASON``
    a finding of CHECK-ID on this entry is accepted on purpose, for REASON.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass

import polib

from alerti18n.core import clock

MT = "mt"
MT_WARNING = "mt-warning"
TM = "tm"
REVIEWED = "reviewed"
WAIVE = "waive"

_MARK = re.compile(r"^(mt|mt-warning|tm|reviewed|waive):\s*(.*)$")


def fingerprint(entry: polib.POEntry) -> str:
    """Short hash of what a mark vouches for: context, source and translation."""
    parts = [entry.msgctxt or "", entry.msgid, entry.msgid_plural or "", entry.msgstr]
    parts += [entry.msgstr_plural[k] for k in sorted(entry.msgstr_plural)]
    return hashlib.sha1("\x04".join(parts).encode("utf-8")).hexdigest()[:12]


@dataclass(frozen=True)
class Mark:
    kind: str
    value: str


def marks(entry: polib.POEntry) -> list[Mark]:
    """All alerti18n marks in an entry's translator comments."""
    found = []
    for line in (entry.tcomment or "").splitlines():
        match = _MARK.match(line.strip())
        if match:
            found.append(Mark(match.group(1), match.group(2).strip()))
    return found


def set_mark(entry: polib.POEntry, kind: str, value: str, replace: bool = True) -> None:
    """Add a mark line; with ``replace`` drop earlier marks of the same kind first."""
    lines = (entry.tcomment or "").splitlines()
    if replace:
        lines = [ln for ln in lines if not _is_kind(ln, kind)]
    lines.append(f"{kind}: {value}")
    entry.tcomment = "\n".join(lines)


def drop_marks(entry: polib.POEntry, kind: str) -> None:
    """Remove every mark of ``kind``; leave the translator's own comments alone."""
    lines = [ln for ln in (entry.tcomment or "").splitlines() if not _is_kind(ln, kind)]
    entry.tcomment = "\n".join(lines)


def _is_kind(line: str, kind: str) -> bool:
    match = _MARK.match(line.strip())
    return bool(match and match.group(1) == kind)


def dated(value: str) -> str:
    """A mark's value with the time now (the clock) after it: ``VALUE at=TIME``."""
    return f"{value} at={clock.iso(clock.now())}"


def draft_value(value: str, fingerprint_of: polib.POEntry) -> str:
    """A draft mark's value: ``value``, the entry's fingerprint, and the time now (the clock)."""
    return dated(f"{value} sha={fingerprint(fingerprint_of)}")


def written_at(mark: Mark) -> dt.datetime | None:
    """When a mark (``mt``, ``tm``, ``reviewed``) was written: its ``at=``, or None."""
    match = re.search(r"\bat=(\S+)", mark.value)
    return clock.parse_instant(match.group(1)) if match else None


def _sha(value: str) -> str | None:
    match = re.search(r"\bsha=([0-9a-f]+)", value)
    return match.group(1) if match else None


def mt_mark(engine: str, package: str, version: str, confidence: float | None, sha: str) -> str:
    """The value of an ``mt`` mark (see the module docstring)."""
    score = f" confidence={confidence:.2f}" if confidence is not None else ""
    return f"{engine} {package} {version}{score} sha={sha}"


def confidence(mark: Mark) -> float | None:
    """The confidence an ``mt`` mark records, or None (no score, or an older mark)."""
    match = re.search(r"(?:^|\s)confidence=([01](?:\.\d{1,4})?)(?=\s|$)", mark.value)
    if match is None:
        return None
    value = float(match.group(1))
    return value if value <= 1.0 else None


def machine_draft(entry: polib.POEntry) -> Mark | None:
    """The mt mark if the msgstr is still exactly what the machine wrote."""
    for mark in marks(entry):
        if mark.kind == MT and _sha(mark.value) == fingerprint(entry):
            return mark
    return None


def memory_draft(entry: polib.POEntry) -> Mark | None:
    """The tm mark if the msgstr is still exactly what the memory filled in."""
    for mark in marks(entry):
        if mark.kind == TM and _sha(mark.value) == fingerprint(entry):
            return mark
    return None


def reviewed(entry: polib.POEntry) -> Mark | None:
    """The reviewed mark if it still vouches for the current source and translation."""
    if "fuzzy" in entry.flags or not entry.translated():
        return None
    for mark in marks(entry):
        if mark.kind == REVIEWED and _sha(mark.value) == fingerprint(entry):
            return mark
    return None


def waivers(entry: polib.POEntry) -> dict[str, str]:
    """Check id -> reason for every waiver on the entry."""
    result = {}
    for mark in marks(entry):
        if mark.kind == WAIVE:
            check, _, reason = mark.value.partition(" ")
            result[check] = reason.strip()
    return result
