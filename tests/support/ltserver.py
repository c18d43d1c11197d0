"""A real LibreTranslate server on 127.0.0.1 for the tests, offline, and a fault-injecting proxy.

:func:`start_libretranslate` runs the ``libretranslate`` console script of
``.venv-libretranslate`` (``make test`` builds it from ``requirements-libretranslate.lock``;
its pins conflict with ours, so it has a venv of its own) with everything it reads or writes
inside ``workdir``:

* the given ``.argosmodel`` files are installed (``alerti18n.mt.packages.install_file``) into
  ``workdir/packages`` (``ARGOS_PACKAGES_DIR``); ``HOME``, ``XDG_*`` and ``TMPDIR`` point into
  ``workdir`` too, so nothing touches the user's home, and the ``LT_*`` / ``ARGOS_*`` variables
  of the calling environment are not passed on;
* Argos splits every text into sentences with MiniSBD, which downloads an ONNX model at first
  use unless the package has one in ``minisbd/``: each installed package without one gets the
  rule-based model of :mod:`minisbd_factory`;
* LibreTranslate's boot downloads the package index, missing packages and every MiniSBD model
  when fewer than two packages are installed (``libretranslate/init.py``), so two are required;
  ``--update-models`` is never passed, and ``ARGOS_PACKAGE_INDEX`` names a missing local file;
* ``--disable-web-ui --disable-files-translation``: the JSON API only.

With ``api_key=True`` a key is added to the server's own key database with its ``ltmanage
keys add`` command, and the server runs with ``--api-keys --require-api-key-origin`` and an
origin pattern no request matches, so every request needs the key (``api_key`` in the JSON
body or form): a missing key gets 400, a wrong one 403.

The session fixture :func:`libretranslate_server` (registered in ``conftest.py``) starts one
server with an en->fr package that copies its input and a random fr->en package.
:class:`~support.faultproxy.FaultProxy` (in its own module) is a small HTTP server in front of
a real one that injects faults.
"""

from __future__ import annotations

import ctypes
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[2]
LT_VENV = REPO / ".venv-libretranslate"
LIBRETRANSLATE = LT_VENV / "bin" / "libretranslate"
LTMANAGE = LT_VENV / "bin" / "ltmanage"
LT_VERSION = "1.9.6"
#: No request sends an Origin header matching this, so with api_key=True every one needs the key.
NO_ORIGIN = r"^https://no-origin-is-exempt\.invalid$"
#: The per-minute limit of the key that api_key=True creates when no req_limit is given.
KEY_REQ_LIMIT = 100_000


# Small HTTP client helpers -------------------------------------------------------------------


@dataclass(frozen=True)
class Reply:
    """An HTTP answer: status, headers (lower-case names) and the body parsed as JSON if it is."""

    status: int
    headers: dict[str, str]
    body: Any


def call(url: str, payload: dict[str, Any] | None = None, timeout: float = 60.0) -> Reply:
    """GET ``url`` (or POST ``payload`` as JSON); the reply, error statuses included."""
    data = None if payload is None else json.dumps(payload).encode("utf-8")
    request = urllib.request.Request(url, data=data, method="GET" if data is None else "POST")
    if data is not None:
        request.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            status, headers, raw = response.status, response.headers, response.read()
    except urllib.error.HTTPError as err:
        status, headers, raw = err.code, err.headers, err.read()
    try:
        body: Any = json.loads(raw)
    except ValueError:
        body = raw.decode("utf-8", "replace")
    return Reply(status, {k.lower(): v for k, v in headers.items()}, body)


def free_port() -> int:
    """A TCP port of 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


# The server ----------------------------------------------------------------------------------


@dataclass
class LTServer:
    """A running LibreTranslate: its URL, key (or None), process and log."""

    url: str
    api_key: str | None
    process: subprocess.Popen[bytes]
    log: Path
    workdir: Path
    packages_dir: Path
    args: list[str] = field(default_factory=list)

    def translate(
        self, q: str | list[str], source: str = "en", target: str = "fr", **extra: Any
    ) -> Reply:
        """POST /translate (with this server's key, if any); the :class:`Reply`."""
        payload: dict[str, Any] = {"q": q, "source": source, "target": target, "format": "text"}
        if self.api_key is not None:
            payload["api_key"] = self.api_key
        return call(f"{self.url}/translate", {**payload, **extra})

    def log_text(self) -> str:
        """What the server printed so far (stdout and stderr)."""
        return self.log.read_text(encoding="utf-8", errors="replace")

    def stop(self, timeout: float = 10.0) -> None:
        """SIGTERM, then SIGKILL if it has not exited after ``timeout`` seconds."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.kill()

    def kill(self) -> None:
        """SIGKILL at once, as a crash would (for tests that lose the server mid-run)."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
        self.process.wait()


def require_libretranslate() -> None:
    """Skip without ``.venv-libretranslate``; fail under CI=true, where `make test` builds it."""
    if LIBRETRANSLATE.is_file():
        return
    reason = (
        f"{LT_VENV} is missing: run the tests with `make test`, or build it with "
        "`make .venv-libretranslate/.installed`"
    )
    if os.environ.get("CI") == "true":
        pytest.fail(reason)
    pytest.skip(reason)


def server_env(
    workdir: Path, mt_threads: int = 1, beam_size: int = 4, inter_threads: int = 1
) -> dict[str, str]:
    """The server's environment: every home, cache and package folder inside ``workdir``."""
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "LANG": "C.UTF-8",
        "HOME": str(workdir / "home"),
        "XDG_DATA_HOME": str(workdir / "data"),
        "XDG_CONFIG_HOME": str(workdir / "config"),
        "XDG_CACHE_HOME": str(workdir / "cache"),
        "TMPDIR": str(workdir / "tmp"),
        "ARGOS_PACKAGES_DIR": str(workdir / "packages"),
        "ARGOS_PACKAGE_INDEX": (workdir / "no-package-index").as_uri() + "/",
        "ARGOS_DEVICE_TYPE": "cpu",
        "ARGOS_INTER_THREADS": str(inter_threads),
        "ARGOS_INTRA_THREADS": str(mt_threads),
        "ARGOS_BEAM_SIZE": str(beam_size),
        "PYTHONUNBUFFERED": "1",
    }
    for name in ("HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "TMPDIR"):
        Path(env[name]).mkdir(parents=True, exist_ok=True)
    return env


def install_packages(packages: Sequence[Path], packages_dir: Path) -> list[Path]:
    """Install ``packages``; give each one without a MiniSBD model ours. The folders."""
    from alerti18n.mt import packages as models
    from support.minisbd_factory import build_minisbd_model

    folders = []
    for package in packages:
        installed = models.install_file(package, packages_dir)
        if not list((installed.path / "minisbd").glob("*.onnx")):
            build_minisbd_model(installed.path / "minisbd" / "model.onnx", installed.from_code)
        folders.append(installed.path)
    return folders


def add_api_key(workdir: Path, env: dict[str, str], req_limit: int) -> tuple[Path, str]:
    """Create the key database and a key in it with ``ltmanage keys add``: (database, key)."""
    db = workdir / "db" / "api_keys.db"
    db.parent.mkdir(parents=True, exist_ok=True)
    db.touch()  # ltmanage refuses a database that does not exist; an empty file is an empty one
    done = subprocess.run(
        [str(LTMANAGE), "keys", "--api-keys-db-path", str(db), "add", str(req_limit)],
        capture_output=True,
        text=True,
        env=env,
        cwd=workdir,
        timeout=60,
        check=True,
    )
    return db, done.stdout.strip().splitlines()[-1]


def start_libretranslate(
    packages: Sequence[Path],
    workdir: Path,
    *,
    api_key: bool = False,
    req_limit: int | None = None,
    char_limit: int | None = None,
    batch_limit: int | None = None,
    threads: int = 4,
    mt_threads: int = 1,
    beam_size: int = 4,
    inter_threads: int = 1,
    extra_args: Sequence[str] = (),
    timeout: float = 90.0,
) -> LTServer:
    """Install ``packages`` under ``workdir`` and start LibreTranslate on a free loopback port.

    ``req_limit`` is requests per minute per client (a batch of n texts costs n; with
    ``api_key`` it is also the key's own limit); ``threads`` are waitress' worker threads,
    ``mt_threads`` CTranslate2's per translation and ``inter_threads`` its translations at
    once; ``beam_size`` is Argos' (``ARGOS_BEAM_SIZE``; a request for
    n alternatives searches with max(n + 1, beam_size)). Returns once ``/languages`` answers;
    raises RuntimeError with the server's log if it exits or does not answer within
    ``timeout`` seconds.
    """
    if not LIBRETRANSLATE.is_file():
        raise FileNotFoundError(f"{LIBRETRANSLATE}: run `make .venv-libretranslate/.installed`")
    if len(packages) < 2:
        raise ValueError(
            "LibreTranslate downloads the package index and all MiniSBD models at start when "
            "fewer than two packages are installed: give it two (e.g. en->fr and fr->en)"
        )
    workdir.mkdir(parents=True, exist_ok=True)
    env = server_env(workdir, mt_threads, beam_size, inter_threads)
    packages_dir = Path(env["ARGOS_PACKAGES_DIR"])
    install_packages(packages, packages_dir)
    args = ["--disable-web-ui", "--disable-files-translation", "--threads", str(threads)]
    key = None
    if api_key:
        db, key = add_api_key(workdir, env, req_limit or KEY_REQ_LIMIT)
        args += ["--api-keys", "--api-keys-db-path", str(db)]
        args += ["--require-api-key-origin", NO_ORIGIN]
    for flag, value in (
        ("--req-limit", req_limit),
        ("--char-limit", char_limit),
        ("--batch-limit", batch_limit),
    ):
        if value is not None:
            args += [flag, str(value)]
    args += list(extra_args)
    log = workdir / "libretranslate.log"
    for _attempt in range(3):  # another process may take the free port before the server does
        port = free_port()
        command = [str(LIBRETRANSLATE), "--host", "127.0.0.1", "--port", str(port), *args]
        with open(log, "wb") as out:
            process = subprocess.Popen(
                command,
                cwd=workdir,
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
                preexec_fn=_die_with_parent,
            )
        server = LTServer(f"http://127.0.0.1:{port}", key, process, log, workdir, packages_dir)
        server.args = command
        if _wait_until_up(server, timeout):
            return server
        if "address already in use" not in server.log_text().lower():
            break
    raise RuntimeError(
        f"LibreTranslate did not start (exit code {server.process.returncode}); "
        f"{' '.join(command)}\n--- {log}:\n{server.log_text()}"
    )


def _die_with_parent() -> None:
    """In the child: on Linux, get SIGTERM when the test process dies, so no server outlives it."""
    if sys.platform == "linux":
        ctypes.CDLL(None).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def _wait_until_up(server: LTServer, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            return False
        try:
            if call(f"{server.url}/languages", timeout=5).status == 200:
                return True
        except OSError:
            pass
        time.sleep(0.1)
    server.kill()
    return False


# The session fixture --------------------------------------------------------------------------


@pytest.fixture(scope="session")
def libretranslate_packages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Test packages: ``en-fr`` copies its input token by token, ``fr-en`` has random weights."""
    from support.argos_factory import build_argosmodel

    folder = tmp_path_factory.mktemp("lt-packages")
    return {
        "en-fr": build_argosmodel(folder / "en_fr.argosmodel", copy=True),
        "fr-en": build_argosmodel(folder / "fr_en.argosmodel", "fr", "en", layers=(1, 1)),
    }


@pytest.fixture(scope="session")
def libretranslate_server(
    libretranslate_packages: dict[str, Path], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[LTServer]:
    """One LibreTranslate for the session (no key, no limits), en->fr and fr->en.

    It decodes greedily (``beam_size=1``), so its output can be compared with an in-process
    run of the same package; asking for alternatives still widens the beam.
    """
    require_libretranslate()
    server = start_libretranslate(
        list(libretranslate_packages.values()),
        tmp_path_factory.mktemp("libretranslate"),
        beam_size=1,
    )
    yield server
    server.stop()


def main(argv: Sequence[str] | None = None) -> int:
    """``python tests/support/ltserver.py WORKDIR [PACKAGE...]``: serve until Ctrl-C (to try one).

    Without packages it builds the tests' two tiny ones in WORKDIR: en->fr, which copies its
    input token by token (so drafts equal the source), and fr->en with random weights.
    """
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0].startswith("-"):
        print(main.__doc__, file=sys.stderr)
        return 2
    workdir = Path(args[0])
    packages = [Path(p) for p in args[1:]]
    if not packages:
        from support.argos_factory import build_argosmodel

        workdir.mkdir(parents=True, exist_ok=True)
        packages = [
            build_argosmodel(workdir / "en_fr.argosmodel", copy=True),
            build_argosmodel(workdir / "fr_en.argosmodel", "fr", "en", layers=(1, 1)),
        ]
    server = start_libretranslate(packages, workdir / "server")
    print(f"LibreTranslate {LT_VERSION} on {server.url}, log {server.log}", flush=True)
    try:
        server.process.wait()
    except KeyboardInterrupt:
        server.stop()
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    sys.exit(main())
