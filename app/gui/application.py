"""Start the desktop app: QApplication, bundled Chinese font, look, translators, excepthook.

``run_gui(files)`` is what ``python main.py`` (no arguments) calls. With the environment variable
``REVIEWLENS_STARTUP_PROBE=1`` it prints ``first-window <seconds>`` (time from process creation
until the main window has been painted) and quits instead: ``benchmarks/bench_startup.py`` uses it
to measure cold start, from source and in the frozen app.
"""

from __future__ import annotations

import os
import sys
import time
from types import TracebackType

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QFont, QFontDatabase, QIcon
from PySide6.QtWidgets import QApplication, QWidget

from app import APP_NAME, __version__
from app.core.charts.fonts import cjk_font_path
from app.core.errors import AppError
from app.gui import i18n
from app.gui.dialogs import error_dialog
from app.gui.settings import ORGANIZATION, Settings
from app.logging_setup import install_crash_handlers
from app.paths import resource_path

UI_POINT_SIZE = 10

STYLESHEET = """
QWidget { color: #1f2328; }
QMainWindow, QStackedWidget > QWidget { background: #f5f6f8; }
QToolBar { background: #ffffff; border: none; border-bottom: 1px solid #e3e5e8; spacing: 6px; padding: 4px 8px; }
QToolBar QToolButton { padding: 5px 10px; border-radius: 5px; }
QToolBar QToolButton:hover { background: #eef1f5; }
QToolBar QToolButton:disabled { color: #a0a4ab; }
QStatusBar { background: #ffffff; border-top: 1px solid #e3e5e8; }
QFrame#card { background: #ffffff; border: 1px solid #e3e5e8; border-radius: 10px; }
QLabel#heroTitle { font-size: 20pt; font-weight: 600; }
QLabel#pageTitle { font-size: 15pt; font-weight: 600; }
QLabel#sectionTitle { font-size: 11pt; font-weight: 600; }
QLabel#intro { font-size: 11pt; color: #3d434b; }
QLabel#muted { color: #6b7280; }
QLabel[inferred="true"] { color: #b45309; }
QLabel#warning { color: #92400e; }
QPushButton { padding: 6px 16px; border: 1px solid #cfd4da; border-radius: 6px; background: #ffffff; }
QPushButton:hover { background: #f0f3f6; }
QPushButton:disabled { color: #a0a4ab; background: #f3f4f6; }
QPushButton[primary="true"] { background: #2563eb; color: #ffffff; border: 1px solid #1d4ed8; font-weight: 600; padding: 8px 22px; }
QPushButton[primary="true"]:hover { background: #1d4ed8; }
QPushButton[primary="true"]:disabled { background: #93b4f5; border-color: #93b4f5; }
QPushButton#linkButton { border: none; background: transparent; color: #2563eb; padding: 2px 4px; }
QGroupBox { background: #ffffff; border: 1px solid #e3e5e8; border-radius: 8px; margin-top: 14px; padding: 10px 8px 6px 8px; }
QGroupBox::title { subcontrol-origin: margin; left: 10px; padding: 0 4px; font-weight: 600; }
QListWidget#recentList { border: 1px solid #e3e5e8; border-radius: 6px; background: #ffffff; }
QListWidget#recentList::item { padding: 6px 8px; }
QListWidget#recentList::item:hover { background: #eef4ff; }
QTableView { background: #ffffff; border: 1px solid #e3e5e8; gridline-color: #eceef1; alternate-background-color: #f8f9fb; }
QHeaderView::section { background: #f0f2f5; border: none; border-right: 1px solid #e3e5e8; border-bottom: 1px solid #e3e5e8; padding: 4px 6px; }
QProgressBar { border: 1px solid #cfd4da; border-radius: 5px; background: #ffffff; height: 12px; }
QProgressBar::chunk { background: #2563eb; border-radius: 4px; }
"""

_font_family: str | None = None


def register_font() -> str | None:
    """Register the bundled Noto Sans SC once; return its family (None if it cannot load)."""
    global _font_family
    if _font_family is None:
        try:
            font_id = QFontDatabase.addApplicationFont(str(cjk_font_path()))
        except AppError:
            return None
        families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
        _font_family = families[0] if families else None
    return _font_family


def configure(app: QApplication, language: str = "zh") -> None:
    """Names for QSettings, font, style and translators on an existing QApplication."""
    QCoreApplication.setOrganizationName(ORGANIZATION)
    QCoreApplication.setApplicationName(APP_NAME)
    QCoreApplication.setApplicationVersion(__version__)
    family = register_font()
    if family:
        font = QFont(family, UI_POINT_SIZE)
        font.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
        if app.font() != font:
            app.setFont(font)
    if app.styleSheet() != STYLESHEET:  # re-applying re-polishes every widget
        app.setStyle("Fusion")
        app.setStyleSheet(STYLESHEET)
    icon = resource_path("icons", "reviewlens.svg")
    if icon.is_file():
        app.setWindowIcon(QIcon(str(icon)))
    i18n.apply_language(language)


def _active_window() -> QWidget | None:
    return QApplication.activeWindow()


def excepthook(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
    """Log the error and show it; the app keeps running (the user's analysis is kept)."""
    if issubclass(kind, KeyboardInterrupt):
        sys.__excepthook__(kind, error, tb)
        return
    if error.__traceback__ is None and tb is not None:
        error = error.with_traceback(tb)
    try:
        if QApplication.instance() is None:
            raise RuntimeError("no QApplication")
        error_dialog.show_error(_active_window(), error)  # logs unexpected errors itself
    except Exception:
        error_dialog.log_error(error)
        sys.__excepthook__(kind, error, tb)


def create_application(argv: list[str] | None = None) -> tuple[QApplication, Settings]:
    """The QApplication, configured with the saved language."""
    if QApplication.instance() is None:
        QApplication.setHighDpiScaleFactorRoundingPolicy(
            Qt.HighDpiScaleFactorRoundingPolicy.PassThrough
        )
    app = QApplication.instance() or QApplication(argv or [sys.argv[0]])
    assert isinstance(app, QApplication)
    QCoreApplication.setOrganizationName(ORGANIZATION)
    QCoreApplication.setApplicationName(APP_NAME)
    settings = Settings()
    configure(app, settings.language)
    return app, settings


STARTUP_PROBE_ENV = "REVIEWLENS_STARTUP_PROBE"


def process_age() -> float | None:
    """Seconds since this process was created (Linux ``/proc``, else psutil if present)."""
    try:
        with open("/proc/self/stat", encoding="ascii") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
        started = int(fields[19]) / os.sysconf("SC_CLK_TCK")  # field 22: start, ticks after boot
        return time.clock_gettime(time.CLOCK_BOOTTIME) - started
    except (OSError, ValueError, IndexError, AttributeError):
        pass
    try:
        import psutil

        return time.time() - psutil.Process().create_time()
    except Exception:
        return None


class _FirstPaintProbe(QObject):
    """Prints ``first-window <seconds>`` once the window has been painted, then quits."""

    fired = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and not self.fired:
            self.fired = True
            QTimer.singleShot(0, self._report)  # after the whole window has been drawn
        return False

    def _report(self) -> None:
        age = process_age()
        print(f"first-window {age:.3f}" if age is not None else "first-window ?", flush=True)
        QCoreApplication.quit()


def run_gui(files: list[str]) -> int:
    """Open the main window (reading ``files`` if any) and run until it closes."""
    from app.gui.main_window import MainWindow

    install_crash_handlers()  # crash.log: the windowed build has no console for native crashes
    sys.excepthook = excepthook
    app, settings = create_application()
    window = MainWindow(settings)
    if os.environ.get(STARTUP_PROBE_ENV):
        probe = _FirstPaintProbe(window)
        window.installEventFilter(probe)
    window.show()
    if files:
        window.open_files(files)
    return app.exec()
