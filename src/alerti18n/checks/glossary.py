"""Glossary: names and terms must keep their approved forms.

For each glossary term in the source, the translation must contain the
term's approved form for the language, compared word by word, case-folded,
with typographic apostrophes and hyphens unified, allowing for inflection:

* French: elision splits a word (``l’Artsakh``, ``d’Artsakh`` contain
  ``Artsakh``), and a word may take a gender or number ending
  (``azerbaïdjanais`` -> ``azerbaïdjanaise(s)``).
* Armenian: nouns decline at the end of the word, sometimes changing the
  stem (``խորհուրդ`` -> ``խորհրդի``, ``ցեղասպանություն`` ->
  ``ցեղասպանության``), so a word matches when it shares all but the last
  four letters of the approved word (at least four) and continues only with
  Armenian letters.

A name (an approved form starting with a capital letter) missing is an
error; a common term (lower-case approved form) is a warning.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from alerti18n.checks.base import ERROR, WARNING, Problem, Unit, register

_TOKEN = re.compile(r"[^\W_]+(?:-[^\W_]+)*")
_UNIFY = str.maketrans({"’": "'", "ʼ": "'", "\u2011": "-", "\u2010": "-"})
_FR_ENDINGS = frozenset({"", "s", "x", "e", "es", "ne", "nes", "le", "les"})
_ARMENIAN_TAIL = re.compile(r"-?[\u0561-\u0587]{0,8}")


def tokens(text: str) -> list[str]:
    """Case-folded words; apostrophes split elided articles off."""
    return _TOKEN.findall(text.translate(_UNIFY).casefold())


def word_matches(word: str, form: str, lang: str) -> bool:
    """Whether ``word`` of a translation is ``form`` or an inflection of it."""
    if word == form:
        return True
    if lang == "fr":
        return word.startswith(form) and word[len(form) :] in _FR_ENDINGS
    if lang == "hy":
        keep = max(4, len(form) - 4)
        if len(form) < 4 or word[:keep] != form[:keep]:
            return False
        common = len(_common_prefix(word, form))
        return bool(_ARMENIAN_TAIL.fullmatch(word[common:]))
    return word.startswith(form) and len(word) - len(form) <= 2


def _common_prefix(a: str, b: str) -> str:
    size = 0
    while size < min(len(a), len(b)) and a[size] == b[size]:
        size += 1
    return a[:size]


def contains_form(text: str, form: str, lang: str) -> bool:
    """Whether ``text`` contains the approved ``form``, words in order, inflected."""
    words, wanted = tokens(text), tokens(form)
    if not wanted:
        return True
    for start in range(len(words) - len(wanted) + 1):
        if all(word_matches(words[start + i], w, lang) for i, w in enumerate(wanted)):
            return True
    return False


@register("glossary", ERROR)
def glossary(unit: Unit) -> Iterator[Problem]:
    """A glossary term is not translated with its approved form."""
    for term in unit.glossary.find(unit.source):
        form = term.forms.get(unit.lang) or term.forms.get(unit.base_lang)
        if not form or contains_form(unit.target, form, unit.base_lang):
            continue
        note = f" (glossary note: {term.note})" if term.note else ""
        severity = ERROR if form[:1].isupper() else WARNING
        yield Problem(
            f"“{term.source}” must be translated as “{form}”{note}: use the approved form, "
            "inflected as the sentence needs, or waive this with a reason",
            severity,
        )
