"""TMX 1.4b: what write_tmx writes, read_tmx reads back unchanged."""

from __future__ import annotations

from pathlib import Path

from alerti18n.memory.tmx import TmUnit, read_tmx, same_language, write_tmx


def test_round_trip(tmp_path: Path) -> None:
    units = [
        TmUnit("Stay inside.", "Restez à l'intérieur.", "fr", "alert", True, "20230922T100000Z"),
        TmUnit("Close the `windows`.", "Փակեք `պատուհանները`։", "hy"),
    ]
    path = tmp_path / "memory.tmx"
    path.write_bytes(write_tmx(units, "en", "1.0", imported_from="old.tmx"))
    read = read_tmx(path, "en", ("fr", "hy"))
    assert read.source_language == "en" and read.imported_from == "old.tmx"
    assert [(u.source, u.target, u.lang, u.doc, u.reviewed, u.date) for u in read.units] == [
        (u.source, u.target, u.lang, u.doc, u.reviewed, u.date) for u in units
    ]
    assert [u.lang for u in read_tmx(path, "en", ("fr",)).units] == ["fr"]


def test_same_language() -> None:
    assert same_language("fr-FR", "fr") and same_language("FR_fr", "fr")
    assert not same_language("fr", "fr-CA") and not same_language("fy", "fr")
