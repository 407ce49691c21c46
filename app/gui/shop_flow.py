"""Opening a shop from the start page: the main window analyses every review the shop file
holds and what changed (:func:`app.history.session.analyse_shop`) in its analysis worker, then
hands the shop panels to 总览 and shows the result like any other analysis."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from app.core.i18n import tr as core_tr
from app.runtime.tasks import analysis_task


def open_shop(window: Any, shop: str) -> None:
    """Start analysing ``shop`` in ``window``'s worker (progress on its analysis page)."""
    from app.history.session import analyse_shop

    name = Path(shop).stem
    window.analysis_panel.start(
        core_tr(f"正在分析店铺「{name}」…", f"Analysing the shop “{name}”…")
    )
    window._set_activity(
        lambda: core_tr(f"正在分析店铺「{name}」…", f"Analysing the shop “{name}”…")
    )
    window.show_page("analysis")
    window._analysing_shop = True
    window.analysis_runner.start(
        lambda progress, cancel: analyse_shop(shop, analysis_task, progress, cancel),
        on_success=lambda analysis: shop_done(window, analysis),
    )


def shop_done(window: Any, analysis: Any) -> None:
    """Remember the shop, give 总览 its panels and show the result."""
    window.settings.add_recent_shop(analysis.shop)
    window.start_page.shops.refresh()
    window.dashboard_page.set_shop(analysis)
    window.on_analysis_done(analysis.result)
