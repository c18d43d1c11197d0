"""fr-typography, hy-punctuation and script."""

from __future__ import annotations

import pytest

from alerti18n.checks.testing import fails, findings, passes

NBSP, NNBSP = "\u00a0", "\u202f"
EN = "Azerbaijan claims they are “terrorists” and “illegal separatists.” Is this true?"
FR = (
    f"L’Azerbaïdjan affirme qu’ils sont des «{NBSP}terroristes{NBSP}» et des "
    f"«{NBSP}séparatistes illégaux{NBSP}». Est-ce vrai{NNBSP}?"
)
HY = "Ադրբեջանը պնդում է, որ նրանք «ահաբեկիչներ» և «անօրինական անջատողականներ» են։ Ճի՞շտ է դա։"


def test_fr_typography_correct():
    assert passes("fr-typography", EN, FR)
    assert passes("fr-typography", EN, FR.replace(NNBSP, NBSP))
    assert passes(
        "fr-typography",
        "Details: https://x.org at 14:30.",
        "Détails : https://x.org à 14:30.".replace(" :", f"{NBSP}:"),
    )


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        (FR.replace(f"«{NBSP}", "“").replace(f"{NBSP}»", "”"), "instead of “ ”"),
        (FR.replace(f"«{NBSP}", '"').replace(f"{NBSP}»", '"'), 'instead of "'),
        (FR.replace(f"«{NBSP}", "« "), "plain space after «"),
        (FR.replace(f"{NBSP}»", "»"), "no space before »"),
        (FR.replace(f"{NNBSP}?", " ?"), "plain space before ?"),
        (FR.replace(f"{NNBSP}?", "?"), "no space before ?"),
        ("Conditions sur le terrain: confuses.", "no space before :"),
        ("Agissez maintenant !", "plain space before !"),
    ],
)
def test_fr_typography_faults(target, expected):
    messages = [f.message for f in findings("fr-typography", EN, target)]
    assert any(expected in m for m in messages), messages


def test_fr_typography_only_for_french():
    assert passes("fr-typography", EN, "Agissez maintenant !", "hy")


def test_hy_punctuation_correct():
    assert passes("hy-punctuation", EN, HY, "hy")
    # the ASCII comma is the Armenian comma; "." inside a sentence is the Armenian colon
    assert passes("hy-punctuation", "Note: this.", "Ուշադրություն. սա է։", "hy")
    assert passes("hy-punctuation", "In 2023.", "2023 թ.", "hy")


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        (HY.replace("դա։", "դա."), "ASCII “.”"),
        (HY.replace("դա։", "դա:"), "ASCII “:”"),
        (HY.replace("են։ ", "են: "), "ASCII “:”"),
        (HY.replace("Ճի՞շտ է դա։", "Ճիշտ է դա?"), "՞ (U+055E)"),
        ("Գործե՛ք հիմա!", "՜ (U+055C)"),
        (HY.replace("«", "“").replace("»", "”"), "instead of “ ”"),
    ],
)
def test_hy_punctuation_faults(target, expected):
    messages = [f.message for f in findings("hy-punctuation", EN, target, "hy")]
    assert any(expected in m for m in messages), messages


def test_script_lookalikes():
    assert passes("script", EN, HY, "hy")
    latin_o = HY.replace("Ադրբեջանը", "Ադրբեջանը".replace("ը", "o"))
    [finding] = findings("script", EN, latin_o, "hy")
    assert "Latin “o” (U+006F)" in finding.message and "“օ” (U+0585)" in finding.message
    assert fails("script", EN, HY.replace("նրանք", "նրանք".replace("ն", "н", 1)), "hy")


def test_script_untranslated_latin_sentence():
    en = "There are unconfirmed reports of atrocities and massacres."
    assert fails("script", en, en, "hy")
    assert fails("script", en, "Կան հաղորդումներ unconfirmed reports of atrocities։", "hy")
    assert passes(
        "script", en, "Կան չհաստատված հաղորդումներ վայրագությունների և ջարդերի մասին։", "hy"
    )
    assert passes("script", "An SOS alert.", "SOS ահազանգ։", "hy")
    assert passes("script", en, en, "fr")
