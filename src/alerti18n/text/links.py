"""The one rule for where a link may point and which image an output may show.

**Links.** A link target may be relative (a path, a ``?query``, a ``#fragment``)
or use one of :data:`SCHEMES` (http, https, mailto, tel). Every other scheme is
refused: ``javascript:``, ``vbscript:``, ``data:``, ``file:``, and the office
suites' macro and program schemes (``vnd.sun.star.script:``, ``ms-word:``...).
The scheme is read as a browser reads it (:func:`scheme_of`): character
references decoded, ASCII whitespace and control characters ignored, any case.

**Images.** An image may show only a file of the project's own source media.
Which files those are is :mod:`alerti18n.text.media`'s answer, given to the
functions here as an :data:`ImageRule` (a decoded image source -> whether it
may be shown).

**Raw HTML.** A tag is removed when it is active by itself (``<script>``,
``<iframe>``, ``<object>``, ``<form>``, ``<meta>``...: :data:`ACTIVE_TAGS`), when it carries
an event handler (``on...=``) or a style that loads something (``url(``), when
an address it follows (``href``, ``action``...) breaks the link rule, or when
an address it loads (``src``, ``poster``, ``srcset``...) is not a project image.

What is refused is never silently lost: a refused link keeps its text, a
refused image becomes its alt text, a refused autolink its plain text, and
each refusal is a message for a warning that names the file and line. Every
writer asks this module: the segmenter for source documents
(:func:`clean_document`), ``build`` for translations (:func:`clean`), the
HTML renderer for markdown-it's tokens (:func:`allowed_html`), the DOCX/ODT
writer and the importer for pandoc's document tree (:func:`clean_pandoc`).
Markdown is read by the one inline lexer (:mod:`alerti18n.text.inline`).
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from alerti18n.text import inline

#: The schemes a link may use; a relative target (no scheme) is allowed too.
SCHEMES = frozenset({"http", "https", "mailto", "tel"})
#: Elements that act by themselves, whatever their attributes: their tags are removed.
ACTIVE_TAGS = frozenset(
    "script style iframe frame frameset object embed applet base link meta form portal".split()
)
#: Attributes whose value is an address the reader follows (the link rule applies).
FOLLOWED = frozenset("href action formaction cite longdesc xlink:href".split())
#: Attributes whose value is loaded with the page (only a project image may be).
LOADED = frozenset("src srcset poster background lowsrc dynsrc ping".split())
#: Whether a decoded image source may be shown (see :mod:`alerti18n.text.media`).
ImageRule = Callable[[str], bool]

_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.\-]*):")
_IGNORED = re.compile(r"[\x00-\x20\x7f]+")
_BACKSLASH_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
_TAG = re.compile(r"</?([A-Za-z][A-Za-z0-9:-]*)")
#: An attribute as a browser's tokenizer finds it: after whitespace, ``/`` or a quote.
_ATTRIBUTE = re.compile(
    r"""(?<=[\s/"'])([^\s"'>/=]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s>]*))?""", re.DOTALL
)
_LOADS_STYLE = re.compile(r"url\s*\(|expression\s*\(|@import|image-set", re.IGNORECASE)
#: Characters without which inline text holds no link, image, autolink or tag.
_MAYBE = re.compile(r"\]\(|<[A-Za-z/!?]")


def scheme_of(url: str) -> str | None:
    """The scheme a browser sees in ``url`` (lower case), or None for a relative target."""
    text = _IGNORED.sub("", html.unescape(url))
    match = _SCHEME.match(text)
    return match.group(1).lower() if match else None


def link_allowed(url: str) -> bool:
    """Whether a link may point to ``url`` (already decoded): relative, or one of SCHEMES."""
    scheme = scheme_of(url)
    return scheme is None or scheme in SCHEMES


def destination(target: str) -> str:
    """The decoded destination of a Markdown link's ``(...)`` text (its title left out)."""
    target = target.strip()
    if target.startswith("<"):
        end = target.find(">")
        raw = target[1:end] if end > 0 else target[1:]
    else:
        raw = target.split(None, 1)[0] if target else ""
    return html.unescape(_BACKSLASH_ESCAPE.sub(r"\1", raw))


def shown(url: str, width: int = 60) -> str:
    """``url`` as a message quotes it: control characters as ``?``, cut to ``width``."""
    text = "".join("?" if ord(c) < 32 or 0x7F <= ord(c) <= 0x9F else c for c in url)
    return text if len(text) <= width else text[: width - 1] + "…"


@dataclass
class Cleaned:
    """Text with what the rule refuses taken out, and a message per refusal."""

    text: str
    found: list[tuple[int, str]] = field(default_factory=list)  # (offset in the input, message)

    @property
    def problems(self) -> list[str]:
        """The messages, in the order of the text."""
        return [message for _, message in sorted(self.found)]


# Raw HTML ------------------------------------------------------------------------------------


def tag_problem(tag: str, image_ok: ImageRule) -> str | None:
    """Why one raw HTML tag must go (None: it may stay)."""
    name_match = _TAG.match(tag)
    if name_match is None:
        return None
    name = name_match.group(1).lower()
    if name in ACTIVE_TAGS:
        slash = "/" if tag.startswith("</") else ""
        return f"HTML <{slash}{name}> removed (it runs or loads something by itself)"
    if tag.startswith("</"):
        return None
    for attribute in _ATTRIBUTE.finditer(tag, name_match.end()):
        key = attribute.group(1).lower()
        value = html.unescape((attribute.group(2) or "").strip("\"'"))
        if key.startswith("on"):
            return f"HTML <{name}> removed (event handler {key}=)"
        if key == "style" and _LOADS_STYLE.search(value):
            return f"HTML <{name}> removed (a style that loads something)"
        if key in FOLLOWED and not link_allowed(value):
            return f"HTML <{name}> removed (it links to {shown(value)})"
        if key in LOADED and not (key == "src" and name == "img" and image_ok(value)):
            return (
                f"HTML <{name}> removed ({key}={shown(value)} is not one of the project's images)"
            )
    return None


def allowed_html(fragment: str, image_ok: ImageRule) -> Cleaned:
    """``fragment`` (raw HTML: a tag, or an HTML block) with every refused tag removed."""
    if "<" not in fragment:
        return Cleaned(fragment)
    edits: list[tuple[int, int, str]] = []
    found = []
    for span in inline.raw_html(fragment):
        problem = tag_problem(fragment[span.start : span.end], image_ok)
        if problem is not None:
            found.append((span.start, problem))
            edits.append((span.start, span.end, _newlines(fragment[span.start : span.end])))
    return Cleaned(_apply(fragment, edits), found)


# Inline Markdown -----------------------------------------------------------------------------


def clean(text: str, image_ok: ImageRule) -> Cleaned:
    """Inline Markdown (a msgid or msgstr) with refused links, images and tags taken out.

    A refused link ``[text](target)`` becomes ``text``, an image ``![alt](src)``
    becomes ``alt``, an autolink ``<scheme:...>`` its plain text, and a
    refused tag disappears (see the module docstring). Line breaks inside what
    is removed are kept, so the lines after it keep their numbers.
    """
    if not _MAYBE.search(text):
        return Cleaned(text)
    edits: list[tuple[int, int, str]] = []
    found: list[tuple[int, str]] = []
    openers: list[inline.Span] = []
    for span in inline.lex(text):
        piece = text[span.start : span.end]
        if span.kind in (inline.LINK_OPEN, inline.IMAGE_OPEN):
            openers.append(span)
        elif span.kind == inline.LINK_CLOSE and openers:
            opener = openers.pop()
            problem = _closer_problem(text, opener, span, image_ok)
            if problem is not None:
                found.append((opener.start, problem))
                edits += [(opener.start, opener.end, ""), (span.start, span.end, _newlines(piece))]
        elif span.kind == inline.AUTOLINK and not link_allowed(piece[1:-1]):
            found.append((span.start, f"link to {shown(piece[1:-1])} removed: {_ONLY}"))
            edits.append((span.start, span.end, piece[1:-1]))
        elif span.kind == inline.HTML:
            problem = tag_problem(piece, image_ok)
            if problem is not None:
                found.append((span.start, problem))
                edits.append((span.start, span.end, _newlines(piece)))
    return Cleaned(_apply(text, edits), found)


_ONLY = "only http, https, mailto, tel and relative links are kept; its text stays"


def _closer_problem(
    text: str, opener: inline.Span, closer: inline.Span, image_ok: ImageRule
) -> str | None:
    if closer.target is None:  # ``][label]``: the definition is checked where it is
        return None
    target = destination(text[closer.target[0] : closer.target[1]])
    if opener.kind == inline.IMAGE_OPEN:
        if image_ok(target):
            return None
        return f"image {shown(target)} is not one of the project's images: its text is shown"
    if link_allowed(target):
        return None
    return f"link to {shown(target)} removed: {_ONLY}"


def _newlines(piece: str) -> str:
    return "\n" * piece.count("\n")


def _apply(text: str, edits: list[tuple[int, int, str]]) -> str:
    if not edits:
        return text
    pieces, at = [], 0
    for start, end, replacement in sorted(edits):
        pieces += [text[at:start], replacement]
        at = end
    pieces.append(text[at:])
    return "".join(pieces)


def clean_translations(
    translations: dict[str, str], image_ok: ImageRule
) -> tuple[dict[str, str], dict[str, list[str]]]:
    """Every translation (msgid -> msgstr) cleaned; the problems of each changed one, by msgid."""
    cleaned: dict[str, str] = {}
    refused: dict[str, list[str]] = {}
    for msgid, msgstr in translations.items():
        result = clean(msgstr, image_ok)
        cleaned[msgid] = result.text
        if result.found:
            refused[msgid] = result.problems
    return cleaned, refused


# Source documents ----------------------------------------------------------------------------

#: A link reference definition's start: ``[label]:`` after a line's container marks
#: (``[^label]:`` opens a footnote instead).
_DEFINITION = re.compile(
    r"^(?P<lead>[ \t>]*)\[(?!\^)(?:[^\[\]\\]|\\.)+\]:[ \t]*\n?[ \t>]*"
    r"(?P<dest><(?:[^<>\n\\]|\\.)*>|[^\s<][^\s]*)",
    re.MULTILINE,
)


def clean_document(text: str, tokens: list[Any], image_ok: ImageRule) -> tuple[str, list[str]]:
    """A source document with what the rule refuses taken out: (text, ``line: message`` each).

    ``tokens`` are the document's block tokens (markdown-it, with line maps):
    each block's inline text is cleaned as :func:`clean` does, each HTML block
    as :func:`allowed_html` does, and a link reference definition whose
    destination is refused gets an empty one (``<>``; markdown-it reads such a
    definition as a paragraph, pandoc and GitHub as a definition). Code and
    front matter are left alone. The text keeps its lines.
    """
    starts = [0, *(match.end() for match in re.finditer("\n", text))]
    edits: list[tuple[int, int, str]] = []
    found: list[tuple[int, str]] = []
    covered: set[int] = set()
    done: set[tuple[int, int]] = set()
    for token in tokens:
        if not token.map or token.type not in ("inline", "html_block", "fence", "code_block"):
            if token.type == "front_matter" and token.map:
                covered.update(range(*token.map))
            continue
        first, last = token.map
        if (first, last) in done:  # the cells of one table row share the row's lines
            continue
        done.add((first, last))
        if token.type != "inline":  # CommonMark reads no definition there
            covered.update(range(first, last))
        if token.type in ("fence", "code_block"):
            continue
        start = starts[first]
        end = starts[last] - 1 if last < len(starts) else len(text)
        block = text[start:end]
        cleaned = (
            allowed_html(block, image_ok) if token.type == "html_block" else clean(block, image_ok)
        )
        if cleaned.found:
            edits.append((start, end, cleaned.text))
            found += [(start + offset, problem) for offset, problem in cleaned.found]
    for match in _DEFINITION.finditer(text):
        target = match.group("dest")
        if text.count("\n", 0, match.start()) in covered or link_allowed(destination(target)):
            continue
        edits.append((match.start("dest"), match.end("dest"), "<>"))
        found.append((match.start(), f"link to {shown(destination(target))} removed: {_ONLY}"))
    problems = [f"{text.count(chr(10), 0, at) + 1}: {message}" for at, message in sorted(found)]
    return _apply(text, edits), problems


# markdown-it's tokens -------------------------------------------------------------------------


def clean_tokens(tokens: list[Any], image_ok: ImageRule) -> list[str]:
    """Take refused links, images and tags out of markdown-it's tokens, in place.

    The HTML and text writers render these tokens; their parser is told to
    take every link as one (``validateLink``), so that this rule, not
    markdown-it's own list, decides. Returns a message per refusal.
    """
    problems: list[str] = []
    tags: dict[str, Cleaned] = {}  # a page repeats its inline tags (the source sentences' spans)
    for token in tokens:
        if token.type == "html_block":
            cleaned = allowed_html(token.content, image_ok)
            token.content, problems = cleaned.text, problems + cleaned.problems
        if token.children:
            token.children = _clean_children(token.children, image_ok, problems, tags)
    return problems


def _clean_children(
    children: list[Any], image_ok: ImageRule, problems: list[str], tags: dict[str, Cleaned]
) -> list[Any]:
    kept: list[Any] = []
    refused_links = 0  # refused link_open tokens whose link_close is still to come
    for child in children:
        if child.type == "link_open":
            href = str(child.attrGet("href") or "")
            if not link_allowed(href):
                problems.append(f"link to {shown(href)} removed: {_ONLY}")
                refused_links += 1
                continue
        elif child.type == "link_close" and refused_links:
            refused_links -= 1
            continue
        elif child.type == "image":
            src = str(child.attrGet("src") or "")
            if not image_ok(src):
                problems.append(f"image {shown(src)} is not one of the project's images")
                child = type(child)("text", "", 0, content=child.content)
        elif child.type == "html_inline":
            cleaned = tags.get(child.content)
            if cleaned is None:
                cleaned = tags[child.content] = allowed_html(child.content, image_ok)
            child.content = cleaned.text
            problems += cleaned.problems
        kept.append(child)
    return kept


# pandoc's document tree ----------------------------------------------------------------------


def clean_pandoc(node: Any, image_target: Callable[[str], str | None]) -> list[str]:
    """Take refused links, images and raw HTML out of pandoc's JSON tree, in place.

    ``image_target`` maps an image's source to what the output may load
    instead (a ``data:`` URL, a path in the project's media), or None to show
    the image's text. A refused link becomes its text; raw HTML (which no
    office format shows) is dropped. Returns a message per refusal.
    """
    problems: list[str] = []
    _walk_pandoc(node, image_target, problems)
    return problems


def _walk_pandoc(node: Any, image_target: Callable[[str], str | None], problems: list[str]) -> None:
    if isinstance(node, dict):
        _walk_pandoc(node.get("c"), image_target, problems)
        return
    if not isinstance(node, list):
        return
    for index, item in enumerate(node):
        if isinstance(item, dict):
            replacement = _pandoc_replacement(item, image_target, problems)
            if replacement is not None:
                node[index] = replacement
                item = replacement
        _walk_pandoc(item, image_target, problems)


def _pandoc_replacement(
    item: dict, image_target: Callable[[str], str | None], problems: list[str]
) -> dict | None:
    """What one pandoc element becomes (None: it stays as it is)."""
    kind = item.get("t")
    if kind in ("Image", "Link"):
        attributes, content, (url, title) = item["c"]
        if kind == "Image":
            new = image_target(url)
            if new is not None:
                item["c"][2] = [new, title]
                return None
            problems.append(
                f"image {shown(url)} is not one of the project's images: its text is shown"
            )
        elif link_allowed(url):
            return None
        else:
            problems.append(f"link to {shown(url)} removed: {_ONLY}")
        return {"t": "Span", "c": [["", [], []], content]}
    if kind == "RawInline":
        return {"t": "Str", "c": ""}
    if kind == "RawBlock":
        return {"t": "Plain", "c": []}
    return None
