"""Offline machine pre-translation: untranslated entries become fuzzy, marked drafts.

Engines sit behind :class:`Engine`. :class:`ArgosEngine` uses an installed
Argos package (metadata, tokenizer and target prefix via
``argostranslate.package``) and its CTranslate2 model directly: segments are
already sentences, so Argos' high-level ``translate()`` (which re-splits
with MiniSBD and downloads a model to do so) is never called. Segments are
sorted by token length and sent in batches to ``translate_batch``.

Raw MT output is cached in ``.alerti18n/mt-cache/`` (SQLite), keyed by
engine, package, package version, the options that change output (beam
size, decoding limit, device, compute type) and the protected source text,
so a second run with nothing new makes no model call.

Only entries that are untranslated (empty msgstr, not fuzzy, not obsolete)
are touched; every result is fuzzy and carries ``# mt: argos PACKAGE
VERSION sha=...`` (see :mod:`alerti18n.marks`), plus ``# mt-warning:`` when
a placeholder did not survive.
"""

from __future__ import annotations

import hashlib
import logging
import sqlite3
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import polib

from alerti18n import marks, models
from alerti18n.config import Project
from alerti18n.entrystate import untouched
from alerti18n.errors import ConfigError, ModelError
from alerti18n.glossary import Glossary, load_glossary
from alerti18n.pofile import read_po, write_po
from alerti18n.protect import Protected, protect, restore

log = logging.getLogger(__name__)

Progress = Callable[[int, int], None]

ARMENIAN_HINT = (
    "en->hy has no Argos package: build one from an OPUS-MT or NLLB model with "
    "CTranslate2's converter, see the README"
)


class MissingPackageError(ModelError):
    """No installed package (direct or by pivot) for a language pair: exit code 1."""

    exit_code = 1


@dataclass(frozen=True)
class MTOptions:
    """Decoding options; ``project.mt`` keys are the same names with dashes."""

    batch_size: int = 32
    beam_size: int = 4
    threads: int = 0
    device: str = "cpu"
    max_decoding_length: int = 256
    compute_type: str = "default"
    models_dir: Path | None = None

    @classmethod
    def from_project(cls, project: Project, **overrides: Any) -> MTOptions:
        """Options from ``[tool.alerti18n.mt]``, then ``overrides`` that are not None."""
        values: dict[str, Any] = {}
        ints = ("batch_size", "beam_size", "threads", "max_decoding_length")
        for key, raw in project.mt.items():
            name = key.replace("-", "_")
            if name not in cls.__dataclass_fields__:
                raise ConfigError(
                    f"unknown mt setting '{key}'",
                    project.config_file,
                    hint="mt takes batch-size, beam-size, threads, device, "
                    "max-decoding-length, compute-type, models-dir",
                )
            if name in ints and (not isinstance(raw, int) or isinstance(raw, bool) or raw < 0):
                raise ConfigError(
                    f"mt.{key} must be a whole number", project.config_file, hint=f"{key} = 4"
                )
            values[name] = raw
        if values.get("models_dir"):
            values["models_dir"] = (project.root / str(values["models_dir"])).resolve()
        values.update({k: v for k, v in overrides.items() if v is not None})
        options = cls(**values)
        if options.batch_size < 1 or options.beam_size < 1 or options.max_decoding_length < 1:
            raise ConfigError(
                "mt batch-size, beam-size and max-decoding-length must be at least 1",
                project.config_file,
            )
        return options

    def output_key(self) -> str:
        """The options that can change a translation, as stable text."""
        return (
            f"beam={self.beam_size} maxlen={self.max_decoding_length} "
            f"device={self.device} compute={self.compute_type}"
        )


class Engine(Protocol):
    """Translates sentences; ``calls`` counts model invocations."""

    engine: str
    package: str
    version: str

    @property
    def calls(self) -> int: ...

    @property
    def key(self) -> str: ...

    def translate(
        self, texts: Sequence[str], progress: Callable[[int], None] | None = None
    ) -> list[str]: ...


class ArgosEngine:
    """One installed Argos package, run through its CTranslate2 model in batches."""

    engine = "argos"

    def __init__(self, installed: models.InstalledPackage, options: MTOptions) -> None:
        self.installed = installed
        self.options = options
        self.package = installed.name
        self.version = installed.version or "0"
        self.calls = 0
        self.segments = 0
        self._translator: Any = None
        self._argos: Any = None

    @property
    def key(self) -> str:
        return f"{self.engine} {self.package} {self.version} {self.options.output_key()}"

    def _load(self) -> None:
        import ctranslate2

        pkg = self.installed.load()
        if getattr(pkg, "tokenizer", None) is None:
            raise ModelError("package has no tokenizer", self.installed.path)
        try:
            self._translator = ctranslate2.Translator(
                str(self.installed.path / "model"),
                device=self.options.device,
                compute_type=self.options.compute_type,
                inter_threads=1,
                intra_threads=self.options.threads,
            )
        except (RuntimeError, ValueError) as exc:
            raise ModelError(
                f"cannot load the CTranslate2 model: {exc}",
                self.installed.path / "model",
                hint="reinstall the package, or check mt.device / mt.compute-type",
            ) from None
        self._argos = pkg

    def encode(self, text: str) -> list[str]:
        if self._argos is None:
            self._load()
        return list(self._argos.tokenizer.encode(text))

    def decode(self, tokens: list[str]) -> str:
        prefix = self._argos.target_prefix
        if prefix and tokens and tokens[0] == prefix:
            tokens = tokens[1:]
        tokenizer = self._argos.tokenizer
        if hasattr(tokenizer, "lazy_processor"):  # SentencePiece: keep '_' as it is
            text = tokenizer.lazy_processor().decode_pieces(tokens)
        else:
            text = tokenizer.decode(tokens)
        return text.strip()

    def translate(
        self, texts: Sequence[str], progress: Callable[[int], None] | None = None
    ) -> list[str]:
        """Translate ``texts`` in length-sorted batches; results in input order."""
        if not texts:
            return []
        tokens = [self.encode(t) for t in texts]
        order = sorted(range(len(texts)), key=lambda i: len(tokens[i]))
        results: list[str] = [""] * len(texts)
        size = self.options.batch_size
        prefix = self._argos.target_prefix
        for start in range(0, len(order), size):
            chunk = order[start : start + size]
            batch = [tokens[i] for i in chunk]
            outputs = self._translator.translate_batch(
                batch,
                target_prefix=[[prefix]] * len(batch) if prefix else None,
                beam_size=self.options.beam_size,
                max_decoding_length=self.options.max_decoding_length,
                replace_unknowns=True,
            )
            self.calls += 1
            self.segments += len(batch)
            for i, out in zip(chunk, outputs, strict=True):
                results[i] = self.decode(out.hypotheses[0])
            if progress:
                progress(len(chunk))
        return results


class PivotEngine:
    """from -> X -> to through two engines."""

    def __init__(self, first: Engine, second: Engine) -> None:
        self.first, self.second = first, second
        self.engine = first.engine
        self.package = f"{first.package}+{second.package}"
        self.version = f"{first.version}+{second.version}"

    @property
    def calls(self) -> int:
        return self.first.calls + self.second.calls

    @property
    def key(self) -> str:
        return f"pivot({self.first.key} | {self.second.key})"

    def translate(
        self, texts: Sequence[str], progress: Callable[[int], None] | None = None
    ) -> list[str]:
        return self.second.translate(self.first.translate(texts), progress)


def open_engine(from_code: str, to_code: str, options: MTOptions) -> Engine:
    """The engine for a pair: a direct package, else a pivot; else MissingPackageError."""
    direct = models.find_package(from_code, to_code, options.models_dir)
    if direct is not None:
        return ArgosEngine(direct, options)
    pivot = models.find_pivot(from_code, to_code, options.models_dir)
    if pivot is not None:
        log.info("%s->%s: pivoting through %s", from_code, to_code, pivot[0].to_code)
        return PivotEngine(ArgosEngine(pivot[0], options), ArgosEngine(pivot[1], options))
    hint = (
        f"{models.INSTALL_HINT}; {ARMENIAN_HINT}"
        if to_code == "hy"
        else f"{models.INSTALL_HINT.replace('FROM TO', f'{from_code} {to_code}')}"
    )
    raise MissingPackageError(
        f"no translation package for {from_code}->{to_code}",
        models.packages_dir(options.models_dir),
        hint=hint,
    )


class TranslationCache:
    """Raw MT output by (engine key, protected source), in one SQLite file."""

    def __init__(self, folder: Path) -> None:
        self.path = folder / "translations.sqlite3"
        self._db: sqlite3.Connection | None = None

    def _conn(self) -> sqlite3.Connection:
        if self._db is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(self.path)
            self._db.execute(
                "CREATE TABLE IF NOT EXISTS mt (key TEXT, source TEXT, target TEXT, "
                "PRIMARY KEY (key, source))"
            )
        return self._db

    @staticmethod
    def _key(engine_key: str) -> str:
        return hashlib.sha256(engine_key.encode("utf-8")).hexdigest()

    def get(self, engine_key: str, sources: Iterable[str]) -> dict[str, str]:
        if not self.path.exists() and self._db is None:
            return {}
        key, found = self._key(engine_key), {}
        db = self._conn()
        for source in sources:
            row = db.execute(
                "SELECT target FROM mt WHERE key = ? AND source = ?", (key, source)
            ).fetchone()
            if row:
                found[source] = row[0]
        return found

    def put(self, engine_key: str, pairs: dict[str, str]) -> None:
        key = self._key(engine_key)
        with self._conn() as db:
            db.executemany(
                "INSERT OR REPLACE INTO mt VALUES (?, ?, ?)",
                [(key, s, t) for s, t in pairs.items()],
            )

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None


@dataclass
class Summary:
    """What pretranslate did for one catalog."""

    lang: str
    doc: str
    path: Path
    translated: int = 0
    skipped: int = 0
    from_cache: int = 0
    seconds: float = 0.0
    warnings: int = 0
    written: bool = False


def needs_draft(entry: polib.POEntry) -> bool:
    """True for a live entry nobody has translated (empty msgstr, not fuzzy)."""
    return untouched(entry)


@dataclass
class _Job:
    """One catalog to fill: its entries and their protected sources."""

    summary: Summary
    po: polib.POFile
    engine: Engine
    entries: list[polib.POEntry]
    sources: list[list[Protected]] = field(default_factory=list)


def pretranslate(
    project: Project,
    langs: Sequence[str] | None = None,
    dry_run: bool = False,
    progress: Progress | None = None,
    skip_missing: bool = False,
    options: MTOptions | None = None,
    engine_factory: Callable[[str, str], Engine] | None = None,
) -> list[Summary]:
    """Fill untranslated entries of ``locales/<lang>/<doc>.po`` with marked fuzzy drafts.

    ``skip_missing`` logs a warning for a language without a package and goes
    on (``alerti18n run``); otherwise that raises :class:`MissingPackageError`.
    ``dry_run`` counts what would be translated: no model call, no write.
    """
    options = options or MTOptions.from_project(project)
    factory = engine_factory or (lambda src, dst: open_engine(src, dst, options))
    glossary = load_glossary(project.glossary, project.source_language, project.languages)
    docs = [project.doc_name(p) for p in project.documents()]
    jobs = []
    for lang in project.select_languages(list(langs) if langs else None):
        try:
            engine = factory(project.source_language, lang)
        except MissingPackageError as exc:
            if not skip_missing:
                raise
            log.warning("skipping %s->%s: %s", project.source_language, lang, exc.message)
            continue
        for doc in docs:
            job = _plan(project, lang, doc, engine, glossary)
            if job is not None:
                jobs.append(job)
    cache = TranslationCache(project.state_dir / "mt-cache")
    total = sum(len(p) for job in jobs for p in job.sources)
    done = 0
    if progress:
        progress(0, total)

    def advance(count: int) -> None:
        nonlocal done
        done += count
        if progress and count:
            progress(done, total)

    try:
        for job in jobs:
            _run(project, job, cache, dry_run, advance)
    finally:
        cache.close()
    return [job.summary for job in jobs]


def _plan(project: Project, lang: str, doc: str, engine: Engine, glossary: Glossary) -> _Job | None:
    path = project.po_path(lang, doc)
    if not path.is_file():
        log.warning("%s: no catalog yet, run 'alerti18n update' first", path)
        return None
    po = read_po(path, expect_language=lang)
    live = [e for e in po if not e.obsolete and e.msgid]
    todo = [e for e in live if needs_draft(e)]
    summary = Summary(lang, doc, path, skipped=len(live) - len(todo))
    job = _Job(summary, po, engine, todo)
    for entry in todo:
        texts = [entry.msgid] + ([entry.msgid_plural] if entry.msgid_plural else [])
        job.sources.append([protect(t, glossary, lang) for t in texts])
    return job


def _run(
    project: Project,
    job: _Job,
    cache: TranslationCache,
    dry_run: bool,
    advance: Callable[[int], None],
) -> None:
    start = time.perf_counter()
    unique = list(dict.fromkeys(p.text for group in job.sources for p in group))
    cached = cache.get(job.engine.key, unique)
    missing = [t for t in unique if t not in cached]
    per_text = {t: 0 for t in unique}
    for group in job.sources:
        for p in group:
            per_text[p.text] += 1
    advance(sum(per_text[t] for t in cached))
    if dry_run:
        advance(sum(per_text[t] for t in missing))
        fresh: dict[str, str] = {}
    else:
        outputs = job.engine.translate(missing, progress=advance) if missing else []
        fresh = dict(zip(missing, outputs, strict=True))
        if fresh:
            cache.put(job.engine.key, fresh)
        advance(sum(per_text[t] for t in missing) - len(missing))  # repeated texts
    summary = job.summary
    for entry, group in zip(job.entries, job.sources, strict=True):
        summary.translated += 1
        if all(p.text in cached for p in group):
            summary.from_cache += 1
        if dry_run:
            continue
        raw = {**cached, **fresh}
        restored = [restore(raw[p.text], p) for p in group]
        summary.warnings += _apply(entry, job.engine, restored, job.po)
    if not dry_run and summary.translated:
        summary.written = write_po(job.po, summary.path, root=project.root)
    summary.seconds = round(time.perf_counter() - start, 3)
    log.info(
        "%s/%s: %d translated (%d from cache), %d skipped, %.2f s",
        summary.lang,
        summary.doc,
        summary.translated,
        summary.from_cache,
        summary.skipped,
        summary.seconds,
    )


def _apply(entry: polib.POEntry, engine: Engine, restored: list, po: polib.POFile) -> int:
    """Store a draft in ``entry``: msgstr, fuzzy, marks. Returns 1 if it has a warning."""
    if entry.msgid_plural:
        plural = restored[-1].text
        count = max(len(entry.msgstr_plural), _nplurals(po))
        entry.msgstr_plural = {i: restored[0].text if i == 0 else plural for i in range(count)}
    else:
        entry.msgstr = restored[0].text
    if "fuzzy" not in entry.flags:
        entry.flags.append("fuzzy")
    problems = [problem for r in restored for problem in r.problems]
    marks.drop_marks(entry, marks.MT_WARNING)
    if problems:
        marks.set_mark(entry, marks.MT_WARNING, "; ".join(problems))
    marks.set_mark(
        entry,
        marks.MT,
        f"{engine.engine} {engine.package} {engine.version} sha={marks.fingerprint(entry)}",
    )
    return 1 if problems else 0


def _nplurals(po: polib.POFile) -> int:
    forms = po.metadata.get("Plural-Forms", "")
    try:
        return int(forms.split("nplurals=")[1].split(";")[0])
    except (IndexError, ValueError):
        return 2


__all__ = [
    "ArgosEngine",
    "Engine",
    "MTOptions",
    "MissingPackageError",
    "PivotEngine",
    "Summary",
    "TranslationCache",
    "needs_draft",
    "open_engine",
    "pretranslate",
]
