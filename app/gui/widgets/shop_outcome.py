"""What 「我的店铺」 says after a shop job, in plain words: the shop made, the files added
(新增 N 条，已有 M 条… and, for a competitor's files, where they went) or the shop checked."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from app.core.i18n import tr
from app.history import schema, session


def outcome_text(kind: str, value: Any, source: str = schema.MAIN_SOURCE) -> str:
    """The outcome lines for a finished job: ``kind`` ``"added"`` (``value`` the added result,
    ``source`` the files' source), ``"checked"`` (``value`` (path, held)) or else the new
    shop's path."""
    if kind == "added":
        lines = session.added_lines(value)
        if source != schema.MAIN_SOURCE:
            lines.insert(
                0,
                tr(
                    f"已作为对手“{source}”的评价加入（不计入本店的分析；"
                    "打开店铺后在「与对手对比」里对比）。",
                    f"Added as the competitor “{source}”'s reviews (not part of the "
                    "shop's own analysis; compare them under “Compare with a competitor” "
                    "once the shop is open).",
                ),
            )
        sources = value.held.sources
        if set(sources) - {schema.MAIN_SOURCE}:
            parts = [
                (tr("本店", "the shop") if s == schema.MAIN_SOURCE else f"“{s}”", n)
                for s, n in sorted(sources.items(), key=lambda i: i[0] != schema.MAIN_SOURCE)
            ]
            lines.append(
                tr(
                    "其中" + "，".join(f"{name} {n:,} 条" for name, n in parts) + "。",
                    "Of these: " + ", ".join(f"{name} {n:,}" for name, n in parts) + ".",
                )
            )
    elif kind == "checked":
        held = value[1]
        lines = [
            tr(
                f"店铺「{Path(held.path).stem}」现有 {held.reviews:,} 条评价，"
                f"共导入 {len(held.imports)} 次。",
                f"The shop “{Path(held.path).stem}” holds {held.reviews:,} reviews from "
                f"{len(held.imports)} import(s).",
            )
        ]
    else:
        lines = [
            tr(
                f"店铺「{Path(value).stem}」已建立：{value}。下一步：「加入评价文件…」。",
                f"The shop “{Path(value).stem}” is ready: {value}. Next: “Add review files…”.",
            )
        ]
    return "\n".join(lines)
