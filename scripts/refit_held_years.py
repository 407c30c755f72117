#!/usr/bin/env python
"""Targeted grid refit of ``measured_level_held_years`` only (issue 9, item 2).

How long a measured hormone level or habitual diet is taken to have held before follow-up
has no single literature value. Every other parameter stays at ``default_parameters()``.
Data: the shared trial files whose populations carry measured labs, GH deficiency or a
habitual 25(OH)D (Snyder 2000, TTrials 2017, GH replacement meta-analysis, Reid 2014).
Objective: the same tolerance-scaled squared residuals as ``scripts/calibrate.py``, on small
virtual cohorts (cheap; the machine's 2 cores are shared), over a coarse grid of whole
years; the value is rounded to the grid, not optimised further.

Run: ``python scripts/refit_held_years.py [--subjects 20] [--grid 5 10 15 20 25]``.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from osteon.calibration.refit import objective, scored_endpoints
from osteon.trials.format import load_trial

SHARED = Path(__file__).resolve().parents[2] / "shared/validation/trials"
FILES = ["snyder-2000-hypogonadal.yaml", "ttrials-bone-2017.yaml", "gh-replacement-meta.yaml",
         "reid-2014-vitamin-d.yaml"]
NAME = "measured_level_held_years"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--subjects", type=int, default=20)
    ap.add_argument("--grid", type=float, nargs="+", default=[5.0, 10.0, 15.0, 20.0, 25.0])
    a = ap.parse_args()
    trials = [load_trial(SHARED / f) for f in FILES]
    best = None
    for value in a.grid:
        scored = scored_endpoints(trials, a.subjects, {NAME: value})
        total = objective(scored)
        agree = sum(bool(s.result.agree) for s in scored)
        print(f"{NAME}={value:g}: objective {total:.3f}, {agree}/{len(scored)} agree")
        print("\n".join("    " + s.line() for s in scored))
        if best is None or total < best[1]:
            best = (value, total)
    print(f"best {NAME}={best[0]:g} objective={best[1]:.3f}")


if __name__ == "__main__":
    main()
