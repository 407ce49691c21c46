"""The desktop app's analysis as a worker body: the one place the app's views get it from.

Every view that analyses (the first run, a re-run after theme edits, the comparison with a
competitor) runs :func:`analysis_task`; it runs the analysis in a child process
(:mod:`app.runtime.analysis_child`), imported on first use so that the window starts without
loading the analysis.
"""

from __future__ import annotations

from typing import Any

from app.core.progress import CancelToken, ProgressFn


def analysis_task(
    imported: Any, progress: ProgressFn, cancel: CancelToken, config: Any = None
) -> Any:
    """``run_analysis`` of ``imported`` in a child process; cancel stops the child at once."""
    from app.runtime.analysis_child import analyse_in_child

    return analyse_in_child(imported, config, progress=progress, cancel=cancel)


def texts_task(imported: Any, progress: ProgressFn, cancel: CancelToken, config: Any) -> None:
    """``read_texts`` of ``imported`` into ``config.memory`` (a shop's new export), in a child."""
    from app.runtime.analysis_child import analyse_in_child

    analyse_in_child(imported, config, progress=progress, cancel=cancel, texts_only=True)
