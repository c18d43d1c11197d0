"""glossary: approved forms, with French and Armenian inflection."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from support.tools import REPO

from alerti18n.checks.glossary import (
    _may_match,
    _must_start,
    _tokens,
    contains_form,
    word_matches,
)
from alerti18n.checks.testing import findings
from alerti18n.language.glossary import load_glossary
from alerti18n.language.profiles import profile

GLOSSARY = load_glossary(REPO / "locales" / "glossary.csv")

EN = (
    "The Lemkin Institute for Genocide Prevention is issuing a second SOS alert for the "
    "Armenians of Artsakh, who are currently under the yoke of the armed forces of the "
    "Republic of Azerbaijan and are in critical danger of genocide."
)
FR = (
    "L’Institut Lemkin pour la prévention du génocide lance une deuxième alerte SOS pour les "
    "Arméniens de l’Artsakh, qui sont actuellement sous le joug des forces armées de la "
    "République d’Azerbaïdjan et courent un danger critique de génocide."
)
HY = (
    "Ցեղասպանության կանխարգելման Լեմկինի ինստիտուտը հրապարակում է երկրորդ SOS ահազանգը "
    "Արցախի հայերի համար, որոնք այժմ գտնվում են Ադրբեջանի Հանրապետության զինված ուժերի "
    "լծի տակ և կանգնած են ցեղասպանության վտանգի առջև։"
)
EN_UN = "A meeting of the United Nations Security Council reached no consensus."
HY_UN = "ՄԱԿ-ի Անվտանգության խորհրդի նիստում համաձայնություն ձեռք չբերվեց։"
EN_ALIYEV = "Azerbaijani President Ilham Aliyev has stated that he is “only” targeting them."
FR_ALIYEV = "Le président azerbaïdjanais Ilham Aliyev a déclaré qu’il ne vise « que » eux."
HY_ALIYEV = "Ադրբեջանի նախագահ Իլհամ Ալիևը հայտարարել է, որ թիրախավորում է «միայն» նրանց։"
EN_MILITARY = "Residents are hostages of the Azerbaijani military."
FR_MILITARY = "Les habitants sont les otages de l’armée azerbaïdjanaise."


def problems(source: str, target: str, lang: str) -> list[str]:
    return [f.message for f in findings("glossary", source, target, lang, glossary=GLOSSARY)]


@pytest.mark.parametrize(
    ("source", "target", "lang"),
    [
        (EN, FR, "fr"),
        (EN, HY, "hy"),
        (EN_UN, HY_UN, "hy"),
        (EN_UN, "Une réunion du Conseil de sécurité des Nations Unies a échoué.", "fr"),
        (EN_ALIYEV, FR_ALIYEV, "fr"),
        (EN_ALIYEV, HY_ALIYEV, "hy"),
        (EN_MILITARY, FR_MILITARY, "fr"),
        ("The people of Artsakh.", "La population d'Artsakh.", "fr"),
        ("Atrocities in the South Caucasus.", "Վայրագություններ Հարավային Կովկասում։", "hy"),
    ],
)
def test_glossary_forms_accepted(source, target, lang):
    assert problems(source, target, lang) == []


def test_wrong_name_is_an_error():
    wrong = FR.replace("Institut Lemkin pour la prévention du génocide", "Institut Lemkin")
    [finding] = findings("glossary", EN, wrong, "fr", glossary=GLOSSARY)
    assert finding.severity == "error"
    assert "“Institut Lemkin pour la prévention du génocide”" in finding.message
    assert problems(EN, FR.replace("l’Artsakh", "le Haut-Karabakh"), "fr")
    assert problems(EN_UN, HY_UN.replace("Անվտանգության", "Անվտանգային"), "hy")
    assert problems(EN, HY.replace("Արցախի", "Ղարաբաղի"), "hy")


def test_common_term_is_a_warning():
    [finding] = findings(
        "glossary",
        EN_MILITARY,
        "Les habitants sont les otages de l’armée d’Aliyev.",
        "fr",
        glossary=GLOSSARY,
    )
    assert finding.severity == "warning" and "azerbaïdjanais" in finding.message


#: Languages whose profile sets how inflected forms are recognised, and English (the
#: default rule), each with letters of its script.
_ALPHABETS = {
    "en": "abdeilnorst",
    "fr": "aeéèiïlnorstux",
    "de": "aäenrsßtu",
    "ru": "аеилмнорсту",
    "uk": "аеіїнопрсту",
    "hy": "աբեըիլկնոսրվտ",
    "ar": "البتمعهدنةو",
    "fa": "ابتدرسمنوی",
    "el": "αειλνοσςτ",
    "tr": "aeıiklnrsü",
    "es": "aeinorsñ",
    "it": "aeilnorst",
    "pt": "aãeiorsç",
    "pl": "aąeilnorsz",
}


@settings(max_examples=400, deadline=None)
@given(st.data())
def test_words_passed_over_never_match(data: st.DataObject) -> None:
    """contains_form compares a form only with the words :func:`_may_match` lets through:
    it lets through every word that :func:`word_matches` takes for the form (inflected, with
    a clitic, of the same Snowball stem), so a sentence holds a form as before."""
    lang = data.draw(st.sampled_from(sorted(_ALPHABETS)))
    letters = st.text(_ALPHABETS[lang], min_size=1, max_size=9)
    form = data.draw(letters)
    words = data.draw(st.lists(st.one_of(
        letters,
        st.builds(lambda n, tail: form[:n] + tail, st.integers(0, 9),
                  st.text(_ALPHABETS[lang], max_size=4)),
        st.builds(lambda clitic, word: clitic + word, st.sampled_from(("ال", "لل", "و", "ب")),
                  letters),
    ), min_size=1, max_size=6))  # fmt: skip
    may = _may_match(form, lang)
    for word in words:
        if word_matches(word, form, lang):
            assert may(word), (word, form, lang)
    text = " ".join(words)
    found, wanted = _tokens(text), _tokens(form)
    every = any(
        all(word_matches(found[start + i], w, lang) for i, w in enumerate(wanted))
        for start in range(len(found) - len(wanted) + 1)
    )
    assert contains_form(text, form, lang) == (every or not wanted)


@pytest.mark.parametrize(
    ("text", "form", "lang", "word"),
    [
        ("les nationaux", "nationale", "fr", "nationaux"),
        ("des chevaux blancs", "cheval", "fr", "chevaux"),
        ("die Verträge", "Vertrag", "de", "verträge"),
        ("las naciones unidas", "nación", "es", "naciones"),
    ],
)
def test_a_form_found_only_by_its_stem_is_found(text: str, form: str, lang: str, word: str) -> None:
    """A word that does not start as the form but has its Snowball stem is compared too."""
    assert word in _tokens(text)
    assert not word.startswith(_must_start(_tokens(form)[0], profile(lang).stemming))
    assert contains_form(text, form, lang)
