"""untranslated and fuzzy."""

from __future__ import annotations

from alerti18n.checks.testing import entry, fails, findings, passes
from alerti18n.po import marks

EN = "At this moment in time, conditions on the ground are unclear."
FR = "À l’heure actuelle, la situation sur le terrain est confuse."
HY = "Այս պահին իրավիճակը տեղում պարզ չէ։"


def test_untranslated():
    assert fails("untranslated", EN, "", "fr")
    assert passes("untranslated", EN, FR, "fr")
    assert passes("untranslated", EN, HY, "hy")
    [finding] = findings("untranslated", EN, "", "hy")
    assert finding.severity == "warning" and "not translated" in finding.message


def test_fuzzy_entries_are_reported_but_not_content_checked():
    assert fails("fuzzy", EN, FR, "fr", fuzzy=True)
    assert passes("fuzzy", EN, FR, "fr")
    assert passes("numbers", "On September 21st", "Le 20 septembre", "fr", fuzzy=True)
    assert passes("untranslated", EN, "", "fr", fuzzy=True)


def test_fuzzy_says_changed_source():
    [finding] = findings(
        "fuzzy", EN, FR, "fr", fuzzy=True, previous="At this moment, conditions are unclear."
    )
    assert "source text changed" in finding.message


def _machine(msgid: str, msgstr: str) -> str:
    draft = entry(msgid, msgstr)
    return f"mt: argos translate-en_fr 1.9 sha={marks.fingerprint(draft)}"


def test_fuzzy_says_machine_draft():
    [finding] = findings("fuzzy", EN, FR, "fr", fuzzy=True, comment=_machine(EN, FR))
    assert "machine draft (argos translate-en_fr 1.9)" in finding.message


def test_unreviewed_machine_draft_without_fuzzy_flag():
    assert fails("fuzzy", EN, HY, "hy", comment=_machine(EN, HY))
    # a person edited the draft: no longer the machine's text
    assert passes("fuzzy", EN, HY + " ", "hy", comment=_machine(EN, HY))
    draft = entry(EN, HY)
    reviewed = f"reviewed: Ani 2024-01-02 sha={marks.fingerprint(draft)}"
    assert passes("fuzzy", EN, HY, "hy", comment=_machine(EN, HY) + "\n" + reviewed)
