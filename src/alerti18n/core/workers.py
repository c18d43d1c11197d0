"""The worker pool: a stage's jobs in worker processes when there are many.

Results come back in job order; if a job fails, what the others produced is
discarded and the first failure is raised, so a stage still writes nothing.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from concurrent.futures import Future

#: Below this many documents, extract, update and build run in this process;
#: from it on, in worker processes, one per core (see ``map_jobs``).
PARALLEL_FROM = 8


def forks_workers() -> bool:
    """Whether :func:`map_jobs` forks its workers from this process (Linux, several cores):
    what this process holds, however large, then reaches them without being pickled."""
    return sys.platform == "linux" and min(os.cpu_count() or 1, 4) >= 2


def map_jobs(
    func: Callable,
    jobs: list,
    discard: Callable | None = None,
    prepare: Callable[[], object] | None = None,
) -> list:
    """``func`` over ``jobs``, in worker processes when there are many jobs and cores.

    If a job fails, ``discard`` is called on the result of every job that did
    not, and the first failure (in job order) is raised. ``prepare`` runs in
    this process before the workers are forked from it: what it imports and
    caches (parsers, templates) every worker then has, once, instead of
    making it again.
    """
    workers = min(os.cpu_count() or 1, 4)
    if jobs and prepare is not None:
        prepare()
    if len(jobs) < PARALLEL_FROM or workers < 2:
        results = []
        for job in jobs:
            try:
                results.append(func(job))
            except BaseException:
                if discard is not None:
                    for result in results:
                        discard(result)
                raise
        return results
    futures = _in_pool(func, jobs, workers)
    failed = [error for future in futures if (error := future.exception()) is not None]
    if failed:
        if discard is not None:
            for future in futures:
                if future.exception() is None:
                    discard(future.result())
        raise failed[0]
    return [future.result() for future in futures]


def _in_pool(func: Callable, jobs: list, workers: int) -> list[Future]:
    """Run the jobs in a pool of ``workers`` processes; their futures, all done.

    On Linux the workers are forked, so they have the jobs already: only each
    job's number goes to them (nothing is pickled on the way there).
    """
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, wait

    forked = sys.platform == "linux"
    context = multiprocessing.get_context("fork" if forked else None)
    global _INHERITED
    _INHERITED = (func, jobs)
    try:
        with ProcessPoolExecutor(
            max_workers=workers,
            mp_context=context,
            initializer=_die_with_parent,
            initargs=(os.getpid(),),
        ) as pool:
            if forked:
                futures = [pool.submit(_run_inherited, number) for number in range(len(jobs))]
            else:
                futures = [pool.submit(func, job) for job in jobs]
            wait(futures)
    finally:
        _INHERITED = None
    return futures


#: The function and jobs of the pool being started: a forked worker finds them here.
_INHERITED: tuple[Callable, list] | None = None


def _run_inherited(number: int) -> object:
    """In a forked worker: run job ``number`` of the pool that forked it (no job is pickled)."""
    assert _INHERITED is not None
    func, jobs = _INHERITED
    return func(jobs[number])


def _die_with_parent(parent: int) -> None:
    """Worker start-up: end this worker when the command is killed (Linux).

    A worker otherwise outlives a killed parent, blocked forever on its queue.
    """
    if sys.platform != "linux":
        return
    import ctypes
    import signal

    with contextlib.suppress(OSError, AttributeError):
        pr_set_pdeathsig = 1
        ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGKILL)
    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(1)
