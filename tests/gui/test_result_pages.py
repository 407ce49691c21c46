"""The result pages (总览, 评论浏览, 主题, 导出) on a real analysis of the bundled sample."""

from __future__ import annotations

import copy

import numpy as np
import pandas as pd
import pytest
from matplotlib.backend_bases import MouseEvent
from openpyxl import load_workbook
from PySide6.QtCore import QItemSelectionModel, QPoint, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QFileDialog, QLabel

from app.core.charts.data import CHART_NAMES
from app.core.reviews.filter import ReviewFilter
from app.gui.pages.dashboard_kpis import kpi_values
from app.gui.pages.dashboard_page import ThemeCard
from app.gui.widgets.chart_clicks import _cloud_boxes

SLOW_MS = 60000


@pytest.fixture(scope="module")
def base_result(tmp_path_factory):
    """One analysis of the sample per module, with its own (empty) user data folder."""
    from app.core.ingest.ledger import build_import
    from app.core.pipeline import run_analysis
    from app.io.readers.read import read_file
    from app.samples import sample_path

    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("REVIEWLENS_DATA_DIR", str(tmp_path_factory.mktemp("analysis_data")))
        return run_analysis(build_import([read_file(sample_path())]))


@pytest.fixture(autouse=True)
def no_charts(request, monkeypatch):
    """Drawing the charts takes seconds: only tests asking for ``charts`` get them."""
    if "charts" not in request.fixturenames:
        monkeypatch.setattr("app.gui.pages.dashboard_page.make_figures", lambda _result: {})


@pytest.fixture
def charts() -> None:
    """Requested by the tests that click or check the dashboard's charts."""


@pytest.fixture
def result(base_result):
    """A copy each test may edit."""
    return copy.deepcopy(base_result)


@pytest.fixture
def shown(qtbot, window, result):
    """The window after an analysis, charts drawn."""
    with qtbot.waitSignal(window.dashboard_page.chartsReady, timeout=SLOW_MS):
        window.on_analysis_done(result)
    return window


def theme_column_has(window, label: str) -> int:
    model = window.browser_page.model
    return sum(label in model.data(model.index(r, 5)).split("；") for r in range(model.rowCount()))


def press(canvas, x: float, y: float) -> MouseEvent:
    """A press at figure pixel (x, y) of a ChartCanvas (rendered by the worker)."""
    return MouseEvent("button_press_event", canvas.figure.canvas, x, y, button=1)


def test_without_star_ratings_the_high_stars_card_says_it_cannot_tell(qtbot, window, result):
    """An export without ratings (many scrapers) must not claim 0 unhappy high-star reviews."""
    result.reviews["rating"] = np.nan
    result.reviews["rating_text_mismatch"] = False
    with qtbot.waitSignal(window.dashboard_page.chartsReady, timeout=SLOW_MS):
        window.on_analysis_done(result)
    card = window.dashboard_page.cards["high_stars_unhappy"]
    assert kpi_values(result)["high_stars_unhappy"] is None
    assert card.value() == "—"
    assert "无法判断" in card.toolTip()
    assert window.dashboard_page.cards["average_rating"].value() == "—"


def test_kpis_and_charts_match_the_result(charts, shown, result):
    page = shown.dashboard_page
    assert shown.current_page_key() == "dashboard"
    values = kpi_values(result)
    assert values["reviews"] == len(result.reviews)
    n = len(result.reviews)
    assert values["praise_share"] == pytest.approx(result.counts["praise"] / n, abs=0.006)
    shares = [values[f"{k}_share"] for k in ("praise", "complaint", "mixed", "neutral")]
    assert sum(shares) == pytest.approx(1.0)  # the four label cards add up
    holding = result.clauses.loc[result.clauses["polarity"] == "complaint", "review_id"].nunique()
    assert page.cards["with_complaint"].value() == f"{holding:,} 条"
    assert values["high_stars_unhappy"] == int(result.reviews["rating_text_mismatch"].sum())
    assert page.cards["reviews"].value() == f"{len(result.reviews):,}"
    assert page.cards["complaint_share"].value() == f"{values['complaint_share']:.0%}"
    mean = result.reviews["rating"].dropna().astype(float).mean()
    assert page.cards["average_rating"].value() == f"{mean:.2f}"
    assert page.cards["high_stars_unhappy"].value() == str(values["high_stars_unhappy"])
    assert all(card.toolTip() for card in page.cards.values())
    assert list(page.canvases) == list(CHART_NAMES)  # the report's charts, all of them here

    # a click on the biggest word of the complaint cloud searches for that word
    word, left, top, right, bottom = _cloud_boxes(result, "complaint")[0]
    canvas = page.canvases["complaint_word_cloud"]
    canvas.draw()
    ax = canvas.figure.axes[0]
    col, row = (left + right) / 2, (top + bottom) / 2
    box = ax.images[0].get_array()[round(top) : round(bottom), round(left) : round(right), :3]
    assert (box.min(axis=2) < 200).mean() > 0.15  # the layout matches the drawing: ink there
    x, y = ax.transData.transform((col, row))
    flt = page.chart_clicked("complaint_word_cloud", press(canvas, x, y))
    assert flt == ReviewFilter(text=word, clause_polarity="complaint")


def test_theme_card_and_chart_clicks_filter_the_browser(charts, qtbot, shown, result):
    page, browser = shown.dashboard_page, shown.browser_page
    card = page.findChildren(ThemeCard)[0]
    with qtbot.waitSignal(browser.filterChanged):
        card.click()
    assert shown.current_page_key() == "browser"
    assert browser.current.theme == card.key
    assert browser.shown_count() == len(result.reviews_of_theme(card.key))

    # a click on the top bar of the complaint chart: the theme with most reviews
    canvas = page.canvases["complaint_themes"]
    canvas.draw()
    ax = canvas.figure.axes[0]
    top = max(ax.patches, key=lambda p: p.get_y())
    x, y = ax.transData.transform((top.get_width() / 2, top.get_y() + top.get_height() / 2))
    with qtbot.waitSignal(browser.filterChanged):
        flt = page.chart_clicked("complaint_themes", press(canvas, x, y))
    biggest = result.themes_of("complaint").sort_values("review_count", kind="stable")
    assert flt.theme == biggest["key"].iloc[-1]
    assert browser.shown_count() == len(result.reviews_of_theme(flt.theme))
    assert page.chart_clicked("complaint_themes", press(canvas, 1, 1)) is None

    canvas = page.canvases["aspect_sentiment"]
    canvas.draw()
    ax = canvas.figure.axes[0]
    top = max(ax.patches, key=lambda p: p.get_y())  # complaint bars come first: negative width
    x, y = ax.transData.transform((-1, top.get_y() + top.get_height() / 2))
    flt = page.chart_clicked("aspect_sentiment", press(canvas, x, y))
    totals = (result.aspects["praise"] + result.aspects["complaint"]).to_numpy()
    assert flt.clause_polarity == "complaint"
    assert flt.aspect == result.aspects["key"].iloc[int(totals.argmax())]
    clauses = result.clauses
    hit = (clauses["polarity"] == "complaint") & clauses["aspects"].str.split(";").apply(
        lambda keys: flt.aspect in keys
    )
    assert browser.shown_count() == clauses.loc[hit, "review_id"].nunique()

    # a real mouse click on the chart image (drawn by the worker, scaled to the widget)
    shown.show_page("dashboard")
    canvas = page.canvases["rating_distribution"]
    x, y = canvas.figure.axes[0].transData.transform((5, 1))
    rect = canvas.image_rect()
    pos = QPoint(
        round(x / canvas.image.width() * rect.width()),
        round(rect.height() - y / canvas.image.height() * rect.height()),
    )
    with qtbot.waitSignal(browser.filterChanged):
        QTest.mouseClick(canvas, Qt.MouseButton.LeftButton, pos=pos)
    assert browser.current.ratings == frozenset({5})
    assert browser.shown_count() == int((result.reviews["rating"] == 5).sum())


def test_search_box_filters_and_counts(qtbot, shown, result):
    browser = shown.browser_page
    with qtbot.waitSignal(browser.filterChanged, timeout=3000):
        browser.filters.search.setText("物流")
    text = result.reviews["text"].fillna("") + " " + result.reviews["followup_text"].fillna("")
    expected = int(text.str.contains("物流").sum())
    assert browser.shown_count() == expected
    assert f"显示 {expected:,} / {len(result.reviews):,} 条" == browser.count_label.text()
    assert "物流" in browser.detail.toHtml()


def test_rename_merge_hide_show_everywhere_and_survive_a_rerun(qtbot, shown, result):
    themes_page, browser = shown.themes_page, shown.browser_page
    complaints = result.themes_of("complaint")
    first, second, third = (str(k) for k in complaints["key"].iloc[:3])
    themes_page.rename(first, "发货太慢了")
    assert theme_column_has(shown, "发货太慢了") == len(result.reviews_of_theme(first))

    merged = themes_page.merge([second, third])
    merged_label = str(result.themes.loc[result.themes["key"] == merged, "label"].iloc[0])
    names = themes_page.lists["complaint"]
    assert merged_label in [names.item(r, 0).text() for r in range(names.rowCount())]
    browser.apply_filter(ReviewFilter(theme=merged))
    assert browser.shown_count() == len(result.reviews_of_theme(merged))
    assert theme_column_has(shown, merged_label) == browser.shown_count()

    hidden_key = str(result.themes_of("praise")["key"].iloc[0])
    hidden_label = str(result.themes_of("praise")["label"].iloc[0])
    themes_page.set_hidden([hidden_key], True)
    browser.apply_filter(ReviewFilter())
    assert theme_column_has(shown, hidden_label) == 0
    assert browser.filters.theme.findData(hidden_key) < 0

    with qtbot.waitSignal(shown.resultReady, timeout=SLOW_MS) as blocker:
        themes_page.rerun_button.click()
    again = blocker.args[0]
    labels = dict(zip(again.themes["key"], again.themes["label"], strict=True))
    assert labels[first] == "发货太慢了"
    assert labels[merged] == merged_label
    assert bool(again.themes.loc[again.themes["key"] == hidden_key, "hidden"].iloc[0])
    assert shown.current_page_key() == "themes"
    qtbot.waitUntil(lambda: not shown.dashboard_page.runner.is_running(), timeout=SLOW_MS)


def test_export_filtered_rows_csv_and_xlsx(qtbot, shown, result, tmp_path, monkeypatch):
    browser = shown.browser_page
    browser.apply_filter(ReviewFilter(sentiment="complaint"))
    n = int((result.reviews["sentiment"] == "complaint").sum())
    target = tmp_path / "差评.csv"
    with qtbot.waitSignal(browser.exported, timeout=SLOW_MS):
        browser.export_to(str(target))
    frame = pd.read_csv(target, encoding="utf-8-sig", dtype=str, keep_default_na=False)
    assert len(frame) == n
    assert list(frame.columns) == browser.model.headers()
    assert set(frame["判断"]) == {"差评"}
    assert target.read_bytes().startswith(b"\xef\xbb\xbf")

    xlsx = tmp_path / "差评.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(xlsx), ""))
    with qtbot.waitSignal(browser.exported, timeout=SLOW_MS):
        browser.export_dialog("xlsx")
    book = load_workbook(xlsx, read_only=True)
    rows = list(book.active.iter_rows(values_only=True))
    book.close()
    assert len(rows) == n + 1 and rows[0][0] == "评价内容"


def test_copy_selected_rows_as_tab_separated_text(shown):
    browser = shown.browser_page
    browser.apply_filter(ReviewFilter())
    selection = browser.table.selectionModel()
    flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
    selection.clearSelection()
    for row in (0, 2):
        selection.select(browser.model.index(row, 0), flags)
    text = browser.copy_selection()
    lines = text.split("\n")
    assert len(lines) == 3 and lines[0].split("\t")[0] == "评价内容"
    assert all(len(line.split("\t")) == 11 for line in lines)
    assert QGuiApplication.clipboard().text() == text


def test_export_page_writes_the_report(qtbot, shown, result, tmp_path):
    from app.io.report.excel import sheet_names

    page = shown.export_page
    target = tmp_path / "report.xlsx"
    with qtbot.waitSignal(page.exported, timeout=SLOW_MS):
        page.export_report(str(target), "en")
    book = load_workbook(target, read_only=True)
    names = book.sheetnames
    book.close()
    expected = sheet_names("en")
    assert names[:3] == [expected["overview"], expected["complaints"], expected["praise"]]
    assert expected["reviews"] in names
    assert not page.open_button.isHidden() and str(target) in page.done_label.text()


def test_an_export_error_keeps_the_result(
    qtbot, shown, result, tmp_path, monkeypatch, shown_errors
):
    def broken(result, path, lang):
        def run(progress, cancel):
            raise RuntimeError("disk on fire")

        return run

    monkeypatch.setattr("app.gui.pages.export_page.report_task", broken)
    page = shown.export_page
    shown.show_page("export")
    with qtbot.waitSignal(page.runner.finished, timeout=10000):
        page.export_report(str(tmp_path / "report.xlsx"), "zh")
    box = shown_errors[0]
    assert "意外错误" in box.text() and "RuntimeError" in box.detailedText()
    assert "Traceback" not in box.text() and "reviewlens" in box.informativeText().lower()
    assert shown.result is result and page.result is result
    assert shown.current_page_key() == "export" and page.report_button.isEnabled()
    assert shown.browser_page.shown_count() == len(result.reviews)
    shown.nav.button("dashboard").click()  # every page still shows the result
    assert shown.current_page_key() == "dashboard"
    assert shown.dashboard_page.cards["reviews"].value() == f"{len(result.reviews):,}"


def test_side_bar_switches_pages_with_clicks_and_shortcuts(qtbot, shown):
    nav = shown.nav
    assert nav.page_keys() == ["dashboard", "browser", "themes", "export"]
    assert nav.current() == "dashboard" and all(nav.button(k).isEnabled() for k in nav.page_keys())
    assert all("Ctrl+" in nav.button(k).toolTip() for k in nav.page_keys())
    nav.button("themes").click()
    assert shown.current_page_key() == "themes" and nav.current() == "themes"
    nav.button("themes").click()  # a second click keeps it marked
    assert nav.button("themes").isChecked()
    for number, key in enumerate(nav.page_keys(), start=1):
        shown.nav_actions[key].trigger()
        assert shown.current_page_key() == key and nav.current() == key
        assert shown.nav_actions[key].shortcut().toString() == f"Ctrl+{number}"
    shown.show_page("start")
    assert nav.current() == ""


def test_big_results_are_filtered_in_a_worker(qtbot, shown, result, monkeypatch):
    monkeypatch.setattr("app.gui.pages.browser_page.ASYNC_FILTER_ROWS", 1)
    browser = shown.browser_page
    flt = ReviewFilter(sentiment="complaint")
    with qtbot.waitSignal(browser.filterChanged, timeout=10000) as blocker:
        browser.apply_filter(flt)
        assert browser.status.text() == "正在筛选…"
    assert blocker.args[0] == flt and browser.status.text() == ""
    assert browser.shown_count() == result.counts["complaint"]
    with qtbot.waitSignal(browser.filterChanged, timeout=10000) as blocker:
        browser.apply_filter(ReviewFilter(sentiment="praise"))
        browser.apply_filter(ReviewFilter(ratings=frozenset({5})))  # the newer wins
    assert blocker.args[0].ratings == frozenset({5})
    assert browser.shown_count() == int((result.reviews["rating"] == 5).sum())


def test_heat_map_row_labels_show_the_full_sku_on_hover(charts, qtbot, shown, result, monkeypatch):
    """The heat map's labels keep only what differs between SKUs; hovering one shows it whole."""
    from PySide6.QtCore import QEvent, QPointF
    from PySide6.QtGui import QHelpEvent
    from PySide6.QtWidgets import QToolTip

    from app.core.charts import data as cd
    from app.core.charts.figures import heatmap_cells

    page = shown.dashboard_page
    canvas = page.canvases["sku_aspect_heatmap"]
    canvas.draw()
    skus = [str(s) for s in heatmap_cells(cd.sku_aspect_matrix(result, "zh")).index]
    ax = canvas.figure.axes[0]
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels != skus  # shortened, so the tip has something to add
    shown_tips: list[str] = []
    monkeypatch.setattr(QToolTip, "showText", lambda _pos, text, *_a: shown_tips.append(text))
    rect = canvas.image_rect()
    for row in (0, len(skus) - 1):
        x, y = ax.transData.transform((-1.0, row))  # on the row's label, left of the cells
        pos = QPointF(
            x / canvas.image.width() * rect.width(),
            rect.height() - y / canvas.image.height() * rect.height(),
        )
        event = QHelpEvent(QEvent.Type.ToolTip, pos.toPoint(), canvas.mapToGlobal(pos.toPoint()))
        assert canvas.event(event)
        assert shown_tips[-1] == skus[row]


def _card_counts(box) -> list[int]:
    cards = [box.itemAt(i).widget() for i in range(box.count())]
    titles = [c.title.text() for c in cards if isinstance(c, ThemeCard)]
    return [int(t.split(" · ")[1].split(" ")[0].replace(",", "")) for t in titles]


def test_dashboard_lists_tags_by_their_count_with_stars_and_the_no_reason_line(
    qtbot, window, result
):
    themes = result.themes
    complaint = themes.index[(themes["polarity"] == "complaint") & ~themes["hidden"]]
    # the result's own order is not the count's: the dashboard must sort what it shows
    themes.loc[complaint, "review_count"] = list(range(3, 3 + len(complaint)))
    with qtbot.waitSignal(window.dashboard_page.chartsReady, timeout=SLOW_MS):
        window.on_analysis_done(result)
    page = window.dashboard_page
    counts = _card_counts(page.complaint_box)
    assert counts == sorted(themes.loc[complaint, "review_count"], reverse=True)[: len(counts)]
    assert counts == sorted(counts, reverse=True) and len(counts) == 3
    first = page.complaint_box.itemAt(0).widget()
    mean = result.themes_of("complaint").sort_values("review_count").iloc[-1]["rating_mean"]
    assert first.title.text().endswith(f" · 平均 {mean:.1f} 星")
    n = result.unspecified["complaint"]
    assert n > 0
    lines = [page.complaint_box.itemAt(i).widget() for i in range(page.complaint_box.count())]
    texts = [w.text() for w in lines if isinstance(w, QLabel) and not isinstance(w, ThemeCard)]
    assert texts == [f"另有 {n:,} 条整体不满意（没说具体原因）"]
    listed = window.themes_page.lists["complaint"]
    shown = [int(listed.item(r, 1).text().replace(",", "")) for r in range(listed.rowCount())]
    assert shown == sorted(shown, reverse=True)


def test_text_only_export_dashboard_leads_with_unhappy_and_table_shows_mixed(qtbot, window):
    from app.core.charts.style import MIXED_TEXT
    from tests.io.report_fixtures import text_only_result

    result = text_only_result()  # 6 invented reviews: 2 praise and complain, 1 no opinion
    with qtbot.waitSignal(window.dashboard_page.chartsReady, timeout=SLOW_MS):
        window.on_analysis_done(result)
    page = window.dashboard_page
    grid = page.kpi_grid
    first = grid.itemAtPosition(0, 0).widget()
    # the card read first: how many customers were unhappy about something
    assert first is page.cards["with_complaint"]
    assert (first.value(), first.caption_label.text()) == ("3 条", "含不满 · 占 50%")
    assert "差评 1 条，褒贬都有 2 条" in first.toolTip()
    mixed = page.cards["mixed_share"]
    assert (mixed.value(), mixed.caption_label.text()) == ("33%", "褒贬都有 · 2 条")
    shown = [page.cards[f"{k}_share"].value() for k in ("praise", "complaint", "mixed", "neutral")]
    assert shown == ["33%", "17%", "33%", "17%"]  # one label per review: 100 %
    assert "褒贬都有 2" in window.counts_label.text()

    with qtbot.waitSignal(page.filterRequested) as asked:
        qtbot.mouseClick(first, Qt.MouseButton.LeftButton)
    assert asked.args[0] == ReviewFilter(clause_polarity="complaint")

    browser = window.browser_page
    bar = browser.filters
    assert [bar.sentiment.itemText(i) for i in range(bar.sentiment.count())] == [
        "全部判断", "好评", "差评", "褒贬都有", "中性"
    ]  # fmt: skip
    bar.sentiment.setCurrentIndex(bar.sentiment.findData("mixed"))
    model = browser.model
    assert browser.shown_count() == model.rowCount() == 2
    for row in range(2):
        cell = model.index(row, 2)
        assert model.data(cell) == "褒贬都有"
        colour = model.data(cell, Qt.ItemDataRole.ForegroundRole).color().name()
        assert colour == MIXED_TEXT.lower()
    assert "褒贬都有" in browser.detail.toPlainText()  # the selected review says it too
