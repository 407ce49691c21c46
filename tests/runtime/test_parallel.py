"""map_chunks: the same results in order as a plain loop, over workers when it pays, a worker's
death costs time only, cancel returns within a second, workers end with their parent."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from functools import partial
from pathlib import Path

import pandas as pd
import pytest

from app.core.ingest.ledger import build_import
from app.core.pipeline import run_analysis
from app.core.progress import Cancelled, CancelToken, map_here
from app.io.readers.read import read_file
from app.runtime import parallel
from app.runtime.parallel import map_chunks, worker_count
from app.samples import sample_path
from tests.runtime import jobs

ROOT = Path(__file__).resolve().parents[2]


def test_map_chunks_keeps_the_order_and_workers_do_the_work():
    chunks = [[i, i + 1] for i in range(0, 40, 2)]
    seen: list[float] = []
    results = map_chunks(jobs.tagged, chunks, workers=2, progress=lambda f, m: seen.append(f))
    assert [r[1] for r in results] == [[2 * n for n in c] for c in chunks]
    pids = {pid for pid, _ in results}
    assert os.getpid() not in pids and len(pids) == 2
    assert seen[0] == 0.0 and seen[-1] == 1.0 and seen == sorted(seen)


def test_small_maps_and_one_cpu_stay_in_this_process(monkeypatch):
    assert {pid for pid, _ in map_chunks(jobs.tagged, [[1], [2]])} == {os.getpid()}
    monkeypatch.setattr(parallel, "usable_cpus", lambda: 1)
    assert worker_count(100) == 1
    monkeypatch.setattr(parallel, "usable_cpus", lambda: 4)
    assert worker_count(100) == 4 and worker_count(parallel.MIN_CHUNKS - 1) == 1
    assert worker_count(100, workers=1) == 1 and worker_count(3, workers=8) == 3


def test_a_worker_that_dies_costs_time_not_the_result():
    chunks = [[i] for i in range(8)]
    results = map_chunks(partial(jobs.tagged_unless_worker, os.getpid()), chunks, workers=2)
    assert [r for _, r in results] == [[2 * i] for i in range(8)]
    assert {pid for pid, _ in results} == {os.getpid()}
    again = map_chunks(jobs.tagged, chunks, workers=2)  # new workers for the next map
    assert os.getpid() not in {pid for pid, _ in again}


def test_cancel_returns_within_a_second_while_workers_are_busy():
    token = CancelToken()
    started: list[float] = []

    def cancel_soon(fraction: float, message: str) -> None:
        if fraction > 0 and not started:
            started.append(time.perf_counter())
            token.cancel()

    with pytest.raises(Cancelled):
        map_chunks(jobs.nap, [[0.3]] * 40, workers=2, progress=cancel_soon, cancel=token)
    assert time.perf_counter() - started[0] < 1.0


def test_workers_get_settings_from_arguments_not_from_the_environment(monkeypatch):
    map_chunks(jobs.tagged, [[1]] * 4, workers=2)  # the workers exist before the setting
    monkeypatch.setenv("REVIEWLENS_TEST_SETTING", "set later")
    seen = map_chunks(partial(jobs.environment, "REVIEWLENS_TEST_SETTING"), [[1]] * 4, workers=2)
    # a reused worker keeps the environment it started with: which is why every setting a
    # job needs (user words, the taxonomy) is passed as an argument
    assert set(seen) <= {None, "set later"}


def test_workers_end_with_the_process_that_started_them(tmp_path):
    """The desktop app stops a cancelled analysis by terminating its process: no worker of it
    may outlive it (they would hold memory and CPU)."""
    script = tmp_path / "starter.py"
    script.write_text(
        "import sys, time\n"
        "if __name__ == '__main__':\n"
        "    sys.path.insert(0, sys.argv[1])\n"
        "    from app.runtime.parallel import map_chunks\n"
        "    from tests.runtime import jobs\n"
        "    pids = {pid for pid, _ in map_chunks(jobs.tagged, [[1]] * 8, workers=2)}\n"
        "    print(' '.join(map(str, pids)), flush=True)\n"
        "    time.sleep(60)\n",
        encoding="utf-8",
    )
    with subprocess.Popen(
        [sys.executable, str(script), str(ROOT)], stdout=subprocess.PIPE, text=True, cwd=ROOT
    ) as starter:
        worker_pids = [int(p) for p in starter.stdout.readline().split()]
        starter.kill()
    assert len(worker_pids) == 2
    deadline = time.monotonic() + 10
    while any(_alive(p) for p in worker_pids) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(_alive(p) for p in worker_pids)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except OSError:
        return False
    stat = Path(f"/proc/{pid}/stat")
    if stat.exists():  # a zombie has ended; only its exit status is left
        return stat.read_text().rsplit(")", 1)[1].split()[0] != "Z"
    return True


def test_the_analysis_over_workers_equals_the_analysis_here():
    imported = build_import([read_file(sample_path())])
    here = run_analysis(imported, map_chunks=map_here)
    spread = run_analysis(imported, map_chunks=partial(map_chunks, workers=2))
    pd.testing.assert_frame_equal(here.reviews, spread.reviews)
    pd.testing.assert_frame_equal(here.clauses, spread.clauses)
    pd.testing.assert_frame_equal(here.themes, spread.themes)
    pd.testing.assert_frame_equal(here.aspects, spread.aspects)
    assert here.coverage == spread.coverage
