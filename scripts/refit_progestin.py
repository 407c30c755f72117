#!/usr/bin/env python
"""Targeted refit of the progesterone-receptor effect on osteoblast recruitment (issue 9, item 10).

Parameter: ``ob_progesterone_gain`` only (every other parameter at ``default_parameters()``).

Data (objective): the pooled randomized evidence of Prior JC et al. J Musculoskelet Neuronal
Interact 2017;17:146 (``validation/trials/prior-2017-estrogen-progestin-vs-estrogen-spine.yaml``:
estrogen + MPA minus the same estrogen alone, spine, +0.68 %/year, entered as +1.36 points over
2 years). Checks (reported, not fitted): PEPI 1996 (shared file: CEE + MPA and CEE + micronized
progesterone arms), WHI CEE + MPA (Cauley 2003) and the SWAN transmenopausal loss, which the
gain also moves (the progesterone signal falls at menopause, relative to the premenopausal
reference).

Objective: the tolerance-scaled squared residual of
:func:`osteon.calibration.refit.scored_endpoints` on small virtual cohorts. Method: a grid over
the plausible range, then a bounded scalar minimisation around the best grid point.

Result at the time of writing (20 subjects, seed 2026): the Prior difference is 0.07 points at
the old value 0.05, 0.39 at 0.3, 1.51 at 1.2 and 2.39 at 2.0; the fit is about 1.1. At 1.1
PEPI CEE + MPA spine is 6.9 % (published 5.0), CEE + micronized progesterone 6.7 % (4.25), WHI
hip 8.2 % (3.7), while SWAN transmenopausal spine loss improves (-6.8 vs -7.4; -4.9 at 0.05).
The fitted value is therefore NOT adopted: the estrogen + progestin arms already overshoot at
the hip, and a larger progestin effect needs the estrogen response refitted with it. Rerun this
after the estrogen changes of issue 9 item 8 are merged.

Run: ``python scripts/refit_progestin.py [--subjects 20] [--checks]``.
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
SHARED = ROOT.parent / "shared/validation/trials"
TARGET = [ROOT / "validation/trials/prior-2017-estrogen-progestin-vs-estrogen-spine.yaml"]
CHECKS = [SHARED / "pepi-1996.yaml", SHARED / "swan-transmenopause.yaml",
          ROOT / "validation/trials/cauley-2003-whi-estrogen-progestin-bmd.yaml"]
NAME = "ob_progesterone_gain"


def scored(value: float, trials, subjects: int):
    return list(scored_endpoints(trials, subjects, {NAME: value}))


def objective(value: float, trials, subjects: int) -> float:
    return float(sum(s.z**2 for s in scored(value, trials, subjects)))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--subjects", type=int, default=20)
    ap.add_argument("--checks", action="store_true", help="also report PEPI, WHI and SWAN")
    a = ap.parse_args()
    target = [load_trial(f) for f in TARGET]
    lo, hi = default_parameters().record(NAME).plausible_range
    grid = np.linspace(lo, hi, 7)
    vals = [objective(v, target, a.subjects) for v in grid]
    for v, o in zip(grid, vals, strict=True):
        print(f"{NAME}={v:.3f} objective={o:.3f}")
    k = int(np.argmin(vals))
    bracket = (grid[max(k - 1, 0)], grid[min(k + 1, len(grid) - 1)])
    res = minimize_scalar(objective, bounds=bracket, args=(target, a.subjects),
                          method="bounded", options={"xatol": 0.02, "maxiter": 12})
    print(f"best {NAME}={res.x:.3f} objective={res.fun:.3f} "
          f"(current {default_parameters()[NAME]:g})")
    if a.checks:
        checks = [load_trial(f) for f in CHECKS]
        for value in (default_parameters()[NAME], res.x):
            for s in scored(value, checks, a.subjects):
                r = s.result
                print(f"  {NAME}={value:.3f} {r.trial} {r.arm} {r.site}: published "
                      f"{r.published:.2f} simulated {r.simulated:.2f} z {s.z:+.2f}")


if __name__ == "__main__":
    main()
