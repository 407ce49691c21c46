"""A matplotlib chart drawn in a worker and only blitted in the GUI thread.

:func:`render_figure` (any thread; no Qt widgets, no pyplot) attaches an Agg canvas to a
Figure, draws it at a given pixel width and returns a :class:`QImage`. :class:`ChartCanvas`
shows that image scaled to the width its layout gives it, keeping the figure's aspect ratio,
so painting never runs matplotlib on the GUI thread. A left click comes out as
:attr:`ChartCanvas.clicked` with a matplotlib ``MouseEvent`` in the figure's own pixel
coordinates; what a click means is decided elsewhere (:mod:`app.gui.widgets.chart_clicks`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QHelpEvent,
    QImage,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QResizeEvent,
)
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

if TYPE_CHECKING:  # matplotlib loads with the first chart, not with the window
    from matplotlib.backend_bases import MouseEvent
    from matplotlib.figure import Figure

MIN_WIDTH = 360
TOP_ITEMS = 3  # the biggest bars named in a chart's text alternative


def chart_title(figure: Figure) -> str:
    """The chart's title: the figure's own, else its first axes' title."""
    suptitle = getattr(figure, "_suptitle", None)
    texts = [suptitle.get_text()] if suptitle is not None else []
    texts += [t.get_text() for t in figure.texts]
    for ax in figure.axes:
        texts += [ax.get_title(loc) for loc in ("center", "left", "right")]
    return next((t.strip() for t in texts if t and t.strip()), "")


def _bars(ax: object) -> list[tuple[str, float]]:
    """(category, value) of the bars of one axes, read from the drawn tick labels."""
    from matplotlib.container import BarContainer

    out: list[tuple[str, float]] = []
    for container in getattr(ax, "containers", []):
        if not isinstance(container, BarContainer):
            continue
        horizontal = getattr(container, "orientation", "vertical") == "horizontal"
        axis = ax.yaxis if horizontal else ax.xaxis  # type: ignore[attr-defined]
        ticks = {
            round(float(v), 3): t.get_text()
            for v, t in zip(axis.get_ticklocs(), axis.get_ticklabels(), strict=False)
        }
        for patch in container.patches:
            if horizontal:
                centre, value = patch.get_y() + patch.get_height() / 2, patch.get_width()
            else:
                centre, value = patch.get_x() + patch.get_width() / 2, patch.get_height()
            label = ticks.get(round(float(centre), 3), "")
            if label:
                out.append((label, float(value)))
    return out


def describe_figure(figure: Figure) -> str:
    """A text alternative of a chart: its title, axes and its biggest bars or its lines."""
    from app.core.i18n import tr

    parts = [chart_title(figure)]
    for ax in figure.axes:
        axes = [t for t in (ax.get_xlabel(), ax.get_ylabel()) if t]
        if axes:
            parts.append(tr("坐标轴：", "Axes: ") + tr("、", ", ").join(axes))
        bars = sorted(_bars(ax), key=lambda b: -b[1])[:TOP_ITEMS]
        if bars:
            items = tr("、", ", ").join(f"{label} {value:,.0f}" for label, value in bars)
            parts.append(tr(f"最大的几项：{items}", f"Largest: {items}"))
        lines = [
            line.get_label() for line in ax.get_lines() if not line.get_label().startswith("_")
        ]
        if lines:
            parts.append(tr("折线：", "Lines: ") + tr("、", ", ").join(lines))
        if ax.images:
            parts.append(tr("色块图（颜色越深数量越多）", "Colour grid (darker means more)"))
    return tr("。", ". ").join(p for p in parts if p)


def render_figure(figure: Figure, width_px: int) -> QImage:
    """Draw ``figure`` with Agg at ``width_px`` pixels wide (aspect kept); safe in a worker."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    canvas = figure.canvas if isinstance(figure.canvas, FigureCanvasAgg) else None
    canvas = canvas or FigureCanvasAgg(figure)
    inches_w = figure.get_size_inches()[0]
    dpi = max(40.0, width_px / float(inches_w)) if inches_w else figure.dpi
    figure.set_dpi(dpi)
    canvas.draw()
    buffer = canvas.buffer_rgba()
    height, width = buffer.shape[0], buffer.shape[1]
    image = QImage(bytes(buffer), width, height, width * 4, QImage.Format.Format_RGBA8888)
    return image.copy()  # own the pixels


class ChartCanvas(QWidget):
    """One chart image; ``clicked(event)`` fires on a left click inside the figure."""

    clicked = Signal(object)  # matplotlib MouseEvent

    def __init__(
        self, figure: Figure, image: QImage, name: str = "", parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.figure = figure
        self.name = name
        self.image = image
        width, height = figure.get_size_inches()
        self._aspect = float(height) / float(width) if width else 0.56
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMinimumWidth(MIN_WIDTH)
        self.setFixedHeight(self.heightForWidth(MIN_WIDTH * 2))
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus)  # reachable by keyboard and screen readers
        # What to show on hover at a figure position (e.g. a shortened label's full text);
        # None, or a None answer, shows the widget's own tooltip.
        self.hover_text: Callable[[MouseEvent], str | None] | None = None
        self.describe()

    def describe(self) -> None:
        """Accessible name (the title) and description (what the chart shows) of the figure."""
        from app.core.i18n import tr

        self.setAccessibleName(chart_title(self.figure) or tr("图表", "Chart"))
        self.setAccessibleDescription(describe_figure(self.figure))

    def set_image(self, image: QImage) -> None:
        """A new rendering of the same figure (e.g. at another width)."""
        self.image = image
        self.update()

    def draw(self) -> None:
        """Make sure the figure's transforms are current (they are after rendering)."""
        from matplotlib.backends.backend_agg import FigureCanvasAgg

        if self.figure.canvas is None or not isinstance(self.figure.canvas, FigureCanvasAgg):
            self.image = render_figure(self.figure, max(MIN_WIDTH, self.width()))

    def set_clickable(self, clickable: bool, tooltip: str = "") -> None:
        self.setCursor(
            Qt.CursorShape.PointingHandCursor if clickable else Qt.CursorShape.ArrowCursor
        )
        self.setToolTip(tooltip)

    def heightForWidth(self, width: int) -> int:
        return max(160, round(width * self._aspect))

    def sizeHint(self) -> QSize:
        width = max(MIN_WIDTH, round(self.figure.get_figwidth() * 100 * 0.8))
        return QSize(width, self.heightForWidth(width))

    def minimumSizeHint(self) -> QSize:
        return QSize(MIN_WIDTH, self.heightForWidth(MIN_WIDTH))

    def image_rect(self) -> QRectF:
        """Where the image is painted: the widget's width, the figure's aspect ratio."""
        width = float(self.width())
        return QRectF(0, 0, width, min(float(self.height()), width * self._aspect))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        wanted = self.heightForWidth(self.width())
        if self.height() != wanted:
            self.setFixedHeight(wanted)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor("#ffffff"))
        if not self.image.isNull():
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
            painter.drawImage(self.image_rect(), self.image)
        painter.end()

    def figure_event(self, pos: QPointF) -> MouseEvent | None:
        """The matplotlib press event for widget position ``pos`` (None outside the image)."""
        rect = self.image_rect()
        if self.image.isNull() or not rect.contains(pos) or self.figure.canvas is None:
            return None
        x = pos.x() / rect.width() * self.image.width()
        y = (rect.height() - pos.y()) / rect.height() * self.image.height()
        from matplotlib.backend_bases import MouseEvent

        return MouseEvent("button_press_event", self.figure.canvas, x, y, button=1)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and self.hover_text is not None:
            assert isinstance(event, QHelpEvent)
            mpl_event = self.figure_event(QPointF(event.pos()))
            text = self.hover_text(mpl_event) if mpl_event is not None else None
            if text:
                QToolTip.showText(event.globalPos(), text, self)
                return True
        return super().event(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            mpl_event = self.figure_event(event.position())
            if mpl_event is not None:
                self.clicked.emit(mpl_event)
        super().mousePressEvent(event)
