"""Reviewed state: marked with who and when, kept by msgcat/msgmerge, dropped on change."""

from __future__ import annotations

import subprocess
from datetime import date
from pathlib import Path

import polib
import pytest
from support.projects import small_project
from support.tools import require_tool

from alerti18n.checks import run_checks
from alerti18n.checks.testing import catalog, entry
from alerti18n.core.config import load_project
from alerti18n.po import marks
from alerti18n.po.pofile import read_po, write_po
from alerti18n.stages.review import review, review_counts, reviewer

EN1 = "At this moment in time, conditions on the ground are unclear."
HY1 = "Այս պահին իրավիճակը տեղում պարզ չէ։"
EN2 = (
    "A meeting of the United Nations Security Council on September 21st, "
    "2023, reached no consensus."
)
HY2 = (
    "ՄԱԿ-ի Անվտանգության խորհրդի 2023 թվականի սեպտեմբերի 21-ի նիստում համաձայնություն ձեռք չբերվեց։"
)
EN3 = "There are unconfirmed reports of atrocities and massacres."
HY3_BAD = "Կան չհաստատված հաղորդումներ վայրագությունների և ջարդերի մասին?"
DAY = date(2024, 3, 1)


@pytest.fixture
def armenian(tmp_path: Path) -> Path:
    """A new project with one document and an Armenian catalog (replaced by :func:`setup`)."""
    return small_project(tmp_path, "# Notice\n\nOne sentence.\n", langs="hy")


def setup(project: Path, entries) -> tuple:
    config = load_project(project)
    assert len(config.documents()) == 1  # review() counts the entries of every catalog
    path = config.po_path("hy", config.doc_name(config.documents()[0]))
    path.parent.mkdir(parents=True, exist_ok=True)
    write_po(catalog(entries, "hy"), path)
    return config, path


def by_msgid(path: Path) -> dict[str, polib.POEntry]:
    return {e.msgid: e for e in read_po(path) if not e.obsolete}


def test_review_marks_translated_entries(armenian):
    config, path = setup(
        armenian,
        [entry(EN1, HY1), entry(EN2, HY2), entry(EN3, ""), entry("Act.", "Գործե՛ք։", fuzzy=True)],
    )
    assert review_counts(read_po(path)) == (0, 2)
    assert review(config, "hy", "Ani Petrosyan", when=DAY) == 2
    entries = by_msgid(path)
    assert reviewer(entries[EN1]) == ("Ani Petrosyan", DAY)
    assert f"# reviewed: Ani Petrosyan 2024-03-01 sha={marks.fingerprint(entries[EN1])}" in (
        path.read_text(encoding="utf-8")
    )
    assert review_counts(read_po(path)) == (2, 2)
    assert review(config, "hy", "Someone Else", when=DAY) == 0
    assert reviewer(by_msgid(path)[EN1])[0] == "Ani Petrosyan"


def test_review_all_clean_and_selected_entries(armenian):
    config, path = setup(armenian, [entry(EN1, HY1), entry(EN3, HY3_BAD), entry(EN2, HY2)])
    assert review(config, "hy", "Ani", all_clean=True, when=DAY, entries={EN1, EN3}) == 1
    entries = by_msgid(path)
    assert marks.reviewed(entries[EN1]) and not marks.reviewed(entries[EN3])
    assert not marks.reviewed(entries[EN2])
    # a waiver makes the entry clean
    po = read_po(path)
    for item in po:
        if item.msgid == EN3:
            marks.set_mark(item, marks.WAIVE, "hy-punctuation quoted as written by the witness")
    write_po(po, path)
    assert review(config, "hy", "Ani", all_clean=True, when=DAY) == 2


def test_changed_translation_drops_review(armenian):
    config, path = setup(armenian, [entry(EN1, HY1)])
    review(config, "hy", "Ani", when=DAY)
    po = read_po(path)
    po[0].msgstr = HY1.replace("պարզ չէ", "անհայտ է")
    write_po(po, path)
    assert review_counts(read_po(path)) == (0, 1)
    assert review(config, "hy", "Ani", when=DAY) == 1
    assert path.read_text(encoding="utf-8").count("# reviewed:") == 1


def test_reviewed_state_survives_msgcat(armenian, tmp_path):
    msgcat = require_tool("msgcat")
    config, path = setup(armenian, [entry(EN1, HY1), entry(EN2, HY2)])
    review(config, "hy", "Ani", when=DAY)
    out = tmp_path / "cat.po"
    subprocess.run([msgcat, "-o", str(out), str(path)], check=True)
    assert review_counts(read_po(out)) == (2, 2)


def test_reviewed_state_survives_msgmerge_and_source_change_clears_it(armenian, tmp_path):
    msgmerge = require_tool("msgmerge")
    config, path = setup(armenian, [entry(EN1, HY1), entry(EN2, HY2)])
    review(config, "hy", "Ani", when=DAY)
    pot = tmp_path / "alert.pot"
    template = catalog([entry(EN1), entry(EN2.replace("21st", "22nd"))], "")
    write_po(template, pot)
    out = tmp_path / "merged.po"
    subprocess.run(
        [msgmerge, "--quiet", "--previous", "-o", str(out), str(path), str(pot)], check=True
    )
    merged = by_msgid(out)
    assert marks.reviewed(merged[EN1])
    changed = merged[EN2.replace("21st", "22nd")]
    assert "fuzzy" in changed.flags and changed.previous_msgid == EN2
    assert "reviewed:" in changed.tcomment and not marks.reviewed(changed)
    assert review_counts(read_po(out)) == (1, 1)
    findings = run_checks(read_po(out), out, "hy")
    assert {(f.check, f.severity) for f in findings} == {
        ("fuzzy", "warning"),
        ("source-changed", "error"),
    }
    assert any("number “21” became “22”" in f.message for f in findings)


def test_review_checks_every_catalog_before_it_writes_any(basic_project: Path) -> None:
    from click.testing import CliRunner

    from alerti18n.cli.main import main

    project = basic_project
    # a third document whose catalog sorts after the good ones and has a syntax error
    (project / "source" / "zz-second.md").write_text("# Second\n\nOne sentence.\n", "utf-8")
    broken = project / "locales" / "fr" / "zz-second.po"
    broken.write_text(
        'msgid ""\nmsgstr ""\n"Language: fr\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "Second"\nmsgstr "Deuxième"\n\nmsgid "One sentence."\nmsgstr "Une phrase.\n',
        "utf-8",
    )

    def snapshot() -> dict[str, bytes]:
        return {str(p): p.read_bytes() for p in sorted(project.rglob("*")) if p.is_file()}

    before = snapshot()
    result = CliRunner().invoke(
        main, ["review", "--lang", "fr", "--by", "Second Reader", "--project", str(project)]
    )
    assert result.exit_code == 2, result.output
    errors = [line for line in result.output.splitlines() if line]
    assert len(errors) == 1 and errors[0].startswith("error: ") and "zz-second.po:" in errors[0]
    assert snapshot() == before


def test_review_marks_the_day_and_time_of_the_clock(armenian, monkeypatch):
    """The one clock (SOURCE_DATE_EPOCH): before it, review wrote the machine's day whatever the
    clock said, so a scripted cycle could not date its reviews."""
    from alerti18n.core import clock

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1741000000")  # 2025-03-03 11:06:40 UTC
    config, path = setup(armenian, [entry(EN1, HY1)])
    assert review(config, "hy", "Ani Petrosyan") == 1
    (done,) = [e for e in read_po(path) if e.msgid == EN1]
    assert reviewer(done) == ("Ani Petrosyan", clock.now().date())
    mark = marks.reviewed(done)
    assert mark is not None and marks.written_at(mark) == clock.now()
    assert review(config, "hy", "Someone Else") == 0  # the mark with its time still vouches
