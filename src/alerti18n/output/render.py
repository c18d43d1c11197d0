"""Documents per language: source structure + catalog -> Markdown, HTML.

A translated document is the source text with each translated segment's
span replaced by its translation; everything between segments (markup,
code, HTML, blank lines, list markers) is copied byte for byte. So with an
empty catalog the output *is* the source, and a translation can only ever
change translatable text.
"""

from __future__ import annotations

import functools
import json
import logging
import os
import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

import jinja2
from babel import Locale
from markdown_it import MarkdownIt
from markdown_it.token import Token

from alerti18n.language.cldr import capitalise_for_menu
from alerti18n.language.pagestrings import ui
from alerti18n.language.profiles import base as base_lang
from alerti18n.language.profiles import language_script
from alerti18n.language.scripts import facts
from alerti18n.output.fonts import stylesheet
from alerti18n.output.footnotes import at_the_foot, use_footnotes
from alerti18n.output.page import PageInfo
from alerti18n.text import inline
from alerti18n.text.frontmatter import yaml_front_matter
from alerti18n.text.links import ImageRule, clean_tokens
from alerti18n.text.media import path_rule
from alerti18n.text.segment import HARD_BREAK, Document, Segment

log = logging.getLogger(__name__)

#: A translated line's start that may begin a block: ATX heading, quote, list, thematic break,
#: setext underline, fence, HTML block, link reference definition (and digits: ordered list).
_BLOCK_MARKS = "#>-+*=_~`<["
_ASCII_PUNCTUATION = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
#: The markers that a block's lines begin with: block quotes, list items, a footnote's
#: label, indentation.
_CONTAINER = re.compile(r"(?:[ \t]*(?:>|(?:[-+*]|\d{1,9}[.)])(?=[ \t])|\[\^[^\]\s]+\]:))*[ \t]*")
#: A line break in a msgstr: a hard one (backslash or two spaces before it), else soft.
_MSGSTR_NEWLINE = re.compile(r"(?:(?P<hard>(?<!\\)(?:\\\\)*)(?:\\|[ ]{2,}))?[ \t]*\n[ \t]*")
_ODD_BACKSLASHES = re.compile(r"(?<!\\)\\(?:\\\\)*$")
#: Blocks whose text may hold hard line breaks (a setext heading too, when its msgid has one).
_HARD_BREAK_BLOCKS = frozenset({"paragraph", "list item", "quote", "footnote", "definition"})


@dataclass(frozen=True)
class Rendered:
    """A document rebuilt in one language."""

    lang: str
    markdown: str
    fallbacks: int  # distinct segments (msgids) shown in the source language
    total: int


@cache
def autonym(lang: str) -> str:
    """The language's name in itself (CLDR via Babel), as it opens an item of a language menu.

    Its first letter is titlecased unless CLDR's capitalisation context for
    language names in a menu says not to (``contextTransforms``, through ICU),
    and titlecasing is the script's: a Georgian letter's titlecase is itself
    (Unicode), so ``ქართული`` keeps its Mkhedruli letter, never the Mtavruli
    capital that ``str.upper`` would give.
    """
    name = Locale.parse(lang.replace("-", "_")).get_display_name(lang.replace("-", "_")) or lang
    if capitalise_for_menu(lang) is False:
        return name
    return name[:1].title() + name[1:]


def rebuild_document(
    doc: Document,
    translations: dict[str, str],
    lang: str,
    for_html: bool = False,
    source_lang: str | None = None,
    marks: tuple[str, str] | None = None,
) -> Rendered:
    """Rebuild ``doc`` with ``translations`` (msgid -> msgstr); missing ones fall back.

    For HTML with ``source_lang`` another language than ``lang``, a sentence
    that falls back is wrapped in ``<span lang=... dir=...>``: marked as the
    source language and isolated, so an English sentence on an Arabic page is
    read, hyphenated and laid out left to right. ``marks`` (opening, closing)
    are put around every sentence that falls back instead, on any page
    (:mod:`alerti18n.output.pageparse` parses with them).

    A translation is written on one line, except at its hard line breaks
    (``HARD_BREAK``, kept where the block allows them and continued under the
    source line's container markers). A translated line that would begin a
    block of its own (``# ``, ``> ``, ``- ``, ``1. ``, ``<div>``, ``[x]: /url``...) has its
    first mark backslash-escaped, so the document keeps its structure.
    """
    out = _Output()
    at = 0
    missing: set[str] = set()
    block_starts = set(doc.block_starts)
    isolate = for_html and source_lang and base_lang(source_lang) != base_lang(lang)
    opening, closing = marks or (span_tags(source_lang) if isolate and source_lang else ("", ""))
    previous: tuple[Segment, str] | None = None  # the last segment and its translation
    for segment in doc.segments:
        text = translations.get(segment.text)
        if not text:
            missing.add(segment.text)
            if (isolate or marks) and segment.block != "title":
                source = doc.text[segment.start : segment.end]
                out.add(f"{doc.text[at : segment.start]}{opening}{source}{closing}")
                at = segment.end
            previous = None
            continue
        gap = doc.text[at : segment.start]
        out.add("" if _joins_without_space(previous, segment, gap, lang) else gap)
        previous = (segment, text)
        lines = _written_lines(text, segment, for_html)
        _add_translation(out, doc.text, segment, lines, segment.start in block_starts)
        at = segment.end
    out.add(doc.text[at:])
    markdown = _escape_block_starts("".join(out.parts), out.line_starts)
    if doc.front_matter_span is None and len(missing) < len(doc.segments):
        markdown = _keep_out_of_front_matter(markdown)
    total = len({segment.text for segment in doc.segments})
    if doc.front_matter_span and len(missing) < total:
        markdown = re.sub(r"(?m)^lang:[ \t]*\S+[ \t]*$", f"lang: {lang}", markdown, count=1)
    return Rendered(lang, markdown, len(missing), total)


#: What may stand between two sentences of one block: spaces and at most one soft line break.
_SENTENCE_GAP = re.compile(r"[ \t]*(?:\n[ \t]*)?")


def _joins_without_space(
    previous: tuple[Segment, str] | None, segment: Segment, gap: str, lang: str
) -> bool:
    """Whether a sentence follows the one before with no space, as the script joins them.

    In a script whose sentences follow one another without a space
    (``sentence_space = false`` in ``scripts.toml``: Chinese, Japanese), a
    translated sentence that ends with a full-width mark (``。``, ``！``, ``」``:
    East Asian width F or W, which carries its own space) is followed by the
    next sentence of its block directly, not by the source's ASCII space.
    """
    if previous is None or not gap:
        return False
    before, text = previous
    same_block = (before.block, before.block_number) == (segment.block, segment.block_number)
    ends_wide = unicodedata.east_asian_width(text.rstrip()[-1:] or " ") in ("F", "W")
    return (
        same_block
        and ends_wide
        and _SENTENCE_GAP.fullmatch(gap) is not None
        and not facts(language_script(lang)).sentence_space
    )


class _Output:
    """The rebuilt document as it grows, and where its translated lines start."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.size = 0
        self.line_starts: list[tuple[int, bool]] = []  # (offset, whether it opens a block)

    def add(self, text: str) -> None:
        self.parts.append(text)
        self.size += len(text)

    def line_starts_here(self, opens_block: bool) -> None:
        self.line_starts.append((self.size, opens_block))


def span_tags(lang: str) -> tuple[str, str]:
    """The tags around a source sentence on a page in another language: marked as ``lang``
    and isolated."""
    opening = (
        f'<span lang="{lang}" dir="{text_direction(lang)}" data-script="{language_script(lang)}">'
    )
    return opening, "</span>"


def _written_lines(text: str, segment: Segment, for_html: bool) -> list[str]:
    """The lines a translation is written on, escaped for where the segment sits."""
    lines = _translated_lines(text, segment)
    if for_html:
        lines = [escape_new_html(line, segment.text) for line in lines]
    if segment.block == "title":
        lines = [json.dumps(lines[0], ensure_ascii=False)]
    elif segment.block == "table cell" and "|" not in segment.text:
        lines = [lines[0].replace("|", "\\|")]
    return lines


def _add_translation(
    out: _Output, text: str, segment: Segment, lines: list[str], opens_block: bool
) -> None:
    """Write ``lines`` where ``segment`` was; each later line continues the first one's block."""
    container = _CONTAINER.match(text, text.rfind("\n", 0, segment.start) + 1)
    if container and container.end() == segment.start:
        out.line_starts_here(opens_block)
    joiner = HARD_BREAK + _continuation(container.group() if container else "")
    for number, line in enumerate(lines):
        if number:
            out.add(joiner)
            out.line_starts_here(False)
        out.add(line)


def _translated_lines(text: str, segment: Segment) -> list[str]:
    """A msgstr as the lines it is written on: one, or one per hard break where they can be.

    Other line breaks become spaces. A line's trailing lone backslash is
    doubled (it would escape what follows, or make a hard break), unless the
    msgid ends with one too.
    """
    breaks = segment.block in _HARD_BREAK_BLOCKS or HARD_BREAK in segment.text
    lines: list[str] = []
    line, at = "", 0
    for match in _MSGSTR_NEWLINE.finditer(text) if "\n" in text else ():
        line += text[at : match.start()]
        if match.group("hard") is not None and breaks:
            lines.append(line + match.group("hard"))
            line = ""
        else:
            line += (match.group("hard") or "") + " "
        at = match.end()
    lines.append(line + text[at:])
    lines = [line.strip() for line in lines if line.strip()] or [""]
    for number, line in enumerate(lines):
        if line.endswith("\\") and _ODD_BACKSLASHES.search(line):
            last = number == len(lines) - 1
            if not (last and _ODD_BACKSLASHES.search(segment.text)):
                lines[number] = line + "\\"
    if segment.block == "heading":  # not a closing sequence of an ATX heading
        lines[-1] = re.sub(r"(^|[ \t])(#+)$", r"\1\\\2", lines[-1])
    return lines


def _keep_out_of_front_matter(markdown: str) -> str:
    """A document that opens with a ``---`` thematic break, not front matter, stays so.

    A translation inside the block below it can make the block read as a YAML
    mapping ("Titre : sous-titre"); the break is then written ``***``, the
    same ``<hr>``.
    """
    rule = re.match(r"-{3,}(?=[ \t]*\n)", markdown)
    if rule and _markdown().parse(markdown)[0].type == "front_matter":
        return "*" * rule.end() + markdown[rule.end() :]
    return markdown


def _continuation(prefix: str) -> str:
    """What a new line of a block starts with: its first line's prefix, list markers and a
    footnote's label blanked (a note's lines are indented by four columns at least)."""
    return re.sub(
        r"\[\^[^\]\s]+\]:|[-+*]|\d{1,9}[.)]",
        lambda m: " " * max(len(m.group()), 4 if m.group().startswith("[") else 0),
        prefix,
    )


def _escape_block_starts(markdown: str, line_starts: list[tuple[int, bool]]) -> str:
    """Backslash-escape the translated lines that would begin a block (see ``_begins_block``)."""
    for offset, opens_block in reversed(line_starts):
        end = markdown.find("\n", offset)
        line = markdown[offset : end if end >= 0 else len(markdown)]
        if not _begins_block(line, opens_block):
            continue
        mark = len(line) - len(line.lstrip("0123456789"))  # "1." and "1)" start lists
        if mark < len(line) and line[mark] in _ASCII_PUNCTUATION:
            markdown = markdown[: offset + mark] + "\\" + markdown[offset + mark :]
    return markdown


@lru_cache(maxsize=4096)
def _begins_block(line: str, opens_block: bool) -> bool:
    """Whether ``line`` is not plain paragraph text, as a paragraph's first line or a later one."""
    if not line or not (line[0] in _BLOCK_MARKS or line[0].isdigit()):
        return False
    text = line if opens_block else "x\n" + line
    tokens = _block_parser().parse(text)
    kinds = [token.type for token in tokens]
    return kinds != ["paragraph_open", "inline", "paragraph_close"] or (
        tokens[1].content != text.strip()
    )


@lru_cache(maxsize=1)
def _block_parser() -> MarkdownIt:
    md = MarkdownIt("commonmark").enable(["table", "strikethrough"])
    return md.disable(["inline", "text_join"])


def escape_new_html(translation: str, source: str) -> str:
    """Escape HTML tags the translation has but its source did not.

    A translator may move the source's inline HTML around, but cannot add
    any: ``<script>`` or an ``onerror=`` attribute in a msgstr shows as text.
    What may be HTML is the inline lexer's answer (``inline.raw_html``), so a
    quoted attribute value holding ``<`` cannot hide a tag, nor can a backtick.
    """
    allowed = {source[s.start : s.end] for s in inline.raw_html(source)}
    pieces = []
    at = 0
    for span in inline.raw_html(translation):
        tag = translation[span.start : span.end]
        if tag not in allowed:
            pieces += [translation[at : span.start], tag.replace("<", "&lt;")]
            at = span.end
    pieces.append(translation[at:])
    return "".join(pieces)


@lru_cache(maxsize=1)
def _markdown() -> MarkdownIt:
    md = (
        MarkdownIt("commonmark", {"html": True})
        .enable(["table", "strikethrough"])
        .use(yaml_front_matter)
    )
    use_footnotes(md)
    # every link is a link here: the link rule (parse_markdown) decides which may stay
    md.validateLink = lambda url: True  # type: ignore[method-assign]
    return md


@lru_cache(maxsize=1)
def templates() -> jinja2.Environment:
    """The package's Jinja2 templates, autoescaped; ``font_css`` is the pages' font rules."""
    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("alerti18n.output", "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    environment.globals["font_css"] = jinja2.filters.Markup(stylesheet())
    return environment


@cache
def text_direction(lang: str) -> str:
    """``rtl`` or ``ltr`` for the ``dir`` attribute, from CLDR."""
    locale = Locale.parse(lang.replace("-", "_"))
    return "rtl" if locale.character_order == "right-to-left" else "ltr"


def parse_markdown(text: str, image_ok: ImageRule | None = None) -> list[Token]:
    """Block and inline tokens of a rebuilt document (shared by the HTML and text writers).

    What the link rule refuses is taken out (:func:`alerti18n.text.links.clean_tokens`):
    links with other schemes, images that ``image_ok`` refuses (by default any
    but a relative path that stays in the document's folder), active HTML.
    """
    return finish_tokens(markdown_tokens(text), image_ok)


def markdown_tokens(text: str) -> list[Token]:
    """markdown-it's tokens of a page's text, as its parser gives them."""
    return _markdown().parse(text)


def finish_tokens(tokens: list[Token], image_ok: ImageRule | None = None) -> list[Token]:
    """``tokens`` less what the link rule refuses, definition terms inline (in place)."""
    problems = clean_tokens(tokens, image_ok or _nearby_image)
    for problem in dict.fromkeys(problems):
        log.info("%s", problem)
    _terms_inline(tokens)
    return tokens


def _terms_inline(tokens: list[Token]) -> None:
    """A definition list's term (``<dt>``, then its text between blank lines) is inline text.

    The term's one paragraph is not written as ``<p>``: a term holds phrasing
    content, and pandoc (the DOCX and ODT writers) reads only that as a term.
    """
    for index in range(1, len(tokens) - 3):
        before, opening, closing, after = (tokens[index + k] for k in (-1, 0, 2, 3))
        if (
            opening.type == "paragraph_open"
            and before.type == "html_block"
            and before.content.rstrip().lower().endswith("<dt>")
            and closing.type == "paragraph_close"
            and after.type == "html_block"
            and after.content.lstrip().lower().startswith("</dt>")
        ):
            opening.hidden = closing.hidden = True


def _nearby_image(src: str) -> bool:
    """The default image rule: a relative path that does not climb out of its folder."""
    return path_rule(Path("document.md").resolve(), None)(src)


def render_html(
    rendered: Rendered,
    info: PageInfo,
    tokens: list[Token] | None = None,
    body: str | None = None,
) -> str:
    """A standalone, offline HTML page for one language of one document.

    ``rendered`` should come from ``rebuild_document(..., for_html=True)``;
    ``body``, when given, is :func:`render_body` of its tokens. The title
    opens the page unless the body opens with its own ``<h1>``
    (:func:`shows_title`).
    """
    if body is None:
        tokens = tokens if tokens is not None else parse_markdown(rendered.markdown)
        body = render_body(tokens, info.lang)
    heading = shows_title(info, body.lstrip().startswith("<h1"))
    depth = os.path.dirname(f"{info.lang}/{info.doc}.html")
    pages = info.pages
    return (
        templates()
        .get_template("page.html")
        .render(
            lang=info.lang,
            dir=text_direction(info.lang),
            script=language_script(info.lang),
            title=info.title,
            publisher=info.publisher,
            published=info.published,
            date_iso=info.date.isoformat() if info.date else "",
            languages_label=ui(info.lang, "languages", catalogs=pages),
            switcher=_switcher(info, depth),
            index_href=os.path.relpath("index.html", depth),
            index_label=ui(info.lang, "index", catalogs=pages),
            notices=info.notices,
            footer=info.footer,
            history=info.history,
            original_href=os.path.relpath(f"{info.languages[0]}/{info.doc}.html", depth),
            original_lang=info.languages[0],
            marked=functools.partial(_marked, info.lang),
            isolate=_isolate,
            heading=heading,
            body=jinja2.filters.Markup(body),
        )
    )


def shows_title(info: PageInfo, opens_with_h1: bool) -> bool:
    """Whether a page shows its title above the body: when the body does not open with a
    level-one heading (a document imported from Word has its title in the front matter only)
    and the document has a title of its own, not only its name."""
    return not opens_with_h1 and info.title != info.doc


def render_body(
    tokens: list[Token], lang: str, notes_at_the_foot: bool = False, back: str = ""
) -> str:
    """The HTML of a page's body (what the page template wraps, and what DOCX and ODT read).

    ``notes_at_the_foot``: each footnote where it is first referred to, for
    the PDF (:func:`alerti18n.output.footnotes.at_the_foot`); otherwise the
    notes close the page, each with links back labelled ``back`` (the page
    string ``footnote-back`` in the page's language).
    """
    md = _markdown()
    env: dict = {"dir": text_direction(lang), "back": back}
    if notes_at_the_foot:
        tokens = at_the_foot(md, tokens, env)
    return md.renderer.render(tokens, md.options, env)


def _switcher(info: PageInfo, depth: str) -> list[dict[str, object]]:
    """The language menu: each language's name in itself and its page, seen from ``depth``."""
    return [
        {
            "lang": lang,
            "name": autonym(lang),
            "href": os.path.relpath(f"{lang}/{info.doc}.html", depth),
            "current": lang == info.lang,
            "script": language_script(lang),
        }
        for lang in info.languages
    ]


def _marked(page_lang: str, text: str) -> jinja2.filters.Markup:
    """``lang``/``dir`` for a page string in another language than the page (a fallback)."""
    lang = getattr(text, "lang", page_lang)
    if base_lang(lang) == base_lang(page_lang):
        return jinja2.filters.Markup("")
    attrs = f' lang="{lang}" dir="{text_direction(lang)}" data-script="{language_script(lang)}"'
    return jinja2.filters.Markup(attrs)


def _isolate(text: str, name: str) -> jinja2.filters.Markup:
    """``text`` escaped, ``name`` inside it isolated: a name in another script (a Latin
    publisher on an Arabic page) must not pull the date's numbers into its direction."""
    escaped = jinja2.filters.escape(text)
    if not name:
        return escaped
    name_html = jinja2.filters.escape(name)
    return escaped.replace(name_html, jinja2.filters.Markup(f"<bdi>{name_html}</bdi>"))
