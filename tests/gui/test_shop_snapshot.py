"""A shop opens on its last 总览 at once (a stored snapshot), the live analysis replaces it."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from app.gui.main_window import MainWindow
from app.gui.settings import Settings
from app.history.session import add_files
from app.history.snapshot import load_snapshot
from tests.history.exports import write_export

WAIT_MS = 120_000


def theme_titles(page) -> list[str]:
    from app.gui.widgets.theme_card import ThemeCard

    titles = []
    for box in (page.complaint_box, page.praise_box):
        widgets = [box.itemAt(i).widget() for i in range(box.count())]
        titles += [w.title.text() for w in widgets if isinstance(w, ThemeCard)]
    return titles


def card_values(page) -> dict[str, str]:
    return {key: card.value() for key, card in page.cards.items()}


@pytest.fixture
def new_window(qtbot):
    windows = []

    def make():
        win = MainWindow(Settings())
        qtbot.addWidget(win)
        win.resize(1280, 720)
        win.show()
        windows.append(win)
        return win

    yield make
    for win in windows:
        win.close()  # cancels and waits for its workers


def test_a_shop_reopens_on_its_snapshot_then_shows_the_live_result(
    qtbot, window, new_window, tmp_path
):
    shop = tmp_path / "店.reviewlens"
    add_files(shop, [str(write_export(tmp_path / "一月.csv", range(60)))])
    with qtbot.waitSignal(window.resultReady, timeout=WAIT_MS):
        window.open_shop(str(shop))
    first = window.dashboard_page
    assert not first.banner.isVisible()  # no snapshot yet: today's flow
    qtbot.waitUntil(lambda: load_snapshot(shop) is not None, timeout=30_000)
    stored = load_snapshot(shop)
    assert (
        stored.current
        and stored.charts
        and all(p[:4] == b"\x89PNG" for p in stored.charts.values())
    )
    old_values, old_themes = card_values(first), theme_titles(first)
    assert old_values["reviews"] == "60" and old_themes

    add_files(shop, [str(write_export(tmp_path / "二月.csv", range(40, 100)))])
    second = new_window()
    page = second.dashboard_page
    live = qtbot.waitSignal(second.resultReady, timeout=WAIT_MS)
    second.open_shop(str(shop))
    # right away, before the live analysis has finished: the stored 总览 with its banner
    assert second.current_page_key() == "dashboard"
    assert page.banner.isVisible()
    made_at = stored.made_at
    assert (
        page.banner.text.text()
        == f"这是 {made_at} 的分析结果，之后店铺里又有了新的评价或改动记录，正在更新…"
    )
    assert card_values(page) == old_values
    assert theme_titles(page) == old_themes
    assert len(page.snapshot_charts) == len(stored.charts)
    qtbot.mouseClick(page.cards["reviews"], Qt.MouseButton.LeftButton)
    assert page.banner.stage.text() == "更新完成后可以查看评论。"
    assert second.current_page_key() == "dashboard"  # not the browser
    assert not second.search_action.isEnabled()  # 浏览 waits for the live result

    live.wait()
    assert not page.banner.isVisible() and not page.snapshot_charts
    assert page.cards["reviews"].value() == "100"
    assert second.search_action.isEnabled()
    qtbot.waitUntil(lambda: load_snapshot(shop).current, timeout=30_000)  # stored again


def test_cancelling_the_update_keeps_the_snapshot_and_says_so(qtbot, window, tmp_path):
    shop = tmp_path / "店.reviewlens"
    add_files(shop, [str(write_export(tmp_path / "一月.csv", range(50)))])
    with qtbot.waitSignal(window.resultReady, timeout=WAIT_MS):
        window.open_shop(str(shop))
    qtbot.waitUntil(lambda: load_snapshot(shop) is not None, timeout=30_000)
    values = card_values(window.dashboard_page)
    made_at = load_snapshot(shop).made_at
    before = shop.read_bytes()

    other = window  # the same window opens it again: its live charts make way
    page = other.dashboard_page
    other.open_shop(str(shop))
    assert not page.canvases and page.snapshot_charts
    assert page.grid.count() == len(page.snapshot_charts)
    assert page.banner.text.text().endswith("的分析结果，正在用最新的评价更新…")
    with qtbot.waitSignal(other.analysis_runner.cancelled, timeout=5000):
        qtbot.mouseClick(page.banner.cancel_button, Qt.MouseButton.LeftButton)
    assert other.current_page_key() == "dashboard"
    assert "已取消更新，没有用最新的评价更新" in page.banner.text.text()
    assert not page.banner.cancel_button.isVisible()
    assert card_values(page) == values
    assert shop.read_bytes() == before  # showing a snapshot writes nothing

    other.set_language("en")  # the banner follows the language; the stored texts stay
    qtbot.waitUntil(lambda: "the update was cancelled" in page.banner.text.text(), timeout=5000)
    assert page.banner.text.text().startswith(f"This is the analysis from {made_at}")
    assert card_values(page) == values
    other.set_language("zh")


def test_a_garbled_snapshot_falls_back_to_analysing(qtbot, window, tmp_path):
    import sqlite3

    shop = tmp_path / "店.reviewlens"
    add_files(shop, [str(write_export(tmp_path / "一月.csv", range(30)))])
    db = sqlite3.connect(shop)
    db.execute(
        "INSERT INTO snapshot VALUES ('payload', ?)",
        (b'{"made_at": "2026-01-01 10:00", "cards": 3}',),
    )
    db.commit()
    db.close()
    with qtbot.waitSignal(window.resultReady, timeout=WAIT_MS):
        window.open_shop(str(shop))
        assert window.current_page_key() == "analysis"  # today's flow
    assert window.dashboard_page.cards["reviews"].value() == "30"
    assert not window.dashboard_page.banner.isVisible()
