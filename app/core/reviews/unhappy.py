"""含不满 first: how many reviews complain about something, and the four overall labels.

Every view (command line, report overview, dashboard) leads with the reviews holding at least
one complaining clause (:attr:`ReviewSummary.with_complaint`, 追评 included), split by their
overall label, then shows 好评 / 差评 / 褒贬都有 / 中性 as whole percents that add up to 100.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from app.core.reviews.labels import LABELS
from app.core.reviews.trends import SENTIMENTS

if TYPE_CHECKING:
    from app.core.results import AnalysisResult

OVERALL = SENTIMENTS  # 好评, 差评, 褒贬都有, 中性: the order every view lists them in


@dataclass(frozen=True)
class UnhappySplit:
    """The reviews with a complaint (含不满) by their overall label."""

    reviews: int  # all reviews
    with_complaint: int  # ≥ 1 complaining clause (review or 追评)
    complaint: int  # of those: overall 差评
    mixed: int  # 褒贬都有 (always among them)
    praise: int  # 好评 holding one complaint
    neutral: int  # 中性 whose 追评 complains
    complaint_without: int  # 差评 by low stars with no complaining clause: not among them

    @property
    def share(self) -> float:
        return self.with_complaint / self.reviews if self.reviews else 0.0


def unhappy_split(result: AnalysisResult) -> UnhappySplit:
    reviews, clauses = result.reviews, result.clauses
    if clauses.empty:
        ids = set()
    else:
        ids = set(clauses.loc[clauses["polarity"] == "complaint", "review_id"].unique())
    holding = reviews.index.isin(list(ids))
    labels = reviews["sentiment"]
    inside = labels[holding].value_counts()
    return UnhappySplit(
        reviews=len(reviews),
        with_complaint=int(holding.sum()),
        complaint=int(inside.get("complaint", 0)),
        mixed=int(inside.get("mixed", 0)),
        praise=int(inside.get("praise", 0)),
        neutral=int(inside.get("neutral", 0)),
        complaint_without=int((labels[~holding] == "complaint").sum()),
    )


def whole_percents(counts: Sequence[int]) -> list[int]:
    """Whole percents of ``counts`` that add up to exactly 100 (largest remainder; all 0 when
    there is nothing to count)."""
    total = sum(counts)
    if total <= 0:
        return [0] * len(counts)
    exact = [100 * c / total for c in counts]
    whole = [int(x) for x in exact]
    order = sorted(range(len(counts)), key=lambda i: (whole[i] - exact[i], -counts[i]))
    for i in order[: 100 - sum(whole)]:
        whole[i] += 1
    return whole


def overall_counts(result: AnalysisResult) -> dict[str, int]:
    """Reviews per overall label, in :data:`OVERALL` order (zeros included)."""
    counts = result.reviews["sentiment"].value_counts()
    return {key: int(counts.get(key, 0)) for key in OVERALL}


def overall_percents(result: AnalysisResult) -> dict[str, int]:
    counts = overall_counts(result)
    return dict(zip(counts, whole_percents(list(counts.values())), strict=True))


def label_name(key: str, lang: str) -> str:
    """好评 / 差评 / 褒贬都有 / 中性 (Praise / Complaint / Mixed / Neutral)."""
    zh, en = {"complaint": ("差评", "Complaint")}.get(key, LABELS[key])
    return zh if lang == "zh" else en


def label_note(key: str, lang: str) -> str:
    """What one overall label counts, in a few words."""
    zh, en = {
        "praise": ("整体满意", "satisfied overall"),
        "complaint": ("整体不满意", "unhappy overall"),
        "mixed": LABELS["mixed_note"],
        "neutral": LABELS["neutral_note"],
    }[key]
    return zh if lang == "zh" else en


def unhappy_sentence(split: UnhappySplit, lang: str) -> str:
    """「含不满：1615 条评论里有 193 条（12%）在抱怨点什么：差评 20 条，褒贬都有 115 条，其余 58 条
    是好评里带了一句不满。」"""
    n, held = split.reviews, split.with_complaint
    zh = lang == "zh"
    if held == 0:
        text = (
            f"含不满：{n:,} 条评论里没有一条在抱怨。"
            if zh
            else f"With a complaint: none of the {n:,} reviews complains about anything."
        )
    else:
        parts = []
        if split.complaint:
            parts.append(f"差评 {split.complaint:,} 条" if zh else f"{split.complaint:,} complaint")
        if split.mixed:
            parts.append(f"褒贬都有 {split.mixed:,} 条" if zh else f"{split.mixed:,} mixed")
        rest = split.praise + split.neutral
        if rest:
            other = ("其余 " if parts else "") if zh else ("the other " if parts else "")
            if split.neutral:
                parts.append(
                    f"{other}{rest:,} 条整体是好评或中性，但有一句在抱怨（可能在追评里）"
                    if zh
                    else f"{other}{rest:,} praise or neutral with one complaint (maybe in a follow-up)"
                )
            else:
                parts.append(
                    f"{other}{rest:,} 条是好评里带了一句不满"
                    if zh
                    else f"{other}{rest:,} praise with one complaint"
                )
        text = (
            f"含不满：{n:,} 条评论里有 {held:,} 条（{split.share:.0%}）在抱怨点什么："
            + "，".join(parts)
            + "。"
            if zh
            else f"With a complaint: {held:,} of {n:,} reviews ({split.share:.0%}) complain "
            "about something: " + ", ".join(parts) + "."
        )
    if split.complaint_without:
        text += (
            f"另有 {split.complaint_without:,} 条差评只打了低星，没写出不满。"
            if zh
            else f" Another {split.complaint_without:,} complaint reviews only gave low stars, "
            "with no complaint in words."
        )
    return text


def overall_sentence(result: AnalysisResult, lang: str) -> str:
    """「整体判断：好评 88%（1,420 条，整体满意），差评 1%（20 条，…），…」, adding up to 100 %."""
    counts, percents = overall_counts(result), overall_percents(result)
    zh = lang == "zh"
    parts = [
        f"{label_name(k, lang)} {percents[k]}%（{counts[k]:,} 条，{label_note(k, lang)}）"
        if zh
        else f"{label_name(k, lang).lower()} {percents[k]}% ({counts[k]:,}, {label_note(k, lang)})"
        for k in OVERALL
    ]
    if zh:
        return "整体判断（每条评论只算一种，加起来 100%）：" + "，".join(parts) + "。"
    return "Overall (one label per review, adding up to 100 %): " + ", ".join(parts) + "."


def in_both_note(lang: str, rated: bool) -> str:
    """Why a review can be 含不满 and 好评 at once (``rated``: the export has star ratings)."""
    if lang == "zh":
        if rated:
            return "4-5 星的评论按星级算好评，里面只要有一句在抱怨，也计入含不满"
        return "整体是好评的评论里只要有一句在抱怨，也计入含不满"
    if rated:
        return (
            "A 4-5 star review is praise by its stars; one complaining clause in it also counts "
            "it as 'with a complaint'"
        )
    return "A praise review with one complaining clause also counts as 'with a complaint'"
