"""The one worker abstraction: a :class:`Task` runs ``fn(progress, cancel)`` on the thread pool.

``fn`` is a plain function (no Qt) that reports ``progress(fraction, message)`` and calls
``cancel.check()`` between chunks. The task's public signals — ``progress(float, str)``,
``succeeded(object)``, ``failed(object)`` (the exception), ``cancelled()``, ``finished()`` — are
always emitted in the GUI thread: the pool thread only emits private signals to ``@Slot``
methods of the task (a GUI-thread QObject), which re-emit them unless the task was discarded.
Exceptions never escape the pool thread. Progress is throttled and never goes backwards.

A view owns one :class:`TaskRunner`: ``start`` cancels the previous task (its late result is
dropped), ``cancel`` frees the UI at once while the pool thread stops at its next check.

Where a body's work runs is not decided here: the analysis bodies come from
:mod:`app.runtime.tasks` (they wait in the pool thread for the work done elsewhere).
"""

from __future__ import annotations

import threading
import time
import weakref
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

from app.core.progress import Cancelled, CancelToken, ProgressFn

TaskFn = Callable[[ProgressFn, CancelToken], Any]

MIN_STEP = 0.005  # emit progress when it moved by at least 0.5 % …
MIN_INTERVAL = 0.05  # … or the message changed, and at most ~20 times a second

_OK, _FAILED, _CANCELLED = "ok", "failed", "cancelled"


class _Runnable(QRunnable):
    """Runs the task body in a pool thread; kept alive by its Task."""

    def __init__(self, task: Task) -> None:
        super().__init__()
        self.setAutoDelete(False)
        self._task = task

    def run(self) -> None:
        self._task._run_in_pool()


class Task(QObject):
    """One run of ``fn(progress, cancel)``; create it in the GUI thread."""

    progress = Signal(float, str)
    succeeded = Signal(object)
    failed = Signal(object)
    cancelled = Signal()
    finished = Signal()

    _progress_from_pool = Signal(float, str)
    _done_from_pool = Signal(str, object)

    def __init__(self, fn: TaskFn, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.fn: TaskFn | None = fn
        self.token = CancelToken()
        self.discarded = False  # set by the runner: results of this task are stale
        self._done = threading.Event()
        self._started = False
        self._runnable = _Runnable(self)
        self._last_value = -1.0
        self._last_message: str | None = None
        self._last_time = 0.0
        self._progress_from_pool.connect(self._deliver_progress)
        self._done_from_pool.connect(self._deliver_done)

    # -- control (GUI thread) ---------------------------------------------------------------
    def start(self, pool: QThreadPool | None = None) -> None:
        self._started = True
        (pool or QThreadPool.globalInstance()).start(self._runnable)

    def cancel(self) -> None:
        self.token.cancel()

    def is_done(self) -> bool:
        """True once the pool thread has left ``fn`` (or the task never started)."""
        return self._done.is_set() or not self._started

    def wait(self, timeout_ms: int) -> bool:
        """Block until the pool thread is done; False on timeout."""
        return self.is_done() or self._done.wait(timeout_ms / 1000)

    # -- pool thread ------------------------------------------------------------------------
    def _report(self, fraction: float, message: str) -> None:
        """The ``progress`` callback handed to ``fn``: monotonic and throttled."""
        value = min(max(float(fraction), self._last_value, 0.0), 1.0)
        now = time.monotonic()
        moved = value - self._last_value >= MIN_STEP or message != self._last_message
        if not moved or now - self._last_time < MIN_INTERVAL:
            return
        self._last_value, self._last_message, self._last_time = value, message, now
        self._progress_from_pool.emit(value, message)

    def _run_in_pool(self) -> None:
        try:
            self.token.check()
            assert self.fn is not None
            result = self.fn(self._report, self.token)
            outcome: tuple[str, object] = (
                (_CANCELLED, None) if self.token.cancelled else (_OK, result)
            )
        except Cancelled:
            outcome = (_CANCELLED, None)
        except BaseException as error:  # nothing may escape the pool thread
            outcome = (_CANCELLED, None) if self.token.cancelled else (_FAILED, error)
        try:
            self._done_from_pool.emit(*outcome)
        except RuntimeError:  # the task object was deleted while we ran
            pass
        finally:
            self.fn = None  # free whatever the closure holds
            self._done.set()

    # -- back in the GUI thread ----------------------------------------------------------------
    @Slot(float, str)
    def _deliver_progress(self, value: float, message: str) -> None:
        if not self.discarded and not self.token.cancelled:
            self.progress.emit(value, message)

    @Slot(str, object)
    def _deliver_done(self, outcome: str, payload: object) -> None:
        if not self.discarded:
            if outcome == _OK:
                self.succeeded.emit(payload)
            elif outcome == _FAILED:
                self.failed.emit(payload)
            else:
                self.cancelled.emit()
            self.finished.emit()
        self.deleteLater()


_RUNNERS: weakref.WeakSet[TaskRunner] = weakref.WeakSet()


class TaskRunner(QObject):
    """Runs one task at a time for a view; re-emits the current task's signals.

    ``start(fn, on_success=...)`` cancels and discards the previous task; ``on_success`` is
    called in the GUI thread with the result (only for the current task). Connect ``failed``
    to the error dialog and ``progress`` to a progress panel.
    """

    progress = Signal(float, str)
    succeeded = Signal(object)
    failed = Signal(object)
    cancelled = Signal()
    finished = Signal()

    def __init__(self, parent: QObject | None = None, pool: QThreadPool | None = None) -> None:
        super().__init__(parent)
        self._pool = pool
        self._task: Task | None = None
        self._on_success: Callable[[Any], None] | None = None
        self._pending: list[Task] = []  # started tasks whose pool thread may still run
        _RUNNERS.add(self)

    def start(self, fn: TaskFn, on_success: Callable[[Any], None] | None = None) -> Task:
        """Run ``fn(progress, cancel)`` in the pool; a running task is cancelled first."""
        self._discard_current()
        task = Task(fn, self)
        task.progress.connect(self.progress)
        task.succeeded.connect(self._task_succeeded)
        task.failed.connect(self._task_failed)
        task.cancelled.connect(self._task_cancelled)
        self._task, self._on_success = task, on_success
        self._pending = [t for t in self._pending if not t.is_done()] + [task]
        task.start(self._pool)
        return task

    def cancel(self) -> None:
        """Stop the current task; ``cancelled`` and ``finished`` are emitted right away."""
        if self._task is None:
            return
        self._discard_current()
        self.cancelled.emit()
        self.finished.emit()

    def is_running(self) -> bool:
        """True while this view waits for a result."""
        return self._task is not None

    def is_busy(self) -> bool:
        """True while any pool thread of this runner is still inside a task (even cancelled)."""
        return any(not t.is_done() for t in self._pending)

    def wait_done(self, timeout_ms: int = 5000) -> bool:
        """Block until every task of this runner left its pool thread; False on timeout."""
        deadline = time.monotonic() + timeout_ms / 1000
        for task in list(self._pending):
            remaining = max(0, int((deadline - time.monotonic()) * 1000))
            if not task.wait(remaining):
                return False
        self._pending = []
        return True

    def shutdown(self, timeout_ms: int = 5000) -> bool:
        """Cancel and wait: for closing a window."""
        if self._task is not None:
            self._discard_current()
        for task in self._pending:
            task.cancel()
        return self.wait_done(timeout_ms)

    def _discard_current(self) -> None:
        if self._task is not None:
            self._task.discarded = True
            self._task.cancel()
        self._task, self._on_success = None, None

    def _finish(self) -> Callable[[Any], None] | None:
        callback = self._on_success
        self._task, self._on_success = None, None
        return callback

    @Slot(object)
    def _task_succeeded(self, result: object) -> None:
        callback = self._finish()
        if callback is not None:
            callback(result)
        self.succeeded.emit(result)
        self.finished.emit()

    @Slot(object)
    def _task_failed(self, error: object) -> None:
        self._finish()
        self.failed.emit(error)
        self.finished.emit()

    @Slot()
    def _task_cancelled(self) -> None:
        self._finish()
        self.cancelled.emit()
        self.finished.emit()


def live_runners() -> list[TaskRunner]:
    """Every TaskRunner still alive (for shutdown and for tests)."""
    return list(_RUNNERS)


def shutdown_all(timeout_ms: int = 5000) -> bool:
    """Cancel every runner's tasks and wait for their pool threads."""
    ok = True
    for runner in live_runners():
        try:
            ok = runner.shutdown(timeout_ms) and ok
        except RuntimeError:  # its C++ object is already gone
            continue
    return ok
