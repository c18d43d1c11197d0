"""HTTP requests bounded in time and in size, for the two paths that use the network.

A socket timeout bounds each read, not a request: a server that sends one
byte a second is never timed out by it. Here a :class:`Deadline` covers the
whole request (connecting, sending, the headers and the whole body): when it
passes, the request's socket is shut down, which ends a read blocked on it at
once, and the caller sees :attr:`Deadline.expired`. :func:`read_capped` reads
a body up to a limit and refuses what is larger (a declared Content-Length
over the limit before reading anything), so an endless or huge answer is an
error, never a MemoryError. Redirects are never followed: requests go to the
address the user named, or nowhere.

The name lookup (DNS) is not covered: the system resolver's own timeouts bound it.
"""

from __future__ import annotations

import contextlib
import functools
import http.client
import socket
import threading
import urllib.request
from typing import Any, BinaryIO, Protocol


class TooLarge(Exception):
    """A body over the limit :func:`read_capped` was given."""

    def __init__(self, limit: int) -> None:
        super().__init__(f"more than {describe_size(limit)}")
        self.limit = limit


class CutShort(ValueError):
    """A body shorter than the Content-Length it was sent with."""


def describe_size(size: int) -> str:
    """``size`` bytes for a message: ``16 MiB``, ``64 KiB``, ``300 bytes``."""
    for unit, scale in (("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)):
        if size >= scale and size % scale == 0:
            return f"{size // scale} {unit}"
    return f"{size} bytes"


class Deadline:
    """The time a whole request may take; use it as a context manager around the request.

    Sockets opened through :func:`opener` for a :class:`BoundedRequest` are watched: the
    moment the deadline passes, they are shut down. After the ``with`` block nothing is
    shut down any more, so a deadline that passes just as the answer is complete changes
    nothing.
    """

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.expired = False
        self._done = False
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True

    def __enter__(self) -> Deadline:
        self._timer.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._timer.cancel()
        with self._lock:
            self._done = True
            self._sockets.clear()

    def watch(self, sock: socket.socket) -> None:
        """Shut ``sock`` down when the deadline passes (at once if it has passed)."""
        with self._lock:
            if self._done:
                return
            self._sockets.append(sock)
            if self.expired:
                _shut(sock)

    def _expire(self) -> None:
        with self._lock:
            if self._done:
                return
            self.expired = True
            for sock in self._sockets:
                _shut(sock)


def _shut(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):  # already closed, or never connected
        sock.shutdown(socket.SHUT_RDWR)


class BoundedRequest(urllib.request.Request):
    """A request whose connection :class:`Deadline` ``deadline`` watches."""

    def __init__(self, url: str, deadline: Deadline, **kwargs: Any) -> None:
        super().__init__(url, **kwargs)
        self.deadline = deadline


class _WatchedHTTP(http.client.HTTPConnection):
    def __init__(self, *args: Any, deadline: Deadline, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._deadline = deadline

    def connect(self) -> None:
        super().connect()  # bounded by the socket timeout (a TLS handshake as a whole, too)
        self._deadline.watch(self.sock)


class _WatchedHTTPS(_WatchedHTTP, http.client.HTTPSConnection):
    pass


def _connection(plain: type, watched: type, req: urllib.request.Request) -> Any:
    deadline = getattr(req, "deadline", None)
    return plain if deadline is None else functools.partial(watched, deadline=deadline)


class _HTTPHandler(urllib.request.HTTPHandler):
    def do_open(self, http_class: Any, req: urllib.request.Request, **kwargs: Any) -> Any:
        return super().do_open(_connection(http_class, _WatchedHTTP, req), req, **kwargs)


class _HTTPSHandler(urllib.request.HTTPSHandler):
    def do_open(self, http_class: Any, req: urllib.request.Request, **kwargs: Any) -> Any:
        return super().do_open(_connection(http_class, _WatchedHTTPS, req), req, **kwargs)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """Follow no redirect: a 3xx answer is an HTTPError the caller reports."""

    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


def opener(direct: bool = False, redirects: bool = False) -> urllib.request.OpenerDirector:
    """An opener for :class:`BoundedRequest`; ``direct`` bypasses any proxy (for loopback).

    With ``redirects``, urllib's own rules apply (to http, https or ftp only); without, a
    3xx answer is an HTTPError.
    """
    handlers: list[Any] = [_HTTPHandler(), _HTTPSHandler()]
    if not redirects:
        handlers.append(_NoRedirect())
    if direct:
        handlers.append(urllib.request.ProxyHandler({}))
    return urllib.request.build_opener(*handlers)


class Readable(Protocol):
    def read(self, amt: int, /) -> bytes: ...


def read_capped(
    response: Readable, limit: int, headers: Any = None, into: BinaryIO | None = None
) -> bytes:
    """The whole body of ``response``, or :class:`TooLarge` once it passes ``limit`` bytes.

    With ``into``, the body is written there as it comes, and nothing returned.
    A Content-Length over the limit (in ``headers``) is refused before anything is read; a
    body that ends before its Content-Length is :class:`CutShort`, even if it looks whole.
    """
    declared = (headers.get("Content-Length") or "").strip() if headers is not None else ""
    if declared.isdigit() and int(declared) > limit:
        raise TooLarge(limit)
    chunks: list[bytes] = []
    size = 0
    while chunk := response.read(1 << 16):
        size += len(chunk)
        if size > limit:
            raise TooLarge(limit)
        if into is not None:
            into.write(chunk)
        else:
            chunks.append(chunk)
    if declared.isdigit() and size < int(declared):
        raise CutShort(f"{size} of {declared} bytes")
    return b"".join(chunks)


__all__ = [
    "BoundedRequest",
    "CutShort",
    "Deadline",
    "TooLarge",
    "describe_size",
    "opener",
    "read_capped",
]
