"""GUI responsiveness: ``python benchmarks/bench_gui.py [--rows 200000 | --input FILE] [...]``.

Opens the main window offscreen (1366×768), imports ``--input`` or an invented export (made with
``python -m tools.samples`` unless it already exists) and runs the analysis through the real GUI
path (the import page's 开始分析 button → the worker). A QTimer firing every 10 ms records the
gaps between its ticks: the longest gap is the longest time the window could not react.

Prints, with the load average next to each figure:

* the event-loop gaps (max / p99) during import, during the analysis, and from ``resultReady``
  until the dashboard's charts are drawn and painted;
* the time until results are shown and until the charts are ready;
* how long each page's ``set_result`` takes on the GUI thread;
* cancel latency: clicking 取消 mid-analysis until the import page is usable again (and until
  the worker thread has actually stopped);
* the review browser over a synthetic reviews frame of ``--browser-rows`` rows: ``set_result``,
  filter and sort times.
"""

from __future__ import annotations

import argparse
import gc
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import numpy as np  # noqa: E402
from PySide6.QtCore import QElapsedTimer, QEventLoop, QObject, QSettings, Qt, QTimer  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402

BENCH_DIR = Path(tempfile.gettempdir()) / "reviewlens-bench"
SIZE = (1366, 768)


def load() -> str:
    return "load {:.2f} {:.2f} {:.2f}".format(*os.getloadavg())


class GapMeter(QObject):
    """A 10 ms timer; ``gaps`` are the milliseconds between consecutive ticks."""

    def __init__(self) -> None:
        super().__init__()
        self.timer = QTimer(self, interval=10, timerType=Qt.TimerType.PreciseTimer)
        self.timer.timeout.connect(self._tick)
        self.clock = QElapsedTimer()
        self.gaps: list[float] = []
        self._last = 0.0

    def start(self) -> None:
        self.gaps = []
        self.clock.start()
        self._last = 0.0
        self.timer.start()

    def _tick(self) -> None:
        now = self.clock.nsecsElapsed() / 1e6
        self.gaps.append(now - self._last)
        self._last = now

    def stop(self) -> list[float]:
        self.timer.stop()
        self._tick()  # the time since the last tick counts too
        return self.gaps

    @staticmethod
    def summary(gaps: list[float]) -> str:
        if not gaps:
            return "no ticks"
        arr = np.asarray(gaps)
        over = int((arr > 100).sum())
        return (
            f"max {arr.max():.0f} ms, p99 {np.percentile(arr, 99):.0f} ms, "
            f"{over} gap(s) > 100 ms over {arr.sum() / 1000:.1f} s"
        )


def wait_for(signal: object, timeout_s: float = 900) -> list[object]:
    loop = QEventLoop()
    got: list[object] = []

    def done(*args: object) -> None:
        got.append(args)
        loop.quit()

    signal.connect(done)  # type: ignore[attr-defined]
    QTimer.singleShot(int(timeout_s * 1000), loop.quit)
    loop.exec()
    signal.disconnect(done)  # type: ignore[attr-defined]
    if not got:
        raise TimeoutError(f"no {signal} within {timeout_s} s")
    return list(got[0])


def run_until(signal: object, action, pending=None) -> None:
    """Call ``action``, then run the event loop until ``signal`` fires; when ``pending()`` says
    nothing is under way after ``action`` (e.g. a cached sort), return at once."""
    loop = QEventLoop()
    got: list[bool] = []
    signal.connect(lambda *_a: (got.append(True), loop.quit()))  # type: ignore[attr-defined]
    action()
    if got or (pending is not None and not pending()):
        return
    loop.exec()


def spin(seconds: float) -> None:
    loop = QEventLoop()
    QTimer.singleShot(int(seconds * 1000), loop.quit)
    loop.exec()


def sample_file(rows: int) -> Path:
    path = BENCH_DIR / f"bench_{rows}.csv"
    if not path.exists():
        BENCH_DIR.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [sys.executable, "-m", "tools.samples", "--rows", str(rows), "-o", str(path)],
            check=True,
            cwd=ROOT,
        )
    return path


def timed(fn, *args):
    started = time.perf_counter()
    out = fn(*args)
    return (time.perf_counter() - started) * 1000, out


def bench_analysis(window, app, meter: GapMeter, csv: Path) -> None:
    print(f"\n== {csv.name}: import, analysis, dashboard ==")
    meter.start()
    started = time.perf_counter()
    window.open_files([str(csv)])
    wait_for(window.import_page.importDone)
    print(
        f"import check: {time.perf_counter() - started:.1f} s; gaps {meter.summary(meter.stop())}; {load()}"
    )
    spin(0.3)

    marks: dict[str, float] = {}
    window.resultReady.connect(lambda _r: marks.setdefault("result", time.perf_counter()))
    window.analysis_runner.progress.connect(
        lambda _v, _m: marks.setdefault("progress", time.perf_counter())
    )
    window.stack.currentChanged.connect(
        lambda _i: (
            window.current_page_key() == "dashboard"
            and marks.setdefault("shown", time.perf_counter())
        )
    )
    meter.start()
    started = time.perf_counter()
    QTest.mouseClick(window.import_page.analyze_button, Qt.MouseButton.LeftButton)
    wait_for(window.resultReady)
    analysis_gaps = list(meter.gaps)
    split = len(analysis_gaps)
    wait_for(window.dashboard_page.chartsReady)
    marks["charts"] = time.perf_counter()
    spin(1.5)  # let every canvas paint
    gaps = meter.stop()
    print(f"analysis (click → resultReady): {marks['result'] - started:.1f} s; {load()}")
    print(f"  first progress from the analysis process: {marks['progress'] - started:.1f} s")
    print(f"  event loop during the analysis: {meter.summary(analysis_gaps)}")
    print(f"results shown (click → dashboard page current): {marks['shown'] - started:.1f} s")
    print(
        f"resultReady → dashboard current: {(marks['shown'] - marks['result']) * 1000:.0f} ms; "
        f"→ charts ready: {(marks['charts'] - marks['result']) * 1000:.0f} ms; {load()}"
    )
    print(f"  event loop from resultReady to charts painted: {meter.summary(gaps[split:])}")

    result = window.result
    for key in ("dashboard", "browser", "themes", "export"):
        page = window.page(key)
        took, _ = timed(page.set_result, result)
        print(f"  {key}.set_result on the GUI thread: {took:.0f} ms")
        if key == "dashboard":
            meter.start()
            wait_for(page.chartsReady)
            page_gaps = meter.stop()
            print(f"    charts again, event loop: {GapMeter.summary(page_gaps)}")
    for key in ("dashboard", "browser", "themes", "export"):
        meter.start()
        window.show_page(key)
        spin(0.3)
        print(f"  show {key}: event loop {meter.summary(meter.stop())}")
    app.processEvents()


def bench_cancel(window, meter: GapMeter) -> None:
    print("\n== cancel mid-analysis ==")
    for delay in (3.0, 8.0, 15.0):
        window.show_page("import")
        spin(0.3)
        QTest.mouseClick(window.import_page.analyze_button, Qt.MouseButton.LeftButton)
        spin(delay)
        if window.current_page_key() != "analysis":  # a fast machine finished already
            print(f"after {delay:.0f} s: the analysis had already finished")
            continue
        stage = window.analysis_panel.stage.text()
        meter.start()
        usable = QEventLoop()
        started = time.perf_counter()
        QTest.mouseClick(window.analysis_panel.cancel_button, Qt.MouseButton.LeftButton)
        # usable: the import page is current and the next event-loop turn has run
        QTimer.singleShot(0, usable.quit)
        usable.exec()
        ui_ms = (time.perf_counter() - started) * 1000
        ok = window.current_page_key() == "import" and window.import_page.analyze_button.isEnabled()
        while window.analysis_runner.is_busy():
            spin(0.02)
        thread_ms = (time.perf_counter() - started) * 1000
        print(
            f"after {delay:.0f} s ({stage}): UI usable in {ui_ms:.0f} ms (ok={ok}), "
            f"worker stopped in {thread_ms:.0f} ms; event loop {meter.summary(meter.stop())}; "
            f"{load()}"
        )


def bench_browser(window, meter: GapMeter, rows: int) -> None:
    from bench_report import synthetic

    from app.core.reviews.filter import ReviewFilter

    print(f"\n== review browser, {rows:,} rows ==")
    started = time.perf_counter()
    result = synthetic(rows)
    print(f"synthetic result built in {time.perf_counter() - started:.1f} s")
    page = window.browser_page
    window.show_page("browser")
    spin(0.2)
    meter.start()
    took, _ = timed(page.set_result, result)
    spin(0.3)
    print(f"set_result: {took:.0f} ms; event loop {meter.summary(meter.stop())}; {load()}")
    filters = {
        "complaints": ReviewFilter(sentiment="complaint"),
        "4–5 stars": ReviewFilter(ratings=frozenset({4, 5})),
        "text 质量": ReviewFilter(text="质量"),
        "theme": ReviewFilter(theme=str(result.themes["key"].iloc[0])),
        "none": ReviewFilter(),
    }
    for name, flt in filters.items():
        meter.start()
        took, _ = timed(run_until, page.filterChanged, lambda f=flt: page.apply_filter(f))
        spin(0.2)
        print(
            f"filter {name}: {took:.0f} ms until shown ({page.shown_count():,} rows); "
            f"event loop {meter.summary(meter.stop())}; {load()}"
        )
    for column, label in ((0, "text"), (4, "date"), (2, "sentiment"), (0, "text again")):
        meter.start()
        sort = lambda c=column: page.table.sortByColumn(c, Qt.SortOrder.AscendingOrder)  # noqa: E731
        took, _ = timed(run_until, page.model.sortFinished, sort, page.model.is_sorting)
        spin(0.2)
        print(
            f"sort by {label}: {took:.0f} ms until shown; event loop "
            f"{meter.summary(meter.stop())}; {load()}"
        )


def _watch_gc(threshold_ms: float = 50.0) -> list[tuple[int, float]]:
    """Record the garbage collections of this (GUI) process longer than ``threshold_ms``."""
    pauses: list[tuple[int, float]] = []
    started = [0.0]

    def callback(phase: str, info: dict) -> None:
        if phase == "start":
            started[0] = time.perf_counter()
        elif (took := (time.perf_counter() - started[0]) * 1000) >= threshold_ms:
            pauses.append((info["generation"], took))

    gc.callbacks.append(callback)
    return pauses


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--input", type=Path, help="analyse this export instead of invented rows")
    parser.add_argument("--browser-rows", type=int, default=1_000_000)
    parser.add_argument("--skip", nargs="*", default=[], choices=["analysis", "cancel", "browser"])
    args = parser.parse_args()

    from app.gui.application import create_application
    from app.gui.main_window import MainWindow

    scratch = tempfile.TemporaryDirectory(prefix="reviewlens-bench-")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, scratch.name)
    app, settings = create_application([sys.argv[0]])
    window = MainWindow(settings)
    window.resize(*SIZE)
    window.show()
    meter = GapMeter()
    pauses = _watch_gc()
    print(f"ReviewLens GUI benchmark, {os.cpu_count()} cores, {load()}")
    try:
        if "analysis" not in args.skip or "cancel" not in args.skip:
            csv = args.input or sample_file(args.rows)
            if "analysis" not in args.skip:
                bench_analysis(window, app, meter, csv)
            else:
                window.open_files([str(csv)])
                wait_for(window.import_page.importDone)
            if "cancel" not in args.skip:
                bench_cancel(window, meter)
        if "browser" not in args.skip:
            bench_browser(window, meter, args.browser_rows)
    finally:
        window.close()
        scratch.cleanup()
    shown = ", ".join(f"gen{gen} {ms:.0f} ms" for gen, ms in pauses) or "none"
    print(f"\ngarbage collections of the GUI process over 50 ms: {shown}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
