"""What every machine-translation engine shares: the interface, its options, the registry.

An engine turns a list of (already protected) sentences into a list of
translations, in order. Each engine is one module that registers an
:class:`EngineType` (its name, its options class, how to open it): the
in-process Argos/CTranslate2 one (:mod:`alerti18n.mt.argos`, the default,
offline) and a LibreTranslate client (:mod:`alerti18n.mt.libretranslate`),
used only when the user named a server. An engine's options are a frozen
dataclass of :func:`setting` fields: each is a ``[tool.alerti18n.mt]`` key
(its name with dashes) and, when it has a help text, a ``pretranslate``
option. The stage that fills catalogs (:mod:`alerti18n.stages.pretranslate`)
knows only this interface; :mod:`alerti18n.mt` assembles the registry.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any, ClassVar, Protocol

from alerti18n.core.errors import ConfigError, ModelError

#: The confidence from which a draft counts as "high" unless ``mt.high-confidence`` says
#: otherwise: the geometric mean of its tokens' probabilities (see :class:`Draft`).
DEFAULT_HIGH_CONFIDENCE = 0.5
CONFIDENCE = "a number from 0 to 1"


@dataclass(frozen=True)
class Draft:
    """One machine translation and, when the engine gives one, its confidence.

    The confidence is CTranslate2's score of the translation normalised per
    token (its mean log-probability), as a probability: ``exp(score)``, the
    geometric mean of the probabilities the model gave each token it chose,
    rounded to two decimals. 1 is certain; a model that guesses scores near
    0. None: the engine gives no score (a LibreTranslate server).
    """

    text: str
    confidence: float | None = None


def as_drafts(results: Iterable[Draft | str]) -> list[Draft]:
    """An engine's results as drafts: a plain string is a draft without a score."""
    return [Draft(r) if isinstance(r, str) else r for r in results]


class MissingPackageError(ModelError):
    """No engine for a language pair (no package, or the server lacks it): exit code 1."""

    exit_code = 1


class EngineFailure(ModelError):
    """The engine failed part-way: exit code 1. ``done`` maps input positions to results."""

    exit_code = 1

    def __init__(
        self,
        message: str,
        path: str | Path | None = None,
        hint: str | None = None,
        done: Mapping[int, Draft | str] | None = None,
    ) -> None:
        super().__init__(message, path, hint=hint)
        self.done = done or {}


@dataclass(frozen=True)
class Setting:
    """One engine option: a ``[tool.alerti18n.mt]`` key, and a command-line option when it
    has a help text."""

    name: str  # the field's name; the key and the option are it with dashes
    kind: type  # int, float, str or Path
    help: str | None  # None: a config key only
    minimum: float | None = None
    positive: bool = False  # more than 0 (a float)
    choices: tuple[str, ...] = ()
    maximum: float | None = None
    number: str = "a number of seconds"  # what a float is, for the message

    @property
    def key(self) -> str:
        return self.name.replace("_", "-")

    def check(self, raw: object, config_file: Path | None) -> None:
        """Refuse a value of the wrong type or out of range (ConfigError, exit 2)."""
        key = self.key
        if self.kind is int and (not isinstance(raw, int) or isinstance(raw, bool) or raw < 0):
            raise ConfigError(f"mt.{key} must be a whole number", config_file, hint=f"{key} = 4")
        if self.kind is float and (not isinstance(raw, int | float) or isinstance(raw, bool)):
            example = "0.5" if self.maximum is not None else "30"
            raise ConfigError(
                f"mt.{key} must be {self.number}", config_file, hint=f"{key} = {example}"
            )
        if self.kind in (str, Path) and not isinstance(raw, str):
            raise ConfigError(f"mt.{key} must be a string", config_file, hint=f'{key} = "…"')
        assert isinstance(raw, int | float | str)
        if self.choices and raw not in self.choices:
            raise ConfigError(f"mt {key} must be one of {', '.join(self.choices)}", config_file)
        if self.minimum is not None and isinstance(raw, int | float) and raw < self.minimum:
            raise ConfigError(f"mt {key} must be at least {self.minimum:g}", config_file)
        if self.maximum is not None and isinstance(raw, int | float) and raw > self.maximum:
            raise ConfigError(f"mt {key} must be at most {self.maximum:g}", config_file)
        if self.positive and isinstance(raw, int | float) and raw <= 0:
            raise ConfigError(f"mt {key} must be positive", config_file)


def setting(
    default: Any,
    kind: type,
    help: str | None = None,
    *,
    minimum: float | None = None,
    positive: bool = False,
    choices: tuple[str, ...] = (),
    maximum: float | None = None,
    number: str = "a number of seconds",
) -> Any:
    """A field of an engine's options class (see :class:`Setting`)."""
    spec = (kind, help, minimum, positive, choices, maximum, number)
    return field(default=default, metadata={"setting": spec})


@dataclass(frozen=True)
class EngineOptions:
    """What every engine takes; an engine's own options class adds its fields."""

    engine: ClassVar[str] = ""  # the engine's name in the registry
    batch_size: int = setting(32, int, "Segments per batch (per request, for a server).", minimum=1)
    #: a draft whose confidence is below this is not written (its entry stays untranslated)
    min_confidence: float = setting(
        0.0,
        float,
        "Withhold drafts whose confidence (0-1) is below this.",
        minimum=0,
        maximum=1,
        number=CONFIDENCE,
    )
    #: drafts at or above this confidence are "high", the others "low" (status, dashboard)
    high_confidence: float = setting(
        DEFAULT_HIGH_CONFIDENCE, float, minimum=0, maximum=1, number=CONFIDENCE
    )

    @classmethod
    def settings(cls) -> list[Setting]:
        """The class's options, in field order."""
        return [Setting(f.name, *f.metadata["setting"]) for f in fields(cls)]

    def validate(self, config_file: Path | None = None) -> None:
        """Refuse what no single setting's check can see (ConfigError, exit 2)."""
        for found in self.settings():
            value = getattr(self, found.name)
            if value is not None and found.kind is not Path:
                found.check(value, config_file)


@dataclass(frozen=True)
class EngineType:
    """One engine in the registry: its name, its options, how to open it for a pair."""

    name: str
    help: str  # a few words for --engine's help
    options: type[EngineOptions]
    #: (from code, to code, options) -> the engine; raises MissingPackageError for a pair
    #: it cannot serve, when that can be known without contacting anything
    open: Callable[[str, str, Any], Engine]
    #: a setting whose value alone, with no engine named, chooses this engine ("url")
    chosen_by: str | None = None
    default: bool = False  # the engine when nothing chooses another


#: Every engine, by name; filled by the engine modules that :mod:`alerti18n.mt` imports.
ENGINES: dict[str, EngineType] = {}


def register(kind: EngineType) -> EngineType:
    """Add an engine to :data:`ENGINES` (a name is registered once)."""
    if kind.name in ENGINES and ENGINES[kind.name] != kind:
        raise ValueError(f"MT engine {kind.name!r} is registered twice")
    ENGINES[kind.name] = kind
    return kind


Progress = Callable[[int], None]


class Engine(Protocol):
    """Translates sentences in order.

    ``engine``, ``package`` and ``version`` go into each draft's ``# mt:`` mark, with
    the draft's confidence when the engine gives one;
    ``key`` names everything that can change an output (the cache key) and is
    known without contacting anything; ``calls`` counts model calls or requests;
    ``check`` asks a server whether it serves the pair.
    """

    engine: str
    package: str
    version: str

    @property
    def calls(self) -> int: ...

    @property
    def key(self) -> str: ...

    def check(self) -> None:
        """Raise MissingPackageError (or a ModelError) if the pair cannot be served.

        Called before anything is translated, and only when the cache lacks
        something, so a run the cache answers contacts nothing.
        """

    def translate(
        self, texts: Sequence[str], progress: Progress | None = None
    ) -> Sequence[Draft | str]:
        """One result per text, in order: a :class:`Draft`, or a plain string (no score)."""


__all__ = [
    "CONFIDENCE",
    "DEFAULT_HIGH_CONFIDENCE",
    "ENGINES",
    "Draft",
    "Engine",
    "EngineFailure",
    "EngineOptions",
    "EngineType",
    "MissingPackageError",
    "Progress",
    "Setting",
    "as_drafts",
    "register",
    "setting",
]
