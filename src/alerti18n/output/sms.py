"""The short-message edition: a document as the text of an SMS, and its numbered parts.

The message is the document's body as plain text, short: one line per
heading, paragraph, list item and table row (no blank lines, no underlines;
``- `` or ``2. `` before a list item, ``; `` between table cells), links as
``text (address)`` as in the plain-text edition, the front matter's title
left out (it names the web page; write the message's first line in the
body). :func:`message_text` makes it from the tokens the other writers
share, :func:`document_message` from a document and its translations (what
``check`` counts), so both see the same characters.

``build --format sms`` writes ``<lang>/<doc>.sms.txt``: the message cut into
numbered messages (:func:`alerti18n.text.sms.numbered`), one blank line
between two, or the whole message when it fits in one SMS.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from alerti18n.text.sms import numbered

if TYPE_CHECKING:
    from markdown_it.token import Token

    from alerti18n.text.segment import Document


def message_text(tokens: list[Token]) -> str:
    """The message: one line per block of the rebuilt document (see the module docstring)."""
    from alerti18n.output.text import inline_text

    lines: list[str] = []
    row: list[str] = []
    numbers: list[int | None] = []  # per open list: the next item's number, None for bullets
    for index, token in enumerate(tokens):
        if token.type == "bullet_list_open":
            numbers.append(None)
        elif token.type == "ordered_list_open":
            numbers.append(int(token.attrGet("start") or 1))
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            numbers.pop()
        elif token.type == "tr_open":
            row = []
        elif token.type == "tr_close":
            lines.append("; ".join(cell for cell in row if cell))
        elif token.type == "inline":
            text = inline_text(token)
            opener = tokens[index - 1]
            if opener.type in ("th_open", "td_open"):
                row.append(text)
            else:
                lines.append(_item_mark(tokens, index, numbers) + text)
        elif token.type in ("fence", "code_block"):
            lines += token.content.split("\n")
    return "\n".join(line.strip() for line in lines if line.strip())


def _item_mark(tokens: list[Token], index: int, numbers: list[int | None]) -> str:
    """``- `` or ``N. `` when the inline token opens a list item's first paragraph."""
    if index < 2 or not numbers or tokens[index - 2].type != "list_item_open":
        return ""
    number = numbers[-1]
    if number is None:
        return "- "
    numbers[-1] = number + 1
    return f"{number}. "


def document_message(
    doc: Document, translations: dict[str, str], lang: str, source_lang: str
) -> str:
    """The message of ``doc`` in ``lang``, as the sms writer makes it from a page."""
    from alerti18n.output.render import parse_markdown, rebuild_document

    rebuilt = rebuild_document(doc, translations, lang, for_html=True, source_lang=source_lang)
    return message_text(parse_markdown(rebuilt.markdown))


def sms_edition(tokens: list[Token], lang: str) -> str:
    """The writer's text: a page's message (its tokens) in numbered parts, one blank line
    between two."""
    parts = numbered(message_text(tokens), lang)
    return "\n\n".join(parts) + "\n"
