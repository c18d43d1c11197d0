"""The in-process Argos engine: batches sorted by length, results in input order, pivots."""

from __future__ import annotations

from pathlib import Path

import pytest
from argos_factory import build_argosmodel, fixture_sentences

from alerti18n.mt import packages
from alerti18n.mt.argos import ArgosEngine, PivotEngine, open_argos
from alerti18n.mt.engine import MissingPackageError, MTOptions


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
    options = MTOptions(models_dir=models_dir, batch_size=5, beam_size=1)
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
        engine = open_argos("en", "fr", MTOptions(models_dir=models_dir, beam_size=1))
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
        open_argos("en", "hy", MTOptions(models_dir=tmp_path))
    assert caught.value.exit_code == 1
    assert "OPUS-MT or NLLB" in str(caught.value)  # Armenian has no Argos package: how to build
