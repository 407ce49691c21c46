"""Short, distinct labels for SKU strings that show what differs between them (金色 64GB)."""

from __future__ import annotations

import re
from collections.abc import Iterable

from app.core.charts import style as st

_SKU_SPLIT = re.compile(r"[;；|,，\n]+|(?<!\d)/|/(?!\d)")
_SKU_BRACKET = re.compile(r"(【[^】]*】|\[[^\]]*\])")
_SKU_KEY = re.compile(r"^([^:：\d][^:：]{0,11})[:：](.*)$")  # not "10:30"


def _sku_items(text: str) -> list[tuple[str, str]]:
    """``(property, value)`` pairs of a SKU string; ``property`` is "" for bare values.

    "颜色分类:金色;存储容量:64GB" → [(颜色分类, 金色), (存储容量, 64GB)];
    "颜色：黑色 尺码：XL" → [(颜色, 黑色), (尺码, XL)]; "【官方标配】星光色 128G" →
    [("", 【官方标配】), ("", 星光色), ("", 128G)]. Words after a ``key:value`` belong to it.
    """
    items: list[tuple[str, str]] = []
    for chunk in _SKU_SPLIT.split(_SKU_BRACKET.sub(r" \1 ", text)):
        current: list[str] | None = None
        for word in chunk.split():
            match = _SKU_KEY.match(word)
            if match:
                items.append((match.group(1).strip(), match.group(2).strip()))
                current = [match.group(1).strip(), match.group(2).strip()]
            elif current is not None:
                current[1] = f"{current[1]} {word}".strip()
                items[-1] = (current[0], current[1])
            else:
                items.append(("", word))
    return [(key, value) for key, value in items if value or key]


def _common_start(texts: list[str]) -> int:
    """How many leading characters all ``texts`` share."""
    n = 0
    for chars in zip(*texts, strict=False):
        if len(set(chars)) > 1:
            break
        n += 1
    return n


def _trim_common(texts: list[str], tail: bool = False) -> list[str]:
    """``texts`` without the characters all of them start (``tail``: and end) with, as "…"."""
    if len(texts) < 2:
        return texts
    head = _common_start(texts)
    end = _common_start([t[head:][::-1] for t in texts]) if tail else 0
    cores = [t[head : len(t) - end] for t in texts]
    if not all(cores):
        return texts
    return [("…" if head else "") + c + ("…" if end else "") for c in cores]


def sku_labels(skus: Iterable[object], width: int = 26) -> list[str]:
    """Short, distinct labels of ``skus`` that show what differs between them.

    Property names (颜色分类:, 存储容量:) and the values every SKU shares are dropped:
    "颜色分类:金色;存储容量:64GB;网络类型:全网通" among other 全网通 SKUs → "金色 64GB".
    When that merges two SKUs, fuller forms are tried (all values, then the text as written,
    then the part that differs, cut at both ends); a number is the last resort. Labels are cut
    to ``width`` units (CJK counts 2) keeping start and end.
    """
    raws = [str(s) for s in skus]
    items = [_sku_items(r) for r in raws]
    values = [[v for _, v in its if v] for its in items]
    shared = set.intersection(*(set(v) for v in values)) if len(values) > 1 else set()
    differing = [" ".join(v for v in vals if v not in shared) or " ".join(vals) for vals in values]
    whole = [" ".join(vals) for vals in values]
    keyed = [" ".join(f"{k}:{v}" if k else v for k, v in its) for its in items]
    candidates = (differing, whole, keyed, raws, _trim_common(raws), _trim_common(raws, True))
    for texts in candidates:
        labels = [st.shorten(t or r, width, middle=True) for t, r in zip(texts, raws, strict=True)]
        if len(set(labels)) == len(labels):
            return labels
    labels = [st.shorten(t or r, width, middle=True) for t, r in zip(differing, raws, strict=True)]
    seen: dict[str, int] = {}
    for i, label in enumerate(labels):
        seen[label] = seen.get(label, 0) + 1
        if seen[label] > 1:
            labels[i] = f"{st.shorten(label, width - 3)} #{seen[label]}"
    return labels
