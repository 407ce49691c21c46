"""Measure aspect detection on the restaurant ASTE corpus: ``python -m tools.evaluate_aspects --data DIR``.

Protocol (also in ``resources/aspects/EVALUATION.md``): each gold (aspect, opinion) pair of a
sentence is mapped to one of our restaurant-relevant categories by the rules below, which are
written here independently of the taxonomy's keyword lists. A sentence's gold set is the set of
mapped categories; the prediction is ``tag_aspects([sentence])`` with the food pack. Micro
precision / recall / F1 are over (sentence, category) pairs restricted to the mapped categories;
coverage is the share of gold pairs whose sentence gets any aspect at all. Only aggregate figures
are printed, never review text.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

import pandas as pd

from app.core.aspects.taxonomy import detect_packs, load_taxonomy, tag_aspects

# Gold aspect term → category: first rule whose word the term contains (order matters).
TERM_RULES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("serving_speed", ("上菜", "出菜", "出餐", "排队", "等位", "速度", "效率")),
    ("portion", ("分量", "份量", "菜量", "量")),
    ("price", ("价", "性价比", "团购", "消费", "人均", "钱", "收费", "优惠", "套餐")),
    ("location", ("交通", "位置", "地段", "停车", "地铁", "地理", "路")),
    ("environment", ("环境", "装修", "装潢", "店面", "门面", "灯光", "座位", "包间", "包厢",
                     "卫生", "空调", "氛围", "气氛", "餐具", "桌", "椅", "厕所", "音乐", "风格",
                     "大厅", "景", "布置")),
    ("service", ("服务", "态度", "老板", "店员", "收银", "经理", "厨师", "师傅", "阿姨",
                 "小哥", "小妹", "美女", "帅哥")),
    ("taste", ("味道", "口味", "口感", "菜品", "菜式", "菜色", "食材", "出品", "手艺")),
)  # fmt: skip
# Terms that name the place or the business rather than a dish: not mapped.
NOT_FOOD = ("店", "家", "馆", "厅", "生意", "地方", "活动", "品牌", "会员", "东西", "人", "体验")
OPINION_RULES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("portion", ("量", "分量", "份量", "个头", "吃不饱", "吃饱")),
    ("price", ("贵", "便宜", "实惠", "划算", "价")),
    ("service", ("热情", "周到", "态度", "服务")),
    ("environment", ("干净", "卫生", "环境", "装修", "安静", "吵")),
    ("taste", ("好吃", "难吃", "美味", "味", "香", "鲜", "嫩", "辣", "咸", "甜", "酸", "脆",
               "口感", "新鲜", "油", "腻", "正宗", "地道", "可口")),
)  # fmt: skip
CATEGORIES = tuple(c for c, _ in TERM_RULES)


def gold_category(aspect: str, opinion: str) -> str | None:
    """Our category for one gold pair, or None when it cannot be mapped."""
    aspect, opinion = aspect.strip(), opinion.strip()
    for category, words in TERM_RULES:
        if aspect and any(w in aspect for w in words):
            return category
    if aspect and any(w in aspect for w in NOT_FOOD):
        return None
    for category, words in OPINION_RULES:
        if any(w in opinion for w in words):
            return category
    return "taste" if aspect else None  # an opinion about a named dish is about the food


def evaluate(frame: pd.DataFrame, packs: tuple[str, ...] = ("food",)) -> dict:
    taxonomy = load_taxonomy()
    texts = frame["text"].astype(str).tolist()
    predicted = tag_aspects(texts, packs=packs, taxonomy=taxonomy)
    scope = set(CATEGORIES)
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    out_of_scope = 0
    pairs = mapped = covered = covered_explicit = explicit = 0
    for raw, pred in zip(frame["aspects"], predicted, strict=True):
        gold_pairs = json.loads(raw) if isinstance(raw, str) and raw else []
        gold = set()
        for item in gold_pairs:
            pairs += 1
            explicit += bool(item.get("aspect", "").strip())
            category = gold_category(item.get("aspect", ""), item.get("opinion", ""))
            if category is not None:
                gold.add(category)
                mapped += 1
            if pred:
                covered += 1
                covered_explicit += bool(item.get("aspect", "").strip())
        in_scope = set(pred) & scope
        out_of_scope += len(set(pred) - scope)
        for c in in_scope & gold:
            tp[c] += 1
        for c in in_scope - gold:
            fp[c] += 1
        for c in gold - in_scope:
            fn[c] += 1

    def prf(t: int, p: int, n: int) -> tuple[float, float, float]:
        precision = t / (t + p) if t + p else 0.0
        recall = t / (t + n) if t + n else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return precision, recall, f1

    per_category = {
        c: (*prf(tp[c], fp[c], fn[c]), tp[c] + fn[c]) for c in CATEGORIES if tp[c] + fn[c] or fp[c]
    }
    t, p, n = sum(tp.values()), sum(fp.values()), sum(fn.values())
    return {
        "sentences": len(frame),
        "gold_pairs": pairs,
        "mapped_share": mapped / pairs if pairs else 0.0,
        "micro": prf(t, p, n),
        "strict_micro": prf(t, p + out_of_scope, n),
        "out_of_scope_predictions": out_of_scope,
        "coverage": covered / pairs if pairs else 0.0,
        "coverage_explicit": covered_explicit / explicit if explicit else 0.0,
        "sentences_tagged": sum(1 for x in predicted if x) / max(len(frame), 1),
        "per_category": per_category,
        "auto_packs": detect_packs(texts, taxonomy),
    }


def _report(split: str, result: dict) -> str:
    p, r, f = result["micro"]
    sp, sr, sf = result["strict_micro"]
    lines = [
        f"split={split} sentences={result['sentences']} gold pairs={result['gold_pairs']} "
        f"mapped={result['mapped_share']:.1%} auto packs={','.join(result['auto_packs']) or '-'}",
        f"micro   P={p:.3f} R={r:.3f} F1={f:.3f}",
        f"strict  P={sp:.3f} R={sr:.3f} F1={sf:.3f} "
        f"(+{result['out_of_scope_predictions']} out-of-scope predictions counted wrong)",
        f"coverage={result['coverage']:.1%} (explicit aspect terms {result['coverage_explicit']:.1%})"
        f" sentences tagged={result['sentences_tagged']:.1%}",
        "category        P      R      F1     gold",
    ]
    for category, (cp, cr, cf, support) in result["per_category"].items():
        lines.append(f"{category:<14}{cp:7.3f}{cr:7.3f}{cf:7.3f}{support:8d}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tools.evaluate_aspects", description=__doc__.splitlines()[0]
    )
    parser.add_argument(
        "--data", required=True, type=Path, help="folder with aste_zh_restaurant.csv"
    )
    parser.add_argument("--split", default="test", choices=["train", "dev", "test", "all"])
    args = parser.parse_args(argv)
    path = args.data / "aste_zh_restaurant.csv"
    if not path.is_file():
        print(f"not found: {path}", file=sys.stderr)
        return 2
    frame = pd.read_csv(path, encoding="utf-8-sig", dtype={"aspects": str})
    if args.split != "all":
        frame = frame[frame["split"] == args.split]
    print(_report(args.split, evaluate(frame)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
