"""The objective's simulations on a process pool: one task per (parameter point, trial).

Every task runs one trial (or one anchor) at one parameter point through
``osteon.trials.validate.validate_trial`` with a fixed seed, so results do not depend on
the number of workers or the order in which tasks finish. With ``subjects == 1`` the trial
is its mean subject (no between-person draw); with ``subjects = N > 1`` it is a cohort of N
people per arm with the between-person draw, the same people at every parameter point
(common random numbers: :func:`osteon.cohort.runner.sample_run` draws them from the
file's population and the seed alone, before the parameter set is used), so a change
between two points is the parameters' effect, not a new sample.
"""

from __future__ import annotations

import sys
from concurrent.futures import ProcessPoolExecutor

import numpy as np

from osteon.parameters.records import ParameterSet

_STATE: dict = {}


def _init(trials, anchors, base, fitted, seed, subjects=1):
    _STATE.update(trials=trials, anchors=anchors, base=base, fitted=fitted, seed=seed,
                  subjects=subjects)


def _params(x) -> ParameterSet:
    return _STATE["base"].replace(**dict(zip(_STATE["fitted"], map(float, x), strict=True)))


def _run_unit(task):
    """``{endpoint index: (simulated or nan, status)}`` of one unit at one point."""
    x, unit = task
    trials, anchors = _STATE["trials"], _STATE["anchors"]
    try:
        params = _params(x)
        if unit < len(trials):
            from osteon.trials.validate import validate_trial

            trial = trials[unit]
            n = _STATE["subjects"]
            # n == 1: the mean person, no between-person draw (validate_trial's
            # between_person); n > 1: a cohort, the same people at every point
            rep = validate_trial(trial, subjects=n, seed=_STATE["seed"], parameters=params,
                                 between_person=n > 1)
            out = {}
            for j, res in enumerate(rep.results):
                sim = res.simulated if res.status == "ok" and res.simulated is not None \
                    else np.nan
                out[j] = (float(sim), res.status)
            return out
        from osteon import Simulation, Subject
        from osteon.trials.interventions import protocol_from_specs

        a = anchors[unit - len(trials)]
        kw = {"menopause_age": a.menopause_age} if a.menopause_age is not None else {}
        subject = Subject(sex=a.sex, age=a.age, **kw)
        protocol = protocol_from_specs([dict(s) for s in a.specs], years=a.years)
        res = Simulation(subject, protocol, parameters=params, years=a.years).run()
        b = res.bmd.isel(subject=0).sel(site=a.site)
        sim = float(100 * (b.sel(time=a.years, method="nearest") / b.isel(time=0) - 1))
        return {-1: (sim, "ok")}
    except Exception as err:  # noqa: BLE001 - a failed solve is a bad point, not a crash
        print(f"  evaluation failed (unit {unit}): {type(err).__name__}: {err}",
              file=sys.stderr)
        return {}


class Evaluator:
    """Simulated values of the targets at many parameter points, on ``workers`` processes."""

    def __init__(self, trials, anchors, base: ParameterSet, fitted: list[str],
                 workers: int = 2, seed: int = 2026, subjects: int = 1):
        self.trials, self.anchors, self.base, self.fitted = trials, anchors, base, fitted
        self.workers, self.seed, self.subjects = workers, seed, subjects
        self.calls = 0
        self._pool = None

    def __enter__(self):
        if self.workers > 1:
            self._pool = ProcessPoolExecutor(
                self.workers, initializer=_init,
                initargs=(self.trials, self.anchors, self.base, self.fitted, self.seed,
                          self.subjects))
        else:
            _init(self.trials, self.anchors, self.base, self.fitted, self.seed, self.subjects)
        return self

    def __exit__(self, *exc):
        if self._pool is not None:
            self._pool.shutdown()
        return False

    def simulate(self, points, targets, units=None):
        """``(n_points, n_targets)`` simulated values (NaN: not run or failed) and statuses.

        ``units`` restricts each point to those units (a list per point, or one list for
        all); targets of other units stay NaN.
        """
        points = [np.asarray(p, float) for p in points]
        if units is None:
            units = [sorted({t.unit for t in targets})] * len(points)
        elif units and not isinstance(units[0], list | tuple | np.ndarray):
            units = [list(units)] * len(points)
        tasks = [(p, u) for p, us in zip(points, units, strict=True) for u in us]
        # longest-first would need timings; the trial files are in a fixed order
        mapper = self._pool.map if self._pool is not None else map
        outs = list(mapper(_run_unit, tasks))
        self.calls += len(tasks)
        got = {}
        k = 0
        for i, us in enumerate(units):
            for u in us:
                got[(i, u)] = outs[k]
                k += 1
        S = np.full((len(points), len(targets)), np.nan)
        status = np.full((len(points), len(targets)), "not_run", dtype=object)
        for i in range(len(points)):
            for t_i, t in enumerate(targets):
                res = got.get((i, t.unit))
                if res is None:
                    continue
                v, st = res.get(t.endpoint, (np.nan, "error"))
                S[i, t_i], status[i, t_i] = v, st
        return S, status
