"""alerti18n.mt.multilingual: the families' data (data/families.toml), the project's codes as
each family's, and our checked fields of a package's metadata."""

from __future__ import annotations

from pathlib import Path

import pytest

from alerti18n.core.config import validate_language
from alerti18n.core.errors import ModelError
from alerti18n.mt.multilingual import Affixes, families, package_info

NLLB, M2M, MADLAD = (families()[name] for name in ("nllb", "m2m100", "madlad400"))
WHERE = Path("pkg/metadata.json")


def test_every_listed_code_is_a_language_of_its_family() -> None:
    for family in (NLLB, M2M):
        assert family.languages
        for project_code, code in family.codes.items():
            assert code == "" or code in family.languages, (family.name, project_code, code)
    # the crisis languages this project was asked for, with NLLB's FLORES-200 codes
    wanted = {"hy": "hye_Armn", "ka": "kat_Geor", "am": "amh_Ethi", "ti": "tir_Ethi"}
    wanted |= {"ps": "pbt_Arab", "fa-AF": "prs_Arab", "fa": "pes_Arab", "uk": "ukr_Cyrl"}
    for lang, code in wanted.items():
        assert NLLB.code(lang, NLLB.languages or ()) == code


def test_codes_are_project_codes_lower_case() -> None:
    for family in families().values():
        for project_code in family.codes:
            assert project_code == project_code.lower() and "_" not in project_code
    for lang in ("hy", "ka", "am", "fa-AF", "zh-Hant", "pt-BR", "nb"):
        validate_language(lang)  # what a project may name


@pytest.mark.parametrize(
    ("lang", "nllb", "m2m"),
    [
        ("hy", "hye_Armn", "hy"),
        ("pt-BR", "por_Latn", "pt"),  # a region falls back to the language
        ("pt_BR", "por_Latn", "pt"),
        ("zh-Hans", "zho_Hans", None),  # M2M-100 has no script variants: not across scripts
        ("zh-Hant", "zho_Hant", None),  # M2M-100's Chinese is simplified
        ("zh-TW", "zho_Hant", None),
        ("sr-Latn", None, None),  # NLLB writes Serbian in Cyrillic only
        ("uz-Latn", "uzn_Latn", None),
        ("fa-AF", "prs_Arab", None),  # Dari apart from Persian
        ("nb", "nob_Latn", "no"),
        ("ti", "tir_Ethi", None),  # no Tigrinya in M2M-100
        ("qq", None, None),
    ],
)
def test_project_codes_become_the_familys(lang: str, nllb: str | None, m2m: str | None) -> None:
    assert NLLB.code(lang, NLLB.languages or ()) == nllb
    assert M2M.code(lang, M2M.languages or ()) == m2m


def test_a_family_without_a_list_takes_the_codes_its_package_lists() -> None:
    served = {"hy", "pt", "zh"}
    assert MADLAD.code("hy", served) == "hy"
    assert MADLAD.code("pt-BR", served) == "pt"
    assert MADLAD.code("ka", served) is None  # the package lacks it
    assert MADLAD.code("zh-Hant", served) is None  # never across scripts


def test_affixes_of_each_family() -> None:
    assert NLLB.affixes("eng_Latn", "hye_Armn") == Affixes(
        ("eng_Latn",), "", ("</s>",), ("hye_Armn",)
    )
    assert M2M.affixes("en", "ka") == Affixes(("__en__",), "", ("</s>",), ("__ka__",))
    # MADLAD-400 names the target on the source side, as text the tokenizer cuts
    assert MADLAD.affixes("en", "am") == Affixes((), "<2am> ", ("</s>",), ())
    assert MADLAD.affixes("en", "am").tokens() == ("<2am>", "</s>")


def meta(**ours: object) -> dict:
    return {"from_code": "en", "to_code": "hy", "type": "translate", "alerti18n": ours}


def test_package_info_reads_our_fields() -> None:
    info = package_info(
        meta(
            family="nllb",
            languages=["eng_Latn", "hye_Armn", "kat_Geor"],
            quality={"en->hy": {"chrF++": 40.1, "BLEU": 16}},
            quality_source="FLORES-200 devtest",
        ),
        WHERE,
    )
    assert info.multilingual and info.licence == ""
    assert info.affixes("en", "ka") == NLLB.affixes("eng_Latn", "kat_Geor")
    assert info.affixes("en", "am") is None  # not among the package's languages
    assert info.affixes("en", "en") is None
    assert info.figures("en", "hy") == {"chrF++": 40.1, "BLEU": 16.0}
    assert info.figures("en", "ka") == {}
    whole = package_info(meta(family="nllb"), WHERE)
    assert whole.languages == NLLB.languages  # the family's list by default
    plain = package_info({"from_code": "en", "to_code": "fr"}, WHERE)
    assert not plain.multilingual and plain.affixes("en", "fr") is None


@pytest.mark.parametrize(
    ("ours", "says"),
    [
        ({"family": "marian"}, "unknown model family 'marian'"),
        ({"family": ["nllb"]}, "unknown model family '?'"),
        ({"family": "nllb", "languages": ["hye_Armn", "xxx_Latn"]}, "'xxx_Latn' is not"),
        ({"family": "nllb", "languages": ["../x"]}, "languages must be a list"),
        ({"family": "nllb", "languages": []}, "languages must be a list"),
        ({"languages": ["en"]}, "no family"),
        ({"family": "madlad400"}, "must list its languages"),
        ({"quality": {"en-hy": {"BLEU": 1}}}, "quality must map"),
        ({"quality": {"en->hy": {"BLEU": "high"}}}, "quality must map"),
        ({"quality": {"en->hy": {"BLEU": float("nan")}}}, "quality must map"),
        ({"quality": {"en->hy": {"BL\x1bEU": 1}}}, "quality must map"),
        ({"quality_source": "model card\x1b]0;owned\x07"}, "one line of text"),
        ({"quality_source": "a\u202eb"}, "one line of text"),
        ({"licence": "MIT\nmt: forged"}, "SPDX identifier"),
        ({"vendor": "x"}, "unknown field(s) 'vendor'"),
        ({"\x1b]0;x\x07": "x"}, "unknown field(s) '\\x1b]0;x\\x07'"),
    ],
)
def test_hostile_or_wrong_fields_are_refused(ours: dict, says: str) -> None:
    with pytest.raises(ModelError, match="metadata.json: ") as caught:
        package_info(meta(**ours), WHERE)
    assert says in caught.value.message and caught.value.path == WHERE
    assert "\n" not in caught.value.format_message()


def test_our_field_must_be_an_object() -> None:
    with pytest.raises(ModelError, match="alerti18n is not an object"):
        package_info({"from_code": "en", "to_code": "hy", "alerti18n": "nllb"}, WHERE)
