"""A second process that shares a large analysis with this one on a multi-core machine.

The pipeline's heavy stages are per-text (segmentation, aspects, judging) or per polarity
(themes), so two processes can split them with identical results. :class:`Partner` is one extra
process or, for small inputs and one-core machines, nobody: :meth:`Partner.submit` then runs the
job here at once, with this process's progress and cancel. :func:`shared_map` lets both
processes take chunks of one list from opposite ends until they meet.

On Linux (single-threaded caller) every job is a fresh fork that inherits its arguments, and
only results cross the process boundary: a pool's feeder threads, pickling arguments while this
process works, cost it a third of its speed (GIL hand-offs). Elsewhere (Windows, macOS, a GUI
with threads) a one-process spawn pool receives pickled arguments. Waiting for the partner
checks ``cancel`` every 50 ms; cancelling (or any error) terminates the partner processes.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import threading
from collections import deque
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from typing import Any, Generic, TypeVar

from app.core.partner_fork import POLL_SECONDS, ForkedJob, ForkedShare, forked_map
from app.core.progress import CancelToken, ProgressFn, no_progress

T = TypeVar("T")
MIN_TEXTS = 40_000  # distinct texts below which a second process costs more than it saves
MAX_THEME_TEXTS = 2_000_000  # above this the themes are found here, one polarity after the
# other: two polarities at once in two processes would hold two sets of clause vectors (at a
# million reviews that took the peak from 4.1 to 5.8 GB)
QUEUED = 3  # chunks waiting for the partner in shared_map, so it never waits for this process


def _can_fork() -> bool:
    """Fresh forks are safe and cheap: Linux, and no other thread in this process."""
    return sys.platform.startswith("linux") and threading.active_count() == 1


def wanted(n_texts: int) -> bool:
    """Whether a partner pays off for ``n_texts`` distinct texts on this machine.

    ``REVIEWLENS_PARTNER=0|1`` forces the choice (benchmarks, tests)."""
    forced = os.environ.get("REVIEWLENS_PARTNER", "").strip()
    if forced in {"0", "1"}:
        return forced == "1"
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return (cpus or 1) > 1 and n_texts >= MIN_TEXTS


def shares_themes(n_texts: int) -> bool:
    """Whether a partner should also find one polarity's themes (memory: see MAX_THEME_TEXTS);
    always when ``REVIEWLENS_PARTNER=1`` forces a partner."""
    return os.environ.get("REVIEWLENS_PARTNER", "").strip() == "1" or n_texts <= MAX_THEME_TEXTS


class _Ready:
    """A result computed here."""

    def __init__(self, value: Any) -> None:
        self.value = value

    def done(self) -> bool:
        return True

    def wait(self, timeout: float) -> None:
        pass

    def result(self) -> Any:
        return self.value

    def kill(self) -> None:
        pass


class _Pooled:
    """A job queued in the partner's process pool."""

    def __init__(self, future: Future) -> None:
        self.future = future

    def done(self) -> bool:
        return self.future.done()

    def wait(self, timeout: float) -> None:
        wait([self.future], timeout=timeout)

    def result(self) -> Any:
        return self.future.result()

    def kill(self) -> None:
        pass  # the pool's processes are terminated by Partner.close


class Job(Generic[T]):
    """One piece of work given to a :class:`Partner`."""

    def __init__(
        self,
        fn: Callable[..., T],
        args: tuple[Any, ...],
        progress: ProgressFn,
        cancel: CancelToken | None,
    ) -> None:
        self.fn, self.args, self.progress, self.cancel = fn, args, progress, cancel
        self.handle: _Ready | _Pooled | ForkedJob = _Ready(None)

    def done(self) -> bool:
        return self.handle.done()

    def run_here(self) -> None:
        extra: dict[str, Any] = {}
        if self.progress is not no_progress:
            extra["progress"] = self.progress
        if self.cancel is not None:
            extra["cancel"] = self.cancel
        self.handle = _Ready(self.fn(*self.args, **extra))


class Partner:
    """Partner processes for the duration of a ``with`` block, or none (``enabled=False``):
    a fresh fork per job where :func:`_can_fork`, else one spawn pool started by the first
    :meth:`submit`."""

    def __init__(self, enabled: bool) -> None:
        self.active = enabled
        self._pool: ProcessPoolExecutor | None = None
        self._jobs: list[Job[Any]] = []

    @property
    def forks(self) -> bool:
        """Whether the next job would go to a fresh fork (it inherits its arguments)."""
        return self.active and self._pool is None and _can_fork()

    def __enter__(self) -> Partner:
        return self

    def __exit__(self, kind: object, error: object, trace: object) -> None:
        self.close(kill=error is not None)

    def submit(
        self,
        fn: Callable[..., T],
        *args: Any,
        progress: ProgressFn = no_progress,
        cancel: CancelToken | None = None,
    ) -> Job[T]:
        """Run ``fn(*args)`` in the partner; without one, here and now (then ``fn`` also gets
        ``progress`` and ``cancel`` if given: pass them only to functions that take them)."""
        job = Job(fn, args, progress, cancel)
        if self.forks:
            try:
                job.handle = ForkedJob(fn, args)
                self._jobs.append(job)
                return job
            except OSError:  # could not fork (memory): work here
                self.close(kill=True)
        if self.active:
            try:
                if self._pool is None:
                    self._pool = ProcessPoolExecutor(
                        max_workers=1, mp_context=multiprocessing.get_context("spawn")
                    )
                job.handle = _Pooled(self._pool.submit(fn, *args))
                self._jobs.append(job)
                return job
            except (BrokenProcessPool, OSError, RuntimeError):  # could not start: work here
                self.close(kill=True)
        job.run_here()
        return job

    def result(self, job: Job[T], cancel: CancelToken | None = None) -> T:
        """The job's result, checking ``cancel`` while waiting. If the partner died (killed for
        memory, blocked by security software…), the job is run here instead."""
        while not job.handle.done():
            if cancel is not None:
                cancel.check()
            job.handle.wait(POLL_SECONDS)
        try:
            return job.handle.result()
        except BrokenProcessPool:
            self.close(kill=True)
            job.run_here()
            return job.handle.result()

    def close(self, *, kill: bool = False) -> None:
        """Stop the partner: at once (``kill``) or after its current job; no partner after."""
        self.active = False
        pool, self._pool = self._pool, None
        jobs, self._jobs = self._jobs, []
        if kill:
            for job in jobs:
                job.handle.kill()
            if pool is not None:
                for process in list((getattr(pool, "_processes", None) or {}).values()):
                    process.terminate()
        if pool is not None:
            pool.shutdown(wait=not kill, cancel_futures=True)


def shared_map(
    partner: Partner,
    fn: Callable[[Sequence[Any]], T],
    chunks: Sequence[Sequence[Any]],
    *,
    progress: ProgressFn = no_progress,
    cancel: CancelToken | None = None,
    message: str = "",
) -> list[T]:
    """``[fn(chunk) for chunk in chunks]``: this process takes chunks from the front, the
    partner from the back, until they meet. ``fn`` must be picklable (spawn platforms)."""
    progress(0.0, message)
    if partner.forks and len(chunks) > 1:
        try:
            share = ForkedShare(fn, chunks)
        except OSError:  # could not fork (memory): work here
            partner.close(kill=True)
        else:
            return forked_map(partner, share, fn, chunks, progress, cancel, message)
    return _pooled_map(partner, fn, chunks, progress, cancel, message)


def _pooled_map(
    partner: Partner,
    fn: Callable[[Sequence[Any]], T],
    chunks: Sequence[Sequence[Any]],
    progress: ProgressFn,
    cancel: CancelToken | None,
    message: str,
) -> list[T]:
    """shared_map with the partner's chunks sent to its pool (``QUEUED`` ahead)."""
    results: list[Any] = [None] * len(chunks)
    front, back = 0, len(chunks)
    queued: deque[tuple[int, Job[T]]] = deque()
    finished = 0
    while front < back or queued:
        if cancel is not None:
            cancel.check()
        while partner.active and len(queued) < QUEUED and front < back:
            back -= 1
            queued.append((back, partner.submit(fn, chunks[back])))
        while queued and queued[0][1].done():
            index, job = queued.popleft()
            results[index] = partner.result(job)
            finished += 1
        if front < back:
            results[front] = fn(chunks[front])
            front += 1
            finished += 1
        elif queued:
            index, job = queued.popleft()
            results[index] = partner.result(job, cancel)
            finished += 1
        progress(finished / max(len(chunks), 1), message)
    return results


class Deferred:
    """Jobs a partner can do while this process holds little memory: :meth:`start_next` (called
    at such moments) collects a finished job and forks the next, one at a time; :meth:`result`
    waits for a job, or does it here when no partner started it. Only forked partners are used:
    a spawned one would first need the arguments pickled."""

    def __init__(self, partner: Partner, jobs: dict[str, tuple[Callable[..., Any], tuple]]):
        self.partner, self.waiting = partner, dict(jobs)
        self.running: tuple[str, Job[Any]] | None = None
        self.results: dict[str, Any] = {}

    def start_next(self, cancel: CancelToken | None = None) -> None:
        if self.running is not None and self.running[1].done():
            self._collect(cancel)  # a finished fork holds its memory until its result is read
        if self.running is None and self.waiting and self.partner.forks:
            name = next(iter(self.waiting))
            fn, args = self.waiting.pop(name)
            self.running = (name, self.partner.submit(fn, *args))

    def result(self, name: str, cancel: CancelToken | None = None) -> Any:
        if self.running is not None and self.running[0] == name:
            self._collect(cancel)
        if name in self.waiting:
            fn, args = self.waiting.pop(name)
            self.results[name] = fn(*args, cancel=cancel)
        return self.results.pop(name)

    def _collect(self, cancel: CancelToken | None) -> None:
        assert self.running is not None
        name, job = self.running
        self.results[name] = self.partner.result(job, cancel)
        self.running = None
