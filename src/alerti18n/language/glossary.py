"""The project glossary: approved forms of names and terms, per language.

A CSV file: a column per language code (the source language's is required),
an optional ``note`` and an optional ``severity`` column (``error`` or
``warning``: how a missing approved form is reported; empty means error). A
column that is not a language code CLDR knows (``ua`` for ``uk``) is an error,
so a misspelt code never silently disables the check; a column for a real
language the project does not translate into yet is allowed (a glossary may
be shared between projects).
"""

from __future__ import annotations

import csv
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.core import get_global

from alerti18n.core.errors import ConfigError
from alerti18n.core.files import read_input


@dataclass(frozen=True)
class Term:
    """One glossary row: the source term and its approved forms by language."""

    source: str
    forms: dict[str, str]
    note: str = ""
    severity: str = "error"

    def pattern(self) -> re.Pattern[str]:
        """Whole-word, case-sensitive for names, case-insensitive for common words."""
        flags = 0 if self.source[:1].isupper() else re.IGNORECASE
        return re.compile(rf"(?<!\w){re.escape(self.source)}(?!\w)", flags)


@dataclass(frozen=True)
class Glossary:
    """Terms, longest first, so 'Lemkin Institute for ...' wins over 'Lemkin Institute'."""

    terms: tuple[Term, ...] = ()
    source_language: str = "en"

    def find(self, text: str) -> list[Term]:
        """Terms occurring in ``text``; a term inside a longer matched term is not repeated."""
        found: list[Term] = []
        taken: list[tuple[int, int]] = []
        for term in self.terms:
            for match in term.pattern().finditer(text):
                span = match.span()
                if any(s <= span[0] and span[1] <= e for s, e in taken):
                    continue
                taken.append(span)
                if term not in found:
                    found.append(term)
        return found


def _check_column(name: str, path: Path, languages: Sequence[str] | None) -> None:
    """A column is ``note``, ``severity``, a project language or at least a CLDR language."""
    if name in EXTRA_COLUMNS:
        return
    code = name.replace("-", "_")
    if languages is not None:
        known = {lang.replace("-", "_").lower() for lang in languages}
        if code.lower() in known or code.split("_")[0].lower() in known:
            return
    try:
        Locale.parse(code)
        return
    except (UnknownLocaleError, ValueError):
        pass
    likely = str(get_global("likely_subtags").get(f"und_{code.upper()}", ""))
    guess = likely.split("_")[0]
    hint = f"did you mean '{guess}' ({Locale.parse(guess).english_name})? " if guess else ""
    raise ConfigError(
        f"glossary column '{name}' is not a language code",
        path,
        1,
        hint=hint
        + "name each column with a language code of the project"
        + (f" ({', '.join(languages)})" if languages else "")
        + ", or 'note' or 'severity'",
    )


#: Glossary columns that are not languages.
EXTRA_COLUMNS = ("note", "severity")
SEVERITIES = ("error", "warning")


def load_glossary(
    path: Path | None, source_language: str = "en", languages: Sequence[str] | None = None
) -> Glossary:
    """Read a CSV with a column per language code (plus optional ``note`` and ``severity``).

    With ``languages`` (the project's source and targets), any other column is an error.
    """
    if path is None:
        return Glossary(source_language=source_language)
    try:
        text = read_input(path, error=ConfigError).decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ConfigError(
            f"cannot read glossary: {exc}", path, hint="save it as UTF-8 CSV"
        ) from None
    reader = csv.DictReader(text.splitlines())
    if not reader.fieldnames or source_language not in reader.fieldnames:
        raise ConfigError(
            f"glossary has no '{source_language}' column",
            path,
            1,
            hint="the first row names the language columns, e.g. en,hy,fr,note",
        )
    for column in reader.fieldnames:
        _check_column((column or "").strip(), path, languages)
    terms = []
    for number, row in enumerate(reader, start=2):
        source = (row.get(source_language) or "").strip()
        if not source:
            raise ConfigError("empty source term", path, number, hint="fill it or delete the row")
        forms = {
            k: (v or "").strip()
            for k, v in row.items()
            if k not in (source_language, *EXTRA_COLUMNS) and k and v
        }
        severity = (row.get("severity") or "").strip().lower() or "error"
        if severity not in SEVERITIES:
            raise ConfigError(
                f"unknown severity '{severity}' for '{source}'",
                path,
                number,
                hint="write error or warning, or leave it empty (error)",
            )
        terms.append(Term(source, forms, (row.get("note") or "").strip(), severity))
    terms.sort(key=lambda t: len(t.source), reverse=True)
    return Glossary(tuple(terms), source_language)
