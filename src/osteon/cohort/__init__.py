"""Virtual cohorts at scale: declarative populations, deterministic chunks, parallel
executors and results streamed to Zarr.

- :mod:`~osteon.cohort.population`: :class:`PopulationSpec`, distributions, bounds
  and correlations (Gaussian copula), sampled with an explicit seed.
- :mod:`~osteon.cohort.chunks`: fixed chunks, one seed per chunk, the pure task.
- :mod:`~osteon.cohort.executors`: in-process, local process pool, Dask.
- :mod:`~osteon.cohort.store`: the Zarr store, done markers and ``--resume``.
- :mod:`~osteon.cohort.progress`: the progress bar.
- :mod:`~osteon.cohort.summary`: endpoints with 95% intervals, read from the store.
- :mod:`~osteon.cohort.trial`: :func:`run_trial` and ``osteon trial``.
"""

from osteon.cohort.chunks import ChunkPlan, RunSpec, chunk_seed, run_chunk
from osteon.cohort.population import CohortSample, Derived, PopulationSpec, Variable


def __getattr__(name: str):
    # osteon.trials.population builds on osteon.cohort.population, so the modules that
    # use osteon.trials load on first use (no import cycle).
    if name in ("run_trial", "TrialRun"):
        from osteon.cohort import trial

        return getattr(trial, name)
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
    "TrialRun",
    "Variable",
    "chunk_seed",
    "open_arms",
    "run_chunk",
    "run_trial",
]
