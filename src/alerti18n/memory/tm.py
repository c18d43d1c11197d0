"""The project translation memory: reuse every translated sentence in every document.

**What it holds.** Every translated, non-fuzzy entry of every catalog of the
project (all documents, all target languages), with its document, its
catalog's PO-Revision-Date and whether a second person reviewed it (the
``# reviewed:`` mark), plus the memories a user imported with ``alerti18n tm
import``: TMX 1.4 files and PO files (compendia) from elsewhere.

**Where imported memories live.** In ``locales/tm/<name>.tmx``, one file per
import, normalised to TMX 1.4b. They are the team's translation data, not a
cache: they sit beside the catalogs, go into version control with them (so a
colleague's clone fills the same sentences), and survive removing
``.alerti18n/`` (the private caches) or ``build/``.

**Filling** (``alerti18n tm fill``; the ``tm`` stage of ``alerti18n run``,
after ``update`` and before ``pretranslate``) touches only live entries that
nobody has translated (empty msgstr, not fuzzy, not obsolete):

* an exact match (the same source sentence) fills the entry with a
  ``# tm: exact 100 ...`` mark; it stays fuzzy unless the memory's unit was
  reviewed and ``[tool.alerti18n.tm] trust-reviewed-exact = true``;
* otherwise the closest memory sentence scoring at least
  :data:`alerti18n.text.matcher.THRESHOLD` fills it as fuzzy, with the memory's
  sentence as ``#| msgid`` (so Poedit and Weblate show the difference and the
  ``source-changed`` check compares the two) and the score in the mark;
* among equally good matches, a reviewed unit wins, then the most recent,
  then one from the same document, then the first by file and text.

Machine translation then fills what the memory did not.

**Plural entries** (``msgid_plural``) are memory units of their own, whole
(every form), and fill only a plural entry of the same ``msgid`` and
``msgid_plural`` whose catalog has the same plural rule, as an exact match
(:mod:`alerti18n.memory.plurals`). They come from the project's catalogs
only: TMX 1.4 has no plural forms, so a PO compendium's plural entries are
left out at import, with a warning.

**Speed.** What the memory needs from each file is cached, parsed, in
``.alerti18n/tm-cache/`` (:mod:`alerti18n.memory.cache`); an import stores each
sentence pair once.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from pathlib import Path

import polib

from alerti18n import __version__
from alerti18n.core.commits import Commits
from alerti18n.core.config import Project
from alerti18n.core.errors import ConfigError
from alerti18n.core.files import atomic_write, read_input, remove_file
from alerti18n.core.layout import check_document_name
from alerti18n.core.state import digest, project_state
from alerti18n.memory.cache import Parsed, ParsedFiles
from alerti18n.memory.plurals import PluralUnit, catalog_plurals, fill_forms, plural_rule
from alerti18n.memory.search import Match, Memory, choose, memory_of
from alerti18n.memory.tmx import MemoryFileError, TmUnit, read_tmx, write_tmx
from alerti18n.po import marks
from alerti18n.po.entrystate import state, untouched

log = logging.getLogger(__name__)

_TRUST_KEYS = {"trust-reviewed-exact"}


@dataclass(frozen=True)
class TrustPolicy:
    """``[tool.alerti18n.tm]``: whether a reviewed exact match counts as translated."""

    trust_reviewed_exact: bool = False


def trust_policy(project: Project) -> TrustPolicy:
    """How far the project trusts its memory (``[tool.alerti18n.tm]``), validated."""
    table = project.tm
    if "" in table:
        raise ConfigError("tm must be a table", project.config_file, hint="[tool.alerti18n.tm]")
    unknown = set(table) - _TRUST_KEYS
    if unknown:
        raise ConfigError(
            f"unknown tm setting(s): {', '.join(sorted(unknown))}",
            project.config_file,
            hint=f"known settings are {', '.join(sorted(_TRUST_KEYS))}",
        )
    trust = table.get("trust-reviewed-exact", False)
    if not isinstance(trust, bool):
        raise ConfigError("tm.trust-reviewed-exact must be true or false", project.config_file)
    return TrustPolicy(trust)


def tm_dir(project: Project) -> Path:
    """Where imported memories are kept: ``locales/tm/``."""
    return project.locales_dir / "tm"


def _relative(project: Project, path: Path) -> str:
    return (
        path.relative_to(project.root).as_posix()
        if path.is_relative_to(project.root)
        else str(path)
    )


def tmx_date(po_date: str) -> str:
    """A PO date (``2023-09-22 10:00+0200``) in TMX form (``20230922T080000Z``); "" if none."""
    try:
        moment = dt.datetime.strptime(po_date.strip(), "%Y-%m-%d %H:%M%z")
    except ValueError:
        return ""
    return moment.astimezone(dt.timezone.utc).strftime("%Y%m%dT%H%M%SZ")


def catalog_units(po: polib.POFile, lang: str, doc: str, origin: str) -> list[TmUnit]:
    """The memory units of one catalog: its translated, non-fuzzy, singular entries."""
    date = tmx_date(po.metadata.get("PO-Revision-Date", ""))
    return [
        TmUnit(e.msgid, e.msgstr, lang, doc, marks.reviewed(e) is not None, date, origin)
        for e in po
        if e.msgid and not e.msgid_plural and state(e).is_translated
    ]


def project_units(project: Project, lang: str) -> list[TmUnit]:
    """Units from every catalog of the project in ``lang`` (an unreadable one raises)."""
    from alerti18n.po.pofile import read_po

    units: list[TmUnit] = []
    for source in project.documents():
        doc = project.doc_name(source)
        path = project.catalog(lang, doc)
        if path is not None:
            po = read_po(path, expect_language=lang)
            units += catalog_units(po, lang, doc, _relative(project, path))
    return units


def imported_files(project: Project) -> list[Path]:
    """The imported memories, ``locales/tm/*.tmx`` (a FIFO or a link out there is refused)."""
    return project.files.files_in(tm_dir(project), ".tmx")


def imported_units(project: Project, lang: str | None = None) -> list[TmUnit]:
    """Units of every imported memory (in ``lang``, or all target languages)."""
    units: list[TmUnit] = []
    for path in imported_files(project):
        found = read_tmx(path, project.source_language, project.target_languages)
        origin = _relative(project, path)
        units += [
            TmUnit(u.source, u.target, u.lang, u.doc, u.reviewed, u.date, origin)
            for u in found.units
            if lang is None or u.lang == lang
        ]
    return units


def needs_memory(entry: polib.POEntry) -> bool:
    """A live entry nobody has translated (no translation text, not fuzzy)."""
    return untouched(entry)


def apply(entry: polib.POEntry, match: Match, trust_reviewed_exact: bool) -> None:
    """Fill ``entry`` from ``match``: msgstr (or the plural forms), fuzzy flag, ``#| msgid``
    and the tm mark."""
    unit = match.unit
    if isinstance(unit, PluralUnit):
        fill_forms(entry, unit)
    else:
        entry.msgstr = unit.target
    trusted = match.exact and unit.reviewed and trust_reviewed_exact
    if not trusted and "fuzzy" not in entry.flags:
        entry.flags.insert(0, "fuzzy")
    entry.previous_msgid = None if match.exact else unit.source
    entry.previous_msgctxt = None
    kind = "exact" if match.exact else "fuzzy"
    state = "reviewed" if unit.reviewed else "unreviewed"
    doc = f" doc={unit.doc}" if unit.doc else ""
    value = f"{kind} {match.score:.0f} {state}{doc} from={unit.origin}"
    marks.set_mark(entry, marks.TM, marks.draft_value(value, entry))


@dataclass
class Filled:
    """What the memory did for one catalog."""

    lang: str
    doc: str
    path: Path
    exact: int = 0
    fuzzy: int = 0
    written: bool = False


def _memory_inputs(
    project: Project, files: ParsedFiles, catalogs: list[tuple[str, Path]], imports: list[Path]
) -> str:
    """What filling a language depends on: config, its catalogs, every imported memory."""
    parts: list[str | bytes] = [__version__, read_input(project.config_file, project.root)]
    for doc, path in catalogs:
        parts += [doc, files.file_digest(path)]
    for path in imports:
        parts += [path.name, files.file_digest(path)]
    return digest(*parts)


def catalog_key(files: ParsedFiles, lang: str, doc: str, path: Path) -> str:
    """The cache key of the catalog of ``doc`` in ``lang`` at ``path``, as it is now."""
    return files.key(path, "catalog", lang, doc)


def origin(project: Project, path: Path) -> str:
    """How a unit names the file it comes from: its path relative to the project."""
    return _relative(project, path)


def _catalog(project: Project, files: ParsedFiles, lang: str, doc: str, path: Path) -> Parsed:
    """What the memory needs from one catalog: from the cache, else parsed (``po`` set)."""
    from alerti18n.po.pofile import read_po

    cached = files.get(lang, catalog_key(files, lang, doc, path))
    if cached is not None:
        return cached
    po = read_po(path, expect_language=lang)
    return parsed_catalog(po, lang, doc, _relative(project, path))


def parsed_catalog(po: polib.POFile, lang: str, doc: str, origin: str) -> Parsed:
    """What the memory needs from the catalog ``po`` (``doc`` in ``lang``, at ``origin``)."""
    opened = [e.msgid for e in po if needs_memory(e) and not e.msgid_plural]
    open_plural = [(e.msgid, e.msgid_plural) for e in po if needs_memory(e) and e.msgid_plural]
    date = tmx_date(po.metadata.get("PO-Revision-Date", ""))
    plurals = catalog_plurals(po, lang, doc, origin, date)
    units = catalog_units(po, lang, doc, origin)
    return Parsed(units, open=opened, po=po, plurals=plurals, open_plural=open_plural)


def imported_part(project: Project, files: ParsedFiles, lang: str, path: Path) -> Parsed:
    """The units in ``lang`` of one imported memory: from the cache, else parsed (and cached)."""
    cached = files.get(lang, files.key(path, "tmx", lang))
    if cached is not None:
        return cached
    found = read_tmx(path, project.source_language, project.target_languages)
    return _cache_imported(project, files, path, found.units, lang)


def _cache_imported(
    project: Project, files: ParsedFiles, path: Path, units: list[TmUnit], lang: str
) -> Parsed:
    """Cache the units of the memory file ``path`` for every target language; ``lang``'s."""
    origin = _relative(project, path)
    for code in project.target_languages:
        files.put(code, files.key(path, "tmx", code), Parsed(_from(units, code, origin)))
    return Parsed(_from(units, lang, origin))


def _from(units: list[TmUnit], lang: str, origin: str) -> list[TmUnit]:
    return [
        TmUnit(u.source, u.target, u.lang, u.doc, u.reviewed, u.date, origin)
        for u in units
        if u.lang == lang
    ]


def fill(project: Project, langs: list[str] | None = None) -> list[Filled]:
    """Fill untranslated entries from the memory (see the module docstring).

    Every catalog and memory file is read (and so validated) and every
    catalog filled in memory before any is written; each write is atomic.
    A language whose catalogs and memories are unchanged since the last fill
    is skipped. What the memory needs from each file is cached
    (:mod:`alerti18n.memory.cache`): only new or changed files are parsed, and a
    catalog is parsed only when the memory has something for it. A catalog a
    translator saved meanwhile is kept as saved (:mod:`alerti18n.core.commits`).
    """
    from alerti18n.po.pofile import stamp_of

    trust = trust_policy(project)
    state = project_state(project)
    files = ParsedFiles(project.tm_cache_dir, state, project.root)
    plans: list[tuple[Filled, bytes, polib.POFile | None]] = []
    done: list[tuple[str, list[tuple[str, Path]]]] = []
    docs = [project.doc_name(p) for p in project.documents()]
    imports = imported_files(project)
    for lang in project.select_languages(langs):
        found = [(d, project.catalog(lang, d)) for d in docs]
        catalogs = [(d, path) for d, path in found if path is not None]
        inputs = _memory_inputs(project, files, catalogs, imports)
        if state.fresh("tm", lang, inputs, [path for _, path in catalogs]):
            continue
        parsed = {path: _catalog(project, files, lang, doc, path) for doc, path in catalogs}
        imported = [imported_part(project, files, lang, p) for p in imports]
        memory = memory_of([*parsed.values(), *imported])
        done.append((lang, catalogs))
        for doc, path in catalogs:
            result = Filled(lang, doc, path)
            plans.append(_fill_catalog(memory, parsed[path], result, trust.trust_reviewed_exact))
    with Commits("tm fill", project.root) as commits:
        for result, data, po in plans:  # every catalog is staged before any is replaced
            if data:
                commits.stage(result.path, data, stamp_of(po) if po is not None else None)
        written = commits.commit()
        for result, _, po in plans:
            result.written = result.path in written
            if po is not None and commits.ok(result.path):  # parsed here: cache it as it is now
                origin = _relative(project, result.path)
                key = catalog_key(files, result.lang, result.doc, result.path)
                files.put(result.lang, key, parsed_catalog(po, result.lang, result.doc, origin))
        for lang, catalogs in done:
            if all(commits.ok(path) for _, path in catalogs):
                inputs = _memory_inputs(project, files, catalogs, imports)
                state.record("tm", lang, inputs, [path for _, path in catalogs], commits.known)
                files.prune(lang)
        state.save()
    return [result for result, _, _ in plans]


def _fill_catalog(
    memory: Memory, catalog: Parsed, result: Filled, trust_reviewed_exact: bool
) -> tuple[Filled, bytes, polib.POFile | None]:
    """Fill one catalog's open entries from ``memory``, counting into ``result``.

    Returns the result, the catalog's new bytes (empty: nothing to write) and
    the catalog if it was parsed here (None: it came from the cache).
    """
    from alerti18n.po.pofile import format_po, read_po

    found = {m: memory.lookup(m, result.doc) for m in dict.fromkeys(catalog.open)}
    matches = {msgid: match for msgid, match in found.items() if match is not None}
    plural = [pair for pair in catalog.open_plural if pair in memory.plurals]
    if not matches and not plural:
        return result, b"", catalog.po
    po = catalog.po or read_po(result.path, expect_language=result.lang)
    rule = plural_rule(po, result.lang)
    for entry in po:
        if not needs_memory(entry):
            continue
        if entry.msgid_plural:
            match = memory.lookup_plural(entry.msgid, entry.msgid_plural, result.doc, rule)
        else:
            match = matches.get(entry.msgid)
        if match is None:
            continue
        apply(entry, match, trust_reviewed_exact)
        if match.exact:
            result.exact += 1
        else:
            result.fuzzy += 1
    if not result.exact and not result.fuzzy:  # plural units of another rule only
        return result, b"", po
    return result, format_po(po), po


# --- import, export, list, remove -------------------------------------------------------


def _read_memory_file(project: Project, path: Path) -> list[TmUnit]:
    """The units of a TMX or PO file given to ``tm import``."""
    suffix = path.suffix.casefold()
    if suffix == ".tmx":
        return read_tmx(path, project.source_language, project.target_languages).units
    if suffix in (".po", ".pot"):
        from alerti18n.po.pofile import read_po

        po = read_po(path)
        lang = (po.metadata.get("Language") or "").strip()
        match = [t for t in project.target_languages if lang and _same(lang, t)]
        if not match:
            raise MemoryFileError(
                f"the catalog's Language header is {lang or 'empty'}, not one of the "
                f"project's target languages ({', '.join(project.target_languages)})",
                path,
                1,
                hint="set its Language header to the language it is translated into",
            )
        units = catalog_units(po, match[0], path.stem, "")
        plural = sum(bool(e.msgid_plural and state(e).is_translated) for e in po)
        if plural:
            log.warning(
                "%s: %d plural entr%s left out: TMX has no plural forms (a plural entry "
                "is filled from the project's own catalogs)",
                path.name,
                plural,
                "y" if plural == 1 else "ies",
            )
        if not units:
            raise MemoryFileError(
                "the catalog holds no translated entry", path, 1, hint="nothing to import"
            )
        return units
    raise MemoryFileError(
        f"unknown memory format {path.suffix or '(no extension)'}",
        path,
        hint="give a .tmx (TMX 1.4) or .po file",
    )


def _same(code: str, wanted: str) -> bool:
    from alerti18n.memory.tmx import same_language

    return same_language(code, wanted)


def import_files(project: Project, files: list[Path]) -> list[tuple[Path, dict[str, int]]]:
    """Store each file as ``locales/tm/<name>.tmx``; (stored file, units per language).

    Every file is read and validated before anything is written; importing a
    file of the same name again replaces the earlier import.
    """
    stems = [f.stem for f in files]
    for path, stem in zip(files, stems, strict=True):
        # it names locales/tm/<stem>.tmx and every "# tm: ... from=" mark made from it
        check_document_name(stem, path, "an imported memory")
        if stems.count(stem) > 1:
            raise MemoryFileError(
                f"two files named {stem} in one import", path, hint="rename one of them"
            )
    prepared = []
    for path in files:
        units = unique(_read_memory_file(project, path))
        data = write_tmx(units, project.source_language, __version__, imported_from=path.name)
        counts: dict[str, int] = {}
        for unit in units:
            counts[unit.lang] = counts.get(unit.lang, 0) + 1
        prepared.append((tm_dir(project) / f"{path.stem}.tmx", data, units, counts))
    state = project_state(project)
    cache = ParsedFiles(project.tm_cache_dir, state, project.root)
    with Commits("tm import", project.root) as commits:  # all staged: a full disk writes none
        for target, data, _, _ in prepared:
            project.files.existing(target)  # a folder or FIFO in the way is refused
            commits.stage(target, data, None)
        commits.commit()
    for target, _, units, _ in prepared:
        # cached for `tm fill` as the written file reads back (tested), without parsing it again
        _cache_imported(project, cache, target, units, project.target_languages[0])
    state.save()
    return [(target, counts) for target, _, _, counts in prepared]


def unique(units: list[TmUnit]) -> list[TmUnit]:
    """One unit per source, language and translation: the one :func:`choose` prefers."""
    best: dict[tuple[str, str, str], TmUnit] = {}
    for unit in units:
        key = (unit.source, unit.lang, unit.target)
        if key not in best or choose([best[key], unit], unit.doc) is unit:
            best[key] = unit
    return list(best.values())


def export_to(project: Project, output: Path, lang: str | None = None) -> Path:
    """Write the memory (see :func:`export`) to ``output``, which may not be an input of
    the project (a catalog, a source, the config...): the file written."""
    target = project.files.refuse_output(output, "the memory export")
    atomic_write(target, export(project, lang))
    return target


def export(project: Project, lang: str | None = None) -> bytes:
    """The whole memory (catalogs and imports) as TMX 1.4b, sorted, one unit per pair."""
    langs = project.select_languages([lang] if lang else None)
    found: list[TmUnit] = []
    for code in langs:
        found += project_units(project, code) + imported_units(project, code)
    units = sorted(unique(found), key=lambda u: (u.lang, u.source, u.target))
    return write_tmx(units, project.source_language, __version__)


@dataclass(frozen=True)
class ImportedMemory:
    name: str
    path: Path
    imported_from: str
    units: dict[str, int]


def list_imported(project: Project) -> list[ImportedMemory]:
    """Every imported memory with its units per language."""
    found = []
    for path in imported_files(project):
        tmx = read_tmx(path, project.source_language, project.target_languages)
        counts: dict[str, int] = {}
        for unit in tmx.units:
            counts[unit.lang] = counts.get(unit.lang, 0) + 1
        found.append(ImportedMemory(path.stem, path, tmx.imported_from, counts))
    return found


def remove(project: Project, name: str) -> Path:
    """Delete the imported memory ``name`` (as ``tm list`` shows it)."""
    path = tm_dir(project) / f"{Path(name).stem}.tmx"
    if Path(name).name != name or not path.is_file():
        known = ", ".join(p.stem for p in imported_files(project)) or "none"
        raise MemoryFileError(
            f"no imported memory named {name}", tm_dir(project), hint=f"imported: {known}"
        )
    remove_file(path, project.root)
    return path
