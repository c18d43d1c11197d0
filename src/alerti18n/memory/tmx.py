"""TMX 1.4 in and TMX 1.4b out, for the translation memory.

**Reading** uses lxml with a hardened parser: no entity expansion, no DTD
loading, no network, no huge trees. A file that declares entities (a
"billion laughs" bomb, an external entity) or refers to one is refused
before anything is read from it. Every refusal names ``file:line``.

**Writing** produces TMX 1.4b (``version="1.4"``; header attributes and
element order as its DTD requires). A sentence's inline Markdown
(``*emphasis*``, `` `code` ``, ``[text](target)``) is kept as it is, as
escaped text inside ``<seg>``, not as TMX inline elements (``<bpt>``,
``<ph>``): the Markdown *is* the sentence a translator edits in the PO file,
and tools that read TMX (Translate Toolkit, OmegaT) show it unchanged. When
reading, the native code inside inline elements is kept as text, so
``<bpt>*</bpt>word<ept>*</ept>`` reads as ``*word*``.

alerti18n's own per-unit data travels as ``<prop>`` elements:
``x-alerti18n-doc`` (the document the unit comes from) and
``x-alerti18n-reviewed`` (``yes`` when a second person reviewed it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from alerti18n.core import safexml
from alerti18n.core.errors import AlertI18nError
from alerti18n.core.files import read_input

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_INLINE_CODE = {"bpt", "ept", "ph", "it", "ut"}
_ENTITY_DECL = re.compile(rb"<!ENTITY", re.IGNORECASE)
DOC_PROP = "x-alerti18n-doc"
REVIEWED_PROP = "x-alerti18n-reviewed"
ORIGIN_PROP = "x-alerti18n-imported-from"


class MemoryFileError(AlertI18nError):
    """A translation memory file (TMX or PO) cannot be used: exit code 2."""


@dataclass(frozen=True)
class TmUnit:
    """One source sentence and its translation into one language, with where it came from."""

    source: str
    target: str
    lang: str
    doc: str = ""  # the document it was translated in ("" if unknown)
    reviewed: bool = False
    date: str = ""  # TMX form, e.g. 20230922T100000Z ("" if unknown): sorts by time
    origin: str = ""  # the catalog or memory file, relative to the project


@dataclass(frozen=True)
class TmxFile:
    """What a TMX file holds for a project: its units and the header's notes."""

    units: list[TmUnit]
    source_language: str
    imported_from: str = ""


def same_language(code: str, wanted: str) -> bool:
    """Whether a TMX language code names ``wanted`` (fr-FR and fr_fr name fr)."""
    a = code.replace("_", "-").casefold()
    b = wanted.replace("_", "-").casefold()
    return a == b or (("-" not in b) and a.split("-")[0] == b)


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def read_tmx(path: Path, source_language: str, targets: tuple[str, ...]) -> TmxFile:
    """The units of a TMX 1.4 file for the project's targets; raises on anything malformed."""
    header, body = _header_and_body(_parse(path), path)
    srclang = header.get("srclang")
    if not srclang:
        raise MemoryFileError(
            "<header> names no source language (srclang)",
            path,
            header.sourceline,
            hint=f'add srclang="{source_language}"',
        )
    if srclang != "*all*" and not same_language(srclang, source_language):
        raise MemoryFileError(
            f"source language {srclang} is not the project's ({source_language})",
            path,
            header.sourceline,
        )
    origin = ""
    for prop in header.findall("prop"):
        if prop.get("type") == ORIGIN_PROP:
            origin = prop.text or ""
    units = []
    for tu in body.iter("tu"):
        units.extend(_units(tu, path, source_language, targets))
    if not units:
        raise MemoryFileError(
            f"no translation unit from {source_language} into {', '.join(targets)}",
            path,
            body.sourceline,
            hint="the file holds no sentence pair in this project's languages",
        )
    return TmxFile(units, srclang, origin)


def _parse(path: Path) -> etree._Element:
    """The file's XML tree; refused when it declares entities or is not well-formed."""
    data = read_input(path, error=MemoryFileError)
    declared = _ENTITY_DECL.search(data)
    if declared:
        raise MemoryFileError(
            "the file declares XML entities, which a memory file never needs "
            "(refused: entity expansion and external entities are an attack vector)",
            path,
            _line_of(data, declared.start()),
            hint="export the memory again without a DTD internal subset",
        )
    try:
        root = etree.fromstring(data, safexml.parser(strip=True))
    except etree.XMLSyntaxError as exc:
        line = exc.lineno or (exc.position[0] if exc.position else None)
        raise MemoryFileError(
            f"not well-formed XML: {exc.msg}", path, line, hint="fix the file or export it again"
        ) from None
    for node in root.iter(etree.Entity):
        raise MemoryFileError(f"reference to undeclared entity {node.text}", path, node.sourceline)
    return root


def _header_and_body(root: etree._Element, path: Path) -> tuple[etree._Element, etree._Element]:
    """The ``<header>`` and ``<body>`` of a ``<tmx version="1.4">`` root."""
    if root.tag != "tmx":
        raise MemoryFileError(
            f"root element is <{root.tag}>, not <tmx>",
            path,
            root.sourceline,
            hint="give a TMX 1.4 file or a PO file",
        )
    version = root.get("version")
    if version != "1.4":
        raise MemoryFileError(
            f"TMX version {version!r} is not supported",
            path,
            root.sourceline,
            hint='alerti18n reads TMX 1.4 (version="1.4"); convert the file with your CAT tool',
        )
    header = root.find("header")
    body = root.find("body")
    if header is None or body is None:
        raise MemoryFileError("a TMX file needs <header> and <body>", path, root.sourceline)
    return header, body


def _units(
    tu: etree._Element, path: Path, source_language: str, targets: tuple[str, ...]
) -> list[TmUnit]:
    props = {p.get("type"): (p.text or "") for p in tu.findall("prop")}
    texts: dict[str, str] = {}
    for tuv in tu.findall("tuv"):
        lang = tuv.get(XML_LANG) or tuv.get("lang")
        if not lang:
            raise MemoryFileError(
                "<tuv> has no xml:lang", path, tuv.sourceline, hint='add xml:lang="..."'
            )
        seg = tuv.find("seg")
        if seg is None:
            raise MemoryFileError("<tuv> has no <seg>", path, tuv.sourceline)
        texts.setdefault(lang, seg_text(seg))
    source = next((t for code, t in texts.items() if same_language(code, source_language)), None)
    if source is None:
        raise MemoryFileError(
            f"<tu> has no <tuv> in the source language {source_language}", path, tu.sourceline
        )
    found = []
    for target in targets:
        text = next((t for code, t in texts.items() if same_language(code, target)), None)
        if source.strip() and text and text.strip():
            found.append(
                TmUnit(
                    source=source,
                    target=text,
                    lang=target,
                    doc=props.get(DOC_PROP, ""),
                    reviewed=props.get(REVIEWED_PROP) == "yes",
                    date=tu.get("changedate") or tu.get("creationdate") or "",
                )
            )
    return found


def seg_text(seg: etree._Element) -> str:
    """The text of a ``<seg>``: its inline elements' native code kept, ``<sub>`` left out."""
    parts = [seg.text or ""]
    for child in seg:
        tag = child.tag if isinstance(child.tag, str) else ""
        if tag in _INLINE_CODE or tag == "hi":
            parts.append(seg_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def write_tmx(
    units: list[TmUnit],
    source_language: str,
    tool_version: str,
    imported_from: str = "",
) -> bytes:
    """TMX 1.4b bytes for ``units`` (in the order given); Markdown stays as text."""
    root = etree.Element("tmx", version="1.4")
    header = etree.SubElement(
        root,
        "header",
        creationtool="alerti18n",
        creationtoolversion=tool_version,
        segtype="sentence",
        adminlang="en",
        srclang=source_language,
        datatype="plaintext",
        attrib={"o-tmf": "gettext PO"},
    )
    if imported_from:
        etree.SubElement(header, "prop", type=ORIGIN_PROP).text = imported_from
    body = etree.SubElement(root, "body")
    for unit in units:
        tu = etree.SubElement(body, "tu")
        if unit.date:
            tu.set("changedate", unit.date)
        if unit.doc:
            etree.SubElement(tu, "prop", type=DOC_PROP).text = unit.doc
        if unit.reviewed:
            etree.SubElement(tu, "prop", type=REVIEWED_PROP).text = "yes"
        for lang, text in ((source_language, unit.source), (unit.lang, unit.target)):
            tuv = etree.SubElement(tu, "tuv", attrib={XML_LANG: lang})
            etree.SubElement(tuv, "seg").text = text
    etree.indent(root, space="  ")
    body_bytes = etree.tostring(root, encoding="UTF-8", xml_declaration=False)
    head = b'<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE tmx SYSTEM "tmx14.dtd">\n'
    return head + body_bytes + b"\n"
