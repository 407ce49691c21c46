"""The partner process: shares big analyses, gives the same result, survives, cancels fast."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from app.core.ingest.ledger import build_import
from app.core.partner import Deferred, Partner, shared_map, shares_themes, wanted
from app.core.pipeline import run_analysis
from app.core.progress import Cancelled, CancelToken
from app.io.readers.read import read_file
from app.samples import sample_path
from tests.core import child_jobs

ROOT = Path(__file__).resolve().parents[2]


def test_shared_map_keeps_the_order_and_both_processes_work():
    chunks = [[i, i + 1] for i in range(0, 40, 2)]
    with Partner(enabled=True) as partner:
        results = shared_map(partner, child_jobs.tagged, chunks)
    assert [r[1] for r in results] == [[2 * n for n in c] for c in chunks]
    pids = {r[0] for r in results}
    assert os.getpid() in pids and len(pids) == 2


def test_without_a_partner_everything_runs_here_in_order():
    chunks = [[1], [2], [3]]
    seen = []
    with Partner(enabled=False) as partner:
        results = shared_map(
            partner, child_jobs.tagged, chunks, progress=lambda f, m: seen.append(f)
        )
    assert [r for _, r in results] == [[2], [4], [6]]
    assert {pid for pid, _ in results} == {os.getpid()}
    assert seen[-1] == 1.0


def test_a_partner_that_dies_costs_time_not_the_result():
    with Partner(enabled=True) as partner:
        job = partner.submit(child_jobs.die_unless_in, os.getpid(), 42)
        assert partner.result(job) == 42  # the partner died; the job ran here instead
        assert not partner.active


def test_cancel_stops_the_wait_and_the_partner_process():
    token = CancelToken()
    with pytest.raises(Cancelled), Partner(enabled=True) as partner:
        job = partner.submit(child_jobs.sleepy, 60.0)
        processes = _partner_processes(partner, job)
        assert processes, "the job should run in another process"
        token.cancel()
        started = time.perf_counter()
        partner.result(job, token)
    assert time.perf_counter() - started < 1.0
    for process in processes:
        process.join(timeout=5)
        assert not process.is_alive()


def _partner_processes(partner: Partner, job) -> list:
    if partner._pool is not None:  # spawn platforms: a pool
        return list(partner._pool._processes.values())  # type: ignore[attr-defined]
    process = getattr(job.handle, "process", None)  # Linux: a fork per job
    return [process] if process is not None else []


def test_a_partner_that_dies_during_a_shared_map_costs_time_not_the_result():
    chunks = [[i] for i in range(12)]
    with Partner(enabled=True) as partner:
        results = shared_map(partner, child_jobs.tagged_or_die, chunks)
        assert [r for _, r in results] == [[2 * i] for i in range(12)]
        assert not partner.active


def test_cancel_during_a_shared_map_stops_the_partner():
    token = CancelToken()
    started = []

    def cancel_soon(fraction: float, message: str) -> None:
        if fraction > 0 and not started:
            started.append(time.perf_counter())
            token.cancel()

    chunks = [[0.3]] * 40
    with pytest.raises(Cancelled), Partner(enabled=True) as partner:
        shared_map(partner, child_jobs.nap, chunks, progress=cancel_soon, cancel=token)
    assert time.perf_counter() - started[0] < 1.0


def test_partner_is_chosen_for_big_inputs_on_several_cores(monkeypatch):
    monkeypatch.delenv("REVIEWLENS_PARTNER", raising=False)
    monkeypatch.setattr(os, "sched_getaffinity", lambda _pid: {0, 1}, raising=False)
    assert wanted(500_000) and wanted(5_000_000) and not wanted(1_000)
    assert shares_themes(500_000) and not shares_themes(5_000_000)
    monkeypatch.setattr(os, "sched_getaffinity", lambda _pid: {0}, raising=False)
    assert not wanted(500_000)
    monkeypatch.setenv("REVIEWLENS_PARTNER", "1")
    assert wanted(10) and shares_themes(5_000_000)


def test_analysis_with_a_partner_equals_the_analysis_alone(monkeypatch):
    imported = build_import([read_file(sample_path())])
    monkeypatch.setenv("REVIEWLENS_PARTNER", "0")
    alone = run_analysis(imported)
    monkeypatch.setenv("REVIEWLENS_PARTNER", "1")
    shared = run_analysis(imported)
    pd.testing.assert_frame_equal(alone.reviews, shared.reviews)
    pd.testing.assert_frame_equal(alone.clauses, shared.clauses)
    pd.testing.assert_frame_equal(alone.themes, shared.themes)
    pd.testing.assert_frame_equal(alone.aspects, shared.aspects)
    assert alone.coverage == shared.coverage


def test_deferred_jobs_go_to_the_partner_one_at_a_time_when_started():
    if not sys.platform.startswith("linux"):
        pytest.skip("deferred jobs use forked partners only")
    with Partner(enabled=True) as partner:
        deferred = Deferred(
            partner, {"a": (child_jobs.pid_and, (1,)), "b": (child_jobs.pid_and, (2,))}
        )
        deferred.start_next()
        deferred.start_next()  # "a" still running or just collected: "b" only once it is
        a = deferred.result("a")
        b = deferred.result("b")
    assert a[1] == 1 and b[1] == 2
    assert a[0] != os.getpid()  # started: done by the partner


def test_deferred_jobs_never_started_run_here():
    with Partner(enabled=False) as partner:
        deferred = Deferred(partner, {"a": (child_jobs.pid_and, (7,))})
        deferred.start_next()  # no partner: nothing starts
        assert deferred.result("a", CancelToken()) == (os.getpid(), 7)


def test_a_partner_without_themes_summarises_the_clauses_meanwhile(monkeypatch):
    """At a million reviews the themes stay in this process (memory): the partner then
    summarises the aspects and the per-review facts while themes are named, same result."""
    if not sys.platform.startswith("linux"):
        pytest.skip("the summary goes to forked partners only")
    from app.core import partner as partner_mod

    imported = build_import([read_file(sample_path())])
    monkeypatch.setenv("REVIEWLENS_PARTNER", "0")
    alone = run_analysis(imported)
    monkeypatch.setenv("REVIEWLENS_PARTNER", "1")
    monkeypatch.setattr(partner_mod, "shares_themes", lambda n_texts: False)
    submitted = []
    submit = Partner.submit

    def recording(self, fn, *args, **kwargs):
        submitted.append(getattr(fn, "__name__", ""))
        return submit(self, fn, *args, **kwargs)

    monkeypatch.setattr(Partner, "submit", recording)
    shared = run_analysis(imported)
    assert {"summarise_aspects", "review_facts"} <= set(submitted)
    assert "polarity_themes" not in submitted
    pd.testing.assert_frame_equal(alone.reviews, shared.reviews)
    pd.testing.assert_frame_equal(alone.clauses, shared.clauses)
    pd.testing.assert_frame_equal(alone.themes, shared.themes)
    pd.testing.assert_frame_equal(alone.aspects, shared.aspects)


def test_a_forked_partner_ends_with_the_process_that_started_it(tmp_path):
    """The GUI stops a cancelled analysis by terminating its process: no partner outlives it."""
    if not sys.platform.startswith("linux"):
        pytest.skip("partners are fresh forks on Linux only")
    script = tmp_path / "starter.py"
    script.write_text(
        "import sys, time\n"
        "from app.core.partner import Partner\n"
        "from tests.core import child_jobs\n"
        "partner = Partner(enabled=True)\n"
        "job = partner.submit(child_jobs.sleepy, 60.0)\n"
        "print(job.handle.process.pid, flush=True)\n"
        "time.sleep(60)\n",
        encoding="utf-8",
    )
    environment = {**os.environ, "PYTHONPATH": str(ROOT)}
    with subprocess.Popen(
        [sys.executable, str(script)], stdout=subprocess.PIPE, text=True, cwd=ROOT, env=environment
    ) as starter:
        partner_pid = int(starter.stdout.readline())
        starter.kill()
    deadline = time.monotonic() + 5
    while _alive(partner_pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _alive(partner_pid)


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"  # a zombie has ended; only its exit status is left


def test_the_spawn_pool_partner_gives_the_same_analysis(monkeypatch):
    """Windows and macOS (and callers with threads) get a spawned pool instead of forks."""
    from app.core import partner as partner_mod

    imported = build_import([read_file(sample_path())])
    monkeypatch.setenv("REVIEWLENS_PARTNER", "0")
    alone = run_analysis(imported)
    monkeypatch.setenv("REVIEWLENS_PARTNER", "1")
    monkeypatch.setattr(partner_mod, "_can_fork", lambda: False)
    sent = []

    class CountingPool(partner_mod.ProcessPoolExecutor):
        def submit(self, fn, *args, **kwargs):
            future = super().submit(fn, *args, **kwargs)
            sent.append(future)
            return future

    monkeypatch.setattr(partner_mod, "ProcessPoolExecutor", CountingPool)
    pooled = run_analysis(imported)
    # the model adaptation, the one chunk each of reading and judging, the praise themes
    assert len(sent) >= 3 and all(f.exception() is None for f in sent)
    pd.testing.assert_frame_equal(alone.reviews, pooled.reviews)
    pd.testing.assert_frame_equal(alone.clauses, pooled.clauses)
    pd.testing.assert_frame_equal(alone.themes, pooled.themes)
