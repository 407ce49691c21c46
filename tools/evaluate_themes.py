"""Measure the themes on the internal evaluation data: ``python -m tools.evaluate_themes --data DIR``.

(a) online_shopping_10_cats: adjusted mutual information between each clause's theme and its
review's product category, complaint and praise separately (gold review label as polarity, so
only the clustering is measured); (b) aste_zh_restaurant test split: do complaint themes line up
with the gold aspect terms of negative opinions (AMI, purity); (c) coverage; (d) timing at
~200k clauses per polarity. Prints labels and sizes (never review text); ``--write`` also writes
``resources/THEMES_EVALUATION.md``.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.metrics import adjusted_mutual_info_score

from app.core.text.segment import segment
from app.core.themes.find import Theme, assign_clauses, coverage, find_themes
from app.paths import resources_dir

_SPLIT = re.compile(r"[，。！？；,.!?;~～…\n\r\t ]+")


def split_clauses(texts: list[str]) -> tuple[list[int], list[str]]:
    """(owner index, clause) pairs: app.core.text.clauses when present, else punctuation splits."""
    try:
        from app.core.text.clauses import explode_clauses
    except ImportError:
        owner, out = [], []
        for i, text in enumerate(texts):
            for part in _SPLIT.split(str(text)):
                if len(part.strip()) >= 2:
                    owner.append(i)
                    out.append(part.strip())
        return owner, out
    owner, out = explode_clauses([str(t) for t in texts])
    return list(owner), list(out)


def clause_frame(reviews: pd.DataFrame) -> pd.DataFrame:
    owner, texts = split_clauses(reviews["text"].astype(str).tolist())
    frame = reviews.iloc[owner].reset_index(drop=True)
    frame["review_id"] = np.asarray(owner)
    frame["clause"] = texts
    frame["clause_id"] = np.arange(len(frame))
    frame["tokens"] = segment(texts)
    frame["score"] = 0.0
    frame["aspects"] = ""
    frame["date"] = pd.NaT
    frame["product"] = frame.get("category", pd.NA)
    frame["sku"] = pd.NA
    return frame


def purity(themes: pd.Series, gold: pd.Series) -> float:
    table = pd.crosstab(themes, gold)
    return float(table.max(axis=1).sum() / table.to_numpy().sum()) if len(table) else 0.0


def describe(themes: list[Theme]) -> str:
    return ", ".join(f"{t.label} ({t.size}, {t.share:.0%})" for t in themes)


def run_themes(frame: pd.DataFrame, polarity: str) -> tuple[list[Theme], float, pd.Series]:
    start = time.perf_counter()
    themes = find_themes(frame, polarity)
    seconds = time.perf_counter() - start
    return themes, seconds, assign_clauses(themes, frame)


def eval_categories(data: Path, limit: int, out: list[str]) -> None:
    reviews = pd.read_csv(data / "online_shopping_10_cats.csv", encoding="utf-8-sig")
    reviews = reviews.dropna(subset=["label", "text"])
    if limit and len(reviews) > limit:
        reviews = reviews.sample(limit, random_state=0)
    reviews = reviews.reset_index(drop=True)
    reviews["polarity"] = np.where(reviews["label"] == 0, "complaint", "praise")
    frame = clause_frame(reviews)
    out.append(
        f"\n## (a) online_shopping_10_cats — themes vs product category ({len(reviews):,} "
        f"reviews, {len(frame):,} clauses)\n"
    )
    out.append(
        "| polarity | clauses | themes | coverage | AMI (in a theme) | AMI (all, "
        "unassigned as one group) | largest theme | seconds |"
    )
    out.append("|---|---|---|---|---|---|---|---|")
    labels_text = []
    for polarity in ("complaint", "praise"):
        part = frame[frame["polarity"] == polarity]
        themes, seconds, keys = run_themes(frame, polarity)
        keys = keys.loc[part.index]
        inside = keys != ""
        ami_in = adjusted_mutual_info_score(part["category"][inside], keys[inside])
        ami_all = adjusted_mutual_info_score(part["category"], keys)
        largest = max((t.share for t in themes), default=0.0)
        out.append(
            f"| {polarity} | {len(part):,} | {len(themes)} | {coverage(themes):.1%} | "
            f"{ami_in:.3f} | {ami_all:.3f} | {largest:.1%} | {seconds:.1f} |"
        )
        labels_text.append(f"- {polarity}: {describe(themes)}")
        labels_text.append(
            "  - main category per theme: "
            + ", ".join(
                f"{t.label}→{part.loc[keys == t.key, 'category'].mode().iat[0]}"
                f" {part.loc[keys == t.key, 'category'].value_counts(normalize=True).iat[0]:.0%}"
                for t in themes
            )
        )
    out.append("\nTheme labels (size, share):\n")
    out.extend(labels_text)


def aste_clauses(data: Path, polarity: str) -> pd.DataFrame:
    """One row per clause holding a gold opinion of ``polarity`` with a non-empty aspect."""
    rows = pd.read_csv(data / "aste_zh_restaurant.csv", encoding="utf-8-sig")
    rows = rows[rows["split"] == "test"].reset_index(drop=True)
    owner, texts = split_clauses(rows["text"].astype(str).tolist())
    by_owner: dict[int, list[int]] = {}
    for i, o in enumerate(owner):
        by_owner.setdefault(o, []).append(i)
    picked: dict[int, str] = {}
    for o, raw in enumerate(rows["aspects"]):
        for item in json.loads(raw) if isinstance(raw, str) else []:
            if item.get("polarity") != polarity or not item.get("aspect"):
                continue
            for i in by_owner.get(o, []):
                if item.get("opinion", "\0") in texts[i] or item["aspect"] in texts[i]:
                    picked.setdefault(i, item["aspect"])
                    break
    idx = sorted(picked)
    frame = pd.DataFrame(
        {
            "clause_id": np.arange(len(idx)),
            "review_id": [owner[i] for i in idx],
            "clause": [texts[i] for i in idx],
            "gold_aspect": [picked[i] for i in idx],
        }
    )
    frame["tokens"] = segment(frame["clause"].tolist())
    frame["polarity"] = "complaint" if polarity == "neg" else "praise"
    frame["score"], frame["aspects"], frame["date"] = 0.0, "", pd.NaT
    frame["product"], frame["sku"] = pd.NA, pd.NA
    return frame


def eval_aspects(data: Path, out: list[str]) -> None:
    out.append("\n## (b) aste_zh_restaurant (test) — themes vs gold aspect terms\n")
    out.append(
        "| opinions | clauses | themes | coverage | AMI | purity | purity, one group "
        "| AMI (10 most frequent aspects) | label names its main aspect |"
    )
    out.append("|---|---|---|---|---|---|---|---|---|")
    lines = []
    for gold in ("neg", "pos"):
        frame = aste_clauses(data, gold)
        polarity = frame["polarity"].iat[0]
        themes, _, keys = run_themes(frame, polarity)
        inside = keys != ""
        ami = adjusted_mutual_info_score(frame["gold_aspect"][inside], keys[inside])
        pur = purity(keys[inside], frame["gold_aspect"][inside])
        base = frame["gold_aspect"].value_counts(normalize=True).iat[0]
        top = frame["gold_aspect"].value_counts().index[:10]
        sel = inside & frame["gold_aspect"].isin(top)
        ami_top = adjusted_mutual_info_score(frame["gold_aspect"][sel], keys[sel])
        named = 0
        for t in themes:
            main = frame.loc[keys == t.key, "gold_aspect"].mode().iat[0]
            named += main in t.label or any(main in term for term in t.terms[:3])
        out.append(
            f"| {gold} | {len(frame):,} | {len(themes)} | {coverage(themes):.1%} | "
            f"{ami:.3f} | {pur:.1%} | {base:.1%} | {ami_top:.3f} | {named}/{len(themes)} |"
        )
        lines.append(f"- {polarity}: {describe(themes)}")
        counts = Counter(frame["gold_aspect"]).most_common(8)
        lines.append("  - most frequent gold aspects: " + ", ".join(f"{a} {n}" for a, n in counts))
    out.append("\nTheme labels (size, share):\n")
    out.extend(lines)


def eval_timing(data: Path, target: int, out: list[str]) -> None:
    reviews = pd.read_csv(data / "online_shopping_10_cats.csv", encoding="utf-8-sig")
    reviews = reviews.dropna(subset=["label", "text"]).reset_index(drop=True)
    reviews["polarity"] = np.where(reviews["label"] == 0, "complaint", "praise")
    frame = clause_frame(reviews)
    out.append(
        f"\n## (d) Timing — `find_themes` on the full online_shopping_10_cats ({len(frame):,}"
        " clauses), 2-core laptop class machine\n"
    )
    out.append("| polarity | clauses | themes | coverage | seconds |")
    out.append("|---|---|---|---|---|")
    for polarity in ("complaint", "praise"):
        part = frame[frame["polarity"] == polarity]
        if len(part) < target:  # top up by repeating reviews under new ids
            extra = part.sample(target - len(part), replace=True, random_state=0)
            extra = extra.assign(review_id=extra["review_id"] + 10_000_000)
            part = pd.concat([part, extra], ignore_index=True)
            part["clause_id"] = np.arange(len(part))
        themes, seconds, _ = run_themes(part, polarity)
        out.append(
            f"| {polarity} | {len(part):,} | {len(themes)} | {coverage(themes):.1%} | "
            f"{seconds:.1f} |"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tools.evaluate_themes", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--data", type=Path, required=True, help="the shared data folder")
    parser.add_argument("--limit", type=int, default=20_000, help="reviews sampled for (a)")
    parser.add_argument("--timing", type=int, default=200_000, help="clauses per polarity, 0: skip")
    parser.add_argument("--write", action="store_true", help="write resources/THEMES_EVALUATION.md")
    args = parser.parse_args(argv)
    out = [
        "# Themes evaluation",
        "",
        "Generated by `python -m tools.evaluate_themes --data "
        "../shared/data --write`. Figures only; no review text.",
    ]
    eval_categories(args.data, args.limit, out)
    eval_aspects(args.data, out)
    if args.timing:
        eval_timing(args.data, args.timing, out)
    text = "\n".join(out) + "\n"
    sys.stdout.write(text)
    if args.write:
        (resources_dir() / "THEMES_EVALUATION.md").write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
