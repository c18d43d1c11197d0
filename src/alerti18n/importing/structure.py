"""pandoc's document tree -> the Markdown the segmenter reads, with nothing lost silently.

pandoc's GFM writer cannot say everything a Word, LibreOffice or web
document holds: it writes a complex table as ``[TABLE]``, a definition list
as "Term / Definition" paragraphs, superscript as ``^(st)``, small capitals as
capital letters. :func:`keep_structure` rewrites the tree first, in place,
so that each construct is kept, in a form every writer of alerti18n shows:

* a table GFM can write (one header row, one line of text per cell, no
  merged cells) stays a pipe table; any other (paragraphs, lists or a table
  in a cell, no header row, merged cells, a caption, footer rows) becomes an
  HTML block structure with Markdown inside: ``<table>``, ``<tr>``,
  ``<td colspan="2">`` as HTML blocks, each cell's content as Markdown
  between blank lines, segmented like any other text;
* a definition list becomes ``<dl>``, ``<dt>``, ``<dd>`` the same way;
* superscript and subscript become ``<sup>``/``<sub>``, small capitals
  ``<span class="smallcaps">`` (a style: the letters stay as written);
* footnotes and endnotes stay notes: GFM footnotes ``[^1]``;
* emphasis does not start or end with a space (a no-break space included:
  CommonMark would show the asterisks), and a block does not end with a line
  break (it would show a backslash);
* an ordered list nested in a list item, numbered from another number than
  1, follows its item's text after a blank line (without one, CommonMark
  reads it as the item's text);
* a cross-reference (a link to ``#id``, Word's ``#_Ref...`` bookmarks) keeps
  its target: an empty ``<div id="...">`` before the block that holds the
  bookmark; a cross-reference to a bookmark the document does not have
  becomes its text.

What is not kept is named in a warning, with where it is: an ordered list's
letters or Roman numerals (written as digits), an equation (kept as TeX), a
cross-reference to nowhere.
"""

from __future__ import annotations

import html
from collections import Counter
from collections.abc import Callable
from typing import Any

from alerti18n.importing._inlines import EMPTY, FORMATTING, delimited, trimmed

#: Styles of pandoc's ordered lists that GFM writes as they are.
_DIGITS = frozenset({"DefaultStyle", "Decimal", "Example"})
#: The HTML each kept inline construct becomes (written as raw GFM).
_TAGS = {
    "Superscript": ("<sup>", "</sup>"),
    "Subscript": ("<sub>", "</sub>"),
    "SmallCaps": ('<span class="smallcaps">', "</span>"),
}


#: Elements whose text stands apart from what is around them: blocks, notes.
_APART = frozenset(
    "Para Plain Header CodeBlock LineBlock BlockQuote OrderedList BulletList DefinitionList "
    "Table Figure Div HorizontalRule Note Image".split()
)
#: Elements that are a space in the text.
_EMPTY_TEXT = frozenset({"Space", "SoftBreak", "LineBreak"})
#: Characters that show when pandoc's Markdown for them is not read as markup.
_MARKS = frozenset("*_~\\^|#[]`<>")


def keep_structure(ast: dict) -> list[str]:
    """Rewrite pandoc's JSON tree ``ast`` in place as above; the warnings."""
    keeper = _Keeper(_link_targets(ast["blocks"]))
    ast["blocks"] = keeper.blocks(ast["blocks"])
    keeper.dangling_links(ast["blocks"])
    return list(dict.fromkeys(keeper.warnings))


def markup_shown(markdown: str, ast: dict) -> list[str]:
    """A warning when ``markdown`` shows markup characters as text that the document (pandoc's
    tree, as it was written) does not have: what CommonMark did not read as pandoc meant it."""
    from markdown_it import MarkdownIt
    from mdit_py_plugins.footnote import footnote_plugin

    md = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
    tokens = md.use(footnote_plugin, inline=False).parse(markdown)
    written = Counter(c for c in plain_text(ast["blocks"]) if c in _MARKS)
    shown: Counter[str] = Counter()
    first: dict[str, int] = {}
    for token in tokens:
        pieces = [t.content for t in token.children or [] if t.type in ("text", "code_inline")]
        if token.type in ("fence", "code_block"):
            pieces = [token.content]
        for char in "".join(pieces):
            if char in _MARKS:
                shown[char] += 1
                first.setdefault(char, token.map[0] + 1 if token.map else 0)
    extra = sorted(shown - written, key=lambda char: first[char])
    if not extra:
        return []
    return [
        f"the Markdown shows {', '.join(repr(c) for c in extra)} as text from line "
        f"{first[extra[0]]}: markup the conversion could not write; check it there"
    ]


def plain_text(node: Any) -> str:
    """The text of pandoc's tree: words, code, equations, notes (not raw markup)."""
    pieces: list[str] = []

    def walk(item: Any) -> None:
        if isinstance(item, list):
            for child in item:
                walk(child)
        elif isinstance(item, dict):
            kind = item.get("t")
            if kind in _APART:
                pieces.append(" ")
            if kind == "Str":
                pieces.append(str(item["c"]))
            elif kind in ("Code", "CodeBlock", "Math"):
                pieces.append(str(item["c"][1]))
            elif kind in _EMPTY_TEXT:
                pieces.append(" ")
            elif kind == "Quoted":
                walk(item["c"][1])
            elif kind not in ("RawInline", "RawBlock"):
                walk(item.get("c"))
            if kind in _APART:
                pieces.append(" ")

    walk(node)
    return "".join(pieces)


def raw(text: str) -> dict:
    """A block of raw Markdown (pandoc's GFM writer copies it as it is)."""
    return {"t": "RawBlock", "c": ["gfm", text]}


def raw_inline(text: str) -> dict:
    return {"t": "RawInline", "c": ["gfm", text]}


def text_of(node: Any, limit: int = 40) -> str:
    """The first words of a piece of the tree, for a warning."""
    words: list[str] = []

    def walk(item: Any) -> None:
        if sum(map(len, words)) > limit:
            return
        if isinstance(item, list):
            for child in item:
                walk(child)
        elif isinstance(item, dict):
            if item.get("t") == "Str":
                words.append(str(item["c"]))
            elif item.get("t") in EMPTY:
                words.append(" ")
            elif item.get("t") != "Note":
                walk(item.get("c"))

    walk(node)
    text = " ".join("".join(words).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _link_targets(node: Any) -> set[str]:
    """The ids that links within the document point to (``#id``)."""
    found: set[str] = set()

    def walk(item: Any) -> None:
        if isinstance(item, list):
            for child in item:
                walk(child)
        elif isinstance(item, dict):
            if item.get("t") == "Link" and str(item["c"][2][0]).startswith("#"):
                found.add(str(item["c"][2][0])[1:])
            walk(item.get("c"))

    walk(node)
    return found


class _Keeper:
    """One document's rewrite: the ids links point to, the anchors written, the warnings."""

    def __init__(self, targets: set[str]) -> None:
        self.targets = targets
        self.anchors: set[str] = set()
        self.warnings: list[str] = []

    # Blocks --------------------------------------------------------------------------------

    def blocks(self, blocks: list[dict]) -> list[dict]:
        """A list of blocks rewritten (a block may become several)."""
        out: list[dict] = []
        for block in blocks:
            kept = self.block(block)
            for anchor in self._anchors_in(block):
                out.append(raw(f'<div id="{html.escape(anchor)}"></div>'))
            if (
                kept
                and kept[0].get("t") == "OrderedList"
                and kept[0]["c"][0][0] != 1
                and out
                and out[-1].get("t") == "Plain"
            ):
                out[-1] = {"t": "Para", "c": out[-1]["c"]}
            out += kept
        return out

    def block(self, block: dict) -> list[dict]:
        kind, c = block.get("t"), _content(block)
        if kind in ("Para", "Plain"):
            return [{"t": kind, "c": self.line(c)}]
        if kind == "Header":
            return [{"t": kind, "c": [c[0], ["", [], []], self.line(c[2])]}]
        if kind == "LineBlock":
            return [{"t": kind, "c": [self.inlines(line) for line in c]}]
        if kind in ("BlockQuote", "Div"):
            inner = self.blocks(c if kind == "BlockQuote" else c[1])
            return inner if kind == "Div" else [{"t": kind, "c": inner}]
        if kind == "BulletList":
            return [{"t": kind, "c": [self.blocks(item) for item in c]}]
        if kind == "OrderedList":
            return [self.ordered_list(c)]
        if kind == "DefinitionList":
            return self.definition_list(c)
        if kind == "Table":
            return self.table(c)
        if kind == "Figure":
            caption = self.blocks(c[1][1])
            return self.blocks(c[2]) + caption
        return [block]

    def ordered_list(self, c: list) -> dict:
        (start, style, delim), items = c
        if style.get("t") not in _DIGITS:
            self.warnings.append(
                f"a list numbered in {style.get('t')} (“{text_of(items)}”) is numbered "
                "1, 2, 3 in Markdown"
            )
            style = {"t": "Decimal"}
        return {"t": "OrderedList", "c": [[start, style, delim], [self.blocks(i) for i in items]]}

    def definition_list(self, items: list) -> list[dict]:
        """``<dl>`` with each term and definition as Markdown between its tags."""
        out = [raw("<dl>")]
        for term, definitions in items:
            out += [raw("<dt>"), {"t": "Para", "c": self.line(term)}, raw("</dt>")]
            for definition in definitions:
                out += [raw("<dd>"), *_paragraphs(self.blocks(definition)), raw("</dd>")]
        out.append(raw("</dl>"))
        return _joined(out)

    # Tables --------------------------------------------------------------------------------

    def table(self, c: list) -> list[dict]:
        attr, caption, colspecs, head, bodies, foot = c
        rows = [*head[1], *(r for body in bodies for r in body[2] + body[3]), *foot[1]]
        for spec in colspecs:
            spec[0] = _start(spec[0])
        for row in rows:
            for cell in row[1]:
                cell[1] = _start(cell[1])
                cell[4] = self.blocks(cell[4])
        caption[1] = self.blocks(caption[1])
        if _pipe_table(head, bodies, foot, caption):
            return [{"t": "Table", "c": c}]
        aligns = [_align(spec[0]) for spec in colspecs]
        out = [raw("<table>")]
        if caption[1]:
            out += [raw("<caption>"), *_paragraphs(caption[1]), raw("</caption>")]
        sections = [("thead", head[1], "th")]
        sections += [("tbody", body[2] + body[3], "td") for body in bodies]
        sections.append(("tfoot", foot[1], "td"))
        for tag, section_rows, cell_tag in sections:
            if any(_has_content(row) for row in section_rows):
                out.append(raw(f"<{tag}>"))
                for row in section_rows:
                    out += _row(row, cell_tag, aligns)
                out.append(raw(f"</{tag}>"))
        out.append(raw("</table>"))
        return _joined(out)

    # Inlines -------------------------------------------------------------------------------

    def line(self, inlines: list[dict]) -> list[dict]:
        """A block's inlines: rewritten, with no break or space at either end."""
        return trimmed(self.inlines(inlines))

    def inlines(self, inlines: list[dict]) -> list[dict]:
        out: list[dict] = []
        for item in inlines:
            out += self.inline(item)
        return delimited(out)

    def inline(self, item: dict) -> list[dict]:
        kind, c = item.get("t"), _content(item)
        if kind in _TAGS:  # a note's reference is raised already: its note is taken out
            opening, closing = _TAGS[str(kind)]
            inner = self.inlines(c)
            notes = [i for i in inner if i.get("t") == "Note"]
            inner = [i for i in inner if i.get("t") != "Note"]
            tagged = [raw_inline(opening), *inner, raw_inline(closing)] if inner else []
            return tagged + notes
        if kind in FORMATTING:
            return [{"t": kind, "c": self.inlines(c)}]
        if kind in ("Quoted", "Cite"):
            return [{"t": kind, "c": [c[0], self.inlines(c[1])]}]
        if kind in ("Link", "Image"):
            return [{"t": kind, "c": [["", [], []], self.inlines(c[1]), c[2]]}]
        if kind == "Span":
            return self.inlines(c[1])
        if kind == "Note":
            return [{"t": "Note", "c": self.blocks(c)}]
        if kind == "Math":
            self.warnings.append(f"an equation ({c[1][:40]}) is kept as TeX text")
        return [item]

    # Cross-references ----------------------------------------------------------------------

    def _anchors_in(self, block: dict) -> list[str]:
        """The link targets a block carries itself (its id, its inline bookmarks): each is
        written as an anchor before it, once."""
        kind, c = block.get("t"), _content(block)
        ids: list[str] = []
        if kind in ("Header", "Div", "Table", "Figure") and isinstance(c, list):
            attr = c[1] if kind == "Header" else c[0]
            ids.append(str(attr[0]))
        if kind in ("Para", "Plain", "Header"):
            ids += _span_ids(c[2] if kind == "Header" else c)
        found = [i for i in ids if i and i in self.targets and i not in self.anchors]
        self.anchors.update(found)
        return found

    def dangling_links(self, blocks: list[dict]) -> None:
        """Links to an id no anchor was written for become their text, each with a warning."""

        def unlink(item: dict) -> dict | None:
            if item.get("t") != "Link":
                return None
            url = str(item["c"][2][0])
            if not url.startswith("#") or url[1:] in self.anchors:
                return None
            self.warnings.append(
                f"the cross-reference “{text_of(item['c'][1])}” points to {url}, which the "
                "document does not have: it is kept as text"
            )
            return {"t": "Span", "c": [["", [], []], item["c"][1]]}

        _replace(blocks, unlink)


def _span_ids(inlines: list[dict]) -> list[str]:
    """The ids of the spans (Word bookmarks) among ``inlines``, also inside formatting."""
    found: list[str] = []

    def walk(item: Any) -> None:
        if isinstance(item, list):
            for child in item:
                walk(child)
        elif isinstance(item, dict) and item.get("t") != "Note":
            if item.get("t") == "Span":
                found.append(str(item["c"][0][0]))
            walk(item.get("c"))

    walk(inlines)
    return found


def _replace(node: Any, change: Callable[[dict], dict | None]) -> None:
    """Replace, throughout ``node``, each element ``change`` gives a replacement for."""
    if isinstance(node, dict):
        _replace(node.get("c"), change)
    elif isinstance(node, list):
        for index, item in enumerate(node):
            if isinstance(item, dict):
                new = change(item)
                if new is not None:
                    node[index] = item = new
            _replace(item, change)


def _pipe_table(head: list, bodies: list, foot: list, caption: list) -> bool:
    """Whether GFM writes the table as it is: one header row with text, plain cells."""
    rows = [*head[1], *(row for body in bodies for row in body[3])]
    if len(head[1]) != 1 or not _has_content(head[1][0]) or foot[1] or caption[1]:
        return False
    if any(body[2] for body in bodies):  # header rows inside the body
        return False
    for row in rows:
        for _attr, _align, rowspan, colspan, blocks in row[1]:
            if rowspan != 1 or colspan != 1 or len(blocks) > 1:
                return False
            if blocks and (blocks[0]["t"] not in ("Plain", "Para") or _has(blocks, "LineBreak")):
                return False
    return True


def _row(row: list, tag: str, aligns: list[str]) -> list[dict]:
    """One table row as HTML blocks, each cell's (rewritten) blocks between its tags."""
    out = [raw("<tr>")]
    column = 0
    for _attr, align, rowspan, colspan, blocks in row[1]:
        attributes = ""
        if rowspan > 1:
            attributes += f' rowspan="{rowspan}"'
        if colspan > 1:
            attributes += f' colspan="{colspan}"'
        side = _align(align) or (aligns[column] if column < len(aligns) else "")
        if side:
            attributes += f' style="text-align:{side}"'
        column += colspan
        if blocks:
            out += [raw(f"<{tag}{attributes}>"), *_paragraphs(blocks), raw(f"</{tag}>")]
        else:
            out.append(raw(f"<{tag}{attributes}></{tag}>"))
    out.append(raw("</tr>"))
    return out


def _paragraphs(blocks: list[dict]) -> list[dict]:
    """Blocks inside an HTML structure: plain text as paragraphs, so that a blank line
    separates it from the closing tag (Markdown inside HTML blocks needs one)."""
    return [{"t": "Para", "c": b["c"]} if b.get("t") == "Plain" else b for b in blocks]


def _has_content(row: list) -> bool:
    return any(cell[4] for cell in row[1])


def _has(node: Any, kind: str) -> bool:
    """Whether a piece of the tree holds an element of ``kind``."""
    if isinstance(node, dict):
        return node.get("t") == kind or _has(node.get("c"), kind)
    return isinstance(node, list) and any(_has(item, kind) for item in node)


def _start(align: dict) -> dict:
    """Left alignment as the default one: the start of the line, the right in a
    right-to-left translation (a document's "left" is where its lines start)."""
    return {"t": "AlignDefault"} if align.get("t") == "AlignLeft" else align


def _align(align: dict) -> str:
    return {"AlignLeft": "left", "AlignRight": "right", "AlignCenter": "center"}.get(
        str(align.get("t")), ""
    )


def _joined(blocks: list[dict]) -> list[dict]:
    """Neighbouring raw blocks as one (the tags of a structure on consecutive lines)."""
    out: list[dict] = []
    for block in blocks:
        if block.get("t") == "RawBlock" and out and out[-1].get("t") == "RawBlock":
            out[-1] = raw(out[-1]["c"][1] + "\n" + block["c"][1])
        else:
            out.append(block)
    return out


def _content(element: dict) -> Any:
    """An element's ``c`` (its content; None for one without, such as ``Space``)."""
    return element.get("c")
