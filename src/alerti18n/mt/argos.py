"""The default engine: an installed Argos package run in-process through CTranslate2.

:class:`ArgosEngine` uses the package's metadata, tokenizer and target prefix
(via ``argostranslate.package``) and its CTranslate2 model directly: segments
are already sentences, so Argos' high-level ``translate()`` (which re-splits
with MiniSBD and downloads a model to do so) is never called. Segments are
sorted by token length and sent in batches to ``translate_batch``. Nothing
here uses the network.

On the CPU, ``mt.threads`` (0: every core) is split into CTranslate2
workers that each decode a part of a batch (``inter_threads``, at most 4)
and threads per worker (``intra_threads``): see :func:`thread_split`. For
the small models Argos ships, two workers of one thread each decode about
1.4× faster on two cores than one worker of two threads
(``benchmarks/bench_libretranslate.py``); the outputs are the same.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

from alerti18n.core.errors import ModelError
from alerti18n.mt import packages
from alerti18n.mt.engine import (
    Engine,
    EngineOptions,
    EngineType,
    MissingPackageError,
    Progress,
    register,
    setting,
)

log = logging.getLogger(__name__)

ARMENIAN_HINT = (
    "en->hy has no Argos package: build one from an OPUS-MT or NLLB model with "
    "CTranslate2's converter, see the README"
)


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


class ArgosEngine:
    """One installed Argos package, run through its CTranslate2 model in batches."""

    engine = "argos"

    def __init__(self, installed: packages.InstalledPackage, options: ArgosOptions) -> None:
        self.installed = installed
        self.options = options
        self.package = installed.name
        self.version = installed.version or "0"
        self.calls = 0
        self.segments = 0
        self._translator: Any = None
        self._workers, self._threads_per_worker = thread_split(options.threads, options.device)
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
                inter_threads=self._workers,
                intra_threads=self._threads_per_worker,
            )
        except (RuntimeError, ValueError) as exc:
            raise ModelError(
                f"cannot load the CTranslate2 model: {exc}",
                self.installed.path / "model",
                hint="reinstall the package, or check mt.device / mt.compute-type",
            ) from None
        self._argos = pkg

    def check(self) -> None:
        """Nothing to ask: :func:`open_argos` found the package."""

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

    def translate(self, texts: Sequence[str], progress: Progress | None = None) -> list[str]:
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
                max_batch_size=-(-len(batch) // self._workers),  # one part per worker
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

    def check(self) -> None:
        self.first.check()
        self.second.check()

    def translate(self, texts: Sequence[str], progress: Progress | None = None) -> list[str]:
        return self.second.translate(self.first.translate(texts), progress)


def open_argos(from_code: str, to_code: str, options: ArgosOptions) -> Engine:
    """The engine for a pair: a direct package, else a pivot; else MissingPackageError."""
    direct = packages.find_package(from_code, to_code, options.models_dir)
    if direct is not None:
        return ArgosEngine(direct, options)
    pivot = packages.find_pivot(from_code, to_code, options.models_dir)
    if pivot is not None:
        log.info("%s->%s: pivoting through %s", from_code, to_code, pivot[0].to_code)
        return PivotEngine(ArgosEngine(pivot[0], options), ArgosEngine(pivot[1], options))
    hint = (
        f"{packages.INSTALL_HINT}; {ARMENIAN_HINT}"
        if to_code == "hy"
        else f"{packages.INSTALL_HINT.replace('FROM TO', f'{from_code} {to_code}')}"
    )
    raise MissingPackageError(
        f"no translation package for {from_code}->{to_code}",
        packages.packages_dir(options.models_dir),
        hint=hint,
    )


register(
    EngineType("argos", "in-process, offline (default)", ArgosOptions, open_argos, default=True)
)

__all__ = ["ARMENIAN_HINT", "ArgosEngine", "ArgosOptions", "PivotEngine", "open_argos"]
