"""alerti18n.mt.engine: the engine registry, engine options from ``[tool.alerti18n.mt]`` and
the command line, engine choice."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

import click
import pytest
from support.projects import cli, small_project

from alerti18n.cli.main import engine_params
from alerti18n.core.config import load_project
from alerti18n.core.errors import ConfigError
from alerti18n.mt import engine_options, engine_types, open_engine, settings
from alerti18n.mt.argos import ArgosOptions
from alerti18n.mt.engine import (
    EngineOptions,
    EngineType,
    MissingPackageError,
    Progress,
    setting,
)
from alerti18n.mt.libretranslate import LibreTranslateEngine, LibreTranslateOptions
from alerti18n.po.pofile import read_po
from alerti18n.stages.pretranslate import pretranslate


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
    options = engine_options(load_project(root))
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
        engine_options(load_project(root), **overrides)


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
    options = LibreTranslateOptions(url=url)
    with pytest.raises(ConfigError, match=message) as caught:
        open_engine("en", "fr", options)
    assert "secret" not in str(caught.value)


def test_the_api_key_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    options = LibreTranslateOptions(url="http://127.0.0.1:9", api_key_env="LT_KEY")
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
        open_engine("en", "fr", ArgosOptions(models_dir=tmp_path / "empty"))


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
    assert engine_options(load_project(root)).engine == "libretranslate"
    assert engine_options(load_project(root), engine="argos").engine == "argos"


@dataclass(frozen=True)
class EchoOptions(EngineOptions):
    """The options of a test engine that 'translates' by upper-casing."""

    engine: ClassVar[str] = "echo"
    shout: int = setting(1, int, "Exclamation marks to add.", minimum=1)


class EchoEngine:
    engine, package, version = "echo", "upper", "1"

    def __init__(self, options: EchoOptions) -> None:
        self.options = options
        self.calls = 0

    @property
    def key(self) -> str:
        return f"echo shout={self.options.shout}"

    def check(self) -> None:
        pass

    def translate(self, texts: Sequence[str], progress: Progress | None = None) -> list[str]:
        self.calls += 1
        return [text.upper() + "!" * self.options.shout for text in texts]


@pytest.fixture
def echo(monkeypatch: pytest.MonkeyPatch) -> EngineType:
    kind = EngineType("echo", "upper case", EchoOptions, lambda src, dst, o: EchoEngine(o))
    monkeypatch.setitem(engine_types(), "echo", kind)
    return kind


def test_a_registered_engine_is_chosen_configured_and_offered(root: Path, echo: EngineType) -> None:
    """A new engine is one registration: config, options, the CLI's choices and the stage."""
    with_mt(root, '[tool.alerti18n.mt]\nengine = "echo"\nshout = 2\n')
    options = engine_options(load_project(root))
    assert options == EchoOptions(shout=2)
    with pytest.raises(ConfigError, match="shout must be at least 1"):
        engine_options(load_project(root), shout=0)
    params = {p.name: p for p in engine_params()}
    engine = params["engine"]
    assert isinstance(engine.type, click.Choice) and "echo" in engine.type.choices
    assert "echo: upper case" in str(engine.help)
    assert params["shout"].help == "Exclamation marks to add."
    done = pretranslate(load_project(root), options=options)
    assert sum(s.translated for s in done) == 2
    entry = next(e for e in read_po(root / "locales" / "fr" / "alert.po") if e.msgid)
    assert entry.msgstr == entry.msgid.upper() + "!!" and entry.fuzzy


def test_every_setting_is_a_config_key_and_unknown_keys_are_named(root: Path) -> None:
    with_mt(root, "[tool.alerti18n.mt]\nspeed = 3\n")
    with pytest.raises(ConfigError, match="unknown mt setting 'speed'") as caught:
        engine_options(load_project(root))
    keys = ["engine", *(s.key for s in settings().values())]
    assert caught.value.hint == f"mt takes {', '.join(keys)}"
    assert {"batch-size", "beam-size", "models-dir", "url", "in-flight", "retry-wait"} <= set(keys)
