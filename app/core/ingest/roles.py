"""Which column plays which role — by header aliases, then by content — and which platform.

Header names decide first (exact aliases, then keywords such as 时间/回复/订单); columns the
headers leave open are judged on a sample of their values: the longest, most distinct, most
Chinese free text is the review, a column of 1–5 / stars / 好评中评差评 is the rating, date-like
columns are dates, long numbers are order IDs. Buyer-credit columns are never a rating.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from app.core.errors import ColumnError
from app.core.ingest.aliases import (
    ALIASES,
    OTHER_KNOWN,
    is_not_rating_header,
    is_subscore_header,
    normalize_header,
)
from app.core.ingest.model import ROLES, SUBSCORES, ColumnRoles
from app.core.ingest.platform import detect_platform
from app.core.ingest.raw_table import RawTable
from app.core.ingest.values import _rating_of, clean_text, parse_dates

__all__ = ["detect_platform", "detect_roles", "header_role", "profile_column"]

SAMPLE = 2000
_RANK = {(role, normalize_header(a)): i for role, al in ALIASES.items() for i, a in enumerate(al)}
_IGNORED = {normalize_header(a) for a in (*OTHER_KNOWN, "页码", "页数", "page", "类型", "平台")}
_CREDIT_RE = re.compile(r"等级|级别|信用|credit|level|vip|会员$|userstar", re.I)
_KEYWORDS: tuple[tuple[str, str], ...] = (
    (
        r"(追评|追加).*(时间|日期|天)|(时间|日期|天).*(追评|追加)|append.*(time|date)",
        "followup_date",
    ),
    (r"追评|追加|append|followup", "followup_text"),
    (r"(购买|下单|付款|支付|订购).*(时间|日期)|purchase|orderdate|ordertime", "purchase_date"),
    (r"时间|日期|date|time", "date"),
    (r"回复|reply|response", "reply"),
    (r"订单|order", "order_id"),
    (r"评分|星级|得分|打分|rating|stars?$|score", "rating"),
    (r"(商品|宝贝|产品|菜品|product|item)(名称|标题|名|title|name)?$", "product"),
    (r"sku|规格|颜色|尺码|型号|款式|variant|variation|style", "sku"),
    (r"昵称|用户|买家|会员名|顾客|author|reviewer|nick|buyer", "user"),
    (r"评价|评论|内容|正文|心得|review|comment|body|content", "text"),
)
_SUBSCORE_RE = re.compile(
    r"^(描述|物流|服务|包装|口味|味道|环境|性价比|卫生|分量|质量|发货|配送)(得分|评分|分)?$"
)
_CJK_RE = re.compile(r"[\u3400-\u9fff]")
_ID_RE = re.compile(r"^'?\d{10,}$|^[+-]?\d+(\.\d+)?[eE][+-]?\d+$")
_SKU_RE = re.compile(r"^[^:：;；]{1,10}[:：][^;；]+([;；][^:：;；]{1,10}[:：][^;；]*)*$")
_MASKED_RE = re.compile(r"^.{1,4}\*{2,}.{0,4}$")
_URL_RE = re.compile(r"^(https?://|www\.)", re.I)


@dataclass
class ColumnProfile:
    """What a sample of a column's values looks like."""

    name: str
    fill: float  # share of non-empty cells
    mean_len: float
    cjk: float  # share of CJK characters
    distinct: float  # distinct / non-empty
    rating: float  # share parsing as a 1..5 rating
    date: float
    ids: float
    sku: float
    masked: float  # share of masked nicknames like t***3
    url: float
    monotonic: bool  # sorted integers, like a page counter
    n_distinct: int


def _share(values: list[str], pattern: re.Pattern[str]) -> float:
    return sum(1 for v in values if pattern.search(v)) / len(values) if values else 0.0


def profile_column(s: pd.Series, name: str) -> ColumnProfile:
    """Profile an evenly spaced sample of up to ``SAMPLE`` cells."""
    if len(s) > SAMPLE:
        s = s.iloc[np.linspace(0, len(s) - 1, SAMPLE).astype(int)]
    cells = clean_text(s)
    values = [v for v in cells if v]
    if not values:
        return ColumnProfile(name, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, False, 0)
    total_len = sum(len(v) for v in values)
    cjk = sum(len(_CJK_RE.findall(v)) for v in values) / max(total_len, 1)
    distinct = set(values)
    ratings = [_rating_of(v) for v in distinct]
    ok = {v for v, r in zip(distinct, ratings, strict=True) if r and 1 <= round(r[1]) <= 5}
    if any(r and r[0] == "num" and not (0.5 <= r[1] <= 5) for r in ratings):
        ok = set()  # a 0 or a 7 among plain numbers: counts, not ratings
    ints = [int(v) for v in values if v.isdigit()]
    monotonic = len(ints) == len(values) and len(set(ints)) > 1 and ints == sorted(ints)
    dates = parse_dates(pd.Series(list(distinct), dtype=object)).notna()
    date_ok = {v for v, d in zip(distinct, dates, strict=True) if d}
    return ColumnProfile(
        name=name,
        fill=len(values) / len(cells),
        mean_len=total_len / len(values),
        cjk=cjk,
        distinct=len(distinct) / len(values),
        rating=sum(1 for v in values if v in ok) / len(values),
        date=sum(1 for v in values if v in date_ok) / len(values),
        ids=_share(values, _ID_RE),
        sku=_share(values, _SKU_RE),
        masked=_share(values, _MASKED_RE),
        url=_share(values, _URL_RE),
        monotonic=monotonic,
        n_distinct=len(distinct),
    )


def header_role(name: str) -> tuple[str | None, int]:
    """(role, rank) a header names; rank orders competing headers (lower wins).

    Returns ``("credit", 0)`` for buyer-credit headers, ``("subscores", 0)`` for sub-scores,
    ``("ignored", 0)`` for known non-review columns (Amazon ``Title``, links, page numbers).
    """
    key = normalize_header(re.sub(r"\.\d+$", "", str(name)))
    if not key:
        return None, 0
    if is_not_rating_header(key):
        return "credit", 0
    if key in _IGNORED:
        return "ignored", 0
    for role in ROLES:
        rank = _RANK.get((role, key))
        if rank is not None:
            return role, rank
    if is_subscore_header(key) or _SUBSCORE_RE.match(key):
        return SUBSCORES, 0
    for pattern, role in _KEYWORDS:
        if re.search(pattern, key, re.I):
            if role == "rating" and _CREDIT_RE.search(key):
                return "credit", 0
            return role, 100
    if _CREDIT_RE.search(key):
        return "credit", 0
    return None, 0


def _text_score(p: ColumnProfile) -> float:
    if p.mean_len < 2 or p.url > 0.5 or p.ids > 0.5 or p.date > 0.5 or p.rating > 0.8:
        return 0.0
    if p.n_distinct < 2 or p.distinct < 0.2:
        return 0.0
    return p.mean_len * p.fill * (0.3 + p.distinct) * (0.5 + p.cjk)


def detect_roles(table: RawTable, overrides: dict[str, str] | None = None) -> ColumnRoles:
    """Column roles of a table: header aliases first, content for what they leave open,
    then ``overrides`` (``{"rating": "评分", "text": "评论"}``; ``""`` unsets a role).

    Raises :class:`ColumnError` for an unknown role or column in ``overrides`` and when no
    column holds review text.
    """
    columns = [str(c) for c in table.frame.columns]
    check_overrides(overrides or {}, columns)
    roles = ColumnRoles()
    by_header: dict[str, list[tuple[int, int, str]]] = {}
    named: set[str] = set()
    for pos, col in enumerate(columns):
        role, rank = header_role(col)
        if role is None:
            continue
        named.add(col)
        if role == SUBSCORES:
            roles.subscores.append(col)
        elif role in ROLES:
            by_header.setdefault(role, []).append((rank, pos, col))
    profiles: dict[str, ColumnProfile] = {}

    def prof(col: str) -> ColumnProfile:
        if col not in profiles:
            profiles[col] = profile_column(table.frame[col], col)
        return profiles[col]

    # A header saying "text" over 好评/中评/差评 values is the rating, over dates the date —
    # when another column can hold the text.
    free = [c for c in columns if c not in named]
    for rank, pos, col in list(by_header.get("text", [])):
        others = len(by_header["text"]) > 1 or any(_text_score(prof(c)) > 0 for c in free)
        if not others:
            break
        p = prof(col)
        if p.rating >= 0.9 and p.n_distinct <= 15:
            by_header["text"].remove((rank, pos, col))
            by_header.setdefault("rating", []).append((rank + 50, pos, col))
        elif p.date >= 0.9:
            by_header["text"].remove((rank, pos, col))
            by_header.setdefault("date", []).append((rank + 50, pos, col))
    for role in ROLES:
        candidates = sorted(by_header.get(role, []))
        if role == "text" and len(candidates) > 1:  # same-rank texts: the longest wins
            best = candidates[0][0]
            tied = [c for c in candidates if c[0] == best]
            candidates = sorted(tied, key=lambda c: -_text_score(prof(c[2])))
        if candidates:
            roles.mapping[role] = candidates[0][2]
            roles.confidence[role] = "header"
    _detect_by_content(table, roles, free, prof)
    for role, col in (overrides or {}).items():
        apply_override(roles, role, col)
    if "text" not in roles.mapping:
        seen = "、".join(columns) or "（无）"
        raise ColumnError(
            f"找不到评论内容列。看到的列：{seen}。请用 --map text=列名 指定哪一列是评论内容。",
            f"Cannot find the review text column. Columns seen: {', '.join(columns)}. "
            "Use --map text=<column> to say which column holds the reviews.",
        )
    return roles


def _detect_by_content(table: RawTable, roles: ColumnRoles, free: list[str], prof) -> None:
    """Assign roles the headers left open, judging the unnamed columns by their values."""
    taken = set(roles.mapping.values())

    def assign(role: str, col: str) -> None:
        roles.mapping[role] = col
        roles.confidence[role] = "content"
        taken.add(col)

    free_profiles = [prof(c) for c in free]
    dates = [p for p in free_profiles if p.date >= 0.8 and p.fill > 0]
    if dates and "date" not in roles.mapping:
        assign("date", max(dates, key=lambda p: p.fill).name)
    if "rating" not in roles.mapping:
        ratings = [
            p
            for p in free_profiles
            if p.name not in taken and p.rating >= 0.9 and p.n_distinct <= 15 and not p.monotonic
            and (p.n_distinct >= 2 or p.cjk > 0 or p.mean_len > 1)
        ]  # fmt: skip
        if ratings:
            assign("rating", max(ratings, key=lambda p: (p.rating, p.fill)).name)
    simple = (("order_id", "ids", 0.9), ("sku", "sku", 0.5), ("user", "masked", 0.5))
    for role, attr, threshold in simple:
        if role in roles.mapping:
            continue
        found = [p for p in free_profiles if p.name not in taken and getattr(p, attr) >= threshold]
        found = [p for p in found if p.url < 0.5]
        if role == "order_id":
            found = [p for p in found if p.distinct >= 0.5]
        if found:
            assign(role, max(found, key=lambda p: getattr(p, attr)).name)
    if "text" not in roles.mapping:
        scored = [(p, _text_score(p)) for p in free_profiles if p.name not in taken]
        scored = [(p, s) for p, s in scored if s > 0]
        if scored:
            assign("text", max(scored, key=lambda ps: ps[1])[0].name)


def check_overrides(overrides: dict[str, str], columns: list[str]) -> None:
    """Raise :class:`ColumnError` for an unknown role or a column the table does not have."""
    for role, col in overrides.items():
        if role not in ROLES:
            raise ColumnError(
                f"未知的列角色「{role}」。可用的角色：{'、'.join(ROLES)}。",
                f"Unknown column role '{role}'. Valid roles: {', '.join(ROLES)}.",
            )
        if col and col not in columns:
            raise ColumnError(
                f"表格中没有「{col}」列（--map {role}={col}）。表格中的列：{'、'.join(columns)}。",
                f"There is no column '{col}' (--map {role}={col}). "
                f"The table's columns: {', '.join(columns)}.",
            )


def apply_override(roles: ColumnRoles, role: str, col: str | None) -> None:
    """Give ``role`` to ``col`` (taking it from any other role); ``""`` unsets the role."""
    if not col:
        roles.mapping.pop(role, None)
        roles.confidence.pop(role, None)
        return
    for other, c in list(roles.mapping.items()):
        if c == col and other != role:
            del roles.mapping[other]
            roles.confidence.pop(other, None)
    if col in roles.subscores:
        roles.subscores.remove(col)
    roles.mapping[role] = col
    roles.confidence[role] = "user"
