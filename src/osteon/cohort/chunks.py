"""Deterministic chunks of a virtual cohort and the pure task that simulates one.

The cohort's ``N`` subjects are split by index into fixed chunks of
``chunk_size`` (the last one may be shorter): chunk ``k`` holds subjects
``[k * chunk_size, min(N, (k + 1) * chunk_size))``. The chunk size is part of the
run (stored with the results), never derived from the number of workers.

Chunk ``k`` samples its subjects from the population with its own seed, child ``k``
of ``numpy.random.SeedSequence(seed)`` (what ``SeedSequence(seed).spawn(n)[k]``
gives), and simulates them with one :class:`~osteon.simulation.Simulation` per
distinct arm protocol, every arm branching from one shared history of the subjects
(:mod:`osteon.cohort.runner`). :func:`run_chunk` depends only on ``(run, k)``: the same
seed gives bit-identical arrays whichever worker, process or machine runs a chunk,
and a chunk can be resubmitted safely after a failure.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
import xarray as xr

from osteon.cohort.population import PopulationSpec
from osteon.errors import OsteonInputError

if TYPE_CHECKING:
    from osteon.trials.format import Arm

DEFAULT_CHUNK_SIZE = 100
"""Subjects per chunk unless the run says otherwise."""
MAX_CHUNK_SIZE = 100_000


def check_count(name: str, value, example: str, lo: int = 1, hi: int | None = None) -> int:
    """A whole number in ``[lo, hi]``, else :class:`~osteon.errors.OsteonInputError`."""
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < lo or (
            hi is not None and value > hi):
        span = f">= {lo}" if hi is None else f"in [{lo}, {hi}]"
        raise OsteonInputError(name, f"{value!r} is not a whole number {span}", example)
    return int(value)


@dataclass(frozen=True)
class ChunkPlan:
    """Fixed chunks of ``n_subjects`` subjects.

    Examples
    --------
    >>> plan = ChunkPlan(25, 10)
    >>> plan.n_chunks, plan.bounds(2)
    (3, (20, 25))
    >>> [plan.bounds(k) for k in range(plan.n_chunks)]
    [(0, 10), (10, 20), (20, 25)]
    """

    n_subjects: int
    chunk_size: int

    def __post_init__(self) -> None:
        check_count("subjects", self.n_subjects, "--subjects 1000")
        check_count("chunk_size", self.chunk_size, "--chunk-size 100", 1, MAX_CHUNK_SIZE)

    @property
    def n_chunks(self) -> int:
        return -(-self.n_subjects // self.chunk_size)

    def bounds(self, index: int) -> tuple[int, int]:
        """``(start, stop)`` subject indices of chunk ``index``."""
        if not 0 <= index < self.n_chunks:
            raise IndexError(f"chunk {index} is not in [0, {self.n_chunks})")
        start = index * self.chunk_size
        return start, min(self.n_subjects, start + self.chunk_size)

    def __iter__(self) -> Iterator[int]:
        return iter(range(self.n_chunks))


def chunk_seed(seed: int, index: int) -> np.random.SeedSequence:
    """Seed of chunk ``index``: child ``index`` of ``SeedSequence(seed)``.

    >>> a = chunk_seed(7, 3).generate_state(2)
    >>> b = np.random.SeedSequence(7).spawn(4)[3].generate_state(2)
    >>> bool((a == b).all())
    True
    """
    return np.random.SeedSequence(int(seed), spawn_key=(int(index),))


@dataclass(frozen=True)
class ArmGroup:
    """Arms that share their interventions, simulated once (``arms[0]`` builds the protocol)."""

    names: tuple[str, ...]
    arm: Arm


@dataclass(frozen=True)
class RunSpec:
    """Everything a chunk needs (picklable; sent to workers).

    Attributes
    ----------
    key
        Short hash identifying the run (task names).
    population
        The population spec.
    groups
        Arm groups to simulate.
    seed, n_subjects, chunk_size
        The run's identity.
    years
        Follow-up (years).
    output_days
        Extra output times (days): the endpoints' times.
    parameter_overrides
        Fixed parameter values for the whole cohort.
    """

    key: str
    population: PopulationSpec
    groups: tuple[ArmGroup, ...]
    seed: int
    n_subjects: int
    chunk_size: int
    years: float
    output_days: tuple[float, ...] = ()
    parameter_overrides: tuple[tuple[str, float], ...] = ()

    @property
    def plan(self) -> ChunkPlan:
        return ChunkPlan(self.n_subjects, self.chunk_size)

    @property
    def arm_names(self) -> tuple[str, ...]:
        return tuple(n for g in self.groups for n in g.names)


@dataclass
class ChunkResult:
    """The simulated chunk: one dataset per arm (``subject`` coordinate = global index)."""

    index: int
    start: int
    stop: int
    datasets: dict[str, xr.Dataset] = field(default_factory=dict)
    notes: tuple[str, ...] = ()
    wall_s: float = 0.0


@functools.lru_cache(maxsize=8)
def _parameters(overrides: tuple[tuple[str, float], ...]):
    from osteon.parameters import default_parameters

    ps = default_parameters()
    return ps.replace(**dict(overrides)) if overrides else ps


def run_chunk(run: RunSpec, index: int) -> ChunkResult:
    """Simulate chunk ``index`` of ``run`` (a pure function of its arguments).

    The arms branch from one simulated history of the chunk's subjects
    (:func:`osteon.cohort.runner.simulate_arms`, the runner ``osteon validate`` uses too).
    """
    from osteon.cohort.runner import simulate_arms

    started = time.perf_counter()
    start, stop = run.plan.bounds(index)
    sample = run.population.sample(stop - start, chunk_seed(run.seed, index), first_index=start)
    parameters = _parameters(run.parameter_overrides)
    arms = simulate_arms(sample.subjects, run.groups, parameters=parameters, years=run.years,
                         output_days=run.output_days, seed=run.seed)
    out: dict[str, xr.Dataset] = {}
    done: dict[int, xr.Dataset] = {}
    for name, ds in arms.datasets.items():
        if id(ds) not in done:  # arms of a group share one dataset
            ds = ds.assign_coords(subject=np.arange(start, stop))
            ds.attrs["chunk_wall_time_s"] = ds.attrs.pop("wall_time_s", None)
            done[id(arms.datasets[name])] = ds
        out[name] = done[id(arms.datasets[name])]
    return ChunkResult(index, start, stop, out, sample.notes, time.perf_counter() - started)
