"""A machine-translation server that answers with control characters.

A real HTTP server on 127.0.0.1 stands in for a compromised LibreTranslate: it speaks the
API (``/languages``, ``/translate``) and puts NUL, an escape sequence, a C1 character and
an unasked tab into its drafts. ``pretranslate`` refuses those drafts where drafts come in
(:mod:`alerti18n.stages.pretranslate`): they are neither written nor cached, the catalog
stays one that GNU gettext and every command read, and a rerun asks for them again.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from support.projects import cli, small_project
from support.tools import msgfmt_check

from alerti18n.po.pofile import read_po

#: What the server answers for each sentence; the others come back unchanged.
ANSWERS = {
    "Notice": "Avis\x85",
    "The road is open.": "La route\x00 est ouverte.",
    "The bridge is closed.": "\x1b]0;owned\x07Le pont est fermé.",
    "Water is safe.": "L’eau est\tpotable.",
}
TEXT = "# Notice\n\nThe road is open.\n\nThe bridge is closed.\n\nWater is safe. Go home.\n"


class Server:
    """The stand-in: a real LibreTranslate API on 127.0.0.1, with hostile answers."""

    def __init__(self) -> None:
        self.asked: list[str] = []
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - quiet
                pass

            def _send(self, body: object) -> None:
                data = json.dumps(body).encode("utf-8")
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self) -> None:  # noqa: N802 - http.server's name
                languages = [{"code": "en", "targets": ["fr"]}, {"code": "fr", "targets": ["en"]}]
                self._send(languages)

            def do_POST(self) -> None:  # noqa: N802 - http.server's name
                length = int(self.headers.get("Content-Length", "0"))
                payload = json.loads(self.rfile.read(length) or b"{}")
                texts = payload.get("q", [])
                texts = texts if isinstance(texts, list) else [texts]
                owner.asked += texts
                self._send({"translatedText": [ANSWERS.get(t, t) for t in texts]})

        self.http = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.http.server_address[1]}"
        threading.Thread(target=self.http.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.http.shutdown()
        self.http.server_close()


@pytest.fixture
def server() -> Iterator[Server]:
    running = Server()
    yield running
    running.close()


def test_control_characters_from_a_server_are_never_written_nor_cached(
    tmp_path: Path, server: Server
) -> None:
    root = small_project(tmp_path, TEXT)
    po = root / "locales" / "fr" / "alert.po"
    out = cli(root, "pretranslate", "--engine", "libretranslate", "--url", server.url)
    assert "Traceback" not in out
    warnings = [line for line in out.splitlines() if line.startswith("warning:")]
    assert warnings == [
        "warning: fr/alert: 4 machine draft(s) held control characters: refused, neither "
        "written nor cached (their entries stay untranslated)"
    ]
    assert "refused 4 (control characters)" in out
    assert "\x1b" not in out and "\x00" not in out
    msgfmt_check(po)
    assert {e.msgid: e.msgstr for e in read_po(po) if e.msgstr} == {"Go home.": "Go home."}
    cache = root / ".alerti18n" / "mt-cache" / "translations.sqlite3"
    with sqlite3.connect(cache) as db:
        targets = [row[0] for row in db.execute("SELECT target FROM mt")]
    assert targets == ["Go home."]
    for command in ("status", "check"):  # every command still reads the catalog
        assert "error:" not in cli(root, command)
    server.asked.clear()
    again = cli(root, "pretranslate", "--engine", "libretranslate", "--url", server.url)
    assert sorted(server.asked) == sorted(ANSWERS) and "refused 4" in again
    msgfmt_check(po)
