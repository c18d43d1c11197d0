"""The glossary terms found in each source text, kept by ``extract`` so ``check`` need not
search them again.

``extract`` searches every sentence of a document for the glossary's terms (the
template's notes), and ``check`` asks for the same sentences' terms with the
same glossary. With 100,000 rows, reading and indexing the CSV cost ``check``
more than its checks. So ``extract`` keeps, for each document it parses,
``.alerti18n/glossary-cache/<doc>.json``: every text it searched, the terms it
found there, and those terms' rows (source, forms, note, severity). The record
serves only the glossary it was made with: its key is the digest of the CSV's
bytes, the project's source language and languages, the program's version and
the record's format. ``check`` answers a text the record holds from it, and
searches any other text (a catalog edited by hand, a fuzzy entry's previous
source) in the whole glossary, read once, when first needed: a record never
makes ``check`` miss a term, since it is keyed by the texts themselves.

As every cache in ``.alerti18n/``: JSON, never pickle, written atomically; a
record that is missing, unreadable, damaged, of another format or another
glossary only means "search again", never an error or a different answer.
"""

from __future__ import annotations

import contextlib
import functools
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import overload

from alerti18n import __version__
from alerti18n.core.config import Project
from alerti18n.core.errors import AlertI18nError, ConfigError
from alerti18n.core.files import atomic_write, read_input
from alerti18n.core.state import State, digest
from alerti18n.language.glossary import SEVERITIES, Glossary, Term, project_glossary

#: Raised whenever a record's content changes meaning, so older records are not used.
_FORMAT = 1


def record_key(project: Project, state: State) -> str | None:
    """What a record of this project's glossary is valid for; None when the project has no
    glossary or it cannot be read (then nothing is kept: the glossary's own reading
    reports the error). The CSV's digest comes from the state, without reading it, when
    the state knows the file unchanged."""
    if project.glossary is None:
        return None
    try:
        found = state.digest_of(project.glossary, ConfigError)
    except AlertI18nError:
        return None
    return None if found == "absent" else _key(project, found)


def _key(project: Project, glossary_digest: str) -> str:
    languages = "\0".join(project.languages)
    return digest(str(_FORMAT), __version__, glossary_digest, project.source_language, languages)


def read_glossary(project: Project, state: State) -> tuple[Glossary, str | None]:
    """The project's glossary, as ``extract`` reads it, and the key of a record of what it
    finds (None without terms: nothing to keep). The key is that of the bytes read, and
    the state notes the file (so ``check`` may know it unchanged without reading it)."""
    if project.glossary is None:
        return project_glossary(project), None
    try:
        found, data = state.read_changed(project.glossary, ConfigError)
    except AlertI18nError:
        found, data = "", None  # the glossary's own reading reports the error
    if data is None:  # known unchanged (or unreadable): read it, its digest from these bytes
        data = read_input(project.glossary, error=ConfigError)
        found = digest(data)
    glossary = project_glossary(project, data)
    return glossary, _key(project, found) if glossary.terms else None


def _path(project: Project, doc: str) -> Path:
    return project.glossary_cache_dir / f"{doc}.json"


@dataclass(frozen=True)
class Recording(Glossary):
    """A glossary that notes what :meth:`find` answered for each text (``extract``'s)."""

    inner: Glossary = field(default_factory=Glossary)
    found: dict[str, list[Term]] = field(default_factory=dict, compare=False)

    def find(self, text: str) -> list[Term]:
        """The inner glossary's answer, noted."""
        terms = self.found[text] = self.inner.find(text)
        return list(terms)


def recording(glossary: Glossary) -> Recording:
    """``glossary``, noting what it finds."""
    return Recording(glossary.terms, glossary.source_language, glossary)


def record_bytes(key: str, found: Mapping[str, Sequence[Term]]) -> bytes:
    """The record of ``found`` (text -> its terms) for the glossary of ``key``: each term's
    row once, each text with the numbers of its terms."""
    numbers: dict[int, int] = {}  # id(term) -> its place among the rows kept
    rows: list[list[object]] = []
    texts, found_in = [], []
    for text, terms in found.items():
        for term in terms:
            if id(term) not in numbers:
                numbers[id(term)] = len(rows)
                rows.append([term.source, term.forms, term.note, term.severity])
        texts.append(text)
        found_in.append([numbers[id(term)] for term in terms])
    record = {"format": _FORMAT, "version": __version__, "key": key, "terms": rows,
              "texts": texts, "found": found_in}  # fmt: skip
    return json.dumps(record, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def keep(project: Project, doc: str, record: bytes) -> None:
    """Write a document's record (a rebuildable file: no fsync)."""
    atomic_write(_path(project, doc), record, project.root, durable=False)


def read_record(project: Project, doc: str, key: str) -> dict[str, list[Term]] | None:
    """The texts of a document's record and their terms; None when the record is missing,
    unreadable, made for another glossary or not as written."""
    with contextlib.suppress(AlertI18nError, ValueError, RecursionError):
        data = json.loads(read_input(_path(project, doc), project.root))
        if isinstance(data, dict) and (
            data.get("format"),
            data.get("version"),
            data.get("key"),
        ) == (_FORMAT, __version__, key):
            return _found(data.get("terms"), data.get("texts"), data.get("found"))
    return None


def _found(rows: object, texts: object, found: object) -> dict[str, list[Term]] | None:
    """A record's fields read back; None when any is not as :func:`record_bytes` writes it."""
    if not (isinstance(rows, list) and isinstance(texts, list) and isinstance(found, list)):
        return None
    if len(texts) != len(found) or not all(type(text) is str for text in texts):
        return None
    terms = [_term(row) for row in rows]
    if None in terms:
        return None
    answer: dict[str, list[Term]] = {}
    for text, numbers in zip(texts, found, strict=True):
        if not isinstance(numbers, list) or not all(
            type(n) is int and 0 <= n < len(terms) for n in numbers
        ):
            return None
        answer[text] = [terms[n] for n in numbers]  # type: ignore[misc]
    return answer


def _term(row: object) -> Term | None:
    """A kept row as its term; None when it is not as written."""
    if not isinstance(row, list) or len(row) != 4:
        return None
    source, forms, note, severity = row
    if not (type(source) is str and source and type(note) is str and severity in SEVERITIES):
        return None
    if not isinstance(forms, dict) or not all(
        type(k) is str and type(v) is str for k, v in forms.items()
    ):
        return None
    return Term(source, forms, note, severity)


class _Whole:
    """The project's whole glossary, read when first needed (at most once per process)."""

    def __init__(self, project: Project) -> None:
        self.project = project

    @functools.cached_property
    def glossary(self) -> Glossary:
        return project_glossary(self.project)


class _Terms(Sequence[Term]):
    """The whole glossary's terms, read when first asked for."""

    def __init__(self, whole: _Whole) -> None:
        self.whole = whole

    def __len__(self) -> int:
        return len(self.whole.glossary.terms)

    @overload
    def __getitem__(self, index: int) -> Term: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[Term]: ...
    def __getitem__(self, index: int | slice) -> Term | Sequence[Term]:
        return self.whole.glossary.terms[index]


@dataclass(frozen=True)
class Recorded(Glossary):
    """A glossary answering the texts of a record from it, any other from the whole one."""

    recorded: Mapping[str, Sequence[Term]] = field(default_factory=dict, compare=False)
    whole: _Whole | None = field(default=None, compare=False)

    def find(self, text: str) -> list[Term]:
        """The recorded terms of ``text``, else those the whole glossary finds."""
        terms = self.recorded.get(text)
        if terms is not None:
            return list(terms)
        assert self.whole is not None  # made by Glossaries.of with one
        return self.whole.glossary.find(text)


class Glossaries:
    """The glossary of each document of one ``check`` run: from its record when the record
    serves, else the whole glossary (read once for all documents).

    The whole glossary is read at once, as ``check`` always did (so a glossary that cannot
    be read is reported first), unless every document has a record that serves: the
    glossary was then read without error by ``extract``, from the same bytes.
    """

    def __init__(self, project: Project, state: State) -> None:
        self.project = project
        self.whole = _Whole(project)
        self.records: dict[str, dict[str, list[Term]]] = {}
        key = record_key(project, state)
        try:
            docs = [project.doc_name(path) for path in project.documents()] if key else []
        except AlertI18nError:  # reported where check lists the documents
            docs = []
        for doc in docs:
            found = read_record(project, doc, key) if key else None
            if found is None:
                break
            self.records[doc] = found
        if not docs or len(self.records) < len(docs):
            self.whole.glossary  # noqa: B018 - read now, as check always did

    def of(self, doc: str) -> Glossary:
        """What ``check`` searches ``doc``'s texts with."""
        found = self.records.get(doc)
        if found is None:
            return self.whole.glossary
        return Recorded(_Terms(self.whole), self.project.source_language, found, self.whole)
