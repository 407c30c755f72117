"""Bisphosphonates, SERMs, romosozumab and GnRH agonists: inputs, mechanisms, cited sizes.

Sizes are checked against the published figure with the FORMAT.md agreement band
(CI widened by 0.5 points, or ``max(1, 0.25 |value|)``), on one typical subject
of the trial (the cohort figures are in the validation table of the report).
"""

from __future__ import annotations

import numpy as np
import pytest

from osteon import OsteonInputError, Protocol, Simulation, Subject, default_parameters
from osteon.model import BoneModel, Cohort
from osteon.physiology.pharmacology import registry
from osteon.physiology.pharmacology.bisphosphonates import Bisphosphonate, removal_factor
from osteon.physiology.pharmacology.gnrh_agonists import GnRHAgonist
from osteon.physiology.pharmacology.romosozumab import Romosozumab
from osteon.physiology.pharmacology.serms import SERM
from osteon.trials.interventions import protocol_from_specs
from osteon.units import DAYS_PER_MONTH

PARAMS = default_parameters()
YEAR = 365.25


def signals(protocol, t, subject):
    return BoneModel(PARAMS, Cohort.from_subjects([subject]), Protocol(protocol)).signals(
        float(t))


def change(res, var, years, site=None, start=0.0):
    x = res[var] if site is None else res[var].sel(site=site)
    return 100 * (float(x.interp(time=years)) / float(x.interp(time=start)) - 1)


def run(subject, specs, years):
    prot = protocol_from_specs(specs, years=years) if specs else None
    return Simulation([subject], prot, PARAMS, years=years).run().isel(subject=0)


def band(value, ci=None):
    """FORMAT.md agreement interval of a percent endpoint."""
    if ci is not None:
        return ci[0] - 0.5, ci[1] + 0.5
    half = max(1.0, 0.25 * abs(value))
    return value - half, value + half


# ------------------------------------------------------------------------ registration


BUILDERS = registry.builders()
NEW_DRUGS = ("bisphosphonate", "serm", "romosozumab", "gnrh_agonist")


def test_each_registered_drug_is_declared_in_one_module():
    for kind in NEW_DRUGS:
        module = registry.module_of(kind)
        assert module.KIND == kind
        assert module.SCHEMA.kind == kind
        assert BUILDERS[kind] is module.from_spec
        names = {r[0] for r in module.RECORDS}
        assert names <= set(PARAMS), kind  # its records reach the default parameter set
        for r in module.RECORDS:
            assert PARAMS.record(r[0]).source == r[3]


# ------------------------------------------------------------------------ bad input

BAD = [
    ({"intervention": "bisphosphonate", "agent": "etidronate", "dose": "400 mg",
      "every": "1 day"}, "bisphosphonate.agent"),
    ({"intervention": "bisphosphonate", "agent": "alendronate", "dose": 70,
      "every": "1 week"}, "bisphosphonate.dose"),
    ({"intervention": "bisphosphonate", "agent": "alendronate", "dose": "70 g",
      "every": "1 week"}, "bisphosphonate.dose"),
    ({"intervention": "bisphosphonate", "agent": "zoledronic_acid", "dose": "5 mg",
      "every": "5 years"}, "bisphosphonate.every"),
    ({"intervention": "bisphosphonate", "agent": "alendronate", "dose": "70 mg"},
     "bisphosphonate.every"),
    ({"intervention": "serm", "agent": "lasofoxifene", "dose": "0.5 mg", "every": "1 day"},
     "serm.agent"),
    ({"intervention": "serm", "agent": "raloxifene", "dose": "60 g", "every": "1 day"},
     "serm.dose"),
    ({"intervention": "serm", "agent": "raloxifene", "dose": "60 mg", "every": "1 day",
      "route": "oral"}, "serm.route"),
    ({"intervention": "romosozumab", "dose": "210 IU", "every": "1 month"},
     "romosozumab.dose"),
    ({"intervention": "romosozumab", "dose": "210 mg", "every": "1 day"},
     "romosozumab.every"),
    ({"intervention": "gnrh_agonist", "agent": "degarelix", "dose": "80 mg",
      "every": "1 month"}, "gnrh_agonist.agent"),
    ({"intervention": "gnrh_agonist", "agent": "leuprolide", "dose": "-7.5 mg",
      "every": "1 month"}, "gnrh_agonist.dose"),
]


@pytest.mark.parametrize("spec, field", BAD, ids=[f for _, f in BAD])
def test_bad_input_names_the_field_and_gives_an_example(spec, field):
    with pytest.raises(OsteonInputError) as info:
        BUILDERS[spec["intervention"]](spec)
    assert info.value.field == field, str(info.value)
    assert info.value.example


# ------------------------------------------------------------------------ bisphosphonates

OLD_WOMAN = Subject(sex="female", age=64)


def test_bisphosphonate_oral_absorption_and_skeletal_uptake():
    aln = Bisphosphonate(agent="alendronate", dose="70 mg", every="1 week")
    zol = Bisphosphonate(agent="zoledronic_acid", dose="5 mg", every="1 year")
    f = PARAMS["alendronate_oral_bioavailability"]
    assert 0.005 < f < 0.01  # about 0.6 % of an oral dose (label)
    assert aln.bound_per_dose(PARAMS) == pytest.approx(
        70 * f * PARAMS["alendronate_skeletal_uptake"])
    # an infusion is not limited by absorption: 5 mg i.v. binds more than 70 mg orally
    assert zol.bound_per_dose(PARAMS) > 10 * aln.bound_per_dose(PARAMS)


def test_bisphosphonate_binding_is_retained_and_offsets_slowly():
    aln = Bisphosphonate(agent="alendronate", dose="10 mg", every="1 day", stop_day=5 * YEAR)
    on = float(aln.surface_pool(5 * YEAR - 1, PARAMS))
    one_year_off = float(aln.surface_pool(6 * YEAR, PARAMS))
    # long retention: most of the effect pool is still bound a year after stopping
    assert 0.5 * on < one_year_off < on
    assert removal_factor(one_year_off, PARAMS) > 1.0


def test_bisphosphonate_courses_add_their_pools_in_any_order():
    first = Bisphosphonate(agent="alendronate", dose="5 mg", every="1 day", stop_day=2 * YEAR)
    second = Bisphosphonate(agent="alendronate", dose="10 mg", every="1 day",
                            start_day=2 * YEAR)
    t = 2 * YEAR + 90
    a = signals([first, second], t, OLD_WOMAN).oc_apoptosis
    b = signals([second, first], t, OLD_WOMAN).oc_apoptosis
    pool = first.surface_pool(t, PARAMS) + second.surface_pool(t, PARAMS)
    assert float(np.ravel(a)[0]) == pytest.approx(float(np.ravel(b)[0]), rel=1e-12)
    base = float(np.ravel(signals([], t, OLD_WOMAN).oc_apoptosis)[0])
    assert float(np.ravel(a)[0]) == pytest.approx(base * float(removal_factor(pool, PARAMS)))


@pytest.mark.slow
def test_alendronate_10mg_spine_gain_liberman_1995():
    """Liberman 1995: alendronate 10 mg/day minus placebo at 3 years, spine +8.8 points."""
    treated = run(OLD_WOMAN, [{"intervention": "bisphosphonate", "agent": "alendronate",
                               "dose": "10 mg", "every": "1 day"}], 3)
    placebo = run(OLD_WOMAN, [], 3)
    diff = change(treated, "bmd", 3, "lumbar_spine") - change(placebo, "bmd", 3, "lumbar_spine")
    lo, hi = band(8.8)
    assert lo < diff < hi
    assert change(treated, "ctx", 1) < -30  # resorption suppressed


@pytest.mark.slow
def test_zoledronic_acid_yearly_horizon():
    """HORIZON (Black 2007): 5 mg yearly minus placebo at 3 years, total hip +6.02 points."""
    woman = Subject(sex="female", age=73)
    treated = run(woman, [{"intervention": "bisphosphonate", "agent": "zoledronic_acid",
                           "dose": "5 mg", "every": "1 year"}], 3)
    placebo = run(woman, [], 3)
    diff = change(treated, "bmd", 3, "total_hip") - change(placebo, "bmd", 3, "total_hip")
    lo, hi = band(6.02)
    assert lo < diff < hi


@pytest.mark.slow
def test_alendronate_offset_after_5_years_flex():
    """FLEX (Black 2006): stopping vs continuing after 5 years, total hip -2.4 (-2.9 to -1.8)."""
    woman = Subject(sex="female", age=68.6)
    # FIT then FLEX as in the trial file: 5 mg/day for 2 years, then 10 mg/day.
    first = {"intervention": "bisphosphonate", "agent": "alendronate", "dose": "5 mg",
             "every": "1 day", "stop": "24 months"}
    course = {**{k: v for k, v in first.items() if k != "stop"}, "dose": "10 mg",
              "start": "24 months"}
    stopped = run(woman, [first, {**course, "stop": "60 months"}], 10)
    continued = run(woman, [first, course], 10)
    diff = (change(stopped, "bmd", 10, "total_hip", start=5)
            - change(continued, "bmd", 10, "total_hip", start=5))
    lo, hi = band(-2.4, (-2.9, -1.8))
    assert diff < 0  # bone is lost after stopping...
    assert lo < diff < hi  # ...slowly: the bound drug keeps acting for years


# ------------------------------------------------------------------------ SERMs


def test_serm_acts_as_estrogen_on_bone_without_raising_measured_estradiol():
    woman = Subject(sex="female", age=60)
    ral = SERM(agent="raloxifene", dose="60 mg", every="1 day")
    s = signals([ral], 60.0, woman)
    ref = signals([], 60.0, woman)
    assert float(s.hormones.estradiol[0]) > float(ref.hormones.estradiol[0]) + 5.0
    assert float(s.hormones_instant.estradiol[0]) == pytest.approx(
        float(ref.hormones.estradiol[0]))
    # partial agonism saturates with dose (Johnston 2000: 150 mg no better than 60 mg)
    e = {d: SERM(agent="raloxifene", dose=d).e2_equivalent(PARAMS)
         for d in ("30 mg", "60 mg", "150 mg")}
    assert e["30 mg"] < e["60 mg"] < e["150 mg"] < 1.5 * e["60 mg"]


@pytest.mark.slow
def test_raloxifene_60mg_spine_delmas_1997():
    """Delmas 1997: raloxifene 60 mg minus placebo at 2 years, spine +2.4 +/- 0.4 points, in a
    virtual cohort of the trial's population (the project's trial file: women 45-60, early
    postmenopausal). One mean woman is not that cohort: with the estrogen adaptation the loss
    on placebo depends steeply on the years since menopause (one woman of 52.5 at the default
    menopause age: +3.8 points, her placebo arm at the transmenopausal peak), so the check
    runs the trial's spread of ages and menopause ages."""
    from pathlib import Path

    from osteon.trials.format import load_trial
    from osteon.trials.validate import validate_trial

    path = Path(__file__).resolve().parents[3] / "validation" / "trials" / \
        "delmas-1997-raloxifene.yaml"
    rep = validate_trial(load_trial(path), 60, 2026)
    diff = next(r for r in rep.results if r.measure == "difference_vs_control"
                and r.site == "lumbar_spine")
    lo, hi = band(2.4)
    assert lo < diff.simulated < hi, diff.simulated


# ------------------------------------------------------------------------ romosozumab


def test_romosozumab_formation_wanes_resorption_stays_down():
    romo = Romosozumab(dose="210 mg", every="1 month", stop_day=12 * DAYS_PER_MONTH)
    d1, d9 = romo.drives(1 * DAYS_PER_MONTH, PARAMS), romo.drives(9 * DAYS_PER_MONTH, PARAMS)
    assert d1["modeling"] > 4 * d9["modeling"] > 0  # P1NP back near placebo by month 9
    assert d1["rankl_expression"] < d9["rankl_expression"] < 1.0  # CTX still down at month 12
    after = romo.drives(15 * DAYS_PER_MONTH, PARAMS)
    assert after["rankl_expression"] > 0.95 and after["modeling"] < 0.05 * d1["modeling"]
    # the PK hits the label's steady-state trough on 210 mg monthly
    trough = float(romo.concentration(6 * DAYS_PER_MONTH - 1e-6, PARAMS))
    assert trough == pytest.approx(PARAMS["romosozumab_trough_ss"], rel=0.1)


@pytest.mark.slow
def test_romosozumab_spine_gain_mcclung_2014():
    """McClung 2014: 210 mg monthly, spine +11.3 % at 12 months; P1NP up, CTX down early."""
    woman = Subject(sex="female", age=70)
    res = run(woman, [{"intervention": "romosozumab", "dose": "210 mg", "every": "1 month"}], 1)
    lo, _ = band(11.3)
    assert lo < change(res, "bmd", 1, "lumbar_spine")  # the band's upper edge: the next test
    assert change(res, "p1np", 1 / 12) > 0 > change(res, "ctx", 1 / 12)


@pytest.mark.slow
def test_romosozumab_spine_gain_within_the_mcclung_band():
    """McClung 2014: +11.3 % at 12 months. A strict xfail at stop 25 (14.3 against the band's
    14.1); passes since estrogen's osteoclast action is weighted by envelope (stop 26)."""
    woman = Subject(sex="female", age=70)
    res = run(woman, [{"intervention": "romosozumab", "dose": "210 mg", "every": "1 month"}], 1)
    lo, hi = band(11.3)
    assert lo < change(res, "bmd", 1, "lumbar_spine") < hi


# ------------------------------------------------------------------------ GnRH agonists

GOSERELIN = {"intervention": "gnrh_agonist", "agent": "goserelin", "dose": "3.6 mg",
             "every": "4 weeks"}


def test_gnrh_agonist_flare_then_castrate_testosterone_in_men():
    man = Subject(sex="male", age=35)
    prot = protocol_from_specs([GOSERELIN], years=1).interventions
    t = {d: float(signals(prot, d, man).hormones.testosterone[0]) for d in (0, 3, 28, 112)}
    assert t[3] > 1.2 * t[0]  # flare in the first days
    assert t[28] < 50.0 and t[112] < 50.0  # castrate (< 50 ng/dL) within 4 weeks
    # Finkelstein 2013: goserelin with placebo gel, 44 ng/dL (FORMAT.md level rule: 25 %)
    assert 0.75 * 44 < t[112] < 1.25 * 44


def test_gnrh_agonist_leaves_add_back_testosterone():
    man = Subject(sex="male", age=35)
    gel = {"intervention": "testosterone", "agent": "testosterone_gel",
           "route": "transdermal", "dose": "50 mg", "every": "1 day"}
    alone = float(signals(protocol_from_specs([GOSERELIN], 1).interventions, 112, man)
                  .hormones.testosterone[0])
    with_gel = float(signals(protocol_from_specs([GOSERELIN, gel], 1).interventions, 112, man)
                     .hormones.testosterone[0])
    assert with_gel > alone + 150.0


def test_gnrh_agonist_ovarian_suppression_and_recovery_in_women():
    woman = Subject(sex="female", age=35)
    course = {**GOSERELIN, "stop": "6 months"}
    prot = protocol_from_specs([course], years=2).interventions
    e2 = {d: float(signals(prot, d, woman).hormones.estradiol[0]) for d in (0, 112, 700)}
    post = PARAMS["estradiol_postmenopausal"]
    assert e2[112] < 1.5 * post < e2[0]  # postmenopausal estradiol under treatment
    assert e2[700] > 0.8 * e2[0]  # the ovaries recover after the last depot is spent
    g = GnRHAgonist(**{k: course[k] for k in ("agent", "dose", "every")},
                    stop_day=6 * DAYS_PER_MONTH)
    assert float(g.course(700, PARAMS)) < 0.1


def test_gnrh_agonist_does_not_touch_a_postmenopausal_womans_estradiol():
    """Long after menopause there is no ovarian estradiol to suppress, whatever her lab."""
    woman = Subject(sex="female", age=65, menopause_age=50, labs={"estradiol_pg_ml": 20.0})
    prot = protocol_from_specs([GOSERELIN], years=1).interventions
    sig = signals(prot, 112, woman)
    assert float(sig.hormones.estradiol[0]) == pytest.approx(float(sig.baseline.estradiol[0]),
                                                             rel=0.01)


@pytest.mark.slow
def test_gnrh_agonist_costs_premenopausal_women_spine_bone():
    """Direction: ovarian suppression in a premenopausal woman loses spine bone within a year."""
    woman = Subject(sex="female", age=35)
    treated = run(woman, [GOSERELIN], 1)
    control = run(woman, [], 1)
    assert change(treated, "bmd", 1, "lumbar_spine") < change(control, "bmd", 1,
                                                              "lumbar_spine") - 1.0
