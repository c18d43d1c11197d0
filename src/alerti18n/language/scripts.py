"""Scripts (writing systems): which script a letter is in, and what pages and checks need to
know about each script (``data/scripts.toml``: fonts, their Debian package, whether the script
has italics, spaces between words, a space between sentences).

Light on purpose (the standard library only): extract's worker processes import it through
:mod:`alerti18n.text.sentences`.
"""

from __future__ import annotations

import functools
import unicodedata
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

#: First word of Unicode character names -> ISO 15924 script code.
SCRIPT_OF_NAME = {
    "LATIN": "Latn",
    "CYRILLIC": "Cyrl",
    "GREEK": "Grek",
    "ARMENIAN": "Armn",
    "GEORGIAN": "Geor",
    "ARABIC": "Arab",
    "HEBREW": "Hebr",
    "SYRIAC": "Syrc",
    "THAANA": "Thaa",
    "DEVANAGARI": "Deva",
    "BENGALI": "Beng",
    "GURMUKHI": "Guru",
    "GUJARATI": "Gujr",
    "ORIYA": "Orya",
    "TAMIL": "Taml",
    "TELUGU": "Telu",
    "KANNADA": "Knda",
    "MALAYALAM": "Mlym",
    "SINHALA": "Sinh",
    "THAI": "Thai",
    "LAO": "Laoo",
    "TIBETAN": "Tibt",
    "MYANMAR": "Mymr",
    "KHMER": "Khmr",
    "ETHIOPIC": "Ethi",
    "MONGOLIAN": "Mong",
    "HANGUL": "Hang",
    "HIRAGANA": "Hira",
    "KATAKANA": "Kana",
    "CJK": "Hani",
}
NAME_OF_SCRIPT = {code: name for name, code in SCRIPT_OF_NAME.items()}


@functools.lru_cache(maxsize=4096)
def script_of(char: str) -> str:
    """ISO 15924 code of a letter's script (``Cyrl`` for ``а``), ``""`` for a non-letter."""
    if not unicodedata.category(char).startswith("L"):
        return ""
    name = unicodedata.name(char, "")
    return SCRIPT_OF_NAME.get(name.split(" ", 1)[0].split("-", 1)[0], "")


def main_script(text: str) -> str:
    """The script most letters of ``text`` are in (``""`` when it has no letter)."""
    if text.isascii():  # its letters are A-Z and a-z: Latin
        return "Latn" if any(map(str.isalpha, text)) else ""
    counts = Counter(map(script_of, filter(str.isalpha, text)))
    counts.pop("", None)
    return counts.most_common(1)[0][0] if counts else ""


@dataclass(frozen=True)
class ScriptFacts:
    """What pages and checks need to know about one script (see ``data/scripts.toml``)."""

    code: str
    fonts: tuple[str, ...]
    package: str
    italic: bool
    word_spaces: bool
    sentence_space: bool


@functools.lru_cache(maxsize=1)
def _data() -> dict[str, Any]:
    """``scripts.toml``, read on first use (so that importing this module reads no file)."""
    import sys

    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - Python 3.10
        import tomli as tomllib
    path = Path(__file__).parent / "data" / "scripts.toml"
    return tomllib.loads(path.read_text(encoding="utf-8"))


def known_scripts() -> tuple[str, ...]:
    """The script codes ``scripts.toml`` describes, in its order."""
    return tuple(code for code in _data() if code != "default")


@functools.lru_cache(maxsize=128)
def facts(code: str) -> ScriptFacts:
    """The facts of script ``code``; a script the file does not list gets the defaults."""
    data = _data()
    own = {**data["default"], **data.get(code, {})}
    return ScriptFacts(
        code=code,
        fonts=tuple(own["fonts"]),
        package=str(own["package"]),
        italic=bool(own["italic"]),
        word_spaces=bool(own["word_spaces"]),
        sentence_space=bool(own["sentence_space"]),
    )
