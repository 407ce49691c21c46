"""Remember a confirmed column mapping per header layout, as JSON in the user data folder."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path

from app import paths
from app.core.ingest.aliases import normalize_header
from app.core.ingest.model import ROLES, ColumnRoles


def header_signature(columns: Iterable[object]) -> str:
    """A short hash of the sorted, normalised header names (order and spelling don't matter;
    repeated headers such as 评价, 评价.1 are numbered so they stay distinct)."""
    seen: dict[str, int] = {}
    keys = []
    for c in columns:
        key = normalize_header(re.sub(r"\.\d+$", "", str(c)))
        keys.append(f"{key}#{seen.get(key, 0)}")
        seen[key] = seen.get(key, 0) + 1
    return hashlib.sha1("\n".join(sorted(keys)).encode("utf-8")).hexdigest()[:16]


def mappings_dir() -> Path:
    path = paths.user_data_dir() / "mappings"
    path.mkdir(parents=True, exist_ok=True)
    return path


def save_mapping(columns: list[str], roles: ColumnRoles) -> Path:
    """Save ``roles`` for tables with this header; returns the JSON file written."""
    path = mappings_dir() / f"{header_signature(columns)}.json"
    data = {
        "columns": [str(c) for c in columns],
        "mapping": {r: c for r, c in roles.mapping.items() if r in ROLES},
        "subscores": list(roles.subscores),
        "saved": datetime.now().isoformat(timespec="seconds"),
    }
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    tmp.replace(path)
    return path


def load_mapping(columns: list[str]) -> ColumnRoles | None:
    """The saved mapping for this header, or None (also when unreadable or stale)."""
    path = mappings_dir() / f"{header_signature(columns)}.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    names = {str(c) for c in columns}
    mapping = {r: c for r, c in dict(data.get("mapping", {})).items() if r in ROLES and c in names}
    if "text" not in mapping:
        return None
    subscores = [c for c in data.get("subscores", []) if c in names]
    return ColumnRoles(mapping, subscores, dict.fromkeys(mapping, "saved"))
