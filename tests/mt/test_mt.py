"""``alerti18n.mt.open_engine``: the options choose the engine; opening one contacts nothing."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest
from support.argos_factory import build_argosmodel

from alerti18n.mt import open_engine, packages
from alerti18n.mt.argos import ArgosEngine, ArgosOptions
from alerti18n.mt.engine import MissingPackageError
from alerti18n.mt.libretranslate import LibreTranslateEngine, LibreTranslateOptions


def test_argos_is_the_default_engine(tmp_path: Path) -> None:
    with pytest.raises(MissingPackageError):
        open_engine("en", "fr", ArgosOptions(models_dir=tmp_path / "none"))
    package = build_argosmodel(tmp_path / "en_fr.argosmodel", copy=True)
    packages.install_file(package, tmp_path / "models")
    engine = open_engine("en", "fr", ArgosOptions(models_dir=tmp_path / "models"))
    assert isinstance(engine, ArgosEngine) and engine.engine == "argos"


def test_libretranslate_is_opened_without_contacting_the_server() -> None:
    with socket.socket() as listening:  # a server that never answers: accept() is not called
        listening.bind(("127.0.0.1", 0))
        listening.listen()
        url = f"http://127.0.0.1:{listening.getsockname()[1]}"
        engine = open_engine("en", "fr", LibreTranslateOptions(url=url))
        assert isinstance(engine, LibreTranslateEngine) and engine.requests == 0
        assert (engine.engine, engine.version) == ("libretranslate", "en-fr")
