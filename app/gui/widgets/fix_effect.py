"""「改动效果」: did a fix work? Mark a change (day + what, e.g. 换了顺丰) in the shop and see,
per complaint tag, the rate before → after it with the verdict in words.

Storing the mark and checking it run in this panel's :class:`TaskRunner`; the marks already in
the shop are listed in a drop-down and the chosen one's table is shown.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
from PySide6.QtCore import QDate, QEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.core.changes.fix_check import BETTER, WORSE, FixCheck, describe_fix, verdict_words
from app.core.i18n import tr
from app.core.results import AnalysisResult
from app.gui.dialogs import error_dialog
from app.gui.widgets.verdict_table import (
    fill_verdict_table,
    make_verdict_table,
    rate_text,
    table_cells,
)
from app.gui.workers import TaskRunner
from app.history import session

VERDICT_COLOURS = {BETTER: "#15803d", WORSE: "#b91c1c"}


class FixEffectPanel(QFrame):
    """The form to mark a change and the before/after table of the chosen mark."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        self.shop: str | None = None
        self.result: AnalysisResult | None = None
        self.checks: list[FixCheck] = []
        self._note: tuple[str, str] | None = None
        self.runner = TaskRunner(self)
        self.runner.failed.connect(lambda error: error_dialog.show_error(self, error))
        self.runner.finished.connect(lambda: self.save_button.setEnabled(True))

        self.title = QLabel(objectName="sectionTitle")
        self.hint = QLabel(objectName="muted", wordWrap=True)
        self.date_edit = QDateEdit(calendarPopup=True)
        self.date_edit.setDisplayFormat("yyyy-MM-dd")
        self.what = QLineEdit()
        self.what.returnPressed.connect(self.save)
        self.save_button = QPushButton()
        self.save_button.clicked.connect(self.save)
        self.note = QLabel(objectName="muted", wordWrap=True)
        self.marks_label = QLabel()
        self.marks = QComboBox()
        self.marks.currentIndexChanged.connect(self._show_check)
        self.headline = QLabel(wordWrap=True)
        self.table = make_verdict_table()

        form = QHBoxLayout()
        form.addWidget(self.date_edit)
        form.addWidget(self.what, 1)
        form.addWidget(self.save_button)
        chooser = QHBoxLayout()
        chooser.addWidget(self.marks_label)
        chooser.addWidget(self.marks, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 14)
        layout.setSpacing(8)
        layout.addWidget(self.title)
        layout.addWidget(self.hint)
        layout.addLayout(form)
        layout.addWidget(self.note)
        layout.addLayout(chooser)
        layout.addWidget(self.headline)
        layout.addWidget(self.table)
        self.retranslateUi()

    # -- public --------------------------------------------------------------------------------
    def set_shop(self, shop: str, result: AnalysisResult, checks: list[FixCheck]) -> None:
        """Show the marks ``checks`` of ``shop`` (checked against ``result``)."""
        self.runner.cancel()
        self.shop, self.result, self.checks = shop, result, list(checks)
        self._note = None
        dates = pd.to_datetime(result.reviews["date"], errors="coerce").dropna()
        day = dates.max().date() if len(dates) else date.today()
        self.date_edit.setDate(QDate(day.year, day.month, day.day))
        self.what.clear()
        self._fill_marks(len(self.checks) - 1)

    def save(self) -> None:
        """Store the typed change in the shop (worker) and show its before/after."""
        if self.shop is None or self.runner.is_running():
            return
        day = self.date_edit.date().toPython()
        what, shop, result = self.what.text(), self.shop, self.result
        self.save_button.setEnabled(False)
        self.runner.start(
            lambda _progress, _cancel: session.mark_fix(shop, day, what, result),
            on_success=self._saved,
        )

    def current_rows(self) -> list[list[str]]:
        """The table's cells, row by row (for tests)."""
        return table_cells(self.table)

    # -- filling -------------------------------------------------------------------------------
    def _saved(self, outcome: tuple[bool, FixCheck | None]) -> None:
        stored, check = outcome
        if check is None:
            return
        same = [
            i
            for i, c in enumerate(self.checks)
            if c.date == check.date and c.description == check.description
        ]
        if stored or not same:
            self.checks.append(check)
            self.checks.sort(key=lambda c: c.date)
            same = [self.checks.index(check)]
        self._note = (
            ("已记下这次改动，保存在店铺文件里。", "Change saved in the shop file.")
            if stored
            else ("这次改动之前已经记下了。", "This change was already saved.")
        )
        self.what.clear()
        self._fill_marks(same[0])

    def _fill_marks(self, select: int) -> None:
        self.marks.blockSignals(True)
        self.marks.clear()
        for check in self.checks:
            self.marks.addItem(f"{check.date:%Y-%m-%d}  {check.description}")
        self.marks.blockSignals(False)
        has = bool(self.checks)
        for widget in (self.marks_label, self.marks, self.headline, self.table):
            widget.setVisible(has)
        self.note.setText(tr(*self._note) if self._note else "")
        self.note.setVisible(bool(self._note) or not has)
        if not has:
            self.note.setText(
                tr("还没有记下改动。", "No change marked yet.")
                if not self._note
                else self.note.text()
            )
        if has:
            self.marks.setCurrentIndex(max(0, min(select, len(self.checks) - 1)))
            self._show_check()

    def _show_check(self) -> None:
        index = self.marks.currentIndex()
        if not (0 <= index < len(self.checks)):
            return
        check = self.checks[index]
        self.headline.setText(describe_fix(check))
        all_problems = tr("含不满的评价（全部问题）", "Reviews with a complaint (all)")
        rows = [
            (
                [
                    row["label"] or all_problems,
                    rate_text(row, "before"),
                    rate_text(row, "after"),
                    verdict_words(row["verdict"]),
                ],
                row["verdict"],
            )
            for _key, row in check.table.iterrows()
        ]
        fill_verdict_table(self.table, rows, VERDICT_COLOURS, bold_first=True)

    # -- language ------------------------------------------------------------------------------
    def retranslateUi(self) -> None:
        self.title.setText(tr("改动效果", "Did the change work?"))
        self.hint.setText(
            tr(
                "记下你做过的改动和日期（例如 换了顺丰），看看之后各类差评的比例有没有下降。"
                "前后各需至少 30 条评价才下结论。",
                "Mark a change you made and its date (e.g. switched courier) to see whether each "
                "complaint's share fell afterwards. A verdict needs 30+ reviews on each side.",
            )
        )
        self.what.setPlaceholderText(
            tr("做了什么改动，例如：换了顺丰", "What changed, e.g. switched courier")
        )
        self.save_button.setText(tr("记下改动", "Save change"))
        self.date_edit.setToolTip(tr("改动是哪一天做的", "The day of the change"))
        self.date_edit.setAccessibleName(tr("改动日期", "Day of the change"))
        self.what.setAccessibleName(tr("做了什么改动", "What changed"))
        self.table.setAccessibleName(
            tr("改动前后各类差评的比例", "Complaint shares before and after")
        )
        self.marks_label.setText(tr("已记下的改动：", "Saved changes:"))
        self.table.setHorizontalHeaderLabels(
            [
                tr("问题", "Problem"),
                tr("改动前", "Before"),
                tr("改动后", "After"),
                tr("结论", "Verdict"),
            ]
        )
        self._fill_marks(self.marks.currentIndex())

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslateUi()
        super().changeEvent(event)
