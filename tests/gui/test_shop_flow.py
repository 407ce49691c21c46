"""The shop history in the window: 我的店铺 on the start page, 变化与提醒, 改动效果."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

from app.history.marks import changes
from app.history.store import open_history

PRAISE = ("质量很好，很满意", "做工不错，值这个价", "颜色好看，穿着舒服", "客服态度很好，推荐")
BURST_FROM = dt.date(2024, 5, 25)  # 物流太慢 every day from here on, never before


def write_export(path: Path, start: dt.date, end: dt.date) -> Path:
    """A review export: 4 reviews a day; 包装破损 daily before 2024-04-15 (then fixed); a
    burst of 物流太慢 from 2024-05-25."""
    rows = []
    day = start
    while day <= end:
        for k in range(4):
            text, stars = PRAISE[(day.toordinal() + k) % len(PRAISE)], 5
            if day < dt.date(2024, 4, 15) and k == 0:
                text, stars = "包装破损，盒子都压坏了", 2
            rows.append([text, stars, f"{day} 10:0{k}:00", f"买家{day:%m%d}{k}"])
        if day >= BURST_FROM:
            rows.append(["物流太慢了，等了十天才到", 1, f"{day} 18:00:00", f"急{day:%m%d}"])
        day += dt.timedelta(days=1)
    with path.open("w", newline="", encoding="utf-8-sig") as handle:
        out = csv.writer(handle)
        out.writerow(["评价内容", "评分", "评价时间", "买家昵称"])
        out.writerows(rows)
    return path


@pytest.fixture
def exports(tmp_path):
    first = write_export(tmp_path / "三月到五月.csv", dt.date(2024, 3, 1), dt.date(2024, 5, 20))
    second = write_export(tmp_path / "五月.csv", dt.date(2024, 5, 10), dt.date(2024, 5, 31))
    return first, second


def run(qtbot, section, start) -> None:
    with qtbot.waitSignal(section.runner.finished, timeout=30000):
        start()


def test_new_shop_then_the_same_file_twice(qtbot, window, exports, tmp_path):
    section = window.start_page.shops
    assert section.title.text() == "我的店铺"
    shop = tmp_path / "我的店.reviewlens"
    run(qtbot, section, lambda: section.create_shop(str(tmp_path / "我的店")))
    assert shop.is_file()
    assert section.selected_shop() == str(shop.resolve())
    assert "已建立" in section.outcome.text()

    run(qtbot, section, lambda: section.add_files(str(shop), [str(exports[0])]))
    assert section.outcome.isVisible()
    assert section.outcome.text().startswith("新增 324 条，已有 0 条（之前导入过），删除 0 行。")

    run(qtbot, section, lambda: section.add_files(str(shop), [str(exports[0])]))
    assert section.outcome.text().startswith("新增 0 条，已有 324 条（之前导入过），删除 0 行。")
    assert "店铺里现有 324 条评价，共导入 2 次" in section.outcome.text()
    assert window.settings.recent_shops() == [str(shop.resolve())]

    odd = tmp_path / "有空行.csv"
    odd.write_text(
        "评价内容,评分,评价时间\n,5,2024-06-01\n新的评价，很好用,5,2024-06-01\n", encoding="utf-8"
    )
    run(qtbot, section, lambda: section.add_files(str(shop), [str(odd)]))
    lines = section.outcome.text().splitlines()
    assert lines[0] == "新增 1 条，已有 0 条（之前导入过），删除 1 行。"
    assert lines[1].startswith("删除 1 行：") and len(lines[1]) > len("删除 1 行：")


def test_missing_shop_is_greyed_and_cannot_be_opened(qtbot, window, tmp_path):
    gone = tmp_path / "旧店.reviewlens"
    window.settings.add_recent_shop(gone)
    section = window.start_page.shops
    section.refresh()
    item = section.list.item(0)
    assert "找不到这个店铺文件" in item.toolTip()
    assert not section.open_button.isEnabled() and not section.add_button.isEnabled()


@pytest.mark.parametrize("how", ["use_shop", "create_shop"])
def test_a_file_that_is_not_a_shop_gets_the_plain_error(qtbot, window, exports, shown_errors, how):
    export = exports[0]
    before = export.read_bytes()
    section = window.start_page.shops
    run(qtbot, section, lambda: getattr(section, how)(str(export)))
    assert len(shown_errors) == 1
    assert "不是评论透镜的店铺文件" in shown_errors[0].text()
    assert "Traceback" not in shown_errors[0].text()
    assert export.read_bytes() == before
    assert window.settings.recent_shops() == []


def open_shop(qtbot, window, shop: Path):
    with qtbot.waitSignal(window.resultReady, timeout=120000):
        window.start_page.shops.select_shop(shop)
        window.start_page.shops.open_selected()
    return window.dashboard_page


def test_opening_a_shop_shows_changes_and_alerts(qtbot, window, exports, tmp_path):
    section = window.start_page.shops
    shop = tmp_path / "店.reviewlens"
    for export in exports:
        run(qtbot, section, lambda e=export: section.add_files(str(shop), [str(e)]))
    dashboard = open_shop(qtbot, window, shop)
    assert window.current_page_key() == "dashboard"
    panel = dashboard.changes_panel
    assert panel.isVisible() and panel.title.text() == "变化与提醒"
    texts = panel.texts()
    assert texts[0] == "⚠ 新问题：最近 7 天有 7 条评价提到「物流太慢」，之前 7 天一条都没有。"
    assert any(t.startswith("上次导入（2024-05-20）之后新增 51 条评价，含不满 7 条") for t in texts)

    window.set_language("en")  # the panel follows a live language switch
    qtbot.waitUntil(lambda: panel.title.text() == "Changes and alerts", timeout=5000)
    assert panel.texts()[0].startswith("⚠ New problem: 7 reviews mention “物流太慢”")
    window.set_language("zh")
    qtbot.waitUntil(lambda: panel.title.text() == "变化与提醒", timeout=5000)

    panel.buttons[0].click()  # the alert opens its 7 reviews
    browser = window.browser_page
    qtbot.waitUntil(lambda: browser.shown_count() == 7, timeout=10000)
    assert window.current_page_key() == "browser"

    # a plain file's analysis has no shop: the panels go away
    with qtbot.waitSignal(window.import_page.importDone, timeout=15000) as loaded:
        window.open_files([str(exports[1])])
    with qtbot.waitSignal(window.resultReady, timeout=120000):
        window.start_analysis(loaded.args[0])
    assert not dashboard.changes_panel.isVisible()
    assert not dashboard.fix_panel.isVisible()


def test_a_fix_mark_is_stored_in_the_shop_and_checked(qtbot, window, exports, tmp_path):
    section = window.start_page.shops
    shop = tmp_path / "店.reviewlens"
    run(qtbot, section, lambda: section.add_files(str(shop), [str(exports[0])]))
    dashboard = open_shop(qtbot, window, shop)
    fixes = dashboard.fix_panel
    assert fixes.isVisible() and fixes.title.text() == "改动效果"
    assert fixes.note.text() == "还没有记下改动。"

    fixes.date_edit.setDate(dt.date(2024, 4, 15))
    fixes.what.setText("换了加厚纸箱")
    with qtbot.waitSignal(fixes.runner.finished, timeout=30000):
        fixes.save_button.click()
    with open_history(shop) as history:
        assert changes(history)[0].date == pd.Timestamp("2024-04-15")
        assert changes(history)[0].description == "换了加厚纸箱"
    assert fixes.marks.currentText() == "2024-04-15  换了加厚纸箱"
    rows = {r[0]: r for r in fixes.current_rows()}
    assert rows["包装破损"][1:] == ["25%（45/180 条）", "0%（0/144 条）", "好转了"]
    assert fixes.note.text() == "已记下这次改动，保存在店铺文件里。"

    # opened again, the mark is listed from the shop file
    dashboard = open_shop(qtbot, window, shop)
    assert dashboard.fix_panel.marks.count() == 1
    assert dashboard.fix_panel.marks.currentText() == "2024-04-15  换了加厚纸箱"
