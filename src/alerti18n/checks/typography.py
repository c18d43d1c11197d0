"""Typography and script, for any language, from its profile (:mod:`alerti18n.language.profiles`).

``typography``, ``fr-typography`` and ``hy-punctuation`` are warnings: they
do not change what an alert says. Each language gets one of them, as its
profile says: French keeps ``fr-typography`` (quotes « » and the no-break
spaces before ``; : ! ?`` and inside « »), Armenian keeps ``hy-punctuation``
(the full stop ``։``, ``՞`` and ``՜`` on the word, « »), every other language
gets ``typography``: quotation marks the language does not use (CLDR's
delimiters: „ “ in German, « » in Ukrainian and Russian), and ASCII marks the
language writes with its own character (Arabic and Persian ، ؛ ؟, the Greek
question mark ;). Nothing here branches on a language code.

``script`` is an error: a letter of another script inside a word (a Latin or
Cyrillic look-alike inside an Armenian word, a Latin ``i`` inside a Ukrainian
word) is invisible but breaks search, screen readers and copy-paste; a word
in a script that neither the language nor the source uses (Cyrillic inside
Arabic) cannot be read; and a run of source-script words in a language
written in another script is text left untranslated. All checks ignore code
spans, URLs, link targets and HTML.

Armenian: the ASCII comma is the normal Armenian comma and is accepted. The
full stop is ``։`` (U+0589), so an ASCII ``.`` or ``:`` ending a sentence is
flagged (an ASCII ``.`` inside a sentence is the Armenian colon, and is
accepted, as is the point after a one-letter abbreviation such as ``թ.``).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterator

from alerti18n.checks._util import NBSP, NNBSP, excerpt, mask
from alerti18n.checks.base import ERROR, WARNING, Unit, register
from alerti18n.language.breaks import words
from alerti18n.language.profiles import (
    SCRIPT_OF_NAME,
    Profile,
    languages_with,
    profile,
    script_name,
    script_of,
)

#: Double quotation marks of any language (single ones double as apostrophes).
QUOTES = '"“”„‟«»‹›「」『』'
_CLOSERS = "»)]*_\"”’'"
_NAMES = {NBSP: "no-break space (U+00A0)", NNBSP: "narrow no-break space (U+202F)"}


def _context(text: str, index: int) -> str:
    return excerpt(text[max(0, index - 15) : index + 5], 30)


def _char(char: str) -> str:
    """``Armenian question mark ՞ (U+055E)``: a character named for a message."""
    words = unicodedata.name(char, "").lower().split()
    if words and words[0].upper() in SCRIPT_OF_NAME:
        words[0] = words[0].title()
    return f"the {' '.join(words)} {char} (U+{ord(char):04X})"


def _wrong_quotes(text: str, p: Profile) -> str:
    """The message for quotation marks ``text`` has and the language does not use."""
    wrong = sorted({c for c in text if c in QUOTES and c not in p.quotes})
    if not wrong:
        return ""
    if not p.quotes_from_cldr:
        return (
            f"use the default quotes {p.quote_hint} instead of {' '.join(wrong)} (CLDR has "
            f"no quotation marks for {p.name}: this is a default, not a rule of the language; "
            "waive it if the text follows the language's own usage)"
        )
    return f"use {p.name} quotes {p.quote_hint} instead of {' '.join(wrong)}"


def _ascii_marks(text: str, p: Profile, original: str) -> Iterator[str]:
    """ASCII marks the language writes with its own character (not between digits)."""
    for mark, own in p.punctuation.items():
        for match in re.finditer(re.escape(mark), text):
            i = match.start()
            if text[i - 1 : i].isdigit() and text[i + 1 : i + 2].isdigit():
                continue  # 17,000: a number, not a comma
            where = p.punctuation_where.get(mark, "")
            yield (
                f"ASCII “{mark}” in “{_context(original, i)}”: use {_char(own)}"
                + (f" {where}" if where else "")
            )
            break


@functools.cache
def _marks_of(lang: str) -> frozenset[str]:
    """Every character the typography checks of ``lang`` look for: quotation marks, the marks
    that take a space, the ASCII marks the language writes with its own character."""
    p = profile(lang)
    return frozenset(QUOTES).union(p.space_before, p.space_after, p.punctuation)


@functools.cache
def _own_letters(lang: str) -> set[str]:
    """The characters of ``lang``'s texts seen so far that :func:`_own` accepts."""
    return set()


def _own(char: str, scripts: frozenset[str], own: set[str]) -> bool:
    """Whether ``char`` is no letter or a letter of one of ``scripts`` (noted in ``own``)."""
    if char in own:
        return True
    if script_of(char) in scripts or script_of(char) == "":
        own.add(char)
        return True
    return False


_OWN_RULES = languages_with("typography", "fr-typography") + languages_with(
    "typography", "hy-punctuation"
)


@register("typography", WARNING, except_langs=_OWN_RULES)
def typography(unit: Unit) -> Iterator[str]:
    """Quotation marks and punctuation the language does not use."""
    p = profile(unit.lang)
    if _marks_of(unit.lang).isdisjoint(unit.target):
        return  # no quotation mark, no ASCII mark the language writes otherwise
    text = mask(unit.target, fill="x")
    quotes = _wrong_quotes(text, p)
    if quotes:
        yield quotes
    yield from _ascii_marks(text, p, unit.target)


@register("fr-typography", WARNING, langs=languages_with("typography", "fr-typography"))
def fr_typography(unit: Unit) -> Iterator[str]:
    """Quotes and the no-break spaces punctuation takes (French)."""
    p = profile(unit.lang)
    if _marks_of(unit.lang).isdisjoint(unit.target):
        return  # no quotation mark, no mark that takes a space
    text = mask(unit.target, fill="x")
    seen: set[str] = set()
    quotes = _wrong_quotes(text, p)
    if quotes:
        yield f"{quotes} (with no-break spaces inside)"
    spaced = "".join(p.space_before) + "".join(p.space_after)
    for match in re.finditer("|".join(re.escape(m) for m in spaced), text):
        mark, i = match.group(0), match.start()
        after_mark = mark in p.space_after
        neighbour = text[i + 1 : i + 2] if after_mark else text[max(i - 1, 0) : i]
        wanted = p.space_after.get(mark) or p.space_before[mark]
        if neighbour in (NBSP, NNBSP) or (
            not after_mark
            and mark not in QUOTES
            and neighbour
            and neighbour in "".join(m for m in p.space_before if m not in QUOTES)
        ):
            continue
        side = "after" if after_mark else "before"
        if neighbour.isspace():
            problem = f"plain space {side} {mark}"
        elif mark in QUOTES:
            problem = f"no space {side} {mark}"
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


@register("hy-punctuation", WARNING, langs=languages_with("typography", "hy-punctuation"))
def hy_punctuation(unit: Unit) -> Iterator[str]:
    """Full stop, question and exclamation marks, and quotes (Armenian)."""
    p = profile(unit.lang)
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
            f"“{_context(unit.target, match.start())}”: use {_char(p.sentence_end)}"
        )
    yield from _ascii_marks(text, p, unit.target)
    quotes = _wrong_quotes(text, p)
    if quotes:
        yield quotes


def _runs(word: str) -> list[tuple[str, str]]:
    """A word's letters as (script, letters) runs; digits and marks join no run."""
    runs: list[tuple[str, str]] = []
    for char in word:
        code = script_of(char)
        if not code:
            continue
        if runs and runs[-1][0] == code:
            runs[-1] = (code, runs[-1][1] + char)
        else:
            runs.append((code, char))
    return runs


def _misplaced(word: str, p: Profile) -> list[str]:
    """Letters of another script that stand for letters of the word's own script.

    A foreign letter that looks like one of the language's (Latin ``o`` in
    Armenian), a lone foreign letter, or a foreign run between the language's
    letters is a slip; a run of two or more foreign letters at the edge of a
    word (``UN`` before a Korean particle, ``km`` in Japanese, wherever ICU did
    not already split it off) is a unit, an acronym or a loanword with an
    ending.
    """
    runs = _runs(word)
    found: list[str] = []
    for index, (code, letters) in enumerate(runs):
        if code in p.scripts:
            continue
        slip = 0 < index < len(runs) - 1 or len(letters) == 1
        found += [c for c in letters if slip or p.lookalike(c)]
    return list(dict.fromkeys(found))


@register("script", ERROR)
def script(unit: Unit) -> Iterator[str]:
    """Letters of a script the language does not use, or untranslated source-script text."""
    p, source = profile(unit.lang), profile(unit.source_lang)
    own = _own_letters(unit.lang)
    if own.issuperset(unit.target) or all(_own(c, p.scripts, own) for c in set(unit.target)):
        return  # every letter in a script of the language: nothing to report
    own_name = script_name(p.script)
    run: list[str] = []
    foreign_seen: set[str] = set()
    for word in words(mask(unit.target), unit.lang) + [""]:
        scripts = {script_of(c) for c in word} - {""}
        if word and not scripts:
            continue  # a number
        foreign = scripts - p.scripts
        if foreign and scripts & p.scripts:
            for char in _misplaced(word, p):
                fix = p.lookalike(char)
                instead = (
                    f"the {own_name} “{fix}” (U+{ord(fix):04X})" if fix else f"a {own_name} letter"
                )
                yield (
                    f"{script_name(script_of(char))} “{char}” (U+{ord(char):04X}) inside the "
                    f"{own_name} word “{word}”: type {instead} instead"
                )
        elif foreign and not foreign <= source.scripts:
            for code in sorted(foreign - foreign_seen):
                foreign_seen.add(code)
                yield (
                    f"{script_name(code)} word “{word}” in {p.name} text, which is written in "
                    f"{own_name} script: translate or transliterate it"
                )
        if foreign and foreign <= source.scripts and not scripts & p.scripts:
            run.append(word)
            continue
        if len(run) >= 4:
            yield (
                f"untranslated {script_name(source.script)}-script text "
                f"“{excerpt(' '.join(run), 50)}”: translate it into {p.name}"
            )
        run = []
