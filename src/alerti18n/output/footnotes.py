"""Footnotes on the web page, in the shape every later reader of that page understands.

A source document's footnotes are GFM's: a reference ``[^label]`` in the
text, a definition ``[^label]: ...`` anywhere (:mod:`alerti18n.text.segment`
segments it). markdown-it-py's footnote plugin reads them; this module writes
them as HTML:

* a reference is ``<a href="#fn1" id="fnref1" class="footnote-ref"
  role="doc-noteref"><sup>1</sup></a>``: the note's number, no brackets, so a
  right-to-left page shows it as it shows any number;
* the notes are a numbered list at the end of the page, in a ``<section
  role="doc-endnotes">``, each note with a link back to each place that
  refers to it (``role="doc-backlink"``, its arrow pointing back in the
  page's direction).

The DPUB-ARIA roles tell screen readers what the links are, and they are
what pandoc's HTML reader reads as notes: the DOCX and ODT writers
(:mod:`alerti18n.output.office`) hand this HTML to pandoc and get real Word
and ODF footnotes. Notes are numbered in the order they are first referred
to; a note nobody refers to is left out (``extract`` warns about it).

For the PDF, :func:`at_the_foot` writes each note where it is first referred
to instead, as ``<span class="footnote">`` (its paragraphs as
``<span class="footnote-paragraph">``), which the print stylesheet floats to
the foot of the page (CSS ``float: footnote``, which WeasyPrint lays out:
the number in the text, the note under a rule at the bottom of the same
page); a later reference to the same note is its number.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.footnote import footnote_plugin

#: The back-link's arrow, by the page's direction: it points back to the text.
_BACK = {"ltr": "\u21a9\ufe0e", "rtl": "\u21aa\ufe0e"}


def use_footnotes(md: MarkdownIt) -> MarkdownIt:
    """Read GFM footnotes with ``md`` (no inline ``^[...]`` notes) and write them as above."""
    md.use(footnote_plugin, inline=False)
    md.add_render_rule("footnote_ref", _reference)
    md.add_render_rule("footnote_block_open", _notes_open)
    md.add_render_rule("footnote_block_close", _notes_close)
    md.add_render_rule("footnote_open", _note_open)
    md.add_render_rule("footnote_close", _note_close)
    md.add_render_rule("footnote_anchor", _back_link)
    return md


def at_the_foot(md: MarkdownIt, tokens: list[Token], env: dict) -> list[Token]:
    """The tokens without the notes at the end; ``env`` set so that each reference writes
    its note in place (see the module docstring)."""
    end = next((i for i, t in enumerate(tokens) if t.type == "footnote_block_open"), None)
    if end is None:
        return tokens
    notes: dict[int, list[str]] = {}
    number = -1
    for token in tokens[end:]:
        if token.type == "footnote_open":
            number = token.meta["id"]
            notes[number] = []
        elif token.type == "inline" and number >= 0:
            html = md.renderer.renderInline(token.children or [], md.options, env)  # type: ignore[attr-defined]
            notes[number].append(f'<span class="footnote-paragraph">{html}</span>')
    env["notes"] = {key: "".join(value) for key, value in notes.items()}
    env["placed"] = set()
    return tokens[:end]


def _ids(token: Token) -> tuple[str, str]:
    """(the note's number, the id of this reference to it): ``1``, ``fnref1`` or ``fnref1-2``."""
    number = str(token.meta["id"] + 1)
    sub = int(token.meta.get("subId", 0) or 0)
    return number, f"fnref{number}" + (f"-{sub + 1}" if sub else "")


def _reference(self: Any, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
    number, ref = _ids(tokens[idx])
    notes = (env or {}).get("notes")
    if notes is not None:  # at the foot of the page: the note itself, the first time
        note = tokens[idx].meta["id"]
        if note not in env["placed"] and note in notes:
            env["placed"].add(note)
            return f'<span class="footnote" id="fn{number}">{notes[note]}</span>'
        return f'<sup class="footnote-again">{number}</sup>'
    return (
        f'<a href="#fn{number}" id="{ref}" class="footnote-ref" role="doc-noteref">'
        f"<sup>{number}</sup></a>"
    )


def _notes_open(self: Any, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
    return '<section class="footnotes" role="doc-endnotes">\n<hr>\n<ol>\n'


def _notes_close(self: Any, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
    return "</ol>\n</section>\n"


def _note_open(self: Any, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
    number, _ = _ids(tokens[idx])
    return f'<li id="fn{number}">'


def _note_close(self: Any, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
    return "</li>\n"


def _back_link(self: Any, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
    _, ref = _ids(tokens[idx])
    arrow = _BACK.get((env or {}).get("dir", "ltr"), _BACK["ltr"])
    label = (env or {}).get("back", "")
    aria = f' aria-label="{html.escape(label)}"' if label else ""
    return f' <a href="#{ref}" class="footnote-back" role="doc-backlink"{aria}>{arrow}</a>'
