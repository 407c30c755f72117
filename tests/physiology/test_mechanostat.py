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
                   "gave +1.0 % until stop 25 and +0.898 % since estrogen's osteoclast action is "
                   "weighted by envelope (stop 26): at the interval's edge, so not strict: "
                   "jumping at 3.5 BW is its strongest hip stimulus, stronger than LIFTMOR's, "
                   "which builds the neck in trials", strict=False)
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


# ------------------------------------------------------------------ detraining (issue 9, item 1)
MONTH = 30.4375
# Winters KM & Snow CM J Bone Miner Res 2000;15:2495: premenopausal women, 12 months of
# jumping (100 jumps) and lower-body resistance training (100 repetitions) 3 times a week,
# then 6 months of detraining.
WINTERS = (ImpactTraining(activity="jumping", sessions_per_week=3, impacts_per_session=100,
                          stop_day=12 * MONTH),
           ResistanceTraining(sessions_per_week=3, intensity_pct_1rm=70, sets=2, reps=10,
                              exercises=("squat", "lunge"), stop_day=12 * MONTH))


def test_remembered_stimulus_appears_at_stop_and_decays():
    from osteon.physiology.mechanics.training import habitual_stimulus

    jump = WINTERS[0]
    t = np.array([0.0, 6 * MONTH, 12 * MONTH - 1.0, 12 * MONTH + 1.0, 18 * MONTH, 36 * MONTH])
    mem = jump.remembered_stimulus(t, P)[:, 1]  # hip
    assert np.all(mem[:3] == 0.0)  # nothing is remembered while the programme runs
    assert mem[3] > mem[4] > mem[5] > 0.0
    # right after stopping, the cells remember about what they had accommodated to
    tau = P["training_accommodation_time"]
    u = -np.expm1(-(12 * MONTH) / tau)
    e = jump.added_stimulus(np.array([12 * MONTH - 1.0]), P)[0, 1]
    assert mem[3] == pytest.approx(P["training_accommodation_fraction"] * u * e, rel=0.02)
    # and this is felt as an underload relative to habitual: 2 to 10 times the habitual
    assert 1.0 < mem[3] / habitual_stimulus(P)[1] < 10.0


def test_only_a_stopped_programme_leaves_an_accommodated_load():
    from osteon.model import SITE_DRIVES, BoneModel, Cohort

    k = SITE_DRIVES.index("load_accommodated")
    going = tuple(type(p)(**{**p.__dict__, "stop_day": None}) for p in WINTERS)
    for programme, after_stop in ((WINTERS, True), (going, False)):
        sim = Simulation(Subject(sex="female", age=37.5), protocol=Protocol(programme), years=0.1)
        model = BoneModel(P, Cohort.from_subjects(sim.subjects), sim.protocol)
        before = model.site_drives(6 * MONTH)[k, 0, :4]
        after = model.site_drives(14 * MONTH)[k, 0, :4]
        assert np.all(before == 1.0)
        assert np.all(after > 1.0) if after_stop else np.all(after == 1.0)


@pytest.fixture(scope="module")
def detraining():
    woman = Subject(sex="female", age=37.5)
    control = Simulation(woman, years=2).run().bmd.isel(subject=0)
    trained = Simulation(woman, protocol=Protocol(WINTERS), years=2).run().bmd.isel(subject=0)

    def diff(m):
        return 100.0 * ((trained.isel(time=m) / trained.isel(time=0)).values
                        - (control.isel(time=m) / control.isel(time=0)).values)

    return {m: diff(m) for m in (12, 18, 24)}


@pytest.mark.slow
def test_training_gains_reverse_within_months_of_stopping(detraining):
    # Winters & Snow 2000: +1.5 (neck) and +1.9 (trochanter) points over controls at 12
    # months, lost after 6 months of detraining.
    for site in (NECK, 2):
        gain = detraining[12][site]
        assert gain > 1.0
        assert abs(detraining[18][site]) < 0.5 * gain


@pytest.mark.slow
def test_detraining_stops_near_the_untrained_control(detraining):
    # The reversal removes what the programme built, no more: 12 months after stopping the
    # trained women are within 0.75 points (half Winters & Snow's neck gain) of the controls.
    for site in (NECK, 2):
        assert abs(detraining[24][site]) < 0.75


@pytest.mark.slow
@pytest.mark.xfail(reason="Dalsky GP et al. Ann Intern Med 1988;108:824: postmenopausal women "
                   "gained +5.2 % at the lumbar spine in 9 months of weight-bearing training and "
                   "kept +1.1 % after 13 months of detraining; the model's running builds "
                   "nothing at a postmenopausal spine (estrogen-set modeling threshold), and "
                   "even with no threshold about +1.1 % (the meta-analyses' size: "
                   "test_running_misses_dalsky_by_its_stimulus_not_its_threshold), so there is "
                   "no gain of Dalsky's size to reverse", strict=True)
def test_dalsky_running_gain_then_partial_loss():
    woman = Subject(sex="female", age=62.5, menopause_age=51)
    run = (ImpactTraining(activity="running", sessions_per_week=3, minutes_per_session=55,
                          stop_day=9 * MONTH),)
    control = Simulation(woman, years=22 / 12).run().bmd.isel(subject=0)
    trained = Simulation(woman, protocol=Protocol(run), years=22 / 12).run().bmd.isel(subject=0)

    def diff(m):
        return 100.0 * ((trained.isel(time=m) / trained.isel(time=0)).values[SPINE]
                        - (control.isel(time=m) / control.isel(time=0)).values[SPINE])

    assert diff(9) > 3.0
    assert 0.0 < diff(22) < 0.5 * diff(9)


def _spine_9_months(woman, programme, params=None):
    res = Simulation(woman, protocol=Protocol(programme), parameters=params,
                     years=0.75).run().bmd.isel(subject=0)
    return 100.0 * float((res.isel(time=9) / res.isel(time=0)).values[SPINE] - 1.0)


DALSKY_WOMAN = Subject(sex="female", age=62.5)
DALSKY_RUN = ImpactTraining(activity="running", sessions_per_week=3, minutes_per_session=55)


def test_dalsky_control_gain_is_the_calcium_transient():
    # Dalsky 1988 gave every arm calcium 1500 mg/day; its controls changed -1.4 % ("no
    # change"), the model's +1.1 %. That rise is calcium's: supplements close the remodeling
    # space for a one-off +0.7 to +1.8 % (Tai V et al. BMJ 2015;351:h4183), over a spine
    # that loses without it.
    from osteon.physiology.nutrition.supplements import Calcium

    none = _spine_9_months(DALSKY_WOMAN, ())
    calcium = _spine_9_months(DALSKY_WOMAN, (Calcium(dose_mg=1500.0),))
    assert none < 0.0
    assert 0.7 <= calcium - none <= 1.8


def test_running_misses_dalsky_by_its_stimulus_not_its_threshold():
    # Exercise at the postmenopausal spine: standardized mean difference 0.37 (95 % CI
    # 0.25-0.50; Shojaa M et al. Front Physiol 2020;11:652), about 1 % for a change SD of about
    # 3 %; Dalsky 1988: 6.6 points at 9 months. The estrogen-set threshold silences running at
    # a postmenopausal spine; without any threshold, the stimulus reading (55 min at 2.5 BW
    # saturating to about the habitual day's spine stimulus) gives it about the meta-analytic
    # size, far from Dalsky's (scripts/training_contrasts.py, module docs).
    control = _spine_9_months(DALSKY_WOMAN, ())
    with_threshold = _spine_9_months(DALSKY_WOMAN, (DALSKY_RUN,)) - control
    no_threshold_p = P.replace(mech_modeling_threshold_estrogen=0.0)
    no_threshold = (_spine_9_months(DALSKY_WOMAN, (DALSKY_RUN,), no_threshold_p)
                    - _spine_9_months(DALSKY_WOMAN, (), no_threshold_p))
    assert abs(with_threshold) < 0.2
    assert 0.5 <= no_threshold <= 2.0
    assert no_threshold < 0.5 * 6.6
