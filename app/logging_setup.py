"""The log file in the user data folder: tracebacks of unexpected errors, never review text."""

from __future__ import annotations

import logging
import traceback
from logging.handlers import RotatingFileHandler
from pathlib import Path

from app.paths import user_data_dir

LOGGER_NAME = "reviewlens"


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
