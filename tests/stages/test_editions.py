"""alerti18n.stages.editions: a release's version, folder and editions, worked out before
anything is written, and the release history it leaves (the pages themselves:
tests/e2e/test_amendments.py)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from support.projects import cli, small_project

from alerti18n.core.config import Project, load_project
from alerti18n.core.errors import HistoryError
from alerti18n.language.pagestrings import ui
from alerti18n.reports.history import CURRENT, PREVIOUS, load_history
from alerti18n.reports.policy import evaluate
from alerti18n.stages.editions import (
    DocumentRelease,
    changelog,
    language_manifest,
    plan_document,
    record_releases,
    version_manifest,
)
from alerti18n.stages.release import _version

TEXT = "---\ntitle: Alert\ndate: 2025-03-01\n---\n\n# Alert\n\nShelters are open.\n"
TRANSLATED = {"Alert": "Alerte", "Shelters are open.": "Les abris sont ouverts."}
NOW = dt.datetime(2025, 3, 3, 12, 0, tzinfo=dt.timezone.utc)
LATER = dt.datetime(2025, 3, 5, 18, 40, tzinfo=dt.timezone.utc)


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return small_project(tmp_path, TEXT, langs="fr")


def translate(root: Path, done: dict[str, str]) -> None:
    from alerti18n.po.pofile import read_po, write_po

    path = root / "locales" / "fr" / "alert.po"
    po = read_po(path)
    for entry in po:
        if entry.msgid in done:
            entry.msgstr, entry.flags = done[entry.msgid], []
    write_po(po, path)


def plan(root: Path, now: dt.datetime = NOW) -> tuple[Project, DocumentRelease]:
    project = load_project(root)
    source = project.documents()[0]
    base, declared, line = _version(source)
    verdicts = evaluate(project)
    return project, plan_document(project, source, "alert", (declared, line), base, verdicts, now)


def amend(root: Path, text: str) -> None:
    (root / "source" / "alert.md").write_text(text, encoding="utf-8")
    cli(root, "extract")
    cli(root, "update")


def test_versions_are_numbered_and_each_gets_its_own_folder(root: Path) -> None:
    translate(root, TRANSLATED)
    project, first = plan(root)
    assert (first.version, first.folder_name, first.previous) == ("1", "2025-03-01", None)
    assert first.record.released == "2025-03-03T12:00:00Z"
    assert first.record.sentences == ["Alert", "Shelters are open."]
    assert first.record.languages["fr"].complete
    assert first.record.languages["fr"].translations == TRANSLATED
    assert not load_history(project, "alert").versions  # nothing written while planning
    record_releases(project, [first])
    _, again = plan(root, LATER)  # the same text: the same version, released when it was
    assert (again.version, again.record) == ("1", first.record)
    amend(root, TEXT.replace("Shelters are open.", "Shelters are open day and night."))
    _, second = plan(root, LATER)
    assert (second.version, second.folder_name) == ("2", "2025-03-01-v2")
    assert second.previous == first.record
    assert version_manifest(second)["changes"] == {
        "added": [],
        "changed": [{"from": "Shelters are open.", "to": "Shelters are open day and night."}],
        "removed": [],
    }
    amend(root, TEXT.replace("date: 2025-03-01", "date: 2025-03-01\nversion: 1.1"))
    _, declared = plan(root, LATER)
    assert (declared.version, declared.folder_name) == ("1.1", "1.1")


def test_a_version_can_only_move_forward(root: Path) -> None:
    project, first = plan(root)
    record_releases(project, [first])
    amend(root, TEXT + "\nStay inside.\n")
    _, second = plan(root, LATER)
    record_releases(project, [second])
    amend(root, TEXT.replace("date: 2025-03-01", "date: 2025-03-01\nversion: 1"))
    with pytest.raises(HistoryError, match="released from another text"):
        plan(root, LATER)


def test_an_outdated_language_under_notice_gets_its_last_text(root: Path) -> None:
    translate(root, TRANSLATED)
    cli(root, "review", "--lang", "fr", "--by", "Second Reader")
    project, first = plan(root)
    record_releases(project, [first])
    amend(root, TEXT + "\nStay inside.\n")
    config = root / "alerti18n.toml"
    config.write_text(
        config.read_text(encoding="utf-8") + '\n[tool.alerti18n.policy.fr]\noutdated = "notice"\n',
        "utf-8",
    )
    project, second = plan(root, LATER)
    assert second.verdicts["fr"].edition == PREVIOUS
    assert second.editions is not None
    assert second.editions.snapshots["fr"].translations == TRANSLATED
    assert second.editions.snapshots["fr"].source == TEXT
    page = second.editions.history["fr"]
    assert page.notice == ui("fr", "outdated", version=1, date=NOW.date(), updated=LATER.date())
    assert page.changes == (ui("fr", "first_version", version=1, date=NOW.date()),)
    assert second.editions.history["en"].changes[-1] == ui(
        "en", "new_version", version=2, date=LATER.date(), added=1, changed=0, removed=0
    )
    assert second.drafts == {}  # version 1 was reviewed: no draft notice
    edition = language_manifest(project, second, "fr")["edition"]
    assert (edition["published"], edition["reflects"], edition["rule"]) == (
        "previous",
        "1",
        "notice",
    )
    versions = [first.record, second.record]
    assert changelog(versions, "en", "2", project) == [
        {"version": "1", "released": "2025-03-03T12:00:00Z"},
        {
            "version": "2",
            "released": "2025-03-05T18:40:00Z",
            "added": 1,
            "changed": 0,
            "removed": 0,
        },
    ]
    assert second.record.languages["fr"].edition == PREVIOUS
    assert first.record.languages["fr"].edition == CURRENT
