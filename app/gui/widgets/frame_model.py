"""A small read-only table model over a DataFrame, for previews (first rows of a file)."""

from __future__ import annotations

import pandas as pd
from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

Index = QModelIndex | QPersistentModelIndex
MAX_CELL = 200  # characters shown per cell; the tooltip has the whole text
DROPPED_TEXT = QColor("#9aa0a6")  # rows that will not be analysed
REASON_TEXT = QColor("#b45309")


class FrameModel(QAbstractTableModel):
    """Shows ``frame`` as text; optional header notes (e.g. the role of each column) and an
    optional first column telling, per row, why it will not be analysed (those rows grey)."""

    def __init__(
        self,
        frame: pd.DataFrame | None = None,
        row_labels: list[str] | None = None,
        parent: object = None,
    ) -> None:
        super().__init__(parent)
        self._frame = pd.DataFrame()
        self._rows: list[str] = []
        self._notes: dict[str, str] = {}
        self._reasons: list[str] | None = None  # per row: "" kept, else why it is dropped
        self._status_texts = ("", "", "")  # heading, kept mark, tooltip "…{reason}"
        self.set_frame(frame if frame is not None else pd.DataFrame(), row_labels)

    def set_frame(self, frame: pd.DataFrame, row_labels: list[str] | None = None) -> None:
        self.beginResetModel()
        self._frame = frame.reset_index(drop=True)
        self._rows = row_labels or [str(i + 1) for i in range(len(frame))]
        self.endResetModel()

    def set_header_notes(self, notes: dict[str, str]) -> None:
        """Second header line per column name, e.g. ``{"初评内容": "评论内容"}``."""
        self._notes = dict(notes)
        if self.columnCount():
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, self.columnCount() - 1)

    def set_row_reasons(self, reasons: list[str], heading: str, kept: str, tip: str) -> None:
        """Add the first column ``heading``: ``kept`` or the reason a row is dropped (``""``:
        kept); dropped rows turn grey and their tooltip is ``tip.format(reason=…)``."""
        self.beginResetModel()
        self._reasons = list(reasons) + [""] * max(0, len(self._frame) - len(reasons))
        self._status_texts = (heading, kept, tip)
        self.endResetModel()

    @property
    def offset(self) -> int:
        """Columns before the frame's (1 with the reason column)."""
        return 0 if self._reasons is None else 1

    def reason(self, row: int) -> str:
        return self._reasons[row] if self._reasons is not None else ""

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._frame)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._frame.columns) + self.offset

    def _text(self, row: int, column: int) -> str:
        value = self._frame.iat[row, column]
        return (
            "" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)
        )

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        row, column = index.row(), index.column() - self.offset
        reason = self.reason(row)
        if column < 0:  # the reason column
            _heading, kept, tip = self._status_texts
            if role == Qt.ItemDataRole.DisplayRole:
                return f"✕ {reason}" if reason else kept
            if role == Qt.ItemDataRole.ForegroundRole and reason:
                return QBrush(REASON_TEXT)
            if role == Qt.ItemDataRole.ToolTipRole and reason:
                return tip.format(reason=reason)
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            text = self._text(row, column).replace("\n", " ")
            return text if len(text) <= MAX_CELL else text[:MAX_CELL] + "…"
        if role == Qt.ItemDataRole.ForegroundRole and reason:
            return QBrush(DROPPED_TEXT)
        if role == Qt.ItemDataRole.ToolTipRole:
            text = self._text(row, column)
            if reason:
                tip = self._status_texts[2].format(reason=reason)
                return f"{tip}\n\n{text}" if len(text) > 30 else tip
            return text if len(text) > 30 else None
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        horizontal = orientation == Qt.Orientation.Horizontal
        if horizontal and not 0 <= section < self.columnCount():
            return None
        if not horizontal and not 0 <= section < len(self._rows):
            return None
        if horizontal and section < self.offset:
            return self._status_texts[0] if role == Qt.ItemDataRole.DisplayRole else None
        if not horizontal:
            if role == Qt.ItemDataRole.DisplayRole:
                return self._rows[section]
            if role == Qt.ItemDataRole.ForegroundRole and self.reason(section):
                return QBrush(DROPPED_TEXT)
            if role == Qt.ItemDataRole.ToolTipRole and self.reason(section):
                return self._status_texts[2].format(reason=self.reason(section))
            return None
        name = str(self._frame.columns[section - self.offset])
        if role == Qt.ItemDataRole.DisplayRole:
            note = self._notes.get(name)
            return f"{name}\n→ {note}" if note else name
        if role == Qt.ItemDataRole.ForegroundRole:
            return None if name in self._notes else QBrush(QColor("#8a8f98"))
        return None
