"""Mini-batch k-means in small steps, so a cancel is never far away (used by
:func:`app.core.themes.vectors.kmeans` above ``FULL_KMEANS_MAX`` rows).

scikit-learn's ``MiniBatchKMeans.fit`` is one call that cannot be interrupted (0.5–1.5 s on a
100k-row sample); this is the same algorithm with a cancel check every few steps.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from sklearn.cluster import kmeans_plusplus

BATCH = 4096  # rows per mini-batch k-means step
CHECK_STEPS = 8  # mini-batch steps per cancel check
NO_IMPROVEMENT = 10  # steps without a lower smoothed inertia before the mini-batch fit stops
REASSIGN_RATIO = 0.01  # centres with fewer rows than this share of the largest are moved


def nearest(x: np.ndarray, centres: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Index of each row's nearest centre (Euclidean) and the squared distance to it."""
    scores = x @ (-2 * centres.T)
    scores += np.einsum("ij,ij->i", centres, centres)[None, :]
    owner = np.argmin(scores, axis=1)
    squared = scores[np.arange(len(x)), owner] + np.einsum("ij,ij->i", x, x)
    return owner, np.maximum(squared, 0)


def minibatch_centres(
    x: np.ndarray,
    k: int,
    random_state: int,
    n_init: int = 3,
    check: Callable[[], None] = lambda: None,
    max_iter: int = 30,
) -> np.ndarray:
    """Mini-batch k-means centres (Sculley 2010, as scikit-learn's ``MiniBatchKMeans.fit``):
    the best of ``n_init`` k-means++ starts on a validation sample, then ``BATCH``-row steps with
    per-centre learning rates, starved centres moved to batch rows, and a stop once the smoothed
    batch inertia has not improved for ``NO_IMPROVEMENT`` steps. ``check`` runs every
    ``CHECK_STEPS`` steps (each step takes about a millisecond)."""
    n = len(x)
    rng = np.random.RandomState(random_state)
    init_size = min(n, 3 * BATCH)
    valid = x[rng.randint(0, n, init_size)]
    best, best_inertia = None, np.inf
    for _ in range(max(1, n_init)):
        check()
        start = x[rng.choice(n, init_size, replace=False)].astype(np.float64)  # float32: slower
        centres = kmeans_plusplus(start, k, random_state=rng)[0]
        inertia = float(nearest(valid, centres)[1].sum())
        if inertia < best_inertia:
            best, best_inertia = centres, inertia
    centres = np.asarray(best, dtype=x.dtype)
    counts = np.zeros(k, dtype=x.dtype)
    alpha = min(1.0, 2.0 * BATCH / (n + 1))
    smooth = lowest = np.inf
    stale = 0
    for step in range((max_iter * n) // BATCH):
        if step % CHECK_STEPS == 0:
            check()
        batch = x[rng.randint(0, n, BATCH)]
        owner, squared = nearest(batch, centres)
        sizes = np.bincount(owner, minlength=k).astype(x.dtype)
        sums = (np.arange(k)[:, None] == owner[None, :]).astype(x.dtype) @ batch
        counts += sizes
        moved = sizes > 0
        centres[moved] += (sums[moved] - sizes[moved, None] * centres[moved]) / counts[moved, None]
        starved = counts < REASSIGN_RATIO * counts.max()
        if starved.sum() > k // 2:  # at most half the centres move at once
            starved[np.argsort(counts, kind="stable")[k // 2 :]] = False
        if starved.any():
            centres[starved] = batch[rng.choice(BATCH, int(starved.sum()), replace=False)]
            counts[starved] = counts[~starved].min()
        if step == 0:  # the first batch only measures the starting centres
            continue
        batch_inertia = float(squared.mean())
        smooth = batch_inertia if smooth == np.inf else smooth + alpha * (batch_inertia - smooth)
        if smooth < lowest:
            lowest, stale = smooth, 0
        else:
            stale += 1
            if stale >= NO_IMPROVEMENT:
                break
    return centres
