"""Per-script facts (data/scripts.toml) and the script of a letter."""

from __future__ import annotations

import subprocess
import sys

from alerti18n.language.scripts import facts, known_scripts, main_script, script_of


def test_script_of_letters_only() -> None:
    assert [script_of(c) for c in "aа α日ひカ한ქ5"] == [
        "Latn", "Cyrl", "", "Grek", "Hani", "Hira", "Kana", "Hang", "Geor", "",
    ]  # fmt: skip


def test_an_ascii_letter_is_latin_and_nothing_else_ascii_is_a_letter() -> None:
    """main_script's shortcut for ASCII text (every letter Latin) holds for each character."""
    for char in map(chr, range(128)):
        assert script_of(char) == ("Latn" if char.isalpha() else ""), repr(char)
    assert main_script("Call 112, then wait.") == "Latn"
    assert main_script("112 - 3.") == ""


def test_main_script_of_a_text() -> None:
    assert main_script("避難所は5 km先にある") == "Hani"
    assert main_script("ผู้ลี้ภัย UN") == "Thai"
    assert main_script("2024") == ""


def test_facts_from_the_data_with_defaults() -> None:
    assert facts("Khmr").word_spaces is False and facts("Khmr").italic is False
    assert facts("Hani").package == "fonts-noto-cjk" and not facts("Hani").sentence_space
    assert facts("Latn").italic and facts("Latn").word_spaces and facts("Latn").sentence_space
    unknown = facts("Toto")
    assert unknown.fonts == facts("Latn").fonts and unknown.package == "fonts-noto-core"
    assert {"Latn", "Ethi", "Mymr", "Hang"} <= set(known_scripts())


def test_importing_reads_no_file_and_no_babel() -> None:
    code = (
        "import sys, alerti18n.language.scripts; "
        "assert 'babel' not in sys.modules and 'tomllib' not in sys.modules"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
