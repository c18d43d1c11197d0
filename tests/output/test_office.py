"""ODT out for a right-to-left language: every paragraph reads right to left (real pandoc).

The built ODT is read back with lxml, each paragraph's writing mode found as
an office suite finds it (its style, the style's parents, the default
paragraph style, the page); then a real LibreOffice (``soffice``, installed by
.ci/run) converts it to DOCX, and Word's own markup there (``w:bidi``) must
say the same: the direction is read by an office suite, not only written.
"""

from __future__ import annotations

import subprocess
import zipfile
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner
from docx.oxml.ns import qn
from lxml import etree
from support.docx import translate_all
from support.projects import invoke
from support.tools import require_tool

from alerti18n.cli.main import main

pytestmark = pytest.mark.pandoc

NS = {
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "style": "urn:oasis:names:tc:opendocument:xmlns:style:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
    "fo": "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0",
}
ALERT = """---
title: Urgent alert
date: 2023-09-22
publisher: Jane Doe
lang: en
---

# What happened

The blockade has lasted nine months.

> Food and medicine cannot enter.

- Open the corridor now.
- Let observers in.

| Date | Event |
|---|---|
| 12 December | The road was closed. |
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project translating the alert into Arabic and French, built as ODT."""
    root = tmp_path_factory.mktemp("odt") / "p"
    result = CliRunner().invoke(main, ["init", str(root), "--target", "ar,fr", "--name", "t"])
    assert result.exit_code == 0, result.output
    for path in (root / "source").glob("*.md"):
        path.unlink()
    (root / "source" / "alert.md").write_text(ALERT, encoding="utf-8")
    for step in ("extract", "update"):
        assert invoke(root, step).exit_code == 0
    translate_all(root)
    result = invoke(root, "build", "--format", "odt")
    assert result.exit_code == 0, result.output
    return root


def q(prefix: str, name: str) -> str:
    """The Clark name ``{namespace}name`` of ``prefix:name``."""
    return f"{{{NS[prefix]}}}{name}"


def hardened() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)


def writing_modes(path: Path) -> list[tuple[str, str]]:
    """(text, writing mode) of every paragraph and heading of the ODT's body.

    The mode is looked up as ODF says: the paragraph's style (automatic styles
    first, then named ones), its parents, the default paragraph style; ``page``
    (or nothing) means the page layout's mode.
    """
    package = zipfile.ZipFile(path)
    content = etree.fromstring(package.read("content.xml"), hardened())
    styles = etree.fromstring(package.read("styles.xml"), hardened())
    key = q("style", "name")
    named = {s.get(key): s for s in styles.iterfind("office:styles/style:style", NS)}
    automatic = {s.get(key): s for s in content.iterfind("office:automatic-styles/style:style", NS)}
    default = styles.find("office:styles/style:default-style[@style:family='paragraph']", NS)
    page = styles.find(".//style:page-layout-properties", NS)
    page_mode = page.get(q("style", "writing-mode"), "lr-tb")

    def mode_of(style: etree._Element | None, seen: int = 0) -> str:
        if style is None or seen > 20:
            style = default
        props = style.find("style:paragraph-properties", NS)
        mode = props.get(q("style", "writing-mode")) if props is not None else None
        if mode is None and style is not default:
            parent = style.get(q("style", "parent-style-name"))
            return mode_of(named.get(parent) if parent else default, seen + 1)
        return page_mode if mode in (None, "page") else mode

    found = []
    body = content.find("office:body/office:text", NS)
    for paragraph in body.iter(q("text", "p"), q("text", "h")):
        name = paragraph.get(q("text", "style-name"))
        style = automatic[name] if name in automatic else named.get(name)
        found.append(("".join(paragraph.itertext()), mode_of(style)))
    return found


def test_arabic_odt_paragraphs_are_right_to_left(built: Path) -> None:
    ar = writing_modes(built / "build" / "ar" / "alert.odt")
    texts = [text for text, _ in ar]
    for expected in ("«ar» Urgent alert", "«ar» What happened", "«ar» Let observers in."):
        assert expected in texts  # title, heading, list item
    assert any("The road was closed" in text for text in texts)  # table cell
    assert any("Food and medicine" in text for text in texts)  # quotation
    assert len(ar) >= 9 and {mode for _, mode in ar} == {"rl-tb"}, ar
    fr = writing_modes(built / "build" / "fr" / "alert.odt")
    assert len(fr) == len(ar) and {mode for _, mode in fr} == {"lr-tb"}, fr
    styles = etree.fromstring(
        zipfile.ZipFile(built / "build" / "ar" / "alert.odt").read("styles.xml"), hardened()
    )
    text = styles.find(
        "office:styles/style:default-style[@style:family='paragraph']/style:text-properties", NS
    )
    assert text.get(q("fo", "language")) == "ar"
    assert text.get(q("style", "language-complex")) == "ar"


def test_odt_stays_a_valid_reproducible_package(built: Path, tmp_path: Path) -> None:
    result = invoke(built, "build", "--format", "odt", "--lang", "ar", "--out", str(tmp_path))
    assert result.exit_code == 0, result.output
    again = (tmp_path / "ar" / "alert.odt").read_bytes()
    assert again == (built / "build" / "ar" / "alert.odt").read_bytes()
    entries = zipfile.ZipFile(tmp_path / "ar" / "alert.odt").infolist()
    assert entries[0].filename == "mimetype" and entries[0].compress_type == zipfile.ZIP_STORED
    # every entry carries the document's date (front matter), not the clock
    assert {entry.date_time for entry in entries} == {(2023, 9, 22, 0, 0, 0)}


def effective_bidi(document, paragraph) -> bool:
    """Whether Word would lay ``paragraph`` out right to left: its own w:bidi, else its style's
    (and the style's parents'), else the document defaults."""

    def flag(props) -> bool | None:
        found = props.find(qn("w:bidi")) if props is not None else None
        if found is None:
            return None
        return found.get(qn("w:val"), "1") not in ("0", "false", "off")

    own = flag(paragraph._p.pPr)
    if own is not None:
        return own
    style = paragraph.style
    while style is not None:
        value = flag(style.element.pPr)
        if value is not None:
            return value
        style = style.base_style
    defaults = document.styles.element.find(f"{qn('w:docDefaults')}/{qn('w:pPrDefault')}")
    value = flag(defaults.find(qn("w:pPr")) if defaults is not None else None)
    return bool(value)


@pytest.mark.libreoffice
def test_libreoffice_reads_the_arabic_odt_as_right_to_left(built: Path, tmp_path: Path) -> None:
    soffice = require_tool("soffice")
    inputs = tmp_path / "in"
    inputs.mkdir()
    for lang in ("ar", "fr"):
        (inputs / f"{lang}.odt").write_bytes((built / "build" / lang / "alert.odt").read_bytes())
    subprocess.run(
        [soffice, f"-env:UserInstallation=file://{tmp_path}/lo-profile", "--headless"]
        + ["--convert-to", "docx:MS Word 2007 XML", "--outdir", str(tmp_path / "out")]
        + [str(inputs / "ar.odt"), str(inputs / "fr.odt")],
        check=True,
        capture_output=True,
        env={"HOME": str(tmp_path), "PATH": "/usr/bin:/bin"},
        timeout=120,
    )
    for lang, rtl in (("ar", True), ("fr", False)):
        document = docx.Document(str(tmp_path / "out" / f"{lang}.docx"))
        paragraphs = [p for p in document.paragraphs if p.text.strip()]
        cells = [p for t in document.tables for c in t._cells for p in c.paragraphs]
        assert len(paragraphs) >= 6 and len(cells) == 4
        assert [effective_bidi(document, p) for p in paragraphs + cells] == [rtl] * (
            len(paragraphs) + len(cells)
        ), lang
        # the table's columns run right to left too
        visual = document.element.body.find(f".//{qn('w:tblPr')}/{qn('w:bidiVisual')}")
        assert (visual is not None and visual.get(qn("w:val")) in ("true", "1")) is rtl


STRUCTURED = """---
title: Siege
date: 2023-09-22
publisher: Jane Doe
lang: en
---

The siege has lasted nine months.[^1] It began on the 1<sup>st</sup> of June.[^2]

<table>
<tbody>
<tr>
<td>

The road was closed.

Nobody could leave.

</td>
<td>

<table>
<tr>
<td>

Killed

</td>
</tr>
</table>

</td>
</tr>
</tbody>
</table>

<dl>
<dt>

Blockade

</dt>
<dd>

A siege that stops food.

</dd>
</dl>

<div id="_Ref7"></div>

Table 1: casualties.

As [Table 1](#_Ref7) shows.

[^1]: Field team report.

[^2]: Regional hospital.
"""
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture(scope="module")
def structured(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The structured alert built as DOCX and ODT in Arabic and French."""
    root = tmp_path_factory.mktemp("structured") / "p"
    result = CliRunner().invoke(main, ["init", str(root), "--target", "ar,fr", "--name", "t"])
    assert result.exit_code == 0, result.output
    for path in (root / "source").glob("*.md"):
        path.unlink()
    (root / "source" / "alert.md").write_text(STRUCTURED, encoding="utf-8")
    for step in ("extract", "update"):
        assert invoke(root, step).exit_code == 0
    translate_all(root)
    result = invoke(root, "build", "--format", "docx,odt")
    assert result.exit_code == 0, result.output
    return root


def part(path: Path, name: str) -> etree._Element:
    return etree.fromstring(zipfile.ZipFile(path).read(name), hardened())


def test_docx_has_real_footnotes_nested_tables_and_a_definition_list(structured: Path) -> None:
    path = structured / "build" / "fr" / "alert.docx"
    body = part(path, "word/document.xml")
    assert len(body.findall(f".//{W}footnoteReference")) == 2
    notes = ["".join(n.itertext()) for n in part(path, "word/footnotes.xml").iter(f"{W}footnote")]
    assert [n.strip() for n in notes if n.strip()] == [
        "«fr» Field team report.",
        "«fr» Regional hospital.",
    ]
    outer = body.findall(f"./{W}body/{W}tbl")
    assert len(outer) == 1 and len(outer[0].findall(f".//{W}tc//{W}tbl")) == 1
    first_cell = outer[0].find(f".//{W}tc")
    texts = ["".join(p.itertext()) for p in first_cell.findall(f"{W}p")]
    assert texts == ["«fr» The road was closed.", "«fr» Nobody could leave."]
    document = docx.Document(str(path))
    styles = {p.style.name: p.text for p in document.paragraphs}
    assert styles["Definition Term"] == "«fr» Blockade"
    assert styles["Definition"] == "«fr» A siege that stops food."
    assert any(r.font.superscript and r.text == "st" for p in document.paragraphs for r in p.runs)


def test_arabic_docx_tables_sections_and_notes_run_right_to_left(structured: Path) -> None:
    for lang, rtl in (("ar", True), ("fr", False)):
        path = structured / "build" / lang / "alert.docx"
        body = part(path, "word/document.xml")
        tables = list(body.iter(f"{W}tbl"))
        assert len(tables) == 2
        visual = [t.find(f"{W}tblPr/{W}bidiVisual") is not None for t in tables]
        assert visual == [rtl, rtl], lang
        section = body.find(f".//{W}sectPr")
        assert (section.find(f"{W}bidi") is not None) is rtl
        if rtl:  # in the schema's order: after the notes' properties
            assert [etree.QName(child).localname for child in section] == ["footnotePr", "bidi"]
        note_paragraphs = list(part(path, "word/footnotes.xml").iter(f"{W}p"))
        assert all((p.find(f"{W}pPr/{W}bidi") is not None) is rtl for p in note_paragraphs)


def test_odt_has_real_notes_and_nested_tables(structured: Path) -> None:
    content = part(structured / "build" / "ar" / "alert.odt", "content.xml")
    notes = content.findall(".//text:note", NS)
    assert [n.get(q("text", "note-class")) for n in notes] == ["footnote", "footnote"]
    bodies = ["".join(n.find("text:note-body", NS).itertext()) for n in notes]
    assert bodies == ["«ar» Field team report.", "«ar» Regional hospital."]
    table = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
    nested = content.findall(f".//{table}table-cell//{table}table")
    assert len(nested) == 1


def test_a_cross_reference_leads_to_its_bookmark_in_docx_and_odt(structured: Path) -> None:
    body = part(structured / "build" / "fr" / "alert.docx", "word/document.xml")
    (link,) = [e for e in body.iter(f"{W}hyperlink") if e.get(f"{W}anchor")]
    marks = {b.get(f"{W}name"): b for b in body.iter(f"{W}bookmarkStart")}
    target = marks[link.get(f"{W}anchor")].getparent()
    assert "".join(target.itertext()) == "«fr» Table 1: casualties."
    content = part(structured / "build" / "fr" / "alert.odt", "content.xml")
    (href,) = [a.get("{http://www.w3.org/1999/xlink}href") for a in content.iter(q("text", "a"))]
    (mark,) = [
        b for b in content.iter(q("text", "bookmark")) if f"#{b.get(q('text', 'name'))}" == href
    ]
    assert "".join(mark.getparent().itertext()) == "«fr» Table 1: casualties."
