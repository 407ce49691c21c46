"""A clickable theme on the dashboard: its name, how many reviews, one quote."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget


class ThemeCard(QPushButton):
    """A clickable theme: name, how many reviews, one quote."""

    def __init__(self, key: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.key = key
        self.setObjectName("themeCard")
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.title = QLabel()
        self.title.setStyleSheet("font-weight: 600;")
        self.quote = QLabel(wordWrap=True)
        self.quote.setObjectName("muted")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.setSpacing(2)
        layout.addWidget(self.title)
        layout.addWidget(self.quote)
        for label in (self.title, self.quote):
            label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setMinimumHeight(58)
