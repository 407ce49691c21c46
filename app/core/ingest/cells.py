"""Cells as text: null markers, stripping, and the distinct-values trick all parsers share."""

from __future__ import annotations

import numpy as np
import pandas as pd

DT_DTYPE = "datetime64[ns]"

# Cells meaning "nothing here" (compared after stripping surrounding whitespace).
NULL_MARKERS: frozenset[str] = frozenset(
    {"", "空", "无", "-", "--", "—", "/", "null", "nan", "none", "n/a", "#n/a", "nil", "undefined"}
)
_NULL_VARIANTS = frozenset(
    v for m in NULL_MARKERS for v in (m, m.upper(), m.capitalize(), m.title())
) | {"NaN", "NaT"}


def _distinct(s: pd.Series) -> tuple[np.ndarray, list[str]]:
    """Codes into the distinct cleaned values (-1 for missing, blank or a null marker)."""
    values = s.to_numpy(dtype=object, na_value=None) if isinstance(s, pd.Series) else s
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    nulls = _NULL_VARIANTS
    cleaned = [None if (t := str(v).strip()) in nulls else t for v in uniques]
    if all(c is u for c, u in zip(cleaned, uniques, strict=True)):  # already clean
        return codes, cleaned
    remap, distinct = pd.factorize(np.array(cleaned, dtype=object), use_na_sentinel=True)
    remap = np.append(remap, -1)
    return remap[np.where(codes < 0, len(remap) - 1, codes)], list(distinct)


def clean_text(s: pd.Series) -> pd.Series:
    """Cells stripped of surrounding whitespace, null markers and missing cells as ``""``."""
    codes, uniques = _distinct(s)
    values = np.array([*uniques, ""], dtype=object)
    return pd.Series(values[codes], index=s.index, dtype=object)


def null_mask(s: pd.Series) -> np.ndarray:
    """True where a cell is missing, blank or a null marker."""
    return _distinct(s)[0] < 0


def _factorize(s: pd.Series) -> tuple[np.ndarray, list[str]]:
    """Codes (-1 for empty/missing) and the distinct non-empty stripped values."""
    return _distinct(s)


def _take(values: np.ndarray, codes: np.ndarray, fill: object) -> np.ndarray:
    padded = np.append(values, np.array([fill], dtype=values.dtype))
    return padded[np.where(codes < 0, len(values), codes)]
