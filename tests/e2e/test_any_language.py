"""The any-language fixture project: checks, pages and PDFs in ar, fa, uk, ru, es, de, hy, fr.

The catalogs in ``tests/roots/any-language/locales/`` were made by the CLI
(``extract``, ``update``, with ``SOURCE_DATE_EPOCH=1715443200``), then filled
by hand with careful translations and put in canonical form by ``fmt``. The
Arabic catalog leaves one sentence untranslated, so the Arabic page shows an
English fallback sentence. The source's table holds numbers (``1,350``): each
language writes them its own way. After a change to segmentation, re-run
``extract`` and ``update`` there and translate what they add.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import polib
import pytest
from babel.numbers import format_decimal
from click.testing import CliRunner
from support.browser import open_page
from support.projects import ROOTS
from support.tools import require_tool

from alerti18n.cli.main import main
from alerti18n.language.profiles import script_of

pytestmark = pytest.mark.slow

ROOT = ROOTS / "any-language"
LANGS = ("ar", "fa", "uk", "ru", "es", "de", "hy", "fr")
AID = "Aid convoys must be allowed through without delay."
#: The number cells of the source table, and how each catalog writes 1,350 (by hand).
CELL = "1,350"
WRITTEN = {
    "ar": "١٬٣٥٠",
    "fa": "۱٬۳۵۰",
    "uk": "1\u00a0350",
    "ru": "1\u00a0350",
    "es": "1350",
    "de": "1.350",
    "hy": "1\u00a0350",
    "fr": "1\u202f350",
}


def _cli(project: Path, *args: str, code: int = 0) -> str:
    result = CliRunner().invoke(main, [*args, "--project", str(project)])
    assert result.exit_code == code, result.output
    return result.output


def _copy(where: Path) -> Path:
    project = where / "project"
    shutil.copytree(ROOT, project)
    return project


def _content_findings(project: Path, *args: str) -> list[dict]:
    result = CliRunner().invoke(
        main, ["check", "--format", "json", *args, "--project", str(project)]
    )
    findings = json.loads(result.output)
    return [f for f in findings if f["check"] != "untranslated" and not f["waived"]]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = _copy(tmp_path_factory.mktemp("any"))
    _cli(project, "build", "--format", "md,html")
    _cli(project, "build", "--lang", "ar,fa,uk", "--format", "html,pdf")
    return project


def test_catalogs_are_what_extract_and_update_make(tmp_path: Path) -> None:
    project = _copy(tmp_path)
    _cli(project, "extract")
    _cli(project, "update")
    for path in sorted(ROOT.glob("locales/**/*.po*")):
        made = project / path.relative_to(ROOT)
        assert made.read_bytes() == path.read_bytes(), f"{path} is stale: re-run extract, update"
    assert {p.parent.name for p in ROOT.glob("locales/*/ceasefire.po")} == set(LANGS)


def test_correct_translations_have_no_content_findings(built: Path) -> None:
    assert _content_findings(built) == []
    untranslated = json.loads(_cli(built, "check", "--format", "json"))
    assert [(f["path"], f["msgid"]) for f in untranslated if f["check"] == "untranslated"] == [
        ("locales/ar/ceasefire.po", AID)
    ]


@pytest.mark.parametrize(
    ("lang", "wrong", "check"),
    [
        ("uk", "1,350", "numbers"),  # read as 1.35 in Ukrainian
        ("ru", "1,350", "numbers"),
        ("de", "1,350", "numbers"),
        ("uk", "13\u00a050", "numbers"),
        ("fa", "١٬٣٥", "numbers"),
    ],
)
def test_a_number_cell_in_another_locales_format_is_an_error(
    tmp_path: Path, lang: str, wrong: str, check: str
) -> None:
    project = _copy(tmp_path)
    path = project / "locales" / lang / "ceasefire.po"
    po = polib.pofile(str(path))
    po.find(CELL).msgstr = wrong
    po.save()
    found = _content_findings(project, "--lang", lang)
    assert [(f["check"], f["severity"], f["msgid"]) for f in found if f["severity"] == "error"] == [
        (check, "error", CELL)
    ], found


def test_every_language_builds_and_shows_table_numbers_in_its_format(built: Path) -> None:
    for lang in LANGS:
        md = (built / "build" / lang / "ceasefire.md").read_text(encoding="utf-8")
        assert f"| {WRITTEN[lang]} |" in md, (lang, md)
        assert "| 2023 |" in md, "a year is no segment: it stays as the source writes it"
        html = (built / "build" / lang / "ceasefire.html").read_text(encoding="utf-8")
        assert f'<html lang="{lang}"' in html and f"<td>{WRITTEN[lang]}</td>" in html
        assert f"<td>{CELL}</td>" not in html
    # the hand-written forms agree with CLDR where CLDR has one spelling (Babel's format)
    for lang in ("uk", "ru", "de", "hy"):
        assert WRITTEN[lang].replace("\u00a0", " ") == format_decimal(1350, locale=lang).replace(
            "\u00a0", " "
        )


def test_fallback_sentence_and_english_strings_are_marked_and_isolated(built: Path) -> None:
    html = (built / "build" / "ar" / "ceasefire.html").read_text(encoding="utf-8")
    assert '<html lang="ar" dir="rtl" data-script="Arab">' in html
    assert f'<span lang="en" dir="ltr" data-script="Latn">{AID}</span>' in html
    # page strings: in Arabic (from the page catalogs), or English marked and isolated
    for pattern in (r'<p class="notice" role="note"[^>]*>', r'<footer class="meta"><p[^>]*>'):
        tag = re.search(pattern + r"(.*?)</p>", html, re.S)
        assert tag, pattern
        arabic = any(script_of(c) == "Arab" for c in re.sub("<[^>]*>", "", tag.group(1)))
        assert arabic or 'lang="en" dir="ltr"' in tag.group(0), tag.group(0)
    uk = (built / "build" / "uk" / "ceasefire.html").read_text(encoding="utf-8")
    main_uk = uk.split("<main>")[1].split("</main>")[0]
    assert "Інститут Лемкіна" in main_uk and 'lang="en"' not in main_uk  # all translated


def test_arabic_pdf_embeds_an_arabic_font(built: Path) -> None:
    pdffonts = require_tool("pdffonts")
    for lang in ("ar", "fa"):
        pdf = built / "build" / lang / "ceasefire.pdf"
        fonts = subprocess.run([pdffonts, str(pdf)], capture_output=True, text=True, check=True)
        assert "+Noto-Naskh-Arabic " in fonts.stdout, fonts.stdout  # embedded, subset


def test_fallback_is_laid_out_left_to_right_in_chromium(built: Path, browser) -> None:  # noqa: F811
    errors, _ = open_page(browser, built / "build" / "ar" / "ceasefire.html")
    assert errors == []
    measured = browser.execute_script(
        """
        const span = document.querySelector('main span[lang="en"]');
        const text = span.firstChild, s = text.data;
        const box = (from, to) => { const r = document.createRange();
            r.setStart(text, from); r.setEnd(text, to); return r.getBoundingClientRect(); };
        const first = box(0, 3), last = box(s.indexOf('delay'), s.indexOf('delay') + 5);
        const stop = box(s.length - 1, s.length);
        return {dir: getComputedStyle(span).direction,
                page: getComputedStyle(span.parentElement).direction,
                first: first.left, last: last.left, stop: stop.left,
                top: [first.top, last.top]};
        """
    )
    assert measured["page"] == "rtl" and measured["dir"] == "ltr"
    assert measured["top"][0] == measured["top"][1], "the sentence should fit on one line"
    # English reads left to right and its full stop ends it on the right
    assert measured["first"] < measured["last"] < measured["stop"], measured


@pytest.mark.parametrize("lang", ["ar", "fa", "uk"])
def test_page_screenshot(built: Path, browser, site: Path, lang: str) -> None:  # noqa: F811
    """Screenshots to look at (``ALERTI18N_SCREENSHOTS=/some/dir`` keeps a copy)."""
    errors, _ = open_page(browser, built / "build" / lang / "ceasefire.html")
    assert errors == []
    shot = site / "screenshots" / f"any-language-{lang}.png"
    assert browser.save_screenshot(str(shot)) and shot.stat().st_size > 10_000
    copy_to = os.environ.get("ALERTI18N_SCREENSHOTS")
    if copy_to:
        Path(copy_to).mkdir(parents=True, exist_ok=True)
        shutil.copy(shot, Path(copy_to) / shot.name)
