"""The plain table every reader returns: cells as text, with where each row came from."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd


@dataclass
class RawTable:
    """One sheet (or one delimited/JSON file) as read from disk, before any interpretation.

    ``frame`` holds every row below the detected header, every cell as ``str`` or missing
    (``None``/``NA``); column names are the header cells (made unique: ``评价``, ``评价.1``).
    Blank rows and header rows repeated inside the data are still in ``frame``: the ingest
    stage drops them *with a reason*, so every input row is accounted for.
    ``source_rows[i]`` is the 1-based row number of ``frame.iloc[i]`` as a user would see it
    in Excel (for CSV: the record number, counting the header and title rows).
    """

    source_file: str
    frame: pd.DataFrame
    source_rows: list[int]
    file_format: str  # csv, tsv, txt, xlsx, xls, html, json, jsonl
    encoding: str | None = None  # e.g. "utf-8-sig", "gb18030", "utf-16"; None for binary formats
    sheet: str | None = None
    sheets: list[str] = field(default_factory=list)  # all sheet names of a workbook
    header_row: int | None = None  # 1-based row of the header; None when columns came from keys
    title_rows: int = 0  # non-blank rows above the header (e.g. "评价列表 2024-05")
    delimiter: str | None = None
    warnings: list[tuple[str, str]] = field(default_factory=list)  # (zh, en): repairs made
