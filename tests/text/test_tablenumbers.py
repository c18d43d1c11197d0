"""Numbers in table cells: offered as segments with a note, checked and built per language."""

from __future__ import annotations

from pathlib import Path

import polib
import pytest
from babel.numbers import format_decimal
from click.testing import CliRunner

from alerti18n.checks.testing import fails, findings, passes
from alerti18n.cli.main import main
from alerti18n.output.render import rebuild_document
from alerti18n.text.segment import parse_document
from alerti18n.text.tablenumbers import NOTE, is_number_cell, note

NBSP, NNBSP = "\u00a0", "\u202f"
TABLE = """\
# Shelters

| Shelter | Opened | People | Share | Code |
|---|---|---|---|---|
| School No. 5 | 2023 | 1,350 | 12.5% | `1.2.3` |
| Hall 7 | 2024 | 2,870 | 5 | 4 |

1,350
"""


def _cli(project: Path, *args: str) -> str:
    result = CliRunner().invoke(main, [*args, "--project", str(project)])
    assert result.exit_code == 0, result.output
    return result.output


def test_number_cells_with_symbols_are_segments_years_and_plain_digits_are_not(
    tmp_path: Path,
) -> None:
    path = tmp_path / "doc.md"
    path.write_text(TABLE, encoding="utf-8")
    doc = parse_document(path)
    texts = [s.text for s in doc.segments]
    assert texts == [
        "Shelters",
        *["Shelter", "Opened", "People", "Share", "Code"],
        *["School No. 5", "1,350", "12.5%"],
        *["Hall 7", "2,870"],
    ]  # not 2023, 2024, 5, 4, code, nor the paragraph that is only a number
    # identity with no translations, byte for byte
    assert rebuild_document(doc, {}, "uk").markdown == TABLE


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("1,350", "en", True),
        ("$4,220", "en", True),
        ("12.5%", "en", True),
        ("2023", "en", False),
        ("5", "en", False),
        ("2023–2024", "en", False),
        (f"1{NNBSP}350", "fr", True),
        ("1.350", "de", True),
    ],
)
def test_is_number_cell(text: str, lang: str, expected: bool) -> None:
    assert is_number_cell(text, lang) is expected


def test_note_gives_each_targets_form_from_cldr() -> None:
    text = note("1,350", "en", ["uk", "de", "fa"])
    assert text.startswith(NOTE)
    for lang in ("uk", "de"):
        assert f"{lang} {format_decimal(1350, locale=lang)}" in text
    assert "fa ۱" in text  # Persian's default numbering system has its own digits
    assert note("1,350 / 2,870", "en", ["uk"]) == f"{NOTE}."  # two numbers: no single example


@pytest.mark.parametrize("target", [f"1{NBSP}350", f"1{NNBSP}350", "1 350"])
def test_numbers_check_accepts_ukrainian_forms(target: str) -> None:
    assert passes("numbers", "1,350", target, "uk")


def test_numbers_check_flags_an_english_number_in_ukrainian() -> None:
    assert fails("numbers", "1,350", "1,350", "uk")
    messages = [f.message for f in findings("numbers", "1,350", "1,350", "uk")]
    assert any("1350" in m and "missing" in m for m in messages), messages


def test_cycle_offers_the_cell_with_a_note_and_builds_the_ukrainian_form(tmp_path: Path) -> None:
    project = tmp_path / "p"
    (project / "source").mkdir(parents=True)
    (project / "pyproject.toml").write_text(
        '[tool.alerti18n]\nname = "t"\nsource-language = "en"\ntarget-languages = ["uk"]\n',
        encoding="utf-8",
    )
    (project / "source" / "doc.md").write_text(TABLE, encoding="utf-8")
    _cli(project, "extract")
    _cli(project, "update")
    _cli(project, "build", "--format", "md")
    built = project / "build" / "uk" / "doc.md"
    assert built.read_text(encoding="utf-8") == TABLE  # empty catalog: the source's bytes
    pot = polib.pofile(str(project / "locales" / "doc.pot"))
    assert f"uk {format_decimal(1350, locale='uk')}" in pot.find("1,350").comment
    assert "number" not in pot.find("School No. 5").comment
    path = project / "locales" / "uk" / "doc.po"
    po = polib.pofile(str(path))
    po.find("1,350").msgstr = f"1{NBSP}350"
    po.save()
    _cli(project, "build", "--format", "md")
    assert f"| School No. 5 | 2023 | 1{NBSP}350 | 12.5% |" in built.read_text(encoding="utf-8")
