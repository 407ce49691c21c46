"""The desktop app (the only package that imports Qt); ``app.gui.application.run_gui`` starts it.

Importing this package first works around a PySide6 6.12 reference-count bug (see
:func:`_pin_bools`), so every GUI module and test is protected.
"""

from __future__ import annotations

import sys


def _pin_bools() -> None:
    """Make ``True``/``False`` effectively immortal on CPython < 3.12.

    PySide6 6.12's ``SignalInstance.emit()`` (and ``disconnect()``) return ``True`` without a
    new reference, so every Python-side ``signal.emit(...)`` takes one reference away from
    ``True``. It starts near 600: a few hundred emits later Python aborts with "Fatal Python
    error: bool_dealloc" (seen mid-test and at exit). CPython 3.12+ makes bools immortal
    itself; for 3.11 we give them the same huge reference count. Harmless once fixed upstream.
    """
    if sys.implementation.name != "cpython" or sys.version_info >= (3, 12):
        return
    import ctypes

    for value in (True, False):
        ctypes.c_ssize_t.from_address(id(value)).value += 1 << 40


_pin_bools()
