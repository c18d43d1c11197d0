"""The LibreTranslate engine: errors that need no LibreTranslate server.

The tests against a real LibreTranslate server (drafts, cache, faults) are in
``tests/mt/test_ltserver.py``; here the other side is nothing at all
(a closed port) or a real HTTP server on 127.0.0.1 that is not LibreTranslate.
"""

from __future__ import annotations

import functools
import http.server
import json
import logging
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

import polib
import pytest
from support.faultproxy import FaultProxy
from support.ltserver import LTServer, require_libretranslate, start_libretranslate
from support.projects import cli, small_project
from support.tools import msgfmt_check

from alerti18n.core import clock
from alerti18n.core.errors import ConfigError
from alerti18n.mt import packages
from alerti18n.mt.engine import MissingPackageError
from alerti18n.mt.libretranslate import (
    LibreTranslateEngine,
    LibreTranslateOptions,
    ServerRefused,
    server_codes,
)
from alerti18n.po import marks
from alerti18n.po.pofile import read_po, write_po


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


def test_a_server_that_is_not_libretranslate_is_refused(static_server: str, tmp_path: Path) -> None:
    engine = LibreTranslateEngine(static_server, "en", "fr")
    with pytest.raises(ServerRefused, match=r"refused /languages: HTTP 404") as caught:
        engine.translate(["The road is open."])
    assert caught.value.exit_code == 2
    assert "check mt.url or --url" in str(caught.value)
    (tmp_path / "www" / "languages").write_text("<html><p>a web page</p></html>")
    engine = LibreTranslateEngine(static_server, "en", "fr")
    with pytest.raises(ServerRefused, match="did not answer /languages like a LibreTranslate"):
        engine.translate(["The road is open."])


def test_an_invalid_port_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="has an invalid port"):
        LibreTranslateEngine("http://127.0.0.1:99999", "en", "fr")


def test_plain_http_to_another_host_is_warned_about(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="alerti18n"):
        LibreTranslateEngine("https://lt.example.org", "en", "fr")
        LibreTranslateEngine("http://127.0.0.1:5000", "en", "fr")
        LibreTranslateEngine("http://localhost:5000", "en", "fr")
        assert caplog.messages == []
        LibreTranslateEngine("http://lt.example.org", "en", "fr")
    assert caplog.messages == ["lt.example.org: texts go to this server unencrypted; use https"]


def test_a_redirect_is_not_followed(tmp_path: Path) -> None:
    """A server that sends the client elsewhere gets exit 2: texts go only where configured."""

    class Redirect(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - http.server's name
            self.send_response(301)
            self.send_header("Location", f"http://127.0.0.1:{closed_port()}/languages")
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Redirect)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        engine = LibreTranslateEngine(f"http://127.0.0.1:{server.server_address[1]}", "en", "fr")
        with pytest.raises(ServerRefused, match="refused /languages: HTTP 301") as caught:
            engine.translate(["The road is open."])
        assert "put the address it names in mt.url" in str(caught.value)
        assert engine.requests == 1
    finally:
        server.shutdown()
        server.server_close()


def test_project_codes_become_the_servers() -> None:
    """mt/data/libretranslate.toml: the codes LibreTranslate servers use, new and old."""
    assert server_codes("zh-Hant") == ["zh-Hant", "zt"]  # never zh: that is Simplified
    assert server_codes("zh_TW") == ["zh-Hant", "zt"]  # Taiwan writes Traditional
    assert server_codes("pt-BR") == ["pt-BR", "pb", "pt"]
    assert server_codes("fr-CA") == ["fr-CA", "fr"]  # a region falls back to the language
    assert server_codes("sr-Latn") == ["sr-Latn"]  # a script does not
    assert server_codes("hy") == ["hy"]


class _OldServer(http.server.BaseHTTPRequestHandler):
    """A LibreTranslate-like server of a given code list that echoes and notes each request."""

    codes: ClassVar[list[str]] = []
    asked: ClassVar[list[dict]] = []

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        body = [{"code": c, "name": c, "targets": self.codes} for c in self.codes]
        self._send(body)

    def do_POST(self) -> None:  # noqa: N802
        request = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        self.asked.append(request)
        self._send({"translatedText": request["q"]})

    def _send(self, body: object) -> None:
        data = json.dumps(body).encode("utf-8")
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: object) -> None:
        pass


@pytest.mark.parametrize(
    ("offered", "project_code", "sent"),
    [
        (["en", "zt", "pb"], "zh-Hant", "zt"),  # LibreTranslate before it spoke ISO codes
        (["en", "zh-Hans", "zh-Hant", "pt-BR"], "zh-Hant", "zh-Hant"),  # 1.9.6
        (["en", "zt", "pb"], "pt-BR", "pb"),
        (["en", "pt"], "pt-BR", "pt"),
        (["en", "FR"], "fr", "FR"),  # the server's own spelling
    ],
)
def test_the_servers_code_for_a_language_is_sent(
    offered: list[str], project_code: str, sent: str
) -> None:
    """A scripted server: LibreTranslate 1.9.6, which the other tests run, names no language zt
    or pb any more (it shows Argos' zt as zh-Hant), so the older servers' codes are served here."""

    class Server(_OldServer):
        codes, asked = offered, []

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Server)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}"
        engine = LibreTranslateEngine(url, "en", project_code)
        drafts = engine.translate(["The road is open."])
        assert [(d.text, d.confidence) for d in drafts] == [("The road is open.", None)]
        assert [(r["source"], r["target"]) for r in Server.asked] == [("en", sent)]
        assert engine.key.endswith(f"en-{project_code}")  # the cache keys the project's codes
        if project_code == "zh-Hant":
            traditional_only = LibreTranslateEngine(url, "en", "zh")  # zh is Simplified
            Server.codes = ["en", "zh-Hant"]
            with pytest.raises(MissingPackageError, match="does not translate en->zh"):
                traditional_only.translate(["The road is open."])
    finally:
        server.shutdown()
        server.server_close()


def test_options_build_an_engine_with_the_same_limits() -> None:
    options = LibreTranslateOptions(
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


# Against a real LibreTranslate server (tests/support/ltserver.py) -------------------------

TEXT = """# Road notice

The road to the hospital is open again.

Convoys leave every morning at 6:00 from the `north-gate` checkpoint.

Families can register at [the registry](https://example.org/register).

Water is rationed in every district.

Fuel deliveries stopped on Monday.

Three clinics are short of insulin.

Volunteers are asked to bring blankets.
"""
TODO = 7  # the heading and the paragraphs, but for HUMAN
HUMAN = ("Water is rationed in every district.", "L'eau est rationnée dans chaque quartier.")


def drafts_project(tmp_path: Path, name: str, mt: str = "") -> Path:
    """A small project whose fr catalog has one human translation; the rest is untranslated.

    ``mt`` is added to the config as the ``[tool.alerti18n.mt]`` table.
    """
    root = small_project(tmp_path / name, TEXT)
    if mt:
        config = root / "alerti18n.toml"
        config.write_text(config.read_text() + f"\n[tool.alerti18n.mt]\n{mt}\n")
    po_path = root / "locales" / "fr" / "alert.po"
    po = read_po(po_path)
    po.find(HUMAN[0]).msgstr = HUMAN[1]
    write_po(po, po_path)
    return root


def fr_entries(root: Path) -> dict[str, polib.POEntry]:
    return {e.msgid: e for e in read_po(root / "locales" / "fr" / "alert.po") if e.msgid}


def mt_mark(entry: polib.POEntry) -> str:
    return next(m.value for m in marks.marks(entry) if m.kind == marks.MT)


def test_drafts_are_the_local_engines_with_libretranslate_provenance(
    libretranslate_server: LTServer, libretranslate_packages: dict[str, Path], tmp_path: Path
) -> None:
    """The same package in-process and behind LibreTranslate gives the same drafts, marks
    naming the engine; batches of 2, 3 in flight, come back in order."""
    local = drafts_project(tmp_path, "local")
    models = tmp_path / "models"
    packages.install_file(libretranslate_packages["en-fr"], models)
    cli(local, "pretranslate", "--models-dir", str(models), "--beam-size", "1")
    remote = drafts_project(tmp_path, "remote")
    with FaultProxy(libretranslate_server.url) as proxy:
        out = cli(
            remote,
            "pretranslate",
            "--engine",
            "libretranslate",
            "--url",
            proxy.url,
            "--batch-size",
            "2",
            "--in-flight",
            "3",
        )
    msgfmt_check(remote / "locales" / "fr" / "alert.po")
    ours, theirs = fr_entries(local), fr_entries(remote)
    assert ours.keys() == theirs.keys()
    drafted = [m for m in theirs if m != HUMAN[0]]
    assert len([e for e in fr_entries(local).values() if marks.machine_draft(e)]) == TODO
    assert len(drafted) == TODO and f"translated {TODO}" in out
    assert proxy.seen == 1 + (TODO + 1) // 2  # /languages, then batches of 2
    for msgid in drafted:
        assert theirs[msgid].msgstr == ours[msgid].msgstr != ""
        assert "fuzzy" in theirs[msgid].flags
        sha = mt_mark(ours[msgid]).split(" sha=")[1].split(" at=")[0]  # the same text
        engine, at = mt_mark(theirs[msgid]).split(" at=")  # and when it was drafted
        assert engine == f"libretranslate {proxy.url[7:]} en-fr sha={sha}"
        assert marks.written_at(marks.machine_draft(theirs[msgid])) == clock.parse_instant(at)
        assert marks.machine_draft(theirs[msgid]) is not None
    (code,) = [m for m in drafted if "`north-gate`" in m]
    (link,) = [m for m in drafted if "(https://example.org/register)" in m]
    assert "`north-gate`" in theirs[code].msgstr  # protected, sent as a placeholder
    assert "(https://example.org/register)" in theirs[link].msgstr
    human = theirs[HUMAN[0]]
    assert (human.msgstr, human.flags, marks.marks(human)) == (HUMAN[1], [], [])


def test_the_cache_answers_the_second_run_with_no_request(
    libretranslate_server: LTServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1710460800")  # both runs date their drafts alike
    root = drafts_project(tmp_path, "p")
    catalog = root / "locales" / "fr" / "alert.po"
    untranslated = catalog.read_bytes()
    with FaultProxy(libretranslate_server.url) as proxy:
        args = ("pretranslate", "--engine", "libretranslate", "--url", proxy.url)
        cli(root, *args)
        first, drafted = proxy.seen, catalog.read_bytes()
        assert first >= 2
        catalog.write_bytes(untranslated)
        out = cli(root, *args)
        assert proxy.seen == first  # not even /languages
        assert f"from cache {TODO}" in out
        assert catalog.read_bytes() == drafted
        cli(root, *args)  # nothing left to translate: no request, no byte changed
        assert proxy.seen == first
        assert catalog.read_bytes() == drafted


@pytest.fixture
def own_server(libretranslate_packages: dict[str, Path], tmp_path: Path) -> Iterator[LTServer]:
    """A server for one test, which may kill it."""
    require_libretranslate()
    server = start_libretranslate(
        list(libretranslate_packages.values()), tmp_path / "lt", beam_size=1
    )
    yield server
    server.stop()


def test_a_server_killed_mid_run_keeps_what_was_done(
    own_server: LTServer, libretranslate_server: LTServer, tmp_path: Path
) -> None:
    root = drafts_project(tmp_path, "p", "retries = 1\nretry-wait = 0.05")
    catalog = root / "locales" / "fr" / "alert.po"
    with FaultProxy(own_server.url, delay=0.2) as proxy:

        def kill_after_three_batches() -> None:
            # /languages and three batches answered once the fourth batch is passed on
            while proxy.forwarded < 1 + 4:
                time.sleep(0.01)
            own_server.kill()

        killer = threading.Thread(target=kill_after_three_batches, daemon=True)
        killer.start()
        out = cli(
            root,
            "pretranslate",
            "--engine",
            "libretranslate",
            "--url",
            proxy.url,
            "--batch-size",
            "1",
            "--in-flight",
            "1",
            code=1,
        )
        killer.join(10)
    (error,) = [line for line in out.splitlines() if line.startswith("error:")]
    assert f"error: {catalog}: " in error
    assert "failed after 1 retries: connection failed" in error
    assert "left untranslated" in error and "run pretranslate again" in error
    msgfmt_check(catalog)
    done = [e for e in fr_entries(root).values() if marks.machine_draft(e)]
    assert 3 <= len(done) < TODO  # what was answered before the kill is written
    assert f"{len(done)} draft(s) of fr/alert written, {TODO - len(done)} entries left" in error
    # Another server does the rest; the drafts written before the kill stay as they are.
    before = {m: e.msgstr for m, e in fr_entries(root).items() if marks.machine_draft(e)}
    out = cli(
        root, "pretranslate", "--engine", "libretranslate", "--url", libretranslate_server.url
    )
    assert f"translated {TODO - len(done)}, skipped {1 + len(done)}" in out
    after = {m: e.msgstr for m, e in fr_entries(root).items() if marks.machine_draft(e)}
    assert len(after) == TODO and before.items() <= after.items()
    msgfmt_check(catalog)


def test_a_slow_server_times_out_and_nothing_is_written(
    libretranslate_server: LTServer, tmp_path: Path
) -> None:
    root = drafts_project(tmp_path, "p", "retries = 1\nretry-wait = 0")
    catalog = root / "locales" / "fr" / "alert.po"
    before = catalog.read_bytes()
    with FaultProxy(libretranslate_server.url, delay=2.0) as proxy:
        args = ("--engine", "libretranslate", "--url", proxy.url, "--timeout", "0.3")
        out = cli(root, "pretranslate", *args, code=1)
        assert proxy.seen == 2  # one try and one retry, then it gives up
    (error,) = [line for line in out.splitlines() if line.startswith("error:")]
    assert "failed after 1 retries: no answer within 0.3 s; nothing translated" in error
    assert error.endswith("(try again later, or raise mt.timeout)")
    assert catalog.read_bytes() == before


@pytest.mark.parametrize(("retry_after", "waited"), [(None, "0.1"), ("1", "1.0")])
def test_429_is_retried_after_the_wait_the_server_asks_for(
    libretranslate_server: LTServer, tmp_path: Path, retry_after: str | None, waited: str
) -> None:
    root = drafts_project(tmp_path, "p", "retries = 2\nretry-wait = 0.1")
    with FaultProxy(
        libretranslate_server.url, fail_first=1, status=429, retry_after=retry_after
    ) as proxy:
        out = cli(root, "-v", "pretranslate", "--engine", "libretranslate", "--url", proxy.url)
        assert proxy.seen == proxy.forwarded + 1
    assert "HTTP 429: " in out and f"retry 1 in {waited} s" in out
    assert f"translated {TODO}" in out
    assert len([e for e in fr_entries(root).values() if marks.machine_draft(e)]) == TODO


@pytest.fixture(scope="module")
def keyed_server(
    libretranslate_packages: dict[str, Path], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[LTServer]:
    """A real server that refuses requests without its key (no rate limit)."""
    require_libretranslate()
    server = start_libretranslate(
        list(libretranslate_packages.values()),
        tmp_path_factory.mktemp("lt-keyed"),
        api_key=True,
        beam_size=1,
    )
    yield server
    server.stop()


def test_a_wrong_or_missing_key_is_refused_exit_2(
    keyed_server: LTServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = drafts_project(tmp_path, "p", 'api-key-env = "ALERT_LT_KEY"')
    catalog = root / "locales" / "fr" / "alert.po"
    before = catalog.read_bytes()
    lt = ("pretranslate", "--engine", "libretranslate", "--url", keyed_server.url)
    monkeypatch.setenv("ALERT_LT_KEY", "not-the-key")
    out = cli(root, *lt, code=2)
    assert "refused the request: HTTP 403: Invalid API key" in out
    assert "(check the API key in the variable mt.api-key-env names)" in out
    assert "not-the-key" not in out
    assert catalog.read_bytes() == before
    keyless = drafts_project(tmp_path, "keyless")
    out = cli(keyless, *lt, code=2)
    assert "HTTP 400: Please contact the server operator to get an API key" in out
    assert "name it in mt.api-key-env" in out
    assert keyed_server.api_key
    monkeypatch.setenv("ALERT_LT_KEY", keyed_server.api_key)
    out = cli(root, *lt)
    assert f"translated {TODO}" in out and keyed_server.api_key not in catalog.read_text()


def test_the_servers_own_429_gives_up_after_the_retries_keeping_the_rest(
    libretranslate_packages: dict[str, Path], tmp_path: Path
) -> None:
    """LibreTranslate's rate limit (3 texts a minute) stops the run part-way: exit 1."""
    require_libretranslate()
    server = start_libretranslate(
        list(libretranslate_packages.values()), tmp_path / "lt", req_limit=3, beam_size=1
    )
    try:
        root = drafts_project(tmp_path, "p", "retries = 1\nretry-wait = 0.05")
        lt = ("--engine", "libretranslate", "--url", server.url, "--batch-size", "1")
        out = cli(root, "pretranslate", *lt, "--in-flight", "1", code=1)
    finally:
        server.stop()
    (error,) = [line for line in out.splitlines() if line.startswith("error:")]
    assert "failed after 1 retries: HTTP 429: Slowdown: 3 per 1 minute" in error
    assert f"3 draft(s) of fr/alert written, {TODO - 3} entries left untranslated" in error
    assert len([e for e in fr_entries(root).values() if marks.machine_draft(e)]) == 3
    msgfmt_check(root / "locales" / "fr" / "alert.po")


def test_a_pair_the_server_lacks_is_skipped_by_run_and_refused_by_pretranslate(
    libretranslate_server: LTServer, tmp_path: Path
) -> None:
    from alerti18n.core.config import load_project
    from alerti18n.mt.engine import MissingPackageError
    from alerti18n.stages.pretranslate import pretranslate

    root = small_project(tmp_path, "# Notice\n\nThe road is open.\n", langs="fr,hy")
    fr = root / "locales" / "fr" / "alert.po"
    before = fr.read_bytes()
    lt = ("--engine", "libretranslate", "--url", libretranslate_server.url)
    out = cli(root, "pretranslate", *lt, code=1)  # every language: asked before any is written
    assert "does not translate en->hy" in out and fr.read_bytes() == before
    out = cli(
        root,
        "pretranslate",
        "--lang",
        "hy",
        "--engine",
        "libretranslate",
        "--url",
        libretranslate_server.url,
        code=1,
    )
    assert f"{libretranslate_server.url[7:]} does not translate en->hy" in out
    assert "(it offers en->fr, fr->en)" in out
    options = LibreTranslateOptions(url=libretranslate_server.url)
    (done,) = pretranslate(load_project(root), options=options, skip_missing=True)
    assert (done.lang, done.translated) == ("fr", 2)
    with pytest.raises(MissingPackageError):
        pretranslate(load_project(root), options=options)
