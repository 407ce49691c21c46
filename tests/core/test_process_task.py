"""run_in_child: the same result as in-process (frames sent in chunks, dtypes kept), progress
relayed, the child's error re-raised with its traceback, cancel stops the child at once."""

from __future__ import annotations

import contextlib
import multiprocessing
import threading
import time

import numpy as np
import pandas as pd
import pytest

from app.core import process_task
from app.core.errors import AppError
from app.core.i18n import set_language
from app.core.process_task import RemoteTraceback, run_in_child
from app.core.progress import Cancelled, CancelToken

JOBS = "tests.core.child_jobs"


def _frame(rows: int) -> pd.DataFrame:
    rng = np.random.default_rng(0)
    frame = pd.DataFrame(
        {
            "text": np.array([f"评论{i}，物流很快" for i in range(rows)], dtype=object),
            "label": pd.array(rng.choice(["praise", "complaint"], rows), dtype="str"),
            "rating": pd.array(rng.integers(1, 6, rows), dtype="Int64"),
            "date": pd.date_range("2024-01-01", periods=rows, freq="min"),
            "score": rng.normal(size=rows),
            "flag": rng.random(rows) > 0.5,
            "kind": pd.Categorical(rng.choice(["review", "followup"], rows)),
        },
        index=pd.Index(np.arange(rows) * 3 + 7, name="review_id"),
    )
    frame.loc[frame.index[::5], "rating"] = pd.NA
    frame.loc[frame.index[::7], "text"] = None
    return frame


def test_frames_come_back_equal_with_their_dtypes_and_progress_in_order(monkeypatch):
    monkeypatch.setattr(process_task, "CELLS", 1000)  # parent → child in many chunks
    frame = _frame(25_000)  # child → parent: several chunks at the default size too
    progress: list[tuple[float, str]] = []
    set_language("en")
    try:
        out = run_in_child(
            f"{JOBS}:echo",
            frame,
            {"small": frame.head(3)},
            progress=lambda f, m: progress.append((f, m)),
        )
    finally:
        set_language("zh")
    pd.testing.assert_frame_equal(out["frame"], frame)
    assert list(out["frame"].dtypes) == list(frame.dtypes)
    pd.testing.assert_series_equal(out["series"], frame["text"])
    pd.testing.assert_frame_equal(out["extra"]["small"], frame.head(3))
    assert progress == [(0.25, "a"), (0.5, "b"), (1.0, "done")]  # the caller's language


def test_the_childs_error_is_raised_with_its_traceback():
    with pytest.raises(AppError) as raised:
        run_in_child(f"{JOBS}:fail", "没有可分析的评价", "No reviews to analyse")
    assert str(raised.value) == "没有可分析的评价"  # the plain message, still translatable
    assert isinstance(raised.value.__cause__, RemoteTraceback)
    assert "in fail" in str(raised.value.__cause__)


def test_cancel_stops_the_child_within_a_second():
    cancel = CancelToken()
    busy = threading.Event()
    outcome: list[object] = []

    def run() -> None:
        try:
            run_in_child(f"{JOBS}:forever", progress=lambda f, m: busy.set(), cancel=cancel)
        except BaseException as error:
            outcome.append(error)

    worker = threading.Thread(target=run)
    worker.start()
    assert busy.wait(60), "the child never reported progress"
    started = time.monotonic()
    cancel.cancel()
    worker.join(5)
    assert not worker.is_alive() and time.monotonic() - started < 1.0
    assert len(outcome) == 1 and isinstance(outcome[0], Cancelled)
    assert not [p for p in multiprocessing.active_children() if p.name == "reviewlens-analysis"]


def test_a_prepared_child_is_used_and_sees_the_settings_of_when_it_runs(monkeypatch):
    process_task.prepare(f"{JOBS}:where")
    spare = process_task._spare
    assert spare is not None
    monkeypatch.setenv("REVIEWLENS_TEST_SETTING", "set after the child started")
    pid, value = run_in_child(f"{JOBS}:where", "REVIEWLENS_TEST_SETTING")
    assert pid == spare[1][0].pid and value == "set after the child started"
    assert process_task._spare is None  # used up: the next run starts its own child
    pid_again, _ = run_in_child(f"{JOBS}:where", "REVIEWLENS_TEST_SETTING")
    assert pid_again != pid


def test_cancel_is_checked_between_the_pieces_of_a_big_result():
    reader, writer = multiprocessing.Pipe(duplex=False)
    frame = _frame(50_000)

    def send() -> None:
        with contextlib.suppress(OSError):  # broken pipe once the receiver gave up
            process_task.send_object(writer, frame)

    sender = threading.Thread(target=send)
    sender.start()
    calls = []

    def wait() -> None:
        calls.append(1)
        if len(calls) > 3:
            raise Cancelled()

    with pytest.raises(Cancelled):
        process_task.receive_object(reader, wait)
    reader.close()  # the sender stops with a broken pipe, as when the child is terminated
    sender.join(5)
    writer.close()


def test_a_child_that_dies_is_a_plain_error():
    with pytest.raises(AppError, match=r"分析进程意外退出.*3"):
        run_in_child(f"{JOBS}:die")
