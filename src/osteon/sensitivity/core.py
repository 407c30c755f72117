"""Which parameters drive the 10-year spine and hip forecast: Sobol and Morris with SALib.

The inputs are the calibrated parameters of the default set, each over its plausible
range from its record, and the subject's covariates over the ranges in :data:`COVARIATES`
(uniform). The outputs (:data:`OUTPUTS`) are the percent change of lumbar-spine and
total-hip BMD over the follow-up of a demo scenario
(:data:`osteon.report.scenarios.SCENARIOS`).

Every sample is one subject with its own parameter set, simulated by the batch engine
(:func:`osteon.engine.integrate_batch`, the cohort engine's solver) from the subject's 30th
birthday, as :class:`osteon.simulation.Simulation` does; the engine holds one parameter
set per model, so each sample is one engine call, spread over a process pool. Samples
whose simulation fails are counted and replaced by the mean of the others (SALib needs
finite outputs); their number is reported with the indices.

Methods (SALib 1.6; Herman J & Usher W, J Open Source Softw 2017;2:97; Iwanaga T et al.,
Socio-Environmental Systems Modelling 2022;4:18155):

- Sobol first-order and total indices from Saltelli's sampling scheme (Saltelli A et al.,
  Comput Phys Commun 2010;181:259), confidence intervals by bootstrap;
- Morris elementary effects for screening (Morris MD, Technometrics 1991;33:161; the
  ``mu_star`` of Campolongo F et al., Environ Model Softw 2007;22:1509), with bootstrap
  confidence intervals of ``mu_star``.
"""

from __future__ import annotations

import concurrent.futures as cf
import math
import time
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from osteon.errors import OsteonInputError
from osteon.units import DAYS_PER_YEAR

COVARIATES = {
    # name: (low, high, units, why this range)
    "age": (-2.0, 8.0, "year", "offset from the scenario subject's age"),
    "menopause_age": (45.0, 55.0, "year", "natural menopause, capped at the subject's age"),
    "body_mass_kg": (50.0, 100.0, "kg", "adult women and men"),
    "steps_per_day": (2000.0, 12000.0, "steps/day", "sedentary to active"),
    "calcium_mg_per_day": (400.0, 1500.0, "mg/day", "habitual dietary calcium"),
}
"""Covariates sampled with the parameters (ranges are the population they cover)."""
OUTPUTS = ("lumbar_spine_bmd_change_pct", "total_hip_bmd_change_pct")
_SITES = ("lumbar_spine", "total_hip")


@dataclass(frozen=True)
class SensitivityProblem:
    """The scenario, the inputs varied and their bounds."""

    scenario: str
    names: tuple[str, ...]
    bounds: tuple[tuple[float, float], ...]
    kinds: tuple[str, ...]  # "parameter" or "covariate"
    units: tuple[str, ...]
    years: float = 10.0

    def salib(self) -> dict:
        return {"num_vars": len(self.names), "names": list(self.names),
                "bounds": [list(b) for b in self.bounds]}


def make_problem(scenario: str, parameters: Sequence[str] | None = None,
                 covariates: Sequence[str] | None = None, years: float = 10.0,
                 parameter_set=None) -> SensitivityProblem:
    """Inputs and bounds: ``parameters`` (default: every calibrated parameter) over their
    plausible ranges, ``covariates`` (default: all of :data:`COVARIATES`)."""
    from osteon.parameters import default_parameters
    from osteon.report.scenarios import SCENARIOS

    if scenario not in SCENARIOS:
        raise OsteonInputError("scenario", f"{scenario!r} is not one of {', '.join(SCENARIOS)}",
                               "osteon sensitivity 'Hormone therapy only'")
    ps = parameter_set or default_parameters()
    if parameters is None:
        parameters = [r.name for r in ps.records.values() if r.calibrated]
    covariates = list(COVARIATES) if covariates is None else list(covariates)
    names, bounds, kinds, units = [], [], [], []
    for name in parameters:
        if name not in ps:
            raise OsteonInputError("parameters", f"{name!r} is not a parameter of {ps.name}",
                                   "--parameters estrogen_ec50,rankl_estrogen_gain")
        rec = ps.record(name)
        lo, hi = rec.plausible_range
        if not hi > lo:
            continue
        names.append(name)
        bounds.append((float(lo), float(hi)))
        kinds.append("parameter")
        units.append(rec.units)
    for name in covariates:
        if name not in COVARIATES:
            raise OsteonInputError("covariates", f"{name!r} is not one of "
                                   f"{', '.join(COVARIATES)}", "--covariates age,body_mass_kg")
        lo, hi, unit, _why = COVARIATES[name]
        names.append(name)
        bounds.append((lo, hi))
        kinds.append("covariate")
        units.append(unit)
    if not names:
        raise OsteonInputError("parameters", "nothing to vary", "--parameters estrogen_ec50")
    return SensitivityProblem(scenario, tuple(names), tuple(bounds), tuple(kinds),
                              tuple(units), float(years))


def _subject_and_parameters(problem: SensitivityProblem, row: np.ndarray, base_subject, ps):
    from osteon.subject import Subject

    values = dict(zip(problem.names, (float(v) for v in row), strict=True))
    pvals = {n: values[n] for n, k in zip(problem.names, problem.kinds, strict=True)
             if k == "parameter"}
    fields = base_subject.to_dict()
    fields.pop("name", None)
    if "age" in values:
        fields["age"] = base_subject.age + values["age"]
    for key in ("body_mass_kg", "steps_per_day", "calcium_mg_per_day"):
        if key in values:
            fields[key] = values[key]
    if fields.get("sex") == "female" and "menopause_age" in values:
        fields["menopause_age"] = min(values["menopause_age"], fields["age"])
    return Subject.from_dict(fields), ps.replace(**pvals) if pvals else ps


def evaluate_rows(problem: SensitivityProblem, rows: np.ndarray) -> np.ndarray:
    """The outputs (:data:`OUTPUTS`) of each sample row, NaN where a simulation failed."""
    from osteon.engine import integrate_batch
    from osteon.model import BoneModel, Cohort
    from osteon.outputs.reference import SITES
    from osteon.parameters import default_parameters
    from osteon.physiology.endocrine.background import PEAK_BONE_AGE
    from osteon.report.scenarios import SCENARIOS
    from osteon.subject import Subject
    from osteon.trials.interventions import protocol_from_specs

    ps0 = default_parameters()
    base = Subject(sex="female", age=52, menopause_age=51)
    protocol = protocol_from_specs(SCENARIOS[problem.scenario], years=problem.years,
                                   name=problem.scenario)
    t_end = problem.years * DAYS_PER_YEAR
    out = np.full((len(rows), len(OUTPUTS)), np.nan)
    idx = [SITES.index(s) for s in _SITES]
    for i, row in enumerate(rows):
        try:
            subject, ps = _subject_and_parameters(problem, row, base, ps0)
            model = BoneModel(ps, Cohort.from_subjects([subject]), protocol)
            t0 = min(0.0, (PEAK_BONE_AGE - subject.age) * DAYS_PER_YEAR)
            res = integrate_batch(model, model.initial_state(), t0, np.array([0.0, t_end]),
                                  protocol.breakpoints(t_end))
            if not res.ok[0]:
                continue
            sites, _sys = BoneModel.split(res.y[:, 0])
            dens = model.density(sites)  # (2 times, 4 sites)
            out[i] = 100.0 * (dens[1, idx] / dens[0, idx] - 1.0)
        except (OsteonInputError, RuntimeError, FloatingPointError, ValueError):
            continue
    return out


def _evaluate(problem: SensitivityProblem, X: np.ndarray, workers: int,
              chunk: int = 8) -> np.ndarray:
    if workers <= 1 or len(X) <= chunk:
        return evaluate_rows(problem, X)
    parts = [X[a:a + chunk] for a in range(0, len(X), chunk)]
    from osteon.cohort.executors import _mp_context

    with cf.ProcessPoolExecutor(max_workers=workers, mp_context=_mp_context()) as pool:
        results = list(pool.map(evaluate_rows, [problem] * len(parts), parts))
    return np.concatenate(results, axis=0)


def _fill(Y: np.ndarray) -> tuple[np.ndarray, int]:
    bad = ~np.isfinite(Y).all(axis=1)
    if bad.all():
        raise RuntimeError("every sample failed: no sensitivity indices")
    Y = Y.copy()
    Y[bad] = np.nanmean(Y[~bad], axis=0)
    return Y, int(bad.sum())


def run_sensitivity(problem: SensitivityProblem, *, sobol_n: int = 4, morris_r: int = 4,
                    methods: Sequence[str] = ("morris", "sobol"), seed: int = 2026,
                    workers: int = 1, num_resamples: int = 200, conf_level: float = 0.95):
    """Morris and/or Sobol indices of :data:`OUTPUTS` as an :class:`xarray.Dataset`
    (dimensions ``output`` and ``input``), with bootstrap confidence intervals, and the
    samples and their outputs (``*_X``, ``*_Y``; NaN rows failed) for inspection."""
    import xarray as xr
    from SALib.analyze import morris as morris_analyze
    from SALib.analyze import sobol as sobol_analyze
    from SALib.sample import morris as morris_sample
    from SALib.sample import sobol as sobol_sample

    bad = [m for m in methods if m not in ("morris", "sobol")]
    if bad or not methods:
        raise OsteonInputError("method", f"{bad or methods!r}: choose morris and/or sobol",
                               "--method sobol")
    if sobol_n < 2 or sobol_n & (sobol_n - 1):
        raise OsteonInputError("sobol_n", f"{sobol_n} must be a power of 2, at least 2",
                               "--sobol-n 4")
    if morris_r < 2:
        raise OsteonInputError("morris_r", f"{morris_r} must be at least 2", "--morris-r 4")
    sp = problem.salib()
    data, attrs = {}, {"scenario": problem.scenario, "years": problem.years, "seed": seed,
                       "conf_level": conf_level, "salib_version": _salib_version()}
    dims = ("output", "input")
    started = time.perf_counter()
    if "morris" in methods:
        X = morris_sample.sample(sp, morris_r, num_levels=4, seed=seed)
        Y_raw = _evaluate(problem, X, workers)
        Y, failed = _fill(Y_raw)
        data["morris_X"] = (("morris_sample", "input"), X)
        data["morris_Y"] = (("morris_sample", "output"), Y_raw)
        fields: dict[str, list[np.ndarray]] = {"mu_star": [], "mu_star_conf": [], "sigma": [],
                                               "mu": []}
        for j in range(len(OUTPUTS)):
            r = morris_analyze.analyze(sp, X, Y[:, j], num_resamples=num_resamples,
                                       conf_level=conf_level, seed=seed)
            for k in fields:
                fields[k].append(np.asarray(r[k], dtype=float))
        for k, v in fields.items():
            data[f"morris_{k}"] = (dims, np.array(v))
        attrs.update(morris_runs=len(X), morris_failed=failed, morris_r=morris_r)
    if "sobol" in methods:
        X = sobol_sample.sample(sp, sobol_n, calc_second_order=False, seed=seed)
        Y_raw = _evaluate(problem, X, workers)
        Y, failed = _fill(Y_raw)
        data["sobol_X"] = (("sobol_sample", "input"), X)
        data["sobol_Y"] = (("sobol_sample", "output"), Y_raw)
        fields = {"S1": [], "S1_conf": [], "ST": [], "ST_conf": []}
        for j in range(len(OUTPUTS)):
            r = sobol_analyze.analyze(sp, Y[:, j], calc_second_order=False,
                                      num_resamples=num_resamples, conf_level=conf_level,
                                      seed=seed)
            for k in fields:
                fields[k].append(np.asarray(r[k], dtype=float))
        for k, v in fields.items():
            data[f"sobol_{k}"] = (dims, np.array(v))
        attrs.update(sobol_runs=len(X), sobol_failed=failed, sobol_n=sobol_n,
                     output_mean=[float(x) for x in Y.mean(axis=0)],
                     output_sd=[float(x) for x in Y.std(axis=0)])
    attrs["wall_time_s"] = round(time.perf_counter() - started, 2)
    ds = xr.Dataset(
        data,
        coords={"output": list(OUTPUTS), "input": list(problem.names),
                "kind": ("input", list(problem.kinds)), "units": ("input", list(problem.units)),
                "low": ("input", [b[0] for b in problem.bounds]),
                "high": ("input", [b[1] for b in problem.bounds])},
        attrs=attrs,
    )
    return ds


def _salib_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("SALib")
    except PackageNotFoundError:  # pragma: no cover - SALib imported from a source tree
        return "unknown"


def drivers(ds, output: str, top: int = 5) -> list[tuple[str, float, float]]:
    """The inputs that drive ``output`` most: ``(name, index, ci)`` by Sobol total index
    (or Morris ``mu_star`` without Sobol), largest first."""
    if "sobol_ST" in ds:
        v, c = ds["sobol_ST"].sel(output=output), ds["sobol_ST_conf"].sel(output=output)
    else:
        v, c = ds["morris_mu_star"].sel(output=output), ds["morris_mu_star_conf"].sel(output=output)
    order = np.argsort(-np.nan_to_num(v.values, nan=-math.inf))[:top]
    names = ds["input"].values
    return [(str(names[k]), float(v.values[k]), float(c.values[k])) for k in order]
