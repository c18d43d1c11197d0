"""LibreOffice text documents (``.odt``): the body through pandoc, properties from meta.xml."""

from __future__ import annotations

import zipfile
from pathlib import Path

from alerti18n.core.errors import SourceError
from alerti18n.importing.base import DocumentProperties, Importer, parse_date, register
from alerti18n.importing.office import NS, change_warnings, convert_package, part_text, xml_part

_ODT_MIME = b"application/vnd.oasis.opendocument.text"


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
    return properties, change_warnings(changes, comments)


def convert(
    file: Path, data: bytes, name: str, work: Path
) -> tuple[DocumentProperties, str, list[str]]:
    """An ODT as properties, Markdown and warnings (see :func:`office.convert_package`)."""
    return convert_package(file, data, name, work, "odt", _require_parts, _properties)


register(Importer("odt", (".odt",), convert))
