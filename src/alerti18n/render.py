"""Documents per language: source structure + catalog -> Markdown, HTML, text.

A translated document is the source text with each translated segment's
span replaced by its translation; everything between segments (markup,
code, HTML, blank lines, list markers) is copied byte for byte. So with an
empty catalog the output *is* the source, and a translation can only ever
change translatable text.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from dataclasses import dataclass
from functools import cache, lru_cache

import jinja2
from babel import Locale
from babel.dates import format_date
from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.front_matter import front_matter_plugin

from alerti18n.segment import Document

_TAG = re.compile(r"<[^<>]*>")

#: Interface strings of the built pages, per language.
UI = {
    "en": {
        "languages": "Languages",
        "index": "All documents",
        "published": "Published by {publisher} on {date}",
        "incomplete": "This version is incomplete: {n} of {total} sentences are shown in the "
        "original English.",
        "draft": "Draft: this translation has not been reviewed and may contain machine "
        "translation. Do not quote it as the publisher's text.",
    },
    "fr": {
        "languages": "Langues",
        "index": "Tous les documents",
        "published": "Publié par {publisher} le {date}",
        "incomplete": "Cette version est incomplète\u00a0: {n}\u00a0phrases sur {total} sont "
        "affichées dans l’original anglais.",
        "draft": "Version provisoire\u00a0: cette traduction n’a pas été relue et peut contenir "
        "de la traduction automatique. Ne la citez pas comme le texte de l’éditeur.",
    },
    "hy": {
        "languages": "Լեզուներ",
        "index": "Բոլոր փաստաթղթերը",
        "published": "Հրապարակել է {publisher}-ը, {date}",
        "incomplete": "Այս տարբերակն ամբողջական չէ՝ {total} նախադասությունից {n}-ը "
        "ներկայացված է անգլերեն բնագրով։",
        "draft": "Նախնական տարբերակ՝ այս թարգմանությունը խմբագրված չէ և կարող է պարունակել "
        "մեքենայական թարգմանություն։ Մի՛ մեջբերեք այն որպես հրատարակչի տեքստ։",
    },
}


@dataclass(frozen=True)
class Rendered:
    """A document rebuilt in one language."""

    lang: str
    markdown: str
    fallbacks: int  # distinct segments (msgids) shown in the source language
    total: int


def ui(lang: str, key: str, **values: object) -> str:
    """An interface string in ``lang`` (English when the language has none)."""
    table = UI.get(lang.split("_")[0], UI["en"])
    return table[key].format(**values)


@cache
def autonym(lang: str) -> str:
    """The language's name in itself, capitalised as in a language menu (CLDR via Babel)."""
    name = Locale.parse(lang.replace("-", "_")).get_display_name(lang.replace("-", "_")) or lang
    return name[:1].upper() + name[1:]


def translate_document(
    doc: Document, translations: dict[str, str], lang: str, for_html: bool = False
) -> Rendered:
    """Rebuild ``doc`` with ``translations`` (msgid -> msgstr); missing ones fall back."""
    parts: list[str] = []
    at = 0
    missing: set[str] = set()
    for segment in doc.segments:
        text = translations.get(segment.text)
        if not text:
            missing.add(segment.text)
            continue
        text = " ".join(text.split("\n"))
        if segment.block == "title":
            text = json.dumps(text, ensure_ascii=False)
        elif segment.block == "table cell" and "|" not in segment.text:
            text = text.replace("|", "\\|")
        if for_html:
            text = escape_new_html(text, segment.text)
        parts.append(doc.text[at : segment.start])
        parts.append(text)
        at = segment.end
    parts.append(doc.text[at:])
    markdown = "".join(parts)
    total = len({segment.text for segment in doc.segments})
    if doc.front_matter_span and len(missing) < total:
        markdown = re.sub(r"(?m)^lang:[ \t]*\S+[ \t]*$", f"lang: {lang}", markdown, count=1)
    return Rendered(lang, markdown, len(missing), total)


def escape_new_html(translation: str, source: str) -> str:
    """Escape HTML tags the translation has but its source did not.

    A translator may move the source's inline HTML around, but cannot add
    any: ``<script>`` or an ``onerror=`` attribute in a msgstr shows as text.
    """
    allowed = set(_TAG.findall(source))
    return _TAG.sub(
        lambda m: m.group(0) if m.group(0) in allowed else m.group(0).replace("<", "&lt;"),
        translation,
    )


@lru_cache(maxsize=1)
def _markdown() -> MarkdownIt:
    return (
        MarkdownIt("commonmark", {"html": True})
        .enable(["table", "strikethrough"])
        .use(front_matter_plugin)
    )


@lru_cache(maxsize=1)
def templates() -> jinja2.Environment:
    """The package's Jinja2 templates, autoescaped."""
    return jinja2.Environment(
        loader=jinja2.PackageLoader("alerti18n", "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


@cache
def text_direction(lang: str) -> str:
    """``rtl`` or ``ltr`` for the ``dir`` attribute, from CLDR."""
    locale = Locale.parse(lang.replace("-", "_"))
    return "rtl" if locale.character_order == "right-to-left" else "ltr"


@dataclass(frozen=True)
class PageInfo:
    """What a page needs besides its body."""

    doc: str  # catalog name, e.g. "sos-alert-artsakh-2"
    lang: str
    languages: tuple[str, ...]
    title: str
    publisher: str
    date: dt.date | None
    notices: tuple[str, ...] = ()


def parse_markdown(text: str) -> list[Token]:
    """Block and inline tokens of a rebuilt document (shared by the HTML and text writers)."""
    return _markdown().parse(text)


def render_html(rendered: Rendered, info: PageInfo, tokens: list[Token] | None = None) -> str:
    """A standalone, offline HTML page for one language of one document.

    ``rendered`` should come from ``translate_document(..., for_html=True)``.
    """
    md = _markdown()
    tokens = tokens if tokens is not None else md.parse(rendered.markdown)
    body = md.renderer.render(tokens, md.options, {})
    here = f"{info.lang}/{info.doc}.html"
    depth = os.path.dirname(here)
    switcher = [
        {
            "lang": lang,
            "name": autonym(lang),
            "href": os.path.relpath(f"{lang}/{info.doc}.html", depth),
            "current": lang == info.lang,
        }
        for lang in info.languages
    ]
    locale = Locale.parse(info.lang.replace("-", "_"))
    date_text = format_date(info.date, "long", locale=locale) if info.date else ""
    published = ui(info.lang, "published", publisher=info.publisher, date=date_text)
    return (
        templates()
        .get_template("page.html")
        .render(
            lang=info.lang,
            dir=text_direction(info.lang),
            title=info.title,
            publisher=info.publisher,
            published=published if info.date else info.publisher,
            date_iso=info.date.isoformat() if info.date else "",
            languages_label=ui(info.lang, "languages"),
            switcher=switcher,
            index_href=os.path.relpath("index.html", depth),
            index_label=ui(info.lang, "index"),
            notices=info.notices,
            body=jinja2.filters.Markup(body),
        )
    )


def render_text(rendered: Rendered, tokens: list[Token] | None = None) -> str:
    """Plain text: headings underlined, paragraphs and list items as lines, markup dropped."""
    tokens = tokens if tokens is not None else _markdown().parse(rendered.markdown)
    out: list[str] = []
    prefix: list[str] = []
    for index, token in enumerate(tokens):
        if token.type == "bullet_list_open":
            prefix.append("- ")
        elif token.type == "ordered_list_open":
            prefix.append("1. ")
        elif token.type == "blockquote_open":
            prefix.append("> ")
        elif token.type in ("bullet_list_close", "ordered_list_close", "blockquote_close"):
            prefix.pop()
        elif token.type == "inline":
            text = _inline_text(token)
            opener = tokens[index - 1]
            if opener.type == "heading_open":
                mark = "=" if opener.tag == "h1" else "-"
                out.append(f"{text}\n{mark * len(text)}")
            elif opener.type in ("th_open", "td_open"):
                out.append(text)
            else:
                out.append("".join(prefix) + text)
        elif token.type in ("fence", "code_block"):
            out.append("\n".join("    " + ln for ln in token.content.rstrip("\n").split("\n")))
    return "\n\n".join(part for part in out if part.strip()) + "\n"


def _inline_text(token: Token) -> str:
    pieces = []
    for child in token.children or []:
        if child.type in ("text", "code_inline"):
            pieces.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            pieces.append(" ")
        elif child.type == "image":
            pieces.append(child.content)
    return "".join(pieces).strip()
