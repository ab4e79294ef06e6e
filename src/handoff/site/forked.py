"""Work spread over forked processes: `handoff pages --jobs N` renders many pages at once.

The workers are forked, so they start with everything the main process has read (records,
history, settings) and nothing is pickled to them but lists of indices; each returns small,
plain results. The main process goes on with its own work meanwhile (the pages that read
git) and collects the workers' results as they come. Used only on Linux, where `fork` is
the platform's own default and safe, and only for enough work to pay for the processes;
elsewhere the same work runs in the main process. A worker that dies (killed, out of
memory) is `WorkerLost`, never a hang.
"""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from concurrent.futures import Future

# multiprocessing and the process pool are imported when workers start: a run small enough
# for one process (an incremental one) never needs them.

MAX_JOBS = 32
CHUNK = 250  # pages per task: small enough to share the load, large enough to cost nothing to hand out

_WORK: Callable[[int], Any] | None = None  # what the forked workers run; inherited, never pickled


class WorkerLost(RuntimeError):
    """A worker process ended without finishing its work; the message is one line."""


def default_jobs() -> int:
    """One job per core the process may use, at most 8."""
    try:
        cores = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cores = os.cpu_count() or 1
    return max(1, min(8, cores))


def can_fork() -> bool:
    if not sys.platform.startswith("linux"):
        return False
    import multiprocessing

    return "fork" in multiprocessing.get_all_start_methods()


def _run(items: list[int]) -> list[Any]:
    assert _WORK is not None, "run only in a forked worker"
    return [_WORK(i) for i in items]


class Forked:
    """`work(i)` for every i in `items`, run in `jobs` forked workers; `results()` yields
    (i, result) as chunks finish; `take_back()` hands back what no worker has started yet. A
    worker's exception is raised again by `results()`."""

    def __init__(self, work: Callable[[int], Any], items: list[int], jobs: int) -> None:
        global _WORK
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        chunks = [items[k:k + CHUNK] for k in range(0, len(items), CHUNK)]
        # Until the workers are done, no garbage collector (theirs or ours) walks the objects
        # they share: a walk writes to every object, and each page written is copied, at a cost.
        gc.freeze()
        _WORK = work
        try:
            self._pool = ProcessPoolExecutor(min(jobs, len(chunks)), mp_context=multiprocessing.get_context("fork"))
            # With fork every worker starts at the first submit, inheriting `_WORK`.
            self._chunks: dict[Future[list[Any]], list[int]] = {self._pool.submit(_run, c): c for c in chunks}
        except BaseException:
            gc.unfreeze()
            raise
        finally:
            _WORK = None

    def take_back(self) -> Iterator[int]:
        """The items of chunks no worker has started, taken back one chunk at a time (the last
        first) for the caller to run itself: a caller done with its own work shares the rest."""
        while True:
            for future in reversed(list(self._chunks)):
                if future.cancel():  # only a chunk still waiting can be cancelled
                    yield from self._chunks.pop(future)
                    break
            else:
                return

    def results(self) -> Iterator[tuple[int, Any]]:
        from concurrent.futures import FIRST_EXCEPTION, wait
        from concurrent.futures.process import BrokenProcessPool

        pending = set(self._chunks)
        while pending:
            done, pending = wait(pending, return_when=FIRST_EXCEPTION)
            for future in done:
                try:
                    values = future.result()
                except BrokenProcessPool:
                    raise WorkerLost("a worker process stopped before its pages were done (killed, or out of "
                                     "memory?); run again, or with --jobs 1") from None
                yield from zip(self._chunks[future], values, strict=True)

    def __enter__(self) -> Forked:
        return self

    def __exit__(self, *_exc: object) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)  # all collected, or the run failed: done
        gc.unfreeze()
