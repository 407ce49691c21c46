"""Progress reporting and cooperative cancellation for long work.

Long functions take ``progress: ProgressFn`` and ``cancel: CancelToken`` and call
``cancel.check()`` between chunks; it raises :class:`Cancelled`.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from typing import Any, Protocol, TypeVar

ProgressFn = Callable[[float, str], None]
T = TypeVar("T")


class Cancelled(Exception):
    """Raised by :meth:`CancelToken.check` once cancellation was requested."""


class CancelToken:
    """A thread-safe flag: the GUI sets it, the worker checks it between chunks."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def check(self) -> None:
        if self._event.is_set():
            raise Cancelled()


def no_progress(fraction: float, message: str) -> None:
    """A progress callback that ignores everything."""


def sub_progress(progress: ProgressFn, start: float, end: float) -> ProgressFn:
    """Map a stage's own 0..1 progress into the ``start..end`` slice of the parent's."""
    span = end - start

    def report(fraction: float, message: str) -> None:
        fraction = min(max(fraction, 0.0), 1.0)
        progress(start + span * fraction, message)

    return report


class MapChunks(Protocol):
    """``[fn(chunk) for chunk in chunks]``, possibly elsewhere: how the analysis runs per-chunk
    work. :func:`map_here` does it in this process; the runtime package's ``map_chunks``
    spreads it over processes (the entry points choose)."""

    def __call__(
        self,
        fn: Callable[[Any], T],
        chunks: Sequence[Any],
        *,
        progress: ProgressFn = ...,
        cancel: CancelToken | None = ...,
        message: str = ...,
    ) -> list[T]: ...


def map_here(
    fn: Callable[[Any], T],
    chunks: Sequence[Any],
    *,
    progress: ProgressFn = no_progress,
    cancel: CancelToken | None = None,
    message: str = "",
) -> list[T]:
    """:class:`MapChunks` in this process: ``progress`` by chunks done, ``cancel`` between."""
    results: list[T] = []
    progress(0.0, message)
    for chunk in chunks:
        if cancel is not None:
            cancel.check()
        results.append(fn(chunk))
        progress(len(results) / len(chunks), message)
    return results
