"""ReviewFilter → boolean mask over hand-written reviews and clauses (no Qt)."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from app.core.reviews.filter import ReviewFilter, matching_clauses, review_mask, search_words


def frames() -> tuple[pd.DataFrame, pd.DataFrame]:
    reviews = pd.DataFrame(
        {
            "text": [
                "物流很快，质量好",
                "尺码偏小，物流慢",
                "颜色好看",
                "质量差，客服不理人",
                None,
            ],
            "followup_text": ["", "后来掉色了", "", "", "洗了就起球"],
            "rating": pd.array([5, 2, 4, 5, pd.NA], dtype="Int64"),
            "date": pd.to_datetime(
                [
                    "2024-05-01 10:00",
                    "2024-05-31 23:59",
                    "2024-06-01 00:00",
                    None,
                    "2024-06-10 08:00",
                ]
            ),
            "product": ["T恤", "T恤", "杯子", "T恤", "杯子"],
            "sku": ["白色;M", "黑色;L", "奶白", "白色;M", None],
            "sentiment": ["praise", "complaint", "praise", "praise", "complaint"],
            "rating_text_mismatch": [False, False, False, True, False],
            "got_worse": [False, False, False, False, True],
        },
        index=pd.Index([10, 11, 12, 13, 14], name="review_id"),
    )
    clauses = pd.DataFrame(
        {
            "review_id": [10, 10, 11, 11, 12, 13, 13, 14],
            "clause": ["物流很快", "质量好", "尺码偏小", "物流慢", "颜色好看", "质量差", "客服不理人", "洗了就起球"],
            "polarity": ["praise", "praise", "complaint", "complaint", "praise", "complaint", "complaint", "complaint"],
            "aspects": ["logistics", "quality", "size", "logistics", "appearance", "quality", "service", "quality"],
            "theme": ["p:物流", "p:质量", "c:尺码", "c:物流", "", "c:质量", "", "c:质量"],
        }
    )  # fmt: skip
    return reviews, clauses


def ids(flt: ReviewFilter) -> list[int]:
    reviews, clauses = frames()
    return reviews.index[review_mask(reviews, clauses, flt)].tolist()


def test_empty_filter_keeps_everything():
    assert ids(ReviewFilter()) == [10, 11, 12, 13, 14]
    assert ReviewFilter().is_empty and not ReviewFilter(text="x").is_empty


def test_review_level_conditions():
    assert ids(ReviewFilter(sentiment="complaint")) == [11, 14]
    assert ids(ReviewFilter(ratings=frozenset({4, 5}))) == [10, 12, 13]
    assert ids(ReviewFilter(product="T恤", sku="白色;M")) == [10, 13]
    assert ids(ReviewFilter(high_stars_unhappy=True)) == [13]
    assert ids(ReviewFilter(got_worse=True)) == [14]


def test_dates_are_inclusive_whole_days_and_skip_missing():
    assert ids(ReviewFilter(date_from=date(2024, 5, 1), date_to=date(2024, 5, 31))) == [10, 11]
    assert ids(ReviewFilter(date_from=date(2024, 6, 1))) == [12, 14]


def test_search_words_all_must_match_in_text_or_followup():
    assert search_words(" 物流，慢  ") == ["物流", "慢"]
    assert ids(ReviewFilter(text="物流")) == [10, 11]
    assert ids(ReviewFilter(text="物流 慢")) == [11]
    assert ids(ReviewFilter(text="掉色")) == [11]
    assert ids(ReviewFilter(text="起球")) == [14]  # missing main text is fine


def test_clause_conditions_hold_for_the_same_clause():
    assert ids(ReviewFilter(theme="c:质量")) == [13, 14]
    assert ids(ReviewFilter(aspect="logistics")) == [10, 11]
    assert ids(ReviewFilter(aspect="logistics", clause_polarity="complaint")) == [11]
    assert ids(ReviewFilter(aspect="quality", clause_polarity="praise")) == [10]
    assert ids(ReviewFilter(theme="c:质量", sentiment="praise")) == [13]


def test_matching_clauses_for_highlighting():
    _reviews, clauses = frames()
    flt = ReviewFilter(aspect="logistics", clause_polarity="complaint")
    assert matching_clauses(clauses, 11, flt) == ["物流慢"]
    assert matching_clauses(clauses, 11, ReviewFilter(text="物流")) == []


def test_mask_is_a_plain_boolean_array():
    reviews, clauses = frames()
    mask = review_mask(reviews, clauses, ReviewFilter(sentiment="praise"))
    assert isinstance(mask, np.ndarray) and mask.dtype == bool and len(mask) == len(reviews)
