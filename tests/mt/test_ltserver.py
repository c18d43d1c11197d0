"""The real LibreTranslate server of tests/support/ltserver.py: it serves our packages, checks
keys and limits, runs with no network at all, and FaultProxy injects faults in front of it."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
import urllib.error
from collections.abc import Iterator
from pathlib import Path

import pytest
from support.argos_factory import fixture_sentences
from support.faultproxy import FaultProxy
from support.ltserver import (
    LT_VENV,
    LTServer,
    call,
    require_libretranslate,
    start_libretranslate,
)
from support.minisbd_factory import SENTENCE_END, build_minisbd_model
from support.projects import TESTS, small_project
from support.tools import REPO, require_tool

from alerti18n.mt import open_engine
from alerti18n.mt import packages as models
from alerti18n.mt.argos import ArgosOptions
from alerti18n.mt.engine import as_drafts
from alerti18n.po import marks
from alerti18n.po.pofile import read_po

pytestmark = pytest.mark.libretranslate


def locked_version() -> str:
    """The LibreTranslate version pinned in requirements-libretranslate.lock."""
    lock = (REPO / "requirements-libretranslate.lock").read_text(encoding="utf-8")
    found = re.search(r"^libretranslate==(\S+)", lock, re.MULTILINE)
    assert found, "requirements-libretranslate.lock pins no libretranslate"
    return found.group(1)


def in_process(package: Path, pair: tuple[str, str], texts: list[str], tmp_path: Path) -> list[str]:
    """Our own greedy CTranslate2 run of ``package`` (alerti18n's Argos engine)."""
    models_dir = tmp_path / "models"
    models.install_file(package, models_dir)
    engine = open_engine(*pair, ArgosOptions(models_dir=models_dir, beam_size=1))
    return [draft.text for draft in as_drafts(engine.translate(texts))]


def shape(text: str) -> str:
    """``text`` without what LibreTranslate reformats: Argos turns '_' into spaces, then the
    first letter's case and the final punctuation are made to follow the source."""
    return text.replace("_", " ").casefold().rstrip(".!?,;")


def test_translates_a_list_with_our_package(
    libretranslate_server: LTServer, libretranslate_packages: dict[str, Path], tmp_path: Path
) -> None:
    texts = fixture_sentences()[:20]
    reply = libretranslate_server.translate(texts)
    assert reply.status == 200, reply.body
    got = reply.body["translatedText"]
    assert isinstance(got, list) and len(got) == len(texts) and all(got)
    assert got == in_process(libretranslate_packages["en-fr"], ("en", "fr"), texts, tmp_path)
    assert got == texts  # the en->fr package copies its input token by token


def test_random_package_output_is_ours_up_to_reformatting(
    libretranslate_server: LTServer, libretranslate_packages: dict[str, Path], tmp_path: Path
) -> None:
    # whole sentences only: LibreTranslate translates each sentence of a text apart (its MiniSBD,
    # our rule, ends one at '.', '!' or '?' before a space, as in "e.g. "), we the whole text
    texts = [t for t in fixture_sentences() if not any(f"{end} " in t for end in SENTENCE_END)]
    reply = libretranslate_server.translate(texts, source="fr", target="en")
    assert reply.status == 200, reply.body
    ours = in_process(libretranslate_packages["fr-en"], ("fr", "en"), texts, tmp_path)
    assert len(set(ours)) > len(texts) // 2  # the output depends on the input
    assert [shape(t) for t in reply.body["translatedText"]] == [shape(t) for t in ours]


def test_one_text_and_bad_requests(libretranslate_server: LTServer) -> None:
    text = "Azerbaijan has cut all electricity."
    one = libretranslate_server.translate(text)
    assert (one.status, one.body) == (200, {"translatedText": text})
    for reply, lang in (
        (libretranslate_server.translate("Hello.", source="xx"), "xx"),
        (libretranslate_server.translate("Hello.", target="de"), "de"),
    ):
        assert (reply.status, reply.body) == (400, {"error": f"{lang} is not supported"})
    missing = call(f"{libretranslate_server.url}/translate", {"source": "en", "target": "fr"})
    assert missing.status == 400 and "q" in missing.body["error"]


def test_languages_version_and_settings(libretranslate_server: LTServer) -> None:
    languages = call(f"{libretranslate_server.url}/languages")
    assert languages.status == 200
    targets = {lang["code"]: lang["targets"] for lang in languages.body}
    assert set(targets) == {"en", "fr"} and "fr" in targets["en"] and "en" in targets["fr"]
    spec = call(f"{libretranslate_server.url}/spec").body
    assert spec["info"]["title"] == "LibreTranslate"
    assert spec["info"]["version"] == locked_version()
    settings = call(f"{libretranslate_server.url}/frontend/settings").body
    assert (settings["apiKeys"], settings["keyRequired"]) == (False, False)


def test_our_sentence_splitter_is_used_and_nothing_downloaded(
    libretranslate_server: LTServer,
) -> None:
    text = "There are reports of massacres. No action was taken! Is it over? We urge action."
    reply = libretranslate_server.translate(text)
    assert (reply.status, reply.body["translatedText"]) == (200, text)
    for package in libretranslate_server.packages_dir.iterdir():
        assert (package / "minisbd" / "model.onnx").is_file()
    argos_data = libretranslate_server.workdir / "data" / "argos-translate"
    assert not (argos_data / "minisbd").exists()  # MiniSBD's download cache
    assert not (argos_data / "index.json").exists()  # Argos' package index
    assert "Downloading" not in libretranslate_server.log_text()


def test_minisbd_runs_our_model(tmp_path: Path) -> None:
    """MiniSBD itself (in LibreTranslate's venv) splits with the model minisbd_factory writes."""
    require_libretranslate()
    model = build_minisbd_model(tmp_path / "en.onnx")
    code = (
        "import json, sys; from minisbd import SBDetect; "
        "print(json.dumps(SBDetect(sys.argv[1], use_gpu=False).sentences(sys.argv[2])))"
    )
    text = "Is it true? Yes... It is, e.g. here.  And “quoted.” Then more"
    done = subprocess.run(
        [str(LT_VENV / "bin" / "python"), "-c", code, str(model), text],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == [
        "Is it true?",
        "Yes...",
        "It is, e.g.",
        "here.",
        "And “quoted.” Then more",
    ]


# Keys and limits: a server of its own ---------------------------------------------------------


@pytest.fixture(scope="module")
def keyed_server(
    libretranslate_packages: dict[str, Path], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[LTServer]:
    """A server that wants an API key, allowing 2 requests a minute per key or client."""
    require_libretranslate()
    server = start_libretranslate(
        list(libretranslate_packages.values()),
        tmp_path_factory.mktemp("libretranslate-keyed"),
        api_key=True,
        req_limit=2,
        beam_size=1,
    )
    yield server
    server.stop()


def test_key_is_required_and_limits_answer_429(keyed_server: LTServer) -> None:
    url = f"{keyed_server.url}/translate"
    payload = {"q": "Hello.", "source": "en", "target": "fr"}
    key = keyed_server.api_key
    assert key
    missing = call(url, payload)
    assert (missing.status, missing.body) == (
        400,
        {"error": "Please contact the server operator to get an API key"},
    )
    wrong = call(url, {**payload, "api_key": f"not-{key}"})
    assert (wrong.status, wrong.body) == (403, {"error": "Invalid API key"})
    for _ in range(2):
        right = call(url, {**payload, "api_key": key})
        assert (right.status, right.body) == (200, {"translatedText": "Hello."})
    # A third request with the key within the minute: the key's own limit (ltmanage keys add 2)
    over = call(url, {**payload, "api_key": key})
    assert (over.status, over.body) == (429, {"error": "Slowdown: 2 per 1 minute"})
    # Keyless requests count against the client's --req-limit, refused ones included
    assert call(url, payload).status == 400
    assert call(url, payload).status == 429
    settings = call(f"{keyed_server.url}/frontend/settings").body
    assert (settings["apiKeys"], settings["keyRequired"]) == (True, True)


def test_kill_stops_the_server_at_once(keyed_server: LTServer) -> None:
    """Runs after the key test, which shares this server."""
    keyed_server.kill()
    assert keyed_server.process.returncode == -signal.SIGKILL
    with pytest.raises(urllib.error.URLError) as refused:
        call(f"{keyed_server.url}/languages", timeout=5)
    assert isinstance(refused.value.reason, ConnectionRefusedError)


# Faults in front of the real server -----------------------------------------------------------


@pytest.mark.parametrize(("status", "retry_after"), [(429, "1"), (503, None)])
def test_proxy_refuses_the_first_requests_then_forwards(
    libretranslate_server: LTServer, status: int, retry_after: str | None
) -> None:
    payload = {"q": ["Hello.", "Goodbye."], "source": "en", "target": "fr"}
    with FaultProxy(
        libretranslate_server.url, fail_first=2, status=status, retry_after=retry_after
    ) as proxy:
        for _ in range(2):
            refused = call(f"{proxy.url}/translate", payload)
            assert refused.status == status and "error" in refused.body
            assert refused.headers.get("retry-after") == retry_after
        passed = call(f"{proxy.url}/translate", payload)
        assert (passed.status, passed.body) == (200, {"translatedText": ["Hello.", "Goodbye."]})
        assert (proxy.seen, proxy.forwarded) == (3, 1)


def test_proxy_delays_answers(libretranslate_server: LTServer) -> None:
    with FaultProxy(libretranslate_server.url, delay=0.5) as proxy:
        start = time.monotonic()
        assert call(f"{proxy.url}/languages").status == 200
        assert time.monotonic() - start >= 0.5
        with pytest.raises(TimeoutError):
            call(f"{proxy.url}/languages", timeout=0.1)
        assert proxy.seen == 2


def test_proxy_drops_connections(libretranslate_server: LTServer) -> None:
    with FaultProxy(libretranslate_server.url, drop_first=1) as proxy:
        with pytest.raises(ConnectionError):
            call(f"{proxy.url}/languages")
        assert call(f"{proxy.url}/languages").status == 200
        assert (proxy.seen, proxy.forwarded) == (2, 1)


# No network at all ----------------------------------------------------------------------------


OFFLINE_RUN = """
import json, os, socket, sys
from pathlib import Path
from support.argos_factory import fixture_sentences
from click.testing import CliRunner
from support.ltserver import start_libretranslate
from alerti18n.cli.main import main
packages, workdir = [Path(p) for p in sys.argv[1:-1]], Path(sys.argv[-1])
server = start_libretranslate(packages, workdir, beam_size=1)
try:
    texts = fixture_sentences()
    reply = server.translate(texts)
    interfaces = [name for _, name in socket.if_nameindex()]
    args = ["pretranslate", "--engine", "libretranslate", "--url", server.url]
    run = CliRunner().invoke(main, [*args, "--project", os.environ["PROJECT"]])
    print(json.dumps({"interfaces": interfaces, "status": reply.status, "body": reply.body,
                      "pretranslate": [run.exit_code, run.output]}))
finally:
    server.stop()
"""


def test_serves_in_a_network_namespace_with_only_loopback(
    libretranslate_packages: dict[str, Path], tmp_path: Path
) -> None:
    """Server and clients (a plain request, then ``alerti18n pretranslate --engine
    libretranslate``) run inside a new network namespace, where any download would fail."""
    require_libretranslate()
    unshare = require_tool("unshare")
    require_tool("ip")
    as_root = ["--net"] if os.geteuid() == 0 else ["--user", "--map-root-user", "--net"]
    workdir = tmp_path / "lt"
    command = [
        unshare,
        *as_root,
        "sh",
        "-c",
        'ip link set lo up && exec "$0" "$@"',
        sys.executable,
        "-c",
        OFFLINE_RUN,
        *map(str, libretranslate_packages.values()),
        str(workdir),
    ]
    project = small_project(tmp_path, "# Notice\n\nThe road is open.\n\nWater is rationed.\n")
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(TESTS), *sys.path[1:]]),
        "PROJECT": str(project),
    }
    done = subprocess.run(command, capture_output=True, text=True, env=env, timeout=240)
    log = workdir / "libretranslate.log"
    server_log = log.read_text(errors="replace")[-3000:] if log.exists() else ""
    assert done.returncode == 0, f"{done.stderr[-3000:]}\n--- server log:\n{server_log}"
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["interfaces"] == ["lo"]
    assert result["status"] == 200, result["body"]
    assert result["body"]["translatedText"] == fixture_sentences()
    assert not (workdir / "data" / "argos-translate" / "minisbd").exists()
    code, output = result["pretranslate"]
    assert code == 0 and "translated 3" in output, output
    drafts = read_po(project / "locales" / "fr" / "alert.po")
    assert [marks.machine_draft(e) is not None for e in drafts] == [True] * 3
    assert [e.msgstr for e in drafts] == ["Notice", "The road is open.", "Water is rationed."]
