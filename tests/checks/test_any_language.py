"""typography and script in languages without their own rule set, from the profiles."""

from __future__ import annotations

import pytest

from alerti18n.checks import CHECKS
from alerti18n.checks.testing import fails, findings, passes

EN = "Azerbaijan claims they are “terrorists” and “illegal separatists.” Is this true?"
CORRECT = {
    "uk": "Азербайджан стверджує, що вони «терористи» і «незаконні сепаратисти». Чи це правда?",
    "ru": "Азербайджан утверждает, что они «террористы» и «незаконные сепаратисты». Правда ли это?",
    "de": (
        "Aserbaidschan behauptet, sie seien „Terroristen“ und „illegale Separatisten“. Stimmt das?"
    ),
    "es": "Azerbaiyán afirma que son «terroristas» y «separatistas ilegales». ¿Es cierto?",
    "ar": "تزعم أذربيجان أنهم «إرهابيون» و«انفصاليون غير شرعيين». هل هذا صحيح؟",
    "fa": (
        "جمهوری آذربایجان ادعا می‌کند که آنان «تروریست» و «جدایی‌طلبان غیرقانونی» هستند. "
        "آیا این درست است؟"
    ),
    "el": (
        "Το Αζερμπαϊτζάν ισχυρίζεται ότι είναι «τρομοκράτες» και «παράνομοι αυτονομιστές». "
        "Είναι αλήθεια;"
    ),
}


@pytest.mark.parametrize("lang", sorted(CORRECT))
def test_correct_typography_and_script_pass(lang):
    assert passes("typography", EN, CORRECT[lang], lang)
    assert passes("script", EN, CORRECT[lang], lang)


def test_each_language_gets_one_typography_check():
    for lang in ("fr", "hy", "uk", "ar", "de", "zh"):
        ids = [
            c
            for c in ("typography", "fr-typography", "hy-punctuation")
            if CHECKS[c].applies_to(lang)
        ]
        assert len(ids) == 1, (lang, ids)
    assert CHECKS["fr-typography"].applies_to("fr_CA") and not CHECKS["typography"].applies_to("fr")


@pytest.mark.parametrize(
    ("lang", "target", "expected"),
    [
        (
            "uk",
            CORRECT["uk"].replace("«", '"').replace("»", '"'),
            'use Ukrainian quotes « » instead of "',
        ),
        (
            "ru",
            CORRECT["ru"].replace("«", "“").replace("»", "”"),
            "use Russian quotes « » instead of ”",
        ),
        ("de", CORRECT["de"].replace("“", "”"), "use German quotes „ “"),
        ("de", CORRECT["de"].replace("„", '"').replace("“", '"'), 'instead of "'),
        ("ar", CORRECT["ar"].replace("؟", "?"), "use the Arabic question mark ؟ (U+061F)"),
        ("ar", CORRECT["ar"].replace("أنهم", "أنهم,"), "use the Arabic comma ، (U+060C)"),
        ("fa", CORRECT["fa"].replace("؟", "?"), "use the Arabic question mark ؟ (U+061F)"),
        ("el", CORRECT["el"].replace(";", "?"), "(the Greek question mark)"),
    ],
)
def test_typography_faults(lang, target, expected):
    messages = [f.message for f in findings("typography", EN, target, lang)]
    assert any(expected in m for m in messages), messages
    assert all(f.severity == "warning" for f in findings("typography", EN, target, lang))


def test_comma_between_digits_is_a_number():
    assert passes("typography", "About 17,000 people fled.", "فرّ نحو 17,000 شخص.", "ar")


@pytest.mark.parametrize(
    ("lang", "target", "expected"),
    [
        # Latin look-alikes inside Cyrillic words
        (
            "uk",
            "Ця iнформація не підтверджена.",
            "Latin “i” (U+0069) inside the Cyrillic word “iнформація”: "
            "type the Cyrillic “і” (U+0456)",
        ),
        ("ru", "Эта инфoрмация не подтверждена.", "type the Cyrillic “о” (U+043E)"),
        # a Cyrillic look-alike inside a French word
        ("fr", "La situation en Artsаkh est grave.", "type the Latin “a” (U+0061)"),
        # a word in a script neither the language nor the source uses
        ("ar", "وصلت المساعدات إلى подвал المدينة.", "Cyrillic word “подвал” in Arabic text"),
        ("fa", "کمک‌ها به подвал شهر رسید.", "Cyrillic word “подвал” in Persian text"),
        # untranslated source-script text
        (
            "uk",
            "Є непідтверджені reports of atrocities and massacres.",
            "untranslated Latin-script text",
        ),
        ("ar", "There are unconfirmed reports of atrocities.", "translate it into Arabic"),
    ],
)
def test_script_faults(lang, target, expected):
    messages = [f.message for f in findings("script", "There are reports.", target, lang)]
    assert any(expected in m for m in messages), messages


def test_script_accepts_names_and_acronyms():
    assert passes(
        "script", "The SOS alert of the Lemkin Institute.", "تنبيه SOS من Lemkin Institute.", "ar"
    )
    assert passes("script", "NATO said.", "НАТО заявило.", "uk")
    assert passes("script", "Ilham Aliyev said.", "Ильхам Алиев заявил.", "ru")
    assert not fails("script", "In Artsakh.", "En Artsakh.", "fr")
