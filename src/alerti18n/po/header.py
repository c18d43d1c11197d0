"""What every catalog header alerti18n writes has in common: its author, its date stamps;
the one quick reader of a header's fields (:func:`header_field`); and what its
Plural-Forms says of each form (:func:`singular_forms`)."""

from __future__ import annotations

import gettext
import re

from alerti18n.core import clock

# The reader is defined in core.config, which reads the project's name with it and cannot
# import this layer; here it is offered with the other header facts.
from alerti18n.core.config import header_field

HEADER_AUTHOR = "alerti18n contributors"


def now_stamp() -> str:
    """PO date stamp for now: SOURCE_DATE_EPOCH when set (:func:`alerti18n.core.clock.now`)."""
    return clock.now().strftime("%Y-%m-%d %H:%M+0000")


#: The counts a plural rule is tried on: enough to see every form of every CLDR rule.
_SAMPLES = range(0, 1001)


def singular_forms(plural_forms: str) -> frozenset[int] | None:
    """The forms a ``Plural-Forms`` header value uses for one thing only: n = 1, or n <= 1.

    Those take the translation of ``msgid`` (the singular); every other form
    takes ``msgid_plural``'s: Russian's form 0 also serves 21 and 31 (``%d``
    must be there), Arabic's form 0 serves 0 and its form 1 serves 1,
    Japanese has one form for every count. None when the value has no
    ``plural=`` expression gettext can read.
    """
    match = re.search(r"plural\s*=\s*([^;]+)", plural_forms or "")
    if match is None:
        return None
    try:
        rule = gettext.c2py(match.group(1).strip())
        numbers: dict[int, set[int]] = {}
        for n in _SAMPLES:
            numbers.setdefault(int(rule(n)), set()).add(n)
    except (ValueError, SyntaxError, ZeroDivisionError, RecursionError, TypeError):
        return None
    return frozenset(form for form, ns in numbers.items() if 1 in ns and ns <= {0, 1})


__all__ = ["HEADER_AUTHOR", "header_field", "now_stamp", "singular_forms"]
