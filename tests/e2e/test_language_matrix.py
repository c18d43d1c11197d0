"""The language matrix: one short alert in 25 languages and 18 scripts, checked and built.

``tests/roots/language-matrix`` holds the alert (``source/evacuation.md``)
and its catalogs, made by ``extract`` and ``update`` (with
``SOURCE_DATE_EPOCH=1715443200``), then filled with translations written for
this test (see the fixture's README: not reviewed by native speakers). For
every language: the correct text has no finding; a changed number, another
language's quotation marks and a letter of another script are each caught;
the page says its language and direction; every character of the PDF has a
glyph in an embedded font; emphasis is upright where the script has no
italics; page strings are the language's or English marked as English.

It builds every language's HTML and PDF once (a module fixture): slow, so
marked ``slow`` (``pytest -m "not slow"`` skips it).
"""

from __future__ import annotations

import functools
import json
import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

import polib
import pytest
from support.browser import open_page
from support.projects import ROOTS, cli
from support.tools import require_tool

from alerti18n.checks import run_checks
from alerti18n.checks._util import number_pattern, numbers
from alerti18n.core.config import load_project
from alerti18n.language.pagestrings import SHIPPED
from alerti18n.language.profiles import base, profile
from alerti18n.language.scripts import facts, script_of
from alerti18n.output.fonts import page_text
from alerti18n.output.render import autonym, text_direction

pytestmark = pytest.mark.slow

ROOT = ROOTS / "language-matrix"
DOC = "evacuation"
LANGS = tuple(load_project(ROOT).target_languages)
COUNT = "About 30,000 people have fled their homes since 11 May; 4,200 of them are children."
QUOTED = "Officials call the residents “terrorists”."
CALL = "The Lemkin Institute calls for an *immediate* humanitarian pause."
#: Quotation mark pairs to plant: the first one a language does not use.
FOREIGN_QUOTES = (("«", "»"), ("„", "“"), ("「", "」"), ("“", "”"))


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    project = tmp_path_factory.mktemp("matrix") / "project"
    shutil.copytree(ROOT, project, ignore=shutil.ignore_patterns("README.md"))
    output = cli(project, "build", "--format", "html,pdf")
    return project, output


def _catalog(lang: str) -> polib.POFile:
    return polib.pofile(str(ROOT / "locales" / lang / f"{DOC}.po"))


def _errors_and_warnings(po: polib.POFile, lang: str) -> list[tuple[str, str, str]]:
    path = Path(f"{lang}.po")
    return [(f.check, f.severity, f.message) for f in run_checks(po, path, lang)]


def test_the_matrix_spans_25_languages_and_15_scripts() -> None:
    assert len(LANGS) >= 25
    writing_systems = {profile(lang).scripts for lang in LANGS}
    assert len(writing_systems) >= 15, writing_systems
    assert {"Thai", "Laoo", "Mymr", "Khmr", "Ethi", "Beng", "Taml", "Geor", "Hang"} <= {
        profile(lang).script for lang in LANGS
    }


def test_catalogs_are_what_extract_and_update_make(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1715443200")
    project = tmp_path / "project"
    shutil.copytree(ROOT, project)
    cli(project, "extract")
    cli(project, "update")
    for path in sorted(ROOT.glob("locales/**/*.po*")):
        made = project / path.relative_to(ROOT)
        assert made.read_bytes() == path.read_bytes(), f"{path} is stale: re-run extract, update"


def test_correct_translations_have_no_finding(built: tuple[Path, str]) -> None:
    project, _ = built
    findings = json.loads(cli(project, "check", "--format", "json"))
    assert findings == []


@pytest.mark.parametrize("lang", LANGS)
def test_a_changed_number_is_caught(lang: str) -> None:
    po = _catalog(lang)
    entry = po.find(COUNT)
    match = next(
        m for m in number_pattern(lang).finditer(entry.msgstr) if numbers(m.group(0), lang)["4200"]
    )
    digit = match.group(0)[0]
    changed = chr(ord(digit) + 1)  # 4 -> 5 in the numbering system the translator used
    entry.msgstr = entry.msgstr[: match.start()] + changed + entry.msgstr[match.start() + 1 :]
    found = _errors_and_warnings(po, lang)
    assert ("numbers", "error") in {(c, s) for c, s, _ in found}, found


@pytest.mark.parametrize("lang", LANGS)
def test_another_languages_quotes_are_caught(lang: str) -> None:
    po = _catalog(lang)
    entry = po.find(QUOTED)
    own = profile(lang).quotes
    opening, closing = next(p for p in FOREIGN_QUOTES if p[0] not in own and p[1] not in own)
    used = [c for c in entry.msgstr if c in own]
    assert len(used) == 2, entry.msgstr
    entry.msgstr = entry.msgstr.replace(used[0], opening, 1)
    entry.msgstr = entry.msgstr[::-1].replace(used[1], closing, 1)[::-1]
    found = _errors_and_warnings(po, lang)
    assert any("quotes" in message for _, _, message in found), found


@pytest.mark.parametrize("lang", LANGS)
def test_a_letter_of_another_script_is_caught(lang: str) -> None:
    po = _catalog(lang)
    entry = po.find(CALL)
    foreign = "λ" if "Cyrl" in profile(lang).scripts else "ж"
    words = re.findall(r"\w+", entry.msgstr.replace("*", " "))
    word = max(words, key=len)
    middle = len(word) // 2
    entry.msgstr = entry.msgstr.replace(word, word[:middle] + foreign + word[middle:], 1)
    found = _errors_and_warnings(po, lang)
    assert any(c == "script" and s == "error" for c, s, _ in found), (entry.msgstr, found)


@pytest.mark.parametrize("lang", LANGS)
def test_the_page_says_its_language_and_direction(built: tuple[Path, str], lang: str) -> None:
    project, _ = built
    html = (project / "build" / lang / f"{DOC}.html").read_text(encoding="utf-8")
    direction = text_direction(lang)
    assert f'<html lang="{lang}" dir="{direction}" data-script="{profile(lang).script}">' in html
    assert (direction == "rtl") == (lang in ("he", "ar", "fa", "ur"))


def test_every_page_and_switcher_character_has_a_font(built: tuple[Path, str]) -> None:
    _, output = built
    assert "no font has glyphs" not in output, output
    assert "warning" not in output, output


def _printed_text(html: str) -> str:
    """What the print stylesheet shows: the page less the language menu."""
    return page_text(re.sub(r'(?s)<nav class="languages".*?</nav>', " ", html))


@functools.cache
def _installed_fonts() -> dict[str, tuple[str, ...]]:
    """Each installed font family and its files (fontconfig's fc-list)."""
    listing = subprocess.run(
        [require_tool("fc-list"), "--format", "%{family[0]}\t%{file}\n"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    families: dict[str, list[str]] = {}
    for line in listing.splitlines():
        family, _, file = line.partition("\t")
        families.setdefault(family, []).append(file)
    return {family: tuple(files) for family, files in families.items()}


@functools.cache
def _characters(file: str) -> frozenset[int]:
    """The code points a font file has a glyph for (its cmap, read by fontTools)."""
    from fontTools.ttLib import TTCollection, TTFont

    if file.endswith((".ttc", ".otc")):
        fonts = TTCollection(file, lazy=True).fonts
    else:
        fonts = [TTFont(file, lazy=True)]
    return frozenset(code for font in fonts for code in (font.getBestCmap() or {}))


def _embedded_families(pdf: Path) -> set[str]:
    """The installed families of the fonts a PDF embeds (pdffonts; subset tags dropped)."""
    listing = subprocess.run(
        [require_tool("pdffonts"), str(pdf)], capture_output=True, text=True, check=True
    ).stdout
    rows = listing.splitlines()[2:]
    assert rows and all(re.search(r"\byes\s+yes\s+yes\b", row) for row in rows), listing
    found = set()
    for row in rows:
        name = row.split()[0].split("+", 1)[-1].replace("-", " ")
        family = max((f for f in _installed_fonts() if name.startswith(f)), key=len, default="")
        assert family, f"{name}: no installed font family of that name"
        found.add(family)
    return found


@pytest.mark.parametrize("lang", LANGS)
def test_every_character_of_the_pdf_has_a_glyph_in_an_embedded_font(
    built: tuple[Path, str], lang: str
) -> None:
    """Each font is embedded (and subset); each character the printed page shows is in the
    cmap of one of the embedded fonts' files (fontTools)."""
    project, _ = built
    families = _embedded_families(project / "build" / lang / f"{DOC}.pdf")
    covered = frozenset().union(
        *(_characters(file) for family in families for file in _installed_fonts()[family])
    )
    html = (project / "build" / lang / f"{DOC}.html").read_text(encoding="utf-8")
    printed = {
        c for c in _printed_text(html) if not c.isspace() and unicodedata.category(c) != "Cf"
    }
    assert {c for c in printed if ord(c) not in covered} == set(), families


@pytest.mark.parametrize("lang", LANGS)
def test_emphasis_has_no_synthetic_slant_where_the_script_has_no_italics(
    built: tuple[Path, str], lang: str
) -> None:
    pdffonts = require_tool("pdffonts")
    project, _ = built
    pdf = project / "build" / lang / f"{DOC}.pdf"
    fonts = subprocess.run([pdffonts, str(pdf)], capture_output=True, text=True, check=True)
    slanted = re.findall(r"\S*(?:Italic|Oblique)\S*", fonts.stdout)
    if facts(profile(lang).script).italic:
        assert slanted, fonts.stdout  # the emphasis is in italics
    else:
        assert slanted == [], fonts.stdout


def test_emphasis_is_upright_in_the_browser_where_the_script_has_no_italics(
    built: tuple[Path, str],
    browser,  # noqa: F811
) -> None:
    project, _ = built
    styles = {}
    for lang in LANGS:
        errors, _ = open_page(browser, project / "build" / lang / f"{DOC}.html")
        assert errors == []
        styles[lang] = browser.execute_script(
            "return getComputedStyle(document.querySelector('main em')).fontStyle"
        )
    expected = {
        lang: "italic" if facts(profile(lang).script).italic else "normal" for lang in LANGS
    }
    assert styles == expected


@pytest.mark.parametrize("lang", LANGS)
def test_page_strings_are_the_languages_or_marked_english(
    built: tuple[Path, str], lang: str
) -> None:
    project, _ = built
    html = (project / "build" / lang / f"{DOC}.html").read_text(encoding="utf-8")
    footer = re.search(r'<footer class="meta"><p([^>]*)>(.*?)</p>', html, re.S)
    assert footer, html
    if (SHIPPED / f"{base(lang)}.po").is_file():
        assert footer.group(1) == "", footer.group(0)  # in the page's language
        assert profile(lang).scripts & {script_of(c) for c in page_text(footer.group(2))}
    else:
        assert 'lang="en" dir="ltr"' in footer.group(1), footer.group(0)
    menu = re.findall(r'hreflang="([^"]+)" lang="[^"]+" data-script="[^"]+"[^>]*>([^<]*)</a>', html)
    assert dict(menu) == {code: autonym(code) for code in ("en", *LANGS)}


def test_cjk_sentences_are_joined_as_the_script_joins_them(built: tuple[Path, str]) -> None:
    project, _ = built
    zh = (project / "build" / "zh" / f"{DOC}.html").read_text(encoding="utf-8")
    ja = (project / "build" / "ja" / f"{DOC}.html").read_text(encoding="utf-8")
    assert "最近的避难所在5公里外。莱姆金研究所" in zh
    assert "先にあります。レムキン研究所" in ja
    ko = (project / "build" / "ko" / f"{DOC}.html").read_text(encoding="utf-8")
    assert "떨어져 있습니다. 렘킨 연구소는" in ko  # Korean sentences keep their space
