"""Glucocorticoids: validation, hydrocortisone equivalents, cortisol signal, bone direction."""

from __future__ import annotations

import numpy as np
import pytest

from osteon import OsteonInputError, Protocol, Simulation, Subject, default_parameters
from osteon.model import BoneModel, Cohort
from osteon.physiology.pharmacology.glucocorticoids import (
    Glucocorticoid,
    glucocorticoid_from_spec,
    hydrocortisone_equivalent,
)
from osteon.physiology.pharmacology.registry import builders

PARAMS = default_parameters()
WOMAN = Subject(sex="female", age=58, menopause_age=50)


def signals_at(protocol, t, subject=WOMAN):
    t_arr = np.atleast_1d(np.asarray(t, dtype=float))
    if np.ndim(t) == 0:
        return BoneModel(PARAMS, Cohort.from_subjects([subject]), Protocol(protocol)).signals(
            float(t)
        )
    cohort = Cohort.from_subjects([subject] * t_arr.size)
    return BoneModel(PARAMS, cohort, Protocol(protocol)).signals(t_arr)


def cortisol_at(protocol, t):
    return float(signals_at(protocol, t).hormones.cortisol[0])


@pytest.mark.parametrize(
    "spec, field",
    [
        ({"agent": "cortisone", "dose": "25 mg", "every": "1 day"}, "glucocorticoid.agent"),
        ({"agent": "prednisone", "dose": 10, "every": "1 day"}, "glucocorticoid.dose"),
        ({"agent": "prednisone", "dose": "10", "every": "1 day"}, "glucocorticoid.dose"),
        ({"agent": "prednisone", "dose": "-10 mg", "every": "1 day"}, "glucocorticoid.dose"),
        ({"agent": "prednisone", "dose": "10 IU", "every": "1 day"}, "glucocorticoid.dose"),
        ({"agent": "prednisone", "dose": "5 g", "every": "1 day"}, "glucocorticoid.dose"),
        ({"agent": "dexamethasone", "dose": "100 mg", "every": "1 day"}, "glucocorticoid.dose"),
        ({"agent": "prednisone", "dose": "10 mg", "every": "1 fortnight"}, "glucocorticoid.every"),
        ({"agent": "prednisone", "every": "1 day"}, "glucocorticoid.dose"),
    ],
)
def test_validation(spec, field):
    with pytest.raises(OsteonInputError) as err:
        glucocorticoid_from_spec(spec)
    assert err.value.field == field
    assert err.value.example


def test_builder_and_trial_spec(shared_dir):
    from osteon.trials.format import load_trial

    trial = load_trial(shared_dir / "validation" / "trials" / "laan-1993-prednisone.yaml")
    arm = {a.name: a for a in trial.arms}["prednisone"]
    built = [builders()["glucocorticoid"](s) for s in arm.interventions]
    assert [g.dose_mg for g in built] == [10.0, 5.0]
    assert built[0].stop_day == pytest.approx(84.0)
    assert built[1].start_day == pytest.approx(84.0)


def test_equivalences():
    """Prednisone = prednisolone = 4x, dexamethasone ~27x hydrocortisone (Meikle & Tyler 1977)."""
    assert hydrocortisone_equivalent("prednisone", PARAMS) == 4.0
    assert hydrocortisone_equivalent("prednisolone", PARAMS) == 4.0
    assert 25.0 <= hydrocortisone_equivalent("dexamethasone", PARAMS) <= 27.0
    pred = Glucocorticoid(agent="prednisone", dose="5 mg")
    hc = Glucocorticoid(agent="hydrocortisone", dose="20 mg")
    dex = Glucocorticoid(agent="dexamethasone", dose="0.75 mg")
    for g in (pred, dex):
        assert g.hydrocortisone_mg_per_day(PARAMS) == pytest.approx(
            hc.hydrocortisone_mg_per_day(PARAMS), rel=0.02
        )


def test_cortisol_signal_is_log_dose_with_the_adrenal_axis():
    """Total activity is a smooth max of physiological and exogenous (ACTH suppression), and the
    bone action is linear in its log: doubling the dose above physiological adds a fixed step."""
    base = cortisol_at([], 30.0)
    assert base == pytest.approx(PARAMS["cortisol_baseline"])
    act = {d: np.log(cortisol_at([Glucocorticoid(agent="prednisone", dose=f"{d} mg")], 30.0)
                     / base) for d in (10, 20, 40)}
    assert 0 < act[10] < act[20] < act[40]
    # log-dose: equal steps per doubling well above physiological (within 10%)
    assert act[40] - act[20] == pytest.approx(act[20] - act[10], rel=0.1)
    # replacement hydrocortisone (15-25 mg/day, Bornstein 2016) acts far less than prednisone 10
    hc = Glucocorticoid(agent="hydrocortisone", dose="20 mg")
    assert 1.0 < float(hc.relative_activity(30.0, PARAMS)) < 1.2
    hc_act = np.log(cortisol_at([hc], 30.0) / base)
    assert 0 < hc_act < 0.25 * act[10]


def test_mechanisms_apoptosis_osteocytes_and_gut():
    """Weinstein 1998: osteoblast and osteocyte apoptosis; Klein 1977 / Colette 1987: gut
    calcium absorption normal at 8-10 mg/day prednisone, about -15% (51 vs 60%) at 10-25 mg."""
    sig10 = signals_at([Glucocorticoid(agent="prednisone", dose="10 mg")], 30.0)
    sig25 = signals_at([Glucocorticoid(agent="prednisone", dose="25 mg")], 30.0)
    none = signals_at([], 30.0)
    assert float(np.ravel(sig10.ob_apoptosis)[0]) > 1.1
    assert float(np.ravel(sig10.ocy_viability)[0]) < 0.95
    assert np.ravel(none.ob_apoptosis)[0] == 1.0 and np.ravel(none.ocy_viability)[0] == 1.0
    gut10 = float(np.ravel(sig10.gut_calcium_absorption)[0])
    gut25 = float(np.ravel(sig25.gut_calcium_absorption)[0])
    assert 0.85 < gut10 < 0.97  # near normal at 10 mg (Klein 1977)
    assert 0.70 < gut25 < gut10  # lower at higher daily doses, around -15% (Colette 1987)


def test_bone_action_adapts_during_a_course():
    """Loss is fastest in the first months (LoCascio 1990): the bone action wanes to a floor."""
    g = Glucocorticoid(agent="prednisone", dose="7.5 mg", start_day=0.0, stop_day=1000.0)
    s = g.bone_sensitivity(np.array([-1.0, 0.0, 90.0, 900.0, 1000.0, 1500.0]), PARAMS)
    assert s[0] == s[1] == 1.0
    assert 1.0 > s[2] > s[3] >= PARAMS["glucocorticoid_chronic_fraction"]
    assert s[4] == s[5]  # frozen after the course


def test_taper_adds_and_washes_out():
    prot = [
        Glucocorticoid(agent="prednisone", dose="10 mg", start_day=0.0, stop_day=84.0),
        Glucocorticoid(agent="prednisone", dose="5 mg", start_day=84.0, stop_day=140.0),
    ]
    base = cortisol_at([], 10.0)
    high = cortisol_at(prot, 60.0)
    low = cortisol_at(prot, 139.99)
    assert high > low > base
    assert cortisol_at(prot, -1.0) == base
    half = PARAMS["prednisone_biological_halflife"]
    after = cortisol_at(prot, 140.0 + half)
    assert base < after < low
    assert cortisol_at(prot, 160.0) == pytest.approx(base, rel=1e-4)


def test_vectorised_apply_matches_scalar():
    iv = Glucocorticoid(agent="dexamethasone", dose="1 mg", start_day=3.0, stop_day=20.0)
    times = np.array([-5.0, 0.0, 3.0, 3.5, 10.0, 19.9, 21.0, 40.0])
    arr = signals_at([iv], times)
    for i, t in enumerate(times):
        one = signals_at([iv], float(t))
        assert arr.hormones.cortisol[i] == pytest.approx(float(one.hormones.cortisol[0]))
        m_arr = np.broadcast_to(arr.matrix_synthesis, times.shape)[i]
        assert m_arr == pytest.approx(float(np.asarray(one.matrix_synthesis).ravel()[0]))


def test_prednisone_trabecular_loss_direction():
    """Laan 1993: 10 then 5 mg prednisone for 20 weeks, spine trabecular vBMD -8.2%."""
    prot = Protocol(
        [
            Glucocorticoid(agent="prednisone", dose="10 mg", start_day=0.0, stop_day=84.0),
            Glucocorticoid(agent="prednisone", dose="5 mg", start_day=84.0, stop_day=140.0),
        ]
    )
    years = 140.0 / 365.25
    res = Simulation([WOMAN], prot, PARAMS, years=years, output_every_days=28.0).run()
    ctrl = Simulation([WOMAN], None, PARAMS, years=years, output_every_days=28.0).run()
    res, ctrl = res.isel(subject=0), ctrl.isel(subject=0)

    def change(r, var):
        x = r[var]
        return 100 * (float(x.isel(time=-1)) / float(x.isel(time=0)) - 1)

    loss = change(res, "spine_trabecular_vbmd") - change(ctrl, "spine_trabecular_vbmd")
    assert -15.0 < loss < -2.0
    # formation markers fall at once, resorption does not fall
    assert float(res.p1np.isel(time=1)) < 0.8 * float(ctrl.p1np.isel(time=1))
    assert float(res.ctx.isel(time=1)) >= float(ctrl.ctx.isel(time=1))
    assert float(res.cortisol.isel(time=1)) > 1.1 * float(ctrl.cortisol.isel(time=1))


def _spine_fn_change(subject, protocol, years=1.0):
    """Percent change of spine and femoral neck aBMD vs the same subject untreated."""
    sim = Simulation([subject], Protocol(protocol), PARAMS, years=years).run().isel(subject=0)
    ctrl = Simulation([subject], None, PARAMS, years=years).run().isel(subject=0)
    out = []
    for site in ("lumbar_spine", "femoral_neck"):
        a, b = sim.bmd.sel(site=site), ctrl.bmd.sel(site=site)
        out.append(100 * (float(a.isel(time=-1) / a.isel(time=0)) -
                          float(b.isel(time=-1) / b.isel(time=0))))
    return out


@pytest.mark.slow
def test_prednisone_10mg_costs_what_prevention_trial_placebo_arms_show():
    """Issue 9 item 5: prednisone 10 mg/day cost -15% spine in a year. Placebo arms of prevention
    trials lose about 2-4%: Reid 2001 (men starting >= 7.5 mg/day, ~11 mg/day): spine -3.4%,
    femoral neck -3.3% at 1 year. Physiological hydrocortisone replacement (15-25 mg/day) must be
    near neutral."""
    man = Subject(sex="male", age=60)
    spine, neck = _spine_fn_change(man, [Glucocorticoid(agent="prednisone", dose="10 mg")])
    assert -5.0 < spine < -1.5
    assert -5.0 < neck < -1.0
    hc_spine, _ = _spine_fn_change(man, [Glucocorticoid(agent="hydrocortisone", dose="20 mg")])
    assert -1.0 < hc_spine <= 0.0
    assert abs(hc_spine) < 0.3 * abs(spine)
    # log-dose: 30 mg/day costs more than 10 mg/day but less than three times as much
    hi_spine, _ = _spine_fn_change(man, [Glucocorticoid(agent="prednisone", dose="30 mg")])
    assert spine > hi_spine > 3 * spine


def test_resorption_rise_is_transient_formation_suppression_persists():
    """Compston 2018 / Weinstein 2011: an early, transient rise of resorption; the inhibition
    of formation persists, smaller (issue 9: biphasic glucocorticoid bone loss)."""
    g = Glucocorticoid(agent="prednisone", dose="10 mg")
    k = PARAMS["rankl_cortisol_exponent"]

    def rankl_and_recruitment_drive(t):
        sig, none = signals_at([g], t), signals_at([], t)
        cort = float(sig.hormones.cortisol[0]) / float(none.hormones.cortisol[0])
        rankl = cort**k * float(np.ravel(sig.rankl_expression)[0])
        return rankl, cort, float(np.ravel(sig.matrix_synthesis)[0])

    rankl_early, cort_early, matrix_early = rankl_and_recruitment_drive(30.0)
    rankl_late, cort_late, matrix_late = rankl_and_recruitment_drive(5 * 365.0)
    assert rankl_early > 1.05
    assert rankl_late == pytest.approx(1.0, abs=0.01)  # resorption back to normal
    assert cort_early > cort_late > 1.0  # formation still suppressed, less
    assert matrix_early < matrix_late < 1.0
    assert g.resorption_action(5 * 365.0, PARAMS) < 0.02 * g.resorption_action(30.0, PARAMS)


def _attributable_spine(subject, dose, years):
    prot = Protocol([Glucocorticoid(agent="prednisone", dose=dose)])
    sim = Simulation([subject], prot, PARAMS, years=years, output_every_days=365.25 / 4).run()
    ctrl = Simulation([subject], None, PARAMS, years=years, output_every_days=365.25 / 4).run()
    a = sim.bmd.sel(site="lumbar_spine").isel(subject=0).values
    b = ctrl.bmd.sel(site="lumbar_spine").isel(subject=0).values
    return sim.time.values, 100 * (a / a[0] - b / b[0]), 100 * (a / a[0] - 1)


@pytest.mark.slow
def test_glucocorticoid_bone_loss_is_biphasic_and_dose_ordered():
    """Issue 9: new users of prednisone 10 mg/day lose 2-4% spine in year 1 (prevention-trial
    placebo arms: Reid 2001 -3.4%, Adachi 1997 / Cohen 1999 about -3%), long-term users about
    0-1%/year (Verhoeven & Boers 1997: 0.0%/year in steroid-treated RA; Saag 1998 / Adachi 2001
    placebo -0.4% at 48 weeks, -0.8% at 2 years). Loss is ordered by dose."""
    man = Subject(sex="male", age=60)
    t, attributable, total = _attributable_spine(man, "10 mg", 3.0)
    year1 = np.interp(1.0, t, attributable)
    year3_rate = np.interp(3.0, t, attributable) - np.interp(2.0, t, attributable)
    assert np.interp(1.0, t, total) < -2.0  # the 2-4 % band's upper edge: see the xfail below
    assert -1.0 < year3_rate < 0.0  # persisting but slow
    assert year3_rate > 0.25 * year1  # at most a quarter of the first year's loss
    losses = [np.interp(1.0, *_attributable_spine(man, d, 1.0)[:2]) for d in ("5 mg", "20 mg")]
    assert losses[0] > year1 > losses[1]


@pytest.mark.slow
@pytest.mark.xfail(strict=True, reason=(
    "stop 25: a man of 60 on prednisone 10 mg/day now loses 4.9 % of spine in the first year "
    "(trials: 2-4 %). The faster vertebral cancellous turnover (turnover_trabecular_spine_factor "
    "1.3, envelopes) and the steeper loss of older men (bioavailable estradiol, rate-gated "
    "adaptation) both deepen it; a known gap, reported in README and the stop-25 note"))
def test_new_user_first_year_spine_loss_within_prevention_trials():
    """Reid 2001 placebo -3.4 %, Adachi 1997 / Cohen 1999 about -3 % in the first year."""
    t, _, total = _attributable_spine(Subject(sex="male", age=60), "10 mg", 1.0)
    assert -4.0 < np.interp(1.0, t, total) < -2.0
