"""GUI fixtures: configured app, isolated QSettings, a main window, no worker left behind."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings, QThreadPool
from PySide6.QtWidgets import QMessageBox

from app.gui import i18n
from app.gui.application import configure
from app.gui.settings import Settings
from app.gui.workers import live_runners, shutdown_all

WAIT_MS = 2000


def _workers_left(qapp) -> list[str]:
    """Describe workers still running after a short grace period (and process the events)."""
    pool = QThreadPool.globalInstance()
    pool.waitForDone(WAIT_MS)
    qapp.processEvents()
    left = [f"runner {r!r} busy" for r in live_runners() if _alive(r) and r.is_busy()]
    left += [
        f"runner {r!r} waiting for a result" for r in live_runners() if _alive(r) and r.is_running()
    ]
    if pool.activeThreadCount():
        left.append(f"{pool.activeThreadCount()} pool thread(s) active")
    return left


def _alive(runner) -> bool:
    try:
        runner.objectName()
    except RuntimeError:
        return False
    return True


@pytest.fixture(autouse=True)
def gui_app(qapp, tmp_path, monkeypatch):
    """Configured QApplication, QSettings in tmp_path, Chinese UI; fails on leftover workers."""
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(
        QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "qsettings")
    )
    configure(qapp, "zh")
    yield qapp
    left = _workers_left(qapp)
    shutdown_all(5000)  # protect later tests either way
    i18n.apply_language("zh")
    qapp.processEvents()
    if left:
        pytest.fail("a worker was left running: " + "; ".join(left))


@pytest.fixture
def settings() -> Settings:
    return Settings()


@pytest.fixture
def window(qtbot, settings):
    """The main window at 1280×720, closed (workers stopped) at teardown."""
    from app.gui.main_window import MainWindow

    win = MainWindow(settings)
    qtbot.addWidget(win)
    win.resize(1280, 720)
    win.show()
    yield win
    left = _workers_left(qtbot_app())
    win.close()  # cancels and waits for workers
    if left:
        pytest.fail("a worker was left running: " + "; ".join(left))


def qtbot_app():
    from PySide6.QtWidgets import QApplication

    return QApplication.instance()


@pytest.fixture
def shown_errors(monkeypatch) -> list[QMessageBox]:
    """Message boxes the app tried to show (not shown: exec is replaced)."""
    boxes: list[QMessageBox] = []

    def fake_exec(box: QMessageBox) -> int:
        boxes.append(box)
        return int(QMessageBox.StandardButton.Ok.value)

    monkeypatch.setattr(QMessageBox, "exec", fake_exec)
    return boxes
