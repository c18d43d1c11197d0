"""Invisible controls a translation adds: bidirectional overrides (the "Trojan Source" class).

``bidi`` is an error. The embedding, override and isolate controls
(U+202A–U+202E, U+2066–U+2069) change the order in which a whole run of text
is displayed: added to a translation they can make a sentence read reversed,
or hide or move words, while the PO file shows something else. One the
source has (as many times) is allowed.

The direction marks (LRM U+200E, RLM U+200F, ALM U+061C) only set the
direction of the punctuation and spaces beside them: Arabic, Hebrew or
Persian translators use them every day, so in a right-to-left language they
are not reported; added to a left-to-right one they are a warning.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

from babel import Locale

from alerti18n.checks.base import ERROR, WARNING, Problem, Unit, register

#: The controls that reorder a run of text, by name.
REORDERING = {
    "\u202a": "LEFT-TO-RIGHT EMBEDDING",
    "\u202b": "RIGHT-TO-LEFT EMBEDDING",
    "\u202c": "POP DIRECTIONAL FORMATTING",
    "\u202d": "LEFT-TO-RIGHT OVERRIDE",
    "\u202e": "RIGHT-TO-LEFT OVERRIDE",
    "\u2066": "LEFT-TO-RIGHT ISOLATE",
    "\u2067": "RIGHT-TO-LEFT ISOLATE",
    "\u2068": "FIRST STRONG ISOLATE",
    "\u2069": "POP DIRECTIONAL ISOLATE",
}
#: The marks that only set the direction of neutral characters beside them.
MARKS = {
    "\u200e": "LEFT-TO-RIGHT MARK",
    "\u200f": "RIGHT-TO-LEFT MARK",
    "\u061c": "ARABIC LETTER MARK",
}


#: Any of them: a translation with none adds none (nearly every one).
_ANY = re.compile("[" + "".join(REORDERING) + "".join(MARKS) + "]")


@cache
def _right_to_left(lang: str) -> bool:
    """Whether ``lang`` is written right to left (CLDR)."""
    try:
        return Locale.parse(lang.replace("-", "_")).character_order == "right-to-left"
    except (ValueError, LookupError):
        return False


@register("bidi", ERROR)
def bidi(unit: Unit) -> Iterator[str | Problem]:
    """Bidirectional control characters the source does not have."""
    if _ANY.search(unit.target) is None:
        return
    for char, name in REORDERING.items():
        added = unit.target.count(char) - unit.source.count(char)
        if added > 0:
            yield (
                f"{added} {name} (U+{ord(char):04X}) not in the source: it can reverse, hide "
                "or move words on screen; delete it"
            )
    if _right_to_left(unit.lang):
        return
    for char, name in MARKS.items():
        added = unit.target.count(char) - unit.source.count(char)
        if added > 0:
            yield Problem(
                f"{added} {name} (U+{ord(char):04X}) not in the source, in a left-to-right "
                "language: delete it unless it is needed",
                WARNING,
            )
