"""POT generation and the merge rules: nothing a translator wrote is ever lost."""

from __future__ import annotations

import polib

from alerti18n.catalog import closest, merge


def entry(msgid: str, msgstr: str = "", **kw) -> polib.POEntry:
    return polib.POEntry(msgid=msgid, msgstr=msgstr, **kw)


def catalog(*entries: polib.POEntry) -> polib.POFile:
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": "fr"}
    for e in entries:
        po.append(e)
    return po


def test_merge_keeps_changes_and_obsoletes() -> None:
    old = catalog(
        entry("Kept sentence.", "Phrase gardée.", tcomment="translator note"),
        entry("The council met on September 21st.", "Le Conseil s’est réuni le 21 septembre."),
        entry("Removed sentence.", "Phrase supprimée."),
        entry("Never translated."),
        entry("Gone long ago.", "Disparue il y a longtemps.", obsolete=True),
    )
    pot = catalog(
        entry("Kept sentence.", occurrences=[("source/d.md", "3")]),
        entry("The council met on September 22nd."),
        entry("Brand new sentence."),
    )
    merged = merge(old, pot)
    by_id = {e.msgid: e for e in merged}
    kept = by_id["Kept sentence."]
    assert (kept.msgstr, kept.tcomment, kept.flags) == ("Phrase gardée.", "translator note", [])
    assert kept.occurrences == [("source/d.md", "3")]
    changed = by_id["The council met on September 22nd."]
    assert changed.msgstr == "Le Conseil s’est réuni le 21 septembre."
    assert "fuzzy" in changed.flags
    assert changed.previous_msgid == "The council met on September 21st."
    assert by_id["Brand new sentence."].msgstr == ""
    assert by_id["Removed sentence."].obsolete and by_id["Removed sentence."].msgstr
    assert by_id["Gone long ago."].obsolete
    assert "Never translated." not in by_id  # nothing written there, nothing lost
    assert [e.msgid for e in merged if not e.obsolete] == [e.msgid for e in pot]


def test_obsolete_entry_is_revived() -> None:
    old = catalog(entry("Back again.", "De retour.", obsolete=True))
    merged = merge(old, catalog(entry("Back again.")))
    (revived,) = list(merged)
    assert not revived.obsolete and revived.msgstr == "De retour." and not revived.flags


def test_closest_needs_enough_similarity() -> None:
    candidates = [entry("Completely different words here.", "x"), entry("Azerbaijan cut gas.", "y")]
    assert closest("Azerbaijan cut all gas.", candidates).msgstr == "y"
    assert closest("Unrelated.", candidates) is None
