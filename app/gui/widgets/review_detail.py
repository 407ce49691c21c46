"""The selected review, in full, with the matching clause and the search words highlighted.

One rich-text pane below the table (not a delegate per cell): only one review is rendered, so
the table stays fast at a million rows.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable

from PySide6.QtWidgets import QTextBrowser, QWidget

from app.core.charts.style import COMPLAINT, MIXED_TEXT, PRAISE
from app.core.i18n import get_language, tr

CLAUSE_STYLE = "background-color:#fff3bf;"
WORD_STYLE = "background-color:#ffd8a8; font-weight:600;"
SENTIMENT_COLOURS = {
    "praise": PRAISE,
    "complaint": COMPLAINT,
    "mixed": MIXED_TEXT,
    "neutral": "#6b6b6b",
}


def highlight(text: str, clauses: Iterable[str], words: Iterable[str]) -> str:
    """``text`` as HTML: clause spans tinted, search words marked (case-insensitive)."""
    marks = [0] * len(text)  # 0 plain, 1 clause, 2 word
    for clause in clauses:
        clause = clause.strip()
        if not clause:
            continue
        for match in re.finditer(re.escape(clause), text):
            for i in range(match.start(), match.end()):
                marks[i] = max(marks[i], 1)
    for word in words:
        for match in re.finditer(re.escape(word), text, flags=re.IGNORECASE):
            for i in range(match.start(), match.end()):
                marks[i] = 2
    out: list[str] = []
    start = 0
    for i in range(1, len(text) + 1):
        if i == len(text) or marks[i] != marks[start]:
            piece = html.escape(text[start:i]).replace("\n", "<br>")
            style = {1: CLAUSE_STYLE, 2: WORD_STYLE}.get(marks[start])
            out.append(f'<span style="{style}">{piece}</span>' if style else piece)
            start = i
    return "".join(out)


class ReviewDetail(QTextBrowser):
    """Shows one review; ``show_review`` takes plain values, never logs them."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setMinimumHeight(90)
        self.clear_review()

    def clear_review(self) -> None:
        self.setHtml(
            '<p style="color:#6b7280">'
            + html.escape(self.tr("选中一条评价，在这里看全文。"))
            + "</p>"
        )

    def show_review(
        self,
        *,
        text: str,
        followup: str,
        sentiment: str,
        sentiment_label: str,
        meta: list[str],
        clauses: list[str],
        words: list[str],
    ) -> None:
        colour = SENTIMENT_COLOURS.get(sentiment, "#1f2328")
        gap = "　" if get_language() == "zh" else "&nbsp;&nbsp;"  # no full-width space in English
        head = (
            f'<span style="color:{colour}; font-weight:600">{html.escape(sentiment_label)}</span>'
            + "".join(
                f'{gap}<span style="color:#6b7280">{html.escape(m)}</span>' for m in meta if m
            )
        )
        body = f"<p>{head}</p><p>{highlight(text, clauses, words)}</p>"
        if followup:
            label = html.escape(
                tr("追评：", "Follow-up: ")
            )  # not in an f-string: lupdate missed it
            body += (
                f'<p><span style="color:#6b7280">{label}</span>'
                f"{highlight(followup, clauses, words)}</p>"
            )
        if clauses:
            note = self.tr("黄色底色：符合当前主题或方面筛选的那句话。")
            body += f'<p style="color:#6b7280; font-size:small">{html.escape(note)}</p>'
        self.setHtml(body)
