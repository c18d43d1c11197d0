"""What every stage's outputs depend on besides their own input: the config's bytes."""

from __future__ import annotations

from alerti18n.core.config import Project


def config_bytes(project: Project) -> bytes:
    """The config and glossary files' bytes: a change to either redoes the work."""
    glossary = project.glossary.read_bytes() if project.glossary else b""
    return project.config_file.read_bytes() + b"\0" + glossary
