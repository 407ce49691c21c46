"""「加入对手的评价…」 and 「与对手对比」 in the window (issue 22)."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QInputDialog

from app.history.queries import info
from app.history.store import open_history
from tests.gui.test_shop_flow import open_shop, run

PRAISE = ("质量很好，很满意", "做工不错，值这个价", "颜色好看，穿着舒服", "客服态度很好，推荐")


def write_export(path: Path, buyer: str, slow_every: int, broken_every: int) -> Path:
    """60 days × 4 reviews: 物流太慢 every ``slow_every`` days, 包装破损 every ``broken_every``
    days (0: never), praise otherwise."""
    rows = []
    day = dt.date(2024, 3, 1)
    while day <= dt.date(2024, 4, 29):
        for k in range(4):
            text, stars = PRAISE[(day.toordinal() + k) % len(PRAISE)], 5
            if k == 0 and day.toordinal() % slow_every == 0:
                text, stars = "物流太慢了，等了十天才到", 1
            if k == 1 and broken_every and day.toordinal() % broken_every == 0:
                text, stars = "包装破损，盒子都压坏了", 2
            rows.append([text, stars, f"{day} 10:0{k}:00", f"{buyer}{day:%m%d}{k}"])
        day += dt.timedelta(days=1)
    with path.open("w", newline="", encoding="utf-8-sig") as handle:
        out = csv.writer(handle)
        out.writerow(["评价内容", "评分", "评价时间", "买家昵称"])
        out.writerows(rows)
    return path


def test_a_competitor_is_imported_and_compared(qtbot, window, tmp_path, monkeypatch):
    # ours: 物流太慢 every day, never 包装破损; the rival: 物流太慢 every 10th day, 包装破损 often
    ours = write_export(tmp_path / "本店.csv", "买家", slow_every=1, broken_every=0)
    rival = write_export(tmp_path / "对手.csv", "顾客", slow_every=10, broken_every=3)
    section = window.start_page.shops
    shop = tmp_path / "店.reviewlens"
    run(qtbot, section, lambda: section.add_files(str(shop), [str(ours)]))
    section.select_shop(shop)
    assert section.rival_button.text() == "加入对手的评价…"
    assert section.rival_button.isEnabled()

    # the button asks the name (default 对手A), then the files, and imports them as that source
    asked = []

    def get_text(_parent, _title, _label, text=""):
        asked.append(text)
        return text, True

    monkeypatch.setattr(QInputDialog, "getText", get_text)
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *a, **k: ([str(rival)], ""))
    run(qtbot, section, section.rival_button.click)
    assert asked == ["对手A"]
    lines = section.outcome.text().splitlines()
    assert lines[0].startswith("已作为对手“对手A”的评价加入")
    assert lines[1] == "新增 240 条，已有 0 条（之前导入过），删除 0 行。"
    assert lines[-1] == "其中本店 240 条，“对手A” 240 条。"
    with open_history(shop) as history:
        assert info(history).sources == {"main": 240, "对手A": 240}

    dashboard = open_shop(qtbot, window, shop)
    panel = dashboard.compare_panel
    assert panel.isVisible() and panel.title.text() == "与对手对比"
    assert panel.sources.currentText() == "对手A"
    assert not panel.table.isVisible()  # nothing until 对比

    with qtbot.waitSignal(panel.runner.finished, timeout=120000):
        panel.compare_button.click()
    assert panel.headline.text() == (
        "含不满的评价：本店 25%（60/240 条），对手A 11%（26/240 条）——对手A明显更少。"
    )
    rows = panel.current_rows()
    assert rows[0] == ["物流太慢", "25%（60/240 条）", "2.5%（6/240 条）", "对手明显更少"]
    verdicts = [r[3] for r in rows]
    assert verdicts == ["对手明显更少"] + ["我们明显更少"] * (len(rows) - 1)
    assert {r[0]: r[3] for r in rows}["包装破损"] == "我们明显更少"
    assert panel.table.isVisible()

    window.set_language("en")  # the panel follows a live language switch
    qtbot.waitUntil(lambda: panel.title.text() == "Compare with a competitor", timeout=5000)
    assert panel.current_rows()[0][3] == "clearly fewer at the competitor"
    assert panel.headline.text().startswith("Reviews with a complaint: our shop 25% (60 of 240)")
    window.set_language("zh")
    qtbot.waitUntil(lambda: panel.title.text() == "与对手对比", timeout=5000)


def test_a_shop_without_a_competitor_has_no_compare_panel(qtbot, window, tmp_path):
    ours = write_export(tmp_path / "本店.csv", "买家", slow_every=1, broken_every=0)
    section = window.start_page.shops
    shop = tmp_path / "店.reviewlens"
    run(qtbot, section, lambda: section.add_files(str(shop), [str(ours)]))
    dashboard = open_shop(qtbot, window, shop)
    assert dashboard.changes_panel.isVisible()
    assert not dashboard.compare_panel.isVisible()


def test_the_competitor_cannot_be_called_main(qtbot, window, tmp_path, monkeypatch, shown_errors):
    ours = write_export(tmp_path / "本店.csv", "买家", slow_every=1, broken_every=0)
    section = window.start_page.shops
    shop = tmp_path / "店.reviewlens"
    run(qtbot, section, lambda: section.add_files(str(shop), [str(ours)]))
    section.select_shop(shop)
    picked = []
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("main", True))
    monkeypatch.setattr(
        QFileDialog, "getOpenFileNames", lambda *a, **k: picked.append(1) or ([str(ours)], "")
    )
    section.rival_button.click()
    assert len(shown_errors) == 1
    assert "对手的名字不能是“main”" in shown_errors[0].text()
    assert picked == []  # no file asked, nothing imported
    with open_history(shop) as history:
        assert info(history).sources == {"main": 240}
