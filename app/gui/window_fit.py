"""The main window's size and place on start: the saved geometry, fitted to the screen it is on
(a window saved on a large screen must not run past a 1366×768 one)."""

from __future__ import annotations

from PySide6.QtCore import QRect
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QMainWindow

from app.gui.settings import Settings

FRAME_ALLOWANCE = (16, 40)  # window frame and title bar before the window manager drew them


def restore_window(window: QMainWindow, settings: Settings) -> None:
    """The saved geometry and state (or a default size, centred), inside the available area."""
    geometry, state = settings.window_geometry(), settings.window_state()
    restored = geometry is not None and window.restoreGeometry(geometry)
    area = available_area(window)
    if not restored:
        width = min(1200, int(area.width() * 0.92)) if area else 1200
        height = min(760, int(area.height() * 0.9)) if area else 760
        window.resize(width, height)
        if area is not None:
            window.move(area.center() - window.rect().center())
    if state is not None:
        window.restoreState(state)
    if area is not None and not window.isMaximized() and not window.isFullScreen():
        fit_to(window, area)


def available_area(window: QMainWindow) -> QRect | None:
    """The available geometry (without task bar / dock) of the screen the window is on."""
    screen = QGuiApplication.screenAt(window.geometry().center()) or window.screen()
    screen = screen or QGuiApplication.primaryScreen()
    return screen.availableGeometry() if screen is not None else None


def fit_to(window: QMainWindow, area: QRect) -> None:
    """Shrink and move ``window`` so that it lies inside ``area``, frame included."""
    frame, inner = window.frameGeometry(), window.geometry()
    extra_w = max(frame.width() - inner.width(), 0)
    extra_h = max(frame.height() - inner.height(), 0)
    if not window.isVisible() and extra_h == 0:  # no frame yet: leave room for a title bar
        extra_w, extra_h = FRAME_ALLOWANCE
    width = min(inner.width(), area.width() - extra_w)
    height = min(inner.height(), area.height() - extra_h)
    if (width, height) != (inner.width(), inner.height()):
        window.resize(width, height)
    outer_w, outer_h = width + extra_w, height + extra_h
    x = min(max(frame.x(), area.left()), area.left() + max(area.width() - outer_w, 0))
    y = min(max(frame.y(), area.top()), area.top() + max(area.height() - outer_h, 0))
    if (x, y) != (frame.x(), frame.y()):
        window.move(x, y)
