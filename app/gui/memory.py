"""Keep Python's cyclic garbage collector from pausing the window.

A full collection scans every object the collector tracks. In the GUI process most of them are
modules, classes and functions that live as long as the app (PySide6, pandas, matplotlib …), so
each full collection paused the window for 100–300 ms for nothing. :func:`freeze_long_lived`
moves the objects alive at that moment into the permanent generation (:func:`gc.freeze`), and
later collections only scan what came after. It runs when the window has been built and once
more after the first dashboard charts, when matplotlib has been loaded; objects frozen then and
dropped later are not reclaimed by the collector (reference counting still frees them unless
they sit in a cycle), which is why it runs only those two times.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer, SignalInstance


def freeze_long_lived() -> None:
    """Move every object alive now into the permanent generation (no collection first: that
    would be the very pause this avoids; garbage frozen with them stays, twice at most)."""
    gc.freeze()


def install(window: QObject, charts_ready: SignalInstance) -> None:
    """Freeze once the event loop runs (the window is built) and after the first charts."""
    QTimer.singleShot(0, window, freeze_long_lived)

    def after_first_charts() -> None:
        charts_ready.disconnect(after_first_charts)
        QTimer.singleShot(0, window, freeze_long_lived)

    charts_ready.connect(after_first_charts)
