"""Everything "what changed" shows, computed once for the CLI, the report and the desktop app.

:func:`history_findings` bundles the alerts, what arrived since the last import, the tags rising
or falling as rates, the owner's fixes (before vs after each marked date) and, when asked, the
comparison with a second source. :func:`findings_lines` gives the same in plain sentences,
most urgent first, for the command line and the report's first sheet.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import pandas as pd

from app.core.changes.alerts import Alert, alerts, describe_alert
from app.core.changes.common import words
from app.core.changes.compare import Comparison, compare, describe_comparison
from app.core.changes.fix_check import FixCheck, describe_fix, fix_check
from app.core.changes.periods import (
    FALLING,
    NEW,
    RISING,
    Periods,
    SinceImport,
    describe_since,
    describe_tag_change,
    periods,
    since,
    tag_changes,
)
from app.core.progress import CancelToken
from app.core.results import AnalysisResult

NOTABLE = (RISING, NEW, FALLING)  # tag changes worth a line


@dataclass(frozen=True)
class Fix:
    """A change the owner made on a date (「换了顺丰」), marked so its effect can be checked."""

    date: pd.Timestamp
    description: str


@dataclass
class HistoryFindings:
    """What changed in a shop's reviews: ``alerts`` most urgent first; ``since_import`` (None
    without an earlier import); ``periods`` and ``changes`` (:func:`.periods.tag_changes`, empty
    without two periods); ``fixes`` one check per marked date; ``comparison`` or None."""

    alerts: list[Alert] = field(default_factory=list)
    since_import: SinceImport | None = None
    periods: Periods | None = None
    changes: pd.DataFrame = field(default_factory=pd.DataFrame)
    fixes: list[FixCheck] = field(default_factory=list)
    comparison: Comparison | None = None

    @property
    def notable_changes(self) -> pd.DataFrame:
        """Tags rising, new or falling (as rates), in that order."""
        if self.changes.empty:
            return self.changes
        return self.changes.loc[self.changes["status"].isin(NOTABLE)]


def history_findings(
    result: AnalysisResult,
    *,
    last_import_cutoff: object = None,
    fixes: Sequence[Fix] = (),
    compare_by: pd.Series | None = None,
    ours: str = "main",
    theirs: str = "competitor",
    cancel: CancelToken | None = None,
) -> HistoryFindings:
    """The findings of ``result``. ``last_import_cutoff``: the newest review date the shop held
    before this import (None: no earlier import). ``compare_by``: each review's side (indexed
    like ``result.reviews``) when two sources are compared."""
    check = (cancel or CancelToken()).check
    found = HistoryFindings(alerts=alerts(result))
    check()
    if last_import_cutoff is not None and not pd.isna(last_import_cutoff):
        found.since_import = since(result, last_import_cutoff)
    found.periods = periods(result)
    if found.periods is not None:
        found.changes = tag_changes(found.periods)
    check()
    found.fixes = [fix_check(result, f.date, f.description) for f in fixes]
    if compare_by is not None:
        check()
        found.comparison = compare(result, compare_by, ours, theirs)
    return found


def findings_lines(found: HistoryFindings, lang: str | None = None, top: int = 5) -> list[str]:
    """The findings as sentences, in the order an owner reads them: alerts, what is new since
    the last import, tags rising/new/falling as rates, each fix's verdict, the comparison."""
    lines = [describe_alert(a, lang) for a in found.alerts[:top]]
    if found.since_import is not None:
        lines.append(describe_since(found.since_import, lang=lang))
    if found.periods is not None:
        freq = found.periods.freq
        lines += [
            describe_tag_change(row, freq, lang)
            for _, row in found.notable_changes.head(top).iterrows()
        ]
    lines += [describe_fix(f, lang) for f in found.fixes]
    if found.comparison is not None:
        lines += describe_comparison(found.comparison, lang, top=top)
    if not lines:
        lines.append(
            words(lang)("没有需要特别注意的变化。", "Nothing that needs attention has changed.")
        )
    return lines
