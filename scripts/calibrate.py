#!/usr/bin/env python
"""Calibrate the parameters that the literature does not pin down, jointly, on the trials.

Data
    1. Every public trial file in ``../shared/validation/trials`` (or those given
       with ``--trials``): each file is run through the same code as
       ``osteon validate`` (reader, population sampler, protocol builders,
       endpoint arithmetic) on its *mean subject* (every population SD set to
       zero), which keeps one objective evaluation to seconds. Endpoints of
       interventions the model cannot simulate are skipped and listed.
    2. Physiological anchors from cross-sectional reference data (Looker AC et al.
       Osteoporos Int 1998;8:468, NHANES III femoral neck by age): women's femoral
       neck about -27% and men's about -20% from 30 to 80; women's spine stable from
       30 to 45 (Greendale GA et al. J Bone Miner Res 2012;27:111).

Objective
    Sum of squared residuals, each scaled by the FORMAT.md agreement tolerance of its
    endpoint (the CI half-width + 0.5 points, or ``max(1, 0.25*|value|)``), so that a
    residual of 1 is the edge of agreement; anchors carry the tolerance stated below.
    Natural-history endpoints (``WEIGHTS``) count double: every therapy acts on them.
    Only the parameters in ``FITTED`` move, each inside its plausible range (bounded
    least squares in normalized coordinates; the finite-difference Jacobian runs on
    ``--workers`` processes).

Result
    ``src/osteon/parameters/calibrated.json``: the fitted values, with the data,
    objective and before/after residuals of every target. ``default_parameters()``
    reads it; the records say which values are fitted.

Nothing reads a published value to produce a simulated one at run time: the fitted
set is fixed, and ``osteon validate`` then runs full virtual cohorts of at least 200
subjects per arm. Because the same trial files are both calibration data and the
validation table, the note that reports the table says so; other studies in the same
format are the real test.

Run: ``python scripts/calibrate.py [--max-evals N] [--workers 2] [--fresh] [--dry-run]``
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as _dt
import json
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np
from scipy.optimize import least_squares

from osteon import Simulation, Subject
from osteon.parameters import uncalibrated_parameters
from osteon.trials.endpoints import agreement_interval
from osteon.trials.format import MeanSD, TScoreSpec, load_trial
from osteon.trials.interventions import protocol_from_specs
from osteon.trials.validate import validate_trial

ROOT = Path(__file__).resolve().parents[1]
TRIALS = ROOT.parent / "shared" / "validation" / "trials"
OUT = ROOT / "src" / "osteon" / "parameters" / "calibrated.json"

FITTED = [
    # remodeling and mineralization
    "turnover_trabecular",
    "turnover_cortical",
    "obp_differentiation_time",
    "ob_active_lifespan",
    "tgf_half",
    "primary_mineral_fraction",
    "secondary_mineralization_time",
    # estrogen and the menopause
    "menopause_transition_midpoint",
    "estrogen_ec50",
    "estrogen_hill",
    "rankl_estrogen_gain",
    "focal_imbalance_estrogen",
    "focal_imbalance_age",
    "ob_androgen_gain",
    # mechanostat
    "mech_anabolic_gain",
    "mech_catabolic_gain",
    "mech_sensitivity_sex_exponent",
    # markers
    "marker_resorption_exponent",
    # calcium subsystem -> bone: PTH on RANKL, and 25(OH)D supply of calcitriol synthesis
    "rankl_pth_exponent",
    "hydroxylase_25ohd_half_saturation",
    "gut_absorption_estrogen_gain",
    "reabsorption_estrogen_gain",
    # drug effect sizes without a literature value
    "denosumab_ic50",
    "glucocorticoid_bone_potency",
]

# (label, sex, start age, menopause age or None, site, years, target %, tolerance, protocol)
TERIPARATIDE = [{"intervention": "teriparatide", "dose": "20 ug", "every": "1 day"}]
ANCHORS = [
    (
        "women 30-80 femoral neck (Looker 1998)",
        "female",
        30.0,
        51.0,
        "femoral_neck",
        50.0,
        -27.0,
        6.0,
        [],
    ),
    (
        "men 30-80 femoral neck (Looker 1998)",
        "male",
        30.0,
        None,
        "femoral_neck",
        50.0,
        -20.0,
        6.0,
        [],
    ),
    (
        "women 30-45 spine stable (Greendale 2012)",
        "female",
        30.0,
        51.0,
        "lumbar_spine",
        15.0,
        0.0,
        2.0,
        [],
    ),
    # Neer RM et al. N Engl J Med 2001;344:1434: women of mean age 69, 21 years past menopause,
    # teriparatide 20 ug/day for a median 21 months (placebo change subtracted in the paper;
    # the model's placebo loss is small at that age).
    (
        "teriparatide 20 ug spine 21 months (Neer 2001)",
        "female",
        69.0,
        48.0,
        "lumbar_spine",
        1.75,
        9.7,
        2.4,
        TERIPARATIDE,
    ),
    (
        "teriparatide 20 ug femoral neck 21 months (Neer 2001)",
        "female",
        69.0,
        48.0,
        "femoral_neck",
        1.75,
        2.8,
        1.0,
        TERIPARATIDE,
    ),
]


# Natural history is the foundation every therapy acts on: its endpoints count double.
WEIGHTS = {
    "swan-transmenopause": 2.0,
    "swan-decade": 2.0,
    "garnero-1996-turnover": 2.0,
    "mros-men-femoral-neck": 2.0,
    "pepi-1996 placebo": 2.0,
}


def weight(label: str) -> float:
    return max([w for key, w in WEIGHTS.items() if label.startswith(key)], default=1.0)


def mean_subject_trial(trial):
    """The trial with every population SD set to zero: its cohort is its mean subject."""
    pop = trial.population
    changes = {}
    for f in dataclasses.fields(pop):
        v = getattr(pop, f.name)
        if isinstance(v, MeanSD | TScoreSpec):
            changes[f.name] = dataclasses.replace(v, sd=0.0)
    return dataclasses.replace(trial, population=dataclasses.replace(pop, **changes))


SUBJECTS = 1  # virtual subjects per arm (1: the mean subject)


def load_targets(paths, subjects=1):
    trials = [load_trial(p) for p in paths]
    return trials if subjects > 1 else [mean_subject_trial(t) for t in trials]


def evaluate(params, trials):
    """Rows (label, published, centre, tolerance, simulated) for every runnable endpoint."""
    rows = []
    for trial in trials:
        rep = validate_trial(trial, subjects=SUBJECTS, seed=2026, parameters=params)
        for ep, res in zip(trial.endpoints, rep.results, strict=True):
            if res.status == "not_supported":
                continue
            lo, hi = agreement_interval(ep.value, ep.ci, ep.measure)
            sim = res.simulated if res.status == "ok" and res.simulated is not None else np.nan
            label = (
                f"{trial.id} {ep.arm}{' vs ' + ep.control if ep.control else ''} {ep.site} {res.at}"
            )
            rows.append((label, ep.value, (lo + hi) / 2.0, (hi - lo) / 2.0, sim))
    for label, sex, age, ma, site, years, value, tol, specs in ANCHORS:
        subject = Subject(sex=sex, age=age, **({"menopause_age": ma} if ma else {}))
        protocol = protocol_from_specs(specs, years=years)
        res = Simulation(subject, protocol, parameters=params, years=years).run()
        b = res.bmd.isel(subject=0).sel(site=site)
        sim = float(100 * (b.sel(time=years, method="nearest") / b.isel(time=0) - 1))
        rows.append((label, value, value, tol, sim))
    return rows


class Problem:
    def __init__(self, trials, base, fitted):
        self.trials, self.base, self.fitted = trials, base, fitted
        self.lo = np.array([base.record(k).plausible_range[0] for k in fitted])
        self.hi = np.array([base.record(k).plausible_range[1] for k in fitted])

    def params(self, z):
        x = self.lo + np.clip(z, 0.0, 1.0) * (self.hi - self.lo)
        return self.base.replace(**dict(zip(self.fitted, x, strict=True)))

    def residuals(self, z):
        try:
            rows = evaluate(self.params(z), self.trials)
        except Exception as err:  # a failed solve is a bad point, not a crash
            print("  evaluation failed:", err, file=sys.stderr)
            return None
        r = np.array([weight(lab) * (sim - c) / tol for (lab, _, c, tol, sim) in rows])
        return np.where(np.isfinite(r), r, 10.0)


_PROBLEM: Problem | None = None


def _init(problem):
    global _PROBLEM
    _PROBLEM = problem


def _res(z):
    return _PROBLEM.residuals(z)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--max-evals", type=int, default=25, help="least-squares iterations")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--trials", nargs="*", help="trial files (default: all in shared)")
    ap.add_argument("--fresh", action="store_true", help="start from literature values")
    ap.add_argument("--only", nargs="*", help="fit only these parameters (others held)")
    ap.add_argument(
        "--subjects",
        type=int,
        default=1,
        help="virtual subjects per arm sampled from each population (1: mean subject)",
    )
    ap.add_argument("--dry-run", action="store_true", help="report residuals, write nothing")
    args = ap.parse_args(argv)

    paths = [Path(p) for p in args.trials] if args.trials else sorted(TRIALS.glob("*.yaml"))
    global SUBJECTS
    SUBJECTS = args.subjects
    trials = load_targets(paths, args.subjects)
    base = uncalibrated_parameters()
    previous = {}
    if OUT.exists() and not args.fresh:
        previous = json.loads(OUT.read_text()).get("values", {})
    fitted = args.only or FITTED
    unknown = [k for k in fitted if k not in base]
    if unknown:
        ap.error(f"unknown parameters: {', '.join(unknown)}")
    # Parameters not fitted now keep their previous fitted values.
    held = {k: v for k, v in previous.items() if k not in fitted and k in base}
    base = base.replace(**held)
    problem = Problem(trials, base, fitted)
    x0 = np.array([previous.get(k, base[k]) for k in fitted])
    z0 = np.clip((x0 - problem.lo) / (problem.hi - problem.lo), 0.0, 1.0)

    rows_before = evaluate(problem.params(z0) if args.only else base, trials)
    t0 = time.time()
    z = z0
    if not args.dry_run:
        with ProcessPoolExecutor(args.workers, initializer=_init, initargs=(problem,)) as pool:
            step = 0.02

            def fun(z):
                r = problem.residuals(z)
                return np.full(len(rows_before), 10.0) if r is None else r

            def jac(z):
                f0 = fun(z)
                pts = []
                for j in range(z.size):
                    zj = z.copy()
                    zj[j] = zj[j] + step if zj[j] + step <= 1.0 else zj[j] - step
                    pts.append(zj)
                cols = list(pool.map(_res, pts))
                J = np.empty((f0.size, z.size))
                for j, (zj, fj) in enumerate(zip(pts, cols, strict=True)):
                    fj = np.full(f0.size, 10.0) if fj is None else fj
                    J[:, j] = (fj - f0) / (zj[j] - z[j])
                return J

            fit = least_squares(
                fun, z0, jac=jac, bounds=(0.0, 1.0), max_nfev=args.max_evals, x_scale=1.0, verbose=1
            )
            z = fit.x
    best = problem.params(z)
    rows_after = evaluate(best, trials)
    cost = lambda rows: float(np.nansum([((s - c) / t) ** 2 for (_, _, c, t, s) in rows]))  # noqa: E731
    inside = lambda rows: sum(abs(s - c) <= t for (_, _, c, t, s) in rows)  # noqa: E731
    print(f"{'target':64s} {'published':>9s} {'tol':>5s} {'before':>8s} {'after':>8s}")
    # (before: literature values, or with --only the previous fit)
    for b, a in zip(rows_before, rows_after, strict=True):
        print(f"{b[0][:64]:64s} {b[1]:9.2f} {b[3]:5.2f} {b[4]:8.2f} {a[4]:8.2f}")
    print(
        f"objective before {cost(rows_before):.2f}, after {cost(rows_after):.2f}; inside "
        f"tolerance {inside(rows_before)} -> {inside(rows_after)} of {len(rows_after)}; "
        f"{time.time() - t0:.0f} s"
    )
    print("fitted:", {k: round(float(best[k]), 4) for k in fitted})
    if args.dry_run:
        return 0
    OUT.write_text(
        json.dumps(
            {
                "script": "scripts/calibrate.py",
                "date": _dt.date.today().isoformat(),
                "data": [
                    str(p.relative_to(ROOT.parent)) if p.is_relative_to(ROOT.parent) else str(p)
                    for p in paths
                ]
                + [a[0] for a in ANCHORS],
                "method": "osteon.trials.validate_trial on each trial population: "
                + (
                    "its mean subject"
                    if args.subjects == 1
                    else f"{args.subjects} subjects per arm"
                ),
                "objective": "sum of squared residuals scaled by each endpoint's agreement tolerance",
                "objective_before": round(cost(rows_before), 4),
                "objective_after": round(cost(rows_after), 4),
                "values": {**previous, **{k: float(best[k]) for k in fitted}},
                "fitted_last": list(fitted),
                "residuals": [
                    dict(
                        target=b[0],
                        published=b[1],
                        tolerance=round(b[3], 3),
                        before=None if not np.isfinite(b[4]) else round(float(b[4]), 3),
                        after=None if not np.isfinite(a[4]) else round(float(a[4]), 3),
                    )
                    for b, a in zip(rows_before, rows_after, strict=True)
                ],
            },
            indent=1,
        )
        + "\n"
    )
    print("wrote", OUT)
    return 0


if __name__ == "__main__":
    sys.exit(main())
