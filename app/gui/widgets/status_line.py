"""The status bar's permanent line: what is happening now, or the last analysis's counts.

What is happening is given as a function returning the text, so a language switch says it again.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QLabel, QStatusBar


class StatusLine(QLabel):
    """Say an activity (:meth:`say`) or the counts of a finished analysis (:meth:`show_counts`)."""

    def __init__(self) -> None:
        super().__init__(objectName="statusActivity")
        self.activity: Callable[[], str] | None = None
        self._counts: dict[str, int] | None = None

    def say(self, text: Callable[[], str]) -> None:
        """Show what is happening now (a passing message of the bar goes); the counts come
        back only with :meth:`show_counts`."""
        bar = self.parent()
        if isinstance(bar, QStatusBar):
            bar.clearMessage()
        self.activity = text
        self.refresh()

    def follow(self, runner: Any, cancelled: Callable[[], str], failed: Callable[[], str]) -> None:
        """Say ``cancelled`` / ``failed`` when a page's worker ``runner`` ends so."""
        runner.cancelled.connect(lambda: self.say(cancelled))
        runner.failed.connect(lambda _error: self.say(failed))

    def show_counts(self, counts: dict[str, int]) -> None:
        self.activity, self._counts = None, dict(counts)
        self.refresh()

    def refresh(self) -> None:
        """Say it again (after a language switch)."""
        if self.activity is not None:
            self.setText(self.activity())
        elif self._counts is None:
            self.clear()
        else:
            counts = self._counts
            self.setText(
                QCoreApplication.translate(
                    "MainWindow",
                    "分析完成：{total} 条评价 · 好评 {praise} · 差评 {complaint} · 褒贬都有 {mixed} · 中性 {neutral}",
                ).format(
                    total=f"{sum(counts.values()):,}",
                    praise=f"{counts.get('praise', 0):,}",
                    complaint=f"{counts.get('complaint', 0):,}",
                    mixed=f"{counts.get('mixed', 0):,}",
                    neutral=f"{counts.get('neutral', 0):,}",
                )
            )
