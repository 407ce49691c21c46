"""The desktop app's analysis jobs as worker bodies: the one place the app's views get them from.

Every view that analyses (the first run, a re-run after theme edits) runs :func:`analysis_task`;
the shop's jobs (open, add exports, compare with a competitor) are :func:`shop_open_task`,
:func:`shop_add_task` and :func:`shop_compare_task`, the shop-history functions of
:mod:`app.history.session` with the analysis in a child process
(:mod:`app.runtime.analysis_child`). Everything is imported on first use so that the window
starts without loading the analysis. The command line's ``shop add`` reads texts with
:func:`texts_here`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from app.core.progress import CancelToken, ProgressFn

Body = Callable[[ProgressFn, CancelToken], Any]  # what a GUI TaskRunner runs


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


def texts_here(imported: Any, progress: ProgressFn, cancel: CancelToken, config: Any) -> None:
    """``read_texts`` of ``imported`` in this process, its chunks over worker processes (the
    command line's ``shop add``)."""
    from app.core.pipeline import read_texts
    from app.runtime.parallel import map_chunks

    read_texts(imported, config, progress=progress, cancel=cancel, map_chunks=map_chunks)


def shop_open_task(shop: str) -> Body:
    """Analyse every review ``shop`` holds and what changed (a ``ShopAnalysis``)."""
    from app.history.session import analyse_shop

    return lambda progress, cancel: analyse_shop(shop, analysis_task, progress, cancel)


def shop_add_task(shop: str, files: list[str], source: str) -> Body:
    """Import ``files`` into ``shop`` as ``source``, then read their new texts (an ``AddOutcome``)."""
    from app.history.session import add_files

    return lambda progress, cancel: add_files(
        shop, files, progress, cancel, source, read=texts_task
    )


def shop_compare_task(shop: str, theirs: str) -> Body:
    """The shop's complaint rates against the source ``theirs`` (a ``Comparison``)."""
    from app.history.session import compare_shop

    return lambda progress, cancel: compare_shop(shop, theirs, analysis_task, progress, cancel)
