"""alerti18n.catalog.template: one document's segments as a POT, and its bytes kept when only
the creation date would change."""

from __future__ import annotations

import time
from pathlib import Path

import polib
from babel.numbers import format_decimal

from alerti18n.catalog.template import build_template, template_bytes
from alerti18n.core.config import Project
from alerti18n.language.glossary import load_glossary
from alerti18n.text.segment import parse_document

TEXT = """# Water points

The well at Stepanakert is closed. The well at Stepanakert is closed.

| Day | Litres |
|---|---|
| Monday | 1,200 |
"""


def _template(project: Project) -> tuple[polib.POFile, Path]:
    source = project.root / "source" / "water.md"
    source.write_text(TEXT, encoding="utf-8")
    (project.root / "locales" / "glossary.csv").write_text(
        "en,fr\nStepanakert,Stepanakert\n", encoding="utf-8"
    )
    glossary = load_glossary(project.root / "locales" / "glossary.csv", "en", ["en", "fr"])
    doc = parse_document(source, "en")
    return build_template(project, doc, glossary), source


def test_one_entry_per_distinct_sentence_with_where_glossary_and_reference(
    new_project: Project,
) -> None:
    pot, source = _template(new_project)
    ids = [entry.msgid for entry in pot]
    assert ids == [
        "Water points",
        "The well at Stepanakert is closed.",
        "Day",
        "Litres",
        "Monday",
        "1,200",
    ]
    repeated = pot.find("The well at Stepanakert is closed.")
    assert repeated is not None
    first, *rest = repeated.comment.split("\n")
    assert first.count(";") == 1  # both places are named on the one entry
    assert "glossary: Stepanakert = fr: Stepanakert" in rest
    assert [line for _, line in repeated.occurrences] == ["3", "3"]
    assert all(path == "source/water.md" for path, _ in repeated.occurrences)
    number = pot.find("1,200")
    assert number is not None  # with the French form of the number, as CLDR writes it
    assert f"fr {format_decimal(1200, locale='fr')}" in number.comment


def test_bytes_kept_when_only_the_creation_date_differs(new_project: Project, monkeypatch) -> None:
    pot, _ = _template(new_project)
    path = new_project.root / "locales" / "water.pot"
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1695340800")
    first = template_bytes(pot, None)
    path.write_bytes(first)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795340800")
    again, _ = _template(new_project)
    assert template_bytes(again, path.read_bytes()) == first
    again.append(polib.POEntry(msgid="A new sentence.", msgstr=""))
    changed = template_bytes(again, path.read_bytes())
    assert changed != first
    assert polib.pofile(changed.decode("utf-8")).metadata["POT-Creation-Date"] == time.strftime(
        "%Y-%m-%d %H:%M+0000", time.gmtime(1795340800)
    )
