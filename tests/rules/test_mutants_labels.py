"""Review label and flag rules pinned after mutation testing (app/core/sentiment/model.py:
rating_labels, review_label, flags): star bands and the "clear" thresholds, edges included."""

from __future__ import annotations

import numpy as np
import pandas as pd

from app.core.reviews.labels import export_columns, join_theme_labels
from app.core.sentiment.model import CLEAR, COMPLAINT, PRAISE, flags, rating_labels, review_label


def test_star_bands_edges_and_missing_stars():
    ratings = [1, 2, 2.5, 3, 3.5, 4, 5, None, float("nan")]
    assert rating_labels(ratings).tolist() == [
        COMPLAINT,
        COMPLAINT,
        "",
        "",
        "",
        PRAISE,
        PRAISE,
        "",
        "",
    ]
    assert rating_labels(np.array([[1.0], [5.0]])).tolist() == [COMPLAINT, PRAISE]


def test_stars_decide_the_label_unless_they_are_missing_or_three():
    text = ["neutral", "praise", "complaint", "praise"]
    assert review_label(text, [1, 3, 5, None]).tolist() == [COMPLAINT, "praise", PRAISE, "praise"]
    no_stars = review_label(text, None)
    assert no_stars.tolist() == text
    no_stars[0] = "changed"
    assert text[0] == "neutral"


def _flags(ratings, scores, owner=None, clause_scores=None, follow=None):
    out = flags(ratings, np.array(scores, dtype=float), owner, clause_scores, follow)
    return out["high_stars_unhappy"].tolist(), out["got_worse"].tolist()


def test_high_stars_unhappy_at_exactly_the_clear_threshold():
    unhappy, worse = _flags([5, 5, 4, 3, 2], [-CLEAR, -CLEAR + 0.01, -0.9, -0.9, -0.9])
    assert unhappy == [True, False, True, False, False]
    assert worse == [False] * 5


def test_one_clearly_unhappy_clause_flags_a_happy_five_star_review():
    owner = np.array([0, 0, 1, 2])
    clauses = np.array([0.8, -CLEAR, -0.4, -0.9])
    unhappy, _ = _flags([5, 5, None], [0.9, 0.9, 0.9], owner, clauses)
    assert unhappy == [True, False, False]
    unhappy, _ = _flags([5], [0.9], np.array([], dtype=int), np.array([]))
    assert unhappy == [False]
    unhappy, _ = _flags(None, [-0.9])
    assert unhappy == [False]


def test_got_worse_needs_praise_then_a_clear_complaint_in_the_follow_up():
    ratings = [5, None, None, 1, 5, 5, 3]
    scores = [0.0, CLEAR, CLEAR - 0.01, 0.9, 0.9, 0.9, 0.9]
    follow = [-CLEAR, -0.9, -0.9, -0.9, -CLEAR + 0.01, np.nan, -0.9]
    _, worse = _flags(ratings, scores, follow=follow)
    assert worse == [True, True, False, False, False, False, True]  # 3★: the text decides
    _, worse = _flags(None, [0.9, 0.2], follow=[-0.9, -0.9])
    assert worse == [True, False]


def test_export_csv_analysis_columns_are_text_and_empty_for_dropped_rows():
    reviews = pd.DataFrame(
        {
            "sentiment": ["praise", "complaint"],
            "text_sentiment": ["praise", None],
            "aspects": ["质量", None],
            "themes": [None, "物流"],
            "sentiment_score": [0.91234, -0.5],
            "clause_count": [3, 0],
            "rating_text_mismatch": [True, False],
        },
        index=pd.Index([7, 8], name="review_id"),
    )
    ids = pd.Series([8, 99, 7], index=[100, 101, 102])  # 99: a dropped row, no review
    out = export_columns(reviews, ids)
    assert list(out.index) == [100, 101, 102]
    assert out.to_dict("list") == {
        "sentiment": ["complaint", "", "praise"],
        "text_sentiment": ["", "", "praise"],
        "aspects": ["", "", "质量"],
        "themes": ["物流", "", ""],
        "sentiment_score": ["-0.500", "", "0.912"],
        "clause_count": ["0", "", "3"],
        "rating_text_mismatch": ["0", "", "1"],
    }


def test_flags_are_boolean_masks_even_without_follow_ups_or_clause_scores():
    out = flags([5, 5], np.array([-0.9, 0.9]), np.array([0, 1]), None)
    assert out["high_stars_unhappy"].tolist() == [True, False]  # the review's own score counts
    assert out["got_worse"].dtype == bool and out["high_stars_unhappy"].dtype == bool
    assert not out["got_worse"].any()


def test_theme_labels_per_review_each_once_in_order_of_first_mention():
    clauses = pd.DataFrame(
        {
            "review_id": [0, 5, 5, 3, 5, 3, 7, 6],
            "theme": ["a", "a", "b", "b", "a", None, "h", "a"],
        }
    )
    themes = pd.DataFrame(
        {"key": ["a", "b", "h"], "label": ["物流", "质量", "隐藏"], "hidden": [False, False, True]}
    )
    joined = join_theme_labels(clauses, themes)
    assert joined.to_dict() == {0: "物流", 3: "质量", 5: "物流;质量", 6: "物流"}


def test_theme_labels_keep_the_order_of_many_clauses():
    keys = [f"k{i}" for i in range(30)]
    clauses = pd.DataFrame({"review_id": [2, 1] * 30, "theme": keys + keys[::-1]})
    themes = pd.DataFrame({"key": keys, "label": keys, "hidden": [False] * 30})
    joined = join_theme_labels(clauses, themes)
    assert joined[2] == ";".join(keys[0::2] + keys[::-1][0::2])
    assert joined[1] == ";".join(keys[1::2] + keys[::-1][1::2])
