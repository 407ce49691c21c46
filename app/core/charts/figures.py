"""Charts for the dashboard and the Excel report, as matplotlib ``Figure`` objects (never pyplot).

Every function takes plain pandas objects with the columns documented on it, writes titles and
labels in the current language (``tr``) and returns ``None`` when the data cannot support the
chart (the caller then skips it). ``n`` is the number of reviews behind a chart; when omitted it
is derived from the data. Below 10 reviews the title says "small sample".

Time charts live in :mod:`app.core.charts.over_time`, the word cloud in
:mod:`app.core.charts.word_cloud`; all are re-exported here.
"""

from __future__ import annotations

import io
import os
import uuid
from collections.abc import Iterable
from pathlib import Path

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator

from app.core.charts import style as st
from app.core.charts.over_time import sentiment_over_time, theme_trends
from app.core.charts.sku_labels import sku_labels
from app.core.charts.word_cloud import word_cloud
from app.core.errors import OutputError
from app.core.i18n import tr

__all__ = [
    "aspect_sentiment",
    "heatmap_cells",
    "rating_distribution",
    "render_figure",
    "save_figure",
    "sentiment_over_time",
    "sku_aspect_heatmap",
    "sku_labels",
    "theme_bars",
    "theme_trends",
    "word_cloud",
]


def _numeric(values: pd.Series | pd.DataFrame) -> pd.Series | pd.DataFrame:
    """Numbers with NaN → 0 and negatives clipped (defensive against odd adapter output)."""
    return values.apply(pd.to_numeric, errors="coerce").fillna(0).clip(lower=0)


def _require(frame: pd.DataFrame, columns: Iterable[str], what: str) -> None:
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValueError(f"{what}: missing column(s) {missing}; got {list(frame.columns)}")


def rating_distribution(counts: pd.Series, n: int | None = None) -> Figure | None:
    """Vertical bars of reviews per star rating, labelled with count and share.

    ``counts``: index = star rating 1..5 (other indexes ignored), values = number of reviews.
    """
    if counts is None or len(counts) == 0:
        return None
    stars = pd.Series(counts.to_numpy(), index=pd.to_numeric(counts.index, errors="coerce"))
    stars = _numeric(stars.groupby(level=0).sum()).reindex(range(1, 6), fill_value=0)
    total = float(stars.sum())
    if total <= 0:
        return None
    n = round(float(total)) if n is None else n
    mean = float((stars * stars.index).sum() / total)

    fig, ax = st.new_figure()
    colours = [st.COMPLAINT, st.COMPLAINT, st.NEUTRAL, st.PRAISE, st.PRAISE]
    hatches = [st.COMPLAINT_HATCH] * 2 + [""] * 3
    bars = ax.bar(stars.index, stars.to_numpy(), color=colours, width=0.62, edgecolor="white")
    for bar, hatch in zip(bars, hatches, strict=True):
        bar.set_hatch(hatch)
    labels = [f"{st.fmt_count(v)}\n{st.fmt_pct(v / total)}" for v in stars]
    ax.bar_label(bars, labels=labels, padding=3, fontsize=st.ANNOT_SIZE, color=st.TEXT)
    ax.set_xticks(range(1, 6), labels=[tr(f"{s} 星", f"{s} ★") for s in range(1, 6)])
    ax.set_ylim(0, stars.max() * 1.25)
    ax.yaxis.set_major_locator(MaxNLocator(integer=True, nbins=5))
    ax.set_ylabel(tr("评价数", "Reviews"), fontsize=st.LABEL_SIZE, color=st.MUTED)
    title = tr(f"评分分布：平均 {mean:.1f} 星", f"Star ratings: average {mean:.1f}")
    st.set_title(ax, title, n)
    return st.finish(fig)


def theme_bars(
    themes: pd.DataFrame, polarity: str, top: int = 10, n: int | None = None
) -> Figure | None:
    """Horizontal bars of the most mentioned themes, largest on top, labelled "123 (18%)".

    ``themes`` columns: ``label`` (theme name), ``count`` (reviews mentioning it), ``share``
    (count / reviews with a clause of that polarity, 0–1; values above 1 are read as
    percentages). ``n``: those reviews, named in the title (default: from count / share).
    ``polarity``: "complaint" or "praise".
    """
    st.check_polarity(polarity)
    if themes is None or themes.empty:
        return None
    _require(themes, ("label", "count", "share"), "theme_bars")
    data = themes.assign(count=_numeric(themes["count"]), share=_numeric(themes["share"]))
    data = data[data["count"] > 0].nlargest(top, "count", keep="first")
    if data.empty:
        return None
    if data["share"].max() > 1:
        data = data.assign(share=data["share"] / 100)
    if n is None:
        best = data.iloc[0]
        n = round(float(best["count"] / best["share"])) if best["share"] > 0 else None

    colour = st.POLARITY_COLOURS[polarity]
    fig, ax = st.new_figure(height=max(st.FIGSIZE[1], 1.3 + 0.32 * len(data)))
    st.style_axes(ax, grid="x")
    ax.spines["bottom"].set_visible(False)
    ypos = _bar_slots(ax, len(data))
    bars = ax.barh(ypos, data["count"].to_numpy(), color=colour, height=0.62)
    labels = [st.count_pct(c, s) for c, s in zip(data["count"], data["share"], strict=True)]
    ax.bar_label(bars, labels=labels, padding=4, fontsize=st.ANNOT_SIZE, color=st.TEXT)
    ax.set_yticks(ypos, labels=[st.shorten(label, 22) for label in data["label"]])
    ax.tick_params(axis="y", labelsize=st.LABEL_SIZE)
    ax.set_xlim(0, data["count"].max() * 1.22)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True, nbins=5))
    if polarity == "complaint":
        title = tr("评论里最常见的不满", "Most common complaints")
        unit = ("条含不满的评论", "review with a complaint", "reviews with a complaint")
        xlabel = tr(
            "提到它的评论数（括号内：占含不满评论的比例）",
            "Reviews mentioning it (in brackets: share of reviews with a complaint)",
        )
    else:
        title = tr("评论里最常被夸的地方", "Most common praise")
        unit = ("条含夸奖的评论", "review with praise", "reviews with praise")
        xlabel = tr(
            "提到它的评论数（括号内：占含夸奖评论的比例）",
            "Reviews mentioning it (in brackets: share of reviews with praise)",
        )
    ax.set_xlabel(xlabel, fontsize=st.LABEL_SIZE, color=st.MUTED)
    if n is not None:
        # says what n counts: a praise review with one complaining clause is in the complaint n
        parts = [title, tr(f"{n:,} {unit[0]}", f"{n:,} {unit[1] if n == 1 else unit[2]}")]
        if n < st.SMALL_SAMPLE:
            parts.append(tr("样本少，仅供参考", "small sample"))
        title = " · ".join(parts)
    st.set_title(ax, title)
    return st.finish(fig)


def _bar_slots(ax, count: int, min_slots: int = 6) -> np.ndarray:
    """Y positions for horizontal bars, largest first on top; few bars stay slim at the top."""
    slots = max(count, min_slots)
    ax.set_ylim(-0.6, slots - 0.4)
    return np.arange(slots - 1, slots - 1 - count, -1)


def aspect_sentiment(aspects: pd.DataFrame, top: int = 12, n: int | None = None) -> Figure | None:
    """Diverging bars per aspect: complaint mentions to the left, praise to the right.

    ``aspects`` columns: ``label`` (aspect, e.g. 物流), ``praise`` and ``complaint`` (mention
    counts). Sorted by total mentions, largest on top; at most ``top`` aspects.
    """
    if aspects is None or aspects.empty:
        return None
    _require(aspects, ("label", "praise", "complaint"), "aspect_sentiment")
    data = aspects.assign(
        praise=_numeric(aspects["praise"]), complaint=_numeric(aspects["complaint"])
    )
    data = data.assign(total=data["praise"] + data["complaint"])
    data = data[data["total"] > 0].nlargest(top, "total", keep="first")
    if data.empty:
        return None
    unit = st.REVIEWS if n is not None else st.MENTIONS
    n = round(float(data["total"].sum())) if n is None else n

    fig, ax = st.new_figure(height=max(st.FIGSIZE[1], 1.5 + 0.34 * len(data)))
    st.style_axes(ax, grid="x")
    ax.spines["bottom"].set_visible(False)
    ypos = _bar_slots(ax, len(data))
    comp, praise = data["complaint"].to_numpy(), data["praise"].to_numpy()
    left = ax.barh(ypos, -comp, color=st.COMPLAINT, height=0.62, hatch=st.COMPLAINT_HATCH)
    left.set_label(tr("差评", "Complaints"))
    right = ax.barh(ypos, praise, color=st.PRAISE, height=0.62, label=tr("好评", "Praise"))
    for bars, values in ((left, comp), (right, praise)):
        labels = [st.fmt_count(v) if v > 0 else "" for v in values]
        ax.bar_label(bars, labels=labels, padding=4, fontsize=st.ANNOT_SIZE, color=st.TEXT)
    for bar in left:
        bar.set_edgecolor("white")
        bar.set_linewidth(0)
    ax.set_yticks(ypos, labels=[st.shorten(label, 16) for label in data["label"]])
    ax.tick_params(axis="y", labelsize=st.LABEL_SIZE)
    limit = max(comp.max(), praise.max()) * 1.25
    ax.set_xlim(-limit, limit)
    ax.axvline(0, color=st.MUTED, linewidth=0.9)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True, nbins=6, symmetric=True))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _pos: f"{abs(v):,.0f}"))
    ax.set_xlabel(tr("提及次数", "Mentions"), fontsize=st.LABEL_SIZE, color=st.MUTED)
    # Side headers say which side is which, in words as well as colour.
    for x, ha, text, colour in (
        (0.49, "right", tr("← 差评", "← Complaints"), st.COMPLAINT),
        (0.51, "left", tr("好评 →", "Praise →"), st.PRAISE),
    ):
        ax.text(
            x,
            1.0,
            text,
            transform=ax.transAxes,
            ha=ha,
            va="bottom",
            fontsize=st.LABEL_SIZE,
            color=colour,
        )
    st.set_title(
        ax, tr("各方面的好评与差评", "Praise and complaints by aspect"), n, pad=24, unit=unit
    )
    return st.finish(fig)


def heatmap_cells(
    matrix: pd.DataFrame | None, max_rows: int = 15, max_cols: int = 10
) -> pd.DataFrame | None:
    """The rows and columns :func:`sku_aspect_heatmap` draws, in its order, or None."""
    if matrix is None or matrix.empty:
        return None
    data = _numeric(matrix)
    data = data.loc[data.sum(axis=1) > 0, data.sum(axis=0) > 0]
    if data.empty or data.size < 2:
        return None
    data = data.loc[data.sum(axis=1).nlargest(max_rows).index]
    return data[data.sum(axis=0).nlargest(max_cols).index]


def sku_aspect_heatmap(
    matrix: pd.DataFrame, max_rows: int = 15, max_cols: int = 10, n: int | None = None
) -> Figure | None:
    """Heat map of complaints per product variant (rows) and aspect (columns), cells annotated.

    ``matrix``: index = SKU/product labels (shown by :func:`sku_labels`: only what differs,
    "颜色分类:白色;尺码:XL" → "白色 XL"), columns = aspect labels, values = complaint
    counts, or rates in 0–1 (detected when all values are ≤ 1 and not all whole; shown as %).
    The ``max_rows`` SKUs and ``max_cols`` aspects with most complaints are shown.
    """
    data = heatmap_cells(matrix, max_rows, max_cols)
    if data is None:
        return None
    is_rate = bool(data.to_numpy().max() <= 1 and not np.all(np.mod(data.to_numpy(), 1) == 0))
    unit = st.REVIEWS if n is not None else st.MENTIONS
    if n is None and not is_rate:
        n = round(float(data.to_numpy().sum()))

    rows, cols = data.shape
    fig, ax = st.new_figure(height=max(st.FIGSIZE[1], 1.6 + 0.36 * rows))
    st.style_axes(ax, grid=None)
    ax.spines["bottom"].set_visible(False)
    values = data.to_numpy(dtype=float)
    top = values.max()
    ax.imshow(values, cmap="Oranges", vmin=0, vmax=top, aspect="auto")
    for (r, c), v in np.ndenumerate(values):
        text = st.fmt_pct(v) if is_rate else st.fmt_count(v)
        colour = "white" if v > 0.55 * top else (st.TEXT if v > 0 else st.MUTED)
        ax.text(c, r, text, ha="center", va="center", fontsize=st.ANNOT_SIZE, color=colour)
    ax.set_xticks(range(cols), labels=[st.shorten(c, 12) for c in data.columns])
    ax.xaxis.tick_top()
    if sum(st.display_width(str(c)) + 3 for c in data.columns) > 70:
        for label in ax.get_xticklabels():
            label.set(rotation=30, rotation_mode="anchor", horizontalalignment="left")
    ax.set_yticks(range(rows), labels=sku_labels(data.index))
    ax.set_xticks(np.arange(cols + 1) - 0.5, minor=True)
    ax.set_yticks(np.arange(rows + 1) - 0.5, minor=True)
    ax.grid(which="minor", color="white", linewidth=2)
    ax.tick_params(which="minor", length=0)
    if is_rate:
        title = tr("各商品规格的差评率（按方面）", "Complaint rate by product variant and aspect")
    else:
        title = tr("各商品规格的差评问题分布", "Complaints by product variant and aspect")
    st.set_title(ax, title, n, unit=unit)
    return st.finish(fig)


def render_figure(fig: Figure, fmt: str = "png", dpi: float | None = None) -> bytes:
    """``fig`` as the bytes of a ``fmt`` file (white background, ``fig.dpi`` unless given)."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format=fmt, dpi=dpi or fig.dpi, facecolor="white")
    return buffer.getvalue()


def save_figure(
    fig: Figure,
    path_without_suffix: str | os.PathLike[str],
    formats: Iterable[str] = ("png", "svg"),
    dpi: float | None = None,
    rendered: dict[str, bytes] | None = None,
    drawn: bool = False,
) -> list[Path]:
    """Write ``fig`` as ``<path>.png``, ``<path>.svg``…; each via a temp file then rename.

    The layout is computed for the first format only and reused for the others (the same
    picture, drawn once less); ``drawn=True`` reuses the layout of an earlier save for all.
    ``rendered``, when given, receives each format's bytes.
    Never leaves a half-written file; raises OutputError with a readable message on failure.
    """
    base = Path(path_without_suffix)
    written = []
    engine = fig.get_layout_engine()
    try:
        if engine is not None and drawn:
            fig.set_layout_engine("none")
        for fmt in formats:
            target = base.parent / f"{base.name}.{fmt}"
            data = render_figure(fig, fmt, dpi)
            if engine is not None and written == []:
                fig.set_layout_engine("none")  # keep the positions just computed
            _write_atomic(target, data)
            if rendered is not None:
                rendered[fmt] = data
            written.append(target)
    finally:
        if engine is not None:
            fig.set_layout_engine(engine)
    return written


def _write_atomic(target: Path, data: bytes) -> None:
    tmp_name = None
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp_name = target.parent / f".{target.name}.{uuid.uuid4().hex[:8]}.tmp"
        with open(tmp_name, "xb") as handle:  # mode "x": plain umask permissions
            handle.write(data)
        os.replace(tmp_name, target)
        tmp_name = None
    except OSError as exc:
        raise OutputError(
            f"无法保存图表 {target}：{exc.strerror or exc}。请检查文件夹是否存在、是否有写入权限，"
            "或文件是否正被其他程序打开。",
            f"Cannot save the chart {target}: {exc.strerror or exc}. Check that the folder "
            "exists and is writable, and that the file is not open in another program.",
        ) from exc
    finally:
        if tmp_name is not None:
            Path(tmp_name).unlink(missing_ok=True)
