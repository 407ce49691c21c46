"""The last dashboard of a shop, kept in its history file so the shop opens on it at once.

The ``snapshot`` table (schema 3) is a small key-value store: ``payload`` is UTF-8 JSON with
what 总览 needs to draw itself read-only (numbers, theme cards, lines, in the language it was
made in) and ``chart:<name>`` is one chart's PNG. :func:`save_snapshot` replaces it all in one
transaction. :func:`load_snapshot` never writes and never runs the full integrity check of
:func:`~app.history.store.open_history` (it reads the whole file: seconds at a million
reviews): it checks the file's header, reads the rows through a read-only connection and
answers None on any problem, so the app simply analyses the shop as without a snapshot.

A snapshot is *current* while the file's :func:`revision` (its last import, its last change
mark, the app version) is the one it was made from; otherwise the shop changed since.
"""

from __future__ import annotations

import json
import os
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from app import __version__
from app.history import schema
from app.history.store import HistoryError, _check_header, open_history

PAYLOAD = "payload"
CHART = "chart:"
SNAPSHOT_VERSION = 3  # the schema version that has the snapshot table
_READ_SECONDS = 1.0  # a file busy being written longer than this: no snapshot this time


@dataclass
class Snapshot:
    """A stored dashboard: ``payload`` (JSON object), ``charts`` (name -> PNG bytes),
    ``made_at`` (local time, ``YYYY-MM-DD HH:MM``) and ``current`` (the file is unchanged since)."""

    payload: dict[str, Any]
    charts: dict[str, bytes]
    made_at: str
    current: bool


def revision(db: sqlite3.Connection) -> str:
    """What the dashboard depends on in the file: last import, last change mark, app version."""
    last_import = db.execute("SELECT MAX(id) FROM imports").fetchone()[0]
    last_change = db.execute("SELECT MAX(id) FROM changes").fetchone()[0]
    return f"import={last_import or 0};change={last_change or 0};app={__version__}"


def read_revision(shop_path: str | os.PathLike[str]) -> str | None:
    """The file's :func:`revision` read without writing (None when it cannot be read)."""
    db = _read_only(Path(shop_path))
    if db is None:
        return None
    try:
        return revision(db)
    except sqlite3.Error:
        return None
    finally:
        db.close()


def save_snapshot(
    shop_path: str | os.PathLike[str],
    payload: dict[str, Any],
    charts: dict[str, bytes],
    *,
    revision_made_from: str | None = None,
) -> None:
    """Replace the stored snapshot with ``payload`` and ``charts`` in one transaction.

    ``payload`` gets ``revision`` (``revision_made_from``: the file's revision when the
    analysis read it; default: the file's revision now) and ``made_at`` (local time, minutes).
    Raises :class:`~app.history.store.HistoryError` / ``OutputError`` like any shop write.
    """
    with open_history(shop_path) as history, history.transaction() as db:
        stored = dict(payload)
        stored["revision"] = revision_made_from or revision(db)
        stored["made_at"] = datetime.now().strftime("%Y-%m-%d %H:%M")
        data = json.dumps(stored, ensure_ascii=False, default=_plain).encode("utf-8")
        db.execute("DELETE FROM snapshot")
        db.execute("INSERT INTO snapshot (name, data) VALUES (?, ?)", (PAYLOAD, data))
        db.executemany(
            "INSERT INTO snapshot (name, data) VALUES (?, ?)",
            [(CHART + name, sqlite3.Binary(png)) for name, png in charts.items()],
        )


def load_snapshot(shop_path: str | os.PathLike[str]) -> Snapshot | None:
    """The stored snapshot of the shop, or None (none stored, not a shop file, an older or
    newer file, damaged rows, the file busy). Reads only; the file stays byte-identical."""
    path = Path(shop_path)
    try:
        if _check_header(path) < SNAPSHOT_VERSION:
            return None
    except HistoryError:
        return None
    db = _read_only(path)
    if db is None:
        return None
    try:
        rows = db.execute("SELECT name, data FROM snapshot").fetchall()
        now = revision(db)
    except sqlite3.Error:
        return None
    finally:
        db.close()
    stored = dict(rows)
    try:
        payload = json.loads(bytes(stored.pop(PAYLOAD)).decode("utf-8"))
    except (KeyError, TypeError, ValueError):
        return None
    if not isinstance(payload, dict) or not isinstance(payload.get("made_at"), str):
        return None
    charts = {
        name.removeprefix(CHART): bytes(data)
        for name, data in stored.items()
        if isinstance(name, str) and name.startswith(CHART) and isinstance(data, bytes)
    }
    return Snapshot(payload, charts, payload["made_at"], payload.get("revision") == now)


def _read_only(path: Path) -> sqlite3.Connection | None:
    """A connection that cannot write to ``path`` (None when SQLite cannot open it)."""
    if not path.is_file():
        return None
    uri = path.resolve().as_uri().replace("file://", "file:", 1)
    try:
        db = sqlite3.connect(f"{uri}?mode=ro", uri=True, timeout=_READ_SECONDS)
        if db.execute("PRAGMA application_id").fetchone()[0] != schema.APPLICATION_ID:
            db.close()
            return None
    except sqlite3.Error:
        return None
    return db


def _plain(value: Any) -> Any:
    """JSON for numpy numbers (``kpi_values`` holds some)."""
    if hasattr(value, "item"):
        return value.item()
    raise TypeError(f"not JSON: {type(value).__name__}")
