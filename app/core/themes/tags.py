"""Tags from opinion units: 快递慢 · 客服不回复 · 尺码偏小, each with its reviews and quotes.

A tag is one target (synonyms merged: 快递/物流/送货/配送) with one opinion sense (慢, 不回复) and
one polarity. Its label is the most common way the clauses say it (快递太慢 may beat 快递慢), its
count the reviews holding such a unit, its quotes clauses holding one, so every quote says what
the label says. Opinions about nothing named (很失望, 不推荐) are counted apart per polarity,
never as a tag. A target/sense with fewer than :data:`MIN_REVIEWS` reviews, or beyond the
:data:`MAX_TAGS` biggest, is no tag of its own: its reviews count in the aspect's "other" line. Deterministic: keys are the target and
sense themselves, so the user's renames and merges re-attach after a re-run.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from app.core.aspects.taxonomy import Taxonomy, tag_aspects
from app.core.text.codes import clause_codes
from app.core.themes import units as units_mod
from app.core.themes.facts import Coded, aspect_codes, main_of
from app.core.themes.theme import Theme
from app.core.themes.unit_words import ATTRIBUTES, GENERIC

MIN_REVIEWS = 3  # a target/sense held by fewer reviews is not shown as a tag
MAX_TAGS = 30  # per polarity: more is no overview; the rest count in their aspect's other line
QUOTES = 3
CHECK_EVERY = 50_000  # distinct unit strings read between two cancel checks (~0.1 s)
TYPICAL_QUOTE = 14  # characters: quotes closest to this length first (whole, not a fragment)

# Words customers use for one thing (written for ReviewLens; general e-commerce, not one shop).
SYNONYMS = (
    "快递 物流 送货 配送 快递员 送货员 派送 运输",
    "客服 卖家 商家 店家 掌柜 客服人员 售后客服",
    "电池 续航 电量 待机",
    "尺码 尺寸 码数 码子 号码",
    "价格 价钱 价位 售价",
    "包装 外包装 包装盒 盒子 包装袋",
    "屏幕 屏 显示屏 屏幕显示",
    "声音 音质 音量 喇叭 扬声器 音效",
    "质量 品质 质感 做工质量",
    "味道 口味 滋味",
    "分量 份量 量",
    "信号 网络信号",
    "颜色 色泽 配色",
    "面料 布料 料子 材质",
    "外卖员 骑手 外卖小哥 送餐员",
)
CANONICAL = {word: group.split()[0] for group in SYNONYMS for word in group.split()}
# Verdicts about the purchase as a whole: an opinion of these about nothing named is counted as
# 整体满意 / 整体不满意, never as a tag.
OVERALL = frozenset(
    """满意 喜欢 推荐 好评 差评 失望 垃圾 无语 一般 还行 可以 棒 赞 完美 后悔 坑 差 好 不错 满分 五星 超赞 很棒 给力 值得 放心 靠谱 爱了 惊喜 开心
    生气 恶心 骗 骗人 上当 回购 失败 郁闷 无奈 呵呵 心塞 糟糕 差劲 极差 一星 负分 闹心 坑人 信赖 支持 好用 实用 舒服 漂亮 好看 划算 值 ok good
    nice 惊艳 省心 安心 愉快 高兴 伤心 难受 气人 崩溃 服了 醉了 无力吐槽 再来 再买 买 会买 回头 行 爽 好玩 差差 可惜 遗憾 烂 很烂 太烂""".split()  # noqa: SIM905
)


# Plain verdicts on a named target: one sense each, whatever the words (written for ReviewLens).
# Specific opinions (干净, 热情, 嘈杂, 慢) stay senses of their own.
_VERDICT_FAMILIES = {
    (
        "praise",
        "好",
    ): "好 不错 棒 很棒 赞 超赞 好评 可以 还可以 还行 行 ok good nice 完美 优秀 一流 满意 喜欢 "
    "推荐 没得说 没话说 没的说 给力 满分 五星 靠谱 放心 值得 出色 很赞 好极了 杠杠 杠杠的 无可挑剔",
    (
        "complaint",
        "差",
    ): "差 不好 很差 太差 极差 糟糕 差劲 烂 很烂 垃圾 不满意 失望 不行 负分 一星 差评 坑 "
    "不咋地 不怎么样 不咋样 不给力 不靠谱 一塌糊涂",
    ("complaint", "一般"): "一般 一般般 普通 凑合 马马虎虎 不怎么好 平平 很一般",
}
VERDICTS = {word: family for family, words in _VERDICT_FAMILIES.items() for word in words.split()}


@dataclass
class Tagged:
    """One polarity's tags, and what its opinion units said that is not a tag."""

    themes: list[Theme]
    unspecified: int  # reviews with an opinion of this polarity about nothing named
    other: dict[str, int] = field(default_factory=dict)  # aspect key → reviews in rare tags


def canonical_target(target: str) -> str:
    """The word a target is grouped under: synonyms merged, an attribute suffix dropped
    (客服态度 → 客服)."""
    for attribute in ATTRIBUTES:
        if target.endswith(attribute) and len(target) > len(attribute):
            target = target[: -len(attribute)]
            break
    return CANONICAL.get(target, target)


def group_sense(sense: str, target: str, polarity: str = "") -> str:
    """A sense without the target or attribute words the lexicon joined to it: 物流快 of 快递 →
    快, 速度快 → 快 (so 速度快, 很快 and 快 are one tag); a plain verdict of ``polarity`` joins
    its family (环境不错, 环境很好, 环境很棒 → one tag; 服务差, 服务糟糕 → one tag)."""
    joined = (*ATTRIBUTES, *(w for w, c in CANONICAL.items() if c == target), target)
    for word in sorted(joined, key=len, reverse=True):
        if sense.startswith(word) and len(sense) > len(word):
            sense = sense[len(word) :]
            break
    family = VERDICTS.get(sense)
    return family[1] if family and family[0] == polarity else sense


def find_tags(
    clauses: pd.DataFrame,
    polarity: str,
    taxonomy: Taxonomy,
    check: Callable[[], None] = lambda: None,
    *,
    limit: int = MAX_TAGS,
) -> Tagged:
    """The ``polarity`` tags of a clause frame with ``units`` (see :mod:`.units`), biggest
    first, at most ``limit``. A unit counts only where its clause was judged the same way (a
    praise word inside a complaint clause is not praise)."""
    rows = np.flatnonzero(
        (clauses["polarity"] == polarity).to_numpy() & (clauses["units"] != "").to_numpy()
    )
    n_opinion = int((clauses["polarity"] == polarity).sum())
    check()
    codes, distinct = pd.factorize(clauses["units"].to_numpy(dtype=object)[rows])
    check()
    review_ids = clauses["review_id"].to_numpy()[rows]
    # every unit of every distinct units string: (its code, key id, surface, fallback key id)
    key_ids: dict[tuple[str, str], int] = {}
    entry_code, entry_key, entry_fallback, entry_surface = [], [], [], []
    for code, text in enumerate(distinct):
        if code % CHECK_EVERY == 0:
            check()
        for unit in units_mod.decode(text):
            if unit.polarity != polarity:
                continue
            overall = unit.sense in OVERALL or unit.sense.lstrip("不没有") in OVERALL
            if not unit.target or (unit.target == unit.sense and overall):
                key, fallback = ("", unit.sense), None  # 很失望: about nothing named
            elif unit.target in GENERIC:
                continue
            else:
                target = canonical_target(unit.target)
                key, fallback = (target, group_sense(unit.sense, target, polarity)), None
                if unit.attribute:  # 鱼汤味道浓郁: 味道浓郁 when 鱼汤 is said too rarely
                    fallback = (unit.attribute, group_sense(unit.sense, unit.attribute, polarity))
            entry_code.append(code)
            entry_key.append(key_ids.setdefault(key, len(key_ids)))
            entry_fallback.append(
                -1 if fallback is None else key_ids.setdefault(fallback, len(key_ids))
            )
            entry_surface.append(unit.surface)
    check()
    keys = list(key_ids)
    # each clause row's entries: rows × the entries of its code
    entry_code_arr = np.asarray(entry_code, dtype=np.int64)
    per_code = np.bincount(entry_code_arr, minlength=len(distinct))
    first = np.cumsum(per_code) - per_code
    counts = per_code[codes]
    position = np.repeat(np.arange(len(codes)), counts)
    entry = np.repeat(first[codes], counts) + (
        np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts)
    )
    key_of = np.asarray(entry_key, dtype=np.int64)[entry]
    fallback_of = np.asarray(entry_fallback, dtype=np.int64)[entry]
    review_code = pd.factorize(review_ids)[0][position]
    check()
    # reviews per key, then the rare keys with a fallback take it
    pairs = pd.unique(key_of * (review_code.max(initial=0) + 1) + review_code)  # hashed: fast
    reviews_per_key = np.bincount(pairs // (review_code.max(initial=0) + 1), minlength=len(keys))
    rare = (reviews_per_key[key_of] < MIN_REVIEWS) & (fallback_of >= 0)
    key_of = np.where(rare, fallback_of, key_of)
    check()
    unnamed = np.fromiter((not k[0] for k in keys), bool, len(keys))
    named = ~unnamed[key_of]
    # 没说具体原因: reviews whose only opinions of this polarity name nothing (很失望, 垃圾)
    unspecified = set(review_ids[position[~named]].tolist()) - set(
        review_ids[position[named]].tolist()
    )
    check()
    # the tags shown: keys held by enough reviews, biggest first, at most MAX_TAGS
    stride = review_code.max(initial=0) + 1
    pairs = pd.unique(key_of[named] * stride + review_code[named])
    check()
    per_key = np.bincount(pairs // stride, minlength=len(keys))
    candidates = [k for k in np.flatnonzero(per_key >= MIN_REVIEWS).tolist()]
    shown = sorted(candidates, key=lambda k: (-per_key[k], keys[k]))[:limit]
    is_shown = np.zeros(len(keys), dtype=bool)
    is_shown[shown] = True
    members: dict[tuple[str, str], list[int]] = {}
    surfaces: dict[tuple[str, str], Counter[str]] = {}
    for k in shown:
        check()
        at = np.flatnonzero(key_of == k)
        key = keys[k]
        members[key] = position[at].tolist()
        said: Counter[str] = Counter()
        for e, moved in zip(entry[at].tolist(), rare[at].tolist(), strict=True):
            surface = entry_surface[e]
            if moved and key[0] in surface:  # said of a rare dish: from the attribute on
                surface = surface[surface.find(key[0]) :]
            said[surface] += 1
        surfaces[key] = said
    check()
    rest = named & ~is_shown[key_of]
    other = _other_lines(keys, key_of[rest], review_ids[position[rest]], taxonomy)
    check()
    themes = _themes(clauses, rows, members, surfaces, polarity, n_opinion, taxonomy, check)
    return Tagged(themes, len(unspecified), other)


def _other_lines(
    keys: list[tuple[str, str]], key_of: np.ndarray, review_ids: np.ndarray, taxonomy: Taxonomy
) -> dict[str, int]:
    """Reviews per aspect (of the target, "" when the taxonomy has none) among the units that
    are in no shown tag."""
    targets = sorted({keys[k][0] for k in set(key_of.tolist())})
    aspect_of = {
        t: (a[0] if a else "")
        for t, a in zip(targets, tag_aspects(targets, taxonomy=taxonomy), strict=True)
    }
    other: dict[str, set[object]] = {}
    for k, review in zip(key_of.tolist(), review_ids.tolist(), strict=True):
        other.setdefault(aspect_of[keys[k][0]], set()).add(review)
    return {aspect: len(reviews) for aspect, reviews in other.items()}


def _themes(
    clauses: pd.DataFrame,
    rows: np.ndarray,
    members: dict[tuple[str, str], list[int]],
    surfaces: dict[tuple[str, str], Counter[str]],
    polarity: str,
    n_opinion: int,
    taxonomy: Taxonomy,
    check: Callable[[], None],
) -> list[Theme]:
    review_ids = clauses["review_id"].to_numpy()[rows]
    clause_ids = clauses["clause_id"].to_numpy()[rows]
    texts = clauses["clause"].to_numpy(dtype=object)[rows]
    scores = np.abs(clauses["score"].to_numpy(dtype=float)[rows])
    part = clauses.iloc[rows]
    aspect_of, aspect_counts = aspect_codes(part)
    text_codes, _ = clause_codes(part)
    coded = {column: Coded.of(rows, clauses, column, check) for column in ("sku", "product")}
    targets = sorted({target for target, _ in members})
    target_aspect = dict(zip(targets, tag_aspects(targets, taxonomy=taxonomy), strict=True))
    themes: list[Theme] = []
    labels_taken: set[str] = set()
    size = {k: len(set(review_ids[v].tolist())) for k, v in members.items()}
    ordered = sorted(members, key=lambda k: (-size[k], k))
    for key in ordered:
        idx = np.asarray(members[key], dtype=np.int64)
        reviews = pd.unique(review_ids[idx])
        aspects = target_aspect.get(key[0]) or ()
        aspect = (
            aspects[0]
            if aspects
            else main_of(np.bincount(aspect_of[idx], minlength=len(aspect_counts)), aspect_counts)
        )
        check()
        label = _label(surfaces[key], labels_taken)
        labels_taken.add(label)
        themes.append(
            Theme(
                key=f"{polarity[0]}:{key[0]}:{key[1]}",
                polarity=polarity,
                label=label,
                terms=[key[0], key[1]],
                size=len(idx),
                review_count=len(reviews),
                share=len(idx) / n_opinion if n_opinion else 0.0,
                clause_ids=clause_ids[idx].tolist(),
                review_ids=reviews.tolist(),
                quotes=_quotes(texts[idx], review_ids[idx], scores[idx], text_codes[idx]),
                main_aspect=aspect,
                top_skus=coded["sku"].affected(idx) if coded["sku"] else [],
                top_products=coded["product"].affected(idx) if coded["product"] else [],
                auto_label=label,
                target=key[0],
                opinion=key[1],
            )
        )
    return themes


def _label(surfaces: Counter[str], taken: set[str]) -> str:
    """The most common way of saying it (ties: the shorter, then alphabetical), not a label
    another tag already has."""
    for surface, _ in sorted(surfaces.items(), key=lambda s: (-s[1], len(s[0]), s[0])):
        if surface not in taken:
            return surface
    return next(iter(surfaces))


def _quotes(
    texts: np.ndarray, review_ids: np.ndarray, scores: np.ndarray, text_codes: np.ndarray
) -> list[str]:
    """Up to :data:`QUOTES` clauses: clearest first, then closest to a typical length; no text
    twice, no review twice."""
    lengths = np.fromiter((len(t) for t in texts), np.int64, len(texts))
    order = np.lexsort((np.abs(lengths - TYPICAL_QUOTE), -np.round(scores, 1)))
    quotes: list[str] = []
    seen_texts: set[int] = set()
    seen_reviews: set[object] = set()
    for i in order:
        if text_codes[i] in seen_texts or review_ids[i] in seen_reviews:
            continue
        seen_texts.add(int(text_codes[i]))
        seen_reviews.add(review_ids[i])
        quotes.append(str(texts[i]))
        if len(quotes) == QUOTES:
            break
    return quotes
