"""Web pages (``.html``, ``.htm``): only the article, through pandoc.

Only the article is kept: the page's main content as readability-lxml finds
it, else the page's ``<main>``, ``<article>`` or ``<body>``, with a warning
when that is a small share of the page's visible text
(:mod:`alerti18n.importing.article`). Properties come from the page's
``<title>`` and ``<meta>``. Local and ``data:`` images are copied into the
document's media folder; nothing is fetched. What is kept then goes through
the content rules (links, images) and pandoc ``--sandbox``.
"""

from __future__ import annotations

import base64
import binascii
import json
import logging
import shutil
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from alerti18n.core.errors import SourceError
from alerti18n.importing._checks import check_html
from alerti18n.importing.article import main_content
from alerti18n.importing.base import (
    DocumentProperties,
    Importer,
    allowed_content,
    parse_date,
    register,
    to_markdown,
    unique_name,
)
from alerti18n.text.links import shown

log = logging.getLogger(__name__)

_IMAGE_TYPES = {
    "image/png": ".png",
    "image/jpeg": ".jpg",
    "image/gif": ".gif",
    "image/webp": ".webp",
    "image/svg+xml": ".svg",
}
_IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg", ".bmp", ".tif", ".tiff"}


def convert(
    file: Path, data: bytes, name: str, work: Path
) -> tuple[DocumentProperties, str, list[str]]:
    """A web page's article as properties, Markdown and warnings (see the module docstring)."""
    import lxml.html
    from lxml import etree

    check_html(file, data)
    parser = lxml.html.HTMLParser(
        no_network=True, remove_comments=True, remove_pis=True, huge_tree=False
    )
    try:
        root = lxml.html.document_fromstring(data, parser=parser)
    except (etree.ParserError, ValueError) as exc:
        raise SourceError(f"not an HTML file: {exc}", file) from None
    meta = _html_meta(root)
    found = main_content(root)
    article = found.element
    small = found.warning()
    warnings = _html_images(article, file, work, name)
    html = lxml.html.tostring(article, encoding="unicode", method="html")
    from alerti18n.core.pandoc import run_pandoc

    ast = json.loads(
        run_pandoc(
            ["-f", "html", "-t", "json"],
            f"<html><body>{html}</body></html>".encode(),
            cwd=work,
            what=file,
        )
    )
    log.info("%s: article found by %s (%.0f%% of the page)", file, found.how, 100 * found.share)
    warnings += [small] if small else []
    warnings += allowed_content(ast["blocks"], work, name)
    markdown, kept = to_markdown(ast, work, file)
    return meta, markdown, warnings + kept


def _html_meta(root: Any) -> DocumentProperties:
    def content(*keys: str) -> str:
        for key in keys:
            for element in root.iter("meta"):
                if key in (element.get("property"), element.get("name")):
                    value = " ".join((element.get("content") or "").split())
                    if value:
                        return value
        return ""

    title_element = root.find(".//title")
    title = content("og:title") or (
        " ".join(title_element.text_content().split()) if title_element is not None else ""
    )
    time_element = root.find(".//time[@datetime]")
    when = content("article:published_time", "date", "dcterms.date", "dcterms.created", "DC.date")
    if not when and time_element is not None:
        when = time_element.get("datetime") or ""
    return DocumentProperties(
        title=title,
        date=parse_date(when),
        publisher=content("og:site_name", "publisher", "author", "dcterms.publisher"),
        lang=(root.get("lang") or root.get("{http://www.w3.org/XML/1998/namespace}lang") or ""),
        author=content("author"),
    )


def _html_images(article: Any, file: Path, work: Path, name: str) -> list[str]:
    """Copy the article's local and ``data:`` images into ``<name>/media/``; warnings.

    A local image must be inside the HTML file's folder; one elsewhere, or a
    URL, is left as it is here (nothing is fetched) and then shown as its text
    (:func:`alerti18n.importing.base.allowed_content`). A ``data:`` image that
    is not base64 or not an image type is dropped with a warning.
    """
    media = work / name / "media"
    top = file.parent.resolve()
    warnings = []
    for image in article.iter("img"):
        src = (image.get("src") or "").strip()
        parts = urlsplit(src)
        if src.startswith("data:"):
            header, _, payload = src[5:].partition(",")
            kind = header.split(";")[0].lower()
            if kind not in _IMAGE_TYPES or ";base64" not in header:
                warnings.append(
                    f"a data: image ({shown(header, 40)}) is not imported: only base64 "
                    f"{', '.join(sorted(_IMAGE_TYPES))} images are; save it as a file"
                )
                image.drop_tree()
                continue
            try:
                blob = base64.b64decode(payload, validate=False)
            except (binascii.Error, ValueError):
                warnings.append("a data: image is not imported: its base64 is broken")
                image.drop_tree()
                continue
            media.mkdir(parents=True, exist_ok=True)
            new = unique_name(media, "image" + _IMAGE_TYPES[kind])
            (media / new).write_bytes(blob)
            image.set("src", f"{name}/media/{new}")
        elif src and not parts.scheme and not parts.netloc and not src.startswith("/"):
            target = (file.parent / unquote(parts.path)).resolve()
            if (
                target.is_relative_to(top)
                and target.is_file()
                and target.suffix.lower() in _IMAGE_SUFFIXES
            ):
                media.mkdir(parents=True, exist_ok=True)
                new = unique_name(media, target.name)
                shutil.copyfile(target, media / new)
                image.set("src", f"{name}/media/{new}")
    return warnings


register(Importer("html", (".html", ".htm"), convert))
