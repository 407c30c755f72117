"""The degenerative excess of measured lumbar-spine aBMD in old age (a DXA artefact).

Osteophytes, endplate and facet sclerosis and aortic calcification add mineral to the PA-DXA
spine projection that is not vertebral bone (Rand T et al. Calcif Tissue Int 1997;60:430;
Liu G et al. Osteoporos Int 1997;7:564; Tenne M et al. Osteoporos Int 2013;24:1419). Checked
against the cited figures: the prevalence through Tenne's two ages, an onset that leaves women
under 60 nearly untouched, and an excess on the measured spine only (not the bone, the hip or
QCT).
"""

from __future__ import annotations

import numpy as np
import pytest

from osteon import Simulation, Subject, default_parameters
from osteon.outputs.degenerative import (
    degenerative_prevalence,
    midpoint_record,
    spine_degenerative_excess,
)

PS = default_parameters()
ARGS = (PS["dxa_spine_degenerative_amplitude"], PS["dxa_spine_degenerative_midpoint"],
        PS["dxa_spine_degenerative_scale"])


def test_prevalence_goes_through_tenne_2013():
    """Tenne 2013 (OPRA women): degenerative changes in 5/15/26/36 % of L1-L4 at 75 (mean
    20.5 %) and 20/39/59/72 % at 85 (mean 47.5 %)."""
    mid, scale = ARGS[1:]
    assert degenerative_prevalence(75.0, mid, scale) == pytest.approx(0.205, abs=0.02)
    assert degenerative_prevalence(85.0, mid, scale) == pytest.approx(0.475, abs=0.02)


def test_excess_is_gentle_before_60_and_within_rand_1997_after():
    """Women under 60 nearly untouched (PEPI, women 45-64, loses 1.8 % at the spine in 3 years:
    the artefact may not cancel it); an affected vertebra reads up to 14 % high (Rand 1997), so
    the mean excess stays below that at every age and grows with age."""
    ages = np.arange(30.0, 96.0, 1.0)
    ex = spine_degenerative_excess(ages, *ARGS)
    assert ex[0] == 0.0
    assert np.all(np.diff(ex) > 0.0)
    assert spine_degenerative_excess(59.0, *ARGS) < 0.005
    slope_55_62 = (spine_degenerative_excess(62.0, *ARGS) - spine_degenerative_excess(55.0, *ARGS)) / 7
    assert slope_55_62 < 0.0006  # under 0.06 %/year: under a tenth of PEPI's placebo loss rate
    assert 0.015 < spine_degenerative_excess(75.0, *ARGS) < 0.04
    assert spine_degenerative_excess(95.0, *ARGS) < 0.14
    # off at amplitude 0
    assert float(spine_degenerative_excess(85.0, 0.0, *ARGS[1:])) == 0.0


def test_only_the_measured_spine_reads_high():
    """The excess is measurement: the spine's DXA aBMD carries it, the bone's own density
    (bmd_relative), the hip and the spine's trabecular vBMD (QCT) do not. Over 75 -> 85 the
    measured spine falls about 2.7 points less than the bone (Tenne 2013: L1-L4 BMD rises in
    the women whose degenerative changes appear), while the femoral neck keeps falling."""
    off = PS.replace(dxa_spine_degenerative_amplitude=0.0)
    women = [Subject(sex="female", age=75.0), Subject(sex="female", age=55.0)]
    on_r = Simulation(women, None, PS, years=10.0).run()
    off_r = Simulation(women, None, off, years=10.0).run()
    t = on_r.time.values
    spine_on = on_r.bmd.sel(site="lumbar_spine").values
    spine_off = off_r.bmd.sel(site="lumbar_spine").values
    ratio = spine_on / spine_off
    ages = np.array([75.0, 55.0])[:, None] + t[None, :]
    assert np.allclose(ratio, 1.0 + spine_degenerative_excess(ages, *ARGS), rtol=1e-9)
    for site in ("femoral_neck", "total_hip", "total_body"):
        assert np.allclose(on_r.bmd.sel(site=site).values, off_r.bmd.sel(site=site).values)
    assert np.allclose(on_r.bmd_relative.values, off_r.bmd_relative.values)
    assert np.allclose(on_r.spine_trabecular_vbmd.values, off_r.spine_trabecular_vbmd.values)

    def change(b):
        return 100.0 * (b[0, -1] / b[0, 0] - 1.0)

    gap = change(spine_on) - change(spine_off)
    assert 2.0 < gap < 3.5
    assert change(on_r.bmd.sel(site="femoral_neck").values) < -2.0
    # a woman of 55 followed to 65: under one point
    assert 100.0 * (ratio[1, -1] / ratio[1, 0] - 1.0) < 1.0


def test_mens_spine_degenerates_earlier():
    """Men's measured spine stops falling earlier than women's (issue 9): MINOS men's mean
    L1-L4 aBMD rises after 55 through osteoarthritis (Szulc P et al. Bone 2000;26:123), NHANES
    2005-2008 spine BMD falls with age in women, not in men (Looker AC et al. Osteoporos Int
    2012;23:1351). So a man's excess grows faster between 55 and 75 than a woman's, and stays
    within Rand 1997's 14 % for an affected vertebra."""
    mid_m = PS[midpoint_record("male")]
    men = (ARGS[0], mid_m, ARGS[2])
    assert mid_m < PS[midpoint_record("female")]
    def rise(args, lo, hi):
        return spine_degenerative_excess(hi, *args) - spine_degenerative_excess(lo, *args)

    assert rise(men, 55.0, 65.0) > 3.0 * rise(ARGS, 55.0, 65.0)
    assert rise(men, 65.0, 75.0) > 1.5 * rise(ARGS, 65.0, 75.0)
    assert spine_degenerative_excess(95.0, *men) < 0.14


def _man_of_68_rates():
    res = Simulation(Subject(sex="male", age=68.0), None, PS, years=4.0).run()
    b = res.bmd.isel(subject=0)

    def rate(site):
        x = b.sel(site=site).values
        return 100.0 * (x[-1] / x[0] - 1.0) / 4.0

    return rate("lumbar_spine"), rate("femoral_neck")


def test_rancho_bernardo_men_spine_against_hip():
    """Rancho Bernardo (Bakhireva LN et al. Am J Prev Med 2004;26:436; 507 men 45-92, DXA 4
    years apart): the spine gained 0.22 %/year while the femoral neck lost 0.34 %/year, a gap
    of 0.56 points a year. A mean man of 68 followed 4 years: his measured spine falls more
    slowly than his femoral neck, by at least 0.15 points a year (with the women's midpoint,
    the earlier model: about 0.05)."""
    spine, neck = _man_of_68_rates()
    assert neck < 0.0
    assert spine - neck > 0.15


@pytest.mark.xfail(strict=True, reason="known gap: men's measured spine still falls (about "
                   "-0.3 %/year at 68; Rancho Bernardo +0.22): with the women's amplitude "
                   "(0.10) the excess can rise at most 0.31 %/year")
def test_rancho_bernardo_men_spine_rises():
    spine, _ = _man_of_68_rates()
    assert spine > 0.0
