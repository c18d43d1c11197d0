"""The any-language fixture project: checks, pages and PDFs in ar, fa and uk.

Translations are written here with care (the catalogs are made by ``update``
and filled at test time); the Arabic catalog leaves one sentence untranslated,
so the Arabic page shows an English fallback sentence.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import polib
import pytest
from click.testing import CliRunner
from conftest import require_tool
from test_browser import browser, open_page, site  # noqa: F401  (Chromium fixtures)

from alerti18n.cli import main

ROOT = Path(__file__).parent / "roots" / "any-language"
NBSP = "\u00a0"
TITLE = "Humanitarian pause now"
FLED = "About 17,000 people have fled since May 11; 4,200 of them are children."
CALL = "The Lemkin Institute calls for a humanitarian pause."
AID = "Aid convoys must be allowed through without delay."
TRANSLATIONS = {
    "ar": {
        TITLE: "هدنة إنسانية الآن",
        FLED: "فرّ نحو ١٧٬٠٠٠ شخص منذ ١١ مايو، من بينهم ٤٬٢٠٠ طفل.",
        CALL: "يدعو معهد ليمكين إلى هدنة إنسانية.",
    },
    "fa": {
        TITLE: "وقفهٔ انسانی، همین حالا",
        FLED: "از ۱۱ مه حدود ۱۷٬۰۰۰ نفر گریخته‌اند که ۴٬۲۰۰ نفر از آنان کودک هستند.",
        CALL: "مؤسسهٔ لمکین خواستار وقفه‌ای انسانی است.",
        AID: "کاروان‌های کمک‌رسانی باید بی‌درنگ اجازهٔ عبور بیابند.",
    },
    "uk": {
        TITLE: "Гуманітарну паузу — негайно",
        FLED: f"Від 11 травня втекли близько 17{NBSP}000 людей; 4{NBSP}200 із них — діти.",
        CALL: "Інститут Лемкіна закликає до гуманітарної паузи.",
        AID: "Гуманітарні конвої мають пропускати без зволікань.",
    },
}


def _cli(project: Path, *args: str) -> str:
    result = CliRunner().invoke(main, [*args, "--project", str(project)])
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = tmp_path_factory.mktemp("any") / "project"
    shutil.copytree(ROOT, project)
    _cli(project, "extract")
    _cli(project, "update", "--lang", "ar,fa,uk")
    for lang, table in TRANSLATIONS.items():
        path = project / "locales" / lang / "ceasefire.po"
        po = polib.pofile(str(path))
        for entry in po:
            entry.msgstr = table.get(entry.msgid, "")
            entry.flags = [f for f in entry.flags if f != "fuzzy"]
        po.save()
    _cli(project, "build", "--lang", "ar,fa,uk", "--format", "html,pdf")
    return project


def test_correct_translations_have_no_content_findings(built: Path) -> None:
    result = CliRunner().invoke(
        main, ["check", "--lang", "ar,fa,uk", "--format", "json", "--project", str(built)]
    )
    findings = json.loads(result.output)
    content = [f for f in findings if f["check"] not in ("untranslated",)]
    assert content == [], content


def test_fallback_sentence_and_english_strings_are_marked_and_isolated(built: Path) -> None:
    html = (built / "build" / "ar" / "ceasefire.html").read_text(encoding="utf-8")
    assert '<html lang="ar" dir="rtl" data-script="Arab">' in html
    assert f'<span lang="en" dir="ltr" data-script="Latn">{AID}</span>' in html
    assert '<p class="notice" role="note" lang="en" dir="ltr"' in html
    assert '<footer class="meta"><p lang="en" dir="ltr"' in html
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
