"""The memory's parse cache: round trip, keys follow the bytes, damage means "parse again"."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from alerti18n.core.state import State
from alerti18n.memory.cache import Parsed, ParsedFiles
from alerti18n.memory.plurals import PluralUnit
from alerti18n.memory.tmx import TmUnit
from alerti18n.text.matcher import features

UNITS = [
    TmUnit(
        "The *Lemkin* Institute urges action.",
        "L’Institut Lemkin appelle à agir.",
        "fr",
        "alert",
        True,
        "20230922T100000Z",
        "locales/fr/alert.po",
    ),
    TmUnit("Աջակցություն", "Soutien", "fr"),
]
PLURALS = [
    PluralUnit(
        "A journalist was detained.",
        "Journalists were detained.",
        ("Un journaliste a été arrêté.", "Des journalistes ont été arrêtés.", "Des journalistes…"),
        "nplurals=3;plural=(n==0||n==1)?0:n!=0&&n%1000000==0?1:2;",
        "fr",
        "alert",
        True,
        "20230922T100000Z",
        "locales/fr/alert.po",
    )
]


def cache(tmp_path: Path) -> ParsedFiles:
    return ParsedFiles(
        tmp_path / ".alerti18n" / "tm-cache", State(tmp_path / "state.json"), tmp_path
    )


def test_round_trip_keeps_units_features_and_open_entries(tmp_path: Path) -> None:
    files = cache(tmp_path)
    opened = [("One day.", "%d days.")]
    files.put(
        "fr", "k1", Parsed(UNITS, open=["Still to translate."], plurals=PLURALS, open_plural=opened)
    )
    back = cache(tmp_path).get("fr", "k1")
    assert back is not None
    assert back.units == UNITS and back.open == ["Still to translate."]
    assert back.features == {u.source: features(u.source) for u in UNITS}
    assert back.plurals == PLURALS and back.open_plural == opened


def test_a_record_of_another_format_is_a_miss(tmp_path: Path) -> None:
    """The analysis report keeps its own records with the same keys and checks."""
    files = cache(tmp_path)
    files.put_record("fr", "k2", {"anything": [1, 2]})
    back = cache(tmp_path).get_record("fr", "k2")
    assert back is not None and back["anything"] == [1, 2]
    assert cache(tmp_path).get("fr", "k2") is None  # not a memory record
    (files.folder / "fr" / "k2.json").write_text("[1]")
    assert cache(tmp_path).get_record("fr", "k2") is None


def test_the_caches_of_one_command_hash_a_file_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The memory's cache and the analysis report's, in one command, share what they hashed,
    as long as the file is the same: one the command wrote meanwhile is hashed again."""
    from alerti18n.core import state

    hashed: list[Path] = []
    real = state.file_digest

    def counted(path: Path) -> str:
        hashed.append(path)
        return real(path)

    monkeypatch.setattr(state, "file_digest", counted)
    path = tmp_path / "a.po"
    path.write_bytes(b"one")
    files = cache(tmp_path)
    other = files.beside(tmp_path / "other")
    first = files.key(path, "catalog")
    assert other.key(path, "catalog") == first and hashed == [path]
    path.write_bytes(b"two!")
    assert other.key(path, "catalog") != first
    assert files.key(path, "catalog") == other.key(path, "catalog")


@pytest.mark.parametrize(
    "damage",
    ["garbage", "wrong types", "plural forms", "other version", "older format", "missing"],
)
def test_a_damaged_entry_is_a_miss_not_an_error(tmp_path: Path, damage: str) -> None:
    files = cache(tmp_path)
    files.put("fr", "k1", Parsed(UNITS, plurals=PLURALS))
    entry = tmp_path / ".alerti18n" / "tm-cache" / "fr" / "k1.json"
    data = json.loads(entry.read_text())
    if damage == "garbage":
        entry.write_bytes(b"\x00not json")
    elif damage == "wrong types":
        data["target"] = [1, 2]
        entry.write_text(json.dumps(data))
    elif damage == "plural forms":
        data["plurals"]["forms"] = [["only one", 2]]
        entry.write_text(json.dumps(data))
    elif damage == "other version":
        data["version"] = "0.0.0-other"
        entry.write_text(json.dumps(data))
    elif damage == "older format":  # e.g. written before visible text followed CommonMark
        data["format"] -= 1
        entry.write_text(json.dumps(data))
    else:
        entry.unlink()
    assert cache(tmp_path).get("fr", "k1") is None


def test_prune_removes_what_this_command_did_not_use(tmp_path: Path) -> None:
    files = cache(tmp_path)
    files.put("fr", "old", Parsed(UNITS))
    files.put("fr", "kept", Parsed(UNITS))
    later = cache(tmp_path)
    assert later.get("fr", "kept") is not None
    later.prune("fr")
    names = sorted(p.stem for p in (tmp_path / ".alerti18n" / "tm-cache" / "fr").glob("*.json"))
    assert names == ["kept"]
