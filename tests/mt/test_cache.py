"""The raw-output cache: drafts (text and confidence) by engine key and source, survives
reopening, and reads a cache written before confidences were kept."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from alerti18n.core.errors import FileError
from alerti18n.mt.cache import TranslationCache
from alerti18n.mt.engine import Draft


def test_cache_answers_by_key_and_source(tmp_path: Path) -> None:
    cache = TranslationCache(tmp_path / "mt-cache")
    assert cache.get("argos a 1", ["x"]) == {}
    assert not cache.path.exists()  # a read creates nothing
    cache.put("argos a 1", {"Road open.": Draft("Route ouverte.", 0.81), "Hello": Draft("Bonjour")})
    cache.put("libretranslate http://h en-fr", {"Road open.": Draft("La route est ouverte.")})
    cache.close()
    again = TranslationCache(tmp_path / "mt-cache")
    assert again.get("argos a 1", ["Road open.", "unknown"]) == {
        "Road open.": Draft("Route ouverte.", 0.81)
    }
    assert again.get("libretranslate http://h en-fr", ["Road open.", "Hello"]) == {
        "Road open.": Draft("La route est ouverte.", None)
    }
    again.put("argos a 1", {"Road open.": Draft("Route rouverte.", 0.5)})
    assert again.get("argos a 1", ["Road open."]) == {"Road open.": Draft("Route rouverte.", 0.5)}
    again.close()


def test_a_cache_from_before_confidences_is_read_without_a_score(tmp_path: Path) -> None:
    folder = tmp_path / "mt-cache"
    folder.mkdir()
    old = sqlite3.connect(folder / "translations.sqlite3")
    old.execute("CREATE TABLE mt (key TEXT, source TEXT, target TEXT, PRIMARY KEY (key, source))")
    cache = TranslationCache(folder)
    key = cache._key("libretranslate http://h en-fr")
    with old:
        old.execute("INSERT INTO mt VALUES (?, ?, ?)", (key, "Road open.", "Route ouverte."))
    old.close()
    assert cache.get("libretranslate http://h en-fr", ["Road open."]) == {
        "Road open.": Draft("Route ouverte.")
    }
    cache.put("argos a 1", {"Hello": Draft("Bonjour", 0.9)})  # the new column is there
    assert cache.get("argos a 1", ["Hello"]) == {"Hello": Draft("Bonjour", 0.9)}
    cache.close()


def test_a_broken_cache_file_is_one_line(tmp_path: Path) -> None:
    """Not a SQLite file (or a full disk): a FileError naming it, never a traceback."""
    (tmp_path / "mt-cache").mkdir()
    (tmp_path / "mt-cache" / "translations.sqlite3").write_bytes(b"not a database" * 100)
    cache = TranslationCache(tmp_path / "mt-cache")
    with pytest.raises(FileError, match="cannot use the translation cache") as info:
        cache.get("engine", ["Hello."])
    assert "translations.sqlite3" in info.value.format_message()


def test_a_cache_folder_leading_out_of_the_project_is_refused(tmp_path: Path) -> None:
    root, outside = tmp_path / "p", tmp_path / "outside"
    (root / ".alerti18n").mkdir(parents=True)
    outside.mkdir()
    (root / ".alerti18n" / "mt-cache").symlink_to(outside, target_is_directory=True)
    with pytest.raises(FileError, match="outside the project"):
        TranslationCache(root / ".alerti18n" / "mt-cache", root)
