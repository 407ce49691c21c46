"""Partner work in fresh forks (Linux): a job that inherits its arguments and sends back only
its result, and a forked share of a :func:`~app.core.partner.shared_map`. Frozen out of the
cyclic GC while forking, and ended with the analysing process."""

from __future__ import annotations

import contextlib
import ctypes
import gc
import multiprocessing
import os
import signal
from collections.abc import Callable, Sequence
from concurrent.futures.process import BrokenProcessPool
from multiprocessing.process import BaseProcess
from typing import TYPE_CHECKING, Any, TypeVar

from app.core.progress import CancelToken, ProgressFn

if TYPE_CHECKING:
    from app.core.partner import Partner

T = TypeVar("T")
POLL_SECONDS = 0.05


class ForkedJob:
    """A job in a freshly forked process that inherits its arguments (nothing is pickled but
    the result)."""

    def __init__(self, fn: Callable[..., Any], args: tuple[Any, ...]) -> None:
        self._conn, self.process = _fork(_send_result, fn, args)

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
        # not waited for: a big fork takes a while to end (~0.15 s at a million reviews), and
        # multiprocessing reaps it at the next fork
        self.process.join(timeout=0)
        if ok:
            return value
        raise value

    def kill(self) -> None:
        _terminate(self.process)


def _fork(target: Callable[..., None], *args: Any) -> tuple[Any, BaseProcess]:
    """``target(child_end_of_a_pipe, *args, this_process_id)`` in a forked daemon process;
    returns (this end of the pipe, the process). The fork happens with this process's objects
    frozen out of the cyclic GC, so the child's collections leave the inherited objects (and
    their memory pages, shared until written) alone."""
    context = multiprocessing.get_context("fork")
    conn, child_end = context.Pipe(duplex=False)
    process = context.Process(target=target, args=(child_end, *args, os.getpid()), daemon=True)
    gc.freeze()
    try:
        process.start()
    finally:
        gc.unfreeze()
        child_end.close()
    return conn, process


def _terminate(process: BaseProcess) -> None:
    if process.is_alive():
        process.terminate()
    process.join(timeout=5)


def _die_with_parent(parent: int) -> None:
    """In a forked partner: end when the analysing process ends (the GUI stops a cancelled
    analysis by terminating its process, which would otherwise leave this one working)."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    if os.getppid() != parent:  # it ended before the line above
        os._exit(1)


def _send_result(conn: Any, fn: Callable[..., Any], args: tuple[Any, ...], parent: int) -> None:
    _die_with_parent(parent)
    try:
        conn.send((True, fn(*args)))
    except BaseException as error:
        conn.send((False, error))
    finally:
        conn.close()


class ForkedShare:
    """A forked process working through ``chunks`` from the back while this one takes them
    from the front (a shared pair of bounds under a lock); it sends its results when done."""

    def __init__(self, fn: Callable[[Sequence[Any]], Any], chunks: Sequence[Any]) -> None:
        context = multiprocessing.get_context("fork")
        self.lock = context.Lock()
        self.bounds = context.Array("q", [0, len(chunks), 0], lock=False)  # front, back, done
        self._conn, self.process = _fork(_work_from_back, fn, chunks, self.lock, self.bounds)

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
        """The partner's results by chunk index (None if it died or failed). They arrive one
        chunk per message, with a cancel check between (unpickling them all at once held the
        check for a second at a million reviews)."""
        results: dict[int, Any] = {}
        ok = True
        try:
            while True:
                if cancel is not None:
                    cancel.check()  # raising: the caller kills the process
                report()
                if not self._conn.poll(POLL_SECONDS):
                    continue
                message = self._conn.recv()
                if message is None:  # all sent
                    break
                if message is False:  # it failed: its share is redone by the caller
                    ok = False
                    break
                index, value = message
                results[index] = value
        except (EOFError, OSError):  # it died
            ok = False
        self._conn.close()
        self.process.join()
        return results if ok else None

    def kill(self) -> None:
        _terminate(self.process)
        self._conn.close()


def _work_from_back(
    conn: Any,
    fn: Callable[[Sequence[Any]], Any],
    chunks: Sequence[Any],
    lock: Any,
    bounds: Any,
    parent: int,
) -> None:
    _die_with_parent(parent)
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
    except BaseException:  # this process's share is redone by the caller
        conn.send(False)
    else:
        for item in results.items():
            conn.send(item)
        conn.send(None)
    finally:
        conn.close()


def forked_map(
    partner: Partner,
    share: ForkedShare,
    fn: Callable[[Sequence[Any]], T],
    chunks: Sequence[Sequence[Any]],
    progress: ProgressFn,
    cancel: CancelToken | None,
    message: str,
) -> list[T]:
    """shared_map with a :class:`ForkedShare`; chunks the partner did not deliver (it died)
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
