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
import functools
import io
import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from operator import itemgetter
from pathlib import Path
from typing import overload

from babel import Locale, UnknownLocaleError
from babel.core import get_global

from alerti18n.core.config import Project
from alerti18n.core.errors import ConfigError
from alerti18n.core.files import decode_utf8, read_input
from alerti18n.language.termindex import TermIndex, term_pattern


@dataclass(frozen=True)
class Term:
    """One glossary row: the source term and its approved forms by language."""

    source: str
    forms: dict[str, str]
    note: str = ""
    severity: str = "error"

    def pattern(self) -> re.Pattern[str]:
        """Whole-word, case-sensitive for names, case-insensitive for common words."""
        return term_pattern(self.source)


@dataclass(frozen=True)
class Glossary:
    """Terms, longest first, so 'Lemkin Institute for ...' wins over 'Lemkin Institute'.

    A glossary read from a file keeps its rows as read and makes each row's
    :class:`Term` when it is first asked for (see :class:`_Rows`): a sentence
    holds a few of 100,000 terms.
    """

    terms: Sequence[Term] = ()
    source_language: str = "en"

    def find(self, text: str) -> list[Term]:
        """Terms occurring in ``text``; a term inside a longer matched term is not repeated.

        Each term's matches are those of its :meth:`Term.pattern`, found from the
        text's words (see :class:`~alerti18n.language.termindex.TermIndex`): with a
        glossary of 100,000 rows, a sentence is not searched 100,000 times. The
        answer for a text is kept: several checks ask for the same source text.
        """
        known = self._found.get(text)
        if known is None:
            if len(self._found) >= _REMEMBERED:  # the checks of one entry ask one after another
                self._found.clear()
            known = self._found[text] = self._find(text)
        return list(known)

    def _find(self, text: str) -> list[Term]:
        found: list[Term] = []
        taken: list[tuple[int, int]] = []
        if not self.terms:
            return found
        for number, spans in self._index.matches(text):
            term = self.terms[number]
            for span in spans:
                if any(s <= span[0] and span[1] <= e for s, e in taken):
                    continue
                taken.append(span)
                if term not in found:
                    found.append(term)
        return found

    @functools.cached_property
    def _index(self) -> TermIndex:  # built on first use, kept with the glossary
        sources = self.terms.sources if isinstance(self.terms, _Rows) else None
        return TermIndex(sources if sources is not None else [t.source for t in self.terms])

    @functools.cached_property
    def _found(self) -> dict[str, list[Term]]:
        return {}


#: How many texts' terms a glossary keeps (a catalog of a million entries is not kept whole).
_REMEMBERED = 4096


class _Rows(Sequence[Term]):
    """A glossary file's terms, longest first, each made from its row when first asked for.

    ``rows`` are the CSV's rows under ``header`` (each as long as the header,
    whose names are distinct), ``order`` the row of each term, ``sources`` each
    term's source, stripped; a term is what :func:`_term` makes of its row.
    """

    def __init__(
        self, header: list[str], rows: list[list[str]], order: list[int], sources: list[str],
        source_language: str,
    ) -> None:  # fmt: skip
        self.header, self.rows, self.order, self.sources = header, rows, order, sources
        self.source_language = source_language
        self._made: dict[int, Term] = {}
        # where _term finds each part of a row: the forms' columns (header order), note, severity
        self._forms = [
            (name, column)
            for column, name in enumerate(header)
            if name and name not in (source_language, *EXTRA_COLUMNS)
        ]
        self._note = header.index("note") if "note" in header else None
        self._severity = header.index("severity") if "severity" in header else None

    def __len__(self) -> int:
        return len(self.order)

    @overload
    def __getitem__(self, index: int) -> Term: ...
    @overload
    def __getitem__(self, index: slice) -> tuple[Term, ...]: ...
    def __getitem__(self, index: int | slice) -> Term | tuple[Term, ...]:
        if isinstance(index, slice):
            return tuple(self[i] for i in range(*index.indices(len(self))))
        number = range(len(self.order))[index]  # IndexError past the end, as a tuple's
        term = self._made.get(number)
        if term is None:
            term = self._made[number] = self._term(self.rows[self.order[number]], number)
        return term

    def _term(self, row: list[str], number: int) -> Term:
        """What :func:`_term` makes of ``row`` (as long as the header), without a dict."""
        forms = {name: row[column].strip() for name, column in self._forms if row[column]}
        note = row[self._note].strip() if self._note is not None else ""
        given = row[self._severity].strip().lower() if self._severity is not None else ""
        return Term(self.sources[number], forms, note, given or "error")

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Sequence) and tuple(self) == tuple(other)

    __hash__ = None  # type: ignore[assignment]


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


def project_glossary(project: Project, data: bytes | None = None) -> Glossary:
    """The project's glossary (``data``: its bytes, when read already), its columns checked
    against the project's languages (empty when it has none)."""
    return load_glossary(project.glossary, project.source_language, project.languages, data)


def load_glossary(
    path: Path | None,
    source_language: str = "en",
    languages: Sequence[str] | None = None,
    data: bytes | None = None,
) -> Glossary:
    """Read a CSV with a column per language code (plus optional ``note`` and ``severity``);
    ``data`` are its bytes, when read already.

    With ``languages`` (the project's source and targets), any other column is an error.
    A well-formed file is read in bulk (:func:`_read_quickly`); any other is read row by
    row (:func:`_read_carefully`), which names the line of the first error.
    """
    if path is None:
        return Glossary(source_language=source_language)
    data = data if data is not None else read_input(path, error=ConfigError)
    text = decode_utf8(
        data, path, ConfigError, "glossary is not valid UTF-8", "save it as UTF-8 CSV"
    )
    quick = _read_quickly(text, path, source_language, languages)
    if quick is not None:
        return Glossary(quick, source_language)
    return Glossary(_read_carefully(text, path, source_language, languages), source_language)


def _read_quickly(
    text: str, path: Path, source_language: str, languages: Sequence[str] | None
) -> _Rows | None:
    """The terms of a glossary whose every row is as long as its header, whose column names
    are distinct and in which no row has an error, checked column by column in C loops;
    None for any other file (:func:`_read_carefully` then names its first error)."""
    try:
        rows = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error:
        return None
    if not rows or source_language not in rows[0] or len(set(rows[0])) < len(rows[0]):
        return None
    header = rows[0]
    for column in header:
        _check_column(column.strip(), path, languages)
    body = [row for row in rows[1:] if row]  # csv.DictReader skips empty rows
    if not set(map(len, body)) <= {len(header)}:
        return None
    if max(map(len, itertools.chain.from_iterable(body)), default=0) > MAX_CELL:
        return None
    sources = [cell.strip() for cell in map(itemgetter(header.index(source_language)), body)]
    if "" in sources:
        return None
    if "severity" in header:
        given = set(map(itemgetter(header.index("severity")), body))
        if not {cell.strip().lower() or "error" for cell in given} <= set(SEVERITIES):
            return None
    lengths = list(map(len, sources))
    order = sorted(range(len(body)), key=lengths.__getitem__, reverse=True)  # stable
    return _Rows(header, body, order, list(map(sources.__getitem__, order)), source_language)


def _read_carefully(
    text: str, path: Path, source_language: str, languages: Sequence[str] | None
) -> tuple[Term, ...]:
    """The terms, read row by row: the first error is refused with its row's line."""
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
        _check_row(row, source_language, path, number)
        terms.append(_term(row, source_language))
        number = reader.line_num + 1
    terms.sort(key=lambda t: len(t.source), reverse=True)
    return tuple(terms)


def _check_row(row: dict, source_language: str, path: Path, number: int) -> None:
    """Refuse a row (starting on line ``number``) with an overlong cell, no source term
    or an unknown severity."""
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
    severity = (row.get("severity") or "").strip().lower() or "error"
    if severity not in SEVERITIES:
        raise ConfigError(
            f"unknown severity '{severity}' for '{source}'",
            path,
            number,
            hint="write error or warning, or leave it empty (error)",
        )


def _term(row: dict, source_language: str) -> Term:
    """The term of one row (as ``csv.DictReader`` gives it), checked by :func:`_check_row`."""
    forms = {
        k: (v or "").strip()
        for k, v in row.items()
        if k not in (source_language, *EXTRA_COLUMNS) and isinstance(k, str) and k and v
    }
    severity = (row.get("severity") or "").strip().lower() or "error"
    source = (row.get(source_language) or "").strip()
    return Term(source, forms, (row.get("note") or "").strip(), severity)


def _unreadable(path: Path, line: int, exc: csv.Error) -> ConfigError:
    """The one-line error for a CSV the csv module cannot read (its cell limit included)."""
    message = str(exc)
    if "field larger than field limit" in message:
        message = f"a glossary cell is longer than {csv.field_size_limit()} characters"
    return ConfigError(
        f"cannot read glossary: {message}", path, line, hint="save it as a plain UTF-8 CSV file"
    )
