"""The project glossary: approved forms of names and terms, per language.

A CSV file: a column per language code (the source language's is required),
an optional ``note`` and an optional ``severity`` column (``error`` or
``warning``: how a missing approved form is reported; empty means error). A
column that is not a language code CLDR knows (``ua`` for ``uk``) is an error,
so a misspelt code never silently disables the check; a column for a real
language the project does not translate into yet is allowed (a glossary may
be shared between projects).

A cell holds a term, its approved form or a note: one longer than
``MAX_CELL`` characters (or than the ``csv`` module's own limit, 128 KiB) is
refused with its row's line, as is any CSV the module cannot read.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.core import get_global

from alerti18n.core.config import Project
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


#: The longest cell accepted, in characters: a term or a note, never a document.
MAX_CELL = 4096

#: Glossary columns that are not languages.
EXTRA_COLUMNS = ("note", "severity")
SEVERITIES = ("error", "warning")


def project_glossary(project: Project) -> Glossary:
    """The project's glossary, its columns checked against the project's languages (empty
    when it has none)."""
    return load_glossary(project.glossary, project.source_language, project.languages)


def load_glossary(
    path: Path | None, source_language: str = "en", languages: Sequence[str] | None = None
) -> Glossary:
    """Read a CSV with a column per language code (plus optional ``note`` and ``severity``).

    With ``languages`` (the project's source and targets), any other column is an error.
    """
    if path is None:
        return Glossary(source_language=source_language)
    data = read_input(path, error=ConfigError)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ConfigError(
            "glossary is not valid UTF-8", path, line, hint="save it as UTF-8 CSV"
        ) from None
    reader = csv.DictReader(io.StringIO(text, newline=""))
    try:
        fieldnames = reader.fieldnames
    except csv.Error as exc:
        raise _unreadable(path, 1, exc) from None
    if not fieldnames or source_language not in fieldnames:
        raise ConfigError(
            f"glossary has no '{source_language}' column",
            path,
            1,
            hint="the first row names the language columns, e.g. en,hy,fr,note",
        )
    for column in fieldnames:
        _check_column((column or "").strip(), path, languages)
    terms = []
    number = reader.line_num + 1  # the line the next row starts on
    while True:
        try:
            row = next(reader, None)
        except csv.Error as exc:
            raise _unreadable(path, number, exc) from None
        if row is None:
            break
        terms.append(_term(row, source_language, path, number))
        number = reader.line_num + 1
    terms.sort(key=lambda t: len(t.source), reverse=True)
    return Glossary(tuple(terms), source_language)


def _term(row: dict, source_language: str, path: Path, number: int) -> Term:
    """The term of one row (starting on line ``number``), its cells checked."""
    for value in row.values():  # a list: the cells past the header's columns
        cells = value if isinstance(value, list) else [value]
        if any(isinstance(cell, str) and len(cell) > MAX_CELL for cell in cells):
            raise ConfigError(
                f"a glossary cell is longer than {MAX_CELL} characters",
                path,
                number,
                hint="a cell holds one term, its approved form or a short note",
            )
    source = (row.get(source_language) or "").strip()
    if not source:
        raise ConfigError("empty source term", path, number, hint="fill it or delete the row")
    forms = {
        k: (v or "").strip()
        for k, v in row.items()
        if k not in (source_language, *EXTRA_COLUMNS) and isinstance(k, str) and k and v
    }
    severity = (row.get("severity") or "").strip().lower() or "error"
    if severity not in SEVERITIES:
        raise ConfigError(
            f"unknown severity '{severity}' for '{source}'",
            path,
            number,
            hint="write error or warning, or leave it empty (error)",
        )
    return Term(source, forms, (row.get("note") or "").strip(), severity)


def _unreadable(path: Path, line: int, exc: csv.Error) -> ConfigError:
    """The one-line error for a CSV the csv module cannot read (its cell limit included)."""
    message = str(exc)
    if "field larger than field limit" in message:
        message = f"a glossary cell is longer than {csv.field_size_limit()} characters"
    return ConfigError(
        f"cannot read glossary: {message}", path, line, hint="save it as a plain UTF-8 CSV file"
    )
