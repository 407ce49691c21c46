"""The Excel report built from a REAL analysis agrees with itself and with the analysis.

An invented shop export (buyers, stars incl. 3★, 追评, products, SKUs, dates over five months,
placeholders, a duplicate and formula-like texts) goes through import and run_analysis. Then:
the review sheet says, row by row, what the AnalysisResult says; the summary sheets' numbers, read
at their labelled places, are what the review sheet adds up to; and no cell anywhere whose text
begins with = + - @ is stored as a formula (checked by cell type, not by value).
"""

from __future__ import annotations

import csv
import random
from collections import Counter
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from app.core.ingest.ledger import build_import
from app.core.pipeline import AnalysisConfig, run_analysis
from app.core.results import AnalysisResult
from app.io.readers.read import read_file
from app.io.report.excel import write_report
from tests.io.report_fixtures import make_result

SENTIMENT = {"praise": "好评", "complaint": "差评", "mixed": "褒贬都有", "neutral": "中性"}
SEP = "、"
RISKY = ("=", "+", "-", "@")
PRAISE = [
    "质量很好",
    "做工精细",
    "面料舒服",
    "物流很快",
    "快递第二天就到了",
    "颜色很正",
    "尺码合适",
]
COMPLAINT = [
    "尺码偏小",
    "穿着太紧了",
    "快递太慢了",
    "色差很大",
    "洗了一次就起球",
    "做工粗糙",
    "线头很多",
]
PRODUCTS = {
    "纯棉T恤": ["颜色分类:白色;尺码:XL", "颜色分类:黑色;尺码:L"],
    "=雪纺连衣裙": ["+藏青 S", "@套餐一"],
}
SPECIAL = ["=质量太差了，做工粗糙", "@客服 太慢了，很失望", "-_- 做工粗糙", "+1 质量很好"]


def _export_rows(n: int = 120, seed: int = 7) -> list[dict[str, object]]:
    rng = random.Random(seed)
    rows: list[dict[str, object]] = []
    for i in range(n):
        kind = rng.random()
        if kind < 0.45:
            text, stars = "，".join(rng.sample(PRAISE, 2)), rng.choice([4, 5, 5])
        elif kind < 0.75:
            text, stars = "，".join(rng.sample(COMPLAINT, 2)), rng.choice([1, 2, 3])
        else:
            text = f"{rng.choice(PRAISE)}，但是{rng.choice(COMPLAINT)}"
            stars = rng.choice([3, 4, 5])
        if i < len(SPECIAL):
            text = SPECIAL[i]
        product = rng.choice(list(PRODUCTS))
        rows.append(
            {
                "用户名": f"买家{i}",
                "评价内容": text,
                "评分": stars,
                "追评": f"{rng.choice(COMPLAINT)}，很失望" if i % 11 == 3 else "",
                "商品名称": product,
                "规格": rng.choice(PRODUCTS[product]),
                "评价时间": f"2024-{1 + i % 5:02d}-{1 + (i * 7) % 28:02d} 10:{i % 60:02d}:00",
            }
        )
    extra = {"商品名称": "纯棉T恤", "规格": "颜色分类:白色;尺码:XL", "追评": ""}
    rows += [
        {
            "用户名": "买家x",
            "评价内容": "此用户没有填写评价。",
            "评分": 5,
            "评价时间": "2024-05-03",
            **extra,
        },
        {"用户名": "买家y", "评价内容": "=1+1", "评分": 5, "评价时间": "2024-05-04", **extra},
        dict(rows[10]),  # the same buyer's row again
    ]
    return rows


@pytest.fixture(scope="module")
def analysed(tmp_path_factory) -> tuple[AnalysisResult, Path]:
    folder = tmp_path_factory.mktemp("shop")
    rows = _export_rows()
    source = folder / "店铺评价.csv"
    with source.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    imported = build_import([read_file(source)], saved_mappings=False)
    result = run_analysis(imported, AnalysisConfig(adapt_to_ratings=False))
    report = write_report(result, folder / "报告.xlsx", lang="zh", images=False)
    return result, report


@pytest.fixture(scope="module")
def result(analysed) -> AnalysisResult:
    return analysed[0]


@pytest.fixture(scope="module")
def book(analysed):
    return load_workbook(analysed[1])


def _table(ws: Worksheet, header_row: int) -> list[dict[str, object]]:
    rows = list(ws.iter_rows(min_row=header_row, values_only=True))
    header = rows[0]
    table = []
    for r in rows[1:]:  # the table ends at its first blank row (notes may follow)
        if all(v is None for v in r):
            break
        table.append(dict(zip(header, r, strict=False)))
    return table


@pytest.fixture(scope="module")
def review_rows(book) -> list[dict[str, object]]:
    return _table(book["评论明细"], 1)


def _text(value: object) -> str:
    return "" if value is None else str(value)


def _split(cell: object, labels: list[str]) -> list[str]:
    """The labels a 主题 / 方面 cell lists (labels may hold the separator themselves)."""
    text = _text(cell)
    if not text:
        return []
    for label in sorted(labels, key=len, reverse=True):
        if text == label:
            return [label]
        if text.startswith(label + SEP):
            rest = _split(text[len(label) + len(SEP) :], labels)
            if rest:
                return [label, *rest]
    raise AssertionError(f"{text!r} is not a list of known labels")


def test_the_export_is_what_the_tests_need(result):
    """Premise: every branch the report has to show is present in the real result."""
    reviews = result.reviews
    assert set(reviews["sentiment"]) >= {"praise", "complaint", "mixed"}
    assert reviews["rating_text_mismatch"].any() and reviews["got_worse"].any()
    assert (reviews["rating_text_mismatch"] != reviews["got_worse"]).any()
    assert (reviews["rating"] == 3).any()
    assert set(result.imported.dropped["reason_code"]) >= {"placeholder", "duplicate"}
    labels = result.themes_of("complaint")["label"].tolist()
    assert len(labels) >= 3 and len(set(labels)) == len(labels)
    assert len(result.aspects) >= 3


def test_review_sheet_row_by_row_equals_the_analysis(result, review_rows):
    reviews = result.reviews
    assert len(review_rows) == len(reviews)
    zh = dict(zip(result.aspects["key"], result.aspects["label_zh"], strict=True))
    by_row = {(r["来源文件"], r["行号"]): r for r in review_rows}
    assert len(by_row) == len(review_rows)
    for _, review in reviews.iterrows():
        row = by_row[(Path(review["source_file"]).name, review["source_row"])]
        where = f"row {review['source_row']}"
        assert row["评论"] == review["text"], where
        assert _text(row["追评"]) == review["followup_text"], where
        assert row["情感"] == SENTIMENT[review["sentiment"]], where
        assert _text(row["主题"]) == review["themes"].replace(";", SEP), where
        named = SEP.join(zh[k] for k in review["aspects"].split(";") if k)  # keys in the result
        assert _text(row["方面"]) == named, where
        assert row["评分"] == review["rating"], where
        assert row["日期"] == review["date"].to_pydatetime(), where
        assert _text(row["商品"]) == review["product"], where
        assert _text(row["SKU"]) == review["sku"], where
        assert (row["高星但不满"] == "是") == bool(review["rating_text_mismatch"]), where
        assert (row["追评变差"] == "是") == bool(review["got_worse"]), where
        assert row["高星但不满"] in ("是", None) and row["追评变差"] in ("是", None)


def _below(ws: Worksheet, label: str) -> tuple[object, str]:
    """The value under an overview label and the note under that (KPI blocks)."""
    found = [c for row in ws.iter_rows() for c in row if c.value == label]
    assert len(found) == 1, f"label {label!r} found {len(found)} times"
    cell = found[0]
    value = ws.cell(row=cell.row + 1, column=cell.column).value
    note = ws.cell(row=cell.row + 2, column=cell.column).value
    return value, _text(note)


def test_overview_figures_are_what_the_sheets_add_up_to(result, book, review_rows):
    ws = book["概览"]
    dropped_rows = _table(book["删除的行"], 1)
    n = len(review_rows)
    assert _below(ws, "读取的行")[0] == n + len(dropped_rows) == len(result.imported.ledger)
    assert _below(ws, "分析的评论")[0] == n
    assert _below(ws, "删除的行")[0] == len(dropped_rows)
    stars = [r["评分"] for r in review_rows if r["评分"] is not None]
    assert _below(ws, "平均评分")[0] == round(sum(stars) / len(stars), 2)
    counts = Counter(r["情感"] for r in review_rows)
    shares = []
    for key, label in SENTIMENT.items():
        share, note = _below(ws, f"{label}占比")
        assert share == pytest.approx(counts[label] / n, abs=0.006), key  # whole percents
        assert note.startswith(f"{counts[label]:,} 条"), key
        shares.append(share)
    assert sum(shares) == pytest.approx(1.0)  # one label per review: they add up
    clauses = result.clauses
    holding = clauses.loc[clauses["polarity"] == "complaint", "review_id"].nunique()
    count, note = _below(ws, "含不满内容的评论")
    assert count == holding and note.startswith(f"占 {holding / n:.0%} ·")
    flagged = sum(r["高星但不满"] == "是" for r in review_rows)
    worse = sum(r["追评变差"] == "是" for r in review_rows)
    assert flagged != worse  # so that a swap shows
    assert _below(ws, "高星但内容有不满")[0] == flagged
    assert _below(ws, "追评变差")[0] == worse


def _cell_right(ws: Worksheet, row: int, col: int, titles: tuple[str, ...]) -> bool:
    return all(ws.cell(row=row, column=col + i).value == t for i, t in enumerate(titles))


def test_overview_sentiment_table_counts_the_review_sheet(book, review_rows):
    ws = book["概览"]
    cells = [c for row in ws.iter_rows() for c in row if c.value == "情感"]
    heads = [c for c in cells if _cell_right(ws, c.row, c.column, ("情感", "评论数", "占比"))]
    assert len(heads) == 1
    head = heads[0]
    counts = Counter(r["情感"] for r in review_rows)
    got = {
        ws.cell(row=head.row + i, column=head.column).value: (
            ws.cell(row=head.row + i, column=head.column + 1).value,
            ws.cell(row=head.row + i, column=head.column + 2).value,
        )
        for i in range(1, len(SENTIMENT) + 1)
    }
    assert set(got) == set(SENTIMENT.values())
    for label, (count, share) in got.items():
        assert count == counts[label], label
        assert share == pytest.approx(counts[label] / len(review_rows), abs=0.006), label
    assert sum(share for _, share in got.values()) == pytest.approx(1.0)


def _theme_counts(result: AnalysisResult, review_rows: list[dict[str, object]]) -> Counter:
    labels = result.themes[~result.themes["hidden"]]["label"].tolist()
    return Counter(label for r in review_rows for label in _split(r["主题"], labels))


def test_overview_top_complaint_themes_count_the_review_sheet(result, book, review_rows):
    ws = book["概览"]
    heads = [c for row in ws.iter_rows() for c in row if c.value == "含不满的评论"]
    assert len(heads) == 1
    counts = _theme_counts(result, review_rows)
    row, shown = heads[0].row + 1, 0
    while ws.cell(row=row, column=2).value:
        label = ws.cell(row=row, column=2).value
        assert ws.cell(row=row, column=heads[0].column).value == counts[label], label
        row, shown = row + 1, shown + 1
    assert shown == min(5, len(result.themes_of("complaint")))


@pytest.mark.parametrize(("sheet", "polarity"), [("差评标签", "complaint"), ("好评标签", "praise")])
def test_theme_sheets_count_the_review_sheet(result, book, review_rows, sheet, polarity):
    rows = _table(book[sheet], 4)
    counts = _theme_counts(result, review_rows)
    themes = result.themes_of(polarity)
    assert [r["标签"] for r in rows] == themes["label"].tolist()
    kind = "不满" if polarity == "complaint" else "夸奖"
    clauses = result.clauses
    holding = clauses.loc[clauses["polarity"] == polarity, "review_id"].nunique()
    per_theme = clauses.loc[clauses["theme"] != "", "theme"].value_counts()
    for row, (_, theme) in zip(rows, themes.iterrows(), strict=True):
        assert row[f"含{kind}的评论"] == counts[theme["label"]], theme["label"]
        assert row["分句数"] == per_theme[theme["key"]], theme["label"]
        assert row[f"占含{kind}评论"] == pytest.approx(counts[theme["label"]] / holding)
        assert row["分句数"] >= row[f"含{kind}的评论"]  # a review in a theme has a clause in it


def test_aspect_sheet_counts_the_clauses_and_the_review_sheet(result, book, review_rows):
    rows = {r["方面"]: r for r in _table(book["方面"], 4)}
    clauses = result.clauses.assign(aspect=result.clauses["aspects"].str.split(";"))
    clauses = clauses.explode("aspect")
    clauses = clauses[clauses["aspect"].fillna("") != ""]
    assert set(rows) == set(result.aspects["label_zh"])
    labels = list(rows)
    in_sheet = Counter(a for r in review_rows for a in _split(r["方面"], labels))
    for _, aspect in result.aspects.assign(label=result.aspects["label_zh"]).iterrows():
        row = rows[aspect["label"]]
        mine = clauses[clauses["aspect"] == aspect["key"]]
        polarity = mine["polarity"].value_counts()
        assert row["好评分句"] == polarity.get("praise", 0), aspect["label"]
        assert row["差评分句"] == polarity.get("complaint", 0), aspect["label"]
        assert row["中性分句"] == polarity.get("neutral", 0), aspect["label"]
        assert in_sheet[aspect["label"]] == mine["review_id"].nunique(), aspect["label"]
        rated = row["好评分句"] + row["差评分句"]
        if rated:
            assert row["差评率"] == pytest.approx(row["差评分句"] / rated), aspect["label"]


def test_sku_sheet_counts_the_review_sheet(book, review_rows):
    rows = _table(book["SKU"], 4)
    groups: dict[tuple[str, str], list[dict[str, object]]] = {}
    for r in review_rows:
        groups.setdefault((_text(r["商品"]), _text(r["SKU"])), []).append(r)
    assert {(r["商品"], r["SKU"]) for r in rows} == set(groups)
    for row in rows:
        mine = groups[(row["商品"], row["SKU"])]
        labels = Counter(r["情感"] for r in mine)
        assert row["评论数"] == len(mine)
        assert row["好评"] == labels["好评"]
        assert row["差评"] == labels["差评"]
        assert row["差评率"] == pytest.approx(labels["差评"] / len(mine))
        stars = [r["评分"] for r in mine if r["评分"] is not None]
        assert row["平均评分"] == round(sum(stars) / len(stars), 2)


def test_trend_sheet_counts_the_review_sheet(book, review_rows):
    rows = _table(book["趋势"], 4)
    months = Counter((f"{r['日期']:%Y-%m}", r["情感"]) for r in review_rows)
    totals = Counter(f"{r['日期']:%Y-%m}" for r in review_rows)
    assert [r["月份"] for r in rows] == sorted(totals)
    for row in rows:
        month = row["月份"]
        assert (row["好评"], row["差评"], row["褒贬都有"], row["中性"]) == tuple(
            months[(month, label)] for label in ("好评", "差评", "褒贬都有", "中性")
        ), month
        assert row["合计"] == totals[month]


def _risky(ws: Worksheet) -> list:
    cells = [c for row in ws.iter_rows() for c in row]
    return [c for c in cells if isinstance(c.value, str) and c.value.startswith(RISKY)]


def _risky_cells(path: Path) -> dict[str, list]:
    return {ws.title: _risky(ws) for ws in load_workbook(path).worksheets}


def test_formula_like_texts_on_every_sheet_are_stored_as_text(analysed):
    cells = _risky_cells(analysed[1])
    for sheet in ("评论明细", "删除的行", "SKU"):
        assert cells[sheet], sheet  # the export put such texts there
    for sheet, found in cells.items():
        for cell in found:
            assert cell.data_type == "s", (sheet, cell.coordinate, cell.value)


def test_formula_like_labels_and_quotes_on_summary_sheets_are_stored_as_text(tmp_path):
    """The summary sheets get such texts from theme labels, quotes, aspects, products, SKUs."""
    result = make_result()
    themes = result.themes
    for i in themes.index:
        themes.at[i, "label"] = f"={themes.at[i, 'label']}"
        themes.at[i, "quotes"] = ["=1+1", "@SUM(A1)", "-2"]
    result.aspects["label_zh"] = "=" + result.aspects["label_zh"]
    result.aspects["praise_quotes"] = [["=A1*2"]] * len(result.aspects)
    result.reviews["product"] = "=" + result.reviews["product"]
    result.reviews["sku"] = "+" + result.reviews["sku"]
    path = write_report(result, tmp_path / "r.xlsx", lang="zh", images=False)
    cells = _risky_cells(path)
    for sheet in ("概览", "差评标签", "好评标签", "方面", "SKU", "趋势"):
        assert any(c.value.startswith("=") for c in cells[sheet]), sheet
    for sheet, found in cells.items():
        for cell in found:
            assert cell.data_type == "s", (sheet, cell.coordinate, cell.value)
