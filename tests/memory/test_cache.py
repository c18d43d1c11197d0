"""The memory's parse cache: round trip, keys follow the bytes, damage means "parse again"."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from alerti18n.core.state import State
from alerti18n.memory.cache import Parsed, ParsedFiles
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


def cache(tmp_path: Path) -> ParsedFiles:
    return ParsedFiles(
        tmp_path / ".alerti18n" / "tm-cache", State(tmp_path / "state.json"), tmp_path
    )


def test_round_trip_keeps_units_features_and_open_entries(tmp_path: Path) -> None:
    files = cache(tmp_path)
    files.put("fr", "k1", Parsed(UNITS, open=["Still to translate."]))
    back = cache(tmp_path).get("fr", "k1")
    assert back is not None
    assert back.units == UNITS and back.open == ["Still to translate."]
    assert back.features == {u.source: features(u.source) for u in UNITS}


def test_the_key_follows_the_bytes(tmp_path: Path) -> None:
    path = tmp_path / "memory.tmx"
    path.write_bytes(b"one")
    files = cache(tmp_path)
    first = files.key(path, "tmx", "fr")
    assert files.key(path, "tmx", "fr") == first
    assert files.key(path, "tmx", "hy") != first  # what the file is read as is part of the key
    path.write_bytes(b"two")
    assert cache(tmp_path).key(path, "tmx", "fr") != first


@pytest.mark.parametrize(
    "damage", ["garbage", "wrong types", "other version", "older format", "missing"]
)
def test_a_damaged_entry_is_a_miss_not_an_error(tmp_path: Path, damage: str) -> None:
    files = cache(tmp_path)
    files.put("fr", "k1", Parsed(UNITS))
    entry = tmp_path / ".alerti18n" / "tm-cache" / "fr" / "k1.json"
    data = json.loads(entry.read_text())
    if damage == "garbage":
        entry.write_bytes(b"\x00not json")
    elif damage == "wrong types":
        data["target"] = [1, 2]
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
