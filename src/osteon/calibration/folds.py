"""Cross-validation folds by study: a study is never split across folds."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from osteon.errors import OsteonInputError


def study_folds(studies: Sequence[str], k: int, seed: int = 2026) -> list[np.ndarray]:
    """Split target indices into ``k`` folds, every study whole in one fold.

    Parameters
    ----------
    studies
        The study of each target (one entry per residual).
    k
        Number of folds (at least 2, at most the number of distinct studies).
    seed
        The studies are shuffled with this seed, then dealt largest first to the fold
        with the fewest targets so far (folds of similar size, reproducible).

    Returns
    -------
    list of numpy.ndarray
        Target indices of each fold (sorted); together they are every index once.
    """
    names = sorted(set(studies))
    if not isinstance(k, int | np.integer) or k < 2 or k > len(names):
        raise OsteonInputError(
            "folds", f"k={k!r} must be an integer from 2 to the number of studies "
            f"({len(names)})", "folds=5 with at least 5 studies")
    rng = np.random.default_rng(seed)
    order = [names[i] for i in rng.permutation(len(names))]
    size = {s: 0 for s in names}
    for s in studies:
        size[s] += 1
    order.sort(key=lambda s: -size[s])  # stable: ties keep the seeded order
    fold_of: dict[str, int] = {}
    load = [0] * k
    for s in order:
        f = int(np.argmin(load))
        fold_of[s] = f
        load[f] += size[s]
    idx = np.arange(len(studies))
    return [idx[[fold_of[s] == f for s in studies]] for f in range(k)]
