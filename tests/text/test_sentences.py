"""Sentence splitting: markup stays whole, Armenian full stops and closing quotes."""

from __future__ import annotations

import subprocess
import sys

import pytest
from support.tools import REPO

from alerti18n.text.sentences import split_sentences

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib


def pieces(text: str, lang: str = "en") -> list[str]:
    return [text[s:e] for s, e in split_sentences(text, lang)]


def test_english() -> None:
    assert pieces("Stay inside. Close the windows!  Listen.") == [
        "Stay inside.",
        "Close the windows!",
        "Listen.",
    ]


def test_markup_is_never_split() -> None:
    text = "Run `a. B` now. See [the map. Here](https://x.org/a. B) today."
    assert pieces(text) == ["Run `a. B` now.", "See [the map. Here](https://x.org/a. B) today."]


def test_armenian_ends_at_the_verjaket_not_the_full_stop() -> None:
    text = "Նա ասաց. «Մնացեք տանը»։ Փակեք պատուհանները։"
    assert pieces(text, "hy") == ["Նա ասաց. «Մնացեք տանը»։", "Փակեք պատուհանները։"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # raw HTML is markup whatever it is: a comment, a processing instruction, a tag in capitals
        ("Ա <!-- Բ։ Գ --> Դ։ Ե։", ["Ա <!-- Բ։ Գ --> Դ։", "Ե։"]),
        ("Ա <?php echo 'Բ։ Գ' ?> Դ։ Ե։", ["Ա <?php echo 'Բ։ Գ' ?> Դ։", "Ե։"]),
        ("Ա <B>Բ։ Գ</B> Դ։ Ե։", ["Ա <B>Բ։ Գ</B> Դ։", "Ե։"]),
        # brackets a backslash escapes are text, not a link or a reference
        ("Ա \\[Բ։ Գ\\] Դ։ Ե։", ["Ա \\[Բ։", "Գ\\] Դ։", "Ե։"]),
        # unescaped ones may be a reference link defined elsewhere: kept whole
        ("Ա [Բ։ Գ] Դ։ Ե։", ["Ա [Բ։ Գ] Դ։", "Ե։"]),
        ("Ա [Բ։ Գ](https://x.org/a_(b)) Դ։ Ե։", ["Ա [Բ։ Գ](https://x.org/a_(b)) Դ։", "Ե։"]),
        ("Ա `Բ։\\\nԳ` Դ։ Ե։", ["Ա `Բ։\\\nԳ` Դ։", "Ե։"]),
    ],
    ids=[
        "comment",
        "processing-instruction",
        "capital-tag",
        "escaped-brackets",
        "brackets",
        "link-with-parentheses",
        "code-over-a-line",
    ],
)
def test_markup_is_what_the_inline_lexer_says(text: str, expected: list[str]) -> None:
    assert pieces(text, "hy") == expected


def test_language_data_comes_from_profiles_toml() -> None:
    from alerti18n.text import sentences

    data = tomllib.loads(
        (REPO / "src/alerti18n/language/data/profiles.toml").read_text(encoding="utf-8")
    )
    assert sentences.ABBREVIATIONS["fr"] == frozenset(data["lang"]["fr"]["abbreviations"])
    assert {"Dr", "U.S", "e.g"} <= sentences.ABBREVIATIONS["en"]
    assert sentences.SENTENCE_ENDS["hy"].always == tuple(
        data["lang"]["hy"]["sentence_ends"]["always"]
    )
    assert set(sentences.SENTENCE_ENDS) == {"hy"}  # every other language: sentencex


def test_importing_stays_light() -> None:
    """Extract's workers import this module: no Babel, and no TOML read until a text is split."""
    code = (
        "import sys, alerti18n.text.sentences as s; "
        "assert 'babel' not in sys.modules and 'tomllib' not in sys.modules, 'heavy import'; "
        "s.split_sentences('Dr. Who. Yes.', 'en'); assert 'babel' not in sys.modules"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        ("km", "ជនភៀសខ្លួនបានមកដល់។ ពួកគេត្រូវការទឹក។", ["ជនភៀសខ្លួនបានមកដល់។", "ពួកគេត្រូវការទឹក។"]),
        ("my", "ဒုက္ခသည်များ ရောက်ရှိလာသည်။ ရေ လိုအပ်သည်။", ["ဒုက္ခသည်များ ရောက်ရှိလာသည်။", "ရေ လိုအပ်သည်။"]),
        ("ja", "避難所に着いた。次に水を配った。", ["避難所に着いた。", "次に水を配った。"]),
    ],
)
def test_scripts_without_word_spaces_are_split_by_icu(lang, text, expected):
    assert [text[s:e] for s, e in split_sentences(text, lang)] == expected


@pytest.mark.parametrize("lang", ["en", "fr", "ar", "ru", "hy"])
def test_a_footnote_reference_stays_with_the_sentence_it_follows(lang: str) -> None:
    end = "։" if lang == "hy" else "."
    text = f"The blockade has lasted nine months{end}[^1] Food cannot enter{end}[^n-2] It ends{end}"
    spans = [text[s:e] for s, e in split_sentences(text, lang)]
    assert spans == [
        f"The blockade has lasted nine months{end}[^1]",
        f"Food cannot enter{end}[^n-2]",
        f"It ends{end}",
    ]
