"""The review browser's xlsx export keeps formula-like text as text (checked by cell type)."""

from __future__ import annotations

import pandas as pd
from openpyxl import load_workbook

from app.gui.models.row_export import export_rows

RISKY = ['=HYPERLINK("http://x","点我")', "=1+1", "+86 联系我", "-_- 做工粗糙", "@客服 太慢了"]


def test_formula_like_texts_are_stored_as_text(tmp_path):
    frame = pd.DataFrame(
        {
            "评论": [*RISKY, "质量很好"],
            "情感": ["差评", "差评", "差评", "差评", "差评", "好评"],
            "商品": ["=雪纺连衣裙", "纯棉T恤", "纯棉T恤", "纯棉T恤", "纯棉T恤", "纯棉T恤"],
            "评分": [1, 2, 2, 1, 3, 5],
        }
    )
    path = export_rows(frame, tmp_path / "筛选的评论.xlsx")
    ws = load_workbook(path).active
    rows = list(ws.iter_rows(min_row=2))
    assert len(rows) == len(frame)
    texts = [row[0] for row in rows]
    assert [c.value for c in texts] == frame["评论"].tolist()
    for cell in [*texts, rows[0][2]]:
        assert cell.data_type == "s", (cell.coordinate, cell.value)
    assert [row[3].value for row in rows] == [1, 2, 2, 1, 3, 5]  # numbers stay numbers
    assert rows[0][3].data_type == "n"
