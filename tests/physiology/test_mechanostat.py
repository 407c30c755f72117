"""Sex-steroid contrasts of training trials (issue 9, item 4), against cited figures.

Load above the habitual builds bone only past a modeling threshold that estrogen-receptor
occupancy sets (osteon.physiology.mechanics.mechanostat); the sex-steroid-scaled gain now
answers only density lost at habitual or lower load. Where trials show what the model does
not reproduce, the test is an xfail that gives the figure (scripts/training_contrasts.py
measures all of them).
"""

import numpy as np
import pytest

from osteon import Protocol, Simulation, Subject
from osteon.parameters import default_parameters
from osteon.physiology.endocrine.receptors import estrogen_occupancy
from osteon.physiology.mechanics.mechanostat import modeling_response, modeling_threshold
from osteon.physiology.mechanics.training import ImpactTraining, ResistanceTraining

P = default_parameters()
SPINE, NECK = 0, 1
# Bassey EJ et al. J Bone Miner Res 1998;13:1805: 50 vertical jumps, 6 days a week.
JUMP = (ImpactTraining(activity="jumping", sessions_per_week=6, impacts_per_session=50),)
PRT = (ResistanceTraining(sessions_per_week=3, intensity_pct_1rm=75, sets=3, reps=8,
                          exercises=("leg_press", "squat", "lunge", "hip_abduction"),
                          progression="linear"),)


def _threshold(estradiol_pg_ml: float) -> float:
    pi_e = estrogen_occupancy(np.array([estradiol_pg_ml]), P["estrogen_ec50"],
                              P["estrogen_hill"])
    return float(modeling_threshold(pi_e, threshold_gain=P["mech_modeling_threshold_estrogen"])[0])


# ------------------------------------------------------------------ fast checks
def test_threshold_orders_premenopausal_men_postmenopausal():
    # Serum estradiol: premenopausal ~100 pg/mL, men of 60 ~20, postmenopausal ~10.
    pre, man, post = _threshold(100.0), _threshold(20.0), _threshold(10.0)
    assert 0.0 <= pre < man < post
    assert post > 4.0 * pre


def test_modeling_needs_load_above_the_habitual_and_past_the_threshold():
    kw = dict(modeling_gain=1.0, width=P["mech_smoothing"])
    pre, post = _threshold(100.0), _threshold(10.0)
    # no load added: nothing, whatever the density already lost (error_habitual > 0)
    assert modeling_response(0.3, 0.3, pre, **kw) == pytest.approx(0.0, abs=1e-12)
    # the same added load builds far more below a low threshold than a high one
    loaded = post  # a stimulus that just reaches the postmenopausal threshold
    assert modeling_response(loaded, 0.0, pre, **kw) > 0.5 * (post - pre)
    assert modeling_response(loaded, 0.0, post, **kw) < 0.05


# ------------------------------------------------------------------ simulations (slow)
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
def test_postmenopausal_women_gain_much_less_from_the_same_jumping(jumping):
    pre, post = jumping
    # Bassey 1998: premenopausal +2.8 % at 5 months, postmenopausal no difference at 12
    assert post[NECK] < 0.6 * pre[NECK]


@pytest.mark.slow
@pytest.mark.xfail(reason="Bassey 1998: postmenopausal women gain nothing from the jumping "
                   "(no difference at 12 months, n = 123, 95 % CI about +/-0.9 %); the model "
                   "keeps about +1.2 %: jumping at 3.5 BW is its strongest hip stimulus, "
                   "stronger than LIFTMOR's, which builds the neck in trials", strict=True)
def test_postmenopausal_jumping_effect_within_bassey_interval(jumping):
    _, post = jumping
    assert post[NECK] < 0.9


@pytest.mark.slow
def test_men_gain_about_what_trials_in_men_show():
    # Kelley GA et al. Bone 2013;53:103, Mages M et al. Nutrients 2021;13:4244: exercise
    # effects in men are small, standardized 0.2-0.6 of a change SD of about 2-4 %, so
    # about 0.4-2.4 %; before the threshold the model gave a man of 60 +3.7 % at the spine.
    man = _diff(Subject(sex="male", age=60), PRT, 12)
    assert 0.3 <= man[SPINE] <= 2.5
    assert man[NECK] <= 2.5
