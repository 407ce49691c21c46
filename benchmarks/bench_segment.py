"""Segmentation speed on synthetic reviews: ``python benchmarks/bench_segment.py [N]``.

Prints chars/s and reviews/s for rjieba and jieba (serial and 2 processes) and the cache re-run.
The corpus is generated here (no shared data needed); N defaults to 200,000 (jieba runs use a
slice of it: ~0.4 M chars/s would take minutes on the full corpus).
"""

from __future__ import annotations

import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def _words(text: str) -> list[str]:
    return text.split()


SUBJECTS = _words(
    "衣服 裤子 鞋子 手机 耳机 充电宝 面膜 洗发水 零食 水果 茶叶 台灯 杯子 T恤 外套 包包"
)
ASPECTS = _words(
    "质量 做工 面料 颜色 色差 尺码 物流 快递 包装 客服 价格 性价比 味道 口感 续航 屏幕 "
    "发货 售后 赠品 气味 手感 款式 版型 电池 信号 拍照 音质"
)
OPINIONS = _words(
    "很好 不错 一般 太差了 超级棒 非常满意 不太好 有点失望 还可以 挺快的 太慢了 偏小 偏大 "
    "起球 掉色 有异味 很新鲜 发热严重 卡顿 物超所值 不值这个价 好评 差评 会回购 踩雷了"
)
EXTRAS = [
    "", "", "😂", "👍", "！！", "~", "，下次还来", "，推荐购买", "，好评返现", "，七天无理由退了",
    "，型号BZ-YQ1722", "，128GB版本", "，iPhone15用的", "，XL码", "，這個質量真的很好",
    "，ＯＫ", "，客服小姐姐态度很好", "，快递员送货上门", "，包装破损了",
]  # fmt: skip


def synthetic_reviews(n: int, seed: int = 7) -> list[str]:
    """Review-like sentences: 1–4 clauses of subject/aspect/opinion plus extras."""
    rng = random.Random(seed)
    reviews = []
    for _ in range(n):
        clauses = []
        for _ in range(rng.randint(1, 4)):
            clause = rng.choice(ASPECTS) + rng.choice(["", "真的", "也", "还是", "就是"])
            clauses.append(clause + rng.choice(OPINIONS))
        head = f"这个{rng.choice(SUBJECTS)}" if rng.random() < 0.5 else ""
        reviews.append(head + "，".join(clauses) + rng.choice(EXTRAS))
    return reviews


def _run(label: str, texts: list[str], **kwargs) -> None:
    from app.core.text import segment as text

    text.reload_dictionaries()
    text.segment(texts[:10])  # load the dictionary outside the timing
    text.clear_cache()
    chars = sum(map(len, texts))
    start = time.perf_counter()
    text.segment(texts, **kwargs)
    first = time.perf_counter() - start
    start = time.perf_counter()
    text.segment(texts, **kwargs)
    again = time.perf_counter() - start
    print(
        f"{label:<22} {len(texts):>8,} reviews {chars / first / 1e6:6.2f} M chars/s "
        f"{len(texts) / first:>9,.0f} reviews/s  ({first:.2f} s; cached re-run {again:.2f} s)"
    )


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 200_000
    texts = synthetic_reviews(n)
    # make every text distinct so the cache cannot help the first run
    texts = [f"{t}{i}" if i % 2 else t + "。" * (i % 3) + str(i) for i, t in enumerate(texts)]
    print(f"{n:,} synthetic reviews, {sum(map(len, texts)) / n:.1f} chars on average")
    os.environ["REVIEWLENS_SEGMENTER"] = "rjieba"
    _run("rjieba serial", texts, workers=1)
    os.environ["REVIEWLENS_SEGMENTER"] = "jieba"
    part = texts[: max(n // 5, 1)]
    _run("jieba serial", part, workers=1)
    _run("jieba 2 processes", part, workers=2)


if __name__ == "__main__":
    main()
