"""Mutation testing of the rule modules (issue 18), with mutmut 3 — a developer tool, not a test.

Run from the repository root after ``pip install -e ".[mutation]"``::

    python tools/mutation.py                  # mutate the rule modules, run the mutants not
                                              # checked yet, print the table
    python tools/mutation.py --only cells     # one module (name as in the table; repeatable)
    python tools/mutation.py --report         # just the table of the last run
    python tools/mutation.py --report --survivors   # ... and the surviving mutants
    python tools/mutation.py --recheck        # only the survivors again (after new tests)
    python tools/mutation.py --fresh          # every mutant again
    python -m mutmut show NAME                # the diff of one mutant

mutmut copies ``app/`` into ``./mutants`` (git-ignored), changes one operator / constant /
argument at a time and runs only the tests that cover the mutated function (the fast rule
tests listed in ``[tool.mutmut]`` of pyproject.toml, ``-x``, per-mutant CPU time limit).
Results persist in ``mutants/**.meta``: a second run goes on where the last one stopped
(mutmut forgets the results of functions whose code changed).
Of app/core/sentiment/model.py only the label and flag functions count (not the model).
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# table name -> (mutmut name patterns to run, regex a mutant key must match to count)
MODULES: dict[str, tuple[list[str], str]] = {
    "ingest/cleaning": (["app.core.ingest.cleaning*"], r"^app\.core\.ingest\.cleaning\."),
    "ingest/dates": (["app.core.ingest.dates*"], r"^app\.core\.ingest\.dates\."),
    "clauses": (["app.core.text.clauses*"], r"^app\.core\.clauses\."),
    "review_labels": (["app.core.reviews.labels*"], r"^app\.core\.review_labels\."),
    "sentiment_labels": (
        [
            f"app.core.sentiment.model.x_{name}__mutmut_*"
            for name in ("flags", "rating_labels", "review_label")
        ],
        r"^app\.core\.sentiment\.x_(flags|rating_labels|review_label)__mutmut_\d+$",
    ),
    "report_sheets": (["app.io.report.sheets*"], r"^app\.io\.report_sheets\."),
    "report_overview": (["app.io.report.overview*"], r"^app\.io\.report_overview\."),
    "cells": (["app.io.readers.cells*"], r"^app\.io\.cells\."),
    "csv_export": (["app.io.csv_export*"], r"^app\.io\.csv_export\."),
    "row_export": (["app.gui.models.row_export*"], r"^app\.gui\.models\.row_export\."),
}

KILLED = {1, 3}  # a test failed (3: pytest internal error, counted as a kill by mutmut)
SURVIVED = {0}
TIMEOUT = {36, 24, -24, 152, 255}  # over the CPU time limit: counted as detected
NO_TESTS = {5, 33}  # no fast test runs this function


def exit_codes() -> dict[str, int | None]:
    """Every mutant key of the last run with its pytest exit code (None: not checked)."""
    codes: dict[str, int | None] = {}
    for meta in (ROOT / "mutants").rglob("*.py.meta"):
        codes.update(json.loads(meta.read_text(encoding="utf-8"))["exit_code_by_key"])
    return codes


def table(codes: dict[str, int | None], names: list[str], survivors: bool) -> list[str]:
    """Rows: module, mutants, killed, survived, timeout, no tests, other, share killed."""
    head = f"{'module':18} {'mutants':>7} {'killed':>6} {'surv.':>5} {'t/o':>4} {'no t.':>5} {'other':>5} {'share':>6}"
    lines = [head, "-" * len(head)]
    total: Counter[str] = Counter()
    for name in names:
        pattern = re.compile(MODULES[name][1])
        mine = {key: code for key, code in codes.items() if pattern.search(key)}
        count = Counter(_status(code) for code in mine.values())
        checked = len(mine) - count["not checked"]
        total.update(count)
        total["mutants"] += len(mine)
        lines.append(_row(name, len(mine), count))
        if survivors:
            for key in sorted(k for k, c in mine.items() if _status(c) in {"survived", "no tests"}):
                lines.append(f"    {_status(mine[key]):9} {key}")
        if checked < len(mine):
            lines.append(f"    ({len(mine) - checked} not checked yet)")
    lines.append("-" * len(head))
    lines.append(_row("all", total["mutants"], total))
    return lines


def _to_run(names: list[str], recheck: bool, fresh: bool) -> list[str]:
    """What to hand mutmut: name patterns on a first or --fresh run, else the mutants of the
    last run not checked yet (mutmut re-tests every mutant it is given by name), or with
    --recheck the survivors."""
    wanted = re.compile("|".join(MODULES[name][1] for name in names))
    codes = {key: code for key, code in exit_codes().items() if wanted.search(key)}
    if fresh or not codes:
        return [p for name in names for p in MODULES[name][0]]
    again = {"survived", "no tests"} if recheck else {"not checked"}
    return sorted(key for key, code in codes.items() if _status(code) in again)


def _status(code: int | None) -> str:
    if code is None:
        return "not checked"
    for status, group in (
        ("killed", KILLED),
        ("survived", SURVIVED),
        ("timeout", TIMEOUT),
        ("no tests", NO_TESTS),
    ):
        if code in group:
            return status
    return "other"


def _row(name: str, mutants: int, count: Counter[str]) -> str:
    checked = mutants - count["not checked"]
    detected = count["killed"] + count["timeout"]
    share = f"{100 * detected / checked:5.1f}%" if checked else "    -"
    return (
        f"{name:18} {mutants:7} {count['killed']:6} {count['survived']:5} {count['timeout']:4} "
        f"{count['no tests']:5} {count['other']:5} {share:>6}"
    )


def main(argv: list[str] | None = None) -> int:
    """Run mutmut over the chosen rule modules (unless --report) and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", action="append", choices=sorted(MODULES), help="one module")
    parser.add_argument("--report", action="store_true", help="no run: table of the last run")
    parser.add_argument("--survivors", action="store_true", help="list surviving mutants")
    parser.add_argument("--recheck", action="store_true", help="re-run only the survivors")
    parser.add_argument("--fresh", action="store_true", help="check every mutant again")
    parser.add_argument("--max-children", type=int, default=2, help="parallel mutants (2)")
    args = parser.parse_args(argv)
    names = args.only or list(MODULES)
    if not args.report:
        patterns = _to_run(names, args.recheck, args.fresh)
        if not patterns:
            print("nothing left to check (--fresh: check everything again)")
            return 0
        command = [sys.executable, "-m", "mutmut", "run", "--max-children", str(args.max_children)]
        try:
            done = subprocess.run([*command, *patterns], cwd=ROOT, check=False)
        except OSError as error:
            print(f"mutmut could not start: {error}", file=sys.stderr)
            return 2
        if done.returncode != 0:
            print(
                f"mutmut stopped with exit code {done.returncode} "
                '(installed? pip install -e ".[mutation]")',
                file=sys.stderr,
            )
            return done.returncode
    codes = exit_codes()
    if not codes:
        print("no results in ./mutants: run without --report first", file=sys.stderr)
        return 2
    print("\n".join(table(codes, names, args.survivors)))
    print("share = (killed + timeout) / checked mutants")
    return 0


if __name__ == "__main__":
    sys.exit(main())
