"""One classifier decides an entry's state: status, check, review, memory and machine agree."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import polib
import pytest
from support.projects import cli, small_project
from support.tools import require_tool

from alerti18n.po import marks
from alerti18n.po.entrystate import HIGH, LOW, UNSCORED, EntryState, draft_band, state, untouched
from alerti18n.po.pofile import read_po, write_po

TEXT = "# Alert\n\nStay inside. Close the windows.\n\nListen to the radio.\n"


def entry(msgstr: str = "", flags: tuple[str, ...] = (), **kw) -> polib.POEntry:
    return polib.POEntry(msgid="Stay inside.", msgstr=msgstr, flags=list(flags), **kw)


def test_states() -> None:
    assert state(entry()) is EntryState.UNTRANSLATED
    assert state(entry(flags=("fuzzy",))) is EntryState.FUZZY  # the flag must still go
    assert state(entry("Restez")) is EntryState.TRANSLATED
    assert state(entry("Restez", ("fuzzy",))) is EntryState.FUZZY
    assert state(entry("Restez", obsolete=True)) is EntryState.OBSOLETE
    draft = entry("Restez", ("fuzzy",))
    marks.set_mark(draft, marks.MT, f"argos en_fr 1.0 sha={marks.fingerprint(draft)}")
    assert state(draft) is EntryState.MACHINE_DRAFT
    done = entry("Restez")
    marks.set_mark(done, marks.REVIEWED, f"Ana 2026-01-01 sha={marks.fingerprint(done)}")
    assert state(done) is EntryState.REVIEWED
    done.msgstr = "Restez chez vous"  # an edit drops the review
    assert state(done) is EntryState.TRANSLATED
    plural = polib.POEntry(msgid="a", msgid_plural="as", msgstr_plural={0: "x", 1: ""})
    assert state(plural) is EntryState.UNTRANSLATED
    plural.flags.append("fuzzy")
    assert state(plural) is EntryState.FUZZY  # status counted it untranslated, check fuzzy
    assert untouched(entry()) and not untouched(entry(flags=("fuzzy",)))


def test_status_and_check_agree_on_an_empty_fuzzy_entry(tmp_path: Path) -> None:
    """An empty fuzzy entry is fuzzy for status and check alike (it was untranslated for
    status and fuzzy for check); GNU msgfmt, which drops the flag's meaning, says untranslated."""
    msgfmt = require_tool("msgfmt")
    root = small_project(tmp_path, TEXT)
    path = root / "locales" / "fr" / "alert.po"
    po = read_po(path)
    live = [e for e in po if e.msgid and not e.obsolete]
    assert len(live) == 4
    live[0].msgstr = "Alerte"
    live[2].msgstr, live[2].flags = "Fermez les fenêtres.", ["fuzzy"]
    write_po(po, path)
    # as a hand edit leaves it: msgcat and our writer drop the flag from an empty entry
    text = path.read_text(encoding="utf-8")
    empty = f'msgid "{live[1].msgid}"\nmsgstr ""\n'
    assert text.count(empty) == 1
    path.write_text(text.replace(empty, "#, fuzzy\n" + empty), encoding="utf-8")
    stats = subprocess.run(
        [msgfmt, "--statistics", "-o", "/dev/null", str(path)],
        capture_output=True,
        text=True,
        check=True,
    ).stderr
    assert "1 translated message, 1 fuzzy translation, 2 untranslated messages" in stats
    (status,) = json.loads(cli(root, "status", "--format", "json"))
    assert (status["translated"], status["fuzzy"], status["untranslated"]) == (1, 2, 1)
    findings = json.loads(cli(root, "check", "--format", "json"))
    by_msgid: dict[str, set[str]] = {}
    for finding in findings:
        by_msgid.setdefault(finding["msgid"], set()).add(finding["check"])
    assert by_msgid[live[1].msgid] >= {"fuzzy"} and "untranslated" not in by_msgid[live[1].msgid]
    assert "fuzzy" in by_msgid[live[2].msgid]
    assert sum("untranslated" in ids for ids in by_msgid.values()) == status["untranslated"]
    assert sum("fuzzy" in ids for ids in by_msgid.values()) == status["fuzzy"]


@pytest.mark.parametrize("value", [EntryState.MACHINE_DRAFT, EntryState.FUZZY])
def test_fuzzy_states_are_not_translated(value: EntryState) -> None:
    assert value.is_fuzzy and not value.is_translated


def test_a_machine_drafts_band_follows_its_confidence_and_the_line_given() -> None:
    def draft(score: float | None) -> polib.POEntry:
        entry = polib.POEntry(msgid="Stay inside.", msgstr="Restez.", flags=["fuzzy"])
        value = marks.mt_mark("argos", "p", "1", score, marks.fingerprint(entry))
        marks.set_mark(entry, marks.MT, value)
        return entry

    assert draft_band(draft(0.5), 0.5) == HIGH and draft_band(draft(0.49), 0.5) == LOW
    assert draft_band(draft(0.49), 0.4) == HIGH
    assert draft_band(draft(None), 0.5) == UNSCORED
    edited = draft(0.9)
    edited.msgstr = "Restez chez vous."  # a person's work now: no longer a machine draft
    assert draft_band(edited, 0.5) is None
    accepted = draft(0.9)
    accepted.flags.clear()  # a person accepted it: translated, not a draft
    assert draft_band(accepted, 0.5) is None


def test_origin_says_how_the_text_came_about() -> None:
    from alerti18n.po.entrystate import Origin, origin

    assert origin(entry()) is Origin.UNTRANSLATED
    assert origin(entry(flags=("fuzzy",))) is Origin.UNTRANSLATED  # a flag, but no text
    assert origin(entry("Restez")) is Origin.HUMAN
    assert origin(entry("Restez", ("fuzzy",))) is Origin.FUZZY
    assert origin(entry("Restez", obsolete=True)) is None
    machine = entry("Restez", ("fuzzy",))
    marks.set_mark(machine, marks.MT, f"argos en_fr 1.0 sha={marks.fingerprint(machine)}")
    assert origin(machine) is Origin.MACHINE
    machine.flags.remove("fuzzy")  # accepted as the machine wrote it: still the machine's text
    assert origin(machine) is Origin.MACHINE
    machine.msgstr = "Restez à l’intérieur."  # a person's edit makes it theirs
    assert origin(machine) is Origin.HUMAN
    memory = entry("Restez")
    marks.set_mark(memory, marks.TM, f"exact 100 yes doc=a from=b sha={marks.fingerprint(memory)}")
    assert origin(memory) is Origin.MEMORY
    marks.set_mark(memory, marks.REVIEWED, f"Ana 2026-01-01 sha={marks.fingerprint(memory)}")
    assert origin(memory) is Origin.REVIEWED  # a second person vouched for it
