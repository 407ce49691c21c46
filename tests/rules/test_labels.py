"""A review's overall label and its flags: what the stars decide and what the text decides.

The rule (app.core.sentiment.model.review_label / rating_labels): 1–2★ are complaints and 4–5★ praise
whatever the text says; a 3★ review and one without stars are judged by their text. 高星但不满
(rating_text_mismatch) is a 4–5★ review whose own text holds a clear complaint; 追评变差
(got_worse) is a review praised first (by stars, or by its text when unrated) whose 追评 is a
complaint.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from app.core.ingest.ledger import build_import
from app.core.ingest.raw_table import RawTable
from app.core.pipeline import AnalysisConfig, run_analysis
from app.core.sentiment.model import COMPLAINT, NEUTRAL, PRAISE, flags, rating_labels, review_label

PRAISE_TEXT = "质量很好，穿着舒服，很满意"
COMPLAINT_TEXT = "太差了，用两天就坏了，很失望"
PLAIN_TEXT = "昨天收到的"

# (text, stars, 追评) of an invented shop; each row is one branch of the rule.
ROWS = {
    "3_praise": ("面料柔软，做工精细，很喜欢", "3", ""),
    "3_complaint": ("做工粗糙，线头很多，很失望", "3", ""),
    "3_plain": ("给家里人买的", "3", ""),
    "1_praise_text": ("很好，满意，推荐购买", "1", ""),
    "2_praise_text": ("颜色好看，物流很快", "2", ""),
    "4_complaint_text": ("太差了，拉链用两天就坏了", "4", ""),
    "5_complaint_text": ("质量太差了，洗一次就掉色，很失望", "5", ""),
    "5_praise": ("尺码合适，穿着舒服", "5", ""),
    "3_clear_complaint": ("太差了，鞋底用两天就坏了", "3", ""),
    "1_clear_complaint": ("太差了，开关用两天就坏了，很失望", "1", ""),
    "none_praise": ("包装精美，质量很好，很满意", "", ""),
    "none_complaint": ("客服态度太差，很失望", "", ""),
    "5_got_worse": ("质量很好，穿着舒服", "5", "洗了一次就掉色了，很失望"),
    "5_plain_followup": ("做工不错，很满意", "5", "用了一个月了"),
    # scores low (−0.74) without an opinion word: judged neutral, so no 追评变差
    "5_quiet_followup": ("款式新颖，很满意", "5", "后来又联系了客服"),
    "1_bad_followup": ("太差了，用两天就坏了", "1", "后来彻底坏了，很失望"),
    "none_got_worse": ("物流很快，质量很好，很满意", "", "穿了一周就开线了，很失望"),
}


@pytest.fixture(scope="module")
def reviews() -> pd.DataFrame:
    """The real pipeline's per-review table, indexed by the case names above."""
    frame = pd.DataFrame(
        [{"评价内容": t, "评分": s, "追评": f} for t, s, f in ROWS.values()]
    ).astype(object)
    table = RawTable("shop.csv", frame, list(range(2, len(ROWS) + 2)), "csv", encoding="utf-8")
    result = run_analysis(
        build_import([table], saved_mappings=False), AnalysisConfig(adapt_to_ratings=False)
    )
    by_text = result.reviews.set_index("text")
    return by_text.loc[[t for t, _, _ in ROWS.values()]].set_axis(list(ROWS))


def test_the_text_alone_reads_these_texts_as_intended(reviews):
    """The premise of the tests below: the model hears these invented texts as written."""
    text = reviews["text_sentiment"]
    for case in ("3_praise", "1_praise_text", "2_praise_text", "none_praise", "5_praise"):
        assert text[case] == PRAISE, case
    for case in ("3_complaint", "4_complaint_text", "5_complaint_text", "none_complaint"):
        assert text[case] == COMPLAINT, case
    assert text["3_plain"] == NEUTRAL
    clear = reviews["sentiment_score"] <= -0.5  # clear enough to flag at 4–5★
    for case in ("3_clear_complaint", "1_clear_complaint", "4_complaint_text", "5_complaint_text"):
        assert clear[case], case


def test_three_stars_are_judged_by_the_text(reviews):
    assert reviews.at["3_praise", "sentiment"] == PRAISE
    assert reviews.at["3_complaint", "sentiment"] == COMPLAINT
    assert reviews.at["3_plain", "sentiment"] == NEUTRAL


def test_one_and_two_stars_are_complaints_whatever_the_text(reviews):
    assert reviews.at["1_praise_text", "sentiment"] == COMPLAINT
    assert reviews.at["2_praise_text", "sentiment"] == COMPLAINT


def test_four_and_five_stars_are_praise_whatever_the_text(reviews):
    assert reviews.at["4_complaint_text", "sentiment"] == PRAISE
    assert reviews.at["5_complaint_text", "sentiment"] == PRAISE


def test_reviews_without_stars_are_judged_by_the_text(reviews):
    assert reviews.at["none_praise", "sentiment"] == PRAISE
    assert reviews.at["none_complaint", "sentiment"] == COMPLAINT


def test_high_stars_unhappy_is_four_or_five_stars_with_a_clear_complaint(reviews):
    flagged = reviews["rating_text_mismatch"].astype(bool)
    assert flagged["4_complaint_text"] and flagged["5_complaint_text"]
    assert not flagged["5_praise"]
    assert not flagged["3_clear_complaint"]  # 3★ is no high rating
    assert not flagged["1_clear_complaint"]  # a complaint that says so with its stars
    assert not flagged["none_complaint"]  # no stars: nothing to contradict
    assert set(flagged[flagged].index) == {"4_complaint_text", "5_complaint_text"}


def test_got_worse_is_praise_first_and_a_complaining_followup(reviews):
    worse = reviews["got_worse"].astype(bool)
    assert worse["5_got_worse"]
    assert worse["none_got_worse"]  # unrated, praised by its text
    assert not worse["5_plain_followup"]  # the 追评 says nothing bad
    assert reviews.at["5_quiet_followup", "followup_sentiment"] == NEUTRAL
    assert not worse["5_quiet_followup"]  # a low score alone is no complaint
    assert not worse["1_bad_followup"]  # it was a complaint from the start
    assert set(worse[worse].index) == {"5_got_worse", "none_got_worse"}


def test_rating_labels_every_star():
    out = rating_labels([1, 2, 3, 4, 5, None, np.nan, 2.5, 3.5])
    assert list(out) == [COMPLAINT, COMPLAINT, "", PRAISE, PRAISE, "", "", "", ""]


def test_review_label_every_branch():
    text = [PRAISE, COMPLAINT, NEUTRAL, PRAISE, COMPLAINT, PRAISE, COMPLAINT, NEUTRAL]
    stars = [3, 3, 3, 1, 5, 2, 4, None]
    assert list(review_label(text, stars)) == [
        PRAISE,
        COMPLAINT,
        NEUTRAL,
        COMPLAINT,
        PRAISE,
        COMPLAINT,
        PRAISE,
        NEUTRAL,
    ]


def test_flags_thresholds_by_stars():
    stars = [4, 5, 3, 2, 5, None, None, 1]
    scores = np.array([-0.5, 0.9, -0.9, -0.9, -0.49, 0.9, 0.2, 0.9])
    follow = np.array([np.nan, -0.5, np.nan, np.nan, np.nan, -0.9, -0.9, -0.9])
    out = flags(stars, scores, followup_scores=follow)
    # a score of exactly −0.5 is a clear complaint; −0.49 is not
    assert out["high_stars_unhappy"].tolist() == [
        True,
        False,
        False,
        False,
        False,
        False,
        False,
        False,
    ]
    # praised by 5★, or unrated with clearly praising text; not unrated lukewarm, not 1★
    assert out["got_worse"].tolist() == [False, True, False, False, False, True, False, False]
