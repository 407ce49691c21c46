"""The same review when one export's order IDs were rounded by Excel.

An owner who opens a CSV export in Excel and saves it gets long order IDs back as
``3.04323E+18`` (or ``3043229555425960000``: 15 digits, then zeros). The review key
(:func:`app.history.append.review_keys`) holds the order ID, so that review would be counted
again when another export has its full ID. Here an ID is compared at what Excel keeps in both
forms — 6 significant digits and the magnitude — together with the buyer, the day and the text,
and only when one of the two IDs is rounded: two full IDs stay what they are, two orders.
"""

from __future__ import annotations

import hashlib
import re
import sqlite3

import pandas as pd

_SCIENTIFIC = re.compile(r"^\d(\.\d+)?[eE]\+?\d+$")
_PADDED = re.compile(r"^\d{13,}000$")  # 16+ digits: Excel keeps 15 and pads with zeros
_LONG = re.compile(r"^\d{12,}$")


def rounded(order: pd.Series) -> pd.Series:
    """Which order IDs Excel rounded (scientific notation, or 16+ digits ending in 000)."""
    text = order.fillna("").astype(str)
    return text.str.match(_SCIENTIFIC) | text.str.match(_PADDED)


def long_id(order: pd.Series) -> pd.Series:
    """Which order IDs are long numbers Excel would round (or has rounded)."""
    text = order.fillna("").astype(str)
    return text.str.match(_LONG) | text.str.match(_SCIENTIFIC)


def loose_keys(order: pd.Series, user: pd.Series, day: pd.Series, text: pd.Series) -> list[bytes]:
    """The key of each row with its order ID as Excel keeps it (see the module docstring)."""
    ids = [f"{float(v):.5e}" for v in order.fillna("0").astype(str)]
    parts = zip(ids, user.tolist(), day.tolist(), text.tolist(), strict=True)  # by position
    joined = ("\x1f".join(p) for p in parts)
    return [hashlib.blake2b(k.encode("utf-8"), digest_size=16).digest() for k in joined]


ROUNDED_SQL = "(order_id LIKE '%E+%' OR (length(order_id) >= 16 AND order_id LIKE '%000'))"
"""Rounded order IDs in SQL (LIKE ignores case); ``reviews_rounded_order`` indexes exactly these."""


def held_rows(db: sqlite3.Connection, source: str, only_rounded: bool) -> pd.DataFrame:
    """The held reviews of ``source`` with a long (``only_rounded``: a rounded) order ID:
    ``id``, ``order_id``, ``user``, ``date``, ``purchase_date``, ``text``. Rounded ones are
    found through their small partial index; all long ones take a scan of the reviews."""
    where = ROUNDED_SQL if only_rounded else f"({ROUNDED_SQL} OR length(order_id) >= 12)"
    rows = db.execute(
        "SELECT id, order_id, user, date, purchase_date, text FROM reviews"
        f" WHERE source = ? AND {where}",
        (source,),
    ).fetchall()
    frame = pd.DataFrame(
        rows, columns=["id", "order_id", "user", "date", "purchase_date", "text"], dtype=object
    )
    return frame.loc[long_id(frame["order_id"])] if len(frame) else frame
