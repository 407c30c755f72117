#!/usr/bin/env python
"""Targeted grid refit of the estrogen adaptation of the BMU balance (issue 9, item 8).

The focal balance now adapts to sustained estrogen deficiency
(:mod:`osteon.physiology.remodeling.estrogen_adaptation`): a share
``estrogen_adaptation_fraction`` of the part of bone's estrogen drop that has lasted (its
exponentially weighted past, time constant ``estrogen_adaptation_time``) no longer deepens
erosion. With the adaptation the erosion-depth gain of a full estrogen loss
(``erosion_depth_estrogen``, 0.03 before, fitted without adaptation by
``scripts/refit_bmu_balance.py``) can move toward the +11 % Eriksen 1999 measured in early
postmenopause, so these three are refitted together. Every other parameter stays at
``default_parameters()``.

Data: the trial files whose endpoints are natural-history, estrogen-therapy or
estrogen-deprivation bone changes: shared SWAN transmenopause and decade (Greendale 2012),
Greenspan 2002 withdrawal, PEPI 1996, ATAC 2006, Garnero 1996 markers, MrOS men; the repo's
IBIS-II (Sestak 2014, 2021), MA.17B letrozole (Perez 2006), ULTRA (Ettinger 2004), WHI
(Cauley 2003) and the NHANES 2005-2010 osteoporosis prevalence by age band (Wright 2014,
lifetime loss). Objective: tolerance-scaled squared residuals
(:func:`osteon.calibration.refit.objective`) on small virtual cohorts (``--subjects``, 10 by
default: the machine's 2 cores are shared), over a coarse grid inside the records' plausible
ranges; the best grid point is taken, not optimised further.

Run: ``python scripts/refit_estrogen_adaptation.py [--subjects 10] [--grid
erosion_depth_estrogen=0.08,0.12 estrogen_adaptation_fraction=0.75,0.85 ...]``; prints each
point's objective and residuals.

Result (``--subjects 10``, seed 2026, the default grid; objective, endpoints agreeing of 39;
the two estradiol ``level`` endpoints of ULTRA, z 4.7 each, are PK and do not move):
before (depth 0.03, no adaptation): 112.2, 19/39.
depth / fraction / time 0.08/0.75/1.5: 94.8, 20; 0.08/0.75/3: 98.1, 23; 0.08/0.85/1.5: 95.5, 19;
0.08/0.85/3: 93.2, 21; 0.12/0.75/1.5: 114.4, 22; 0.12/0.75/3: 138.6, 19;
**0.12/0.85/1.5: 92.4, 24 (lowest, taken)**; 0.12/0.85/3: 109.0, 22; 0.16/0.75/1.5: 159.1, 16;
0.16/0.75/3: 218.8, 12; 0.16/0.85/1.5: 110.2, 22; 0.16/0.85/3: 145.4, 16.
With the bone estrogen drop of a postmenopausal woman (about 0.75), depth 0.12 deepens early
postmenopausal cavities by 9 % (Eriksen 1999: +11 %); once adapted, by 1.4 % (the old 0.03 gave
2.3 % for ever). The fitted fraction is at neither bound (range 0-0.9); the time constant 1.5
years is at the short end of the grid: SWAN's decade (-10.6 %, of which 7.4 % in the 3
transmenopausal years) leaves about 1 %/year for years 2-5 after the FMP, so the early excess
must wane within a few years (Sowers 2010: 3.3 then 1.1 %/year). Trade-off left: aromatase
inhibitors in older women (ATAC, MA.17B) and SWAN want more early loss, placebo arms of older
women (WHI, ULTRA, IBIS-II) less late loss than any grid point gives.
(The grid ran before a fix of the table's read exactly at its last grid point, which moved a
few values at exact whole-year protocol times by a small amount; the ranking is unaffected.)
"""

from __future__ import annotations

from pathlib import Path

from osteon.calibration.refit import grid_main

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared/validation/trials"
FILES = [SHARED / f for f in (
    "swan-transmenopause.yaml", "swan-decade.yaml", "greenspan-2002-estrogen-withdrawal.yaml",
    "pepi-1996.yaml", "atac-2006-anastrozole.yaml", "garnero-1996-turnover.yaml",
    "mros-men-femoral-neck.yaml")] + [ROOT / "validation/trials" / f for f in (
        "sestak-2014-ibis2-anastrozole-bone.yaml", "sestak-2021-ibis2-anastrozole-offset.yaml",
        "perez-2006-ma17b-letrozole-bone.yaml", "ettinger-2004-ultralow-transdermal-estradiol.yaml",
        "cauley-2003-whi-estrogen-progestin-bmd.yaml")] + [
    ROOT / "validation/trials" / f"wright-2014-nhanes-women-{band}.yaml"
    for band in ("50-59", "60-69", "70-79")]


def main() -> None:
    grid_main(FILES, subjects=10, grid=[
        "erosion_depth_estrogen=0.08,0.12,0.16",
        "estrogen_adaptation_fraction=0.75,0.85",
        "estrogen_adaptation_time=1.5,3",
    ])


if __name__ == "__main__":
    main()
