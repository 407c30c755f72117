#!/usr/bin/env python
"""Targeted refit of the glucocorticoid log-dose gain only (issue 9, item 5).

``glucocorticoid_bone_potency`` changed meaning when glucocorticoids moved to the log-dose
scale (see :mod:`osteon.physiology.pharmacology.glucocorticoids`), so its jointly calibrated
value no longer applies. Every other parameter stays at ``default_parameters()``; the new
mechanism parameters (axis, apoptosis, gut) are literature or assumed values, not fitted.

Data: the glucocorticoid trial files that the model can run, the shared Laan 1993 file and
the repo's Reid 2001 placebo arm (Saag 1998 needs bisphosphonates, which the trial reader
does not support yet). Objective: the same tolerance-scaled squared residuals as
``scripts/calibrate.py``, on small virtual cohorts (cheap; the machine's 2 cores are
shared). Method: a coarse grid, then a bounded scalar minimisation.

Run: ``python scripts/refit_glucocorticoids.py [--subjects 20]``; prints the residual table
and the value to put into ``calibrated.json``.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
from scipy.optimize import minimize_scalar

from osteon.calibration.refit import scored_endpoints
from osteon.parameters import default_parameters
from osteon.trials.format import load_trial

ROOT = Path(__file__).resolve().parents[1]
FILES = [ROOT.parent / "shared/validation/trials/laan-1993-prednisone.yaml",
         ROOT / "validation/trials/reid-2001-risedronate-glucocorticoid-men.yaml"]
NAME = "glucocorticoid_bone_potency"


def residuals(value: float, trials, subjects: int) -> list[tuple[str, float, float, float]]:
    return [(f"{s.trial}:{s.result.site}@{s.result.at}", s.result.published,
             s.result.simulated, s.z) for s in scored_endpoints(trials, subjects, {NAME: value})]


def objective(value, trials, subjects):
    return float(sum(z**2 for *_, z in residuals(value, trials, subjects)))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--subjects", type=int, default=20)
    a = ap.parse_args()
    trials = [load_trial(f) for f in FILES]
    lo, hi = default_parameters().record(NAME).plausible_range
    grid = np.geomspace(lo, hi, 7)
    vals = [objective(v, trials, a.subjects) for v in grid]
    for v, o in zip(grid, vals, strict=True):
        print(f"{NAME}={v:.3f} objective={o:.3f}")
    k = int(np.argmin(vals))
    bracket = (grid[max(k - 1, 0)], grid[min(k + 1, len(grid) - 1)])
    res = minimize_scalar(objective, bounds=bracket, args=(trials, a.subjects),
                          method="bounded", options={"xatol": 0.02, "maxiter": 12})
    print(f"best {NAME}={res.x:.4f} objective={res.fun:.3f}")
    for row in residuals(res.x, trials, a.subjects):
        print("  {}: published {:.2f} simulated {:.2f} z {:+.2f}".format(*row))


if __name__ == "__main__":
    main()
