"""The "what changed" bundle the CLI, report and app show: all parts, in the owner's order."""

from __future__ import annotations

import pandas as pd

from app.core.changes.findings import Fix, findings_lines, history_findings
from tests.core.changes_data import SLOW, batch, make


def _shop() -> list[dict]:
    rows = []
    for month in ("2024-01", "2024-02", "2024-03", "2024-04"):
        rows += batch(month, 100, {SLOW: 20})
    rows += batch("2024-05", 100, {SLOW: 3})  # after switching courier
    rows += batch("2024-05-31", 4, {SLOW: 4})  # three+ new this week, none the week before
    return rows


def test_findings_lead_with_the_alert_then_the_fix_verdict():
    result = make(_shop())
    found = history_findings(
        result,
        last_import_cutoff="2024-04-30",
        fixes=[Fix(pd.Timestamp("2024-05-01"), "换了顺丰")],
    )
    lines = findings_lines(found, lang="zh")
    assert [a.label for a in found.alerts] == ["物流慢"]
    assert lines[0].startswith("「物流慢」又集中出现了")  # not "new": it was there for months
    assert found.since_import is not None and found.since_import.reviews == 104
    fix_line = next(line for line in lines if "换了顺丰" in line)
    assert "好转了" in fix_line
    assert lines.index(fix_line) > 0


def test_nothing_to_say_is_said_plainly():
    result = make(batch("2024-01", 50))
    lines = findings_lines(history_findings(result), lang="zh")
    assert lines == ["没有需要特别注意的变化。"]


def test_comparison_only_when_asked():
    rows = batch("2024-01", 100, {SLOW: 30}, source="main")
    rows += batch("2024-01", 100, {SLOW: 5}, source="competitor")
    result = make(rows)
    assert history_findings(result).comparison is None
    found = history_findings(result, compare_by=result.reviews["source"])
    assert found.comparison is not None
    assert "物流慢" in found.comparison.they_beat_us["label"].tolist()
