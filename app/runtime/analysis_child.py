"""The desktop app's analysis, in a child process, so the window never waits on its GIL.

pandas, scikit-learn and rjieba hold the GIL for up to hundreds of milliseconds per call, which
would freeze the window if they ran in a thread of the GUI process. :func:`analyse_in_child` is
called from a worker thread; it

* starts a child (:mod:`app.runtime.policy`: spawned, as everywhere), which runs
  :func:`~app.core.pipeline.run_analysis` with :func:`~app.runtime.parallel.map_chunks`,
* sends the import, relays the child's ``progress`` calls and returns its result,
* terminates the child as soon as ``cancel`` is set (cancel takes effect at once, whatever the
  child is doing) and then raises :class:`~app.core.progress.Cancelled`,
* re-raises the child's exception with the child's traceback as its ``__cause__``.

Large DataFrames and Series travel column by column in row chunks of about :data:`CELLS` cells:
unpickling a whole 200k-review result is one C call holding the window's GIL for 1.2 s (see
:data:`CELLS`), a piece takes a few milliseconds, and the columns are put together one at a
time. This is the one hand-written transfer left, kept for that measurement.
"""

from __future__ import annotations

import atexit
import contextlib
import io
import multiprocessing
import pickle
import threading
import time
import traceback
import weakref
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any

import numpy as np
import pandas as pd
from pandas.api.extensions import ExtensionArray
from pandas.arrays import NumpyExtensionArray

from app.core.errors import AppError
from app.core.i18n import get_language, set_language
from app.core.ingest.model import ImportResult
from app.core.pipeline import AnalysisConfig, read_texts, run_analysis
from app.core.progress import Cancelled, CancelToken, ProgressFn, no_progress
from app.core.results import AnalysisResult
from app.runtime.parallel import map_chunks
from app.runtime.policy import context

CELLS = 10_000  # values per message: (un)pickling one takes a few ms even for long texts.
# Measured on a 200k-review export (2 cores): the result pickles to 239 MB and unpickling it in
# one call holds the GUI process's GIL for 1.17 s; in pieces, at most 53 ms between two.
POLL = 0.05  # seconds between cancel checks while waiting for the child
PROGRESS_INTERVAL = 0.05  # the child reports at most ~20 times a second
_PROTOCOL = pickle.HIGHEST_PROTOCOL


class RemoteTraceback(Exception):
    """The child's formatted traceback, attached as ``__cause__`` of the re-raised error."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


# -- chunked transfer ---------------------------------------------------------------------------


def send_object(conn: Connection, obj: object, cancel: CancelToken | None = None) -> None:
    """Send ``obj``; DataFrames/Series of more than :data:`CELLS` values go in small pieces."""
    big: list[pd.DataFrame | pd.Series] = []

    class _Pickler(pickle.Pickler):
        def persistent_id(self, o: object) -> object:
            if isinstance(o, pd.DataFrame | pd.Series) and o.size > CELLS:
                big.append(o)
                return len(big) - 1
            return None

    buffer = io.BytesIO()
    _Pickler(buffer, protocol=_PROTOCOL).dump(obj)
    conn.send_bytes(buffer.getvalue())
    conn.send_bytes(pickle.dumps(len(big), protocol=_PROTOCOL))
    for item in big:
        _send_columns(conn, item, cancel)


def _send_columns(conn: Connection, item: pd.DataFrame | pd.Series, cancel: CancelToken | None):
    is_frame = isinstance(item, pd.DataFrame)
    columns = [item.iloc[:, j] for j in range(item.shape[1])] if is_frame else [item]
    rows = CELLS
    header = {
        "frame": is_frame,
        "columns": item.columns if is_frame else None,
        "name": None if is_frame else item.name,
        "dtypes": [c.dtype for c in columns],
        "chunks": -(-len(item) // rows) if len(item) else 0,
        "attrs": dict(item.attrs),
    }
    conn.send_bytes(pickle.dumps(header, protocol=_PROTOCOL))
    index = item.index
    for start in range(0, len(item), rows):
        if cancel is not None:
            cancel.check()
        conn.send_bytes(pickle.dumps(index[start : start + rows], protocol=_PROTOCOL))
    for column in columns:
        for start in range(0, len(item), rows):
            if cancel is not None:
                cancel.check()
            part = column.array[start : start + rows]
            if isinstance(part, NumpyExtensionArray):
                part = part.to_numpy()  # a plain array: object columns stay object
            conn.send_bytes(pickle.dumps(part, protocol=_PROTOCOL))


def receive_object(conn: Connection, wait: Callable[[], None] | None = None) -> Any:
    """The object :func:`send_object` sent; ``wait()`` runs before each piece and while none
    has arrived (it may raise, e.g. :class:`~app.core.progress.Cancelled`)."""

    def recv() -> bytes:
        if wait is not None:
            wait()
            while not conn.poll(POLL):
                wait()
        return conn.recv_bytes()

    skeleton = recv()
    big = [_receive_columns(recv) for _ in range(pickle.loads(recv()))]

    class _Unpickler(pickle.Unpickler):
        def persistent_load(self, pid: object) -> object:
            return big[int(pid)]  # type: ignore[call-overload]

    return _Unpickler(io.BytesIO(skeleton)).load()


def _receive_columns(recv: Callable[[], bytes]) -> pd.DataFrame | pd.Series:
    header = pickle.loads(recv())
    chunks = header["chunks"]
    index_parts = [pickle.loads(recv()) for _ in range(chunks)]
    index = index_parts[0].append(index_parts[1:]) if chunks else pd.RangeIndex(0)
    names = header["columns"] if header["frame"] else [header["name"]]
    series = []
    for name, dtype in zip(names, header["dtypes"], strict=True):
        parts = [pickle.loads(recv()) for _ in range(chunks)]
        values = _concat(parts) if parts else np.zeros(0, dtype=object)
        series.append(pd.Series(values, index=index, name=name, dtype=dtype, copy=False))
    if not header["frame"]:
        series[0].attrs.update(header["attrs"])
        return series[0]
    frame = pd.DataFrame(index=index)
    for j, column in enumerate(series):  # one block per column: no big consolidating copy
        frame.insert(j, names[j], column, allow_duplicates=True)
    frame.columns = names
    frame.attrs.update(header["attrs"])
    return frame


def _concat(parts: list[Any]) -> Any:
    first = parts[0]
    if len(parts) == 1:
        return first
    if isinstance(first, ExtensionArray):
        return type(first)._concat_same_type(parts)
    return np.concatenate(parts)


# -- the child ----------------------------------------------------------------------------------


def _child_main(inbox: Connection, conn: Connection) -> None:
    """Child process body: receive the language and the import, analyse, send back
    ("ok"|"error", payload); progress goes back at most every :data:`PROGRESS_INTERVAL`."""
    try:
        language, imported, config, texts_only = receive_object(inbox)
    except (EOFError, OSError):  # the parent is gone
        return
    finally:
        inbox.close()
    try:
        set_language(language)
        last = [0.0, ""]

        def progress(fraction: float, message: str) -> None:
            now = time.monotonic()
            if message != last[1] or now - last[0] >= PROGRESS_INTERVAL:
                last[0], last[1] = now, message
                conn.send_bytes(pickle.dumps(("progress", (float(fraction), message))))

        if texts_only:  # kept in config.memory; nothing to send back
            read_texts(imported, config, progress=progress, map_chunks=map_chunks)
            result = None
        else:
            result = run_analysis(imported, config, progress=progress, map_chunks=map_chunks)
            result.imported = None  # the parent holds it already: it is not sent back
        conn.send_bytes(pickle.dumps(("ok", None)))
        send_object(conn, result)
    except BaseException as error:  # everything goes back to the parent
        details = "".join(traceback.format_exception(type(error), error, error.__traceback__))
        try:  # rebuilt without calling __init__: AppError(zh, en) cannot be unpickled otherwise
            state = (type(error), error.args, dict(getattr(error, "__dict__", {})))
            payload = pickle.dumps(("error", (state, details)), protocol=_PROTOCOL)
            _rebuild_error(*pickle.loads(payload)[1][0])
        except Exception:  # an exception that does not survive pickling
            state = (RuntimeError, (repr(error),), {})
            payload = pickle.dumps(("error", (state, details)), protocol=_PROTOCOL)
        with contextlib.suppress(OSError):  # the parent is gone or cancelled
            conn.send_bytes(payload)
    finally:
        conn.close()


def _rebuild_error(cls: type[BaseException], args: tuple, state: dict) -> BaseException:
    error = cls.__new__(cls)
    error.args = args
    error.__dict__.update(state)
    return error


# -- the parent ---------------------------------------------------------------------------------


def analyse_in_child(
    imported: ImportResult,
    config: AnalysisConfig | None = None,
    *,
    progress: ProgressFn = no_progress,
    cancel: CancelToken | None = None,
    texts_only: bool = False,
) -> AnalysisResult | None:
    """:func:`~app.core.pipeline.run_analysis` of ``imported`` in a child process (with
    ``texts_only``: :func:`~app.core.pipeline.read_texts` into ``config.memory``, no result).

    Call this from a worker thread, never from a GUI thread: it blocks until the child has
    finished, failed, or was cancelled (then the child is stopped at once).
    """
    cancel = cancel or CancelToken()
    cancel.check()
    process, outbox, ours = _start()

    def waiting() -> None:
        if cancel.cancelled:
            raise Cancelled()
        if not process.is_alive() and not ours.poll():
            raise _stopped(process.exitcode)

    def feed() -> None:
        with contextlib.suppress(Cancelled, OSError, ValueError):  # cancelled: child stopping
            send_object(outbox, (get_language(), imported, config, texts_only), cancel)

    feeder = threading.Thread(target=feed, name="reviewlens-analysis-feed", daemon=True)
    try:
        feeder.start()
        while True:
            waiting()
            if not ours.poll(POLL):
                continue
            kind, payload = pickle.loads(ours.recv_bytes())
            if kind == "progress":
                progress(*payload)
            elif kind == "ok":
                result = receive_object(ours, waiting)
                break
            else:
                state, details = payload
                raise _rebuild_error(*state) from RemoteTraceback(details)
        process.join(1)  # it exits once the result is sent
        if result is not None:
            result.imported = imported
        return result
    except (EOFError, BrokenPipeError, ConnectionResetError) as error:
        cancel.check()
        process.join(1)
        raise _stopped(process.exitcode) from error
    finally:
        _stop(process)
        feeder.join(2)
        outbox.close()
        ours.close()


def _stopped(exitcode: int | None) -> AppError:
    return AppError(
        f"分析进程意外退出（代码 {exitcode}），可能是内存不足。请关闭其他程序后重试，或分批分析。",
        f"The analysis process stopped unexpectedly (code {exitcode}), perhaps out of memory. "
        "Close other programs and try again, or analyse the files in smaller batches.",
    )


def _start() -> tuple[multiprocessing.process.BaseProcess, Connection, Connection]:
    ctx = context()
    inbox, outbox = ctx.Pipe(duplex=False)  # parent → child: language and import
    ours, theirs = ctx.Pipe(duplex=False)  # child → parent: progress, result or error
    process = ctx.Process(target=_child_main, args=(inbox, theirs), name="reviewlens-analysis")
    process.start()
    _RUNNING.add(process)
    inbox.close()
    theirs.close()
    return process, outbox, ours


_RUNNING: weakref.WeakSet[multiprocessing.process.BaseProcess] = weakref.WeakSet()


@atexit.register
def _stop_all() -> None:
    """At exit, stop children still running (multiprocessing would wait for them to finish)."""
    for process in list(_RUNNING):
        _stop(process)


def _stop(process: multiprocessing.process.BaseProcess) -> None:
    if process.is_alive():
        process.terminate()
        process.join(2)
    if process.is_alive():
        process.kill()
        process.join(2)
