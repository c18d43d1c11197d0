"""alerti18n.reports.history: a document's release history, written the same way every time,
read back checked field by field (it is input like any other)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from support.projects import small_project

from alerti18n.core.config import Project, load_project
from alerti18n.core.errors import HistoryError
from alerti18n.reports.history import (
    CURRENT,
    HELD,
    PREVIOUS,
    History,
    LanguageRecord,
    VersionRecord,
    dump,
    history_path,
    load_history,
    save_history,
)


@pytest.fixture
def project(tmp_path: Path) -> Project:
    return load_project(small_project(tmp_path, "# Alert\n\nStay inside.\n", langs="fr,hy"))


def version(label: str, languages: dict[str, LanguageRecord]) -> VersionRecord:
    return VersionRecord(
        version=label,
        folder=f"2025-03-0{label[0]}",
        released=f"2025-03-0{label[0]}T10:00:00Z",
        source_sha256="0" * 64,
        source_text="# Alert\n\nStay inside.\n",
        sentences=["Alert", "Stay inside."],
        frozen="2025-03-01T09:00:00Z",
        languages=languages,
    )


def complete(label: str) -> LanguageRecord:
    return LanguageRecord(CURRENT, label, complete=True, translations={"Alert": "Alerte"})


def test_a_history_is_written_and_read_back(project: Project) -> None:
    history = load_history(project, "alert")
    assert history.versions == [] and history.path == history_path(project, "alert")
    assert history.path == project.locales_dir / "alert.releases.json"
    history.versions = [
        version("1", {"fr": complete("1"), "hy": complete("1")}),
        version("2", {"fr": LanguageRecord(PREVIOUS, "1"), "hy": LanguageRecord(HELD, "1")}),
    ]
    assert save_history(project, history)
    assert not save_history(project, history)  # the same bytes: nothing written
    again = load_history(project, "alert")
    assert again.versions == history.versions and dump(again) == dump(history)
    text = history.path.read_text(encoding="utf-8")
    assert text.endswith("}\n") and json.loads(text)["format"] == 1


def test_what_each_language_caught_up_with(project: Project) -> None:
    mixed = LanguageRecord(CURRENT, "2", complete=False)
    history = History(
        "alert",
        history_path(project, "alert"),
        [
            version("1", {"fr": complete("1"), "hy": complete("1")}),
            version("2", {"fr": mixed, "hy": complete("2")}),
            version("3", {"fr": LanguageRecord(PREVIOUS, "1"), "hy": LanguageRecord(HELD, "2")}),
        ],
    )
    assert history.caught_up("fr").version == "1"  # a mix is not caught up
    assert history.caught_up("hy").version == "2"
    assert history.caught_up("hy", before="2").version == "1"
    assert history.caught_up("uk") is None
    assert [v.version for v in history.published_versions("fr")] == ["1", "2"]
    assert [v.version for v in history.published_versions("hy", upto="1")] == ["1"]
    assert history.next_number() == "4"
    history.versions.append(version("9.1", {}))
    assert history.next_number() == "4"  # only numbers count
    assert history.find("9.1") is history.versions[-1] and history.find("5") is None


def rewritten(project: Project, change) -> Path:
    history = History(
        "alert", history_path(project, "alert"), [version("1", {"fr": complete("1")})]
    )
    data = json.loads(dump(history))
    change(data)
    history.path.parent.mkdir(parents=True, exist_ok=True)
    history.path.write_text(json.dumps(data, indent=1), encoding="utf-8")
    return history.path


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d.update(format=2), "unknown release history format 2"),
        (lambda d: d.update(document="other"), "this is the history of 'other'"),
        (lambda d: d.update(versions={}), "versions must be a list"),
        (lambda d: d["versions"][0].update(version=1), "versions[0].version must be a string"),
        (lambda d: d["versions"][0].pop("source"), "versions[0].source must be an object"),
        (
            lambda d: d["versions"][0]["sentences"].append(None),
            "versions[0].sentences must be a string",
        ),
        (
            lambda d: d["versions"][0]["languages"]["fr"].update(edition="draft"),
            "versions[0].languages.fr.edition must be one of current, previous, held",
        ),
        (
            lambda d: d["versions"][0]["languages"]["fr"].update(complete="yes"),
            "versions[0].languages.fr.complete must be true or false",
        ),
        (
            lambda d: d["versions"][0]["languages"]["fr"]["translations"].update(Alert=3),
            "versions[0].languages.fr.translations must be a string",
        ),
        (lambda d: d["versions"].append(d["versions"][0]), "a version is recorded twice"),
        (
            lambda d: d["versions"][0].update(folder="../../elsewhere"),
            "versions[0].folder must be one plain folder name",
        ),
        (
            lambda d: d["versions"][0].update(folder="a/b"),
            "versions[0].folder must be one plain folder name",
        ),
    ],
)
def test_a_malformed_history_names_what_is_wrong(project: Project, change, message: str) -> None:
    path = rewritten(project, change)
    with pytest.raises(HistoryError) as caught:
        load_history(project, "alert")
    assert caught.value.path == path and message in caught.value.message
    assert caught.value.exit_code == 2


def test_broken_json_names_its_line(project: Project) -> None:
    path = history_path(project, "alert")
    path.write_text('{\n "format": 1,\n "document": "alert",\n "versions": [,]\n}\n', "utf-8")
    with pytest.raises(HistoryError) as caught:
        load_history(project, "alert")
    assert caught.value.line == 4 and "invalid JSON" in caught.value.message
    path.write_bytes(b'{"document": "\xff"}')
    with pytest.raises(HistoryError, match="invalid UTF-8"):
        load_history(project, "alert")
