"""One row per kept review: its overall label, the text's own label, aspects, themes and flags."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

from app.core.aspects import load_taxonomy
from app.core.i18n import get_language
from app.core.ingest.model import ImportResult
from app.core.progress import CancelToken
from app.core.sentiment import NEUTRAL, flags, review_label


def label_reviews(
    imported: ImportResult,
    opinions: pd.DataFrame,
    clauses: pd.DataFrame,
    themes: pd.DataFrame,
    cancel: CancelToken | None = None,
) -> pd.DataFrame:
    """The per-review table of :class:`~app.core.results.AnalysisResult` (see its docstring).

    ``opinions`` has ``review_id, kind, text_sentiment, score``; ``clauses`` has ``review_id,
    kind, polarity, aspects, theme``; ``themes`` has ``key, label, hidden``. ``cancel`` is
    checked between the steps (each well under a second at 1M reviews).
    """
    check = (cancel or CancelToken()).check
    kept = imported.kept.set_index("review_id")
    reviews = pd.DataFrame(index=kept.index)
    for column in (
        "text",
        "followup_text",
        "rating",
        "date",
        "product",
        "sku",
        "source_file",
        "source_row",
    ):
        reviews[column] = kept[column]
    when = kept["date"].where(kept["date"].notna(), kept["purchase_date"])
    reviews["date"] = when
    check()

    first = opinions[opinions["kind"] == "review"].set_index("review_id")
    follow = opinions[opinions["kind"] == "followup"].set_index("review_id")
    text_label = first["text_sentiment"].reindex(reviews.index)
    score = first["score"].reindex(reviews.index)
    # A review whose first text was a placeholder is judged by its 追评.
    text_label = text_label.fillna(follow["text_sentiment"].reindex(reviews.index)).fillna(NEUTRAL)
    score = score.fillna(follow["score"].reindex(reviews.index)).fillna(0.0)
    check()
    reviews["text_sentiment"] = text_label.astype(object)
    reviews["sentiment_score"] = score.astype(float).round(3)
    stars = reviews["rating"].astype("Float64").to_numpy(dtype=float, na_value=np.nan)
    reviews["sentiment"] = review_label(reviews["text_sentiment"].to_numpy(), stars)
    reviews["followup_sentiment"] = (
        follow["text_sentiment"].reindex(reviews.index).fillna("").astype(object)
    )
    check()

    reviews["clause_count"] = (
        clauses.groupby("review_id").size().reindex(reviews.index, fill_value=0)
    )
    check()
    reviews["aspects"] = _joined_aspects(clauses, check).reindex(reviews.index, fill_value="")
    check()
    themed = join_theme_labels(clauses, themes, check)
    reviews["themes"] = themed.reindex(reviews.index, fill_value="")

    check()
    own = clauses[clauses["kind"] == "review"]
    check()
    found = flags(
        stars,
        reviews["sentiment_score"].to_numpy(dtype=float),
        reviews.index.get_indexer(own["review_id"]),
        own["score"].to_numpy(dtype=float),
        follow["score"].reindex(reviews.index).to_numpy(dtype=float),
    )
    reviews["rating_text_mismatch"] = found["high_stars_unhappy"]
    reviews["got_worse"] = found["got_worse"]
    return reviews


def _joined_aspects(clauses: pd.DataFrame, check: Callable[[], None]) -> pd.Series:
    from app.core.aspect_summary import explode_keys

    labels = load_taxonomy().labels(get_language())
    row, key, names = explode_keys(clauses["aspects"])
    if not len(row):
        return pd.Series(dtype=object)
    named = np.array([labels.get(n, n) for n in names], dtype=object)
    check()
    return _first_per_review(clauses["review_id"].to_numpy()[row], key, named, check)


def join_theme_labels(
    clauses: pd.DataFrame, themes: pd.DataFrame, check: Callable[[], None] = lambda: None
) -> pd.Series:
    """The ``;``-joined labels of the visible themes each review belongs to (by review_id).

    ``check`` is called between steps (e.g. :meth:`CancelToken.check`).
    """
    visible = themes.loc[~themes["hidden"].astype(bool)]
    label_of = dict(zip(visible["key"], visible["label"], strict=True))
    codes, keys = pd.factorize(clauses["theme"].to_numpy(dtype=object))
    known = np.array([k in label_of for k in keys] + [False], dtype=bool)[codes]  # -1: NaN
    if not known.any():
        return pd.Series(dtype=object)
    named = np.array([label_of.get(k, "") for k in keys], dtype=object)
    check()
    return _first_per_review(clauses["review_id"].to_numpy()[known], codes[known], named, check)


def _first_per_review(
    ids: np.ndarray, codes: np.ndarray, names: np.ndarray, check: Callable[[], None]
) -> pd.Series:
    """``names[codes]`` joined per id, each code once (first occurrence), in order."""
    pairs = pd.DataFrame({"id": ids, "code": codes})
    first = np.flatnonzero(~pairs.duplicated().to_numpy())
    check()
    return _join_by(ids[first], names[codes[first]], check)


JOIN_CHUNK = 100_000  # reviews joined between two checks (~0.1 s)


def _join_by(ids: np.ndarray, values: np.ndarray, check: Callable[[], None]) -> pd.Series:
    """``";"``-joined values per id, in their original order (a fast groupby-join)."""
    order = np.argsort(ids, kind="stable")
    ids, items = ids[order], values[order]
    starts = np.flatnonzero(np.r_[True, ids[1:] != ids[:-1]])
    ends = np.r_[starts[1:], len(ids)]
    joined = items[starts].astype(object)  # one value: nothing to join (most reviews)
    several = np.flatnonzero(ends - starts > 1)
    listed, picked = items.tolist(), several.tolist()
    for at in range(0, len(picked), JOIN_CHUNK):
        check()
        part = picked[at : at + JOIN_CHUNK]
        joined[several[at : at + JOIN_CHUNK]] = [
            ";".join(listed[starts[i] : ends[i]]) for i in part
        ]
    return pd.Series(joined, index=ids[starts], dtype=object)


def export_columns(reviews: pd.DataFrame, review_ids: pd.Series) -> pd.DataFrame:
    """Per-row analysis columns of ``--export-csv`` for ledger rows (empty for dropped rows)."""
    aligned = reviews.reindex(review_ids.to_numpy())
    out = pd.DataFrame(index=review_ids.index)
    for column in ("sentiment", "text_sentiment", "aspects", "themes"):
        out[column] = aligned[column].fillna("").to_numpy()
    out["sentiment_score"] = (
        aligned["sentiment_score"].map(lambda v: "" if pd.isna(v) else f"{v:.3f}").to_numpy()
    )
    counts = aligned["clause_count"]
    out["clause_count"] = np.where(counts.isna(), "", counts.fillna(0).astype(int).astype(str))
    mismatch = aligned["rating_text_mismatch"]
    out["rating_text_mismatch"] = np.where(
        mismatch.isna(), "", np.where(mismatch.fillna(False).astype(bool), "1", "0")
    )
    return out
