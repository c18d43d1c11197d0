"""Quality checks on translated catalogs: a registry of small named checks.

Each check is a function registered under its id (see :mod:`.base`); its
docstring's first line is its title. :func:`run_checks` runs them on one
catalog, :func:`check_project` on every catalog of a project, and
:func:`format_text` / :func:`format_json` report the findings.

Which entries are checked: untranslated entries get only ``untranslated``;
fuzzy entries get ``fuzzy`` and ``source-changed``; translated entries get
the content checks (and ``fuzzy`` while they are an unreviewed machine
draft). Obsolete entries and the header are never checked. A check of scope
``document`` (``sms-parts``) looks at a whole document in one language
instead: :func:`alerti18n.reports.channels.project_findings` runs it with the
others.

A finding is waived by a translator comment ``# waive: CHECK-ID reason`` on
the entry; waived findings are still reported, marked as waived, and never
count as errors.

A large catalog (``PARALLEL_ENTRIES`` entries or more) is checked in slices of
its entries, in worker processes where there are several cores; one of
``READ_IN_SLICES_FROM`` bytes or more in msgcat's plain form is also read by
the workers, each a run of its entries. The findings are the same, in the same
order, and a catalog that ``read_po`` would refuse is refused the same way.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

import polib

from alerti18n.checks import (
    channels,
    completeness,
    controls,
    glossary,
    markup,
    numbers,
    source,
    text,
    typography,
)
from alerti18n.checks.base import (
    ANY,
    CHECKS,
    ERROR,
    FUZZY,
    TRANSLATED,
    UNTRANSLATED,
    WARNING,
    Check,
    Finding,
    Problem,
    Unit,
    register,
)
from alerti18n.checks.report import format_json, format_text
from alerti18n.core.config import Project
from alerti18n.core.errors import ConfigError, PoFileError
from alerti18n.core.files import read_input
from alerti18n.core.workers import forks_workers, map_jobs
from alerti18n.language.glossary import Glossary
from alerti18n.po import marks
from alerti18n.po.entrystate import state

__all__ = [
    "CHECKS",
    "ORDER",
    "ERROR",
    "WARNING",
    "Check",
    "Finding",
    "Problem",
    "Unit",
    "register",
    "run_checks",
    "check_project",
    "format_text",
    "format_json",
    "has_errors",
]

_FAMILIES = (channels, completeness, controls, glossary, markup, numbers, source, text, typography)
#: Report and listing order: as the checks are described to users.
ORDER = (
    "untranslated",
    "fuzzy",
    "markup",
    "urls",
    "bidi",
    "numbers",
    "placeholders",
    "glossary",
    "typography",
    "fr-typography",
    "hy-punctuation",
    "script",
    "source-changed",
    "whitespace",
    "unchanged",
    "length",
    "doubled-words",
    "sms-parts",
)
_registered = sorted(CHECKS.items(), key=lambda item: (ORDER + (item[0],)).index(item[0]))
CHECKS.clear()
CHECKS.update(_registered)


def _scope(entry: polib.POEntry) -> str:
    found = state(entry)
    if found.is_fuzzy:
        return FUZZY
    return TRANSLATED if found.is_translated else UNTRANSLATED


def _units(entry: polib.POEntry, lang: str, source_lang: str, gloss: Glossary) -> Iterator[Unit]:
    """One unit per translated form: msgid/msgstr, or each plural form."""
    if not entry.msgid_plural:
        yield Unit(entry, entry.msgid, entry.msgstr, lang, source_lang, gloss)
        return
    for index in sorted(entry.msgstr_plural):
        source = entry.msgid if index == 0 else entry.msgid_plural
        yield Unit(entry, source, entry.msgstr_plural[index], lang, source_lang, gloss, index)


def select(only: set[str] | None, lang: str) -> list[Check]:
    """The checks to run for ``lang``: all, or those named in ``only``."""
    unknown = sorted(set(only or ()) - set(CHECKS))
    if unknown:
        raise ConfigError(
            f"unknown check(s): {', '.join(unknown)}",
            hint=f"known checks are {', '.join(CHECKS)}",
        )
    return [c for c in CHECKS.values() if (not only or c.id in only) and c.applies_to(lang)]


#: From this many entries on, a catalog's entries are checked in slices, in worker
#: processes where there are several cores (``core.workers``); the findings are the same,
#: in the same order. Below it (nearly every catalog) they are checked here, as one slice.
PARALLEL_ENTRIES = 20_000
#: How many slices a large catalog is cut into (enough to keep every worker busy).
SLICES = 16


def run_checks(
    po: polib.POFile,
    path: Path,
    lang: str,
    source_lang: str = "en",
    glossary: Glossary | None = None,
    only: set[str] | None = None,
) -> list[Finding]:
    """Findings for one catalog, in file order."""
    job = _Job(
        [e for e in po if not e.obsolete and e.msgid],
        select(only, lang),
        Path(path),
        lang,
        source_lang,
        glossary or Glossary(source_language=source_lang),
    )
    if len(job.entries) < PARALLEL_ENTRIES:
        return job((0, len(job.entries)))
    size = -(-len(job.entries) // SLICES)
    slices = [(start, start + size) for start in range(0, len(job.entries), size)]
    return [finding for found in map_jobs(job, slices) for finding in found]


@dataclass(frozen=True)
class _Job:
    """The checks of one catalog, run on a slice of its entries (a worker's job)."""

    entries: list[polib.POEntry]
    checks: list[Check]
    path: Path
    lang: str
    source_lang: str
    glossary: Glossary

    def __call__(self, bounds: tuple[int, int]) -> list[Finding]:
        findings: list[Finding] = []
        for entry in self.entries[bounds[0] : bounds[1]]:
            findings += _check_entry(self, entry)
        return findings


#: From this many bytes on, a catalog in msgcat's plain form is read by the worker processes
#: too, each a run of its entries (a million entries take 13 s to read in one process).
READ_IN_SLICES_FROM = 4_000_000


def _read_and_checked_in_slices(
    path: Path, lang: str, source_lang: str, glossary: Glossary, only: set[str] | None
) -> list[Finding] | None:
    """The findings of a large catalog read and checked by the workers, a run of entries
    each; None where it is not for them (small, not plain, or anything ``read_po`` might
    refuse: ``read_po`` then reads it here, and says what is wrong)."""
    from alerti18n.po.pofile import plural_count, read_in_slices

    if not forks_workers() or path.stat().st_size < READ_IN_SLICES_FROM:
        return None
    data = read_input(path, error=PoFileError)
    read = read_in_slices(data, path, lang, SLICES)
    if read is None:
        return None
    header, slices = read
    checks = _Job([], select(only, lang), Path(path), lang, source_lang, glossary)
    results = map_jobs(_SliceJob(data, plural_count(header), checks), slices)
    if any(result is None for result in results):
        return None
    keys = [key for _, found_keys in results for key in found_keys]
    if len(set(keys)) < len(keys):  # a msgid twice (or two hashes alike): read_po decides
        return None
    return [finding for found, _ in results for finding in found]


@dataclass(frozen=True)
class _SliceJob:
    """A worker's job: read a run of a catalog's entries, then check them."""

    data: bytes
    nplurals: int | None
    checks: _Job

    def __call__(self, bounds: tuple[int, int]) -> tuple[list[Finding], list[int]] | None:
        from alerti18n.po.pofile import read_slice

        read = read_slice(self.data, bounds[0], bounds[1], self.nplurals)
        if read is None:
            return None
        entries, keys = read
        live = [e for e in entries if not e.obsolete and e.msgid]
        return replace(self.checks, entries=live)((0, len(live))), keys


def _check_entry(job: _Job, entry: polib.POEntry) -> list[Finding]:
    """The findings of one entry (not obsolete, not the header)."""
    scope = _scope(entry)
    waivers = marks.waivers(entry)
    units = list(_units(entry, job.lang, job.source_lang, job.glossary))
    findings = []
    for check in job.checks:
        if check.scope not in (scope, ANY):
            continue
        for unit in units[:1] if check.per_entry else units:
            for problem in check.func(unit):
                message, severity = (
                    (problem.message, problem.severity)
                    if isinstance(problem, Problem)
                    else (problem, check.severity)
                )
                findings.append(
                    Finding(
                        check.id,
                        severity,
                        job.path,
                        entry.linenum,
                        entry.msgid,
                        message,
                        check.id in waivers,
                        waivers.get(check.id, ""),
                    )
                )
    return findings


def check_project(
    project: Project, langs: list[str] | None = None, only: set[str] | None = None
) -> list[Finding]:
    """Findings for every catalog ``locales/<lang>/<doc>.po`` of the project."""
    from alerti18n.core.state import project_state
    from alerti18n.language.foundterms import Glossaries
    from alerti18n.po.pofile import read_po

    glossaries = Glossaries(project, project_state(project))  # extract's finds, else the CSV
    findings: list[Finding] = []
    for lang in project.select_languages(langs):
        select(only, lang)
        for document in project.documents():
            path = project.po_path(lang, project.doc_name(document))
            if project.catalog(lang, project.doc_name(document)) is None:
                if not only or "untranslated" in only:
                    findings.append(
                        Finding(
                            "untranslated",
                            WARNING,
                            path,
                            0,
                            "",
                            "catalog missing: nothing of this document is translated into "
                            f"{lang} yet; create the catalog and translate it",
                        )
                    )
                continue
            gloss = glossaries.of(project.doc_name(document))
            found = _read_and_checked_in_slices(path, lang, project.source_language, gloss, only)
            if found is None:
                po = read_po(path, expect_language=lang)
                found = run_checks(po, path, lang, project.source_language, gloss, only)
            findings += found
    return findings + _check_page_catalogs(project, langs, only)


def _check_page_catalogs(
    project: Project, langs: list[str] | None, only: set[str] | None
) -> list[Finding]:
    """Findings in the project's page catalogs (``locales/pages/<lang>.po``, English source)."""
    from alerti18n.language.pagestrings import field_problems, page_catalogs
    from alerti18n.po.pofile import read_po

    findings: list[Finding] = []
    for lang, path in page_catalogs(
        project.locales_dir, project.root, project.page_languages(langs)
    ):
        findings += run_checks(read_po(path, expect_language=lang), path, lang, "en", None, only)
        if not only or "placeholders" in only:
            findings += [
                Finding("placeholders", ERROR, path, line, msgid, message)
                for line, msgid, message in field_problems(path, lang)
            ]
    return findings


def has_errors(findings: list[Finding]) -> bool:
    """Whether any unwaived finding is an error (``check`` then exits 1)."""
    return any(f.severity == ERROR and not f.waived for f in findings)
