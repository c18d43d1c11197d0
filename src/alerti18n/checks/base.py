"""The check model: findings, the registry of checks, and the unit a check looks at.

A check is a small named function registered with :func:`register`. Its
docstring's first line is its title; it receives a :class:`Unit` (one source
text and its translation, plus the entry, languages and glossary) and yields
messages, each a ``str`` (reported with the check's default severity) or a
:class:`Problem` carrying its own severity.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import polib

from alerti18n.language.glossary import Glossary
from alerti18n.language.profiles import base as base_language

ERROR = "error"
WARNING = "warning"

#: Which entries a check looks at.
UNTRANSLATED, FUZZY, TRANSLATED, ANY = "untranslated", "fuzzy", "translated", "any"
#: A check of a whole document in one language, not of entries: its function is never given
#: an entry; the findings come from where the document is put together (checks.channels).
DOCUMENT = "document"


@dataclass(frozen=True)
class Finding:
    """One problem found in one PO entry."""

    check: str
    severity: str
    path: Path
    line: int
    msgid: str
    message: str
    waived: bool = False
    reason: str = ""

    def to_dict(self) -> dict:
        """JSON-ready form; the path as a string."""
        return {
            "check": self.check,
            "severity": self.severity,
            "path": str(self.path),
            "line": self.line,
            "msgid": self.msgid,
            "message": self.message,
            "waived": self.waived,
            "reason": self.reason,
        }


@dataclass(frozen=True)
class Problem:
    """A message with a severity other than the check's default."""

    message: str
    severity: str


@dataclass(frozen=True)
class Unit:
    """What a check looks at: one source text and its translation in context.

    ``form`` is the plural form's index (0 for an entry without plurals).
    """

    entry: polib.POEntry
    source: str
    target: str
    lang: str
    source_lang: str = "en"
    glossary: Glossary = field(default_factory=Glossary)
    form: int = 0

    @property
    def base_lang(self) -> str:
        """Language without region: ``fr`` for ``fr_CA``."""
        return base_language(self.lang)


CheckFunc = Callable[[Unit], Iterable["str | Problem"]]


@dataclass(frozen=True)
class Check:
    """A registered check: id, function, default severity and where it applies."""

    id: str
    func: CheckFunc
    severity: str
    scope: str = TRANSLATED
    langs: tuple[str, ...] = ()
    per_entry: bool = False
    except_langs: tuple[str, ...] = ()

    @property
    def title(self) -> str:
        """First line of the function's docstring."""
        return (self.func.__doc__ or self.id).strip().splitlines()[0]

    def applies_to(self, lang: str) -> bool:
        """Whether the check runs for catalogs in ``lang``."""
        base = base_language(lang)
        return (not self.langs or base in self.langs) and base not in self.except_langs


CHECKS: dict[str, Check] = {}


def register(
    check_id: str,
    severity: str,
    scope: str = TRANSLATED,
    langs: tuple[str, ...] = (),
    per_entry: bool = False,
    except_langs: tuple[str, ...] = (),
) -> Callable[[CheckFunc], CheckFunc]:
    """Decorator adding a check function to :data:`CHECKS` under ``check_id``.

    ``langs`` limits the check to those languages, ``except_langs`` leaves them out.
    """

    def decorate(func: CheckFunc) -> CheckFunc:
        if check_id in CHECKS:
            raise ValueError(f"check {check_id!r} registered twice")
        CHECKS[check_id] = Check(check_id, func, severity, scope, langs, per_entry, except_langs)
        return func

    return decorate
