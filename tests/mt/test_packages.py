"""Installing, listing and removing Argos packages; hostile packages are refused."""

from __future__ import annotations

import textwrap
import time
from pathlib import Path

import pytest
from support.argos_factory import build_argosmodel, hostile_packages, no_network_site, run_offline

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
