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
import re
from collections.abc import Callable, Sequence
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
        """Terms occurring in ``text``; a term inside a longer matched term is not repeated.

        Each term's matches are those of its :meth:`Term.pattern`, found from the
        text's words (see :class:`_Index`): with a glossary of 100,000 rows, a
        sentence is not searched 100,000 times.
        """
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
    def _index(self) -> _Index:
        return _Index(self.terms)  # built on first use, kept with the glossary


#: A word, as the terms' patterns see words (``\w``).
_WORD = re.compile(r"\w+")


def _case_folder() -> Callable[[str], str] | None:
    """The case folding under which ``re.IGNORECASE`` finds two letters equal, per letter:
    the simple lowercase, then one representative of the letters the regular expression
    engine also takes as equal (``s`` ``ſ``, ``k`` ``K``, ``i`` ``ı``...); None where
    this Python does not say which those are."""
    try:
        from re._casefix import _EXTRA_CASES as extra  # type: ignore[import-not-found]
    except ImportError:  # pragma: no cover - Python 3.10
        try:
            from sre_compile import _ignorecase_fixes as extra  # type: ignore[attr-defined]
        except ImportError:
            return None

    @functools.lru_cache(maxsize=4096)
    def fold(char: str) -> str:
        lower = ord(char.lower()[0])  # İ's full lowercase is two letters; the simple one, i
        return chr(min((lower, *extra.get(lower, ()))))

    return lambda word: "".join(map(fold, word))


_FOLD = _case_folder()


class _Index:
    """Where each term of a glossary occurs in a text, found from the text's words.

    A term's pattern (:meth:`Term.pattern`) matches only where a word of the
    text is the term's first word: a term starting with a word character starts
    a match after no word character, and the match ends where a word does. So
    terms are indexed by their first word, as written (a capitalised term
    matches as written) or case-folded as ``re.IGNORECASE`` compares (the
    others), and a term is compared, as a string, only where its first word is
    in the text; its matches come out as its pattern's ``finditer`` gives them.
    A term starting with another character is searched with its pattern.
    """

    def __init__(self, terms: tuple[Term, ...]) -> None:
        self.terms = terms
        self.exact: dict[str, list[int]] = {}
        self.folded: dict[str, list[int]] = {}
        self.others: list[int] = []
        self.keys: list[str] = []  # what each term is compared with: as written or folded
        self.cased: list[bool] = []  # whether it is compared as written
        self.single: list[bool] = []  # whether it is one word
        for number, term in enumerate(terms):
            first = _WORD.match(term.source)
            cased = term.source[:1].isupper()
            if first is None or _FOLD is None:
                self.others.append(number)
            elif cased:
                self.exact.setdefault(first.group(), []).append(number)
            else:
                self.folded.setdefault(_FOLD(first.group()), []).append(number)
            self.keys.append(term.source if cased or _FOLD is None else _FOLD(term.source))
            self.cased.append(cased)
            self.single.append(_WORD.fullmatch(term.source) is not None)

    def matches(self, text: str) -> list[tuple[int, list[tuple[int, int]]]]:
        """Each term that occurs in ``text`` (glossary order) with the spans it matches."""
        folded = _FOLD(text) if _FOLD is not None and self.folded else text  # letter by letter
        starts: dict[int, list[int]] = {}  # term -> where its first word is in the text
        for word in _WORD.finditer(text):
            at, end = word.span()
            for number in self.exact.get(word.group(), ()):
                starts.setdefault(number, []).append(at)
            for number in self.folded.get(folded[at:end], ()):
                starts.setdefault(number, []).append(at)
        found = []
        for number in sorted(starts.keys() | set(self.others)):
            if number in starts:
                spans = self._compared(number, text, folded, starts[number])
            else:
                spans = [m.span() for m in self.terms[number].pattern().finditer(text)]
            if spans:
                found.append((number, spans))
        return found

    def _compared(
        self, number: int, text: str, folded: str, starts: list[int]
    ) -> list[tuple[int, int]]:
        """The term's matches at these word starts, as ``finditer`` gives them (in order,
        none overlapping the one before). A one-word term matches wherever its word is."""
        key, single = self.keys[number], self.single[number]
        seen = text if self.cased[number] else folded
        size, spans, after = len(key), [], 0
        for at in starts:
            end = at + size
            if at < after:
                continue
            if not single:
                if seen[at:end] != key:
                    continue
                if end < len(text) and (text[end].isalnum() or text[end] == "_"):
                    continue  # (?!\w): the match would end inside a word
            spans.append((at, end))
            after = end
        return spans


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
