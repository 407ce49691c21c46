"""The process policy, declared once at the entry point (``main.py``)."""

from __future__ import annotations

import multiprocessing

START_METHOD = "spawn"  # fresh interpreters everywhere: what Windows and macOS do anyway


def declare() -> None:
    """Call first thing in the entry script: a frozen Windows app's child processes start
    here (``freeze_support``), and every process started later is spawned, not forked."""
    multiprocessing.freeze_support()
    if multiprocessing.get_start_method(allow_none=True) != START_METHOD:
        multiprocessing.set_start_method(START_METHOD, force=True)


def context() -> multiprocessing.context.BaseContext:
    """The multiprocessing context every process of the app is started with."""
    return multiprocessing.get_context(START_METHOD)
