"""The owner's change marks (「2024-05-01 换了顺丰」) and where the last import began.

A mark is a day and what changed; ``shop analyze --change`` and the app add them, and every
later analysis checks each mark's before/after (:mod:`app.core.changes.fix_check`). The same
mark given twice is kept once.
"""

from __future__ import annotations

from datetime import date, datetime

import pandas as pd

from app.core.changes.findings import Fix
from app.core.errors import InputFileError
from app.history import schema
from app.history.store import History


def parse_change(value: str) -> Fix:
    """``YYYY-MM-DD:描述`` (a full-width colon works too) as a :class:`Fix`; a plain message
    when the day or the description is missing."""
    day, sep, what = value.replace("：", ":").partition(":")
    try:
        when = pd.Timestamp(day.strip()) if sep else None
    except ValueError:
        when = None
    if when is None or pd.isna(when) or not what.strip():
        raise InputFileError(
            f"看不懂改动“{value}”。请写成 日期:做了什么，例如 2024-05-01:换了顺丰",
            f"Cannot read the change “{value}”. Write it as DATE:what changed, "
            "e.g. 2024-05-01:switched courier",
        )
    return Fix(when.normalize(), what.strip())


def add_change(history: History, fix: Fix) -> bool:
    """Store ``fix`` (False when the same day and description are already stored)."""
    day = f"{fix.date:%Y-%m-%d}"
    with history.transaction() as db:
        if db.execute(
            "SELECT 1 FROM changes WHERE date = ? AND description = ?", (day, fix.description)
        ).fetchone():
            return False
        db.execute(
            "INSERT INTO changes (date, description, created_at) VALUES (?, ?, ?)",
            (day, fix.description, datetime.now().isoformat(timespec="seconds")),
        )
    return True


def changes(history: History) -> list[Fix]:
    """Every stored mark, oldest day first."""
    rows = history.db.execute("SELECT date, description FROM changes ORDER BY date, id")
    return [Fix(pd.Timestamp(day), what) for day, what in rows]


def last_import_cutoff(history: History, source: str = schema.MAIN_SOURCE) -> date | None:
    """The newest review day held before the latest import (None with fewer than two imports,
    or when the earlier reviews have no dates): what is after it is new since last time."""
    db = history.db
    latest = db.execute(  # the latest import of this source (not a competitor's after it)
        "SELECT MAX(last_import_id) FROM reviews WHERE source = ?", (source,)
    ).fetchone()[0]
    if latest is None:
        return None
    day = db.execute(
        "SELECT MAX(substr(COALESCE(date, purchase_date), 1, 10)) FROM reviews"
        " WHERE first_import_id < ? AND source = ?",
        (latest, source),
    ).fetchone()[0]
    return date.fromisoformat(day) if day else None
