"""Opening a shop from the start page: the main window analyses every review the shop file
holds and what changed (:func:`app.runtime.tasks.shop_open_task`) in its analysis worker, then
hands the shop panels to 总览 and shows the result like any other analysis.

A shop whose file holds a snapshot of its last 总览 (:mod:`app.history.snapshot`) shows it at
once, under a banner with the update's progress and 取消, while the analysis runs behind it;
the live result then replaces it and, once its charts are drawn, is stored as the new snapshot
(in a worker; a failure is only logged).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from app.core.i18n import tr as core_tr
from app.gui.workers import TaskRunner
from app.runtime.tasks import shop_open_task


def open_shop(window: Any, shop: str) -> None:
    """Start analysing ``shop`` in ``window``'s worker: on its stored 总览 when there is one,
    else with the progress on the analysis page."""
    from app.history.snapshot import load_snapshot, read_revision

    name = Path(shop).stem
    revision = read_revision(shop)  # before the analysis reads: a later import makes it stale
    snap = load_snapshot(shop)
    if snap is not None and not _show_snapshot(window, snap):
        snap = None
    if snap is None:
        window.analysis_panel.start(
            core_tr(f"正在分析店铺「{name}」…", f"Analysing the shop “{name}”…")
        )
        window._set_activity(
            lambda: core_tr(f"正在分析店铺「{name}」…", f"Analysing the shop “{name}”…")
        )
        window.show_page("analysis")
    else:
        window._set_activity(
            lambda: core_tr(f"正在更新店铺「{name}」…", f"Updating the shop “{name}”…")
        )
    window._analysing_shop = True
    window.analysis_runner.start(
        shop_open_task(shop),
        on_success=lambda analysis: shop_done(window, analysis, revision),
    )


def shop_done(window: Any, analysis: Any, revision: str | None = None) -> None:
    """Remember the shop, give 总览 its panels and show the result; store it as the shop's
    snapshot once its charts are drawn."""
    window.settings.add_recent_shop(analysis.shop)
    window.start_page.shops.refresh()
    window.dashboard_page.set_shop(analysis)
    _save_when_drawn(window, analysis, revision)
    window.on_analysis_done(analysis.result)


def _show_snapshot(window: Any, snap: Any) -> bool:
    """总览 from ``snap`` with the banner; the other result pages wait for the live result.
    False (nothing shown) when the stored payload cannot be drawn."""
    page = window.dashboard_page
    try:
        page.show_snapshot(snap)
    except (TypeError, ValueError, AttributeError, KeyError) as error:  # a garbled payload
        _log(error, "shop snapshot (show)")
        page.result, page.snapshot = None, None
        page.banner.hide()
        return False
    _follow_runner(window)
    window.result = None  # 浏览/主题/导出 and their shortcuts wait for the live result
    window._update_actions()
    page.banner.start(snap.made_at, snap.current)
    window.show_page("dashboard")
    return True


def _follow_runner(window: Any) -> None:
    """Wire the banner to the analysis worker once per window."""
    if getattr(window, "_snapshot_wired", False):
        return
    window._snapshot_wired = True
    runner, page = window.analysis_runner, window.dashboard_page
    runner.progress.connect(page.banner.set_progress)
    page.banner.cancelRequested.connect(runner.cancel)
    runner.cancelled.connect(lambda: _stopped(window, "cancelled"))
    runner.failed.connect(lambda _error: _stopped(window, "failed"))


def _stopped(window: Any, state: str) -> None:
    """The update of a shown snapshot ended without a result: keep showing it, say so."""
    page = window.dashboard_page
    if not window._analysing_shop or page.snapshot is None or page.result is not None:
        return
    page.banner.stopped(state)
    window.show_page("dashboard")
    if state == "cancelled":
        window._set_activity(
            lambda: core_tr(
                "已取消更新，显示的是之前的结果", "Update cancelled; showing the earlier result"
            )
        )


def _save_when_drawn(window: Any, analysis: Any, revision: str | None) -> None:
    page = window.dashboard_page

    def drawn() -> None:
        page.chartsReady.disconnect(drawn)
        if page.result is not analysis.result:
            return  # another result came first: not this shop's dashboard
        from app.gui.pages.dashboard_snapshot import chart_images, collect_payload

        shop = str(analysis.shop)
        payload, images = collect_payload(page, Path(shop).stem), chart_images(page)
        saver = getattr(window, "snapshot_saver", None)
        if saver is None:
            saver = window.snapshot_saver = TaskRunner(window)
            saver.failed.connect(lambda error: _log(error, "shop snapshot (save)"))
        saver.start(lambda _p, _c: _save(shop, payload, analysis.result, images, revision))

    page.chartsReady.connect(drawn)


def _save(shop: str, payload: dict, result: Any, images: dict, revision: str | None) -> None:
    """Worker body: the KPI numbers, the charts as PNG, all into the shop file at once."""
    from app.gui.pages.dashboard_kpis import kpi_values
    from app.gui.pages.dashboard_snapshot import encode_charts
    from app.history.snapshot import save_snapshot

    payload = {**payload, "kpi_values": kpi_values(result)}
    save_snapshot(shop, payload, encode_charts(images), revision_made_from=revision)


def _log(error: object, context: str) -> None:
    """Into the log file (a traceback and SQLite's words; never review text)."""
    from app.gui.dialogs.error_dialog import log_error

    if isinstance(error, BaseException):
        log_error(error, context)
