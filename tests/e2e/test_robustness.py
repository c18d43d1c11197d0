"""Crash and concurrency safety end to end: kills at random points, the project lock."""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from support.tools import CORPUS_MD, require_shared

from alerti18n.core.lock import project_lock
from alerti18n.po.pofile import read_po

#: Each test runs the command many times, killing it at chosen moments: seconds each.
pytestmark = pytest.mark.slow

EXE = str(Path(sys.executable).parent / "alerti18n")


def alerti18n(root: Path, *args: str, **kw) -> subprocess.CompletedProcess:
    return subprocess.run(
        [EXE, *args, "--project", str(root)], capture_output=True, text=True, **kw
    )


def big_project(tmp_path: Path, n_docs: int = 12) -> Path:
    require_shared()
    root = tmp_path / "big"
    subprocess.run([EXE, "init", str(root), "--target", "fr,hy"], check=True, capture_output=True)
    (root / "source" / "example.md").unlink()
    for path in sorted(CORPUS_MD.glob("ch*.md"))[:n_docs]:
        shutil.copy(path, root / "source" / path.name)
    return root


def kill_repeatedly(
    root: Path,
    args: list[str],
    old: dict[Path, bytes],
    new: dict[Path, bytes],
    changed: list[Path],
    runs: int,
    window: tuple[float, float],
    seed: int,
) -> None:
    """SIGKILL ``alerti18n ARGS`` at random moments; every catalog must stay old or new.

    Each run starts from the old catalogs and no state or cache (so real work is
    done); both outcomes must have been seen, so the kills really landed
    mid-run. After ``runs`` runs, up to twice as many again are made until they have, the
    window narrowing towards the moment of writing after each kill that came too early or
    too late (a loaded machine runs the command slower or faster than the timed run).
    """
    rng = random.Random(seed)
    seen = {"old": 0, "new": 0}
    early, late = window
    for run in range(3 * runs):
        if run >= runs and seen["old"] and seen["new"]:
            break
        for p in old:
            p.write_bytes(old[p])
        shutil.rmtree(root / ".alerti18n", ignore_errors=True)
        proc = subprocess.Popen(
            [EXE, *args, "--project", str(root)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        delay = rng.uniform(early, late)
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        outcome = {"old": 0, "new": 0}
        for p in old:
            data = p.read_bytes()
            assert data in (old[p], new[p]), f"{p} is neither the old nor the new version"
            if p in changed:
                outcome["old" if data == old[p] else "new"] += 1
            read_po(p)  # parseable
        seen["old"] += outcome["old"]
        seen["new"] += outcome["new"]
        # the machine's speed drifts: narrow the window towards the moment of writing
        if not outcome["old"]:
            late = max(early, delay)  # too late: everything was written already
        elif not outcome["new"]:
            early = min(late, delay)  # too early: nothing was written yet
    assert seen["old"] and seen["new"], seen
    assert not _survivors(root), "worker processes outlived the killed command"


def _survivors(root: Path, grace: float = 2.0) -> list[str]:
    """Command lines of processes still running on ``root`` after ``grace`` seconds."""
    deadline = time.monotonic() + grace
    while True:
        found = []
        for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
            try:
                args = cmdline.read_bytes().split(b"\0")
            except OSError:
                continue
            if str(root).encode() in args:
                found.append(b" ".join(args).decode(errors="replace"))
        if not found or time.monotonic() > deadline:
            return found
        time.sleep(0.1)


def test_killed_update_leaves_old_or_new_catalogs(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1695340800")  # same header dates in every run
    root = big_project(tmp_path)
    assert alerti18n(root, "extract").returncode == 0
    assert alerti18n(root, "update").returncode == 0
    catalogs = sorted((root / "locales").rglob("*.po"))
    # translators' work in the old state; the source then changes everywhere
    for path in catalogs:
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace('msgstr ""\n\n', 'msgstr "traduit"\n\n', 40), "utf-8")
    old = {p: p.read_bytes() for p in catalogs}
    for doc in (root / "source").glob("*.md"):
        doc.write_text(doc.read_text().replace("the", "THE"), encoding="utf-8")
    assert alerti18n(root, "extract").returncode == 0
    shutil.rmtree(root / ".alerti18n")
    # the complete run gives the "new" version of every catalog
    scratch = tmp_path / "scratch"
    shutil.copytree(root, scratch)
    started = time.time()
    assert alerti18n(scratch, "update").returncode == 0
    new = {p: (scratch / p.relative_to(root)).read_bytes() for p in catalogs}
    changed = [p for p in catalogs if old[p] != new[p]]
    assert len(changed) > len(catalogs) * 0.8
    window = write_phase(scratch, root, changed, started)
    kill_repeatedly(root, ["update"], old, new, changed, runs=10, window=window, seed=20230922)


def write_phase(
    scratch: Path, root: Path, changed: list[Path], started: float
) -> tuple[float, float]:
    """When, after its start, the complete run in ``scratch`` wrote its catalogs.

    Commands write only after all their work is done, so kills are aimed at
    that phase (from just before the first write to the end of the run).
    """
    times = [(scratch / p.relative_to(root)).stat().st_mtime - started for p in changed]
    duration = time.time() - started
    return max(0.1, min(times) - 0.05), duration


def test_lock_blocks_writers_not_readers(basic_project: Path) -> None:
    project = basic_project
    assert alerti18n(project, "extract").returncode == 0
    env = {**os.environ, "ALERTI18N_LOCK_WAIT": "1"}
    before = (project / "locales" / "field-hospital.pot").read_bytes()
    with project_lock(project, "update"):  # held by this (live) process, as a command holds it
        start = time.monotonic()
        blocked = alerti18n(project, "update", env=env)
        assert time.monotonic() - start >= 1
        assert blocked.returncode == 2
        assert "locked by 'update'" in blocked.stderr and f"pid {os.getpid()}" in blocked.stderr
        assert len(blocked.stderr.strip().splitlines()) == 1
        for reader in ("status", "check"):
            result = alerti18n(project, reader, env=env)
            assert result.returncode == 0, result.stderr
        assert (project / "locales" / "field-hospital.pot").read_bytes() == before
    assert alerti18n(project, "update", env=env).returncode == 0


def test_killed_pretranslate_leaves_old_or_new_catalogs(tmp_path: Path, monkeypatch) -> None:
    from support.argos_factory import build_argosmodel

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1695340800")
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(tmp_path / "packages"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    package = build_argosmodel(tmp_path / "en_fr.argosmodel", copy=True)
    subprocess.run([EXE, "models", "install", str(package)], check=True, capture_output=True)
    root = big_project(tmp_path, n_docs=3)
    assert alerti18n(root, "extract").returncode == 0
    assert alerti18n(root, "update", "--lang", "fr").returncode == 0
    catalogs = sorted((root / "locales" / "fr").glob("*.po"))
    old = {p: p.read_bytes() for p in catalogs}
    scratch = tmp_path / "scratch"
    shutil.copytree(root, scratch)
    started = time.time()
    done = alerti18n(scratch, "pretranslate", "--lang", "fr", "--beam-size", "1")
    assert done.returncode == 0, done.stderr
    new = {p: (scratch / p.relative_to(root)).read_bytes() for p in catalogs}
    assert all(old[p] != new[p] for p in catalogs)
    window = write_phase(scratch, root, catalogs, started)
    args = ["pretranslate", "--lang", "fr", "--beam-size", "1"]
    kill_repeatedly(root, args, old, new, catalogs, runs=6, window=window, seed=2023)


def test_killed_build_leaves_whole_pages_and_the_next_build_cleans_up(
    tmp_path: Path, monkeypatch
) -> None:
    """build stages every page before replacing any: a kill leaves old or new pages,
    never a torn one, and the temporary files it leaves are removed by the next build."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1695340800")
    root = big_project(tmp_path)
    for args in (["extract"], ["update"], ["build", "--format", "md,html"]):
        assert alerti18n(root, *args).returncode == 0
    out = root / "build"
    # the pages (index.html names the project's folder, so it differs in scratch/)
    old = {p: p.read_bytes() for p in out.glob("*/*") if p.is_file()}
    for po in (root / "locales" / "fr").glob("*.po"):  # every French page will change
        po.write_text(po.read_text().replace('msgstr ""\n\n', 'msgstr "fr"\n\n'), "utf-8")
    scratch = tmp_path / "scratch"
    shutil.copytree(root, scratch)
    assert alerti18n(scratch, "build", "--format", "md,html").returncode == 0
    new = {p: (scratch / p.relative_to(root)).read_bytes() for p in old}
    changed = [p for p in old if old[p] != new[p]]
    assert len(changed) >= 24

    def build_then_kill(delay: float | None) -> tuple[int, int]:
        """Build from the old pages, killed after ``delay`` s; (old, new) pages after it."""
        for p, data in old.items():
            p.write_bytes(data)
        shutil.rmtree(root / ".alerti18n" / "lock", ignore_errors=True)
        proc = subprocess.Popen(
            [EXE, "build", "--format", "md,html", "--project", str(root)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        if delay is None:
            assert proc.wait() == 0
        else:
            time.sleep(delay)
            proc.send_signal(signal.SIGKILL)
            proc.wait()
        assert not _survivors(root)
        outcome = [0, 0]
        for p in changed:
            data = p.read_bytes()
            assert data in (old[p], new[p]), f"{p} is neither the old nor the new page"
            outcome[data == new[p]] += 1
        return outcome[0], outcome[1]

    # How long this very build takes here and now (the machine's speed drifts); then kills at
    # random moments of a window that narrows towards the moment pages are committed: a kill
    # that left every page new came too late, one that left every page old too early.
    started = time.monotonic()
    build_then_kill(None)
    early, late = 0.05, time.monotonic() - started
    rng = random.Random(7)
    seen = {"old": 0, "new": 0, "leftovers": 0}
    for attempt in range(30):
        if attempt >= 8 and seen["old"] and seen["new"] and seen["leftovers"]:
            break
        delay = rng.uniform(early, late)
        kept, renewed = build_then_kill(delay)
        seen["old"] += kept
        seen["new"] += renewed
        seen["leftovers"] += len(list(out.rglob(".*.tmp")))
        if not kept:
            late = max(early, delay)
        elif not renewed:
            early = min(late, delay)
        (root / ".alerti18n" / "lock").unlink(missing_ok=True)
    assert seen["old"] and seen["new"], seen
    assert seen["leftovers"], "no kill landed between staging and committing"
    assert alerti18n(root, "build", "--format", "md,html").returncode == 0
    assert not list(out.rglob(".*.tmp"))
    assert [p for p in changed if p.read_bytes() != new[p]] == []


def test_killed_memory_fill_leaves_old_or_new_catalogs(tmp_path: Path, monkeypatch) -> None:
    """tm fill reads and fills every catalog before it writes one: a kill leaves each whole."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1695340800")
    root = big_project(tmp_path)
    assert alerti18n(root, "extract").returncode == 0
    assert alerti18n(root, "update").returncode == 0
    catalogs = sorted((root / "locales").rglob("*.po"))
    for path in catalogs[::2]:  # half the chapters translated: the memory for the rest
        po = read_po(path)
        for entry in po:
            entry.msgstr = f"T {entry.msgid}" if entry.msgid else entry.msgstr
        po.save(str(path))
    old = {p: p.read_bytes() for p in catalogs}
    scratch = tmp_path / "scratch"
    shutil.copytree(root, scratch)
    started = time.time()
    done = alerti18n(scratch, "tm", "fill")
    assert done.returncode == 0, done.stderr
    new = {p: (scratch / p.relative_to(root)).read_bytes() for p in catalogs}
    changed = [p for p in catalogs if old[p] != new[p]]
    assert len(changed) >= 4
    window = write_phase(scratch, root, changed, started)
    kill_repeatedly(root, ["tm", "fill"], old, new, changed, runs=6, window=window, seed=14)
