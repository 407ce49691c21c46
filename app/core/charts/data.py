"""From an :class:`AnalysisResult` to the inputs of each chart, and the charts themselves.

Shared by ``analyze --charts``, the Excel report and the GUI dashboard, so all three show the
same numbers. Each chart is drawn only when the data supports it. Aspect names are given in the
language ``lang`` the caller passes (the result holds keys, see :mod:`app.core.naming`).
"""

from __future__ import annotations

from collections import Counter

import pandas as pd
from matplotlib.figure import Figure

from app.core.charts import figures as charts
from app.core.i18n import get_language
from app.core.naming import aspect_name, aspect_names
from app.core.results import AnalysisResult
from app.core.reviews.labels import reviews_with
from app.core.text.segment import load_stopwords, theme_terms

CHART_NAMES: tuple[str, ...] = (
    "rating_distribution",
    "sentiment_over_time",
    "complaint_themes",
    "praise_themes",
    "aspect_sentiment",
    "sku_aspect_heatmap",
    "theme_trends",
    "complaint_word_cloud",
    "praise_word_cloud",
)


def rating_counts(result: AnalysisResult) -> pd.Series:
    ratings = result.reviews["rating"].dropna().astype(int)
    return ratings.value_counts().reindex(range(1, 6), fill_value=0)


def theme_frame(result: AnalysisResult, polarity: str) -> pd.DataFrame:
    """``label, count, share`` of the visible themes of one polarity, biggest first.

    ``count`` is reviews mentioning the theme; ``share`` is of the reviews with at least one
    clause of that polarity (:func:`review_summary` ``with_complaint`` / ``with_praise``), so
    the bar "108 (31%)" and the chart's "350 条含不满的评论" count the same thing.
    """
    themes = result.themes_of(polarity)
    base = reviews_with(result, polarity)
    counts = themes["review_count"].astype(int)
    return pd.DataFrame(
        {"label": themes["label"], "count": counts, "share": counts / base if base else 0.0}
    ).reset_index(drop=True)


def aspect_frame(result: AnalysisResult, lang: str) -> pd.DataFrame:
    """``label`` (the aspect's name in ``lang``), ``praise``, ``complaint`` per aspect."""
    names = aspect_names(result.aspects, lang)
    frame = result.aspects[["praise", "complaint"]].reset_index(drop=True)
    labels = [aspect_name(k, names) for k in result.aspects["key"]]
    frame.insert(0, "label", pd.Series(labels, index=frame.index, dtype=object))
    return frame


def sku_aspect_matrix(result: AnalysisResult, lang: str) -> pd.DataFrame:
    """Complaint clauses per SKU (rows) and aspect name in ``lang`` (columns), for the heat map."""
    clauses = result.clauses
    bad = clauses.loc[
        (clauses["polarity"] == "complaint") & (clauses["aspects"] != ""), ["sku", "aspects"]
    ]
    bad = bad[bad["sku"].fillna("").astype(str) != ""]
    if bad.empty:
        return pd.DataFrame()
    # count each distinct (SKU, aspects) pair once, then split the few distinct pairs
    pairs = bad.groupby(["sku", "aspects"], sort=False).size().rename("n").reset_index()
    pairs = pairs.assign(aspect=pairs["aspects"].str.split(";")).explode("aspect")
    names = aspect_names(result.aspects, lang)
    pairs["aspect"] = pairs["aspect"].map(lambda k: aspect_name(k, names))
    return pairs.groupby(["sku", "aspect"])["n"].sum().unstack(fill_value=0)


def theme_trend_frame(result: AnalysisResult, top: int = 5) -> pd.DataFrame:
    """Reviews per period (rows) for the ``top`` biggest complaint themes (columns)."""
    from app.core.reviews.trends import count_trend

    if not result.freq:
        return pd.DataFrame()
    themes = result.themes_of("complaint").head(top)
    if themes.empty:
        return pd.DataFrame()
    label_of = dict(zip(themes["key"], themes["label"], strict=True))
    hits = result.clauses.loc[
        result.clauses["theme"].isin(label_of), ["review_id", "theme", "date"]
    ]
    hits = hits.drop_duplicates(["review_id", "theme"])
    trend = count_trend(hits["theme"].map(label_of), hits["date"], result.freq)
    return trend.reindex(columns=list(label_of.values()), fill_value=0)


def word_frequencies(result: AnalysisResult, polarity: str, top: int = 200) -> dict[str, float]:
    """Content words of one polarity's clauses (no stopwords, negation kept: 不合适).

    Each distinct clause is read once and weighted by how often it occurs.
    """
    tokens = result.clauses.loc[result.clauses["polarity"] == polarity, "tokens"]
    repeats = tokens.value_counts(sort=False)
    counts: Counter[str] = Counter()
    stop = load_stopwords()
    for joined, times in zip(repeats.index.tolist(), repeats.tolist(), strict=True):
        for term in theme_terms(joined, stop):
            if len(term) >= 2:
                counts[term] += times
    return dict(counts.most_common(top))


REPORT_PICTURES: tuple[str, ...] = (
    "complaint_word_cloud",
    "praise_word_cloud",
    "sku_aspect_heatmap",
)
"""The charts the Excel report embeds as pictures (the rest are native Excel charts)."""


def result_figure(result: AnalysisResult, name: str, lang: str | None = None) -> Figure | None:
    """The chart ``name`` (see :data:`CHART_NAMES`), or None when the data cannot support it.

    Aspect names are in ``lang`` (None: the language of the messages, ``get_language()``).
    """
    lang = lang or get_language()
    if name == "rating_distribution":
        return charts.rating_distribution(rating_counts(result))
    if name in ("complaint_themes", "praise_themes"):
        polarity = name.removesuffix("_themes")
        return charts.theme_bars(
            theme_frame(result, polarity), polarity, n=reviews_with(result, polarity)
        )
    if name == "aspect_sentiment":
        if not len(result.aspects):
            return None
        return charts.aspect_sentiment(aspect_frame(result, lang))
    if name == "sku_aspect_heatmap":
        return charts.sku_aspect_heatmap(sku_aspect_matrix(result, lang))
    if name in ("complaint_word_cloud", "praise_word_cloud"):
        polarity = name.removesuffix("_word_cloud")
        if result.clauses.empty:
            return None
        frequencies = word_frequencies(result, polarity)
        return charts.word_cloud(frequencies, polarity, n=reviews_with(result, polarity))
    if name not in ("sentiment_over_time", "theme_trends"):
        raise ValueError(f"unknown chart {name!r}; use one of {CHART_NAMES}")
    if result.trend is None or not result.freq:
        return None
    if name == "sentiment_over_time":
        return charts.sentiment_over_time(result.trend, result.freq)
    trend = theme_trend_frame(result)
    return charts.theme_trends(trend, result.freq) if not trend.empty else None


def result_figures(
    result: AnalysisResult, names: tuple[str, ...] = CHART_NAMES, lang: str | None = None
) -> dict[str, Figure]:
    """Every chart of ``names`` the data supports, by name, in the order of ``names``; aspect
    names in ``lang`` (None: the language of the messages)."""
    lang = lang or get_language()
    figures = {name: result_figure(result, name, lang) for name in names}
    return {name: fig for name, fig in figures.items() if fig is not None}
