"""The project glossary: approved forms of names and terms, per language."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

from alerti18n.errors import ConfigError


@dataclass(frozen=True)
class Term:
    """One glossary row: the source term and its approved forms by language."""

    source: str
    forms: dict[str, str]
    note: str = ""

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


def load_glossary(path: Path | None, source_language: str = "en") -> Glossary:
    """Read a CSV with a column per language code (plus an optional ``note``)."""
    if path is None:
        return Glossary(source_language=source_language)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
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
    terms = []
    for number, row in enumerate(reader, start=2):
        source = (row.get(source_language) or "").strip()
        if not source:
            raise ConfigError("empty source term", path, number, hint="fill it or delete the row")
        forms = {
            k: (v or "").strip()
            for k, v in row.items()
            if k not in (source_language, "note") and k and v
        }
        terms.append(Term(source, forms, (row.get("note") or "").strip()))
    terms.sort(key=lambda t: len(t.source), reverse=True)
    return Glossary(tuple(terms), source_language)
