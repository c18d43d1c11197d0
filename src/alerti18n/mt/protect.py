"""Shield what MT must not touch behind placeholders, and put it back afterwards.

Protected, in this order (an earlier span wins over a later overlapping one):

* hard line breaks (a backslash and a newline, as msgids hold them);
* inline code (backtick spans) and inline HTML tags and autolinks (``<...>``);
* Markdown link and image syntax: the ``[`` / ``![`` opener and the
  ``](target "title")`` or ``][ref]`` closer each become a placeholder, so
  the link *text* between them is still translated;
* bare URLs and e-mail addresses;
* footnote references (``[^1]``): they stay right after the word they follow;
* glossary terms that have an approved form in the target language (or in
  its base language: ``pt`` for ``pt-BR``): they come back as that form,
  exactly as the glossary writes it, not as the source term. The model never
  sees the term, so it cannot inflect it: where the sentence needs another
  case (Armenian, Russian, Ukrainian…), the translator adds the ending, and
  the ``glossary`` check accepts the inflected form. Letters the model glues
  to a placeholder stay glued to the form (``QZX1Qի`` -> ``Լեմկինի``). A term
  placeholder the model dropped means the approved form could not be placed:
  the problem says so.

The placeholder is ``QZX<n>Q`` (n counts from 1 in each segment). Why that shape:
it is plain ASCII letters and digits, so every SentencePiece vocabulary
covers it (no ``<unk>``, nothing NFKC can change); it has no ``_`` (Argos'
decoder turns underscores into spaces) and no brackets or punctuation (real
models re-space and translate those); capitals around a number read as a
code or a name, which NMT models copy rather than translate; and no real
text contains it. Restoring is lenient about case and spaces a model slips
inside (``qzx 1 Q``). A placeholder the model dropped, repeated or invented
is reported, never silently fixed: the caller flags the draft.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from alerti18n.language.glossary import Glossary
from alerti18n.text import inline

_PLACEHOLDER = re.compile(r"q\s?z\s?x\s?(\d{1,3})\s?q", re.IGNORECASE)


def placeholder(number: int) -> str:
    """The placeholder token for slot ``number``."""
    return f"QZX{number}Q"


@dataclass(frozen=True)
class Slot:
    """What a placeholder stands for: ``source`` text and what to put back."""

    kind: str
    source: str
    target: str


@dataclass(frozen=True)
class Protected:
    """A segment ready for MT: ``text`` with placeholders, and their ``slots`` (1-based)."""

    original: str
    text: str
    slots: tuple[Slot, ...] = ()

    @property
    def prose(self) -> str:
        """The text with its glossary terms put back and everything else still a placeholder:
        where a term is looked for (never in code, a link's target or a URL)."""
        text = self.text
        for number, slot in enumerate(self.slots, start=1):
            if slot.kind == "term":
                text = text.replace(placeholder(number), slot.source)
        return text


@dataclass(frozen=True)
class Restored:
    """MT output with the placeholders put back, and what went wrong with them."""

    text: str
    problems: list[str] = field(default_factory=list)


#: How each kind of markup span reads in a slot (``alerti18n.text.inline`` kinds).
_SLOT_KIND = {
    inline.BREAK: "break",
    inline.CODE: "code",
    inline.AUTOLINK: "html",
    inline.HTML: "html",
    inline.LINK_OPEN: "link",
    inline.IMAGE_OPEN: "link",
    inline.LINK_CLOSE: "link",
    inline.URL: "url",
    inline.EMAIL: "email",
    inline.FOOTNOTE: "footnote",
}


def _spans(text: str, glossary: Glossary | None, lang: str) -> list[tuple[int, int, Slot]]:
    spans: list[tuple[int, int, Slot]] = []
    for span in inline.lex(text):
        source = text[span.start : span.end]
        spans.append((span.start, span.end, Slot(_SLOT_KIND[span.kind], source, source)))
    if glossary is not None:
        for term in glossary.find(text):
            base = lang.replace("-", "_").split("_")[0].lower()  # pt for pt-BR
            form = term.forms.get(lang) or term.forms.get(base) if lang else None
            if not form:
                continue
            for match in term.pattern().finditer(text):
                start, end = match.span()
                if start < end and all(end <= s or start >= e for s, e, _ in spans):
                    spans.append((start, end, Slot("term", text[start:end], form)))
    spans.sort(key=lambda s: s[0])
    return spans


def protect(text: str, glossary: Glossary | None = None, lang: str = "") -> Protected:
    """Replace protected spans of ``text`` with placeholders; ``lang`` picks glossary forms."""
    if _PLACEHOLDER.search(text):
        return Protected(text, text)  # the text itself looks like a placeholder: leave it be
    pieces: list[str] = []
    slots: list[Slot] = []
    last = 0
    for start, end, slot in _spans(text, glossary, lang):
        pieces.append(text[last:start])
        slots.append(slot)
        token = placeholder(len(slots))
        if slot.kind == "link":  # keep the link text apart; restore() hugs it again
            token = f"{token} " if slot.source.endswith("[") else f" {token}"
        elif slot.kind == "break":  # a word of its own for the model; restore() hugs it again
            token = f" {token} "
        elif slot.kind == "footnote":  # apart from the word it follows; restore() hugs it again
            token = f" {token}"
        pieces.append(token)
        last = end
    pieces.append(text[last:])
    return Protected(text, "".join(pieces), tuple(slots))


def restore(output: str, protected: Protected) -> Restored:
    """Put the slots back into MT ``output``; list dropped, repeated or unknown placeholders."""
    if not protected.slots:
        return Restored(output)
    problems: list[str] = []
    seen: Counter[int] = Counter()

    def back(match: re.Match[str]) -> str:
        number = int(match.group(1))
        if not 1 <= number <= len(protected.slots):
            problems.append(f"MT invented placeholder {match.group(0)!r}")
            return match.group(0)
        seen[number] += 1
        return protected.slots[number - 1].target

    text = _PLACEHOLDER.sub(back, _hug_links(output, protected.slots))
    for number, slot in enumerate(protected.slots, start=1):
        if seen[number] == 0 and slot.kind == "term":
            problems.append(
                f"MT dropped term {slot.source!r}: its approved form {slot.target!r} could not "
                "be placed; put it in, inflected as the sentence needs"
            )
        elif seen[number] == 0:
            problems.append(f"MT dropped {slot.kind} {slot.source!r}")
        elif seen[number] > 1:
            problems.append(f"MT repeated {slot.kind} {slot.source!r} {seen[number]} times")
    return Restored(text, problems)


def _hug_links(output: str, slots: tuple[Slot, ...]) -> str:
    """Drop the spaces a model put around a hard break, inside a link's ``[``/``](...)``, or
    before a footnote reference."""
    for number, slot in enumerate(slots, start=1):
        token = rf"q\s?z\s?x\s?{number}\s?q(?!\d)"
        if slot.kind == "break":
            pattern = rf"[ \t]*({token})[ \t]*"
        elif slot.kind == "link" and slot.source.endswith("["):
            pattern = rf"({token})[ \t]+"
        elif slot.kind in ("link", "footnote"):
            pattern = rf"(?<!\d)[ \t]+({token})"
        else:
            continue
        output = re.sub(pattern, r"\1", output, flags=re.IGNORECASE)
    return output
