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

from app.core.progress import CancelToken, ProgressFn, no_progress

T = TypeVar("T")
POLL_SECONDS = 0.05
MIN_TEXTS = 40_000  # distinct texts below which a second process costs more than it saves
QUEUED = 3  # chunks waiting for the partner in shared_map, so it never waits for this process


def _context() -> multiprocessing.context.BaseContext:
    """fork where it is safe (Linux, single-threaded caller), else spawn (Windows, macOS, GUI)."""
    if sys.platform.startswith("linux") and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


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


class _Forked:
    """A job in a freshly forked process that inherits its arguments (nothing is pickled but
    the result)."""

    def __init__(self, fn: Callable[..., Any], args: tuple[Any, ...]) -> None:
        context = multiprocessing.get_context("fork")
        self._conn, child_end = context.Pipe(duplex=False)
        self.process = context.Process(target=_send_result, args=(child_end, fn, args))
        self.process.daemon = True
        self.process.start()
        child_end.close()

    def done(self) -> bool:
        return self._conn.poll()  # a result, or end of file when the process died

    def wait(self, timeout: float) -> None:
        self._conn.poll(timeout)

    def result(self) -> Any:
        try:
            ok, value = self._conn.recv()
        except EOFError:
            raise BrokenProcessPool("the partner process died") from None
        finally:
            self._conn.close()
        self.process.join()
        if ok:
            return value
        raise value

    def kill(self) -> None:
        if self.process.is_alive():
            self.process.terminate()
        self.process.join(timeout=5)


def _send_result(conn: Any, fn: Callable[..., Any], args: tuple[Any, ...]) -> None:
    try:
        conn.send((True, fn(*args)))
    except BaseException as error:
        conn.send((False, error))
    finally:
        conn.close()


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
        self.handle: _Ready | _Pooled | _Forked = _Ready(None)

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
        if self.active and self._pool is None and _can_fork():
            try:
                job.handle = _Forked(fn, args)
                self._jobs.append(job)
                return job
            except OSError:  # could not fork (memory): work here
                self.close(kill=True)
        if self.active:
            try:
                if self._pool is None:
                    self._pool = ProcessPoolExecutor(max_workers=1, mp_context=_context())
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
    if partner.active and len(chunks) > 1 and partner._pool is None and _can_fork():
        try:
            share = _ForkedShare(fn, chunks)
        except OSError:  # could not fork (memory): work here
            partner.close(kill=True)
        else:
            return _forked_map(partner, share, fn, chunks, progress, cancel, message)
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


class _ForkedShare:
    """A forked process working through ``chunks`` from the back while this one takes them
    from the front (a shared pair of bounds under a lock); it sends its results when done."""

    def __init__(self, fn: Callable[[Sequence[Any]], Any], chunks: Sequence[Any]) -> None:
        context = multiprocessing.get_context("fork")
        self.lock = context.Lock()
        self.bounds = context.Array("q", [0, len(chunks), 0], lock=False)  # front, back, done
        self._conn, child_end = context.Pipe(duplex=False)
        self.process = context.Process(
            target=_work_from_back, args=(child_end, fn, chunks, self.lock, self.bounds)
        )
        self.process.daemon = True
        self.process.start()
        child_end.close()

    def take_front(self) -> int | None:
        with self.lock:
            front, back, _ = self.bounds
            if front >= back:
                return None
            self.bounds[0] = front + 1
            return front

    def finished(self) -> int:
        return self.bounds[2]

    def mark_done(self) -> None:
        with self.lock:
            self.bounds[2] += 1

    def wait(self, cancel: CancelToken | None, report: Callable[[], None]) -> dict[int, Any] | None:
        """The partner's results by chunk index (None if it died or failed)."""
        while not self._conn.poll(POLL_SECONDS):
            if cancel is not None:
                cancel.check()
            report()
        try:
            ok, value = self._conn.recv()
        except (EOFError, OSError):
            ok, value = False, None
        finally:
            self._conn.close()
        self.process.join()
        return value if ok else None

    def kill(self) -> None:
        if self.process.is_alive():
            self.process.terminate()
        self.process.join(timeout=5)
        self._conn.close()


def _work_from_back(
    conn: Any, fn: Callable[[Sequence[Any]], Any], chunks: Sequence[Any], lock: Any, bounds: Any
) -> None:
    results: dict[int, Any] = {}
    try:
        while True:
            with lock:
                if bounds[0] >= bounds[1]:
                    break
                bounds[1] -= 1
                index = bounds[1]
            results[index] = fn(chunks[index])
            with lock:
                bounds[2] += 1
        conn.send((True, results))
    except BaseException:  # this process's share is redone by the caller
        conn.send((False, None))
    finally:
        conn.close()


def _forked_map(
    partner: Partner,
    share: _ForkedShare,
    fn: Callable[[Sequence[Any]], T],
    chunks: Sequence[Sequence[Any]],
    progress: ProgressFn,
    cancel: CancelToken | None,
    message: str,
) -> list[T]:
    """shared_map with a :class:`_ForkedShare`; chunks the partner did not deliver (it died)
    are done here."""
    results: dict[int, Any] = {}

    def report() -> None:
        progress(share.finished() / len(chunks), message)

    try:
        while (index := share.take_front()) is not None:
            if cancel is not None:
                cancel.check()
            results[index] = fn(chunks[index])
            share.mark_done()
            report()
        theirs = share.wait(cancel, report)
    except BaseException:
        share.kill()
        raise
    if theirs is None:
        partner.close(kill=False)  # it died: no more partner work in this analysis
    results.update(theirs or {})
    for index in range(len(chunks)):
        if index not in results:
            if cancel is not None:
                cancel.check()
            results[index] = fn(chunks[index])
    progress(1.0, message)
    return [results[index] for index in range(len(chunks))]
