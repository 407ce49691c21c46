"""Vectorised parsers for cell values: null markers, ratings, dates, IDs.

Every parser works on the distinct values of a column (``pd.factorize``) and maps the result
back, so a million rows of a few thousand distinct ratings or dates parse in well under a second.
"""

from __future__ import annotations

import re
import warnings
from datetime import datetime

import numpy as np
import pandas as pd

DT_DTYPE = "datetime64[ns]"

# Cells meaning "nothing here" (compared after stripping surrounding whitespace).
NULL_MARKERS: frozenset[str] = frozenset(
    {"", "空", "无", "-", "--", "—", "/", "null", "nan", "none", "n/a", "#n/a", "nil", "undefined"}
)
_NULL_VARIANTS = frozenset(
    v for m in NULL_MARKERS for v in (m, m.upper(), m.capitalize(), m.title())
) | {"NaN", "NaT"}


def _distinct(s: pd.Series) -> tuple[np.ndarray, list[str]]:
    """Codes into the distinct cleaned values (-1 for missing, blank or a null marker)."""
    values = s.to_numpy(dtype=object, na_value=None) if isinstance(s, pd.Series) else s
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    nulls = _NULL_VARIANTS
    cleaned = [None if (t := str(v).strip()) in nulls else t for v in uniques]
    if all(c is u for c, u in zip(cleaned, uniques, strict=True)):  # already clean
        return codes, cleaned
    remap, distinct = pd.factorize(np.array(cleaned, dtype=object), use_na_sentinel=True)
    remap = np.append(remap, -1)
    return remap[np.where(codes < 0, len(remap) - 1, codes)], list(distinct)


def clean_text(s: pd.Series) -> pd.Series:
    """Cells stripped of surrounding whitespace, null markers and missing cells as ``""``."""
    codes, uniques = _distinct(s)
    values = np.array([*uniques, ""], dtype=object)
    return pd.Series(values[codes], index=s.index, dtype=object)


def null_mask(s: pd.Series) -> np.ndarray:
    """True where a cell is missing, blank or a null marker."""
    return _distinct(s)[0] < 0


def _factorize(s: pd.Series) -> tuple[np.ndarray, list[str]]:
    """Codes (-1 for empty/missing) and the distinct non-empty stripped values."""
    return _distinct(s)


def _take(values: np.ndarray, codes: np.ndarray, fill: object) -> np.ndarray:
    padded = np.append(values, np.array([fill], dtype=values.dtype))
    return padded[np.where(codes < 0, len(values), codes)]


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
_NUM_RE = re.compile(r"^([0-9]+(?:\.[0-9]+)?)\s*(?:分|星|颗星|stars?|points?|pts?)?$", re.I)
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
        return "num", float(m.group(1))
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


# ---------------------------------------------------------------- dates

_YMD_RE = r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*(?:T\s*)?"
_TZ_RE = r"(:\d\d(?:\.\d+)?)\s*(?:Z|UTC|GMT|[+-]\d{2}:?\d{2})$"
_YMD_FORMATS = ("ISO8601",)
_DIRECT_FORMATS = ("ISO8601", "%Y/%m/%d %H:%M", "%Y/%m/%d %H:%M:%S", "%Y/%m/%d", "%Y.%m.%d")
_DMY_FORMATS = ("%m/%d/%Y %H:%M:%S", "%m/%d/%Y %H:%M", "%m/%d/%Y", "%d/%m/%Y %H:%M", "%d/%m/%Y")
_EN_FORMATS = (
    "%B %d, %Y", "%b %d, %Y", "%B %d %Y", "%b %d %Y", "%d %B %Y", "%d %b %Y", "%m %d, %Y",
    "%B %d, %Y %H:%M", "%d %b %Y %H:%M",
)  # fmt: skip
_EXCEL_MIN, _EXCEL_MAX = 25569, 73051  # 1970-01-01 .. 2100-01-01
_EPOCH_MIN, _EPOCH_MAX = 946684800, 4102444800  # 2000-01-01 .. 2100-01-01
_UNITS = {
    "秒": "s", "分钟": "min", "分": "min", "小时": "h", "个小时": "h", "钟头": "h", "天": "D",
    "日": "D", "周": "W", "星期": "W", "个星期": "W", "个月": "M", "月": "M", "年": "Y",
    "second": "s", "minute": "min", "min": "min", "hour": "h", "day": "D", "week": "W",
    "month": "M", "year": "Y",
}  # fmt: skip
_REL_RE = re.compile(
    r"^(\d+|半|一|两|二|三|四|五|六|七|八|九|十|a|an|one)\s*"
    r"(秒|分钟|分|个小时|小时|钟头|天|日|个星期|星期|周|个月|月|年|second|minute|min|hour|day|"
    r"week|month|year)s?\s*(?:前|之前|以前|ago)$",
    re.I,
)
_DAY_WORDS = {"刚刚": 0, "刚才": 0, "just now": 0, "今天": 0, "today": 0, "昨天": 1,
              "yesterday": 1, "前天": 2}  # fmt: skip
_DAY_WORD_RE = re.compile(
    r"^(刚刚|刚才|just now|今天|today|昨天|yesterday|前天)\s*(\d{1,2}:\d{2})?$", re.I
)
_CN_NUM = {"半": 0.5, "一": 1, "两": 2, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
           "八": 8, "九": 9, "十": 10, "a": 1, "an": 1, "one": 1}  # fmt: skip


def _to_dt(values: pd.Series, fmt: str) -> pd.Series:
    """Parse with one explicit format; NaT where it does not fit (zones dropped: wall time)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            out = pd.to_datetime(values, format=fmt, errors="coerce")
    except (ValueError, TypeError, OverflowError):
        return pd.Series(pd.NaT, index=values.index, dtype=DT_DTYPE)
    if not isinstance(out.dtype, np.dtype):
        if getattr(out.dtype, "tz", None) is None:
            return pd.Series(pd.NaT, index=values.index, dtype=DT_DTYPE)
        out = out.dt.tz_localize(None)
    return out.astype(DT_DTYPE)


def _shift(reference: pd.Timestamp, n: float, unit: str) -> pd.Timestamp:
    if unit == "M":
        return reference - pd.DateOffset(months=round(n))
    if unit == "Y":
        return reference - pd.DateOffset(years=round(n))
    return reference - pd.to_timedelta(n, unit=unit)


def _relative(text: str, reference: pd.Timestamp) -> pd.Timestamp | None:
    m = _REL_RE.match(text)
    if m:
        num = m.group(1).lower()
        n = float(num) if num.isdigit() else _CN_NUM[num]
        return _shift(reference, n, _UNITS[m.group(2).lower()])
    m = _DAY_WORD_RE.match(text)
    if m:
        day = reference - pd.Timedelta(days=_DAY_WORDS[m.group(1).lower()])
        if m.group(2):
            hh, mm = (int(x) for x in m.group(2).split(":"))
            return day.normalize() + pd.Timedelta(hours=hh, minutes=mm)
        return day
    return None


def _parse_unique_dates(u: pd.Series, reference: pd.Timestamp) -> pd.Series:
    out = pd.Series(pd.NaT, index=u.index, dtype=DT_DTYPE)

    def todo() -> pd.Series:
        return out.isna()

    # Bare numbers: yyyymmdd, Excel serials, epoch seconds / milliseconds.
    numeric = pd.Series([v.replace(".", "", 1).isdigit() for v in u], index=u.index, dtype=bool)
    if numeric.any():
        num = pd.to_numeric(u[numeric], errors="coerce")
        ymd = u[numeric].str.fullmatch(r"(?:19|20)\d{6}")
        out.loc[ymd[ymd].index] = _to_dt(u[ymd[ymd].index], "%Y%m%d")
        serial = num.between(_EXCEL_MIN, _EXCEL_MAX)
        base = pd.Timestamp("1899-12-30")
        out.loc[serial[serial].index] = base + pd.to_timedelta(num[serial] * 86400, unit="s")
        sec = num.between(_EPOCH_MIN, _EPOCH_MAX) & ~ymd
        out.loc[sec[sec].index] = pd.to_datetime(num[sec], unit="s").astype(DT_DTYPE)
        ms = num.between(_EPOCH_MIN * 1000, _EPOCH_MAX * 1000)
        out.loc[ms[ms].index] = pd.to_datetime(num[ms], unit="ms").astype(DT_DTYPE)
    rest = u[todo() & ~numeric]
    for fmt in _DIRECT_FORMATS:  # the common forms, straight (fast C parser)
        if len(rest):
            out.loc[rest.index] = _to_dt(rest, fmt)
            rest = rest[out.loc[rest.index].isna()]
    if len(rest):  # other year-first forms: 2024年1月15日 10:30, 2024 / 1 / 15, with a zone
        ymd = rest[rest.str.match(_YMD_RE)]
        norm = ymd.str.replace(_YMD_RE, r"\1-\2-\3 ", regex=True)
        norm = norm.str.replace(_TZ_RE, r"\1", regex=True).str.replace(r"\s+", " ", regex=True)
        norm = norm.str.strip()
        for fmt in _YMD_FORMATS:
            out.loc[norm.index] = out.loc[norm.index].fillna(_to_dt(norm, fmt))
    rest = u[todo()]
    rest = rest[rest.str.match(r"^\d{1,2}/\d{1,2}/\d{4}")]
    for fmt in _DMY_FORMATS:
        if len(rest):
            out.loc[rest.index] = _to_dt(rest, fmt)
            rest = rest[out.loc[rest.index].isna()]
    rest = u[todo()]
    rest = rest[rest.str.contains(r"[A-Za-z]{3}|^\d{1,2} \d{1,2}, \d{4}", regex=True)]
    if len(rest):  # "Reviewed in the United States on January 15, 2024", "15th Jan 2024"
        rest = rest.str.replace(r"^.*\bon\s+", "", regex=True)
        rest = rest.str.replace(r"(?<=\d)(st|nd|rd|th)\b", "", regex=True).str.replace(".", "")
        for fmt in _EN_FORMATS:
            out.loc[rest.index] = _to_dt(rest, fmt)
            rest = rest[out.loc[rest.index].isna()]
            if not len(rest):
                break
    rest = u[todo()]
    for i, text in rest.items():  # relative dates (a handful of distinct values)
        if len(text) <= 20:
            value = _relative(text, reference)
            if value is not None:
                out.loc[i] = value
    return out


def parse_dates(s: pd.Series, reference: datetime | None = None) -> pd.Series:
    """Dates as ``datetime64[ns]`` (NaT when not a date).

    Understands ``2018/6/28 16:16``, ``2019-02-20 16:13:00``, ISO 8601, ``2024年1月15日 10:30``,
    ``2024.01.15``, ``20240115``, Excel serials (1970–2100), epoch seconds and milliseconds,
    ``January 15, 2024``, ``01 1, 2011``, ``15 Jan 2024``, ``1/15/2024`` (month first, day first
    when the month would be > 12) and relative forms (``20小时前``, ``3天前``, ``昨天 10:20``,
    ``刚刚``, ``2周前``, ``3个月前``, ``2 days ago``) resolved against ``reference`` (default:
    now). Several formats may be mixed in one column.
    """
    codes, uniques = _factorize(s)
    if not uniques:
        return pd.Series(pd.NaT, index=s.index, dtype=DT_DTYPE)
    ref = pd.Timestamp(reference) if reference is not None else pd.Timestamp.now().floor("s")
    parsed = _parse_unique_dates(pd.Series(uniques, dtype=object), ref).to_numpy()
    return pd.Series(_take(parsed, codes, np.datetime64("NaT")), index=s.index, dtype=DT_DTYPE)


_AFTER_RE = re.compile(
    r"^(?:.*?(?:后|于))?\s*(\d+|半|一|两|二|三|四|五|六|七|八|九|十)\s*(天|日|周|星期|个月|月)(?:后|之后)?"
    r"(?:追评|追加|评价|评论)?$|^(\d{1,3})$"
)


def resolve_after(base_dates: pd.Series, s: pd.Series) -> pd.Series:
    """Follow-up dates given as an offset from ``base_dates`` (``收货后5天``, ``5天后追评``,
    ``11``, ``当天追评``) or as an absolute date; NaT when neither."""
    codes, uniques = _factorize(s)
    days = np.full(len(uniques), np.nan)
    for i, text in enumerate(uniques):
        if text.startswith("当天") or text in ("0", "当日"):
            days[i] = 0
            continue
        m = _AFTER_RE.match(text)
        if m:
            if m.group(3):
                days[i] = float(m.group(3))
            else:
                n = float(m.group(1)) if m.group(1).isdigit() else _CN_NUM[m.group(1)]
                days[i] = (
                    n * {"天": 1, "日": 1, "周": 7, "星期": 7, "个月": 30, "月": 30}[m.group(2)]
                )
    offset = pd.Series(_take(days, codes, np.nan), index=s.index)
    base = pd.Series(base_dates, index=s.index).astype(DT_DTYPE)
    relative = base + pd.to_timedelta(offset, unit="D")
    absolute = s.where(offset.isna() & (codes >= 0))
    absolute_dates = parse_dates(absolute.fillna(""))
    return relative.fillna(absolute_dates).astype(DT_DTYPE)


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
