"""What every machine-translation engine shares: options, the interface, errors.

An engine turns a list of (already protected) sentences into a list of
translations, in order. Two engines exist: the in-process Argos/CTranslate2
one (:mod:`alerti18n.mt.argos`, the default, offline) and a LibreTranslate
client (:mod:`alerti18n.mt.libretranslate`), used only when the user named a
server. The stage that fills catalogs (:mod:`alerti18n.stages.pretranslate`)
knows only this interface.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from alerti18n.core.config import Project
from alerti18n.core.errors import ConfigError, ModelError

ENGINES = ("argos", "libretranslate")

#: ``[tool.alerti18n.mt]`` keys and the type each takes.
_INTS = ("batch_size", "beam_size", "threads", "max_decoding_length", "in_flight", "retries")
_FLOATS = ("timeout", "retry_wait")
_STRINGS = ("engine", "url", "api_key_env", "device", "compute_type", "models_dir")


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
        done: dict[int, str] | None = None,
    ) -> None:
        super().__init__(message, path, hint=hint)
        self.done = done or {}


@dataclass(frozen=True)
class MTOptions:
    """Engine choice and decoding options; ``project.mt`` keys are these names with dashes."""

    engine: str = "argos"
    batch_size: int = 32
    beam_size: int = 4
    threads: int = 0
    device: str = "cpu"
    max_decoding_length: int = 256
    compute_type: str = "default"
    models_dir: Path | None = None
    url: str | None = None
    api_key_env: str | None = None
    in_flight: int = 2
    timeout: float = 60.0
    retries: int = 4
    retry_wait: float = 1.0

    @classmethod
    def from_project(cls, project: Project, **overrides: Any) -> MTOptions:
        """Options from ``[tool.alerti18n.mt]``, then ``overrides`` that are not None."""
        values: dict[str, Any] = {}
        for key, raw in project.mt.items():
            name = key.replace("-", "_")
            if name not in cls.__dataclass_fields__:
                keys = ", ".join(f.replace("_", "-") for f in cls.__dataclass_fields__)
                raise ConfigError(
                    f"unknown mt setting '{key}'", project.config_file, hint=f"mt takes {keys}"
                )
            _check_type(name, key, raw, project.config_file)
            values[name] = raw
        if values.get("models_dir"):
            values["models_dir"] = (project.root / str(values["models_dir"])).resolve()
        values.update({k: v for k, v in overrides.items() if v is not None})
        if values.get("url") and "engine" not in values:  # a server named, no engine chosen
            values["engine"] = "libretranslate"
        options = cls(**values)
        options.validate(project.config_file)
        return options

    def validate(self, config_file: Path | None = None) -> None:
        """Refuse settings no engine can work with (ConfigError, exit 2)."""
        if self.engine not in ENGINES:
            raise ConfigError(
                f"unknown mt engine '{self.engine}'",
                config_file,
                hint=f"engine is one of: {', '.join(ENGINES)}",
            )
        if min(self.batch_size, self.beam_size, self.max_decoding_length, self.in_flight) < 1:
            raise ConfigError(
                "mt batch-size, beam-size, max-decoding-length and in-flight must be at least 1",
                config_file,
            )
        if self.timeout <= 0 or self.retry_wait < 0:
            raise ConfigError("mt timeout must be positive, retry-wait not negative", config_file)
        if self.engine == "libretranslate" and not self.url:
            raise ConfigError(
                "the libretranslate engine needs the server's address",
                config_file,
                hint='set mt.url = "https://…" or pass --url',
            )

    def output_key(self) -> str:
        """The local options that can change a translation, as stable text."""
        return (
            f"beam={self.beam_size} maxlen={self.max_decoding_length} "
            f"device={self.device} compute={self.compute_type}"
        )


def _check_type(name: str, key: str, raw: object, config_file: Path | None) -> None:
    if name in _INTS and (not isinstance(raw, int) or isinstance(raw, bool) or raw < 0):
        raise ConfigError(f"mt.{key} must be a whole number", config_file, hint=f"{key} = 4")
    if name in _FLOATS and (not isinstance(raw, int | float) or isinstance(raw, bool)):
        raise ConfigError(f"mt.{key} must be a number of seconds", config_file, hint=f"{key} = 30")
    if name in _STRINGS and not isinstance(raw, str):
        raise ConfigError(f"mt.{key} must be a string", config_file, hint=f'{key} = "…"')


Progress = Callable[[int], None]


class Engine(Protocol):
    """Translates sentences in order.

    ``engine``, ``package`` and ``version`` go into each draft's ``# mt:`` mark;
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

    def translate(self, texts: Sequence[str], progress: Progress | None = None) -> list[str]: ...


__all__ = [
    "ENGINES",
    "Engine",
    "EngineFailure",
    "MTOptions",
    "MissingPackageError",
    "Progress",
]
