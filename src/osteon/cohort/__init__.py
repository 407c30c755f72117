"""Virtual cohorts at scale: declarative populations, deterministic chunks, parallel
executors and results streamed to Zarr.

- :mod:`~osteon.cohort.population`: :class:`PopulationSpec`, distributions, bounds
  and correlations (Gaussian copula), sampled with an explicit seed.
- :mod:`~osteon.cohort.chunks`: fixed chunks, one seed per chunk, the pure task.
- :mod:`~osteon.cohort.executors`: in-process, local process pool, Dask.
- :mod:`~osteon.cohort.store`: the Zarr store, done markers and ``--resume``.
- :mod:`~osteon.cohort.progress`: the progress bar.

This package knows nothing of trial files: :mod:`osteon.trials` builds on it (its
populations and ``osteon validate`` run here), and what needs both lives there,
:mod:`osteon.trials.at_scale` (:func:`~osteon.trials.at_scale.run_trial`, ``osteon trial``)
and :mod:`osteon.trials.summary` (endpoints with 95% intervals, read from the store), so
that the two packages import each other in one direction only
(``tests/test_import_cycles.py``).
"""

from osteon.cohort.chunks import ChunkPlan, RunSpec, chunk_seed, run_chunk
from osteon.cohort.population import CohortSample, Derived, PopulationSpec, Variable


def __getattr__(name: str):
    # The Zarr store (zarr, dask.array) loads on first use: a plain simulation or
    # ``osteon validate`` does not need it.
    if name == "open_arms":
        from osteon.cohort.store import open_arms

        return open_arms
    raise AttributeError(name)


__all__ = [
    "ChunkPlan",
    "CohortSample",
    "Derived",
    "PopulationSpec",
    "RunSpec",
    "Variable",
    "chunk_seed",
    "open_arms",
    "run_chunk",
]
