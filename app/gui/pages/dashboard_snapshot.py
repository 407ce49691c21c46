"""总览 drawn from a shop's stored snapshot (:mod:`app.history.snapshot`) while the live
analysis runs behind it.

:func:`collect_payload` reads what a live 总览 shows (numbers, theme cards, lines, chart order)
into the JSON payload; :func:`encode_charts` turns the drawn chart images into PNG bytes (safe
in a worker). :func:`show_snapshot` fills the page from a stored snapshot, read-only: every
click that needs the live result says so in the :class:`SnapshotBanner` instead.
"""

from __future__ import annotations

import re
from typing import Any

from PySide6.QtCore import QBuffer, QByteArray, QEvent, QIODevice, QRectF, Qt, Signal, Slot
from PySide6.QtGui import QColor, QImage, QMouseEvent, QPainter, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from app.core.i18n import get_language
from app.core.i18n import tr as core_tr
from app.gui.widgets.changes_panel import FindingButton
from app.gui.widgets.theme_card import ThemeCard
from app.history.snapshot import Snapshot

POLARITIES = ("complaint", "praise")
MIN_WIDTH = 360


def needs_live() -> str:
    return core_tr("更新完成后可以查看评论", "The reviews can be viewed once the update finishes")


class SnapshotBanner(QFrame):
    """「这是 … 的分析结果，正在用最新的评价更新…」 with the update's progress and 取消."""

    cancelRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("snapshotBanner")
        self.setStyleSheet(
            "QFrame#snapshotBanner { background: #fff7e6; border: 1px solid #f5c16c; "
            "border-radius: 8px; }"
        )
        self.made_at, self.current, self.state, self._note = "", True, "updating", False
        self.text = QLabel(wordWrap=True)
        self.text.setStyleSheet("font-weight: 600; color: #7c4a03;")
        self.stage = QLabel(objectName="muted", wordWrap=True)
        self.bar = QProgressBar(textVisible=False)
        self.bar.setRange(0, 1000)
        self.bar.setFixedWidth(220)
        self.cancel_button = QPushButton()
        self.cancel_button.clicked.connect(self.cancelRequested)
        top = QHBoxLayout()
        top.addWidget(self.text, 1)
        top.addWidget(self.bar)
        top.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 10, 14, 10)
        layout.setSpacing(4)
        layout.addLayout(top)
        layout.addWidget(self.stage)
        self.retranslateUi()
        self.hide()

    def start(self, made_at: str, current: bool) -> None:
        """Show it for a snapshot made at ``made_at`` whose update has just started."""
        self.made_at, self.current, self.state, self._note = made_at, current, "updating", False
        self.bar.setValue(0)
        self.retranslateUi()
        self.show()

    @Slot(float, str)
    def set_progress(self, fraction: float, message: str) -> None:
        if self.state != "updating":
            return
        self.bar.setValue(round(max(0.0, min(1.0, fraction)) * 1000))
        if message and not self._note:
            self.stage.setText(message)

    def stopped(self, state: str) -> None:
        """The update ended without a result: ``cancelled`` or ``failed``."""
        self.state, self._note = state, False
        self.retranslateUi()

    def say_needs_live(self) -> None:
        """What a click that needs the live result answers."""
        self._note = True
        self.stage.setText(self._note_text())

    def _note_text(self) -> str:
        if self.state == "updating":
            return needs_live() + core_tr("。", ".")
        return core_tr(
            "要查看评论，请回到开始页重新打开这个店铺。",
            "To view the reviews, open this shop again from the start page.",
        )

    def retranslateUi(self) -> None:
        when = self.made_at
        if self.state == "updating" and self.current:
            text = core_tr(
                f"这是 {when} 的分析结果，正在用最新的评价更新…",
                f"This is the analysis from {when}; updating it with the latest reviews…",
            )
        elif self.state == "updating":
            text = core_tr(
                f"这是 {when} 的分析结果，之后店铺里又有了新的评价或改动记录，正在更新…",
                f"This is the analysis from {when}; the shop got new reviews or change "
                "marks since, updating…",
            )
        elif self.state == "cancelled":
            text = core_tr(
                f"这是 {when} 的分析结果；已取消更新，没有用最新的评价更新。",
                f"This is the analysis from {when}; the update was cancelled, so it does not "
                "include the latest reviews.",
            )
        else:
            text = core_tr(
                f"这是 {when} 的分析结果；更新没有完成，没有用最新的评价更新。",
                f"This is the analysis from {when}; the update did not finish, so it does not "
                "include the latest reviews.",
            )
        self.text.setText(text)
        self.setAccessibleName(text)
        updating = self.state == "updating"
        self.bar.setVisible(updating)
        self.cancel_button.setVisible(updating)
        self.cancel_button.setText(core_tr("取消", "Cancel"))
        self.cancel_button.setToolTip(
            core_tr(
                "停止更新，继续显示这份旧的结果", "Stop the update and keep showing this result"
            )
        )
        if self._note or not updating:
            self.stage.setText(self._note_text())
        else:
            self.stage.setText(core_tr("准备中…", "Preparing…"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslateUi()
        super().changeEvent(event)


class SnapshotChart(QWidget):
    """A stored chart image, scaled to its column; ``clicked`` on a left click."""

    clicked = Signal()

    def __init__(self, image: QImage, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.image = image
        self._aspect = image.height() / image.width() if image.width() else 0.56
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMinimumWidth(MIN_WIDTH)
        self.setFixedHeight(self.heightForWidth(MIN_WIDTH * 2))
        self.setAccessibleName(title or core_tr("图表", "Chart"))
        self.setToolTip(needs_live())

    def heightForWidth(self, width: int) -> int:
        return max(160, round(width * self._aspect))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self.height() != (wanted := self.heightForWidth(self.width())):
            self.setFixedHeight(wanted)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor("#ffffff"))
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        width = float(self.width())
        painter.drawImage(QRectF(0, 0, width, width * self._aspect), self.image)
        painter.end()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.clicked.emit()
        super().mouseReleaseEvent(event)


# -- the payload -----------------------------------------------------------------------------
def collect_payload(page: Any, shop: str) -> dict[str, Any]:
    """What the live 总览 of ``shop`` shows, as the snapshot's JSON payload (``kpi_values``:
    the caller adds them in its worker, they take a moment at a million reviews)."""
    assert page.result is not None
    themes: dict[str, Any] = {}
    for polarity, title, box in (
        ("complaint", page.complaint_title, page.complaint_box),
        ("praise", page.praise_title, page.praise_box),
    ):
        widgets = [box.itemAt(i).widget() for i in range(box.count())]
        cards = [
            {"key": w.key, "title": w.title.text(), "quote": w.quote.text()}
            for w in widgets
            if isinstance(w, ThemeCard)
        ]
        themes[polarity] = {
            "title": title.text(),
            "cards": cards,
            "unspecified": page.unspecified.get(polarity, ""),
        }
    changes = [[b.text(), _colour(b)] for b in page.changes_panel.buttons]
    return {
        "shop": shop,
        "lang": get_language(),
        "cards": {
            k: [c.value(), c.caption_label.text(), c.toolTip()] for k, c in page.cards.items()
        },
        "themes": themes,
        "subtitle": page.subtitle.text(),
        "changes": changes,
        "charts": list(page.canvases),
        "chart_titles": {name: c.accessibleName() for name, c in page.canvases.items()},
    }


def chart_images(page: Any) -> dict[str, QImage]:
    """The drawn charts' images (shared, not copied: cheap in the GUI thread)."""
    return {name: canvas.image for name, canvas in page.canvases.items()}


def encode_charts(images: dict[str, QImage]) -> dict[str, bytes]:
    """Each image as PNG bytes (any thread: QImage only)."""
    out = {}
    for name, image in images.items():
        data = QByteArray()
        buffer = QBuffer(data)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        if image.save(buffer, "PNG"):
            out[name] = bytes(data.data())
        buffer.close()
    return out


def _colour(button: FindingButton) -> str:
    found = re.search(r"color:\s*(#[0-9a-fA-F]{3,8})", button.label.styleSheet())
    return found.group(1) if found else "#1f2328"


# -- showing ---------------------------------------------------------------------------------
def show_snapshot(page: Any, snap: Snapshot) -> None:
    """Fill ``page`` from ``snap``, read-only, with the banner at the top (its caller starts
    the update and :meth:`SnapshotBanner.start`)."""
    payload = snap.payload
    page.runner.cancel()  # charts of an older result would land on the snapshot
    page.result = page.shop_result = None
    page.snapshot = snap
    for panel in (page.changes_panel, page.fix_panel, page.compare_panel):
        panel.hide()
    cards = payload.get("cards") or {}
    for key, card in page.cards.items():
        value, caption, tip = [*(cards.get(key) or []), "—", "", ""][:3]
        card.set_value(str(value), str(caption), f"{tip}\n{needs_live()}".strip())
    fill_titles(page)
    themes = payload.get("themes") or {}
    for polarity, box in (("complaint", page.complaint_box), ("praise", page.praise_box)):
        _clear(box)
        shown = themes.get(polarity) or {}
        items = shown.get("cards") or []
        if not items:
            box.addWidget(QLabel(page.tr("没有找到明显的主题。"), objectName="muted"))
        for item in items:
            card = ThemeCard(str(item.get("key", "")))
            card.title.setText(str(item.get("title", "")))
            card.quote.setText(str(item.get("quote", "")))
            card.setToolTip(needs_live())
            card.setAccessibleName(card.title.text())
            card.clicked.connect(page.banner.say_needs_live)
            box.addWidget(card)
        page.unspecified[polarity] = str(shown.get("unspecified", ""))
        if page.unspecified[polarity]:
            box.addWidget(QLabel(page.unspecified[polarity], objectName="muted", wordWrap=True))
    page.subtitle.setText(str(payload.get("subtitle", "")))
    _show_changes(page, payload.get("changes") or [])
    page.snapshot_fix.setText(
        core_tr(
            "改动效果会在更新完成后显示。",
            "The effect of your changes shows once the update finishes.",
        )
    )
    page.snapshot_fix.show()
    _show_charts(page, snap)
    page.scroll.verticalScrollBar().setValue(0)


def fill_titles(page: Any) -> None:
    """The theme columns' titles as stored (they count the reviews of the stored result) and
    the charts' hint (they open reviews only once the update finishes)."""
    assert page.snapshot is not None
    page.charts_hint.setText(
        core_tr(
            "提示：更新完成后，点击图中的柱子、格子、时间点或词语，就能看到背后的那些评价。",
            "Tip: once the update finishes, click a bar, cell, point or word in a chart to see "
            "the reviews behind it.",
        )
    )
    themes = page.snapshot.payload.get("themes") or {}
    for polarity, label in (("complaint", page.complaint_title), ("praise", page.praise_title)):
        title = (themes.get(polarity) or {}).get("title")
        if title:
            label.setText(str(title))


def _show_changes(page: Any, lines: list[Any]) -> None:
    box = page.snapshot_changes
    _clear(box.items)
    for line in lines:
        text, colour = [*line, ""][:2] if isinstance(line, list) else (line, "")
        button = FindingButton(str(text), str(colour or "#1f2328"))
        button.setToolTip(needs_live())
        button.clicked.connect(page.banner.say_needs_live)
        box.items.addWidget(button)
    box.title.setText(core_tr("变化与提醒", "Changes and alerts"))
    box.setVisible(bool(lines))


def _show_charts(page: Any, snap: Snapshot) -> None:
    page._clear_charts()  # a live result's charts shown before (same window, another open)
    clear_charts(page)
    titles = snap.payload.get("chart_titles") or {}
    names = [n for n in snap.payload.get("charts") or [] if n in snap.charts]
    for name in names:
        image = QImage.fromData(snap.charts[name], "PNG")
        if image.isNull():
            continue
        chart = SnapshotChart(image, str(titles.get(name, "")))
        chart.clicked.connect(page.banner.say_needs_live)
        i = len(page.snapshot_charts)
        page.grid.addWidget(chart, i // 2, i % 2)
        page.snapshot_charts.append(chart)
    page.charts_status.setText(page.tr("数据不足，没有可画的图表。") if not names else needs_live())
    page.charts_status.setVisible(not page.snapshot_charts)


def clear_charts(page: Any) -> None:
    for chart in page.snapshot_charts:
        page.grid.removeWidget(chart)
        chart.deleteLater()
    page.snapshot_charts = []


def leave_snapshot(page: Any) -> None:
    """The live result is here: the snapshot's own widgets go."""
    if page.snapshot is None:
        return
    page.snapshot = None
    page.banner.hide()
    page.snapshot_fix.hide()
    page.snapshot_changes.hide()
    clear_charts(page)
    page.charts_hint.setText(
        page.tr("提示：点击图中的柱子、格子、时间点或词语，就能看到背后的那些评价。")
    )


def _clear(box: Any) -> None:
    while box.count():
        item = box.takeAt(0)
        if item.widget() is not None:
            item.widget().deleteLater()


class SnapshotChanges(QFrame):
    """「变化与提醒」 as stored: the lines only (each click says the update is still running)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        self.title = QLabel(objectName="sectionTitle")
        self.items = QVBoxLayout()
        self.items.setSpacing(6)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 14)
        layout.setSpacing(8)
        layout.addWidget(self.title)
        layout.addLayout(self.items)
        self.hide()

    def texts(self) -> list[str]:
        """The lines shown, top to bottom."""
        widgets = [self.items.itemAt(i).widget() for i in range(self.items.count())]
        return [w.text() for w in widgets if isinstance(w, FindingButton)]
