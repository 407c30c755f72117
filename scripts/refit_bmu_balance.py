#!/usr/bin/env python
"""Targeted grid refit of the BMU balance only (issue 9, item 1).

The focal balance of each remodeling cycle now carries lasting change
(:mod:`osteon.physiology.remodeling.bmu_balance`): ``erosion_depth_estrogen`` (cavities deepen
as estrogen falls) and ``wall_thickness_age`` (the completed wall thins with age) replace the
old ``focal_imbalance_estrogen``/``focal_imbalance_age``, which the joint calibration had
pinned at 0 while IGF-1 on matrix synthesis (``collagen_igf1_exponent`` 0.1, in vitro) carried
the loss. ``collagen_igf1_exponent`` is now bounded to its in-vivo range and set, not fitted.
Every other parameter stays at ``default_parameters()``.

Data: the shared trial files whose endpoints are natural-history or estrogen-loss bone
changes (SWAN transmenopause and decade, Greenspan 2002 withdrawal, PEPI 1996, ATAC 2006,
MrOS men, Garnero 1996 markers) and the NHANES 2005-2010 prevalence of osteoporosis by age
band (Wright 2014, the repo's cross-sectional files: lifetime loss).
Objective: the same tolerance-scaled squared residuals as ``scripts/calibrate.py``, summed
over those endpoints, on small virtual cohorts (cheap; the machine's 2 cores are shared),
over a coarse grid inside the histomorphometric ranges of the two records; the best grid
point is taken, not optimised further.

Run: ``python scripts/refit_bmu_balance.py [--subjects 10] [--depth 0 0.02 ...]
[--wall 0 0.005 ...]``; prints each point's objective and residuals.

Result (10 subjects per arm, seed 2026; see the report of the bmu session): written into
``osteon/physiology/remodeling/records.py``.
"""

from __future__ import annotations

import argparse
import itertools
from pathlib import Path

from osteon.parameters import default_parameters
from osteon.trials.format import load_trial
from osteon.trials.validate import validate_trial

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared/validation/trials"
FILES = [SHARED / f for f in (
    "swan-transmenopause.yaml", "swan-decade.yaml", "greenspan-2002-estrogen-withdrawal.yaml",
    "pepi-1996.yaml", "atac-2006-anastrozole.yaml", "mros-men-femoral-neck.yaml",
    "garnero-1996-turnover.yaml")] + [
    ROOT / "validation/trials" / f"wright-2014-nhanes-women-{band}.yaml"
    for band in ("50-59", "60-69", "70-79")]
NAMES = ("erosion_depth_estrogen", "wall_thickness_age")


def evaluate(values, trials, subjects):
    ps = default_parameters().replace(**dict(zip(NAMES, values, strict=True)))
    total, agree, lines = 0.0, 0, []
    for trial in trials:
        for r in validate_trial(trial, subjects=subjects, parameters=ps).results:
            if r.status != "ok" or r.simulated is None:
                continue
            half = (r.interval[1] - r.interval[0]) / 2
            z = (r.simulated - r.published) / half
            total += z * z
            agree += bool(r.agree)
            lines.append(f"    {trial.id} {r.arm} {r.site} {r.measure} {r.at}: published "
                         f"{r.published:.2f} simulated {r.simulated:.2f} z {z:+.2f}")
    return total, agree, lines


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--subjects", type=int, default=10)
    ap.add_argument("--depth", type=float, nargs="+", default=[0.0, 0.02, 0.04, 0.07])
    ap.add_argument("--wall", type=float, nargs="+", default=[0.0, 0.005, 0.01])
    a = ap.parse_args()
    trials = [load_trial(f) for f in FILES]
    best = None
    for values in itertools.product(a.depth, a.wall):
        total, agree, lines = evaluate(values, trials, a.subjects)
        label = ", ".join(f"{n}={v:g}" for n, v in zip(NAMES, values, strict=True))
        print(f"{label}: objective {total:.3f}, {agree}/{len(lines)} agree", flush=True)
        print("\n".join(lines), flush=True)
        if best is None or total < best[1]:
            best = (label, total)
    print(f"best {best[0]} objective={best[1]:.3f}")


if __name__ == "__main__":
    main()
