"""What makes two rows of two exports the same review: the review key and the loose key.

The key of a review: with an order ID, order ID + buyer + review day + text; without one, text +
review day + SKU + buyer. Texts and names are compared after NFKC and with whitespace runs made
one space; the day (not the time) is compared because exports of the same shop write times with
or without seconds. The platform is left out: two export templates of one shop can be
recognised differently, and an order ID with the same buyer, day and text does not occur on two
platforms. The follow-up (追评) is left out too, so that a follow-up written after an earlier
export updates the held review instead of adding a second one.

The loose key is for order IDs Excel rounded: an owner who opens a CSV export in Excel and saves
it gets long IDs back as ``3.04323E+18`` (or ``3043229555425960000``: 15 digits, then zeros), and
the key no longer matches the held review. The loose key holds the ID as Excel keeps it in both
forms — 6 significant digits and the magnitude — with the buyer, the day and the text. It is
stored with every review whose ID is a long number, and used only when one of the two IDs is
rounded: two full IDs stay two orders.
"""

from __future__ import annotations

import hashlib
import sqlite3
import unicodedata

import numpy as np
import pandas as pd

_SCIENTIFIC = r"^\d(\.\d+)?[eE]\+?\d+$"
_PADDED = r"^\d{13,}000$"  # 16+ digits: Excel keeps 15 and pads with zeros
_LONG = r"^\d{12,}$"


def _norm_one(value: str) -> str:
    if not value.isascii() and not unicodedata.is_normalized("NFKC", value):
        value = unicodedata.normalize("NFKC", value)
    return " ".join(value.split())


def norm(values: pd.Series) -> pd.Series:
    """NFKC, whitespace runs made one space, stripped (each distinct value once)."""
    text = values.fillna("").astype(str)
    unique = pd.unique(text.to_numpy(dtype=object))
    return text.map(dict(zip(unique, map(_norm_one, unique), strict=True)))


def day(rows: pd.DataFrame) -> pd.Series:
    """The review day (the purchase day when there is none), ``YYYY-MM-DD`` or ""."""
    date = pd.to_datetime(rows["date"]).fillna(pd.to_datetime(rows["purchase_date"]))
    return date.dt.strftime("%Y-%m-%d").fillna("")


def _hashed(joined: pd.Series | list[str]) -> list[bytes]:
    return [hashlib.blake2b(k.encode("utf-8"), digest_size=16).digest() for k in joined]


def review_keys(rows: pd.DataFrame) -> list[bytes]:
    """The 16-byte key of every row (see the module docstring)."""
    if rows.empty:
        return []
    text, user, sku = norm(rows["text"]), norm(rows["user"]), norm(rows["sku"])
    order = norm(rows["order_id"])
    on = day(rows)
    sep = "\x1f"
    with_order = "o" + sep + order + sep + user + sep + on + sep + text
    without = "t" + sep + text + sep + on + sep + sku + sep + user
    return _hashed(with_order.where(order != "", without))


def rounded(order: pd.Series) -> np.ndarray:
    """Which (normalised) order IDs Excel rounded."""
    text = order.fillna("").astype(str)
    return (text.str.match(_SCIENTIFIC) | text.str.match(_PADDED)).to_numpy(dtype=bool)


def loose_keys(rows: pd.DataFrame) -> list[bytes | None]:
    """The loose key of every row whose order ID is a long number (rounded or not), else None."""
    if rows.empty:
        return []
    order = norm(rows["order_id"])
    long = (order.str.match(_LONG) | order.str.match(_SCIENTIFIC)).to_numpy(dtype=bool)
    out: list[bytes | None] = [None] * len(rows)
    if long.any():
        part = rows.loc[long]
        ids = [f"{float(v):.5e}" for v in order[long]]
        parts = zip(ids, norm(part["user"]), day(part), norm(part["text"]), strict=True)
        hashed = _hashed(["\x1f".join(p) for p in parts])
        for at, key in zip(np.flatnonzero(long).tolist(), hashed, strict=True):
            out[at] = key
    return out


def rounded_matches(
    db: sqlite3.Connection,
    source: str,
    rows: pd.DataFrame,
    keys: list[bytes],
    loose: list[bytes | None],
    held: dict[bytes, int],
) -> dict[bytes, int]:
    """Held reviews that ``rows`` (with their ``keys`` and ``loose`` keys) did not find by key
    because Excel rounded the order ID on one side: key → review id."""
    ours_rounded = rounded(norm(rows["order_id"]))
    todo = [i for i, (k, lk) in enumerate(zip(keys, loose, strict=True)) if lk and k not in held]
    if not todo:
        return {}
    db.execute("CREATE TEMP TABLE IF NOT EXISTS loose_in (key BLOB PRIMARY KEY) WITHOUT ROWID")
    db.execute("DELETE FROM loose_in")
    db.executemany("INSERT OR IGNORE INTO loose_in VALUES (?)", ((loose[i],) for i in todo))
    found = db.execute(
        "SELECT r.loose_key, r.id, r.order_id FROM loose_in l JOIN reviews r"
        " ON r.source = ? AND r.loose_key = l.key",
        (source,),
    ).fetchall()
    db.execute("DELETE FROM loose_in")
    if not found:
        return {}
    their_rounded = rounded(norm(pd.Series([r[2] for r in found], dtype=object)))
    any_id: dict[bytes, int] = {}
    rounded_id: dict[bytes, int] = {}
    for (key, review_id, _), was_rounded in zip(found, their_rounded, strict=True):
        any_id.setdefault(key, review_id)
        if was_rounded:
            rounded_id.setdefault(key, review_id)
    out = {}
    for i in todo:  # a rounded ID may be any order; a full one only the one held rounded
        match = (any_id if ours_rounded[i] else rounded_id).get(loose[i])  # type: ignore[arg-type]
        if match is not None:
            out[keys[i]] = int(match)
    return out


def fill_loose_keys(db: sqlite3.Connection) -> None:
    """Store the loose key of every held review with a long order ID (a migration step)."""
    rows = pd.DataFrame(
        db.execute(
            "SELECT id, order_id, user, date, purchase_date, text FROM reviews WHERE order_id != ''"
        ).fetchall(),
        columns=["id", "order_id", "user", "date", "purchase_date", "text"],
        dtype=object,
    )
    pairs = zip(loose_keys(rows), rows["id"].tolist(), strict=True)
    db.executemany("UPDATE reviews SET loose_key = ? WHERE id = ?", ((k, i) for k, i in pairs if k))
