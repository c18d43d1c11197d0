"""The worker pool (alerti18n.core.workers): job order, failures, the parallel threshold."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from alerti18n.core import workers
from alerti18n.core.errors import SourceError
from alerti18n.core.workers import map_jobs

needs_cores = pytest.mark.skipif(
    min(os.cpu_count() or 1, 4) < 2, reason="the pool runs in this process on one core"
)


def _square_and_pid(n: int) -> tuple[int, int]:
    return n * n, os.getpid()


def _fail_on_odd(n: int) -> int:
    if n % 2:
        raise SourceError(f"job {n} failed", Path(f"source/doc{n}.md"), line=n + 10, hint="fix it")
    return n


@pytest.mark.parametrize("parallel", [False, pytest.param(True, marks=needs_cores)])
def test_results_come_back_in_job_order(parallel: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(workers, "PARALLEL_FROM", 2 if parallel else 10**9)
    jobs = list(range(20, 0, -1))
    results = map_jobs(_square_and_pid, jobs)
    assert [square for square, _ in results] == [n * n for n in jobs]
    pids = {pid for _, pid in results}
    if parallel:
        assert os.getpid() not in pids
    else:
        assert pids == {os.getpid()}


@needs_cores
def test_parallel_from_is_respected(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(workers, "PARALLEL_FROM", 5)
    below = map_jobs(_square_and_pid, [1, 2, 3, 4])
    assert {pid for _, pid in below} == {os.getpid()}
    at = map_jobs(_square_and_pid, [1, 2, 3, 4, 5])
    assert os.getpid() not in {pid for _, pid in at}


@pytest.mark.parametrize("parallel", [False, pytest.param(True, marks=needs_cores)])
def test_first_failure_is_raised_with_its_file_and_line(
    parallel: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(workers, "PARALLEL_FROM", 2 if parallel else 10**9)
    discarded: list[int] = []
    with pytest.raises(SourceError) as caught:
        map_jobs(_fail_on_odd, [2, 4, 7, 8, 9], discard=discarded.append)
    error = caught.value
    assert error.path == Path("source/doc7.md")
    assert error.line == 17
    assert error.hint == "fix it"
    assert str(error) == "source/doc7.md:17: job 7 failed (fix it)"
    # what the jobs that did not fail produced is handed to discard
    expected = [2, 4, 8] if parallel else [2, 4]
    assert sorted(discarded) == expected


def test_no_jobs_no_results() -> None:
    assert map_jobs(_square_and_pid, []) == []
