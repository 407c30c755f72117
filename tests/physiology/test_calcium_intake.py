"""Habitual calcium intake, calcium supplements and PTH, against cited figures.

The age-30 steady state of the calcium subsystem is the population's (``calcium_habitual_intake``,
800 mg/day); a subject's own habitual intake is a deviation from it, taken to have held for
``measured_level_held_years`` before follow-up (``BoneModel.habitual_calcium_inputs``). So the
concern of issue 9, item 2 (PTH acting relative to the subject's own steady state on its own diet,
decades of low intake costing no bone) no longer holds: years of low intake keep PTH and resorption
above the population's and cost bone before follow-up (checked here).

Below a threshold of dietary-equivalent intake (``calcium_balance_threshold``, 550 mg/day) the
skeleton supplies the calcium the gut does not: each remodeling cavity is left a little short
(``calcium_deficit_focal_gain``; :func:`osteon.physiology.nutrition.calcium_axis.calcium_deficit_focal_loss`),
so low-intake women lose faster during follow-up and a supplement that lifts them above the
threshold helps them more than replete women (Dawson-Hughes 1990), while intakes above it change
only PTH and turnover (checked here).

One known gap is written as a strict xfail, so that a fix shows up: the model's supplement
benefit at the spine keeps growing over four years, where Riggs 1998's faded (+2.0 % at one
year, +0.3 % at four). In the model the growth after the first year is the slow completion of
the remodeling-space and mineralization transient (spine +1.8 at one year, +2.4 at two, +2.7 at
four), mostly not ongoing loss prevented (turnover is 8 % lower, the placebo spine loses
0.5 %/year); the threshold leaves it unchanged (a replete woman is above
it).
"""

from __future__ import annotations

import numpy as np
import pytest

from osteon import Protocol, Simulation, Subject
from osteon.trials.interventions import protocol_from_specs

LOW, USUAL = 350.0, 900.0  # mg/day: below the DH 1990 bound of 400, and a replete diet


def _supplement(mg: float) -> Protocol:
    return protocol_from_specs([{"intervention": "calcium", "dose": f"{mg:g} mg",
                                 "every": "1 day"}])


def _women(age: float, intakes) -> list[Subject]:
    return [Subject(sex="female", age=age, calcium_mg_per_day=c) for c in intakes]


def _change(res, site: str, years: float | None = None) -> np.ndarray:
    """Percent change of BMD at ``site`` from the start to ``years`` (the end if None)."""
    b = res.bmd.sel(site=site)
    end = b.isel(time=-1) if years is None else b.sel(time=years, method="nearest")
    return 100.0 * (end / b.isel(time=0) - 1.0).values


@pytest.fixture(scope="module")
def dh1990():
    """Late-postmenopausal women (58, menopause at 51) at 350 and 900 mg/day, for two years on
    placebo and on calcium 500 mg/day (Dawson-Hughes B et al. N Engl J Med 1990;323:878)."""
    women = _women(58.0, (LOW, USUAL))
    return (Simulation(women, None, years=2.0).run(),
            Simulation(women, _supplement(500.0), years=2.0).run())


def test_years_of_low_intake_raise_pth_and_resorption_and_cost_bone(dh1990):
    """Direction (issue 9, item 2) and size. Riggs BL et al. J Bone Miner Res 1998;13:168: adding
    1600 mg/day lowered PTH by 18.9 % at four years, so a 550 mg/day lower diet should raise it by
    a smaller but same-order amount (5-30 % taken as agreement). Bischoff-Ferrari HA et al. J Bone
    Miner Res 2009;24:935 (NHANES III): at 25(OH)D >= 50 nmol/L hip BMD was not significantly
    associated with calcium intake above the lowest quartile (566 mg/day), so the bone cost of a
    decade of low intake must stay small: a hip deficit of 0.3-3 % is taken as agreement."""
    placebo, _ = dh1990
    pth = placebo.pth.isel(time=0).values
    assert 0.05 < pth[0] / pth[1] - 1.0 < 0.30
    ctx = placebo.ctx.isel(time=0).values
    assert ctx[0] > 1.03 * ctx[1]  # more resorption
    start = placebo.bmd.isel(time=0).sel(site="femoral_neck").values
    deficit = 100.0 * (1.0 - start[0] / start[1])
    assert 0.3 < deficit < 3.0


def test_low_intake_held_only_from_follow_up_costs_nothing_before_it():
    """``measured_level_held_years`` 0: the diet acts from the start of follow-up only."""
    from osteon import default_parameters

    params = default_parameters().replace(measured_level_held_years=0.0)
    res = Simulation(_women(58.0, (LOW, USUAL)), None, params, years=0.25).run()
    start = res.bmd.isel(time=0).sel(site="femoral_neck").values
    assert start[0] == pytest.approx(start[1], rel=1e-6)


def test_500_mg_supplement_at_low_intake_within_dawson_hughes_1990(dh1990):
    """Dawson-Hughes 1990, women >= 6 years past menopause with intake < 400 mg/day, two years,
    calcium citrate malate 500 mg/day minus placebo (mean +/- SE of each arm): spine -0.38 +/- 0.82
    vs -2.85 +/- 0.77 (difference 2.47, 95 % CI 0.27-4.67); femoral neck +0.87 +/- 1.01 vs
    -2.11 +/- 0.93 (difference 2.98, 95 % CI 0.29-5.67)."""
    placebo, calcium = dh1990
    for site, (treated, control) in {"lumbar_spine": ((-0.38, 0.82), (-2.85, 0.77)),
                                     "femoral_neck": ((0.87, 1.01), (-2.11, 0.93))}.items():
        published = treated[0] - control[0]
        half_width = 1.96 * float(np.hypot(treated[1], control[1]))
        effect = float(_change(calcium, site)[0] - _change(placebo, site)[0])
        assert published - half_width < effect < published + half_width, site
        assert effect > 0.3


def test_low_intake_loses_faster_during_follow_up(dh1990):
    """Dawson-Hughes 1990 (abstract): among women >= 6 years past menopause given placebo, 'bone
    loss was less rapid in the group with the higher dietary calcium intake'. Only the direction
    was read. Carried by the calcium threshold (the deficit of each cavity below 550 mg/day);
    without it the two lose alike (-1.20 and -1.18 %)."""
    placebo, _ = dh1990
    spine = _change(placebo, "lumbar_spine")
    assert spine[0] < spine[1]


@pytest.mark.xfail(strict=True, reason=(
    "model: since the stop-31 recalibration on stratified cohorts (trabecular turnover 0.271 "
    "-> 0.248 per year) the low-intake woman loses 0.24 points faster over two years (-1.19 "
    "against -0.94 %), below the 0.3 taken before as the least visible difference; the "
    "abstract gives the direction only"))
def test_low_intake_loses_visibly_faster(dh1990):
    placebo, _ = dh1990
    spine = _change(placebo, "lumbar_spine")
    assert spine[0] < spine[1] - 0.3


def test_supplement_helps_low_intake_more_than_replete(dh1990):
    """Dawson-Hughes 1990: calcium 500 mg/day slowed loss in late-postmenopausal women eating
    < 400 mg/day, while those eating 400-650 mg/day 'did not appear to benefit' (trial file
    notes). Direction only: the two-year benefit at 350 mg/day exceeds that at 900 mg/day at the
    spine and the femoral neck (by at least 0.1 point; the replete woman keeps the transient of
    lower PTH, about 1 point)."""
    placebo, calcium = dh1990
    for site in ("lumbar_spine", "femoral_neck"):
        effect = _change(calcium, site) - _change(placebo, site)
        assert effect[0] > effect[1] + 0.1, site


def test_replete_intakes_lose_alike_above_the_threshold():
    """Above the threshold intake changes PTH and turnover, not the rate of loss: Bristow SM et
    al. Br J Nutr 2017 (Bristow, Gamble, Horne, Reid; men, mean intake 870 mg/day: two-year loss at total body, hip and spine
    not related to intake) and Bischoff-Ferrari 2009 (hip BMD not associated with intake above
    566 mg/day at 25(OH)D >= 50 nmol/L). Women of 58 eating 700 and 1300 mg/day for ten years
    lose within 0.15 point of each other over two years on placebo (at 350 mg/day the model
    loses 0.33 point faster than at 900)."""
    res = Simulation(_women(58.0, (700.0, 1300.0)), None, years=2.0).run()
    for site in ("lumbar_spine", "femoral_neck"):
        loss = _change(res, site)
        assert abs(loss[0] - loss[1]) < 0.15, site


@pytest.fixture(scope="module")
def riggs1998():
    """Women of 66 on their usual diet, calcium 1600 mg/day or placebo for four years (Riggs BL et
    al. J Bone Miner Res 1998;13:168; 236 women, mean age 66.3)."""
    woman = [Subject(sex="female", age=66.0)]
    return (Simulation(woman, None, years=4.0).run(),
            Simulation(woman, _supplement(1600.0), years=4.0).run())


def test_calcium_1600_mg_lowers_pth_and_turnover_as_riggs_1998(riggs1998):
    """Riggs 1998, calcium minus placebo at four years: PTH -18.9 %, osteocalcin -11.9 %, total-body
    bone mineral +0.9 %; proximal femur +1.3 % at one year. Agreement: PTH -10 to -30 %,
    osteocalcin -3 to -25 %, total body +0.3 to +2.0 %, proximal femur +0.5 to +2.5 %."""
    control, calcium = riggs1998
    at4 = {"time": 4.0, "method": "nearest"}
    pth = float((calcium.pth / control.pth).isel(subject=0).sel(**at4)) - 1.0
    assert -0.30 < pth < -0.10
    oc = float((calcium.osteocalcin / control.osteocalcin).isel(subject=0).sel(**at4)) - 1.0
    assert -0.25 < oc < -0.03
    tb = float(_change(calcium, "total_body", 4.0)[0] - _change(control, "total_body", 4.0)[0])
    assert 0.3 < tb < 2.0
    hip = float(_change(calcium, "total_hip", 1.0)[0] - _change(control, "total_hip", 1.0)[0])
    assert 0.5 < hip < 2.5


@pytest.mark.xfail(strict=True, reason=(
    "known gap: the model's calcium benefit at the spine keeps growing for two to three years "
    "(the remodeling-space and mineralization transient completes slowly: +1.8 at one year, "
    "+2.7 at four), where Riggs 1998's spine benefit faded; Tai 2015 likewise found the gain "
    "does not grow after the first year"))
def test_spine_benefit_of_calcium_fades_as_riggs_1998(riggs1998):
    """Riggs 1998, calcium minus placebo at the lumbar spine: +2.0 % at one year, +0.3 % (not
    significant) at four. Agreement: the four-year benefit below the one-year benefit."""
    control, calcium = riggs1998
    d1 = float(_change(calcium, "lumbar_spine", 1.0)[0] - _change(control, "lumbar_spine", 1.0)[0])
    d4 = float(_change(calcium, "lumbar_spine", 4.0)[0] - _change(control, "lumbar_spine", 4.0)[0])
    assert d4 < d1
