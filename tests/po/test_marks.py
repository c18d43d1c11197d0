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
    value = marks.dated(marks.mt_mark("argos", "en_fr", "1.9", 0.8, marks.fingerprint(entry)))
    marks.set_mark(entry, marks.MT, value)
    (mark,) = marks.marks(entry)
    assert mark.value.split(" sha=")[0] == "argos en_fr 1.9 confidence=0.80"
    assert marks.machine_draft(entry) == mark and marks.confidence(mark) == 0.8
    assert marks.written_at(mark) == clock.now()
    entry.msgstr = "Restez chez vous."
    assert marks.machine_draft(entry) is None and marks.written_at(mark) == clock.now()
    older = marks.Mark(marks.MT, f"argos en_fr 1.9 sha={marks.fingerprint(entry)}")
    assert marks.written_at(older) is None  # written before marks had a time
    assert marks.draft_value("exact 100", entry).startswith(
        f"exact 100 sha={marks.fingerprint(entry)} at="
    )


def test_a_drafts_confidence_reads_back_and_older_marks_read_without_one() -> None:
    entry = polib.POEntry(msgid="Stay inside.", msgstr="Restez à l'intérieur.", flags=["fuzzy"])
    value = marks.mt_mark("argos", "nllb-600m", "1.0", 0.8, marks.fingerprint(entry))
    assert value == f"argos nllb-600m 1.0 confidence=0.80 sha={marks.fingerprint(entry)}"
    marks.set_mark(entry, marks.MT, value)
    mark = marks.machine_draft(entry)
    assert mark is not None and marks.confidence(mark) == 0.8
    older = f"argos translate-en_fr 1.9 sha={marks.fingerprint(entry)}"  # before scores
    marks.set_mark(entry, marks.MT, older)
    mark = marks.machine_draft(entry)
    assert mark is not None and marks.confidence(mark) is None
    unscored = marks.mt_mark("libretranslate", "lt.example.org", "en-fr", None, "abc")
    assert unscored == "libretranslate lt.example.org en-fr sha=abc"
    for wrong in ("confidence=1.5", "confidence=-0.2", "confidence=high", "xconfidence=0.5"):
        assert marks.confidence(marks.Mark(marks.MT, f"argos p 1 {wrong} sha=abc")) is None
