"""Progress reporting and cooperative cancellation for long work.

Long functions take ``progress: ProgressFn`` and ``cancel: CancelToken`` and call
``cancel.check()`` between chunks; it raises :class:`Cancelled`.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

ProgressFn = Callable[[float, str], None]


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
