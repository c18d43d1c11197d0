"""What a package must be before it is installed (alerti18n.mt.package_check).

Whole hostile packages, through ``models install``, are in tests/e2e/hostile/test_packages.py;
here the rules one by one, on the metadata of a real package built at test time.
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from support.argos_factory import HOSTILE_METADATA, build_argosmodel, rewrite_zip, top_folder

from alerti18n.core.errors import ModelError
from alerti18n.mt import package_check


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_argosmodel(tmp_path_factory.mktemp("pkg"), layers=(1, 1))


@pytest.fixture(scope="module")
def meta(package: Path) -> dict:
    with zipfile.ZipFile(package) as zf:
        return json.loads(zf.read(f"{top_folder(package)}/metadata.json"))


def test_a_real_package_passes_and_its_metadata_is_returned(package: Path, meta: dict) -> None:
    assert package_check.validate_package(package) == (top_folder(package), meta)
    full = {**meta, "target_prefix": "__fr__", "from_codes": ["en"], "languages": []}
    assert package_check.check_metadata(full, package) == full


@pytest.mark.parametrize("kind", sorted(HOSTILE_METADATA))
def test_each_hostile_field_is_refused_naming_the_field(
    meta: dict, package: Path, kind: str
) -> None:
    change = HOSTILE_METADATA[kind]
    with pytest.raises(ModelError) as caught:
        package_check.check_metadata({**meta, **change}, package)
    assert next(iter(change)) in caught.value.message
    assert "\n" not in caught.value.message and caught.value.hint
    assert caught.value.path == package


@pytest.mark.parametrize("value", [None, [], "translate\n", "sbd"])
def test_only_translate_packages_pass(meta: dict, package: Path, value: object) -> None:
    with pytest.raises(ModelError, match="not 'translate'"):
        package_check.check_metadata({**meta, "type": value}, package)
    with pytest.raises(ModelError, match="not an object"):
        package_check.check_metadata([meta], package)


def test_codes_are_held_to_the_projects_language_rule(meta: dict, package: Path) -> None:
    for good in ("en", "pt_BR", "zh-Hant", "hy"):
        package_check.check_metadata({**meta, "to_code": good}, package)
    for bad in ("", "e", "english", "../x", "fr/x", "fr\n", "zz"):
        with pytest.raises(ModelError, match="to_code"):
            package_check.check_metadata({**meta, "to_code": bad}, package)


def test_the_unpacked_size_is_bounded_by_the_files_size_and_the_total(package: Path) -> None:
    size = package.stat().st_size
    assert package_check.unpack_limit(package) == package_check.MAX_RATIO * size
    assert package_check.unpack_limit(package, max_total=1000) == 1000


def test_the_ratio_is_checked_on_declared_sizes_before_extracting(
    package: Path, tmp_path: Path
) -> None:
    top = top_folder(package)
    padding = bytes(package_check.MAX_RATIO * package.stat().st_size)
    bomb = rewrite_zip(package, tmp_path / "bomb.argosmodel", add={f"{top}/pad.bin": padding})
    with pytest.raises(ModelError, match=r"times its size \(limit 20 times\)"):
        package_check.validate_package(bomb)
