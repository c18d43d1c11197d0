"""glossary: approved forms, with French and Armenian inflection."""

from __future__ import annotations

import pytest
from support.tools import REPO

from alerti18n.checks.testing import findings
from alerti18n.language.glossary import load_glossary

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
