"""The desktop app's analysis child: the same result as in-process (frames sent in chunks,
dtypes kept), progress relayed in the caller's language, errors re-raised with the child's
traceback, cancel stops the child at once, a child that dies is a plain error."""

from __future__ import annotations

import contextlib
import multiprocessing
import threading
import time

import numpy as np
import pandas as pd
import pytest

from app.core.errors import AppError
from app.core.i18n import set_language
from app.core.ingest.ledger import build_import
from app.core.pipeline import run_analysis
from app.core.progress import Cancelled, CancelToken
from app.io.readers.read import read_file
from app.runtime import analysis_child
from app.runtime.analysis_child import RemoteTraceback, analyse_in_child
from app.samples import sample_path


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


def _through_a_pipe(obj: object) -> object:
    reader, writer = multiprocessing.Pipe(duplex=False)
    sender = threading.Thread(target=analysis_child.send_object, args=(writer, obj))
    sender.start()
    out = analysis_child.receive_object(reader)
    sender.join(5)
    return out


def test_frames_cross_in_pieces_with_their_dtypes(monkeypatch):
    monkeypatch.setattr(analysis_child, "CELLS", 1000)
    frame = _frame(25_000)
    out = _through_a_pipe({"frame": frame, "series": frame["text"], "small": frame.head(3)})
    pd.testing.assert_frame_equal(out["frame"], frame)
    assert list(out["frame"].dtypes) == list(frame.dtypes)
    pd.testing.assert_series_equal(out["series"], frame["text"])
    pd.testing.assert_frame_equal(out["small"], frame.head(3))


def test_the_child_gives_the_analysis_of_this_process_and_relays_progress():
    imported = build_import([read_file(sample_path())])
    here = run_analysis(imported)  # in Chinese; the result does not depend on it
    progress: list[tuple[float, str]] = []
    set_language("en")
    try:
        there = analyse_in_child(imported, progress=lambda f, m: progress.append((f, m)))
    finally:
        set_language("zh")
    assert there.imported is imported
    pd.testing.assert_frame_equal(here.reviews, there.reviews)
    pd.testing.assert_frame_equal(here.clauses, there.clauses)
    pd.testing.assert_frame_equal(here.themes, there.themes)
    assert progress[-1] == (1.0, "Analysis finished")  # in the caller's language
    assert [f for f, _ in progress] == sorted(f for f, _ in progress)


def test_the_childs_error_is_raised_with_its_traceback():
    with pytest.raises(AttributeError) as raised:
        analyse_in_child(None)  # type: ignore[arg-type]
    assert isinstance(raised.value.__cause__, RemoteTraceback)
    assert "run_analysis" in str(raised.value.__cause__)


def test_cancel_stops_the_child_within_a_second():
    imported = build_import([read_file(sample_path())])
    cancel = CancelToken()
    busy = threading.Event()
    outcome: list[object] = []

    def run() -> None:
        try:
            analyse_in_child(imported, progress=lambda f, m: busy.set(), cancel=cancel)
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


def test_cancel_is_checked_between_the_pieces_of_a_big_result():
    reader, writer = multiprocessing.Pipe(duplex=False)
    frame = _frame(50_000)

    def send() -> None:
        with contextlib.suppress(OSError):  # broken pipe once the receiver gave up
            analysis_child.send_object(writer, frame)

    sender = threading.Thread(target=send)
    sender.start()
    calls = []

    def wait() -> None:
        calls.append(1)
        if len(calls) > 3:
            raise Cancelled()

    with pytest.raises(Cancelled):
        analysis_child.receive_object(reader, wait)
    reader.close()  # the sender stops with a broken pipe, as when the child is terminated
    sender.join(5)
    writer.close()


def test_a_child_that_dies_is_a_plain_error():
    imported = build_import([read_file(sample_path())])
    started = threading.Event()

    def kill_the_child(fraction: float, message: str) -> None:
        if not started.is_set():
            started.set()
            for child in multiprocessing.active_children():
                if child.name == "reviewlens-analysis":
                    child.kill()  # as the system does when memory runs out

    with pytest.raises(AppError, match="分析进程意外退出"):
        analyse_in_child(imported, progress=kill_the_child)
