"""The left side bar that switches between the result pages (总览, 评论浏览, 主题, 导出).

Each item is a checkable button with an icon (``resources/icons/nav_*.svg``) above its name;
clicking one emits ``pageRequested(key)``. The window enables the items once there is a result
(:meth:`NavBar.set_ready`) and marks the page it shows (:meth:`NavBar.set_current`).
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QButtonGroup, QFrame, QToolButton, QVBoxLayout, QWidget

from app.paths import resource_path

STYLE = """
QFrame#navBar { background: #ffffff; border: none; border-right: 1px solid #e3e5e8; }
QFrame#navBar QToolButton { border: none; border-radius: 8px; padding: 8px 2px 6px 2px;
    color: #374151; font-size: 9.5pt; }
QFrame#navBar QToolButton:hover { background: #eef1f5; }
QFrame#navBar QToolButton:checked { background: #e0e9fd; color: #1d4ed8; font-weight: 600; }
QFrame#navBar QToolButton:disabled { color: #b0b4ba; }
"""
WIDTH = 88


class NavBar(QFrame):
    pageRequested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("navBar")
        self.setStyleSheet(STYLE)
        self.setFixedWidth(WIDTH)
        self._buttons: dict[str, QToolButton] = {}
        self._tips: dict[str, str] = {}
        self._ready = False
        self._not_ready_tip = ""
        self._group = QButtonGroup(self)
        self._group.setExclusive(False)  # exclusive groups cannot show "no page checked"
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(6, 10, 6, 10)
        self._layout.setSpacing(6)
        self._layout.addStretch()

    def add_item(self, key: str, icon: str) -> QToolButton:
        """Add a page button; ``icon`` is a file name in ``resources/icons``."""
        button = QToolButton()
        button.setObjectName(f"nav_{key}")
        button.setIcon(QIcon(str(resource_path("icons", icon))))
        button.setIconSize(QSize(24, 24))
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextUnderIcon)
        button.setCheckable(True)
        button.setAutoExclusive(False)
        button.setCursor(Qt.CursorShape.PointingHandCursor)
        button.setFixedWidth(WIDTH - 12)
        button.setMinimumHeight(60)
        button.setEnabled(self._ready)
        button.clicked.connect(lambda _c=False, k=key: self._clicked(k))
        self._group.addButton(button)
        self._layout.insertWidget(self._layout.count() - 1, button)
        self._buttons[key] = button
        return button

    def button(self, key: str) -> QToolButton:
        return self._buttons[key]

    def page_keys(self) -> list[str]:
        return list(self._buttons)

    def set_text(self, key: str, text: str, tooltip: str) -> None:
        self._buttons[key].setText(text)
        self._tips[key] = tooltip
        self._update_tooltip(key)

    def set_not_ready_tooltip(self, text: str) -> None:
        """The tooltip of every item while there is no result yet."""
        self._not_ready_tip = text
        for key in self._buttons:
            self._update_tooltip(key)

    def set_ready(self, ready: bool) -> None:
        self._ready = ready
        for key, button in self._buttons.items():
            button.setEnabled(ready)
            self._update_tooltip(key)

    def set_current(self, key: str) -> None:
        """Mark ``key`` as the page shown (no item when it is not a result page)."""
        for k, button in self._buttons.items():
            button.setChecked(k == key)

    def current(self) -> str:
        return next((k for k, b in self._buttons.items() if b.isChecked()), "")

    def _update_tooltip(self, key: str) -> None:
        tip = self._tips.get(key, "")
        if not self._ready and self._not_ready_tip:
            tip = f"{tip}\n{self._not_ready_tip}" if tip else self._not_ready_tip
        self._buttons[key].setToolTip(tip)

    def _clicked(self, key: str) -> None:
        self._buttons[key].setChecked(True)  # a second click must not uncheck it
        self.pageRequested.emit(key)
