"""A LibreTranslate server that misbehaves, as a hostile or broken one would.

A real LibreTranslate runs behind :class:`~support.faultproxy.FaultProxy`, which spoils the
answer to ``/languages`` (the first contact) or ``/translate``: bytes trickling, a body that
never ends, a Content-Length that lies, a gzip bomb, JSON nested a million deep. Each case runs
the real command in a subprocess with no retry, ``--timeout 1`` where time is the point (30
where it is not, so that a slow machine cannot turn a refusal into a timeout), and asserts its
exit code, one ``error:`` line, no traceback, and that the project is byte for byte as it was.
The wall time is bounded by the subprocess' generous timeout only: a client without an overall
deadline runs for half an hour against the trickle (10,000 bytes at 5 a second).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from support.faultproxy import FaultProxy
from support.ltserver import LTServer
from support.projects import small_project

ALERTI18N = Path(sys.executable).with_name("alerti18n")
TEXT = "# Road notice\n\nThe road to the hospital is open again.\n\nWater is rationed.\n"


def lt_project(tmp_path: Path, retries: int = 0) -> Path:
    """A small project, French untranslated; LibreTranslate is tried 1 + ``retries`` times."""
    root = small_project(tmp_path, TEXT)
    config = root / "alerti18n.toml"
    mt = f"retries = {retries}\nretry-wait = 0\n"
    config.write_text(config.read_text() + f"\n[tool.alerti18n.mt]\n{mt}")
    return root


def run_cli(root: Path, *args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """The installed ``alerti18n`` command in a subprocess, for the project ``root``."""
    return subprocess.run(
        [str(ALERTI18N), *args, "--project", str(root)],
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, "LANG": "C.UTF-8"},
    )


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file under ``root`` and its bytes."""
    return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def one_error(result: subprocess.CompletedProcess[str]) -> str:
    """The one line a refusal prints (asserted to be all that it prints)."""
    assert "Traceback" not in result.stderr, result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    assert result.stdout == ""
    return lines[0]


NOT_LT = "did not answer /languages like a LibreTranslate server: it sent "
CASES = [
    # (misbehaviour, spoiled path, --timeout, exit code, what the one line says): the cases
    # that are not about time have time to spare, however slow the machine
    ("trickle", "/languages", 1, 1, "no answer within 1 s"),
    ("trickle", "/translate", 1, 1, "no answer within 1 s"),
    ("trickle-headers", "/languages", 1, 1, "no answer within 1 s"),
    ("trickle-headers", "/translate", 1, 1, "no answer within 1 s"),
    ("endless", "/languages", 30, 2, NOT_LT + "more than 16 MiB"),
    ("endless", "/translate", 30, 1, "answered /translate with more than 16 MiB"),
    ("huge-length", "/languages", 30, 2, NOT_LT + "more than 16 MiB"),
    ("huge-length", "/translate", 30, 1, "answered /translate with more than 16 MiB"),
    ("short-body", "/translate", 1, 1, "no answer within 1 s"),
    ("short-body-close", "/translate", 30, 1, "the answer was cut short"),
    ("long-body", "/translate", 30, 1, "answered /translate with something else than JSON"),
    ("gzip-bomb", "/languages", 30, 2, NOT_LT + "something else than JSON"),
    ("gzip-bomb", "/translate", 30, 1, "answered /translate with something else than JSON"),
    ("deep-json", "/languages", 30, 2, NOT_LT + "something else than JSON"),
    ("deep-json", "/translate", 30, 1, "answered /translate with something else than JSON"),
]


@pytest.mark.parametrize(
    ("misbehave", "path", "timeout", "code", "says"),
    CASES,
    ids=[f"{c[0]}-{c[1][1:]}" for c in CASES],
)
def test_a_misbehaving_server_is_cut_off_with_one_line_and_nothing_written(
    libretranslate_server: LTServer,
    tmp_path: Path,
    misbehave: str,
    path: str,
    timeout: int,
    code: int,
    says: str,
) -> None:
    root = lt_project(tmp_path)
    before = snapshot(root)
    with FaultProxy(libretranslate_server.url, misbehave=misbehave, paths=(path,)) as proxy:
        result = run_cli(
            root, "pretranslate", "--url", proxy.url, "--timeout", str(timeout), "--in-flight", "1"
        )
        assert proxy.spoiled == 1  # no retry was configured, and none made
    error = one_error(result)
    assert result.returncode == code, result.stderr
    assert says in error
    after = snapshot(root)
    after.pop(".alerti18n/lock", None)  # never left behind, but not the point here
    assert after == before


def test_a_trickling_server_is_retried_within_the_deadline_each_time(
    libretranslate_server: LTServer, tmp_path: Path
) -> None:
    """With retries, each try has its own deadline; then one line, exit 1, nothing written."""
    root = lt_project(tmp_path, retries=2)
    before = snapshot(root)
    with FaultProxy(libretranslate_server.url, misbehave="trickle", paths=("/translate",)) as p:
        result = run_cli(root, "pretranslate", "--url", p.url, "--timeout", "1")
        assert p.spoiled == 3
    error = one_error(result)
    assert result.returncode == 1
    assert "failed after 2 retries: no answer within 1 s" in error
    assert snapshot(root) == before
