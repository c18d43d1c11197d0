"""alerti18n.stages.inputs: what every stage reads (its state, the config's bytes, the glossary)."""

from __future__ import annotations

from alerti18n.core.config import Project
from alerti18n.stages.inputs import config_bytes, glossary_of, state_of


def test_inputs(new_project: Project) -> None:
    proj = new_project
    assert config_bytes(proj).startswith(proj.config_file.read_bytes() + b"\0")
    assert config_bytes(proj).endswith(proj.glossary.read_bytes() if proj.glossary else b"")
    assert state_of(proj).path == proj.state_dir / "state.json"
    assert glossary_of(proj) is not None
