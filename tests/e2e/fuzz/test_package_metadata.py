"""Fuzzing Argos packages: their ``metadata.json`` (``mt.package_check``) and whole package
files (``mt.packages.install_file``).

Three inputs: metadata.json bytes (the real one mutated with JSON's tokens) in a package that
is otherwise whole; metadata objects whose fields hypothesis fills with any JSON value; and a
real package file (built at test time) with bytes flipped, dropped or repeated. Each either
installs or is refused with one line naming the package file; what passes has one-line text
fields, language codes by the project's rule, and nothing is left behind but the package.
"""

from __future__ import annotations

import io
import json
import shutil
import zipfile
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from support.argos_factory import build_argosmodel, top_folder
from support.fuzzing import fuzz_settings, mutants, parses_or_refuses

from alerti18n.core.config import validate_language
from alerti18n.core.errors import AlertI18nError
from alerti18n.mt import package_check, packages
from alerti18n.mt.multilingual import package_info

TOP = "translate-en_fr-1_0"
META = {
    "package_version": "1.0",
    "argos_version": "1.9",
    "from_code": "en",
    "from_name": "English",
    "to_code": "fr",
    "to_name": "French",
    "type": "translate",
    "name": "test en-fr",
    "links": ["https://example.org/en_fr.argosmodel"],
}
TOKENS = [
    b'"',
    b"\\n",
    b"\\u0000",
    b"\\ud800",
    b"[",
    b"]",
    b"{",
    b"}",
    b",",
    b":",
    b"null",
    b"true",
    b"1e999",
    b"NaN",
    b"-0",
    b'"../',
    b"/",
    b"..",
    b"\n",
    b"\xff",
    b"\xef\xbb\xbf",
]
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner),
    max_leaves=8,
)


def package_with(metadata: bytes) -> bytes:
    """A package zip whose metadata.json is ``metadata``; model and tokenizer are stand-ins."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(f"{TOP}/metadata.json", metadata)
        zf.writestr(f"{TOP}/model/model.bin", b"\x01" * 64)
        zf.writestr(f"{TOP}/sentencepiece.model", b"\x02" * 64)
    return out.getvalue()


def assert_safe(meta: dict) -> None:
    """What every package that passes holds: codes by the rule, one-line text."""
    for key in ("from_code", "to_code"):
        assert validate_language(meta[key]) == meta[key]
    for key in ("package_version", "from_name", "to_name", "name", "target_prefix"):
        value = meta.get(key, "")
        assert isinstance(value, str) and "\n" not in value and "\x1b" not in value


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz-packages")


@pytest.fixture(scope="module")
def real_package(workdir: Path) -> bytes:
    return build_argosmodel(workdir / "real.argosmodel", layers=(1, 1)).read_bytes()


@given(data=mutants([json.dumps(META, indent=2).encode()], TOKENS))
@fuzz_settings(200)
def test_any_metadata_bytes_validate_or_are_refused(workdir: Path, data: bytes) -> None:
    path = workdir / "meta.argosmodel"
    path.write_bytes(package_with(data))
    result = parses_or_refuses(lambda: package_check.validate_package(path), path, lines=False)
    if not isinstance(result, AlertI18nError):
        assert result[0] == TOP
        assert_safe(result[1])


@given(changes=st.dictionaries(st.sampled_from([*META, "target_prefix", "languages"]), JSON))
@fuzz_settings(200)
def test_any_metadata_values_validate_or_are_refused(workdir: Path, changes: dict) -> None:
    path = workdir / "values.argosmodel"
    meta = {**META, **changes}
    result = parses_or_refuses(lambda: package_check.check_metadata(meta, path), path, False)
    if not isinstance(result, AlertI18nError):
        assert_safe(result)


@given(
    edits=st.lists(st.tuples(st.floats(0, 1, exclude_max=True), st.integers(1, 255)), min_size=1)
)
@example(edits=[(0.295, 0x55), (0.73, 0x55)])  # damaged deflate data: a zlib.error before
@fuzz_settings(40)
def test_any_package_file_installs_or_is_refused_leaving_nothing(
    workdir: Path, real_package: bytes, edits: list[tuple[float, int]]
) -> None:
    """Bytes of a real package flipped (where: a fraction of its length; how: an XOR mask)."""
    damaged = bytearray(real_package)
    for where, mask in edits:
        damaged[int(where * len(damaged))] ^= mask
    path = workdir / "damaged.argosmodel"
    path.write_bytes(bytes(damaged))
    models = workdir / "models"
    shutil.rmtree(models, ignore_errors=True)
    result = parses_or_refuses(lambda: packages.install_file(path, models), path, lines=False)
    left = sorted(p.name for p in models.iterdir()) if models.exists() else []
    if isinstance(result, AlertI18nError):
        assert left == []
    else:
        assert left == [top_folder(path)] and result.from_code == "en"


OURS = st.fixed_dictionaries(
    {},
    optional={
        "family": st.sampled_from(["nllb", "m2m100", "madlad400"]) | JSON,
        "languages": st.lists(st.sampled_from(["eng_Latn", "hye_Armn", "en", "hy"]) | JSON),
        "licence": st.sampled_from(["MIT", "CC-BY-NC-4.0"]) | JSON,
        "quality": st.dictionaries(
            st.sampled_from(["en->hy", "en-hy"]) | st.text(max_size=8),
            st.dictionaries(st.sampled_from(["BLEU", "chrF++"]) | st.text(max_size=5), JSON),
        )
        | JSON,
        "quality_source": st.text(max_size=30) | JSON,
    },
)


@given(ours=OURS | JSON)
@fuzz_settings(200)
def test_any_value_of_our_field_is_read_or_refused(workdir: Path, ours: object) -> None:
    """The "alerti18n" field (a multilingual family, licence, quality figures): what passes
    is one-line text and finite numbers; the rest is one line naming the package."""
    path = workdir / "ours.argosmodel"
    meta = {**META, "alerti18n": ours}
    result = parses_or_refuses(lambda: package_check.check_metadata(meta, path), path, False)
    if not isinstance(result, AlertI18nError):
        info = package_info(result, path)
        assert "\n" not in info.licence + info.quality_source and "\x1b" not in info.quality_source
        assert all(isinstance(v, float) for fs in info.quality.values() for v in fs.values())
