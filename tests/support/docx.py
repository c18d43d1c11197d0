"""Real Word documents written with python-docx, and translating an imported project."""

from __future__ import annotations

import datetime as dt
import struct
import zlib
from pathlib import Path

import docx
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Inches

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
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), rel)
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


def translate_all(project: Path, langs: tuple[str, ...] = ("ar", "fr")) -> dict[str, str]:
    """Fill every catalog: msgstr = '«lang» msgid'. Returns msgid -> French msgstr."""
    french = {}
    for lang in langs:
        path = project / "locales" / lang / "alert.po"
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
