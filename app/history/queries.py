"""What a shop history holds: a summary, and the held reviews as an ``ImportResult``."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

import numpy as np
import pandas as pd

from app.core.ingest.cells import DT_DTYPE
from app.core.ingest.ledger import INTERNAL_COLUMNS
from app.core.ingest.model import EXPORT_COLUMNS, KEPT, ImportResult
from app.history import schema
from app.history.store import History


@dataclass
class ImportInfo:
    """One import of the history, for ``shop info``."""

    id: int
    started_at: str
    files: list[str]
    rows: int
    new: int
    already_held: int
    dropped: int


@dataclass
class HistoryInfo:
    """The summary of a history: its imports, the distinct reviews and their dates."""

    path: str
    schema_version: int
    reviews: int
    sources: dict[str, int]
    first_date: str | None  # YYYY-MM-DD of the earliest review date (main source)
    last_date: str | None
    undated: int  # reviews of the main source without a review or purchase date
    imports: list[ImportInfo] = field(default_factory=list)
    changes: int = 0

    def to_json(self) -> dict[str, object]:
        """One JSON object: ``reviews`` and ``imports`` are counts; ``import_list`` the imports."""
        return {
            "shop": self.path,
            "schema_version": self.schema_version,
            "reviews": self.reviews,
            "imports": len(self.imports),
            "sources": self.sources,
            "first_date": self.first_date,
            "last_date": self.last_date,
            "undated": self.undated,
            "changes": self.changes,
            "import_list": [vars(i) for i in self.imports],
        }


_DAY = "substr(COALESCE(date, purchase_date), 1, 10)"


def info(history: History) -> HistoryInfo:
    """Imports so far, distinct reviews held (per source), and the span of review dates."""
    db = history.db
    sources = dict(db.execute("SELECT source, COUNT(*) FROM reviews GROUP BY source ORDER BY 1"))
    first, last, undated = db.execute(
        f"SELECT MIN({_DAY}), MAX({_DAY}), SUM({_DAY} IS NULL) FROM reviews WHERE source = 'main'"
    ).fetchone()
    imports = [
        ImportInfo(
            id=row[0],
            started_at=row[1],
            files=[f["file"] for f in json.loads(row[2])],
            rows=row[3],
            new=row[4],
            already_held=row[5],
            dropped=row[6],
        )
        for row in db.execute(
            "SELECT id, started_at, files, rows, new, already_held, dropped FROM imports"
            " ORDER BY id"
        )
    ]
    return HistoryInfo(
        path=str(history.path),
        schema_version=db.execute("PRAGMA user_version").fetchone()[0],
        reviews=sum(sources.values()),
        sources=sources,
        first_date=first,
        last_date=last,
        undated=int(undated or 0),
        imports=imports,
        changes=db.execute("SELECT COUNT(*) FROM changes").fetchone()[0],
    )


def _day(value: date | datetime | str) -> str:
    """``YYYY-MM-DD`` of a date, a datetime or an ISO string."""
    return pd.Timestamp(value).strftime("%Y-%m-%d")


_COLUMNS = (
    "source_file, source_row, platform, text, followup_text, rating, date, followup_date,"
    " product, sku, user, reply, order_id, analysis_text, followup_analysis_text,"
    " purchase_date, helpful"
)


def held_reviews(
    history: History,
    since: date | datetime | str | None = None,
    until: date | datetime | str | None = None,
    source: str = schema.MAIN_SOURCE,
) -> ImportResult:
    """The held reviews of ``source`` as kept rows of an ``ImportResult`` (oldest first), so
    that ``run_analysis`` works on the history as on one import.

    ``since`` / ``until`` are days, both included, compared with the review date (the purchase
    date when there is none); with either, reviews without any date are left out.
    """
    return held_sources(history, [source], since=since, until=until)[0]


def held_sources(
    history: History,
    sources: Sequence[str],
    since: date | datetime | str | None = None,
    until: date | datetime | str | None = None,
) -> tuple[ImportResult, pd.Series]:
    """The held reviews of several ``sources`` together (as :func:`held_reviews`), and the
    source of each, indexed by the ``review_id`` of the result's ledger."""
    sources = list(dict.fromkeys(sources))
    where = [f"source IN ({', '.join('?' * len(sources))})"]
    params: list[str] = list(sources)
    if since is not None:
        where.append(f"{_DAY} >= ?")
        params.append(_day(since))
    if until is not None:
        where.append(f"{_DAY} < ?")
        params.append(_day(pd.Timestamp(_day(until)) + timedelta(days=1)))
    frame = pd.read_sql_query(
        f"SELECT source, {_COLUMNS} FROM reviews WHERE {' AND '.join(where)}"
        f" ORDER BY {_DAY} IS NULL, {_DAY}, date, id",
        history.db,
        params=params,
    )
    n = len(frame)
    for col in ("date", "followup_date", "purchase_date"):
        frame[col] = pd.to_datetime(frame[col]).astype(DT_DTYPE)
    for col in ("rating", "helpful", "source_row"):
        frame[col] = frame[col].astype("Int64")
    frame["source_row"] = frame["source_row"].astype("int64")
    frame["status"] = KEPT
    frame["reason"] = ""
    frame["reason_code"] = ""
    frame["review_id"] = np.arange(1, n + 1, dtype=np.int64)
    frame["sheet"] = ""
    frame["duplicate_of"] = pd.array([pd.NA] * n, dtype="Int64")
    texts = ("text", "followup_text", "product", "sku", "user", "reply", "order_id")
    for col in (*texts, "analysis_text", "followup_analysis_text"):
        frame[col] = frame[col].astype(object)
    ledger = frame[[*EXPORT_COLUMNS, *INTERNAL_COLUMNS]].reset_index(drop=True)
    source = pd.Series(
        frame["source"].astype(str).to_numpy(),
        index=pd.Index(frame["review_id"].to_numpy(), name="review_id"),
        name="source",
    )
    return ImportResult(ledger=ledger, files=[]), source
