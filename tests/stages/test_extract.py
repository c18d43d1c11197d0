"""alerti18n.stages.extract, called directly on a new project: sources to templates."""

from __future__ import annotations

from alerti18n.core.config import Project
from alerti18n.po.pofile import read_po
from alerti18n.stages.extract import extract, load_parsed
from alerti18n.text.segment import parse_document


def test_extract_writes_templates_once(new_project: Project) -> None:
    proj = new_project
    written = extract(proj)
    pot = proj.pot_path("example")
    assert written == [pot]
    source = proj.root / "source" / "example.md"
    msgids = {e.msgid for e in read_po(pot) if e.msgid}
    assert msgids == {s.text for s in parse_document(source, "en").segments}
    # nothing changed: nothing is written again
    assert extract(proj) == []
    # the saved parse is what parsing gives
    loaded = load_parsed(proj, source, "example")
    assert loaded.segments == parse_document(source, "en").segments
