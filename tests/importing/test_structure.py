"""Word, LibreOffice and web documents in, nothing lost: ``alerti18n.importing.structure`` (and
``alerti18n.importing._inlines``, where emphasis delimiters may stand).

Real documents are written by the tests: with python-docx
(``support.docx.write_complex_alert``: notes, superscript, small capitals, a
table with paragraphs, a list and a table in its cells, a table without
header, a definition list, a nested list numbered from 3, a cross-reference),
saved again by a real LibreOffice as DOCX and ODT, and a web page. Each is
imported through the command; the Markdown is then read as every writer
reads it (markdown-it's HTML, parsed with lxml) and as the segmenter does.
The rewrite's rules are also tested one by one on small pandoc trees.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import lxml.html
import pytest
from click.testing import CliRunner
from support.docx import COMPLEX, write_complex_alert
from support.projects import invoke
from support.tools import require_tool

from alerti18n.cli.main import main
from alerti18n.importing.structure import keep_structure, markup_shown
from alerti18n.output.render import parse_markdown, render_body
from alerti18n.text.segment import parse_document


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "p"
    result = CliRunner().invoke(main, ["init", str(root), "--target", "fr", "--name", "t"])
    assert result.exit_code == 0, result.output
    for path in (root / "source").glob("*.md"):
        path.unlink()
    return root


def page(markdown: Path):
    """The imported document as the web page's body shows it (lxml)."""
    html = render_body(parse_markdown(markdown.read_text(encoding="utf-8")), "en")
    return lxml.html.fragment_fromstring(html, create_parent="body")


def words(element) -> str:
    return " ".join(element.text_content().split())


def assert_word_structure(root: Path, name: str) -> None:
    """What the complex alert must keep (see support.docx.write_complex_alert)."""
    markdown = root / "source" / f"{name}.md"
    text = markdown.read_text(encoding="utf-8")
    for placeholder in ("[TABLE]", "^(", "_(", "LEMKIN", "**\u00a0", "\\\n", "\\*"):
        assert placeholder not in text, placeholder
    body = page(markdown)
    # notes: referred to in the text, numbered, with their paragraphs
    refs = body.xpath("//a[@role='doc-noteref']")
    assert [ref.text_content() for ref in refs] == ["1", "2"]
    notes = body.xpath("//section[@role='doc-endnotes']/ol/li")
    assert COMPLEX["note"] in words(notes[0]) and len(notes[0].findall("p")) == 2
    assert COMPLEX["endnote"] in words(notes[1])
    # superscript, subscript, small capitals as such; emphasis read as emphasis
    assert [words(e) for e in body.xpath("//sup[not(ancestor::a)]")] == ["st"]
    assert [words(e) for e in body.xpath("//sub")] == ["2"]
    assert [words(e) for e in body.xpath("//span[@class='smallcaps']")] == ["Lemkin Institute"]
    assert [words(e) for e in body.xpath("//strong")] == ["urgent"]
    assert [words(e) for e in body.xpath("//em")] == ["then stop."]
    assert "*" not in words(body) and "\\" not in words(body)
    # the table keeps its cells: two paragraphs, a list, a table inside
    outer = body.xpath("//table[not(ancestor::table)]")
    cells = outer[0].xpath("./*/tr/td | ./*/tr/th | ./tr/td")
    assert len(outer[0].xpath(".//tr[not(ancestor::tr)]")) == 3
    two = next(c for c in cells if COMPLEX["cell1"] in words(c))
    assert [words(p) for p in two.findall("p")] == [COMPLEX["cell1"], COMPLEX["cell2"]]
    listed = next(c for c in cells if COMPLEX["listed"] in words(c))
    assert len(listed.xpath("./ul/li")) == 2
    nested = next(c for c in cells if COMPLEX["inner"] in words(c)).xpath(".//table")
    assert len(nested) == 1 and len(nested[0].xpath(".//tr")) == 2
    # the one-row table stays one row of two cells, no header row gained
    alone = next(t for t in outer if COMPLEX["alone"] in words(t))
    assert [len(row.xpath("./td|./th")) for row in alone.xpath(".//tr")] == [2]
    assert not alone.xpath(".//th")
    # a definition list, its term and definition
    assert [words(e) for e in body.xpath("//dl/dt")] == [COMPLEX["term"]]
    assert [words(e) for e in body.xpath("//dl/dd")] == [COMPLEX["definition"]]
    # the nested list numbered from 3 is a list of its own, inside its item
    inner_list = body.xpath("//ol/li/ol")
    assert inner_list and inner_list[0].get("start") == "3"
    assert words(inner_list[0].find("li")) == COMPLEX["child"]
    # the cross-reference leads to its bookmark
    (link,) = body.xpath("//a[starts-with(@href, '#_Ref')]")
    assert body.xpath(f"//*[@id='{link.get('href')[1:]}']")


def test_word_constructs_are_kept(project: Path, tmp_path: Path) -> None:
    alert = write_complex_alert(tmp_path / "complex.docx")
    result = invoke(project, "import", str(alert))
    assert result.exit_code == 0, result.output
    assert "warning" not in result.output
    assert_word_structure(project, "complex")
    doc = parse_document(project / "source" / "complex.md")
    assert doc.warnings == []
    kinds = {(s.block, s.text) for s in doc.segments}
    assert (
        "paragraph",
        "It began on the 1<sup>st</sup> of June, says the "
        '<span class="smallcaps">Lemkin Institute</span>.[^2]',
    ) in kinds
    assert ("paragraph", f"{COMPLEX['noted']}[^1]") in kinds
    assert {("footnote", COMPLEX["note"]), ("footnote", COMPLEX["note2"])} <= kinds
    assert {("table cell", COMPLEX["cell1"]), ("table cell", COMPLEX["cell2"])} <= kinds
    assert {("term", COMPLEX["term"]), ("definition", COMPLEX["definition"])} <= kinds


@pytest.mark.libreoffice
def test_libreoffice_docx_keeps_them_and_odt_says_what_it_cannot(
    project: Path, tmp_path: Path
) -> None:
    """The alert saved by a real LibreOffice: as DOCX every construct is kept; as ODT, what
    pandoc's ODT reader does not read is named in a warning, the rest kept."""
    soffice = require_tool("soffice")
    original = write_complex_alert(tmp_path / "complex.docx")
    env = {"HOME": str(tmp_path), "PATH": "/usr/bin:/bin"}
    profile = f"-env:UserInstallation=file://{tmp_path}/lo-profile"
    for target, src, folder in (
        ("odt", original, tmp_path / "lo"),
        ("docx:MS Word 2007 XML", tmp_path / "lo" / "complex.odt", tmp_path / "lo" / "docx"),
    ):
        subprocess.run(
            [soffice, profile, "--headless", "--convert-to", target, "--outdir", str(folder)]
            + [str(src)],
            check=True,
            capture_output=True,
            env=env,
            timeout=120,
        )
    result = invoke(project, "import", str(tmp_path / "lo" / "docx" / "complex.docx"))
    assert result.exit_code == 0, result.output
    assert "warning" not in result.output
    assert_word_structure(project, "complex")
    result = invoke(project, "import", str(tmp_path / "lo" / "complex.odt"), "--as", "odt")
    assert result.exit_code == 0, result.output
    warnings = [line for line in result.output.splitlines() if line.startswith("warning:")]
    assert len(warnings) == 4, warnings
    assert "small capitals (“Lemkin Institute”) are imported as plain letters" in warnings[0]
    assert (
        "a table inside a table cell (“Killed Wounded 1,350 2,400”) is not imported"
        in (warnings[1])
    )
    assert f"a definition list (“{COMPLEX['term']}”…, 1 term(s)) is imported as" in warnings[2]
    assert "cross-reference “Table 1” points to #_Ref4021" in warnings[3]
    body = page(project / "source" / "odt.md")
    assert [ref.text_content() for ref in body.xpath("//a[@role='doc-noteref']")] == ["1", "2"]
    assert [words(e) for e in body.xpath("//sup[not(ancestor::a)]")] == ["st"]
    assert [words(p) for p in body.xpath("//td/p")][3:5] == [COMPLEX["cell1"], COMPLEX["cell2"]]
    assert COMPLEX["definition"] in words(body) and "Table 1 shows" in words(body)


TEXT_BOX = (
    '<w:r {ns} xmlns:v="urn:schemas-microsoft-com:vml"><w:pict><v:shape id="b1">'
    "<v:textbox><w:txbxContent><w:p><w:r><w:t>Casualties rose in the box.</w:t></w:r></w:p>"
    "</w:txbxContent></v:textbox></v:shape></w:pict></w:r>"
)


def test_text_the_reader_cannot_read_is_named(project: Path, tmp_path: Path) -> None:
    """A Word text box (and a field's result) pandoc does not read: the words are named."""
    import docx
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    document = docx.Document()
    paragraph = document.add_paragraph("Before the box.")
    paragraph._p.append(parse_xml(TEXT_BOX.format(ns=nsdecls("w"))))
    field = f'<w:fldSimple {nsdecls("w")} w:instr=" DOCPROPERTY x "><w:r><w:t>Hidden value'
    document.add_paragraph("Field: ")._p.append(parse_xml(field + "</w:t></w:r></w:fldSimple>"))
    document.save(str(tmp_path / "box.docx"))
    result = invoke(project, "import", str(tmp_path / "box.docx"))
    assert result.exit_code == 0, result.output
    (warning,) = [line for line in result.output.splitlines() if line.startswith("warning:")]
    assert "7 word(s) of the document are not imported (“Casualties rose in the box”…)" in warning


DEFINITIONS = """<!DOCTYPE html><html lang="en"><head><title>Glossary</title></head><body><main>
<h1>Glossary</h1><p>The 2<sup>nd</sup> edition, H<sub>2</sub>O.</p>
<dl>{items}</dl>
<table><tr><td><p>One.</p><p>Two.</p></td><td>Plain</td></tr></table>
<ol><li>Stop the siege.<ol start="3"><li>Count the dead.</li></ol></li></ol>
</main></body></html>"""


def test_a_web_page_keeps_its_definition_list_and_complex_table(
    project: Path, tmp_path: Path
) -> None:
    items = "".join(f"<dt>Term {n}</dt><dd>Definition number {n}.</dd>" for n in range(1, 35))
    page_file = tmp_path / "glossary.html"
    page_file.write_text(DEFINITIONS.format(items=items), encoding="utf-8")
    result = invoke(project, "import", str(page_file))
    assert result.exit_code == 0, result.output
    body = page(project / "source" / "glossary.md")
    assert len(body.xpath("//dl/dt")) == len(body.xpath("//dl/dd")) == 34
    assert words(body.xpath("//dl/dd")[33]) == "Definition number 34."
    assert [words(p) for p in body.xpath("//td[1]/p")] == ["One.", "Two."]
    assert [words(e) for e in body.xpath("//sup")] == ["nd"]
    (nested,) = body.xpath("//ol/li/ol")  # not merged into its item's text
    assert nested.get("start") == "3" and words(nested) == "Count the dead."
    segments = parse_document(project / "source" / "glossary.md").segments
    assert len([s for s in segments if s.block == "term"]) == 34


def test_reimport_keeps_the_translations_of_notes_cells_and_terms(
    project: Path, tmp_path: Path
) -> None:
    from support.docx import translate_all

    from alerti18n.po.pofile import read_po

    first = write_complex_alert(tmp_path / "complex.docx")
    assert invoke(project, "import", str(first)).exit_code == 0
    for step in ("extract", "update"):
        assert invoke(project, step).exit_code == 0
    po = project / "locales" / "fr" / "complex.po"
    translate_all(project, ("fr",), "complex")
    edited = tmp_path / "v2" / "complex.docx"
    edited.parent.mkdir()
    write_complex_alert(edited)
    import docx

    document = docx.Document(str(edited))
    document.tables[0].cell(1, 1).paragraphs[1].text = "Nobody could leave or enter."
    document.save(str(edited))
    assert invoke(project, "import", str(edited)).exit_code == 0
    for step in ("extract", "update"):
        assert invoke(project, step).exit_code == 0
    active = [e for e in read_po(po) if e.msgid and not e.obsolete]
    assert [e.msgid for e in active if "fuzzy" in e.flags] == ["Nobody could leave or enter."]
    kept = {e.msgid for e in active if e.translated()}
    assert {COMPLEX["note"], COMPLEX["note2"], COMPLEX["endnote"], COMPLEX["cell1"]} <= kept
    assert {COMPLEX["term"], COMPLEX["definition"], COMPLEX["inner"]} <= kept
    assert len(kept) == len(active) - 1


def test_merged_cells_stay_merged_in_and_out(project: Path, tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    table = document.add_table(rows=3, cols=3)
    for row in range(3):
        for column in range(3):
            table.cell(row, column).text = f"Cell {row} {column}."
    table.cell(1, 0).merge(table.cell(1, 1)).text = "Merged across."
    table.cell(1, 2).merge(table.cell(2, 2)).text = "Merged down."
    document.save(str(tmp_path / "merged.docx"))
    assert invoke(project, "import", str(tmp_path / "merged.docx")).exit_code == 0
    body = page(project / "source" / "merged.md")
    assert [words(td) for td in body.xpath("//td[@colspan='2']")] == ["Merged across."]
    assert [words(td) for td in body.xpath("//td[@rowspan='2']")] == ["Merged down."]
    for step in ("extract", "update"):
        assert invoke(project, step).exit_code == 0
    assert invoke(project, "build", "--format", "docx", "--lang", "fr").exit_code == 0
    built = docx.Document(str(project / "build" / "fr" / "merged.docx")).element.body
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    assert [e.get(f"{w}val") for e in built.iter(f"{w}gridSpan")] == ["2", "1"]
    assert [e.get(f"{w}val") for e in built.iter(f"{w}vMerge")] == ["restart", "continue"]


# The rules, on pandoc trees --------------------------------------------------------------------


def s(text: str) -> dict:
    return {"t": "Str", "c": text}


SPACE = {"t": "Space"}


def para(*inlines: dict) -> dict:
    return {"t": "Para", "c": list(inlines)}


def tree(*blocks: dict) -> dict:
    return {"pandoc-api-version": [1, 23, 1], "meta": {}, "blocks": list(blocks)}


def test_emphasis_ends_where_commonmark_reads_its_delimiters() -> None:
    ast = tree(
        para(s("Report:"), {"t": "Strong", "c": [s("\u00a0urgent")]}),
        para(s("word"), {"t": "Strong", "c": [s('"quoted"')]}, s("word")),
        para(s("Go"), SPACE, {"t": "Emph", "c": [s("now."), {"t": "LineBreak"}]}),
        para({"t": "Strong", "c": [SPACE]}, s("x")),
    )
    assert keep_structure(ast) == []
    assert ast["blocks"] == [
        para(s("Report:"), s("\u00a0"), {"t": "Strong", "c": [s("urgent")]}),
        para(s("word"), s('"'), {"t": "Strong", "c": [s("quoted")]}, s('"'), s("word")),
        para(s("Go"), SPACE, {"t": "Emph", "c": [s("now.")]}),
        para(s("x")),
    ]


def test_a_nested_list_numbered_from_three_follows_its_item_after_a_blank_line() -> None:
    nested = {"t": "OrderedList", "c": [[3, {"t": "Decimal"}, {"t": "Period"}], [[para(s("c"))]]]}
    ast = tree(
        {
            "t": "OrderedList",
            "c": [
                [1, {"t": "Decimal"}, {"t": "Period"}],
                [[{"t": "Plain", "c": [s("p")]}, nested]],
            ],
        }
    )
    keep_structure(ast)
    item = ast["blocks"][0]["c"][1][0]
    assert item[0] == para(s("p")) and item[1]["c"][0][0] == 3


def test_a_raised_note_reference_is_the_note_and_lost_things_are_named() -> None:
    note = {"t": "Note", "c": [para(s("n"))]}
    letters = [[1, {"t": "LowerAlpha"}, {"t": "Period"}], [[para(s("first"), SPACE, s("item"))]]]
    ast = tree(
        para(s("a"), {"t": "Superscript", "c": [note]}),
        para({"t": "Link", "c": [["", [], []], [s("Table"), SPACE, s("9")], ["#_Ref9", ""]]}),
        para({"t": "Math", "c": [{"t": "InlineMath"}, "x^2"]}),
        {"t": "OrderedList", "c": letters},
    )
    warnings = keep_structure(ast)
    assert ast["blocks"][0] == para(s("a"), note)
    assert ast["blocks"][1] == para({"t": "Span", "c": [["", [], []], [s("Table"), SPACE, s("9")]]})
    assert warnings == [
        "an equation (x^2) is kept as TeX text",
        "a list numbered in LowerAlpha (“first item”) is numbered 1, 2, 3 in Markdown",
        "the cross-reference “Table 9” points to #_Ref9, which the document does not have: "
        "it is kept as text",
    ]


def cell(*blocks: dict, colspan: int = 1, align: str = "AlignDefault") -> list:
    return [["", [], []], {"t": align}, 1, colspan, list(blocks)]


def table(head: list, body: list, caption: list | None = None) -> dict:
    spec = [{"t": "AlignLeft"}, {"t": "ColWidthDefault"}]
    return {
        "t": "Table",
        "c": [
            ["", [], []],
            [None, caption or []],
            [spec, [{"t": "AlignRight"}, {"t": "ColWidthDefault"}]],
            [["", [], []], [[["", [], []], row] for row in head]],
            [[["", [], []], 0, [], [[["", [], []], row] for row in body]]],
            [["", [], []], []],
        ],
    }


def written(ast: dict) -> str:
    """The Markdown pandoc writes for a rewritten tree."""
    from alerti18n.core.pandoc import run_pandoc
    from alerti18n.importing.base import MARKDOWN_WRITER

    out = run_pandoc(["-f", "json", "-t", MARKDOWN_WRITER, "--wrap=none"], json.dumps(ast).encode())
    return out.decode()


@pytest.mark.pandoc
def test_gfm_tables_stay_pipe_tables_and_the_others_become_html_blocks() -> None:
    simple = table([[cell(para(s("A"))), cell(para(s("B")))]], [[cell(para(s("1"))), cell()]])
    merged = table([[cell(para(s("A")), colspan=2)]], [[cell(para(s("1"))), cell(para(s("2")))]])
    captioned = table([[cell(para(s("A"))), cell(para(s("B")))]], [], [para(s("Deaths."))])
    headerless = table([], [[cell(para(s("x"))), cell(para(s("y")))]])
    ast = tree(simple, merged, captioned, headerless)
    assert keep_structure(ast) == []
    text = written(ast)
    assert text.startswith("| A   |   B |\n|-----|----:|\n| 1   |     |\n")  # left is the start
    assert '<th colspan="2">\n\nA\n\n</th>' in text
    assert '<td style="text-align:right">\n\n2\n\n</td>' in text
    assert "<caption>\n\nDeaths.\n\n</caption>" in text
    assert "<table>\n<tbody>\n<tr>\n<td>\n\nx\n\n</td>" in text
    assert "[TABLE]" not in text and "<thead>\n<tr>\n<td" not in text


def test_markup_that_shows_as_text_is_named() -> None:
    ast = tree(para(s("Report:"), {"t": "Strong", "c": [s("urgent")]}))
    assert markup_shown("Report:**urgent**\n", ast) == []
    assert markup_shown("Report:** urgent**\n\nfine\n", ast) == [
        "the Markdown shows '*' as text from line 1: markup the conversion could not write; "
        "check it there"
    ]
