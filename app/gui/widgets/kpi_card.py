"""A KPI card: a big number, a caption under it, an explanation as tooltip; optionally clickable."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget


class KpiCard(QFrame):
    """``set_value("82%", "好评占比")``; ``clicked`` fires when the card is clickable."""

    clicked = Signal()

    def __init__(self, parent: QWidget | None = None, *, colour: str = "#1f2328") -> None:
        super().__init__(parent)
        self.setObjectName("card")
        self._clickable = False
        self.value_label = QLabel(alignment=Qt.AlignmentFlag.AlignCenter)
        self.value_label.setStyleSheet(f"font-size: 20pt; font-weight: 600; color: {colour};")
        self.caption_label = QLabel(alignment=Qt.AlignmentFlag.AlignCenter)
        self.caption_label.setObjectName("muted")
        self.caption_label.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 10)
        layout.setSpacing(2)
        layout.addWidget(self.value_label)
        layout.addWidget(self.caption_label)
        self.setMinimumWidth(130)

    def set_value(self, value: str, caption: str, tooltip: str = "") -> None:
        self.value_label.setText(value)
        self.caption_label.setText(caption)
        self.setToolTip(tooltip)
        self.setAccessibleName(f"{caption} {value}")
        self.setAccessibleDescription(tooltip)

    def value(self) -> str:
        return self.value_label.text()

    def set_clickable(self, clickable: bool) -> None:
        self._clickable = clickable
        self.setCursor(
            Qt.CursorShape.PointingHandCursor if clickable else Qt.CursorShape.ArrowCursor
        )

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self._clickable and event.button() == Qt.MouseButton.LeftButton:
            self.clicked.emit()
        super().mouseReleaseEvent(event)
