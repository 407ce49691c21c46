"""The log files in the user data folder: tracebacks of unexpected errors, never review text.

``reviewlens.log`` gets Python tracebacks (also of uncaught errors in threads); ``crash.log`` gets
``faulthandler``'s stacks when native code (Qt, numpy, a C extension) kills the process: the
windowed build has no console, so without it such a crash would leave nothing behind.
"""

from __future__ import annotations

import contextlib
import faulthandler
import logging
import os
import sys
import threading
import time
import traceback
from logging.handlers import RotatingFileHandler
from pathlib import Path
from typing import TextIO

from app.paths import user_data_dir

LOGGER_NAME = "reviewlens"
CRASH_LOG_MAX = 1_000_000  # bytes; a bigger crash.log is moved to crash.log.1 at start
_crash_file: TextIO | None = None  # open for the life of the process (faulthandler writes to it)
_previous_thread_hook = threading.excepthook


def log_path() -> Path:
    return user_data_dir() / "logs" / "reviewlens.log"


def get_logger() -> logging.Logger:
    """The app logger, writing to a rotating file in the user data folder (1 MB × 3)."""
    logger = logging.getLogger(LOGGER_NAME)
    path = log_path()
    if not any(getattr(h, "baseFilename", None) == str(path) for h in logger.handlers):
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = RotatingFileHandler(path, maxBytes=1_000_000, backupCount=3, encoding="utf-8")
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
        logger.propagate = False
    return logger


def log_exception(context: str) -> Path:
    """Write the current exception's traceback to the log; return the log file's path."""
    get_logger().error("unexpected error in %s\n%s", context, traceback.format_exc())
    return log_path()


def crash_log_path() -> Path:
    return user_data_dir() / "logs" / "crash.log"


def _thread_excepthook(args: threading.ExceptHookArgs) -> None:
    """Log an uncaught error of a thread (its traceback only), then do what Python would."""
    if not issubclass(args.exc_type, SystemExit):
        name = args.thread.name if args.thread is not None else "?"
        details = "".join(
            traceback.format_exception(args.exc_type, args.exc_value, args.exc_traceback)
        )
        with contextlib.suppress(OSError):
            get_logger().error("uncaught error in thread %s\n%s", name, details)
    _previous_thread_hook(args)


def install_crash_handlers() -> Path | None:
    """Send native crashes (faulthandler) to ``crash.log`` and log uncaught thread errors.

    Safe to call more than once (again after the user data folder changed). Returns the crash
    log's path, or None when the log folder cannot be written (the app still runs).
    """
    global _crash_file, _previous_thread_hook
    if threading.excepthook is not _thread_excepthook:
        _previous_thread_hook = threading.excepthook
        threading.excepthook = _thread_excepthook
    path = crash_log_path()
    if _crash_file is not None and _crash_file.name == str(path) and faulthandler.is_enabled():
        return path
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.is_file() and path.stat().st_size > CRASH_LOG_MAX:
            os.replace(path, path.with_name("crash.log.1"))
        file = open(path, "a", encoding="utf-8")  # noqa: SIM115  kept open on purpose
    except OSError:
        return None
    try:
        stamp = time.strftime("%Y-%m-%d %H:%M:%S")
        file.write(f"== {stamp} pid {os.getpid()} {Path(sys.argv[0]).name}\n")
        file.flush()
        faulthandler.enable(file=file, all_threads=True)
    except (OSError, ValueError):
        file.close()
        return None
    if _crash_file is not None:
        _crash_file.close()
    _crash_file = file
    return path
