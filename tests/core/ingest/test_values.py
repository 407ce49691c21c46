from datetime import datetime

import pandas as pd
import pytest

from app.core.ingest.values import (
    clean_text,
    normalize_ids,
    parse_counts,
    parse_dates,
    parse_ratings,
    resolve_after,
)

REF = datetime(2024, 5, 1, 12, 0)


def ratings(values):
    return parse_ratings(pd.Series(values, dtype=object)).tolist()


@pytest.mark.parametrize(
    ("raw", "stars"),
    [
        ("1", 1), ("5", 5), ("4.0", 4), ("5分", 5), ("5星", 5), ("五星", 5), ("★★★★☆", 4),
        ("⭐⭐⭐", 3), ("⭐️⭐️", 2), ("好评", 5), ("中评", 3), ("差评", 1), ("正面评价", 5),
        ("中性", 3), ("负面评价", 1), ("满意", 5), ("一般", 3), ("不满意", 1), ("非常好", 5),
        ("好", 4), ("差", 2), ("非常差", 1), ("口味：非常好", 5), ("5.0 out of 5 stars", 5),
        ("2.0 out of 5 stars", 2), (" 3 ", 3),
    ],
)  # fmt: skip
def test_rating_forms(raw, stars):
    assert ratings([raw]) == [stars]


@pytest.mark.parametrize("raw", ["0", "6", "很多", "", None, "空", "☆☆☆☆☆"])
def test_non_ratings_are_missing(raw):
    assert ratings(["5", "4", "5", "3", "5", "1", raw]) == [5, 4, 5, 3, 5, 1, pd.NA]


def test_ten_point_scale_is_mapped_and_reported():
    result = parse_ratings(pd.Series(["10", "8", "6", "2", "9"]))
    assert result.tolist() == [5, 4, 3, 1, 5]
    assert result.attrs["scale"] == 10


def test_hundred_point_scale_is_mapped():
    result = parse_ratings(pd.Series(["100", "80", "60", "20"]))
    assert result.tolist() == [5, 4, 3, 1]
    assert result.attrs["scale"] == 100


def test_stray_number_does_not_rescale_a_five_star_column():
    result = parse_ratings(pd.Series(["5", "4", "5", "3", "5", "4", "1", "2", "5", "7"]))
    assert result.attrs["scale"] == 5
    assert result.tolist()[:9] == [5, 4, 5, 3, 5, 4, 1, 2, 5]
    assert result.isna().tolist()[-1]


def test_ratings_are_nullable_int():
    assert str(parse_ratings(pd.Series(["5", None])).dtype) == "Int64"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2018/6/28 16:16", "2018-06-28 16:16"),
        ("2019-02-20 16:13:00", "2019-02-20 16:13"),
        ("2024年1月15日 10:30", "2024-01-15 10:30"),
        ("2024年1月15日", "2024-01-15"),
        ("2024.01.15", "2024-01-15"),
        ("20240115", "2024-01-15"),
        ("45306", "2024-01-15"),
        ("45306.5", "2024-01-15 12:00"),
        ("January 15, 2024", "2024-01-15"),
        ("01 1, 2011", "2011-01-01"),
        ("15 Jan 2024", "2024-01-15"),
        ("Reviewed in the United States on March 3, 2023", "2023-03-03"),
        ("1/15/2024", "2024-01-15"),
        ("1705276800", "2024-01-15"),
        ("1705276800000", "2024-01-15"),
        ("2024-01-15T10:30:00+08:00", "2024-01-15 10:30"),
        ("20小时前", "2024-04-30 16:00"),
        ("3天前", "2024-04-28 12:00"),
        ("昨天", "2024-04-30 12:00"),
        ("昨天 09:15", "2024-04-30 09:15"),
        ("刚刚", "2024-05-01 12:00"),
        ("2周前", "2024-04-17 12:00"),
        ("3个月前", "2024-02-01 12:00"),
        ("2 days ago", "2024-04-29 12:00"),
    ],
)
def test_date_forms(raw, expected):
    assert parse_dates(pd.Series([raw]), reference=REF)[0] == pd.Timestamp(expected)


@pytest.mark.parametrize("raw", ["xx", "123", "99999999", "", None, "空", "-", "N/A"])
def test_non_dates_are_nat(raw):
    assert pd.isna(parse_dates(pd.Series([raw], dtype=object), reference=REF)[0])


def test_mixed_date_formats_in_one_column():
    s = pd.Series(["2019/2/20 16:13", "2019-01-23 13:11:51", "购买时间", None])
    out = parse_dates(s)
    assert out.tolist()[:2] == [
        pd.Timestamp("2019-02-20 16:13"),
        pd.Timestamp("2019-01-23 13:11:51"),
    ]
    assert out.isna().tolist()[2:] == [True, True]
    assert str(out.dtype) == "datetime64[ns]"


def test_relative_dates_default_to_now():
    out = parse_dates(pd.Series(["刚刚"]))[0]
    assert abs(pd.Timestamp.now() - out) < pd.Timedelta(minutes=1)


def test_resolve_after_base_date():
    base = pd.Series(pd.to_datetime(["2024-01-01"] * 7))
    s = pd.Series(["收货后5天", "5天后追评", "11", "当天追评", "2024-02-01", "空", "追评于3天后"])
    out = resolve_after(base, s).tolist()
    assert out[:5] == [
        pd.Timestamp("2024-01-06"),
        pd.Timestamp("2024-01-06"),
        pd.Timestamp("2024-01-12"),
        pd.Timestamp("2024-01-01"),
        pd.Timestamp("2024-02-01"),
    ]
    assert pd.isna(out[5])
    assert out[6] == pd.Timestamp("2024-01-04")


def test_ids_kept_exactly_and_scientific_flagged():
    ids, flagged = normalize_ids(
        pd.Series([" 1.03531E+12", "'1033386829695", '="456"', "空", None])
    )
    assert ids.tolist() == ["1.03531E+12", "1033386829695", "456", "", ""]
    assert flagged.tolist() == [True, False, False, False, False]


def test_long_order_numbers_keep_every_digit():
    ids, flagged = normalize_ids(pd.Series(["2718281828459045235"]))
    assert ids[0] == "2718281828459045235" and not flagged[0]


@pytest.mark.parametrize(
    "marker", ["", "空", "无", "-", "null", "NULL", "nan", "None", "N/A", "  "]
)
def test_null_markers(marker):
    assert clean_text(pd.Series([marker, None, " 好 "], dtype=object)).tolist() == ["", "", "好"]


def test_helpful_counts():
    s = pd.Series(
        ["12", "1,234", "12 people found this helpful", "One person found this helpful", ""]
    )
    assert parse_counts(s).tolist() == [12, 1234, 12, 1, pd.NA]
