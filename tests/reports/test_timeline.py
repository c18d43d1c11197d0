"""alerti18n.reports.timeline: time to publish, from what the stages record (the template's
date, dated draft and review marks, PO-Revision-Date, the release history); first step by step
on catalogs made here, then through a whole scripted cycle with controlled clocks: release,
amend, machine drafts (a real Argos package built at test time), translate, review, release."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import polib
import pytest
from support.amend import AMENDED, DOC, amend, catch_up, release_first, run, set_policy
from support.argos_factory import build_argosmodel
from support.projects import BASIC, copy_root

from alerti18n.po import marks
from alerti18n.reports.timeline import STEPS, Timeline, measure


def at(epoch: int) -> dt.datetime:
    return dt.datetime.fromtimestamp(epoch, dt.timezone.utc)


def iso(epoch: int) -> str:
    return at(epoch).strftime("%Y-%m-%dT%H:%M:%SZ")


def po_date(epoch: int) -> str:
    return at(epoch).strftime("%Y-%m-%d %H:%M+0000")


FROZEN = AMENDED
SENTENCES = ["Old one.", "New one."]


def catalog(revised: int, *entries: polib.POEntry) -> polib.POFile:
    po = polib.POFile()
    po.metadata = {"PO-Revision-Date": po_date(revised)}
    for entry in entries:
        po.append(entry)
    return po


def draft(msgid: str, kind: str, epoch: int, **fields: object) -> polib.POEntry:
    entry = polib.POEntry(msgid=msgid, msgstr=f"[{msgid}]", flags=["fuzzy"], **fields)
    marks.set_mark(entry, kind, f"x sha={marks.fingerprint(entry)} at={iso(epoch)}")
    return entry


def test_the_first_draft_is_the_earliest_dated_draft_since_the_freeze() -> None:
    old = polib.POEntry(msgid="Old one.", msgstr="Ancien.")
    new = draft("New one.", marks.MT, FROZEN + 900)
    marks.set_mark(new, marks.TM, f"exact 100 sha=0 at={iso(FROZEN + 600)}")
    stale = draft("Old one.", marks.MT, FROZEN - 86400)  # drafted for an earlier version
    stale.flags, stale.msgstr = [], "Ancien."
    timeline = measure("2", at(FROZEN), ["New one."], SENTENCES, catalog(FROZEN + 3600, old, new))
    assert timeline.times["first_draft"] == at(FROZEN + 600)
    assert timeline.times["translated"] is None  # a fuzzy draft is not a translation
    only_old = measure("2", at(FROZEN), ["Old one."], SENTENCES, catalog(FROZEN, stale))
    assert only_old.times["first_draft"] == at(FROZEN)  # no dated draft since: the revision


def test_translated_and_reviewed_when_every_sentence_is() -> None:
    old = polib.POEntry(msgid="Old one.", msgstr="Ancien.")
    new = polib.POEntry(msgid="New one.", msgstr="Nouveau.")
    for entry, epoch in ((old, FROZEN - 86400), (new, FROZEN + 7200)):
        value = f"Ana {at(epoch).date()} sha={marks.fingerprint(entry)} at={iso(epoch)}"
        marks.set_mark(entry, marks.REVIEWED, value)
    po = catalog(FROZEN + 3600, old, new)
    timeline = measure("2", at(FROZEN), ["New one."], SENTENCES, po, released=at(FROZEN + 9000))
    assert timeline.times == {
        "frozen": at(FROZEN),
        "first_draft": at(FROZEN + 3600),  # translated by hand: the catalog's revision
        "translated": at(FROZEN + 3600),
        "reviewed": at(FROZEN + 7200),  # the review of the sentence to translate
        "released": at(FROZEN + 9000),
    }
    facts = timeline.to_dict()
    assert facts["hours"] == {
        "first_draft": 1.0,
        "translated": 1.0,
        "reviewed": 2.0,
        "released": 2.5,
    }
    assert facts["frozen"] == iso(FROZEN) and facts["version"] == "2"
    assert Timeline.from_record("2", timeline.record()) == timeline
    marks.drop_marks(old, marks.REVIEWED)
    assert measure("2", at(FROZEN), ["New one."], SENTENCES, po).times["reviewed"] is None


def test_nothing_to_translate_has_no_draft_translation_or_review() -> None:
    po = catalog(FROZEN, polib.POEntry(msgid="Old one.", msgstr="Ancien."))
    timeline = measure("2", at(FROZEN), [], ["Old one."], po, released=at(FROZEN + 60))
    assert [step for step in STEPS if timeline.times[step]] == ["frozen", "released"]


#: The scripted cycle's clock after the amendment (AMENDED, 4 March 2025 13:00 UTC).
DRAFTED = AMENDED + 1800
TRANSLATED = AMENDED + 4 * 3600
REVIEWED = AMENDED + 6 * 3600
RELEASED = AMENDED + 8 * 3600


@pytest.fixture
def models(tmp_path: Path) -> Path:
    """Copying Argos packages en->fr and en->hy, built and installed for the cycle."""
    folder = tmp_path / "models"
    for lang in ("fr", "hy"):
        package = build_argosmodel(tmp_path / f"en_{lang}.argosmodel", "en", lang, copy=True)
        run(None, "models", "install", str(package), "--models-dir", str(folder), epoch=AMENDED)
    return folder


def progress(root: Path, epoch: int) -> dict[str, dict]:
    rows = json.loads(run(root, "status", "--format", "json", epoch=epoch).output)
    return {row["lang"]: row["time_to_publish"] for row in rows if row["doc"] == DOC}


@pytest.mark.weasyprint
@pytest.mark.pandoc
def test_a_scripted_cycle_records_each_step_at_its_time(tmp_path: Path, models: Path) -> None:
    root = copy_root(BASIC, tmp_path)
    release_first(root)
    amend(root, FROZEN)
    run(root, "pretranslate", "--models-dir", str(models), epoch=DRAFTED)
    midway = progress(root, DRAFTED + 60)
    for lang in ("fr", "hy"):
        assert midway[lang] | {"hours": None} == {
            "version": None,  # the next version: not released yet
            "frozen": iso(FROZEN),
            "first_draft": iso(DRAFTED),
            "translated": None,
            "reviewed": None,
            "released": None,
            "hours": None,
        }
        assert midway[lang]["hours"]["first_draft"] == (DRAFTED - FROZEN) / 3600
    catch_up(root, "fr", TRANSLATED)
    run(root, "review", "--lang", "fr", "--by", "Second Reader", epoch=REVIEWED)
    set_policy(root, "hy", "hold")
    run(root, "release", epoch=RELEASED)
    expected = {
        "version": "2",
        "frozen": iso(FROZEN),
        "first_draft": iso(DRAFTED),
        "translated": iso(TRANSLATED),
        "reviewed": iso(REVIEWED),
        "released": iso(RELEASED),
        "hours": {
            step: (epoch - FROZEN) / 3600
            for step, epoch in (
                ("first_draft", DRAFTED),
                ("translated", TRANSLATED),
                ("reviewed", REVIEWED),
                ("released", RELEASED),
            )
        },
    }
    folder = root / "dist" / DOC / "2024-03-14-v2"
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    languages = {entry["language"]: entry for entry in manifest["languages"]}
    assert languages["fr"]["time_to_publish"] == expected
    held = languages["hy"]["time_to_publish"]  # not released: what happened so far
    assert (held["first_draft"], held["translated"], held["released"]) == (iso(DRAFTED), None, None)
    later = progress(root, RELEASED + 86400)  # status keeps the record the release made
    assert later["fr"] == expected
    assert later["hy"]["version"] == "2" and later["hy"]["released"] is None
    out = tmp_path / "status.html"
    run(root, "status", "--html", str(out), epoch=RELEASED + 86400)
    section = re.search(
        rf'data-doc="{DOC}" data-lang="fr">(.*?)</section>', out.read_text("utf-8"), re.S
    )
    assert section
    shown = dict(re.findall(r'<time data-step="(\w+)" datetime="([^"]+)"', section.group(1)))
    assert shown == {step: expected[step] for step in STEPS}
