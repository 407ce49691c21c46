"""Re-opening a shop: ``python benchmarks/shop_reopen.py SHOP [--runs 3] [--no-live]``.

Offscreen (1366×768, throw-away settings). When SHOP holds no snapshot yet, it is opened once
and the live analysis waited for until its snapshot is stored. Then, in a fresh window each
run, it times:

* ``load_snapshot`` alone (header check + read-only read of the stored dashboard);
* ``open_shop`` until 总览 is visible from the snapshot (banner shown, painted);
* with the live analysis left to finish (not with ``--no-live``): until the live result.

Prints the figures with the load average (the machine is shared). Measured on a shop of
bench_varied_200000.csv (188,089 reviews, 2 shared cores, load ≈1.5): load_snapshot 1 ms;
open_shop → snapshot 总览 shown 33–34 ms (painted 49–55 ms); live result 28–34 s; the snapshot
(9 charts) is about 630 KB.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEventLoop, QSettings, QTimer  # noqa: E402

TIMEOUT_MS = 1_800_000


def load() -> str:
    return "load {:.2f} {:.2f} {:.2f}".format(*os.getloadavg())


def wait_for(signal: object, timeout_ms: int = TIMEOUT_MS) -> None:
    loop = QEventLoop()
    signal.connect(loop.quit)  # type: ignore[attr-defined]
    QTimer.singleShot(timeout_ms, loop.quit)
    loop.exec()
    signal.disconnect(loop.quit)  # type: ignore[attr-defined]


def wait_until(check: object, timeout_s: float = 600.0) -> None:
    from PySide6.QtWidgets import QApplication

    end = time.perf_counter() + timeout_s
    while not check() and time.perf_counter() < end:  # type: ignore[operator]
        QApplication.processEvents()
        time.sleep(0.05)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("shop")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-live", action="store_true", help="cancel the live analysis")
    args = parser.parse_args(argv)
    shop = str(Path(args.shop).resolve())

    from app.gui.application import create_application
    from app.gui.main_window import MainWindow
    from app.history.snapshot import load_snapshot

    scratch = tempfile.TemporaryDirectory(prefix="reviewlens-reopen-")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, scratch.name)
    app, settings = create_application([sys.argv[0]])

    def window() -> MainWindow:
        win = MainWindow(settings)
        win.resize(1366, 768)
        win.show()
        app.processEvents()
        return win

    if load_snapshot(shop) is None:
        print(f"no snapshot yet: opening once and analysing ({load()})", flush=True)
        win = window()
        start = time.perf_counter()
        win.open_shop(shop)
        wait_for(win.resultReady)
        print(f"  first open, live result: {time.perf_counter() - start:.1f} s", flush=True)
        wait_until(lambda: load_snapshot(shop) is not None)
        print(f"  snapshot stored after: {time.perf_counter() - start:.1f} s", flush=True)
        win.close()

    snap = load_snapshot(shop)
    assert snap is not None, "no snapshot was stored"
    size = len(str(snap.payload)) + sum(len(p) for p in snap.charts.values())
    print(
        f"snapshot: {len(snap.charts)} charts, about {size / 1024:.0f} KB, current={snap.current}"
    )
    for run in range(1, args.runs + 1):
        start = time.perf_counter()
        load_snapshot(shop)
        alone = time.perf_counter() - start

        win = window()
        page = win.dashboard_page
        start = time.perf_counter()
        win.open_shop(shop)
        shown = time.perf_counter() - start
        page.repaint()  # painted, charts included
        app.processEvents()
        painted = time.perf_counter() - start
        ok = page.isVisible() and page.banner.isVisible() and page.snapshot is not None
        line = (
            f"run {run}: load_snapshot {alone * 1000:.0f} ms · open_shop → snapshot 总览 shown "
            f"{shown * 1000:.0f} ms, painted {painted * 1000:.0f} ms"
        )
        if not ok:
            line += " (snapshot NOT shown)"
        if args.no_live:
            win.analysis_runner.cancel()
        else:
            wait_for(win.resultReady)
            line += f" · live result {time.perf_counter() - start:.1f} s"

            def saved(w: MainWindow = win) -> bool:
                saver = getattr(w, "snapshot_saver", None)
                return saver is not None and not saver.is_running()

            wait_until(saved)
        print(f"{line} ({load()})", flush=True)
        win.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
