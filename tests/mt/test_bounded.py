"""HTTP bounded in time and size (alerti18n.mt.bounded), against real sockets on 127.0.0.1.

Each server is a thread that answers one connection with raw bytes, as a broken or hostile
server would; the request runs in a thread too, joined with a generous limit, so a missing
deadline fails the test instead of hanging it.
"""

from __future__ import annotations

import contextlib
import io
import socket
import threading
import time
import urllib.error
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from alerti18n.mt import bounded

Script = Callable[[socket.socket], None]


@pytest.fixture
def serve() -> Iterator[Callable[[Script], str]]:
    """Start a one-connection server running ``script`` on the accepted socket; its URL."""
    listeners: list[socket.socket] = []

    def start(script: Script) -> str:
        listener = socket.create_server(("127.0.0.1", 0))
        listeners.append(listener)

        def run() -> None:
            conn, _ = listener.accept()
            with conn:
                conn.recv(65536)  # the request
                with contextlib.suppress(OSError):  # the client went away, as it may
                    script(conn)

        threading.Thread(target=run, daemon=True).start()
        return f"http://127.0.0.1:{listener.getsockname()[1]}/x"

    yield start
    for listener in listeners:
        listener.close()


def fetch(url: str, seconds: float, limit: int = 1 << 20, **opts: Any) -> tuple[Any, bool]:
    """GET ``url`` as the two networked paths do; (body or the exception, deadline expired)."""
    box: dict[str, Any] = {}

    def work() -> None:
        with bounded.Deadline(seconds) as deadline:
            box["deadline"] = deadline
            request = bounded.BoundedRequest(url, deadline)
            try:
                with bounded.opener(direct=True, **opts).open(request, timeout=seconds) as answer:
                    box["result"] = bounded.read_capped(answer, limit, answer.headers)
            except Exception as exc:  # noqa: BLE001 - what the caller asserts on
                box["result"] = exc

    thread = threading.Thread(target=work, daemon=True)
    thread.start()
    thread.join(60)
    assert not thread.is_alive(), "the request outlived its deadline"
    return box["result"], box["deadline"].expired


def head(length: int | None = None, status: str = "200 OK", extra: str = "") -> bytes:
    size = f"Content-Length: {length}\r\n" if length is not None else ""
    return f"HTTP/1.1 {status}\r\n{size}{extra}Connection: close\r\n\r\n".encode()


def trickle(data: bytes, every: float = 0.05, at_once: bytes = b"") -> Script:
    def script(conn: socket.socket) -> None:
        conn.sendall(at_once)
        for i in range(len(data)):
            conn.sendall(data[i : i + 1])
            time.sleep(every)

    return script


def test_read_capped_reads_up_to_the_limit_into_memory_or_a_file() -> None:
    assert bounded.read_capped(io.BytesIO(b"x" * 100), 100) == b"x" * 100
    with pytest.raises(bounded.TooLarge):
        bounded.read_capped(io.BytesIO(b"x" * 101), 100)
    out = io.BytesIO()
    assert bounded.read_capped(io.BytesIO(b"y" * 100), 100, {"Content-Length": "100"}, out) == b""
    assert out.getvalue() == b"y" * 100


def test_a_trickled_body_is_cut_off_at_the_deadline(serve: Callable[[Script], str]) -> None:
    """Every byte comes well within the socket timeout; only the deadline ends it."""
    url = serve(trickle(b" " * 400, at_once=head(400)))
    result, expired = fetch(url, 0.5)
    assert expired
    assert isinstance(result, bytes | bounded.CutShort)  # what was read when it was cut


def test_trickled_headers_are_cut_off_at_the_deadline(serve: Callable[[Script], str]) -> None:
    url = serve(trickle(head(2) + b"{}"))
    result, expired = fetch(url, 0.5)
    assert expired and result != b"{}"


def test_an_answer_in_time_is_not_marked_expired(serve: Callable[[Script], str]) -> None:
    url = serve(lambda conn: conn.sendall(head(2) + b"{}"))
    assert fetch(url, 30) == (b"{}", False)


def test_a_declared_length_over_the_limit_is_refused_before_reading(
    serve: Callable[[Script], str],
) -> None:
    def script(conn: socket.socket) -> None:
        conn.sendall(head(10**13))
        conn.recv(1)  # holds the connection: the client must not wait for the body

    result, expired = fetch(serve(script), 30, limit=1000)
    assert isinstance(result, bounded.TooLarge) and str(result) == "more than 1000 bytes"
    assert not expired


def test_an_endless_body_is_refused_at_the_limit(serve: Callable[[Script], str]) -> None:
    def script(conn: socket.socket) -> None:
        conn.sendall(head())
        for _ in range(1 << 14):
            conn.sendall(b" " * 4096)

    result, expired = fetch(serve(script), 30, limit=1 << 20)
    assert isinstance(result, bounded.TooLarge) and str(result) == "more than 1 MiB"
    assert not expired


def test_a_body_shorter_than_its_length_is_cut_short_even_if_it_looks_whole(
    serve: Callable[[Script], str],
) -> None:
    url = serve(lambda conn: conn.sendall(head(1002) + b"{}"))
    result, _ = fetch(url, 30)
    assert isinstance(result, bounded.CutShort) and str(result) == "2 of 1002 bytes"


def test_redirects_are_refused_unless_asked_for(serve: Callable[[Script], str]) -> None:
    target = serve(lambda conn: conn.sendall(head(2) + b"ok"))
    moved = head(0, "301 Moved Permanently", f"Location: {target}\r\n")
    result, _ = fetch(serve(lambda conn: conn.sendall(moved)), 30)
    assert isinstance(result, urllib.error.HTTPError) and result.code == 301
    result, _ = fetch(serve(lambda conn: conn.sendall(moved)), 30, redirects=True)
    assert result == b"ok"


def test_sizes_are_described_in_the_largest_whole_unit() -> None:
    sizes = [16 << 20, 64 << 10, 1 << 30, 1000, (1 << 20) + 1]
    assert [bounded.describe_size(s) for s in sizes] == [
        "16 MiB",
        "64 KiB",
        "1 GiB",
        "1000 bytes",
        "1048577 bytes",
    ]
