"""The default engine: an installed Argos package run in-process through CTranslate2.

:class:`ArgosEngine` serves one pair with one package, as
:mod:`alerti18n.mt.routes` found it: a single-pair package (its target
prefix) or a multilingual one (its family's language tokens around each
sentence, see :mod:`alerti18n.mt.multilingual`). It uses the package's
tokenizer (via ``argostranslate.package``) and its CTranslate2 model
directly: segments are already sentences, so Argos' high-level
``translate()`` (which re-splits with MiniSBD and downloads a model to do
so) is never called. Segments are sorted by token length and sent in batches
to ``translate_batch``, which also returns each translation's score: the
draft's confidence (:func:`confidence`). A model is loaded once for all the
pairs it serves at the same time. Nothing here uses the network.

On the CPU, ``mt.threads`` (0: every core) is split into CTranslate2
workers that each decode a part of a batch (``inter_threads``, at most 4)
and threads per worker (``intra_threads``): see :func:`thread_split`. For
the small models Argos ships, two workers of one thread each decode about
1.4× faster on two cores than one worker of two threads
(``benchmarks/bench_libretranslate.py``); the outputs are the same.
"""

from __future__ import annotations

import json
import logging
import math
import os
import threading
import weakref
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from alerti18n.core.errors import ModelError
from alerti18n.core.files import read_input
from alerti18n.mt import packages, routes
from alerti18n.mt.engine import (
    Draft,
    Engine,
    EngineOptions,
    EngineType,
    MissingPackageError,
    Progress,
    as_drafts,
    register,
    setting,
)
from alerti18n.mt.routes import Leg

log = logging.getLogger(__name__)

MAX_WORKERS = 4


@dataclass(frozen=True)
class ArgosOptions(EngineOptions):
    """How the Argos engine decodes (``[tool.alerti18n.mt]``, or pretranslate's options)."""

    engine: ClassVar[str] = "argos"
    beam_size: int = setting(4, int, "Beam search width.", minimum=1)
    threads: int = setting(0, int, "CPU threads (0: auto).")
    device: str = setting("cpu", str, "Where the model runs.", choices=("cpu", "cuda", "auto"))
    max_decoding_length: int = setting(256, int, minimum=1)
    compute_type: str = setting("default", str)
    #: (--models-dir is an option of its own: the models commands take it too)
    models_dir: Path | None = setting(None, Path)

    def output_key(self) -> str:
        """The local options that can change a translation, as stable text."""
        return (
            f"beam={self.beam_size} maxlen={self.max_decoding_length} "
            f"device={self.device} compute={self.compute_type}"
        )


def thread_split(threads: int, device: str) -> tuple[int, int]:
    """(CTranslate2 workers, threads per worker) for ``threads`` CPU threads (0: all cores).

    On a GPU one worker drives the device; on the CPU the threads become
    workers first (at most :data:`MAX_WORKERS`), the rest threads per worker.
    """
    if device != "cpu":
        return 1, threads
    total = threads or os.cpu_count() or 1
    workers = min(total, MAX_WORKERS)
    return workers, max(1, total // workers)


class _Model:
    """A loaded package: its CTranslate2 model, tokenizer and vocabulary.

    One per package and set of loading options, shared by every pair that
    package serves (see :func:`_loaded`): a multilingual model is loaded once
    for all the languages of a run, not once per language.
    """

    def __init__(
        self,
        installed: packages.InstalledPackage,
        options: ArgosOptions,
        split: tuple[int, int] | None = None,
    ) -> None:
        import ctranslate2

        self.workers, threads = split or thread_split(options.threads, options.device)
        pkg = installed.load()
        if getattr(pkg, "tokenizer", None) is None:
            raise ModelError("package has no tokenizer", installed.path)
        self.tokenizer = pkg.tokenizer
        try:
            self.translator = ctranslate2.Translator(
                str(installed.path / "model"),
                device=options.device,
                compute_type=options.compute_type,
                inter_threads=self.workers,
                intra_threads=threads,
            )
        except (RuntimeError, ValueError) as exc:
            raise ModelError(
                f"cannot load the CTranslate2 model: {exc}",
                installed.path / "model",
                hint="reinstall the package, or check mt.device / mt.compute-type",
            ) from None
        self.path = installed.path
        self._vocabulary: frozenset[str] | None = None

    def vocabulary(self) -> frozenset[str]:
        """Every token of the model's vocabularies (read on first use)."""
        if self._vocabulary is None:
            self._vocabulary = frozenset(_read_vocabulary(self.path))
        return self._vocabulary


#: Loaded models, by package and loading options, while an engine uses them.
_LOADED: weakref.WeakValueDictionary[tuple[str, ...], _Model] = weakref.WeakValueDictionary()
_LOADING = threading.Lock()


def _loaded(installed: packages.InstalledPackage, options: ArgosOptions) -> _Model:
    """The package's model, loaded once for every engine that uses it at the same time."""
    workers, threads = thread_split(options.threads, options.device)
    key: tuple[str, ...] = (str(installed.path), installed.version, options.device)
    key += (options.compute_type, str(workers), str(threads))
    with _LOADING:
        model = _LOADED.get(key)
        if model is None:
            model = _LOADED[key] = _Model(installed, options)
        return model


def _read_vocabulary(package: Path) -> list[str]:
    """The tokens of a package's CTranslate2 vocabulary files (JSON lists or one per line),
    read through the file gate: regular files inside the package, capped."""
    tokens: list[str] = []
    for side in ("shared", "source", "target"):
        for suffix in (".json", ".txt"):
            path = package / "model" / f"{side}_vocabulary{suffix}"
            if not path.is_file():
                continue
            data = read_input(path, package, error=ModelError)
            try:
                text = data.decode("utf-8")
                found = json.loads(text) if suffix == ".json" else text.splitlines()
            except (ValueError, RecursionError) as exc:
                raise ModelError(f"unreadable vocabulary: {exc}", path) from None
            tokens += [t for t in found if isinstance(t, str)] if isinstance(found, list) else []
    return tokens


def confidence(score: float, length: int, forced: int = 0) -> float:
    """A draft's confidence from CTranslate2's score (``length_penalty=1``) of a hypothesis of
    ``length`` tokens whose first ``forced`` are the target prefix.

    CTranslate2 divides the log-probabilities of the tokens it chose by the
    whole length, prefix included; the mean over the chosen tokens is thus
    ``score * length / (length - forced)``, and its exponential the geometric
    mean of their probabilities (see :class:`~alerti18n.mt.engine.Draft`).
    """
    chosen = length - forced
    mean = score * length / chosen if chosen > 0 else 0.0
    return round(math.exp(min(mean, 0.0)), 2)


class ArgosEngine:
    """One package serving one pair (a leg), run through its CTranslate2 model in batches.

    The leg's affixes put the family's language tokens around each sentence
    (a multilingual package) or the package's target prefix before its
    translation; each draft's confidence is CTranslate2's score.
    """

    engine = "argos"

    def __init__(self, leg: Leg, options: ArgosOptions) -> None:
        self.leg = leg
        self.installed = leg.package
        self.options = options
        self.affixes = leg.affixes
        self.package = leg.package.name
        self.version = leg.package.version or "0"
        self.calls = 0
        self.segments = 0
        self._model: _Model | None = None

    @property
    def key(self) -> str:
        head = f"{self.engine} {self.package} {self.version} {self.leg.pair}"
        return f"{head} {self.options.output_key()}"

    def _load(self) -> _Model:
        if self._model is None:
            model = _loaded(self.installed, self.options)
            lacking = [t for t in self.affixes.tokens() if t not in model.vocabulary()]
            if lacking:
                raise ModelError(
                    f"the model's vocabulary has no {lacking[0]!r}, which {self.leg.pair} needs",
                    self.installed.path / "model",
                    hint="the package's metadata names the wrong model family or language; "
                    "rebuild it with contrib/multilingual_package.py",
                )
            self._model = model
        return self._model

    def check(self) -> None:
        """Nothing to ask: :func:`open_argos` found the package."""

    def encode(self, text: str) -> list[str]:
        """The tokens the model gets for ``text``: the pieces, with the leg's affixes."""
        pieces = self._load().tokenizer.encode(self.affixes.source_text + text)
        return [*self.affixes.source_tokens, *pieces, *self.affixes.end]

    def decode(self, tokens: list[str]) -> str:
        prefix = list(self.affixes.target_tokens)
        if prefix and tokens[: len(prefix)] == prefix:
            tokens = tokens[len(prefix) :]
        tokenizer = self._load().tokenizer
        if hasattr(tokenizer, "lazy_processor"):  # SentencePiece: keep '_' as it is
            text = tokenizer.lazy_processor().decode_pieces(tokens)
        else:
            text = tokenizer.decode(tokens)
        return text.strip()

    def translate(self, texts: Sequence[str], progress: Progress | None = None) -> list[Draft]:
        """Translate ``texts`` in length-sorted batches; drafts in input order."""
        if not texts:
            return []
        tokens = [self.encode(t) for t in texts]
        model = self._load()
        order = sorted(range(len(texts)), key=lambda i: len(tokens[i]))
        results: list[Draft] = [Draft("")] * len(texts)
        size = self.options.batch_size
        prefix = list(self.affixes.target_tokens)
        for start in range(0, len(order), size):
            chunk = order[start : start + size]
            batch = [tokens[i] for i in chunk]
            outputs = model.translator.translate_batch(
                batch,
                target_prefix=[prefix] * len(batch) if prefix else None,
                beam_size=self.options.beam_size,
                max_decoding_length=self.options.max_decoding_length,
                replace_unknowns=True,
                return_scores=True,
                length_penalty=1.0,  # the score is then the mean log-probability per token
                max_batch_size=-(-len(batch) // model.workers),  # one part per worker
            )
            self.calls += 1
            self.segments += len(batch)
            for i, out in zip(chunk, outputs, strict=True):
                tokens_out = out.hypotheses[0]
                score = confidence(out.scores[0], len(tokens_out), len(prefix))
                results[i] = Draft(self.decode(tokens_out), score)
            if progress:
                progress(len(chunk))
        return results


class PivotEngine:
    """from -> X -> to through two engines; a draft's confidence is the product of both."""

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

    def check(self) -> None:
        self.first.check()
        self.second.check()

    def translate(self, texts: Sequence[str], progress: Progress | None = None) -> list[Draft]:
        middle = as_drafts(self.first.translate(texts))
        final = as_drafts(self.second.translate([d.text for d in middle], progress))
        return [
            Draft(b.text, _product(a.confidence, b.confidence))
            for a, b in zip(middle, final, strict=True)
        ]


def _product(first: float | None, second: float | None) -> float | None:
    return None if first is None or second is None else round(first * second, 2)


def open_argos(from_code: str, to_code: str, options: ArgosOptions) -> Engine:
    """The engine for a pair (see :mod:`alerti18n.mt.routes`); else MissingPackageError."""
    found = routes.route(from_code, to_code, options.models_dir)
    if found.kind == routes.PIVOT:
        first, second = found.legs
        log.info("%s->%s: pivoting through %s", from_code, to_code, first.to_code)
        return PivotEngine(ArgosEngine(first, options), ArgosEngine(second, options))
    if found.legs:
        return ArgosEngine(found.legs[0], options)
    hint = packages.INSTALL_HINT.replace("FROM TO", f"{from_code} {to_code}")
    raise MissingPackageError(
        f"no translation package for {from_code}->{to_code}",
        packages.packages_dir(options.models_dir),
        hint=f"{hint}; or a multilingual package (NLLB-200, M2M-100, MADLAD-400) that has "
        "both languages: see the README, 'Which model for which language'",
    )


register(
    EngineType("argos", "in-process, offline (default)", ArgosOptions, open_argos, default=True)
)

__all__ = ["ArgosEngine", "ArgosOptions", "PivotEngine", "confidence", "open_argos"]
