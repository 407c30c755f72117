#!/usr/bin/env python
"""Grid refit of the androgen receptor's action on the BMU wall (``wall_androgen_gain``).

Androgens act on bone through the androgen receptor of the osteoblast lineage as well as
through the estradiol aromatized from testosterone. Before this record the model's AR
pathways were osteoblast recruitment (``ob_androgen_gain``), which changes how fast cavities
close and how much OPG osteoblasts make (turnover), and the androgen share of the
mechanostat's sex-steroid signal (``mech_androgen_weight``), not how much each cavity is
refilled;
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
tolerance-scaled squared residuals (:func:`osteon.calibration.refit.objective`) on virtual
cohorts of 30 per arm (``--subjects``; seed 2026), over a grid inside the record's plausible
range; the best grid point is taken.

Run: ``python scripts/refit_androgen_wall.py [--subjects 30] [--grid
wall_androgen_gain=0,0.04,0.08,0.12,0.16]``.

Result (30 per arm, the default grid, on main 3d0caac with this term; objective, endpoints
agreeing of 23): 0: 22.98, 15; 0.04: 20.90, 17; **0.08: 19.62, 17 (lowest, taken)**; 0.12:
19.90, 17; 0.16: 22.87, 16. At 0.08 Snyder 2000's spine gain is 6.66 % at 24 months and 8.06
% at 36 (published 7.7 and 7.7; 5.09 and 5.87 at 0), the TTrials trabecular vBMD gain 4.77 %
and its treatment effect 5.62 points (published 7.5 and 6.8; 4.24 and 4.67 at 0), MrOS
femoral-neck loss -0.23 %/year (-0.37; -0.20 at 0). Above 0.08 Snyder's third year
overshoots (36 months: 9.55 % at 0.12, 11.34 at 0.16) while TTrials still gains. An earlier
run at 10 per arm (grid 0-0.2) put the optimum at 0.15; its small random cohorts gave
Snyder 2000 a lower start, and 0.15 overshot Snyder at 30 per arm. What the term cannot
reach: Kenny 2010's spine (+3.25 %, 1.7-1.9 at every grid point: its testosterone rises
little) and the men's spine gains on alendronate (Orwoll, Gonnelli: about half the
published), which the AR signal does not move; the placebo arms of low-testosterone men lose
a little more (TTrials placebo -0.84 against -0.43 at 0, published +0.8; Orwoll placebo
spine 0.69 against 0.74, published 1.8).
"""

from __future__ import annotations

from pathlib import Path

from osteon.calibration.refit import grid_main

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared/validation/trials"
FILES = [SHARED / f for f in (
    "ttrials-bone-2017.yaml", "snyder-2000-hypogonadal.yaml", "mros-men-femoral-neck.yaml")] + [
    ROOT / "validation/trials" / f for f in (
        "kenny-2010-testosterone-gel-frail-men.yaml", "orwoll-2000-alendronate-men.yaml",
        "gonnelli-2003-alendronate-men.yaml")]


def main() -> None:
    grid_main(FILES, subjects=30, grid=["wall_androgen_gain=0,0.04,0.08,0.12,0.16"])


if __name__ == "__main__":
    main()
