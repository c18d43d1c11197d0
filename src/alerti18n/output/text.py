"""Plain text from a rebuilt document's tokens: what a reader of a ``.txt`` file sees.

Headings are underlined, paragraphs and list items are lines, markup is
dropped. Links keep their address as ``text (url)`` (only the address when
the text is the address; a link within the page, ``#...``, keeps its text
only). Tables are laid out as aligned columns under a rule (see
:func:`table_lines`), measured in display width. The HTML block structures
of :mod:`alerti18n.text.segment` are read too: a cell holding paragraphs,
lists or a table is a column of several lines, a definition list is each
term followed by its definition indented. Footnote references are ``[1]``,
and the notes follow the text, each opening with its number.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from markdown_it.token import Token

if TYPE_CHECKING:
    from alerti18n.output.page import PageInfo
    from alerti18n.output.render import Rendered

#: The tags of an HTML block structure that the text follows.
_STRUCTURE_TAG = re.compile(
    r"<(/?)(table|thead|tbody|tfoot|tr|td|th|caption|dl|dt|dd)\b([^>]*)>", re.IGNORECASE
)
_ALIGN = re.compile(r"text-align:\s*(left|right|center)", re.IGNORECASE)
_COLSPAN = re.compile(r"colspan\s*=\s*[\"']?(\d+)", re.IGNORECASE)
#: How a definition's lines are indented under its term, and a note's later lines.
INDENT = "    "


def display_width(text: str) -> int:
    """Columns ``text`` takes in a monospaced font.

    East Asian wide and fullwidth characters take two, combining marks and
    invisible format characters none, everything else (Latin, Armenian,
    Cyrillic...) one. The same rule as POSIX ``wcswidth``, from the stdlib.
    """
    width = 0
    for char in text:
        if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf"):
            continue
        width += 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
    return width


@dataclass
class _Cell:
    lines: list[str]
    align: str = "left"
    span: int = 1  # columns it covers


@dataclass
class _Table:
    rows: list[list[_Cell]] = field(default_factory=list)
    header_rows: int = 0
    caption: list[str] = field(default_factory=list)


@dataclass
class _Frame:
    """What is being written: the document, or a cell, term, definition, caption or note."""

    kind: str
    blocks: list[str] = field(default_factory=list)
    prefix: list[str] = field(default_factory=list)  # list and quote markers
    attributes: str = ""  # of the HTML element that opened it
    term: int = -1  # how many blocks there were when the last term (or its definition) ended

    def add(self, text: str, marked: bool = True) -> None:
        """A block; with ``marked``, each of its lines after the list and quote markers."""
        lead = "".join(self.prefix) if marked else ""
        self.blocks.append("\n".join(lead + line for line in text.split("\n")))


class _TextWriter:
    """Reads the tokens in order and writes the text (see the module docstring)."""

    def __init__(self) -> None:
        self.frames = [_Frame("document")]
        self.tables: list[_Table] = []

    @property
    def frame(self) -> _Frame:
        return self.frames[-1]

    def token(self, tokens: list[Token], index: int) -> None:
        token = tokens[index]
        kind = token.type
        if kind in ("bullet_list_open", "ordered_list_open", "blockquote_open"):
            self.frame.prefix.append({"b": "- ", "o": "1. "}.get(kind[0], "> "))
        elif kind in ("bullet_list_close", "ordered_list_close", "blockquote_close"):
            if self.frame.prefix:
                self.frame.prefix.pop()
        elif kind == "table_open":
            self.tables.append(_Table())
        elif kind == "tr_open" and self.tables:
            self.tables[-1].rows.append([])
        elif kind == "thead_close" and self.tables:
            self.tables[-1].header_rows = len(self.tables[-1].rows)
        elif kind == "table_close" and self.tables:
            self._table_done()
        elif kind == "inline":
            self._inline(token, tokens[index - 1])
        elif kind in ("fence", "code_block"):
            lines = token.content.rstrip("\n").split("\n")
            self.frame.add("\n".join(INDENT + line for line in lines), marked=False)
        elif kind == "html_block":
            self._html(token.content)
        elif kind == "footnote_open":
            self.frames.append(_Frame("note", attributes=str(token.meta["id"] + 1)))
        elif kind == "footnote_close" and self.frame.kind == "note":
            note = self.frames.pop()
            self.frame.add(_hanging(f"[{note.attributes}] ", note.blocks, "\n\n"))

    def _inline(self, token: Token, opener: Token) -> None:
        text = inline_text(token)
        if opener.type == "heading_open":
            mark = "=" if opener.tag == "h1" else "-"
            self.frame.add(f"{text}\n{mark * display_width(text)}", marked=False)
        elif opener.type in ("th_open", "td_open") and self.tables and self.tables[-1].rows:
            style = str(opener.attrGet("style") or "")
            align = style.removeprefix("text-align:") or "left"
            self.tables[-1].rows[-1].append(_Cell([text], align))
        else:
            self.frame.add(text)

    def _html(self, block: str) -> None:
        """Follow the tables, cells, definition lists and captions an HTML block opens."""
        for match in _STRUCTURE_TAG.finditer(block):
            closing, tag, attributes = match.group(1), match.group(2).lower(), match.group(3)
            if not closing:
                self._html_open(tag, attributes)
            elif tag in ("td", "th", "dt", "dd", "caption") and self.frame.kind == tag:
                self._html_close(self.frames.pop())
            elif tag == "thead" and self.tables:
                self.tables[-1].header_rows = len(self.tables[-1].rows)
            elif tag == "table" and self.tables:
                self._table_done()

    def _html_open(self, tag: str, attributes: str) -> None:
        if tag == "table":
            self.tables.append(_Table())
        elif tag == "tr" and self.tables:
            self.tables[-1].rows.append([])
        elif tag in ("td", "th", "dt", "dd", "caption"):
            self.frames.append(_Frame(tag, attributes=attributes))

    def _html_close(self, frame: _Frame) -> None:
        lines = "\n".join(frame.blocks).split("\n") if frame.blocks else []
        if frame.kind == "dt":
            self.frame.add("\n".join(lines))
            self.frame.term = len(self.frame.blocks)
        elif frame.kind == "dd":
            definition = "\n".join(INDENT + line if line else line for line in lines)
            if self.frame.term == len(self.frame.blocks):  # right under its term
                self.frame.blocks[-1] += "\n" + definition
                self.frame.term = len(self.frame.blocks)
            else:
                self.frame.add(definition)
        elif frame.kind == "caption" and self.tables:
            self.tables[-1].caption = lines
        elif self.tables and self.tables[-1].rows:
            align = _ALIGN.search(frame.attributes)
            span = _COLSPAN.search(frame.attributes)
            cell = _Cell(lines or [""], align.group(1).lower() if align else "left")
            cell.span = max(1, min(int(span.group(1)), 100)) if span else 1
            self.tables[-1].rows[-1].append(cell)

    def _table_done(self) -> None:
        table = self.tables.pop()
        lines = table.caption + table_lines(table.rows, table.header_rows)
        if lines:
            self.frame.add("\n".join(lines))

    def result(self) -> str:
        while len(self.frames) > 1:  # an element the HTML left open: its text still shows
            self.frames[-2].blocks += self.frames.pop().blocks
        return "\n\n".join(part for part in self.frame.blocks if part.strip()) + "\n"


def render_text(
    rendered: Rendered, tokens: list[Token] | None = None, info: PageInfo | None = None
) -> str:
    """The plain text of a rebuilt document, from its tokens when given (see the module
    docstring); it opens with the page's title as the web page does
    (``render.shows_title``)."""
    from alerti18n.output.render import parse_markdown, shows_title

    if tokens is None:
        tokens = parse_markdown(rendered.markdown)
    writer = _TextWriter()
    first = next((t for t in tokens if t.type != "front_matter"), None)
    opens_with_h1 = first is not None and first.type == "heading_open" and first.tag == "h1"
    if info is not None and shows_title(info, opens_with_h1):
        writer.frame.add(f"{info.title}\n{'=' * display_width(info.title)}", marked=False)
    for index in range(len(tokens)):
        writer.token(tokens, index)
    return writer.result()


def _hanging(lead: str, blocks: list[str], joiner: str) -> str:
    """``blocks`` after ``lead``, their later lines indented."""
    lines = joiner.join(blocks).split("\n")
    return "\n".join([lead + lines[0]] + [INDENT + line if line else line for line in lines[1:]])


def table_lines(rows: list[list[_Cell]], header_rows: int) -> list[str]:
    """A table as text columns two spaces apart, the header rows above a rule of dashes.

    A cell of several lines makes its row as tall; a cell that spans columns
    takes the first of them, the others are left empty.
    """
    grid = [[c for cell in row for c in [cell] + [_Cell([""])] * (cell.span - 1)] for row in rows]
    columns = max((len(row) for row in grid), default=0)
    if not columns:
        return []
    grid = [row + [_Cell([""])] * (columns - len(row)) for row in grid]
    widths = [
        max(display_width(line) for row in grid for line in row[i].lines) for i in range(columns)
    ]
    aligns = [
        next((row[i].align for row in grid if any(row[i].lines)), "left") for i in range(columns)
    ]

    def cell(text: str, column: int) -> str:
        pad = widths[column] - display_width(text)
        if aligns[column] == "right":
            return " " * pad + text
        if aligns[column] == "center":
            return " " * (pad // 2) + text + " " * (pad - pad // 2)
        return text + " " * pad

    lines = []
    for number, row in enumerate(grid):
        if number == header_rows and header_rows:
            lines.append("  ".join("-" * max(width, 1) for width in widths))
        height = max(len(c.lines) for c in row)
        for at in range(height):
            texts = [c.lines[at] if at < len(c.lines) else "" for c in row]
            lines.append("  ".join(cell(text, i) for i, text in enumerate(texts)).rstrip())
    if header_rows and header_rows >= len(grid):
        lines.append("  ".join("-" * max(width, 1) for width in widths))
    return lines


def inline_text(token: Token) -> str:
    """The text of an inline token: markup dropped, link addresses kept, notes as ``[1]``."""
    pieces: list[str] = []
    links: list[tuple[str, str, int]] = []  # open links: (address, markup, first piece)
    for child in token.children or []:
        if child.type in ("text", "code_inline"):
            pieces.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            pieces.append(" ")
        elif child.type == "image":
            pieces.append(child.content)
        elif child.type == "footnote_ref":
            pieces.append(f"[{child.meta['id'] + 1}]")
        elif child.type == "link_open":
            links.append((str(child.attrGet("href") or ""), child.markup, len(pieces)))
        elif child.type == "link_close" and links:
            href, markup, first = links.pop()
            label = "".join(pieces[first:]).strip()
            # an autolink's text is its address; a link whose text is its address says it once
            if markup in ("autolink", "linkify") or label in ("", href.removeprefix("mailto:")):
                del pieces[first:]
                pieces.append(label or href)
            elif href and not href.startswith("#"):
                pieces.append(f" ({href})")
    return "".join(pieces).strip()
