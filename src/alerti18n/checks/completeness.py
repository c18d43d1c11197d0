"""Completeness: entries still waiting for a translator or a reviewer.

Both are warnings, not errors: how complete a language must be before it is
published is the release policy's ``min-translated`` and ``reviewed``
settings, so ``check`` does not fail a project that is simply unfinished.
What a fuzzy entry's changed source means is the ``source-changed`` check,
which is an error.
"""

from __future__ import annotations

from collections.abc import Iterator

from alerti18n.checks.base import ANY, UNTRANSLATED, WARNING, Unit, register
from alerti18n.po import marks
from alerti18n.po.entrystate import EntryState, has_text, state


@register("untranslated", WARNING, scope=UNTRANSLATED, per_entry=True)
def untranslated(unit: Unit) -> Iterator[str]:
    """Entry has no translation yet."""
    yield "not translated yet: write the translation of this sentence"


@register("fuzzy", WARNING, scope=ANY, per_entry=True)
def fuzzy(unit: Unit) -> Iterator[str]:
    """Machine draft or changed source awaiting a person."""
    entry = unit.entry
    found = state(entry)
    draft = marks.machine_draft(entry)
    if not found.is_fuzzy:
        if draft and found is not EntryState.REVIEWED:
            yield (
                f"machine draft ({draft.value.split(' sha=')[0]}) not yet checked by a person: "
                "correct it if needed, then mark it reviewed"
            )
        return
    if draft:
        yield (
            f"fuzzy machine draft ({draft.value.split(' sha=')[0]}): check it against the "
            "source, correct it, then remove the fuzzy flag"
        )
    elif entry.previous_msgid is not None and entry.previous_msgid != entry.msgid:
        yield (
            "fuzzy: the source text changed since this was translated; update the "
            "translation to the new source, then remove the fuzzy flag"
        )
    elif not has_text(entry):
        yield "fuzzy and empty: write the translation, then remove the fuzzy flag"
    else:
        yield (
            "fuzzy: this translation needs checking against the source; correct it, "
            "then remove the fuzzy flag"
        )
