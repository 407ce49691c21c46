"""Ingest rules pinned after mutation testing (app/core/ingest/cleaning.py and dates.py):
placeholders, entities, dates without a year, relative dates and follow-up offsets."""

from __future__ import annotations

from datetime import datetime

import pandas as pd
import pytest

from app.core.ingest.cleaning import (
    PLACEHOLDER_MAX_LEN,
    analysis_texts,
    is_placeholder,
    text_status,
    unescape,
)
from app.core.ingest.dates import EARLIEST, LATEST, parse_dates, resolve_after


def test_placeholder_length_limit_is_inclusive():
    text = "此用户没有填写评价"
    padded = text + "。" * (PLACEHOLDER_MAX_LEN - len(text))
    assert len(padded) == PLACEHOLDER_MAX_LEN
    assert is_placeholder(padded)
    assert not is_placeholder(padded + "。")


def test_analysis_text_and_status_per_review():
    texts = pd.Series(["好好好好好好用", "此用户没有填写评价。", "", "!!!"], dtype=object)
    assert analysis_texts(texts).tolist() == ["好好好用", "", "", ""]
    assert text_status(texts).tolist() == ["", "placeholder", "empty", "punctuation_only"]


def test_unknown_entities_stay_as_written():
    assert unescape("&foo; &amp; AT&T &hellip;") == "&foo; & AT&T …"


REF = datetime(2024, 3, 10, 12, 0, 0)


def _dates(values: list[str], reference: datetime = REF) -> list[str]:
    parsed = parse_dates(
        pd.Series(values, dtype=object, index=range(10, 10 + len(values))), reference
    )
    assert list(parsed.index) == list(range(10, 10 + len(values)))
    return ["" if pd.isna(v) else v.isoformat(sep=" ") for v in parsed]


def test_dates_without_a_year_take_the_latest_year_not_after_the_reference():
    assert _dates(["03-10 12:00", "03-10 12:01", "1月5日", "12-31 23:59:58", "02-30", "好"]) == [
        "2024-03-10 12:00:00",
        "2023-03-10 12:01:00",
        "2024-01-05 00:00:00",
        "2023-12-31 23:59:58",
        "",
        "",
    ]


def test_relative_dates_in_any_case():
    assert _dates(["A day ago", "2 DAYS AGO", "Yesterday 08:30", "TODAY", "半年前"]) == [
        "2024-03-09 12:00:00",
        "2024-03-08 12:00:00",
        "2024-03-09 08:30:00",
        "2024-03-10 12:00:00",
        "2023-09-10 12:00:00",
    ]


def test_relative_dates_on_the_edges_of_the_date_window_are_kept():
    assert _dates(["昨天", "3天前"], datetime(1900, 1, 2)) == ["1900-01-01 00:00:00", ""]
    assert _dates(["3天前"], datetime(1900, 1, 4)) == ["1900-01-01 00:00:00"]
    assert _dates(["前天", "昨天 10:00"], datetime(1900, 1, 1, 12)) == ["", ""]
    assert _dates(["刚刚", "0秒前"], LATEST.to_pydatetime()) == [
        "2100-12-31 23:59:59",
        "2100-12-31 23:59:59",
    ]
    assert pd.Timestamp("1900-01-01") == EARLIEST


def _after(values: list[str], base: str = "2024-01-01") -> list[str]:
    index = range(20, 20 + len(values))
    bases = pd.Series(pd.Timestamp(base), index=index)
    out = resolve_after(bases, pd.Series(values, index=index, dtype=object))
    assert list(out.index) == list(index)
    return ["" if pd.isna(v) else v.strftime("%Y-%m-%d") for v in out]


def test_follow_up_offsets_in_each_unit():
    values = [
        "当日",
        "0",
        "当天追评",
        "2日后",
        "1周后",
        "2星期后",
        "1个月后",
        "2月后",
        "三天后",
        "11",
    ]
    assert _after(values) == [
        "2024-01-01",
        "2024-01-01",
        "2024-01-01",
        "2024-01-03",
        "2024-01-08",
        "2024-01-15",
        "2024-01-31",
        "2024-03-01",
        "2024-01-04",
        "2024-01-12",
    ]


def test_follow_up_offsets_longer_than_a_century_are_not_offsets():
    assert _after(["36600天后", "36601天后"], base="1950-01-01") == ["2050-03-17", ""]


@pytest.mark.parametrize("text", ["2024-02-03", "2024/2/3 10:00"])
def test_follow_up_given_as_a_date_is_that_date(text):
    assert _after([text]) == ["2024-02-03"]
