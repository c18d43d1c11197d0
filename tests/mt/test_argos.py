"""The in-process Argos engine: batches sorted by length, results in input order, pivots."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from support.argos_factory import build_argosmodel, fixture_sentences

from alerti18n.mt import packages
from alerti18n.mt.argos import (
    MAX_WORKERS,
    ArgosEngine,
    ArgosOptions,
    PivotEngine,
    open_argos,
    thread_split,
)
from alerti18n.mt.engine import MissingPackageError

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def models_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("argos")
    for src, dst in (("en", "fr"), ("en", "de"), ("de", "fr")):
        package = build_argosmodel(folder / f"{src}_{dst}.argosmodel", src, dst, copy=True)
        packages.install_file(package, folder / "models")
    return folder / "models"


def test_results_come_back_in_input_order_whatever_the_batching(models_dir: Path) -> None:
    """The copying package makes the expected output the input itself."""
    texts = sorted(fixture_sentences()[:12], key=len, reverse=True)  # longest first
    options = ArgosOptions(models_dir=models_dir, batch_size=5, beam_size=1)
    engine = open_argos("en", "fr", options)
    assert isinstance(engine, ArgosEngine)
    seen: list[int] = []
    assert engine.translate(texts, progress=seen.append) == texts
    assert engine.calls == 3 and seen == [5, 5, 2]  # ceil(12 / 5) batches
    assert engine.translate([]) == [] and engine.calls == 3
    assert engine.key.startswith("argos translate-en_fr-1_0 1.0 beam=1 ")


def test_a_pivot_chains_two_packages_when_there_is_no_direct_one(models_dir: Path) -> None:
    (models_dir / "translate-en_fr-1_0").rename(models_dir.parent / "moved-away")
    try:
        engine = open_argos("en", "fr", ArgosOptions(models_dir=models_dir, beam_size=1))
        assert isinstance(engine, PivotEngine)
        assert (engine.package, engine.version) == (
            "translate-en_de-1_0+translate-de_fr-1_0",
            "1.0+1.0",
        )
        text = ["The road to the hospital is open again."]
        assert engine.translate(text) == text and engine.calls == 2
    finally:
        (models_dir.parent / "moved-away").rename(models_dir / "translate-en_fr-1_0")


def test_no_package_names_the_pair_and_the_way_to_get_one(tmp_path: Path) -> None:
    with pytest.raises(MissingPackageError, match=r"no translation package for en->hy") as caught:
        open_argos("en", "hy", ArgosOptions(models_dir=tmp_path))
    assert caught.value.exit_code == 1
    assert "OPUS-MT or NLLB" in str(caught.value)  # Armenian has no Argos package: how to build


def test_threads_become_workers_first() -> None:
    assert thread_split(1, "cpu") == (1, 1)
    assert thread_split(2, "cpu") == (2, 1)
    assert thread_split(16, "cpu") == (MAX_WORKERS, 16 // MAX_WORKERS)
    assert thread_split(0, "cpu") == thread_split(os.cpu_count() or 1, "cpu")
    assert thread_split(8, "cuda") == (1, 8)  # one worker drives the GPU


def test_splitting_a_batch_across_workers_changes_no_output(tmp_path: Path) -> None:
    """A random-weight model, so every token of every output is the model's own choice."""
    texts = fixture_sentences()
    package = build_argosmodel(tmp_path / "random.argosmodel", layers=(1, 1))
    installed = packages.install_file(package, tmp_path / "models")
    outputs = []
    for threads in (1, 2, 3):
        options = ArgosOptions(models_dir=tmp_path / "models", threads=threads, batch_size=7)
        outputs.append(ArgosEngine(installed, options).translate(texts))
    assert outputs[0] == outputs[1] == outputs[2]
    assert len(set(outputs[0])) > len(texts) // 2  # real, varied outputs
