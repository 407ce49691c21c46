"""Check that a change leaves an analysis's results as they were.

``python benchmarks/compare_results.py dump FILE OUT.pkl`` analyses FILE (an export) and saves
what a user sees: each review's labels, each clause's polarity, score, tokens, aspects and
theme, the themes (name, size, terms) and the aspect table. ``... compare A.pkl B.pkl`` prints
the columns that differ (exit 1) or "identical". Run ``dump`` once on the code before a change
(e.g. from ``git archive`` of it, with PYTHONPATH) and once after.
"""

from __future__ import annotations

import pickle
import sys

import pandas as pd


def _table(frame: pd.DataFrame) -> dict[str, list]:
    """Columns as plain lists of strings (dtype changes, e.g. object → category, don't count)."""
    return {str(c): frame[c].astype(object).astype(str).tolist() for c in frame.columns}


def dump(path: str, out: str) -> None:
    from app.core.ingest.ledger import build_import
    from app.core.pipeline import AnalysisConfig, run_analysis
    from app.io.readers.read import read_file

    try:  # the production path: per-chunk stages over worker processes
        from app.runtime.parallel import map_chunks

        spread = {"map_chunks": map_chunks}
    except ImportError:  # code before app.runtime
        spread = {}
    result = run_analysis(build_import([read_file(path)]), AnalysisConfig(), **spread)
    themes = _table(result.themes)
    saved = {
        "reviews": _table(result.reviews),
        "clauses": _table(result.clauses),
        "themes": themes,
        "aspects": _table(result.aspects),
        "coverage": result.coverage,
        "freq": result.freq,
        "adapted_to": result.adapted_to,
    }
    with open(out, "wb") as handle:
        pickle.dump(saved, handle)


def compare(a: str, b: str) -> int:
    with open(a, "rb") as handle:
        old = pickle.load(handle)
    with open(b, "rb") as handle:
        new = pickle.load(handle)
    differ = []
    for key in sorted(set(old) | set(new)):
        before, after = old.get(key), new.get(key)
        if isinstance(before, dict) and isinstance(after, dict):
            for col in sorted(set(before) | set(after)):
                if before.get(col) != after.get(col):
                    differ.append(f"{key}.{col}")
        elif before != after:
            differ.append(key)
    print("identical" if not differ else "differ: " + ", ".join(differ))
    return 1 if differ else 0


if __name__ == "__main__":
    if sys.argv[1] == "dump":
        dump(sys.argv[2], sys.argv[3])
    else:
        raise SystemExit(compare(sys.argv[2], sys.argv[3]))
