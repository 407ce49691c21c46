"""The review table model: Qt's model contract, filtering and sorting, a million rows."""

from __future__ import annotations

import numpy as np
import pandas as pd
from PySide6.QtCore import Qt

from app.core.reviews.filter import ReviewFilter, review_mask
from app.gui.models.review_table import COLUMNS, ReviewTableModel


def synthetic_reviews(n: int, seed: int = 0) -> pd.DataFrame:
    """``n`` reviews with the columns of ``AnalysisResult.reviews`` (built without loops)."""
    rng = np.random.default_rng(seed)
    texts = np.array(
        ["物流很快，质量好", "尺码偏小，物流慢", "颜色好看", "质量差，客服不理人"], dtype=object
    )
    sentiments = np.array(["praise", "complaint", "praise", "complaint"], dtype=object)
    pick = rng.integers(0, len(texts), n)
    rating = pd.array(rng.integers(1, 6, n), dtype="Int64")
    rating[::97] = pd.NA
    return pd.DataFrame(
        {
            "text": texts[pick],
            "followup_text": np.where(pick == 1, "后来掉色了", ""),
            "rating": rating,
            "date": pd.Timestamp("2024-01-01") + pd.to_timedelta(rng.integers(0, 300, n), unit="D"),
            "product": np.where(pick % 2 == 0, "T恤", "杯子"),
            "sku": np.where(pick == 2, "白色;M", "黑色;L"),
            "source_file": "C:/导出/评价.csv",
            "source_row": np.arange(n, dtype=np.int64) + 2,
            "sentiment": sentiments[pick],
            "themes": np.where(pick == 1, "尺码偏小;物流慢", ""),
            "aspects": np.where(pick == 1, "尺码/大小;物流/配送", ""),
            "rating_text_mismatch": pick == 3,
            "got_worse": False,
        },
        index=pd.Index(np.arange(n, dtype=np.int64) + 100, name="review_id"),
    )  # fmt: skip


def test_model_passes_qt_model_tester(qtmodeltester):
    model = ReviewTableModel(synthetic_reviews(50))
    qtmodeltester.check(model)
    model.sort(3, Qt.SortOrder.DescendingOrder)
    model.set_mask(np.arange(50) % 3 == 0)
    qtmodeltester.check(model)


def test_cells_tooltips_and_colours():
    reviews = synthetic_reviews(20)
    model = ReviewTableModel(reviews)
    assert model.columnCount() == len(COLUMNS) == 11
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(11)]
    assert headers[:3] == ["评价内容", "追评", "判断"] and headers[-2:] == ["来源文件", "行号"]
    row = 0
    assert model.data(model.index(row, 0)) == reviews["text"].iloc[0]
    assert model.data(model.index(row, 2)) in ("好评", "差评")
    assert model.data(model.index(row, 2), Qt.ItemDataRole.ForegroundRole) is not None
    assert model.data(model.index(row, 9)) == "评价.csv"
    assert model.data(model.index(row, 9), Qt.ItemDataRole.ToolTipRole) == "C:/导出/评价.csv"
    assert model.data(model.index(row, 10)) == "2"
    assert model.review_id(row) == 100


def test_sort_keeps_the_filter_and_missing_values_last():
    model = ReviewTableModel(synthetic_reviews(300))
    model.set_mask(np.arange(300) % 2 == 0)
    model.sort(3, Qt.SortOrder.AscendingOrder)
    assert model.rowCount() == 150
    stars = [model.data(model.index(r, 3)) for r in range(model.rowCount())]
    known = [int(s) for s in stars if s]
    assert known == sorted(known) and stars[-1] == ""
    assert all(model.position(r) % 2 == 0 for r in range(model.rowCount()))


def test_a_million_rows_construct_filter_and_sort(qtbot):
    reviews = synthetic_reviews(1_000_000)
    model = ReviewTableModel(reviews)
    assert model.rowCount() == 1_000_000
    mask = review_mask(reviews, None, ReviewFilter(sentiment="complaint", text="物流"))
    model.set_mask(mask)
    expected = int(
        ((reviews["sentiment"] == "complaint") & reviews["text"].str.contains("物流")).sum()
    )
    assert model.rowCount() == expected > 0
    with qtbot.waitSignal(model.sortFinished, timeout=30000):  # big: sorted in a worker
        model.sort(4, Qt.SortOrder.DescendingOrder)
    first, last = model.data(model.index(0, 4)), model.data(model.index(expected - 1, 4))
    assert first >= last
    assert len(model.export_frame()) == expected


def test_big_tables_sort_in_a_worker_with_the_same_order(qtbot, monkeypatch):
    reviews = synthetic_reviews(3000, seed=3)
    expected = {}
    for column in (0, 2, 4, 9):
        model = ReviewTableModel(reviews)
        model.sort(column, Qt.SortOrder.AscendingOrder)  # small: at once
        expected[column] = model.visible_positions()
    monkeypatch.setattr("app.gui.models.review_table.ASYNC_SORT_ROWS", 1000)
    model = ReviewTableModel(reviews)
    model.set_mask(np.arange(3000) % 3 != 0)
    for column, order in expected.items():
        with qtbot.waitSignal(model.sortStarted), qtbot.waitSignal(model.sortFinished):
            model.sort(column, Qt.SortOrder.AscendingOrder)
        assert not model.is_sorting()
        np.testing.assert_array_equal(model.visible_positions(), order[order % 3 != 0])
    texts = [model.data(model.index(r, 0)) for r in range(model.rowCount())]
    with qtbot.assertNotEmitted(model.sortStarted):  # cached: at once
        model.sort(0, Qt.SortOrder.AscendingOrder)
    assert [model.data(model.index(r, 0)) for r in range(model.rowCount())] != texts
