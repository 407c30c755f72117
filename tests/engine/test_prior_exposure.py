"""Exposure before follow-up: an intervention with a negative start (issues 9/13).

Trials often enrol people already on a treatment (Saag 1998: patients on long-term
glucocorticoids). A negative ``start`` puts the course before day 0: the shared
pre-trial history (:meth:`osteon.Simulation.history`) simulates it, arms that differ
before day 0 get a history each (:func:`osteon.cohort.runner.simulate_arms`), and the
drug clocks (PK, tissue adaptation) count from the true start.
"""

import numpy as np
import pytest

from osteon import Simulation, Subject
from osteon.cohort.chunks import ArmGroup
from osteon.cohort.runner import simulate_arms
from osteon.errors import OsteonInputError
from osteon.parameters import default_parameters
from osteon.physiology.pharmacology.bisphosphonates import Bisphosphonate
from osteon.physiology.pharmacology.glucocorticoids import Glucocorticoid
from osteon.protocol import Protocol
from osteon.units import DAYS_PER_YEAR

YEAR = DAYS_PER_YEAR


def _spine_change(protocol, subject=None, years=1.0):
    subject = subject or Subject(sex="male", age=55)
    res = Simulation([subject], protocol, years=years).run()
    bmd = res.bmd.sel(site="lumbar_spine").isel(subject=0).values
    return 100.0 * (bmd[-1] / bmd[0] - 1.0)


def test_a_long_term_user_loses_less_than_a_new_user():
    # Bone loss on glucocorticoids is fastest in the first months of a course and
    # slower later (LoCascio V et al. Bone Miner 1990;8:39; van Staa TP et al.
    # Osteoporos Int 2002;13:777): in the same year of follow-up on prednisone 10 mg/day,
    # a patient on it for two years already loses a fraction of what a new user loses,
    # but still more than an untreated one (the chronic phase persists).
    new = _spine_change(Protocol([Glucocorticoid()]))
    long_term = _spine_change(Protocol([Glucocorticoid(start_day=-2 * YEAR)]))
    untreated = _spine_change(Protocol())
    assert new < -2.0  # a new user: about 3-4 % in the first year
    assert new < 3.0 * long_term  # the long-term user loses under a third of that
    assert long_term < untreated - 0.2


def test_drug_clocks_count_from_the_true_start():
    p = default_parameters()
    g = Glucocorticoid(start_day=-YEAR)
    # adaptation: a year into the course at day 0, not a new course
    assert g.bone_sensitivity(0.0, p) == pytest.approx(
        Glucocorticoid().bone_sensitivity(YEAR, p))
    assert g.relative_activity(0.0, p) > 1.5  # at full exposure at day 0
    # a past course: off at day 0 and its adaptation frozen at the stop
    past = Glucocorticoid(start_day=-3 * YEAR, stop_day=-YEAR)
    assert past.relative_activity(0.0, p) == pytest.approx(1.0, abs=1e-6)
    assert past.bone_sensitivity(0.0, p) == pytest.approx(
        Glucocorticoid().bone_sensitivity(2 * YEAR, p))


def test_the_history_includes_exposure_before_follow_up():
    subjects = [Subject(sex="male", age=55), Subject(sex="female", age=62)]
    on = Protocol([Glucocorticoid(start_day=-2 * YEAR)])
    natural = Simulation(subjects, years=1).history()
    prior = Simulation(subjects, on, years=1).history()
    assert prior.ok.all() and natural.ok.all()
    assert prior.before.interventions == on.interventions
    assert not np.allclose(prior.y, natural.y)  # two years of prednisone left a mark
    # branching from it gives the numbers of one run from age 30, step for step
    alone = Simulation(subjects, on, years=1).run()
    shared = Simulation(subjects, on, years=1).run(history=prior)
    assert np.array_equal(alone.bmd.values, shared.bmd.values)
    # a history with other exposure before day 0 is refused
    with pytest.raises(OsteonInputError, match="before day 0"):
        Simulation(subjects, on, years=1).run(history=natural)
    with pytest.raises(OsteonInputError, match="before day 0"):
        Simulation(subjects, Protocol([Glucocorticoid()]), years=1).run(history=prior)


def test_arms_group_their_histories_by_exposure_before_day_0():
    subjects = [Subject(sex="female", age=60), Subject(sex="male", age=50)]
    arms = {
        "placebo": Protocol([Glucocorticoid(start_day=-YEAR)]),
        "alendronate": Protocol([Glucocorticoid(start_day=-YEAR),
                                 Bisphosphonate(agent="alendronate", dose="10 mg")]),
        "new_user": Protocol([Glucocorticoid()]),
        "past_alendronate": Protocol([Bisphosphonate(agent="alendronate", dose="10 mg",
                                                     start_day=-3 * YEAR, stop_day=-YEAR)]),
    }
    groups = [ArmGroup((name,), p) for name, p in arms.items()]
    params = default_parameters()
    shared = simulate_arms(subjects, groups, parameters=params, years=1.0)
    alone = simulate_arms(subjects, groups, parameters=params, years=1.0, share_history=False)
    for name in arms:
        assert np.array_equal(shared.datasets[name].bmd.values, alone.datasets[name].bmd.values), name
    # three different pasts: the arms on glucocorticoids before day 0 share one history
    assert (shared.datasets["placebo"].attrs["shared_history_rhs_evaluations"]
            == shared.datasets["alendronate"].attrs["shared_history_rhs_evaluations"])
    # alendronate stopped a year before follow-up still holds the spine up (bone-bound
    # drug, slow offset: Black DM et al. JAMA 2006;296:2927, FLEX)
    past = shared.datasets["past_alendronate"].bmd.sel(site="lumbar_spine").values[0]
    assert past[0] > shared.datasets["new_user"].bmd.sel(site="lumbar_spine").values[0][0]


def test_intervention_times_are_checked():
    with pytest.raises(OsteonInputError, match="must come after start"):
        Glucocorticoid(stop_day=-30.0)  # a past course needs its (negative) start
    with pytest.raises(OsteonInputError, match="start"):
        Glucocorticoid(start_day=-100 * YEAR)  # more than 80 years before follow-up
    assert Glucocorticoid(start_day=-5 * YEAR, stop_day=-YEAR).describe().startswith(
        "glucocorticoid (prednisone")


def test_exposure_before_the_30th_birthday_is_flagged_on_the_result():
    # Osteon starts every subject at peak bone mass at 30: prednisone begun at 25 acts from
    # the 30th birthday on. That must be said on the result, not left silent.
    young, old = Subject(sex="male", age=35), Subject(sex="male", age=55)
    on = Protocol([Glucocorticoid(start_day=-10 * YEAR)])
    res = Simulation([young, old], on, years=0.5).run()
    notes = [str(n) for n in res["exposure_note"].values]
    assert "glucocorticoid began at age 25" in notes[0] and "30th birthday" in notes[0]
    assert notes[1] == ""  # began at 45: simulated in full
    assert res.attrs["n_exposure_notes"] == 1
    # a past course that also ended before 30 says so
    past = Protocol([Bisphosphonate(agent="alendronate", dose="10 mg", start_day=-8 * YEAR,
                                    stop_day=-6 * YEAR)])
    (note,) = past.exposure_before_age_30([35.0])
    assert "began at age 27" in note and "ended at age 29" in note
    # without exposure before follow-up the result keeps its variables and attributes
    plain = Simulation([young], Protocol([Glucocorticoid()]), years=0.5).run()
    assert "exposure_note" not in plain and "n_exposure_notes" not in plain.attrs
