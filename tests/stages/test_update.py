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


def test_each_catalog_is_read_once_and_a_no_op_reads_none(basic_project, monkeypatch) -> None:
    """Work counted, not timed: the merge reads each catalog once (what it wrote is recorded
    from the bytes it wrote, not read back), and an update with nothing to do reads none."""
    from collections import Counter

    from alerti18n.core import files
    from alerti18n.core.config import load_project
    from alerti18n.po import pofile

    project = load_project(basic_project)
    source = project.source_dir / "field-hospital.md"
    source.write_text(source.read_text() + "\nOne more sentence.\n", encoding="utf-8")
    extract(project)
    reads: Counter[str] = Counter()
    real = files.read_stamped

    def counting(path, *args, **kwargs):  # type: ignore[no-untyped-def]
        reads[path.relative_to(project.root).as_posix()] += 1
        return real(path, *args, **kwargs)

    monkeypatch.setattr(files, "read_stamped", counting)
    monkeypatch.setattr(pofile, "read_stamped", counting)
    assert len(update(project)) == 2
    catalogs = {name: n for name, n in reads.items() if name.endswith(".po")}
    assert catalogs == {
        "locales/fr/field-hospital.po": 1,
        "locales/hy/field-hospital.po": 1,
        # merged to the same bytes: compared once before nothing is written
        "locales/fr/water-points.po": 2,
        "locales/hy/water-points.po": 2,
    }
    reads.clear()
    assert update(project) == []
    assert [name for name in reads if name.endswith(".po")] == []
