"""Random streams of a virtual population: one seeded stream per variable, and its scores.

A :class:`~osteon.cohort.population.PopulationSpec` draws each random variable's normal
scores from a child of the run's (or chunk's) :class:`numpy.random.SeedSequence`, chosen
by the variable's name (:func:`stream_index`), so adding a variable never changes the
others. :func:`normal_scores` turns a stream into ``n`` scores: a Latin hypercube
(``"stratified"``, the default since stop 31) or independent draws (``"independent"``).
"""

from __future__ import annotations

import zlib

import numpy as np
from scipy.special import ndtri

from osteon.errors import OsteonInputError

# Stream index of each known variable. Trial-file covariates keep the order that
# osteon.trials.population has always used, so its cohorts are unchanged; new known
# names are appended; other names hash to indices >= 2**20.
_KNOWN_STREAMS = ("age", "years_since_menopause", "testosterone_ng_dl", "estradiol_pg_ml",
                  "igf1_ng_ml", "t_score", "steps_per_day", "calcium_mg_per_day",
                  "vitamin_d_25oh_nmol_l", "protein_g_per_kg_per_day", "body_mass_kg")
STREAM_INDEX = {name: i for i, name in enumerate(_KNOWN_STREAMS)}


def stream_index(name: str) -> int:
    """Index of the random stream of variable ``name`` (stable across versions).

    >>> stream_index("age"), stream_index("years_since_menopause")
    (0, 1)
    >>> stream_index("osteoclast_lifespan") == stream_index("osteoclast_lifespan") >= 2**20
    True
    """
    if name in STREAM_INDEX:
        return STREAM_INDEX[name]
    return 2**20 + zlib.crc32(name.encode()) % 2**30


SAMPLING = ("stratified", "independent")
"""How a variable's normal scores are drawn (:meth:`PopulationSpec.sample_values`)."""


def normal_scores(rng: np.random.Generator, n: int, sampling: str = "stratified") -> np.ndarray:
    """``n`` standard normal scores from ``rng``: a Latin hypercube or independent draws.

    A stratified draw puts one score in each of the ``n`` equal-probability strata of the
    standard normal (a uniform point inside the stratum, strata in a random order).

    >>> import numpy as np
    >>> from scipy.special import ndtr
    >>> z = normal_scores(np.random.default_rng(1), 1000)
    >>> bool(abs(z.mean()) < 0.01 and abs(z.std() - 1) < 0.02)
    True
    >>> sorted(np.floor(ndtr(normal_scores(np.random.default_rng(2), 5)) * 5).astype(int).tolist())
    [0, 1, 2, 3, 4]
    """
    if sampling == "independent":
        return rng.standard_normal(n)
    u = (rng.permutation(n) + rng.random(n)) / n
    # (u lies in (0, 1); the clip keeps ndtri finite should a draw round onto an end)
    return ndtri(np.clip(u, np.nextafter(0.0, 1.0), np.nextafter(1.0, 0.0)))


def _as_seed_sequence(seed: int | np.random.SeedSequence) -> np.random.SeedSequence:
    if isinstance(seed, np.random.SeedSequence):
        return seed
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise OsteonInputError("seed", f"{seed!r} is not a whole number >= 0", "seed=2026")
    return np.random.SeedSequence(int(seed))


def child_stream(seed: np.random.SeedSequence, index: int) -> np.random.Generator:
    """The generator of child ``index`` of ``seed``: the same as ``seed.spawn(index + 1)[-1]``
    on a fresh :class:`~numpy.random.SeedSequence`, without spawning the others."""
    child = np.random.SeedSequence(seed.entropy, spawn_key=(*seed.spawn_key, int(index)),
                                   pool_size=seed.pool_size)
    return np.random.Generator(np.random.PCG64(child))
