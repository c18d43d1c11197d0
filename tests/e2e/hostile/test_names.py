"""Hostile document names: one naming rule, the one ``import --as`` uses, for every document.

A newline in a file name made ``extract`` write a POT that alerti18n itself then
rejected; a 250-character name gave a traceback. Now every command that lists the
documents refuses such a name in one line (the name's newline shown as ``\\n``), exit 2,
before anything is written.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from support.hostile import refuses, run

BAD = {
    "newline": "a\nb",
    "250 characters": "a" * 250,
    "space": "two words",
    "non-ASCII": "Ալարմ",
    "escape sequence": "red\x1b[31m",
    "leading dash": "-rf",
    "double dot": "a..b",
    "trailing dot": "a.",
    "Windows device": "con",
    "nested bad part": "sub/a b",
}


@pytest.mark.parametrize("name", list(BAD.values()), ids=list(BAD))
@pytest.mark.parametrize("command", [["extract"], ["update"], ["build"], ["check"], ["status"]])
def test_a_bad_name_is_one_line_and_nothing_is_written(
    basic_project: Path, name: str, command: list[str]
) -> None:
    path = basic_project / "source" / f"{name}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("# Title\n\nA sentence.\n", encoding="utf-8")
    line = refuses(basic_project, *command, words=("cannot name a document",))
    assert "\x1b" not in line  # shown escaped: a name cannot drive the terminal
    assert not list((basic_project / "locales").glob("*a*b*.pot"))


def test_names_that_differ_only_in_case_are_refused(basic_project: Path) -> None:
    (basic_project / "source" / "Field-Hospital.md").write_text("# T\n\nText.\n")
    refuses(basic_project, "extract", words=("differ only in case",))


def test_hidden_files_are_no_documents(basic_project: Path) -> None:
    """An editor's lock (``.#x.md``, a link to nowhere) or a hidden draft is left alone."""
    (basic_project / "source" / ".#field-hospital.md").symlink_to("ani@laptop.4242:1700000000")
    (basic_project / "source" / ".draft.md").write_text("# Draft\n\nNot yet.\n")
    outcome = run(basic_project, "extract")
    assert outcome.code == 0, outcome.stderr
    assert not list((basic_project / "locales").glob(".*"))


@pytest.mark.parametrize("name", ["a b", "a..b", "x" * 101, "con"])
def test_import_as_applies_the_same_rule(basic_project: Path, name: str) -> None:
    page = basic_project.parent / "page.html"
    page.write_text("<html><body><main><p>Text.</p></main></body></html>", encoding="utf-8")
    refuses(basic_project, "import", str(page), "--as", name, words=("cannot name a document",))


@pytest.mark.parametrize("name", ["a b", "x\ny", "con"])
def test_an_imported_memory_takes_the_same_rule(basic_project: Path, name: str) -> None:
    """Its name becomes locales/tm/NAME.tmx and the from= of every mark made from it."""
    memory = basic_project.parent / f"{name}.tmx"
    assert run(basic_project, "tm", "export", "-o", str(memory)).code == 0
    refuses(basic_project, "tm", "import", str(memory), words=("cannot name an imported memory",))
