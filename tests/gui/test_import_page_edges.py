"""Import page edges (issue 18): 重新选择文件 opens the file dialog; a greyed-out 开始分析 says why."""

from __future__ import annotations

import csv
import threading

from PySide6.QtWidgets import QFileDialog, QLabel

from app.gui import i18n
from app.gui.pages import import_page as import_page_module

HEADER = ["评价内容", "评分", "评价时间", "备注", "订单号"]


def write_reviews(path, texts=None):
    """A small shop export: real reviews, ratings, dates, an empty note column, order ids."""
    texts = texts or [f"质量很好，物流也快，第{i}次买了" for i in range(12)]
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(HEADER)
        for i, text in enumerate(texts):
            writer.writerow([text, 5 - i % 3, f"2024-05-{i + 1:02d} 10:00", "", f"88012345{i:02d}"])
    return path


def load(qtbot, window, paths):
    with qtbot.waitSignal(window.import_page.importDone, timeout=15000) as blocker:
        window.open_files([str(p) for p in paths])
    return blocker.args[0]


def choose_text_column(qtbot, page, column):
    combo = page.role_combo(0, "text")
    with qtbot.waitSignal(page.importDone, timeout=10000) as blocker:
        combo.setCurrentIndex(combo.findData(column))
    return blocker.args[0]


def footer_texts(page) -> list[str]:
    """Texts of the visible labels outside the file tabs (summary, dropped rows, reasons…)."""
    return [
        label.text()
        for label in page.content.findChildren(QLabel)
        if label.isVisible() and not page.tabs.isAncestorOf(label)
    ]


def reason_shown(page, *phrases) -> str:
    """The visible label holding all ``phrases`` (fails when none does)."""
    found = [t for t in footer_texts(page) if all(p in t for p in phrases)]
    assert found, f"no visible label with {phrases}: {footer_texts(page)}"
    return found[0]


# -- 1. 重新选择文件 ---------------------------------------------------------------------------
def test_reselect_opens_the_file_dialog_and_cancel_keeps_the_page(
    qtbot, window, monkeypatch, tmp_path, settings
):
    first = write_reviews(tmp_path / "第一个店.csv")
    result = load(qtbot, window, [first])
    page = window.import_page
    settings.last_folder = str(tmp_path)
    asked = []

    def cancelled(parent, caption, folder, filters):
        asked.append((caption, folder, filters))
        return [], ""

    monkeypatch.setattr(QFileDialog, "getOpenFileNames", staticmethod(cancelled))
    imports = []
    page.importDone.connect(imports.append)
    page.back_button.click()
    qtbot.wait(200)
    assert len(asked) == 1
    caption, folder, filters = asked[0]
    assert caption == "打开评价文件" and folder == str(tmp_path)
    assert "*.csv" in filters and "*.xlsx" in filters and "*.json" in filters
    # cancelling leaves the import page exactly as it was
    assert window.current_page_key() == "import"
    assert page.result is result and not imports
    assert page.tabs.tabText(0) == "第一个店.csv"
    assert page.analyze_button.isEnabled()


def test_reselect_loads_the_chosen_files(qtbot, window, monkeypatch, tmp_path, settings):
    load(qtbot, window, [write_reviews(tmp_path / "第一个店.csv")])
    other = tmp_path / "别的文件夹"
    other.mkdir()
    second = write_reviews(other / "第二个店.csv", ["太差了，用了一天就坏", "还行吧，一般般"])
    monkeypatch.setattr(
        QFileDialog, "getOpenFileNames", staticmethod(lambda *a: ([str(second)], ""))
    )
    page = window.import_page
    with qtbot.waitSignal(page.importDone, timeout=15000) as blocker:
        page.back_button.click()
    result = blocker.args[0]
    assert [f.source_file for f in result.files] == [str(second)]
    assert window.current_page_key() == "import"
    assert page.tabs.tabText(0) == "第二个店.csv"
    assert len(result.kept) == 2
    assert settings.last_folder == str(other)


# -- 2. why 开始分析 is greyed out ---------------------------------------------------------------
def test_a_wrong_text_column_says_why_and_the_reason_goes_when_fixed(qtbot, window, tmp_path):
    load(qtbot, window, [write_reviews(tmp_path / "店铺评价.csv")])
    page = window.import_page
    assert page.analyze_button.isEnabled() and not page.analyze_button.toolTip()
    assert not any("评论内容" in t for t in footer_texts(page))

    choose_text_column(qtbot, page, "评分")
    assert not page.analyze_button.isEnabled()
    shown = reason_shown(page, "“评分”", "几乎都是数字", "「评论内容」的下拉框")
    assert page.analyze_button.toolTip() == shown

    choose_text_column(qtbot, page, "评价时间")
    assert not page.analyze_button.isEnabled()
    shown = reason_shown(page, "“评价时间”", "几乎都是日期")
    assert page.analyze_button.toolTip() == shown

    choose_text_column(qtbot, page, "备注")
    assert not page.analyze_button.isEnabled()
    shown = reason_shown(page, "“备注”", "几乎都是空的")
    assert page.analyze_button.toolTip() == shown

    choose_text_column(qtbot, page, "订单号")
    reason_shown(page, "“订单号”", "几乎都是数字")

    choose_text_column(qtbot, page, "评价内容")  # fixed: the reason disappears
    assert page.analyze_button.isEnabled()
    assert not page.analyze_button.toolTip()
    assert not any("几乎都是" in t for t in footer_texts(page))


def test_the_reason_is_in_english_too(qtbot, window, tmp_path):
    load(qtbot, window, [write_reviews(tmp_path / "reviews.csv")])
    page = window.import_page
    choose_text_column(qtbot, page, "评价时间")
    i18n.apply_language("en")
    qtbot.wait(50)
    assert page.analyze_button.text() == "Start analysis"
    shown = reason_shown(page, "“评价时间”", "mostly dates", "review text")
    assert page.analyze_button.toolTip() == shown
    assert not any(c in shown for c in "几乎请")


def test_only_placeholder_reviews_say_so(qtbot, window, tmp_path):
    path = write_reviews(tmp_path / "默认好评.csv", ["此用户没有填写评价。"] * 6)
    result = load(qtbot, window, [path])
    page = window.import_page
    assert len(result.kept) == 0
    assert not page.analyze_button.isEnabled()
    shown = reason_shown(page, "“评价内容”", "平台默认评价")
    assert page.analyze_button.toolTip() == shown


def test_each_file_gets_its_own_reason(qtbot, window, tmp_path):
    one = write_reviews(tmp_path / "甲店.csv")
    two = write_reviews(tmp_path / "乙店.csv")
    load(qtbot, window, [one, two])
    page = window.import_page
    choose_text_column(qtbot, page, "评分")  # applies to both files (same columns)
    shown = reason_shown(page, "甲店.csv：", "乙店.csv：", "几乎都是数字")
    assert shown.count("\n") == 1
    assert not page.analyze_button.isEnabled()


def test_while_rechecking_the_button_says_so(qtbot, window, tmp_path, monkeypatch):
    load(qtbot, window, [write_reviews(tmp_path / "店铺评价.csv")])
    page = window.import_page
    release = threading.Event()
    real = import_page_module.build_import

    def slow_build(*args, **kwargs):
        assert release.wait(10)
        return real(*args, **kwargs)

    monkeypatch.setattr(import_page_module, "build_import", slow_build)
    combo = page.role_combo(0, "rating")
    with qtbot.waitSignal(page.importDone, timeout=15000):
        combo.setCurrentIndex(combo.findData(""))
        enabled, tooltip = page.analyze_button.isEnabled(), page.analyze_button.toolTip()
        labels = footer_texts(page)
        release.set()  # (before asserting: never leave the worker waiting)
    assert not enabled
    assert "正在重新检查" in tooltip
    assert any("正在重新检查" in t for t in labels)
    assert page.analyze_button.isEnabled() and not page.analyze_button.toolTip()
