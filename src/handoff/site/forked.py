"""Work spread over forked processes: `handoff pages --jobs N` renders many pages at once.

The workers are forked, so they start with everything the main process has read (records,
history, settings) and nothing is pickled to them but index ranges; each returns small,
plain results. The main process goes on with its own work meanwhile (the pages that read
git) and collects the workers' results as they come. Used only on Linux, where `fork` is
the platform's own default and safe, and only for enough work to pay for the processes;
elsewhere the same work runs in the main process.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import sys
from collections.abc import Callable, Iterator
from multiprocessing.pool import Pool
from typing import Any

MAX_JOBS = 32
CHUNK = 250  # pages per task: small enough to share the load, large enough to cost nothing to hand out

_WORK: Callable[[int], Any] | None = None  # what the forked workers run; inherited, never pickled


def default_jobs() -> int:
    """One job per core the process may use, at most 8."""
    try:
        cores = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cores = os.cpu_count() or 1
    return max(1, min(8, cores))


def can_fork() -> bool:
    return sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods()


class Forked:
    """`work(i)` for every i in `items`, run in `jobs` forked workers; `results()` yields
    (i, result) as chunks finish. A worker's exception is raised again by `results()`."""

    def __init__(self, work: Callable[[int], Any], items: list[int], jobs: int) -> None:
        global _WORK
        _WORK = work
        chunks = [items[k:k + CHUNK] for k in range(0, len(items), CHUNK)]
        self._chunks = chunks
        # Workers are forked here, inheriting `_WORK`; the main process clears it right after.
        # Until they are done, no garbage collector (theirs or ours) walks the objects they
        # share: a walk writes to every object, and each page written is copied, at a cost.
        gc.freeze()
        try:
            self._pool: Pool = multiprocessing.get_context("fork").Pool(min(jobs, len(chunks)))
        except BaseException:
            gc.unfreeze()
            raise
        finally:
            _WORK = None
        self._pending = self._pool.imap_unordered(_run, list(enumerate(chunks)))

    def results(self) -> Iterator[tuple[int, Any]]:
        for work_id, values in self._pending:
            yield from zip(self._chunks[work_id], values, strict=True)

    def __enter__(self) -> Forked:
        return self

    def __exit__(self, *_exc: object) -> None:
        self._pool.terminate()  # every result was collected, or the run failed: either way, done
        self._pool.join()
        gc.unfreeze()


def _run(job: tuple[int, list[int]]) -> tuple[int, list[Any]]:
    work_id, items = job
    assert _WORK is not None, "run only in a forked worker"
    return work_id, [_WORK(i) for i in items]
