"""What msgcat keeps of a catalog, to compare alerti18n's output with."""

from __future__ import annotations

import polib

from alerti18n.po.pofile import unknown_flags


def msgcat_view(po: polib.POFile) -> polib.POFile:
    """``po`` less what alerti18n keeps on purpose and msgcat drops (see DELIBERATE)."""
    for entry in list(po):
        if entry.obsolete and not _first_msgstr(entry):
            po.remove(entry)
            continue
        unknown = unknown_flags(entry.flags)
        entry.flags = [flag for flag in entry.flags if flag not in unknown]
    header = _header_flags(po)
    po.metadata_is_fuzzy = [flag for flag in header if flag not in unknown_flags(header)]
    return po


def _first_msgstr(entry: polib.POEntry) -> str:
    return entry.msgstr_plural.get(0, "") if entry.msgstr_plural else entry.msgstr


def _header_flags(po: polib.POFile) -> list[str]:
    flags = po.metadata_is_fuzzy
    return list(flags) if isinstance(flags, list) else []
