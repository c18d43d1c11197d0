"""Language profiles: what checks, pages and PDFs need to know about a language, as data.

A :class:`Profile` is computed, never written by hand, from four sources:

* CLDR through Babel: the language's name, text direction, script (from the
  likely subtags, e.g. ``ar`` -> ``ar_Arab_EG``), native numbering system, and
  the decimal and group symbols and grouping sizes of each numbering system the
  language uses (Arabic writes ``17,000`` and ``١٧٬٠٠٠``);
* Unicode through :mod:`unicodedata`: the script of a letter (from its
  character name: ``CYRILLIC SMALL LETTER A``) and the digits of a numbering
  system (``ARABIC-INDIC DIGIT ZERO`` ...);
* ICU's CLDR through PyICU (:mod:`.cldr`): the quotation marks (CLDR's
  delimiters, which Babel does not ship);
* ``data/profiles.toml``: what none of them gives (punctuation replacing ASCII
  marks; French spacing; how the glossary recognises inflected words;
  look-alike letters; a language's own fonts). Its header documents each key.

Checks read the profile and never branch on a language code: supporting a new
language means, at most, a few lines in ``profiles.toml``.
"""

from __future__ import annotations

import functools
import sys
import unicodedata
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

from babel import Locale, UnknownLocaleError
from babel.core import get_global
from babel.numbers import format_decimal, get_decimal_symbol, get_group_symbol, parse_pattern

from alerti18n.language.cldr import quotation_marks
from alerti18n.language.scripts import NAME_OF_SCRIPT as _NAME_OF_SCRIPT
from alerti18n.language.scripts import SCRIPT_OF_NAME as SCRIPT_OF_NAME
from alerti18n.language.scripts import script_of as script_of

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

#: Space-like group separators: a locale using one of them accepts them all.
SPACES = " \u00a0\u202f\u2009"


@functools.lru_cache(maxsize=1)
def _data() -> dict[str, Any]:
    text = resources.files("alerti18n.language").joinpath("data/profiles.toml").read_text("utf-8")
    return tomllib.loads(text)


def script_name(code: str) -> str:
    """English name of a script code, from CLDR (``Arab`` -> ``Arabic``)."""
    return str(Locale("en").scripts.get(code, code))


@dataclass(frozen=True)
class Stemming:
    """How the glossary recognises inflected forms of an approved word (see profiles.toml)."""

    trim: int = 0
    min: int = 3
    tail: int = 2
    endings: tuple[str, ...] = ()
    clitics: tuple[str, ...] = ()
    hyphen: bool = False
    snowball: str = ""
    short: tuple[str, ...] = ()


@dataclass(frozen=True)
class Profile:
    """Everything the checks, pages and PDFs need to know about one language."""

    lang: str
    name: str
    direction: str
    scripts: frozenset[str]
    numbering: str
    digits: str
    decimals: str
    groups: str
    grouping: tuple[int, int]
    quotes: str
    quote_hint: str
    quotes_from_cldr: bool = True
    fonts: tuple[str, ...] = ()  # the language's own CSS font families (before its script's)
    punctuation: dict[str, str] = field(default_factory=dict)
    punctuation_where: dict[str, str] = field(default_factory=dict)
    sentence_end: str = "."
    space_before: dict[str, str] = field(default_factory=dict)
    space_after: dict[str, str] = field(default_factory=dict)
    typography: str = "typography"
    stemming: Stemming = field(default_factory=Stemming)
    length_ratio: float = 1.0

    @property
    def rtl(self) -> bool:
        """Whether the language is written right to left."""
        return self.direction == "rtl"

    @property
    def script(self) -> str:
        """The main script's code (``Arab``): the first of :attr:`scripts` by code."""
        return min(self.scripts, default="Latn")

    def format_number(self, value: float | int | str, native: bool = True) -> str:
        """``value`` as the language writes it (Babel's pattern; native digits if ``native``)."""
        system = self.numbering if native and self.digits else "latn"
        text = format_decimal(value, locale=_locale(self.lang), numbering_system=system)
        if system != "latn":
            text = text.translate({ord(str(i)): d for i, d in enumerate(self.digits)})
        return str(text)

    def lookalike(self, char: str) -> str:
        """The letter of this language's script that ``char`` (of another script) looks like."""
        tables = _data().get("lookalikes", {})
        for code in sorted(self.scripts):
            found = tables.get(code, {}).get(char)
            if found:
                return str(found)
            if code == "Latn":  # the inverse of the Cyrillic and Greek tables
                for other in ("Cyrl", "Grek"):
                    for latin, look in tables.get(other, {}).items():
                        if look == char:
                            return str(latin)
        return ""


def base(lang: str) -> str:
    """``fr`` for ``fr``, ``fr_CA`` or ``fr-CA``."""
    return lang.replace("-", "_").split("_")[0].lower()


def babel_locale(lang: str) -> Locale:
    """Babel's locale for ``lang`` (its base language when Babel lacks the region; else English)."""
    return _locale(lang)


def language_conflict(declared: str, source: str) -> str | None:
    """What to say when a document declares another language than the project's source.

    None when the two agree (``en-GB`` agrees with ``en``) or when ``declared`` is
    no language Babel knows (Word's ``x-none``). The project decides: a document
    is segmented, checked and built in the project's source language, whatever
    it declares; the message names both languages and says so.
    """
    code = declared.strip()
    try:
        found = Locale.parse(code.replace("-", "_")) if code else None
    except (UnknownLocaleError, ValueError):
        found = None
    if found is None or found.language == base(source):
        return None
    english = Locale("en")
    said = english.languages.get(found.language, found.language)
    project = english.languages.get(base(source), source)
    return (
        f"it declares its language as {said} ({code}), but the project's source language "
        f"is {project} ({source}): it is read as {project} (sentences, checks, page "
        f"strings); if its text is in {said}, translate it in a project whose source "
        f"language is {found.language}"
    )


@functools.lru_cache(maxsize=256)
def _locale(lang: str) -> Locale:
    try:
        return Locale.parse(lang.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return Locale.parse(base(lang)) if base(lang) != lang else Locale("en")


def digits_of(numbering: str) -> str:
    """The ten digits of a CLDR numbering system (``arab`` -> ``٠١٢٣٤٥٦٧٨٩``), from Unicode."""
    zero = _data().get("numbering_zero", {}).get(numbering)
    if not zero:
        name = _NAME_OF_SCRIPT.get(numbering.title())
        try:
            zero = unicodedata.lookup(f"{name} DIGIT ZERO") if name else ""
        except KeyError:
            zero = ""
    if not zero or unicodedata.decimal(zero, -1) != 0:
        return ""
    return "".join(chr(ord(zero) + i) for i in range(10))


def _scripts(locale: Locale) -> frozenset[str]:
    code = locale.script
    if not code:
        likely = get_global("likely_subtags").get(locale.language, "")
        parts = likely.split("_")
        code = next((p for p in parts[1:] if len(p) == 4), "Latn")
    sets = _data().get("script_sets", {})
    return frozenset(sets.get(code, [code]))


@functools.lru_cache(maxsize=256)
def language_script(lang: str) -> str:
    """``profile(lang).script``, from the language code and CLDR's likely subtags alone: a
    page needs no more of the profile, and a whole profile loads the locale's CLDR data and
    ICU's."""
    return min(_scripts(_locale(lang)), default="Latn")


def language_fonts(lang: str) -> tuple[str, ...]:
    """``profile(lang).fonts``: the language's own font families, before its script's."""
    own = {**_data().get("default", {}), **_data().get("lang", {}).get(_locale(lang).language, {})}
    return tuple(str(f) for f in own.get("fonts", ()))


@functools.lru_cache(maxsize=256)
def profile(lang: str) -> Profile:
    """The profile of ``lang`` (``ar``, ``fr_CA``, ``pt-BR``), cached."""
    locale = _locale(lang)
    data = _data()
    own: dict[str, Any] = {**data.get("default", {})}
    own.update(data.get("lang", {}).get(locale.language, {}))
    native = str(locale._data["numbering_systems"].get("native", "latn"))
    systems = dict.fromkeys(("latn", locale.default_numbering_system, native))
    decimals, groups = "", ""
    for system in systems:
        decimals += get_decimal_symbol(locale, numbering_system=system)
        groups += get_group_symbol(locale, numbering_system=system)
    if any(g in SPACES for g in groups):
        groups += SPACES
    pattern = parse_pattern(locale.decimal_formats.get(None) or "#,##0.###")
    grouping = (int(pattern.grouping[0]), int(pattern.grouping[1]))
    cldr_quotes = quotation_marks(lang)
    quotes = cldr_quotes or str(own.get("quotes", ""))
    also = str(own.get("also_quotes", ""))
    pairs = dict.fromkeys((quotes[:2], also[:2]))  # the main pair, and the main other one
    hint = " or ".join(f"{q[0]} {q[1]}" for q in pairs if len(q) == 2)
    stem = own.get("stem", {})
    scripts = _scripts(locale)
    return Profile(
        lang=lang,
        name=str(Locale("en").languages.get(locale.language, locale.language)),
        direction="rtl" if locale.text_direction == "right-to-left" else "ltr",
        scripts=scripts,
        numbering=native,
        digits=digits_of(native) if native != "latn" else "",
        decimals="".join(dict.fromkeys(decimals)),
        groups="".join(dict.fromkeys(groups)),
        grouping=grouping,
        quotes="".join(dict.fromkeys(quotes + also)),
        quote_hint=hint,
        quotes_from_cldr=cldr_quotes is not None,
        fonts=language_fonts(lang),
        punctuation=dict(own.get("punctuation", {})),
        punctuation_where=dict(own.get("punctuation_where", {})),
        sentence_end=str(own.get("sentence_end", ".")),
        space_before=dict(own.get("space_before", {})),
        space_after=dict(own.get("space_after", {})),
        typography=str(own.get("typography", "typography")),
        stemming=Stemming(
            trim=int(stem.get("trim", 0)),
            min=int(stem.get("min", 3)),
            tail=int(stem.get("tail", 2)),
            endings=tuple(stem.get("endings", ())),
            clitics=tuple(stem.get("clitics", ())),
            hyphen=bool(stem.get("hyphen", False)),
            snowball=str(own.get("snowball", "")),
            short=tuple(stem.get("short", ())),
        ),
        length_ratio=_length_ratio(data, locale.language, scripts),
    )


def _length_ratio(data: dict[str, Any], language: str, scripts: frozenset[str]) -> float:
    """Usual length of a translation into the language relative to English, in characters.

    The language's own ``length_ratio``, else the largest of its scripts' (Japanese mixes
    Han with kana, which run longer), else the default's.
    """
    own = data.get("lang", {}).get(language, {})
    if "length_ratio" in own:
        return float(own["length_ratio"])
    table = data.get("script_length_ratio", {})
    found = [float(table[code]) for code in scripts if code in table]
    return max(found) if found else float(data.get("default", {}).get("length_ratio", 1.0))


def languages_with(key: str, value: str | None = None) -> tuple[str, ...]:
    """Languages of ``profiles.toml`` that set ``key`` (to ``value``, when given)."""
    return tuple(
        sorted(
            lang
            for lang, own in _data().get("lang", {}).items()
            if key in own and (value is None or own[key] == value)
        )
    )


def describe(lang: str) -> dict[str, object]:
    """A profile as plain data, for ``alerti18n`` listings and tests."""
    p = profile(lang)
    return {
        "lang": p.lang,
        "name": p.name,
        "direction": p.direction,
        "scripts": sorted(p.scripts),
        "numbering": p.numbering,
        "digits": p.digits,
        "decimals": p.decimals,
        "groups": p.groups,
        "quotes": p.quotes,
    }
