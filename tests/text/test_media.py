"""The local images a document shows, and those it cannot."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from alerti18n.text.media import images_of


def test_local_images_inside_the_source_folder(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    source = tmp_path / "source"
    (source / "img").mkdir(parents=True)
    (source / "img" / "map.png").write_bytes(b"png")
    (tmp_path / "secret.png").write_bytes(b"png")
    doc = source / "alert.md"
    text = (
        '![Map](img/map.png) ![Again](img/map.png) <img src="img/map.png">\n'
        "![Web](https://example.org/a.png) ![Out](../secret.png) ![Gone](img/none.png)\n"
    )
    with caplog.at_level(logging.WARNING, logger="alerti18n"):
        found = images_of(text, doc, source)
    assert found == [((source / "img" / "map.png").resolve(), "img/map.png")]
    assert "outside" in caplog.text and "does not exist" in caplog.text
    assert images_of("No image here.", doc, source) == []
