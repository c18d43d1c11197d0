"""LibreOffice text documents (``.odt``): the body through pandoc, properties from meta.xml."""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

from alerti18n.core.errors import SourceError
from alerti18n.importing.base import DocumentProperties, Importer, parse_date, register
from alerti18n.importing.office import NS, change_warnings, convert_package, part_text, xml_part

_ODT_MIME = b"application/vnd.oasis.opendocument.text"
_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"


def _require_parts(file: Path, package: zipfile.ZipFile) -> None:
    """Refuse a package that is not an OpenDocument text document."""
    names = set(package.namelist())
    if (
        "content.xml" not in names
        or "mimetype" not in names
        or package.read("mimetype").strip() != _ODT_MIME
    ):
        raise SourceError(
            "not an ODT text document (no OpenDocument text mimetype)",
            file,
            hint="a DOCX or a spreadsheet renamed to .odt?",
        )


def _properties(package: zipfile.ZipFile) -> tuple[DocumentProperties, list[str]]:
    """The meta.xml properties, and warnings for tracked changes and comments."""
    doc = xml_part(package, "meta.xml")
    info = doc.find("office:meta", NS) if doc is not None else None
    author = part_text(info, "dc:creator") or part_text(info, "meta:initial-creator")
    date, created = part_text(info, "dc:date"), part_text(info, "meta:creation-date")
    properties = DocumentProperties(
        title=part_text(info, "dc:title"),
        date=parse_date(date) or parse_date(created),
        publisher=author,
        lang=part_text(info, "dc:language"),
        author=author,
    )
    content = xml_part(package, "content.xml")
    t, o = "{" + NS["text"] + "}", "{" + NS["office"] + "}"
    changes = 0 if content is None else sum(1 for _ in content.iter(t + "changed-region"))
    comments = 0 if content is None else sum(1 for _ in content.iter(o + "annotation"))
    warnings = change_warnings(changes, comments)
    if content is not None:
        warnings += _unread(content, xml_part(package, "styles.xml"))
    return properties, warnings


#: Paragraph styles of a definition list (Word's, as LibreOffice keeps them).
_DEFINITION_STYLES = frozenset({"Definition_20_Term", "Definition"})


def _unread(content: Any, styles: Any) -> list[str]:
    """Warnings for what pandoc's ODT reader does not read: small capitals (a text style's
    ``fo:font-variant``) and paragraphs styled as a definition list's terms."""
    s, t = "{" + NS["style"] + "}", "{" + NS["text"] + "}"
    small_caps = set()
    for tree in (content, styles):
        for style in tree.iter(s + "style") if tree is not None else ():
            props = style.find(s + "text-properties")
            if props is not None and props.get("{" + NS["fo"] + "}font-variant") == "small-caps":
                small_caps.add(style.get(s + "name"))
    warnings = []
    for span in content.iter(t + "span"):
        if span.get(t + "style-name") in small_caps:
            text = " ".join("".join(span.itertext()).split())[:40]
            warnings.append(f"small capitals (“{text}”) are imported as plain letters")
    for table in content.iter(_TABLE + "table"):
        if _nested_table(table):
            text = " ".join(" ".join(table.itertext()).split())[:40]
            warnings.append(
                f"a table inside a table cell (“{text}”) is not imported: pandoc's ODT reader "
                "does not read it; save the document as DOCX to keep it"
            )
    terms = [
        " ".join("".join(p.itertext()).split())[:40]
        for p in content.iter(t + "p")
        if p.get(t + "style-name") == "Definition_20_Term"
    ]
    if terms:
        warnings.append(
            f"a definition list (“{terms[0]}”…, {len(terms)} term(s)) is imported as "
            "paragraphs: save the document as DOCX to keep it"
        )
    return warnings


def convert(
    file: Path, data: bytes, name: str, work: Path
) -> tuple[DocumentProperties, str, list[str]]:
    """An ODT as properties, Markdown and warnings (see :func:`office.convert_package`)."""
    return convert_package(file, data, name, work, "odt", _require_parts, _properties, _text)


def _text(package: zipfile.ZipFile) -> str:
    """The text of the body and its notes: what is not a comment, a deletion, a note's
    number, an image's description, or a table in a table (warned about by itself)."""
    content = xml_part(package, "content.xml")
    body = content.find("office:body", NS) if content is not None else None
    pieces: list[str] = []

    def walk(element: Any) -> None:
        if element.tag in _NOT_TEXT or _nested_table(element):
            return
        apart = element.tag in _APART
        pieces.append(" " if apart else "")
        pieces.append(element.text or "")
        for child in element:
            walk(child)
            pieces.append(child.tail or "")
        pieces.append(" " if apart else "")

    if body is not None:
        walk(body)
    return "".join(pieces)


#: What is not the document's own text: comments, deletions, numbers and indexes the
#: office suite generates (a list item's number, a note's, a table of contents), descriptions.
_NOT_TEXT = frozenset(
    "{%s}%s" % (NS[prefix], name)  # noqa: UP031
    for prefix, name in (
        ("office", "annotation"),
        ("text", "tracked-changes"),
        ("text", "note-citation"),
        ("text", "number"),
        ("text", "page-number"),
        ("text", "page-count"),
        ("text", "table-of-content"),
        ("text", "alphabetical-index"),
        ("text", "illustration-index"),
        ("text", "table-index"),
        ("text", "object-index"),
        ("text", "user-index"),
        ("text", "bibliography"),
        ("svg", "title"),
        ("svg", "desc"),
    )
)


#: Elements whose text stands apart from what is around them.
_APART = frozenset(
    "{%s}%s" % (NS["text"], name)  # noqa: UP031
    for name in ("p", "h", "s", "tab", "line-break", "note-body")
)


def _nested_table(element: Any) -> bool:
    """Whether ``element`` is a table inside a table's cell (pandoc's ODT reader skips it)."""
    if element.tag != _TABLE + "table":
        return False
    parent = element.getparent()
    while parent is not None and parent.tag != _TABLE + "table-cell":
        parent = parent.getparent()
    return parent is not None


register(Importer("odt", (".odt",), convert))
