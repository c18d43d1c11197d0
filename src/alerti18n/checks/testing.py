"""Helpers for testing checks: one-entry catalogs and Translate-Toolkit-style predicates.

>>> fails("numbers", "on September 21st, 2023", "le 21 septembre 2022", "fr")
True
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import polib

from alerti18n.checks import Finding, run_checks
from alerti18n.language.glossary import Glossary


def entry(
    msgid: str,
    msgstr: str = "",
    *,
    fuzzy: bool = False,
    previous: str | None = None,
    comment: str = "",
    occurrence: str = "source/alert.md:1",
) -> polib.POEntry:
    """A PO entry; ``comment`` is the translator comment (marks go there)."""
    item = polib.POEntry(
        msgid=msgid,
        msgstr=msgstr,
        tcomment=comment,
        occurrences=[tuple(occurrence.rsplit(":", 1))],
        flags=["fuzzy"] if fuzzy else [],
    )
    if previous is not None:
        item.previous_msgid = previous
    return item


def catalog(entries: list[polib.POEntry], lang: str) -> polib.POFile:
    """A catalog in ``lang`` holding ``entries``, with a complete header."""
    po = polib.POFile(wrapwidth=79)
    po.metadata = {
        "Project-Id-Version": "alert",
        "Language": lang,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": "nplurals=2; plural=(n > 1);",
    }
    po.extend(entries)
    return po


def findings(
    check: str,
    source: str,
    target: str,
    lang: str = "fr",
    glossary: Glossary | None = None,
    **entry_options: Any,
) -> list[Finding]:
    """Findings of one check on a one-entry catalog (read back from text for line numbers)."""
    po = polib.pofile(str(catalog([entry(source, target, **entry_options)], lang)))
    return run_checks(po, Path(f"{lang}.po"), lang, glossary=glossary, only={check})


def passes(check: str, source: str, target: str, lang: str = "fr", **options: Any) -> bool:
    """Whether ``check`` finds nothing wrong with this translation."""
    return not findings(check, source, target, lang, **options)


def fails(check: str, source: str, target: str, lang: str = "fr", **options: Any) -> bool:
    """Whether ``check`` reports this translation."""
    return bool(findings(check, source, target, lang, **options))
