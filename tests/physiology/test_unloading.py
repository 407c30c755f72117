"""Unloading by kind and site (issue 9, item 3), against cited figures."""

import numpy as np
import pytest

from osteon import Protocol, Simulation, Subject
from osteon.parameters import default_parameters
from osteon.physiology.endocrine.background import Hormones
from osteon.physiology.mechanics.mechanostat import mechanostat_response
from osteon.physiology.mechanics.unloading import (
    SITE_GROUPS,
    UNLOADING_KINDS,
    parameter_name,
    unloading_load_factor,
)
from osteon.protocol import Signals, Unloading

P = default_parameters()
SPINE, NECK, HIP, TB = 0, 1, 2, 3
WEEK = 7.0


# ------------------------------------------------------------------ load factors (fast)
def test_every_kind_has_a_recorded_load_per_site_group():
    for kind in UNLOADING_KINDS:
        for g in SITE_GROUPS:
            rec = P.record(parameter_name(kind, g))
            lo, hi = rec.plausible_range
            assert lo <= rec.value <= hi
            assert rec.source


@pytest.mark.parametrize("kind", UNLOADING_KINDS)
def test_weight_bearing_hip_is_unloaded_more_than_spine_and_whole_skeleton(kind):
    # LeBlanc 1990 and Shackelford 2004 (bed rest), Lang 2004 (space: hip 1.4-1.5 %/month vs
    # spine 0.9), Biering-Sorensen 1990 (spinal-cord injury: spine spared).
    f = unloading_load_factor(kind, P)
    assert f[NECK] == f[HIP]
    assert f[HIP] < f[SPINE]
    assert f[HIP] < f[TB]


def test_kinds_differ_where_the_studies_say():
    bed, space, sci, immob = (unloading_load_factor(k, P) for k in UNLOADING_KINDS)
    assert sci[SPINE] >= 0.95  # the lumbar spine keeps its sitting load after SCI
    assert sci[HIP] < bed[HIP]  # paralysis also removes muscle forces
    assert immob[SPINE] > bed[SPINE] and immob[TB] > bed[TB]  # one limb only


def test_unloading_applies_its_own_factor_per_site():
    n = 2
    one = np.ones(n)
    h = Hormones(estradiol=20 * one, testosterone=500 * one, progesterone=0.3 * one, gh=one,
                 igf1=150 * one, cortisol=12 * one)
    sig = Signals(hormones=h, load=np.ones((n, 4)), female=np.zeros(n, bool), age=35 * one,
                  body_mass_kg=80 * one)
    Protocol([Unloading("spinal_cord_injury", start_day=10)]).apply(np.array([5.0, 20.0]), sig, P)
    assert np.allclose(sig.load[0], 1.0)  # before start
    assert np.allclose(sig.load[1], unloading_load_factor("spinal_cord_injury", P))


def test_catabolic_response_grows_without_bound_as_load_is_removed():
    # Frost's disuse mode: the less load, the more remodeling; a linear response in the
    # load deficit capped 17-week bed-rest loss below LeBlanc 1990's femoral neck -3.6 %.
    g = P["mech_catabolic_gain"]
    kw = dict(anabolic_gain=1.0, catabolic_gain=g, width=P["mech_smoothing"])
    _, c_half = mechanostat_response(0.5 - 1.0, 1.0, **kw)
    _, c_tenth = mechanostat_response(0.1 - 1.0, 1.0, **kw)
    _, c_small = mechanostat_response(-0.1, 1.0, **kw)
    assert c_tenth - 1.0 > 5.0 * (c_half - 1.0)
    assert c_small - 1.0 == pytest.approx(g * 0.1, rel=0.25)  # about linear near the set point


@pytest.mark.xfail(strict=True, reason=(
    "issue 9: the model's bed-rest loss is coupled high turnover (formation markers rise about "
    "half as much as resorption markers), where Zerwekh 1998 found formation markers unchanged "
    "and osteoblast surface down; mech_catabolic_gain sits at its bound 5 to reach LeBlanc "
    "1990 through RANKL alone (scripts/probe_mechanostat_bounds.py)"))
def test_bed_rest_raises_resorption_without_formation():
    # Zerwekh JE et al. J Bone Miner Res 1998;13:1594: 12 weeks of bed rest, 9 men and 2
    # women of 34: eroded surfaces doubled, urinary resorption markers up, serum osteocalcin,
    # bone-specific alkaline phosphatase and procollagen peptide unchanged; cancellous
    # osteoblast surface 3.1 -> 1.9 %.
    res = Simulation(Subject(sex="male", age=34), protocol=[Unloading("bed_rest")],
                     years=0.25, output_every_days=WEEK).run()

    def rise(name):
        x = res[name].isel(subject=0)
        return 100.0 * float(x.isel(time=12) / x.isel(time=0) - 1.0)

    assert rise("ctx") > 30.0
    assert abs(rise("p1np")) < 20.0


# ------------------------------------------------------------------ simulations (slow)
def _pct(res, step):
    b = res.bmd.isel(subject=0)
    return 100.0 * (b.isel(time=step) / b.isel(time=0) - 1.0).values


@pytest.fixture(scope="module")
def unloaded():
    man = Subject(sex="male", age=35)
    out = {}
    for kind in UNLOADING_KINDS:
        res = Simulation(man, protocol=[Unloading(kind)], years=1, output_every_days=WEEK).run()
        out[kind] = (_pct(res, 17), _pct(res, 52))
    control = Simulation(man, years=1, output_every_days=WEEK).run()
    out["control"] = (_pct(control, 17), _pct(control, 52))
    return out


@pytest.mark.slow
def test_bed_rest_17_weeks_matches_leblanc_and_shackelford(unloaded):
    wk17, _ = unloaded["bed_rest"]
    assert -4.6 <= wk17[NECK] <= -2.6  # LeBlanc 1990: femoral neck -3.6 %
    assert -4.0 <= wk17[HIP] <= -2.0  # Shackelford 2004: total hip -3 %
    assert -2.0 <= wk17[TB] <= 0.0  # Shackelford 2004: total body -1 %
    # The two 17-week studies disagree at the spine (LeBlanc -3.9 %, Shackelford -1 %):
    # the model sits between them and loses less there than at the hip.
    assert -3.9 <= wk17[SPINE] <= -1.0
    assert wk17[SPINE] > wk17[HIP]


@pytest.mark.slow
def test_spaceflight_loses_more_at_the_hip_than_at_spine_and_whole_body(unloaded):
    wk17, _ = unloaded["spaceflight"]
    # Lang 2004 (hip 1.4-1.5 %/month, spine 0.9); LeBlanc 2000 (total body ~1/4 of hip)
    assert wk17[HIP] < wk17[SPINE] < 0.0
    assert wk17[TB] > 0.5 * wk17[HIP]


@pytest.mark.slow
def test_spaceflight_hip_rate_of_lang_2004(unloaded):
    # Lang 2004: ISS hip loss 1.4-1.5 %/month. RANK occupancy saturates (osteoclasts at most
    # double), so this rate needs the disuse route: BMUs in negative balance.
    wk17, _ = unloaded["spaceflight"]
    rate = wk17[HIP] / (17 * WEEK / 30.44)
    assert -2.0 <= rate <= -1.2


@pytest.mark.slow
def test_spinal_cord_injury_spares_the_spine(unloaded):
    _, yr = unloaded["spinal_cord_injury"]
    _, ctrl = unloaded["control"]
    _, bed = unloaded["bed_rest"]
    # Biering-Sorensen 1990: lumbar spine preserved, legs and hip lose
    assert yr[SPINE] - ctrl[SPINE] > -0.5
    assert yr[HIP] < bed[HIP] < ctrl[HIP]


@pytest.mark.slow
def test_spinal_cord_injury_hip_loss_size(unloaded):
    # Biering-Sorensen 1990: the paralysed legs lose a third or more of their mineral in 1-2
    # years (hip about -1.5 to -3 %/month early)
    wk17, yr = unloaded["spinal_cord_injury"]
    assert -45.0 <= yr[HIP] <= -15.0
    assert -3.0 <= wk17[HIP] / (17 * WEEK / 30.44) <= -1.5


@pytest.mark.slow
def test_without_negative_bmu_balance_spaceflight_is_capped(unloaded):
    # The kinetic cap the disuse route gets past: with mech_disuse_focal_gain = 0 the hip
    # loses under 1.1 %/month in space whatever its load (RANK occupancy saturates).
    man = Subject(sex="male", age=35)
    res = Simulation(man, protocol=[Unloading("spaceflight")], years=17 * WEEK / 365.25,
                     parameters=P.replace(mech_disuse_focal_gain=0.0),
                     output_every_days=WEEK).run()
    capped = _pct(res, 17)[HIP] / (17 * WEEK / 30.44)
    wk17, _ = unloaded["spaceflight"]
    assert -1.1 < capped < 0.0
    assert wk17[HIP] / (17 * WEEK / 30.44) < capped - 0.2


@pytest.mark.slow
def test_immobilization_of_one_limb_spares_spine_and_whole_body(unloaded):
    wk17, _ = unloaded["immobilization"]
    bed17, _ = unloaded["bed_rest"]
    assert wk17[HIP] < -1.0
    assert wk17[SPINE] > bed17[SPINE] and wk17[TB] > bed17[TB]
