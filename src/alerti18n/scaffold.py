"""``alerti18n init``: a new project folder for another organisation."""

from __future__ import annotations

from pathlib import Path

from alerti18n.config import validate_language
from alerti18n.errors import ConfigError
from alerti18n.fsutil import atomic_write

CONFIG = """\
# alerti18n project settings (see the alerti18n README).
[tool.alerti18n]
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


def init_project(directory: Path, source: str, targets: list[str]) -> list[Path]:
    """Create config, source/, locales/ with an empty glossary; refuse to overwrite."""
    import datetime as dt

    validate_language(source)
    for lang in targets:
        validate_language(lang)
    if not targets:
        raise ConfigError("no target language given", hint="e.g. --target hy,fr")
    config = directory / "alerti18n.toml"
    if config.exists() or (directory / "pyproject.toml").exists():
        raise ConfigError(
            "a project configuration already exists", directory, hint="choose an empty folder"
        )
    files = {
        config: CONFIG.format(source=source, targets=", ".join(f'"{t}"' for t in targets)),
        directory / "source" / "example.md": EXAMPLE.format(
            source=source, today=dt.date.today().isoformat()
        ),
        directory / "locales" / "glossary.csv": ",".join([source, *targets, "note"]) + "\n",
        directory / ".gitignore": "build/\ndist/\n.alerti18n/\n",
    }
    directory.mkdir(parents=True, exist_ok=True)
    for path, text in files.items():
        atomic_write(path, text.encode("utf-8"))
    return list(files)
