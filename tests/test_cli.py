"""End-to-end: the CLI on a temporary copy of the shipped project."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import polib
from babel.dates import format_date
from click.testing import CliRunner
from conftest import REPO, cli, msgfmt_check, require_tool

from alerti18n.cli import main
from alerti18n.pofile import read_po, write_po

DOC = "sos-alert-artsakh-2"


def snapshot(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and ".alerti18n" not in p.parts
    }


def fill(project: Path, lang: str, prefix: str) -> dict[str, str]:
    """Translate every entry of a catalog with a marker, as a translator would."""
    path = project / "locales" / lang / f"{DOC}.po"
    po = read_po(path)
    for e in po:
        e.msgstr = f"{prefix} {e.msgid}"
        if "fuzzy" in e.flags:
            e.flags.remove("fuzzy")
    write_po(po, path)
    return {e.msgid: e.msgstr for e in po}


def human_entries(human: dict[str, str]) -> list[polib.POEntry]:
    return [polib.POEntry(msgid=k, msgstr=v) for k, v in human.items()]


def edit(project: Path, old: str, new: str) -> None:
    path = project / "source" / f"{DOC}.md"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_rerun_on_committed_tree_changes_nothing(project: Path) -> None:
    cli(project, "extract")
    cli(project, "update")
    before = snapshot(project)
    assert "nothing changed" in cli(project, "extract")
    assert "nothing changed" in cli(project, "update")
    assert snapshot(project) == before
    for path in (project / "locales").rglob("*.po*"):
        msgfmt_check(path)


def test_source_edits_lose_no_translation(project: Path) -> None:
    cli(project, "extract")
    cli(project, "update")
    human = fill(project, "fr", "FR:")
    paragraphs_before = (project / "source" / f"{DOC}.md").read_text().split("\n\n")
    # change a sentence, insert a paragraph, delete one, swap two
    edit(
        project, "conditions on the ground are unclear.", "conditions on the ground remain unclear."
    )
    edit(
        project,
        "\n\nThere are unconfirmed reports",
        "\n\nA brand new paragraph.\n\nThere are unconfirmed reports",
    )
    deleted = paragraphs_before[-2]
    edit(project, "\n\n" + deleted, "")
    p7, p8 = paragraphs_before[8], paragraphs_before[9]
    edit(project, p7 + "\n\n" + p8, p8 + "\n\n" + p7)
    cli(project, "extract")
    cli(project, "update")
    po = read_po(project / "locales" / "fr" / f"{DOC}.po")
    by_id = {e.msgid: e for e in po}
    changed = by_id["At this moment in time, conditions on the ground remain unclear."]
    assert changed.fuzzy
    assert changed.previous_msgid == "At this moment in time, conditions on the ground are unclear."
    assert changed.msgstr == human[changed.previous_msgid]
    assert by_id["A brand new paragraph."].msgstr == ""
    gone = [e for e in po if e.obsolete]
    assert {e.msgid for e in gone} - {changed.previous_msgid} == {
        e.msgid for e in human_entries(human) if e.msgid in deleted
    }
    assert all(e.msgstr == human[e.msgid] for e in gone)
    # every human translation still exists: active, fuzzy with previous msgid, or obsolete
    assert set(human.values()) <= {e.msgstr for e in po}
    for path in (project / "locales").rglob("*.po*"):
        msgfmt_check(path)
    cli(project, "build", "--lang", "fr")
    built = (project / "build" / "fr" / f"{DOC}.md").read_text()
    assert "A brand new paragraph." in built
    assert built.index(human[p8.split(". ")[0] + "."]) < built.index(human[p7.split(". ")[0] + "."])
    assert "conditions on the ground remain unclear." in built  # fuzzy falls back to the source


def test_build_outputs(project: Path) -> None:
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
    assert format_date(dt.date(2023, 9, 22), "long", locale="fr") in html
    assert 'hreflang="hy"' in html and "Հայերեն" in html and "Français" in html
    md = (project / "build" / "fr" / f"{DOC}.md").read_text()
    for msgstr in human.values():
        assert msgstr in md or msgstr.replace('"', '\\"') in md
    assert "lang: fr" in md
    # English is the source, byte for byte
    assert (project / "build" / "en" / f"{DOC}.md").read_bytes() == (
        project / "source" / f"{DOC}.md"
    ).read_bytes()


def test_injected_html_is_escaped(project: Path) -> None:
    cli(project, "extract")
    cli(project, "update", "--lang", "fr")
    path = project / "locales" / "fr" / f"{DOC}.po"
    po = read_po(path)
    po[1].msgstr = 'Alerte <script>alert(1)</script> <img src=x onerror="alert(2)">.'
    write_po(po, path)
    cli(project, "build", "--lang", "fr", "--format", "html")
    html = (project / "build" / "fr" / f"{DOC}.html").read_text()
    assert "<script>" not in html and "<img" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_status_json(project: Path) -> None:
    cli(project, "extract")
    cli(project, "update")
    fill(project, "fr", "FR:")
    stats = json.loads(cli(project, "status", "--format", "json"))
    by_lang = {s["lang"]: s for s in stats}
    assert by_lang["fr"]["percent"] == 100.0
    assert (
        by_lang["hy"]["translated"] + by_lang["hy"]["fuzzy"] + by_lang["hy"]["untranslated"]
        == (by_lang["hy"]["segments"])
    )
    assert by_lang["fr"]["words"] == by_lang["fr"]["words_translated"] > 400


def test_bad_input_exit_code(project: Path) -> None:
    out = cli(project, "update", "--lang", "../../etc", code=2)
    assert "language" in out
    (project / "source" / "broken.md").write_bytes(b"\xff\xfe bad")
    before = snapshot(project)
    out = cli(project, "extract", code=2)
    assert "broken.md" in out and "invalid UTF-8" in out and "Traceback" not in out
    assert snapshot(project) == before


def test_init_scaffolds_a_working_project(tmp_path: Path) -> None:
    root = tmp_path / "org"
    CliRunner().invoke(main, ["init", str(root), "--target", "fr,de"])
    cli(root, "run")
    assert (root / "locales" / "de" / "example.po").exists()
    assert (root / "build" / "de" / "example.html").exists()
    msgfmt_check(root / "locales" / "de" / "example.po")


def test_console_script_help() -> None:
    exe = Path(sys.executable).parent / "alerti18n"
    commands = ("extract", "update", "build", "status", "run", "init", "pretranslate", "check")
    commands += ("review", "release", "fmt", "models")
    for command in commands:
        result = subprocess.run([exe, command, "--help"], capture_output=True, text=True)
        assert result.returncode == 0 and "Usage" in result.stdout


def test_msgcat_accepts_shipped_catalogs() -> None:
    msgcat = require_tool("msgcat")
    for path in sorted((REPO / "locales").rglob("*.po*")):
        msgfmt_check(path)
        result = subprocess.run([msgcat, str(path)], capture_output=True)
        assert result.returncode == 0
        assert result.stdout == path.read_bytes(), f"{path} is not in msgcat's form"


def test_shipped_alert_is_complete_in_every_language(project: Path) -> None:
    out = cli(project, "run")
    assert "in source language" not in out  # no fallback: hy and fr are fully translated
    source_html = (project / "build" / "en" / f"{DOC}.html").read_text()
    for lang in ("hy", "fr"):
        po = read_po(project / "locales" / lang / f"{DOC}.po")
        active = [e for e in po if not e.obsolete]
        assert active and all(e.translated() for e in active), lang  # no fuzzy, no empty
        html = (project / "build" / lang / f"{DOC}.html").read_text()
        assert html.count("<p>") == source_html.count("<p>")
        assert f'<html lang="{lang}"' in html
    # the date as CLDR writes it (through the locked Babel), not as this test would guess
    long_date = format_date(dt.date(2023, 9, 22), "long", locale="hy")
    hy_page = (project / "build" / "hy" / f"{DOC}.html").read_text()
    assert long_date in hy_page
    # the publisher's Armenian name as the glossary has it, with no hyphenated article
    assert "<bdi>Ցեղասպանության կանխարգելման Լեմկինի ինստիտուտ</bdi>, " in hy_page
    assert "ինստիտուտ-ը" not in hy_page


def test_shipped_catalogs_pass_the_checks(project: Path) -> None:
    out = cli(project, "check", "--format", "json")
    findings = json.loads(out)
    assert [f for f in findings if f["severity"] == "error"] == []


def test_fmt_command(tmp_path: Path, project: Path) -> None:
    from conftest import CORPUS_PO, require_shared

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
    assert runner.invoke(main, ["fmt", "--check", "--project", str(project)]).exit_code == 0


def test_status_reports_a_broken_catalog_and_shows_the_others(
    project: Path, tmp_path: Path
) -> None:
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
    assert set(rows) == {(DOC, "hy"), (DOC, "fr"), ("note", "hy"), ("note", "fr")}
    assert "unreadable" in rows[DOC, "fr"] and "%" in rows["note", "fr"]
    assert [row.split()[0] for row in table.stdout.splitlines()[1:]] == ["note", "note", DOC, DOC]
    (error,) = table.stderr.splitlines()
    assert error.startswith(f"error: {where}") and "Traceback" not in table.output
    as_json = runner.invoke(main, ["status", "--format", "json", "--project", str(project)])
    assert as_json.exit_code == 2 and as_json.stderr.startswith(f"error: {where}")
    shown = {(s["doc"], s["lang"]) for s in json.loads(as_json.stdout)}
    assert shown == {(DOC, "hy"), ("note", "hy"), ("note", "fr")}
    page = tmp_path / "status.html"
    html = runner.invoke(main, ["status", "--html", str(page), "--project", str(project)])
    assert html.exit_code == 2 and f"error: {where}" in html.stderr
    dashboard = page.read_text(encoding="utf-8")
    for doc, lang in shown:
        assert f'data-doc="{doc}" data-lang="{lang}"' in dashboard
    assert 'data-key="problem">The catalog cannot be read: ' in dashboard
    assert "release blocked" in dashboard
