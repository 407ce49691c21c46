"""Invented shop reviews for the bundled sample, the benchmarks and the tests.

Every text here is written by the ReviewLens team from phrase templates; no third-party reviews.
The generator is deterministic for a given seed, and builds in patterns an analyst should find:
a courier problem that grows in the last months, one size that runs small, 5-star reviews with
complaints inside, follow-ups that turn sour, platform placeholder texts and exact duplicates.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from tools.synth_varied import compose
from tools.synth_varied import followup as varied_followup

# (aspect, praise phrases, complaint phrases) — clauses, without final punctuation.
ASPECT_PHRASES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "物流": (
        ("物流很快", "快递第二天就到了", "发货速度快", "快递小哥态度很好", "送货上门很方便"),
        ("快递太慢了", "物流慢得要命", "等了一个星期才到", "快递一直不更新", "发货太慢"),
    ),
    "包装": (
        ("包装很用心", "包装完好无损", "盒子很精致", "包装结实"),
        ("包装太简陋了", "外包装破了", "盒子压扁了", "包装有点脏"),
    ),
    "质量": (
        ("质量很好", "做工精细", "用料扎实", "质量超出预期", "线头处理得很干净"),
        ("质量太差了", "做工粗糙", "洗了一次就起球", "用了两天就坏了", "有开线的地方"),
    ),
    "尺码": (
        ("尺码标准", "大小合适", "按平时尺码买的刚刚好", "版型很正"),
        ("尺码偏小", "买大一号还是小", "尺码不准", "穿着太紧了", "偏小一码"),
    ),
    "颜色": (
        ("颜色很正", "和图片一样好看", "颜色很显白", "没有色差"),
        ("色差很大", "颜色和图片不一样", "洗了掉色", "实物颜色发暗"),
    ),
    "客服": (
        ("客服很耐心", "客服回复及时", "售后处理很快", "客服态度特别好"),
        ("客服不回复", "客服态度很差", "找客服半天没人理", "售后推来推去"),
    ),
    "价格": (
        ("性价比很高", "价格实惠", "这个价格很值", "活动价很划算"),
        ("价格偏贵", "性价比不高", "刚买就降价了", "不值这个价"),
    ),
    "气味": (
        ("没有异味", "有淡淡的香味"),
        ("有很大的异味", "味道刺鼻", "塑料味很重"),
    ),
    "保温": (
        ("保温效果很好", "早上装的热水晚上还是烫的", "保冷也不错"),
        ("保温效果一般", "几个小时就凉了", "盖子漏水"),
    ),
    "音质": (
        ("音质很好", "降噪效果不错", "续航很长", "连接很稳定"),
        ("音质一般", "经常断连", "续航太短", "戴久了耳朵疼"),
    ),
}

PRODUCTS: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...] = (
    (
        "夏季纯棉短袖T恤男女同款宽松打底衫",
        tuple(
            f"颜色分类:{c};尺码:{s}" for c in ("白色", "黑色", "雾霾蓝") for s in ("M", "L", "XL")
        ),
        ("物流", "包装", "质量", "尺码", "颜色", "客服", "价格"),
    ),
    (
        "316不锈钢保温杯大容量便携水杯",
        tuple(f"颜色分类:{c};容量:{v}" for c in ("奶白", "墨绿") for v in ("500ml", "750ml")),
        ("物流", "包装", "质量", "保温", "气味", "客服", "价格"),
    ),
    (
        "BZ-YQ1722 蓝牙耳机 无线降噪入耳式",
        ("颜色分类:黑色;套餐:标配", "颜色分类:白色;套餐:标配", "颜色分类:白色;套餐:礼盒装"),
        ("物流", "包装", "质量", "音质", "客服", "价格"),
    ),
)

OPENERS_PRAISE = ("", "", "", "宝贝收到了，", "第二次购买了，", "给家人买的，", "")
CLOSERS_PRAISE = ("", "", "，推荐购买！", "，会回购的", "，好评！", "，满意", "👍")
CLOSERS_COMPLAINT = ("", "", "，不会再买了", "，很失望", "，差评", "，申请退货了", "😡")
FOLLOWUP_GOOD = ("用了一段时间还是很好", "穿了几次没有变形", "已经推荐给朋友了")
FOLLOWUP_BAD = ("用了一周就坏了", "洗了两次就起球了", "后来发现漏水", "现在已经开线了")
PLACEHOLDERS = ("此用户没有填写评价。", "评价方未及时做出评价,系统默认好评!", "系统默认好评")
REPLIES = ("亲，感谢您的支持，期待再次光临~", "非常抱歉给您带来不好的体验，请联系客服处理")


@dataclass
class SynthReview:
    """One invented export row, with the truth we built into it."""

    order_id: str
    product: str
    sku: str
    user: str
    rating: int
    text: str
    date: datetime
    followup_text: str
    followup_date: datetime | None
    reply: str
    polarity: str  # truth: praise / complaint / mixed / placeholder


def _clause(rng: random.Random, aspect: str, praise: bool) -> str:
    good, bad = ASPECT_PHRASES[aspect]
    return rng.choice(good if praise else bad)


def _courier_trouble(day: int, span: int) -> float:
    """Share of complaints that are about the courier: grows in the last third of the span."""
    return 0.45 if day > span * 2 / 3 else 0.12


VARIETIES = ("phrases", "realistic")


def generate(
    n: int,
    *,
    seed: int = 7,
    end: datetime | None = None,
    days: int = 180,
    variety: str = "phrases",
) -> list[SynthReview]:
    """``n`` invented reviews over ``days`` days ending at ``end``; deterministic per seed.

    ``variety="phrases"`` (the bundled sample, the tests) builds texts from a few fixed phrases,
    so they repeat a lot; ``"realistic"`` (benchmarks) composes them like real exports: about four
    clauses per review, most clauses and almost all reviews distinct (see :mod:`tools.synth_varied`).
    """
    if variety not in VARIETIES:
        raise ValueError(f"variety must be one of {VARIETIES}, not {variety!r}")
    varied = variety == "realistic"
    rng = random.Random(seed)
    end = end or datetime(2026, 11, 15, 21, 0, 0)
    start = end - timedelta(days=days)
    rows: list[SynthReview] = []
    for _i in range(n):
        index = rng.choices((0, 1, 2), weights=(5, 3, 2))[0]
        product, skus, aspects = PRODUCTS[index]
        sku = rng.choice(skus)
        day = rng.randrange(days)
        date = start + timedelta(days=day, seconds=rng.randrange(86400))
        roll = rng.random()
        small_size = "尺码:XL" in sku and rng.random() < 0.5
        if roll < 0.05:
            polarity, text, rating = "placeholder", rng.choice(PLACEHOLDERS), 5
        else:
            if roll < 0.62 and not small_size:
                polarity, rating = "praise", rng.choice((5, 5, 5, 4))
            elif roll < 0.78:
                polarity, rating = "mixed", rng.choice((5, 4, 4, 3))
            else:
                polarity, rating = "complaint", rng.choice((1, 1, 2, 3))
            if varied:
                courier = _courier_trouble(day, days)
                text = compose(rng, polarity, index, aspects, sku, small_size, courier)
            else:
                text = _compose(rng, polarity, aspects, small_size, day, days)
        followup, followup_date = "", None
        if polarity != "placeholder" and rng.random() < 0.12:
            worse = polarity != "complaint" and rng.random() < 0.4
            sour = worse or polarity == "complaint"
            if varied:
                followup = varied_followup(rng, index, sku, sour)
            else:
                followup = rng.choice(FOLLOWUP_BAD if sour else FOLLOWUP_GOOD)
            followup_date = date + timedelta(days=rng.randrange(3, 40))
        reply = ""
        if rng.random() < 0.15:
            reply = REPLIES[0] if polarity in ("praise", "placeholder") else REPLIES[1]
        user = f"{rng.choice('tjxlm')}**{rng.randrange(10)}"
        order_id = str(3_000_000_000_000_000_000 + rng.randrange(10**18))
        rows.append(
            SynthReview(
                order_id,
                product,
                sku,
                user,
                rating,
                text,
                date,
                followup,
                followup_date,
                reply,
                polarity,
            )
        )
        if rng.random() < 0.01:  # the same review exported twice
            rows.append(rows[-1])
    return rows[:n]


def _compose(
    rng: random.Random,
    polarity: str,
    aspects: tuple[str, ...],
    small_size: bool,
    day: int,
    span: int,
) -> str:
    k = rng.choice((1, 2, 2, 3))
    chosen = rng.sample(aspects, k)
    if small_size:  # the size clause is the complaint, placed last
        chosen = [a for a in chosen if a != "尺码"] + ["尺码"]
    if polarity != "praise" and rng.random() < _courier_trouble(day, span) and "物流" not in chosen:
        chosen[-1 if not small_size else 0] = "物流"
    if polarity == "praise":
        flags = [True] * len(chosen)
    elif polarity == "complaint":
        flags = [False] * len(chosen)
    else:  # mixed: praise first, then a contrast and a complaint
        flags = [True] * len(chosen)
        flags[-1] = False
        if len(chosen) == 1:
            chosen.insert(0, rng.choice([a for a in aspects if a != chosen[0]]))
            flags = [True, False]
    clauses = [_clause(rng, a, f) for a, f in zip(chosen, flags, strict=True)]
    if polarity == "mixed":
        head = "，".join(clauses[:-1])
        text = f"{head}，{rng.choice(('但是', '不过', '就是'))}{clauses[-1]}"
    else:
        text = "，".join(clauses)
    if polarity == "praise":
        return rng.choice(OPENERS_PRAISE) + text + rng.choice(CLOSERS_PRAISE)
    if polarity == "complaint":
        return text + rng.choice(CLOSERS_COMPLAINT)
    return text
