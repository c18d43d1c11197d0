"""Fonts: the CSS font stacks pages ask for, and whether the installed fonts can show a page.

**Stacks, as data.** :func:`stylesheet` writes, from ``language/data/scripts.toml``
and the ``fonts`` of ``profiles.toml``, one font stack per script (selected by
the ``data-script`` attribute every element with a ``lang`` carries), one per
language that has its own (Urdu's Nastaliq, the Japanese and Korean forms of
Han), and the rule that sets emphasis upright and bold in every script
without an italic tradition (``italic = false``): no browser or PDF writer
then slants its letters (a synthetic "Oblique" font).

**Coverage.** :func:`missing_glyphs` asks fontconfig (the library WeasyPrint
and Chromium find fonts with on Linux) for the characters of a text that no
installed font has a glyph for; :func:`warn_missing` says, per script, which
Debian package to install. The PDF writer reports the glyphs WeasyPrint drew
as empty boxes (.notdef) the same way.
"""

from __future__ import annotations

import ctypes
import functools
import html
import logging
import re
from collections.abc import Callable, Iterable

import icu

from alerti18n.language.profiles import language_fonts, language_script, languages_with, script_name
from alerti18n.language.scripts import facts, known_scripts, script_of

log = logging.getLogger(__name__)

_FALLBACK = '"DejaVu Sans", sans-serif'
_SYMBOLS = {"Zyyy": "symbol", "Zinh": "combining", "Zzzz": "unknown"}
_EMPHASIS = "em, i, cite"


def _families(names: Iterable[str]) -> str:
    return ", ".join(f'"{name}"' if " " in name else name for name in names)


@functools.lru_cache(maxsize=1)
def stylesheet() -> str:
    """The pages' font rules, from the script and language data (see the module docstring)."""
    scripts = known_scripts()
    lines = [":root {"]
    lines += [f"  --font-{code}: {_families(facts(code).fonts)};" for code in scripts]
    lines += [f"  --fallback: {_FALLBACK};", "}"]
    lines.append("[lang] { font-family: var(--font-Latn), var(--fallback); }")
    for code in scripts:
        lines.append(
            f'[data-script="{code}"] {{ font-family: var(--font-{code}), var(--font-Latn), '
            "var(--fallback); }"
        )
    for lang in languages_with("fonts"):
        lines.append(
            f'[lang|="{lang}"] {{ font-family: {_families(language_fonts(lang))}, '
            f"var(--font-{language_script(lang)}), var(--font-Latn), var(--fallback); }}"
        )
    upright = [f'[data-script="{code}"]' for code in scripts if not facts(code).italic]
    lines.append(
        f":is({', '.join(upright)}) :is({_EMPHASIS}) {{ font-style: normal; font-weight: 700; }}"
    )
    return "\n".join(lines) + "\n"


def page_text(page: str) -> str:
    """The text an HTML page shows (tags dropped, entities decoded): what needs glyphs."""
    body = re.sub(r"(?s)<(script|style|head)\b.*?</\1>", " ", page)
    return html.unescape(re.sub(r"<[^>]*>", " ", body))


class _FontSet(ctypes.Structure):
    _fields_ = [
        ("nfont", ctypes.c_int),
        ("sfont", ctypes.c_int),
        ("fonts", ctypes.POINTER(ctypes.c_void_p)),
    ]


@functools.lru_cache(maxsize=1)
def _has_glyph() -> Callable[[str], bool] | None:
    """Whether any installed font has a glyph for a character (fontconfig), None without it."""
    fc = _fontconfig()
    if fc is None:
        return None
    fc.FcInitLoadConfigAndFonts.restype = ctypes.c_void_p
    fc.FcPatternCreate.restype = ctypes.c_void_p
    fc.FcObjectSetBuild.restype = ctypes.c_void_p
    fc.FcFontList.restype = ctypes.POINTER(_FontSet)
    fc.FcFontList.argtypes = [ctypes.c_void_p] * 3
    fc.FcCharSetCreate.restype = ctypes.c_void_p
    fc.FcPatternGetCharSet.argtypes = [
        ctypes.c_void_p,
        ctypes.c_char_p,
        ctypes.c_int,
        ctypes.POINTER(ctypes.c_void_p),
    ]
    fc.FcCharSetMerge.argtypes = [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p]
    fc.FcCharSetHasChar.argtypes = [ctypes.c_void_p, ctypes.c_uint32]
    config = fc.FcInitLoadConfigAndFonts()
    objects = fc.FcObjectSetBuild(b"charset", None)
    fonts = fc.FcFontList(config, fc.FcPatternCreate(), objects)
    union = fc.FcCharSetCreate()
    for index in range(fonts.contents.nfont if fonts else 0):
        charset = ctypes.c_void_p()
        if fc.FcPatternGetCharSet(fonts.contents.fonts[index], b"charset", 0, charset) == 0:
            fc.FcCharSetMerge(union, charset, None)
    return lambda char: bool(fc.FcCharSetHasChar(union, ord(char)))


#: fontconfig's library by its sonames, which the dynamic loader finds without help.
_SONAMES = ("libfontconfig.so.1", "libfontconfig.1.dylib")


def _fontconfig() -> ctypes.CDLL | None:
    """fontconfig's library, None without it. Loaded by soname first: ``find_library``
    runs ldconfig (a subprocess) to find what the loader finds itself."""
    for name in _SONAMES:
        try:
            return ctypes.CDLL(name)
        except OSError:
            continue
    from ctypes.util import find_library

    found = find_library("fontconfig")
    return ctypes.CDLL(found) if found else None


def missing_glyphs(text: str) -> set[str]:
    """Characters of ``text`` that no installed font has a glyph for (none without fontconfig)."""
    has = _has_glyph()
    if has is None:
        return set()
    return {c for c in set(text) if c.isprintable() and not c.isspace() and not has(c)}


def describe(missing: Iterable[str]) -> list[str]:
    """One sentence per script of the ``missing`` characters, naming the package to install."""
    by_package: dict[str, dict[str, list[str]]] = {}
    for char in sorted(set(missing)):
        code = script_of(char) or str(icu.Script.getScript(char).getShortName())
        by_package.setdefault(facts(code).package, {}).setdefault(code, []).append(char)
    sentences = []
    for package, scripts in by_package.items():
        chars = [c for group in scripts.values() for c in group]
        names = ", ".join(_SYMBOLS.get(code) or script_name(code) for code in scripts)
        sample = "".join(chars[:8])
        sentences.append(
            f"no font has glyphs for {len(chars)} {names} character(s) (“{sample}”…): they "
            f"show as empty boxes; install the Debian package {package} (or another font "
            "for the script) and build again"
        )
    return sentences


def warn_missing(where: str, missing: Iterable[str]) -> None:
    """Log a warning per script of ``missing`` characters, for the file ``where``."""
    for sentence in describe(missing):
        log.warning("%s: %s", where, sentence)
