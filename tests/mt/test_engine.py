"""Engine options from ``[tool.alerti18n.mt]`` and the command line; engine choice."""

from __future__ import annotations

from pathlib import Path

import pytest
from support.projects import cli, small_project

from alerti18n.core.config import load_project
from alerti18n.core.errors import ConfigError
from alerti18n.mt import open_engine
from alerti18n.mt.engine import MissingPackageError, MTOptions
from alerti18n.mt.libretranslate import LibreTranslateEngine


def with_mt(root: Path, table: str) -> Path:
    config = root / "alerti18n.toml"
    if not config.exists():
        config = root / "pyproject.toml"
    config.write_text(config.read_text(encoding="utf-8") + "\n" + table, encoding="utf-8")
    return config


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return small_project(tmp_path, "# Notice\n\nThe road is open.\n")


def test_libretranslate_settings_are_read(root: Path) -> None:
    table = (
        '[tool.alerti18n.mt]\nengine = "libretranslate"\nurl = "https://lt.example.org/api/"\n'
        'api-key-env = "LT_KEY"\nin-flight = 3\ntimeout = 7.5\nretries = 2\nretry-wait = 0\n'
    )
    with_mt(root, table)
    options = MTOptions.from_project(load_project(root))
    assert options.engine == "libretranslate"
    assert (options.in_flight, options.timeout, options.retries, options.retry_wait) == (
        3,
        7.5,
        2,
        0,
    )
    assert options.api_key_env == "LT_KEY"


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"engine": "deepl"}, "unknown mt engine 'deepl'"),
        ({"engine": "libretranslate"}, "needs the server's address"),
        ({"in_flight": 0}, "at least 1"),
        ({"timeout": 0.0}, "timeout must be positive"),
    ],
)
def test_bad_options_are_refused(root: Path, overrides: dict, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        MTOptions.from_project(load_project(root), **overrides)


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("ftp://lt.example.org", "not an http"),
        ("lt.example.org", "not an http"),
        ("https://user:secret@lt.example.org", "must not carry credentials"),
        ("https://lt.example.org/?key=1", "query or fragment"),
    ],
)
def test_bad_urls_are_refused_before_any_request(url: str, message: str) -> None:
    options = MTOptions(engine="libretranslate", url=url)
    with pytest.raises(ConfigError, match=message) as caught:
        open_engine("en", "fr", options)
    assert "secret" not in str(caught.value)


def test_the_api_key_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    options = MTOptions(engine="libretranslate", url="http://127.0.0.1:9", api_key_env="LT_KEY")
    monkeypatch.delenv("LT_KEY", raising=False)
    with pytest.raises(ConfigError, match=r"\$LT_KEY, which is not set"):
        open_engine("en", "fr", options)
    monkeypatch.setenv("LT_KEY", "k-123")
    engine = open_engine("en", "fr", options)
    assert isinstance(engine, LibreTranslateEngine)
    assert engine.api_key == "k-123"
    assert "k-123" not in engine.key  # the key never reaches the cache or a mark
    assert (engine.engine, engine.package, engine.version) == (
        "libretranslate",
        "127.0.0.1:9",
        "en-fr",
    )


def test_the_default_engine_is_argos_and_needs_a_package(tmp_path: Path) -> None:
    with pytest.raises(MissingPackageError, match="no translation package for en->fr"):
        open_engine("en", "fr", MTOptions(models_dir=tmp_path / "empty"))


def test_cli_options_reach_the_engine(root: Path) -> None:
    out = cli(root, "pretranslate", "--engine", "libretranslate", code=2)
    assert "needs the server's address" in out
    out = cli(root, "pretranslate", "--engine", "libretranslate", "--url", "gopher://x", code=2)
    assert "'gopher://x' is not an http(s) address" in out
    out = cli(root, "pretranslate", "--url", "gopher://x", code=2)  # --url implies the engine
    assert "'gopher://x' is not an http(s) address" in out
    empty = str(root / "no-models")
    out = cli(
        root,
        "pretranslate",
        "--engine",
        "argos",
        "--url",
        "gopher://x",
        "--models-dir",
        empty,
        code=1,
    )
    assert "no translation package for en->fr" in out  # an explicit engine wins


def test_a_server_address_alone_chooses_libretranslate(root: Path) -> None:
    with_mt(root, '[tool.alerti18n.mt]\nurl = "https://lt.example.org"\n')
    assert MTOptions.from_project(load_project(root)).engine == "libretranslate"
    assert MTOptions.from_project(load_project(root), engine="argos").engine == "argos"
