#!/usr/bin/env python
"""Targeted refit of the bed-rest residual loads at the spine and the hip (issue 9, item 3).

Unloading now leaves a different share of the habitual load at each site and for each kind
(:mod:`osteon.physiology.mechanics.unloading`), and the mechanostat's catabolic side reads the
underload as the inverse stimulus ratio (:mod:`osteon.physiology.mechanics.mechanostat`).
Only the two bed-rest loads that the trial files can inform are fitted:
``unloading_bed_rest_spine_load`` and ``unloading_bed_rest_hip_load``. Everything else stays
at ``default_parameters()``; the spaceflight, spinal-cord-injury and immobilization loads
are assumed (no trial file of them yet).

Data: the shared LeBlanc 1990 file (17 weeks, spine -3.9 %, femoral neck -3.6 %) and the
repo's Shackelford 2004 control arm (17 weeks, spine -1 %, total hip -3 %, total body -1 %).
Objective: the tolerance-scaled squared residuals of ``scripts/calibrate.py`` on small
virtual cohorts. Method: a grid over the two loads (bounded to their plausible ranges).

Run: ``python scripts/refit_unloading.py [--subjects 10]``; prints the grid, the best pair and
its residual table.

Result (2026-12-05, 6 subjects per arm, grid spine 0.35-0.8 x hip 0.05-0.15): the femoral
neck and total hip are insensitive to the hip load below 0.15 (the remodeling kinetics, not
the load, then limit 17-week loss to about -3.1 % at the neck); the spine trades the two
studies off: objective 6.34 (spine 0.35), 5.39 (0.45), 4.72 (0.55), 4.67 (0.65), 7.11 (0.8).
Chosen: spine 0.6, hip 0.1 (simulated spine -2.5 %: between LeBlanc's -3.9 % and
Shackelford's -1 %, agreeing with neither; neck -3.1 %, total hip -3.6 %, total body -1.1 %).

Refit (2026-12-05, mechano3) after the disuse route past the kinetic cap (each BMU in
negative balance in proportion to the underload, ``mech_disuse_focal_gain`` = 0.025, set on
Lang 2004's spaceflight hip rate: total hip -1.50 %/month, neck -1.27, spine -0.76 in the
first 17 weeks with the assumed spaceflight loads; 0.01 gives -1.17 %/month at the hip, 0.03
gives -1.6). The hip now answers its load: ``--spine 0.6 --hip 0.15 0.25 0.35`` (6 subjects,
focal gain 0.03): objective 5.84 (0.15: neck -3.58, total hip -4.25), 4.99 (0.25: neck -3.11,
total hip -3.68), 5.04 (0.35: neck -2.78, total hip -3.29). Chosen: hip 0.25, spine 0.6
unchanged (the spine conflict between the two studies is as before).
"""

from __future__ import annotations

import argparse
import itertools
from pathlib import Path

from osteon.calibration.refit import scored_endpoints
from osteon.trials.format import load_trial

ROOT = Path(__file__).resolve().parents[1]
FILES = [ROOT.parent / "shared/validation/trials/leblanc-1990-bed-rest.yaml",
         ROOT / "validation/trials/shackelford-2004-bed-rest-17-weeks.yaml"]
SPINE, HIP = "unloading_bed_rest_spine_load", "unloading_bed_rest_hip_load"


def residuals(spine: float, hip: float, trials, subjects: int):
    return [(f"{s.trial}:{s.result.site}", s.result.published, s.result.simulated, s.z)
            for s in scored_endpoints(trials, subjects, {SPINE: spine, HIP: hip})]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--subjects", type=int, default=10)
    ap.add_argument("--spine", type=float, nargs="*", default=[0.3, 0.45, 0.6, 0.8])
    ap.add_argument("--hip", type=float, nargs="*", default=[0.02, 0.1, 0.2, 0.3])
    a = ap.parse_args()
    trials = [load_trial(f) for f in FILES]
    best = None
    for s, h in itertools.product(a.spine, a.hip):
        rows = residuals(s, h, trials, a.subjects)
        obj = sum(z**2 for *_, z in rows)
        print(f"spine={s:.2f} hip={h:.2f} objective={obj:.3f} " +
              " ".join(f"{n.split(':')[1]}={sim:.2f}" for n, _, sim, _ in rows))
        if best is None or obj < best[0]:
            best = (obj, s, h, rows)
    obj, s, h, rows = best
    print(f"best {SPINE}={s:.3f} {HIP}={h:.3f} objective={obj:.3f}")
    for row in rows:
        print("  {}: published {:.2f} simulated {:.2f} z {:+.2f}".format(*row))


if __name__ == "__main__":
    main()
