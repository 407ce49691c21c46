"""Hand-made :class:`AnalysisResult` objects for the Excel report tests and benchmark.

Every text is invented. ``make_result()`` builds ~60 reviews of a small clothing shop over five
months (Jan–May 2024): sizes that run small on the white XL, a courier problem that grows in
May, colour complaints, praise for quality and fast delivery, a few 5-star reviews that
complain, formula-like texts and dropped rows with reasons. ``make_result(n=200_000)`` scales
the same recipe for the benchmark. All tables are derived from the clauses, so their counts are
consistent with each other like the real pipeline's.
"""

from __future__ import annotations

import random
from collections import Counter

import pandas as pd

from app.core.ingest.model import EXPORT_COLUMNS, ColumnRoles, FileReport, ImportResult
from app.core.results import AnalysisResult
from app.core.reviews.labels import KEPT_COLUMNS
from app.core.reviews.trends import choose_freq, sentiment_trend

# theme key -> (polarity, label, aspect key, clause texts, terms)
THEMES: dict[str, tuple[str, str, str, tuple[str, ...], list[str]]] = {
    "c_size": (
        "complaint",
        "尺码偏小",
        "size",
        ("尺码偏小", "买大一号还是小", "穿着太紧了"),
        ["偏小", "尺码"],
    ),
    "c_slow": (
        "complaint",
        "快递太慢",
        "logistics",
        ("快递太慢了", "等了一个星期才到", "物流一直不更新"),
        ["快递", "慢"],
    ),
    "c_colour": (
        "complaint",
        "色差大",
        "colour",
        ("色差很大", "实物颜色发暗", "颜色和图片不一样"),
        ["色差", "颜色"],
    ),
    "c_quality": (
        "complaint",
        "质量差",
        "quality",
        ("洗了一次就起球", "做工粗糙"),
        ["起球", "做工"],
    ),
    "c_other": ("complaint", "其他问题", "", ("不太满意",), ["满意"]),  # hidden by the user
    "p_quality": (
        "praise",
        "质量好",
        "quality",
        ("质量很好", "做工精细", "面料舒服"),
        ["质量", "做工"],
    ),
    "p_fast": ("praise", "物流快", "logistics", ("物流很快", "快递第二天就到了"), ["物流", "快"]),
    "p_colour": ("praise", "颜色好看", "colour", ("颜色很正", "和图片一样好看"), ["颜色", "好看"]),
}
HIDDEN = {"c_other"}
ASPECT_LABELS = {  # key: (Chinese, English) name
    "size": ("尺码", "Size"),
    "logistics": ("物流", "Delivery"),
    "colour": ("颜色", "Colour"),
    "quality": ("质量", "Quality"),
    "service": ("客服", "Service"),
}
NEUTRAL_CLAUSES = ("收到了", "还没穿", "给朋友买的")
SERVICE_COMPLAINT = "客服不回复"  # an opinion clause in no tag: too rare, the 客服 其他 line
UNSPECIFIED = {"complaint": 4, "praise": 2}  # reviews whose opinion names nothing (很失望)
SKUS = {
    "颜色分类:白色;尺码:XL": "纯棉T恤",
    "颜色分类:白色;尺码:M": "纯棉T恤",
    "颜色分类:黑色;尺码:L": "纯棉T恤",
    "颜色分类:藏青;尺码:S": "雪纺连衣裙",
}
FILES = ("淘宝评价_1月至3月.xlsx", "淘宝评价_4月至5月.csv")
# Kept reviews with risky texts: (text, rating). They are complaints about quality.
SPECIAL_TEXTS = (
    ('=HYPERLINK("http://x","点我")', 2),
    ("=1+1", 3),
    ("+86 联系我 做工粗糙", 2),
    ("-_- 做工粗糙", 2),
    ("@客服 做工粗糙", 1),
    ("\t做工粗糙，退货\x07了", 1),
)
DROPPED = (
    ("此用户没有填写评价。", "placeholder", "平台默认好评文字"),
    ("", "empty", "没有评论内容"),
    ("。。。！！！", "punctuation_only", "只有标点符号"),
    ("质量很好", "duplicate", "与上一条完全相同"),
    ("=cmd|' /C calc'!A0", "punctuation_only", "只有标点符号"),
)


def _pick_clauses(rng: random.Random, month: int, sku: str) -> list[str]:
    """Theme keys (or "" for a neutral / untagged clause) of one review."""
    weights = {
        "c_size": 3 if sku.endswith("XL") else 1,
        "c_slow": 0.6 if month < 5 else 8,
        "c_colour": 1.5,
        "c_quality": 0.7,
        "c_other": 0.3,
        "p_quality": 4,
        "p_fast": 3 if month < 5 else 1,
        "p_colour": 2,
    }
    keys = rng.choices(list(weights), weights=list(weights.values()), k=rng.choice((1, 1, 2, 2, 3)))
    if rng.random() < 0.15:
        keys.append("")
    return list(dict.fromkeys(keys))


def make_result(
    n: int = 60, *, seed: int = 3, dates: bool = True, skus: bool = True, products: bool = True
) -> AnalysisResult:
    """A consistent hand-made result with ``n`` generated reviews plus the special ones."""
    rng = random.Random(seed)
    start = pd.Timestamp("2024-01-01")
    days = (pd.Timestamp("2024-05-31") - start).days
    review_rows, clause_rows = [], []
    sku_names = list(SKUS)
    for i in range(n + len(SPECIAL_TEXTS)):
        day = (
            start + pd.Timedelta(days=(i * 7919) % (days + 1)) if i else pd.Timestamp("2024-05-31")
        )
        sku = sku_names[rng.randrange(len(sku_names))]
        special = i - n if i >= n else None
        if special is None:
            keys = _pick_clauses(rng, day.month, sku)
            texts = []
            for key in keys:
                texts.append(rng.choice(THEMES[key][3]) if key else rng.choice(NEUTRAL_CLAUSES))
            if rng.random() < 0.1:
                keys.append("service")
                texts.append(SERVICE_COMPLAINT)
            text = "，".join(texts)
        else:
            text, _ = SPECIAL_TEXTS[special]
            keys, texts = ["c_quality"], [text]
        pols = []
        for key, clause in zip(keys, texts, strict=True):
            if key == "service":
                pol, theme, aspect = "complaint", "", "service"
            elif key:
                pol, _, aspect, _, _ = THEMES[key]
                theme = key
            else:
                pol, theme, aspect = "neutral", "", ""
            pols.append(pol)
            clause_rows.append(
                {
                    "review_id": i,
                    "clause": clause,
                    "polarity": pol,
                    "theme": theme,
                    "aspect": aspect,
                }
            )
        n_c, n_p = pols.count("complaint"), pols.count("praise")
        sentiment = "complaint" if n_c > n_p else "praise" if n_p > n_c else "neutral"
        if n_c and n_c == n_p:
            sentiment = "mixed"  # praises and complains as much: 褒贬都有 (3 stars)
        if special is not None:
            rating = SPECIAL_TEXTS[special][1]
        elif sentiment == "complaint":
            rating = 5 if i % 9 == 0 else rng.choice((1, 2, 3))
        else:
            rating = rng.choice((4, 5, 5)) if sentiment == "praise" else rng.choice((3, 4))
            rating = 3 if sentiment == "mixed" else rating
        review_rows.append(
            {
                "review_id": i,
                "text": text,
                "followup_text": "追评：洗了一次就起球" if i % 17 == 5 else "",
                "rating": rating,
                "date": day.replace(hour=(i * 7) % 24, minute=(i * 13) % 60) if dates else pd.NaT,
                "product": SKUS[sku] if products else "",
                "sku": sku if skus else "",
                "sentiment": sentiment,
                "text_sentiment": sentiment,
                "sentiment_score": {"praise": 0.7, "complaint": -0.6, "neutral": 0.0, "mixed": 0.1}[
                    sentiment
                ],
                "followup_sentiment": "complaint" if i % 17 == 5 else "",
                "clause_count": len(texts),
                "rating_text_mismatch": sentiment == "complaint" and rating >= 4,
                "got_worse": i % 17 == 5 and sentiment == "praise",
            }
        )
    reviews = pd.DataFrame(review_rows).set_index("review_id")
    reviews["rating"] = reviews["rating"].astype("Int64")
    reviews["date"] = pd.to_datetime(reviews["date"])
    clauses = _clauses(pd.DataFrame(clause_rows), reviews)
    reviews["themes"] = _joined(clauses, "theme", lambda k: THEMES[k][1], reviews.index)
    reviews["aspects"] = _joined(clauses, "aspects", str, reviews.index)  # keys, as a result
    n_files = len(FILES)
    reviews["source_file"] = [
        FILES[min(i * n_files // len(reviews), n_files - 1)] for i in range(len(reviews))
    ]
    reviews["source_row"] = reviews.groupby("source_file").cumcount() + 2
    reviews = reviews[[*KEPT_COLUMNS, *(c for c in reviews.columns if c not in KEPT_COLUMNS)]]
    imported = _imported(reviews)
    freq = choose_freq(reviews["date"]) if dates else None
    trend = sentiment_trend(reviews["sentiment"], reviews["date"], freq) if freq else None
    return AnalysisResult(
        imported=imported,
        reviews=reviews,
        clauses=clauses,
        themes=_themes(clauses, reviews),
        aspects=_aspects(clauses),
        freq=freq,
        trend=trend,
        coverage={"complaint": 0.9, "praise": 1.0},
        unspecified=dict(UNSPECIFIED),
        other={"complaint": {"service": _reviews_saying(clauses, SERVICE_COMPLAINT)}},
        adapted_to=66,
    )


def _clauses(frame: pd.DataFrame, reviews: pd.DataFrame) -> pd.DataFrame:
    frame = frame.reset_index(names="clause_id")
    frame["kind"] = "review"
    frame["tokens"] = frame["clause"]
    frame["score"] = frame["polarity"].map({"praise": 0.7, "complaint": -0.6, "neutral": 0.0})
    frame["aspects"] = frame.pop("aspect")
    for column in ("date", "product", "sku"):
        frame[column] = reviews.loc[frame["review_id"], column].to_numpy()
    return frame


def _joined(clauses: pd.DataFrame, column: str, label, index: pd.Index) -> pd.Series:
    keys = clauses[clauses[column] != ""].groupby("review_id")[column]
    joined = keys.agg(lambda s: ";".join(dict.fromkeys(label(k) for k in s)))
    return joined.reindex(index, fill_value="")


def _reviews_saying(clauses: pd.DataFrame, text: str) -> int:
    return int(clauses.loc[clauses["clause"] == text, "review_id"].nunique())


def _themes(clauses: pd.DataFrame, reviews: pd.DataFrame) -> pd.DataFrame:
    rows = []
    for key, (polarity, label, aspect, _, terms) in THEMES.items():
        mine = clauses[clauses["theme"] == key]
        stars = reviews.loc[mine["review_id"].unique(), "rating"].dropna().astype(float)
        opinions = (clauses["polarity"] == polarity).sum()
        skus = Counter(s for s in mine["sku"] if s).most_common(3)
        rows.append(
            {
                "key": key,
                "polarity": polarity,
                "label": label,
                "size": len(mine),
                "review_count": mine["review_id"].nunique(),
                "share": len(mine) / opinions if opinions else 0.0,
                "main_aspect": aspect if aspect in ASPECT_LABELS else "",
                "terms": terms,
                "quotes": list(dict.fromkeys(mine["clause"]))[:3],
                "top_skus": skus,
                "hidden": key in HIDDEN,
                "target": terms[0],
                "opinion": label.removeprefix(terms[0]),
                "rating_mean": float(stars.mean()) if len(stars) else float("nan"),
                "low_star_share": float((stars <= 3).mean()) if len(stars) else float("nan"),
            }
        )
    themes = pd.DataFrame(rows)
    themes = themes[themes["size"] > 0]
    order = themes.sort_values(["polarity", "review_count"], ascending=[True, False], kind="stable")
    return order.reset_index(drop=True)


def _aspects(clauses: pd.DataFrame) -> pd.DataFrame:
    tagged = clauses[clauses["aspects"] != ""]
    rows = []
    for key, group in tagged.groupby("aspects"):
        counts = group["polarity"].value_counts()
        praise, complaint = int(counts.get("praise", 0)), int(counts.get("complaint", 0))
        rows.append(
            {
                "key": key,
                "label_zh": ASPECT_LABELS[key][0],
                "label_en": ASPECT_LABELS[key][1],
                "praise": praise,
                "complaint": complaint,
                "neutral": int(counts.get("neutral", 0)),
                "share": len(group) / len(tagged),
                "complaint_rate": complaint / (praise + complaint) if praise + complaint else 0.0,
                "praise_quotes": list(
                    dict.fromkeys(group.loc[group["polarity"] == "praise", "clause"])
                )[:3],
                "complaint_quotes": list(
                    dict.fromkeys(group.loc[group["polarity"] == "complaint", "clause"])
                )[:3],
            }
        )
    return pd.DataFrame(rows).sort_values("share", ascending=False).reset_index(drop=True)


def _imported(reviews: pd.DataFrame) -> ImportResult:
    kept = pd.DataFrame(
        {
            "source_file": reviews["source_file"],
            "source_row": reviews["source_row"],
            "status": "kept",
            "reason": "",
            "reason_code": "",
            "platform": "taobao",
            "text": reviews["text"],
            "followup_text": reviews["followup_text"],
            "rating": reviews["rating"],
            "date": reviews["date"],
            "product": reviews["product"],
            "sku": reviews["sku"],
        },
        index=reviews.index,
    )
    last_file = FILES[-1]
    base_row = int(kept.loc[kept["source_file"] == last_file, "source_row"].max()) + 1
    start = int(reviews.index.max()) + 1
    dropped = pd.DataFrame(
        [
            {
                "source_file": last_file,
                "source_row": base_row + j,
                "status": "dropped",
                "reason": reason,
                "reason_code": code,
                "platform": "taobao",
                "text": text,
                "followup_text": "",
                "rating": 5,
                "date": pd.Timestamp("2024-05-30"),
                "product": "纯棉T恤",
                "sku": "颜色分类:白色;尺码:M",
            }
            for j, (text, code, reason) in enumerate(DROPPED)
        ],
        index=pd.RangeIndex(start, start + len(DROPPED)),
    )
    ledger = pd.concat([kept, dropped])
    ledger["rating"] = ledger["rating"].astype("Int64")
    ledger["review_id"] = ledger.index
    for column in EXPORT_COLUMNS:
        if column not in ledger.columns:
            ledger[column] = ""
    files = []
    for name in FILES:
        mine = ledger[ledger["source_file"] == name]
        n_kept = int((mine["status"] == "kept").sum())
        files.append(
            FileReport(
                source_file=name,
                file_format=name.rsplit(".", 1)[-1],
                encoding=None if name.endswith("xlsx") else "gb18030",
                sheet=None,
                sheets=[],
                platform="taobao",
                roles=ColumnRoles(mapping={"text": "评价内容"}),
                columns=["评价内容"],
                header_row=1,
                title_rows=0,
                rows=len(mine),
                kept=n_kept,
                dropped=len(mine) - n_kept,
            )
        )
    return ImportResult(ledger=ledger.reset_index(drop=True), files=files)


# Invented text-only reviews (no stars): two praise and complain (褒贬都有), one says nothing.
TEXT_ONLY = (
    "物流很快，但是质量太差了，用两天就坏了",
    "外观不错，就是电池不耐用",
    "很好，满意",
    "质量很好，穿着舒服",
    "太差了，用两天就坏了，很失望",
    "给妈妈买的",
)


def text_only_result(texts: tuple[str, ...] = TEXT_ONLY) -> AnalysisResult:
    """The real analysis of a text-only export (the model, not hand-made labels)."""
    from app.core.ingest.ledger import build_import
    from app.core.ingest.raw_table import RawTable
    from app.core.pipeline import AnalysisConfig, run_analysis

    frame = pd.DataFrame({"评价内容": list(texts)}).astype(object)
    table = RawTable("评价导出.csv", frame, list(range(2, len(texts) + 2)), "csv", encoding="utf-8")
    imported = build_import([table], saved_mappings=False)
    return run_analysis(imported, AnalysisConfig(adapt_to_ratings=False))
