"""One row per kept review: its overall label, the text's own label, aspects, themes and flags."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from app.core.ingest.model import ImportResult
from app.core.progress import CancelToken
from app.core.sentiment import features as sf
from app.core.sentiment.lexicon import lexicon_features
from app.core.sentiment.lexicon_words import CONTRAST
from app.core.sentiment.model import (
    CLEAR,
    COMPLAINT,
    NEUTRAL,
    PRAISE,
    flags,
    rating_labels,
    review_label,
)
from app.core.sentiment.past_worry import WORRY
from app.core.text.codes import clause_codes, factorize_chunked

if TYPE_CHECKING:
    from app.core.results import AnalysisResult

MIXED = "mixed"  # a review that clearly praises and clearly complains
# A clause that supposes, fears or wonders is no clear complaint: 如果不喜欢, 怕按坏, 不知道是不是正品.
HEDGES = ("如果", "要是", "万一", "假如", "怕", "不知道", "会不会", "是不是")

# A clause voicing a worry or expectation before use is not a complaint about the purchase, even
# when the judge scores it negative: "本来担心尺码不合适" is usually followed by "穿上刚好".
LEXICON_CHUNK = 50_000  # distinct clauses looked up in the lexicon between two checks (~0.2 s)


def label_reviews(
    imported: ImportResult,
    opinions: pd.DataFrame,
    clauses: pd.DataFrame,
    themes: pd.DataFrame,
    cancel: CancelToken | None = None,
) -> pd.DataFrame:
    """The per-review table of :class:`~app.core.results.AnalysisResult` (see its docstring).

    ``opinions`` has ``review_id, kind, text_sentiment, score``; ``clauses`` has ``review_id,
    kind, clause, polarity, score, aspects, theme``; ``themes`` has ``key, label, hidden``.
    ``cancel`` is checked between the steps (each well under a second at 1M reviews).
    """
    check = (cancel or CancelToken()).check
    kept = imported.kept
    reviews = pd.DataFrame(index=pd.Index(kept["review_id"].to_numpy(), name="review_id"))
    for column in KEPT_COLUMNS:  # column by column, checking between (a million reviews)
        reviews[column] = kept[column].set_axis(reviews.index)
        check()
    dated = kept["date"].notna().to_numpy()
    reviews["date"] = reviews["date"].where(dated, kept["purchase_date"].array)
    check()

    first = opinions[opinions["kind"] == "review"].set_index("review_id")
    follow = opinions[opinions["kind"] == "followup"].set_index("review_id")
    text_label = first["text_sentiment"].reindex(reviews.index)
    score = first["score"].reindex(reviews.index)
    # A review whose first text was a placeholder is judged by its 追评.
    text_label = text_label.fillna(follow["text_sentiment"].reindex(reviews.index)).fillna(NEUTRAL)
    score = score.fillna(follow["score"].reindex(reviews.index)).fillna(0.0)
    check()
    placeholder = first["text_sentiment"].reindex(reviews.index).isna().to_numpy()
    reviews["text_sentiment"] = said_label(
        reviews.index.to_numpy(),
        text_label.to_numpy(dtype=object),
        score.to_numpy(dtype=float),
        clauses,
        placeholder,
        check,
    )
    reviews["sentiment_score"] = score.astype(float).round(3)
    stars = reviews["rating"].astype("Float64").to_numpy(dtype=float, na_value=np.nan)
    reviews["sentiment"] = review_label(reviews["text_sentiment"].to_numpy(), stars)
    reviews["followup_sentiment"] = (
        follow["text_sentiment"].reindex(reviews.index).fillna("").astype(object)
    )
    check()

    count = clauses.groupby("review_id").size()
    reviews["clause_count"] = count.reindex(reviews.index, fill_value=0)
    check()
    aspects = _joined_aspects(clauses, check)
    reviews["aspects"] = aspects.reindex(reviews.index).astype(object).fillna("")
    check()
    themed = join_theme_labels(clauses, themes, check)
    reviews["themes"] = themed.reindex(reviews.index, fill_value="")
    check()
    own = (clauses["kind"] == "review").to_numpy(dtype=bool)  # not 追评: no copy of the rows
    clear = pd.unique(clauses["review_id"].to_numpy()[clear_complaints(clauses, check, own)])
    whole = (reviews["text_sentiment"] == COMPLAINT) & (reviews["sentiment_score"] <= -CLEAR)
    high = rating_labels(stars) == PRAISE
    reviews["rating_text_mismatch"] = high & (reviews.index.isin(clear) | whole.to_numpy())
    found = flags(
        stars,
        reviews["sentiment_score"].to_numpy(dtype=float),
        followup_scores=follow["score"].reindex(reviews.index).to_numpy(dtype=float),
    )
    # the 追评 itself must be judged a complaint, not just score low without an opinion word
    reviews["got_worse"] = found["got_worse"] & (reviews["followup_sentiment"] == COMPLAINT)
    return reviews


def said_label(
    review_ids: np.ndarray,
    judged: np.ndarray,
    scores: np.ndarray,
    clauses: pd.DataFrame,
    placeholder: np.ndarray,
    check: Callable[[], None] = lambda: None,
) -> np.ndarray:
    """What a review's text says, as a user reads it: ``mixed`` when one clause clearly praises
    and another clearly complains (:func:`clear_complaints`), ``neutral`` only when nothing in it
    is an opinion (the judge's own label is neutral and no clause was judged either way), else
    praise or complaint by the sign of the score; a score too weak to say (the judge's neutral
    band) is decided by its clauses' scores. Clauses of the 追评 count where the first text was a
    placeholder (``placeholder``), of the first text otherwise."""
    kind = clauses["kind"].to_numpy()
    owner = clauses["review_id"].to_numpy()
    row = pd.Index(review_ids).get_indexer(owner)
    own = (row >= 0) & (kind == np.where(placeholder[row], "followup", "review"))
    polarity = clauses["polarity"].to_numpy()
    clause_score = clauses["score"].to_numpy(dtype=float)
    n = len(review_ids)
    check()
    opinion = own & ((polarity == PRAISE) | (polarity == COMPLAINT))
    has_opinion = np.bincount(row[opinion], minlength=n) > 0
    praised = own & (polarity == PRAISE) & (clause_score >= CLEAR)
    clear_praise = np.bincount(row[praised], minlength=n) > 0
    clear_complaint = np.bincount(row[clear_complaints(clauses, check, own)], minlength=n) > 0
    weight = np.bincount(row[opinion], weights=clause_score[opinion], minlength=n)
    check()
    weak = judged == NEUTRAL
    lean = np.where(weak & has_opinion & (weight != 0), weight, scores)
    out = np.where(lean > 0, PRAISE, COMPLAINT).astype(object)
    out[(weak & ~has_opinion) | (lean == 0)] = NEUTRAL
    out[clear_praise & clear_complaint] = MIXED
    return out


KEPT_COLUMNS = (  # the import's columns a review row carries, first in the review table
    "text",
    "followup_text",
    "rating",
    "date",
    "product",
    "sku",
    "source_file",
    "source_row",
)


# What each summary number counts, as (Chinese, English) for ``tr(*pair)`` or a report's
# ``lang(*pair)``: the overall label of a review (差评) is not the same as a review holding one
# complaining clause (含不满内容), and the theme charts count the latter.
LABELS: dict[str, tuple[str, str]] = {
    "praise": ("好评", "Praise"),
    "complaint": ("差评", "Complaint reviews"),
    "neutral": ("中性", "Neutral"),
    "mixed": ("褒贬都有", "Mixed"),
    "neutral_note": ("没有表达好恶", "no opinion either way"),
    "mixed_note": ("既夸又抱怨", "praise and a complaint"),
    "overall_note": ("按整条评论判断", "whole review judged"),
    "with_complaint": ("含不满内容的评论", "Reviews with a complaint"),
    "with_complaint_note": (
        "至少一句在抱怨，整体是好评的也算",
        "any clause complains, praise too",
    ),
    "with_praise": ("含夸奖内容的评论", "Reviews with praise"),
    "high_stars_unhappy": ("高星但内容有不满", "High stars, unhappy text"),
    "high_stars_unhappy_note": ("4-5 星却有一句明显在抱怨", "4-5 stars, a clear complaint inside"),
    "got_worse": ("追评变差", "Got worse in the follow-up"),
    "got_worse_note": ("初评满意、追评在抱怨", "praise first, complaint in the follow-up"),
    "no_ratings": ("没有星级评分，无法判断", "no star ratings, cannot tell"),
    "no_followups": ("没有追评，无法判断", "no follow-ups, cannot tell"),
}


@dataclass(frozen=True)
class ReviewSummary:
    """The summary counts every view shows (CLI, report overview, charts)."""

    reviews: int
    praise: int  # overall label of the review (stars when they say it, else text)
    complaint: int
    neutral: int  # no opinion either way
    mixed: int  # clearly praises and clearly complains (text only or 3★)
    with_complaint: int  # reviews with ≥ 1 complaint clause (review or 追评), any overall label
    with_praise: int  # reviews with ≥ 1 praise clause
    rated: int  # reviews with a star rating
    high_stars_unhappy: int
    followups: int  # reviews with a 追评
    got_worse: int

    def share(self, count: int) -> float:
        return count / self.reviews if self.reviews else 0.0


def reviews_with(result: AnalysisResult, polarity: str) -> int:
    """Reviews with at least one clause (review or 追评) of ``polarity``."""
    clauses = result.clauses
    if clauses.empty:
        return 0
    return int(clauses.loc[clauses["polarity"] == polarity, "review_id"].nunique())


def review_summary(result: AnalysisResult) -> ReviewSummary:
    reviews = result.reviews
    labels = reviews["sentiment"].value_counts()
    followups = reviews["followup_text"].fillna("").astype(str).str.strip() != ""

    def flagged(column: str) -> int:
        return int(reviews[column].fillna(False).astype(bool).sum())

    return ReviewSummary(
        reviews=len(reviews),
        praise=int(labels.get("praise", 0)),
        complaint=int(labels.get("complaint", 0)),
        neutral=int(labels.get("neutral", 0)),
        mixed=int(labels.get(MIXED, 0)),
        with_complaint=reviews_with(result, "complaint"),
        with_praise=reviews_with(result, "praise"),
        rated=int(reviews["rating"].notna().sum()),
        high_stars_unhappy=flagged("rating_text_mismatch"),
        followups=int(followups.sum()),
        got_worse=flagged("got_worse"),
    )


def clear_complaints(
    clauses: pd.DataFrame,
    check: Callable[[], None] = lambda: None,
    among: np.ndarray | None = None,
) -> np.ndarray:
    """Per clause: a clear complaint, the evidence for "high stars, unhappy text" (only rows
    where the mask ``among`` is true can be).

    All of: judged ``complaint`` with score ≤ −:data:`CLEAR`; a negative lexicon word (慢, 贵,
    坏, 不满意 …) or an opening contrast word (就是/但是/不过 …); no worry word (:data:`WORRY`)
    and no hedge (:data:`HEDGES`).
    The judge alone also scores plain statements negative (e.g. "这是第二次下单了"): on a real
    1,615-review phone export 124 of its 310 complaint clauses scored ≤ −0.5 had neither a
    negative nor a contrast word (384 of 589 before sentiment model 1.2.0), and most of them
    were no complaint. Each
    distinct clause text is looked up once; ``check`` is called between chunks.
    """
    candidate = (clauses["polarity"].to_numpy() == COMPLAINT) & (
        clauses["score"].to_numpy(dtype=float) <= -CLEAR
    )
    if among is not None:
        candidate &= among
    if not candidate.any():
        return candidate
    codes, texts = clause_codes(clauses, candidate)
    negative = np.zeros(len(texts), dtype=bool)
    for at in range(0, len(texts), LEXICON_CHUNK):
        check()
        part = texts[at : at + LEXICON_CHUNK].tolist()
        negative[at : at + LEXICON_CHUNK] = lexicon_features(sf.prepare(part))[:, 1] > 0
    series = pd.Series(texts, dtype=object)
    contrast = series.str.startswith(tuple(CONTRAST)).to_numpy(dtype=bool)
    worry = series.str.contains("|".join((*WORRY, *HEDGES)), regex=True).to_numpy(dtype=bool)
    out = candidate.copy()
    out[candidate] = ((negative | contrast) & ~worry)[codes]
    return out


def _joined_aspects(clauses: pd.DataFrame, check: Callable[[], None]) -> pd.Series:
    from app.core.aspects.summary import explode_keys

    row, key, names = explode_keys(clauses["aspects"])
    if not len(row):
        return pd.Series(dtype=object)
    keys = np.array(names, dtype=object)
    check()
    return _first_per_review(clauses["review_id"].to_numpy()[row], key, keys, check)


def join_theme_labels(
    clauses: pd.DataFrame, themes: pd.DataFrame, check: Callable[[], None] = lambda: None
) -> pd.Series:
    """The ``;``-joined labels of the visible themes each review belongs to (by review_id).

    ``check`` is called between steps (e.g. :meth:`CancelToken.check`).
    """
    visible = themes.loc[~themes["hidden"].astype(bool)]
    label_of = dict(zip(visible["key"], visible["label"], strict=True))
    codes, keys = factorize_chunked(clauses["theme"].to_numpy(dtype=object), check)
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
    n = max(len(names), 1)
    if ids.dtype.kind in "iu" and len(ids) and ids.min() >= 0 and ids.max() < 2**62 // n:
        pairs = pd.Series(ids.astype(np.int64) * n + codes)  # one integer per (id, code) pair
    else:
        pairs = pd.DataFrame({"id": ids, "code": codes})
    check()
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


def export_columns(
    reviews: pd.DataFrame, review_ids: pd.Series, aspect_names: Mapping[str, str] | None = None
) -> pd.DataFrame:
    """Per-row analysis columns of ``--export-csv`` for ledger rows (empty for dropped rows).

    ``aspect_names`` (:func:`app.core.naming.aspect_names`) turns the aspect keys into names.
    """
    from app.core.naming import joined_names

    aligned = reviews.reindex(review_ids.to_numpy())
    out = pd.DataFrame(index=review_ids.index)
    for column in ("sentiment", "text_sentiment", "aspects", "themes"):
        out[column] = aligned[column].fillna("").to_numpy()
    if aspect_names is not None:
        out["aspects"] = joined_names(out["aspects"], aspect_names).to_numpy()
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
