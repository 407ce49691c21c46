"""The tables of a shop history file, their versions and the migrations between them.

A history file is an SQLite database whose ``PRAGMA application_id`` is :data:`APPLICATION_ID`
(any other SQLite file is not a shop history) and whose ``PRAGMA user_version`` is its schema
version. :data:`MIGRATIONS` ``[v - 1]`` turns version ``v`` into ``v + 1``.

Version 1: imports, ledger (one row per input row of every import), reviews (one row per
distinct review). Version 2: ``reviews.source`` (``"main"``: the shop's own reviews; a
competitor's export is a second source, with its own keys) and the owner's ``changes`` marks.
Version 3: what the analysis remembers between imports, so only new reviews are analysed and a
shop opens on its last dashboard: ``text_stages`` / ``text_results`` (each stage's results per
distinct text, see :mod:`app.history.memory`), ``shop_model`` (the sentiment model adapted to
this shop, kept until its basis grows), ``snapshot`` (the last dashboard, see
:mod:`app.history.snapshot`), and ``reviews.loose_key`` (a review found again when Excel
rounded its order ID, see :mod:`app.history.keys`).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from app.history.keys import fill_loose_keys

APPLICATION_ID = 0x524C4E53  # "RLNS": ReviewLens shop history
SCHEMA_VERSION = 3
SUFFIX = ".reviewlens"
MAIN_SOURCE = "main"  # the shop's own reviews (a competitor's export is another source)

SCHEMA_V1: tuple[str, ...] = (
    """CREATE TABLE imports (
        id INTEGER PRIMARY KEY,
        started_at TEXT NOT NULL,
        finished_at TEXT NOT NULL,
        files TEXT NOT NULL,            -- JSON: [{file, format, platform, rows, kept, dropped}]
        rows INTEGER NOT NULL,
        new INTEGER NOT NULL,
        already_held INTEGER NOT NULL,
        dropped INTEGER NOT NULL,
        app_version TEXT NOT NULL
    )""",
    """CREATE TABLE reviews (
        id INTEGER PRIMARY KEY,
        key BLOB NOT NULL,              -- see app.history.keys.review_keys
        text TEXT NOT NULL,
        analysis_text TEXT NOT NULL,
        followup_text TEXT NOT NULL DEFAULT '',
        followup_analysis_text TEXT NOT NULL DEFAULT '',
        followup_date TEXT,
        rating INTEGER,
        date TEXT,
        purchase_date TEXT,
        product TEXT NOT NULL DEFAULT '',
        sku TEXT NOT NULL DEFAULT '',
        user TEXT NOT NULL DEFAULT '',
        reply TEXT NOT NULL DEFAULT '',
        order_id TEXT NOT NULL DEFAULT '',
        platform TEXT NOT NULL DEFAULT 'unknown',
        helpful INTEGER,
        source_file TEXT NOT NULL,      -- where it was first seen
        source_row INTEGER NOT NULL,
        first_import_id INTEGER NOT NULL REFERENCES imports(id),
        last_import_id INTEGER NOT NULL REFERENCES imports(id)
    )""",
    "CREATE UNIQUE INDEX reviews_key ON reviews(key)",
    "CREATE INDEX reviews_date ON reviews(date)",
    """CREATE TABLE ledger (
        import_id INTEGER NOT NULL REFERENCES imports(id),
        source_file TEXT NOT NULL,
        source_row INTEGER NOT NULL,
        status TEXT NOT NULL,           -- kept | dropped | already_held
        reason_code TEXT NOT NULL,      -- '' when kept; app.core.ingest.ledger.REASONS or already_held
        reason TEXT NOT NULL,           -- readable, in the language of the import
        review_id INTEGER REFERENCES reviews(id)
    )""",
    "CREATE INDEX ledger_import ON ledger(import_id)",
)


def _v1_to_v2(db: sqlite3.Connection) -> None:
    """Sources (a competitor's export beside the shop's own) and the owner's change marks."""
    db.execute("ALTER TABLE reviews ADD COLUMN source TEXT NOT NULL DEFAULT 'main'")
    db.execute("DROP INDEX reviews_key")
    db.execute("CREATE UNIQUE INDEX reviews_key ON reviews(source, key)")
    db.execute(
        """CREATE TABLE changes (
            id INTEGER PRIMARY KEY,
            date TEXT NOT NULL,
            description TEXT NOT NULL,
            created_at TEXT NOT NULL
        )"""
    )


def _v2_to_v3(db: sqlite3.Connection) -> None:
    """Analysis results kept between imports, the shop's sentiment model, the last dashboard."""
    db.execute(
        """CREATE TABLE text_stages (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE       -- e.g. "tokens/<app version>/<dictionary>"
        )"""
    )
    db.execute(
        """CREATE TABLE text_results (
            id INTEGER PRIMARY KEY,
            stage INTEGER NOT NULL REFERENCES text_stages(id),
            keys BLOB NOT NULL,             -- int64 (little-endian) per text: a hash of it
            vals TEXT NOT NULL,             -- JSON array: each text's tokens, units or label
            scores BLOB                     -- float64 per text (a judgement's score) or NULL
        )"""
    )
    db.execute("CREATE INDEX text_results_stage ON text_results(stage)")
    db.execute("ALTER TABLE reviews ADD COLUMN loose_key BLOB")  # see app.history.keys
    db.execute(
        "CREATE INDEX reviews_loose_key ON reviews(source, loose_key) WHERE loose_key IS NOT NULL"
    )
    fill_loose_keys(db)
    db.execute(
        """CREATE TABLE shop_model (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            basis INTEGER NOT NULL,         -- the reviews it was fitted on
            fingerprint TEXT NOT NULL,
            weights BLOB NOT NULL,          -- .npy bytes (float32), no pickle
            meta TEXT NOT NULL              -- JSON: lex_coef, bias, bits, max_n, meta
        )"""
    )
    db.execute(
        """CREATE TABLE snapshot (
            name TEXT PRIMARY KEY,          -- "payload" (JSON) or a chart's name (PNG)
            data BLOB NOT NULL
        )"""
    )


MIGRATIONS: tuple[Callable[[sqlite3.Connection], None], ...] = (_v1_to_v2, _v2_to_v3)
assert len(MIGRATIONS) == SCHEMA_VERSION - 1


def create_v1(db: sqlite3.Connection) -> None:
    """The first schema, as version 1 files were written (the tests build old files with it)."""
    for statement in SCHEMA_V1:
        db.execute(statement)
    db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    db.execute("PRAGMA user_version = 1")


def create(db: sqlite3.Connection) -> None:
    """The current schema in an empty database (inside the caller's transaction)."""
    create_v1(db)
    migrate(db, 1)


def migrate(db: sqlite3.Connection, version: int) -> None:
    """Bring a version ``version`` database to :data:`SCHEMA_VERSION` (caller's transaction)."""
    for step in range(version, SCHEMA_VERSION):
        MIGRATIONS[step - 1](db)
        db.execute(f"PRAGMA user_version = {step + 1}")
