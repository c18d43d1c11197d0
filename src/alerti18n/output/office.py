"""Per-language DOCX/ODT from the page's HTML body, through :mod:`alerti18n.core.pandoc`.

pandoc runs with ``--sandbox``: it reads nothing but the reference document,
fetches nothing; the project's images reach it as ``data:`` URLs.

Output (:func:`office_document`) is made from the same HTML body as the web
page (markdown-it's reading of the built Markdown, with the link rule
applied), read by pandoc's HTML reader: so every format shows the structure
one Markdown parser found, and what HTML says that GFM cannot (a table with
paragraphs and lists in its cells, a table in a table, a definition list,
superscript, subscript, small capitals) reaches Word and LibreOffice as
their own constructs. Footnotes come as the page writes them
(:mod:`alerti18n.output.footnotes`), which pandoc reads as notes: they
become real Word footnotes (``w:footnoteReference``) and ODF notes
(``text:note``). The page's title, date-and-publisher line and notices are
added as in the web page, and the language goes into the document's default
text properties (``w:lang``, or ``fo:language`` in ODT).

Right-to-left languages (CLDR's character order, as the web page's ``dir``):
in DOCX every paragraph gets ``w:bidi`` (the footnotes' and endnotes' too),
every table ``w:bidiVisual`` (its first column on the right) and the section
``w:bidi`` (the page runs right to left); in ODT every paragraph and table
style and the page layout get ``style:writing-mode="rl-tb"`` (pandoc's ODT
writer ignores the ``dir`` metadata, so the styles are set after it has run).
"""

from __future__ import annotations

import base64
import datetime as dt
import io
import json
import logging
import re
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from babel import Locale

from alerti18n.core import safexml
from alerti18n.core.files import read_input
from alerti18n.core.pandoc import epoch_of, run_pandoc
from alerti18n.output.page import PageInfo
from alerti18n.output.render import text_direction
from alerti18n.text.links import ImageRule, clean_pandoc
from alerti18n.text.media import path_rule

log = logging.getLogger(__name__)

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_STYLE = "urn:oasis:names:tc:opendocument:xmlns:style:1.0"
_FO = "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"


def office_document(
    body: str,
    info: PageInfo,
    fmt: str,
    resources: Path,
    reference: Path | None = None,
    image_ok: ImageRule | None = None,
) -> bytes:
    """``body`` (the HTML of a page's body, see ``render.render_body``) as DOCX or ODT bytes.

    pandoc runs sandboxed: it reads no file but the reference document. The
    images ``image_ok`` allows (by default: relative paths inside
    ``resources``, the source document's folder) are read here and handed to
    it as ``data:`` URLs; any other image shows its text, and a link the link
    rule refuses its text (:func:`alerti18n.text.links.clean_pandoc`).
    """
    ast = json.loads(run_pandoc(["-f", "html", "-t", "json"], body.encode("utf-8")))
    allowed = image_ok or path_rule(resources / "document.md", resources)
    for problem in clean_pandoc(ast["blocks"], lambda url: _embedded(url, resources, allowed)):
        log.info("%s/%s.%s: %s", info.lang, info.doc, fmt, problem)
    _anchors_into_text(ast["blocks"])
    direction = text_direction(info.lang)
    history = info.history
    told = [*info.notices, *([history.notice] if history and history.notice else [])]
    notices = [_div(_para(notice), "Notice") for notice in told]
    ast["blocks"] = notices + ast["blocks"] + _change_log(info)
    meta = {
        "title": {"t": "MetaInlines", "c": _inlines(info.title)},
        "lang": {"t": "MetaString", "c": info.lang},
        "dir": {"t": "MetaString", "c": direction},
    }
    line = info.published
    if line:
        meta["date"] = {"t": "MetaInlines", "c": _inlines(line)}
    ast["meta"] = meta
    args = ["-f", "json", "-t", fmt, "-o", "-"]
    if reference is not None:
        args.append(f"--reference-doc={reference}")
    epoch = epoch_of(info.date)
    data = run_pandoc(args, json.dumps(ast).encode("utf-8"), cwd=resources, epoch=epoch)
    data = _dated(data, epoch)
    if fmt == "docx" and direction == "rtl":
        data = _docx_right_to_left(data)
    elif fmt == "odt" and direction == "rtl":
        data = _odt_right_to_left(data, info.lang)
    return data


def _change_log(info: PageInfo) -> list[dict]:
    """The page's version history as pandoc blocks: a heading and a bulleted list."""
    history = info.history
    if history is None or not history.changes:
        return []
    items = [[_para(line)] for line in history.changes]
    heading = {"t": "Header", "c": [2, ["version-history", [], []], _inlines(history.label)]}
    return [heading, {"t": "BulletList", "c": items}]


def _anchors_into_text(node: Any) -> None:
    """An empty ``<div id>`` (a cross-reference's target, see ``importing.structure``) as a
    bookmark at the start of the block after it, in place: pandoc's ODT writer writes no
    bookmark for an empty division, and Word's bookmarks sit in paragraphs."""
    if isinstance(node, dict):
        _anchors_into_text(node.get("c"))
        return
    if not isinstance(node, list):
        return
    for index in range(len(node) - 1, -1, -1):
        item = node[index]
        _anchors_into_text(item)
        if not (isinstance(item, dict) and item.get("t") == "Div" and not item["c"][1]):
            continue
        after = node[index + 1] if index + 1 < len(node) else None
        if isinstance(after, dict) and after.get("t") in ("Para", "Plain", "Header"):
            inlines = after["c"][2] if after["t"] == "Header" else after["c"]
            inlines.insert(0, {"t": "Span", "c": [[item["c"][0][0], [], []], []]})
            del node[index]


#: Media types of the image files an office document may embed.
_IMAGE_TYPES = {
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".svg": "image/svg+xml",
    ".bmp": "image/bmp",
    ".tif": "image/tiff",
    ".tiff": "image/tiff",
}


def _embedded(url: str, resources: Path, image_ok: ImageRule) -> str | None:
    """The ``data:`` URL of an allowed image (None: not allowed, or not an image file)."""
    kind = _IMAGE_TYPES.get(Path(unquote(urlsplit(url).path)).suffix.lower())
    if kind is None or not image_ok(url):
        return None
    data = read_input(resources / unquote(urlsplit(url).path))
    return f"data:{kind};base64,{base64.b64encode(data).decode('ascii')}"


def _inlines(text: str) -> list[dict]:
    """pandoc inlines for plain ``text`` (words and spaces; no-break spaces stay in words)."""
    inlines: list[dict] = []
    for word in filter(None, re.split(r"[ \t\n]+", text)):
        if inlines:
            inlines.append({"t": "Space"})
        inlines.append({"t": "Str", "c": word})
    return inlines


def _para(text: str) -> dict:
    return {"t": "Para", "c": _inlines(text)}


def _div(block: dict, style: str) -> dict:
    return {"t": "Div", "c": [["", [], [["custom-style", style]]], [block]]}


_DCTERMS = "http://purl.org/dc/terms/"
_DC = "http://purl.org/dc/elements/1.1/"
_META = "urn:oasis:names:tc:opendocument:xmlns:meta:1.0"
#: The properties that carry the time the document was made or changed (DOCX, ODT).
_DATED = (
    f"{{{_DCTERMS}}}created",
    f"{{{_DCTERMS}}}modified",
    f"{{{_META}}}creation-date",
    f"{{{_DC}}}date",
)


def _dated(package: bytes, epoch: int) -> bytes:
    """The package dated ``epoch`` (the document's date): its zip entries and properties.

    pandoc in its sandbox reads no clock and no ``SOURCE_DATE_EPOCH``: it
    dates the properties 1970-01-01 and the zip entries 1980-01-01.
    """
    moment = dt.datetime.fromtimestamp(epoch, dt.timezone.utc)
    stamp = moment.strftime("%Y-%m-%dT%H:%M:%SZ")

    def edit(tree: Any) -> None:
        for element in tree.iter(*_DATED):
            element.text = stamp

    parts: dict[str, Callable[[Any], None]] = {"docProps/core.xml": edit, "meta.xml": edit}
    return _rewrite_parts(package, parts, moment.timetuple()[:6])


def _rewrite_parts(
    package: bytes,
    edits: dict[str, Callable[[Any], None]],
    date_time: tuple[int, ...] | None = None,
) -> bytes:
    """The zip ``package`` with the XML parts named in ``edits`` changed in place
    (and every entry dated ``date_time``, when given).

    Each part is parsed without DTDs, entities or network (a reference
    document is the user's file) and handed to its function. The zip is
    written back entry by entry with the same names, order, timestamps and
    compression (ODT's ``mimetype`` stays first and stored), so the bytes stay
    reproducible.
    """
    from lxml import etree

    parser = safexml.parser()
    source = zipfile.ZipFile(io.BytesIO(package))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            edit = edits.get(item.filename)
            if edit is not None:
                tree = etree.fromstring(data, parser)
                edit(tree)
                data = etree.tostring(tree, xml_declaration=True, encoding="UTF-8")
            if date_time is not None:
                item.date_time = date_time  # type: ignore[assignment]
            target.writestr(item, data, compress_type=item.compress_type)
    return out.getvalue()


def _docx_right_to_left(docx: bytes) -> bytes:
    """The DOCX with every paragraph, table and the section right to left.

    ``w:bidi`` on every paragraph (pandoc leaves it off the title and date;
    the notes' paragraphs are in their own parts), ``w:bidiVisual`` on every
    table (its first column on the right), ``w:bidi`` on the section (the
    page: its columns, gutter and page numbers).
    """

    def edit(tree: Any) -> None:
        for paragraph in tree.iter(f"{{{_W}}}p"):
            _set(paragraph, "pPr", "bidi", _BEFORE_BIDI)
        for table in tree.iter(f"{{{_W}}}tbl"):
            _set(table, "tblPr", "bidiVisual", _BEFORE_BIDI_VISUAL)
        for section in tree.iter(f"{{{_W}}}sectPr"):
            _set(section, None, "bidi", _BEFORE_SECTION_BIDI)

    parts = ("word/document.xml", "word/footnotes.xml", "word/endnotes.xml")
    return _rewrite_parts(docx, dict.fromkeys(parts, edit))


#: Absolute alignments of a left-to-right style, as the same edge in a right-to-left one.
_MIRRORED = {"left": "start", "right": "end"}


def _odt_right_to_left(odt: bytes, lang: str) -> bytes:
    """The ODT with every paragraph style, table and page written right to left.

    Every paragraph style (the default one, the named ones of ``styles.xml``
    and the automatic ones of ``content.xml``) gets
    ``style:writing-mode="rl-tb"``, so a paragraph is right-to-left whatever
    style it names, or none; ``start`` alignment then means the right edge,
    and a ``left``/``right`` alignment from a reference document becomes
    ``start``/``end``. Tables and page layouts run right to left too, and the
    language is set as the complex-script language as well (Arabic, Persian
    and Hebrew text is complex script to an office suite; pandoc sets only
    ``fo:language``).
    """
    locale = Locale.parse(lang.replace("-", "_"))
    language, country = locale.language, locale.territory or "none"

    def edit(tree: Any) -> None:
        from lxml import etree

        for style in tree.iter(f"{{{_STYLE}}}style", f"{{{_STYLE}}}default-style"):
            family = style.get(f"{{{_STYLE}}}family")
            if family not in ("paragraph", "table"):
                continue
            tag = f"{{{_STYLE}}}{family}-properties"
            props = style.find(tag)
            if props is None:
                props = etree.Element(tag)
                style.insert(0, props)
            props.set(f"{{{_STYLE}}}writing-mode", "rl-tb")
            align = props.get(f"{{{_FO}}}text-align")
            if family == "paragraph" and align in _MIRRORED:
                props.set(f"{{{_FO}}}text-align", _MIRRORED[align])
            if style.tag == f"{{{_STYLE}}}default-style" and family == "paragraph":
                text = style.find(f"{{{_STYLE}}}text-properties")
                if text is None:
                    text = etree.SubElement(style, f"{{{_STYLE}}}text-properties")
                text.set(f"{{{_STYLE}}}language-complex", language)
                text.set(f"{{{_STYLE}}}country-complex", country)
        for layout in tree.iter(f"{{{_STYLE}}}page-layout-properties"):
            layout.set(f"{{{_STYLE}}}writing-mode", "rl-tb")

    return _rewrite_parts(odt, {"styles.xml": edit, "content.xml": edit})


def _names(names: str) -> frozenset[str]:
    return frozenset(f"{{{_W}}}{name}" for name in names.split())


#: Children of w:pPr that come before w:bidi in the schema's order (CT_PPrBase).
_BEFORE_BIDI = _names(
    "pStyle keepNext keepLines pageBreakBefore framePr widowControl numPr "
    "suppressLineNumbers pBdr shd tabs suppressAutoHyphens kinsoku wordWrap "
    "overflowPunct topLinePunct autoSpaceDE autoSpaceDN"
)
#: Children of w:tblPr before w:bidiVisual (CT_TblPrBase).
_BEFORE_BIDI_VISUAL = _names("tblStyle tblpPr tblOverlap")
#: Children of w:sectPr before w:bidi (CT_SectPr).
_BEFORE_SECTION_BIDI = _names(
    "headerReference footerReference footnotePr endnotePr type pgSz pgMar paperSrc "
    "pgBorders lnNumType pgNumType cols formProt vAlign noEndnote titlePg textDirection"
)


def _set(element: Any, properties: str | None, name: str, before: frozenset[str]) -> None:
    """Add the empty property ``w:name`` to ``element``'s ``w:properties`` (made when
    missing; None: to ``element`` itself), after the children the schema puts before it."""
    from lxml import etree

    props = element
    if properties is not None:
        props = element.find(f"{{{_W}}}{properties}")
        if props is None:
            props = etree.Element(f"{{{_W}}}{properties}")
            element.insert(0, props)
    if props.find(f"{{{_W}}}{name}") is not None:
        return
    at = 0
    for index, child in enumerate(props):
        if child.tag in before:
            at = index + 1
    props.insert(at, etree.Element(f"{{{_W}}}{name}"))
