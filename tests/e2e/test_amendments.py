"""An alert amended after its release (#26), end to end: the basic fixture's field-hospital notice
(tests/roots/basic) released in English, Armenian and French, then a number changed and a
sentence added (tests/support/amend.py). What ``status`` (table, JSON), the dashboard and the next
``release`` show under each policy for a language that has not caught up: hold, notice, mix."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from html import unescape
from pathlib import Path

import pytest
from support.amend import (
    ADDED,
    AMENDED,
    CATCH_UP,
    DOC,
    FIRST_TEXT,
    NEW,
    OLD,
    RELEASED,
    amend,
    catch_up,
    release_first,
    run,
    set_policy,
)
from support.projects import BASIC, copy_root

from alerti18n.language.pagestrings import ui

pytestmark = [pytest.mark.weasyprint, pytest.mark.pandoc]

#: The amended version's release: 5 March 2025, 18:40 UTC; a later one for a second release.
RELEASED_2 = 1741200000
LATER = 1741300000
#: Where each version is published: the front matter's date, then the date with -v2.
FIRST_FOLDER, SECOND_FOLDER = "2024-03-14", "2024-03-14-v2"
LANGS = ("hy", "fr")


def day(epoch: int) -> dt.date:
    return dt.datetime.fromtimestamp(epoch, dt.timezone.utc).date()


@pytest.fixture(scope="module")
def amended_once(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_root(BASIC, tmp_path_factory.mktemp("amended"))
    release_first(root)
    amend(root)
    return root


@pytest.fixture
def amended(amended_once: Path, tmp_path: Path) -> Path:
    """Version 1 released, the source amended, extracted and merged; nothing released since."""
    root = tmp_path / "project"
    shutil.copytree(amended_once, root, ignore=shutil.ignore_patterns(".alerti18n"))
    return root


def history(root: Path) -> dict:
    return json.loads((root / "locales" / f"{DOC}.releases.json").read_text(encoding="utf-8"))


def manifest(folder: Path) -> dict[str, dict]:
    data = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    return {entry["language"]: entry for entry in data["languages"]} | {"": data}


def page(folder: Path, lang: str) -> str:
    return (folder / lang / f"{DOC}.html").read_text(encoding="utf-8")


def notices(html: str) -> list[str]:
    return [
        unescape(re.sub(r"<[^>]+>", "", n))
        for n in re.findall(r'<p class="notice[^>]*>(.*?)</p>', html)
    ]


def change_log(html: str) -> list[str]:
    section = re.search(r'<section class="changes".*?</section>', html, re.S)
    return (
        [unescape(item) for item in re.findall(r"<li>(.*?)</li>", section.group(0))]
        if section
        else []
    )


def test_status_shows_each_language_outdated_since_version_1_with_the_changes(
    amended: Path, tmp_path: Path
) -> None:
    table = run(amended, "status", epoch=AMENDED).output
    assert "Outdated since their last release" in table
    for lang in LANGS:
        line = re.search(rf"^{DOC}\s+{lang}\s+(outdated.*)$", table, re.M)
        assert line and line.group(1) == "outdated since version 1: 2 sentence(s) to translate"
    assert f"changed: {OLD}\n          -> {NEW}" in table and f"new:     {ADDED}" in table
    rows = json.loads(run(amended, "status", "--format", "json", epoch=AMENDED).output)
    by_key = {(row["doc"], row["lang"]): row for row in rows}
    for lang in LANGS:
        outdated = by_key[DOC, lang]["outdated"]
        assert outdated["since"] == "1" and sorted(outdated["pending"]) == sorted([NEW, ADDED])
        assert outdated["changes"] == {
            "added": [ADDED],
            "changed": [{"from": OLD, "to": NEW}],
            "removed": [],
        }
        assert by_key["water-points", lang]["outdated"] is None  # not amended
    out = tmp_path / "status.html"
    run(amended, "status", "--html", str(out), epoch=AMENDED)
    dashboard = out.read_text(encoding="utf-8")
    for lang in LANGS:
        section = re.search(
            rf'data-doc="{DOC}" data-lang="{lang}">(.*?)</section>', dashboard, re.S
        )
        assert section and 'data-key="outdated"' in section.group(1)
        assert '<span data-key="since">1</span>' in section.group(1)
        assert f"<del>{OLD}</del> → <ins>{NEW}</ins>" in section.group(1)
        assert f"new: <ins>{ADDED}</ins>" in section.group(1)
    assert dashboard.count('data-key="outdated"') == 2


def test_without_a_rule_the_release_is_refused_naming_the_setting(amended: Path) -> None:
    before = (amended / "locales" / f"{DOC}.releases.json").read_bytes()
    result = run(amended, "release", epoch=RELEASED_2, code=1)
    for lang in LANGS:
        assert f"outdated since version 1: 2 sentence(s) to translate (policy.{lang}.outdated" in (
            result.output
        )
    assert sorted(p.name for p in (amended / "dist" / DOC).iterdir()) == [FIRST_FOLDER]
    assert (amended / "locales" / f"{DOC}.releases.json").read_bytes() == before


@pytest.mark.parametrize("rule", ["hold", "notice", "mix"])
def test_the_amended_release_follows_each_languages_rule(amended: Path, rule: str) -> None:
    for lang in LANGS:
        set_policy(amended, lang, rule)
    result = run(amended, "release", epoch=RELEASED_2)
    assert f"wrote {amended / 'dist' / DOC / SECOND_FOLDER}" in result.output
    folder = amended / "dist" / DOC / SECOND_FOLDER
    files = manifest(folder)
    english = page(folder, "en")
    assert NEW in english and ADDED in english and OLD not in english
    assert change_log(english) == [
        ui("en", "first_version", version=1, date=day(RELEASED)),
        ui("en", "new_version", version=2, date=day(RELEASED_2), added=1, changed=1, removed=0),
    ]
    assert files[""]["document_version"]["changes"] == {
        "added": [ADDED],
        "changed": [{"from": OLD, "to": NEW}],
        "removed": [],
    }
    recorded = history(amended)["versions"][-1]["languages"]
    for lang in LANGS:
        edition = files[lang]["edition"]
        assert edition["outdated_since"] == "1" and edition["rule"] == rule
        assert sorted(edition["pending"]) == sorted([NEW, ADDED])
        if rule == "hold":
            assert not (folder / lang).exists() and files[lang]["files"] == []
            assert f'hreflang="{lang}"' not in english
            assert f'href="{lang}/{DOC}.html"' not in (folder / "index.html").read_text("utf-8")
            assert edition["published"] == "held" and recorded[lang]["edition"] == "held"
        elif rule == "notice":
            html = page(folder, lang)
            assert FIRST_TEXT[lang] in html and CATCH_UP[lang][ADDED] not in html
            assert NEW not in html and ADDED not in html
            expected = ui(lang, "outdated", version=1, date=day(RELEASED), updated=day(RELEASED_2))
            link = ui(lang, "original", language="en")
            assert notices(html) == [f"{expected} {link}"]
            assert f'<a href="../en/{DOC}.html" hreflang="en">{link}</a>' in html
            assert change_log(html) == [ui(lang, "first_version", version=1, date=day(RELEASED))]
            assert edition["published"] == "previous" and edition["reflects"] == "1"
            assert recorded[lang]["edition"] == "previous"
        else:  # mix: the amended text, what waits for its translation in English, marked
            html = page(folder, lang)
            assert f'<span lang="en" dir="ltr" data-script="Latn">{NEW}</span>' in html
            assert f'<span lang="en" dir="ltr" data-script="Latn">{ADDED}</span>' in html
            assert FIRST_TEXT[lang] not in html
            assert notices(html) == [
                ui(lang, "incomplete", language="en", n=2, total=files[lang]["segments"]["total"])
            ]
            assert len(change_log(html)) == 2
            assert edition["published"] == "current" and edition["reflects"] == "2"
            assert recorded[lang]["edition"] == "current" and not recorded[lang]["complete"]
    rows = json.loads(run(amended, "status", "--format", "json", epoch=RELEASED_2).output)
    behind = {row["lang"]: row["outdated"] for row in rows if row["doc"] == DOC}
    assert {lang: behind[lang]["since"] for lang in LANGS} == {"hy": "1", "fr": "1"}


def test_the_office_document_carries_the_notice_and_the_change_log(amended: Path) -> None:
    import zipfile

    set_policy(amended, "fr", "notice")
    set_policy(amended, "hy", "mix")
    run(amended, "release", epoch=RELEASED_2)
    folder = amended / "dist" / DOC / SECOND_FOLDER
    with zipfile.ZipFile(folder / "fr" / f"{DOC}.docx") as docx:
        xml = docx.read("word/document.xml").decode("utf-8")
    text = "".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", xml))
    notice = ui("fr", "outdated", version=1, date=day(RELEASED), updated=day(RELEASED_2))
    assert " ".join(notice.split()) in " ".join(unescape(text).split())
    assert ui("fr", "versions") in unescape(text)


def test_a_language_that_catches_up_is_published_in_the_amended_version(amended: Path) -> None:
    for lang in LANGS:
        set_policy(amended, lang, "notice")
    run(amended, "release", epoch=RELEASED_2)
    catch_up(amended, "fr", LATER - 600)
    run(amended, "review", "--lang", "fr", "--by", "Second Reader", epoch=LATER - 300)
    table = run(amended, "release", epoch=LATER).output
    assert re.search(rf"^{DOC}\s+fr\s+pass\s+policy met$", table, re.M)
    folder = amended / "dist" / DOC / SECOND_FOLDER
    french = page(folder, "fr")
    assert CATCH_UP["fr"][ADDED] in french and "le 13 mars" in french
    assert notices(french) == []  # no outdated notice, nothing in English
    assert change_log(french) == [
        ui("fr", "first_version", version=1, date=day(RELEASED)),
        ui("fr", "new_version", version=2, date=day(RELEASED_2), added=1, changed=1, removed=0),
    ]
    assert FIRST_TEXT["hy"] in page(folder, "hy")  # Armenian still shows version 1
    recorded = history(amended)["versions"][-1]
    assert recorded["released"] == "2025-03-05T18:40:00Z"  # the version's first release
    french_record = recorded["languages"]["fr"]
    assert french_record["edition"] == "current" and french_record["complete"]
    assert french_record["time_to_publish"]["released"] == history_instant(LATER)
    rows = json.loads(run(amended, "status", "--format", "json", epoch=LATER).output)
    behind = {row["lang"]: row["outdated"] for row in rows if row["doc"] == DOC}
    assert behind["fr"] is None and behind["hy"]["since"] == "1"
    # with nothing changed, a later release changes no byte, the history included
    saved = {p: p.read_bytes() for p in (amended / "dist").rglob("*") if p.is_file()}
    saved[amended / "locales" / f"{DOC}.releases.json"] = history_bytes(amended)
    run(amended, "release", epoch=LATER + 86400)
    assert {p: p.read_bytes() for p in saved} == saved


def history_instant(epoch: int) -> str:
    return dt.datetime.fromtimestamp(epoch, dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def history_bytes(root: Path) -> bytes:
    return (root / "locales" / f"{DOC}.releases.json").read_bytes()


def test_a_declared_version_names_one_text(amended: Path) -> None:
    source = amended / "source" / f"{DOC}.md"
    text = source.read_text(encoding="utf-8")
    source.write_text(text.replace("date: 2024-03-14", "date: 2024-03-14\nversion: 1"), "utf-8")
    line = source.read_text(encoding="utf-8").split("\n").index("version: 1") + 1
    before = history_bytes(amended)
    result = run(amended, "release", "--allow-draft", epoch=RELEASED_2, code=2)
    errors = [line for line in result.output.splitlines() if line.startswith("error:")]
    assert errors == [
        f"error: {source}:{line}: version 1 was released from another text ({DOC}.releases.json) "
        "(give the amended text a new version in its front matter)"
    ]
    assert sorted(p.name for p in (amended / "dist" / DOC).iterdir()) == [FIRST_FOLDER]
    assert history_bytes(amended) == before
    source.write_text(text.replace("date: 2024-03-14", "date: 2024-03-14\nversion: 1.1"), "utf-8")
    run(amended, "release", "--allow-draft", epoch=RELEASED_2)
    assert (amended / "dist" / DOC / "1.1" / "manifest.json").is_file()
    assert [v["version"] for v in history(amended)["versions"]] == ["1", "1.1"]


@pytest.mark.parametrize("command", [("status",), ("status", "--format", "json"), ("release",)])
def test_a_broken_history_is_bad_input(amended: Path, command: tuple[str, ...]) -> None:
    path = amended / "locales" / f"{DOC}.releases.json"
    path.write_text(path.read_text(encoding="utf-8").replace('"versions": [', '"versions": [,'))
    result = run(amended, *command, epoch=RELEASED_2, code=2)
    (error,) = [line for line in result.output.splitlines() if line.startswith("error:")]
    assert error.startswith(f"error: {path}:") and "invalid JSON" in error
    assert "Traceback" not in result.output
    assert sorted(p.name for p in (amended / "dist" / DOC).iterdir()) == [FIRST_FOLDER]
    if command[0] == "status":  # the progress of every catalog is still shown
        assert "water-points" in result.stdout and DOC in result.stdout
