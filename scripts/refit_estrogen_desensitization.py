#!/usr/bin/env python
"""Grid refit of the desensitization form of the estrogen adaptation (issue 9, items 3 and 8).

The adaptation of the BMU balance to sustained estrogen deficiency
(:mod:`osteon.physiology.remodeling.estrogen_adaptation`) used to take the lasted part of the
drop off the current drop, ``d - f max(min(d, a), 0)``: a new, deeper deficiency (an
aromatase inhibitor years after the menopause) then deepened cavities in full, and ATAC
(anastrozole, spine / total hip at 24 months -4.1 / -3.9 %) came out at -5.7 / -5.2 %, IBIS-II
at -5.4 against -4.0 %. Here the adaptation desensitizes the erosion response to any drop by a
share set by the absolute size of the lasted drop, ``d_eff = d (1 - f min(max(a, 0) / a_full,
1))`` (``estrogen_adaptation_full_drop`` = ``a_full``; 0 gives the old form). Every other
parameter stays at ``default_parameters()``.

Data: the files of ``scripts/refit_estrogen_adaptation.py`` (natural history, estrogen
therapy, estrogen deprivation: SWAN transmenopause and decade, Greenspan 2002, PEPI 1996,
ATAC 2006, Garnero 1996, MrOS, IBIS-II 2014 and 2021, MA.17B, ULTRA, WHI, NHANES by age band)
plus Delmas 1997 (raloxifene) and the transdermal-estradiol meta-analysis. Objective:
tolerance-scaled squared residuals (:func:`osteon.calibration.refit.objective`), 30 subjects
per arm, seed 2026, over the grid; the best grid point is taken.

Run: ``python scripts/refit_estrogen_desensitization.py [--subjects 30] [--grid
estrogen_adaptation_full_drop=0,0.45,0.6,0.75 ...]``.

Result: see the bottom of this docstring (filled in from the run).
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
    "swan-transmenopause.yaml", "swan-decade.yaml", "greenspan-2002-estrogen-withdrawal.yaml",
    "pepi-1996.yaml", "atac-2006-anastrozole.yaml", "garnero-1996-turnover.yaml",
    "mros-men-femoral-neck.yaml", "transdermal-estradiol-meta.yaml")] + [
    ROOT / "validation/trials" / f for f in (
        "sestak-2014-ibis2-anastrozole-bone.yaml", "sestak-2021-ibis2-anastrozole-offset.yaml",
        "perez-2006-ma17b-letrozole-bone.yaml", "ettinger-2004-ultralow-transdermal-estradiol.yaml",
        "cauley-2003-whi-estrogen-progestin-bmd.yaml", "delmas-1997-raloxifene.yaml")] + [
    ROOT / "validation/trials" / f"wright-2014-nhanes-women-{band}.yaml"
    for band in ("50-59", "60-69", "70-79")]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--subjects", type=int, default=30)
    ap.add_argument("--grid", nargs="+", metavar="NAME=V1,V2",
                    default=["estrogen_adaptation_full_drop=0,0.45,0.6,0.75",
                             "erosion_depth_estrogen=0.12,0.15"],
                    help="parameters and the values to try (the grid is their product)")
    a = ap.parse_args()
    grid_search([load_trial(f) for f in FILES], a.subjects, a.grid,
                echo=lambda line: print(line, flush=True))


if __name__ == "__main__":
    main()
