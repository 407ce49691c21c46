"""「变化与提醒」 on a shop's dashboard: alerts, what is new since the last import, tags rising
or falling (as rates, with counts), each one a button that opens the reviews behind it.

The browser filters by tag, stars and dates (not by review ids): an alert opens its tag's
complaints (1★ for a 1★ alert) between its first and last review's day, which are the alert's
reviews. The sentences are the core's (:mod:`app.core.changes`), in the current language.
"""

from __future__ import annotations

import pandas as pd
from PySide6.QtCore import QEvent, QSize, Qt, Signal
from PySide6.QtWidgets import QFrame, QLabel, QPushButton, QVBoxLayout, QWidget

from app.core.changes.alerts import ONE_STAR, Alert, describe_alert
from app.core.changes.findings import HistoryFindings
from app.core.changes.periods import FALLING, RISING, describe_since, describe_tag_change
from app.core.i18n import tr
from app.core.results import AnalysisResult
from app.core.reviews.filter import ReviewFilter

TOP = 5
SEVERITY_COLOURS = {3: "#b91c1c", 2: "#b45309", 1: "#1f2328"}


def _days(result: AnalysisResult, ids: object) -> tuple[object, object]:
    dates = pd.to_datetime(result.reviews.loc[list(ids), "date"], errors="coerce").dropna()  # type: ignore[call-overload]
    if dates.empty:
        return None, None
    return dates.min().date(), dates.max().date()


def alert_filter(result: AnalysisResult, alert: Alert) -> ReviewFilter:
    """The browser filter showing ``alert``'s reviews: its tag's complaints (1★ reviews for a
    1★ alert) from its first to its last review's day."""
    start, end = _days(result, alert.review_ids)
    if alert.kind == ONE_STAR:
        return ReviewFilter(ratings=frozenset({1}), date_from=start, date_to=end)  # type: ignore[arg-type]
    return ReviewFilter(
        theme=alert.tag,
        clause_polarity="complaint",
        date_from=start,  # type: ignore[arg-type]
        date_to=end,  # type: ignore[arg-type]
    )


class FindingButton(QPushButton):
    """One finding: a word-wrapped sentence in a flat, clickable button."""

    def __init__(self, text: str, colour: str = "#1f2328", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("finding")
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setStyleSheet(
            "QPushButton#finding { text-align: left; border: 1px solid #e3e5e8; "
            "border-radius: 6px; background: #ffffff; padding: 6px 10px; }"
            "QPushButton#finding:hover { background: #eef4ff; }"
        )
        self.label = QLabel(text, wordWrap=True)
        self.label.setStyleSheet(f"color: {colour};")
        self.label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.addWidget(self.label)
        self.setAccessibleName(text)

    def text(self) -> str:  # type: ignore[override]
        return self.label.text()

    def sizeHint(self) -> QSize:  # the wrapped label decides the height
        hint = super().sizeHint()
        hint.setHeight(self.layout().sizeHint().height())
        return hint


class ChangesPanel(QFrame):
    """Shows :class:`HistoryFindings`; ``filterRequested(ReviewFilter)`` when one is clicked."""

    filterRequested = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        self.result: AnalysisResult | None = None
        self.findings: HistoryFindings | None = None
        self.title = QLabel(objectName="sectionTitle")
        self.hint = QLabel(objectName="muted", wordWrap=True)
        self.items = QVBoxLayout()
        self.items.setSpacing(6)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 14)
        layout.setSpacing(8)
        layout.addWidget(self.title)
        layout.addWidget(self.hint)
        layout.addLayout(self.items)
        self.buttons: list[FindingButton] = []
        self.retranslateUi()

    def set_findings(self, result: AnalysisResult, findings: HistoryFindings) -> None:
        self.result, self.findings = result, findings
        self._fill()

    def texts(self) -> list[str]:
        """The sentences shown, top to bottom (for tests and screen readers)."""
        return [b.text() for b in self.buttons]

    def _add(self, text: str, flt: ReviewFilter | None, colour: str = "#1f2328") -> None:
        button = FindingButton(text, colour)
        if flt is not None:
            button.setToolTip(tr("点击查看这些评价", "Click to see these reviews"))
            button.clicked.connect(lambda _c=False, f=flt: self.filterRequested.emit(f))
        else:
            button.setEnabled(False)
        self.items.addWidget(button)
        self.buttons.append(button)

    def _fill(self) -> None:
        for button in self.buttons:
            self.items.removeWidget(button)
            button.deleteLater()
        self.buttons = []
        found, result = self.findings, self.result
        if found is None or result is None:
            return
        for alert in found.alerts[:TOP]:
            colour = SEVERITY_COLOURS.get(alert.severity, "#1f2328")
            self._add("⚠ " + describe_alert(alert), alert_filter(result, alert), colour)
        if found.since_import is not None:
            since = found.since_import
            day = (since.cutoff + pd.Timedelta(days=1)).date()
            flt = ReviewFilter(date_from=day) if since.reviews else None
            self._add(describe_since(since), flt)
        if found.periods is not None:
            for key, row in found.notable_changes.head(TOP).iterrows():
                mark = (
                    "↑ " if row["status"] == RISING else "↓ " if row["status"] == FALLING else "＋ "
                )
                self._add(
                    mark + describe_tag_change(row, found.periods.freq),
                    ReviewFilter(theme=str(key), clause_polarity="complaint"),
                )
        if not self.buttons:
            self._add(
                tr("没有需要特别注意的变化。", "Nothing that needs attention has changed."), None
            )

    def retranslateUi(self) -> None:
        self.title.setText(tr("变化与提醒", "Changes and alerts"))
        self.hint.setText(
            tr(
                "店铺里全部评价的变化：先看提醒，再看上次导入以来的新评价和升降的问题。点击一条查看背后的评价。",
                "What changed across the shop's reviews: alerts first, then what is new since the "
                "last import and the problems going up or down. Click one to see its reviews.",
            )
        )
        self._fill()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslateUi()
        super().changeEvent(event)
