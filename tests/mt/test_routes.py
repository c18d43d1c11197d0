"""alerti18n.mt.routes: which installed package serves a pair (direct, multilingual, pivot).

The packages of the first tests are records as ``list_packages`` makes them (their metadata
read by the real :func:`~alerti18n.mt.multilingual.package_info`); a project's routes are
found among real installed packages; the engine that opens a route runs real packages in
tests/mt/test_argos.py and tests/e2e/test_multilingual.py."""

from __future__ import annotations

from pathlib import Path

from support.argos_factory import build_argosmodel
from support.projects import small_project

from alerti18n.core.config import load_project
from alerti18n.mt.multilingual import Affixes, families, package_info
from alerti18n.mt.packages import InstalledPackage, install_file
from alerti18n.mt.routes import (
    DIRECT,
    MULTILINGUAL,
    NONE,
    PIVOT,
    find_leg,
    find_route,
    project_routes,
)

NLLB = families()["nllb"]


def pair(src: str, dst: str, version: str = "1.0", prefix: str = "") -> InstalledPackage:
    name = f"translate-{src}_{dst}-{version.replace('.', '_')}"
    path = Path("/packages") / name
    info = package_info({"from_code": src, "to_code": dst}, path)
    return InstalledPackage(name, src, dst, version, path, 1, info, prefix)


def multi(name: str, family: str, languages: list[str] | None) -> InstalledPackage:
    ours: dict = {"family": family} | ({"languages": languages} if languages else {})
    path = Path("/packages") / name
    info = package_info({"from_code": "en", "to_code": "fr", "alerti18n": ours}, path)
    return InstalledPackage(name, "en", "fr", "1.0", path, 1, info)


NLLB_SOME = multi("nllb-600m-1_0", "nllb", ["eng_Latn", "hye_Armn", "kat_Geor", "amh_Ethi"])


def test_a_direct_package_wins_over_a_multilingual_one() -> None:
    installed = [pair("en", "fr", "1.0"), pair("en", "fr", "1.9", prefix="__fr__"), NLLB_SOME]
    route = find_route("en", "fr", installed)
    assert route.kind == DIRECT and [leg.package.version for leg in route.legs] == ["1.9"]
    assert route.legs[0].affixes == Affixes(target_tokens=("__fr__",))  # Argos' target prefix
    # the multilingual package's own from_code/to_code (en->fr, for Argos) serve nothing alone
    assert find_route("en", "fr", [NLLB_SOME]).kind == NONE


def test_one_multilingual_package_serves_every_pair_among_its_languages() -> None:
    for target, code in (("hy", "hye_Armn"), ("ka", "kat_Geor"), ("am", "amh_Ethi")):
        route = find_route("en", target, [NLLB_SOME])
        assert route.kind == MULTILINGUAL and route.pair == f"en->{target}"
        [leg] = route.legs
        assert leg.package is NLLB_SOME
        assert leg.affixes == NLLB.affixes("eng_Latn", code)
    assert find_route("hy", "ka", [NLLB_SOME]).kind == MULTILINGUAL  # any direction
    assert find_route("en", "ti", [NLLB_SOME]).kind == NONE  # not among its languages
    # the whole family's list when the package lists none
    assert find_route("en", "ti", [multi("nllb-all-1_0", "nllb", None)]).kind == MULTILINGUAL


def test_the_first_multilingual_package_by_name_serves() -> None:
    other = multi("a-m2m-1_0", "m2m100", None)
    leg = find_leg("en", "hy", [NLLB_SOME, other])
    assert leg is not None and leg.package is other


def test_a_pivot_goes_through_english_with_any_kind_of_leg() -> None:
    installed = [pair("de", "en"), pair("de", "fr"), pair("fr", "en"), NLLB_SOME]
    route = find_route("de", "hy", installed)
    assert route.kind == PIVOT
    assert [(leg.pair, leg.package.name) for leg in route.legs] == [
        ("de->en", "translate-de_en-1_0"),
        ("en->hy", NLLB_SOME.name),
    ]
    # without English in the middle, another language that joins them
    route = find_route("de", "it", [pair("de", "fr"), pair("fr", "it")])
    assert route.kind == PIVOT and [leg.pair for leg in route.legs] == ["de->fr", "fr->it"]
    assert find_route("de", "it", [pair("de", "fr")]).kind == NONE


def test_a_projects_pairs_are_routed_in_its_own_packages_folder(tmp_path: Path) -> None:
    """``mt.models-dir``, as ``pretranslate`` reads it, unless ``--models-dir`` says otherwise."""
    root = small_project(tmp_path, "# Notice\n\nThe road is open.\n", langs="fr,hy")
    config = (
        root / "alerti18n.toml" if (root / "alerti18n.toml").exists() else root / "pyproject.toml"
    )
    config.write_text(
        config.read_text(encoding="utf-8") + '\n[tool.alerti18n.mt]\nmodels-dir = "models"\n',
        encoding="utf-8",
    )
    install_file(build_argosmodel(tmp_path, copy=True), root / "models")
    folder, found = project_routes(load_project(root))
    assert folder == (root / "models").resolve()
    assert [(r.pair, r.kind) for r in found] == [("en->fr", DIRECT), ("en->hy", NONE)]
    elsewhere, found = project_routes(load_project(root), tmp_path / "none")
    assert elsewhere == tmp_path / "none" and {r.kind for r in found} == {NONE}
