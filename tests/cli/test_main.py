"""End-to-end: the CLI on a temporary copy of the basic fixture project (tests/roots/basic)."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from babel.dates import format_date
from click.testing import CliRunner
from support.projects import BASIC, ROOTS, cli
from support.tools import msgfmt_check, require_tool

from alerti18n.cli.main import main
from alerti18n.language.breaks import words as words_of
from alerti18n.po.pofile import read_po, write_po
from alerti18n.text.segment import not_words_blanked

DOC = "field-hospital"
OTHER = "water-points"


def snapshot(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and ".alerti18n" not in p.parts
    }


def fill(project: Path, lang: str, prefix: str) -> dict[str, str]:
    """Translate every active entry of a catalog with a marker, as a translator would."""
    path = project / "locales" / lang / f"{DOC}.po"
    po = read_po(path)
    for e in po:
        if e.obsolete:
            continue
        e.previous_msgid = None
        e.msgstr = f"{prefix} {e.msgid}"
        if "fuzzy" in e.flags:
            e.flags.remove("fuzzy")
    write_po(po, path)
    return {e.msgid: e.msgstr for e in po if not e.obsolete}


def human_entries(human: dict[str, str]) -> list[polib.POEntry]:
    return [polib.POEntry(msgid=k, msgstr=v) for k, v in human.items()]


def edit(project: Path, old: str, new: str) -> None:
    path = project / "source" / f"{DOC}.md"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_rerun_on_committed_tree_changes_nothing(basic_project: Path) -> None:
    project = basic_project
    cli(project, "extract")
    cli(project, "update")
    before = snapshot(project)
    assert "nothing changed" in cli(project, "extract")
    assert "nothing changed" in cli(project, "update")
    assert snapshot(project) == before
    for path in (project / "locales").rglob("*.po*"):
        msgfmt_check(path)


@pytest.mark.weasyprint
def test_source_edits_lose_no_translation(basic_project: Path) -> None:
    project = basic_project
    cli(project, "extract")
    cli(project, "update")
    human = fill(project, "fr", "FR:")
    obsolete = {e.msgid for e in read_po(project / "locales" / "fr" / f"{DOC}.po") if e.obsolete}
    paragraphs_before = (project / "source" / f"{DOC}.md").read_text().split("\n\n")
    # change a sentence, insert a paragraph, delete one, swap two
    edit(
        project, "cannot walk will be collected at home.", "cannot walk will be picked up at home."
    )
    edit(
        project,
        "\n\nLook for the signs",
        "\n\nA brand new paragraph.\n\nLook for the signs",
    )
    deleted = paragraphs_before[-2]
    edit(project, "\n\n" + deleted, "")
    p2, p3 = paragraphs_before[2], paragraphs_before[3]
    edit(project, p2 + "\n\n" + p3, p3 + "\n\n" + p2)
    cli(project, "extract")
    cli(project, "update")
    po = read_po(project / "locales" / "fr" / f"{DOC}.po")
    by_id = {e.msgid: e for e in po}
    changed = by_id["Patients who cannot walk will be picked up at home."]
    assert changed.fuzzy
    assert changed.previous_msgid == "Patients who cannot walk will be collected at home."
    assert changed.msgstr == human[changed.previous_msgid]
    assert by_id["A brand new paragraph."].msgstr == ""
    gone = [e for e in po if e.obsolete]
    assert {e.msgid for e in gone} - {changed.previous_msgid} - obsolete == {
        e.msgid for e in human_entries(human) if e.msgid in deleted
    }
    assert gone and all(e.msgstr == human[e.msgid] for e in gone if e.msgid not in obsolete)
    # every human translation still exists: active, fuzzy with previous msgid, or obsolete
    assert set(human.values()) <= {e.msgstr for e in po}
    for path in (project / "locales").rglob("*.po*"):
        msgfmt_check(path)
    cli(project, "build", "--lang", "fr")
    built = (project / "build" / "fr" / f"{DOC}.md").read_text()
    assert "A brand new paragraph." in built
    assert built.index(human[p3.split(". ")[0] + "."]) < built.index(human[p2.split(". ")[0] + "."])
    assert "cannot walk will be picked up at home." in built  # fuzzy falls back to the source


@pytest.mark.weasyprint
def test_build_outputs(basic_project: Path) -> None:
    project = basic_project
    cli(project, "extract")
    cli(project, "update")
    human = fill(project, "fr", "FR:")
    out = cli(project, "build")
    assert "built fr/" in out
    for lang in ("en", "fr", "hy"):
        for ext in ("md", "html", "txt"):
            assert (project / "build" / lang / f"{DOC}.{ext}").stat().st_size > 0
    html = (project / "build" / "fr" / f"{DOC}.html").read_text()
    assert '<html lang="fr"' in html
    assert format_date(dt.date(2024, 3, 14), "long", locale="fr") in html
    assert 'hreflang="hy"' in html and "Հայերեն" in html and "Français" in html
    md = (project / "build" / "fr" / f"{DOC}.md").read_text()
    for msgstr in human.values():
        assert msgstr in md or msgstr.replace('"', '\\"') in md
    assert "lang: fr" in md
    # English is the source, byte for byte
    assert (project / "build" / "en" / f"{DOC}.md").read_bytes() == (
        project / "source" / f"{DOC}.md"
    ).read_bytes()


def test_injected_html_is_escaped(basic_project: Path) -> None:
    project = basic_project
    cli(project, "extract")
    cli(project, "update", "--lang", "fr")
    path = project / "locales" / "fr" / f"{DOC}.po"
    po = read_po(path)
    po[1].msgstr = 'Alerte <script>alert(1)</script> <img src=x onerror="alert(2)">.'
    write_po(po, path)
    out = cli(project, "build", "--lang", "fr", "--format", "html")
    html = (project / "build" / "fr" / f"{DOC}.html").read_text()
    assert "<script>" not in html and "<img" not in html
    # the link rule takes the tags that run something out (with a warning naming the line);
    # what is left of them is text, escaped
    assert "<p>Alerte alert(1) . " in html
    assert f"{path}:{read_po(path)[1].linenum}: HTML <script> removed" in out


def test_status_json(basic_project: Path) -> None:
    project = basic_project
    cli(project, "extract")
    cli(project, "update")
    fill(project, "fr", "FR:")
    stats = json.loads(cli(project, "status", "--format", "json"))
    assert [(s["doc"], s["lang"]) for s in stats] == [
        (DOC, "hy"),
        (DOC, "fr"),
        (OTHER, "hy"),
        (OTHER, "fr"),
    ]
    by_lang = {s["lang"]: s for s in stats if s["doc"] == DOC}
    assert by_lang["fr"]["percent"] == 100.0
    assert (
        by_lang["hy"]["translated"] + by_lang["hy"]["fuzzy"] + by_lang["hy"]["untranslated"]
        == (by_lang["hy"]["segments"])
    )
    # words: those of every sentence of the template, counted by ICU on what is words
    template = [e.msgid for e in read_po(project / "locales" / f"{DOC}.pot") if e.msgid]
    words = sum(len(words_of(not_words_blanked(msgid), "en")) for msgid in template)
    assert by_lang["fr"]["segments"] == len(template)
    assert by_lang["fr"]["words"] == by_lang["fr"]["words_translated"] == words > 100


def test_bad_input_exit_code(basic_project: Path) -> None:
    project = basic_project
    out = cli(project, "update", "--lang", "../../etc", code=2)
    assert "language" in out
    (project / "source" / "broken.md").write_bytes(b"\xff\xfe bad")
    before = snapshot(project)
    out = cli(project, "extract", code=2)
    assert "broken.md" in out and "invalid UTF-8" in out and "Traceback" not in out
    assert snapshot(project) == before


@pytest.mark.weasyprint
def test_init_scaffolds_a_working_project(tmp_path: Path) -> None:
    root = tmp_path / "org"
    CliRunner().invoke(main, ["init", str(root), "--target", "fr,de"])
    cli(root, "run")
    assert (root / "locales" / "de" / "example.po").exists()
    assert (root / "build" / "de" / "example.html").exists()
    msgfmt_check(root / "locales" / "de" / "example.po")


@pytest.mark.slow
def test_console_script_help() -> None:
    exe = Path(sys.executable).parent / "alerti18n"
    commands = ("extract", "update", "build", "status", "run", "init", "pretranslate", "check")
    commands += ("review", "release", "fmt", "models")
    for command in commands:
        result = subprocess.run([exe, command, "--help"], capture_output=True, text=True)
        assert result.returncode == 0 and "Usage" in result.stdout


@pytest.mark.parametrize("root", sorted(ROOTS.iterdir()), ids=lambda p: p.name)
def test_fixture_catalogs_are_valid_and_canonical(root: Path) -> None:
    """Every catalog of a fixture project passes msgfmt --check and is in msgcat's form."""
    msgcat = require_tool("msgcat")
    catalogs = sorted((root / "locales").rglob("*.po*"))
    assert catalogs
    for path in catalogs:
        msgfmt_check(path)
        result = subprocess.run([msgcat, str(path)], capture_output=True)
        assert result.returncode == 0
        assert result.stdout == path.read_bytes(), f"{path} is not in msgcat's form"


def test_basic_fixture_is_up_to_date_and_checks_as_documented(basic_project: Path) -> None:
    """extract and update change nothing in tests/roots/basic; check shows what its README
    says (the fuzzy and the untranslated French entry, the waived copy), and exits 0."""
    before = snapshot(basic_project)
    assert "nothing changed" in cli(basic_project, "extract")
    assert "nothing changed" in cli(basic_project, "update")
    assert snapshot(basic_project) == before
    findings = json.loads(cli(basic_project, "check", "--format", "json"))
    shown = [(f["check"], f["severity"], Path(f["path"]).name, f["waived"]) for f in findings]
    assert sorted(shown) == [
        ("fuzzy", "warning", f"{DOC}.po", False),
        ("unchanged", "warning", f"{DOC}.po", True),
        ("untranslated", "warning", f"{DOC}.po", False),
    ]
    assert all(f"/fr/{DOC}.po" in f["path"] for f in findings)
    assert {p.relative_to(BASIC).as_posix() for p in BASIC.rglob("*.po*")} == {
        name for name in before if name.startswith("locales/")
    } - {"locales/glossary.csv"}


def test_fmt_command(tmp_path: Path, basic_project: Path) -> None:
    from support.tools import CORPUS_PO, require_shared

    require_shared()
    target = tmp_path / "hy.po"
    target.write_bytes((CORPUS_PO / "hy--GNOME--gnome-desktop--hy.po").read_bytes())
    runner = CliRunner()
    checked = runner.invoke(main, ["fmt", "--check", str(target)])
    assert checked.exit_code == 1 and f"would reformat {target}" in checked.output
    assert runner.invoke(main, ["fmt", str(target)]).exit_code == 0
    assert runner.invoke(main, ["fmt", "--check", str(target)]).exit_code == 0
    msgcat = require_tool("msgcat")
    assert subprocess.run([msgcat, str(target)], capture_output=True).stdout == target.read_bytes()
    # without FILES: the project's catalogs, which are already canonical
    assert runner.invoke(main, ["fmt", "--check", "--project", str(basic_project)]).exit_code == 0


def test_status_reports_a_broken_catalog_and_shows_the_others(
    basic_project: Path, tmp_path: Path
) -> None:
    project = basic_project
    (project / "source" / "note.md").write_text("# A note\n\nOne sentence.\n", encoding="utf-8")
    cli(project, "extract")
    cli(project, "update")
    broken = project / "locales" / "fr" / f"{DOC}.po"
    text = broken.read_text(encoding="utf-8")
    broken.write_text(text + '\nmsgid "dangling"\n', encoding="utf-8")
    line = text.count("\n") + 2
    runner = CliRunner()
    where = f"{broken}:{line}:"
    table = runner.invoke(main, ["status", "--project", str(project)])
    assert table.exit_code == 2
    rows = {tuple(row.split()[:2]): row for row in table.stdout.splitlines()[1:]}
    assert set(rows) == {(doc, lang) for doc in (DOC, "note", OTHER) for lang in ("hy", "fr")}
    assert "unreadable" in rows[DOC, "fr"] and "%" in rows["note", "fr"]
    assert "%" in rows[OTHER, "fr"]
    names = [row.split()[0] for row in table.stdout.splitlines()[1:]]
    assert names == [DOC, DOC, "note", "note", OTHER, OTHER]
    (error,) = table.stderr.splitlines()
    assert error.startswith(f"error: {where}") and "Traceback" not in table.output
    as_json = runner.invoke(main, ["status", "--format", "json", "--project", str(project)])
    assert as_json.exit_code == 2 and as_json.stderr.startswith(f"error: {where}")
    shown = {(s["doc"], s["lang"]) for s in json.loads(as_json.stdout)}
    assert shown == {(DOC, "hy"), ("note", "hy"), ("note", "fr"), (OTHER, "hy"), (OTHER, "fr")}
    page = tmp_path / "status.html"
    html = runner.invoke(main, ["status", "--html", str(page), "--project", str(project)])
    assert html.exit_code == 2 and f"error: {where}" in html.stderr
    dashboard = page.read_text(encoding="utf-8")
    for doc, lang in shown:
        assert f'data-doc="{doc}" data-lang="{lang}"' in dashboard
    assert 'data-key="problem">The catalog cannot be read: ' in dashboard
    assert "release blocked" in dashboard
