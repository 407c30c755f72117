"""Sex-steroid contrasts of training trials (issue 9, item 4), against cited figures.

The model scales the anabolic mechanostat gain by the sex-steroid signal; the set point
moves only a little. Where trials show a contrast the model does not reproduce, the test
is an xfail that gives the figure (see scripts/training_contrasts.py for the measured
values and the set-point experiment that was not kept).
"""

import pytest

from osteon import Protocol, Simulation, Subject
from osteon.physiology.mechanics.training import ImpactTraining, ResistanceTraining

SPINE, NECK = 0, 1
# Bassey EJ et al. J Bone Miner Res 1998;13:1805: 50 vertical jumps, 6 days a week.
JUMP = (ImpactTraining(activity="jumping", sessions_per_week=6, impacts_per_session=50),)
PRT = (ResistanceTraining(sessions_per_week=3, intensity_pct_1rm=75, sets=3, reps=8,
                          exercises=("leg_press", "squat", "lunge", "hip_abduction"),
                          progression="linear"),)


def _diff(subject, programme, months):
    control = Simulation(subject, years=months / 12).run()
    trained = Simulation(subject, protocol=Protocol(programme), years=months / 12).run()

    def pct(res):
        b = res.bmd.isel(subject=0)
        return 100.0 * (b.isel(time=months) / b.isel(time=0) - 1.0).values

    return pct(trained) - pct(control)


@pytest.fixture(scope="module")
def jumping():
    pre = _diff(Subject(sex="female", age=35), JUMP, 5)
    post = _diff(Subject(sex="female", age=65, menopause_age=51), JUMP, 12)
    return pre, post


@pytest.mark.slow
def test_premenopausal_women_gain_from_jumping(jumping):
    pre, _ = jumping
    # Bassey 1998: femoral BMD +2.8 % after 5 months, more than in controls
    assert 1.0 <= pre[NECK] <= 4.0


@pytest.mark.slow
def test_premenopausal_women_gain_more_than_postmenopausal(jumping):
    pre, post = jumping
    assert pre[NECK] > post[NECK]


@pytest.mark.slow
@pytest.mark.xfail(reason="Bassey 1998: postmenopausal women gain nothing from the jumping "
                   "that builds +2.8 % in premenopausal women (no difference at 12 months, "
                   "n = 123, 95 % CI about +/-0.9 %); the model gives about +2.4 %", strict=True)
def test_postmenopausal_jumping_effect_within_bassey_interval(jumping):
    _, post = jumping
    assert post[NECK] < 0.9


@pytest.mark.slow
@pytest.mark.xfail(reason="Kelley 2013 (Bone 53:103), Mages 2021 (Nutrients 13:4244): exercise "
                   "effects in men are small (standardized 0.2-0.6, about 1 %); the model "
                   "gives a man of 60 about +3.7 % at the spine for resistance training",
                   strict=True)
def test_men_gain_about_as_little_as_trials_show():
    man = _diff(Subject(sex="male", age=60), PRT, 12)
    assert man[SPINE] <= 1.5 and man[NECK] <= 1.5
