"""The basic fixture's dashboard facts, and a French catalog put in every state."""

from __future__ import annotations

from pathlib import Path

from alerti18n.po import marks
from alerti18n.po.pofile import read_po, write_po

#: The basic fixture project's documents (tests/roots/basic), in order, and the French
#: catalog's entries that it leaves fuzzy (a changed source) and untranslated.
DOC = "field-hospital"


OTHER = "water-points"


FIXTURE_FUZZY = FIXTURE_UNTRANSLATED = 1


TITLES = {
    DOC: ("Հյուսիսային շրջանում բացվում է դաշտային հիվանդանոց", "Un hôpital de campagne ouvre"),
    OTHER: ("Անվտանգ խմելու ջուր", "De l’eau potable sans danger"),
}


COUNTED = (
    "segments",
    "translated",
    "reviewed",
    "fuzzy",
    "machine",
    "machine_high",
    "machine_low",
    "untranslated",
)


#: What :func:`mixed_catalog` adds to each state.
MIXED = {"reviewed": 5, "machine": 3, "fuzzy": 1, "emptied": 2}
#: The confidence each of its machine drafts' marks records: high, low (the default line between
#: them is 0.5), none (a mark from before confidences, or LibreTranslate's).
CONFIDENCES = (0.91, 0.23, None)


def mixed_catalog(project: Path) -> None:
    """Put the French catalog in every state: reviewed, human, machine draft, fuzzy, empty
    (``MIXED`` more of each), plus a numbers error in a human translation."""
    path = project / "locales" / "fr" / f"{DOC}.po"
    po = read_po(path)
    human = [e for e in po if not e.obsolete and e.msgstr and not e.fuzzy]
    wrong = next(e for e in human if "12 mars" in e.msgstr)
    wrong.msgstr = wrong.msgstr.replace("12 mars", "13 mars")  # a numbers error
    human.remove(wrong)
    for e in human[:5]:
        marks.set_mark(e, marks.REVIEWED, f"Anna 2026-01-02 sha={marks.fingerprint(e)}")
    for e, score in zip(human[5:8], CONFIDENCES, strict=True):
        e.flags.append("fuzzy")
        value = marks.mt_mark("argos", "translate-en_fr", "1.9", score, marks.fingerprint(e))
        marks.set_mark(e, marks.MT, value)
    human[8].flags.append("fuzzy")
    for e in human[9:11]:
        e.msgstr = ""
    po.metadata["PO-Revision-Date"] = "2026-01-03 10:00+0100"
    write_po(po, path)
