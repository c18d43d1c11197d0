"""source-changed: meaning-carrying edits hidden by a fuzzy match."""

from __future__ import annotations

import pytest
from support.tools import REPO

from alerti18n.checks.testing import findings
from alerti18n.language.glossary import load_glossary

GLOSSARY = load_glossary(REPO / "locales" / "glossary.csv")
MEETING = (
    "A meeting of the United Nations Security Council on September 21st, "
    "2023, reached no consensus."
)
FR = (
    "Une réunion du Conseil de sécurité des Nations unies, le 21 septembre "
    "2023, n’a abouti à aucun consensus."
)
BODY = "The government of Artsakh is an elected body that has committed no crime."
LINK = "Read the [statement](https://www.lemkininstitute.com/sos-2) of the Lemkin Institute."


def changed(previous: str, current: str) -> list[str]:
    found = findings(
        "source-changed", current, FR, "fr", glossary=GLOSSARY, fuzzy=True, previous=previous
    )
    assert all(f.severity == "error" for f in found)
    return [f.message for f in found]


@pytest.mark.parametrize(
    ("previous", "current", "expected"),
    [
        (MEETING, MEETING.replace("21st", "22nd"), "number “21” became “22”"),
        (MEETING, MEETING.replace("2023", "2024"), "number “2023” became “2024”"),
        (
            MEETING,
            MEETING.replace("September", "October"),
            "date word “september” became “october”",
        ),
        (MEETING, MEETING.replace("no consensus", "a consensus"), "negation “no” removed"),
        (BODY, BODY.replace("has committed", "has not committed"), "negation “not” added"),
        (BODY, BODY.replace("has committed", "hasn't committed"), "negation “hasn't” added"),
        (
            BODY,
            BODY.replace("Artsakh", "Nagorno-Karabakh"),
            "glossary term “Artsakh” became “Nagorno-Karabakh”",
        ),
        (
            "Azerbaijani President Ilham Aliyev has stated this.",
            "Azerbaijani Foreign Minister Jeyhun Bayramov has stated this.",
            "glossary term “Ilham Aliyev” removed",
        ),
        (
            "Azerbaijani President Ilham Aliyev has stated this.",
            "Azerbaijani Foreign Minister Jeyhun Bayramov has stated this.",
            "name “Bayramov”, “Foreign”, “Jeyhun”, “Minister” added",
        ),
        (
            LINK,
            LINK.replace("sos-2", "sos-3"),
            "URL “https://www.lemkininstitute.com/sos-2” became",
        ),
    ],
)
def test_meaning_changes_are_named(previous, current, expected):
    messages = changed(previous, current)
    assert len(messages) == 1 and expected in messages[0], messages


def test_wording_changes_are_left_to_fuzzy():
    assert (
        changed(
            "At this moment in time, conditions on the ground are unclear.",
            "At this moment, conditions on the ground are unclear.",
        )
        == []
    )
    assert changed(MEETING, MEETING.replace("A meeting", "The meeting")) == []


def test_only_fuzzy_entries_with_previous_msgid():
    assert findings("source-changed", MEETING, FR, "fr", previous=MEETING.replace("21", "2")) == []
    assert findings("source-changed", MEETING, FR, "fr", fuzzy=True) == []
