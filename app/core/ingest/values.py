"""Vectorised parsers for cell values: null markers, ratings, IDs, counts (dates: dates.py).

Every parser works on the distinct values of a column (``pd.factorize``) and maps the result
back, so a million rows of a few thousand distinct ratings or dates parse in well under a second.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from app.core.ingest.cells import (
    _NULL_VARIANTS,
    DT_DTYPE,
    NULL_MARKERS,
    _distinct,
    _factorize,
    _take,
    clean_text,
    null_mask,
)
from app.core.ingest.dates import parse_dates, resolve_after

# ---------------------------------------------------------------- ratings

_CN_DIGITS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8}
_WORDS: dict[str, int] = {
    "好评": 5, "中评": 3, "差评": 1,
    "正面": 5, "中性": 3, "负面": 1, "正面评价": 5, "中性评价": 3, "负面评价": 1,
    "非常满意": 5, "很满意": 5, "满意": 5, "比较满意": 4, "一般": 3, "不太满意": 2,
    "不满意": 1, "很不满意": 1, "非常不满意": 1,
    "非常好": 5, "超赞": 5, "很好": 4, "好": 4, "较好": 4, "还行": 3, "较差": 2, "差": 2,
    "很差": 1, "非常差": 1,
    "positive": 5, "neutral": 3, "negative": 1, "excellent": 5, "good": 4, "average": 3,
    "poor": 2, "terrible": 1,
}  # fmt: skip
_NUM_RE = re.compile(
    r"^([0-9]+(?:\.[0-9]+|,[0-9]{1,2})?)\s*(?:分|星|颗星|stars?|points?|pts?)?$", re.I
)
_CN_STAR_RE = re.compile(r"^([一二两三四五])\s*(?:星|颗星|分)")
_OUT_OF_RE = re.compile(r"([0-9]+(?:\.[0-9]+)?)\s*(?:out of|/|of)\s*([0-9]+)", re.I)
_PREFIX_RE = re.compile(r"^[^:：]{1,8}[:：]\s*")
_PARTS_RE = re.compile(r"[\s,，;；、|]+")


def _round_half_up(x: float) -> int:
    return int(np.floor(x + 0.5))


def _rating_of(text: str) -> tuple[str, float] | None:
    """(kind, value): kind "num" = bare number on the column's own scale, "five" = already 1..5."""
    t = text.strip()
    m = _NUM_RE.match(t)
    if m:
        return "num", float(m.group(1).replace(",", "."))  # 4,5: a decimal comma
    stars = t.count("★") + t.count("⭐")
    if stars:
        return "five", float(stars)
    if t and set(t) <= {"☆", " ", "\ufe0f"}:
        return None
    m = _OUT_OF_RE.search(t)
    if m and float(m.group(2)) > 0:
        return "five", float(m.group(1)) / float(m.group(2)) * 5
    m = _CN_STAR_RE.match(t)
    if m:
        return "five", float(_CN_DIGITS[m.group(1)])
    word = _word_grade(t)
    return ("five", float(word)) if word is not None else None


def _word_grade(t: str) -> float | None:
    key = _PREFIX_RE.sub("", t).strip().lower()
    if key in _WORDS:
        return _WORDS[key]
    parts = [p for p in _PARTS_RE.split(t) if p]
    if len(parts) > 1:  # "口味：非常好 环境：好 服务：一般" -> the mean grade
        grades = [_WORDS.get(_PREFIX_RE.sub("", p).lower()) for p in parts]
        found = [g for g in grades if g is not None]
        if found and len(found) == len(parts):
            return sum(found) / len(found)
    return None


def rating_scale(values: list[tuple[str, float] | None], counts: np.ndarray | None = None) -> int:
    """5, 10 or 100: the scale the bare numbers of a column are on (weighted by ``counts``).

    A 10- or 100-point scale needs at least a fifth of the numeric cells above 5 (or 10), so a
    stray ``6`` in a 1–5 column does not rescale the whole column.
    """
    weights = np.ones(len(values)) if counts is None else np.asarray(counts, dtype=float)
    nums = np.array([x[1] if x and x[0] == "num" else np.nan for x in values], dtype=float)
    ok = ~np.isnan(nums)
    if not ok.any() or nums[ok].max() <= 5:
        return 5
    nums, weights = nums[ok], weights[ok]
    total = weights.sum()
    if nums.max() <= 10 and weights[nums > 5].sum() >= 0.2 * total:
        return 10
    if nums.max() <= 100 and weights[nums > 10].sum() >= 0.2 * total:
        return 100
    return 5


def parse_ratings(s: pd.Series) -> pd.Series:
    """Ratings as nullable Int64 1..5 (NA when not a rating).

    Understands ``5``, ``4.0``, ``5分``, ``5星``, ``五星``, ``★★★★☆``, ``⭐⭐⭐``, ``好评/中评/差评``,
    ``正面/中性/负面(评价)``, ``满意/一般/不满意``, word grades (``口味：非常好``) and
    ``5.0 out of 5 stars``. A column of bare numbers on a 10- or 100-point scale is mapped to
    1..5; the scale found is in ``result.attrs["scale"]`` (5, 10 or 100).
    """
    codes, uniques = _factorize(s)
    parsed = [_rating_of(u) for u in uniques]
    scale = rating_scale(parsed, np.bincount(codes[codes >= 0], minlength=len(uniques)))
    out = np.full(len(uniques), np.nan)
    for i, p in enumerate(parsed):
        if p is None:
            continue
        kind, v = p
        if kind == "num":
            if scale == 5:
                r = _round_half_up(v) if v >= 0.5 else 0
                out[i] = r if 1 <= r <= 5 else np.nan
            else:
                out[i] = min(max(_round_half_up(v / (scale / 5)), 1), 5)
        else:
            r = _round_half_up(v)
            out[i] = r if 1 <= r <= 5 else np.nan
    result = pd.Series(_take(out, codes, np.nan), index=s.index).astype("Int64")
    result.attrs["scale"] = scale
    return result


# ---------------------------------------------------------------- IDs and counts

_SCI = re.compile(r"[+-]?\d+(?:\.\d+)?[eE][+-]?\d+")


def normalize_ids(s: pd.Series) -> tuple[pd.Series, pd.Series]:
    """IDs as text exactly as written (surrounding whitespace, a leading ``'`` and an Excel
    ``="…"`` wrapper removed; null markers → ``""``) and a mask of IDs in scientific notation
    (``1.03531E+12``: Excel already lost the last digits — kept as is, never "fixed")."""
    codes, uniques = _distinct(s)
    cleaned = [
        v[1:].strip() if v[:1] == "'" else v[2:-1] if v[:2] == '="' and v[-1:] == '"' else v
        for v in uniques
    ]
    sci = np.array([("E" in v or "e" in v) and bool(_SCI.fullmatch(v)) for v in cleaned] + [False])
    values = np.array([*cleaned, ""], dtype=object)
    ids = pd.Series(values[codes], index=s.index, dtype=object)
    flagged = pd.Series(sci[codes], index=s.index, dtype=bool)
    return ids, flagged


_WORD_COUNTS = {"one": 1, "a": 1, "an": 1, "two": 2, "three": 3}


def parse_counts(s: pd.Series) -> pd.Series:
    """Helpful votes / likes as Int64: ``12``, ``1,234``, ``12 people found this helpful``,
    ``One person found this helpful``."""
    codes, uniques = _factorize(s)
    out = np.full(len(uniques), np.nan)
    for i, text in enumerate(uniques):
        m = re.search(r"\d[\d,]*", text)
        if m:
            out[i] = float(m.group(0).replace(",", ""))
        else:
            first = text.split(" ", 1)[0].lower()
            out[i] = _WORD_COUNTS.get(first, np.nan)
    return pd.Series(_take(out, codes, np.nan), index=s.index).astype("Int64")


__all__ = [
    "DT_DTYPE",
    "NULL_MARKERS",
    "_NULL_VARIANTS",
    "clean_text",
    "normalize_ids",
    "null_mask",
    "parse_counts",
    "parse_dates",
    "parse_ratings",
    "rating_scale",
    "resolve_after",
]
