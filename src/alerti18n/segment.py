"""Markdown source documents -> sentence segments.

Rules (what becomes a msgid, and what never does):

* The document is parsed as CommonMark (plus GFM tables) by markdown-it-py.
  Translatable blocks are headings, paragraphs (also inside list items and
  block quotes) and table cells, plus the front-matter ``title``. Code blocks,
  HTML blocks, link reference definitions and the rest of the front matter
  are structure: they are copied, never extracted.
* Each block's inline text is split into sentences by sentencex, then
  repaired: a split after a known abbreviation of the language (French
  "M.", "sept.", English "Dr.", ...) is undone, a split inside inline markup
  (code span, link, image, inline HTML, autolink) is undone, and a piece
  with no letter or digit (the alert's stray ". ") joins the sentence before.
* A msgid is the sentence with its inline Markdown kept and its line
  wrapping undone: each line break and the indentation around it become one
  space, so re-wrapping a paragraph changes no msgid.
* A sentence with no letters once code, URLs, HTML tags, link targets and
  ``{{...}}`` directives are removed is not translatable (no msgid).

Every segment keeps the exact character span it came from, so the renderer
can rebuild a document by replacing spans and copy everything else byte
for byte.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import astuple, dataclass, field
from functools import lru_cache
from pathlib import Path

import sentencex
import yaml
from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.front_matter import front_matter_plugin

from alerti18n.errors import SourceError

#: Abbreviations after which a full stop does not end a sentence, per language.
ABBREVIATIONS: dict[str, frozenset[str]] = {
    "en": frozenset(
        "Mr Mrs Ms Dr Prof St Sr Jr Gen Col Lt Sgt Rev Hon Gov Sen Rep Pres No Nos vs "
        "e.g i.e cf approx Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec Inc Ltd Co Corp "
        "U.S U.N U.K Fig fig p pp vol ch".split()
    ),
    "fr": frozenset(
        "M MM Mme Mmes Mlle Mlles Dr Pr Me St Ste art av apr J.-C env cf p pp vol chap "
        "janv févr fév avr juil sept oct nov déc éd n° Cie".split()
    ),
    "hy": frozenset("Տ պ թ.թ թթ էջ հմմտ".split()),
}

#: Front-matter keys alerti18n knows; others are kept but warned about.
FRONT_MATTER_KEYS = frozenset({"title", "date", "publisher", "lang", "author", "version"})

_ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"
_NEWLINE = re.compile(r"[ \t]*\n[ \t]*")
_ATOMIC = re.compile(
    r"""(`+).*?\1                              # code span
      | !?\[(?:[^\[\]]|\[[^\]]*\])*\]            # link or image text
        (?:\([^)]*\)|\[[^\]]*\])?                #   and its target or label
      | <(code|kbd|samp|var|em|strong|i|b|a|span|sub|sup|mark|small|abbr)\b[^>]*>
        .*?</\2\s*>                              # an inline HTML element, whole
      | <[A-Za-z][^<>]*>                         # inline HTML tag or autolink
      | \{\{.*?\}\}                              # preprocessor directive
    """,
    re.VERBOSE | re.DOTALL,
)
_NOT_WORDS = re.compile(
    r"`+.*?`+|<(code|kbd|samp|var)\b[^>]*>.*?</\1\s*>|&#?\w+;|\]\([^)]*\)|<[^<>]*>|\{\{.*?\}\}"
    r"|https?://\S+|www\.\S+|\S+@\S+\.\w+",
    re.DOTALL,
)
_CLOSERS = ")]}»”’\"'"
_ENDS_SENTENCE = ".!?…։"
#: A full stop followed by closing brackets or quotes, then a capital: a boundary
#: sentencex does not always see ("... as we keep going.) But what ...").
_LATE_BOUNDARY = re.compile(r"(?<=[.!?…։])[)\]»”’\"]+(?=\s+[(«“\"]?[A-Z\u0531-\u0556])")


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


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    # Only block structure and raw inline text are needed: skip inline parsing.
    md = MarkdownIt("commonmark").enable(["table", "strikethrough"]).use(front_matter_plugin)
    return md.disable(["inline", "text_join"])


def read_source(path: Path) -> str:
    """Read a source document as text: UTF-8, BOM dropped, CRLF and CR made LF."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SourceError(f"cannot read: {exc.strerror}", path) from None
    if b"\0" in data:
        raise SourceError("binary file, not Markdown", path, hint="remove it from source/")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise SourceError(
            "invalid UTF-8", path, line, hint="re-save the document as UTF-8"
        ) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def parse_document(path: Path, lang: str = "en", text: str | None = None) -> Document:
    """Parse a Markdown document into segments (see the module docstring)."""
    if text is None:
        text = read_source(path)
    if not text.strip():
        raise SourceError("empty document", path, hint="write the text or remove the file")
    doc = Document(path=path, text=text)
    line_starts = _line_starts(text)
    counters: dict[str, int] = {}
    tokens = _parser().parse(text)
    parents: list[str] = []
    for index, token in enumerate(tokens):
        if token.type == "front_matter":
            _front_matter(doc, token, line_starts, lang, counters)
        elif token.type in ("blockquote_open", "list_item_open"):
            parents.append("quote" if token.type == "blockquote_open" else "list item")
        elif token.type in ("blockquote_close", "list_item_close"):
            parents.pop()
        elif token.type == "inline" and token.map:
            opener = tokens[index - 1].type
            if opener == "heading_open":
                kind = "heading"
            elif opener in ("th_open", "td_open"):
                kind = "table cell"
            else:
                kind = parents[-1] if parents else "paragraph"
            pieces = _locate_inline(token, text, line_starts, opener, tokens, index)
            if pieces is None:
                doc.warnings.append(
                    f"{path}:{token.map[0] + 1}: block kept untranslated "
                    "(its text could not be located in the source)"
                )
                continue
            _add_block(doc, kind, pieces, line_starts, lang, counters)
    return doc


def dump_document(doc: Document) -> str:
    """A parsed document as JSON, so later stages can skip parsing (see ``load_document``)."""
    return json.dumps(
        {
            "segments": [astuple(segment) for segment in doc.segments],
            "front_matter": yaml.safe_dump(doc.front_matter, sort_keys=False, allow_unicode=True)
            if doc.front_matter
            else None,
            "front_matter_span": doc.front_matter_span,
            "warnings": doc.warnings,
        },
        ensure_ascii=False,
    )


def load_document(path: Path, text: str, data: str) -> Document:
    """The document ``dump_document`` saved; ``text`` must be the text it was parsed from."""
    saved = json.loads(data)
    span = saved["front_matter_span"]
    return Document(
        path=path,
        text=text,
        segments=[Segment(*fields) for fields in saved["segments"]],
        front_matter=yaml.safe_load(saved["front_matter"]) if saved["front_matter"] else {},
        front_matter_span=tuple(span) if span else None,
        warnings=saved["warnings"],
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
) -> None:
    """Split one block's inline text into sentences and record them."""
    flat = "\n".join(part for _, part in pieces)
    if not pieces or not flat.strip():
        return
    offsets = _offset_map(pieces)
    spans = split_sentences(flat.replace("\n", " "), lang)
    spans = [(s, e) for s, e in spans if is_translatable(flat[s:e])]
    if not spans:
        return
    counters[kind] = counters.get(kind, 0) + 1
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
    """A msgid from source text: wrapping undone, zero-width characters dropped."""
    text = _NEWLINE.sub(" ", text)
    return text.translate({ord(c): None for c in _ZERO_WIDTH}).strip()


def is_translatable(text: str) -> bool:
    """True when the text has a letter outside code, URLs, HTML, link targets, directives."""
    rest = _NOT_WORDS.sub(" ", text)
    return any(unicodedata.category(c).startswith("L") for c in rest)


def split_sentences(text: str, lang: str = "en") -> list[tuple[int, int]]:
    """Sentence spans (start, end) in ``text``, trimmed of surrounding whitespace."""
    raw = []
    at = 0
    for piece in sentencex.segment(lang.split("_")[0], text):
        found = text.find(piece.strip(), at) if piece.strip() else -1
        if found < 0:
            continue
        raw.append([found, found + len(piece.strip())])
        at = found + len(piece.strip())
    if not raw:
        return []
    _closers_to_previous(text, raw)
    atomic = [m.span() for m in _ATOMIC.finditer(text)]
    abbreviations = ABBREVIATIONS.get(lang.split("_")[0], frozenset())
    merged: list[list[int]] = []
    for span in raw:
        if span[0] >= span[1]:
            continue
        if merged and (
            _inside_atomic(merged[-1][1], atomic)
            or _ends_with_abbreviation(text[merged[-1][0] : merged[-1][1]], abbreviations)
            or not any(c.isalnum() for c in text[span[0] : span[1]])
            or text[span[0]] in ",;:"
            or text[span[0]].islower()
        ):
            merged[-1][1] = span[1]
        else:
            merged.append(span)
    if len(merged) > 1 and not any(c.isalnum() for c in text[merged[0][0] : merged[0][1]]):
        merged[1][0] = merged[0][0]
        merged.pop(0)
    return [piece for s, e in merged for piece in _late_splits(text, s, e, atomic)]


def _closers_to_previous(text: str, raw: list[list[int]]) -> None:
    """Give closing brackets and quotes at the start of a piece back to the sentence before."""
    for before, span in zip(raw, raw[1:], strict=False):
        if text[before[1] - 1 : before[1]] not in tuple(_ENDS_SENTENCE + _CLOSERS):
            continue
        k = span[0]
        while k < span[1] and text[k] in _CLOSERS and text[k] not in "'\"":
            k += 1
        if k > span[0] and not text[before[1] : span[0]].strip():
            before[1] = k
            while k < span[1] and text[k].isspace():
                k += 1
            span[0] = k


def _late_splits(
    text: str, start: int, end: int, atomic: list[tuple[int, int]]
) -> list[tuple[int, int]]:
    """Split one sentence span at boundaries sentencex missed (see ``_LATE_BOUNDARY``)."""
    pieces = []
    for match in _LATE_BOUNDARY.finditer(text, start, end):
        if _inside_atomic(match.end(), atomic):
            continue
        pieces.append((start, match.end()))
        start = match.end()
        while start < end and text[start].isspace():
            start += 1
    pieces.append((start, end))
    return pieces


def _inside_atomic(offset: int, atomic: list[tuple[int, int]]) -> bool:
    return any(s < offset < e for s, e in atomic)


def _ends_with_abbreviation(sentence: str, abbreviations: frozenset[str]) -> bool:
    if not sentence.endswith("."):
        return False
    word = re.split(r"[\s(«“\"'’]", sentence[:-1])[-1]
    return (
        word in abbreviations or f"{word}." in abbreviations or (len(word) == 1 and word.isupper())
    )


def _front_matter(
    doc: Document, token: Token, line_starts: list[int], lang: str, counters: dict[str, int]
) -> None:
    """Parse YAML front matter; the title becomes a segment."""
    first, last = token.map
    doc.front_matter_span = (line_starts[first], line_starts[min(last, len(line_starts) - 1)])
    try:
        data = yaml.safe_load(token.content) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = first + 2 + mark.line if mark else first + 1
        raise SourceError(
            "invalid YAML front matter",
            doc.path,
            line,
            hint="fix the front matter between the --- lines",
        ) from None
    if not isinstance(data, dict):
        raise SourceError(
            "front matter is not a mapping",
            doc.path,
            first + 1,
            hint="write one 'key: value' per line",
        )
    doc.front_matter = data
    for key in sorted(set(data) - FRONT_MATTER_KEYS):
        doc.warnings.append(f"{doc.path}: unknown front matter key '{key}' (kept, not translated)")
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
