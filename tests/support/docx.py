"""Real Word documents written with python-docx, and translating an imported project."""

from __future__ import annotations

import datetime as dt
import struct
import zlib
from pathlib import Path

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Inches
from lxml import etree

from alerti18n.po.pofile import read_po, write_po

CREATED = dt.datetime(2023, 9, 20, 10, 0, tzinfo=dt.timezone.utc)


MODIFIED = dt.datetime(2023, 9, 22, 8, 30, tzinfo=dt.timezone.utc)


SECOND = "Food and medicine cannot enter."


def png(red: int = 255) -> bytes:
    """A real 1x1 PNG."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(bytes([0, red, 0, 0]))
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def add_link(paragraph, text: str, url: str) -> None:
    """A real w:hyperlink run (python-docx has no API for it)."""
    part = paragraph.part
    rel = part.relate_to(
        url,
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink",
        is_external=True,
    )
    _append_link(paragraph, "r:id", rel, text)


def _append_link(paragraph, attribute: str, value: str, text: str) -> None:
    """A ``w:hyperlink`` holding one run of ``text``, its target given by ``attribute``."""
    link = OxmlElement("w:hyperlink")
    link.set(qn(attribute), value)
    run = OxmlElement("w:r")
    t = OxmlElement("w:t")
    t.text = text
    run.append(t)
    link.append(run)
    paragraph._p.append(link)


def write_alert(path: Path, second: str = SECOND) -> Path:
    """The test alert as python-docx writes it: title, headings, list, table, link, image."""
    image = path.parent / "map.png"
    image.write_bytes(png())
    d = docx.Document()
    props = d.core_properties
    props.title = "Alert (core property)"
    props.author = "Jane Doe"
    props.language = "en-US"
    props.created = CREATED
    props.modified = MODIFIED
    d.add_heading("Urgent alert on the blockade", level=0)
    d.add_heading("What happened", level=1)
    d.add_paragraph(f"The blockade has lasted nine months. {second}")
    p = d.add_paragraph("Read the ")
    add_link(p, "full report", "https://example.org/report")
    p.add_run(" before you call.")
    d.add_heading("What we ask", level=2)
    d.add_paragraph("Open the corridor now.", style="List Bullet")
    d.add_paragraph("Let observers in.", style="List Bullet")
    table = d.add_table(rows=2, cols=2)
    table.style = "Table Grid"
    for (row, col), text in {
        (0, 0): "Date",
        (0, 1): "Event",
        (1, 0): "12 December",
        (1, 1): "The road was closed.",
    }.items():
        table.cell(row, col).text = text
    d.add_picture(str(image), width=Inches(1))
    d.add_paragraph("Share this alert widely.")
    d.save(str(path))
    return path


def translate_all(
    project: Path, langs: tuple[str, ...] = ("ar", "fr"), doc: str = "alert"
) -> dict[str, str]:
    """Fill every catalog of ``doc``: msgstr = '«lang» msgid'. Returns msgid -> French msgstr."""
    french = {}
    for lang in langs:
        path = project / "locales" / lang / f"{doc}.po"
        po = read_po(path)
        for entry in po:
            if entry.msgid and not entry.obsolete:
                entry.msgstr = f"«{lang}» {entry.msgid}"
                if "fuzzy" in entry.flags:
                    entry.flags.remove("fuzzy")
                if lang == "fr":
                    french[entry.msgid] = entry.msgstr
        write_po(po, path)
    return french


# Word constructs python-docx has no API for: notes, numbering, bookmarks, cross-references ---

_NOTE_PARTS = {
    "footnote": (RT.FOOTNOTES, "footnotes"),
    "endnote": (RT.ENDNOTES, "endnotes"),
}


def _notes_part(document, kind: str) -> Part:
    """The document's footnotes or endnotes part, made (with Word's two separators) if missing."""
    reltype, name = _NOTE_PARTS[kind]
    for rel in document.part.rels.values():
        if rel.reltype == reltype:
            return rel.target_part
    separators = "".join(
        f'<w:{kind} w:type="{kind_}" w:id="{number}"><w:p><w:r><w:{kind_}/></w:r></w:p></w:{kind}>'
        for number, kind_ in ((-1, "separator"), (0, "continuationSeparator"))
    )
    xml = f"<w:{name} {nsdecls('w')}>{separators}</w:{name}>"
    content_type = f"application/vnd.openxmlformats-officedocument.wordprocessingml.{name}+xml"
    part = Part(PackURI(f"/word/{name}.xml"), content_type, xml.encode(), document.part.package)
    document.part.relate_to(part, reltype)
    return part


def _superscript_run(child) -> OxmlElement:
    run = OxmlElement("w:r")
    props = OxmlElement("w:rPr")
    align = OxmlElement("w:vertAlign")
    align.set(qn("w:val"), "superscript")
    props.append(align)
    run.append(props)
    run.append(child)
    return run


def add_note(paragraph, texts: list[str], kind: str = "footnote") -> None:
    """A real Word footnote (or endnote) of one paragraph per text, referred to at the end of
    ``paragraph`` as Word writes it: a ``w:footnoteReference`` run, the note in its part."""
    part = _notes_part(paragraph.part.document, kind)
    root = etree.fromstring(part.blob)
    number = max(int(n.get(qn("w:id"))) for n in root.findall(qn(f"w:{kind}"))) + 1
    note = OxmlElement(f"w:{kind}")
    note.set(qn("w:id"), str(number))
    for index, text in enumerate(texts):
        p = OxmlElement("w:p")
        if index == 0:
            p.append(_superscript_run(OxmlElement(f"w:{kind}Ref")))
        run = OxmlElement("w:r")
        t = OxmlElement("w:t")
        t.text = (" " if index == 0 else "") + text
        t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        run.append(t)
        p.append(run)
        note.append(p)
    root.append(note)
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    reference = OxmlElement(f"w:{kind}Reference")
    reference.set(qn("w:id"), str(number))
    paragraph._p.append(_superscript_run(reference))


def numbered(document, items: list[tuple[int, str]], starts: tuple[int, ...] = (1, 3)) -> None:
    """Paragraphs of a new Word numbering: (level, text) each; level ``n`` starts at
    ``starts[n]`` (a nested list numbered from 3, as Word writes one)."""
    numbering = document.part.numbering_part.element
    abstract = (
        max(
            [int(a.get(qn("w:abstractNumId"))) for a in numbering.findall(qn("w:abstractNum"))]
            + [0]
        )
        + 1
    )
    num = max([int(n.get(qn("w:numId"))) for n in numbering.findall(qn("w:num"))] + [0]) + 1
    levels = "".join(
        f'<w:lvl w:ilvl="{level}"><w:start w:val="{start}"/><w:numFmt w:val="decimal"/>'
        f'<w:lvlText w:val="%{level + 1}."/><w:lvlJc w:val="left"/>'
        f'<w:pPr><w:ind w:left="{720 * (level + 1)}" w:hanging="360"/></w:pPr></w:lvl>'
        for level, start in enumerate(starts)
    )
    definition = parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{abstract}">'
        f'<w:multiLevelType w:val="multilevel"/>{levels}</w:abstractNum>'
    )
    first_num = numbering.find(qn("w:num"))
    if first_num is not None:
        first_num.addprevious(definition)
    else:
        numbering.append(definition)
    numbering.append(
        parse_xml(
            f'<w:num {nsdecls("w")} w:numId="{num}"><w:abstractNumId w:val="{abstract}"/></w:num>'
        )
    )
    for level, text in items:
        paragraph = document.add_paragraph(text, style="List Paragraph")
        props = paragraph._p.get_or_add_pPr()
        number = parse_xml(
            f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/><w:numId w:val="{num}"/></w:numPr>'
        )
        props.append(number)


def bookmark(paragraph, name: str, text: str) -> None:
    """``text`` in ``paragraph`` inside a Word bookmark (what a cross-reference points to)."""
    start = OxmlElement("w:bookmarkStart")
    start.set(qn("w:id"), str(zlib.crc32(name.encode()) % 10_000))
    start.set(qn("w:name"), name)
    end = OxmlElement("w:bookmarkEnd")
    end.set(qn("w:id"), start.get(qn("w:id")))
    paragraph._p.append(start)
    paragraph.add_run(text)
    paragraph._p.append(end)


def cross_reference(paragraph, name: str, text: str) -> None:
    """A link to the bookmark ``name`` (``w:hyperlink w:anchor``), as Word's cross-references."""
    _append_link(paragraph, "w:anchor", name, text)


def definition_styles(document) -> None:
    """The paragraph styles Word's definition lists are written with (pandoc reads them)."""
    for name in ("Definition Term", "Definition"):
        if name not in [s.name for s in document.styles]:
            document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)


#: The sentences of the complex alert (write_complex_alert), each of which every output of
#: every language must show, translated.
COMPLEX = {
    "title": "Alert on the siege of the valley",
    "noted": "The siege has lasted nine months.",
    "note": "Field team report of 12 June.",
    "note2": "It was checked twice.",
    "ordinal": "It began on the 1st of June, says the Lemkin Institute.",
    "endnote": "Figures from the regional hospital.",
    "cell1": "The road was closed.",
    "cell2": "Nobody could leave.",
    "listed": "Open the road.",
    "inner": "Killed",
    "alone": "Alone",
    "term": "Enforced disappearance",
    "definition": "An arrest followed by a refusal to say where the person is.",
    "child": "Count the dead.",
}


def write_complex_alert(path: Path) -> Path:
    """A Word alert with what GFM cannot say, as python-docx writes it.

    Footnotes (one of two paragraphs) and an endnote; superscript, subscript
    and small capitals; bold that starts with a no-break space and italic that
    ends with a line break; a table whose cells hold two paragraphs, a list
    and a table; a one-row table without header; a definition list; a
    numbered list whose nested list starts at 3; a cross-reference to a
    bookmark.
    """
    d = docx.Document()
    d.core_properties.title = COMPLEX["title"]
    d.core_properties.language = "en-US"
    d.core_properties.modified = MODIFIED
    d.core_properties.author = "Jane Doe"
    d.add_heading(COMPLEX["title"], level=0)
    p = d.add_paragraph(COMPLEX["noted"])
    add_note(p, [f"{COMPLEX['note']} {COMPLEX['note2']}", "A second paragraph of the note."])
    p.add_run(" Food cannot enter.")
    p = d.add_paragraph("It began on the 1")
    p.add_run("st").font.superscript = True
    p.add_run(" of June, says the ")
    p.add_run("Lemkin Institute").font.small_caps = True
    p.add_run(".")
    add_note(p, [COMPLEX["endnote"]], kind="endnote")
    p = d.add_paragraph("Levels of CO")
    p.add_run("2").font.subscript = True
    p.add_run(" rose. Report:")
    p.add_run("\u00a0urgent").bold = True
    p.add_run(" now, ")
    run = p.add_run("then stop.")
    run.italic = True
    run.add_break()
    d.add_heading("Casualties", level=1)
    table = d.add_table(rows=3, cols=2)
    table.style = "Table Grid"
    table.cell(0, 0).text, table.cell(0, 1).text = "Date", "Event"
    table.cell(1, 0).text = "12 June"
    table.cell(1, 1).text = COMPLEX["cell1"]
    table.cell(1, 1).add_paragraph(COMPLEX["cell2"])
    table.cell(2, 0).text = "Demands:"
    table.cell(2, 0).add_paragraph(COMPLEX["listed"], style="List Bullet")
    table.cell(2, 0).add_paragraph("Let observers in.", style="List Bullet")
    table.cell(2, 1).text = "In the villages:"
    inner = table.cell(2, 1).add_table(rows=2, cols=2)
    inner.cell(0, 0).text, inner.cell(0, 1).text = COMPLEX["inner"], "Wounded"
    inner.cell(1, 0).text, inner.cell(1, 1).text = "1,350", "2,400"
    alone = d.add_table(rows=1, cols=2)
    look = alone._tbl.tblPr.find(qn("w:tblLook"))  # no header row: Word's "Header Row" off
    look.set(qn("w:firstRow"), "0")
    look.set(qn("w:val"), "0480")
    alone.cell(0, 0).text, alone.cell(0, 1).text = COMPLEX["alone"], "Row"
    definition_styles(d)
    d.add_paragraph(COMPLEX["term"], style="Definition Term")
    d.add_paragraph(COMPLEX["definition"], style="Definition")
    d.add_heading("What we ask", level=1)
    numbered(d, [(0, "Stop the siege."), (1, COMPLEX["child"]), (1, "Free the prisoners.")])
    bookmark(d.add_paragraph(), "_Ref4021", "Table 1: casualties by month")
    p = d.add_paragraph("As ")
    cross_reference(p, "_Ref4021", "Table 1")
    p.add_run(" shows, the toll rises.")
    d.save(str(path))
    return path
