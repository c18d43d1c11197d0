"""The release gate: refuse drafts, publish reviewed work, mark drafts, reproducible files."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from click.testing import CliRunner

from alerti18n.cli import main
from alerti18n.pofile import read_po, write_po

DOC = "sos-alert-artsakh-2"


def invoke(project: Path, *args: str):
    return CliRunner().invoke(main, [*args, "--project", str(project)])


def tree(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def test_unreviewed_language_is_refused_and_nothing_written(project: Path) -> None:
    result = invoke(project, "release")
    assert result.exit_code == 1
    assert "FAIL" in result.output and "not reviewed" in result.output
    assert "release refused" in result.output
    assert not (project / "dist").exists()


def test_reviewed_project_is_released_with_a_true_manifest(project: Path) -> None:
    for lang in ("hy", "fr"):
        assert invoke(project, "review", "--lang", lang, "--by", "Second Reader").exit_code == 0
    result = invoke(project, "release")
    assert result.exit_code == 0, result.output
    folder = project / "dist" / DOC / "2023-09-22"
    manifest = json.loads((folder / "manifest.json").read_text())
    langs = {entry["language"]: entry for entry in manifest["languages"]}
    assert set(langs) == {"en", "hy", "fr"}
    for entry in langs.values():
        assert not entry["draft"]
        for item in entry["files"]:
            data = (folder / item["file"]).read_bytes()
            assert hashlib.sha256(data).hexdigest() == item["sha256"]
        assert {Path(f["file"]).suffix for f in entry["files"]} >= {".md", ".html", ".txt"}
    assert langs["fr"]["segments"]["reviewed"] == langs["fr"]["segments"]["total"] == 24
    html = (folder / "hy" / f"{DOC}.html").read_text()
    assert "Նախնական տարբերակ" not in html  # no draft notice on reviewed work


def test_allow_draft_marks_pages_in_their_own_language(project: Path) -> None:
    assert invoke(project, "review", "--lang", "hy", "--by", "Second Reader").exit_code == 0
    result = invoke(project, "release", "--allow-draft")
    assert result.exit_code == 0, result.output
    folder = project / "dist" / DOC / "2023-09-22"
    fr = (folder / "fr" / f"{DOC}.html").read_text()
    hy = (folder / "hy" / f"{DOC}.html").read_text()
    assert "Version provisoire" in fr and 'class="notice"' in fr
    assert "Նախնական տարբերակ" not in hy
    langs = {
        e["language"]: e for e in json.loads((folder / "manifest.json").read_text())["languages"]
    }
    assert langs["fr"]["draft"] is True and langs["hy"]["draft"] is False
    assert langs["fr"]["policy"]["passed"] is False


def test_two_releases_are_byte_identical(project: Path, tmp_path: Path) -> None:
    for lang in ("hy", "fr"):
        invoke(project, "review", "--lang", lang, "--by", "Second Reader")
    assert invoke(project, "release", "--out", str(tmp_path / "one")).exit_code == 0
    assert invoke(project, "release", "--out", str(tmp_path / "two")).exit_code == 0
    assert tree(tmp_path / "one") == tree(tmp_path / "two")


def test_review_is_dropped_when_the_translation_changes(project: Path) -> None:
    invoke(project, "review", "--lang", "fr", "--by", "Second Reader")
    path = project / "locales" / "fr" / f"{DOC}.po"
    po = read_po(path)
    entry = next(e for e in po if "actuellement" in e.msgstr)
    entry.msgstr = entry.msgstr.replace("actuellement", "aujourd’hui")
    write_po(po, path)
    status = json.loads(invoke(project, "status", "--format", "json").output)
    fr = next(s for s in status if s["lang"] == "fr")
    assert fr["reviewed"] == fr["segments"] - 1
    assert invoke(project, "release").exit_code == 1
