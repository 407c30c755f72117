"""Vertebral cancellous turnover, per-envelope focal balance and the spine/hip ratio of
antiresorptives (issue 9, item 3).

``turnover_trabecular_spine_factor`` scales the turnover of the spine's cancellous envelope
(red marrow; 18F-fluoride PET: vertebral Ki 2.1x humeral, Cook GJ et al. J Bone Miner Res
2000;15:763). With one focal balance for both envelopes it raised the spine's natural-history
loss in proportion to its antiresorptive gain (``scripts/refit_site_turnover.py``). Each
envelope now refills to its own focal balance (``focal_balance_trabecular``,
``focal_balance_cortical``; after midlife most loss is cortical, Zebaze RM et al. Lancet
2010;375:1729) and modeling on quiescent surfaces does not speed up with the spine's turnover
(:mod:`osteon.physiology.remodeling.envelopes`); the three are refitted together by
``scripts/refit_envelope_balance.py``.
"""

from __future__ import annotations

import numpy as np
import pytest

from osteon import Protocol, Simulation, Subject, default_parameters
from osteon.model import SITES, BoneModel, Cohort, SiteConstant
from osteon.physiology.remodeling.envelopes import envelope_refill
from osteon.trials.interventions import protocol_from_specs

ALENDRONATE = [{"intervention": "bisphosphonate", "agent": "alendronate", "dose": "10 mg",
                "every": "1 day"}]
COOK_KI_RATIO = 3.47 / 1.64  # vertebral / humeral 18F-fluoride Ki, Cook 2000
PS = default_parameters()
NEUTRAL = PS.replace(turnover_trabecular_spine_factor=1.0, focal_balance_trabecular=1.0,
                     focal_balance_cortical=1.0)


def _pct(res, site, years):
    t = res.time.values
    b = res.bmd.sel(site=site).values[0]
    return 100.0 * (b[int(np.argmin(abs(t - years)))] / b[0] - 1.0)


def _alendronate_gain(ps, years=3.0):
    man = Subject(sex="male", age=63)
    on = Simulation([man], protocol_from_specs(ALENDRONATE), ps, years=years).run()
    off = Simulation([man], None, ps, years=years).run()
    return {s: _pct(on, s, years) - _pct(off, s, years) for s in ("lumbar_spine", "total_hip")}


def _natural_loss(ps, years=10):
    """SWAN decade (Greendale GA et al. J Bone Miner Res 2012;27:111): a woman from 5 years
    before to 5 years after the final menstrual period."""
    woman = Subject(sex="female", age=46, menopause_age=51)
    res = Simulation([woman], None, ps, years=years).run()
    return {s: -_pct(res, s, years) for s in ("lumbar_spine", "femoral_neck")}


def test_defaults_follow_the_records():
    """The spine factor lies inside Cook's range (1 to the Ki ratio); the cortical envelope's
    focal deficit is deeper than the cancellous one (Zebaze 2010: 68 % of the loss between
    50 and 80 cortical)."""
    assert 1.0 < PS["turnover_trabecular_spine_factor"] <= COOK_KI_RATIO
    assert PS["focal_balance_cortical"] > 1.0 > PS["focal_balance_trabecular"] > 0.0


def test_envelope_refill_scales_only_the_focal_deficit():
    assert float(envelope_refill(1.0, 0.04, 1.0, 0.0, 0.0, 1.0)) == pytest.approx(0.96)
    assert float(envelope_refill(1.0, 0.04, 2.5, 0.0, 0.0, 1.0)) == pytest.approx(0.90)
    # disuse and detraining stay the site's; the refill stays within 0-2
    assert float(envelope_refill(1.0, 0.0, 2.5, 0.1, 0.0, 1.0)) == pytest.approx(0.9)
    assert float(envelope_refill(1.0, 0.8, 2.0, 0.0, 0.0, 1.0)) == 0.0


def test_modeling_does_not_speed_up_with_the_spine_turnover():
    """Modeling on quiescent surfaces is not remodeling: the spine's cancellous envelope gets
    the reciprocal of its turnover factor on its modeled formation, every other site 1."""
    model = BoneModel(PS, Cohort.from_subjects([Subject(sex="female", age=60)]), Protocol())
    scale = model.site_constants[SiteConstant.modeling_scale_trabecular]
    f = PS["turnover_trabecular_spine_factor"]
    for k, site in enumerate(SITES):
        assert scale[k] == pytest.approx(1.0 / f if site == "lumbar_spine" else 1.0)


@pytest.mark.slow
def test_spine_gains_more_without_losing_more():
    """Gonnelli 2003 (men, alendronate 36 months): spine +8.8 %, total hip +3.9 % (ratio 2.3);
    Liberman UA et al. N Engl J Med 1995;333:1437 (women): 7.4 vs 5.5 points over placebo
    (1.35); FREEDOM (Cummings 2009): 9.2 vs 6.0 (1.5). The shared turnovers gave about 1.1.
    Natural history: SWAN decade spine -10.6 % (agreement interval -13.25 to -7.95), femoral
    neck -9.1 % (spine/neck 1.16). The fitted set raises the spine/hip ratio from about 1.1 to
    above 1.2 (not yet the published 1.35-2.3) with the hip's gain unchanged, keeps the spine's
    loss inside SWAN's interval and its spine/neck ratio below 1.45, and loses less at the
    spine than the spine factor alone."""
    g0, g1 = _alendronate_gain(NEUTRAL), _alendronate_gain(PS)
    assert g0["lumbar_spine"] / g0["total_hip"] < 1.12
    assert g1["lumbar_spine"] / g1["total_hip"] > 1.2
    assert g1["total_hip"] == pytest.approx(g0["total_hip"], abs=0.15)
    loss = _natural_loss(PS)
    assert 7.95 < loss["lumbar_spine"] < 13.25
    assert loss["lumbar_spine"] / loss["femoral_neck"] < 1.45
    factor_only = NEUTRAL.replace(
        turnover_trabecular_spine_factor=PS["turnover_trabecular_spine_factor"])
    assert loss["lumbar_spine"] < _natural_loss(factor_only)["lumbar_spine"] - 0.3


@pytest.mark.slow
def test_estrogen_spine_hip_ratio_moves_toward_pepi():
    """Writing Group for the PEPI Trial JAMA 1996;276:1389 (CEE 0.625 mg, 36 months, women of
    45-64): spine +5.0 %, total hip +1.7 % from baseline, about 6.8 and 3.4 points over
    placebo (ratio 2). The model's ratio rises from about 1.1 toward it, while the hip's gain
    (about twice the published; tests/physiology/test_envelopes.py) does not move."""
    cee = [{"intervention": "estrogen", "agent": "conjugated_estrogens", "route": "oral",
            "dose": "0.625 mg", "every": "1 day"}]
    woman = Subject(sex="female", age=56, menopause_age=51)

    def gain(ps):
        on = Simulation([woman], protocol_from_specs(cee), ps, years=3.0).run()
        off = Simulation([woman], None, ps, years=3.0).run()
        return {s: _pct(on, s, 3.0) - _pct(off, s, 3.0) for s in ("lumbar_spine", "total_hip")}

    g0, g1 = gain(NEUTRAL), gain(PS)
    assert g0["lumbar_spine"] / g0["total_hip"] < 1.15
    assert 1.2 < g1["lumbar_spine"] / g1["total_hip"] < 2.0
    assert g1["total_hip"] == pytest.approx(g0["total_hip"], abs=0.2)
