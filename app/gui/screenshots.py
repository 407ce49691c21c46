"""``python main.py --screenshots DIR [FILE...]``: PNGs of every page, drawn offscreen.

Opens the window at 1366×768 with throw-away settings, imports the files (the bundled sample
when none are given), runs the analysis and saves: start, import check, dashboard, browser
filtered by the biggest complaint theme, themes and export (``start.png``, ``import_check.png``,
``dashboard.png``, ``dashboard_charts.png``, ``browser.png``, ``themes.png``, ``export.png``).
``REVIEWLENS_SCREENSHOT_LANG=en`` takes them with the English interface; ``=both`` takes the
Chinese set, then switches the running window to English (as a user would, after the analysis)
and takes every page again into ``DIR/en/``. Returns 0 on success.
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

SIZE = (1366, 768)
TIMEOUT_MS = 180_000
MAX_BYTES = 280_000  # bigger PNGs are re-saved with a palette


def _wait(signal: object, timeout_ms: int = TIMEOUT_MS) -> list[object]:
    """Run the event loop until ``signal`` fires; returns its arguments (raises on timeout)."""
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    got: list[object] = []
    timed_out: list[bool] = []

    def done(*args: object) -> None:
        got.extend(args)
        loop.quit()

    def expire() -> None:
        timed_out.append(True)
        loop.quit()

    signal.connect(done)  # type: ignore[attr-defined]
    QTimer.singleShot(timeout_ms, expire)
    loop.exec()
    signal.disconnect(done)  # type: ignore[attr-defined]
    if timed_out and not got:
        raise TimeoutError("the app did not finish in time")
    return got


def _settle(app: object, rounds: int = 5) -> None:
    for _ in range(rounds):
        app.processEvents()  # type: ignore[attr-defined]


def _shrink(path: Path, limit: int = MAX_BYTES) -> None:
    """Re-save a PNG over ``limit`` bytes with a 256-colour palette (README pictures)."""
    if path.stat().st_size <= limit:
        return
    from PIL import Image

    with Image.open(path) as image:
        small = image.convert("RGB").quantize(256, method=Image.Quantize.MEDIANCUT)
    small.save(path, optimize=True)


def take_screenshots(folder: str | Path, files: list[str] | None = None) -> list[Path]:
    """Save one PNG per page into ``folder``; returns the paths written."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QSettings

    from app.gui.application import create_application
    from app.gui.main_window import MainWindow
    from app.samples import sample_path

    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    scratch = tempfile.TemporaryDirectory(prefix="reviewlens-shots-")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, scratch.name)
    app, settings = create_application([sys.argv[0]])
    window = MainWindow(settings)
    language = os.environ.get("REVIEWLENS_SCREENSHOT_LANG", "")
    both = language == "both"
    if both:
        window.set_language("zh")
    elif language in window.language_actions:
        window.set_language(language)
    window.resize(*SIZE)
    window.show()
    written: list[Path] = []

    def shot(name: str, before: Callable[[], None] | None = None, folder: Path = out) -> None:
        if before is not None:
            before()
        _settle(app)
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{name}.png"
        window.grab().save(str(path))
        _shrink(path)
        written.append(path)

    try:
        shot("start", lambda: window.show_page("start"))
        paths = [str(p) for p in (files or [str(sample_path())])]
        window.open_files(paths)
        imported = _wait(window.import_page.importDone)[0]
        shot("import_check")
        window.start_analysis(imported)
        _wait(window.resultReady)
        _wait(window.dashboard_page.chartsReady)
        shot("dashboard")
        window.dashboard_page.scroll.verticalScrollBar().setValue(560)
        shot("dashboard_charts")
        result = window.result
        complaints = result.themes_of("complaint")
        if not complaints.empty:
            window.dashboard_page.request_theme(str(complaints["key"].iloc[0]))
        else:
            window.show_page("browser")
        shot("browser")
        shot("themes", lambda: window.show_page("themes"))
        shot("export", lambda: window.show_page("export"))
        if both:
            _switched_shots(window, shot, out / "en")
    finally:
        window.close()
        _settle(app)
        scratch.cleanup()
    return written


def _switched_shots(window: object, shot: Callable[..., None], folder: Path) -> None:
    """Copy a few rows, switch the window to English live, and take every page again."""
    from PySide6.QtCore import QItemSelectionModel

    browser = window.browser_page  # type: ignore[attr-defined]
    window.show_page("browser")  # type: ignore[attr-defined]
    rows = min(3, browser.model.rowCount())
    flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
    for row in range(rows):
        browser.table.selectionModel().select(browser.model.index(row, 0), flags)
    browser.copy_selection()
    dashboard = window.dashboard_page  # type: ignore[attr-defined]
    window.set_language("en")  # type: ignore[attr-defined]
    shot("browser", folder=folder)
    window.show_page("dashboard")  # type: ignore[attr-defined]
    _wait(dashboard.chartsReady)  # the charts are drawn again in English when shown

    def top_of_dashboard() -> None:
        window.show_page("dashboard")  # type: ignore[attr-defined]
        dashboard.scroll.verticalScrollBar().setValue(0)

    shot("dashboard", top_of_dashboard, folder)
    shot("dashboard_charts", lambda: dashboard.scroll.verticalScrollBar().setValue(560), folder)
    shot("themes", lambda: window.show_page("themes"), folder)  # type: ignore[attr-defined]
    shot("export", lambda: window.show_page("export"), folder)  # type: ignore[attr-defined]
    shot("import_check", lambda: window.show_page("import"), folder)  # type: ignore[attr-defined]
    shot("start", lambda: window.show_page("start"), folder)  # type: ignore[attr-defined]


def main(folder: str, files: list[str]) -> int:
    """Entry point for ``--screenshots``: prints the files written, exit code 0 / 1."""
    try:
        for path in take_screenshots(folder, files):
            print(path)
    except Exception as error:  # the command line reports, never a traceback
        print(f"screenshots failed: {error}", file=sys.stderr)
        return 1
    return 0
