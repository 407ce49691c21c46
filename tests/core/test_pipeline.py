"""run_analysis: one call from accounted-for reviews to the result every view reads."""

from __future__ import annotations

import itertools

import pandas as pd
import pytest

from app.core import pipeline
from app.core.ingest.ledger import build_import
from app.core.ingest.raw_table import RawTable
from app.core.pipeline import AnalysisConfig, run_analysis
from app.core.progress import Cancelled, CancelToken
from app.core.reviews.labels import label_reviews
from app.io.readers.read import read_file
from app.samples import sample_path


def _table(rows: list[dict[str, str]]) -> RawTable:
    frame = pd.DataFrame(rows).astype(object)
    return RawTable("shop.csv", frame, list(range(2, len(rows) + 2)), "csv", encoding="utf-8")


@pytest.fixture(scope="module")
def sample_result():
    imported = build_import([read_file(sample_path())])
    return imported, run_analysis(imported)


def test_every_kept_review_is_analysed_once(sample_result):
    imported, result = sample_result
    assert sorted(result.reviews.index) == sorted(imported.kept["review_id"])
    assert set(result.reviews["sentiment"]) <= {"praise", "complaint", "mixed", "neutral"}
    assert result.reviews["clause_count"].min() >= 1


def test_star_ratings_decide_the_review_label(sample_result):
    _, result = sample_result
    reviews = result.reviews
    assert (reviews.loc[reviews["rating"] <= 2, "sentiment"] == "complaint").all()
    assert (reviews.loc[reviews["rating"] >= 4, "sentiment"] == "praise").all()


def test_themes_cover_most_opinions_and_have_readable_labels(sample_result):
    _, result = sample_result
    complaints = result.themes_of("complaint")
    assert len(complaints) >= 3
    assert result.coverage["complaint"] >= 0.8
    assert all(2 <= len(label) <= 12 for label in complaints["label"])
    key = complaints.iloc[0]["key"]
    assert len(result.reviews_of_theme(key)) == complaints.iloc[0]["review_count"]


def test_the_size_problem_built_into_the_sample_is_found(sample_result):
    _, result = sample_result
    size = result.aspects.set_index("key").loc["size"]
    assert size["complaint"] > size["praise"]  # XL runs small in the invented shop


def test_progress_goes_from_zero_to_one_without_going_back():
    imported = build_import([read_file(sample_path())])
    seen: list[float] = []
    run_analysis(imported, progress=lambda fraction, message: seen.append(fraction))
    assert seen[0] == 0.0 and seen[-1] == 1.0
    assert all(b >= a for a, b in itertools.pairwise(seen))
    assert len(seen) >= 20


def test_cancel_stops_the_analysis():
    imported = build_import([read_file(sample_path())])
    token = CancelToken()

    def progress(fraction: float, message: str) -> None:
        if fraction > 0.2:
            token.cancel()

    with pytest.raises(Cancelled):
        run_analysis(imported, progress=progress, cancel=token)


def test_labelling_the_reviews_stops_between_its_steps_on_cancel(monkeypatch):
    captured: dict[str, tuple] = {}
    real = pipeline.label_reviews

    def spy(*args):
        captured["args"] = args[:4]  # imported, opinions, clauses, themes
        return real(*args)

    monkeypatch.setattr(pipeline, "label_reviews", spy)
    run_analysis(build_import([read_file(sample_path())]))

    class Counting(CancelToken):
        checks = 0

        def check(self) -> None:
            self.checks += 1
            super().check()

    token = Counting()
    label_reviews(*captured["args"], token)
    assert token.checks >= 8  # several seconds at 1M reviews: checked well within each second
    token.cancel()
    with pytest.raises(Cancelled):
        label_reviews(*captured["args"], token)


def test_clause_level_praise_and_complaint_in_one_review():
    rows = [
        {"评价内容": "物流很快，但是质量很差，用了两天就坏了", "评分": "3", "追评": ""},
        {"评价内容": "质量很好，穿着舒服", "评分": "5", "追评": "洗了一次就掉色了，很失望"},
        {"评价内容": "颜色很正，就是尺码偏小，客服也不回复", "评分": "5", "追评": ""},
    ]
    result = run_analysis(build_import([_table(rows)]), AnalysisConfig(adapt_to_ratings=False))
    clauses = result.clauses.set_index("clause")
    assert clauses.loc["物流很快", "polarity"] == "praise"
    assert clauses.loc["但是质量很差", "polarity"] == "complaint"
    reviews = result.reviews.reset_index(drop=True)
    assert reviews.loc[1, "got_worse"]  # praise first, complaint in the 追评
    assert reviews.loc[2, "rating_text_mismatch"]  # five stars, complaints inside
    assert not reviews.loc[1, "rating_text_mismatch"]


def test_same_input_gives_the_same_themes(sample_result):
    imported, result = sample_result
    again = run_analysis(imported)
    pd.testing.assert_frame_equal(
        result.themes[["key", "label", "size"]], again.themes[["key", "label", "size"]]
    )


def test_sku_missing_on_some_rows_is_fine():
    texts = [
        "尺码偏小，穿着太紧",
        "快递太慢了，等了一周",
        "质量很好，做工精细",
        "颜色很正，很好看",
    ] * 6
    rows = [
        {
            "评价内容": f"{text}{i}",
            "规格": "颜色分类:白色;尺码:XL" if i % 3 else None,
            "评分": str(1 + i % 5),
        }
        for i, text in enumerate(texts)
    ]
    result = run_analysis(build_import([_table(rows)]), AnalysisConfig(adapt_to_ratings=False))
    assert len(result.reviews) == len(rows)
    skus = [sku for _, theme in result.themes.iterrows() for sku, _ in theme["top_skus"]]
    assert set(skus) <= {"颜色分类:白色;尺码:XL"}


def test_the_result_does_not_depend_on_the_language_it_ran_in(sample_result):
    """Aspect keys and numbers, no words: an English run gives the tables of a Chinese one."""
    from app.core.aspects.taxonomy import load_taxonomy
    from app.core.i18n import set_language

    imported, chinese = sample_result  # run with Chinese messages (the default)
    set_language("en")
    english = run_analysis(imported)
    for table in ("reviews", "themes", "aspects", "clauses"):
        pd.testing.assert_frame_equal(getattr(chinese, table), getattr(english, table))
    assert chinese.adapted_to == english.adapted_to == imported.kept["rating"].notna().sum()
    keys = set(load_taxonomy().labels("zh"))
    tagged = {k for joined in chinese.reviews["aspects"] for k in joined.split(";") if k}
    assert tagged and tagged <= keys
    assert set(chinese.themes["main_aspect"]) - {""} <= keys
    assert list(chinese.aspects.columns[:3]) == ["key", "label_zh", "label_en"]
    assert "label" not in chinese.aspects
