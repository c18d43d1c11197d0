"""Marks in translator comments: set, replace, drop, and valid only while the text is unchanged."""

from __future__ import annotations

import polib

from alerti18n.po import marks


def test_marks_live_in_translator_comments_beside_the_translators_own() -> None:
    entry = polib.POEntry(msgid="Stay inside.", msgstr="Restez à l'intérieur.", tcomment="mine")
    marks.set_mark(entry, marks.WAIVE, "length the title is short on purpose")
    marks.set_mark(entry, marks.MT_WARNING, "lost `code`")
    marks.set_mark(entry, marks.MT_WARNING, "lost a link")  # replaces the earlier one
    assert entry.tcomment.splitlines()[0] == "mine"
    assert [m.kind for m in marks.marks(entry)] == [marks.WAIVE, marks.MT_WARNING]
    assert marks.waivers(entry) == {"length": "the title is short on purpose"}
    marks.drop_marks(entry, marks.MT_WARNING)
    assert entry.tcomment == "mine\nwaive: length the title is short on purpose"


def test_a_mark_vouches_only_for_the_text_it_was_made_for() -> None:
    entry = polib.POEntry(msgid="Stay inside.", msgstr="Restez à l'intérieur.", flags=["fuzzy"])
    marks.set_mark(entry, marks.MT, f"argos en_fr 1.9 sha={marks.fingerprint(entry)}")
    marks.set_mark(entry, marks.TM, f"exact 100 no doc=a from=a.po sha={marks.fingerprint(entry)}")
    assert marks.machine_draft(entry) is not None and marks.memory_draft(entry) is not None
    assert marks.reviewed(entry) is None  # fuzzy: never reviewed
    entry.flags.clear()
    marks.set_mark(entry, marks.REVIEWED, f"Ana 2026-01-01 sha={marks.fingerprint(entry)}")
    assert marks.reviewed(entry) is not None
    entry.msgstr = "Restez chez vous."
    assert marks.machine_draft(entry) is None
    assert marks.memory_draft(entry) is None
    assert marks.reviewed(entry) is None
    assert marks.fingerprint(entry) != marks.fingerprint(polib.POEntry(msgid="Stay inside."))


def test_a_draft_mark_says_when_it_was_written(monkeypatch) -> None:
    """``at=`` after the hash: the engine part before `` sha=`` stays what it was, and the time
    stays true after a person edits the draft (the mark no longer vouches for the text)."""
    from alerti18n.core import clock

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1741000000")
    entry = polib.POEntry(msgid="Stay inside.", msgstr="Restez à l'intérieur.", flags=["fuzzy"])
    marks.set_mark(entry, marks.MT, marks.draft_value("argos en_fr 1.9", entry))
    (mark,) = marks.marks(entry)
    assert mark.value.split(" sha=")[0] == "argos en_fr 1.9"
    assert marks.machine_draft(entry) == mark
    assert marks.written_at(mark) == clock.now()
    entry.msgstr = "Restez chez vous."
    assert marks.machine_draft(entry) is None and marks.written_at(mark) == clock.now()
    older = marks.Mark(marks.MT, f"argos en_fr 1.9 sha={marks.fingerprint(entry)}")
    assert marks.written_at(older) is None  # written before marks had a time
