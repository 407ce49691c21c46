"""The review browser's filter controls; ``filter()`` reads them, ``set_filter()`` writes them.

``changed`` fires when the user changes a control (the search box after a short pause). Theme,
aspect, product and SKU choices are filled from the result by :meth:`FilterBar.set_result`.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
from PySide6.QtCore import QDate, QEvent, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from app.core.i18n import get_language, tr
from app.core.naming import aspect_name, aspect_names
from app.core.results import AnalysisResult
from app.core.reviews.filter import ReviewFilter

MAX_CHOICES = 300  # products / SKUs listed (most reviewed first)
SEARCH_DELAY_MS = 300


def _combo(min_chars: int) -> QComboBox:
    combo = QComboBox()
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(min_chars)
    combo.view().setMinimumWidth(260)
    return combo


class FilterBar(QWidget):
    changed = Signal()
    clearRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._clause_polarity: str | None = None
        self._timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.changed)

        self._result: AnalysisResult | None = None
        self.search = QLineEdit(clearButtonEnabled=True)
        self.search.setMinimumWidth(220)
        self.search.textChanged.connect(lambda _t: self._timer.start())
        self.sentiment = _combo(5)
        for value in (None, "praise", "complaint", "mixed", "neutral"):
            self.sentiment.addItem("", value)
        self.rating = _combo(5)
        for stars in ((), (5,), (4,), (3,), (2,), (1,), (4, 5), (1, 2)):
            self.rating.addItem("", _stars_key(stars))
        self.theme = _combo(9)
        self.aspect = _combo(7)
        self.product = _combo(9)
        self.sku = _combo(9)
        for combo in (self.theme, self.aspect, self.product, self.sku):
            combo.addItem("", None)
        self.use_dates = QCheckBox()
        self.date_from = QDateEdit(calendarPopup=True, displayFormat="yyyy-MM-dd")
        self.date_to = QDateEdit(calendarPopup=True, displayFormat="yyyy-MM-dd")
        self.high_stars = QCheckBox()
        self.got_worse = QCheckBox()
        self.polarity_note = QLabel(objectName="muted")
        self.polarity_clear = QPushButton(objectName="linkButton")
        self.polarity_clear.clicked.connect(self._clear_polarity)
        self.clear_button = QPushButton()
        self.clear_button.clicked.connect(self.clearRequested)

        for combo in (self.sentiment, self.rating, self.theme, self.aspect, self.product, self.sku):
            combo.currentIndexChanged.connect(lambda _i: self.changed.emit())
        for box in (self.use_dates, self.high_stars, self.got_worse):
            box.toggled.connect(lambda _b: self.changed.emit())
        for edit in (self.date_from, self.date_to):
            edit.dateChanged.connect(self._date_edited)

        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(6)
        row1 = QHBoxLayout()
        row1.setSpacing(8)
        row1.addWidget(self.search, 2)
        for combo in (self.sentiment, self.rating, self.theme, self.aspect):
            row1.addWidget(combo, 1)
        row2 = QHBoxLayout()
        row2.setSpacing(8)
        row2.addWidget(self.product, 1)
        row2.addWidget(self.sku, 1)
        row2.addWidget(self.use_dates)
        row2.addWidget(self.date_from)
        row2.addWidget(QLabel("—"))
        row2.addWidget(self.date_to)
        row2.addWidget(self.high_stars)
        row2.addWidget(self.got_worse)
        row2.addWidget(self.polarity_note)
        row2.addWidget(self.polarity_clear)
        row2.addStretch()
        row2.addWidget(self.clear_button)
        grid.addLayout(row1, 0, 0)
        grid.addLayout(row2, 1, 0)
        self.retranslateUi()

    def retranslateUi(self) -> None:
        self.search.setPlaceholderText(self.tr("搜索评价内容，如：掉色 尺码（Ctrl+F）"))
        self.search.setToolTip(self.tr("输入词语查找评价和追评；多个词用空格隔开，表示都要包含。"))
        labels = (self.tr("全部判断"), self.tr("好评"), self.tr("差评"), self.tr("褒贬都有"),
                  self.tr("中性"))  # fmt: skip
        for i, text in enumerate(labels):
            self.sentiment.setItemText(i, text)
        stars = (self.tr("全部星级"), self.tr("5 星"), self.tr("4 星"), self.tr("3 星"),
                 self.tr("2 星"), self.tr("1 星"), self.tr("4–5 星"), self.tr("1–2 星"))  # fmt: skip
        for i, text in enumerate(stars):
            self.rating.setItemText(i, text)
        for combo, everything, tip in (
            (
                self.sentiment,
                None,
                self.tr("按整体判断筛选：好评、差评、褒贬都有（既夸又抱怨）或中性（没有表达好恶）"),
            ),
            (self.rating, None, self.tr("按买家给的星级筛选")),
            (self.theme, self.tr("全部主题"), self.tr("只看提到某个差评或好评主题的评价")),
            (
                self.aspect,
                self.tr("全部方面"),
                self.tr("只看说到某个方面（物流、质量、尺码…）的评价"),
            ),
            (self.product, self.tr("全部商品"), self.tr("只看某个商品的评价")),
            (self.sku, self.tr("全部规格"), self.tr("只看某个规格（颜色、尺码等）的评价")),
        ):
            combo.setToolTip(tip)
            if everything is not None:
                combo.setItemText(0, everything)
        for widget, name in (
            (self.search, tr("搜索评价", "Search reviews")),
            (self.sentiment, tr("按判断筛选", "Filter by verdict")),
            (self.rating, tr("按星级筛选", "Filter by rating")),
            (self.theme, tr("按主题筛选", "Filter by theme")),
            (self.aspect, tr("按方面筛选", "Filter by aspect")),
            (self.product, tr("按商品筛选", "Filter by product")),
            (self.sku, tr("按规格筛选", "Filter by variant")),
            (self.date_from, tr("开始日期", "From date")),
            (self.date_to, tr("结束日期", "To date")),
        ):
            widget.setAccessibleName(name)
        self.use_dates.setText(self.tr("日期"))
        self.use_dates.setToolTip(self.tr("勾选后只看这段时间内的评价（含首尾两天）"))
        self.high_stars.setText(self.tr("高星差评"))
        self.high_stars.setToolTip(self.tr("给了 4–5 星、文字里却在抱怨的评价"))
        self.got_worse.setText(self.tr("追评变差"))
        self.got_worse.setToolTip(self.tr("初评是好评、追评却在抱怨的评价：用了一段时间后出的问题"))
        self.polarity_clear.setText(self.tr("不限"))
        self.polarity_clear.setToolTip(self.tr("不再只看差评（或好评）的说法"))
        self.clear_button.setText(self.tr("清除筛选"))
        self.clear_button.setToolTip(self.tr("去掉所有筛选条件，显示全部评价"))
        self._show_polarity()
        if self._result is not None:  # "差评 · 主题" items name their kind
            current = self.filter()
            self.set_result(self._result)
            self.set_filter(current)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslateUi()
        super().changeEvent(event)

    # -- choices from the result -----------------------------------------------------------------
    def set_result(self, result: AnalysisResult) -> None:
        self._result = result
        widgets = (self.theme, self.aspect, self.product, self.sku, self.date_from, self.date_to)
        for w in widgets:
            w.blockSignals(True)
        kind = {"complaint": self.tr("差评"), "praise": self.tr("好评")}
        self.theme.clear()
        self.theme.addItem(self.tr("全部主题"), None)
        for _, row in result.themes[~result.themes["hidden"].astype(bool)].iterrows():
            text = f"{kind.get(row['polarity'], '')} · {row['label']}{counted(row['review_count'])}"
            self.theme.addItem(text, str(row["key"]))
        self.aspect.clear()
        self.aspect.addItem(self.tr("全部方面"), None)
        names = aspect_names(result.aspects, get_language())
        for key in result.aspects["key"]:
            self.aspect.addItem(aspect_name(key, names), str(key))
        for combo, column, everything in (
            (self.product, "product", self.tr("全部商品")),
            (self.sku, "sku", self.tr("全部规格")),
        ):
            combo.clear()
            combo.addItem(everything, None)
            counts = _choices(result.reviews[column])
            for value, count in counts.items():
                combo.addItem(f"{value}{counted(count)}", str(value))
                combo.setItemData(combo.count() - 1, str(value), Qt.ItemDataRole.ToolTipRole)
        dates = pd.to_datetime(result.reviews["date"], errors="coerce").dropna()
        first = dates.min().date() if len(dates) else date.today()
        last = dates.max().date() if len(dates) else date.today()
        self.date_from.setDate(QDate(first.year, first.month, first.day))
        self.date_to.setDate(QDate(last.year, last.month, last.day))
        self.use_dates.setEnabled(len(dates) > 0)
        for w in widgets:
            w.blockSignals(False)

    # -- reading and writing ---------------------------------------------------------------------
    def filter(self) -> ReviewFilter:
        use_dates = self.use_dates.isChecked()
        return ReviewFilter(
            sentiment=self.sentiment.currentData(),
            ratings=frozenset(int(s) for s in (self.rating.currentData() or "").split(",") if s),
            theme=self.theme.currentData(),
            aspect=self.aspect.currentData(),
            clause_polarity=self._clause_polarity,
            product=self.product.currentData(),
            sku=self.sku.currentData(),
            date_from=self.date_from.date().toPython() if use_dates else None,
            date_to=self.date_to.date().toPython() if use_dates else None,
            text=self.search.text().strip(),
            high_stars_unhappy=self.high_stars.isChecked(),
            got_worse=self.got_worse.isChecked(),
        )

    def set_filter(self, flt: ReviewFilter) -> None:
        """Show ``flt`` in the controls without emitting ``changed``."""
        self.blockSignals(True)
        self._timer.stop()
        try:
            self.search.setText(flt.text)
            self._timer.stop()
            _select(self.sentiment, flt.sentiment)
            ratings = _stars_key(flt.ratings)
            if self.rating.findData(ratings) < 0:
                self.rating.addItem(ratings.replace(",", "、") + self.tr(" 星"), ratings)
            _select(self.rating, ratings)
            for combo, value in (
                (self.theme, flt.theme),
                (self.aspect, flt.aspect),
                (self.product, flt.product),
                (self.sku, flt.sku),
            ):
                if value is not None and combo.findData(value) < 0:
                    combo.addItem(str(value), value)
                _select(combo, value)
            self.use_dates.setChecked(bool(flt.date_from or flt.date_to))
            for edit, value in ((self.date_from, flt.date_from), (self.date_to, flt.date_to)):
                if value is not None:
                    edit.setDate(QDate(value.year, value.month, value.day))
            self.high_stars.setChecked(flt.high_stars_unhappy)
            self.got_worse.setChecked(flt.got_worse)
            self._clause_polarity = flt.clause_polarity
            self._show_polarity()
        finally:
            self.blockSignals(False)

    def _date_edited(self) -> None:
        if self.use_dates.isChecked():
            self.changed.emit()

    def _clear_polarity(self) -> None:
        self._clause_polarity = None
        self._show_polarity()
        self.changed.emit()

    def _show_polarity(self) -> None:
        text = {
            "complaint": self.tr("只看差评的说法"),
            "praise": self.tr("只看好评的说法"),
            "neutral": self.tr("只看中性的说法"),
        }.get(self._clause_polarity or "", "")
        self.polarity_note.setText(text)
        self.polarity_note.setVisible(bool(text))
        self.polarity_clear.setVisible(bool(text))


def _choices(column: pd.Series) -> pd.Series:
    """Non-blank values of ``column`` (as text) by number of reviews, most first.

    Counted before converting to text: a million rows hold only a few distinct values.
    """
    counts = column.value_counts(dropna=True, sort=False)
    if counts.empty:
        return counts
    counts.index = counts.index.astype(str)
    counts = counts[counts.index.str.strip() != ""]
    counts = counts.groupby(level=0, sort=False).sum()  # e.g. 1 and "1"
    return counts.sort_values(ascending=False, kind="stable").head(MAX_CHOICES)


def counted(n: object) -> str:
    """`` (12)`` after a choice: full-width brackets in Chinese, ASCII ones in English."""
    return f"（{int(n):,}）" if get_language() == "zh" else f" ({int(n):,})"  # type: ignore[call-overload]


def _stars_key(stars: object) -> str:
    return ",".join(str(s) for s in sorted(stars))  # type: ignore[call-overload]


def _select(combo: QComboBox, value: object) -> None:
    index = combo.findData(value)
    combo.setCurrentIndex(max(0, index))
