"""The main window: composition only — a stack of pages, menus, status bar, drag and drop.

Other pages plug in with :meth:`MainWindow.add_page` and listen to :attr:`MainWindow.resultReady`
(an :class:`~app.core.results.AnalysisResult`). After an analysis the window shows the page
registered as ``"dashboard"`` if there is one; Ctrl+E shows ``"export"`` and Ctrl+F shows
``"browser"`` (calling its ``focus_search()`` when it has one). The side bar
(:class:`~app.gui.widgets.nav_bar.NavBar`, Ctrl+1…4) switches between the result pages once
there is a result.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QTimer, QUrl, Signal, Slot
from PySide6.QtGui import (
    QCloseEvent,
    QDesktopServices,
    QDragEnterEvent,
    QDropEvent,
)
from PySide6.QtWidgets import (
    QHBoxLayout,
    QMainWindow,
    QStackedWidget,
    QWidget,
)

from app import __version__
from app.core.i18n import tr as core_tr
from app.core.ingest.model import ImportResult
from app.gui import accessibility, i18n, memory, shop_flow
from app.gui.dialogs import about_dialog, error_dialog
from app.gui.pages.browser_page import BrowserPage
from app.gui.pages.dashboard_page import DashboardPage
from app.gui.pages.export_page import ExportPage
from app.gui.pages.import_page import ImportPage
from app.gui.pages.start_page import StartPage
from app.gui.pages.themes_page import ThemesPage
from app.gui.settings import Settings
from app.gui.widgets.nav_bar import NavBar
from app.gui.widgets.progress_panel import ProgressPanel
from app.gui.widgets.status_line import StatusLine
from app.gui.window_fit import restore_window
from app.gui.window_menus import EXPORT_PAGE, NAV_ITEMS, RESULTS_PAGE, SEARCH_PAGE, make_actions
from app.gui.workers import TaskRunner, shutdown_all
from app.logging_setup import log_path
from app.runtime.tasks import analysis_task
from app.samples import sample_path


def _rerunning() -> str:
    return core_tr("正在重新分析…", "Re-analysing…")


class MainWindow(QMainWindow):
    resultReady = Signal(object)  # AnalysisResult, after every finished analysis

    def __init__(self, settings: Settings | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = settings or Settings()
        self.result: Any = None
        self._pages: dict[str, tuple[QWidget, str]] = {}
        self.stack = QStackedWidget()
        self.nav = NavBar()
        self.nav.pageRequested.connect(self._go)
        central = QWidget()
        row = QHBoxLayout(central)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        row.addWidget(self.nav)
        row.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        self.stack.currentChanged.connect(lambda _i: self.nav.set_current(self.current_page_key()))
        self.setAcceptDrops(True)

        self.start_page = StartPage(self.settings)
        self.start_page.filesChosen.connect(self.open_files)
        self.start_page.shops.openRequested.connect(self.open_shop)
        self._analysing_shop = False
        self.import_page = ImportPage()
        self.import_page.importDone.connect(self._on_import_done)
        self.import_page.analysisRequested.connect(self.start_analysis)
        self.import_page.backRequested.connect(lambda: self.show_page("start"))
        self.import_page.reselectRequested.connect(self.start_page.choose_files)
        self.analysis_panel = ProgressPanel()
        self.analysis_runner = TaskRunner(self)
        self.analysis_runner.progress.connect(self.analysis_panel.set_progress)
        self.analysis_runner.failed.connect(self._on_analysis_failed)
        self.analysis_runner.cancelled.connect(self._on_analysis_cancelled)
        self.analysis_panel.cancelRequested.connect(self.analysis_runner.cancel)
        self.add_page("start", self.start_page, "")
        self.add_page("import", self.import_page, "")
        self.add_page("analysis", self.analysis_panel, "")
        self._add_result_pages()

        self.counts_label = StatusLine()
        self.statusBar().addPermanentWidget(self.counts_label)
        self._watch_other_work()
        make_actions(self)
        self.retranslateUi()
        restore_window(self, self.settings)
        accessibility.name_inner_parts(self)

    # -- pages -----------------------------------------------------------------------------
    def add_page(self, key: str, widget: QWidget, title: str) -> None:
        """Register ``widget`` under ``key``; ``title`` (translated) names it in the 查看 menu.

        After a language change the window uses ``widget.windowTitle()`` when it is set, so a
        page keeps its title current from its own ``retranslateUi``.
        """
        if key in self._pages:
            raise ValueError(f"page {key!r} already registered")
        self._pages[key] = (widget, title)
        self.stack.addWidget(widget)
        if hasattr(self, "pages_menu"):
            self._rebuild_pages_menu()
            self._update_actions()

    def show_page(self, key: str) -> None:
        self.stack.setCurrentWidget(self._pages[key][0])

    def page(self, key: str) -> QWidget | None:
        entry = self._pages.get(key)
        return entry[0] if entry else None

    def current_page_key(self) -> str:
        current = self.stack.currentWidget()
        return next((k for k, (w, _t) in self._pages.items() if w is current), "")

    # -- the flow: files → import check → analysis → results --------------------------------
    @Slot(list)
    def open_files(self, paths: list[str]) -> None:
        """Read and check ``paths`` (cancels whatever import was running)."""
        paths = [str(p) for p in paths if str(p)]
        if not paths:
            return
        n = len(paths)
        self._set_activity(lambda: core_tr(f"正在读取 {n} 个文件…", f"Reading {n} file(s)…"))
        self.show_page("import")
        self.import_page.load(paths)

    @Slot()
    def open_sample(self) -> None:
        self.open_files([str(sample_path())])

    @Slot(object)
    def _on_import_done(self, result: ImportResult) -> None:
        sample = str(sample_path().resolve())
        for report in result.files:
            if str(Path(report.source_file).resolve()) != sample:
                self.settings.add_recent(report.source_file)
        self.start_page.refresh_recent()
        n, kept = len(result.files), f"{len(result.kept):,}"
        self._set_activity(
            lambda: self.tr("已读取 {n} 个文件，{kept} 条评价").format(n=n, kept=kept)
        )

    @Slot(object)
    def start_analysis(self, imported: ImportResult) -> None:
        """Run the analysis in the worker; the result goes to :attr:`resultReady`."""
        self.analysis_panel.start(self.tr("正在分析评价…"))
        self._set_activity(lambda: self.tr("正在分析评价…"))
        self.show_page("analysis")
        self._analysing_shop = False
        self.analysis_runner.start(
            lambda progress, cancel: analysis_task(imported, progress, cancel),
            on_success=self.on_analysis_done,
        )

    @Slot(str)
    def open_shop(self, shop: str) -> None:
        """Analyse every review the shop file holds and what changed (in the worker)."""
        shop_flow.open_shop(self, shop)

    def on_analysis_done(self, result: Any) -> None:
        self.result = result
        self.counts_label.show_counts(result.counts)
        self._update_actions()
        self.resultReady.emit(result)
        accessibility.name_inner_parts(self)  # the filters' drop-down lists, the theme tables
        self.show_page(RESULTS_PAGE if RESULTS_PAGE in self._pages else "import")

    def _add_result_pages(self) -> None:
        """总览, 评论浏览, 主题, 导出: fed by resultReady; chart and theme clicks open the browser."""
        self.dashboard_page = DashboardPage()
        self.browser_page = BrowserPage(self.settings)
        self.themes_page = ThemesPage()
        self.export_page = ExportPage(self.settings)
        for key, page in (
            (RESULTS_PAGE, self.dashboard_page),
            (SEARCH_PAGE, self.browser_page),
            ("themes", self.themes_page),
            (EXPORT_PAGE, self.export_page),
        ):
            self.add_page(key, page, page.windowTitle())
            self.resultReady.connect(page.set_result)
        self.dashboard_page.filterRequested.connect(self.show_reviews)
        self.themes_page.filterRequested.connect(self.show_reviews)
        self.themes_page.resultEdited.connect(self.dashboard_page.set_result)
        self.themes_page.resultEdited.connect(self.browser_page.refresh)
        self.themes_page.resultReplaced.connect(self._on_rerun_done)
        memory.install(self, self.dashboard_page.chartsReady)

    @Slot(object)
    def show_reviews(self, review_filter: object) -> None:
        self.browser_page.apply_filter(review_filter)
        self.show_page(SEARCH_PAGE)

    @Slot(object)
    def _on_rerun_done(self, result: Any) -> None:
        self.on_analysis_done(result)
        self.show_page("themes")

    @Slot(object)
    def _on_analysis_failed(self, error: object) -> None:
        self._set_activity(lambda: core_tr("分析没有完成", "The analysis did not finish"))
        self.show_page("start" if self._analysing_shop else "import")
        error_dialog.show_error(self, error)  # type: ignore[arg-type]

    @Slot()
    def _on_analysis_cancelled(self) -> None:
        self._set_activity(lambda: core_tr("已取消分析", "Analysis cancelled"))
        self.show_page("start" if self._analysing_shop else "import")

    def _watch_other_work(self) -> None:
        """The import check and 重新分析 run in their pages' workers: the status bar follows."""
        self.counts_label.follow(
            self.import_page.runner,
            lambda: core_tr("已取消读取文件", "Reading cancelled"),
            lambda: core_tr("文件没能读取", "The files could not be read"),
        )
        self.counts_label.follow(
            self.themes_page.runner,
            lambda: core_tr("已取消重新分析", "Re-analysis cancelled"),
            lambda: core_tr("重新分析没有完成", "The re-analysis did not finish"),
        )
        self.themes_page.runner.progress.connect(self._rerun_progress)

    @Slot(float, str)
    def _rerun_progress(self, _fraction: float, _message: str) -> None:
        if self.counts_label.activity is not _rerunning:
            self._set_activity(_rerunning)

    def _set_activity(self, text: Any) -> None:
        """Say in the status bar what is happening now (see :class:`StatusLine`)."""
        self.counts_label.say(text)

    def status_text(self) -> str:
        """What the status bar says (the permanent part)."""
        return self.counts_label.text()

    # -- actions and menus -----------------------------------------------------------------
    def _rebuild_pages_menu(self) -> None:
        self.pages_menu.clear()
        self.pages_menu.addAction(self.home_action)
        for key, (widget, title) in self._pages.items():
            if key in ("start", "import", "analysis"):
                continue
            act = self.pages_menu.addAction(widget.windowTitle() or title)
            act.triggered.connect(lambda _c=False, k=key: self._go(k))
        if self.import_page.result is not None:
            self.pages_menu.addAction(self.tr("导入检查"), lambda: self.show_page("import"))

    def _update_actions(self) -> None:
        ready = self.result is not None
        self.nav.set_ready(ready)
        for key, act in self.nav_actions.items():
            act.setEnabled(ready and key in self._pages)
        for act, key in ((self.export_action, EXPORT_PAGE), (self.search_action, SEARCH_PAGE)):
            act.setVisible(key in self._pages)  # no dead buttons before the page exists
            act.setEnabled(ready and key in self._pages)

    def _go(self, key: str) -> None:
        if key in self._pages and self.result is not None:
            self.show_page(key)

    def _search(self) -> None:
        self._go(SEARCH_PAGE)
        focus = getattr(self.page(SEARCH_PAGE), "focus_search", None)
        if callable(focus) and self.result is not None:
            focus()

    def set_language(self, lang: str) -> None:
        """Switch the UI (and the core's messages) to ``lang`` live, and remember it.

        The result holds no words of a language (aspect keys, numbers): every page and chart
        names them again when it redraws.
        """
        i18n.apply_language(lang)
        self.settings.language = lang
        self.language_actions[lang].setChecked(True)

    def _open_log_folder(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(log_path().parent)))

    def _about(self) -> None:
        about_dialog.AboutDialog(
            self.tr("关于评论透镜"),
            self.tr(
                "评论透镜 ReviewLens {version}\n\n把网店评价导出文件变成看得懂的结论。完全离线运行，你的数据不会离开这台电脑。"
            ).format(version=__version__),
            self,
        ).exec()

    def retranslateUi(self) -> None:
        self.setWindowTitle(self.tr("评论透镜 ReviewLens"))
        self.open_action.setText(self.tr("打开评价文件…"))
        self.sample_action.setText(self.tr("试试示例数据"))
        self.export_action.setText(self.tr("导出报告…"))
        self.search_action.setText(self.tr("搜索评价"))
        self.quit_action.setText(self.tr("退出"))
        self.home_action.setText(self.tr("开始页"))
        self.log_action.setText(self.tr("打开日志文件夹"))
        self.about_action.setText(self.tr("关于评论透镜"))
        self.file_menu.setTitle(self.tr("文件"))
        self.pages_menu.setTitle(self.tr("查看"))
        self.language_menu.setTitle(self.tr("语言 / Language"))
        self.help_menu.setTitle(self.tr("帮助"))
        self.toolbar.setWindowTitle(self.tr("工具栏"))
        self._retranslate_nav()
        self._rebuild_pages_menu()
        self.counts_label.refresh()

    def _retranslate_nav(self) -> None:
        names = {
            RESULTS_PAGE: (self.tr("总览"), self.tr("关键数字、主要问题和图表")),
            SEARCH_PAGE: (self.tr("评论浏览"), self.tr("逐条查看、筛选和搜索评价")),
            "themes": (self.tr("主题"), self.tr("改名、合并或隐藏主题，然后重新分析")),
            EXPORT_PAGE: (self.tr("导出"), self.tr("把结果保存为 Excel 报告或图片")),
        }
        for number, (key, _icon) in enumerate(NAV_ITEMS, start=1):
            text, tip = names[key]
            self.nav.set_text(key, text, f"{tip}（Ctrl+{number}）")
        self.nav.set_not_ready_tooltip(self.tr("先打开评价文件并完成分析"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslateUi()
            # after the pages have renamed their own widgets (they hear the change after us)
            QTimer.singleShot(0, self, lambda: accessibility.name_inner_parts(self))
        super().changeEvent(event)

    # -- drag and drop ---------------------------------------------------------------------
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if any(url.isLocalFile() for url in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [url.toLocalFile() for url in event.mimeData().urls() if url.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.open_files(paths)

    # -- window state ----------------------------------------------------------------------
    def closeEvent(self, event: QCloseEvent) -> None:
        """Cancel running work and wait for it, then remember the window."""
        shutdown_all(5000)
        self.settings.save_window(self.saveGeometry(), self.saveState())
        self.settings.sync()
        super().closeEvent(event)
