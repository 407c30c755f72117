#!/usr/bin/env python
"""Grid refit of the rate gate of the estrogen adaptation (issue 9: men lose too little bone).

The erosion response to estrogen deficiency desensitizes to a drop that lasts
(:mod:`osteon.physiology.remodeling.estrogen_adaptation`). The adapted level used to follow
every change of bone's estrogen drop, so it also followed men's slow decline over decades and
cancelled most of it (men 68-78 lost -0.16 %/year at the femoral neck, MrOS -0.37). Now each
change counts towards the adapted drop by the weight ``r / (r + r_half)`` of its speed ``r``
(``estrogen_adaptation_rate_half`` = ``r_half``; 0 gives the form before). Since the
menopausal fall also counts a little less than in full, the lasted drop at which the
desensitization is complete (``estrogen_adaptation_full_drop``) is refitted with it. Every
other parameter stays at ``default_parameters()`` (with bone reading bioavailable estradiol,
``osteon.physiology.endocrine.background.EndocrineBackground.estradiol_bioavailable_share``).

Data: the files of ``scripts/refit_estrogen_desensitization.py`` (women's natural history,
estrogen therapy and withdrawal, aromatase inhibitors, MrOS) plus the men's files with bone
endpoints (placebo and treated arms: Orwoll 2000, Gonnelli 2003, Boonen 2009, Reid 2001,
TTrials, Snyder 2000, Kenny 2010). Objective: tolerance-scaled squared residuals
(:func:`osteon.calibration.refit.objective`), 30 subjects per arm, seed 2026; the best grid
point is taken.

Run: ``python scripts/refit_estrogen_rate_half.py [--subjects 30] [--grid
estrogen_adaptation_rate_half=0,0.02,0.05,0.1 ...]``.

Result (30 subjects per arm, seed 2026; objective, endpoints agreeing of 73; MrOS femoral neck
%/year, published -0.37; SWAN transmenopause spine %, published -7.38):
r_half / a_full: 0 / 0.36: 113.1, 49, -0.19, -6.24; 0 / 0.45 (the adaptation before, with
bioavailable estradiol): 113.4, 49, -0.22, -6.52; 0.02 / 0.36: 112.4, 50, -0.38, -6.39; 0.02 /
0.45: 113.8, 52, -0.41, -6.67; 0.05 / 0.36: 112.9, 51, -0.45, -6.53; 0.05 / 0.45: 115.7, 52,
-0.47, -6.80; 0.1 / 0.36: 114.7, 52, -0.49, -6.71; 0.1 / 0.45: 129.3, 52, -0.49, -6.95.
The objective is flat (112-116 up to 0.05): a faster gate moves men's loss and the SWAN
transmenopause toward the published figures and older women's placebo arms (PEPI, IBIS-II
2021, WHI) away. The grid's best, 0.02 / 0.36, completes the adaptation by 2 years after the
menopause (focal deficit at 53 no longer twice that at 65, against Pouilles 1993,
``test_focal_deficit_is_largest_after_the_menopause_and_wanes_with_time``), so a_full stays at
its earlier fit: **taken r_half 0.02 / year, a_full 0.45** (113.8, 52/73). Bioavailable
estradiol alone (r_half 0) does not move men: the adaptation that follows every change absorbs
the larger drop too.
"""

from __future__ import annotations

from pathlib import Path

from osteon.calibration.refit import grid_main

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared/validation/trials"
FILES = [SHARED / f for f in (
    "swan-transmenopause.yaml", "swan-decade.yaml", "greenspan-2002-estrogen-withdrawal.yaml",
    "pepi-1996.yaml", "atac-2006-anastrozole.yaml", "garnero-1996-turnover.yaml",
    "mros-men-femoral-neck.yaml", "transdermal-estradiol-meta.yaml",
    "ttrials-bone-2017.yaml", "snyder-2000-hypogonadal.yaml")] + [
    ROOT / "validation/trials" / f for f in (
        "sestak-2014-ibis2-anastrozole-bone.yaml", "sestak-2021-ibis2-anastrozole-offset.yaml",
        "perez-2006-ma17b-letrozole-bone.yaml", "ettinger-2004-ultralow-transdermal-estradiol.yaml",
        "cauley-2003-whi-estrogen-progestin-bmd.yaml", "delmas-1997-raloxifene.yaml",
        "orwoll-2000-alendronate-men.yaml", "gonnelli-2003-alendronate-men.yaml",
        "boonen-2009-risedronate-men.yaml", "reid-2001-risedronate-glucocorticoid-men.yaml",
        "kenny-2010-testosterone-gel-frail-men.yaml")] + [
    ROOT / "validation/trials" / f"wright-2014-nhanes-women-{band}.yaml"
    for band in ("50-59", "60-69", "70-79")]


def main() -> None:
    grid_main(FILES, subjects=30, grid=[
        "estrogen_adaptation_rate_half=0,0.02,0.05,0.1",
        "estrogen_adaptation_full_drop=0.36,0.45",
    ])


if __name__ == "__main__":
    main()
