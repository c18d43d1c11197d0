"""alerti18n.stages.inputs: what every stage's outputs depend on (the config's bytes)."""

from __future__ import annotations

from alerti18n.core.config import Project
from alerti18n.stages.inputs import config_bytes


def test_inputs(new_project: Project) -> None:
    proj = new_project
    assert config_bytes(proj).startswith(proj.config_file.read_bytes() + b"\0")
    assert config_bytes(proj).endswith(proj.glossary.read_bytes() if proj.glossary else b"")
