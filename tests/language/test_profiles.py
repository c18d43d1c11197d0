"""Language profiles: computed from CLDR (Babel) and Unicode, plus profiles.toml."""

from __future__ import annotations

import unicodedata

import pytest
from babel import Locale
from babel.numbers import get_decimal_symbol, get_group_symbol

from alerti18n.checks._util import numbers
from alerti18n.language.profiles import (
    digits_of,
    language_conflict,
    language_fonts,
    language_script,
    languages_with,
    profile,
    script_of,
)

LANGS = ["ar", "fa", "uk", "ru", "es", "de", "hy", "fr", "el", "hi", "tr", "zh", "he", "en"]


@pytest.mark.parametrize("lang", LANGS)
def test_profile_follows_cldr(lang):
    p, locale = profile(lang), Locale.parse(lang)
    assert p.rtl == (locale.text_direction == "right-to-left")
    assert get_decimal_symbol(locale, numbering_system="latn") in p.decimals
    assert get_group_symbol(locale, numbering_system="latn") in p.groups
    system = locale.default_numbering_system
    assert get_decimal_symbol(locale, numbering_system=system) in p.decimals
    assert p.quotes, "every language needs its quotation marks"


def test_native_digits_come_from_unicode():
    for lang, system in (("ar", "arab"), ("fa", "arabext"), ("hi", "deva")):
        p = profile(lang)
        assert p.numbering == system == Locale.parse(lang)._data["numbering_systems"]["native"]
        assert [unicodedata.decimal(d) for d in p.digits] == list(range(10))
    assert unicodedata.name(digits_of("arab")[0]) == "ARABIC-INDIC DIGIT ZERO"
    assert unicodedata.name(digits_of("arabext")[0]) == "EXTENDED ARABIC-INDIC DIGIT ZERO"
    assert profile("uk").digits == profile("fr").digits == ""


def test_scripts_from_likely_subtags_and_letters():
    assert profile("ar").scripts == profile("fa").scripts == {"Arab"}
    assert profile("uk").scripts == {"Cyrl"} and profile("hy").scripts == {"Armn"}
    assert profile("ja").scripts == {"Hani", "Hira", "Kana"}
    assert [script_of(c) for c in "aаαաبپא中1"] == [
        "Latn", "Cyrl", "Grek", "Armn", "Arab", "Arab", "Hebr", "Hani", "",
    ]  # fmt: skip


@pytest.mark.parametrize(
    "lang",
    [*LANGS, *languages_with("fonts"), "pt-BR", "sr-Latn", "zh-Hant", "ku", "xx", "am", "ti"],
)
def test_a_page_reads_the_script_and_fonts_its_profile_has(lang):
    """Pages take a language's script and fonts without the rest of its profile."""
    assert language_script(lang) == profile(lang).script
    assert language_fonts(lang) == profile(lang).fonts


def test_fr_and_hy_keep_their_checks_as_data():
    assert languages_with("typography", "fr-typography") == ("fr",)
    assert languages_with("typography", "hy-punctuation") == ("hy",)
    assert profile("hy").sentence_end == "։" and profile("hy").punctuation["?"] == "՞"
    assert profile("fr").space_before["?"] == "\u202f"


def test_region_falls_back_to_language():
    assert profile("pt_BR").quotes == profile("pt").quotes
    assert profile("fr-CA").typography == "fr-typography"


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("value", ["17000", "4200", "1700000.5", "12.5", "2023"])
def test_every_format_babel_writes_reads_back(lang, value):
    p = profile(lang)
    for native in (True, False):
        written = p.format_number(value, native)
        assert numbers(f"x {written} y", lang) == {value: 1}, written


def test_a_declared_language_that_contradicts_the_source_is_named_with_it() -> None:
    """A document's declared language against the project's (issue #23): both named."""
    said = language_conflict("ru-RU", "en")
    assert said is not None
    assert "Russian (ru-RU)" in said and "English (en)" in said and "read as English" in said
    assert "Armenian (hy)" in (language_conflict("hy", "fr") or "")
    assert "French (fr)" in (language_conflict("hy", "fr") or "")
    for agrees in (("en-GB", "en"), ("en_US", "en"), ("fr", "fr-CA"), ("", "en")):
        assert language_conflict(*agrees) is None, agrees
    for unknown in ("x-none", "zz", "../x", "english"):
        assert language_conflict(unknown, "en") is None, unknown
