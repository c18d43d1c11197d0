"""Fuzzing what the LibreTranslate client parses: the answers of ``/languages`` and
``/translate`` (``mt.libretranslate``), served by a real HTTP server on 127.0.0.1.

Each example sets what the server answers: a status (200, the refusals, the retried ones), a
Retry-After, and a body that is a valid answer, one with any JSON value in its place, or a
valid answer's bytes mutated. The client either returns one text per sentence, in order, or
raises an :class:`AlertI18nError` (the server refused, failed, or lacks the pair); never
another exception, never a hang.
"""

from __future__ import annotations

import http.server
import json
import threading
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from support.fuzzing import fuzz_settings, mutants, within

from alerti18n.core.errors import AlertI18nError
from alerti18n.mt.libretranslate import LibreTranslateEngine

TEXTS = ["The road is open.", "Water is rationed.", "Stay inside."]
LANGUAGES = [
    {"code": "en", "name": "English", "targets": ["en", "fr"]},
    {"code": "fr", "name": "French", "targets": ["en", "fr"]},
]
TOKENS = [
    b'"',
    b"[",
    b"]",
    b"{",
    b"}",
    b",",
    b":",
    b"null",
    b"1e999",
    b"\\u0000",
    b"\\ud800",
    b"\xff",
    b'"targets"',
    b'"code"',
    b'"translatedText"',
    b"[" * 64,
]
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=10,
)


CODES = st.sampled_from(["en", "fr", "hy"])
LANGUAGE = st.fixed_dictionaries(
    {"code": st.one_of(CODES, JSON)},
    optional={"targets": st.one_of(st.lists(CODES), JSON), "name": JSON},
)


def languages_body() -> st.SearchStrategy[bytes]:
    valid = json.dumps(LANGUAGES).encode()
    return st.one_of(
        st.just(valid),
        mutants([valid], TOKENS),
        JSON.map(lambda v: json.dumps(v).encode()),
        st.lists(LANGUAGE, min_size=1, max_size=3).map(lambda v: json.dumps(v).encode()),
        st.lists(LANGUAGE, min_size=1, max_size=3).map(lambda v: json.dumps(v).encode()),
    )


def translate_body() -> st.SearchStrategy[bytes]:
    valid = json.dumps({"translatedText": ["Un.", "Deux."]}).encode()
    return st.one_of(
        st.lists(st.text(max_size=30), min_size=1, max_size=3).map(
            lambda v: json.dumps({"translatedText": v}).encode()
        ),
        mutants([valid], TOKENS),
        JSON.map(lambda v: json.dumps({"translatedText": v}).encode()),
        st.dictionaries(st.sampled_from(["translatedText", "error", "alternatives"]), JSON).map(
            lambda v: json.dumps(v).encode()
        ),
    )


ANSWER = st.tuples(
    st.sampled_from([200] * 6 + [301, 400, 403, 404, 429, 500, 503]),
    st.sampled_from(["", "0", "-1", "nan", "abc", "0.01"]),
)


class Server:
    """A real HTTP server that answers what the current example says, per path."""

    def __init__(self) -> None:
        self.answers: dict[str, list[tuple[int, str, bytes]]] = {}
        self.lock = threading.Lock()
        server = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def _answer(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                self.rfile.read(length)
                with server.lock:
                    queue = server.answers.get(self.path.split("?")[0]) or [(404, "", b"{}")]
                    status, retry_after, body = queue.pop(0) if len(queue) > 1 else queue[0]
                self.send_response(status)
                if retry_after:
                    self.send_header("Retry-After", retry_after)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_GET = do_POST = _answer

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    running = Server()
    yield running
    running.httpd.shutdown()
    running.httpd.server_close()


@given(
    languages=st.tuples(ANSWER, languages_body()),
    batches=st.lists(st.tuples(ANSWER, translate_body()), min_size=1, max_size=3),
)
@example(  # targets that are not a list: a TypeError before
    languages=((200, ""), b'[{"code": "en", "targets": null}]'), batches=[((200, ""), b"{}")]
)
@example(  # JSON nested deeper than Python recurses: a RecursionError before
    languages=((200, ""), json.dumps(LANGUAGES).encode()), batches=[((200, ""), b"[" * 100_000)]
)
@fuzz_settings(200)
def test_any_answer_gives_the_translations_or_a_refusal(
    server: Server, languages: tuple, batches: list
) -> None:
    with server.lock:
        server.answers = {
            "/languages": [(*languages[0], languages[1])],
            "/translate": [(*answer, body) for answer, body in batches],
        }
    engine = LibreTranslateEngine(
        server.url, "en", "fr", batch_size=2, in_flight=1, timeout=10, retries=1, retry_wait=0
    )
    try:
        result = within(lambda: engine.translate(TEXTS))
    except AlertI18nError as exc:
        assert "\n" not in exc.format_message()
        return
    assert len(result) == len(TEXTS) and all(isinstance(text, str) for text in result)
