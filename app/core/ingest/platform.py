"""Which platform an export comes from, by header sets and value signatures."""

from __future__ import annotations

import re

import pandas as pd

from app.core.ingest.aliases import normalize_header
from app.core.ingest.model import ColumnRoles
from app.core.ingest.raw_table import RawTable

_SAMPLE = 300
_HELIUM10 = {
    normalize_header(h)
    for h in [
        "Date",
        "Author",
        "Verified",
        "Helpful",
        "Title",
        "Body",
        "Rating",
        "Images",
        "Videos",
        "URL",
        "Variation",
        "Style",
    ]
}
_JD_LEVELS = re.compile(r"PLUS会员|钻石会员|金牌会员|银牌会员|铜牌会员|注册会员|企业会员")
_ENTITY = re.compile(r"&(hellip|nbsp|ldquo|rdquo|amp|quot|#\d+);")
_TAOBAO_SKU = re.compile(
    r"(颜色分类|尺码|尺寸|套餐类型|机身颜色|存储容量|网络类型)[:：][^;；]*[;；]"
)
_TAOBAO_WORDS = re.compile(r"taobao\.com|tmall\.com|淘宝|天猫|还有\d+天可回复")
_JD_WORDS = re.compile(r"jd\.com|京东")
_PDD_WORDS = re.compile(r"yangkeduo|pinduoduo|拼多多")
_MEITUAN_WORDS = re.compile(
    r"meituan|dianping|美团|大众点评|饿了么|(口味|环境|服务)[:：](非常好|很好|好|一般|差)"
)
_DOUYIN_WORDS = re.compile(r"douyin|抖音|抖店|jinritemai")
_AMAZON_WORDS = re.compile(r"amazon\.|out of 5 stars|Verified Purchase|Reviewed in ")


def _sample_text(frame: pd.DataFrame) -> str:
    """The first non-empty values of every column, joined (a few hundred per column)."""
    parts: list[str] = []
    for col in frame.columns:
        values = frame[col].iloc[:_SAMPLE].to_numpy(dtype=object, na_value=None)
        parts.extend(str(v) for v in values if v is not None and str(v).strip())
    return "\n".join(parts)


def platform_scores(frame: pd.DataFrame, roles: ColumnRoles) -> dict[str, float]:
    """Evidence per platform key (higher is stronger)."""
    headers = [normalize_header(c) for c in frame.columns]
    head = set(headers)
    joined = "|".join(headers)
    text = _sample_text(frame)
    scores = dict.fromkeys(("taobao", "jd", "pdd", "douyin", "meituan", "amazon"), 0.0)
    scores["amazon"] += 3 * (len(head & _HELIUM10) >= 6) + 2 * bool(_AMAZON_WORDS.search(text))
    scores["pdd"] += 3 * (len(head & {"描述得分", "物流得分", "服务得分"}) >= 2)
    scores["pdd"] += 2 * bool(_PDD_WORDS.search(text + joined))
    jd_level = "会员级别" in head and bool(_JD_LEVELS.search(text))
    scores["jd"] += 3 * jd_level + 2 * ("会员级别" in head and bool(head & {"点赞数", "回复数"}))
    scores["jd"] += 1 * bool(_ENTITY.search(text)) + 2 * bool(_JD_WORDS.search(text))
    scores["taobao"] += 3 * bool(_TAOBAO_SKU.search(text)) + 2 * bool(_TAOBAO_WORDS.search(text))
    scores["taobao"] += 2 * bool(re.search(r"初评|追评|几天后追评|auctionsku|ratecontent", joined))
    scores["taobao"] += 1 * ("userstar" in head or "用户等级" in head)
    scores["meituan"] += 2 * (len(head & {"口味", "环境", "服务"}) >= 2) + 2 * ("人均" in head)
    scores["meituan"] += 2 * bool(_MEITUAN_WORDS.search(text)) + 1 * ("菜品" in head)
    scores["douyin"] += 3 * bool(re.search(r"抖音|达人|作者|抖店|douyin", joined))
    scores["douyin"] += 2 * bool(_DOUYIN_WORDS.search(text))
    return scores


def detect_platform(table: RawTable, roles: ColumnRoles) -> str:
    """A key of ``PLATFORMS``: the platform with the strongest signature, else ``unknown``."""
    scores = platform_scores(table.frame, roles)
    best = max(scores, key=lambda k: scores[k])
    top = scores[best]
    if top < 2 or sum(1 for v in scores.values() if v == top) > 1:
        return "unknown"
    return best
