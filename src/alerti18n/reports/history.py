"""A document's release history: each version ``release`` published, kept in the project.

**Where.** ``<locales-dir>/<doc>.releases.json``, beside the document's template. It is
team data, committed with the catalogs: it is the only record of what readers were
given and when (which version, which text in which language, the dates the notices and
change logs print), and nothing can rebuild it: not the catalogs (they have moved on),
not ``dist/`` (an output, usually not committed). So it is not under ``.alerti18n/``,
whose files are private caches any command may drop and rebuild. Every coordinator's
clone must see the same history, or their ``status`` and their next release would
disagree about which languages are behind.

**What** (JSON, written by :func:`dump`, keys sorted, so re-running with nothing changed
writes no byte)::

    {"format": 1, "document": "field-hospital", "versions": [VERSION, ...]}

A VERSION, oldest first: ``version`` (the front matter's, else a number), ``folder``
(its folder under ``dist/<doc>/``), ``released`` (when it was first released, see
:mod:`alerti18n.core.clock`), ``frozen`` (when its sentences were extracted: the
template's POT-Creation-Date), ``source`` (``sha256`` and ``text`` of the Markdown),
``sentences`` (its msgids, in order) and ``languages``, per target language:

* ``edition``: ``current`` (this version's text, any sentence not translated shown in
  the source language), ``previous`` (the text of an earlier version, with a notice), or
  ``held`` (not published in this version);
* ``reflects``: the version whose text the language's page shows;
* ``complete`` and ``draft``; ``released`` (when this language was first published in
  this version; null unless current); ``translations`` (msgid -> msgstr, for a complete
  current edition only: what a later ``previous`` edition is rebuilt from);
* ``time_to_publish`` (:mod:`alerti18n.reports.timeline`).

The file is input like any other: :func:`load_history` checks every field and names the
file (and the line, for broken JSON) of anything wrong.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from alerti18n.core.config import Project
from alerti18n.core.errors import HistoryError
from alerti18n.core.files import Stamp, atomic_write, read_stamped

#: The format this module reads and writes.
FORMAT = 1
#: The file's name after the document's name.
SUFFIX = ".releases.json"
#: A release folder's name: one plain path component (as ``release`` names them).
FOLDER_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._+-]{0,63}")
#: Editions of a language in one version (see the module docstring).
CURRENT, PREVIOUS, HELD = "current", "previous", "held"
EDITIONS = (CURRENT, PREVIOUS, HELD)


@dataclass
class LanguageRecord:
    """What one version's release did with one target language."""

    edition: str
    reflects: str
    complete: bool = False
    draft: bool = False
    released: str | None = None
    translations: dict[str, str] | None = None
    time_to_publish: dict[str, str | None] = field(default_factory=dict)


@dataclass
class VersionRecord:
    """One released version of a document."""

    version: str
    folder: str
    released: str
    source_sha256: str
    source_text: str
    sentences: list[str]
    frozen: str | None = None
    languages: dict[str, LanguageRecord] = field(default_factory=dict)

    def published(self, lang: str) -> bool:
        """Whether this version's own text was published in ``lang``."""
        record = self.languages.get(lang)
        return record is not None and record.edition == CURRENT


@dataclass
class History:
    """Every released version of one document, oldest first."""

    document: str
    path: Path
    versions: list[VersionRecord] = field(default_factory=list)
    #: the file as it was read (None: there was none); saving replaces only that
    stamp: Stamp | None = field(default=None, compare=False)

    def find(self, version: str) -> VersionRecord | None:
        """The record of ``version``, if it was released."""
        return next((v for v in self.versions if v.version == version), None)

    def with_source(self, sha256: str) -> VersionRecord | None:
        """The latest version released from these source bytes."""
        return next((v for v in reversed(self.versions) if v.source_sha256 == sha256), None)

    def next_number(self) -> str:
        """The version number the next amendment gets: one more than the highest number."""
        numbers = [int(v.version) for v in self.versions if v.version.isdigit()]
        number = max(numbers, default=0) + 1
        while self.find(str(number)) is not None:
            number += 1
        return str(number)

    def caught_up(self, lang: str, before: str | None = None) -> VersionRecord | None:
        """The latest version (before ``before``, when given) whose own text was published in
        ``lang`` with every sentence translated."""
        versions = self.versions
        if before is not None:
            found = [v.version for v in versions]
            versions = versions[: found.index(before)] if before in found else versions
        for record in reversed(versions):
            language = record.languages.get(lang)
            if language is not None and language.edition == CURRENT and language.complete:
                return record
        return None

    def published_versions(self, lang: str, upto: str | None = None) -> list[VersionRecord]:
        """The versions whose own text was published in ``lang`` (up to ``upto``), oldest first."""
        found = []
        for record in self.versions:
            if record.published(lang):
                found.append(record)
            if record.version == upto:
                break
        return found


def history_path(project: Project, doc: str) -> Path:
    """Where ``doc``'s release history is: ``<locales-dir>/<doc>.releases.json``."""
    return project.locales_dir / f"{doc}{SUFFIX}"


def load_history(project: Project, doc: str) -> History:
    """``doc``'s release history (empty when it was never released), checked."""
    path = history_path(project, doc)
    if project.files.existing(path) is None:
        return History(doc, path)
    raw, stamp = read_stamped(path, project.root, error=HistoryError)
    try:
        data = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise HistoryError("invalid UTF-8", path, hint="restore the file from git") from None
    except json.JSONDecodeError as exc:
        raise HistoryError(
            f"invalid JSON: {exc.msg}", path, exc.lineno, hint="restore the file from git"
        ) from None
    history = _history(data, doc, path)
    history.stamp = stamp
    return history


def _history(data: object, doc: str, path: Path) -> History:
    check = _Checker(path)
    top = check.mapping(data, "the file")
    if top.get("format") != FORMAT:
        raise HistoryError(
            f"unknown release history format {top.get('format')!r}",
            path,
            hint=f"this alerti18n reads format {FORMAT}; use the alerti18n that wrote it",
        )
    if top.get("document") != doc:
        raise HistoryError(
            f"this is the history of {top.get('document')!r}, not of {doc!r}",
            path,
            hint="rename the file after its document, or restore it from git",
        )
    history = History(doc, path)
    for number, item in enumerate(check.items(top.get("versions"), "versions")):
        history.versions.append(_version_record(check, item, f"versions[{number}]"))
    labels = [v.version for v in history.versions]
    if len(set(labels)) != len(labels):
        raise HistoryError("a version is recorded twice", path, hint="restore the file from git")
    return history


def _version_record(check: _Checker, item: object, where: str) -> VersionRecord:
    data = check.mapping(item, where)
    source = check.mapping(data.get("source"), f"{where}.source")
    folder = check.text(data.get("folder"), f"{where}.folder")
    if not FOLDER_NAME.fullmatch(folder) or ".." in folder:  # it names a release folder again
        check.fail(f"{where}.folder", "one plain folder name (letters, digits, . _ + -)")
    record = VersionRecord(
        version=check.text(data.get("version"), f"{where}.version"),
        folder=folder,
        released=check.text(data.get("released"), f"{where}.released"),
        source_sha256=check.text(source.get("sha256"), f"{where}.source.sha256"),
        source_text=check.text(source.get("text"), f"{where}.source.text"),
        sentences=[
            check.text(s, f"{where}.sentences")
            for s in check.items(data.get("sentences"), f"{where}.sentences")
        ],
        frozen=check.optional_text(data.get("frozen"), f"{where}.frozen"),
    )
    languages = check.mapping(data.get("languages", {}), f"{where}.languages")
    for lang, value in languages.items():
        record.languages[lang] = _language_record(check, value, f"{where}.languages.{lang}")
    return record


def _language_record(check: _Checker, item: object, where: str) -> LanguageRecord:
    data = check.mapping(item, where)
    edition = check.text(data.get("edition"), f"{where}.edition")
    if edition not in EDITIONS:
        check.fail(f"{where}.edition", f"one of {', '.join(EDITIONS)}")
    translations = data.get("translations")
    if translations is not None:
        found = check.mapping(translations, f"{where}.translations")
        translations = {
            check.text(k, f"{where}.translations"): check.text(v, f"{where}.translations")
            for k, v in found.items()
        }
    times = check.mapping(data.get("time_to_publish", {}), f"{where}.time_to_publish")
    return LanguageRecord(
        edition=edition,
        reflects=check.text(data.get("reflects"), f"{where}.reflects"),
        complete=check.flag(data.get("complete", False), f"{where}.complete"),
        draft=check.flag(data.get("draft", False), f"{where}.draft"),
        released=check.optional_text(data.get("released"), f"{where}.released"),
        translations=translations,
        time_to_publish={
            k: check.optional_text(v, f"{where}.time_to_publish") for k, v in times.items()
        },
    )


class _Checker:
    """Type checks of the history's fields, each failure a HistoryError naming the field."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def fail(self, where: str, wanted: str) -> None:
        raise HistoryError(f"{where} must be {wanted}", self.path, hint="restore the file from git")

    def mapping(self, value: object, where: str) -> dict:
        if not isinstance(value, dict):
            self.fail(where, "an object")
        assert isinstance(value, dict)
        return value

    def items(self, value: object, where: str) -> list:
        if not isinstance(value, list):
            self.fail(where, "a list")
        assert isinstance(value, list)
        return value

    def text(self, value: object, where: str) -> str:
        if not isinstance(value, str):
            self.fail(where, "a string")
        assert isinstance(value, str)
        return value

    def optional_text(self, value: object, where: str) -> str | None:
        return None if value is None else self.text(value, where)

    def flag(self, value: object, where: str) -> bool:
        if not isinstance(value, bool):
            self.fail(where, "true or false")
        return bool(value)


def dump(history: History) -> bytes:
    """The history's bytes: JSON, keys sorted, one trailing newline."""
    versions = []
    for record in history.versions:
        versions.append(
            {
                "version": record.version,
                "folder": record.folder,
                "released": record.released,
                "frozen": record.frozen,
                "source": {"sha256": record.source_sha256, "text": record.source_text},
                "sentences": record.sentences,
                "languages": {
                    lang: _language_data(language)
                    for lang, language in sorted(record.languages.items())
                },
            }
        )
    data = {"format": FORMAT, "document": history.document, "versions": versions}
    return (json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode()


def _language_data(language: LanguageRecord) -> dict:
    data: dict = {
        "edition": language.edition,
        "reflects": language.reflects,
        "complete": language.complete,
        "draft": language.draft,
        "released": language.released,
        "time_to_publish": language.time_to_publish,
    }
    if language.translations is not None:
        data["translations"] = language.translations
    return data


def save_history(project: Project, history: History) -> bool:
    """Write the history atomically (nothing when unchanged); whether it was written.

    Only over the file as it was read: one changed meanwhile (a ``git pull`` while
    ``release`` ran) is kept, and the release says so (ChangedMeanwhile).
    """
    return atomic_write(history.path, dump(history), project.root, expected=history.stamp)
