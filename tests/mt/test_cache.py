"""The raw-output cache: answers by engine key and source, survives reopening."""

from __future__ import annotations

from pathlib import Path

from alerti18n.mt.cache import TranslationCache


def test_cache_answers_by_key_and_source(tmp_path: Path) -> None:
    cache = TranslationCache(tmp_path / "mt-cache")
    assert cache.get("argos a 1", ["x"]) == {}
    assert not cache.path.exists()  # a read creates nothing
    cache.put("argos a 1", {"Road open.": "Route ouverte.", "Hello": "Bonjour"})
    cache.put("libretranslate http://h en-fr", {"Road open.": "La route est ouverte."})
    cache.close()
    again = TranslationCache(tmp_path / "mt-cache")
    assert again.get("argos a 1", ["Road open.", "unknown"]) == {"Road open.": "Route ouverte."}
    assert again.get("libretranslate http://h en-fr", ["Road open.", "Hello"]) == {
        "Road open.": "La route est ouverte."
    }
    again.put("argos a 1", {"Road open.": "Route rouverte."})
    assert again.get("argos a 1", ["Road open."]) == {"Road open.": "Route rouverte."}
    again.close()
