"""The review browser's table model: a million rows stay smooth.

Columns are numpy arrays taken once from ``result.reviews``; the view's rows are an index array
into them (``self._rows``) produced by a boolean mask (filter) and an argsort (sort). ``data()``
does one array lookup per cell; nothing is done per row up front.

Sorting a big table (:data:`ASYNC_SORT_ROWS` rows or more) by a column not sorted before runs in
a worker (:mod:`app.gui.models.sort_keys`): ``sortStarted`` fires, the rows keep their order
until the new one is ready, then ``layoutChanged`` and ``sortFinished`` fire.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor

from app.core.charts.style import COMPLAINT, MIXED_TEXT, PRAISE
from app.core.i18n import get_language
from app.core.naming import joined_names
from app.gui.models.sort_keys import column_order
from app.gui.workers import TaskRunner

Index = QModelIndex | QPersistentModelIndex
ASYNC_SORT_ROWS = 200_000  # sort in a worker from this many rows on
MAX_CELL = 160  # characters shown in a cell; the tooltip shows the whole text

# (frame column, kind) in display order; headers are translated in ``_headers``
COLUMNS: tuple[tuple[str, str], ...] = (
    ("text", "text"),
    ("followup_text", "text"),
    ("sentiment", "sentiment"),
    ("rating", "number"),
    ("date", "date"),
    ("themes", "text"),
    ("aspects", "text"),
    ("product", "text"),
    ("sku", "text"),
    ("source_file", "file"),
    ("source_row", "number"),
)
LIST_COLUMNS = frozenset({"themes", "aspects"})  # ";"-joined names, shown with the UI's separator
# ``aspects`` holds keys in the result; the model shows them named (:meth:`set_aspect_names`)
SENTIMENT_COLOURS = {
    "praise": PRAISE,
    "complaint": COMPLAINT,
    "mixed": MIXED_TEXT,
    "neutral": "#6b6b6b",
}
SENTIMENT_TINTS = {
    "praise": "#e8f1f8",
    "complaint": "#fbece3",
    "mixed": "#f7e9f1",
    "neutral": "#f1f1f1",
}


def list_separator() -> str:
    """How the theme and aspect names of one review are separated on screen."""
    return "；" if get_language() == "zh" else "; "


def _shorten(text: str) -> str:
    text = text.replace("\r", " ").replace("\n", " ")
    return text if len(text) <= MAX_CELL else text[:MAX_CELL] + "…"


def _is_missing(value: object) -> bool:
    return value is None or (not isinstance(value, str) and bool(pd.isna(value)))


class ReviewTableModel(QAbstractTableModel):
    """Read-only, sortable, filterable view of a reviews frame (indexed by ``review_id``)."""

    sortStarted = Signal()
    sortFinished = Signal()

    def __init__(self, reviews: pd.DataFrame | None = None, parent: object = None) -> None:
        super().__init__(parent)
        self._headers = self._make_headers()
        self._labels = self._make_labels()
        self._arrays: dict[str, np.ndarray] = {}
        self._ids = np.empty(0, dtype=np.int64)
        self._n = 0
        self._mask: np.ndarray | None = None
        self._rows = np.empty(0, dtype=np.int64)
        self._order: dict[int, np.ndarray] = {}  # column -> ascending permutation (cached)
        self._sort: tuple[int, Qt.SortOrder] | None = None
        self._sort_runner = TaskRunner(self)
        self._sort_runner.failed.connect(lambda _e: self.sortFinished.emit())
        self._sort_runner.cancelled.connect(self.sortFinished)
        self._aspect_names: dict[str, str] | None = None
        self.set_reviews(reviews if reviews is not None else pd.DataFrame())

    def set_aspect_names(self, names: Mapping[str, str] | None) -> None:
        """Aspect key → name shown in the ``aspects`` column, from the next :meth:`set_reviews`
        or :meth:`reload_columns` on (None: the column's values as they are)."""
        self._aspect_names = dict(names) if names is not None else None

    def _texts(self, reviews: pd.DataFrame, column: str) -> np.ndarray:
        """A text column as shown: aspect keys as their names."""
        if column == "aspects" and self._aspect_names is not None:
            return joined_names(reviews[column], self._aspect_names).to_numpy(dtype=object)
        return reviews[column].to_numpy(dtype=object)

    def _make_labels(self) -> dict[str, str]:
        return {
            "praise": self.tr("好评"),
            "complaint": self.tr("差评"),
            "mixed": self.tr("褒贬都有"),
            "neutral": self.tr("中性"),
        }

    def sentiment_labels(self) -> list[str]:
        return list(self._labels.values())

    def retranslate(self) -> None:
        """Headers and 好评/差评 labels in the current language (after a language switch)."""
        self._headers, self._labels = self._make_headers(), self._make_labels()
        sentiment = next(i for i, (_n, kind) in enumerate(COLUMNS) if kind == "sentiment")
        self._order.pop(sentiment, None)  # ordered by label
        if self._sort is not None and self._sort[0] == sentiment:
            self._apply_sort(*self._sort)
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(COLUMNS) - 1)
        if self.rowCount():
            last = self.index(self.rowCount() - 1, len(COLUMNS) - 1)
            self.dataChanged.emit(self.index(0, 0), last)

    def _make_headers(self) -> list[str]:
        return [
            self.tr("评价内容"),
            self.tr("追评"),
            self.tr("判断"),
            self.tr("评分"),
            self.tr("日期"),
            self.tr("主题"),
            self.tr("方面"),
            self.tr("商品"),
            self.tr("规格"),
            self.tr("来源文件"),
            self.tr("行号"),
        ]

    # -- data in -------------------------------------------------------------------------------
    def set_reviews(self, reviews: pd.DataFrame) -> None:
        """Take the columns as arrays; filter and sort are kept when the length is unchanged."""
        if self._sort_runner.is_running():
            self._sort_runner.cancel()  # its order is for the old columns
        self.beginResetModel()
        n = len(reviews)
        same_length = n == self._n
        arrays: dict[str, np.ndarray] = {}
        for column, kind in COLUMNS:
            if column not in reviews:
                arrays[column] = np.full(n, None, dtype=object)
            elif kind == "number":
                arrays[column] = reviews[column].astype("Float64").to_numpy(float, na_value=np.nan)
            elif kind == "date":
                arrays[column] = pd.to_datetime(reviews[column], errors="coerce").to_numpy(
                    "datetime64[ns]"
                )
            else:
                arrays[column] = self._texts(reviews, column)
        self._arrays, self._n = arrays, n
        self._ids = reviews.index.to_numpy()
        self._order = {}
        if not same_length:
            self._mask, self._sort = None, None
        self._rows = self._compute_rows()
        self.endResetModel()

    def reload_columns(self, reviews: pd.DataFrame, names: Sequence[str]) -> None:
        """Take the text columns ``names`` again (e.g. aspects named in the new language after a
        language switch, see :meth:`set_aspect_names`),
        keeping rows, filter, sort and selection; a different length reloads everything."""
        if len(reviews) != self._n:
            self.set_reviews(reviews)
            return
        for column, name in enumerate(c for c, _k in COLUMNS):
            if name in names and name in reviews:
                self._arrays[name] = self._texts(reviews, name)
                self._order.pop(column, None)
        if self._sort is not None and COLUMNS[self._sort[0]][0] in names:
            self._apply_sort(*self._sort)
        if self.rowCount():
            last = self.index(self.rowCount() - 1, len(COLUMNS) - 1)
            self.dataChanged.emit(self.index(0, 0), last)

    def set_mask(self, mask: np.ndarray | None) -> None:
        """Show only rows where ``mask`` is True (None: all rows); the sort order is kept."""
        self.beginResetModel()
        self._mask = None if mask is None else np.asarray(mask, dtype=bool)
        self._rows = self._compute_rows()
        self.endResetModel()

    def _compute_rows(self) -> np.ndarray:
        if self._sort is not None:
            column, order = self._sort
            perm = self._permutation(column)
            if order == Qt.SortOrder.DescendingOrder:
                perm = perm[::-1]
        else:
            perm = np.arange(self._n, dtype=np.int64)
        if self._mask is not None and len(self._mask) == self._n:
            perm = perm[self._mask[perm]]
        return np.ascontiguousarray(perm)

    def _permutation(self, column: int) -> np.ndarray:
        """Ascending order of all rows by ``column`` (missing numbers last), cached."""
        if column not in self._order:
            name, kind = COLUMNS[column]
            self._order[column] = column_order(self._arrays[name], kind, self._labels)
        return self._order[column]

    def is_sorting(self) -> bool:
        """True while a worker computes a sort order."""
        return self._sort_runner.is_running()

    # -- Qt model interface ---------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(COLUMNS):
            return
        if column not in self._order and self._n >= ASYNC_SORT_ROWS:
            name, kind = COLUMNS[column]
            values, labels = self._arrays[name], dict(self._labels)
            self.sortStarted.emit()
            self._sort_runner.start(
                lambda _progress, _cancel: (values, column_order(values, kind, labels)),
                on_success=lambda out: self._sorted(column, order, *out),
            )
            return
        self._sort_runner.cancel()
        self._apply_sort(column, order)

    def _sorted(
        self, column: int, order: Qt.SortOrder, values: np.ndarray, perm: np.ndarray
    ) -> None:
        if values is self._arrays.get(COLUMNS[column][0]):  # still the same data
            self._order[column] = perm
            self._apply_sort(column, order)
        self.sortFinished.emit()

    def _apply_sort(self, column: int, order: Qt.SortOrder) -> None:
        self.layoutAboutToBeChanged.emit()
        old = self.persistentIndexList()
        old_pos = [self._rows[i.row()] if i.isValid() else -1 for i in old]
        self._sort = (column, order)
        self._rows = self._compute_rows()
        if old:
            where = np.empty(self._n, dtype=np.int64)
            where[self._rows] = np.arange(len(self._rows))
            new = [
                self.index(int(where[p]), i.column()) if p >= 0 else QModelIndex()
                for p, i in zip(old_pos, old, strict=True)
            ]
            self.changePersistentIndexList(old, new)
        self.layoutChanged.emit()

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        column = index.column()
        if not 0 <= column < len(COLUMNS):
            return None
        name, kind = COLUMNS[column]
        value = self._arrays[name][self._rows[index.row()]]
        if role == Qt.ItemDataRole.DisplayRole:
            if name in LIST_COLUMNS and not _is_missing(value):
                return _shorten(str(value).replace(";", list_separator()))
            return self._display(kind, value)
        if role == Qt.ItemDataRole.ToolTipRole:
            if kind == "file":
                return None if _is_missing(value) else str(value)
            if kind == "text" and not _is_missing(value):
                text = str(value)
                return text if len(text) > 20 else None
            return None
        if kind == "sentiment" and not _is_missing(value):
            if role == Qt.ItemDataRole.ForegroundRole:
                return QBrush(QColor(SENTIMENT_COLOURS.get(str(value), "#1f2328")))
            if role == Qt.ItemDataRole.BackgroundRole:
                return QBrush(QColor(SENTIMENT_TINTS.get(str(value), "#ffffff")))
        if role == Qt.ItemDataRole.TextAlignmentRole and kind in ("number", "sentiment", "date"):
            return int(Qt.AlignmentFlag.AlignCenter)
        return None

    def _display(self, kind: str, value: object) -> str:
        if _is_missing(value):
            return ""
        if kind == "number":
            return f"{int(value):d}"  # type: ignore[call-overload]
        if kind == "date":
            return str(np.datetime_as_string(value, unit="D"))  # type: ignore[call-overload]
        if kind == "sentiment":
            return self._labels.get(str(value), str(value))
        if kind == "file":
            return os.path.basename(str(value))
        return _shorten(str(value).replace(";", list_separator()))

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self._headers[section] if 0 <= section < len(self._headers) else None
        return str(section + 1) if 0 <= section < len(self._rows) else None

    # -- helpers for the page --------------------------------------------------------------------
    @property
    def total(self) -> int:
        """Rows before filtering."""
        return self._n

    def headers(self) -> list[str]:
        return list(self._headers)

    def position(self, row: int) -> int:
        """Position in the reviews frame of view row ``row``."""
        return int(self._rows[row])

    def review_id(self, row: int) -> object:
        return self._ids[self._rows[row]].item()

    def visible_positions(self) -> np.ndarray:
        """Positions in the reviews frame of the shown rows, in view order."""
        return self._rows.copy()

    def table_text(self, rows: Sequence[int]) -> list[list[str]]:
        """Full (not shortened) cell texts of view rows, for copy and export."""
        out = []
        for row in rows:
            pos = self._rows[row]
            cells = []
            for name, kind in COLUMNS:
                value = self._arrays[name][pos]
                if kind == "text" and not _is_missing(value):
                    cells.append(str(value))
                elif kind == "file" and not _is_missing(value):
                    cells.append(os.path.basename(str(value)))
                else:
                    cells.append(self._display(kind, value))
            out.append(cells)
        return out

    def export_frame(self) -> pd.DataFrame:
        """The shown rows with the visible headers, full texts (vectorised, for CSV/xlsx)."""
        rows = self._rows
        data: dict[str, object] = {}
        for header, (name, kind) in zip(self._headers, COLUMNS, strict=True):
            values = self._arrays[name][rows]
            series = pd.Series(values)
            if kind == "number":
                series = series.astype("Float64").round().astype("Int64")
            elif kind == "date":
                series = pd.to_datetime(series).dt.strftime("%Y-%m-%d %H:%M").fillna("")
            elif kind == "sentiment":
                series = series.map(self._labels).fillna("")
            elif kind == "file":
                names = series.fillna("").astype(str)
                series = names.map({f: os.path.basename(f) for f in names.unique()})
            else:
                series = series.fillna("").astype(str)
            data[header] = series
        return pd.DataFrame(data)
