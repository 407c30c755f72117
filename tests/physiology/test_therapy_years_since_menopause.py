"""Estrogen-like therapy and years since menopause (task e2late; diagnosis in the README,
"Estrogen deficiency: fast, then adapted", and ``scripts/diag_e2late.py``).

Published, the gain of hormone therapy over placebo does not grow with years since the
menopause: spontaneous loss is largest near the menopause and fades, while every HRT regimen
arrested loss "regardless of number of years since menopause" (Bone 2002;30:637, PMID 11934658,
274 women in two placebo-controlled 2-3 year trials); raloxifene 60 mg minus placebo at 2 years
is 2.4 points at the spine in early postmenopausal women (Delmas PD et al. N Engl J Med
1997;337:1641) and 1.49 in women 11 years past the menopause (Miller PD et al. J Bone Miner Res
2008;23:525). The model's difference grows with years since menopause (these strict xfails give
its figures); the mean woman is simulated without calcium unless said.
"""

from __future__ import annotations

from functools import cache

import pytest

from osteon import Protocol, Simulation, Subject, default_parameters
from osteon.model import SITE_DRIVES, BoneModel, Cohort
from osteon.physiology.nutrition.supplements import Calcium
from osteon.physiology.pharmacology.serms import SERM

PS = default_parameters()
FOCAL = SITE_DRIVES.index("focal_loss")
DAYS_2Y = 2 * 365.25


def _arm(name):
    ral = SERM(agent="raloxifene", dose="60 mg", every="1 day")
    ca = Calcium(dose_mg=600.0)
    return {"placebo": [], "raloxifene": [ral], "placebo_ca": [ca],
            "raloxifene_ca": [ral, ca]}[name]


def _woman(age, years_since_menopause):
    return Subject(sex="female", age=age, menopause_age=age - years_since_menopause)


@cache
def spine_change(age, ysm, arm):
    """Lumbar-spine BMD change (%) of the mean woman over 2 years on ``arm``."""
    res = Simulation([_woman(age, ysm)], Protocol(_arm(arm)), PS, years=2).run().isel(subject=0)
    x = res["bmd"].sel(site="lumbar_spine")
    return 100.0 * (float(x.interp(time=2.0)) / float(x.isel(time=0)) - 1.0)


def focal_at_two_years(age, ysm, arm):
    m = BoneModel(PS, Cohort.from_subjects([_woman(age, ysm)]), Protocol(_arm(arm)))
    return float(m.site_drives(DAYS_2Y)[FOCAL, 0, 0])


def test_spontaneous_loss_fades_with_years_since_menopause():
    """Bone 2002;30:637 (PMID 11934658): untreated spine loss greatest near the menopause and
    declining after, bone mass stable or rising beyond 10 years (Pouilles JM et al. Calcif
    Tissue Int 1993;52:340: the same fall). The placebo arm 11 years past the menopause loses
    at least 0.5 points less in 2 years than one 2 years past it (model -1.05 against -2.50)."""
    assert spine_change(58, 11, "placebo") > spine_change(52, 2, "placebo") + 0.5


def test_calcium_does_not_add_less_to_raloxifene_than_to_placebo():
    """600 mg calcium a day in both arms (Miller 2008's design). Calcium supplements add to
    an estrogen's spine gain rather than being absorbed by it (Nieves JW et al. Am J Clin Nutr
    1998;67:18: 3.3 %/year with estrogen and calcium against 1.3 %/year with estrogen alone,
    across trials). The model's calcium gain is the same in both arms (1.31 points for the mean
    woman of 58, 11 years past the menopause; at 30 and 100 women per arm the same within
    0.02), so the larger raloxifene-arm rise of a 10-per-arm probe (+1.65 against +0.94) was
    sampling noise; the test fails if the drug came to swallow calcium's effect."""
    ral = spine_change(58, 11, "raloxifene_ca") - spine_change(58, 11, "raloxifene")
    pla = spine_change(58, 11, "placebo_ca") - spine_change(58, 11, "placebo")
    assert pla > 0.3  # calcium does something (Tai V et al. BMJ 2015;351:h4183: +0.7-1.8 %)
    assert ral >= pla - 0.2


@pytest.mark.xfail(strict=True, reason=(
    "model: the raloxifene-minus-placebo spine difference at 2 years grows from 3.14 (52 years, "
    "2 since menopause) to 3.81 (58, 11) and 4.30 (66, 19); published it does not grow "
    "(Bone 2002;30:637; Delmas 1997 2.4 against Miller 2008 1.49). Of the 37 % growth to 66/19 "
    "about 11 points are the older woman's lower baseline (the absolute gain grows 23 %), about 9 "
    "the adaptation (early-postmenopausal therapy leaves the skeleton less desensitized), 4 the "
    "larger remodeling space of age, 3 the BMU overfill of the net wall thickening "
    "(scripts/diag_e2late.py)"))
def test_raloxifene_gain_does_not_grow_with_years_since_menopause():
    """The difference 11 years past the menopause is at most 0.3 points above the one 2 years
    past it (published: 1.49 against 2.4, i.e. lower; HRT regimens alike, Bone 2002)."""
    early = spine_change(52, 2, "raloxifene") - spine_change(52, 2, "placebo")
    late = spine_change(58, 11, "raloxifene") - spine_change(58, 11, "placebo")
    assert late <= early + 0.3


@pytest.mark.xfail(strict=True, reason=(
    "model: two years on raloxifene 2 years past the menopause leave a focal deficit of 0.0100 "
    "against placebo's 0.0073: the drug's smaller drop (0.41 against 0.74) keeps the lasted drop "
    "below estrogen_adaptation_full_drop, so the treated skeleton stays less desensitized than "
    "the untreated one, which adapts on"))
def test_raloxifene_never_deepens_cavities_beyond_placebo():
    """Hormone therapy holds erosion depth while untreated early-postmenopausal women's
    cavities deepen (Eriksen EF et al. J Bone Miner Res 1999;14:1217, paired biopsies): a
    partial agonist may hold it less, but its BMU balance is never worse than no treatment."""
    assert focal_at_two_years(52, 2, "raloxifene") <= focal_at_two_years(52, 2, "placebo")
