"""The one answer to "what state is this PO entry in", for status, check, review and release.

An entry with the fuzzy flag is fuzzy, even when its translation is empty
(the flag is what a person must remove; GNU ``msgfmt --statistics`` would
count an empty one as untranslated): a machine draft when its ``# mt:`` mark
still vouches for the text. Any other entry is translated when it has every
translation form (reviewed when its ``# reviewed:`` mark still vouches for
it), else untranslated. Memory drafts (``# tm:``) and waivers are
facts beside the state: a memory draft is fuzzy or translated, as filled.
So is a machine draft's confidence band (:func:`draft_band`): high, low,
or no score, by the confidence its ``# mt:`` mark records.

How an entry's text came about (:func:`origin`, recorded in a release's
manifest) reads the same marks: reviewed by a second person, else still
exactly what the machine or the memory wrote (whether or not a person has
accepted it since), else a person's own translation.
"""

from __future__ import annotations

import enum

import polib

from alerti18n.po import marks


class EntryState(enum.Enum):
    """Where an entry stands; see the module docstring."""

    OBSOLETE = "obsolete"
    UNTRANSLATED = "untranslated"
    MACHINE_DRAFT = "machine draft"
    FUZZY = "fuzzy"
    TRANSLATED = "translated"
    REVIEWED = "reviewed"

    @property
    def is_fuzzy(self) -> bool:
        """Fuzzy: a translation that waits for a person (machine draft or changed source)."""
        return self in (EntryState.MACHINE_DRAFT, EntryState.FUZZY)

    @property
    def is_translated(self) -> bool:
        """Translated by a person (reviewed or not): what builds and the memory use."""
        return self in (EntryState.TRANSLATED, EntryState.REVIEWED)


class Origin(enum.Enum):
    """How an entry's text came about (see the module docstring)."""

    REVIEWED = "reviewed"  # a second person vouched for the text, whoever wrote it
    HUMAN = "human"  # a person's own translation, not reviewed
    MEMORY = "memory"  # exactly as the translation memory filled it, not reviewed
    MACHINE = "machine"  # exactly as the machine wrote it (a draft, or accepted unedited)
    FUZZY = "fuzzy"  # a person's translation of an older source, waiting for a person
    UNTRANSLATED = "untranslated"


def origin(entry: polib.POEntry) -> Origin | None:
    """How the entry's text came about; None for an obsolete entry."""
    found = state(entry)
    if found is EntryState.OBSOLETE:
        return None
    if found is EntryState.REVIEWED:
        return Origin.REVIEWED
    if found is EntryState.UNTRANSLATED or not has_text(entry):
        return Origin.UNTRANSLATED
    if marks.machine_draft(entry) is not None:
        return Origin.MACHINE
    if memory_draft(entry):
        return Origin.MEMORY
    return Origin.FUZZY if found.is_fuzzy else Origin.HUMAN


def has_text(entry: polib.POEntry) -> bool:
    """Whether the entry has any translation text (msgstr or a plural form)."""
    return bool(entry.msgstr) or any(entry.msgstr_plural.values())


def state(entry: polib.POEntry) -> EntryState:
    """The state of ``entry`` (see the module docstring)."""
    if entry.obsolete:
        return EntryState.OBSOLETE
    if "fuzzy" in entry.flags:
        if marks.machine_draft(entry) is not None:
            return EntryState.MACHINE_DRAFT
        return EntryState.FUZZY
    if not entry.translated():  # a plural entry with an empty form is not translated yet
        return EntryState.UNTRANSLATED
    if marks.reviewed(entry) is not None:
        return EntryState.REVIEWED
    return EntryState.TRANSLATED


def untouched(entry: polib.POEntry) -> bool:
    """A live entry nobody has translated or flagged: what the machine and the memory fill."""
    return bool(
        not entry.obsolete and entry.msgid and "fuzzy" not in entry.flags and not has_text(entry)
    )


#: The confidence bands of machine drafts (:func:`draft_band`).
HIGH = "high"
LOW = "low"
UNSCORED = "no score"
BANDS = (HIGH, LOW, UNSCORED)


def draft_band(entry: polib.POEntry, high: float) -> str | None:
    """A machine draft's band: ``high`` from confidence ``high`` up, ``low`` below it,
    ``no score`` when its mark records none; None for any entry that is not a machine draft."""
    if state(entry) is not EntryState.MACHINE_DRAFT:
        return None
    return confidence_band(draft_confidence(entry), high)


def draft_confidence(entry: polib.POEntry) -> float | None:
    """The confidence a machine draft's ``# mt:`` mark records (None: none, or no draft)."""
    mark = marks.machine_draft(entry)
    return marks.confidence(mark) if mark is not None else None


def confidence_band(found: float | None, high: float) -> str:
    """The band of a machine draft of confidence ``found`` (see :func:`draft_band`)."""
    if found is None:
        return UNSCORED
    return HIGH if found >= high else LOW


def memory_draft(entry: polib.POEntry) -> bool:
    """Whether the translation is still exactly what the memory filled in (``# tm:``)."""
    return has_text(entry) and marks.memory_draft(entry) is not None


def waived(entry: polib.POEntry, check_id: str) -> bool:
    """Whether a finding of ``check_id`` on the entry is accepted on purpose (``# waive:``)."""
    return check_id in marks.waivers(entry)
