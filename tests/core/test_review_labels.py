"""Per-review flags and the summary counts, as a shop owner would check them."""

from __future__ import annotations

import pandas as pd
import pytest

from app.cli_analyze import print_analysis
from app.core import i18n
from app.core.charts.data import result_figure, theme_frame
from app.core.ingest.ledger import build_import
from app.core.ingest.raw_table import RawTable
from app.core.pipeline import AnalysisConfig, run_analysis
from app.core.reviews.labels import clear_complaints, review_summary
from tests.io.report_fixtures import make_result

# Invented reviews: (text, stars, 追评)
ROWS = [
    ("物流很快，但是质量太差了，用两天就坏了", "5", ""),
    ("很好，满意", "5", ""),
    ("外观不错，就是电池不耐用", "5", ""),
    ("本来担心尺码不合适，穿上刚好很满意", "5", ""),
    ("质量很好，穿着舒服", "5", "洗了一次就掉色了，很失望"),
    ("质量很好，穿着舒服", "5", "用了一个月了"),
    ("太差了，用两天就坏了，很失望", "1", ""),
]


def _result(rows, *, stars: bool = True):
    frame = pd.DataFrame(
        [
            {"评价内容": text, **({"评分": rating} if stars else {}), "追评": followup}
            for text, rating, followup in rows
        ]
    ).astype(object)
    table = RawTable("shop.csv", frame, list(range(2, len(rows) + 2)), "csv", encoding="utf-8")
    imported = build_import([table], saved_mappings=False)
    return run_analysis(imported, AnalysisConfig(adapt_to_ratings=False))


@pytest.fixture(scope="module")
def rated():
    return _result(ROWS)


def _flags(result, column: str) -> dict[str, bool]:
    reviews = result.reviews
    return dict(zip(reviews["text"], reviews[column].astype(bool), strict=False))


def test_five_stars_with_a_clear_complaint_inside_are_flagged(rated):
    flagged = _flags(rated, "rating_text_mismatch")
    assert flagged["物流很快，但是质量太差了，用两天就坏了"]
    assert flagged["外观不错，就是电池不耐用"]
    assert not flagged["很好，满意"]
    assert not flagged["本来担心尺码不合适，穿上刚好很满意"]  # a worry before buying
    assert not flagged["太差了，用两天就坏了，很失望"]  # 1★: a complaint, not a mismatch


def test_got_worse_needs_a_complaining_followup(rated):
    reviews = rated.reviews
    worse = reviews.loc[reviews["got_worse"], "followup_text"].tolist()
    assert worse == ["洗了一次就掉色了，很失望"]  # not "用了一个月了"


def test_without_stars_nothing_is_flagged_and_the_summary_says_why():
    result = _result([(t, "", f) for t, _, f in ROWS[:3]], stars=False)
    assert not result.reviews["rating_text_mismatch"].any()
    summary = review_summary(result)
    assert summary.rated == 0 and summary.high_stars_unhappy == 0
    lines: list[str] = []
    print_analysis(result, lines.append)
    assert "高星但内容有不满：没有星级评分，无法判断；追评变差：没有追评，无法判断。" in lines


def _clauses(rows: list[tuple[str, str, float]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["clause", "polarity", "score"]).assign(review_id=1)


def test_a_clear_complaint_has_a_negative_word_or_a_contrast_and_a_clear_score():
    clauses = _clauses(
        [
            ("发货很慢", "complaint", -0.7),  # negative word
            ("就是没送赠品", "complaint", -0.8),  # opening contrast
            ("这是第二次下单了", "complaint", -0.8),  # a plain statement scored negative
            ("本来担心尺码不合适", "complaint", -0.9),  # a worry, not a complaint
            ("有点慢", "complaint", -0.4),  # not a clear score
            ("发货很慢", "neutral", -0.55),  # not judged a complaint
            ("质量很好", "praise", 0.9),
            ("如果质量太差就退", "complaint", -0.9),  # supposed, not said
            ("怕摔坏了", "complaint", -0.9),  # a fear
        ]
    )
    assert clear_complaints(clauses).tolist() == [True, True] + [False] * 7
    assert not clear_complaints(clauses.iloc[:0]).any()


def test_summary_counts_complaint_reviews_and_reviews_with_a_complaint_apart(rated):
    summary = review_summary(rated)
    reviews, clauses = rated.reviews, rated.clauses
    assert summary.reviews == len(ROWS)
    assert summary.complaint == int((reviews["sentiment"] == "complaint").sum()) == 1
    holding = clauses.loc[clauses["polarity"] == "complaint", "review_id"].nunique()
    assert summary.with_complaint == holding >= 4  # 5★ reviews holding a complaint count too
    assert summary.high_stars_unhappy == 2 and summary.got_worse == 1
    assert summary.followups == 2 and summary.rated == len(ROWS)

    lines: list[str] = []
    print_analysis(rated, lines.append)
    text = "\n".join(lines)
    assert "差评 14%（1 条，整体不满意）" in text
    share = holding / len(ROWS)
    assert f"含不满：{len(ROWS)} 条评论里有 {holding} 条（{share:.0%}）在抱怨点什么" in lines[1]
    assert "高星但内容有不满：2；追评变差：1。" in text


def test_the_complaint_chart_counts_reviews_with_a_complaint(rated):
    frame = theme_frame(rated, "complaint")
    holding = review_summary(rated).with_complaint
    assert (frame["share"] == frame["count"] / holding).all()
    shop = make_result()  # a bigger invented shop: bars "count (share of those reviews)"
    fig = result_figure(shop, "complaint_themes")
    holding = review_summary(shop).with_complaint
    assert holding > review_summary(shop).complaint
    title = fig.axes[0].get_title(loc="left")
    assert title == f"评论里最常见的不满 · {holding} 条含不满的评论"
    top = theme_frame(shop, "complaint").nlargest(1, "count").iloc[0]
    bar_labels = [t.get_text() for t in fig.axes[0].texts]
    assert f"{top['count']} ({top['count'] / holding:.0%})" in bar_labels
    i18n.set_language("en")
    try:
        lines: list[str] = []
        print_analysis(rated, lines.append)
        holding = review_summary(rated).with_complaint
        share = holding / len(ROWS)
        said = f"With a complaint: {holding} of {len(ROWS)} reviews ({share:.0%})"
        assert lines[1].startswith(said)
    finally:
        i18n.set_language("zh")


def test_text_only_reviews_say_praise_complaint_mixed_and_neutral_only_without_opinion():
    rows = [
        ("物流很快，但是质量太差了，用两天就坏了", "", ""),
        ("外观不错，就是电池不耐用", "", ""),
        ("很好，满意", "", ""),
        ("太差了，用两天就坏了，很失望", "", ""),
        ("昨天下单今天到", "", ""),
        ("给妈妈买的", "", ""),
        ("本来担心尺码不合适，穿上刚好很满意", "", ""),
    ]
    result = _result(rows, stars=False)
    shown = dict(zip(result.reviews["text"], result.reviews["sentiment"], strict=True))
    assert shown["物流很快，但是质量太差了，用两天就坏了"] == "mixed"
    assert shown["外观不错，就是电池不耐用"] == "mixed"
    assert shown["很好，满意"] == "praise"
    assert shown["太差了，用两天就坏了，很失望"] == "complaint"
    assert shown["给妈妈买的"] == "neutral"
    assert shown["本来担心尺码不合适，穿上刚好很满意"] == "praise"  # a worry of before
    summary = review_summary(result)
    assert summary.mixed == 2
    assert summary.praise + summary.complaint + summary.mixed + summary.neutral == len(rows)
    assert summary.with_complaint >= summary.complaint + summary.mixed  # 含不满 holds both


def test_stars_still_decide_a_rated_review(rated):
    shown = dict(zip(rated.reviews["text"], rated.reviews["sentiment"], strict=False))
    assert shown["外观不错，就是电池不耐用"] == "praise"  # 5★, flagged instead
    assert set(rated.reviews["sentiment"]) <= {"praise", "complaint"}
