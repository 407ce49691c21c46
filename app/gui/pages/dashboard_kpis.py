"""The 总览 page's KPI cards: the numbers (:func:`kpi_values`), the cards in their grid (each a
click to its reviews) and their texts. Texts are translated in the ``DashboardPage`` context,
where the page's own texts are."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QGridLayout

from app.core.charts.style import COMPLAINT, MIXED_TEXT, MUTED, PRAISE
from app.core.i18n import get_language as core_language
from app.core.i18n import tr as core_tr
from app.core.results import AnalysisResult
from app.core.reviews.filter import ReviewFilter
from app.core.reviews.labels import LABELS
from app.gui.widgets.kpi_card import KpiCard

FIRST_ROW = 5  # KPI cards per row: 含不满 and the four labels, then the other numbers


def kpi_values(result: AnalysisResult) -> dict[str, Any]:
    """The numbers on the KPI cards (tests compare them with the result).

    ``with_complaint``: reviews holding a complaining clause (含不满, the first card); the four
    label shares are whole percents adding up to 100 (one overall label per review)."""
    from app.core.reviews.unhappy import OVERALL, overall_counts, overall_percents, unhappy_split

    reviews = result.reviews
    n = len(reviews)
    ratings = reviews["rating"].dropna()
    split = unhappy_split(result)
    counts, percents = overall_counts(result), overall_percents(result)
    return {
        "reviews": n,
        "with_complaint": split.with_complaint,
        "with_complaint_share": split.share,
        **{f"{key}_count": counts[key] for key in OVERALL},
        **{f"{key}_share": percents[key] / 100 for key in OVERALL},
        "average_rating": float(ratings.astype(float).mean()) if len(ratings) else None,
        # None: without star ratings "high stars, unhappy text" cannot be told (not 0)
        "high_stars_unhappy": (
            int(reviews["rating_text_mismatch"].fillna(False).astype(bool).sum())
            if len(ratings)
            else None
        ),
    }


def make_kpi_cards(
    on_filter: Callable[[ReviewFilter], Any],
) -> tuple[dict[str, KpiCard], QGridLayout]:
    """The cards by key and their grid; clicking a card calls ``on_filter`` with its filter."""
    # first row: how many were unhappy about something, then the four labels (100 %)
    cards = {
        "with_complaint": KpiCard(colour=COMPLAINT),
        "praise_share": KpiCard(colour=PRAISE),
        "complaint_share": KpiCard(colour=COMPLAINT),
        "mixed_share": KpiCard(colour=MIXED_TEXT),
        "neutral_share": KpiCard(colour=MUTED),
        "reviews": KpiCard(),
        "average_rating": KpiCard(),
        "high_stars_unhappy": KpiCard(colour=COMPLAINT),
    }
    card_filters = {
        "with_complaint": ReviewFilter(clause_polarity="complaint"),
        "praise_share": ReviewFilter(sentiment="praise"),
        "complaint_share": ReviewFilter(sentiment="complaint"),
        "mixed_share": ReviewFilter(sentiment="mixed"),
        "neutral_share": ReviewFilter(sentiment="neutral"),
        "high_stars_unhappy": ReviewFilter(high_stars_unhappy=True),
        "reviews": ReviewFilter(),
    }
    kpis = QGridLayout()
    kpis.setHorizontalSpacing(10)
    kpis.setVerticalSpacing(10)
    for i, (key, card) in enumerate(cards.items()):
        kpis.addWidget(card, i // FIRST_ROW, i % FIRST_ROW)
        if key in card_filters:
            card.set_clickable(True)
            card.clicked.connect(lambda f=card_filters[key]: on_filter(f))
    for column in range(FIRST_ROW):
        kpis.setColumnStretch(column, 1)
    return cards, kpis


def fill_kpi_cards(cards: dict[str, KpiCard], result: AnalysisResult) -> None:
    """Set every card's number, caption and tool tip for ``result`` (current language)."""
    values = kpi_values(result)
    average = values["average_rating"]
    from app.core.reviews.unhappy import in_both_note, unhappy_sentence, unhappy_split

    lang = core_language()
    cards["with_complaint"].set_value(
        QCoreApplication.translate("DashboardPage", "{n} 条").format(
            n=f"{values['with_complaint']:,}"
        ),
        QCoreApplication.translate("DashboardPage", "含不满 · 占 {share}").format(
            share=f"{values['with_complaint_share']:.0%}"
        ),
        unhappy_sentence(unhappy_split(result), lang)
        + "\n"
        + in_both_note(lang, average is not None)
        + QCoreApplication.translate("DashboardPage", "。点击查看这些评价。"),
    )
    cards["reviews"].set_value(
        f"{values['reviews']:,}",
        QCoreApplication.translate("DashboardPage", "条评价已分析"),
        QCoreApplication.translate(
            "DashboardPage",
            "导入后保留并分析的评价条数（空白、重复、系统默认好评等已去掉）。点击查看全部评价。",
        ),
    )
    label_tips = {
        "praise": QCoreApplication.translate(
            "DashboardPage", "整体判断为好评的评价：4–5 星按星级，没有星级或 3 星时看文字。"
        ),
        "complaint": QCoreApplication.translate(
            "DashboardPage", "整体判断为差评的评价：1–2 星按星级，没有星级或 3 星时看文字。"
        ),
        "mixed": QCoreApplication.translate(
            "DashboardPage", "没有星级或 3 星、文字里既明显在夸又明显在抱怨的评价。"
        ),
        "neutral": QCoreApplication.translate(
            "DashboardPage", "文字里没有表达好恶的评价，例如“给妈妈买的”。"
        ),
    }
    captions = {
        "praise": QCoreApplication.translate("DashboardPage", "好评 · {n} 条"),
        "complaint": QCoreApplication.translate("DashboardPage", "差评 · {n} 条"),
        "mixed": QCoreApplication.translate("DashboardPage", "褒贬都有 · {n} 条"),
        "neutral": QCoreApplication.translate("DashboardPage", "中性 · {n} 条"),
    }
    together = QCoreApplication.translate(
        "DashboardPage", "每条评价只算一种，四项加起来 100%。点击查看这些评价。"
    )
    for key, tip in label_tips.items():
        cards[f"{key}_share"].set_value(
            f"{values[f'{key}_share']:.0%}",
            captions[key].format(n=f"{values[f'{key}_count']:,}"),
            f"{tip}{together}",
        )
    cards["average_rating"].set_value(
        "—" if average is None else f"{average:.2f}",
        QCoreApplication.translate("DashboardPage", "平均星级"),
        QCoreApplication.translate("DashboardPage", "有星级的评价的平均分（满分 5 星）。"),
    )
    unhappy = cards["high_stars_unhappy"]
    unhappy.set_clickable(values["high_stars_unhappy"] is not None)
    if values["high_stars_unhappy"] is None:
        unhappy.set_value(
            "—",
            QCoreApplication.translate("DashboardPage", "高星差评"),
            core_tr(*LABELS["no_ratings"]),
        )
    else:
        unhappy.set_value(
            f"{values['high_stars_unhappy']:,}",
            QCoreApplication.translate("DashboardPage", "高星差评"),
            QCoreApplication.translate(
                "DashboardPage",
                "给了 4–5 星、文字里却在抱怨的评价：星级看不出来的问题。点击查看这些评价。",
            ),
        )
