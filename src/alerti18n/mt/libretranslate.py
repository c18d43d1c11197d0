"""A LibreTranslate server as the engine: for teams that share one MT service.

Used only when the user named a server (``mt.engine = "libretranslate"`` and
``mt.url``, or ``pretranslate --engine libretranslate --url …``): this is
the one path, besides ``models install --from-index``, that sends anything
over the network, and it sends the protected sentences to that server only.
The API key is read from the environment variable ``mt.api-key-env`` names;
it is never written anywhere.

Sentences go in batches (``q`` as a list, ``mt.batch-size`` per request),
``mt.in-flight`` requests at a time. A 429 or 5xx answer, a timeout or a
dropped connection is retried ``mt.retries`` times, waiting ``Retry-After``
or ``mt.retry-wait`` × 2^attempt. Each request has ``mt.timeout`` seconds in all
(connecting, sending and the whole answer, so a server that trickles bytes is
cut off; see :mod:`alerti18n.mt.bounded`), and an answer may hold at most
16 MiB (an error answer, 64 KiB). What cannot be fixed by waiting is told
apart from what can:

- the server cannot be reached at all, refuses the key or the request
  (400/401/403) before anything was translated: :class:`ServerRefused`, exit 2;
- the server fails part-way (retries used up, connection lost):
  :class:`~alerti18n.mt.engine.EngineFailure`, exit 1, carrying what was done;
- the server does not offer the pair: :class:`~alerti18n.mt.engine.MissingPackageError`.
"""

from __future__ import annotations

import functools
import http.client
import ipaddress
import json
import logging
import os
import sys
import threading
import urllib.error
import urllib.request
from collections.abc import Collection, Sequence
from concurrent.futures import CancelledError, Future, ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import urlsplit

from alerti18n import __version__
from alerti18n.core.errors import ConfigError, ModelError
from alerti18n.mt import bounded
from alerti18n.mt.engine import (
    Draft,
    EngineFailure,
    EngineOptions,
    EngineType,
    MissingPackageError,
    Progress,
    register,
    setting,
)

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

log = logging.getLogger(__name__)

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
MAX_RETRY_AFTER = 60.0
#: The most an answer may hold; a batch of 32 long sentences is well under 1 MiB.
MAX_ANSWER_BYTES = 16 << 20
#: The most of an error answer that is read for its message.
MAX_ERROR_BYTES = 64 << 10


@dataclass(frozen=True)
class LibreTranslateOptions(EngineOptions):
    """The server and how to talk to it (``[tool.alerti18n.mt]``, or pretranslate's options)."""

    engine: ClassVar[str] = "libretranslate"
    url: str | None = setting(None, str, "LibreTranslate server (implies --engine libretranslate).")
    api_key_env: str | None = setting(None, str)
    in_flight: int = setting(2, int, "LibreTranslate requests at a time.", minimum=1)
    timeout: float = setting(60.0, float, "Seconds per request.", positive=True)
    retries: int = setting(4, int)
    retry_wait: float = setting(1.0, float)

    def validate(self, config_file: Path | None = None) -> None:
        super().validate(config_file)
        if not self.url:
            raise ConfigError(
                "the libretranslate engine needs the server's address",
                config_file,
                hint='set mt.url = "https://…" or pass --url',
            )


class ServerRefused(ModelError):
    """The server cannot be reached, or refuses the key or the request: exit code 2."""


class _Retryable(Exception):
    """A failure that waiting may cure (429/5xx, timeout, lost connection)."""

    def __init__(
        self, reason: str, retry_after: float | None = None, unreachable: bool = False
    ) -> None:
        super().__init__(reason)
        self.reason = reason
        self.retry_after = retry_after
        self.unreachable = unreachable


class _BadAnswer(Exception):
    """The answer is not JSON, or too large: not a LibreTranslate server, or a broken one."""

    def __init__(self, path: str, what: str) -> None:
        super().__init__(f"answered {path} with {what}")
        self.path = path
        self.what = what


class _Refused(Exception):
    """A 4xx answer other than 429: waiting will not help."""

    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason


class LibreTranslateEngine:
    """One language pair on one LibreTranslate server."""

    engine = "libretranslate"

    def __init__(
        self,
        url: str,
        source: str,
        target: str,
        *,
        api_key: str | None = None,
        batch_size: int = 32,
        in_flight: int = 2,
        timeout: float = 60.0,
        retries: int = 4,
        retry_wait: float = 1.0,
    ) -> None:
        self.base, host = _check_url(url)
        self.source, self.target = source, target
        #: the server's codes for the pair, known once /languages answered (see check)
        self.server_source, self.server_target = source, target
        self.api_key = api_key
        self.batch_size, self.in_flight = batch_size, in_flight
        self.timeout, self.retries, self.retry_wait = timeout, retries, retry_wait
        self.package = host
        self.version = f"{source}-{target}"
        self.requests = 0
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._pair_checked = False
        self._opener = bounded.opener(direct=_is_loopback(host))  # no redirect followed
        if urlsplit(self.base).scheme == "http" and not _is_loopback(host):
            log.warning("%s: texts go to this server unencrypted; use https", host)

    @classmethod
    def from_options(
        cls, source: str, target: str, options: LibreTranslateOptions
    ) -> LibreTranslateEngine:
        """The engine ``[tool.alerti18n.mt]`` and the command line describe."""
        api_key = None
        if options.api_key_env:
            api_key = os.environ.get(options.api_key_env, "")
            if not api_key:
                raise ConfigError(
                    f"mt.api-key-env names ${options.api_key_env}, which is not set",
                    hint=f"export {options.api_key_env}=YOUR-KEY before running",
                )
        return cls(
            str(options.url),
            source,
            target,
            api_key=api_key,
            batch_size=options.batch_size,
            in_flight=options.in_flight,
            timeout=options.timeout,
            retries=options.retries,
            retry_wait=options.retry_wait,
        )

    @property
    def calls(self) -> int:
        return self.requests

    @property
    def key(self) -> str:
        return f"{self.engine} {self.base} {self.source}-{self.target}"

    def translate(self, texts: Sequence[str], progress: Progress | None = None) -> list[Draft]:
        """Translate ``texts`` in order; see the module docstring for the failures.

        LibreTranslate gives no score: every draft's confidence is None ("no score").
        """
        if not texts:
            return []
        self.check()
        self._stop.clear()
        size = self.batch_size
        chunks = [list(range(i, min(i + size, len(texts)))) for i in range(0, len(texts), size)]
        done: dict[int, Draft] = {}
        with ThreadPoolExecutor(max_workers=self.in_flight) as pool:
            futures: dict[Future[list[str]], list[int]] = {
                pool.submit(self._translate_chunk, [texts[i] for i in chunk]): chunk
                for chunk in chunks
            }
            failure: BaseException | None = None
            for future in as_completed(futures):
                try:
                    outputs = future.result()
                except (_Retryable, _Refused, _BadAnswer, EngineFailure) as exc:
                    if failure is None:
                        failure = exc
                        self._stop.set()
                        for other in futures:
                            other.cancel()
                    continue
                except CancelledError:
                    continue
                done.update(zip(futures[future], map(Draft, outputs), strict=True))
                if progress:
                    progress(len(outputs))
        if failure is not None:
            raise self._failure(failure, done, len(texts))
        return [done[i] for i in range(len(texts))]

    def _failure(self, exc: BaseException, done: dict[int, Draft], total: int) -> ModelError:
        where = f"{self.package} ({self.source}->{self.target})"
        if isinstance(exc, _Refused):
            message = f"{where} refused the request: HTTP {exc.status}: {exc.reason}"
            hint = _refusal_hint(exc.status, exc.reason, self.api_key is not None)
            if not done:
                return ServerRefused(message, hint=hint)
            return EngineFailure(f"{message}, after {len(done)} of {total} sentences", done=done)
        if isinstance(exc, EngineFailure):
            return EngineFailure(exc.message, done=done)
        if isinstance(exc, _BadAnswer):
            return EngineFailure(f"{self.package} {exc}", done=done)
        assert isinstance(exc, _Retryable)
        return EngineFailure(
            f"{where} failed after {self.retries} retries: {exc.reason}; "
            f"{len(done)} of {total} sentences translated",
            done=done,
        )

    def check(self) -> None:
        """Ask ``/languages`` once whether the server offers the pair.

        A refused connection here means a wrong address (exit 2) and is not
        retried; a slow or overloaded server is retried like any request.
        """
        if self._pair_checked:
            return
        hint = "check mt.url: it is the server's address, without /translate"
        try:
            answer = self._with_retries("GET", "/languages", None, first_contact=True)
        except _BadAnswer as exc:
            raise ServerRefused(
                f"{self.base} did not answer /languages like a LibreTranslate server: "
                f"it sent {exc.what}",
                hint=hint,
            ) from None
        except _Retryable as exc:
            if exc.unreachable:
                raise ServerRefused(
                    f"cannot reach LibreTranslate at {self.base}: {exc.reason}",
                    hint="check mt.url or --url, and that the server is running",
                ) from None
            raise EngineFailure(
                f"{self.package} failed after {self.retries} retries: {exc.reason}; "
                "nothing translated",
                hint="try again later, or raise mt.timeout",
            ) from None
        except _Refused as exc:
            raise ServerRefused(
                f"{self.package} refused /languages: HTTP {exc.status}: {exc.reason}",
                hint=_refusal_hint(exc.status, exc.reason, self.api_key is not None),
            ) from None
        offers = _pairs(answer)
        if offers is None:
            raise ServerRefused(
                f"{self.base} did not answer /languages like a LibreTranslate server", hint=hint
            )
        source = _offered(self.source, offers)
        target = _offered(self.target, offers.get(source, set()) if source else set())
        if source is None or target is None:
            pairs = sorted(f"{s}->{t}" for s, targets in offers.items() for t in targets if s != t)
            raise MissingPackageError(
                f"{self.package} does not translate {self.source}->{self.target}",
                hint="it offers " + (", ".join(pairs) or "no pair"),
            )
        self.server_source, self.server_target = source, target
        self._pair_checked = True

    def _translate_chunk(self, texts: list[str]) -> list[str]:
        payload: dict[str, Any] = {
            "q": texts,
            "source": self.server_source,
            "target": self.server_target,
            "format": "text",
        }
        if self.api_key:
            payload["api_key"] = self.api_key
        answer = self._with_retries("POST", "/translate", payload)
        translated = answer.get("translatedText") if isinstance(answer, dict) else None
        if not isinstance(translated, list) or len(translated) != len(texts):
            raise EngineFailure(
                f"{self.package} answered /translate with something other than "
                f"{len(texts)} translations"
            )
        if not all(isinstance(t, str) for t in translated):
            raise EngineFailure(f"{self.package} answered /translate with non-text results")
        return translated

    def _with_retries(
        self, method: str, path: str, payload: dict[str, Any] | None, first_contact: bool = False
    ) -> Any:
        attempt = 0
        while True:
            try:
                return self._request(method, path, payload)
            except _Retryable as exc:
                if attempt >= self.retries or self._stop.is_set():
                    raise
                if first_contact and exc.unreachable:
                    raise
                wait = exc.retry_after
                if wait is None:
                    wait = self.retry_wait * 2**attempt
                attempt += 1
                log.info("%s: %s; retry %d in %.1f s", self.package, exc.reason, attempt, wait)
                if self._stop.wait(min(wait, MAX_RETRY_AFTER)):
                    raise

    def _request(self, method: str, path: str, payload: dict[str, Any] | None) -> Any:
        """One request within ``timeout`` seconds overall; its answer as JSON."""
        data = None if payload is None else json.dumps(payload).encode("utf-8")
        with self._lock:
            self.requests += 1
        with bounded.Deadline(self.timeout) as deadline:
            request = bounded.BoundedRequest(
                self.base + path,
                deadline,
                data=data,
                method=method,
                headers={
                    "Content-Type": "application/json",
                    "Accept": "application/json",
                    "User-Agent": f"alerti18n/{__version__}",
                },
            )
            try:
                body = self._exchange(request, path)
            except (_Retryable, _Refused, _BadAnswer):
                if deadline.expired:  # what was read was cut off by the deadline
                    raise self._timed_out() from None
                raise
            except (OSError, http.client.HTTPException) as exc:
                reason = exc.reason if isinstance(exc, urllib.error.URLError) else exc
                if deadline.expired or isinstance(reason, TimeoutError):
                    raise self._timed_out() from None
                raise _Retryable(f"connection failed: {reason}", unreachable=True) from None
            if deadline.expired:
                raise self._timed_out()
        try:
            return json.loads(body)
        except (ValueError, RecursionError):  # RecursionError: nested deeper than Python goes
            raise _BadAnswer(path, "something else than JSON") from None

    def _exchange(self, request: urllib.request.Request, path: str) -> bytes:
        """The body of a 2xx answer; an error status or a body over the limit raised."""
        try:
            with self._opener.open(request, timeout=self.timeout) as response:
                return bounded.read_capped(response, MAX_ANSWER_BYTES, response.headers)
        except urllib.error.HTTPError as exc:
            text = _error_text(exc)
            if exc.code in RETRY_STATUSES:
                raise _Retryable(f"HTTP {exc.code}: {text}", _retry_after(exc)) from None
            raise _Refused(exc.code, text) from None
        except bounded.TooLarge as exc:
            raise _BadAnswer(path, str(exc)) from None
        except bounded.CutShort:
            raise _Retryable("the answer was cut short") from None

    def _timed_out(self) -> _Retryable:
        return _Retryable(f"no answer within {self.timeout:g} s")


def _check_url(url: str) -> tuple[str, str]:
    """``url`` without a trailing slash, and its host[:port]; refuse what is not a server URL."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ConfigError(
            f"'{url}' is not an http(s) address",
            hint='mt.url = "https://translate.example.org"',
        )
    try:
        _ = parts.port  # urlsplit checks the port only when asked
    except ValueError:
        raise ConfigError(f"'{url}' has an invalid port", hint="a port is 1 to 65535") from None
    if parts.username or parts.password:
        raise ConfigError(
            "mt.url must not carry credentials",
            hint="put the API key in the variable mt.api-key-env names",
        )
    if parts.query or parts.fragment:
        raise ConfigError(f"'{url}' has a query or fragment", hint="give the server's address")
    base = f"{parts.scheme}://{parts.netloc}{parts.path.rstrip('/')}"
    return base, parts.netloc


def _is_loopback(host: str) -> bool:
    name = urlsplit(f"//{host}").hostname or ""
    if name == "localhost":
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


@functools.lru_cache(maxsize=1)
def _codes() -> dict[str, list[str]]:
    text = resources.files("alerti18n.mt").joinpath("data/libretranslate.toml").read_text("utf-8")
    return dict(tomllib.loads(text)["codes"])


def server_codes(lang: str) -> list[str]:
    """The codes a LibreTranslate server may know project language ``lang`` by, in order of
    preference (``data/libretranslate.toml``)."""
    key = lang.lower().replace("_", "-")
    if key in _codes():
        return list(_codes()[key])
    parts = key.split("-")
    scripted = any(len(part) == 4 and part.isalpha() for part in parts[1:])
    base = [] if scripted else [parts[0]]  # sr-Latn is not sr: no fallback across scripts
    return list(dict.fromkeys([lang, *base]))


def _offered(lang: str, offers: Collection[str]) -> str | None:
    """The server's own spelling of the first of :func:`server_codes` it offers, if any."""
    spelled = {code.lower(): code for code in offers}
    return next((spelled[c.lower()] for c in server_codes(lang) if c.lower() in spelled), None)


def _pairs(answer: Any) -> dict[str, set[str]] | None:
    """``/languages`` as {source: {targets}}, or None if it is not that list."""
    if not isinstance(answer, list):
        return None
    pairs: dict[str, set[str]] = {}
    for item in answer:
        if not isinstance(item, dict) or not isinstance(item.get("code"), str):
            return None
        targets = item.get("targets", [])
        if not isinstance(targets, list):
            return None
        pairs[item["code"]] = {t for t in targets if isinstance(t, str)}
    return pairs


def _error_text(exc: urllib.error.HTTPError) -> str:
    """The server's ``{"error": …}`` text (from at most 64 KiB), else the HTTP reason."""
    try:
        body = json.loads(bounded.read_capped(exc, MAX_ERROR_BYTES, exc.headers) or b"null")
    except (ValueError, RecursionError, OSError, http.client.HTTPException, bounded.TooLarge):
        body = None  # CutShort is a ValueError
    if isinstance(body, dict) and isinstance(body.get("error"), str):
        return " ".join(body["error"].split())[:300]
    return str(exc.reason)


def _retry_after(exc: urllib.error.HTTPError) -> float | None:
    value = exc.headers.get("Retry-After") if exc.headers else None
    try:
        return max(0.0, min(float(value), MAX_RETRY_AFTER)) if value else None
    except ValueError:
        return None


def _refusal_hint(status: int, reason: str, has_key: bool) -> str:
    if 300 <= status < 400:
        return "the server sends requests elsewhere: put the address it names in mt.url"
    if status in (404, 405):
        return "check mt.url or --url: it is the server's address, without /translate"
    if status in (401, 403) or "key" in reason.casefold():
        if has_key:
            return "check the API key in the variable mt.api-key-env names"
        return "the server needs an API key: put it in a variable and name it in mt.api-key-env"
    return "check the languages and mt.batch-size against the server's limits"


__all__ = ["LibreTranslateEngine", "LibreTranslateOptions", "ServerRefused", "server_codes"]


register(
    EngineType(
        "libretranslate",
        "the server --url names",
        LibreTranslateOptions,
        LibreTranslateEngine.from_options,
        chosen_by="url",
    )
)
