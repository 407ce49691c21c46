"""Build RawTables in memory, the way the readers deliver them (every cell text or missing)."""

from __future__ import annotations

import pandas as pd

from app.core.ingest.raw_table import RawTable


def table(
    columns: list[str],
    rows: list[list[object]],
    name: str = "评价导出.csv",
    sheet: str | None = None,
) -> RawTable:
    cells = [[None if v is None else str(v) for v in row] for row in rows]
    frame = pd.DataFrame(cells, columns=columns, dtype=object)
    return RawTable(
        source_file=name,
        frame=frame,
        source_rows=list(range(2, len(rows) + 2)),
        file_format="csv",
        encoding="utf-8",
        sheet=sheet,
        header_row=1,
    )
