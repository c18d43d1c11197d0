"""numbers and placeholders."""

from __future__ import annotations

import pytest

from alerti18n.checks.testing import entry, fails, findings, passes
from alerti18n.po import marks

NBSP, NNBSP = "\u00a0", "\u202f"
EN_DATE = (
    "A meeting of the United Nations Security Council on September 21st, "
    "2023, reached no consensus."
)
FR_DATE = (
    "Une réunion du Conseil de sécurité des Nations unies, le 21 septembre 2023, "
    "n’a abouti à aucun consensus."
)
HY_DATE = (
    "ՄԱԿ-ի Անվտանգության խորհրդի 2023 թվականի սեպտեմբերի 21-ի նիստում համաձայնություն ձեռք չբերվեց։"
)
EN_DAYS = "Azerbaijan shelled civilian areas on September 20th and 21st."
FR_DAYS = "L’Azerbaïdjan a bombardé des zones civiles les 20 et 21 septembre."
HY_DAYS = "Ադրբեջանը սեպտեմբերի 20-ին և 21-ին հրետակոծել է խաղաղ բնակավայրերը։"
EN_WARS = "Azerbaijan has committed atrocities in the wars of 2016, 2020 and 2022."
FR_WARS = "L’Azerbaïdjan a commis des atrocités lors des guerres de 2016, 2020 et 2022."
HY_WARS = "Ադրբեջանը վայրագություններ է գործել 2016, 2020 և 2022 թվականների պատերազմներում։"


@pytest.mark.parametrize(
    ("lang", "source", "target"),
    [
        ("fr", EN_DATE, FR_DATE),
        ("hy", EN_DATE, HY_DATE),
        ("fr", EN_DAYS, FR_DAYS),
        ("hy", EN_DAYS, HY_DAYS),
        ("fr", EN_WARS, FR_WARS),
        ("hy", EN_WARS, HY_WARS),
        ("fr", "About 120,000 people live there.", f"Environ 120{NNBSP}000 personnes y vivent."),
        ("fr", "About 120,000 people live there.", f"Environ 120{NBSP}000 personnes y vivent."),
        ("fr", "Prices rose 1,000.5 times.", f"Les prix ont été multipliés par 1{NBSP}000,5."),
        ("hy", "About 120,000 people live there.", f"Այնտեղ ապրում է մոտ 120{NBSP}000 մարդ։"),
        ("hy", "Inflation reached 12.5%.", "Գնաճը հասել է 12,5%-ի։"),
        ("fr", "SOS Alert - Artsakh #2", "Alerte SOS – Artsakh nº 2"),
        ("fr", "Published 2023-09-22.", "Publié le 22 septembre 2023."),
    ],
)
def test_numbers_pass(lang, source, target):
    assert passes("numbers", source, target, lang)


@pytest.mark.parametrize(
    ("lang", "source", "target", "missing"),
    [
        ("fr", EN_DATE, FR_DATE.replace("21", "22"), "21"),
        ("hy", EN_DATE, HY_DATE.replace("2023", "2022"), "2023"),
        ("fr", EN_DAYS, FR_DAYS.replace("20 et ", ""), "20"),
        ("hy", EN_WARS, HY_WARS.replace(", 2020", ""), "2020"),
        ("fr", "About 120,000 people live there.", "Environ 12 000 personnes y vivent.", "120000"),
    ],
)
def test_numbers_fail(lang, source, target, missing):
    errors = [f for f in findings("numbers", source, target, lang) if f.severity == "error"]
    assert [f"the number {missing} " in f.message for f in errors] == [True]


def test_extra_number_is_a_warning():
    [finding] = findings("numbers", EN_DAYS, FR_DAYS.replace("septembre", "septembre 2023"))
    assert finding.severity == "warning" and "2023" in finding.message


def _mt(msgid: str, msgstr: str) -> str:
    return f"mt: argos translate-en_hy 1.9 sha={marks.fingerprint(entry(msgid, msgstr))}"


def test_placeholders_mt_warning():
    en, hy = "See `alerti18n check`.", "Տես։"
    comment = _mt(en, hy) + "\nmt-warning: lost placeholder `alerti18n check`"
    [finding] = findings("placeholders", en, hy, "hy", comment=comment)
    assert "lost placeholder" in finding.message and finding.severity == "error"
    assert passes("placeholders", en, "Տես `alerti18n check`։", "hy", comment=_mt(en, "x"))


def test_placeholders_leftover_tokens_and_directives():
    en = "The Lemkin Institute urges the international community to act on {{date}}."
    fr = "L’Institut Lemkin exhorte la communauté internationale à agir le {{date}}."
    assert passes("placeholders", en, fr)
    assert fails("placeholders", en, fr.replace("{{date}}", "date"))
    assert fails("placeholders", en, fr.replace("Lemkin", "⟦0⟧"))
    assert fails("placeholders", en, fr.replace("Lemkin", "__PH0__"))


# Any language: the locale's symbols and digits (CLDR through the language profile) -----

EN_FLED = "About 17,000 people have fled; 4,200 of them are children."
FLED = {
    "ar": "فرّ نحو ١٧٬٠٠٠ شخص، من بينهم ٤٬٢٠٠ طفل.",
    "ar-latn": "فرّ نحو 17,000 شخص، من بينهم 4,200 طفل.",
    "fa": "حدود ۱۷٬۰۰۰ نفر گریخته‌اند که ۴٬۲۰۰ نفر از آنان کودک هستند.",
    "uk": f"Близько 17{NBSP}000 людей утекли; 4{NBSP}200 із них — діти.",
    "ru": f"Около 17{NBSP}000 человек бежали; 4{NBSP}200 из них — дети.",
    "de": "Etwa 17.000 Menschen sind geflohen, 4.200 von ihnen sind Kinder.",
    "es": "Unas 17.000 personas han huido; 4200 de ellas son niños.",
    "fr": (
        f"Environ 17{NNBSP}000 personnes ont fui{NNBSP}; "
        f"4{NNBSP}200 d’entre elles sont des enfants."
    ),
    "hy": f"Մոտ 17{NBSP}000 մարդ է փախել, որոնցից 4{NBSP}200-ը երեխաներ են։",
}
EN_RATE = "Inflation reached 12.5% in 2023."
RATE = {
    "ar": "بلغ التضخم ١٢٫٥٪ في عام ٢٠٢٣.",
    "ar-latn": "بلغ التضخم 12.5% في عام 2023.",
    "fa": "تورم در سال ۲۰۲۳ به ۱۲٫۵٪ رسید.",
    "uk": f"Інфляція у 2023 році досягла 12,5{NBSP}%.",
    "ru": f"Инфляция в 2023 году достигла 12,5{NBSP}%.",
    "de": f"Die Inflation erreichte 2023 12,5{NBSP}%.",
    "es": f"La inflación alcanzó el 12,5{NBSP}% en 2023.",
    "fr": f"L’inflation a atteint 12,5{NNBSP}% en 2023.",
    "hy": "Գնաճը 2023 թվականին հասել է 12,5%-ի։",
}


@pytest.mark.parametrize("key", sorted(FLED))
def test_numbers_any_locale_pass(key):
    lang = key.split("-")[0]
    assert passes("numbers", EN_FLED, FLED[key], lang)
    assert passes("numbers", EN_RATE, RATE[key], lang)


@pytest.mark.parametrize(
    ("lang", "target", "missing"),
    [
        # a changed number, in native digits
        ("ar", FLED["ar"].replace("١٧٬٠٠٠", "١٨٬٠٠٠"), "17000"),
        ("fa", FLED["fa"].replace("۴٬۲۰۰", "۴٬۳۰۰"), "4200"),
        # ٤٬٢٠٠ is one number: written as two it is 4 and 200
        ("ar", FLED["ar"].replace("٤٬٢٠٠", "٤ و٢٠٠"), "4200"),
        # a misplaced decimal: the source's 17,000 read with this language's symbols
        ("uk", FLED["uk"].replace(f"17{NBSP}000", "17,000"), "17000"),
        ("ru", FLED["ru"].replace(f"17{NBSP}000", "17,000"), "17000"),
        ("de", FLED["de"].replace("17.000", "17,000"), "17000"),
        ("ar", FLED["ar-latn"].replace("17,000", "17.000"), "17000"),
        ("de", RATE["de"].replace("12,5", "12.5"), "12.5"),
        ("uk", RATE["uk"].replace("12,5", "12.5"), "12.5"),
        ("es", RATE["es"].replace("12,5", "125"), "12.5"),
        ("fa", RATE["fa"].replace("۱۲٫۵", "۱۲۵"), "12.5"),
        ("fr", FLED["fr"].replace(f"17{NNBSP}000", "1 700"), "17000"),
        ("hy", RATE["hy"].replace("2023", "2022"), "2023"),
    ],
)
def test_numbers_any_locale_fail(lang, target, missing):
    source = EN_RATE if "%" in target or "٪" in target else EN_FLED
    errors = [f for f in findings("numbers", source, target, lang) if f.severity == "error"]
    assert any(f"the number {missing} " in f.message for f in errors), errors
