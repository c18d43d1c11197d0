"""A fault-injecting HTTP proxy on 127.0.0.1, in front of a real server (LibreTranslate).

:class:`FaultProxy` forwards every request to ``upstream`` and, on demand, delays, refuses or
drops requests, or answers like a hostile or broken server would (see :data:`MISBEHAVIOURS`):
trickling bytes, sending a body that never ends, declaring a length it does not keep, a gzip
bomb the client never asked for, JSON nested a million deep. The misbehaving answers are built
from the upstream's real answer where they carry one, so everything but the fault is real.
"""

from __future__ import annotations

import contextlib
import functools
import gzip
import http.client
import http.server
import json
import socket
import threading
import urllib.parse
from typing import Any

HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "te", "trailer", "upgrade"}

#: What ``FaultProxy(misbehave=...)`` does to an answer:
#:
#: ``trickle``
#:     the real answer after 10,000 spaces (still valid JSON), one byte per ``interval``,
#:     with its true Content-Length: only a deadline on the whole answer ends it;
#: ``trickle-headers``
#:     the status line and headers one byte per ``interval``;
#: ``endless``
#:     200, no length, then spaces as fast as the client takes them (up to 1 GiB);
#: ``huge-length``
#:     Content-Length: 10**13, the real answer, then the connection held open;
#: ``short-body``
#:     a Content-Length 1000 bytes longer than the real answer, then the connection held open;
#: ``short-body-close``
#:     the same, then the connection closed;
#: ``long-body``
#:     a Content-Length of half the real answer, then all of it;
#: ``gzip-bomb``
#:     ``Content-Encoding: gzip`` (never asked for) over 64 MiB of spaces, about 64 KiB sent;
#: ``deep-json``
#:     ``[`` a million times: small, and deeper than any recursive parser goes.
MISBEHAVIOURS = (
    "trickle",
    "trickle-headers",
    "endless",
    "huge-length",
    "short-body",
    "short-body-close",
    "long-body",
    "gzip-bomb",
    "deep-json",
)
TRICKLE_PAD = 10_000
ENDLESS_LIMIT = 1 << 30


@functools.cache
def gzip_bomb() -> bytes:
    """64 MiB of spaces, gzipped (made once, about 64 KiB)."""
    return gzip.compress(b" " * (64 << 20), compresslevel=9)


class FaultProxy:
    """A threaded HTTP proxy on 127.0.0.1 in front of ``upstream`` that injects faults.

    Faults, checked in this order for each request (change them between requests at will):
    ``drop_first`` requests get their connection closed with no answer; the next
    ``fail_first`` get ``status`` with a JSON ``{"error": error}`` body (and ``Retry-After``
    when ``retry_after`` is set) without reaching the server; every answer, forwarded or not,
    waits ``delay`` seconds first. A request for a path in ``paths`` (every path when it is
    empty) gets the upstream's answer spoiled as ``misbehave`` says (one of
    :data:`MISBEHAVIOURS`), bytes trickling every ``interval`` seconds. ``seen`` counts
    requests received, ``forwarded`` those passed on, ``spoiled`` those misbehaved on. Use it
    as a context manager, or call :meth:`close`.
    """

    def __init__(
        self,
        upstream: str,
        *,
        delay: float = 0.0,
        fail_first: int = 0,
        status: int = 503,
        retry_after: str | None = None,
        error: str | None = None,
        drop_first: int = 0,
        misbehave: str | None = None,
        paths: tuple[str, ...] = (),
        interval: float = 0.2,
    ) -> None:
        if misbehave is not None and misbehave not in MISBEHAVIOURS:
            raise ValueError(f"unknown misbehaviour {misbehave!r}; one of {MISBEHAVIOURS}")
        if misbehave == "gzip-bomb":
            gzip_bomb()  # made now, not while a client waits
        parsed = urllib.parse.urlsplit(upstream)
        self.upstream_host = parsed.hostname or "127.0.0.1"
        self.upstream_port = parsed.port or 80
        self.delay = delay
        self.fail_first = fail_first
        self.status = status
        self.retry_after = retry_after
        self.error = error
        self.drop_first = drop_first
        self.misbehave = misbehave
        self.paths = paths
        self.interval = interval
        self.seen = 0
        self.forwarded = 0
        self.spoiled = 0
        self._lock = threading.Lock()
        self._closing = threading.Event()
        self._server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        self._server.daemon_threads = True
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()

    @property
    def url(self) -> str:
        """The proxy's base URL (http://127.0.0.1:PORT)."""
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def close(self) -> None:
        """Stop serving; requests still waiting out a delay or trickling are cut short."""
        self._closing.set()
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> FaultProxy:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _fault(self, path: str) -> str:
        """Count the request; which fault it gets: 'drop', 'fail', 'spoil' or 'forward'."""
        with self._lock:
            self.seen += 1
            if self.drop_first > 0:
                self.drop_first -= 1
                return "drop"
            if self.fail_first > 0:
                self.fail_first -= 1
                return "fail"
            self.forwarded += 1
            chosen = not self.paths or urllib.parse.urlsplit(path).path in self.paths
            if self.misbehave and chosen:
                self.spoiled += 1
                return "spoil"
            return "forward"

    def _handler_class(self) -> type[http.server.BaseHTTPRequestHandler]:
        proxy = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - quiet
                pass

            def _handle(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                fault = proxy._fault(self.path)
                if fault == "drop":
                    self.close_connection = True
                    self.connection.shutdown(socket.SHUT_RDWR)
                    return
                if proxy.delay and proxy._closing.wait(proxy.delay):
                    return
                if fault == "fail":
                    reason = proxy.error or f"{http.HTTPStatus(proxy.status).phrase} (injected)"
                    data = json.dumps({"error": reason}).encode()
                    self.send_response(proxy.status)
                    if proxy.retry_after is not None:
                        self.send_header("Retry-After", proxy.retry_after)
                    self._reply(data, "application/json")
                    return
                status, headers, data = self._upstream(body)
                if fault == "spoil":
                    self.close_connection = True
                    with contextlib.suppress(OSError):  # the client gave up: what deadlines do
                        self._spoil(status, data)
                    return
                self.send_response(status)
                for name, value in headers:
                    if name.lower() not in HOP_BY_HOP | {"content-length", "date", "server"}:
                        self.send_header(name, value)
                self._reply(data, None)

            def _upstream(self, body: bytes) -> tuple[int, list[tuple[str, str]], bytes]:
                conn = http.client.HTTPConnection(
                    proxy.upstream_host, proxy.upstream_port, timeout=300
                )
                try:
                    headers = {k: v for k, v in self.headers.items() if k.lower() not in HOP_BY_HOP}
                    conn.request(self.command, self.path, body=body or None, headers=headers)
                    answer = conn.getresponse()
                    return answer.status, answer.getheaders(), answer.read()
                finally:
                    conn.close()

            def _reply(self, data: bytes, content_type: str | None) -> None:
                if content_type:
                    self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def _head(self, status: int, length: int | None, extra: dict[str, str]) -> bytes:
                lines = [f"HTTP/1.1 {status} {http.HTTPStatus(status).phrase}"]
                lines.append("Content-Type: application/json")
                if length is not None:
                    lines.append(f"Content-Length: {length}")
                lines += [f"{k}: {v}" for k, v in extra.items()]
                return ("\r\n".join(lines) + "\r\nConnection: close\r\n\r\n").encode()

            def _slowly(self, data: bytes) -> None:
                for i in range(len(data)):
                    if proxy._closing.wait(proxy.interval):
                        return
                    self.wfile.write(data[i : i + 1])

            def _hold(self) -> None:
                """Keep the connection open, sending nothing, until the client or proxy goes."""
                self.connection.settimeout(proxy.interval)
                while not proxy._closing.is_set():
                    try:
                        if not self.connection.recv(1):
                            return
                    except TimeoutError:
                        continue

            def _spoil(self, status: int, data: bytes) -> None:
                kind, write = proxy.misbehave, self.wfile.write
                if kind == "trickle":
                    padded = b" " * TRICKLE_PAD + data
                    write(self._head(status, len(padded), {}))
                    self._slowly(padded)
                elif kind == "trickle-headers":
                    self._slowly(self._head(status, len(data), {}) + data)
                elif kind == "endless":
                    write(self._head(status, None, {}))
                    block = b" " * (1 << 16)
                    for _ in range(ENDLESS_LIMIT // len(block)):
                        if proxy._closing.is_set():
                            return
                        write(block)
                elif kind in ("huge-length", "short-body", "short-body-close"):
                    length = 10**13 if kind == "huge-length" else len(data) + 1000
                    write(self._head(status, length, {}) + data)
                    if kind != "short-body-close":
                        self._hold()
                elif kind == "long-body":
                    write(self._head(status, len(data) // 2, {}) + data)
                elif kind == "gzip-bomb":
                    bomb = gzip_bomb()
                    write(self._head(status, len(bomb), {"Content-Encoding": "gzip"}) + bomb)
                elif kind == "deep-json":
                    deep = b"[" * 1_000_000
                    write(self._head(status, len(deep), {}) + deep)

            do_GET = do_POST = do_PUT = do_DELETE = _handle

        return Handler
