"""alerti18n.stages.update, called directly on a new project: templates into catalogs."""

from __future__ import annotations

import pytest

from alerti18n.core.config import Project
from alerti18n.core.errors import PoFileError
from alerti18n.po.pofile import read_po
from alerti18n.stages.extract import extract
from alerti18n.stages.renames import translated_at_all
from alerti18n.stages.update import update


def test_update_needs_the_template(new_project: Project) -> None:
    with pytest.raises(PoFileError, match="template missing"):
        update(new_project)


def test_update_creates_catalogs(new_project: Project) -> None:
    proj = new_project
    extract(proj)
    po = proj.po_path("fr", "example")
    assert update(proj) == [po]
    pot_ids = [e.msgid for e in read_po(proj.pot_path("example"))]
    assert [e.msgid for e in read_po(po)] == pot_ids
    assert update(proj) == []
    assert not translated_at_all(proj, "example")
