"""Charts over time: praise/complaint shares with volume, and the biggest complaint themes.

Both take a DataFrame indexed by period start (datetimes, Periods or date strings; sorted here)
and ``freq`` ("D", "W", "W-MON", "M", "MS", "Q", "month"…) used for the axis labels only.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import FuncFormatter, MaxNLocator

from app.core.changes.periods import MIN_PERIOD_REVIEWS
from app.core.charts import style as st
from app.core.i18n import tr


def _prepare(trend: pd.DataFrame) -> tuple[pd.DataFrame, pd.DatetimeIndex] | None:
    if trend is None or trend.empty:
        return None
    dates = st.period_index(trend.index)
    data = trend.set_axis(dates).sort_index()
    data = data.apply(pd.to_numeric, errors="coerce").fillna(0).clip(lower=0)
    data = data.groupby(level=0).sum()
    return data, pd.DatetimeIndex(data.index)


def sentiment_over_time(trend: pd.DataFrame, freq: str, n: int | None = None) -> Figure | None:
    """Complaint % and praise % per period (lines) over review volume (light bars, right axis).

    ``trend`` columns: ``praise``, ``complaint``, ``mixed``, ``neutral`` (review counts per
    period; ``mixed`` and ``neutral`` may be missing). The shares are of every review of the
    period; the 褒贬都有 (mixed) line is drawn when there are such reviews. Needs at least two
    periods with reviews. Periods with fewer than ``MIN_PERIOD_REVIEWS`` (20) reviews have no
    share (a gap in the lines, never 0 % or 100 %); the axis is 0–100 %.
    """
    prepared = _prepare(trend)
    if prepared is None:
        return None
    data, dates = prepared
    missing = [c for c in ("praise", "complaint") if c not in data.columns]
    if missing:
        raise ValueError(f"sentiment_over_time: missing column(s) {missing}")
    volume = data["praise"] + data["complaint"] + data.get("mixed", 0) + data.get("neutral", 0)
    if int((volume > 0).sum()) < 2:
        return None
    n = round(float(volume.sum())) if n is None else n
    safe = volume.where(volume >= MIN_PERIOD_REVIEWS)  # 1 of 1 review is not "100 %"
    shares = {
        key: data[key] / safe * 100 for key in ("complaint", "praise", "mixed") if key in data
    }
    x = np.arange(len(data))
    small = (volume > 0) & (volume < MIN_PERIOD_REVIEWS)
    size = 28 if len(x) <= 26 else 14

    fig, ax = st.new_figure()
    ax_vol = ax.twinx()
    st.style_axes(ax_vol, grid=None)
    ax_vol.spines["bottom"].set_visible(False)
    ax_vol.bar(x, volume.to_numpy(), color=st.VOLUME, width=0.7, alpha=0.6, zorder=0)
    ax_vol.set_ylim(0, volume.max() * 2.4)  # bars stay in the lower part, under the lines
    ax_vol.yaxis.set_major_locator(MaxNLocator(integer=True, nbins=4))
    ax_vol.tick_params(axis="y", labelcolor=st.MUTED)
    ax_vol.set_ylabel(
        tr("评价数（灰柱）", "Reviews (grey bars)"), fontsize=st.LABEL_SIZE, color=st.MUTED
    )
    ax.set_zorder(ax_vol.get_zorder() + 1)
    ax.patch.set_visible(False)

    styles = {
        "complaint": (st.COMPLAINT, "o", "-", tr("差评占比", "Complaint share")),
        "praise": (st.PRAISE, "s", "--", tr("好评占比", "Praise share")),
        "mixed": (st.MIXED, "D", ":", tr("褒贬都有占比", "Mixed share")),
    }
    if "mixed" not in data or not (data["mixed"] > 0).any():
        del styles["mixed"]  # no review both praises and complains: no flat line at 0 %
    handles = []
    for key, (colour, marker, dash, label) in styles.items():
        y = shares[key].to_numpy()
        latest = shares[key].dropna()
        if len(latest):
            label = tr(
                f"{label}（最近一期 {latest.iloc[-1]:.0f}%）",
                f"{label} (latest {latest.iloc[-1]:.0f}%)",
            )
        ax.plot(x, y, color=colour, linestyle=dash, linewidth=2, label=label)
        ax.scatter(x, y, color=colour, marker=marker, s=size, zorder=3, clip_on=False)
        handles.append(Line2D([], [], color=colour, linestyle=dash, marker=marker, label=label))
    handles.append(Patch(color=st.VOLUME, label=tr("评价数", "Reviews")))
    if small.any():
        handles.append(
            Line2D(
                [],
                [],
                linestyle="",
                label=tr(
                    f"空缺：当期评价少于 {MIN_PERIOD_REVIEWS} 条，不算占比",
                    f"gap: < {MIN_PERIOD_REVIEWS} reviews, no share",
                ),
            )
        )
    ax.set_ylim(0, 100)
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _pos: f"{v:.0f}%"))
    ax.set_ylabel(
        tr("占当期评价的比例", "Share of reviews"), fontsize=st.LABEL_SIZE, color=st.MUTED
    )
    st.set_period_ticks(ax, dates, freq)
    ax.set_xlabel(st.period_axis_label(freq), fontsize=st.LABEL_SIZE, color=st.MUTED)
    fig.legend(
        handles=handles,
        loc="outside lower center",
        ncols=len(handles),
        frameon=False,
        fontsize=st.ANNOT_SIZE,
    )
    title = tr(
        f"好评与差评占比的变化（{st.freq_phrase(freq)}）"
        if "mixed" not in styles
        else f"好评、差评与褒贬都有占比的变化（{st.freq_phrase(freq)}）",
        f"Praise and complaint shares over time ({st.freq_phrase(freq)})"
        if "mixed" not in styles
        else f"Praise, complaint and mixed shares over time ({st.freq_phrase(freq)})",
    )
    st.set_title(ax, title, n)
    return st.finish(fig)


def theme_trends(
    trend: pd.DataFrame, freq: str, top: int = 5, n: int | None = None
) -> Figure | None:
    """Mentions per period of the biggest complaint themes: lines with markers, no smoothing.

    ``trend``: index = period start, columns = complaint theme labels (the 5 biggest; if more
    are given the ``top`` with most mentions are drawn), values = counts. Needs ≥ 2 periods.
    """
    prepared = _prepare(trend)
    if prepared is None or len(prepared[0]) < 2:
        return None
    data, dates = prepared
    totals = data.sum(axis=0)
    columns = list(totals[totals > 0].nlargest(top, keep="first").index)
    if not columns:
        return None
    unit = st.REVIEWS if n is not None else st.MENTIONS
    n = round(float(data[columns].to_numpy().sum())) if n is None else n
    x = np.arange(len(data))

    fig, ax = st.new_figure()
    for column, (colour, marker, dash) in zip(columns, st.SERIES, strict=False):
        ax.plot(
            x,
            data[column].to_numpy(),
            color=colour,
            marker=marker,
            linestyle=dash,
            linewidth=2,
            markersize=5.5,
            label=st.shorten(column, 16),
        )
    ax.set_ylim(0, data[columns].to_numpy().max() * 1.15)
    ax.yaxis.set_major_locator(MaxNLocator(integer=True, nbins=5))
    ax.set_ylabel(
        tr("提及的评价数", "Reviews mentioning it"), fontsize=st.LABEL_SIZE, color=st.MUTED
    )
    st.set_period_ticks(ax, dates, freq)
    ax.set_xlabel(st.period_axis_label(freq), fontsize=st.LABEL_SIZE, color=st.MUTED)
    fig.legend(
        loc="outside lower center",
        ncols=min(len(columns), 5),
        frameon=False,
        fontsize=st.ANNOT_SIZE,
        handlelength=2.6,
    )
    title = tr(
        f"主要差评问题的变化（{st.freq_phrase(freq)}）",
        f"Top complaint themes over time ({st.freq_phrase(freq)})",
    )
    st.set_title(ax, title, n, unit=unit)
    return st.finish(fig)
