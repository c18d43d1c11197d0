"""The release gate: refuse drafts, publish reviewed work, mark drafts, reproducible files."""

from __future__ import annotations

import hashlib
import json
import re
from html import unescape
from importlib import metadata
from pathlib import Path

import babel.core
import pytest
from click.testing import CliRunner
from support.projects import finish_french, invoke

from alerti18n.cli.main import main
from alerti18n.po.pofile import read_po, write_po

pytestmark = [pytest.mark.weasyprint, pytest.mark.pandoc]

#: A document of the basic fixture project (tests/roots/basic), and its front matter's date.
DOC = "field-hospital"
DATE = "2024-03-14"


def tree(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def test_unreviewed_language_is_refused_and_nothing_written(basic_project: Path) -> None:
    project = basic_project
    finish_french(project)  # complete in every language, but not reviewed
    result = invoke(project, "release")
    assert result.exit_code == 1
    assert "FAIL" in result.output and "not reviewed" in result.output
    assert "release refused" in result.output
    assert not (project / "dist").exists()


def sentences(project: Path, doc: str) -> int:
    """The document's sentences: the entries of its template."""
    return sum(1 for e in read_po(project / "locales" / f"{doc}.pot") if e.msgid)


def test_reviewed_project_is_released_with_a_true_manifest(basic_project: Path) -> None:
    project = basic_project
    finish_french(project)
    for lang in ("hy", "fr"):
        assert invoke(project, "review", "--lang", lang, "--by", "Second Reader").exit_code == 0
    result = invoke(project, "release")
    assert result.exit_code == 0, result.output
    folder = project / "dist" / DOC / DATE
    manifest = json.loads((folder / "manifest.json").read_text())
    langs = {entry["language"]: entry for entry in manifest["languages"]}
    assert set(langs) == {"en", "hy", "fr"}
    for entry in langs.values():
        assert not entry["draft"]
        for item in entry["files"]:
            data = (folder / item["file"]).read_bytes()
            assert hashlib.sha256(data).hexdigest() == item["sha256"]
        assert {Path(f["file"]).suffix for f in entry["files"]} >= {".md", ".html", ".txt"}
    total = sentences(project, DOC)
    assert langs["fr"]["segments"]["reviewed"] == langs["fr"]["segments"]["total"] == total > 0
    html = (folder / "hy" / f"{DOC}.html").read_text()
    assert "Նախնական տարբերակ" not in html  # no draft notice on reviewed work
    # the versions that shaped these bytes, as installed (the lock pins them)
    tools = manifest["tools"]
    assert tools["cldr"] == babel.core.get_cldr_version()
    for name in ("alerti18n", "babel", "markdown-it-py", "weasyprint", "ctranslate2"):
        assert tools[name] == metadata.version(name)


def test_allow_draft_marks_pages_in_their_own_language(basic_project: Path) -> None:
    project = basic_project  # French still has a fuzzy and an untranslated entry
    assert invoke(project, "review", "--lang", "hy", "--by", "Second Reader").exit_code == 0
    result = invoke(project, "release", "--allow-draft")
    assert result.exit_code == 0, result.output
    folder = project / "dist" / DOC / DATE
    fr = (folder / "fr" / f"{DOC}.html").read_text()
    hy = (folder / "hy" / f"{DOC}.html").read_text()
    assert "Version provisoire" in fr and 'class="notice"' in fr
    assert "Նախնական տարբերակ" not in hy
    langs = {
        e["language"]: e for e in json.loads((folder / "manifest.json").read_text())["languages"]
    }
    assert langs["fr"]["draft"] is True and langs["hy"]["draft"] is False
    assert langs["fr"]["policy"]["passed"] is False


def test_two_releases_are_byte_identical(basic_project: Path, tmp_path: Path) -> None:
    project = basic_project
    finish_french(project)
    for lang in ("hy", "fr"):
        invoke(project, "review", "--lang", lang, "--by", "Second Reader")
    assert invoke(project, "release", "--out", str(tmp_path / "one")).exit_code == 0
    assert invoke(project, "release", "--out", str(tmp_path / "two")).exit_code == 0
    assert tree(tmp_path / "one") == tree(tmp_path / "two")


def test_review_is_dropped_when_the_translation_changes(basic_project: Path) -> None:
    project = basic_project
    finish_french(project)
    assert invoke(project, "review", "--lang", "fr", "--by", "Second Reader").exit_code == 0

    def french() -> dict:
        status = json.loads(invoke(project, "status", "--format", "json").output)
        return next(s for s in status if (s["doc"], s["lang"]) == (DOC, "fr"))

    assert french()["reviewed"] == french()["segments"]
    path = project / "locales" / "fr" / f"{DOC}.po"
    po = read_po(path)
    entry = next(e for e in po if "bénévoles" in e.msgstr)
    entry.msgstr = entry.msgstr.replace("bénévoles", "volontaires")
    write_po(po, path)
    assert french()["reviewed"] == french()["segments"] - 1
    assert invoke(project, "release").exit_code == 1


def _set_front_matter(project: Path, key: str, value: str) -> int:
    """Replace (or add) ``key: value`` in the document's front matter; its line number."""
    path = project / "source" / f"{DOC}.md"
    lines = path.read_text(encoding="utf-8").split("\n")
    found = [i for i, line in enumerate(lines) if line.startswith(f"{key}:")]
    at = found[0] if found else 1
    lines[at : at + bool(found)] = [f"{key}: {value}"]
    path.write_text("\n".join(lines), encoding="utf-8")
    return at + 1


def _error_line(result) -> str:
    errors = [ln for ln in result.output.splitlines() if ln.startswith("error:")]
    assert len(errors) == 1, result.output
    return errors[0]


@pytest.mark.parametrize(
    "value",
    ['"../../x"', "../../x", '"2023-13-40"', "2023-13-40", "2023-09-22 10:00:00", "20230922"],
)
def test_front_matter_date_must_be_an_iso_date(
    basic_project: Path, tmp_path: Path, value: str
) -> None:
    project = basic_project
    line = _set_front_matter(project, "date", value)
    out = tmp_path / "dist" / "sub"
    result = invoke(project, "release", "--allow-draft", "--out", str(out))
    assert result.exit_code == 2, result.output
    error = _error_line(result)
    assert f"{DOC}.md:{line}:" in error and "date" in error and "YYYY-MM-DD" in error
    assert not (tmp_path / "dist").exists()
    assert invoke(project, "build").exit_code == 2
    assert not (project / "build").exists()


def test_quoted_iso_date_is_accepted(basic_project: Path, tmp_path: Path) -> None:
    project = basic_project
    _set_front_matter(project, "date", f'"{DATE}"')
    out = tmp_path / "dist" / "sub"
    result = invoke(project, "release", "--allow-draft", "--out", str(out))
    assert result.exit_code == 0, result.output
    assert (out / DOC / DATE / "manifest.json").is_file()


@pytest.mark.parametrize("value", ['"../x"', '"a/b"', '".."', '"v1\\\\..\\\\x"', "1 2"])
def test_release_version_used_in_a_path_is_confined(
    basic_project: Path, tmp_path: Path, value: str
) -> None:
    project = basic_project
    line = _set_front_matter(project, "version", value)
    out = tmp_path / "dist" / "sub"
    result = invoke(project, "release", "--allow-draft", "--out", str(out))
    assert result.exit_code == 2, result.output
    error = _error_line(result)
    assert f"{DOC}.md:{line}:" in error and "version" in error
    assert not (tmp_path / "dist").exists()


def test_release_version_is_the_folder_name(basic_project: Path, tmp_path: Path) -> None:
    project = basic_project
    _set_front_matter(project, "version", "1.2-rc1")
    out = tmp_path / "dist" / "sub"
    assert invoke(project, "release", "--allow-draft", "--out", str(out)).exit_code == 0
    assert (out / DOC / "1.2-rc1" / "manifest.json").is_file()


def test_release_folder_reached_through_a_link_is_refused(
    basic_project: Path, tmp_path: Path
) -> None:
    project = basic_project
    out = tmp_path / "dist" / "sub"
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    out.mkdir(parents=True)
    (out / DOC).symlink_to(elsewhere, target_is_directory=True)
    result = invoke(project, "release", "--allow-draft", "--out", str(out))
    assert result.exit_code == 2, result.output
    assert "outside" in _error_line(result)
    assert list(elsewhere.iterdir()) == []


def test_document_name_that_leaves_the_release_folder_is_refused(
    basic_project: Path, tmp_path: Path
) -> None:
    project = basic_project
    # (a hidden file, such as "...md", is no document at all)
    (project / "source" / "x...md").write_text("# Title\n\nText.\n", encoding="utf-8")
    out = tmp_path / "dist" / "sub"
    result = invoke(project, "release", "--allow-draft", "--out", str(out))
    assert result.exit_code == 2, result.output
    assert "x...md" in _error_line(result) and "cannot name a document" in _error_line(result)
    assert not (tmp_path / "dist").exists()


def test_notices_name_the_real_source_language_in_the_page_language(tmp_path: Path) -> None:
    from babel import Locale

    from alerti18n.output.render import ui

    root = tmp_path / "fr-project"
    runner = CliRunner()
    args = ["init", str(root), "--source-language", "fr", "--target", "en,hy"]
    assert runner.invoke(main, args).exit_code == 0
    for stage in ("extract", "update"):
        result = invoke(root, stage)
        assert result.exit_code == 0, result.output
    result = invoke(root, "release", "--allow-draft")
    assert result.exit_code == 0, result.output
    pages = [p for p in sorted((root / "dist").rglob("*.html")) if p.parent.name in ("en", "hy")]
    checked = set()
    for page in pages:
        lang = page.parent.name
        html = page.read_text(encoding="utf-8")
        notices = [
            unescape(n) for n in re.findall(r"<p class=\"notice\" role=\"note\">(.*?)</p>", html)
        ]
        french = Locale.parse(lang).languages["fr"]
        english = Locale.parse(lang).languages["en"]
        # the draft notice, then the fallback notice naming French in the page's language
        assert notices[0] == ui(lang, "draft")
        assert len(notices) == 2 and f"({french})" in notices[1], (lang, notices)
        assert english not in notices[1]
        checked.add(lang)
    assert checked == {"en", "hy"}


def test_release_reads_front_matter_without_segmenting(
    basic_project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With extract's saved parses current, release parses no document again: the folder
    name needs only the front matter."""
    from alerti18n.text import segment

    project = basic_project
    assert invoke(project, "extract").exit_code == 0  # saves each document's parse
    parsed: list[Path] = []
    real = segment.parse_document

    def counted(path: Path, *args: object, **kwargs: object) -> object:
        parsed.append(path)
        return real(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(segment, "parse_document", counted)
    result = invoke(project, "release", "--allow-draft")
    assert result.exit_code == 0, result.output
    assert (project / "dist" / DOC / DATE / "manifest.json").is_file()
    assert parsed == []
