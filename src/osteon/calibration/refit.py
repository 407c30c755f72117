"""Scaled residuals of a parameter set on trial files, for the small one-mechanism refits.

The refit scripts (``scripts/refit_glucocorticoids.py``, ``refit_held_years.py``,
``refit_bmu_balance.py``, ``refit_unloading.py``) each move a few parameters and score
every candidate the same way: run the trial files through ``osteon validate``'s own code
(:func:`osteon.trials.validate.validate_trial`) and divide each endpoint's miss by half
its FORMAT.md agreement interval. This module is that scoring, written once.
"""

from __future__ import annotations

import argparse
import itertools
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from osteon.parameters import ParameterSet, default_parameters
from osteon.trials.endpoints import EndpointResult
from osteon.trials.format import Trial, load_trial
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


def parse_grid(items: Iterable[str]) -> dict[str, list[float]]:
    """``["name=v1,v2", ...]`` -> ``{name: [v1, v2]}`` (the refit scripts' ``--grid``).

    >>> parse_grid(["a=1,2", "b=0.5"])
    {'a': [1.0, 2.0], 'b': [0.5]}
    """
    axes: dict[str, list[float]] = {}
    for item in items:
        name, sep, values = item.partition("=")
        try:
            if not sep or not name:
                raise ValueError
            axes[name.strip()] = [float(v) for v in values.split(",")]
        except ValueError:
            raise ValueError(f"grid item {item!r} is not NAME=V1,V2,...; for example "
                             "erosion_depth_estrogen=0.08,0.12") from None
    return axes


def grid_minimum(axes: Mapping[str, Sequence[float]],
                 score: Callable[[dict[str, float]], tuple[float, str]],
                 echo=print) -> tuple[dict[str, float], float]:
    """Score every point of the grid (the product of each parameter's values) with
    ``score(point) -> (objective, description)``, print ``name=value, ...: description`` for
    each and the best point at the end; returns the best point and its objective.

    >>> grid_minimum({"a": [1.0, 2.0], "b": [0.0]}, lambda p: ((p["a"] - 2) ** 2, "ok"),
    ...              echo=lambda s: None)
    ({'a': 2.0, 'b': 0.0}, 0.0)
    """
    best: tuple[dict[str, float], float] | None = None
    for values in itertools.product(*axes.values()):
        point = dict(zip(axes, values, strict=True))
        total, text = score(point)
        echo(f"{_label(point)}: {text}")
        if best is None or total < best[1]:
            best = (point, total)
    if best is None:
        raise ValueError("the grid has no point: every parameter needs at least one value")
    echo(f"best {_label(best[0])} objective={best[1]:.3f}")
    return best


M = TypeVar("M")


def grid_refit(axes: Mapping[str, Sequence[float]], measure: Callable[[ParameterSet], M],
               objective: Callable[[M], float], describe: Callable[[M], str],
               echo=None) -> tuple[dict[str, float], float]:
    """:func:`grid_minimum` for a refit script that runs its own simulations: each point is
    set on the default parameters, ``measure(params)`` simulates, ``objective`` scores it and
    ``describe`` says what it gave; each line is printed as it comes (flushed).

    >>> grid_refit({"estrogen_hill": [1.0, 2.0]}, lambda p: p["estrogen_hill"],
    ...            lambda m: (m - 2.0) ** 2, lambda m: f"hill {m:g}", echo=lambda s: None)
    ({'estrogen_hill': 2.0}, 0.0)
    """
    def score(point: dict[str, float]) -> tuple[float, str]:
        measured = measure(default_parameters().replace(**point))
        total = objective(measured)
        return total, f"objective {total:.2f}; {describe(measured)}"

    return grid_minimum(axes, score,
                        echo or (lambda line: print(line, flush=True)))


def _label(point: Mapping[str, float]) -> str:
    return ", ".join(f"{n}={v:g}" for n, v in point.items())


def grid_search(trials: list[Trial], subjects: int, grid: Iterable[str],
                echo=print) -> tuple[str, float]:
    """Score every point of the grid (the product of each parameter's values) on ``trials``
    and print each point's objective, agreement and endpoint lines; returns the best point's
    label and objective."""
    def score(point: dict[str, float]) -> tuple[float, str]:
        scored = scored_endpoints(trials, subjects, point)
        total = objective(scored)
        lines = "\n".join("    " + s.line() for s in scored)
        return total, (f"objective {total:.3f}, "
                       f"{sum(bool(s.result.agree) for s in scored)}/{len(scored)} agree\n{lines}")

    point, total = grid_minimum(parse_grid(grid), score, echo)
    return _label(point), total


def grid_main(files: Sequence[Path], *, subjects: int, grid: Sequence[str],
              argv: Sequence[str] | None = None) -> tuple[str, float]:
    """The command line of a grid refit script: ``--subjects N`` and ``--grid NAME=V1,V2 ...``
    (defaults: the script's own), then :func:`grid_search` on ``files``."""
    ap = argparse.ArgumentParser()
    ap.add_argument("--subjects", type=int, default=subjects)
    ap.add_argument("--grid", nargs="+", metavar="NAME=V1,V2", default=list(grid),
                    help="parameters and the values to try (the grid is their product)")
    a = ap.parse_args(argv)
    return grid_search([load_trial(f) for f in files], a.subjects, a.grid,
                       echo=lambda line: print(line, flush=True))
