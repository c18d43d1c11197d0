"""alerti18n.reports.amendments: the sentences added, changed and removed between two versions,
and which languages are behind their document's current sentences."""

from __future__ import annotations

from pathlib import Path

from support.projects import small_project

from alerti18n.core.config import load_project
from alerti18n.po.pofile import read_po, write_po
from alerti18n.reports.amendments import Changes, compare, lag, project_lags, template_sentences
from alerti18n.reports.history import (
    CURRENT,
    PREVIOUS,
    History,
    LanguageRecord,
    VersionRecord,
    history_path,
    save_history,
)
from alerti18n.text.matcher import MERGE_THRESHOLD, score

V1 = [
    "Shelters are open.",
    "The hospital treats 40 patients a day.",
    "Bring water for two days.",
    "The road to the north is closed.",
]


def test_a_changed_number_is_a_changed_sentence_and_a_new_one_is_added() -> None:
    v2 = [V1[0], "The hospital treats 55 patients a day.", V1[2], "A second shelter opens today."]
    changes = compare(V1, v2)
    assert changes.changed == ((V1[1], v2[1]),)
    assert changes.added == ("A second shelter opens today.",)
    assert changes.removed == (V1[3],)  # nothing like it is left
    assert score(V1[3], "A second shelter opens today.") < MERGE_THRESHOLD  # by the same rule
    assert changes.counts() == {"added": 1, "changed": 1, "removed": 1}
    assert changes.new_text == ("A second shelter opens today.", v2[1])
    assert changes.to_dict()["changed"] == [{"from": V1[1], "to": v2[1]}]


def test_pairs_are_one_to_one_and_in_the_new_versions_order() -> None:
    v2 = ["The hospital treats 41 patients a day.", "The hospital treats 42 patients a day."]
    changes = compare(V1[:2], v2)
    assert changes.changed == ((V1[1], v2[0]),)
    assert changes.added == (v2[1],) and changes.removed == (V1[0],)


def test_the_same_sentences_are_no_change() -> None:
    assert not compare(V1, list(reversed(V1)))
    assert compare(V1, [*V1, V1[0]]) == Changes()  # a repeated sentence is one msgid


def history_of(path: Path, fr: LanguageRecord, hy: LanguageRecord | None = None) -> History:
    languages = {"fr": fr} | ({"hy": hy} if hy else {})
    record = VersionRecord("1", "2025-03-01", "2025-03-01T10:00:00Z", "0" * 64, "", V1, None)
    record.languages = languages
    return History("alert", path, [record])


def test_a_language_is_outdated_while_a_new_or_changed_sentence_waits(tmp_path: Path) -> None:
    history = history_of(tmp_path, LanguageRecord(CURRENT, "1", complete=True))
    v2 = [*V1[:3], "The road to the north is open."]
    behind = lag(history, "fr", v2, translated=set(V1))
    assert behind is not None and behind.outdated and behind.since.version == "1"
    assert behind.pending == ("The road to the north is open.",)
    assert behind.summary() == "outdated since version 1: 1 sentence(s) to translate"
    caught = lag(history, "fr", v2, translated=set(v2))
    assert caught is not None and not caught.outdated  # translated: caught up, not behind
    removed_only = lag(history, "fr", V1[:3], translated=set(V1))
    assert removed_only is not None and not removed_only.outdated


def test_a_language_that_never_caught_up_is_not_outdated(tmp_path: Path) -> None:
    history = history_of(tmp_path, LanguageRecord(CURRENT, "1", complete=False))
    assert lag(history, "fr", ["Something new."], translated=set()) is None
    history = history_of(tmp_path, LanguageRecord(PREVIOUS, "0"))
    assert lag(history, "fr", ["Something new."], translated=set()) is None


def test_the_project_lags_come_from_the_template_and_the_catalogs(tmp_path: Path) -> None:
    root = small_project(tmp_path, "# Alert\n\nShelters are open.\n", langs="fr,hy")
    project = load_project(root)
    sentences, created = template_sentences(project, "alert") or ([], None)
    assert sentences == ["Alert", "Shelters are open."] and created
    fr = project.po_path("fr", "alert")
    po = read_po(fr)
    for entry in po:
        entry.msgstr = {"Alert": "Alerte", "Shelters are open.": "Les abris sont ouverts."}.get(
            entry.msgid, entry.msgstr
        )
    write_po(po, fr)
    history = history_of(
        history_path(project, "alert"),
        LanguageRecord(CURRENT, "1", complete=True),
        LanguageRecord(CURRENT, "1", complete=True),
    )
    history.versions[0].sentences = ["Alert", "Shelters were open."]
    save_history(project, history)
    lags = project_lags(project)
    assert not lags["alert", "fr"].outdated  # the changed sentence is translated already
    assert lags["alert", "hy"].pending == ("Shelters are open.",)
    assert set(project_lags(project, ["hy"])) == {("alert", "hy")}
