"""Per-chunk jobs the runtime tests send to worker processes (importable, no Qt)."""

from __future__ import annotations

import os
import time


def tagged(chunk: list[int]) -> tuple[int, list[int]]:
    """The chunk doubled, with the id of the process that did it; takes a moment, like real
    work, so that every worker gets some."""
    time.sleep(0.05)
    return os.getpid(), [2 * n for n in chunk]


def tagged_unless_worker(test_pid: int, chunk: list[int]) -> tuple[int, list[int]]:
    """:func:`tagged` in the test's process; a worker process dies at once (out of memory)."""
    if os.getpid() != test_pid:
        os._exit(1)
    return tagged(chunk)


def nap(chunk: list[float]) -> float:
    time.sleep(chunk[0])
    return chunk[0]


def environment(name: str, chunk: list[int]) -> str | None:
    return os.environ.get(name)
