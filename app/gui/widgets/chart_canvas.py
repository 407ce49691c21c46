"""A matplotlib Figure in Qt (``FigureCanvasQTAgg``, no pyplot) that keeps the figure's shape.

The canvas takes the width its layout gives it and fixes its height to keep the figure's
aspect ratio. Mouse clicks come out as :attr:`ChartCanvas.clicked` with the matplotlib event;
what a click means is decided elsewhere (:mod:`app.gui.widgets.chart_clicks`).
"""

from __future__ import annotations

from matplotlib.backend_bases import MouseEvent
from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
from matplotlib.figure import Figure
from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

MIN_WIDTH = 360


class ChartCanvas(FigureCanvasQTAgg):
    """One chart; ``clicked(event)`` fires on a left click inside the figure."""

    clicked = Signal(object)  # matplotlib MouseEvent

    def __init__(self, figure: Figure, name: str = "", parent: QWidget | None = None) -> None:
        super().__init__(figure)
        if parent is not None:
            self.setParent(parent)
        self.name = name
        width, height = figure.get_size_inches()
        self._aspect = float(height) / float(width) if width else 0.56
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMinimumWidth(MIN_WIDTH)
        self.setFixedHeight(self.heightForWidth(MIN_WIDTH * 2))
        self.mpl_connect("button_press_event", self._on_press)

    def set_clickable(self, clickable: bool, tooltip: str = "") -> None:
        self.setCursor(
            Qt.CursorShape.PointingHandCursor if clickable else Qt.CursorShape.ArrowCursor
        )
        self.setToolTip(tooltip)

    def heightForWidth(self, width: int) -> int:
        return max(160, round(width * self._aspect))

    def sizeHint(self) -> QSize:
        width = max(MIN_WIDTH, round(self.figure.get_figwidth() * self.figure.dpi * 0.8))
        return QSize(width, self.heightForWidth(width))

    def minimumSizeHint(self) -> QSize:
        return QSize(MIN_WIDTH, self.heightForWidth(MIN_WIDTH))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        wanted = self.heightForWidth(self.width())
        if self.height() != wanted:
            self.setFixedHeight(wanted)

    def _on_press(self, event: MouseEvent) -> None:
        if event.button == 1:
            self.clicked.emit(event)
