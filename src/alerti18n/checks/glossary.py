"""Glossary: names and terms must keep their approved forms.

For each glossary term in the source, the translation must contain the
term's approved form for the language, compared word by word, case-folded,
with typographic apostrophes and hyphens unified, allowing for inflection as
the language's profile says (``data/profiles.toml``):

* where the language has a Snowball algorithm (``snowball``: Russian, German,
  Spanish, French, Arabic, Armenian, ...), a word matches an approved word
  when Snowball gives both the same stem (German ``Friedensvertrag`` ->
  ``Friedensverträge``, Russian ``суд`` -> ``суда``);
* every language also has the documented fallback rule ``stem``, the only one
  for languages Snowball lacks (Ukrainian, Georgian, ...) and a complement
  where Snowball cuts one word's forms differently (Russian ``Ильхам`` ->
  ``ильхам``, ``Ильхамом`` -> ``ильх``; Armenian ``խորհուրդ`` -> ``խորհրդի``):
  a word matches an approved word when they share the approved word less its
  last ``trim`` letters (at least ``min`` letters) and the word goes on with at
  most ``tail`` letters: Ukrainian ``гуманітарна пауза`` ->
  ``гуманітарної паузи``, Russian ``гуманитарной паузе``, Armenian
  ``խորհուրդ`` -> ``խորհրդի`` (trim 4); a word shorter than ``min`` takes
  only the ``short`` endings (Armenian ``կետ`` -> ``կետի``, ``կետերից``);
  without a ``stem`` entry, the approved word plus at most two letters;
* ``endings`` lists the only endings a language allows instead (French
  ``azerbaïdjanais`` -> ``azerbaïdjanaise(s)``); elision splits a word
  (``l’Artsakh`` contains ``Artsakh``);
* ``clitics`` are prefixes a word may carry (Arabic ``لمعهد`` contains
  ``معهد``, ``للهدنة`` contains ``الهدنة``).

A missing approved form is reported with the severity the glossary gives the
term (its ``severity`` column: error, or warning for common words).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator

from alerti18n.checks.base import ERROR, WARNING, Problem, Unit, register
from alerti18n.language.breaks import words
from alerti18n.language.profiles import Stemming, profile

_UNIFY = str.maketrans({"’": " ", "ʼ": " ", "'": " ", "\u2011": "-", "\u2010": "-"})


def tokens(text: str) -> list[str]:
    """Case-folded words (ICU's, marks kept); apostrophes split elided articles off."""
    return list(_tokens(text))


@functools.lru_cache(maxsize=4096)
def _tokens(text: str) -> tuple[str, ...]:
    """:func:`tokens`, kept: a translation is read once for each term of its source."""
    return tuple(words(text.translate(_UNIFY).casefold()))


def _variants(word: str, clitics: tuple[str, ...]) -> list[str]:
    """The word, and the word without each clitic prefix it starts with."""
    return [word] + [
        word[len(c) :] for c in clitics if word.startswith(c) and len(word) > len(c) + 1
    ]


def _stem_matches(word: str, form: str, rule: Stemming) -> bool:
    if word == form:
        return True
    if rule.endings:
        return word.startswith(form) and word[len(form) :] in rule.endings
    if rule.trim and len(form) < rule.min:
        return _short_matches(word, form, rule)
    keep = min(len(form), max(rule.min, len(form) - rule.trim))
    if word[:keep] != form[:keep]:
        return False
    tail = word[len(_common_prefix(word, form)) :]
    if rule.hyphen and tail.startswith("-"):
        tail = tail[1:]
    return len(tail) <= rule.tail and (not tail or tail.isalpha())


def _short_matches(word: str, form: str, rule: Stemming) -> bool:
    """A word too short to trim: itself, then one of the language's ``short`` endings."""
    if not rule.short or not word.startswith(form):
        return False
    tail = word[len(form) :]
    if rule.hyphen and tail.startswith("-"):
        tail = tail[1:]
    return tail in rule.short


@functools.lru_cache(maxsize=32)
def _stemmer(algorithm: str) -> Callable[[str], str]:
    """Snowball's stemmer for ``algorithm``, imported on first use, its stems cached."""
    import snowballstemmer

    stemmer = snowballstemmer.stemmer(algorithm)
    return functools.lru_cache(maxsize=65536)(stemmer.stemWord)


def _same_stem(word: str, form: str, algorithm: str) -> bool:
    if not algorithm:
        return False
    stem = _stemmer(algorithm)
    return stem(word) == stem(form)


@functools.lru_cache(maxsize=65536)
def word_matches(word: str, form: str, lang: str) -> bool:
    """Whether ``word`` of a translation is ``form`` or an inflection of it (kept: a
    document's translations share their words)."""
    rule = profile(lang).stemming
    return any(
        _stem_matches(w, f, rule) or _same_stem(w, f, rule.snowball)
        for w in _variants(word, rule.clitics)
        for f in _variants(form, rule.clitics)
    )


def _common_prefix(a: str, b: str) -> str:
    size = 0
    while size < min(len(a), len(b)) and a[size] == b[size]:
        size += 1
    return a[:size]


def _must_start(form: str, rule: Stemming) -> str:
    """What a word starts with whenever :func:`_stem_matches` takes it for ``form``."""
    if rule.endings or (rule.trim and len(form) < rule.min):
        return form  # itself, or itself and an ending
    return form[: min(len(form), max(rule.min, len(form) - rule.trim))]


@functools.lru_cache(maxsize=4096)
def _may_match(form: str, lang: str) -> Callable[[str], bool]:
    """A quick test that every word :func:`word_matches` takes for ``form`` passes: one of
    the word's variants starts as :func:`_must_start` says for one of the form's, or has the
    Snowball stem of one of them. Most words of a sentence fail it, and so are not compared
    with the form (``tests/checks/test_glossary.py`` checks that none it fails matches)."""
    rule = profile(lang).stemming
    forms = _variants(form, rule.clitics)
    starts = tuple(_must_start(f, rule) for f in forms)
    stem = _stemmer(rule.snowball) if rule.snowball else None
    stems = frozenset(map(stem, forms)) if stem is not None else frozenset()

    def may(word: str) -> bool:
        return word.startswith(starts) or (stem is not None and stem(word) in stems)

    if not rule.clitics:  # a word's only variant is itself
        return may
    return lambda word: any(map(may, _variants(word, rule.clitics)))


def contains_form(text: str, form: str, lang: str) -> bool:
    """Whether ``text`` contains the approved ``form``, words in order, inflected."""
    words, wanted = _tokens(text), _tokens(form)
    if not wanted:
        return True
    may = _may_match(wanted[0], lang)  # words that cannot start the form are passed over
    for start in range(len(words) - len(wanted) + 1):
        if not may(words[start]):
            continue
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
        severity = WARNING if term.severity == WARNING else ERROR
        yield Problem(
            f"“{term.source}” must be translated as “{form}”{note}: use the approved form, "
            "inflected as the sentence needs, or waive this with a reason",
            severity,
        )
