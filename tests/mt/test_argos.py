"""The in-process Argos engine: batches sorted by length, results in input order, pivots."""

from __future__ import annotations

import json
import math
import os
import zipfile
from pathlib import Path
from typing import Any

import pytest
from support.argos_factory import (
    build_argosmodel,
    build_multilingual,
    fixture_sentences,
    pieces,
    rewrite_zip,
    top_folder,
)

from alerti18n.core.errors import ModelError
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
from alerti18n.mt.routes import find_leg

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
    drafts = engine.translate(texts, progress=seen.append)
    assert [d.text for d in drafts] == texts
    assert engine.calls == 3 and seen == [5, 5, 2]  # ceil(12 / 5) batches
    assert engine.translate([]) == [] and engine.calls == 3
    assert engine.key.startswith("argos translate-en_fr-1_0 1.0 en->fr beam=1 ")


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
        assert [d.text for d in engine.translate(text)] == text and engine.calls == 2
    finally:
        (models_dir.parent / "moved-away").rename(models_dir / "translate-en_fr-1_0")


def test_no_package_names_the_pair_and_the_way_to_get_one(tmp_path: Path) -> None:
    with pytest.raises(MissingPackageError, match=r"no translation package for en->hy") as caught:
        open_argos("en", "hy", ArgosOptions(models_dir=tmp_path))
    assert caught.value.exit_code == 1
    assert "multilingual package (NLLB-200" in str(caught.value)  # the way to Armenian


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
        leg = find_leg("en", "fr", [installed])
        assert leg is not None
        outputs.append(ArgosEngine(leg, options).translate(texts))
    assert outputs[0] == outputs[1] == outputs[2]
    assert len(set(outputs[0])) > len(texts) // 2  # real, varied outputs


# Multilingual packages ------------------------------------------------------------------------


class Recording:
    """The real CTranslate2 translator, noting what each ``translate_batch`` call is given."""

    def __init__(self, real: Any) -> None:
        self.real = real
        self.calls: list[tuple[list[list[str]], list[list[str]] | None]] = []

    def translate_batch(self, source: Any, target_prefix: Any = None, **options: Any) -> Any:
        self.calls.append((source, target_prefix))
        return self.real.translate_batch(source, target_prefix, **options)

    def score_batch(self, *args: Any, **options: Any) -> Any:
        return self.real.score_batch(*args, **options)


@pytest.fixture(scope="module")
def multilingual(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """An NLLB-shaped package (en, hy, ka, am) that copies its input, and a MADLAD-shaped one,
    each installed in a folder of its own ("nllb", "madlad400"), and their files."""
    folder = tmp_path_factory.mktemp("multilingual")
    found = {}
    for family, copy in (("nllb", True), ("madlad400", False)):
        package = build_multilingual(folder, family, ("en", "hy", "ka", "am"), copy=copy)
        packages.install_file(package, folder / family)
        found[family], found[f"{family}.argosmodel"] = folder / family, package
    return found


def recorded(engine: ArgosEngine) -> Recording:
    """Put a :class:`Recording` around the engine's (shared) translator."""
    model = engine._load()
    if not isinstance(model.translator, Recording):
        model.translator = Recording(model.translator)
    return model.translator


def test_one_multilingual_package_serves_three_pairs_with_its_language_tokens(
    multilingual: dict[str, Path],
) -> None:
    options = ArgosOptions(models_dir=multilingual["nllb"], beam_size=1)
    texts = fixture_sentences()[:3]
    engines = {lang: open_argos("en", lang, options) for lang in ("hy", "ka", "am")}
    assert all(isinstance(e, ArgosEngine) for e in engines.values())
    first = engines["hy"]
    assert isinstance(first, ArgosEngine) and first.package == "test-nllb-1_0"
    recorder = recorded(first)
    for engine in engines.values():
        assert isinstance(engine, ArgosEngine) and engine._load() is first._load()  # loaded once
        drafts = engine.translate(texts)
        assert [d.text for d in drafts] == texts  # the copying model, its prefix taken off
        assert all(d.confidence is not None and d.confidence > 0.9 for d in drafts)
    flores = {"hy": "hye_Armn", "ka": "kat_Geor", "am": "amh_Ethi"}  # NLLB's codes
    pieced = sorted(pieces(multilingual["nllb.argosmodel"], text) for text in texts)
    assert len(recorder.calls) == 3
    for (source, prefix), code in zip(recorder.calls, flores.values(), strict=True):
        assert [row[0] for row in source] == ["eng_Latn"] * len(texts)  # NLLB's source token
        assert [row[-1] for row in source] == ["</s>"] * len(texts)
        assert sorted(row[1:-1] for row in source) == pieced  # the sentence as NLLB's tokenizer
        assert prefix == [[code]] * len(texts)  # the target language, first on the target side
    assert len({engine.key for engine in engines.values()}) == 3  # cached apart


def test_madlad_names_the_target_on_the_source_side(multilingual: dict[str, Path]) -> None:
    engine = open_argos("en", "ka", ArgosOptions(models_dir=multilingual["madlad400"]))
    assert isinstance(engine, ArgosEngine) and engine.package == "test-madlad400-1_0"
    recorder = recorded(engine)
    text = "The road is open."
    [draft] = engine.translate([text])
    [(source, prefix)] = recorder.calls
    # the target's token as text before the sentence, cut with it by MADLAD's tokenizer
    assert source == [[*pieces(multilingual["madlad400.argosmodel"], f"<2ka> {text}"), "</s>"]]
    assert "<2ka>" in source[0][:2] and prefix is None
    assert draft.confidence is not None and draft.text


def test_a_language_the_vocabulary_lacks_is_refused_naming_its_token(tmp_path: Path) -> None:
    package = build_multilingual(tmp_path, "nllb", ("en", "hy"))
    top = top_folder(package)
    with zipfile.ZipFile(package) as zf:
        meta = json.loads(zf.read(f"{top}/metadata.json"))
    meta["alerti18n"]["languages"].append("kat_Geor")  # claimed, but not in the vocabulary
    lying = rewrite_zip(
        package,
        tmp_path / "lying.argosmodel",
        drop=["metadata.json"],
        add={f"{top}/metadata.json": json.dumps(meta).encode()},
    )
    packages.install_file(lying, tmp_path / "models")
    engine = open_argos("en", "ka", ArgosOptions(models_dir=tmp_path / "models"))
    with pytest.raises(ModelError, match="vocabulary has no 'kat_Geor', which en->ka needs"):
        engine.translate(["The road is open."])


def test_confidence_is_ctranslate2s_mean_log_probability_per_chosen_token(
    multilingual: Path, tmp_path: Path
) -> None:
    """Against CTranslate2's own scoring of the same tokens (score_batch), with and without a
    target prefix, on random weights (hypotheses cut at the maximum length: no end token)."""
    random = build_multilingual(tmp_path, "nllb", ("en", "hy"), layers=(1, 1), seed=3)
    packages.install_file(random, tmp_path / "models")
    packages.install_file(build_argosmodel(tmp_path, layers=(1, 1), seed=4), tmp_path / "models")
    texts = fixture_sentences()[:4]
    for target in ("hy", "fr"):
        options = ArgosOptions(models_dir=tmp_path / "models", beam_size=2, max_decoding_length=12)
        engine = open_argos("en", target, options)
        assert isinstance(engine, ArgosEngine)
        drafts = engine.translate(texts)
        translator = engine._load().translator
        prefix = list(engine.affixes.target_tokens)
        for text, draft in zip(texts, drafts, strict=True):
            source = engine.encode(text)
            [out] = translator.translate_batch(
                [source], [prefix] if prefix else None, beam_size=2, max_decoding_length=12
            )
            hypothesis = out.hypotheses[0]
            assert len(hypothesis) == 12  # cut: CTranslate2 scores no end token
            [scored] = translator.score_batch([source], [hypothesis])
            chosen = scored.log_probs[len(prefix) : -1]  # score_batch adds the end token
            expected = math.exp(sum(chosen) / len(chosen))
            assert draft.confidence is not None and abs(draft.confidence - expected) <= 0.006
            assert draft.confidence < 0.5  # a model that guesses
