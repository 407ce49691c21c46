"""``map_chunks``: ``[fn(chunk) for chunk in chunks]``, over worker processes when it pays.

Workers are spawned (:mod:`app.runtime.policy`) by a standard ``ProcessPoolExecutor``, kept for
the next map of the same process (spawning and importing the libraries costs ~1.5 s of CPU per
worker) and shared by every map. ``concurrent.futures`` rather than joblib's loky: loky cannot
start its workers from a PyInstaller-frozen app (joblib/loky#236, fix unreleased), and a frozen
app on Windows is what most of our users run.

``fn`` and the chunks travel by pickle: ``fn`` must be a module-level function (or a
``functools.partial`` of one) whose result depends only on its arguments — settings that live
in files (user words, the aspect taxonomy) are passed in, never read by the worker.
Cancel is checked every :data:`POLL` seconds while waiting; a cancelled or failed map returns at
once and the chunks already running finish unseen; workers end with the process that started
them (:func:`_end_with_parent`). If a worker dies (out of memory, stopped by
security software) the remaining chunks are done here.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from typing import Any, TypeVar

from app.core.progress import CancelToken, ProgressFn, no_progress
from app.runtime.policy import context

T = TypeVar("T")
POLL = 0.05  # seconds between cancel checks while waiting for workers
MIN_CHUNKS = 4  # fewer chunks are done here: spawning workers costs more than they save
AHEAD = 2  # chunks queued per worker, so none waits for the next

_MISSING = object()
_lock = threading.Lock()
_pool: ProcessPoolExecutor | None = None
_pool_size = 0


def usable_cpus() -> int:
    """CPUs this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)


def worker_count(n_chunks: int, workers: int | None = None) -> int:
    """Processes for a map of ``n_chunks``: ``workers`` if given (1 = here), else one per CPU
    when there are at least :data:`MIN_CHUNKS` chunks and more than one CPU."""
    if workers is not None:
        return max(1, min(workers, n_chunks))
    cpus = usable_cpus()
    return 1 if cpus < 2 or n_chunks < MIN_CHUNKS else min(cpus, n_chunks)


def map_chunks(
    fn: Callable[[Any], T],
    chunks: Sequence[Any],
    *,
    progress: ProgressFn = no_progress,
    cancel: CancelToken | None = None,
    workers: int | None = None,
    message: str = "",
) -> list[T]:
    """``[fn(chunk) for chunk in chunks]`` in order; ``progress`` goes 0 → 1 by chunks done,
    ``cancel`` raises :class:`~app.core.progress.Cancelled` between them."""
    check = cancel.check if cancel is not None else (lambda: None)
    progress(0.0, message)
    n_workers = worker_count(len(chunks), workers)
    results: list[Any] = [_MISSING] * len(chunks)
    if n_workers > 1:
        try:
            _map_in_workers(fn, chunks, results, n_workers, progress, check, message)
        except (BrokenProcessPool, OSError):  # a worker died or none could start: work here
            _drop_pool()
    done = sum(r is not _MISSING for r in results)
    for index, chunk in enumerate(chunks):
        if results[index] is _MISSING:
            check()
            results[index] = fn(chunk)
            done += 1
            progress(done / len(chunks), message)
    return results


def _map_in_workers(
    fn: Callable[[Any], T],
    chunks: Sequence[Any],
    results: list[Any],
    n_workers: int,
    progress: ProgressFn,
    check: Callable[[], None],
    message: str,
) -> None:
    pool = _shared_pool(n_workers)
    running: dict[Future, int] = {}
    queued, done = 0, 0
    try:
        while done < len(chunks):
            while queued < len(chunks) and len(running) < n_workers * AHEAD:
                running[pool.submit(fn, chunks[queued])] = queued
                queued += 1
            check()
            finished, _ = wait(running, timeout=POLL, return_when=FIRST_COMPLETED)
            for future in finished:
                results[running.pop(future)] = future.result()
                done += 1
            if finished:
                progress(done / len(chunks), message)
    finally:
        for future in running:
            future.cancel()  # queued chunks are dropped; running ones finish unseen


def _shared_pool(n_workers: int) -> ProcessPoolExecutor:
    """The workers of earlier maps, or new ones when none are left or the size differs."""
    global _pool, _pool_size
    with _lock:
        if _pool is None or _pool_size != n_workers:
            if _pool is not None:
                _pool.shutdown(wait=False, cancel_futures=True)
            _pool = ProcessPoolExecutor(
                max_workers=n_workers, mp_context=context(), initializer=_end_with_parent
            )
            _pool_size = n_workers
        return _pool


def _end_with_parent() -> None:
    """In each worker: exit as soon as the process that started it ends. The desktop app
    stops a cancelled analysis by terminating its process, which cannot stop the workers
    itself (on Windows nothing runs in a terminated process)."""
    parent = multiprocessing.parent_process()
    if parent is None:
        return

    def watch() -> None:
        parent.join()
        os._exit(0)

    threading.Thread(target=watch, name="reviewlens-end-with-parent", daemon=True).start()


def _drop_pool() -> None:
    global _pool
    with _lock:
        pool, _pool = _pool, None
    if pool is not None:
        pool.shutdown(wait=False, cancel_futures=True)


def shutdown() -> None:
    """Stop the workers (they also stop with the process)."""
    _drop_pool()
