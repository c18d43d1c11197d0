"""glossary with Snowball: inflections the fallback prefix rule misses, and wrong terms kept."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import replace

import pytest
import snowballstemmer

from alerti18n.checks.glossary import _stem_matches, word_matches
from alerti18n.checks.testing import findings
from alerti18n.language.glossary import load_glossary
from alerti18n.language.profiles import languages_with, profile

LANGS = ["ru", "de", "es", "fr", "ar", "hy"]
CSV = (
    "en,ru,de,es,fr,ar,hy\n"
    "Lemkin Institute,Институт Лемкина,Lemkin-Institut,Instituto Lemkin,Institut Lemkin,"
    "معهد ليمكين,Լեմկինի ինստիտուտ\n"
    "International Court of Justice,Международный суд ООН,Internationaler Gerichtshof,"
    "Corte Internacional de Justicia,Cour internationale de justice,محكمة العدل الدولية,"
    "Արդարադատության միջազգային դատարան\n"
    "peace treaty,мирный договор,Friedensvertrag,tratado de paz,traité de paix,معاهدة سلام,"
    "խաղաղության պայմանագիր\n"
    "indigenous nation,коренной народ,indigene Nation,nación indígena,nation autochtone,"
    "أمة أصلية,բնիկ ազգ\n"
    "international agreement,международное соглашение,internationales Abkommen,"
    "acuerdo internacional,accord international,اتفاق دولي,միջազգային համաձայնագիր\n"
    "United Nations,Организация Объединённых Наций,Vereinte Nationen,Naciones Unidas,"
    "Nations unies,الأمم المتحدة,Միավորված ազգերի կազմակերպություն\n"
)

#: (language, English source, correct inflected translation, the same with a wrong term,
#:  the glossary term the wrong one misses)
CASES = [
    (
        "ru",
        "The ruling of the International Court of Justice is binding.",
        "Решение Международного суда ООН обязательно.",  # genitive; суд -> суда
        "Решение Европейского суда обязательно.",
        "International Court of Justice",
    ),
    (
        "de",
        "Every peace treaty signed since 1994 has been broken.",
        "Alle seit 1994 unterzeichneten Friedensverträge wurden gebrochen.",  # umlaut plural
        "Alle seit 1994 unterzeichneten Waffenstillstandsabkommen wurden gebrochen.",
        "peace treaty",
    ),
    (
        "es",
        "The rights of every indigenous nation must be protected.",
        "Deben protegerse los derechos de todas las naciones indígenas.",  # nación -> naciones
        "Deben protegerse los derechos de todos los pueblos indígenas.",
        "indigenous nation",
    ),
    (
        "fr",
        "This violates every international agreement signed by Azerbaijan.",
        "Cela viole tous les accords internationaux signés par l’Azerbaïdjan.",  # -al -> -aux
        "Cela viole tous les traités signés par l’Azerbaïdjan.",
        "international agreement",
    ),
    (
        "ar",
        "The Lemkin Institute calls on the United Nations to act.",
        "يهيب معهد ليمكين بالأمم المتحدة أن تتحرك.",  # ب + الأمم
        "يهيب معهد ليمكين بمجلس الأمن أن يتحرك.",
        "United Nations",
    ),
    (
        "hy",
        "The Lemkin Institute published a statement.",
        "Լեմկինի ինստիտուտը հայտարարություն է հրապարակել։",  # with the definite article
        "Լեմկինի կենտրոնը հայտարարություն է հրապարակել։",
        "Lemkin Institute",
    ),
    (
        "hy",
        "The statement of the Lemkin Institute was published.",
        "Լեմկինի ինստիտուտի հայտարարությունը հրապարակվեց։",  # genitive
        "Լեմկինի կենտրոնի հայտարարությունը հրապարակվեց։",
        "Lemkin Institute",
    ),
]


@pytest.fixture(scope="module")
def glossary(tmp_path_factory):
    path = tmp_path_factory.mktemp("g") / "glossary.csv"
    path.write_text(CSV, encoding="utf-8")
    return load_glossary(path, "en", ["en", *LANGS])


@pytest.mark.parametrize(("lang", "source", "correct", "wrong", "term"), CASES)
def test_inflected_form_passes_and_wrong_term_fails(glossary, lang, source, correct, wrong, term):
    assert findings("glossary", source, correct, lang, glossary=glossary) == []
    [finding] = findings("glossary", source, wrong, lang, glossary=glossary)
    assert f"“{term}”" in finding.message and finding.severity == "error"


@pytest.mark.parametrize(
    ("lang", "word", "form"),
    [
        ("ru", "суда", "суд"),
        ("de", "friedensverträge", "friedensvertrag"),
        ("es", "naciones", "nación"),
        ("fr", "internationaux", "international"),
    ],
)
def test_snowball_finds_what_the_fallback_rule_misses(lang, word, form):
    rule = profile(lang).stemming
    assert not _stem_matches(word, form, rule)  # the prefix rule alone would report it
    stem = snowballstemmer.stemmer(rule.snowball).stemWord
    assert stem(word) == stem(form)
    assert word_matches(word, form, lang)


def test_snowball_does_not_join_different_words():
    assert not word_matches("лемко", "лемкина", "ru")
    assert not word_matches("европейского", "международный", "ru")
    assert not word_matches("անվտանգային", "անվտանգության", "hy")
    assert not word_matches("waffenstillstandsabkommen", "friedensvertrag", "de")


def test_each_snowball_name_is_an_algorithm_and_ukrainian_uses_the_fallback():
    named = {lang: profile(lang).stemming.snowball for lang in languages_with("snowball")}
    assert set(LANGS) <= set(named)
    assert set(named.values()) <= set(snowballstemmer.algorithms())
    assert profile("uk").stemming.snowball == ""  # Snowball has no Ukrainian
    assert word_matches("паузою", "пауза", "uk")  # the prefix rule alone


def test_snowball_is_imported_only_when_a_glossary_word_is_compared():
    code = (
        "import sys; import alerti18n.checks, alerti18n.checks.glossary as g;"
        "assert 'snowballstemmer' not in sys.modules;"
        "assert g.word_matches('суда', 'суд', 'ru');"
        "assert 'snowballstemmer' in sys.modules"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


@pytest.mark.parametrize("word", ["կետի", "կետը", "կետից", "կետով", "կետում", "կետերից", "ՄԱԿ-ի"])
def test_short_armenian_words_take_their_case_endings(word: str) -> None:
    """Snowball leaves words this short alone and the trim rule cannot apply (under `min`):
    the profile's `short` endings are what recognises them."""
    form = "ՄԱԿ" if word.startswith("ՄԱԿ") else "կետ"
    rule = profile("hy").stemming
    stem = snowballstemmer.stemmer(rule.snowball).stemWord
    assert len(form) < rule.min and stem(form) == form
    assert word_matches(word.casefold(), form.casefold(), "hy")
    bare = replace(rule, short=())
    assert not _stem_matches(word.casefold(), form.casefold(), bare)  # without the data: missed


def test_short_endings_are_only_the_listed_ones() -> None:
    rule = profile("hy").stemming
    assert not _stem_matches("կետաձև", "կետ", rule)  # another word that starts the same
    assert not _stem_matches("կե", "կետ", rule)


def _word_list() -> list[str]:
    """Words in every script the profiles stem: the repository's own text (documents,
    catalogs, glossaries, profiles) and every word of this module's cases."""
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    found: set[str] = set(re.findall(r"\w+", CSV.casefold()))
    for case in CASES:
        found.update(re.findall(r"\w+", " ".join(case).casefold()))
    for folder in ("source", "locales", "src/alerti18n/language/data", "tests/roots"):
        for path in sorted((root / folder).rglob("*")):
            if path.suffix in {".md", ".po", ".pot", ".csv", ".toml"} and path.is_file():
                text = path.read_text(encoding="utf-8", errors="replace")
                found.update(re.findall(r"\w+", text.casefold()))
    return sorted(found)


def test_snowball_in_c_stems_as_its_python_code_does() -> None:
    """PyStemmer (libstemmer, C) is what snowballstemmer runs when it is installed; the
    glossary check's results must not depend on it: each language's stems in C are those of
    snowballstemmer's own Python code, word for word."""
    import importlib

    import Stemmer  # noqa: N813 - PyStemmer's module name

    assert snowballstemmer.stemmer is Stemmer.Stemmer  # the C stemmers are in use
    words = _word_list()
    assert len(words) > 3000
    for lang in languages_with("snowball"):
        algorithm = profile(lang).stemming.snowball
        module = importlib.import_module(f"snowballstemmer.{algorithm}_stemmer")
        python = getattr(module, f"{algorithm.title().replace('_', '')}Stemmer")()
        c = Stemmer.Stemmer(algorithm)
        assert [python.stemWord(w) for w in words] == c.stemWords(words), algorithm
