"""Task / TaskRunner: results in the GUI thread, errors become ``failed``, stale results dropped,
progress throttled and monotonic, cancel frees the UI at once."""

from __future__ import annotations

import sys
import threading
import time

import pytest
from PySide6.QtCore import QThread

from app.core.errors import AppError
from app.gui.workers import MIN_INTERVAL, Task, TaskRunner, shutdown_all


class Recorder:
    """Collects a runner's signals (emitted in the GUI thread) and the thread they arrived in."""

    def __init__(self, runner: TaskRunner) -> None:
        self.events: list[tuple[str, object]] = []
        self.threads: set[object] = set()
        for name in ("succeeded", "failed"):
            getattr(runner, name).connect(lambda value, n=name: self._add(n, value))
        runner.cancelled.connect(lambda: self._add("cancelled", None))
        runner.finished.connect(lambda: self._add("finished", None))
        runner.progress.connect(lambda value, message: self._add("progress", (value, message)))

    def _add(self, name: str, value: object) -> None:
        self.threads.add(QThread.currentThread())
        self.events.append((name, value))

    def names(self) -> list[str]:
        return [n for n, _v in self.events if n != "progress"]

    def progress(self) -> list[tuple[float, str]]:
        return [v for n, v in self.events if n == "progress"]  # type: ignore[misc]


@pytest.fixture
def runner(qapp):
    r = TaskRunner()
    yield r
    r.shutdown(5000)


def test_success_is_delivered_in_the_gui_thread(qtbot, runner):
    rec = Recorder(runner)
    got = []
    with qtbot.waitSignal(runner.finished, timeout=5000):
        runner.start(lambda progress, cancel: threading.get_ident(), on_success=got.append)
    assert rec.names() == ["succeeded", "finished"]
    assert got and got[0] != threading.get_ident()  # fn ran in a pool thread
    assert rec.threads == {qapp_thread()}
    assert not runner.is_running()


def qapp_thread():
    from PySide6.QtWidgets import QApplication

    return QApplication.instance().thread()


@pytest.mark.parametrize(
    "error", [ValueError("boom"), AppError("坏文件", "bad file"), SystemExit(3)]
)
def test_exceptions_become_failed(qtbot, runner, error):
    rec = Recorder(runner)

    def fn(progress, cancel):
        raise error

    with qtbot.waitSignal(runner.finished, timeout=5000):
        runner.start(fn, on_success=lambda r: pytest.fail("no success expected"))
    assert rec.names() == ["failed", "finished"]
    assert rec.events[-2][1] is error


def test_a_new_start_drops_the_stale_result(qtbot, runner):
    rec = Recorder(runner)
    release = threading.Event()

    def slow(progress, cancel):
        release.wait(5)  # ignores the token on purpose: its result arrives late
        return "old"

    runner.start(slow)
    with qtbot.waitSignal(runner.succeeded, timeout=5000) as blocker:
        runner.start(lambda progress, cancel: "new")
    assert blocker.args == ["new"]
    release.set()
    assert runner.wait_done(5000)
    qtbot.wait(50)  # give a (wrong) late delivery the chance to arrive
    assert [v for n, v in rec.events if n == "succeeded"] == ["new"]


def test_progress_is_throttled_and_monotonic(qtbot, runner):
    rec = Recorder(runner)

    def chatty(progress, cancel):
        end = time.monotonic() + 0.4
        i = 0
        while time.monotonic() < end:
            i += 1
            progress(min(i / 200_000, 1.0) - (0.1 if i % 7 == 0 else 0.0), "读取")
        progress(1.0, "完成")
        return i

    with qtbot.waitSignal(runner.succeeded, timeout=5000) as blocker:
        runner.start(chatty)
    calls = blocker.args[0]
    values = [v for v, _m in rec.progress()]
    assert calls > 1000 and 1 <= len(values) <= 0.4 / MIN_INTERVAL + 3
    assert values == sorted(values)
    assert all(0.0 <= v <= 1.0 for v in values)


def test_cancel_frees_the_ui_at_once_and_the_thread_within_a_second(qtbot, runner):
    rec = Recorder(runner)
    started = threading.Event()

    def long_task(progress, cancel):
        started.set()
        for _ in range(1000):  # 10 s if nobody cancels
            cancel.check()
            time.sleep(0.01)
        return "done"

    runner.start(long_task, on_success=lambda r: pytest.fail("cancelled task succeeded"))
    assert started.wait(5)
    t0 = time.monotonic()
    runner.cancel()
    assert rec.names() == ["cancelled", "finished"] and not runner.is_running()
    assert runner.wait_done(1000)
    assert time.monotonic() - t0 < 1.0
    qtbot.wait(30)
    assert rec.names() == ["cancelled", "finished"]


def test_task_signals_without_a_runner(qtbot):
    task = Task(lambda progress, cancel: 42)
    with qtbot.waitSignal(task.succeeded, timeout=5000) as blocker:
        task.start()
    assert blocker.args == [42]
    assert task.wait(1000)


def test_cancel_before_start_reports_cancelled(qtbot):
    task = Task(lambda progress, cancel: 1)
    task.cancel()
    with qtbot.waitSignal(task.cancelled, timeout=5000):
        task.start()


def test_shutdown_all_cancels_and_waits(qapp):
    runner = TaskRunner()

    def long_task(progress, cancel):
        for _ in range(500):
            cancel.check()
            time.sleep(0.01)

    runner.start(long_task)
    assert runner.is_busy() or runner.is_running()
    assert shutdown_all(2000)
    assert not runner.is_busy() and not runner.is_running()


def test_many_emits_cannot_exhaust_the_refcount_of_true(qapp):
    """PySide6 6.12's emit() drops a reference to True per call; app.gui pins bools."""
    task = Task(lambda progress, cancel: None)
    before = sys.getrefcount(True)
    for _ in range(5000):
        task.cancelled.emit()
    assert sys.getrefcount(True) > 1 << 30 or sys.getrefcount(True) >= before
    task.deleteLater()


def test_the_analysis_runs_in_a_child_process_that_cancel_stops_at_once(qtbot, runner):
    import multiprocessing

    from app.core.ingest.ledger import build_import
    from app.io.readers.read import read_file
    from app.runtime.tasks import analysis_task as analyze
    from app.samples import sample_path

    imported = build_import([read_file(sample_path())])
    rec = Recorder(runner)
    with qtbot.waitSignal(runner.progress, timeout=60000):  # the child is running the analysis
        runner.start(lambda progress, cancel: analyze(imported, progress, cancel))
    children = [p for p in multiprocessing.active_children() if p.name == "reviewlens-analysis"]
    assert children
    started = time.monotonic()
    runner.cancel()
    assert runner.wait_done(1000) and time.monotonic() - started < 1.0
    assert not any(p.is_alive() for p in children)
    assert rec.names() == ["cancelled", "finished"]
