"""Small hand-made :class:`AnalysisResult` objects for the tests of app.core.changes."""

from __future__ import annotations

import pandas as pd

from app.core.results import AnalysisResult

TAGS = {  # key: (label, aspect)
    "c:快递:慢": ("物流慢", "logistics"),
    "c:坏:坏": ("坏了", "quality"),
    "c:尺码:偏小": ("尺码偏小", "size"),
    "c:漏水:漏水": ("漏水", "quality"),
}
SLOW, BROKEN, SMALL, LEAK = TAGS


def batch(day: str, n: int, tags: dict[str, int] | None = None, **extra) -> list[dict]:
    """``n`` reviews on ``day`` (or spread over a month when ``day`` is "YYYY-MM"), the first
    ``tags[key]`` of them holding tag ``key`` (one tag per review, in order)."""
    if len(day) == 7:
        start = pd.Timestamp(day + "-01")
        days = start.days_in_month
        dates = [start + pd.Timedelta(days=i * days // max(n, 1)) for i in range(n)]
    else:
        dates = [pd.Timestamp(day) + pd.Timedelta(minutes=i) for i in range(n)]
    keys = [k for k, count in (tags or {}).items() for _ in range(count)]
    assert len(keys) <= n
    keys += [""] * (n - len(keys))
    return [
        {"date": d, "tags": [k] if k else [], **extra} for d, k in zip(dates, keys, strict=True)
    ]


def make(rows: list[dict]) -> AnalysisResult:
    """A result of ``rows`` (``date``, ``tags``, optional ``rating``, ``source``): a review with
    tags has one complaining clause per tag, the others one praising clause."""
    reviews, clauses = [], []
    for i, row in enumerate(rows):
        tags = row.get("tags", [])
        rating = row.get("rating", 2 if tags else 5)
        reviews.append(
            {
                "review_id": i,
                "text": "…",
                "rating": rating,
                "date": row["date"],
                "sentiment": "complaint" if tags else "praise",
                "themes": ";".join(TAGS[k][0] for k in tags),
                "source": row.get("source", "main"),
                "sku": row.get("sku", ""),
            }
        )
        for key in tags or [""]:
            clauses.append(
                {
                    "review_id": i,
                    "polarity": "complaint" if key else "praise",
                    "theme": key,
                    "aspects": TAGS[key][1] if key else "quality",
                    "date": row["date"],
                }
            )
    frame = pd.DataFrame(reviews).set_index("review_id")
    frame["rating"] = frame["rating"].astype("Int64")
    frame["date"] = pd.to_datetime(frame["date"])
    clause_frame = pd.DataFrame(
        clauses, columns=["review_id", "polarity", "theme", "aspects", "date"]
    )
    themes = pd.DataFrame(
        {
            "key": list(TAGS),
            "polarity": "complaint",
            "label": [v[0] for v in TAGS.values()],
            "review_count": [int((clause_frame["theme"] == k).sum()) for k in TAGS],
            "hidden": False,
        }
    )
    aspects = pd.DataFrame(
        {
            "key": ["logistics", "quality", "size"],
            "label_zh": ["物流", "质量", "尺码"],
            "label_en": ["Delivery", "Quality", "Size"],
        }
    )
    return AnalysisResult(
        imported=None,  # type: ignore[arg-type]  # the change functions never read it
        reviews=frame,
        clauses=clause_frame,
        themes=themes,
        aspects=aspects,
    )
