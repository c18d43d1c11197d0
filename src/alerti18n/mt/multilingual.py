"""Multilingual packages: one model serving every pair among its languages, as data.

A multilingual model (NLLB-200, M2M-100, MADLAD-400) is told which languages
to translate between by tokens around the sentence, and knows languages by its
family's own codes (FLORES-200 for NLLB: ``hye_Armn``). How each family does
it, and how the project's language codes map to the family's, is data:
``data/families.toml`` (its header documents every key), read into a
:class:`Family`.

A package is still an Argos package (``metadata.json`` with ``from_code``,
``to_code``, ``model/``, ``sentencepiece.model``), so ``models install`` and
Argos itself accept it; what makes it multilingual is one field of our own,
which Argos ignores::

    "alerti18n": {
        "family": "nllb",                      # a table of families.toml
        "languages": ["eng_Latn", "hye_Armn"], # the family's codes it serves
                                               # (default: the family's list)
        "licence": "CC-BY-NC-4.0",
        "quality": {"en->hy": {"chrF++": 40.1, "BLEU": 16.4}},
        "quality_source": "FLORES-200 devtest, model card"
    }

``licence``, ``quality`` and ``quality_source`` may describe any package,
multilingual or not; ``models list`` shows them. Every field is checked
(:func:`package_info`): a package is untrusted input.
"""

from __future__ import annotations

import functools
import math
import re
import sys
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from alerti18n.core.errors import ModelError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

#: Our field in an Argos package's metadata.json.
FIELD = "alerti18n"
_FAMILY_CODE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,15}")
_METRIC = re.compile(r"[A-Za-z][A-Za-z0-9+._-]{0,15}")
_LICENCE = re.compile(r"[A-Za-z0-9][A-Za-z0-9.+-]{0,63}")
_PAIR = re.compile(
    r"([A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*)->([A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*)"
)
#: Not in one line of text: C0 and C1 controls, DEL, line and paragraph separators, and the
#: bidirectional embeddings, overrides and isolates.
_NOT_IN_LINE = re.compile("[\x00-\x1f\x7f-\x9f\u2028-\u202e\u2066-\u2069]")
_MAX_TEXT = 200
_MAX_QUALITY = 50_000  # pairs with figures: 202 languages make 40,602 pairs


@dataclass(frozen=True)
class Affixes:
    """What goes around a sentence's SentencePiece pieces for one pair, and what the
    translation starts with (taken off the result)."""

    source_tokens: tuple[str, ...] = ()
    source_text: str = ""
    end: tuple[str, ...] = ()
    target_tokens: tuple[str, ...] = ()

    def tokens(self) -> tuple[str, ...]:
        """Every token these affixes need in the model's vocabulary."""
        text = (self.source_text.strip(),) if self.source_text.strip() else ()
        return (*self.source_tokens, *text, *self.end, *self.target_tokens)


@dataclass(frozen=True)
class Family:
    """One table of ``families.toml``: how a family's models are told the languages."""

    name: str
    title: str
    licence: str
    commercial: bool
    models: tuple[str, ...]
    tokenizer: str
    source_tokens: tuple[str, ...]
    source_text: str
    end: str
    target_tokens: tuple[str, ...]
    languages: frozenset[str] | None
    codes: Mapping[str, str]

    def code(self, lang: str, available: Collection[str]) -> str | None:
        """The family's code for project language ``lang``, if it is in ``available``.

        See ``families.toml``: listed codes first (with, then without the region),
        then the language alone where its code names the same script, then the
        code itself and the language alone.
        """
        key = lang.lower().replace("_", "-")
        parts = key.split("-")
        base = parts[0]
        script = next((p for p in parts[1:] if len(p) == 4 and p.isalpha()), "")
        for candidate in dict.fromkeys([key, "-".join(filter(None, (base, script)))]):
            if candidate in self.codes:
                found = self.codes[candidate]
                return found if found in available else None
        if script:
            found = self.codes.get(base, base)
            same = found.lower().endswith(f"_{script}")
            return found if same and found in available else None
        if base in self.codes:
            found = self.codes[base]
            return found if found in available else None
        return next((c for c in (key, base) if c in available), None)

    def affixes(self, source: str, target: str) -> Affixes:
        """The affixes for the family's codes ``source`` -> ``target``."""

        def fill(template: str) -> str:
            return template.replace("{source}", source).replace("{target}", target)

        return Affixes(
            tuple(fill(t) for t in self.source_tokens),
            fill(self.source_text),
            (self.end,) if self.end else (),
            tuple(fill(t) for t in self.target_tokens),
        )


@functools.lru_cache(maxsize=1)
def families() -> dict[str, Family]:
    """Every family of ``data/families.toml``, by name."""
    text = resources.files("alerti18n.mt").joinpath("data/families.toml").read_text("utf-8")
    found = {}
    for name, table in tomllib.loads(text).items():
        languages = table.get("languages")
        found[name] = Family(
            name=name,
            title=table["title"],
            licence=table["licence"],
            commercial=bool(table["commercial"]),
            models=tuple(table["models"]),
            tokenizer=table["tokenizer"],
            source_tokens=tuple(table["source-tokens"]),
            source_text=table["source-text"],
            end=table["end"],
            target_tokens=tuple(table["target-tokens"]),
            languages=frozenset(languages) if languages is not None else None,
            codes=dict(table.get("codes", {})),
        )
    return found


@dataclass(frozen=True)
class PackageInfo:
    """Our field of a package's metadata.json (see the module docstring)."""

    family: Family | None = None
    languages: frozenset[str] = frozenset()  # the family's codes served (multilingual only)
    licence: str = ""
    #: pair ("en->hy") -> metric name -> figure
    quality: Mapping[str, Mapping[str, float]] = field(default_factory=dict)
    quality_source: str = ""

    @property
    def multilingual(self) -> bool:
        return self.family is not None

    def affixes(self, from_code: str, to_code: str) -> Affixes | None:
        """The affixes for a pair of project languages, or None when the package lacks one."""
        if self.family is None:
            return None
        source = self.family.code(from_code, self.languages)
        target = self.family.code(to_code, self.languages)
        if source is None or target is None or source == target:
            return None
        return self.family.affixes(source, target)

    def figures(self, from_code: str, to_code: str) -> Mapping[str, float]:
        """The quality figures the package gives for a pair (none: empty)."""
        return self.quality.get(f"{from_code}->{to_code}", {})


def package_info(meta: Mapping[str, Any], path: Path) -> PackageInfo:
    """Our field of ``meta`` (a package's metadata), checked; ModelError naming ``path``."""
    raw = meta.get(FIELD, {})
    if not isinstance(raw, dict):
        raise _refuse(f"{FIELD} is not an object", path)
    unknown = set(raw) - {"family", "languages", "licence", "quality", "quality_source"}
    if unknown:
        names = ", ".join(sorted(repr(name)[:40] for name in unknown))
        raise _refuse(f"{FIELD} has unknown field(s) {names}", path)
    family = _family(raw.get("family"), path)
    languages = _languages(raw.get("languages"), family, path)
    return PackageInfo(
        family=family,
        languages=languages,
        licence=_licence(raw.get("licence", ""), path),
        quality=_quality(raw.get("quality", {}), path),
        quality_source=_line(raw.get("quality_source", ""), "quality_source", path),
    )


def _refuse(message: str, path: Path) -> ModelError:
    return ModelError(
        f"metadata.json: {message}",
        path,
        hint=f"see the README's 'Multilingual packages' for the fields of \"{FIELD}\"",
    )


def _family(name: Any, path: Path) -> Family | None:
    if name is None:
        return None
    known = families()
    if not isinstance(name, str) or name not in known:
        shown = name if isinstance(name, str) and len(name) < 40 else "?"
        raise _refuse(
            f"unknown model family {shown!r} (known: {', '.join(known)})".replace("\n", " "), path
        )
    return known[name]


def _languages(value: Any, family: Family | None, path: Path) -> frozenset[str]:
    if value is None:
        if family is None:
            return frozenset()
        if family.languages is None:
            raise _refuse(f"a {family.title} package must list its languages", path)
        return family.languages
    if family is None:
        raise _refuse("languages are given, but no family", path)
    if not isinstance(value, list) or not value or len(value) > 1000:
        raise _refuse("languages must be a list of the family's language codes", path)
    for code in value:
        if not isinstance(code, str) or not _FAMILY_CODE.fullmatch(code):
            raise _refuse("languages must be a list of the family's language codes", path)
        if family.languages is not None and code not in family.languages:
            raise _refuse(f"{code!r} is not a {family.title} language code", path)
    return frozenset(value)


def _licence(value: Any, path: Path) -> str:
    if value == "":
        return ""
    if not isinstance(value, str) or not _LICENCE.fullmatch(value):
        raise _refuse("licence must be an SPDX identifier such as MIT or CC-BY-NC-4.0", path)
    return value


def _line(value: Any, key: str, path: Path) -> str:
    if not isinstance(value, str) or len(value) > _MAX_TEXT or _NOT_IN_LINE.search(value):
        raise _refuse(f"{key} must be one line of text (at most {_MAX_TEXT} characters)", path)
    return value


def _quality(value: Any, path: Path) -> dict[str, dict[str, float]]:
    wrong = 'quality must map pairs to figures, such as {"en->hy": {"chrF++": 40.1}}'
    if not isinstance(value, dict) or len(value) > _MAX_QUALITY:
        raise _refuse(wrong, path)
    found: dict[str, dict[str, float]] = {}
    for pair, figures in value.items():
        if not _PAIR.fullmatch(pair) or not isinstance(figures, dict) or len(figures) > 8:
            raise _refuse(wrong, path)
        found[pair] = {}
        for metric, figure in figures.items():
            number = isinstance(figure, int | float) and not isinstance(figure, bool)
            if not _METRIC.fullmatch(metric) or not number or not math.isfinite(figure):
                raise _refuse(wrong, path)
            found[pair][metric] = float(figure)
    return found


__all__ = ["FIELD", "Affixes", "Family", "PackageInfo", "families", "package_info"]
