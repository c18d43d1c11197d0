"""Installing, listing and removing Argos packages; hostile packages are refused."""

from __future__ import annotations

import json
import logging
import textwrap
import time
import zipfile
from pathlib import Path

import pytest
from support.argos_factory import (
    build_argosmodel,
    build_multilingual,
    hostile_packages,
    no_network_site,
    rewrite_zip,
    run_offline,
    top_folder,
)

from alerti18n.core.errors import ModelError
from alerti18n.mt import packages as models

LIMIT = 2 * 1024 * 1024  # the tiny package's largest member is well under this


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_argosmodel(tmp_path_factory.mktemp("pkg"))


@pytest.fixture(scope="module")
def hostile(package: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return hostile_packages(package, tmp_path_factory.mktemp("hostile"))


def test_install_list_remove(package: Path, tmp_path: Path) -> None:
    installed = models.install_file(package, tmp_path)
    assert (installed.from_code, installed.to_code, installed.version) == ("en", "fr", "1.0")
    assert installed.path.parent == tmp_path.resolve() and installed.size > 0
    assert (installed.path / "model" / "model.bin").is_file()
    assert installed.load().tokenizer is not None  # Argos itself reads it
    assert models.list_packages(tmp_path) == [installed]
    assert models.find_package("en", "fr", tmp_path) == installed
    assert models.find_package("en", "hy", tmp_path) is None
    assert [p.name for p in tmp_path.iterdir()] == [installed.name]  # no staging left
    models.install_file(package, tmp_path)  # same name again: replaced, not doubled
    assert len(models.list_packages(tmp_path)) == 1
    models.remove_package("en-fr", tmp_path)
    assert models.list_packages(tmp_path) == []


def test_newest_version_wins(tmp_path: Path) -> None:
    for version in ("1.9", "1.10"):
        build_argosmodel(tmp_path / f"v{version}.argosmodel", version=version)
        models.install_file(tmp_path / f"v{version}.argosmodel", tmp_path / "m")
    assert models.find_package("en", "fr", tmp_path / "m").version == "1.10"
    with pytest.raises(ModelError, match="ambiguous"):
        models.remove_package("en-fr", tmp_path / "m")


def test_remove_unknown(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="no single package"):
        models.remove_package("../etc", tmp_path)


def test_location_order(package: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(tmp_path / "env"))
    assert models.packages_dir() == (tmp_path / "env").resolve()
    assert models.packages_dir(tmp_path / "arg") == (tmp_path / "arg").resolve()
    models.install_file(package)
    assert [p.name for p in models.list_packages()] == ["translate-en_fr-1_0"]
    assert models.list_packages(tmp_path / "arg") == []


@pytest.mark.parametrize(
    ("kind", "message"),
    [
        ("not-a-zip", "not a zip"),
        ("truncated", "not a zip|corrupt"),
        ("dotdot", "escapes"),
        ("absolute", "absolute path"),
        ("symlink", "link"),
        ("two-tops", "one top folder"),
        ("no-metadata", "no metadata.json"),
        ("bad-metadata", "invalid metadata.json"),
        ("wrong-type", "not 'translate'"),
        ("no-model", "no model/"),
        ("no-tokenizer", "no tokenizer"),
        ("oversized", "too large"),
    ],
)
def test_hostile_package_refused(
    hostile: dict[str, Path], kind: str, message: str, tmp_path: Path
) -> None:
    target = tmp_path / "models"
    with pytest.raises(ModelError, match=message) as info:
        models.install_file(hostile[kind], target, max_member=LIMIT)
    assert info.value.hint and info.value.path == hostile[kind]
    assert not target.exists() or list(target.iterdir()) == []
    assert not (tmp_path / "escaped.txt").exists()
    assert not Path("/tmp/alerti18n-absolute.txt").exists()


@pytest.fixture(scope="module")
def multilingual(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_multilingual(tmp_path_factory.mktemp("multi"), "m2m100", ("en", "hy"))


def with_metadata(package: Path, dest: Path, **ours: object) -> Path:
    """``package`` with its metadata's "alerti18n" field changed."""
    top = top_folder(package)
    with zipfile.ZipFile(package) as zf:
        meta = json.loads(zf.read(f"{top}/metadata.json"))
    meta["alerti18n"] = {**meta.get("alerti18n", {}), **ours}
    new = json.dumps(meta).encode()
    return rewrite_zip(package, dest, drop=["metadata.json"], add={f"{top}/metadata.json": new})


def test_a_multilingual_package_installs_and_lists_its_family(
    multilingual: Path, tmp_path: Path
) -> None:
    installed = models.install_file(multilingual, tmp_path / "models")
    assert installed.pair == "multi" and installed.info.family is not None
    assert installed.info.family.name == "m2m100" and installed.info.languages == {"en", "hy"}
    assert installed.info.licence == "MIT"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"family": "marian"}, "unknown model family 'marian'"),
        ({"languages": ["en", "tlh"]}, "'tlh' is not a M2M-100 language code"),
        ({"quality_source": "card\x1b[2J"}, "quality_source must be one line of text"),
    ],
)
def test_our_fields_are_checked_before_anything_is_unpacked(
    multilingual: Path, tmp_path: Path, change: dict, message: str
) -> None:
    bad = with_metadata(multilingual, tmp_path / "bad.argosmodel", **change)
    with pytest.raises(ModelError, match=message) as info:
        models.install_file(bad, tmp_path / "models")
    assert info.value.exit_code == 2 and not (tmp_path / "models").exists()


def test_a_multilingual_package_needs_a_sentencepiece_model(
    multilingual: Path, tmp_path: Path
) -> None:
    bpe = tmp_path / "bpe.argosmodel"
    top = top_folder(multilingual)
    with zipfile.ZipFile(multilingual) as zf:
        tokenizer = zf.read(f"{top}/sentencepiece.model")
    rewrite_zip(
        multilingual, bpe, drop=["sentencepiece.model"], add={f"{top}/bpe.model": tokenizer}
    )
    with pytest.raises(ModelError, match="multilingual package has no sentencepiece.model"):
        models.install_file(bpe, tmp_path / "models")


def test_an_installed_package_with_bad_fields_is_left_out_with_a_warning(
    multilingual: Path,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(logging.getLogger("alerti18n"), "propagate", True)  # the CLI stops it
    installed = models.install_file(multilingual, tmp_path / "models")
    meta_path = installed.path / "metadata.json"
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    meta["alerti18n"]["family"] = "nllb-9000"
    meta_path.write_text(json.dumps(meta), encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="alerti18n"):
        assert models.list_packages(tmp_path / "models") == []
    assert "unknown model family 'nllb-9000'" in caplog.text and "package ignored" in caplog.text


def test_lying_sizes_are_counted(package: Path, tmp_path: Path) -> None:
    """A member bigger than the limit is refused even before extraction."""
    with pytest.raises(ModelError, match="too large|limit"):
        models.install_file(package, tmp_path, max_member=1000)
    with pytest.raises(ModelError, match="unpacks to"):
        models.install_file(package, tmp_path, max_total=1000)


def test_from_index_unreachable_fails_fast(tmp_path: Path) -> None:
    start = time.monotonic()
    with pytest.raises(ModelError, match="cannot reach") as info:
        models.install_from_index("en", "fr", tmp_path, url="http://127.0.0.1:9/index.json")
    assert time.monotonic() - start < 5
    assert "offline" in info.value.hint and "models install" in info.value.hint


def test_from_index_offline_subprocess(tmp_path: Path) -> None:
    """With every socket refused, the default index fails clearly within seconds."""
    site = no_network_site(tmp_path)
    code = textwrap.dedent(
        f"""
        from alerti18n.mt import packages as models
        from alerti18n.core.errors import ModelError
        try:
            models.install_from_index("en", "fr", {str(tmp_path / "m")!r}, timeout=3)
        except ModelError as exc:
            print("ERROR", exc)
        """
    )
    start = time.monotonic()
    result = run_offline(code, site, tmp_path)
    assert time.monotonic() - start < 20
    assert "ERROR cannot reach" in result.stdout, result.stderr
    assert (tmp_path / "attempts.log").read_text().strip()  # it did try, and was blocked
