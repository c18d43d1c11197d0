"""whitespace, unchanged, length and doubled-words."""

from __future__ import annotations

from pathlib import Path

from alerti18n.checks.testing import fails, findings, passes
from alerti18n.glossary import load_glossary

GLOSSARY = load_glossary(Path(__file__).resolve().parents[1] / "locales" / "glossary.csv")
EN = "There are unconfirmed reports of atrocities and massacres."
FR = "Des informations non confirmées font état d’atrocités et de massacres."
HY = "Կան չհաստատված հաղորդումներ վայրագությունների և ջարդերի մասին։"


def test_whitespace():
    assert passes("whitespace", EN, FR)
    assert passes("whitespace", " " + EN, " " + HY, "hy")
    assert fails("whitespace", EN, " " + FR)
    assert fails("whitespace", EN, FR + " ")
    [finding] = findings("whitespace", EN, FR.replace("font état", "font  état"))
    assert "double space" in finding.message
    assert passes("whitespace", EN.replace(" of", "  of"), FR.replace(" et", "  et"))


def test_unchanged():
    assert fails("unchanged", EN, EN, "fr")
    assert fails("unchanged", EN, EN, "hy")
    assert passes("unchanged", EN, FR, "fr")
    assert passes("unchanged", "Ilham Aliyev", "Ilham Aliyev", "fr", glossary=GLOSSARY)
    assert passes("unchanged", "SOS", "SOS", "fr")
    assert passes("unchanged", "https://www.lemkininstitute.com", "https://www.lemkininstitute.com")


def test_length():
    assert passes("length", EN, FR)
    assert passes("length", EN, HY, "hy")
    [short] = findings("length", EN, "Des rumeurs.")
    assert "nothing was left out" in short.message and short.severity == "warning"
    [long] = findings("length", EN, " ".join([FR] * 3))
    assert "added or repeated" in long.message
    assert passes("length", "Act now.", "Agissez.")


def test_doubled_words():
    assert passes("doubled-words", EN, FR)
    [finding] = findings("doubled-words", EN, FR.replace("de massacres", "de de massacres"))
    assert "“de de”" in finding.message
    assert fails("doubled-words", EN, HY.replace("և", "և և"), "hy")
    assert passes("doubled-words", "We must act.", "Nous nous devons d’agir.")
    assert passes("doubled-words", "Slowly, they left.", "Կամաց կամաց հեռացան։", "hy")
