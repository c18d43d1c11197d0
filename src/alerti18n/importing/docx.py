"""Word documents (``.docx``): the body through pandoc, properties from docProps/."""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

from alerti18n.core.errors import SourceError
from alerti18n.importing.base import DocumentProperties, Importer, parse_date, register
from alerti18n.importing.office import (
    NS,
    change_warnings,
    convert_package,
    part_text,
    xml_part,
)

_W = "{" + NS["w"] + "}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"


def _require_parts(file: Path, package: zipfile.ZipFile) -> None:
    """Refuse a package without the parts a DOCX has."""
    if not {"[Content_Types].xml", "word/document.xml"} <= set(package.namelist()):
        raise SourceError(
            "not a DOCX: no word/document.xml in the package",
            file,
            hint="an ODT, XLSX or PPTX renamed to .docx?",
        )


def _properties(package: zipfile.ZipFile) -> tuple[DocumentProperties, list[str]]:
    """The core and app properties, and warnings for tracked changes and comments."""
    core = xml_part(package, "docProps/core.xml")
    app = xml_part(package, "docProps/app.xml")
    author = part_text(core, "dc:creator")
    modified, created = part_text(core, "dcterms:modified"), part_text(core, "dcterms:created")
    properties = DocumentProperties(
        title=part_text(core, "dc:title"),
        date=parse_date(modified) or parse_date(created),
        publisher=part_text(app, "ep:Company") or author,
        lang=part_text(core, "dc:language"),
        author=author,
    )
    body = xml_part(package, "word/document.xml")
    changes = 0 if body is None else sum(1 for _ in body.iter(_W + "ins", _W + "del"))
    moves = 0 if body is None else sum(1 for _ in body.iter(_W + "moveFrom", _W + "moveTo"))
    comments_part = xml_part(package, "word/comments.xml")
    comments = 0 if comments_part is None else sum(1 for _ in comments_part.iter(_W + "comment"))
    return properties, change_warnings(changes + moves, comments)


def convert(
    file: Path, data: bytes, name: str, work: Path
) -> tuple[DocumentProperties, str, list[str]]:
    """A DOCX as properties, Markdown and warnings (see :func:`office.convert_package`)."""
    return convert_package(file, data, name, work, "docx", _require_parts, _properties, _text)


#: Text that is not the document's: deleted (tracked), or a drawing's fallback copy.
_NOT_TEXT = frozenset({_W + "del", _W + "moveFrom", _MC + "Fallback"})
#: What stands for a character in a run, besides ``w:t``.
_CHARACTERS = {
    _W + "tab": " ",
    _W + "br": " ",
    _W + "cr": " ",
    _W + "noBreakHyphen": "\u2011",
    _W + "softHyphen": "\u00ad",
}


def _text(package: zipfile.ZipFile) -> str:
    """The text of the body, the footnotes and the endnotes: runs joined as they are read,
    paragraphs apart."""
    pieces: list[str] = []

    def walk(element: Any) -> None:
        if element.tag in _NOT_TEXT:
            return
        if element.tag == _W + "t":
            pieces.append(element.text or "")
        elif element.tag in _CHARACTERS:
            pieces.append(_CHARACTERS[element.tag])
        elif element.tag == _W + "p":
            pieces.append(" ")
        for child in element:
            walk(child)
        if element.tag == _W + "p":
            pieces.append(" ")

    for part in ("word/document.xml", "word/footnotes.xml", "word/endnotes.xml"):
        tree = xml_part(package, part)
        if tree is not None:
            walk(tree)
    return "".join(pieces)


register(Importer("docx", (".docx",), convert))
