"""Markdown source documents -> sentence segments.

Rules (what becomes a msgid, and what never does):

* The document is parsed as CommonMark (plus GFM tables and footnotes) by
  markdown-it-py. Translatable blocks are headings, paragraphs (also inside
  list items, block quotes and footnotes) and table cells, plus the
  front-matter ``title``. Code blocks, HTML blocks, link reference
  definitions and the rest of the front matter are structure: they are
  copied, never extracted.
* What GFM cannot write (a table with paragraphs or lists in its cells, a
  table in a table, a table without a header row, a definition list) is an
  HTML block structure with Markdown inside, as ``import`` writes it: the
  tags (``<table>``, ``<td>``, ``<dl>``, ``<dt>``...) are HTML blocks, each
  cell's text is Markdown between blank lines. That text is segmented like
  any other, named after the element it sits in (``table cell``, ``term``,
  ``definition``, ``table caption``).
* A footnote's paragraphs (``[^label]: ...``) are ``footnote`` blocks, numbered
  by the notes' order in the document; a reference (``[^label]``) is markup in
  the sentence it follows. A reference to no note, and a note nobody refers
  to (the renderers leave it out), are warned about.
* Each block's inline text is split into sentences by the rules of
  ``alerti18n.text.sentences`` (per language; markup is never split).
* A msgid is the sentence with its inline Markdown kept and its line
  wrapping undone: each line break and the indentation around it become one
  space, so re-wrapping a paragraph changes no msgid. A hard line break (two
  trailing spaces or a trailing backslash) is kept, written ``HARD_BREAK``
  (backslash, newline), so translators see it and keep it.
* A sentence with no letters once code, URLs, HTML tags, link targets and
  ``{{...}}`` directives are removed is not translatable (no msgid), except a
  table cell whose number has a group or decimal symbol (``1,350``): readers
  of other languages write it differently (see ``alerti18n.text.tablenumbers``).

Every segment keeps the exact character span it came from, so the renderer
can rebuild a document by replacing spans and copy everything else byte
for byte.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.footnote import footnote_plugin

from alerti18n.core.errors import SourceError
from alerti18n.language.profiles import language_conflict
from alerti18n.text import frontmatter, inline
from alerti18n.text.frontmatter import yaml_front_matter
from alerti18n.text.sentences import split_sentences
from alerti18n.text.sourcefile import read_source
from alerti18n.text.tablenumbers import is_number_cell

#: Front-matter keys alerti18n knows; others are kept but warned about.
FRONT_MATTER_KEYS = frozenset(
    {"title", "date", "publisher", "lang", "author", "version", "channel", "parts"}
)

#: How a hard line break is written in a msgid: CommonMark's visible form, backslash + newline.
HARD_BREAK = "\\\n"
_ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"
_ZERO_WIDTH_SET = frozenset(_ZERO_WIDTH)
_DROP_ZERO_WIDTH = dict.fromkeys(map(ord, _ZERO_WIDTH))
#: Spaces around a line ending inside code, HTML or a link target: one space there.
_NEWLINE = re.compile(r"[ \t]*\n[ \t]*")
#: HTML elements whose Markdown content is named after them (see the module docstring).
HTML_CONTAINERS = {"td": "table cell", "th": "table cell", "dt": "term", "dd": "definition"}
HTML_CONTAINERS["caption"] = "table caption"
_CONTAINER_TAG = re.compile(r"<(/?)(td|th|dt|dd|caption)\b[^>]*>", re.IGNORECASE)


@dataclass(frozen=True)
class Segment:
    """One translatable sentence and where it came from."""

    text: str  # the msgid
    start: int  # span in Document.text
    end: int
    line: int  # 1-based source line of the start
    block: str  # "title", "heading", "paragraph", "list item", "quote", "table cell"
    block_number: int  # nth block of that kind in the document, from 1
    position: int  # nth sentence in the block, from 1

    @property
    def where(self) -> str:
        return f"{self.block} {self.block_number}, sentence {self.position}"


@dataclass
class Document:
    """A parsed source document: its normalised text and segments."""

    path: Path
    text: str
    segments: list[Segment] = field(default_factory=list)
    front_matter: dict = field(default_factory=dict)
    front_matter_span: tuple[int, int] | None = None
    warnings: list[str] = field(default_factory=list)
    #: Where each block's inline text starts (offsets): the lines that open a paragraph.
    block_starts: list[int] = field(default_factory=list)
    #: Whether ``text`` is the source less what the link rule refused (see parse_document).
    cleaned: bool = False


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    # Only block structure and raw inline text are needed: skip inline parsing, and leave
    # footnotes where they are (the renderers move them to the end).
    md = MarkdownIt("commonmark").enable(["table", "strikethrough"]).use(yaml_front_matter)
    md.use(footnote_plugin, inline=False, move_to_end=False)
    return md.disable(["inline", "text_join"])


def parse_document(
    path: Path, lang: str = "en", text: str | None = None, source_dir: Path | None = None
) -> Document:
    """Parse a Markdown document into segments (see the module docstring).

    Links and images the link rule refuses are taken out first, each with a
    warning (:func:`alerti18n.text.links.clean_document`; an image must stay
    inside ``source_dir``, by default the document's folder).
    """
    if text is None:
        text = read_source(path)
    if not text.strip():
        raise SourceError("empty document", path, 1, hint="write the text or remove the file")
    doc = Document(path=path, text=text)
    tokens = _parser().parse(text)
    if "](" in text or "<" in text or "]:" in text:
        tokens = _clean_links(doc, tokens, source_dir)
        text = doc.text
    line_starts = _line_starts(text)
    counters: dict[str, int] = {}
    parents = _Containers()
    notes = _Notes()
    for index, token in enumerate(tokens):
        if token.type == "front_matter":
            _front_matter(doc, token, line_starts, lang, counters)
        elif token.type in _OPENS:
            parents.enter(_OPENS[token.type])
            notes.opened(token)
        elif token.type in _CLOSES:
            parents.close()
        elif token.type == "html_block":
            parents.html(token.content)
        elif token.type == "inline" and token.map:
            notes.referred(token)
            opener = tokens[index - 1].type
            if opener == "heading_open":
                kind = "heading"
            elif opener in ("th_open", "td_open"):
                kind = "table cell"
            else:
                kind = parents.kind()
            pieces = _locate_inline(token, text, line_starts, opener, tokens, index)
            if pieces is None:
                doc.warnings.append(
                    f"{path}:{token.map[0] + 1}: block kept untranslated "
                    "(its text could not be located in the source)"
                )
                continue
            number = notes.number if kind == "footnote" else None
            _add_block(doc, kind, pieces, line_starts, lang, counters, number)
    doc.warnings += notes.warnings(path)
    return doc


#: Markdown containers, by their opening token: what a paragraph inside one is called.
_OPENS = {
    "blockquote_open": "quote",
    "list_item_open": "list item",
    "footnote_reference_open": "footnote",
}
_CLOSES = frozenset({"blockquote_close", "list_item_close", "footnote_reference_close"})


class _Containers:
    """The containers a block is in: Markdown ones, and the HTML elements (cells, terms) of
    an HTML block structure; a paragraph is named after the innermost."""

    def __init__(self) -> None:
        self.stack: list[tuple[str, bool]] = []  # (what it names a paragraph, opened by HTML)

    def kind(self) -> str:
        return self.stack[-1][0] if self.stack else "paragraph"

    def enter(self, kind: str) -> None:
        self.stack.append((kind, False))

    def close(self) -> None:
        """A Markdown container ends, and any HTML element left open inside it."""
        while self.stack and self.stack.pop()[1]:
            pass

    def html(self, block: str) -> None:
        """Follow the cells, terms and definitions an HTML block opens and closes."""
        if "<" not in block:
            return
        for match in _CONTAINER_TAG.finditer(block):
            kind = HTML_CONTAINERS[match.group(2).lower()]
            if not match.group(1):
                self.stack.append((kind, True))
            elif self.stack and self.stack[-1] == (kind, True):
                self.stack.pop()


class _Notes:
    """The footnotes defined and referred to: each note's number, and what does not match."""

    def __init__(self) -> None:
        self.number = 0  # of the note being read, from 1
        self.defined: dict[str, int] = {}  # label -> line of its definition
        self.references: dict[str, int] = {}  # label -> line of its first reference

    def opened(self, token: Token) -> None:
        if token.type == "footnote_reference_open":
            self.number += 1
            line = token.map[0] + 1 if token.map else 0
            self.defined.setdefault(str(token.meta.get("label", "")), line)

    def referred(self, token: Token) -> None:
        if "[^" in token.content and token.map:
            for label in inline.footnote_references(token.content):
                self.references.setdefault(label, token.map[0] + 1)

    def warnings(self, path: Path) -> list[str]:
        found = [
            (line, f"{path}:{line}: [^{label}] refers to no footnote: it is shown as text")
            for label, line in self.references.items()
            if label not in self.defined
        ]
        found += [
            (line, f"{path}:{line}: footnote [^{label}] is not referred to: it is left out")
            for label, line in self.defined.items()
            if label not in self.references
        ]
        return [message for _, message in sorted(found)]


def _clean_links(doc: Document, tokens: list[Token], source_dir: Path | None) -> list[Token]:
    """Take refused links and images out of ``doc.text``; its tokens, parsed again if it changed."""
    from alerti18n.text.links import clean_document
    from alerti18n.text.media import path_rule

    text, problems = clean_document(doc.text, tokens, path_rule(doc.path, source_dir))
    doc.warnings += [f"{doc.path}:{problem}" for problem in problems]
    if text == doc.text:
        return tokens
    doc.text, doc.cleaned = text, True
    return _parser().parse(text)


def _yaml_text(mapping: dict) -> str:
    import yaml  # only for a document with front matter: most have none

    return yaml.safe_dump(mapping, sort_keys=False, allow_unicode=True)


def dump_document(doc: Document) -> str:
    """A parsed document as JSON, so later stages can skip parsing (see ``load_document``)."""
    return json.dumps(
        {
            "segments": [
                (s.text, s.start, s.end, s.line, s.block, s.block_number, s.position)
                for s in doc.segments
            ],
            "front_matter": _yaml_text(doc.front_matter) if doc.front_matter else None,
            "front_matter_span": doc.front_matter_span,
            "warnings": doc.warnings,
            "block_starts": doc.block_starts,
            "text": doc.text if doc.cleaned else None,
        },
        ensure_ascii=False,
    )


def load_document(path: Path, text: str, data: str) -> Document:
    """The document ``dump_document`` saved; ``text`` must be the text it was parsed from."""
    saved = json.loads(data)
    span = saved["front_matter_span"]
    try:  # the same loader as the source's: no anchors, no aliases
        meta = frontmatter.load_yaml(saved["front_matter"]) if saved["front_matter"] else {}
    except frontmatter.yaml_error() as exc:
        raise ValueError(f"saved front matter: {exc}") from None
    cleaned = saved.get("text")  # the source less what the link rule refused
    return Document(
        path=path,
        text=cleaned if isinstance(cleaned, str) else text,
        cleaned=isinstance(cleaned, str),
        segments=[Segment(*fields) for fields in saved["segments"]],
        front_matter=meta if isinstance(meta, dict) else {},
        front_matter_span=tuple(span) if span else None,
        warnings=saved["warnings"],
        block_starts=saved["block_starts"],
    )


def _line_starts(text: str) -> list[int]:
    starts = [0]
    starts.extend(m.end() for m in re.finditer("\n", text))
    return starts


def _line_of(line_starts: list[int], offset: int) -> int:
    """1-based line number of a character offset (binary search)."""
    lo, hi = 0, len(line_starts) - 1
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if line_starts[mid] <= offset:
            lo = mid
        else:
            hi = mid - 1
    return lo + 1


def _line_text(text: str, line_starts: list[int], line: int) -> tuple[int, str]:
    start = line_starts[line]
    end = line_starts[line + 1] - 1 if line + 1 < len(line_starts) else len(text)
    return start, text[start:end]


def _locate_inline(
    token: Token, text: str, line_starts: list[int], opener: str, tokens: list[Token], index: int
) -> list[tuple[int, str]] | None:
    """Map an inline token's content back to the source: (offset, text) per content line."""
    if token.map is None:
        return None
    content = token.content
    first = token.map[0]
    if opener in ("th_open", "td_open"):
        return _locate_cell(token, text, line_starts, tokens, index)
    pieces = []
    for i, part in enumerate(content.split("\n")):
        if first + i >= len(line_starts):
            return None
        start, line = _line_text(text, line_starts, first + i)
        at = line.rfind(part) if part else len(line)
        if at < 0:
            return None
        pieces.append((start + at, part))
    return pieces


def _locate_cell(
    token: Token, text: str, line_starts: list[int], tokens: list[Token], index: int
) -> list[tuple[int, str]] | None:
    """Table cells share their row's line: find each cell after the ones before it."""
    if not token.content:
        return []
    if token.map is None:
        return None
    start, line = _line_text(text, line_starts, token.map[0])
    row = index
    while row > 0 and tokens[row].type != "tr_open":
        row -= 1
    pos = 0
    for cell in tokens[row : index + 1]:
        if cell.type != "inline" or not cell.content:
            continue
        at = line.find(cell.content, pos)
        if at < 0:
            return None
        if cell is token:
            return [(start + at, token.content)]
        pos = at + len(cell.content)
    return None


def _add_block(
    doc: Document,
    kind: str,
    pieces: list[tuple[int, str]],
    line_starts: list[int],
    lang: str,
    counters: dict[str, int],
    number: int | None = None,
) -> None:
    """Split one block's inline text into sentences and record them.

    Blocks are numbered by kind, in document order, unless ``number`` is
    given (a footnote's paragraphs all carry the note's number).
    """
    flat = "\n".join(part for _, part in pieces)
    if not pieces or not flat.strip():
        return
    doc.block_starts.append(pieces[0][0])
    offsets = _offset_map(pieces)
    # a hard break's backslash is a space to the sentence splitter, so it ends no sentence
    plain = flat.replace("\n", " ")
    for at in hard_break_backslashes(flat):
        plain = plain[:at] + " " + plain[at + 1 :]
    spans = split_sentences(plain, lang)
    spans = [
        (s, e)
        for s, e in spans
        if is_translatable(flat[s:e])
        or (kind == "table cell" and is_number_cell(not_words_blanked(flat[s:e]), lang))
    ]
    if not spans:
        return
    counters[kind] = number if number is not None else counters.get(kind, 0) + 1
    for position, (s, e) in enumerate(spans, start=1):
        start, end = offsets(s), offsets(e - 1) + 1
        doc.segments.append(
            Segment(
                text=normalise(flat[s:e]),
                start=start,
                end=end,
                line=_line_of(line_starts, start),
                block=kind,
                block_number=counters[kind],
                position=position,
            )
        )


def _offset_map(pieces: list[tuple[int, str]]):
    """Function from an offset in the joined content to an offset in the document."""
    bounds = []
    at = 0
    for source_start, part in pieces:
        bounds.append((at, source_start))
        at += len(part) + 1

    def to_source(offset: int) -> int:
        for flat_start, source_start in reversed(bounds):
            if offset >= flat_start:
                return source_start + offset - flat_start
        return bounds[0][1] + offset

    return to_source


def normalise(text: str) -> str:
    """A msgid from source text: wrapping undone, hard breaks kept, zero-width characters dropped.

    A line break becomes one space, except a hard line break (two trailing
    spaces or a backslash before it), which becomes ``HARD_BREAK``. Which line
    endings are breaks is the inline lexer's answer (``inline.line_breaks``):
    one inside a code span, raw HTML or a link target is a space.
    """
    if "\n" in text:
        pieces = []
        at = 0
        for span in inline.line_breaks(text):
            pieces.append(_NEWLINE.sub(" ", text[at : span.start]))
            pieces.append(HARD_BREAK if span.kind == inline.BREAK else " ")
            at = span.end
        pieces.append(_NEWLINE.sub(" ", text[at:]))
        text = "".join(pieces)
    if not _ZERO_WIDTH_SET.isdisjoint(text):
        text = text.translate(_DROP_ZERO_WIDTH)
    return text.strip()


def hard_break_backslashes(text: str) -> list[int]:
    """Offsets of the backslashes that make hard line breaks in inline text."""
    if "\\\n" not in text:
        return []
    breaks = inline.line_breaks(text)
    return [s.start for s in breaks if s.kind == inline.BREAK and text[s.start] == "\\"]


def is_translatable(text: str) -> bool:
    """True when the text has a letter outside code, URLs, HTML, link targets, directives."""
    rest = not_words_blanked(text)
    return any(unicodedata.category(c).startswith("L") for c in rest)


#: Markup whose brackets stay: the link text between them is words.
_LINK_BRACKETS = frozenset({inline.LINK_OPEN, inline.IMAGE_OPEN})


def not_words_blanked(text: str) -> str:
    """``text`` with what is not words (code, URLs, HTML, link targets, directives) made spaces."""
    if not inline.may_hold_markup(text):
        return text  # (nearly every sentence: the lexer would find nothing)
    kept = []
    at = 0
    for span in inline.lex(text, directives=True, words=True):
        if span.kind in _LINK_BRACKETS:
            continue
        kept.append(text[at : span.start])
        kept.append(" ")
        at = span.end
    kept.append(text[at:])
    return "".join(kept)


def _declared_language(
    doc: Document, data: dict, line_starts: list[int], first: int, last: int, lang: str
) -> None:
    """Warn, at its line, when the front matter's ``lang`` contradicts the project's source
    language ``lang`` (which segmentation, checks and page strings follow)."""
    declared = data.get("lang")
    problem = language_conflict(declared, lang) if isinstance(declared, str) else None
    if problem is None:
        return
    line = next(
        (
            n + 1
            for n in range(first + 1, last)
            if _line_text(doc.text, line_starts, n)[1].lstrip().startswith("lang:")
        ),
        first + 1,
    )
    doc.warnings.append(f"{doc.path}:{line}: front matter 'lang: {declared}': {problem}")


def _front_matter(
    doc: Document, token: Token, line_starts: list[int], lang: str, counters: dict[str, int]
) -> None:
    """Parse YAML front matter; the title becomes a segment."""
    first, last = token.map or (0, 0)
    doc.front_matter_span = (line_starts[first], line_starts[min(last, len(line_starts) - 1)])
    end = line_starts[last] if last < len(line_starts) else len(doc.text)
    block = frontmatter.Block(token.content, first, last, end)
    data = frontmatter.parse(block, doc.text, doc.path)
    doc.front_matter = data
    for key in sorted(set(data) - FRONT_MATTER_KEYS):
        doc.warnings.append(f"{doc.path}: unknown front matter key '{key}' (kept, not translated)")
    _declared_language(doc, data, line_starts, first, last, lang)
    title = data.get("title")
    if not isinstance(title, str) or not title.strip():
        return
    for line_no in range(first + 1, last):
        start, line = _line_text(doc.text, line_starts, line_no)
        match = re.match(r"title:\s*((['\"]?).*?\2)\s*$", line)
        if match:
            s, e = start + match.start(1), start + match.end(1)
            counters["title"] = 1
            doc.segments.append(Segment(normalise(title), s, e, line_no + 1, "title", 1, 1))
            return
