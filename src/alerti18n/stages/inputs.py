"""What every stage reads: its record of done work, the config's bytes, the glossary."""

from __future__ import annotations

from typing import TYPE_CHECKING

from alerti18n.core.config import Project
from alerti18n.core.files import read_input
from alerti18n.core.state import State

if TYPE_CHECKING:
    from alerti18n.language.glossary import Glossary


def state_of(project: Project) -> State:
    """The project's record of which stage did what with which inputs."""
    return State(project.state_dir / "state.json", project.root)


def glossary_of(project: Project) -> Glossary:
    """The project's glossary (empty when it has none)."""
    from alerti18n.language.glossary import load_glossary

    return load_glossary(project.glossary, project.source_language, project.languages)


def config_bytes(project: Project) -> bytes:
    """The config and glossary files' bytes: a change to either redoes the work."""
    glossary = read_input(project.glossary, project.root) if project.glossary else b""
    return read_input(project.config_file, project.root) + b"\0" + glossary
