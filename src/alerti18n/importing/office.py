"""What the office-package importers (DOCX, ODT) share: reading the checked zip package's
XML parts, and converting its body through pandoc with its images extracted.
"""

from __future__ import annotations

import json
import re
import shutil
import zipfile
from collections import Counter
from collections.abc import Callable
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any

from alerti18n.core import safexml
from alerti18n.core.errors import SourceError
from alerti18n.importing._checks import open_package
from alerti18n.importing.base import (
    DocumentProperties,
    allowed_content,
    stringify,
    to_markdown,
    unique_name,
)

NS = {
    "cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
    "dc": "http://purl.org/dc/elements/1.1/",
    "dcterms": "http://purl.org/dc/terms/",
    "ep": "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties",
    "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "meta": "urn:oasis:names:tc:opendocument:xmlns:meta:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
    "style": "urn:oasis:names:tc:opendocument:xmlns:style:1.0",
    "fo": "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0",
    "svg": "urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0",
}

#: (the package) -> (its properties, warnings: tracked changes, comments)
ReadProperties = Callable[[zipfile.ZipFile], tuple[DocumentProperties, list[str]]]
#: (the file, its package) -> None, or SourceError when a part the format has is missing
RequireParts = Callable[[Path, zipfile.ZipFile], None]
#: (the package) -> the text of its body and notes, as a reader should find it all
BodyText = Callable[[zipfile.ZipFile], str]
_WORD = re.compile(r"\w+")


def xml_part(package: zipfile.ZipFile, member: str) -> Any:
    """A part parsed without DTDs, entities or network; None if the package has no such part."""
    from lxml import etree

    if member not in package.namelist():
        return None
    try:
        return etree.fromstring(package.read(member), safexml.parser())
    except etree.XMLSyntaxError:
        return None


def part_text(tree: Any, path: str) -> str:
    if tree is None:
        return ""
    found = tree.find(path, NS)
    return " ".join((found.text or "").split()) if found is not None else ""


def change_warnings(changes: int, comments: int) -> list[str]:
    """Warnings for tracked changes (imported as accepted) and comments (dropped)."""
    warnings = []
    if changes:
        warnings.append(
            f"has {changes} tracked change(s): imported as if accepted "
            "(review them in Word or LibreOffice first if they are not final)"
        )
    if comments:
        warnings.append(f"has {comments} comment(s): comments are not imported")
    return warnings


def convert_package(
    file: Path,
    data: bytes,
    name: str,
    work: Path,
    kind: str,
    require: RequireParts,
    properties: ReadProperties,
    body_text: BodyText,
) -> tuple[DocumentProperties, str, list[str]]:
    """A checked office package (pandoc's reader ``kind``) as properties, Markdown, warnings.

    The title is the document's Title paragraph, else the package's property;
    a subtitle and an abstract open the body. Words of the package's text
    (``body_text``) that pandoc's reading of it lacks are named in a warning:
    nothing is lost silently, even where pandoc's reader cannot read a part.
    """
    from alerti18n.core.pandoc import run_pandoc

    package = open_package(file, data, kind, require)
    meta, warnings = properties(package)
    source = work / f"input.{kind}"
    source.write_bytes(data)
    extracted = work / "extracted"
    ast = json.loads(
        run_pandoc(
            ["-f", kind, "-t", "json", f"--extract-media={extracted}", str(source)],
            cwd=work,
            what=file,
        )
    )
    visible = stringify(ast.get("meta", {}).get("title"))
    meta.title = visible or meta.title  # the Title paragraph, else the core property
    lead = [
        {"t": "Para", "c": _meta_inlines(ast["meta"][key])}
        for key in ("subtitle",)
        if key in ast.get("meta", {})
    ]
    abstract = ast.get("meta", {}).get("abstract", {})
    if abstract.get("t") == "MetaBlocks":
        lead += abstract["c"]
    ast["blocks"] = lead + ast["blocks"]
    ast["meta"] = {}
    warnings += unread_words(body_text(package), ast, visible)
    _move_images(ast["blocks"], extracted, work, name, file)
    warnings += allowed_content(ast["blocks"], work, name)
    markdown, kept = to_markdown(ast, work, file)
    return meta, markdown, warnings + kept


def unread_words(text: str, ast: dict, title: str) -> list[str]:
    """A warning naming the words of ``text`` (the document's) that pandoc's tree lacks.

    Words are counted, so a note read where it is referred to, not at the
    end, is no loss; the words shown are the first run of missing ones.
    """
    from alerti18n.importing.structure import plain_text

    expected = _WORD.findall(text)
    read = _WORD.findall(plain_text(ast["blocks"]) + " " + title)
    missing = Counter(expected) - Counter(read)
    if not missing:
        return []
    shown: list[str] = []
    opcodes = SequenceMatcher(None, expected, read, autojunk=False).get_opcodes()
    for tag, start, end, _, _ in opcodes:
        if tag in ("delete", "replace"):
            run = [word for word in expected[start:end] if missing[word] > 0]
            if run:
                shown = run[:10]
                break
    return [
        f"{sum(missing.values())} word(s) of the document are not imported "
        f"(“{' '.join(shown)}”…): its reader (pandoc) cannot read the part they are in; "
        "copy them into the Markdown, or simplify that part and import again"
    ]


def _meta_inlines(value: dict) -> list:
    if value.get("t") == "MetaInlines":
        return list(value["c"])
    return [{"t": "Str", "c": stringify(value)}]


def _move_images(blocks: Any, extracted: Path, work: Path, name: str, file: Path) -> None:
    """Give each extracted image a plain name under ``<name>/media/`` and point to it."""
    media = work / name / "media"
    taken: dict[Path, str] = {}

    def walk(node: Any) -> None:
        if isinstance(node, list):
            for item in node:
                walk(item)
        elif isinstance(node, dict):
            if node.get("t") == "Image":
                target = node["c"][2]
                target[0] = _media_target(target[0], extracted, media, name, taken, file)
            walk(node.get("c"))

    walk(blocks)


def _media_target(
    url: str, extracted: Path, media: Path, name: str, taken: dict[Path, str], file: Path
) -> str:
    path = Path(url)
    if not path.is_absolute() or not path.resolve().is_relative_to(extracted.resolve()):
        return url  # an image outside the package (a linked file or URL): left as it is
    path = path.resolve()
    if path in taken:
        return taken[path]
    if path.is_symlink() or not path.is_file():
        raise SourceError(f"image {url} could not be extracted", file)
    media.mkdir(parents=True, exist_ok=True)
    new = unique_name(media, path.name)
    shutil.copyfile(path, media / new)
    taken[path] = f"{name}/media/{new}"
    return taken[path]
