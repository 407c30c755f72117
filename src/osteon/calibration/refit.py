"""Scaled residuals of a parameter set on trial files, for the small one-mechanism refits.

The refit scripts (``scripts/refit_glucocorticoids.py``, ``refit_held_years.py``,
``refit_bmu_balance.py``, ``refit_unloading.py``) each move a few parameters and score
every candidate the same way: run the trial files through ``osteon validate``'s own code
(:func:`osteon.trials.validate.validate_trial`) and divide each endpoint's miss by half
its FORMAT.md agreement interval. This module is that scoring, written once.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from osteon.parameters import ParameterSet, default_parameters
from osteon.trials.endpoints import EndpointResult
from osteon.trials.format import Trial
from osteon.trials.validate import validate_trial


@dataclass(frozen=True)
class Scored:
    """One simulated endpoint and its miss in half-widths of the agreement interval."""

    trial: str
    result: EndpointResult
    z: float

    def line(self) -> str:
        """A one-line account: trial, arm, site, measure, time, published, simulated, z."""
        r = self.result
        return (f"{self.trial} {r.arm} {r.site} {r.measure} {r.at}: published "
                f"{r.published:.2f} simulated {r.simulated:.2f} z {self.z:+.2f}")


def scored_endpoints(trials: Iterable[Trial], subjects: int,
                     parameters: ParameterSet | Mapping[str, float] | None = None,
                     ) -> list[Scored]:
    """Every simulated endpoint of ``trials`` under ``parameters``, scored.

    ``parameters`` is a parameter set, or a mapping of values that replace the defaults.
    Endpoints that were not simulated (status other than ``ok``) or carry no published
    value and interval are left out.
    """
    if parameters is None or isinstance(parameters, Mapping):
        parameters = default_parameters().replace(**dict(parameters or {}))
    out = []
    for trial in trials:
        for r in validate_trial(trial, subjects=subjects, parameters=parameters).results:
            if (r.status != "ok" or r.simulated is None or r.interval is None
                    or r.published is None):
                continue
            half = (r.interval[1] - r.interval[0]) / 2
            out.append(Scored(trial.id, r, (r.simulated - r.published) / half))
    return out


def objective(scored: Iterable[Scored]) -> float:
    """Sum of squared scaled residuals."""
    return float(sum(s.z * s.z for s in scored))
