"""Plural entries in the translation memory: units of whole entries, filled exactly.

A plural entry (``msgid`` and ``msgid_plural``) is translated as one thing:
its forms (``msgstr[0]``…) follow its catalog's plural rule (the header's
``Plural-Forms``: Ukrainian has three forms, Arabic six), and a form alone
means nothing. So the memory keeps a translated, non-fuzzy plural entry as
one :class:`PluralUnit` (every form, and the rule they follow), and fills
an untranslated plural entry only from a unit of the same ``msgid`` and
``msgid_plural`` whose rule is its catalog's own (a unit from a catalog
with another ``Plural-Forms`` would put forms in the wrong places). There
is no fuzzy plural match: two plural entries differ in one of two texts
and in every form, and a translator is better served by an empty entry than
by forms to compare one by one.

Where the units come from: the project's own catalogs only. TMX 1.4 has no
plural forms (a ``<tu>`` holds one ``<seg>`` per language), so an imported
memory (``locales/tm/*.tmx``) holds none, and a PO compendium's plural
entries are left out when it is imported (with a warning that says so).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import polib

from alerti18n.po import marks
from alerti18n.po.entrystate import state

_SPACE = re.compile(r"\s+")
_NPLURALS = re.compile(r"nplurals=(\d+);")


@dataclass(frozen=True)
class PluralUnit:
    """A translated plural entry in one language, with where it came from."""

    source: str  # the msgid
    plural: str  # the msgid_plural
    forms: tuple[str, ...]  # msgstr[0], msgstr[1]... as many as the rule has
    rule: str  # the catalog's Plural-Forms, without spaces (see plural_rule)
    lang: str
    doc: str = ""
    reviewed: bool = False
    date: str = ""  # TMX form, as TmUnit's
    origin: str = ""

    @property
    def target(self) -> str:
        """The forms as one text (how :func:`alerti18n.memory.tm.choose` orders units)."""
        return "\n".join(self.forms)


def plural_rule(po: polib.POFile, lang: str) -> str:
    """The catalog's ``Plural-Forms`` without spaces; without one, CLDR's rule for ``lang``
    (as ``update`` writes it into a new catalog), so that rules compare as text."""
    value = po.metadata.get("Plural-Forms", "").strip()
    if not value:
        from babel import Locale
        from babel.messages.plurals import get_plural

        found = get_plural(Locale.parse(lang.replace("-", "_")))
        value = f"nplurals={found.num_plurals}; plural={found.plural_expr};"
    text = _SPACE.sub("", value)
    return text if text.endswith(";") else text + ";"


def form_count(rule: str) -> int | None:
    """``nplurals`` of a rule as :func:`plural_rule` gives it, None when it names none."""
    match = _NPLURALS.search(rule)
    return int(match.group(1)) if match else None


def forms_of(entry: polib.POEntry, rule: str) -> tuple[str, ...] | None:
    """The entry's forms when it has exactly the rule's, each translated; else None."""
    count = form_count(rule)
    if not count or sorted(entry.msgstr_plural) != list(range(count)):
        return None
    forms = tuple(entry.msgstr_plural[i] for i in range(count))
    return forms if all(forms) else None


def catalog_plurals(
    po: polib.POFile, lang: str, doc: str, origin: str, date: str
) -> list[PluralUnit]:
    """The plural units of one catalog (revised on ``date``): its translated, non-fuzzy plural
    entries whose forms are exactly those of its rule."""
    rule = plural_rule(po, lang)
    units = []
    for entry in po:
        if not entry.msgid_plural or not state(entry).is_translated:
            continue
        forms = forms_of(entry, rule)
        if forms is not None:
            units.append(
                PluralUnit(
                    entry.msgid,
                    entry.msgid_plural,
                    forms,
                    rule,
                    lang,
                    doc,
                    marks.reviewed(entry) is not None,
                    date,
                    origin,
                )
            )
    return units


def fill_forms(entry: polib.POEntry, unit: PluralUnit) -> None:
    """Put the unit's forms into the entry (its msgstr stays empty, as a plural entry's)."""
    entry.msgstr_plural = dict(enumerate(unit.forms))
