"""Giving freed memory back to the system before the analysis's largest step.

When millions of small Python objects (a stage's temporary token lists, judged chunks) are
freed, glibc keeps the pages they sat on for later use; the clause vectors of the themes are
allocated elsewhere (large arrays are mapped afresh), so those kept pages only raise the peak.
``malloc_trim`` returns them (about 250 MB at a million reviews). Other C libraries and systems
need nothing here.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import sys
from functools import cache


@cache
def _trim():  # type: ignore[no-untyped-def]
    if not sys.platform.startswith("linux"):
        return None
    try:
        return ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6").malloc_trim
    except (OSError, AttributeError):  # not glibc (musl has no malloc_trim)
        return None


def release_free_memory() -> bool:
    """Return the C heap's free pages to the system; True when something was done."""
    trim = _trim()
    if trim is None:
        return False
    trim(0)
    return True
