"""Language typography: French spacing and quotes, Armenian punctuation, script mix-ups.

``fr-typography`` and ``hy-punctuation`` are warnings: they do not change
what an alert says. ``script`` is an error: a Latin or Cyrillic look-alike
letter inside an Armenian word is invisible but breaks search, screen readers
and copy-paste, and a Latin-script passage in an Armenian catalog is text the
reader cannot read. All three ignore code spans, URLs, link targets and HTML.

Armenian: the ASCII comma is the normal Armenian comma and is accepted. The
full stop is ``։`` (U+0589), so an ASCII ``.`` or ``:`` ending a sentence is
flagged (an ASCII ``.`` inside a sentence is the Armenian colon, and is
accepted, as is the point after a one-letter abbreviation such as ``թ.``).
Questions and exclamations take ``՞`` (U+055E) and ``՜`` (U+055C) on the
stressed word, so ASCII ``?`` and ``!`` are flagged.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

from alerti18n.checks._util import NBSP, NNBSP, excerpt, mask
from alerti18n.checks.base import ERROR, WARNING, Unit, register

_CLOSERS = "»)]*_\"”’'"
_NAMES = {NBSP: "no-break space (U+00A0)", NNBSP: "narrow no-break space (U+202F)"}


def _context(text: str, index: int) -> str:
    return excerpt(text[max(0, index - 15) : index + 5], 30)


@register("fr-typography", WARNING, langs=("fr",))
def fr_typography(unit: Unit) -> Iterator[str]:
    """French quotes and no-break spaces around punctuation."""
    text = mask(unit.target, fill="x")
    seen: set[str] = set()
    quotes = sorted(set(re.findall(r"[“”„\"]", text)))
    if quotes:
        yield f"use French quotes « » (with no-break spaces inside) instead of {' '.join(quotes)}"
    for match in re.finditer(r"«|»|[;:!?]", text):
        mark, i = match.group(0), match.start()
        neighbour = text[i + 1 : i + 2] if mark == "«" else text[max(i - 1, 0) : i]
        wanted = NNBSP if mark in ";!?" else NBSP
        if neighbour in (NBSP, NNBSP) or (mark in ";:!?" and neighbour in "!?" and neighbour):
            continue
        if neighbour.isspace():
            problem = f"plain space {'after' if mark == '«' else 'before'} {mark}"
        elif mark in "«»":
            problem = f"no space {'after' if mark == '«' else 'before'} {mark}"
        else:
            after = text[i + 1 : i + 2]
            if (after and not after.isspace() and after not in _CLOSERS) or not (
                neighbour.isalnum() or neighbour in _CLOSERS
            ):
                continue  # 14:30, a URL, an emoticon: not a sentence mark
            problem = f"no space before {mark}"
        if problem not in seen:
            seen.add(problem)
            yield (
                f"{problem} in “{_context(unit.target, i)}”: use a {_NAMES[wanted]}"
                + (" (or a no-break space)" if wanted == NNBSP else "")
            )


_SENTENCE_END = re.compile(rf"(?<=\S)([.:])[{re.escape(_CLOSERS)}]*(?=$|\s+[«(\"]?[^\W\d_])")


@register("hy-punctuation", WARNING, langs=("hy",))
def hy_punctuation(unit: Unit) -> Iterator[str]:
    """Armenian full stop, question and exclamation marks, and « » quotes."""
    text = mask(unit.target, fill="x")
    for match in _SENTENCE_END.finditer(text):
        before = text[: match.start()]
        last_word = re.search(r"(\w+)$", before)
        if before.endswith(".") or (last_word and len(last_word.group(1)) == 1):
            continue  # an ellipsis or an abbreviation such as թ.
        following = text[match.end() :].lstrip().lstrip('«("')
        if following and not following[:1].isupper():
            continue  # inside a sentence: "." is the Armenian colon
        yield (
            f"sentence ends with ASCII “{match.group(1)}” in "
            f"“{_context(unit.target, match.start())}”: use the Armenian full stop ։ (U+0589)"
        )
    if "?" in text:
        yield "ASCII “?”: put the Armenian question mark ՞ (U+055E) on the questioned word"
    if "!" in text:
        yield "ASCII “!”: put the Armenian exclamation mark ՜ (U+055C) on the stressed word"
    quotes = sorted(set(re.findall(r"[“”„\"]", text)))
    if quotes:
        yield f"use Armenian quotes « » instead of {' '.join(quotes)}"


_LOOKALIKES = {
    "o": "օ",
    "O": "Օ",
    "u": "ս",
    "U": "Ս",
    "h": "հ",
    "n": "ո",
    "q": "զ",
    "S": "Տ",
    "о": "օ",
    "О": "Օ",
    "п": "ո",
    "ц": "ց",
}


def _script(char: str) -> str:
    if "\u0531" <= char <= "\u0587" or "\ufb13" <= char <= "\ufb17":
        return "Armenian"
    name = unicodedata.name(char, "")
    for script in ("LATIN", "CYRILLIC", "GREEK"):
        if name.startswith(script) and char.isalpha():
            return script.title()
    return ""


@register("script", ERROR, langs=("hy",))
def script(unit: Unit) -> Iterator[str]:
    """Latin or Cyrillic letters inside Armenian words, or untranslated Latin text."""
    text = mask(unit.target)
    run: list[str] = []
    for word in re.findall(r"[^\W\d_]+", text) + [""]:
        scripts = {_script(c) for c in word} - {""}
        if "Armenian" in scripts and len(scripts) > 1:
            for char in dict.fromkeys(c for c in word if _script(c) not in ("Armenian", "")):
                fix = _LOOKALIKES.get(char)
                instead = (
                    f"the Armenian “{fix}” (U+{ord(fix):04X})" if fix else "an Armenian letter"
                )
                yield (
                    f"{_script(char)} “{char}” (U+{ord(char):04X}) inside the Armenian word "
                    f"“{word}”: type {instead} instead"
                )
        if scripts == {"Latin"}:
            run.append(word)
            continue
        if len(run) >= 4:
            yield (
                f"untranslated Latin-script text “{excerpt(' '.join(run), 50)}”: "
                "translate it into Armenian"
            )
        run = []
