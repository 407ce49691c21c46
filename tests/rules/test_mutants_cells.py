"""Cell text rules pinned after mutation testing (app/io/readers/cells.py): what a user sees in a cell."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pandas as pd
import pytest

from app.io.readers.cells import (
    column_text,
    float_text,
    formula_positions,
    frame_from_columns,
    frame_from_rows,
    is_blank,
    to_text,
    trailing_blank_count,
)


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (5.0, "5"),
        (-3.0, "-3"),
        (4.5, "4.5"),
        (1035310000000.0, "1035310000000"),
        (1e15, "1000000000000000"),
        (-1e15, "-1000000000000000"),
        (123456789012345680.0, "123456789012345680"),
        (float("nan"), "nan"),
        (float("inf"), "inf"),
        (float("-inf"), "-inf"),
    ],
)
def test_float_text_shows_whole_numbers_without_decimals(value, text):
    assert float_text(value) == text


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (None, None),
        ("", None),
        ("好评", "好评"),
        (5.0, "5"),
        (2.5, "2.5"),
        (1e16, "10000000000000000"),
        (-1e16, "-10000000000000000"),
        (True, "TRUE"),
        (False, "FALSE"),
        (7, "7"),
        (0, "0"),
        (dt.datetime(2024, 3, 1, 8, 5, 9), "2024-03-01 08:05:09"),
        (dt.datetime(2024, 3, 1, 8, 5, 9, 600_000), "2024-03-01 08:05:10"),
        (dt.datetime(2024, 3, 1, 8, 5, 9, 400_000), "2024-03-01 08:05:09"),
        (dt.datetime(2024, 3, 1, 8, 5, 9, 499_999), "2024-03-01 08:05:09"),
        (dt.datetime(2024, 3, 1, 8, 5, 9, 500_000), "2024-03-01 08:05:10"),
        (dt.date(2024, 3, 1), "2024-03-01"),
        (dt.time(8, 5), "08:05:00"),
        (Decimal("1.50"), "1.50"),
    ],
)
def test_to_text_is_what_the_spreadsheet_shows(value, text):
    assert to_text(value) == text


def test_column_text_fast_paths_match_cell_by_cell():
    stamps = [dt.datetime(2024, 1, 2, 3, 4, 5), dt.datetime(2024, 1, 2, 3, 4, 5, 700_000), ""]
    assert column_text(stamps) == ["2024-01-02 03:04:05", "2024-01-02 03:04:06", None]
    assert column_text([dt.datetime(2024, 1, 2)]) == ["2024-01-02 00:00:00"]
    assert column_text(["a", 1e16, 3.0, ""]) == ["a", "10000000000000000", "3", None]
    assert column_text([True, "", 2, None]) == ["TRUE", None, "2", None]
    assert column_text(["x", ""]) == ["x", None]


def test_blank_rows_are_spaces_or_empty_only():
    assert is_blank([None, "  ", "\t"])
    assert not is_blank([None, 0])
    assert not is_blank([" x "])
    assert trailing_blank_count([["a"], [None], [""], ["  "]]) == 3
    assert trailing_blank_count([["a"], [None], ["b"], [None]]) == 1
    assert trailing_blank_count([["a"]]) == 0


def test_frame_from_rows_pads_short_rows_and_cuts_extra_cells():
    frame = frame_from_rows(["a", "b", "c"], [["1"], ["2", "3", "4", "extra"]])
    assert list(frame.columns) == ["a", "b", "c"]
    assert frame["a"].tolist() == ["1", "2"]
    assert frame["b"].isna().tolist() == [True, False]
    assert frame["c"].iloc[1] == "4"
    empty = frame_from_rows(["a", "b"], [])
    assert list(empty.columns) == ["a", "b"] and len(empty) == 0
    assert all(pd.api.types.is_string_dtype(empty[c]) for c in empty.columns)


def test_frame_from_columns_keeps_text_and_rejects_a_missing_column():
    frame = frame_from_columns(["id", "text"], [["007", None], ["好", "差"]])
    assert frame["id"].tolist()[0] == "007"
    assert frame["id"].isna().tolist() == [False, True]
    assert isinstance(frame["id"].dtype, pd.StringDtype)
    blank = frame_from_columns(["x"], [[None, None]])
    assert isinstance(blank["x"].dtype, pd.StringDtype) and blank["x"].isna().all()
    with pytest.raises(ValueError):
        frame_from_columns(["id", "text"], [["1"]])


def test_formula_positions_finds_every_risky_start():
    values = ["=1+1", "ok", "+86", "-5", "@x", "\tx", "\rx", "fine", None, "a=b"]
    assert formula_positions(values) == [0, 2, 3, 4, 5, 6]
    assert formula_positions(["ok", "=SUM(A1)"]) == [1]
    assert formula_positions(["-1", "-2"]) == [0, 1]
    assert formula_positions(["a\x00=b", "=c"]) == [1]
    assert formula_positions([]) == []
    assert formula_positions(["a", "=", "b", "+"]) == [1, 3]  # one-character values
    assert formula_positions(["", "=x"]) == [1]  # an empty first value
