"""总览: KPI cards, the top complaint and praise themes with a quote, and every report chart.

The charts are the report's own (:func:`app.core.charts.data.result_figures`), built and rendered
to images in a worker so a large result never freezes the window (the GUI thread only blits
them); ``chartsReady`` fires when they are shown. Clicking
a theme card, a KPI card or a part of a chart emits ``filterRequested(ReviewFilter)``.

For a shop (:meth:`DashboardPage.set_shop`) two panels join: 「变化与提醒」 above the cards and
「改动效果」 under the themes, then 「与对手对比」 when the shop holds a competitor's reviews; a
plain file's result hides them. A shop opening on its stored snapshot
(:meth:`DashboardPage.show_snapshot`) is drawn read-only from it under a banner until the live
result arrives (:mod:`app.gui.pages.dashboard_snapshot`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pandas as pd
from PySide6.QtCore import QEvent, Qt, Signal, Slot
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.core.i18n import get_language as core_language
from app.core.i18n import tr as core_tr
from app.core.naming import adapted_note, by_count, stars, unspecified_line
from app.core.progress import CancelToken, ProgressFn
from app.core.results import AnalysisResult
from app.core.reviews.filter import ReviewFilter
from app.gui.pages import dashboard_snapshot as snapshots
from app.gui.pages.dashboard_kpis import fill_kpi_cards, make_kpi_cards
from app.gui.widgets.changes_panel import ChangesPanel
from app.gui.widgets.chart_canvas import ChartCanvas, render_figure
from app.gui.widgets.compare_panel import ComparePanel
from app.gui.widgets.fix_effect import FixEffectPanel
from app.gui.widgets.theme_card import ThemeCard
from app.gui.workers import TaskRunner

if TYPE_CHECKING:
    from matplotlib.backend_bases import MouseEvent

    from app.history.snapshot import Snapshot

TOP_THEMES = 3
MIN_RENDER_WIDTH = 600  # charts are rendered at least this wide (pixels) and scaled to fit


def make_figures(result: AnalysisResult) -> Any:
    """The worker body's work: every chart the data supports."""
    from app.core.charts.data import result_figures

    return result_figures(result)


def render_figures(
    result: AnalysisResult, width_px: int, progress: ProgressFn, cancel: CancelToken
) -> tuple[AnalysisResult, dict[str, Any], dict[str, Any]]:
    """Worker body: build every figure and draw it to an image ``width_px`` wide."""
    cancel.check()
    figures = make_figures(result)
    images = {}
    for i, (name, figure) in enumerate(figures.items()):
        cancel.check()
        images[name] = render_figure(figure, width_px)
        progress((i + 1) / max(1, len(figures)), "")
    return result, figures, images


class DashboardPage(QWidget):
    filterRequested = Signal(object)  # ReviewFilter
    chartsReady = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.result: AnalysisResult | None = None
        self.figures: dict[str, Any] = {}
        self.canvases: dict[str, ChartCanvas] = {}
        self._charts_language = ""  # the language the shown (or coming) charts are drawn in
        self._charts_stale = False  # the language changed while the page was not shown
        self.runner = TaskRunner(self)
        self.runner.failed.connect(self._on_charts_failed)

        self.title = QLabel(objectName="pageTitle")
        self.subtitle = QLabel(wordWrap=True, objectName="muted")
        self.shop_result: AnalysisResult | None = None  # the result the shop panels belong to
        self.changes_panel = ChangesPanel()
        self.changes_panel.filterRequested.connect(self.filterRequested)
        self.fix_panel = FixEffectPanel()
        self.compare_panel = ComparePanel()  # only for a shop holding a competitor's reviews
        for panel in (self.changes_panel, self.fix_panel, self.compare_panel):
            panel.hide()
        self.cards, self.kpi_grid = make_kpi_cards(self._request_filter)
        self.snapshot: Snapshot | None = None  # shown until the live result arrives
        self.banner = snapshots.SnapshotBanner()
        self.snapshot_changes = snapshots.SnapshotChanges()
        self.snapshot_fix = QLabel(objectName="muted", wordWrap=True)
        self.snapshot_fix.hide()
        self.snapshot_charts: list[QWidget] = []

        self.unspecified: dict[str, str] = {}  # polarity -> the no-reason line shown ("" none)
        self.complaint_title = QLabel(objectName="sectionTitle")
        self.praise_title = QLabel(objectName="sectionTitle")
        self.complaint_box = QVBoxLayout()
        self.praise_box = QVBoxLayout()
        themes = QHBoxLayout()
        themes.setSpacing(16)
        for title, box in (
            (self.complaint_title, self.complaint_box),
            (self.praise_title, self.praise_box),
        ):
            column = QVBoxLayout()
            column.setSpacing(6)
            column.addWidget(title)
            column.addLayout(box)
            column.addStretch()
            themes.addLayout(column, 1)

        self.charts_title = QLabel(objectName="sectionTitle")
        self.charts_hint = QLabel(wordWrap=True, objectName="muted")
        self.charts_status = QLabel(objectName="muted")
        self.grid = QGridLayout()
        self.grid.setSpacing(12)

        content = QWidget()
        content.setObjectName("dashboardContent")
        layout = QVBoxLayout(content)
        layout.setContentsMargins(20, 16, 20, 20)
        layout.setSpacing(10)
        layout.addWidget(self.banner)
        layout.addWidget(self.title)
        layout.addWidget(self.subtitle)
        layout.addWidget(self.changes_panel)
        layout.addWidget(self.snapshot_changes)
        layout.addLayout(self.kpi_grid)
        layout.addSpacing(6)
        layout.addLayout(themes)
        layout.addSpacing(6)
        layout.addWidget(self.fix_panel)
        layout.addWidget(self.snapshot_fix)
        layout.addWidget(self.compare_panel)
        layout.addWidget(self.charts_title)
        layout.addWidget(self.charts_hint)
        layout.addWidget(self.charts_status)
        layout.addLayout(self.grid)
        layout.addStretch()
        self.scroll = QScrollArea(widgetResizable=True, frameShape=QFrame.Shape.NoFrame)
        self.scroll.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self.scroll.setWidget(content)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.scroll)
        self.retranslateUi()

    # -- public ----------------------------------------------------------------------------------
    @Slot(object)
    def set_result(self, result: AnalysisResult) -> None:
        """Show ``result``: numbers and themes now, charts when the worker has drawn them."""
        snapshots.leave_snapshot(self)
        self.result = result
        for panel in (self.changes_panel, self.fix_panel):
            panel.setVisible(result is self.shop_result)
        self.compare_panel.setVisible(
            result is self.shop_result and self.compare_panel.has_sources()
        )
        self._fill_kpis()
        self._fill_themes()
        self._fill_subtitle()
        self._render_charts()

    def set_shop(self, analysis: Any) -> None:
        """The shop panels for ``analysis`` (a :class:`~app.history.session.ShopAnalysis`); they
        show once its result is set."""
        self.shop_result = analysis.result
        self.changes_panel.set_findings(analysis.result, analysis.findings)
        self.fix_panel.set_shop(str(analysis.shop), analysis.result, analysis.findings.fixes)
        self.compare_panel.set_shop(str(analysis.shop), analysis.others)
        self.scroll.verticalScrollBar().setValue(0)

    def show_snapshot(self, snap: Snapshot) -> None:
        """Draw the page from a shop's stored snapshot (read-only) until :meth:`set_result`."""
        snapshots.show_snapshot(self, snap)

    def _request_filter(self, flt: ReviewFilter) -> None:
        """A KPI card's click: its reviews, or (snapshot shown) that they come with the update."""
        if self.result is None:
            self.banner.say_needs_live()
        else:
            self.filterRequested.emit(flt)

    def _render_charts(self) -> None:
        """Draw every chart of the result again in the worker (titles and axes follow the
        current language, so this runs after a language switch too)."""
        result = self.result
        if result is None:
            return
        self._clear_charts()
        self._charts_language, self._charts_stale = core_language(), False
        self.charts_status.setText(self.tr("正在绘制图表…"))
        self.charts_status.show()
        width = self._chart_width()
        self.runner.start(
            lambda progress, cancel: render_figures(result, width, progress, cancel),
            on_success=self._show_charts,
        )

    def _chart_width(self) -> int:
        """Pixels to render a chart at: half the page (two columns), device pixels."""
        page = self.scroll.viewport().width() if self.isVisible() else self.window().width() - 120
        column = (page - 40 - self.grid.spacing()) // 2
        return round(max(column, MIN_RENDER_WIDTH) * self.devicePixelRatioF())

    def request_theme(self, key: str) -> None:
        """What clicking a theme card does."""
        self._request_filter(ReviewFilter(theme=key))

    def heatmap_tip(self, figure: Any, event: MouseEvent) -> str | None:
        """The full SKU of the heat-map row under the pointer."""
        if self.result is None:
            return None
        from app.gui.widgets.chart_clicks import heatmap_row_tip  # loads matplotlib

        return heatmap_row_tip(self.result, figure, event)

    def chart_clicked(self, name: str, event: MouseEvent) -> ReviewFilter | None:
        """Map a click on chart ``name`` to a filter, emit it and return it (None: nothing hit)."""
        if self.result is None or name not in self.figures:
            return None
        from app.gui.widgets.chart_clicks import filter_for_click  # loads matplotlib

        flt = filter_for_click(name, self.result, self.figures[name], event)
        if flt is not None:
            self.filterRequested.emit(flt)
        return flt

    # -- filling -----------------------------------------------------------------------------------
    def _fill_kpis(self) -> None:
        assert self.result is not None
        fill_kpi_cards(self.cards, self.result)

    def _fill_themes(self) -> None:
        assert self.result is not None
        from app.core.reviews.labels import reviews_with

        # the theme cards count reviews holding such a clause: say among how many
        self.complaint_title.setText(
            self.tr("最常见的差评问题 · 共 {n} 条含不满的评价").format(
                n=f"{reviews_with(self.result, 'complaint'):,}"
            )
        )
        self.praise_title.setText(
            self.tr("最常被夸的地方 · 共 {n} 条含夸奖的评价").format(
                n=f"{reviews_with(self.result, 'praise'):,}"
            )
        )
        for polarity, box in (("complaint", self.complaint_box), ("praise", self.praise_box)):
            while box.count():
                item = box.takeAt(0)
                if item.widget() is not None:
                    item.widget().deleteLater()
            themes = by_count(self.result.themes_of(polarity)).head(TOP_THEMES)
            if themes.empty:
                box.addWidget(QLabel(self.tr("没有找到明显的主题。"), objectName="muted"))
            for _, row in themes.iterrows():
                card = ThemeCard(str(row["key"]))
                title = self.tr("{label} · {n} 条评价").format(
                    label=row["label"], n=f"{int(row['review_count']):,}"
                )
                if (mean := stars(row.get("rating_mean"))) is not None:
                    title += core_tr(f" · 平均 {mean:.1f} 星", f" · {mean:.1f} stars on average")
                card.title.setText(title)
                quotes = list(row["quotes"]) if isinstance(row["quotes"], list) else []
                card.quote.setText(f"“{quotes[0]}”" if quotes else "")
                card.setToolTip(self.tr("点击查看提到这个主题的评价"))
                card.setAccessibleName(card.title.text())
                card.setAccessibleDescription(f"{card.quote.text()} {card.toolTip()}".strip())
                card.clicked.connect(lambda _c=False, k=card.key: self.request_theme(k))
                box.addWidget(card)
            self.unspecified[polarity] = self._unspecified_text(polarity)
            if self.unspecified[polarity]:
                box.addWidget(QLabel(self.unspecified[polarity], objectName="muted", wordWrap=True))

    def _unspecified_text(self, polarity: str) -> str:
        """「另有 N 条整体不满意（没说具体原因）」 under the tags ("" when there are none)."""
        assert self.result is not None
        line = unspecified_line(self.result.unspecified, polarity, core_language())
        if not line:
            return ""
        n = f"{self.result.unspecified[polarity]:,}"
        if polarity == "complaint":
            return core_tr(f"另有 {n} 条整体不满意（没说具体原因）", f"{line} (no tag)")
        return core_tr(f"另有 {n} 条整体满意（没说具体原因）", f"{line} (no tag)")

    def _fill_subtitle(self) -> None:
        assert self.result is not None
        reviews = self.result.reviews
        dates = reviews["date"]
        if not pd.api.types.is_datetime64_any_dtype(dates):
            dates = pd.to_datetime(dates, errors="coerce")
        dates = pd.Series([dates.min(), dates.max()]).dropna()  # fast on a million rows
        reports = getattr(self.result.imported, "files", None) or []
        sources = [r.source_file for r in reports] or reviews["source_file"].dropna().unique()
        files = sorted({str(f).replace("\\", "/").rsplit("/", 1)[-1] for f in sources})
        zh = core_language() == "zh"
        parts = [
            self.tr("文件：{files}").format(
                files=("、" if zh else ", ").join(files[:3]) + ("…" if len(files) > 3 else "")
            )
        ]
        if len(dates):
            parts.append(
                self.tr("时间：{start} 至 {end}").format(
                    start=dates.min().strftime("%Y-%m-%d"), end=dates.max().strftime("%Y-%m-%d")
                )
            )
        if note := adapted_note(
            self.result.adapted_to, core_language(), self.result.self_trained_on
        ):
            parts.append(note)
        self.subtitle.setText(("　·　" if zh else "  ·  ").join(parts))

    def _clear_charts(self) -> None:
        for canvas in self.canvases.values():
            self.grid.removeWidget(canvas)
            canvas.deleteLater()
        self.canvases, self.figures = {}, {}

    def _show_charts(self, payload: Any) -> None:
        result, figures, images = payload
        if result is not self.result:
            return
        self._clear_charts()
        self.figures = dict(figures)
        tip = self.tr("点击图中的柱子、格子、时间点或词语，查看对应的评价")
        for i, (name, figure) in enumerate(self.figures.items()):
            canvas = ChartCanvas(figure, images[name], name)
            canvas.set_clickable(True, tip)
            canvas.clicked.connect(lambda event, n=name: self.chart_clicked(n, event))
            if name == "sku_aspect_heatmap":  # its row labels are shortened SKUs
                canvas.hover_text = lambda event, f=figure: self.heatmap_tip(f, event)
            self.grid.addWidget(canvas, i // 2, i % 2)
            self.canvases[name] = canvas
        self.charts_status.setVisible(not self.figures)
        self.charts_status.setText(self.tr("数据不足，没有可画的图表。"))
        self.chartsReady.emit()

    @Slot(object)
    def _on_charts_failed(self, error: object) -> None:
        from app.gui.dialogs.error_dialog import log_error

        if isinstance(error, BaseException):
            log_error(error, "dashboard charts")
        self.charts_status.setText(
            self.tr("图表没能画出来，详细信息已写入日志。其余结果不受影响。")
        )

    # -- language --------------------------------------------------------------------------------
    def retranslateUi(self) -> None:
        self.setWindowTitle(self.tr("总览"))
        self.title.setText(self.tr("总览"))
        self.complaint_title.setText(self.tr("最常见的差评问题"))
        self.praise_title.setText(self.tr("最常被夸的地方"))
        self.charts_title.setText(self.tr("图表"))
        self.charts_hint.setText(
            self.tr("提示：点击图中的柱子、格子、时间点或词语，就能看到背后的那些评价。")
        )
        if self.snapshot is not None:  # shown as stored, in the language it was made in
            snapshots.fill_titles(self)
            self.snapshot_changes.title.setText(core_tr("变化与提醒", "Changes and alerts"))
        if self.result is not None:
            self._fill_kpis()
            self._fill_themes()
            self._fill_subtitle()
            if self._charts_language != core_language():
                self._charts_stale = True  # drawn again now if shown, else when next shown
                if self.isVisible():
                    self._render_charts()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._charts_stale and self.result is not None:
            self._render_charts()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslateUi()
        super().changeEvent(event)
