#!/usr/bin/env python
"""Calibrate the intervention effect sizes that the literature does not pin down.

Data
    The public trial files in ``../shared/validation/trials`` named for each
    family below: every endpoint of theirs that involves an arm with an
    intervention. Each file is run as a virtual trial through the same code as
    ``osteon validate`` (reader, population sampler, endpoint arithmetic), with a
    smaller cohort (``--subjects``, default 40 per arm) to keep the fit fast.

Objective
    Per family, the sum of squared residuals, each scaled by the FORMAT.md
    agreement tolerance of its endpoint (the CI half-width + 0.5 points, or
    ``max(1, 0.25*|value|)``), so a residual of 1 is the edge of agreement.
    Parameters are fitted inside their plausible ranges (bounded least squares
    in normalized coordinates). Natural-history parameters are held at their
    calibrated values (``scripts/calibrate_natural_history.py`` runs first).

Result
    The fitted values are merged into ``src/osteon/parameters/calibrated.json``
    with the family's data, objective and before/after residuals.

No parameter is special-cased per trial, and nothing reads a published value
to produce a simulated one: the fitted set is fixed, and ``osteon validate``
then runs cohorts of at least 200 subjects per arm.

Run: ``python scripts/calibrate_interventions.py --family NAME [--max-evals N]``
     (``--family all`` runs every family in order; ``--dry-run`` only reports).
"""

from __future__ import annotations

import argparse
import datetime as _dt
import json
import sys
import time
from pathlib import Path

import numpy as np
from scipy.optimize import least_squares

from osteon.parameters import default_parameters
from osteon.trials.endpoints import agreement_interval
from osteon.trials.format import load_trial
from osteon.trials.validate import validate_trial

ROOT = Path(__file__).resolve().parents[1]
TRIALS = ROOT.parent / "shared" / "validation" / "trials"
OUT = ROOT / "src" / "osteon" / "parameters" / "calibrated.json"

# family: (trial files, parameters fitted)
FAMILIES: dict[str, tuple[list[str], list[str]]] = {}


def endpoints_with_interventions(report):
    trial = report.trial
    active = {a.name for a in trial.arms if a.interventions}
    for ep, res in zip(trial.endpoints, report.results, strict=True):
        if set(ep.arms) & active:
            yield ep, res


def family_residuals(files, params, subjects, seed):
    rows = []
    for f in files:
        trial = load_trial(TRIALS / f)
        rep = validate_trial(trial, subjects=subjects, seed=seed, parameters=params)
        for ep, res in endpoints_with_interventions(rep):
            lo, hi = agreement_interval(ep.value, ep.ci)
            centre, tol = (lo + hi) / 2.0, (hi - lo) / 2.0
            sim = res.simulated if res.simulated is not None else np.nan
            rows.append(
                (f"{trial.id} {ep.arm} {ep.site} {ep.measure} {res.at}", ep.value, centre, tol, sim)
            )
    return rows


def fit_family(name, subjects, seed, max_evals, dry_run):
    files, names = FAMILIES[name]
    base = default_parameters()
    lo = np.array([base.record(k).plausible_range[0] for k in names])
    hi = np.array([base.record(k).plausible_range[1] for k in names])
    z0 = (np.array([base[k] for k in names]) - lo) / (hi - lo)

    def params_of(z):
        return base.replace(**dict(zip(names, lo + np.clip(z, 0, 1) * (hi - lo), strict=True)))

    def residuals(z):
        rows = family_residuals(files, params_of(z), subjects, seed)
        r = np.array([(sim - c) / tol for (_, _, c, tol, sim) in rows])
        return np.where(np.isfinite(r), r, 10.0)

    before = family_residuals(files, base, subjects, seed)
    t0 = time.time()
    z = z0
    if not dry_run and names:
        z = least_squares(residuals, z0, bounds=(0.0, 1.0), diff_step=0.05, max_nfev=max_evals).x
    best = params_of(z)
    after = family_residuals(files, best, subjects, seed)
    print(f"\n== {name}: {', '.join(names)}")
    print(f"{'endpoint':70s} {'published':>9s} {'tol':>5s} {'before':>8s} {'after':>8s}")
    for (lab, v, _, tol, b), (_, _, _, _, a) in zip(before, after, strict=True):
        print(f"{lab[:70]:70s} {v:9.2f} {tol:5.2f} {b:8.2f} {a:8.2f}")
    cost = lambda rows: float(np.nansum([((s - c) / t) ** 2 for (_, _, c, t, s) in rows]))  # noqa: E731
    print(
        f"objective before {cost(before):.3f}, after {cost(after):.3f} ({time.time() - t0:.0f} s)"
    )
    return {k: float(best[k]) for k in names}, before, after, cost(before), cost(after)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--family", required=True, help=f"one of {', '.join(FAMILIES)} or all")
    ap.add_argument("--subjects", type=int, default=40)
    ap.add_argument("--seed", type=int, default=2026)
    ap.add_argument("--max-evals", type=int, default=60)
    ap.add_argument("--dry-run", action="store_true")
    args = ap.parse_args(argv)
    families = list(FAMILIES) if args.family == "all" else [args.family]
    for fam in families:
        if fam not in FAMILIES:
            ap.error(f"unknown family {fam!r}; choose from {', '.join(FAMILIES)} or all")
        values, before, after, c0, c1 = fit_family(
            fam, args.subjects, args.seed, args.max_evals, args.dry_run
        )
        if args.dry_run:
            continue
        data = json.loads(OUT.read_text()) if OUT.exists() else {"values": {}}
        data.setdefault("values", {}).update(values)
        data.setdefault("stages", {})[fam] = {
            "script": "scripts/calibrate_interventions.py",
            "date": _dt.date.today().isoformat(),
            "data": [f"../shared/validation/trials/{f}" for f in FAMILIES[fam][0]],
            "subjects_per_arm": args.subjects,
            "objective": "sum of squared residuals scaled by each endpoint's agreement tolerance",
            "objective_before": round(c0, 4),
            "objective_after": round(c1, 4),
            "values": values,
            "residuals": [
                dict(
                    endpoint=b[0],
                    published=b[1],
                    tolerance=b[3],
                    before=None if not np.isfinite(b[4]) else round(b[4], 3),
                    after=None if not np.isfinite(a[4]) else round(a[4], 3),
                )
                for b, a in zip(before, after, strict=True)
            ],
        }
        OUT.write_text(json.dumps(data, indent=1) + "\n")
        print("wrote", OUT)
    return 0


if __name__ == "__main__":
    sys.exit(main())
