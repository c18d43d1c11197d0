"""The one inline lexer: typed spans of markup in a msgid's Markdown inline text.

A msgid keeps its inline Markdown (see ``alerti18n.segment``). Several parts
of the tool must know which characters are markup rather than words: MT
protection hides them behind placeholders (``alerti18n.mt.protect``), the checks
blank them before counting words, numbers and URLs (``alerti18n.checks``).
They all ask this module, so they agree on what a code span or a link is.

Spans, in the order they are found (an earlier span wins over a later one
that overlaps it, as in CommonMark, where code spans and raw HTML bind
tighter than links):

* ``BREAK``: a hard line break (backslash + newline, as msgids hold it);
* ``CODE``: a backtick code span (runs of equal length open and close it);
* ``AUTOLINK``: ``<scheme:...>`` or ``<user@host>``; ``HTML``: an inline tag;
* ``LINK_OPEN`` / ``IMAGE_OPEN``: the ``[`` / ``![`` that a closer closes, and
  ``LINK_CLOSE``: ``](target "title")`` or ``][ref]``; the link *text* between
  them is words. A closer's ``target`` is the destination and title inside
  its parentheses;
* ``URL``: a bare ``http(s)://``, ``ftp://`` or ``www.`` address, and
  ``EMAIL``: a bare e-mail address, both without trailing punctuation;
* ``DIRECTIVE``: a ``{{...}}`` template directive (only with ``directives=True``:
  MT protection leaves directives to the model).

With ``words=True`` (what ``alerti18n.segment`` asks: which characters are not
words a reader translates) code spans may span lines, code spans and tags
compete leftmost-first as in CommonMark (a backtick inside a tag's attribute
opens no code span), and three more kinds are found:

* ``ELEMENT``: a whole ``<code>``, ``<kbd>``, ``<samp>`` or ``<var>`` element;
* ``COMMENT``: an HTML comment or declaration, ``<!...>``;
* ``ENTITY``: a character reference, ``&name;`` or ``&#123;``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

BREAK = "break"
CODE = "code"
AUTOLINK = "autolink"
HTML = "html"
LINK_OPEN = "link open"
IMAGE_OPEN = "image open"
LINK_CLOSE = "link close"
URL = "url"
EMAIL = "email"
DIRECTIVE = "directive"
ELEMENT = "element"
COMMENT = "comment"
ENTITY = "entity"

_BREAK = re.compile(r"\\\n")
_CODE = re.compile(r"(`+)(?!`).+?(?<!`)\1(?!`)")
_ANGLE = re.compile(
    r"<(?:(?P<uri>[a-zA-Z][\w:+.-]*:[^\s<>]+)|(?P<mail>[^\s<>@]+@[^\s<>]+)|/?[A-Za-z][^<>]*)>"
)
_LINK_CLOSE = re.compile(
    r"\]\((?P<target>(?:[^()\s]|\([^()\s]*\))*(?:\s+\"[^\"]*\"|\s+'[^']*')?)\)|\]\[[^\]]*\]"
)
_URL = re.compile(r"\b(?:https?://|ftp://|www\.)[^\s<>\"'`]+", re.IGNORECASE)
_EMAIL = re.compile(r"\b[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+\b")
_DIRECTIVE = re.compile(r"\{\{.*?\}\}", re.DOTALL)
#: An HTML open tag as CommonMark reads it: quoted attribute values may hold "<" and ">".
_OPEN_TAG = (
    r"<[A-Za-z][A-Za-z0-9-]*"
    r"""(?:\s+[A-Za-z_:][\w.:-]*(?:\s*=\s*(?:[^\s"'=<>`]+|'[^']*'|"[^"]*"))?)*\s*/?>"""
)
#: Code spans, whole code-like elements, comments and tags, leftmost first (``words=True``).
_WORDS_MARKUP = re.compile(
    r"(?P<code>(?<!`)(?P<ticks>`+)(?!`).+?(?<!`)(?P=ticks)(?!`))"
    r"|(?P<element><(?P<name>code|kbd|samp|var)\b[^>]*>.*?</(?P=name)\s*>)"
    r"|(?P<comment><![^>]*>)"
    rf"|{_OPEN_TAG}|{_ANGLE.pattern}",
    re.DOTALL,
)
_ENTITY = re.compile(r"&#?\w+;")
#: Punctuation that ends a sentence rather than a bare URL or address.
_TRAILING = ".,;:!?)]}'\"»”’"


@dataclass(frozen=True)
class Span:
    """One piece of markup: its ``kind`` and where it is (``text[start:end]``).

    ``target`` is set on a ``LINK_CLOSE`` with parentheses: the span of the
    destination and title inside them.
    """

    kind: str
    start: int
    end: int
    target: tuple[int, int] | None = None


def lex(text: str, directives: bool = False, words: bool = False) -> list[Span]:
    """The markup spans of inline ``text``, sorted by start, none overlapping.

    ``words``: find what hides words from a reader too (see the module's docstring).
    """
    spans: list[Span] = []

    def free(start: int, end: int) -> bool:
        return all(end <= s.start or start >= s.end for s in spans)

    def add(kind: str, start: int, end: int, target: tuple[int, int] | None = None) -> None:
        if start < end and free(start, end):
            spans.append(Span(kind, start, end, target))

    if not words:  # with words, code spans and tags hold their backslash-newlines
        for match in _BREAK.finditer(text):
            add(BREAK, *match.span())
    if words:
        for match in _WORDS_MARKUP.finditer(text):
            if match.group("code"):
                add(CODE, *match.span())
            elif match.group("element"):
                add(ELEMENT, *match.span())
            elif match.group("comment"):
                add(COMMENT, *match.span())
            else:
                angle = _ANGLE.fullmatch(match.group(0))
                uri = angle is not None and (angle.group("uri") or angle.group("mail"))
                add(AUTOLINK if uri else HTML, *match.span())
        for match in _ENTITY.finditer(text):
            add(ENTITY, *match.span())
        for match in _BREAK.finditer(text):
            add(BREAK, *match.span())
    else:
        for match in _CODE.finditer(text):
            add(CODE, *match.span())
        for match in _ANGLE.finditer(text):
            add(AUTOLINK if match.group("uri") or match.group("mail") else HTML, *match.span())
    for match in _LINK_CLOSE.finditer(text):
        start, end = match.span()
        opener = _link_opener(text, start, spans)
        if opener is not None and free(start, end):
            bracket = text.index("[", opener)
            add(IMAGE_OPEN if bracket > opener else LINK_OPEN, opener, bracket + 1)
            target = match.span("target") if match.group("target") is not None else None
            add(LINK_CLOSE, start, end, target)
    for pattern, kind in ((_URL, URL), (_EMAIL, EMAIL)):
        for match in pattern.finditer(text):
            start, end = match.span()
            if words:  # an address in link text ends where the link's closer starts
                end = min([s.start for s in spans if start < s.start < end], default=end)
            while end > start and text[end - 1] in _TRAILING:
                end -= 1
            add(kind, start, end)
    if directives:
        for match in _DIRECTIVE.finditer(text):
            add(DIRECTIVE, *match.span())
    spans.sort(key=lambda s: s.start)
    return spans


def _link_opener(text: str, close: int, spans: list[Span]) -> int | None:
    """Start of the ``[`` (or ``![``) that the ``]`` at ``close`` closes, if balanced."""
    depth = 0
    for i in range(close - 1, -1, -1):
        if any(s.start <= i < s.end for s in spans):
            continue
        char = text[i]
        if char == "]":
            depth += 1
        elif char == "[":
            if depth == 0:
                return i - 1 if i > 0 and text[i - 1] == "!" else i
            depth -= 1
    return None
