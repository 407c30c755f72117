#!/usr/bin/env python
"""Grid refit of the androgen receptor's action on the BMU wall (``wall_androgen_gain``).

Androgens act on bone through the androgen receptor of the osteoblast lineage as well as
through the estradiol aromatized from testosterone. Before this record the model's only AR
pathway was osteoblast recruitment (``ob_androgen_gain``), which changes how fast cavities
close and how much OPG osteoblasts make (turnover), not how much each cavity is refilled;
the calibration had pushed that gain to the top of its range (1.0) and testosterone still
fell short in every men's trial with a bone endpoint (TTrials, Snyder 2000, Kenny 2010).
``wall_androgen_gain`` lets the AR signal prolong osteoblast work (Kousteni S et al. Cell
2001;104:719: androgens and estrogens are anti-apoptotic for osteoblasts through their own
receptors), so a completed BMU wall is thicker with more AR signal, relative to each man's
peak-bone-mass level: testosterone restored after years of deficiency refills each new
cavity a little more (lasting gain), and years of low testosterone leave each cavity a
little less filled (lasting loss). Every other parameter stays at ``default_parameters()``.

Data: the files whose men's bone endpoints the AR signal moves: shared TTrials (Snyder
2017), Snyder 2000 and MrOS; the repo's Kenny 2010, Orwoll 2000 and Gonnelli 2003 (men on
alendronate; their placebo/untreated history carries the AR wall term). Objective:
tolerance-scaled squared residuals (:func:`osteon.calibration.refit.objective`) on small
virtual cohorts (``--subjects``, 10 by default), over a grid inside the record's plausible
range; the best grid point is taken.

Run: ``python scripts/refit_androgen_wall.py [--subjects 10] [--grid
wall_androgen_gain=0,0.05,0.1,0.15,0.2]``.

Result (``--subjects 10``, seed 2026, the default grid; objective, endpoints agreeing of 23):
0: 32.7, 13; 0.05: 29.7, 14; 0.1: 26.9, 15; **0.15: 25.2, 17 (lowest, taken)**; 0.2: 25.9, 16.
At 0.15 Snyder 2000's spine gain is 6.4 % at 24 months and 8.1 % at 36 (published 7.7 and
7.7; 3.9 and 4.5 at 0 with these random persons), the TTrials treatment effect on trabecular
vBMD 5.7 points (published 6.8; 4.1 at 0), MrOS femoral-neck loss -0.18 %/year (-0.37; -0.11
at 0). What the term cannot reach: Kenny 2010's spine (+3.25 %, 0.9 at every grid point: its
testosterone rises little) and the men's spine gains on alendronate (Orwoll, Gonnelli: about
half the published), which the AR signal does not move; the placebo arms of low-testosterone
men lose a little more (TTrials placebo -1.2 against -0.4 at 0, published +0.8).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from osteon.calibration.refit import grid_search
from osteon.trials.format import load_trial

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared/validation/trials"
if not SHARED.is_dir():
    SHARED = Path("/work/shared/validation/trials")
FILES = [SHARED / f for f in (
    "ttrials-bone-2017.yaml", "snyder-2000-hypogonadal.yaml", "mros-men-femoral-neck.yaml")] + [
    ROOT / "validation/trials" / f for f in (
        "kenny-2010-testosterone-gel-frail-men.yaml", "orwoll-2000-alendronate-men.yaml",
        "gonnelli-2003-alendronate-men.yaml")]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--subjects", type=int, default=10)
    ap.add_argument("--grid", nargs="+", metavar="NAME=V1,V2",
                    default=["wall_androgen_gain=0,0.05,0.1,0.15,0.2"],
                    help="parameters and the values to try (the grid is their product)")
    a = ap.parse_args()
    grid_search([load_trial(f) for f in FILES], a.subjects, a.grid,
                echo=lambda line: print(line, flush=True))


if __name__ == "__main__":
    main()
