"""Report sheet rules pinned after mutation testing (app/io/report/sheets.py): the SKU sheet's
titles, headers, widths, formats and colour scale in both languages.

Each test writes its own report: mutmut maps a function only to the test that first calls it,
so reports built once in a module fixture leave the other tests' checks out of its runs."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook

from app.io.report import facts
from app.io.report.excel import write_report
from tests.io.report_fixtures import make_result

ZH = ["商品", "SKU", "评论数", "平均评分", "好评", "差评", "差评率", "主要差评主题"]
EN = [
    "Product",
    "SKU",
    "Reviews",
    "Avg rating",
    "Praise",
    "Complaints",
    "Complaint rate",
    "Top complaint themes",
]


@pytest.fixture(scope="module")
def result():
    return make_result()


def _sku_sheet(result, path, lang):
    book = load_workbook(write_report(result, path, lang=lang, images=False))
    return book.worksheets[4]


@pytest.mark.parametrize(
    ("lang", "title", "headers", "note"),
    [
        (
            "zh",
            "各商品规格",
            ZH,
            f"差评率 = 差评评论 ÷ 评论数。评论少于 {facts.MIN_SKU_REVIEWS} 条",
        ),
        ("en", "Products and variants", EN, "Complaint rate = complaint reviews / reviews."),
    ],
)
def test_sku_sheet_headers_and_widths(result, tmp_path, lang, title, headers, note):
    ws = _sku_sheet(result, tmp_path / f"{lang}.xlsx", lang)
    assert ws["A1"].value == title
    assert ws["A2"].value.startswith(note)
    assert [c.value for c in ws[4]] == headers
    assert all(c.font.b for c in ws[4])
    widths = [ws.column_dimensions[c].width for c in "ABCDEFGH"]
    product, sku, *numbers, quote = widths  # text columns wide enough to read, figures narrow
    assert quote == max(widths) and min(product, sku) > max(numbers)
    assert all(6 <= w <= 12 for w in numbers)


def test_sku_sheet_rows_formats_and_colour_scale(result, tmp_path):
    ws = _sku_sheet(result, tmp_path / "zh.xlsx", "zh")
    last = ws.max_row
    rows = list(ws.iter_rows(min_row=5, max_row=last, values_only=True))
    assert len(rows) == result.reviews.groupby(["product", "sku"]).ngroups
    for row in rows:
        reviews, avg, praise, complaints, rate = row[2:7]
        assert isinstance(reviews, int) and isinstance(praise, int)
        assert rate == pytest.approx(complaints / reviews)
        assert avg == round(avg, 2) and 1 <= avg <= 5
    assert (ws["C5"].number_format, ws["D5"].number_format) == ("#,##0", "0.00")
    assert ws["G5"].number_format == "0.0%"
    assert ws.freeze_panes == "B5"
    assert ws.auto_filter.ref == f"A4:H{last}"
    (scale,) = list(ws.conditional_formatting)
    assert str(scale.sqref) == f"G5:G{last}"
    cfvo = scale.rules[0].colorScale.cfvo
    colors = [c.rgb[-6:] for c in scale.rules[0].colorScale.color]
    assert [(v.type, float(v.val)) for v in cfvo] == [("num", 0.0), ("num", 1.0)]
    assert colors == ["FFFFFF", "F1948A"]
