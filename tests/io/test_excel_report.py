"""The Excel report read back with openpyxl and compared with the AnalysisResult behind it."""

from __future__ import annotations

import dataclasses
import io
import os
import zipfile

import pandas as pd
import pytest
from openpyxl import load_workbook

from app.core.errors import OutputError
from app.core.progress import Cancelled, CancelToken
from app.core.reviews.trends import sentiment_trend
from app.io import atomic
from app.io.report import bigsheet as report_bigsheet
from app.io.report import charts as report_charts
from app.io.report.excel import sheet_names, write_report
from tests.io.report_fixtures import SPECIAL_TEXTS, make_result


@pytest.fixture(scope="module")
def result():
    return make_result()


@pytest.fixture(scope="module")
def book(result, tmp_path_factory):
    path = tmp_path_factory.mktemp("report") / "报告.xlsx"
    write_report(result, path, lang="zh")
    return path, load_workbook(path)


def _table(ws, header_row: int = 4) -> list[dict]:
    rows = list(ws.iter_rows(min_row=header_row, values_only=True))
    header = rows[0]
    table = []
    for r in rows[1:]:  # the table ends at its first blank row (notes may follow)
        if all(v is None for v in r):
            break
        table.append(dict(zip(header, r, strict=False)))
    return table


def _values(ws) -> list[object]:
    return [c.value for row in ws.iter_rows() for c in row if c.value is not None]


def test_sheets_in_chinese_and_english(book, result, tmp_path):
    _, wb = book
    zh = sheet_names("zh")
    assert wb.sheetnames == [
        zh[k]
        for k in (
            "overview",
            "complaints",
            "praise",
            "aspects",
            "skus",
            "trends",
            "reviews",
            "dropped",
        )
    ]
    path = write_report(result, tmp_path / "en.xlsx", lang="en", images=False)
    en = load_workbook(path)
    assert en.sheetnames[0] == "Overview" and "All reviews" in en.sheetnames
    assert en["Overview"]["B1"].value == "Review analysis report"
    assert en["All reviews"]["C1"].value == "Sentiment"


def test_overview_totals_and_shares(book, result):
    _, wb = book
    values = _values(wb["概览"])
    reviews = result.reviews
    n = len(reviews)
    assert len(result.imported.ledger) in values
    assert n in values
    assert len(result.imported.dropped) in values
    shown = []
    for key, name in (("praise", "好评"), ("complaint", "差评"), ("mixed", "褒贬都有")):
        count = int((reviews["sentiment"] == key).sum())
        assert count, key  # the invented shop has reviews of each label
        value, note = _kpi(wb["概览"], f"{name}占比")
        assert value == pytest.approx(round(100 * count / n) / 100, abs=0.011), key
        assert note.startswith(f"{count:,} 条"), key
        shown.append(value)
    shown.append(_kpi(wb["概览"], "中性占比")[0])
    assert sum(shown) == pytest.approx(1.0)  # one label per review: they add up
    assert round(float(reviews["rating"].mean()), 2) in values
    assert int(reviews["rating_text_mismatch"].sum()) in values
    text = "\n".join(str(v) for v in values)
    for reason in result.imported.drop_reasons().index:
        assert reason in text
    # 13 reviews in May: too few to call 快递太慢 rising (it was "增加了 … (+N%)" from counts)
    assert "最近一月（2024年5月）有 13 条评价" in text and "还看不出变化" in text
    assert "先处理这些" in text and "差评率最高的商品规格" in text and "差评率最高的方面" in text
    for label in result.themes_of("complaint")["label"].head(5):
        assert label in text
    # written values only, never formulas
    assert not any(c.data_type == "f" for row in wb["概览"].iter_rows() for c in row)


def test_overview_print_settings(book):
    ws = book[1]["概览"]
    assert ws.page_setup.orientation == "landscape"
    assert ws.page_setup.fitToWidth == 1 and ws.sheet_properties.pageSetUpPr.fitToPage


@pytest.mark.parametrize(("sheet", "polarity"), [("差评标签", "complaint"), ("好评标签", "praise")])
def test_theme_sheets(book, result, sheet, polarity):
    rows = _table(book[1][sheet])
    themes = result.themes_of(polarity)
    assert [r["标签"] for r in rows] == list(themes["label"])
    # counted in reviews holding such a clause, whatever the review's overall label
    kind = "不满" if polarity == "complaint" else "夸奖"
    clauses = result.clauses
    holding = clauses.loc[clauses["polarity"] == polarity, "review_id"].nunique()
    for row, (_, theme) in zip(rows, themes.iterrows(), strict=True):
        assert row[f"含{kind}的评论"] == theme["review_count"]
        assert row["分句数"] == theme["size"]
        assert row[f"占含{kind}评论"] == pytest.approx(theme["review_count"] / holding)
        assert row["原话 1"] == theme["quotes"][0]
    hidden = result.themes[result.themes["hidden"]]["label"]
    assert not set(hidden) & {r["标签"] for r in rows}


def _kpi(ws, label: str) -> tuple[object, str]:
    """The big value and the note under a KPI block's label on the overview."""
    for row in ws.iter_rows():
        for cell in row:
            if cell.value == label:
                below = ws.cell(row=cell.row + 1, column=cell.column).value
                return below, str(ws.cell(row=cell.row + 2, column=cell.column).value)
    raise AssertionError(f"no KPI {label!r}")


def test_overview_names_complaint_reviews_and_reviews_with_a_complaint(book, result):
    ws = book[1]["概览"]
    reviews, clauses = result.reviews, result.clauses
    n = len(reviews)
    complaint = int((reviews["sentiment"] == "complaint").sum())
    holding = clauses.loc[clauses["polarity"] == "complaint", "review_id"].nunique()
    assert holding > complaint  # praise reviews with a complaining clause count too
    value, note = _kpi(ws, "差评占比")
    assert value == round(complaint / n, 2) and note.startswith(f"{complaint:,} 条")
    value, note = _kpi(ws, "含不满内容的评论")
    assert value == holding and note.startswith(f"占 {holding / n:.0%} · 至少一句在抱怨")
    value, note = _kpi(ws, "高星但内容有不满")
    assert value == int(reviews["rating_text_mismatch"].sum())
    text = "\n".join(str(v) for v in _values(ws))
    mixed = int((reviews["sentiment"] == "mixed").sum())
    assert f"共 {holding:,} 条含不满内容的评论，其中整体判为差评的 {complaint:,} 条、" in text
    assert f"褒贬都有的 {mixed:,} 条）" in text
    assert "4-5 星的评论按星级算好评，里面只要有一句在抱怨，也计入含不满。" in text


def test_overview_flags_without_stars_or_followups_say_so(result, tmp_path):
    reviews = result.reviews.assign(rating=pd.NA, followup_text="")
    unrated = dataclasses.replace(result, reviews=reviews)
    path = write_report(unrated, tmp_path / "r.xlsx", lang="zh", images=False)
    ws = load_workbook(path)["概览"]
    assert _kpi(ws, "高星但内容有不满") == ("—", "没有星级评分，无法判断")
    assert _kpi(ws, "追评变差") == ("—", "没有追评，无法判断")


def test_aspect_sheet(book, result):
    rows = {r["方面"]: r for r in _table(book[1]["方面"])}
    for _, aspect in result.aspects.iterrows():
        row = rows[aspect["label_zh"]]
        assert (row["好评分句"], row["差评分句"]) == (aspect["praise"], aspect["complaint"])
        assert row["差评率"] == pytest.approx(aspect["complaint_rate"])


def test_sku_sheet_counts(book, result):
    rows = _table(book[1]["SKU"])
    counts = result.reviews.groupby("sku").size()
    assert {r["SKU"]: r["评论数"] for r in rows} == counts.to_dict()
    complaints = result.reviews[result.reviews["sentiment"] == "complaint"].groupby("sku").size()
    for r in rows:
        assert r["差评"] == complaints.get(r["SKU"], 0)
        assert r["差评率"] == pytest.approx(r["差评"] / r["评论数"])


def test_trend_sheet(book, result):
    rows = _table(book[1]["趋势"])
    assert [r["月份"] for r in rows] == [f"{p:%Y-%m}" for p in result.trend.index]
    assert [r["差评"] for r in rows] == result.trend["complaint"].tolist()
    assert [r["褒贬都有"] for r in rows] == result.trend["mixed"].tolist()
    assert sum(r["褒贬都有"] for r in rows) == (result.reviews["sentiment"] == "mixed").sum() > 0
    # 12–14 reviews a month: no share (blank: a gap in the chart), never 0 % or 100 %
    assert all(r["合计"] < 20 and r["差评占比"] is None for r in rows)


def test_trend_shares_of_full_months_and_a_gap_for_a_thin_one(tmp_path):
    result = make_result(n=200)  # ~40 reviews a month
    thin = result.reviews.index[result.reviews["date"].dt.month == 3][3:]
    result.reviews = result.reviews.drop(thin)  # March keeps 3 reviews
    result.trend = sentiment_trend(result.reviews["sentiment"], result.reviews["date"], "M")
    path = tmp_path / "报告.xlsx"
    write_report(result, path, lang="zh")
    rows = {r["月份"]: r for r in _table(load_workbook(path)["趋势"])}
    assert rows["2024-03"]["合计"] == 3 and rows["2024-03"]["差评占比"] is None
    jan = rows["2024-01"]
    assert jan["差评占比"] == pytest.approx(jan["差评"] / jan["合计"])
    with zipfile.ZipFile(path) as z:
        lines = [z.read(n).decode() for n in z.namelist() if n.startswith("xl/charts/chart")]
    share = next(c for c in lines if "<lineChart>" in c and "占比" in c)
    assert '<c:max val="1"' in share or '<max val="1"' in share  # the share axis ends at 100 %


def test_every_review_once_with_source_row(book, result):
    ws = book[1]["评论明细"]
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == f"A1:M{len(result.reviews) + 1}"
    rows = _table(ws, header_row=1)
    assert len(rows) == len(result.reviews)
    got = {(r["来源文件"], r["行号"]): r for r in rows}
    assert len(got) == len(rows)
    for _, review in result.reviews.iterrows():
        row = got[(review["source_file"], review["source_row"])]
        assert row["评分"] == review["rating"]
        assert row["日期"] == review["date"].to_pydatetime()
        assert row["SKU"] == review["sku"]
        assert (row["主题"] or "") == review["themes"].replace(";", "、")
        expected = review["text"].replace("\x07", "")
        assert row["评论"] == expected
    assert ws.column_dimensions["A"].width >= 40


def test_dropped_rows_with_reasons(book, result):
    rows = _table(book[1]["删除的行"], header_row=1)
    dropped = result.imported.dropped
    assert [(r["行号"], r["删除原因"]) for r in rows] == list(
        zip(dropped["source_row"], dropped["reason"], strict=True)
    )
    assert "=cmd|' /C calc'!A0" in [r["原文"] for r in rows]


def test_formula_like_texts_stay_text(book):
    path, wb = book
    texts = [c.value for c in wb["评论明细"]["A"]]
    for text, _ in SPECIAL_TEXTS:
        clean = text.replace("\x07", "")
        assert clean in texts
    cells = [c for row in wb.worksheets for r in row.iter_rows() for c in r]
    assert not any(c.data_type == "f" for c in cells)
    assert '=HYPERLINK("http://x","点我")' in [c.value for c in cells if c.data_type == "s"]
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            if name.startswith("xl/worksheets/"):
                assert b"<f>" not in z.read(name) and b"<f " not in z.read(name), name


def test_tag_sheets_show_stars_by_count_and_what_is_no_tag(tmp_path):
    result = make_result()
    themes = result.themes
    complaint = themes.index[themes["polarity"] == "complaint"]
    # the result's order is not the order of the counts: the sheet must sort them
    themes.loc[complaint, "review_count"] = list(range(10, 10 + len(complaint)))
    path = write_report(result, tmp_path / "t.xlsx", images=False)
    ws = load_workbook(path)["差评标签"]
    rows = _table(ws)
    shown = result.themes_of("complaint").sort_values("review_count", ascending=False)
    assert [r["标签"] for r in rows] == shown["label"].tolist()
    counts = [r["含不满的评论"] for r in rows]
    assert counts == shown["review_count"].tolist() and counts == sorted(counts, reverse=True)
    for row, (_, theme) in zip(rows, shown.iterrows(), strict=True):
        assert row["平均星级"] == pytest.approx(theme["rating_mean"], abs=0.01)
        assert row["1–3星占比"] == pytest.approx(theme["low_star_share"])
    notes = [str(v) for v in _values(ws)]
    assert "另有 4 条评论整体不满意，没说具体原因，不计入任何标签。" in notes
    assert any(n.startswith("其他（") and "客服 4" in n for n in notes)
    assert any("一条评论可以有几个标签" in n for n in notes)


def test_tag_sheets_leave_stars_blank_without_ratings(tmp_path):
    result = make_result()
    result.reviews["rating"] = pd.array([None] * len(result.reviews), dtype="Int64")
    path = write_report(result, tmp_path / "n.xlsx", images=False)
    rows = _table(load_workbook(path)["差评标签"])
    assert rows and all(r["平均星级"] is None and r["1–3星占比"] is None for r in rows)


def test_quote_cells_on_summary_sheets_are_text(tmp_path):
    result = make_result()
    result.themes.at[result.themes.index[0], "quotes"] = ["=1+1", "@SUM(A1)", "-2"]
    path = write_report(result, tmp_path / "q.xlsx", images=False)
    ws = load_workbook(path)["差评标签"]
    row = _table(ws)[0]
    assert (row["原话 1"], row["原话 2"], row["原话 3"]) == ("=1+1", "@SUM(A1)", "-2")


def test_no_sku_and_no_date_sheets_when_absent(tmp_path):
    result = make_result(dates=False, skus=False, products=False)
    wb = load_workbook(write_report(result, tmp_path / "plain.xlsx", images=False))
    assert "SKU" not in wb.sheetnames and "趋势" not in wb.sheetnames
    assert "评论明细" in wb.sheetnames


def test_native_charts_and_pictures(book):
    path, _ = book
    with zipfile.ZipFile(path) as z:
        names = z.namelist()
        charts = [z.read(n).decode() for n in names if n.startswith("xl/charts/chart")]
        media = [n for n in names if n.startswith("xl/media/")]
    assert any("<pieChart>" in c for c in charts)
    assert sum("<barChart>" in c for c in charts) >= 3
    assert any("<lineChart>" in c for c in charts)
    assert all('<smooth val="1"' not in c for c in charts)
    if report_charts.charts_available():
        assert len(media) >= 3  # two word clouds and the heat map
    wb = load_workbook(path)
    assert len(wb["概览"]._charts) == 2
    assert len(wb["趋势"]._charts) == 2


def test_review_sheets_split_beyond_the_row_limit(tmp_path, monkeypatch, result):
    monkeypatch.setattr(report_bigsheet, "MAX_DATA_ROWS", 25)
    monkeypatch.setattr(report_bigsheet.add_placeholders, "__defaults__", (25,))
    wb = load_workbook(write_report(result, tmp_path / "split.xlsx", images=False))
    parts = [n for n in wb.sheetnames if n.startswith("评论明细")]
    assert parts == ["评论明细", "评论明细 2", "评论明细 3"]
    rows = sum(wb[n].max_row - 1 for n in parts)
    assert rows == len(result.reviews)
    assert wb["评论明细 3"]["L2"].value == result.reviews["source_file"].iloc[50]


def test_failure_mid_write_leaves_nothing(tmp_path, monkeypatch, result):
    target = tmp_path / "r.xlsx"

    def boom(*args, **kwargs):
        raise RuntimeError("disk gone")

    monkeypatch.setattr(report_bigsheet, "_rows_xml", boom)
    with pytest.raises(RuntimeError):
        write_report(result, target, images=False)
    assert list(tmp_path.iterdir()) == []


def test_write_error_in_the_background_writer_surfaces():
    class Full(io.RawIOBase):
        def writable(self):
            return True

        def write(self, data):
            raise OSError(28, "No space left on device")

    writer = report_bigsheet._BackgroundWriter(Full())
    writer.write(b"x")
    with pytest.raises(OSError, match="No space"):
        for _ in range(10):  # the error shows at a later write, or at the latest at close
            writer.write(b"y")
        writer.close()
    writer.close(raise_error=False)  # closing again after the error is harmless
    assert not writer._thread.is_alive()


def test_cancel_leaves_old_report_untouched(tmp_path, result):
    target = tmp_path / "r.xlsx"
    target.write_bytes(b"old")
    token = CancelToken()
    seen = []

    def progress(fraction, message):
        seen.append(fraction)
        if fraction > 0.35:
            token.cancel()

    with pytest.raises(Cancelled):
        write_report(result, target, images=False, progress=progress, cancel=token)
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["r.xlsx"]


def test_locked_file_says_close_it_in_excel(tmp_path, monkeypatch, result):
    def locked(src, dst):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(atomic.os, "replace", locked)
    with pytest.raises(OutputError) as error:
        write_report(result, tmp_path / "r.xlsx", images=False)
    assert "Excel" in str(error.value) and "关闭" in str(error.value)
    assert list(tmp_path.iterdir()) == []


def test_missing_folder_and_folder_target(tmp_path, result):
    with pytest.raises(OutputError, match="保存位置不存在"):
        write_report(result, tmp_path / "nope" / "r.xlsx")
    with pytest.raises(OutputError, match="文件夹"):
        write_report(result, tmp_path)


def test_progress_reaches_one_and_language_is_validated(tmp_path, result):
    seen = []
    write_report(result, tmp_path / "p.xlsx", images=False, progress=lambda f, m: seen.append(f))
    assert seen[0] == 0.0 and seen[-1] == 1.0 and seen == sorted(seen)
    with pytest.raises(ValueError):
        write_report(result, tmp_path / "x.xlsx", lang="fr")


def test_escape_all_handles_nul_and_markup():
    assert report_bigsheet.escape_all(["a<b>&", "x\x00y\x01", ""]) == ["a&lt;b&gt;&amp;", "xy", ""]
    assert report_bigsheet.escape_all([]) == []


def test_empty_result_still_writes(tmp_path, result):
    empty = make_result(n=0)
    empty.reviews = empty.reviews.iloc[0:0]
    empty.clauses = empty.clauses.iloc[0:0]
    empty.themes = empty.themes.iloc[0:0]
    empty.aspects = empty.aspects.iloc[0:0]
    empty.trend = None
    path = write_report(empty, tmp_path / "empty.xlsx")
    assert load_workbook(path)["评论明细"].max_row == 1
    assert os.path.getsize(path) > 0
    assert isinstance(pd.read_excel(path, sheet_name=None, engine="calamine"), dict)


def test_calamine_reads_the_streamed_sheets(book, result):
    path, _ = book
    frames = pd.read_excel(path, sheet_name=["评论明细", "删除的行"], engine="calamine")
    assert len(frames["评论明细"]) == len(result.reviews)
    assert frames["评论明细"]["行号"].tolist() == result.reviews["source_row"].tolist()
    assert len(frames["删除的行"]) == len(result.imported.dropped)


def _first_block(ws) -> tuple[str, object, str]:
    """The overview's first KPI block under the title lines: label, value, note."""
    for row in ws.iter_rows(min_row=4, max_col=2):
        if row[1].value is not None:
            r, c = row[1].row, row[1].column
            return row[1].value, ws.cell(r + 1, c).value, str(ws.cell(r + 2, c).value)
    raise AssertionError("no KPI block")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_text_only_export_overview_leads_with_unhappy_and_shows_mixed(lang, tmp_path):
    from tests.io.report_fixtures import text_only_result

    result = text_only_result()
    path = write_report(result, tmp_path / "r.xlsx", lang=lang, images=False)
    ws = load_workbook(path)[sheet_names(lang)["overview"]]
    label, value, note = _first_block(ws)
    # what the owner reads first: how many reviews complain about something
    if lang == "en":
        assert (label, value) == ("Reviews with a complaint", 3)
        assert note.startswith("50% · one complaining clause or more")
        assert _kpi(ws, "Mixed") == (pytest.approx(0.33), "2 · praise and a complaint")
        return
    assert (label, value) == ("含不满内容的评论", 3) and note.startswith("占 50% ·")
    text = "\n".join(str(v) for v in _values(ws))
    assert "含不满：6 条评论里有 3 条（50%）在抱怨点什么：差评 1 条，褒贬都有 2 条。" in text
    shares = {k: _kpi(ws, f"{k}占比") for k in ("好评", "差评", "褒贬都有", "中性")}
    assert shares["褒贬都有"] == (pytest.approx(0.33), "2 条 · 既夸又抱怨")
    assert shares["中性"] == (pytest.approx(0.17), "1 条 · 没有表达好恶")
    assert sum(v for v, _ in shares.values()) == pytest.approx(1.0)
    # the sentiment table and the review sheet name it too
    table = {r[0].value: r[1].value for r in ws.iter_rows(min_col=2, max_col=3) if r[0].value}
    assert table["褒贬都有"] == 2 and table["中性"] == 1
    reviews = load_workbook(path)[sheet_names(lang)["reviews"]]
    labels = [r[2] for r in reviews.iter_rows(min_row=2, values_only=True)]
    assert labels.count("褒贬都有") == 2
