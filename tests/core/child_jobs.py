"""Jobs that ``tests/core/test_process_task.py`` runs in a child process (importable, no Qt)."""

from __future__ import annotations

import os
import time

import pandas as pd

from app.core.errors import AppError
from app.core.i18n import tr
from app.core.progress import CancelToken, ProgressFn


def echo(frame: pd.DataFrame, extra: dict, *, progress: ProgressFn, cancel: CancelToken) -> dict:
    """The arguments back, after three progress reports (the last one in the chosen language)."""
    progress(0.25, "a")
    progress(0.5, "b")
    progress(1.0, tr("完成", "done"))
    return {"frame": frame, "extra": extra, "series": frame["text"]}


def fail(zh: str, en: str, *, progress: ProgressFn, cancel: CancelToken) -> None:
    raise AppError(zh, en)


def forever(*, progress: ProgressFn, cancel: CancelToken) -> None:
    """Reports progress and never ends (only terminating the process stops it)."""
    while True:
        progress(0.1, "busy")
        sum(range(100_000))  # hold the CPU like a real stage
        time.sleep(0.01)


def where(variable: str, *, progress: ProgressFn, cancel: CancelToken) -> tuple[int, str | None]:
    """The child's process id and its value of an environment variable."""
    return os.getpid(), os.environ.get(variable)


def die(*, progress: ProgressFn, cancel: CancelToken) -> None:
    """The process ends without a word, as when the system kills it for lack of memory."""
    os._exit(3)


def tagged(chunk: list[int]) -> tuple[int, list[int]]:
    """The chunk doubled, with the id of the process that did it (for partner tests); takes
    a moment, like real work, so that both processes get some."""
    time.sleep(0.05)
    return os.getpid(), [2 * n for n in chunk]


def die_unless_in(pid: int, value: int) -> int:
    """``value`` when run in process ``pid``; anywhere else the process dies at once."""
    if os.getpid() != pid:
        os._exit(1)
    return value


def sleepy(seconds: float) -> float:
    time.sleep(seconds)
    return seconds


def tagged_or_die(chunk: list[int]) -> tuple[int, list[int]]:
    """:func:`tagged`, except that a process other than the test's dies on its second chunk."""
    global _done_here
    if os.getpid() != _TEST_PID:
        _done_here += 1
        if _done_here == 2:
            os._exit(1)
    return tagged(chunk)


def nap(chunk: list[float]) -> float:
    time.sleep(chunk[0])
    return chunk[0]


_TEST_PID = os.getpid()
_done_here = 0


def pid_and(value: int, cancel: CancelToken | None = None) -> tuple[int, int]:
    """This process's id and the value (a :class:`~app.core.partner.Deferred` job)."""
    return os.getpid(), value
