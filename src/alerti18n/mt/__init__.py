"""Machine translation: engines behind one interface, Argos packages, protection, cache.

- :mod:`.engine`: the :class:`Engine` interface, the options every engine takes, errors,
  and the registry each engine module adds itself to;
- :mod:`.argos`: the default in-process engine (offline);
- :mod:`.libretranslate`: a client for a LibreTranslate server the user named;
- :mod:`.packages`: installing and listing Argos packages;
- :mod:`.multilingual`: multilingual model families (``data/families.toml``) and our fields
  of a package's metadata;
- :mod:`.routes`: which package serves a pair (direct, multilingual, pivot);
- :mod:`.protect`: placeholders for code, links and glossary terms;
- :mod:`.cache`: raw output by engine key and source text.

A new engine is one module that registers an :class:`~alerti18n.mt.engine.EngineType`,
named in :func:`engine_types` (see docs/contributing.md). The stage that uses them is
:mod:`alerti18n.stages.pretranslate`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from alerti18n.core.config import Project
from alerti18n.core.errors import ConfigError
from alerti18n.mt.engine import (
    DEFAULT_HIGH_CONFIDENCE,
    ENGINES,
    Engine,
    EngineOptions,
    EngineType,
    Setting,
)


def engine_types() -> dict[str, EngineType]:
    """Every engine, by name (its module imported on first use: listing them costs that)."""
    from alerti18n.mt import argos, libretranslate  # noqa: F401 (each registers itself)

    return ENGINES


def settings() -> dict[str, Setting]:
    """Every engine's settings by name, each once (the first engine that declares it)."""
    found: dict[str, Setting] = {}
    for kind in engine_types().values():
        for setting in kind.options.settings():
            found.setdefault(setting.name, setting)
    return found


def engine_options(project: Project, **overrides: Any) -> EngineOptions:
    """The chosen engine's options: ``[tool.alerti18n.mt]``, then ``overrides`` not None.

    Every value is checked, whichever engine takes it; the engine is the one
    named (``engine``), else the one a setting alone chooses (a server
    ``url``: LibreTranslate), else the default (Argos).
    """
    known = settings()
    config = project.config_file
    values: dict[str, Any] = {}
    for key, raw in project.mt.items():
        name = key.replace("-", "_")
        if name != "engine" and name not in known:
            keys = ", ".join(["engine", *(s.key for s in known.values())])
            raise ConfigError(f"unknown mt setting '{key}'", config, hint=f"mt takes {keys}")
        if name == "engine" and not isinstance(raw, str):
            raise ConfigError("mt.engine must be a string", config, hint='engine = "argos"')
        if name != "engine":
            known[name].check(raw, config)
        values[name] = raw
    if values.get("models_dir"):
        values["models_dir"] = (project.root / str(values["models_dir"])).resolve()
    given = {name: value for name, value in overrides.items() if value is not None}
    for name, value in given.items():  # the command line's: click checked their types
        if name != "engine" and known[name].kind is not Path:
            known[name].check(value, None)
    values.update(given)
    kind = _chosen(values, config)
    taken = {setting.name for setting in kind.options.settings()}
    options = kind.options(**{k: v for k, v in values.items() if k in taken})
    options.validate(config)
    return options


def _chosen(values: dict[str, Any], config: Path) -> EngineType:
    """The engine named, else the one a given setting chooses, else the default."""
    types = engine_types()
    name = values.get("engine") or next(
        (n for n, kind in types.items() if kind.chosen_by and values.get(kind.chosen_by)),
        next(n for n, kind in types.items() if kind.default),
    )
    if name not in types:
        raise ConfigError(
            f"unknown mt engine '{name}'", config, hint=f"engine is one of: {', '.join(types)}"
        )
    return types[name]


def high_confidence(project: Project) -> float:
    """``mt.high-confidence``: the confidence from which a machine draft counts as high.

    Read alone (``status`` and the dashboard need no engine), checked as
    :func:`engine_options` checks it (ConfigError, exit 2).
    """
    raw = project.mt.get("high-confidence", DEFAULT_HIGH_CONFIDENCE)
    # every engine takes it: EngineOptions' own setting, no engine module imported
    next(s for s in EngineOptions.settings() if s.name == "high_confidence").check(
        raw, project.config_file
    )
    return float(raw)


def open_engine(from_code: str, to_code: str, options: EngineOptions) -> Engine:
    """The engine ``options`` belong to, for one language pair.

    The Argos engine raises :class:`~alerti18n.mt.engine.MissingPackageError`
    here when no package serves the pair; a LibreTranslate server is asked
    only when there is something to translate.
    """
    return engine_types()[options.engine].open(from_code, to_code, options)


__all__ = ["engine_options", "engine_types", "high_confidence", "open_engine", "settings"]
