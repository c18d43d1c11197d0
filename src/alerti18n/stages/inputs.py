"""What every stage's outputs depend on besides their own input: the config's bytes."""

from __future__ import annotations

from alerti18n.core.config import Project
from alerti18n.core.files import read_input


def config_bytes(project: Project) -> bytes:
    """The config and glossary files' bytes: a change to either redoes the work."""
    glossary = read_input(project.glossary, project.root) if project.glossary else b""
    return read_input(project.config_file, project.root) + b"\0" + glossary
