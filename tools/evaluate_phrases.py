"""The negation and idiom suite: ``python -m tools.evaluate_phrases [--write]``.

Judges every phrase of ``tests/data/sentiment_phrases.csv`` (short phrases written for
ReviewLens, each with the label a shop owner would give it: praise or complaint) with the
bundled sentiment model. The decision is the sign of the model's score; also counted is how
many the app labels neutral (``SentimentModel.label``). Prints the pass rate overall and per
category and the failing phrases (our own writing, not customer text). ``--write`` adds or
replaces the suite's section in ``resources/models/EVALUATION.md``, leaving the rest of that
file as ``python -m tools.evaluate`` writes it.

The pass rate is a quality figure, not a test that must reach 100 %.
"""

from __future__ import annotations

import argparse
import csv
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from app.core.sentiment.model import COMPLAINT, NEUTRAL, PRAISE, SentimentModel
from app.paths import resource_path

SUITE = Path(__file__).resolve().parents[1] / "tests" / "data" / "sentiment_phrases.csv"
SECTION = "## Negation and idiom suite"


@dataclass(frozen=True)
class Result:
    """One phrase judged: its expected label, the decision (sign of the score), the app label."""

    phrase: str
    expected: str
    category: str
    score: float
    label: str

    @property
    def decision(self) -> str:
        return PRAISE if self.score > 0 else COMPLAINT

    @property
    def passed(self) -> bool:
        return self.decision == self.expected


def read_suite(path: Path = SUITE) -> list[tuple[str, str, str]]:
    """``(phrase, expected, category)`` rows of the suite file."""
    with open(path, encoding="utf-8", newline="") as handle:
        rows = [(r["phrase"], r["expected"], r["category"]) for r in csv.DictReader(handle)]
    bad = [r for r in rows if r[1] not in (PRAISE, COMPLAINT) or not r[0].strip() or not r[2]]
    if bad:
        raise ValueError(f"{path.name}: {len(bad)} rows without phrase, category or a valid label")
    return rows


def judge(model: SentimentModel, rows: list[tuple[str, str, str]]) -> list[Result]:
    """Judge every suite row with ``model``."""
    labels, scores = model.label([r[0] for r in rows])
    return [
        Result(phrase, expected, category, float(score), str(label))
        for (phrase, expected, category), label, score in zip(rows, labels, scores, strict=True)
    ]


def pass_rate(results: list[Result]) -> float:
    """Share of phrases whose decision matches the expected label."""
    return float(np.mean([r.passed for r in results])) if results else 0.0


def report(results: list[Result], model: SentimentModel) -> tuple[str, list[str]]:
    """The markdown section (figures only) and the lines listing failing phrases."""
    cats = sorted({r.category for r in results})
    lines = [
        SECTION,
        "",
        f"`tests/data/sentiment_phrases.csv`: {len(results)} short phrases written for ReviewLens "
        "(double negation, 不让人失望, 没有想象中…, concessions, sarcasm, emoji, 不掉色 …) with "
        "the label a shop owner would give them. Decision = sign of the score of model "
        f'{model.meta.get("version")}; "neutral" = how many the app labels neutral '
        "(`python -m tools.evaluate_phrases`).",
        "",
        "| category | n | pass | neutral |",
        "|---|---:|---:|---:|",
    ]
    for cat in [*cats, None]:
        group = [r for r in results if cat is None or r.category == cat]
        neutral = sum(r.label == NEUTRAL for r in group)
        name = "**all**" if cat is None else cat
        lines.append(f"| {name} | {len(group)} | {pass_rate(group):.1%} | {neutral} |")
    failing = [
        f"  [{r.category}] {r.phrase}  expected {r.expected}, score {r.score:+.2f} ({r.label})"
        for r in results
        if not r.passed
    ]
    return "\n".join(lines), failing


def write_section(section: str, path: Path) -> None:
    """Replace (or append) the suite's section of ``path``; the rest stays as it is."""
    text = path.read_text(encoding="utf-8") if path.is_file() else "# Sentiment model evaluation\n"
    head, _, tail = text.partition(SECTION)
    rest = ""
    if tail:  # keep any section that follows ours
        after = tail.find("\n## ")
        rest = tail[after:].lstrip("\n") if after >= 0 else ""
    out = head.rstrip("\n") + "\n\n" + section + "\n"
    if rest:
        out += "\n" + rest
    path.write_text(out, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tools.evaluate_phrases", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--suite", type=Path, default=SUITE, help=argparse.SUPPRESS)
    parser.add_argument(
        "--write", action="store_true", help="add/update the section in EVALUATION.md"
    )
    args = parser.parse_args(argv)
    model = SentimentModel.load()
    results = judge(model, read_suite(args.suite))
    section, failing = report(results, model)
    print(section)
    print(f"\nFailing phrases ({len(failing)}):")
    print("\n".join(failing) if failing else "  none")
    if args.write:
        path = resource_path("models", "EVALUATION.md")
        write_section(section, path)
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
