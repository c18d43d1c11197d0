"""``alerti18n import``: a DOCX, ODT or HTML file -> ``source/<name>.md``.

The file is checked before anything else reads it (:mod:`alerti18n.importing._checks`:
its type, its size, zip-slip, zip bombs, DTDs in XML parts). The parts read
here are parsed with a parser that loads no DTD, resolves no entity and
fetches nothing.

pandoc then converts the body to GFM that the segmenter handles (headings,
lists, tables, links, emphasis, images; footnotes become numbered
paragraphs; no raw HTML), images are extracted to ``source/<name>/media/``,
and a front matter is written from the document's properties (DOCX core
properties, ODT meta.xml, the HTML page's ``<title>`` and ``<meta>``).
Tracked changes are taken as accepted and comments dropped, each with a
warning. Everything is made in a temporary folder; only then are the media
folder and the Markdown replaced.

HTML: only the article is kept: the page's ``<main>``, else its longest
``<article>``, else its ``<body>`` without ``<header>``, ``<footer>``;
inside it, navigation, asides, forms, scripts, styles and hidden elements are
dropped.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import datetime as dt
import json
import logging
import os
import re
import shutil
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import yaml

from alerti18n.core import safexml
from alerti18n.core.config import Project, validate_language
from alerti18n.core.errors import ConfigError, SourceError
from alerti18n.core.files import atomic_write, ensure_inside
from alerti18n.core.layout import check_document_name
from alerti18n.importing._checks import check_html, open_package, read_file

log = logging.getLogger(__name__)

KINDS = {".docx": "docx", ".odt": "odt", ".html": "html", ".htm": "html"}
#: The Markdown pandoc writes: GFM without raw HTML, footnotes as numbered paragraphs.
MARKDOWN_WRITER = "gfm-raw_html-footnotes"
_IMAGE_TYPES = {
    "image/png": ".png",
    "image/jpeg": ".jpg",
    "image/gif": ".gif",
    "image/webp": ".webp",
    "image/svg+xml": ".svg",
}
_IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg", ".bmp", ".tif", ".tiff"}
_NS = {
    "cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
    "dc": "http://purl.org/dc/elements/1.1/",
    "dcterms": "http://purl.org/dc/terms/",
    "ep": "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties",
    "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "meta": "urn:oasis:names:tc:opendocument:xmlns:meta:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
}


@dataclass
class Imported:
    """What an import wrote."""

    markdown: Path
    media: list[Path] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


@dataclass
class _Meta:
    title: str = ""
    date: dt.date | None = None
    publisher: str = ""
    lang: str = ""
    author: str = ""


def import_document(project: Project, file: Path, name: str | None = None) -> Imported:
    """Convert ``file`` to ``source/<name>.md`` with its images; see the module docstring."""
    kind = KINDS.get(file.suffix.lower())
    if kind is None:
        raise SourceError(
            f"cannot import a {file.suffix or 'file without extension'}",
            file,
            hint="import .docx, .odt or .html files",
        )
    name = _document_name(file, name)
    data = read_file(file)
    ensure_inside(project.state_dir / "import", project.root)  # the scratch folder goes there
    project.state_dir.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="import-", dir=project.state_dir))
    try:
        if kind == "html":
            meta, markdown, warnings = _convert_html(file, data, name, work)
        else:
            meta, markdown, warnings = _convert_package(file, data, kind, name, work)
        for warning in warnings:
            log.warning("%s: %s", file, warning)
        text = _front_matter(meta, project) + markdown
        return _commit(project, name, text, work, warnings)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _document_name(file: Path, name: str | None) -> str:
    """The name to import as: ``--as NAME``, else the file's stem made plain; the rule
    every document name follows (:func:`~alerti18n.core.layout.check_document_name`)."""
    if name is None:
        name = re.sub(r"[^A-Za-z0-9._-]+", "-", file.stem).strip("-._").lower()
        name = re.sub(r"\.{2,}", ".", name)[:100].strip("-._")
    try:
        return check_document_name(name)
    except SourceError as exc:
        raise SourceError(exc.message, file, hint=f"give --as NAME: {exc.hint}") from None


# --- packages (DOCX, ODT) -------------------------------------------------------------------


def _xml(package: zipfile.ZipFile, member: str) -> Any:
    """A part parsed without DTDs, entities or network; None if the package has no such part."""
    from lxml import etree

    if member not in package.namelist():
        return None
    try:
        return etree.fromstring(package.read(member), safexml.parser())
    except etree.XMLSyntaxError:
        return None


def _text(tree: Any, path: str) -> str:
    if tree is None:
        return ""
    found = tree.find(path, _NS)
    return " ".join((found.text or "").split()) if found is not None else ""


def _date(value: str) -> dt.date | None:
    match = re.match(r"(\d{4})-(\d{2})-(\d{2})", value.strip())
    if not match:
        return None
    with contextlib.suppress(ValueError):
        return dt.date(*map(int, match.groups()))
    return None


def _package_meta(package: zipfile.ZipFile, kind: str) -> tuple[_Meta, list[str]]:
    """Properties for the front matter, and warnings (tracked changes, comments)."""
    warnings = []
    if kind == "docx":
        core = _xml(package, "docProps/core.xml")
        app = _xml(package, "docProps/app.xml")
        author = _text(core, "dc:creator")
        meta = _Meta(
            title=_text(core, "dc:title"),
            date=_date(_text(core, "dcterms:modified")) or _date(_text(core, "dcterms:created")),
            publisher=_text(app, "ep:Company") or author,
            lang=_text(core, "dc:language"),
            author=author,
        )
        body = _xml(package, "word/document.xml")
        w = "{" + _NS["w"] + "}"
        changes = 0 if body is None else sum(1 for _ in body.iter(w + "ins", w + "del"))
        moves = 0 if body is None else sum(1 for _ in body.iter(w + "moveFrom", w + "moveTo"))
        comments_part = _xml(package, "word/comments.xml")
        comments = 0 if comments_part is None else sum(1 for _ in comments_part.iter(w + "comment"))
    else:
        doc = _xml(package, "meta.xml")
        info = doc.find("office:meta", _NS) if doc is not None else None
        author = _text(info, "dc:creator") or _text(info, "meta:initial-creator")
        meta = _Meta(
            title=_text(info, "dc:title"),
            date=_date(_text(info, "dc:date")) or _date(_text(info, "meta:creation-date")),
            publisher=author,
            lang=_text(info, "dc:language"),
            author=author,
        )
        content = _xml(package, "content.xml")
        t, o = "{" + _NS["text"] + "}", "{" + _NS["office"] + "}"
        changes = 0 if content is None else sum(1 for _ in content.iter(t + "changed-region"))
        moves = 0
        comments = 0 if content is None else sum(1 for _ in content.iter(o + "annotation"))
    if changes or moves:
        warnings.append(
            f"has {changes + moves} tracked change(s): imported as if accepted "
            "(review them in Word or LibreOffice first if they are not final)"
        )
    if comments:
        warnings.append(f"has {comments} comment(s): comments are not imported")
    return meta, warnings


def _convert_package(
    file: Path, data: bytes, kind: str, name: str, work: Path
) -> tuple[_Meta, str, list[str]]:
    from alerti18n.core.pandoc import run_pandoc

    package = open_package(file, data, kind)
    meta, warnings = _package_meta(package, kind)
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
    visible = _stringify(ast.get("meta", {}).get("title"))
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
    _move_images(ast["blocks"], extracted, work, name, file)
    markdown = _to_markdown(ast, work, file)
    return meta, markdown, warnings


def _meta_inlines(value: dict) -> list:
    if value.get("t") == "MetaInlines":
        return list(value["c"])
    return [{"t": "Str", "c": _stringify(value)}]


def _stringify(value: Any) -> str:
    """The plain text of a piece of pandoc's JSON AST."""
    words: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, list):
            for item in node:
                walk(item)
        elif isinstance(node, dict):
            kind = node.get("t")
            if kind == "Str" or kind == "MetaString":
                words.append(str(node.get("c", "")))
            elif kind in ("Space", "SoftBreak", "LineBreak"):
                words.append(" ")
            else:
                walk(node.get("c"))

    walk(value)
    return " ".join("".join(words).split())


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
    new = _unique(media, path.name)
    shutil.copyfile(path, media / new)
    taken[path] = f"{name}/media/{new}"
    return taken[path]


def _unique(folder: Path, wanted: str) -> str:
    stem, suffix = os.path.splitext(wanted)
    stem = re.sub(r"[^A-Za-z0-9_-]+", "-", stem).strip("-") or "image"
    suffix = re.sub(r"[^A-Za-z0-9.]+", "", suffix.lower())[:8]
    candidate, number = f"{stem}{suffix}", 1
    while (folder / candidate).exists():
        number += 1
        candidate = f"{stem}-{number}{suffix}"
    return candidate


def _to_markdown(ast: dict, work: Path, file: Path) -> str:
    from alerti18n.core.pandoc import run_pandoc

    out = run_pandoc(
        ["-f", "json", "-t", MARKDOWN_WRITER, "--wrap=none", "--markdown-headings=atx"],
        json.dumps(ast).encode("utf-8"),
        cwd=work,
        what=file,
    )
    text = out.decode("utf-8").replace("\r\n", "\n")
    if not text.strip():
        raise SourceError("the document has no text to import", file)
    return text if text.endswith("\n") else text + "\n"


# --- HTML -----------------------------------------------------------------------------------

#: Dropped wherever they are inside the article.
_NOT_ARTICLE = (
    "script style noscript template iframe object embed nav aside form button "
    "select input textarea svg canvas dialog"
).split()


def _convert_html(file: Path, data: bytes, name: str, work: Path) -> tuple[_Meta, str, list[str]]:
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
    article, how = _article(root)
    for element in list(article.iter()):
        if not isinstance(element.tag, str):
            continue
        hidden = element.get("hidden") is not None or element.get("aria-hidden") == "true"
        if (element.tag in _NOT_ARTICLE or hidden) and element.getparent() is not None:
            element.drop_tree()
    _html_images(article, file, work, name)
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
    log.info("%s: article taken from %s", file, how)
    return meta, _to_markdown(ast, work, file), []


def _html_meta(root: Any) -> _Meta:
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
    return _Meta(
        title=title,
        date=_date(when),
        publisher=content("og:site_name", "publisher", "author", "dcterms.publisher"),
        lang=(root.get("lang") or root.get("{http://www.w3.org/XML/1998/namespace}lang") or ""),
        author=content("author"),
    )


def _article(root: Any) -> tuple[Any, str]:
    """The page's article element and how it was found."""
    mains = [e for e in root.iter("main") if e.get("hidden") is None]
    if mains:
        return mains[0], "<main>"
    articles = list(root.iter("article"))
    if articles:
        return max(articles, key=lambda e: len(e.text_content())), "<article>"
    body = root.find("body")
    body = body if body is not None else root
    for element in list(body.iter("header", "footer")):
        if element.getparent() is not None:
            element.drop_tree()
    return body, "<body> without header and footer"


def _html_images(article: Any, file: Path, work: Path, name: str) -> None:
    """Copy the article's local and ``data:`` images into ``<name>/media/``.

    A local image must be inside the HTML file's folder; one elsewhere, or a
    URL, is left as it is (nothing is fetched).
    """
    media = work / name / "media"
    top = file.parent.resolve()
    for image in article.iter("img"):
        src = (image.get("src") or "").strip()
        parts = urlsplit(src)
        if src.startswith("data:"):
            header, _, payload = src[5:].partition(",")
            kind = header.split(";")[0].lower()
            if kind not in _IMAGE_TYPES or ";base64" not in header:
                image.drop_tree()
                continue
            try:
                blob = base64.b64decode(payload, validate=False)
            except (binascii.Error, ValueError):
                image.drop_tree()
                continue
            media.mkdir(parents=True, exist_ok=True)
            new = _unique(media, "image" + _IMAGE_TYPES[kind])
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
                new = _unique(media, target.name)
                shutil.copyfile(target, media / new)
                image.set("src", f"{name}/media/{new}")


# --- writing --------------------------------------------------------------------------------


def _front_matter(meta: _Meta, project: Project) -> str:
    lang = meta.lang.replace("_", "-")
    with contextlib.suppress(ConfigError):
        lang = validate_language(lang.split("-")[0]) if lang else ""
    if lang and not re.fullmatch(r"[A-Za-z]{2,3}", lang):
        lang = ""
    fields: dict[str, object] = {
        "title": meta.title,
        "date": meta.date,
        "publisher": meta.publisher,
        "author": meta.author if meta.author != meta.publisher else "",
        "lang": lang or project.source_language,
    }
    kept = {key: value for key, value in fields.items() if value}
    text = yaml.safe_dump(kept, sort_keys=False, allow_unicode=True, width=10_000)
    return f"---\n{text}---\n\n"


def _commit(project: Project, name: str, text: str, work: Path, warnings: list[str]) -> Imported:
    """Replace the media folder, then the Markdown; return what was written."""
    source = project.source_dir / f"{name}.md"
    ensure_inside(source, project.root)
    new_media = work / name / "media"
    media = project.source_dir / name / "media"
    ensure_inside(media, project.root)
    if media.is_symlink() or (media.exists() and not media.is_dir()):
        raise SourceError(
            "is not a folder alerti18n made", media, hint="move it away, then import again"
        )
    files = sorted(p for p in new_media.rglob("*") if p.is_file()) if new_media.is_dir() else []
    old = work / "old-media"
    if media.is_dir():
        os.replace(media, old)
    try:
        if files:
            media.parent.mkdir(parents=True, exist_ok=True)
            os.replace(new_media, media)
        atomic_write(source, text.encode("utf-8"), project.root)
    except BaseException:
        if old.is_dir():
            if media.is_dir():
                shutil.rmtree(media)
            os.replace(old, media)
        raise
    with contextlib.suppress(OSError):
        media.parent.rmdir()  # only if the import left it empty
    return Imported(source, [media / p.relative_to(new_media) for p in files], warnings)
