"""Denosumab and teriparatide: validation, pharmacokinetics, drives, bone direction."""

from __future__ import annotations

import numpy as np
import pytest

from osteon import OsteonInputError, Protocol, Simulation, Subject, default_parameters
from osteon.model import BoneModel, Cohort
from osteon.physiology.pharmacology.bone_drugs import (
    Denosumab,
    Teriparatide,
    denosumab_from_spec,
    teriparatide_from_spec,
)
from osteon.physiology.pharmacology.registry import builders
from osteon.units import DAYS_PER_MONTH

PARAMS = default_parameters()
OLD_WOMAN = Subject(
    sex="female", age=72, menopause_age=50, t_score={"site": "lumbar_spine", "value": -2.8}
)


def signals_at(protocol, t, subject=OLD_WOMAN):
    t_arr = np.atleast_1d(np.asarray(t, dtype=float))
    if np.ndim(t) == 0:
        return BoneModel(PARAMS, Cohort.from_subjects([subject]), Protocol(protocol)).signals(
            float(t)
        )
    cohort = Cohort.from_subjects([subject] * t_arr.size)
    return BoneModel(PARAMS, cohort, Protocol(protocol)).signals(t_arr)


def change(res, var, years, site=None, start=0.0):
    x = res[var] if site is None else res[var].sel(site=site)
    return 100 * (float(x.interp(time=years)) / float(x.interp(time=start)) - 1)


# ----------------------------------------------------------------------------- validation


@pytest.mark.parametrize(
    "builder, spec, field",
    [
        (denosumab_from_spec, {"dose": 60, "every": "6 months"}, "denosumab.dose"),
        (denosumab_from_spec, {"dose": "60", "every": "6 months"}, "denosumab.dose"),
        (denosumab_from_spec, {"dose": "-60 mg", "every": "6 months"}, "denosumab.dose"),
        (denosumab_from_spec, {"dose": "6 g", "every": "6 months"}, "denosumab.dose"),
        (denosumab_from_spec, {"dose": "60 mg", "every": "1 day"}, "denosumab.every"),
        (denosumab_from_spec, {"dose": "60 mg", "every": 6}, "denosumab.every"),
        (denosumab_from_spec, {"dose": "60 mg"}, "denosumab.every"),
        (
            denosumab_from_spec,
            {"dose": "60 mg", "every": "6 months", "agent": "x"},
            "denosumab.agent",
        ),
        (teriparatide_from_spec, {"dose": 20, "every": "1 day"}, "teriparatide.dose"),
        (teriparatide_from_spec, {"dose": "20 mg", "every": "1 day"}, "teriparatide.dose"),
        (teriparatide_from_spec, {"dose": "20 IU", "every": "1 day"}, "teriparatide.dose"),
        (teriparatide_from_spec, {"dose": "20 ug", "every": "1 month"}, "teriparatide.every"),
    ],
)
def test_validation(builder, spec, field):
    with pytest.raises(OsteonInputError) as err:
        builder(spec)
    assert err.value.field == field
    assert err.value.example


def test_builders(shared_dir):
    from osteon.trials.format import load_trial

    trial = load_trial(shared_dir / "validation" / "trials" / "freedom-denosumab.yaml")
    arm = {a.name: a for a in trial.arms}["denosumab"]
    dmab = builders()["denosumab"](arm.interventions[0])
    assert dmab.dose_mg == 60.0
    assert dmab.every_days == pytest.approx(6 * DAYS_PER_MONTH)
    tpt = builders()["teriparatide"](
        {"intervention": "teriparatide", "dose": "20 ug", "every": "1 day", "stop": "18 months"}
    )
    assert tpt.dose_mg == pytest.approx(0.02)
    assert tpt.stop_day == pytest.approx(18 * DAYS_PER_MONTH)


# ----------------------------------------------------------------------------- denosumab PK/PD


def test_denosumab_single_dose_pharmacokinetics():
    """60 mg s.c.: peak ~6.75 ug/mL at ~10 days, then a target-mediated fall (Prolia label)."""
    dmab = Denosumab(dose="60 mg", every="6 months", stop_day=1.0)
    days = np.arange(0.0, 400.0, 0.5)
    c = dmab.concentration(days, PARAMS)
    assert 5.0 < c.max() < 8.5
    assert 7.0 <= days[c.argmax()] <= 14.0
    # apparent half-life ~26 days over the first 3 months after the peak
    c30, c60 = dmab.concentration(np.array([30.0, 60.0]), PARAMS)
    assert 18.0 < 30.0 * np.log(2) / np.log(c30 / c60) < 30.0
    # the fall accelerates at low levels (target-mediated)
    c120, c150 = dmab.concentration(np.array([120.0, 150.0]), PARAMS)
    assert np.log(c120 / c150) > np.log(c30 / c60)
    assert dmab.concentration(300.0, PARAMS) < 0.01
    # continuous in time: no jump at the injection (absorption from the depot)
    assert float(dmab.concentration(1e-3, PARAMS)) < 0.01


def test_denosumab_free_fraction_and_offset():
    dmab = Denosumab(dose="60 mg", every="6 months", stop_day=365.25)  # two injections
    free = dmab.free_rankl_fraction(np.array([-10.0, 0.0, 30.0, 150.0, 400.0, 700.0]), PARAMS)
    assert free[0] == 1.0 and free[1] == 1.0
    assert free[2] < 0.05  # most RANKL blocked a month after the dose (CTX: next tests)
    assert free[2] < free[3] < 1.0
    assert free[3] < free[4] < free[5]  # the drug given before stop keeps washing out
    assert free[5] > 0.99


def test_denosumab_vectorised_apply():
    iv = Denosumab(start_day=10.0, stop_day=200.0)
    times = np.array([-30.0, 0.0, 10.0, 15.0, 100.0, 199.0, 250.0, 600.0])
    arr = signals_at([iv], times)
    for i, t in enumerate(times):
        one = signals_at([iv], float(t))
        a = np.broadcast_to(arr.rank_blockade, times.shape)[i]
        assert a == pytest.approx(float(np.asarray(one.rank_blockade).ravel()[0]), rel=1e-12)


@pytest.mark.xfail(
    strict=True,
    reason="known model limitation: the calibrated denosumab IC50 sits at its upper bound "
    "because the model's remodeling-space refill over-predicts the FREEDOM hip gain at full "
    "blockade, so CTX recovers by 6 months (published -72%); see the issue note",
)
def test_denosumab_bone_response():
    """FREEDOM: hip up at 12 months, CTX suppressed by ~86% at 1 and ~72% at 6 months."""
    res = Simulation([OLD_WOMAN], Protocol([Denosumab()]), PARAMS, years=1).run().isel(subject=0)
    assert change(res, "ctx", 1 / 12) < -70.0
    assert change(res, "ctx", 0.5) < -50.0
    assert change(res, "p1np", 1.0) < -30.0  # formation follows resorption down
    assert change(res, "bmd", 1.0, "total_hip") > 1.0
    assert change(res, "bmd", 1.0, "lumbar_spine") > 1.0


# FREEDOM CTX (Eastell R et al. J Bone Miner Res 2011;26:530): -86 % at 1 month, -72 % at
# month 6 before the next dose. An IC50 of a few ng/mL (an antibody of picomolar affinity)
# holds that suppression with the closed-form PK; the calibrated 0.2 ug/mL does not.
# scripts/diag_denosumab_suppression.py gives the sweep.
CTX_CONSISTENT_IC50 = 0.003


@pytest.fixture(scope="module")
def freedom_sustained():
    params = PARAMS.replace(denosumab_ic50=CTX_CONSISTENT_IC50)
    return Simulation([OLD_WOMAN], Protocol([Denosumab()]), params, years=1).run().isel(subject=0)


def test_denosumab_pkpd_can_hold_suppression_through_the_interval(freedom_sustained):
    """The PK/PD holds CTX down through the 6-month interval at a CTX-consistent IC50,
    while the calibrated IC50 lets it escape at each trough (the structural warning)."""
    trough = 182.5 / 365.25 - 1e-3
    assert change(freedom_sustained, "ctx", 1 / 12) < -80.0
    assert -90.0 < change(freedom_sustained, "ctx", trough) < -60.0
    dmab = Denosumab()
    c6 = float(dmab.concentration(182.0, PARAMS))
    assert 0.005 < c6 < 0.05  # ug/mL left at the trough by the target-mediated fall
    assert 1.0 / (1.0 + c6 / CTX_CONSISTENT_IC50) < 0.25
    assert float(dmab.free_rankl_fraction(182.0, PARAMS)) > 0.9  # calibrated: escapes


@pytest.mark.xfail(
    strict=True,
    reason="known model limitation: at the CTX-consistent IC50 the bone's answer to "
    "suppressed turnover (remodeling-space refill and mineralization) gives a FREEDOM hip "
    "gain of about 9 % at 12 months (published 3.2, band 2.2-4.2), which is why the "
    "calibrated IC50 sits at its upper bound; scripts/diag_denosumab_suppression.py",
)
def test_denosumab_sustained_suppression_hip_gain(freedom_sustained):
    """FREEDOM total hip +3.2 % at 12 months (Austin 2012) with CTX held at -72 to -86 %."""
    assert 2.2 < change(freedom_sustained, "bmd", 1.0, "total_hip") < 4.2


def test_denosumab_offset_rebound():
    """After the last dose, resorption comes back (and overshoots) and the gain is lost."""
    prot = Protocol([Denosumab(stop_day=1.0)])
    res = Simulation([OLD_WOMAN], prot, PARAMS, years=2.5).run().isel(subject=0)
    gain = change(res, "bmd", 0.5, "total_hip")
    assert gain > 0.5
    assert change(res, "ctx", 1.25) > -10.0  # resorption is back 15 months after the dose
    assert change(res, "bmd", 2.5, "total_hip") < 0.5 * gain


# ----------------------------------------------------------------------------- teriparatide


def test_teriparatide_drives():
    tpt = Teriparatide(dose="20 ug", start_day=0.0, stop_day=365.0)
    early = tpt.drives(30.0, PARAMS)
    late = tpt.drives(300.0, PARAMS)
    after = tpt.drives(700.0, PARAMS)
    # anabolic at once: modeling-based formation and overfilled cavities
    assert early["modeling"] > 0.0 and early["matrix_synthesis"] > 1.0
    # resorption rises later than formation
    assert late["rankl_expression"] > early["rankl_expression"] >= 1.0
    # and all of it wanes after the stop
    assert after["modeling"] < early["modeling"] and after["matrix_synthesis"] < late["matrix_synthesis"]


def test_teriparatide_vectorised_apply():
    iv = Teriparatide(start_day=5.0, stop_day=100.0)
    times = np.array([-1.0, 5.0, 20.0, 99.0, 130.0])
    arr = signals_at([iv], times)
    for i, t in enumerate(times):
        one = signals_at([iv], float(t))
        for name in ("ob_recruitment", "ob_apoptosis", "rankl_expression"):
            a = np.broadcast_to(getattr(arr, name), times.shape)[i]
            b = float(np.asarray(getattr(one, name)).ravel()[0])
            assert a == pytest.approx(b, rel=1e-12)


def test_teriparatide_is_anabolic():
    """Neer 2001: spine +9.7%, femoral neck +2.8% at 21 months with 20 ug/day."""
    subj = Subject(sex="female", age=69, menopause_age=48)
    years = 21 / 12
    out = {}
    for dose in ("20 ug", "40 ug"):
        prot = Protocol([Teriparatide(dose=dose)])
        out[dose] = Simulation([subj], prot, PARAMS, years=years).run().isel(subject=0)
    ctrl = Simulation([subj], None, PARAMS, years=years).run().isel(subject=0)
    spine20 = change(out["20 ug"], "bmd", years, "lumbar_spine")
    assert change(ctrl, "bmd", years, "lumbar_spine") < spine20
    assert 3.0 < spine20 < 20.0
    assert change(out["40 ug"], "bmd", years, "lumbar_spine") > spine20
    assert change(out["20 ug"], "bmd", years, "femoral_neck") > 0.0
    # formation markers rise before and more than resorption markers
    assert change(out["20 ug"], "p1np", 0.5) > change(out["20 ug"], "ctx", 0.5) > -5.0
