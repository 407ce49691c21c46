"""Rates with Wilson score intervals, and the two-proportion z-test that decides a difference.

A rate here is always reviews holding something / reviews, on one side (before / after a date,
our shop / a competitor). Each rate is shown with its 95 % Wilson score interval: unlike
``p ± 1.96·se`` it stays inside 0–100 % and is honest for small counts (0 of 30 is "0–11 %",
not "exactly 0 %").

What *decides* whether two rates differ is the pooled two-proportion z-test, two-sided at 95 %
(p < 0.05), not whether the two intervals overlap (two 95 % intervals can overlap while the
difference is solid). It is judged only with enough reviews (:func:`enough_reviews`):

- at least :data:`MIN_SIDE_REVIEWS` (30) reviews on each side: below that one review moves a
  rate by more than 3 points and the interval spans tens of points;
- at least :data:`MIN_TAG_REVIEWS` (10) reviews holding the thing on both sides together: with
  equal sides that is 5 expected on each side if nothing changed, the usual condition for the
  normal approximation behind the z-test. A tag that falls from 20 to 0 passes (20 in all).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

Z95 = 1.959963984540054  # two-sided 95 %
ALPHA = 0.05
MIN_SIDE_REVIEWS = 30
MIN_TAG_REVIEWS = 10

_erfc = np.vectorize(math.erfc, otypes=[float])


def wilson_interval(count, n, z: float = Z95) -> tuple[np.ndarray, np.ndarray]:
    """The Wilson score interval of ``count`` / ``n`` (arrays or numbers); NaN where n is 0."""
    count = np.asarray(count, dtype=float)
    n = np.asarray(n, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        p = count / n
        z2 = z * z
        denom = 1 + z2 / n
        centre = (p + z2 / (2 * n)) / denom
        half = z * np.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / denom
        low = np.where(n > 0, np.clip(centre - half, 0.0, 1.0), np.nan)
        high = np.where(n > 0, np.clip(centre + half, 0.0, 1.0), np.nan)
    return low, high


def two_proportion_p(count_a, n_a, count_b, n_b) -> np.ndarray:
    """Two-sided p-value of the pooled z-test that rate a equals rate b (1 where it cannot
    differ: no reviews, or 0 % / 100 % on both sides)."""
    count_a, n_a = np.asarray(count_a, dtype=float), np.asarray(n_a, dtype=float)
    count_b, n_b = np.asarray(count_b, dtype=float), np.asarray(n_b, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        pooled = (count_a + count_b) / (n_a + n_b)
        se = np.sqrt(pooled * (1 - pooled) * (1 / n_a + 1 / n_b))
        z = (count_b / n_b - count_a / n_a) / se
    z = np.where(np.isfinite(z), np.abs(z), 0.0)
    return np.atleast_1d(_erfc(z / math.sqrt(2)))


def enough_reviews(count_a, n_a, count_b, n_b) -> np.ndarray:
    """Whether a difference may be judged at all (see the module docstring for the rule)."""
    n_a, n_b = np.asarray(n_a), np.asarray(n_b)
    together = np.asarray(count_a) + np.asarray(count_b)
    return np.atleast_1d(
        (n_a >= MIN_SIDE_REVIEWS) & (n_b >= MIN_SIDE_REVIEWS) & (together >= MIN_TAG_REVIEWS)
    )


def rate_table(
    count_a, n_a, count_b, n_b, index=None, names: tuple[str, str] = ("a", "b")
) -> pd.DataFrame:
    """Two sides' rates side by side, one row per thing compared.

    Columns per side ``{name}_count``, ``{name}_reviews``, ``{name}_rate``, ``{name}_low``,
    ``{name}_high`` (Wilson 95 %); then ``diff`` (rate b − rate a), ``p_value``, ``enough``
    (the minimums are met) and ``solid`` (enough and p < 0.05).
    """
    a, b = names
    count_a, count_b = np.atleast_1d(count_a), np.atleast_1d(count_b)
    n_a = np.broadcast_to(np.asarray(n_a), count_a.shape)
    n_b = np.broadcast_to(np.asarray(n_b), count_b.shape)
    frame = pd.DataFrame(index=index)
    for name, count, n in ((a, count_a, n_a), (b, count_b, n_b)):
        low, high = wilson_interval(count, n)
        with np.errstate(divide="ignore", invalid="ignore"):
            rate = np.where(n > 0, count / np.where(n > 0, n, 1), np.nan)
        frame[f"{name}_count"] = count.astype(int)
        frame[f"{name}_reviews"] = n.astype(int)
        frame[f"{name}_rate"] = rate
        frame[f"{name}_low"] = low
        frame[f"{name}_high"] = high
    frame["diff"] = frame[f"{b}_rate"] - frame[f"{a}_rate"]
    frame["p_value"] = two_proportion_p(count_a, n_a, count_b, n_b)
    frame["enough"] = enough_reviews(count_a, n_a, count_b, n_b)
    frame["solid"] = frame["enough"] & (frame["p_value"] < ALPHA)
    return frame
