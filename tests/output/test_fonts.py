"""Font stacks as data, and glyph coverage warnings for pages and PDFs (issue 24)."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import polib
from support.projects import cli, small_project
from support.tools import require_tool

from alerti18n.language.scripts import facts, known_scripts
from alerti18n.output.fonts import describe, missing_glyphs, page_text, stylesheet

#: Toto (Unicode 14): a script no font of Debian's Noto packages covers yet.
TOTO = "\U0001e290\U0001e291\U0001e292"


def test_every_script_without_italics_gets_upright_emphasis() -> None:
    css = stylesheet()
    upright = re.search(r":is\(([^)]*)\) :is\(em, i, cite\) \{ font-style: normal", css)
    assert upright, css
    scripts = set(re.findall(r'data-script="(\w+)"', upright.group(1)))
    assert scripts == {code for code in known_scripts() if not facts(code).italic}
    assert {"Ethi", "Beng", "Hani", "Arab", "Hang", "Thai", "Mymr", "Khmr"} <= scripts
    assert not {"Latn", "Cyrl", "Grek", "Armn"} & scripts


def test_stacks_come_from_the_data_with_urdu_in_nastaliq() -> None:
    css = stylesheet()
    for code in known_scripts():
        assert f'--font-{code}: "{facts(code).fonts[0]}"' in css
    assert re.search(r'\[lang\|="ur"\] \{ font-family: "Noto Nastaliq Urdu"', css)
    assert re.search(r'\[lang\|="ja"\] \{ font-family: "Noto Sans CJK JP"', css)


def test_missing_glyphs_are_named_with_their_package() -> None:
    assert missing_glyphs("abc ქართული " + TOTO) == set(TOTO)
    [sentence] = describe(set(TOTO))
    assert (
        "3 Toto character(s)" in sentence
        and "install the Debian package fonts-noto-core" in sentence
    )
    [cjk] = describe({"日", "本", "한"})
    assert "Han, Hangul" in cjk and "fonts-noto-cjk" in cjk
    assert page_text("<p>a&amp;b<style>x{}</style></p>") == " a&b  "


def test_build_warns_about_characters_no_font_has(tmp_path: Path) -> None:
    root = small_project(tmp_path, "# Notice\n\nWater is here.\n", "am")
    path = root / "locales" / "am" / "alert.po"
    po = polib.pofile(str(path))
    po.find("Notice").msgstr = "ማስታወቂያ"
    po.find("Water is here.").msgstr = f"ውሃ እዚህ አለ። {TOTO}"
    po.save()
    output = cli(root, "build", "--lang", "am", "--format", "html,pdf")
    for where in ("am/alert.html", "PDF"):
        assert f"warning: {where}: no font has glyphs for 3 Toto character(s)" in output, output
    assert output.count("install the Debian package fonts-noto-core") == 2


def test_emphasis_in_a_script_without_italics_embeds_no_slanted_font(tmp_path: Path) -> None:
    pdffonts = require_tool("pdffonts")
    root = small_project(tmp_path, "# Notice\n\nWater is *here* now.\n", "am,bn")
    for lang, text in (("am", "ውሃ *አሁን* እዚህ አለ።"), ("bn", "পানি *এখন* এখানে আছে।")):
        path = root / "locales" / lang / "alert.po"
        po = polib.pofile(str(path))
        po.find("Water is *here* now.").msgstr = text
        po.save()
    cli(root, "build", "--format", "html,pdf")
    for lang in ("am", "bn"):
        pdf = root / "build" / lang / "alert.pdf"
        fonts = subprocess.run([pdffonts, str(pdf)], capture_output=True, text=True, check=True)
        assert "Oblique" not in fonts.stdout and "Italic" not in fonts.stdout, fonts.stdout
        assert "Bold" in fonts.stdout, fonts.stdout  # the emphasis is there, upright and bold
