"""Append one import to a shop history, in one transaction, counting held reviews once.

A row is the held review with the same key (:mod:`app.history.keys`: order ID + buyer + day +
text, or text + day + SKU + buyer); an order ID Excel rounded (``3.04323E+18``) still finds its
review by its loose key.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field
from datetime import datetime

import numpy as np
import pandas as pd

from app import __version__
from app.core.i18n import tr
from app.core.ingest.model import DROPPED, KEPT, ImportResult
from app.core.progress import CancelToken
from app.history import schema
from app.history.keys import loose_keys, review_keys, rounded_matches
from app.history.store import History

ALREADY_HELD = "already_held"
ALREADY_HELD_REASON = ("店铺历史里已有这条评价", "Already in the shop history")
REPEATED = "repeated"  # reason code: the same review as an earlier row of the same import
REPEATED_REASON = (
    "与本次导入的前面某行是同一条评价（只算一次）",
    "The same review as an earlier row of this import (counted once)",
)


@dataclass
class AppendResult:
    """What one import added: counts for the owner (``dropped``: readable reason → rows)."""

    import_id: int
    rows: int
    new: int
    already_held: int  # rows of reviews held from earlier imports
    followups: int  # held reviews that got a new or changed 追评
    repeated: int = 0  # rows of a review met earlier in this same import (counted once)
    dropped: dict[str, int] = field(default_factory=dict)
    status: list[str] = field(default_factory=list, repr=False)  # per ledger row
    reason: list[str] = field(default_factory=list, repr=False)  # per ledger row, readable

    @property
    def dropped_total(self) -> int:
        return sum(self.dropped.values())


def _iso(values: pd.Series) -> list[str | None]:
    dates = pd.to_datetime(values)
    return dates.dt.strftime("%Y-%m-%d %H:%M:%S").astype(object).where(dates.notna(), None).tolist()


def _ints(values: pd.Series) -> list[int | None]:
    numbers = pd.to_numeric(values, errors="coerce").astype("Float64").round().astype("Int64")
    return numbers.astype(object).where(numbers.notna(), None).tolist()


def _texts(values: pd.Series) -> list[str]:
    return values.fillna("").astype(str).tolist()


def append_import(
    history: History,
    imported: ImportResult,
    *,
    source: str = schema.MAIN_SOURCE,
    started_at: datetime | None = None,
    cancel: CancelToken | None = None,
) -> AppendResult:
    """Write ``imported`` into ``history`` in one transaction and say what it added.

    Kept rows whose key is new become reviews; kept rows already held (from an earlier import,
    or earlier in this one) count as already held and update the held review's 追评 and seller
    reply when the export has one; dropped rows keep their reason. Every input row gets a
    ledger row. Nothing is written when anything fails (also Ctrl+C, or a killed process).
    """
    check = cancel.check if cancel is not None else (lambda: None)
    ledger = imported.ledger.reset_index(drop=True)
    kept = (ledger["status"] == KEPT).to_numpy()
    positions = np.flatnonzero(kept)
    keys = review_keys(ledger.iloc[positions])
    loose = loose_keys(ledger.iloc[positions])
    check()
    started = (started_at or datetime.now()).isoformat(timespec="seconds")
    files = [
        {
            "file": f.source_file,
            "format": f.file_format,
            "sheet": f.sheet,
            "platform": f.platform,
            "rows": f.rows,
            "kept": f.kept,
            "dropped": f.dropped,
        }
        for f in imported.files
    ]
    with history.transaction() as db:
        import_id = db.execute(
            "INSERT INTO imports (started_at, finished_at, files, rows, new, already_held,"
            " dropped, app_version) VALUES (?, ?, ?, ?, 0, 0, 0, ?)",
            (started, started, json.dumps(files, ensure_ascii=False), len(ledger), __version__),
        ).lastrowid
        held = _held(db, keys, source)
        held.update(rounded_matches(db, source, ledger.iloc[positions], keys, loose, held))
        check()
        review_id = np.zeros(len(ledger), dtype=np.int64)  # 0: no review (dropped)
        status = np.where(kept, KEPT, DROPPED).astype(object)
        first_of: dict[bytes, int] = {}
        next_id = (db.execute("SELECT COALESCE(MAX(id), 0) FROM reviews").fetchone()[0]) + 1
        new_rows: list[int] = []
        new_keys: list[bytes] = []
        held_rows: list[int] = []
        repeated: list[int] = []  # the same review as an earlier row of this import
        for pos, key in zip(positions.tolist(), keys, strict=True):
            if key in held:
                review_id[pos] = held[key]
                held_rows.append(pos)
            elif key in first_of:
                review_id[pos] = first_of[key]
                held_rows.append(pos)
                repeated.append(pos)
            else:
                first_of[key] = review_id[pos] = next_id
                next_id += 1
                new_rows.append(pos)
                new_keys.append(key)
        status[held_rows] = ALREADY_HELD
        new = ledger.iloc[new_rows]
        loose_of = dict(zip(positions.tolist(), loose, strict=True))
        new_loose = [loose_of[pos] for pos in new_rows]
        ids = review_id[new_rows].tolist()
        _insert_reviews(db, new, (new_keys, new_loose), ids, source, import_id)
        check()
        followups = _update_held(db, ledger.iloc[held_rows], review_id[held_rows], import_id)
        check()
        code = ledger["reason_code"].fillna("").astype(str).to_numpy(dtype=object, copy=True)
        reason = ledger["reason"].fillna("").astype(str).to_numpy(dtype=object, copy=True)
        code[held_rows] = ALREADY_HELD
        reason[held_rows] = tr(*ALREADY_HELD_REASON)
        code[repeated] = REPEATED
        reason[repeated] = tr(*REPEATED_REASON)
        db.executemany(
            "INSERT INTO ledger (import_id, source_file, source_row, status, reason_code, reason,"
            " review_id) VALUES (?, ?, ?, ?, ?, ?, ?)",
            zip(
                [import_id] * len(ledger),
                _texts(ledger["source_file"]),
                _ints(ledger["source_row"]),
                status.tolist(),
                code.tolist(),
                reason.tolist(),
                [int(r) or None for r in review_id.tolist()],
                strict=True,
            ),
        )
        dropped = ledger.loc[~kept, "reason"].value_counts()
        finished = datetime.now().isoformat(timespec="seconds")
        db.execute(
            "UPDATE imports SET finished_at = ?, new = ?, already_held = ?, dropped = ?"
            " WHERE id = ?",
            (finished, len(new_rows), len(held_rows), int((~kept).sum()), import_id),
        )
        check()
    return AppendResult(
        import_id=int(import_id),
        rows=len(ledger),
        new=len(new_rows),
        already_held=len(held_rows) - len(repeated),
        followups=followups,
        repeated=len(repeated),
        dropped={str(k): int(v) for k, v in dropped.items()},
        status=status.tolist(),
        reason=reason.tolist(),
    )


def _held(db: sqlite3.Connection, keys: list[bytes], source: str) -> dict[bytes, int]:
    """The held reviews among ``keys``: key → review id."""
    if not keys:
        return {}
    db.execute("CREATE TEMP TABLE IF NOT EXISTS incoming (key BLOB PRIMARY KEY) WITHOUT ROWID")
    db.execute("DELETE FROM incoming")
    db.executemany("INSERT OR IGNORE INTO incoming VALUES (?)", ((k,) for k in keys))
    found = db.execute(
        "SELECT r.key, r.id FROM incoming i JOIN reviews r ON r.source = ? AND r.key = i.key",
        (source,),
    ).fetchall()
    db.execute("DELETE FROM incoming")
    return dict(found)


def _insert_reviews(
    db: sqlite3.Connection,
    rows: pd.DataFrame,
    keys: tuple[list[bytes], list[bytes | None]],
    ids: list[int],
    source: str,
    import_id: int,
) -> None:
    """Insert new reviews with their ``keys`` (review key, loose key)."""
    if rows.empty:
        return
    db.executemany(
        "INSERT INTO reviews (id, source, key, loose_key, text, analysis_text, followup_text,"
        " followup_analysis_text, followup_date, rating, date, purchase_date, product, sku,"
        " user, reply, order_id, platform, helpful, source_file, source_row, first_import_id,"
        " last_import_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
        " ?)",
        zip(
            ids,
            [source] * len(rows),
            *keys,
            _texts(rows["text"]),
            _texts(rows["analysis_text"]),
            _texts(rows["followup_text"]),
            _texts(rows["followup_analysis_text"]),
            _iso(rows["followup_date"]),
            _ints(rows["rating"]),
            _iso(rows["date"]),
            _iso(rows["purchase_date"]),
            _texts(rows["product"]),
            _texts(rows["sku"]),
            _texts(rows["user"]),
            _texts(rows["reply"]),
            _texts(rows["order_id"]),
            _texts(rows["platform"]),
            _ints(rows["helpful"]),
            _texts(rows["source_file"]),
            _ints(rows["source_row"]),
            [import_id] * len(rows),
            [import_id] * len(rows),
            strict=True,
        ),
    )


def _update_held(
    db: sqlite3.Connection, rows: pd.DataFrame, ids: np.ndarray, import_id: int
) -> int:
    """Mark held reviews as seen again; a 追评 or seller reply the export has replaces the held
    one (a later export knows more). Returns how many held reviews got a new or changed 追评."""
    if rows.empty:
        return 0
    followup = _texts(rows["followup_text"])
    reply = _texts(rows["reply"])
    ids_list = [int(i) for i in ids.tolist()]
    before = _followups(db, ids_list)
    changed = {i for i, f in zip(ids_list, followup, strict=True) if f and f != before.get(i, "")}
    db.executemany(
        "UPDATE reviews SET last_import_id = ?,"
        " followup_text = CASE WHEN ? != '' THEN ? ELSE followup_text END,"
        " followup_analysis_text = CASE WHEN ? != '' THEN ? ELSE followup_analysis_text END,"
        " followup_date = CASE WHEN ? != '' THEN COALESCE(?, followup_date) ELSE followup_date END,"
        " reply = CASE WHEN ? != '' THEN ? ELSE reply END"
        " WHERE id = ?",
        zip(
            [import_id] * len(rows),
            followup,
            followup,
            followup,
            _texts(rows["followup_analysis_text"]),
            followup,
            _iso(rows["followup_date"]),
            reply,
            reply,
            ids_list,
            strict=True,
        ),
    )
    return len(changed)


def _followups(db: sqlite3.Connection, ids: list[int]) -> dict[int, str]:
    """The held 追评 of reviews ``ids`` (before this import changes them)."""
    out: dict[int, str] = {}
    for start in range(0, len(ids), 900):
        chunk = ids[start : start + 900]
        marks = ",".join("?" * len(chunk))
        out.update(
            db.execute(
                f"SELECT id, followup_text FROM reviews WHERE id IN ({marks})", chunk
            ).fetchall()
        )
    return out
