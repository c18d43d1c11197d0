"""Text shape: whitespace, untranslated copies, length, doubled words.

All four are warnings: each points at a likely slip that a translator should
look at, but none is certain (a name may legitimately stay unchanged, a
sentence may be much shorter in Armenian).

``length`` compares lengths in characters without markup or URLs, for
sources of at least 30 characters, against the usual ratio of the pair, from
the languages' profiles (``length_ratio`` in ``data/profiles.toml``: French
runs about 20% longer than English, Armenian about 10%, Chinese, whose
characters each carry a word or part of one, well under half): a
translation under half or over twice the usual length is flagged.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from alerti18n.checks._util import NBSP, NNBSP, mask
from alerti18n.checks.base import WARNING, Unit, register
from alerti18n.language.breaks import word_spans, words
from alerti18n.language.profiles import profile

MIN_LENGTH = 30
_SPACES = f"[ \t{NBSP}{NNBSP}]"
_DOUBLE_SPACE = re.compile(f"\\S{_SPACES}{{2,}}(?=\\S)")
_TWO_SPACES = re.compile(f"{_SPACES}{{2}}")  # what a double space needs


def _edge(text: str, leading: bool) -> str:
    stripped = text.lstrip() if leading else text.rstrip()
    return text[: len(text) - len(stripped)] if leading else text[len(stripped) :]


def _show(space: str) -> str:
    return f"{len(space)} whitespace character(s)" if space else "none"


@register("whitespace", WARNING)
def whitespace(unit: Unit) -> Iterator[str]:
    """Leading, trailing or doubled spaces differ from the source."""
    for leading, where in ((True, "starts"), (False, "ends")):
        source, target = _edge(unit.source, leading), _edge(unit.target, leading)
        if source.replace(NBSP, " ") != target.replace(NBSP, " "):
            yield (
                f"the source {where} with {_show(source)} but the translation with "
                f"{_show(target)}: match the source"
            )
    pattern = _DOUBLE_SPACE
    if _TWO_SPACES.search(unit.target) and len(pattern.findall(unit.target.strip())) > len(
        pattern.findall(unit.source.strip())
    ):
        yield "double space inside the translation: use a single space"


def _needs_translation(unit: Unit) -> bool:
    """Whether anything is left to translate once names kept as is are removed."""
    text = mask(unit.source)
    for term in unit.glossary.find(text):
        if term.forms.get(unit.lang, term.forms.get(unit.base_lang)) == term.source:
            text = term.pattern().sub(" ", text)
    return any(
        not w.isupper() for w in words(text, unit.source_lang) if sum(c.isalpha() for c in w) >= 2
    )


@register("unchanged", WARNING)
def unchanged(unit: Unit) -> Iterator[str]:
    """Translation is identical to the source text."""
    if unit.target.strip() == unit.source.strip() and _needs_translation(unit):
        yield "the translation is a copy of the source: translate it"


@register("length", WARNING)
def length(unit: Unit) -> Iterator[str]:
    """Translation is far shorter or longer than usual for the language pair."""
    source = len(" ".join(mask(unit.source).split()))
    target = len(" ".join(mask(unit.target).split()))
    if source < MIN_LENGTH:
        return
    usual = profile(unit.lang).length_ratio / profile(unit.source_lang).length_ratio
    ratio = target / source
    pair = f"{unit.source_lang}→{unit.lang}"
    if ratio < usual / 2:
        yield (
            f"the translation is {ratio:.0%} of the source's length (usual for {pair}: about "
            f"{usual:.0%}): check that nothing was left out"
        )
    elif ratio > usual * 2:
        yield (
            f"the translation is {ratio:.0%} of the source's length (usual for {pair}: about "
            f"{usual:.0%}): check that nothing was added or repeated"
        )


#: Words that are correctly repeated, per language.
ALLOWED_REPEATS = {
    "fr": frozenset({"nous", "vous"}),
    "hy": frozenset({"քիչ", "կամաց", "մեկ", "շատ", "արագ", "նոր", "հետ", "տեղ", "երբեմն"}),
    "en": frozenset({"had", "that"}),
}


#: Latin letters and ASCII digits: ICU never breaks a word between two of them (UAX #29's
#: WB5, WB8-WB10; ``tests/checks/test_text.py`` asks ICU about every pair).
JOINED = "".join(c for c in map(chr, range(0x250)) if c.isalpha() or c in "0123456789")
#: What a doubled word needs in the case-folded text: a run of non-spaces that starts a word
#: (not between two JOINED characters), spaces, the same run again. Case folding maps each
#: character alone, spaces to themselves and nothing else to a space, and ICU's words hold
#: no space. Tried on texts up to _QUICK characters: its time grows with the square of a
#: run's length.
_MAYBE_DOUBLED = re.compile(rf"(?:(?<![{JOINED}])|(?![{JOINED}]))(\S++)\s+\1")
#: The same where case folding changed the text's length (positions no longer match).
_MAYBE_DOUBLED_ANYWHERE = re.compile(r"(\S++)\s+\1")
_QUICK = 1000


def _maybe_doubled(text: str) -> bool:
    """False where ``text`` has no doubled word (a quick test that rules out most texts)."""
    if len(text) > _QUICK:
        return True
    folded = text.casefold()
    quick = _MAYBE_DOUBLED if len(folded) == len(text) else _MAYBE_DOUBLED_ANYWHERE
    return quick.search(folded) is not None


def _doubled(text: str, lang: str) -> list[str]:
    """Words (with a letter) that follow themselves with only spaces between (ICU's words)."""
    if not _maybe_doubled(text):
        return []  # (no word segmentation for the text of nearly every entry)
    found = []
    spans = word_spans(text, lang)
    for (s1, e1), (s2, e2) in zip(spans, spans[1:], strict=False):
        first, second = text[s1:e1], text[s2:e2]
        if (
            first.casefold() == second.casefold()
            and text[e1:s2].isspace()
            and any(c.isalpha() for c in first)
        ):
            found.append(first)
    return found


@register("doubled-words", WARNING)
def doubled_words(unit: Unit) -> Iterator[str]:
    """The same word twice in a row."""
    doubled = dict.fromkeys(_doubled(mask(unit.target), unit.lang))
    if not doubled:
        return
    allowed = ALLOWED_REPEATS.get(unit.base_lang, frozenset())
    source = {w.casefold() for w in _doubled(mask(unit.source), unit.source_lang)}
    for word in doubled:
        if word.casefold() not in allowed and word.casefold() not in source:
            yield f"“{word} {word}”: the word is doubled; delete one"
