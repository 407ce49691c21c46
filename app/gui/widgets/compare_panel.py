"""「与对手对比」 on a shop's dashboard: the shop's complaint rates vs a competitor's reviews
imported into the same shop file (「加入对手的评价…」, another source).

Choose the source, 「对比」: the shop's and the competitor's held reviews are analysed together
in this panel's :class:`TaskRunner` (:func:`app.runtime.tasks.shop_compare_task`). Shown: the overall 含不满 line and, per complaint tag, 本店 | 对手 | 结论 with
the tags the competitor clearly has fewer of first.
"""

from __future__ import annotations

import pandas as pd
from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.core.changes.compare import (
    NO_CHANGE,
    THEY_BETTER,
    TOO_FEW,
    WE_BETTER,
    Comparison,
    describe_row,
    describe_span,
)
from app.core.i18n import tr
from app.gui.dialogs import error_dialog
from app.gui.widgets.verdict_table import (
    fill_verdict_table,
    make_verdict_table,
    rate_text,
    table_cells,
)
from app.gui.workers import TaskRunner
from app.runtime.tasks import shop_compare_task

ORDER = {THEY_BETTER: 0, WE_BETTER: 1, NO_CHANGE: 2, TOO_FEW: 3}
VERDICT_COLOURS = {THEY_BETTER: "#b91c1c", WE_BETTER: "#15803d"}


def verdict_text(verdict: str) -> str:
    """The 结论 column in the current language."""
    zh, en = {
        THEY_BETTER: ("对手明显更少", "clearly fewer at the competitor"),
        WE_BETTER: ("我们明显更少", "clearly fewer at our shop"),
        NO_CHANGE: ("没有明显差别", "no clear difference"),
        TOO_FEW: ("还看不出来（评价太少）", "too early to tell (too few reviews)"),
    }[verdict]
    return tr(zh, en)


def ordered_tags(comparison: Comparison) -> pd.DataFrame:
    """The tags, those the competitor clearly has fewer of first (biggest gap first), then
    ours clearly fewer, no clear difference, too few; the most reviews first within each."""
    tags = comparison.tags.copy()
    tags["_order"] = tags["verdict"].map(ORDER)
    tags["_gap"] = tags["diff"].abs()
    tags["_n"] = tags["ours_count"] + tags["theirs_count"]
    tags = tags.sort_values(["_order", "_gap", "_n"], ascending=[True, False, False], kind="stable")
    return tags.drop(columns=["_order", "_gap", "_n"])


class ComparePanel(QFrame):
    """Pick a competitor source of the shop and compare complaint rates with it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        self.shop: str | None = None
        self.comparison: Comparison | None = None
        self.runner = TaskRunner(self)
        self.runner.progress.connect(self._progress)
        self.runner.failed.connect(lambda error: error_dialog.show_error(self, error))
        self.runner.finished.connect(self._idle)

        self.title = QLabel(objectName="sectionTitle")
        self.hint = QLabel(objectName="muted", wordWrap=True)
        self.source_label = QLabel()
        self.sources = QComboBox()
        self.sources.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.compare_button = QPushButton()
        self.compare_button.setProperty("primary", True)
        self.compare_button.clicked.connect(self.run_compare)
        self.bar = QProgressBar(textVisible=False)
        self.bar.setRange(0, 1000)
        self.stage = QLabel(objectName="muted")
        self.cancel_button = QPushButton()
        self.cancel_button.clicked.connect(self.runner.cancel)
        self.headline = QLabel(wordWrap=True)
        self.headline.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.table = make_verdict_table()

        chooser = QHBoxLayout()
        chooser.addWidget(self.source_label)
        chooser.addWidget(self.sources)
        chooser.addWidget(self.compare_button)
        chooser.addStretch()
        busy = QHBoxLayout()
        busy.addWidget(self.bar, 1)
        busy.addWidget(self.stage, 2)
        busy.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 14)
        layout.setSpacing(8)
        layout.addWidget(self.title)
        layout.addWidget(self.hint)
        layout.addLayout(chooser)
        layout.addLayout(busy)
        layout.addWidget(self.headline)
        layout.addWidget(self.table)
        self._busy_widgets = (self.bar, self.stage, self.cancel_button)
        self._idle()
        self.retranslateUi()

    # -- public --------------------------------------------------------------------------------
    def set_shop(self, shop: str, others: list[str]) -> None:
        """The competitor sources ``others`` of ``shop``; an earlier comparison is cleared."""
        self.runner.cancel()
        self.shop, self.comparison = shop, None
        self.sources.clear()
        self.sources.addItems(others)
        self._fill()

    def has_sources(self) -> bool:
        return self.sources.count() > 0

    def run_compare(self) -> None:
        """Analyse the shop's and the chosen source's reviews together (worker) and show them."""
        theirs = self.sources.currentText()
        if self.shop is None or not theirs or self.runner.is_running():
            return
        shop = self.shop
        self.comparison = None
        self._fill()
        self.bar.setValue(0)
        self.stage.setText(tr(f"正在与“{theirs}”对比…", f"Comparing with “{theirs}”…"))
        for widget in self._busy_widgets:
            widget.show()
        self.compare_button.setEnabled(False)
        self.sources.setEnabled(False)
        self.runner.start(
            shop_compare_task(shop, theirs),
            on_success=self._compared,
        )

    def current_rows(self) -> list[list[str]]:
        """The table's cells, row by row (for tests)."""
        return table_cells(self.table)

    # -- filling -------------------------------------------------------------------------------
    def _compared(self, comparison: Comparison) -> None:
        self.comparison = comparison
        self._fill()

    def _progress(self, fraction: float, message: str) -> None:
        self.bar.setValue(round(max(0.0, min(1.0, fraction)) * 1000))
        if message:
            self.stage.setText(message)

    def _idle(self) -> None:
        for widget in self._busy_widgets:
            widget.hide()
        self.compare_button.setEnabled(True)
        self.sources.setEnabled(True)

    def _fill(self) -> None:
        c = self.comparison
        self.headline.setVisible(c is not None)
        self.table.setVisible(c is not None and not c.tags.empty)
        if c is None:
            self.table.setRowCount(0)
            return
        ours = tr("本店", "our shop")
        overall = describe_row(
            c.overall, tr("含不满的评价", "Reviews with a complaint"), ours, c.theirs
        )
        span = describe_span(c)
        self.headline.setText(f"{span}\n{overall}" if span else overall)
        rows = [
            (
                [
                    str(row["label"]),
                    rate_text(row, "ours"),
                    rate_text(row, "theirs"),
                    verdict_text(row["verdict"]),
                ],
                row["verdict"],
            )
            for _key, row in ordered_tags(c).iterrows()
        ]
        fill_verdict_table(self.table, rows, VERDICT_COLOURS)

    # -- language ------------------------------------------------------------------------------
    def retranslateUi(self) -> None:
        self.title.setText(tr("与对手对比", "Compare with a competitor"))
        self.hint.setText(
            tr(
                "把本店和对手的评价放在一起分析，看各类差评的比例谁更高。"
                "每边至少 30 条评价才下结论。",
                "Analyses our shop's and the competitor's reviews together to see whose share of "
                "each complaint is higher. A verdict needs 30+ reviews on each side.",
            )
        )
        self.source_label.setText(tr("对手：", "Competitor:"))
        self.sources.setAccessibleName(tr("对手的来源", "The competitor's source"))
        self.compare_button.setText(tr("对比", "Compare"))
        self.cancel_button.setText(tr("取消", "Cancel"))
        self.table.setAccessibleName(
            tr("本店和对手各类差评的比例", "Complaint shares at our shop and the competitor")
        )
        self.table.setHorizontalHeaderLabels(
            [
                tr("问题", "Problem"),
                tr("本店", "Our shop"),
                tr("对手", "Competitor"),
                tr("结论", "Verdict"),
            ]
        )
        self._fill()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslateUi()
        super().changeEvent(event)
