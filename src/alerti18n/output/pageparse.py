"""One Markdown parse for a document's pages that differ only in their marked sentences.

On a page in another language, each sentence still shown in the source language is put
between ``<span lang=…>`` tags (:func:`alerti18n.output.render.rebuild_document`). Such a
page and the source language's page, which holds the same sentences unmarked, used to be
two texts and so two parses. Here the marked page is parsed once with two symbols
(:data:`MARKS`) in place of the tags; after the parse each mark becomes its tag's
``html_inline`` token on the marked page, and is dropped on the unmarked one.

Markdown reads a mark as it reads the tag it stands for: both are punctuation to its
emphasis rules, and neither is part of a word. It reads the text around a mark as the
same text without it, except where the mark touches something whose meaning depends on
its neighbour: a run of emphasis, code or strikethrough marks, a backslash, ``<`` or
``>``, an entity, a link's brackets, or the spaces before a line break. Where a mark
touches one of those (:func:`_inert`), or is parsed as anything but text (code, a link's
address, an image's description), each page is parsed on its own, as before.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from markdown_it.common.utils import isMdAsciiPunct, isPunctChar, isWhiteSpace
from markdown_it.token import Token

from alerti18n.language.profiles import base as base_lang
from alerti18n.output import render

if TYPE_CHECKING:
    from alerti18n.text.links import ImageRule
    from alerti18n.text.segment import Document

#: ␂ and ␃ (SYMBOL FOR START and END OF TEXT, Unicode class So): where a sentence in the
#: source language opens and closes, in the text that is parsed. A document or translation
#: that holds either is parsed as before.
MARKS = ("\u2402", "\u2403")
_CLUSTER = re.compile("[\u2402\u2403]+")
_SPLIT = re.compile("([\u2402\u2403])")
_RUNS = "*_~"  # emphasis and strikethrough: whether a run opens or closes reads its neighbours


class PageParses:
    """The tokens of one document's pages, each distinct text parsed once."""

    def __init__(self, image_ok: ImageRule | None = None) -> None:
        self.image_ok = image_ok
        self._pages: dict[str, list[Token]] = {}  # a page's text (with its tags) -> tokens
        self._marked: dict[str, list[Token] | None] = {}  # text with MARKS -> raw tokens

    def tokens(
        self,
        doc: Document,
        translations: dict[str, str],
        lang: str,
        source_lang: str,
        text: str,
    ) -> list[Token]:
        """The tokens of the page of ``doc`` in ``lang`` whose text is ``text`` (as
        ``rebuild_document(..., for_html=True)`` wrote it)."""
        if text not in self._pages:
            tokens = self._shared(doc, translations, lang, source_lang, text)
            self._pages[text] = (
                tokens if tokens is not None else render.parse_markdown(text, self.image_ok)
            )
        return self._pages[text]

    def _shared(
        self,
        doc: Document,
        translations: dict[str, str],
        lang: str,
        source_lang: str,
        text: str,
    ) -> list[Token] | None:
        """The page's tokens from a parse with marks (None: the page is parsed on its own)."""
        if _holds_marks(doc.text) or any(_holds_marks(t) for t in translations.values()):
            return None
        marked_page = base_lang(lang) != base_lang(source_lang)
        if not marked_page and translations:
            return None  # a translated page in the source language shares no text
        # an unmarked page is parsed as the page with every sentence marked would be
        marked = render.rebuild_document(
            doc, translations, lang, for_html=True, source_lang=source_lang, marks=MARKS
        ).markdown
        tags = render.span_tags(source_lang) if marked_page else None
        if MARKS[0] not in marked or _with_tags(marked, tags) != text:
            return None  # nothing marked, or the marks are not where the tags are
        if marked not in self._marked:
            self._marked[marked] = _parse_marked(marked)
        raw = self._marked[marked]
        if raw is None:
            return None
        return render.finish_tokens(_view(raw, tags), self.image_ok)


def _holds_marks(text: str) -> bool:
    return MARKS[0] in text or MARKS[1] in text


def _without_marks(text: str) -> str:
    return text.replace(MARKS[0], "").replace(MARKS[1], "")


def _with_tags(text: str, tags: tuple[str, str] | None) -> str:
    """``text`` with each mark made its tag, or dropped (None)."""
    if tags is None:
        return _without_marks(text)
    return text.replace(MARKS[0], tags[0]).replace(MARKS[1], tags[1])


def _parse_marked(marked: str) -> list[Token] | None:
    """markdown-it's tokens of ``marked``, where every mark is inert and lands in text."""
    if not _inert(marked):
        return None
    tokens = render.markdown_tokens(marked)
    in_text = sum(
        child.content.count(MARKS[0]) + child.content.count(MARKS[1])
        for token in tokens
        if token.type == "inline" and token.children
        for child in token.children
        if child.type == "text"
    )
    return tokens if in_text == marked.count(MARKS[0]) + marked.count(MARKS[1]) else None


def _view(raw: list[Token], tags: tuple[str, str] | None) -> list[Token]:
    """``raw`` with each mark made its tag's token (``tags``) or dropped (None).

    Tokens without a mark are shared with ``raw``, not copied.
    """
    view = []
    for token in raw:
        if token.type == "inline" and token.children and _holds_marks(token.content):
            content = _with_tags(token.content, tags)
            token = token.copy(content=content, children=_children(token.children, tags))
        view.append(token)
    return view


def _children(children: list[Token], tags: tuple[str, str] | None) -> list[Token]:
    kept: list[Token] = []
    for child in children:
        if child.type != "text" or not _holds_marks(child.content):
            kept.append(child)
        elif tags is None:
            text = _without_marks(child.content)
            kept += [_retext(child, text)] if text else []
        else:
            for piece in _SPLIT.split(child.content):
                if piece in MARKS:
                    tag = tags[MARKS.index(piece)]
                    kept.append(Token("html_inline", "", 0, content=tag, level=child.level))
                elif piece:
                    kept.append(_retext(child, piece))
    return kept


def _retext(token: Token, content: str) -> Token:
    """A copy of ``token`` holding ``content`` (the constructor: twice as fast as ``copy``)."""
    return Token(
        token.type,
        token.tag,
        token.nesting,
        attrs=token.attrs,
        map=token.map,
        level=token.level,
        children=token.children,
        content=content,
        markup=token.markup,
        info=token.info,
        meta=token.meta,
        block=token.block,
        hidden=token.hidden,
    )


def _inert(text: str) -> bool:
    """Whether Markdown reads ``text`` with its marks as with their tags, and as without them."""
    for cluster in _CLUSTER.finditer(text):
        start, end = cluster.span()
        before = text[start - 1] if start else "\n"
        after = text[end] if end < len(text) else "\n"
        if (
            before in "\\<&"
            or after in ">;"
            or (before in " \t" and after == "\n")  # a hard line break's spaces
            or (before, after) in (("!", "["), ("]", "["), ("]", "("))
            or (before == after and before in "`*_~")  # one run without the mark
            or text.rfind("[", 0, start) > text.rfind("]", 0, start)  # inside a link's label
            or (after in _RUNS and not _run_reads_alike(text, end, before, after=True))
            or (before in _RUNS and not _run_reads_alike(text, start, after, after=False))
        ):
            return False
    return True


def _run_reads_alike(text: str, at: int, neighbour: str, after: bool) -> bool:
    """Whether the run of ``*``, ``_`` or ``~`` that starts at ``at`` (``after``) or ends
    there opens and closes alike next to a mark and next to ``neighbour``, as markdown-it's
    ``scanDelims`` decides."""
    if after:
        marker, end = text[at], at
        while end < len(text) and text[end] == marker:
            end += 1
        far = text[end] if end < len(text) else "\n"
    else:
        marker, start = text[at - 1], at - 1
        while start > 0 and text[start - 1] == marker:
            start -= 1
        far = text[start - 1] if start else "\n"
    if _holds_marks(far):
        return False
    # a blockquote's ">" or a table's "|" may stand where the inline text begins (a space)
    nears = [neighbour, " "] if neighbour in ">|" else [neighbour]
    fars = [far, " "] if far in ">|" else [far]
    for far_side in fars:
        with_mark = _opens_closes(marker, *_ordered(MARKS[0], far_side, after))
        if any(
            _opens_closes(marker, *_ordered(near, far_side, after)) != with_mark for near in nears
        ):
            return False
    return True


def _ordered(near: str, far: str, after: bool) -> tuple[str, str]:
    """(the character before the run, the one after it)."""
    return (near, far) if after else (far, near)


def _opens_closes(marker: str, last: str, nxt: str) -> tuple[bool, bool]:
    """Whether a run of ``marker`` between ``last`` and ``nxt`` can open and close."""
    last_punct = isMdAsciiPunct(ord(last)) or isPunctChar(last)
    next_punct = isMdAsciiPunct(ord(nxt)) or isPunctChar(nxt)
    last_space, next_space = isWhiteSpace(ord(last)), isWhiteSpace(ord(nxt))
    left = not (next_space or (next_punct and not (last_space or last_punct)))
    right = not (last_space or (last_punct and not (next_space or next_punct)))
    split_word = marker != "_"
    return (
        left and (split_word or not right or last_punct),
        right and (split_word or not left or next_punct),
    )
