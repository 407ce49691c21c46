"""Scraper output: a JSON list of records (or an object holding one) and JSON Lines.

Nested objects are flattened with dotted keys (``user.nick``); lists inside a record are kept
as JSON text, except lists of objects with ``content`` (JD's ``replies``), kept as those texts. Numbers keep the exact digits written in the file (parsed as text).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pandas as pd

from app.io.readers import messages
from app.io.readers.cells import Cell, frame_from_columns

_MAX_DEPTH = 4


def _as_text(value: Any) -> Cell:
    if value is None:
        return None
    if isinstance(value, str):
        return value or None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        if value and all(isinstance(v, dict) and v.get("content") for v in value):
            return "\n".join(str(v["content"]) for v in value)  # JD replies: [{"content": …}]
        return json.dumps(value, ensure_ascii=False) if value else None
    return str(value)


def _flatten(record: dict[str, Any], prefix: str = "", out: dict[str, Cell] | None = None) -> dict:
    out = {} if out is None else out
    for key, value in record.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict) and value:
            _flatten(value, f"{name}.", out)
        else:
            out[name] = _as_text(value) if not isinstance(value, dict) else None
    return out


def _is_records(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(v, dict) for v in value)


def find_records(document: Any, depth: int = 0) -> list[dict] | None:
    """The document itself if it is a list of objects, else the longest such list inside it."""
    if _is_records(document):
        return document
    if not isinstance(document, dict) or depth >= _MAX_DEPTH:
        return None
    best: list[dict] | None = None
    for value in document.values():
        found = find_records(value, depth + 1)
        if found is not None and (best is None or len(found) > len(best)):
            best = found
    return best


# JD's colour and size of the item bought, combined into one SKU column (``黑色 XL``).
SKU_PARTS = ("productColor", "productSize")
SKU_COLUMN = "productSku"


def _with_sku(record: dict[str, Cell]) -> dict[str, Cell]:
    parts = [record[k] for k in SKU_PARTS if record.get(k)]
    if parts and SKU_COLUMN not in record:
        record[SKU_COLUMN] = " ".join(str(p) for p in parts)
    return record


def _frame(records: Iterable[dict[str, Any]]) -> pd.DataFrame:
    flat = [_with_sku(_flatten(r)) for r in records]
    names: dict[str, None] = {}
    for record in flat:
        names.update(dict.fromkeys(record))
    for name in [n for n in names if f"{n}.content" in names]:
        # a text in some records, {"content": …} in others (JD's afterUserComment): one column
        for record in flat:
            if record.get(name) is not None and record.get(f"{name}.content") is None:
                record[f"{name}.content"] = record.pop(name)
        if all(record.get(name) is None for record in flat):
            del names[name]
    columns = [[record.get(name) for record in flat] for name in names]
    return frame_from_columns(list(names), columns)


def _loads(text: str) -> Any:
    return json.loads(text, parse_float=str, parse_int=str)


def read_json(path: Path, text: str) -> tuple[pd.DataFrame, list[int], str]:
    """Frame, record numbers (JSON) or line numbers (JSON Lines), and ``json``/``jsonl``."""
    text = text.lstrip("\ufeff")
    try:
        document = _loads(text)
    except json.JSONDecodeError as error:
        if error.msg != "Extra data" and path.suffix.lower() != ".jsonl":
            raise messages.bad_json(path, error.lineno) from None
        return _read_lines(path, text)
    records = find_records(document)
    if records is None:
        raise messages.json_not_records(path)
    return _frame(records), list(range(1, len(records) + 1)), "json"


def _read_lines(path: Path, text: str) -> tuple[pd.DataFrame, list[int], str]:
    records: list[dict] = []
    lines: list[int] = []
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            record = _loads(line)
        except json.JSONDecodeError:
            raise messages.bad_json(path, number) from None
        if not isinstance(record, dict):
            raise messages.json_not_records(path)
        records.append(record)
        lines.append(number)
    if not records:
        raise messages.json_not_records(path)
    return _frame(records), lines, "jsonl"
