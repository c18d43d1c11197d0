"""bidi: bidirectional controls a translation adds (alerti18n.checks.controls)."""

from __future__ import annotations

import pytest

from alerti18n.checks.testing import fails, findings, passes

EN = "Send the money to account 4521."
FR = "Envoyez l’argent au compte 4521."


@pytest.mark.parametrize("char", ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e"] + [
    "\u2066", "\u2067", "\u2068", "\u2069"
])  # fmt: skip
def test_an_added_reordering_control_is_an_error(char: str) -> None:
    [finding] = findings("bidi", EN, FR.replace("4521", f"{char}1254"), "fr")
    assert finding.severity == "error"
    assert f"U+{ord(char):04X}" in finding.message and "not in the source" in finding.message


def test_the_trojan_source_example_reads_reversed() -> None:
    """RLO ... PDF: the PO file holds "1254", a reader sees "4521" reversed."""
    hostile = "Envoyez l’argent au compte \u202e1254\u202c."
    assert [f.message.split(" (")[0] for f in findings("bidi", EN, hostile, "fr")] == [
        "1 POP DIRECTIONAL FORMATTING",
        "1 RIGHT-TO-LEFT OVERRIDE",
    ]


def test_controls_the_source_has_are_allowed() -> None:
    source = "The name \u2067שלום\u2069 is Hebrew."
    assert passes("bidi", source, "Le nom \u2067שלום\u2069 est hébreu.", "fr")
    assert fails("bidi", source, "Le nom \u2067\u2067שלום\u2069 est hébreu.", "fr")


def test_marks_are_ordinary_in_right_to_left_languages_and_a_warning_elsewhere() -> None:
    assert passes("bidi", EN, "أرسل المال إلى الحساب 4521\u200f.", "ar")
    assert passes("bidi", EN, "העבירו את הכסף לחשבון\u200e 4521.", "he")
    [finding] = findings("bidi", EN, FR.replace("4521", "\u200f4521"), "fr")
    assert finding.severity == "warning" and "U+200F" in finding.message
