"""Word cloud of frequent words, drawn with the bundled CJK font into a matplotlib Figure."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
from matplotlib.colors import to_rgb
from matplotlib.figure import Figure

from app.core.charts import style as st
from app.core.charts.fonts import cjk_font_can_draw, cjk_font_path, strip_emoji
from app.core.i18n import tr

CLOUD_SIZE = (1000, 480)  # pixels of the word-cloud image (close to the axes' aspect)
MAX_WORDS = 120


def _clean_frequencies(frequencies: Mapping[str, float]) -> dict[str, float]:
    """Emoji stripped, words the font cannot draw dropped, duplicates merged, weights > 0."""
    cleaned: dict[str, float] = {}
    for word, weight in frequencies.items():
        try:
            value = float(weight)
        except (TypeError, ValueError):
            continue
        text = strip_emoji(str(word))
        if not text or not np.isfinite(value) or value <= 0 or not cjk_font_can_draw(text):
            continue
        cleaned[text] = cleaned.get(text, 0.0) + value
    return cleaned


def _shades(colour: str):
    """Colour function: biggest words in the full polarity colour, smaller ones lighter."""
    base = np.array(to_rgb(colour))

    def colour_func(word, font_size, position, orientation, random_state=None, **kwargs):
        strength = 0.55 + 0.45 * min(1.0, font_size / max(1.0, colour_func.max_size))
        r, g, b = (base * strength + (1 - strength) * 1.0) * 255
        return f"rgb({r:.0f}, {g:.0f}, {b:.0f})"

    colour_func.max_size = 1.0
    return colour_func


def word_cloud(
    frequencies: Mapping[str, float],
    polarity: str,
    n: int | None = None,
    random_state: int = 42,
) -> Figure | None:
    """Word cloud of ``frequencies`` (word → weight, e.g. count or tf-idf), in polarity colours.

    ``polarity``: "complaint", "praise" or "neutral". Deterministic for a given
    ``random_state``. Emoji are stripped. ``n`` (reviews behind it) only feeds the title.
    Returns None when no drawable word is left.
    """
    from wordcloud import WordCloud

    st.check_polarity(polarity, ("complaint", "praise", "neutral"))
    words = _clean_frequencies(frequencies or {})
    if not words:
        return None
    colour_func = _shades(st.POLARITY_COLOURS[polarity])
    cloud = WordCloud(
        font_path=str(cjk_font_path()),
        width=CLOUD_SIZE[0],
        height=CLOUD_SIZE[1],
        background_color="white",
        prefer_horizontal=1.0,  # sideways Chinese is hard to read
        max_words=MAX_WORDS,
        random_state=random_state,
        margin=4,
        relative_scaling=0.5,
        min_font_size=10,
        color_func=colour_func,  # given up front so wordcloud never imports pyplot
    ).generate_from_frequencies(words)
    colour_func.max_size = max((size for (_w, _f), size, *_ in cloud.layout_), default=1)
    cloud.recolor(color_func=colour_func, random_state=random_state)

    fig, ax = st.new_figure()
    ax.imshow(cloud.to_array(), interpolation="bilinear")
    ax.set_axis_off()
    title, unit = {  # n counts the reviews holding such clauses (a praise review can complain)
        "complaint": (tr("不满内容里的高频词", "Frequent words in complaints"),
                      ("条含不满的评论", "complaining review")),
        "praise": (tr("夸奖内容里的高频词", "Frequent words in praise"),
                   ("条含夸奖的评论", "praising review")),
        "neutral": (tr("评价中的高频词", "Frequent words in reviews"), st.REVIEWS),
    }[polarity]  # fmt: skip
    st.set_title(ax, title, n, unit=unit)
    return st.finish(fig)
