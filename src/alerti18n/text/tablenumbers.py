"""Numbers in table cells: offered to translators, with the target languages' forms as a note.

A table cell that holds a number and no words (``1,350``, ``12.5%``,
``$4,220``) is a segment when the number is written with a group or decimal
symbol (of the source language, or ``,`` and ``.``): those symbols are what
locales disagree on, and a Ukrainian or Russian reader takes ``1,350`` for
1.35. The template gives the entry a note with the number as each target
language writes it by default (CLDR through Babel, native digits too where the
language has them), and the ``numbers`` check validates the translation
against the language's profile, as for any sentence.

Why translatable cells and not numbers rewritten by Babel at build time: only
a person knows what a cell's number is. ``1,350`` is a count, but ``1.5.2`` a
version, ``12.05.2024`` a date and ``2.1`` a clause; a build that parses and
reformats them would silently turn some into wrong values, and no longer copy
an untranslated document byte for byte. A cell with digits and no symbol
(``2023``, ``5``) reads the same everywhere and stays out, so a year never
becomes ``2 023``.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from decimal import Decimal
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from babel import Locale

# Babel and the language profiles are imported when a cell holds digits: extract's workers
# parse documents whose tables mostly hold none.

#: The start of the note on a number cell's entry (``#.`` comment).
NOTE = "number: write it as your language writes numbers"


@functools.lru_cache(maxsize=64)
def _symbols(lang: str) -> str:
    from alerti18n.language.profiles import profile

    p = profile(lang)
    return "".join(dict.fromkeys(p.groups + p.decimals + ",."))


@functools.lru_cache(maxsize=64)
def _number(lang: str) -> re.Pattern[str]:
    """Digits joined by the symbols of ``lang`` (and ``,`` ``.``): one written number."""
    return re.compile(rf"\d+(?:[{re.escape(_symbols(lang))}]\d+)*")


def is_number_cell(text: str, lang: str) -> bool:
    """Whether a cell's text (known to hold no letters) has a number with a group or decimal
    symbol, so that its form depends on the reader's language."""
    if not any(char.isdigit() for char in text):
        return False
    return any(not m.group(0).isdigit() for m in _number(lang).finditer(text))


def _value(text: str, lang: str) -> Decimal | None:
    """The one number of ``text`` as ``lang`` reads it, or None (none, several, unparsable)."""
    from babel.numbers import NumberFormatError, get_group_symbol, parse_decimal

    from alerti18n.language.profiles import SPACES

    found = _number(lang).findall(text)
    if len(found) != 1:
        return None
    locale = _locale(lang)
    group = get_group_symbol(locale)
    number = "".join(group if c in SPACES and group in SPACES else c for c in found[0])
    try:
        return parse_decimal(number, locale=locale, strict=True)
    except (NumberFormatError, ValueError):
        return None


def written(value: Decimal, lang: str) -> list[str]:
    """``value`` as ``lang`` writes it: its default numbering system, then its native digits."""
    from babel.numbers import format_decimal

    from alerti18n.language.profiles import profile

    p = profile(lang)
    locale = _locale(lang)
    forms = []
    for system in dict.fromkeys((locale.default_numbering_system, p.numbering)):
        text = str(
            format_decimal(
                value, locale=locale, numbering_system=system, decimal_quantization=False
            )
        )
        if system == p.numbering and p.digits:  # Babel keeps Latin digits for some systems
            text = text.translate({ord(str(i)): d for i, d in enumerate(p.digits)})
        forms.append(text)
    return list(dict.fromkeys(forms))


def _locale(lang: str) -> Locale:
    from babel import Locale

    return Locale.parse(lang.replace("-", "_"))


def note(text: str, source_lang: str, targets: Iterable[str]) -> str:
    """The translators' note for a number cell: the number as each target language writes it."""
    value = _value(text, source_lang)
    if value is None:
        return f"{NOTE}."
    examples = "; ".join(f"{lang} {' or '.join(written(value, lang))}" for lang in targets)
    return f"{NOTE} (CLDR: {examples})." if examples else f"{NOTE}."
