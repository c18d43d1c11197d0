"""``alerti18n init``: a new project folder for another organisation."""

from __future__ import annotations

import json
from pathlib import Path

from alerti18n.core.config import DEFAULT_NAME, validate_language
from alerti18n.core.errors import ConfigError
from alerti18n.core.files import ABSENT, STATE_FOLDER, atomic_write, existing

CONFIG = """\
# alerti18n project settings (see the alerti18n documentation: reference/configuration).
[tool.alerti18n]
# Goes into every catalog header (Project-Id-Version) and titles the index page.
name = {name}
source-language = "{source}"
target-languages = [{targets}]
source-dir = "source"
locales-dir = "locales"
build-dir = "build"
dist-dir = "dist"
glossary = "locales/glossary.csv"

# Release policy per language ("*" = every language).
[tool.alerti18n.policy."*"]
min-translated = 100
reviewed = true
no-errors = true
"""

EXAMPLE = """\
---
title: "Example alert"
date: {today}
publisher: Your organisation
lang: {source}
---

# Example alert

Replace this document with your own. Each sentence becomes one entry in the
translation catalogs.
"""


def init_project(
    directory: Path, source: str, targets: list[str], name: str | None = None
) -> list[Path]:
    """Create config, source/, locales/ with an empty glossary; return the files created.

    A project config already there is refused; any other of these files already
    there (a .gitignore, a glossary) is kept as it is, never overwritten.

    The config records the project's ``name`` (default: the folder's name
    now), so that catalogs and pages do not change when someone later
    clones the project into a folder of another name.
    """
    from alerti18n.core import clock

    validate_language(source)
    for lang in targets:
        validate_language(lang)
    if not targets:
        raise ConfigError("no target language given", hint="e.g. --target hy,fr")
    if name is None:
        name = directory.resolve().name or DEFAULT_NAME
    name = " ".join(name.split())
    if not name or not name.isprintable():
        raise ConfigError(
            f"invalid project name {name!r}", hint='give a one-line name, e.g. --name "Our alerts"'
        )
    config = directory / "alerti18n.toml"
    if config.exists() or (directory / "pyproject.toml").exists():
        raise ConfigError(
            "a project configuration already exists", directory, hint="choose an empty folder"
        )
    files = {
        config: CONFIG.format(
            name=_toml_string(name),
            source=source,
            targets=", ".join(f'"{t}"' for t in targets),
        ),
        directory / "source" / "example.md": EXAMPLE.format(
            source=source, today=clock.now().date().isoformat()
        ),
        directory / "locales" / "glossary.csv": ",".join([source, *targets, "note", "severity"])
        + "\n",
        directory / ".gitignore": f"build/\ndist/\n{STATE_FOLDER}/\n",
    }
    created = []
    for path, text in files.items():
        if existing(path, directory) is None:
            atomic_write(path, text.encode("utf-8"), expected=ABSENT)
            created.append(path)
    return created


def _toml_string(value: str) -> str:
    """``value`` as a TOML basic string (JSON's escapes are a subset of TOML's)."""
    return json.dumps(value, ensure_ascii=False)
