"""Numbers and placeholders: what must come through translation unchanged.

``numbers``: every number, year and day of the source must appear in the
translation, in any of the target language's formats as its profile gives
them from CLDR: its group and decimal symbols, its native digits and Latin
digits (French ``1 000,5`` with a no-break or narrow no-break space, German
``1.000,5``, Arabic ``17,000`` or ``١٧٬٠٠٠``, Persian ``۱۲٫۵``), ordinals
``20th`` -> ``20``, ``20-ին``, ``20e``, and CLDR's spelt-out multipliers
(``3万人`` in Japanese and ``30,000`` are the same number; where one side
spells a multiplier the other writes in a form CLDR does not list, the
numbers are compared as written, whichever finds fewer differences). Month
names written with a digit (``9月``) are names, not numbers. A number written
with another locale's symbols reads as another value (``17,000`` in
Ukrainian is 17).
A missing number is an error; a number only the translation has is a
warning (it may spell out an ordinal).

``placeholders`` (error): what the machine-translation step protected and
reported lost (``mt-warning`` marks, reported while the msgstr is still the
machine's text: once a person edits it the other checks judge the result),
``{{...}}`` directives of the source,
and protection tokens the machine step left behind in the translation.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator

from alerti18n.checks._util import counter_diff, number_readings
from alerti18n.checks.base import ERROR, WARNING, Problem, Unit, register
from alerti18n.po import marks
from alerti18n.text import inline

#: Tokens a machine-translation step uses to protect text, which must never be published.
LEFTOVER = re.compile(
    r"⟦[^⟧]*⟧|⟨⟨[^⟩]*⟩⟩|\[\[\d+\]\]|__[A-Z]{1,8}_?\d+__|@@\d+@@|\{\d+\}|[\ue000-\uf8ff]"
)


@register("numbers", ERROR)
def numbers(unit: Unit) -> Iterator[str | Problem]:
    """A number, year or date of the source is missing from the translation."""
    source, source_as_written = number_readings(unit.source, unit.source_lang)
    target, target_as_written = number_readings(unit.target, unit.lang)
    missing, extra = counter_diff(source, target)
    if source_as_written is not None or target_as_written is not None:
        # a multiplier word on either side: the reading as written where it finds fewer
        # differences (the first reading on a tie)
        plain = counter_diff(
            source if source_as_written is None else source_as_written,
            target if target_as_written is None else target_as_written,
        )
        if len(plain[0]) + len(plain[1]) < len(missing) + len(extra):
            missing, extra = plain
    for value in missing:
        yield (
            f"the number {value} of the source is missing: write it in the translation "
            "(digits, in this language's format)"
        )
    for value in extra:
        yield Problem(
            f"the number {value} is in the translation but not in the source: check it",
            WARNING,
        )


@register("placeholders", ERROR)
def placeholders(unit: Unit) -> Iterator[str]:
    """Protected text was lost or protection tokens were left in the translation."""
    entry = unit.entry
    mt_text = marks.machine_draft(entry) or not any(m.kind == marks.MT for m in marks.marks(entry))
    if unit.form == 0 and mt_text:
        for mark in marks.marks(entry):
            if mark.kind == marks.MT_WARNING:
                yield (
                    f"the machine translation reported: {mark.value}; fix the translation, "
                    "then delete the mt-warning comment"
                )
    if "{{" in unit.source:
        missing, _ = counter_diff(
            Counter(inline.directives(unit.source)), Counter(inline.directives(unit.target))
        )
        for directive in missing:
            yield f"{directive} is missing: copy it unchanged into the translation"
    left = LEFTOVER.findall(unit.target)
    for token in sorted(set(left) - set(LEFTOVER.findall(unit.source)) if left else ()):
        yield (
            f"leftover placeholder {token!r} from machine translation: replace it with "
            "the text it stands for in the source"
        )
