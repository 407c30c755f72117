"""Simulation: wires Subject(s), Protocol, ParameterSet and solver into a Result.

The result is an :class:`xarray.Dataset` with dimensions ``subject``, ``time``
(years of follow-up) and ``site``; every variable has ``units`` and
``long_name``; provenance (package version, parameter-set name and hash,
protocol, seed, solver settings, citations) is in ``attrs``. The dataset is built
by :mod:`osteon.results`; the arms of a trial can branch from one simulated history
(:meth:`Simulation.history`).
"""

from __future__ import annotations

import time as _time
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import xarray as xr

from osteon import checks
from osteon.errors import OsteonInputError
from osteon.model import (
    BLOCK_SIZE,
    BoneModel,
    Cohort,
)
from osteon.parameters import ParameterSet, default_parameters
from osteon.physiology.endocrine.background import PEAK_BONE_AGE
from osteon.protocol import Protocol, as_protocol
from osteon.results import MARKERS, build_result, peak_bmd_z
from osteon.solver import SolverSettings, integrate
from osteon.subject import Subject
from osteon.units import DAYS_PER_YEAR

__all__ = ["MARKERS", "History", "Simulation", "merge_close_times", "peak_bmd_z", "simulate"]
# MARKERS and peak_bmd_z live with the result building (osteon.results) and stay importable
# from here, where the report and the web app have always taken them.

#: Output times closer than this (days, about 9 s) are one time: a duration converted to
#: years and back differs from the same day written directly by ~1e-12 days, and two such
#: entries made the time index non-unique (issue 15).
TIME_MERGE_DAYS = 1e-4


def merge_close_times(t: np.ndarray, tol: float = TIME_MERGE_DAYS) -> np.ndarray:
    """Sorted output times (days) with near-duplicates (closer than ``tol``) merged.

    The first of a run of close times is kept, except that the last time of the grid
    (the end of follow-up) is always kept.

    >>> merge_close_times(np.array([0.0, 13.0 - 1e-12, 13.0]))
    array([ 0., 13.])
    """
    t = np.sort(np.asarray(t, dtype=float))
    if t.size < 2:
        return t
    keep = np.ones(t.size, dtype=bool)
    last = t[0]
    for i in range(1, t.size):
        if t[i] - last < tol:
            keep[i] = False
        else:
            last = t[i]
    if not keep[-1]:
        # keep the end of follow-up itself; drop the kept time just before it instead
        j = np.flatnonzero(keep)[-1]
        keep[j], keep[-1] = (j == 0), True
    return t[keep]


def _chunks(n: int, size: int):
    for start in range(0, n, size):
        yield slice(start, min(n, start + size))


@dataclass(frozen=True)
class History:
    """Each subject's state at the start of follow-up (day 0), from its 30th birthday.

    The years before follow-up depend only on the interventions that start before day 0
    (a negative start: exposure before follow-up; ``before``, from
    :meth:`~osteon.protocol.Protocol.before_followup`; empty for most trials, whose
    arms then share the natural history): :meth:`Simulation.history` simulates them
    once and :meth:`Simulation.run` branches every arm with the same ``before`` from
    here. With the step size each subject would take next (``step``), the branch takes
    exactly the steps that one run through history and follow-up takes.
    """

    subjects: tuple[Subject, ...]
    parameters_hash: str
    solver: SolverSettings
    y: np.ndarray  # (n, BLOCK_SIZE) states at day 0 (NaN where failed)
    step: np.ndarray  # (n,) next step (days)
    ok: np.ndarray  # (n,) bool
    message: np.ndarray  # (n,) "ok" or why the subject failed
    nfev: int = 0
    wall_s: float = 0.0
    before: Protocol = Protocol()


class Simulation:
    """Simulate one or many subjects under one protocol.

    Parameters
    ----------
    subjects
        A :class:`~osteon.subject.Subject` or a sequence of them.
    protocol
        A :class:`~osteon.protocol.Protocol` (default: natural history).
    parameters
        A :class:`~osteon.parameters.ParameterSet` (default: ``Osteon2026``).
    years
        Length of follow-up (years) from each subject's start age; 0 gives the state
        at the start age only (one output time).
    output_every_days
        Output interval (days; default about monthly: 365.25/12).
    solver
        :class:`~osteon.solver.SolverSettings`.
    freeze_age
        Hold hormones at the start age (steady-state checks).
    seed
        Recorded in provenance (cohort sampling uses it).
    batch_size
        Subjects integrated together in one stiff solve.

    Examples
    --------
    >>> from osteon import Subject, Simulation
    >>> res = Simulation(Subject(sex="female", age=50), years=5).run()
    >>> sorted(res.sizes.items())
    [('site', 4), ('subject', 1), ('time', 61)]
    >>> bool(res.bmd.sel(site="lumbar_spine").isel(time=-1) < res.bmd.sel(site="lumbar_spine").isel(time=0))
    True
    """

    def __init__(
        self,
        subjects: Subject | Sequence[Subject],
        protocol: Protocol | Sequence | None = None,
        parameters: ParameterSet | None = None,
        *,
        years: float = 10.0,
        output_every_days: float = DAYS_PER_YEAR / 12.0,
        solver: SolverSettings | None = None,
        freeze_age: bool = False,
        seed: int | None = None,
        batch_size: int = 256,
    ) -> None:
        if isinstance(subjects, Subject):
            subjects = [subjects]
        subjects = list(subjects)
        if not subjects:
            raise OsteonInputError("subjects", "no subject given", 'Subject(sex="female", age=55)')
        for i, s in enumerate(subjects):
            if not isinstance(s, Subject):
                raise OsteonInputError(
                    f"subjects[{i}]",
                    f"expected a Subject, got {type(s).__name__}",
                    'Subject(sex="female", age=55)',
                )
        # years=0 outputs the state at the start only (a cross-sectional study).
        checks.number("years", years, "years=10", lo=0, hi=80, units="years")
        checks.number("output_every_days", output_every_days, "output_every_days=30.44",
                      lo=0.5, hi=DAYS_PER_YEAR * 5, units="days")
        checks.whole("batch_size", batch_size, "batch_size=256", lo=1, hi=1_000_000)
        checks.boolean("freeze_age", freeze_age, "freeze_age=False")
        if seed is not None:
            checks.whole("seed", seed, "seed=2026", lo=0, hi=2**63 - 1)
        if solver is not None and not isinstance(solver, SolverSettings):
            raise OsteonInputError("solver", f"expected SolverSettings, got {type(solver).__name__}",
                                   'solver=SolverSettings(method="batch")')
        self.subjects = subjects
        self.protocol = as_protocol(protocol)
        self.parameters = parameters or default_parameters()
        self.years = float(years)
        self.output_every_days = float(output_every_days)
        self.solver = solver or SolverSettings()
        self.freeze_age = bool(freeze_age)
        self.seed = seed
        self.batch_size = int(batch_size)

    @property
    def output_days(self) -> np.ndarray:
        duration = self.years * DAYS_PER_YEAR
        n = int(np.floor(duration / self.output_every_days + 1e-9))
        t = np.arange(n + 1) * self.output_every_days
        if duration - t[-1] > 1e-6:
            t = np.append(t, duration)
        return t

    def extra_output_days(self, days: Sequence[float]) -> Simulation:
        """Ensure these times (days) are in the output grid (e.g. endpoint times)."""
        self._extra = sorted({float(d) for d in days})
        return self

    def _times(self) -> np.ndarray:
        t = self.output_days
        extra = getattr(self, "_extra", [])
        if extra:
            t = np.unique(np.concatenate([t, [d for d in extra if 0 <= d <= t[-1]]]))
        return merge_close_times(t)

    # ------------------------------------------------------------------ running
    def _solve_batch(self, subjects: list[Subject], t_out: np.ndarray, start=None):
        model = BoneModel(
            self.parameters,
            Cohort.from_subjects(subjects),
            self.protocol,
            freeze_age=self.freeze_age,
        )
        if start is not None:
            # Branch from a shared history: each subject's state and next step at day 0.
            y_start, step = start
            outcome = integrate(model, y_start, 0.0, t_out,
                                self.protocol.breakpoints(t_out[-1]), self.solver,
                                first_step=step)
            return model, outcome
        y0 = model.initial_state()
        t0: float | np.ndarray
        if self.freeze_age:
            t0 = 0.0
        elif self.solver.method == "batch":
            # Each subject starts at its own 30th birthday (the engine steps per subject).
            t0 = np.minimum(0.0, (PEAK_BONE_AGE - model.cohort.age) * DAYS_PER_YEAR)
        else:
            t0 = min(0.0, float(np.min(PEAK_BONE_AGE - model.cohort.age)) * DAYS_PER_YEAR)
        outcome = integrate(model, y0, t0, t_out, self.protocol.breakpoints(t_out[-1]), self.solver)
        return model, outcome

    @property
    def can_share_history(self) -> bool:
        """Whether arms can branch from one :meth:`history` (the batch engine, ageing on)."""
        return self.solver.method == "batch" and not self.freeze_age

    def _order(self) -> np.ndarray:
        # Subjects whose menopause falls at similar follow-up times share a batch, so
        # the solver's small steps through one transition serve them all.
        return np.argsort(
            [(s.menopause_age - s.age) if s.female and s.menopause_age is not None else 1e3
             for s in self.subjects], kind="stable"
        )

    def history(self) -> History:
        """Simulate every subject from its 30th birthday to the start of follow-up, once.

        Only the protocol's interventions with a negative start act here
        (:meth:`~osteon.protocol.Protocol.before_followup`; their drug clocks count from
        their true start), so the result serves every arm of a trial with these subjects,
        parameters, solver and part before day 0: ``Simulation(subjects, arm).run(history=h)``.
        Exposure that began before a subject's 30th birthday acts from that birthday.
        """
        if not self.can_share_history:
            raise OsteonInputError("solver", "a shared history needs the batch engine with "
                                   "ageing on (freeze_age=False)", 'SolverSettings(method="batch")')
        started = _time.perf_counter()
        n = len(self.subjects)
        y = np.full((n, BLOCK_SIZE), np.nan)
        step = np.full(n, np.nan)
        ok = np.zeros(n, dtype=bool)
        message = np.full(n, "ok", dtype=object)
        nfev = 0
        before = self.protocol.before_followup()
        breaks = before.breakpoints(0.0)
        order = self._order()
        for sl in _chunks(n, self.solver.batch_subjects):
            idx = order[sl]
            model = BoneModel(self.parameters, Cohort.from_subjects([self.subjects[i] for i in idx]),
                              before)
            t0 = np.minimum(0.0, (PEAK_BONE_AGE - model.cohort.age) * DAYS_PER_YEAR)
            out = integrate(model, model.initial_state(), t0, np.zeros(1), breaks, self.solver)
            nfev += out.nfev
            y[idx] = out.y.reshape(idx.size, BLOCK_SIZE)
            step[idx] = out.step
            ok[idx] = out.subject_ok
            message[idx] = out.subject_message
        return History(tuple(self.subjects), self.parameters.hash, self.solver, y, step, ok,
                       message, nfev, _time.perf_counter() - started, before)

    def _check_history(self, history: History) -> None:
        same = (isinstance(history, History) and len(history.subjects) == len(self.subjects)
                and all(a is b or a == b for a, b in zip(history.subjects, self.subjects,
                                                         strict=True))
                and history.parameters_hash == self.parameters.hash
                and history.solver == self.solver and self.can_share_history
                and history.before.interventions == self.protocol.before_followup().interventions)
        if not same:
            raise OsteonInputError("history", "it was made for other subjects, parameters, "
                                   "solver settings or interventions before day 0 (or this run "
                                   "freezes age or uses a scipy method)",
                                   "history=Simulation(subjects, protocol).history()")

    def run(self, history: History | None = None) -> xr.Dataset:
        """Run the simulation and return the result dataset.

        ``history`` (from :meth:`history` with the same subjects, parameters and solver)
        starts every subject at day 0 from that shared state instead of simulating the
        years since its 30th birthday again; the result is the same.
        """
        started = _time.perf_counter()
        t_out = self._times()
        n = len(self.subjects)
        states = np.full((n, t_out.size, BLOCK_SIZE), np.nan)
        status = np.array(["ok"] * n, dtype=object)
        reason = np.array([""] * n, dtype=object)
        nfev = 0
        if history is not None:
            self._check_history(history)
            lost = ~history.ok
            status[lost] = "failed"
            reason[lost] = history.message[lost]
        order = self._order()
        if history is not None:
            order = order[history.ok[order]]
        # The batch engine steps every subject on its own, so it takes large batches.
        size = self.solver.batch_subjects if self.solver.method == "batch" else self.batch_size
        for sl in _chunks(order.size, size):
            idx_batch = order[sl]
            batch = [self.subjects[i] for i in idx_batch]
            start = None if history is None else (history.y[idx_batch], history.step[idx_batch])
            model, outcome = self._solve_batch(batch, t_out, start)
            nfev += outcome.nfev
            if outcome.success:
                states[idx_batch] = outcome.y.reshape(t_out.size, len(batch), BLOCK_SIZE).swapaxes(
                    0, 1)
                continue
            if outcome.subject_ok is not None and not outcome.subject_ok.all():
                # The engine reports each subject: keep the good ones, flag the rest.
                good = outcome.subject_ok
                states[idx_batch[good]] = outcome.y.reshape(
                    t_out.size, len(batch), BLOCK_SIZE).swapaxes(0, 1)[good]
                status[idx_batch[~good]] = "failed"
                reason[idx_batch[~good]] = outcome.subject_message[~good]
                continue
            # Isolate the failing subjects: solve one by one; the rest still finish.
            for k, subj in enumerate(batch):
                one = None if start is None else (start[0][k:k + 1], start[1][k:k + 1])
                m1, o1 = self._solve_batch([subj], t_out, one)
                nfev += o1.nfev
                idx = idx_batch[k]
                if o1.success:
                    states[idx] = o1.y.reshape(t_out.size, BLOCK_SIZE)
                else:
                    status[idx] = "failed"
                    reason[idx] = o1.message
        ds = build_result(self, t_out, states, status, reason)
        ds.attrs["wall_time_s"] = round(_time.perf_counter() - started, 4)
        ds.attrs["rhs_evaluations"] = int(nfev)
        if history is not None:
            # the shared history's cost, paid once for all arms (not in the two above)
            ds.attrs["shared_history_rhs_evaluations"] = int(history.nfev)
            ds.attrs["shared_history_wall_time_s"] = round(history.wall_s, 4)
        return ds

def simulate(subject: Subject, protocol=None, *, years: float = 10.0, **kwargs) -> xr.Dataset:
    """Simulate one subject; the result has no ``subject`` dimension.

    >>> from osteon import Subject, simulate
    >>> res = simulate(Subject(sex="male", age=60), years=2)
    >>> res.bmd.dims
    ('time', 'site')
    """
    return Simulation(subject, protocol, years=years, **kwargs).run().isel(subject=0)
