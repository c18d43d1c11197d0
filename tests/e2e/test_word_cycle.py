"""A Word alert through the whole cycle in French, Armenian and Arabic, nothing lost.

The alert (``support.docx.write_complex_alert``, written by python-docx) has
footnotes and an endnote, a table whose cells hold two paragraphs, a list and
a table, a table without header row, a definition list, superscript, small
capitals, a nested list numbered from 3 and a cross-reference. It is
imported, extracted, merged, every entry of every catalog is filled, and it is
built as DOCX, ODT, HTML, PDF and text. Each output of each language must
show every translated sentence (its visible text, as markdown-it reads the
msgstr), its notes as real notes (Word footnotes, ODF notes, the page's
DPUB-ARIA notes), its tables with their cells and the definition list as one;
the Arabic DOCX runs right to left, tables and section included.
"""

from __future__ import annotations

import re
import subprocess
import zipfile
from pathlib import Path

import docx
import lxml.html
import pytest
from click.testing import CliRunner
from lxml import etree
from markdown_it import MarkdownIt
from support.docx import COMPLEX, write_complex_alert
from support.projects import invoke
from support.tools import require_tool

from alerti18n.cli.main import main
from alerti18n.output.text import inline_text
from alerti18n.po.pofile import read_po, write_po

pytestmark = [pytest.mark.pandoc, pytest.mark.weasyprint, pytest.mark.slow]

LANGS = ("fr", "hy", "ar")
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
ODF = {
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
}
_NOTE_REFERENCE = re.compile(r"\[\^[^\]\s]+\]")


def fill(project: Path) -> dict[str, list[str]]:
    """Translate every entry as ``«lang» msgid``; each language's msgstrs."""
    filled: dict[str, list[str]] = {}
    for lang in LANGS:
        path = project / "locales" / lang / "complex.po"
        po = read_po(path)
        for entry in po:
            if entry.msgid and not entry.obsolete:
                entry.msgstr = f"«{lang}» {entry.msgid}"
                entry.flags = [f for f in entry.flags if f != "fuzzy"]
        write_po(po, path)
        filled[lang] = [e.msgstr for e in po if e.msgid and not e.obsolete]
    return filled


def visible(msgstr: str) -> str:
    """What a reader sees of a msgstr: markup and note references left out."""
    tokens = MarkdownIt("commonmark", {"html": True}).parseInline(_NOTE_REFERENCE.sub("", msgstr))
    return inline_text(tokens[0])


def letters(text: str) -> str:
    """Letters and digits only: line breaks, hyphenation and bidi order of punctuation
    (pdftotext's reading of a right-to-left page) do not count."""
    return "".join(c for c in text if c.isalnum())


def docx_text(path: Path) -> str:
    package = zipfile.ZipFile(path)
    parts = ("word/document.xml", "word/footnotes.xml")
    return " ".join(
        "".join(etree.fromstring(package.read(p)).itertext())
        for p in parts
        if p in package.namelist()
    )


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, list[str]]]:
    tmp = tmp_path_factory.mktemp("cycle")
    root = tmp / "p"
    result = CliRunner().invoke(main, ["init", str(root), "--target", ",".join(LANGS)])
    assert result.exit_code == 0, result.output
    for path in (root / "source").glob("*.md"):
        path.unlink()
    result = invoke(root, "import", str(write_complex_alert(tmp / "complex.docx")))
    assert result.exit_code == 0 and "warning" not in result.output, result.output
    for step in ("extract", "update"):
        assert invoke(root, step).exit_code == 0
    filled = fill(root)
    result = invoke(root, "build", "--format", "docx,odt,html,pdf,txt")
    assert result.exit_code == 0, result.output
    return root, filled


@pytest.mark.parametrize("lang", LANGS)
def test_every_translated_sentence_is_in_every_output(built, lang: str) -> None:
    root, filled = built
    out = root / "build" / lang
    pdftotext = require_tool("pdftotext")
    pdf = subprocess.run(
        [pdftotext, "-raw", str(out / "complex.pdf"), "-"], capture_output=True, text=True
    )
    odt = zipfile.ZipFile(out / "complex.odt").read("content.xml")
    texts = {
        "html": lxml.html.fromstring((out / "complex.html").read_bytes()).body.text_content(),
        "txt": (out / "complex.txt").read_text(encoding="utf-8"),
        "docx": docx_text(out / "complex.docx"),
        "odt": "".join(etree.fromstring(odt).itertext()),
        "pdf": pdf.stdout,
    }
    expected = [visible(msgstr) for msgstr in filled[lang]]
    assert len(expected) >= 30
    for fmt, text in texts.items():
        found = letters(text)
        missing = [sentence for sentence in expected if letters(sentence) not in found]
        assert missing == [], (lang, fmt)


@pytest.mark.parametrize("lang", LANGS)
def test_notes_tables_and_definitions_stay_what_they_are(built, lang: str) -> None:
    root, _ = built
    out = root / "build" / lang
    page = lxml.html.fromstring((out / "complex.html").read_bytes())
    assert page.get("dir") == ("rtl" if lang == "ar" else "ltr")
    assert len(page.xpath("//a[@role='doc-noteref']")) == 2
    notes = page.xpath("//section[@role='doc-endnotes']/ol/li")
    assert len(notes) == 2 and len(notes[0].findall("p")) == 2
    outer = page.xpath("//main//table[not(ancestor::table)]")
    assert len(outer) == 2 and len(outer[0].xpath(".//td//table")) == 1
    assert any(len(td.findall("p")) == 2 for td in outer[0].xpath(".//td"))
    assert [len(r.xpath("./td")) for r in outer[1].xpath(".//tr")] == [2]
    assert len(page.xpath("//dl/dt")) == len(page.xpath("//dl/dd")) == 1

    document = docx.Document(str(out / "complex.docx"))
    body = document.element.body
    assert len(body.findall(f".//{W}footnoteReference")) == 2
    footnotes = etree.fromstring(zipfile.ZipFile(out / "complex.docx").read("word/footnotes.xml"))
    texts = ["".join(n.itertext()) for n in footnotes.iter(f"{W}footnote")]
    assert any(COMPLEX["endnote"] in t for t in texts)
    assert len(document.tables) == 2 and len(document.tables[0].cell(2, 1).tables) == 1
    assert len(document.tables[0].cell(1, 1).paragraphs) == 2
    assert [len(row.cells) for row in document.tables[1].rows] == [2]
    styles = [p.style.name for p in document.paragraphs]
    assert "Definition Term" in styles and "Definition" in styles
    rtl = lang == "ar"
    tables = list(body.iter(f"{W}tbl"))
    assert all((t.find(f"{W}tblPr/{W}bidiVisual") is not None) is rtl for t in tables)
    assert (body.find(f"{W}sectPr/{W}bidi") is not None) is rtl

    (link,) = [e for e in body.iter(f"{W}hyperlink") if e.get(f"{W}anchor")]
    marks = {m.get(f"{W}name"): m for m in body.iter(f"{W}bookmarkStart")}
    assert "Table 1: casualties by month" in "".join(
        marks[link.get(f"{W}anchor")].getparent().itertext()
    )
    (target,) = page.xpath("//a[starts-with(@href, '#_Ref')]/@href")
    assert page.xpath(f"//*[@id='{target[1:]}']")

    content = etree.fromstring(zipfile.ZipFile(out / "complex.odt").read("content.xml"))
    assert len(content.findall(".//text:note", ODF)) == 2
    assert len(content.findall(".//table:table-cell//table:table", ODF)) == 1
    href = content.find(".//text:a", ODF).get("{http://www.w3.org/1999/xlink}href")
    names = [b.get(f"{{{ODF['text']}}}name") for b in content.iter(f"{{{ODF['text']}}}bookmark")]
    assert href[1:] in names
