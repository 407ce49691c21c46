"""Vectorised date parsing: many formats mixed in one column, relative dates, follow-up offsets.

Parsing runs on the distinct values of a column; each explicit format is tried on the values
still unparsed (pandas' C parser), regexes only on the few left over.
"""

from __future__ import annotations

import re
import warnings
from datetime import datetime

import numpy as np
import pandas as pd

from app.core.ingest.cells import DT_DTYPE, _factorize, _take

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
# Dates outside this window are placeholders (0001-01-01, 9999-12-31, Excel's -5) or overflow
# pandas' nanosecond range (1677–2262): they count as "no date", like unreadable text.
EARLIEST = pd.Timestamp("1900-01-01")
LATEST = pd.Timestamp("2100-12-31 23:59:59")
_WEEKDAY_RE = (
    r"[(（]?\s*(?:星期|周|礼拜)[一二三四五六日天]\s*[)）]?|"
    r"(?i:\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tues?|wed|"
    r"thur?s?|fri|sat|sun)\b\.?,?)"
)
_NO_YEAR_RE = (
    r"^(?:(\d{2})-(\d{2})|(\d{1,2})\s*月\s*(\d{1,2})\s*日?)"
    r"(?:\s*(\d{1,2}):(\d{2})(?::(\d{2}))?)?$"
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
    return _bounded(out)


def _bounded(out: pd.Series) -> pd.Series:
    """``DT_DTYPE`` values, NaT outside ``EARLIEST``..``LATEST`` (never an overflow)."""
    return out.where((out >= EARLIEST) & (out <= LATEST)).astype(DT_DTYPE)


def _shift(reference: pd.Timestamp, n: float, unit: str) -> pd.Timestamp | None:
    """``reference`` minus ``n`` units (半年 = 6 months, 半个月 = 15 days); None when the
    result is outside ``EARLIEST``..``LATEST``."""
    if n > 200 * 366:  # 99999年前: would overflow before any check
        return None
    try:
        if unit in ("M", "Y"):
            months = n * 12 if unit == "Y" else n
            whole = int(months)
            days = round((months - whole) * 30)
            value = reference - pd.DateOffset(months=whole) - pd.Timedelta(days=days)
        else:
            value = reference - pd.to_timedelta(n, unit=unit)
    except (OverflowError, ValueError):  # OutOfBoundsDatetime is a ValueError
        return None
    return value if EARLIEST <= value <= LATEST else None


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
            day = day.normalize() + pd.Timedelta(hours=hh, minutes=mm)
        return day if EARLIEST <= day <= LATEST else None
    return None


def _without_weekday(u: pd.Series) -> pd.Series:
    """``2024-05-06 星期一`` / ``(周一)`` / ``Mon`` → ``2024-05-06`` (other values unchanged)."""
    has = u.str.contains(_WEEKDAY_RE, regex=True) & u.str.contains(r"\d", regex=True)
    if not has.any():
        return u
    out = u.copy()
    stripped = u[has].str.replace(_WEEKDAY_RE, " ", regex=True)
    out[has] = stripped.str.replace(r"\s+", " ", regex=True).str.strip(" ,")
    return out


def _no_year(rest: pd.Series, reference: pd.Timestamp) -> pd.Series:
    """``01-15 10:30`` / ``1月15日``: the reference's year, or the year before when that
    would be after the reference."""
    parts = rest.str.extract(_NO_YEAR_RE).dropna(how="all")
    if parts.empty:
        return pd.Series(pd.NaT, index=rest.index, dtype=DT_DTYPE)
    fields = pd.DataFrame(
        {
            "month": parts[0].fillna(parts[2]),
            "day": parts[1].fillna(parts[3]),
            "hour": parts[4].fillna("0"),
            "minute": parts[5].fillna("0"),
            "second": parts[6].fillna("0"),
        }
    ).astype(int)
    out = pd.Series(pd.NaT, index=parts.index, dtype=DT_DTYPE)
    for year in (reference.year, reference.year - 1):
        todo = out.isna()
        if not todo.any():
            break
        values = pd.to_datetime(fields[todo].assign(year=year), errors="coerce")
        out[todo] = _bounded(values.where(values <= reference))
    return out.reindex(rest.index)


def _parse_unique_dates(u: pd.Series, reference: pd.Timestamp) -> pd.Series:
    u = _without_weekday(u)
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
    rest = rest[rest.str.match(_NO_YEAR_RE)]
    if len(rest):  # 01-15 10:30, 1月15日: this year's (phone apps show the year only when older)
        out.loc[rest.index] = _no_year(rest, reference)
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
    ``刚刚``, ``2周前``, ``3个月前``, ``半年前``, ``2 days ago``) and ``01-15 10:30`` (no year)
    resolved against ``reference`` (default: now); a weekday (``星期一``, ``(周一)``, ``Mon``) is
    ignored. Several formats may be mixed in one column. Dates before 1900 or after 2100
    (placeholders such as ``9999-12-31``) are NaT, so no value can overflow.
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
    days[days > 100 * 366] = np.nan  # 99999999天后 would overflow: not an offset
    offset = pd.Series(_take(days, codes, np.nan), index=s.index)
    base = pd.Series(base_dates, index=s.index).astype(DT_DTYPE)
    relative = _bounded(base + pd.to_timedelta(offset, unit="D"))
    absolute = s.where(offset.isna() & (codes >= 0))
    absolute_dates = parse_dates(absolute.fillna(""))
    return relative.fillna(absolute_dates).astype(DT_DTYPE)
