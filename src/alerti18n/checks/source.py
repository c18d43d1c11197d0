"""Source changes a fuzzy match hides: ``source-changed`` (error).

msgmerge keeps a translation whose source changed as a fuzzy entry with the
previous msgid (``#| msgid``). However similar the two sources are, the
translation is wrong if the edit touched what carries meaning. This check
compares the previous and the current source and names exactly what changed:

* numbers (and so years and days of dates) and month or weekday names;
* names: capitalised words, except a common word opening a sentence;
* glossary terms, URLs and link targets;
* negations: not, no, never, none, nothing, without, nor, neither, nobody,
  nowhere, cannot and ``n't`` forms, added or removed.

A fuzzy entry whose source changed only in wording is left to ``fuzzy``.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator

from alerti18n.checks._util import counter_diff, find_urls, mask, words
from alerti18n.checks._util import numbers as number_values
from alerti18n.checks.base import ERROR, FUZZY, Unit, register
from alerti18n.checks.markup import inline_markup
from alerti18n.language.breaks import word_spans
from alerti18n.language.glossary import Glossary

_DATE_WORDS = frozenset(
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec "
    "monday tuesday wednesday thursday friday saturday sunday".split()
)
_NEGATIONS = frozenset(
    "not no never none nothing without nor neither nobody nowhere cannot".split()
)
#: Common words that are capitalised only because they open a sentence.
_STARTERS = frozenset(
    "the a an this that these those there here it its we our us he she his her they their "
    "them you your i in on at for of to by with from as and but or so if when while after "
    "before since although though however also all any some many most each every both such "
    "what which who whom whose where why how following given despite because yet then "
    "thus therefore moreover furthermore meanwhile today yesterday tomorrow".split()
)


#: What may stand between a sentence's end and its first word.
_OPENING = frozenset(' "“«(*_#')


def _names(text: str, glossary: Glossary, unit_lang: str) -> Counter[str]:
    text = mask(text)
    for term in glossary.find(text):
        text = term.pattern().sub(lambda m: " " * len(m.group(0)), text)
    found: Counter[str] = Counter()
    for start, end in word_spans(text, unit_lang):
        word = text[start:end]
        if not word[:1].isupper() or word.lower() in _DATE_WORDS:
            continue
        at = start
        while at and text[at - 1] in _OPENING:
            at -= 1  # as text[:start].rstrip(_OPENING), without copying the text
        if (not at or text[at - 1] in ".!?:") and word.lower() in _STARTERS:
            continue
        found[word] += 1
    return found


_ASCII_WORD = re.compile(r"[A-Za-z]+(?:['’]t)?")


def _negations(text: str) -> Counter[str]:
    words = [w.lower() for w in _ASCII_WORD.findall(mask(text))]
    return Counter(w for w in words if w in _NEGATIONS or w.endswith(("n't", "n’t")))


def _features(text: str, unit: Unit) -> dict[str, Counter[str]]:
    found = [w.lower() for w in words(text, unit.source_lang)]
    links = Counter(find_urls(text)) + inline_markup(text)[0]
    return {
        "number": number_values(text, unit.source_lang),
        "date word": Counter(w for w in found if w in _DATE_WORDS),
        "name": _names(text, unit.glossary, unit.source_lang),
        "glossary term": Counter(t.source for t in unit.glossary.find(text)),
        "URL": links,
        "negation": _negations(text),
    }


def _describe(kind: str, removed: list[str], added: list[str]) -> str:
    if len(removed) == 1 and len(added) == 1:
        return f"{kind} “{removed[0]}” became “{added[0]}”"
    parts = []
    if removed:
        parts.append(f"{kind} {', '.join(f'“{r}”' for r in removed)} removed")
    if added:
        parts.append(f"{kind} {', '.join(f'“{a}”' for a in added)} added")
    return "; ".join(parts)


@register("source-changed", ERROR, scope=FUZZY, per_entry=True)
def source_changed(unit: Unit) -> Iterator[str]:
    """The source changed in a number, date, name, term, URL or negation."""
    previous = unit.entry.previous_msgid
    if previous is None or previous == unit.entry.msgid:
        return
    before, after = _features(previous, unit), _features(unit.entry.msgid, unit)
    changes = []
    for kind in before:
        removed, added = counter_diff(before[kind], after[kind])
        if removed or added:
            changes.append(_describe(kind, removed, added))
    if changes:
        yield (
            "the source changed since this was translated: "
            + "; ".join(changes)
            + ". Change the translation to match, then remove the fuzzy flag"
        )
