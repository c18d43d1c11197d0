"""The one inline lexer: typed spans of markup in a msgid's Markdown inline text.

A msgid keeps its inline Markdown (see ``alerti18n.text.segment``). Every part of
the tool that must know which characters are markup rather than words asks
this module, so they all agree on what a code span, a link or a URL is:
segmentation (what is words, where a line break is hard, where a sentence
may end), MT protection (``alerti18n.mt.protect``), the checks' masking and
URL rule (``alerti18n.checks``), fuzzy matching's visible text
(``alerti18n.text.matcher``) and the renderer's HTML escaping.

:func:`lex` gives the spans, sorted, none overlapping. The first ones are
found in one left-to-right pass, the leftmost construct winning as in
CommonMark (a backtick inside a tag's attribute opens no code span, a code
span holds its ``<`` and backslashes, a backslash-escaped character opens
nothing):

* ``BREAK``: a hard line break (backslash + newline, as msgids hold it);
* ``CODE``: a backtick code span (runs of equal length open and close it);
* ``AUTOLINK``: ``<scheme:...>`` or ``<user@host>``; ``HTML``: raw inline
  HTML: a tag, a comment, a processing instruction, a declaration or CDATA,
  and (more loosely than CommonMark: MT protection and masking would rather
  take too much) any ``<``, a letter, then no ``<`` up to ``>``.

Then, outside those:

* ``LINK_OPEN`` / ``IMAGE_OPEN``: the ``[`` / ``![`` that a closer closes, and
  ``LINK_CLOSE``: ``](target "title")`` or ``][ref]``; the link *text* between
  them is words. A closer's ``target`` is the destination and title inside
  its parentheses;
* ``URL``: a bare ``http(s)://``, ``ftp://`` or ``www.`` address, and
  ``EMAIL``: a bare e-mail address (see ``_URL``);
* ``FOOTNOTE``: a footnote reference ``[^label]`` (GFM footnotes; the label
  has no space), found before links so that it opens none;
* ``DIRECTIVE``: a ``{{...}}`` template directive (only with ``directives=True``:
  MT protection leaves directives to the model).

With ``words=True`` (what ``alerti18n.text.segment`` asks: which characters are not
words a reader translates) three more kinds are found:

* ``ELEMENT``: a whole ``<code>``, ``<kbd>``, ``<samp>`` or ``<var>`` element;
* ``COMMENT``: raw HTML that is not a tag (comment, declaration, processing
  instruction, CDATA), which is ``HTML`` otherwise;
* ``ENTITY``: a character reference, ``&name;`` or ``&#123;``.

Views built on the same spans: :func:`atomic` (where a sentence never ends),
:func:`line_breaks` (which line endings are hard or soft breaks),
:func:`visible_text` (the text a reader sees, for fuzzy matching), :func:`raw_html`
(what a translation may not add) and :func:`directives`.

Not read here: link reference definitions (``[text][label]`` is taken for a
link, a lone ``[text]`` is not) and GitHub's other extensions, except bare
addresses.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from alerti18n.text._emphasis import Run, pair

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
FOOTNOTE = "footnote"
ELEMENT = "element"
COMMENT = "comment"
ENTITY = "entity"
#: A line ending that is only wrapping (:func:`line_breaks` only).
SOFT_BREAK = "soft break"


def _lazy(pattern: str, flags: int = 0) -> Callable[[], re.Pattern[str]]:
    """A regular expression compiled on first use: importing this module compiles none.

    (Extract's worker processes import it through ``alerti18n.text.sentences``.)
    """
    return cache(lambda: re.compile(pattern, flags))


# The scan's constructs, each written after its first character (a backslash, a backtick or
# "<"), so that the regular expression engine skips quickly to where one may start.
#: An HTML open tag as CommonMark reads it: quoted attribute values may hold "<" and ">".
_OPEN_TAG = (
    r"[A-Za-z][A-Za-z0-9-]*"
    r"""(?:\s+[A-Za-z_:][\w.:-]*(?:\s*=\s*(?:[^\s"'=<>`]+|'[^']*'|"[^"]*"))?)*\s*/?>"""
)
#: An autolink (URI or e-mail address), else a looser tag: ``<`` a letter, no ``<`` ``>``.
_ANGLE = (
    r"(?:(?P<uri>[a-zA-Z][\w:+.-]*:[^\s<>]+)|(?P<mail>[^\s<>@]+@[^\s<>]+)"
    r"|(?P<loose>/?[A-Za-z][^<>]*))>"
)
#: Raw HTML that is not a tag (CommonMark 0.31): comment, processing instruction,
#: declaration, CDATA section.
_NOT_TAG = r"!--(?:-?>|.*?-->)|\?.*?\?>|![A-Za-z][^>]*>|!\[CDATA\[.*?\]\]>"
_ESCAPABLE = r"[!-/:-@\[-`{-~]"


def _scanner(words: bool = False, code: bool = True) -> Callable[[], re.Pattern[str]]:
    """The one left-to-right pass: escapes, hard breaks, code, (elements,) raw HTML, autolinks.

    A code span opens at the first backtick of a run (``(?<!``)``) and closes at a
    run of the same length.
    """
    element = r"(?P<element>(?P<name>code|kbd|samp|var)\b[^>]*>.*?</(?P=name)\s*>)|"
    return _lazy(
        rf"\\(?:(?P<escape>{_ESCAPABLE})|(?P<hard>\n))"
        rf"{'|`(?<!``)(?P<code>(?P<ticks>`*)(?!`).+?(?<!`)`(?P=ticks)(?!`))' if code else ''}"
        rf"|<(?:{element if words else ''}(?P<comment>{_NOT_TAG})|(?P<tag>{_OPEN_TAG})|{_ANGLE})",
        re.DOTALL,
    )


_SCAN = _scanner()
_SCAN_WORDS = _scanner(words=True)
_SCAN_HTML = _scanner(code=False)
#: A link destination's balanced parentheses (two levels) and backslash escapes.
_PARENS = r"\((?:[^\s()\\\x00-\x1f]|\\\S|\((?:[^\s()\\\x00-\x1f]|\\\S)*\))*\)"
#: A link's closer: ``](destination "title")`` as CommonMark reads it, or a reference
#: ``][label]``.
_LINK_CLOSE = _lazy(
    r"\]\([ \t]*\n?[ \t]*"
    rf"(?P<target>(?:<(?:[^<>\n\\]|\\[^\n])*>|(?!<)(?:[^\s()\\\x00-\x1f\x7f]|\\\S|{_PARENS})+)?"
    r"""(?:\s+(?:"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|\((?:[^()\\]|\\.)*\)))?)\s*\)"""
    r"|\]\[(?:[^\[\]\\]|\\.)*\]",
    re.DOTALL,
)
#: Bare addresses, for MT protection and the checks alike. A URL starts after no letter
#: or digit (``_http://`` is emphasis around one) and ends at whitespace, ``<`` ``>``,
#: quotes, guillemets, brackets or a backtick; then trailing punctuation is dropped
#: (``_TRAILING``, and a ``)`` that closes nothing in it), as GitHub's autolinks do.
_URL = _lazy(r"(?<![^\W_])(?:https?://|ftp://|www\.)[^\s<>\"“”«»\[\]`]+", re.IGNORECASE)
_EMAIL = _lazy(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_DIRECTIVE = _lazy(r"\{\{.*?\}\}", re.DOTALL)
#: A footnote reference: ``[^label]``, the label without spaces or brackets.
_FOOTNOTE = _lazy(r"\[\^[^\s\[\]]+\]")
_ENTITY = _lazy(r"&#?\w+;")
#: Punctuation that ends a sentence (or a quotation, or emphasis) rather than an address;
#: Armenian ։ and ՝ too.
_TRAILING = ".,;:!?*_~'’}։՝"


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


class _Found:
    """Spans found so far, with the characters they take and the escaped characters."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.taken = bytearray(len(text))
        self.spans: list[Span] = []
        self.escaped: set[int] = set()  # offsets of characters a backslash escapes

    def free(self, start: int, end: int) -> bool:
        return start < end and self.taken.find(1, start, end) < 0

    def add(self, kind: str, start: int, end: int, target: tuple[int, int] | None = None) -> None:
        if self.free(start, end):
            self.spans.append(Span(kind, start, end, target))
            self.taken[start:end] = b"\1" * (end - start)

    def remove(self, spans: list[Span]) -> None:
        for span in spans:
            self.spans.remove(span)
            self.taken[span.start : span.end] = bytes(span.end - span.start)


#: Characters one of the kinds of markup :func:`lex` finds needs: a backslash, backtick or
#: angle bracket, an entity's ``&``, a link's ``]``, a directive's ``{``, an e-mail address's
#: ``@``; a bare URL needs ``://`` or ``www.``.
_MARKUP_CHARS = frozenset("\\`<&]{@")
_WWW = _lazy(r"www\.", re.IGNORECASE)


def may_hold_markup(text: str) -> bool:
    """False when :func:`lex` finds nothing in ``text`` (whatever its options), so callers
    can skip it: ``text`` has none of the characters markup needs."""
    return not _MARKUP_CHARS.isdisjoint(text) or "://" in text or _WWW().search(text) is not None


def lex(text: str, directives: bool = False, words: bool = False) -> list[Span]:
    """The markup spans of inline ``text``, sorted by start, none overlapping.

    ``words``: find what hides words from a reader too (see the module's docstring).
    """
    return sorted(_lex(text, directives, words).spans, key=lambda s: s.start)


#: The kind of what each group of the scan matched (escapes are only noted, see ``_lex``).
_KIND_OF_GROUP = {
    "hard": BREAK,
    "code": CODE,
    "element": ELEMENT,
    "comment": HTML,
    "uri": AUTOLINK,
    "mail": AUTOLINK,
    "tag": HTML,
    "loose": HTML,
}


def _lex(text: str, directives: bool = False, words: bool = False) -> _Found:
    """The spans of :func:`lex`, with the characters they take and the escaped ones."""
    found = _Found(text)
    if "\\" in text or "`" in text or "<" in text:
        for match in (_SCAN_WORDS if words else _SCAN)().finditer(text):
            start, end = match.span()
            group = match.lastgroup or "loose"
            if group == "escape":
                found.escaped.add(start + 1)
            elif group == "comment" and words:
                found.add(COMMENT, start, end)
            else:
                found.add(_KIND_OF_GROUP[group], start, end)
    if words and "&" in text:
        for match in _ENTITY().finditer(text):
            if match.start() not in found.escaped:
                found.add(ENTITY, *match.span())
    if "[^" in text:
        for match in _FOOTNOTE().finditer(text):
            if match.start() not in found.escaped:
                found.add(FOOTNOTE, *match.span())
    if "]" in text:
        _links(found)
    _addresses(found)
    if directives and "{{" in text:
        for match in _DIRECTIVE().finditer(text):
            found.add(DIRECTIVE, *match.span())
    return found


def _links(found: _Found) -> None:
    """Link and image openers with their closers (a closer without an opener is text).

    A ``](...)`` closer comes before what starts inside it, as in CommonMark's
    left-to-right reading: ``<b>`` in ``](<b>)`` is a destination, not a tag. A
    link holds no link (an image may). A ``][label]`` closer holds nothing else:
    whether it is a link depends on a definition the text does not show.
    """
    links: list[int] = []  # where the links (not images) found so far open
    for match in _LINK_CLOSE().finditer(found.text):
        start, end = match.span()
        if found.taken[start] or start in found.escaped:
            continue
        inside = [s for s in found.spans if s.start < end and s.end > start]
        if inside and (match.group(0)[1] == "[" or any(s.end > end for s in inside)):
            continue
        opener = _link_opener(found, start)
        if opener is None:
            continue
        bracket = found.text.index("[", opener)
        if bracket == opener and any(opener < link < start for link in links):
            continue
        found.remove(inside)
        found.add(IMAGE_OPEN if bracket > opener else LINK_OPEN, opener, bracket + 1)
        if bracket == opener:
            links.append(opener)
        target = match.span("target") if match.group("target") is not None else None
        found.add(LINK_CLOSE, start, end, target)


def _link_opener(found: _Found, close: int) -> int | None:
    """Start of the ``[`` (or ``![``) that the ``]`` at ``close`` closes, if balanced."""
    text, taken, escaped = found.text, found.taken, found.escaped
    depth = 0
    for i in range(close - 1, -1, -1):
        if taken[i] or i in escaped:
            continue
        char = text[i]
        if char == "]":
            depth += 1
        elif char == "[":
            if depth == 0:
                image = i > 0 and text[i - 1] == "!" and not taken[i - 1] and i - 1 not in escaped
                return i - 1 if image else i
            depth -= 1
    return None


def _addresses(found: _Found) -> None:
    """Bare URLs and e-mail addresses (see ``_URL``): they end where other markup starts."""
    text = found.text
    urls = "://" in text or "www." in text.lower()
    for pattern, kind in ((_URL, URL), (_EMAIL, EMAIL)):
        if not (urls if kind == URL else "@" in text):
            continue
        for match in pattern().finditer(text):
            start, end = match.span()
            stop = found.taken.find(1, start + 1, end)
            if stop >= 0:  # an address in link text ends where the link's closer starts
                end = stop
            while end > start:
                last = text[end - 1]
                if last in _TRAILING or (
                    last == ")" and text.count("(", start, end) < text.count(")", start, end)
                ):
                    end -= 1
                else:
                    break
            found.add(kind, start, end)


def raw_html(text: str) -> list[Span]:
    """Every piece of raw HTML and every autolink in ``text`` that a renderer may read.

    Code spans are not left out: a backtick may belong to a link destination
    (``[x](`a) <b> `y`)``), where it opens no code span. So this is more than
    CommonMark reads as HTML, never less: what the renderer escapes from a
    translation (``alerti18n.output.render``) cannot slip past it.
    """
    spans = []
    for match in _SCAN_HTML().finditer(text):
        if match.group("escape") or match.group("hard"):
            continue
        kind = AUTOLINK if match.group("uri") or match.group("mail") else HTML
        spans.append(Span(kind, *match.span()))
    return spans


def footnote_references(text: str) -> list[str]:
    """The labels of the footnote references in ``text``, in order (``[^1]`` -> ``1``)."""
    if "[^" not in text:
        return []
    return [text[s.start + 2 : s.end - 1] for s in lex(text) if s.kind == FOOTNOTE]


def directives(text: str) -> list[str]:
    """Every ``{{...}}`` directive of ``text``, in code spans too: preprocessors expand them all."""
    return _DIRECTIVE().findall(text)


# Views ---------------------------------------------------------------------------------------

#: Inline HTML elements whose whole element a sentence never ends inside.
_INLINE_ELEMENTS = frozenset(
    "code kbd samp var em strong i b a span sub sup mark small abbr".split()
)
_TAG_NAME = _lazy(r"<(/?)([A-Za-z][A-Za-z0-9-]*)")
_ATOMIC_KINDS = frozenset({CODE, AUTOLINK, HTML, ELEMENT, COMMENT, DIRECTIVE, FOOTNOTE})
_BRACKET = _lazy(r"[\[\]]")
#: Characters without which a text has no atomic span.
_MAYBE_ATOMIC = frozenset("`<[]{")


def atomic(text: str) -> list[tuple[int, int]]:
    """Spans a sentence never ends inside, sorted by start (they may nest).

    Code spans, raw HTML and autolinks, ``{{...}}`` directives, whole links
    and images (text and target), whole inline HTML elements (``<em>`` ...
    ``</em>``), and bracketed text without a closer: a reference defined
    elsewhere in the document can make ``[text]`` a link.
    """
    if _MAYBE_ATOMIC.isdisjoint(text):
        return []
    found = _lex(text, directives=True, words=True)
    spans: list[tuple[int, int]] = []
    openers: list[int] = []
    tags: dict[str, list[int]] = {}
    for span in sorted(found.spans, key=lambda s: s.start):
        if span.kind in (LINK_OPEN, IMAGE_OPEN):
            openers.append(span.start)
        elif span.kind == LINK_CLOSE and openers:
            spans.append((openers.pop(), span.end))
        elif span.kind in _ATOMIC_KINDS:
            spans.append((span.start, span.end))
            name = _TAG_NAME().match(text, span.start) if span.kind == HTML else None
            if name and name.group(2).lower() in _INLINE_ELEMENTS:
                opened = tags.setdefault(name.group(2).lower(), [])
                if not name.group(1):
                    opened.append(span.start)
                elif opened:
                    spans.append((opened.pop(), span.end))
    brackets: list[int] = []
    for match in _BRACKET().finditer(text):
        at = match.start()
        if found.taken[at] or at in found.escaped:
            continue
        if match.group() == "[":
            brackets.append(at)
        elif brackets:
            spans.append((brackets.pop(), at + 1))
    return sorted(spans)


def line_breaks(text: str) -> list[Span]:
    """The line endings of inline ``text`` that are breaks: ``BREAK`` (hard) or ``SOFT_BREAK``.

    A line ending is hard after a backslash (not an escaped one) or two
    spaces. Each span covers the spaces and tabs around the line ending (a
    hard break's backslash, not the spaces before it). Line endings inside
    code spans, raw HTML, autolinks and link targets are no breaks (they
    read as spaces there) and get no span.
    """
    if "\n" not in text:
        return []
    found = _lex(text)
    hard = {span.start + 1: span.start for span in found.spans if span.kind == BREAK}
    breaks: list[Span] = []
    at = text.find("\n")
    while at >= 0:
        before, after = at, at + 1
        done = breaks[-1].end if breaks else 0  # the spaces after a line ending are its own
        while before > done and text[before - 1] in " \t":
            before -= 1
        while after < len(text) and text[after] in " \t":
            after += 1
        if at in hard:
            breaks.append(Span(BREAK, hard[at], after))
        elif not found.taken[at]:
            kind = BREAK if at - before >= 2 and text[at - 2 : at] == "  " else SOFT_BREAK
            breaks.append(Span(kind, before, after))
        at = text.find("\n", at + 1)
    return breaks


#: In text outside markup: a backslash escape, or a run of emphasis delimiters.
_ESCAPE_OR_RUN = _lazy(rf"\\{_ESCAPABLE}|\*+|_+")
_MAYBE_MARKUP = frozenset("*_`[]\\")


def visible_text(text: str) -> str:
    """``text`` as a reader sees it, as far as markup goes; spaces are left as they are.

    Link and image syntax (brackets, targets, labels), code span backticks,
    emphasis delimiters (paired as CommonMark pairs them: not ``snake_case``,
    not ``2 * 3``, not a ``*`` that closes nothing), hard-break and escaping
    backslashes are left out. Code, HTML, URLs and the rest stay as written.
    """
    if _MAYBE_MARKUP.isdisjoint(text):
        return text
    found = _lex(text)
    edits: list[tuple[int, int, str]] = []  # (start, end, replacement), none overlapping
    runs: list[Run] = []
    for match in _ESCAPE_OR_RUN().finditer(text):
        if found.taken[match.start()]:
            continue
        if match.group(0)[0] == "\\":
            edits.append((match.start(), match.start() + 1, ""))
        else:
            runs.append(Run(text, *match.span()))
    regions: list[tuple[int, int]] = []  # link texts: emphasis inside one stays inside it
    openers: list[int] = []
    for span in sorted(found.spans, key=lambda s: s.start):
        if span.kind == CODE:
            edits.extend(_code_delimiters(text, span))
        elif span.kind == BREAK:
            edits.append((span.start, span.end, "\n"))
        elif span.kind in (LINK_OPEN, IMAGE_OPEN, LINK_CLOSE):
            edits.append((span.start, span.end, ""))
            if span.kind != LINK_CLOSE:
                openers.append(span.end)
            elif openers:
                regions.append((openers.pop(), span.start))
    if runs:
        for start, end in sorted(regions, key=lambda region: region[1] - region[0]):
            pair([run for run in runs if start <= run.start and run.end <= end and not run.done])
        pair([run for run in runs if not run.done])
        for run in runs:
            edits += [(run.start, run.left, ""), (run.right, run.end, "")]
    pieces = []
    at = 0
    for start, end, replacement in sorted(edits):
        pieces += [text[at:start], replacement]
        at = end
    pieces.append(text[at:])
    return "".join(pieces)


def _code_delimiters(text: str, span: Span) -> list[tuple[int, int, str]]:
    """The backticks of a code span, and the one space each side CommonMark strips."""
    code = text[span.start : span.end]
    ticks = len(code) - len(code.lstrip("`"))
    inner = code[ticks:-ticks]
    pad = 1 if len(inner) > 1 and inner[0] == inner[-1] == " " and inner.strip() else 0
    return [(span.start, span.start + ticks + pad, ""), (span.end - ticks - pad, span.end, "")]
