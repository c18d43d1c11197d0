"""The LibreTranslate engine: errors that need no LibreTranslate server.

The tests against a real LibreTranslate server (drafts, cache, faults) are in
``tests/test_libretranslate_server.py``; here the other side is nothing at all
(a closed port) or a real HTTP server on 127.0.0.1 that is not LibreTranslate.
"""

from __future__ import annotations

import functools
import http.server
import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import cli, small_project

from alerti18n.mt.engine import MTOptions
from alerti18n.mt.libretranslate import LibreTranslateEngine, ServerRefused


def closed_port() -> int:
    """A loopback port nothing listens on (bound, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def static_server(tmp_path: Path) -> Iterator[str]:
    """A real web server that is not LibreTranslate: it serves one folder."""
    (tmp_path / "www").mkdir()
    (tmp_path / "www" / "index.html").write_text("<p>hello</p>")
    handler = functools.partial(
        http.server.SimpleHTTPRequestHandler, directory=str(tmp_path / "www")
    )
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_nothing_to_translate_sends_nothing() -> None:
    engine = LibreTranslateEngine(f"http://127.0.0.1:{closed_port()}", "en", "fr")
    assert engine.translate([]) == []
    assert engine.requests == 0


def test_a_closed_port_is_a_wrong_url_exit_2(tmp_path: Path) -> None:
    url = f"http://127.0.0.1:{closed_port()}"
    engine = LibreTranslateEngine(url, "en", "fr", retries=3, retry_wait=0)
    with pytest.raises(ServerRefused, match="cannot reach LibreTranslate") as caught:
        engine.translate(["The road is open."])
    assert caught.value.exit_code == 2
    assert engine.requests == 1  # first contact is not retried: a wrong URL stays wrong
    root = small_project(tmp_path, "# Notice\n\nThe road is open.\n")
    before = (root / "locales" / "fr" / "alert.po").read_bytes()
    out = cli(root, "pretranslate", "--engine", "libretranslate", "--url", url, code=2)
    errors = [line for line in out.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and "Traceback" not in out
    assert errors[0].startswith(f"error: cannot reach LibreTranslate at {url}: ")
    assert errors[0].endswith("(check mt.url or --url, and that the server is running)")
    assert (root / "locales" / "fr" / "alert.po").read_bytes() == before


def test_a_server_that_is_not_libretranslate_is_refused(static_server: str) -> None:
    engine = LibreTranslateEngine(static_server, "en", "fr")
    with pytest.raises(ServerRefused, match=r"refused /languages: HTTP 404") as caught:
        engine.translate(["The road is open."])
    assert caught.value.exit_code == 2


def test_options_build_an_engine_with_the_same_limits() -> None:
    options = MTOptions(
        engine="libretranslate",
        url="https://lt.example.org/base/",
        batch_size=5,
        in_flight=3,
        timeout=2.5,
        retries=1,
        retry_wait=0.25,
    )
    engine = LibreTranslateEngine.from_options("en", "hy", options)
    assert engine.base == "https://lt.example.org/base"
    assert (engine.batch_size, engine.in_flight, engine.timeout) == (5, 3, 2.5)
    assert (engine.retries, engine.retry_wait) == (1, 0.25)
    assert engine.key == "libretranslate https://lt.example.org/base en-hy"
