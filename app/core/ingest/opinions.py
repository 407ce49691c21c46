"""The analysis units of an import: one per kept review text and one per real follow-up."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from app.core.ingest.model import KEPT, ImportResult

OPINION_COLUMNS: tuple[str, ...] = (
    "review_id",
    "kind",  # "review" | "followup"
    "text",  # the analysis text
    "rating",
    "date",
    "product",
    "sku",
    "source_file",
    "source_row",
    "platform",
)


def opinions(result: ImportResult, check: Callable[[], None] = lambda: None) -> pd.DataFrame:
    """One row per kept review text (``kind="review"``) and per real follow-up
    (``kind="followup"``, same ``review_id`` as its first review, dated by the follow-up date).

    A review's date falls back to the purchase date when the file has no review date. A row
    kept only for its follow-up (the first text was a placeholder) yields just the follow-up.
    ``check`` (a cancel check) is called between steps.
    """
    shared = ["review_id", "rating", "product", "sku", "source_file", "source_row", "platform"]
    own = ["analysis_text", "followup_analysis_text", "date", "purchase_date", "followup_date"]
    ledger = result.ledger
    kept = ledger.loc[ledger["status"] == KEPT, shared + own]  # not the whole ledger
    check()
    first = kept[kept["analysis_text"] != ""]
    reviews = first[shared].assign(
        kind="review",
        text=first["analysis_text"],
        date=first["date"].fillna(first["purchase_date"]),
    )
    later = kept[kept["followup_analysis_text"] != ""]
    followups = later[shared].assign(
        kind="followup", text=later["followup_analysis_text"], date=later["followup_date"]
    )
    check()
    units = pd.concat([reviews, followups], ignore_index=True)
    check()
    units["_order"] = (units["kind"] == "followup").astype(int)
    units = units.sort_values(["review_id", "_order"], kind="stable").reset_index(drop=True)
    units["date"] = units["date"].astype("datetime64[ns]")
    units["rating"] = units["rating"].astype("Int64")
    return units[list(OPINION_COLUMNS)]
