"""The glossary terms extract finds, kept for check: the same answers as searching, a record
that cannot serve only means searching again, and a text not recorded is always searched."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from support.projects import BASIC, cli, copy_root, finish_french

from alerti18n.core.config import load_project
from alerti18n.core.state import project_state
from alerti18n.language import foundterms
from alerti18n.language.foundterms import (
    Glossaries,
    Recorded,
    read_record,
    record_bytes,
    record_key,
    recording,
)
from alerti18n.language.glossary import load_glossary
from alerti18n.po.pofile import read_po, write_po

DOC = "field-hospital"
RECORD = Path(".alerti18n") / "glossary-cache" / f"{DOC}.json"


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """The basic fixture, extracted and merged, its French finished (no fuzzy entry: every
    text check asks about is one extract searched), one translation without its term's
    approved form (so the report has a glossary finding a record could lose)."""
    root = copy_root(BASIC, tmp_path)
    cli(root, "extract")
    cli(root, "update", "--lang", "hy,fr")
    finish_french(root)
    path = root / "locales" / "fr" / f"{DOC}.po"
    po = read_po(path)
    entry = next(e for e in po if e.msgstr.startswith("Un hôpital de campagne"))
    entry.msgstr = entry.msgstr.replace("Un hôpital de campagne", "Une clinique")
    write_po(po, path)
    return root


def _report(root: Path, code: int | None = None) -> tuple[str, str]:
    """check's text and JSON reports on the French catalogs."""
    from support.projects import invoke

    text, data = invoke(root, "check", "--lang", "fr"), None
    data = invoke(root, "check", "--lang", "fr", "--format", "json")
    assert text.exit_code == data.exit_code and text.exit_code in (0, 1), text.output
    return text.output, data.output


def _without_records(root: Path) -> tuple[str, str]:
    """The report made without any record (and the records put back afterwards)."""
    folder = root / RECORD.parent
    kept = {path: path.read_bytes() for path in folder.glob("*.json")}
    for path in kept:
        path.unlink()
    try:
        return _report(root)
    finally:
        for path, data in kept.items():
            path.write_bytes(data)


def _whole_reads(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Each reading of the whole glossary by check, noted."""
    read: list[Path] = []
    real = foundterms.project_glossary

    def counted(project):  # type: ignore[no-untyped-def]
        read.append(project.glossary)
        return real(project)

    monkeypatch.setattr(foundterms, "project_glossary", counted)
    return read


def test_a_record_answers_as_the_glossary_does(tmp_path: Path) -> None:
    glossary = load_glossary(BASIC / "locales" / "glossary.csv")
    texts = [e.msgid for e in read_po(BASIC / "locales" / f"{DOC}.pot") if e.msgid]
    texts += ["The Coastal Relief Network runs a field hospital near the water point."]
    noting = recording(glossary)
    found = {text: noting.find(text) for text in texts}
    assert any(found.values())
    project = load_project(copy_root(BASIC, tmp_path))
    key = record_key(project, project_state(project))
    assert key is not None
    foundterms.keep(project, DOC, record_bytes(key, noting.found))
    kept = read_record(project, DOC, key)
    assert kept == found
    assert read_record(project, DOC, key[::-1]) is None  # another glossary's


def test_a_text_not_recorded_is_searched_in_the_whole_glossary(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = load_project(root)
    read = _whole_reads(monkeypatch)
    glossaries = Glossaries(project, project_state(project))
    glossary = glossaries.of(DOC)
    assert isinstance(glossary, Recorded) and read == []
    recorded = next(text for text, terms in glossary.recorded.items() if terms)
    assert glossary.find(recorded) == list(glossary.recorded[recorded])
    assert read == []
    text = "A field hospital and a water point, in no document."
    assert [t.source for t in glossary.find(text)] == ["field hospital", "water point"]
    assert read == [project.glossary]
    glossary.find("Another field hospital.")
    assert len(read) == 1  # read once


def test_a_catalog_edited_by_hand_never_hides_a_term(root: Path) -> None:
    """An entry that no template holds (added by hand, or from a template edited by hand) is
    searched, so its glossary finding is reported with the record as without it."""
    path = root / "locales" / "fr" / f"{DOC}.po"
    po = read_po(path)
    entry = next(e for e in po if e.msgstr.startswith("Il soigne"))
    entry.msgid = "Our field hospital is open."
    entry.msgstr = "Notre clinique est ouverte."
    write_po(po, path)
    text, data = _report(root)
    assert text.count("“field hospital” must be translated as “hôpital de campagne”") == 2
    assert "Our field hospital is open." in data
    assert (text, data) == _without_records(root)


def test_an_edited_glossary_is_read_again_never_stale(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = _report(root)
    assert "“field hospital” must be translated as “hôpital de campagne”" in before[0]
    assert "“Coastal Relief Network” must be" not in before[0]
    glossary = root / "locales" / "glossary.csv"
    glossary.write_text(
        glossary.read_text(encoding="utf-8").replace(
            "Réseau de secours côtier", "Réseau côtier de secours"
        ),
        encoding="utf-8",
    )
    read = _whole_reads(monkeypatch)
    after = _report(root)
    assert "“Coastal Relief Network” must be translated as “Réseau côtier de secours”" in after[0]
    assert read  # the glossary changed: its records serve no more
    assert after == _without_records(root)


def _damaged(change: Callable[[dict], object]) -> Callable[[bytes], bytes]:
    def damage(data: bytes) -> bytes:
        record = json.loads(data)
        change(record)
        return json.dumps(record).encode()

    return damage


def _no_terms(record: dict) -> None:
    record["found"] = [[] for _ in record["found"]]
    record["version"] = "0"  # a record of no term, but of another program: not used


DAMAGES: dict[str, Callable[[bytes], bytes]] = {
    "truncated": lambda data: data[: len(data) // 2],
    "not json": lambda data: b"\x00\xff" + data,
    "empty": lambda data: b"",
    "a list": lambda data: b"[1, 2, 3]",
    "deeply nested": lambda data: b"[" * 100_000 + b"]" * 100_000,
    "terms not a list": _damaged(lambda r: r.update(terms={"a": 1})),
    "a term too short": _damaged(lambda r: r["terms"][0].pop()),
    "forms not text": _damaged(lambda r: r["terms"][0].__setitem__(1, {"fr": 3})),
    "unknown severity": _damaged(lambda r: r["terms"][0].__setitem__(3, "fatal")),
    "empty source": _damaged(lambda r: r["terms"][0].__setitem__(0, "")),
    "number out of range": _damaged(lambda r: r["found"][0].append(10**6)),
    "number not an int": _damaged(lambda r: r["found"][0].append(True)),
    "columns of two lengths": _damaged(lambda r: r["texts"].pop()),
    "a text not text": _damaged(lambda r: r["texts"].__setitem__(0, 7)),
    "another format": _damaged(lambda r: r.update(format=99)),
    "another version": _damaged(_no_terms),
}


@pytest.mark.parametrize("damage", DAMAGES, ids=list(DAMAGES))
def test_a_damaged_record_gives_the_same_report(root: Path, damage: str) -> None:
    expected = _without_records(root)
    record = root / RECORD
    record.write_bytes(DAMAGES[damage](record.read_bytes()))
    assert _report(root) == expected


def test_a_record_larger_than_any_input_gives_the_same_report(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = _without_records(root)
    record = root / RECORD
    data = json.loads(record.read_bytes())
    data["texts"] += [f"padding {n}" for n in range(200_000)]
    data["found"] += [[] for _ in range(200_000)]
    record.write_text(json.dumps(data), encoding="utf-8")
    monkeypatch.setenv("ALERTI18N_MAX_INPUT_MB", "1")
    assert record.stat().st_size > 1 << 20
    assert _report(root) == expected


def test_a_record_that_is_a_folder_gives_the_same_report(root: Path) -> None:
    expected = _without_records(root)
    record = root / RECORD
    record.unlink()
    record.mkdir()
    assert _report(root) == expected


def test_a_glossary_that_cannot_be_read_is_reported_as_before(root: Path) -> None:
    """Without records that serve, check reads the glossary first, as it always did: its
    error, not another."""
    (root / "locales" / "glossary.csv").write_text("en,ua\nwater,вода\n", encoding="utf-8")
    out = cli(root, "check", "--lang", "fr", code=2)
    assert "glossary column 'ua' is not a language code" in out


def test_no_record_without_glossary_terms(tmp_path: Path) -> None:
    root = copy_root(BASIC, tmp_path)
    (root / "locales" / "glossary.csv").write_text("en,hy,fr,note\n", encoding="utf-8")
    cli(root, "extract")
    assert not (root / RECORD.parent).exists()
