"""Training through the mechanostat: resistance, impact and walking."""

from dataclasses import dataclass
from typing import ClassVar

import numpy as np
import pytest

from osteon import Protocol, Simulation, Subject
from osteon.errors import OsteonInputError
from osteon.parameters import default_parameters
from osteon.physiology.endocrine.background import Hormones
from osteon.physiology.mechanics.builders import BUILDERS
from osteon.physiology.mechanics.mechanostat import daily_stress_stimulus
from osteon.physiology.mechanics.training import (
    ImpactTraining,
    ResistanceTraining,
    Walking,
    bout_stimulus,
    exercise_loads,
    habitual_stimulus,
)
from osteon.protocol import Intervention, Signals

P = default_parameters()
MONTH = 365.25 / 12
SPINE, NECK = 0, 1

HIRIT = (  # LIFTMOR high-intensity resistance and impact training
    ResistanceTraining(sessions_per_week=2, intensity_pct_1rm=85, sets=5, reps=5,
                       exercises=("deadlift", "squat", "overhead_press"), progression="linear"),
    ImpactTraining(activity="drop_landing", sessions_per_week=2, impacts_per_session=25),
)
PRT = ResistanceTraining(sessions_per_week=3, intensity_pct_1rm=75, sets=3, reps=8,
                         exercises=("leg_press", "squat", "lunge", "hip_abduction"),
                         progression="linear")


def _signals(n: int = 1) -> Signals:
    one = np.ones(n)
    h = Hormones(estradiol=10 * one, testosterone=25 * one, progesterone=0.3 * one, gh=one,
                 igf1=150 * one, cortisol=12 * one)
    return Signals(hormones=h, load=np.ones((n, 4)), female=np.ones(n, bool), age=65 * one,
                   body_mass_kg=70 * one)


def _load(protocol, t, n=None):
    t = np.asarray(t, dtype=float)
    sig = _signals(t.size if n is None else n)
    return Protocol(protocol).apply(t, sig, P).load


def _pct(res, months):
    b = res.bmd.isel(subject=0)
    return 100.0 * (b.isel(time=months) / b.isel(time=0) - 1.0).values


@pytest.fixture(scope="module")
def postmenopausal():
    s = Subject(sex="female", age=65, menopause_age=51)
    control = Simulation(s, years=1).run()
    return s, control


# ---------------------------------------------------------------- stimulus arithmetic
def test_bout_stimulus_reduces_to_carters_sum_without_saturation():
    p = {**P, "training_cycle_saturation": 1e12}
    cycles, loads = np.array([5000.0, 100.0]), np.array([1.0, 3.0])
    ours = np.sum(bout_stimulus(cycles, loads, p)) ** (1 / 4)
    assert ours == pytest.approx(float(daily_stress_stimulus(cycles, loads)), rel=2e-3)


def test_cycles_saturate_and_peak_load_dominates():
    # 7000 steps at 1.2 BW vs 25 landings at 3.5 BW: saturation makes a few impacts count.
    walk = bout_stimulus(7000.0, 1.2, P)
    jumps = bout_stimulus(25.0, 3.5, P)
    assert jumps > 0.5 * walk
    assert bout_stimulus(2000.0, 1.2, P) < 2 * bout_stimulus(1000.0, 1.2, P)


def test_heavier_lifts_load_more_and_the_bench_press_spares_the_hip():
    s50, h50 = exercise_loads("squat", 0.5, P)
    s85, h85 = exercise_loads("squat", 0.85, P)
    assert s85 > s50 and h85 > h50
    assert exercise_loads("bench_press", 0.85, P)[1] == 0.0
    hab = habitual_stimulus(P)
    assert hab.shape == (2,) and np.all(hab > 0)
    # more habitual steps, more habitual stimulus
    assert np.all(habitual_stimulus(P, 12000.0) > hab)


# ------------------------------------------------------------------ load signal
def test_no_change_before_start_and_load_rises_during_training():
    rt = ResistanceTraining(start_day=30, sessions_per_week=3, intensity_pct_1rm=80, sets=3,
                            reps=8, exercises=("squat", "deadlift"))
    assert np.allclose(_load([rt], [0.0, 29.9]), 1.0)
    during = _load([rt], [31.0, 120.0, 400.0])
    assert np.all(during[:, [SPINE, NECK]] > 1.0)
    assert np.all(during[:, 3] < during[:, SPINE])  # total body only partly loaded
    # accommodation: the boost wanes while training goes on
    assert during[0, SPINE] > during[1, SPINE] > during[2, SPINE] > 1.0


def test_load_returns_to_habitual_at_stop_and_rest_restores_the_response():
    kw = dict(sessions_per_week=2, intensity_pct_1rm=85, sets=5, reps=5,
              exercises=("deadlift", "squat"))
    first = ResistanceTraining(stop_day=240, **kw)
    again = ResistanceTraining(start_day=600, **kw)
    end_of_first = _load([first], 239.0)
    assert np.allclose(_load([first, again], [250.0, 599.0]), 1.0)
    # after a rest the same programme is felt almost afresh (accommodation has decayed)
    restart = _load([first, again], 601.0)
    assert np.all(restart[0, :3] > end_of_first[0, :3])
    assert first.accommodation(600.0, P) < 0.1 < first.accommodation(239.0, P)


def test_one_repetition_maximum_scales_with_sex_and_age():
    from osteon.physiology.mechanics.training import strength_factor

    f = strength_factor(np.array([True, True, False, False]),
                        np.array([40.0, 80.0, 40.0, 80.0]), P)
    # Miller 1993: men stronger per body weight; Lindle 1997: strength falls with age
    assert f[2] > f[0] and f[3] > f[1]
    assert f[0] > f[1] and f[2] > f[3]
    assert 1.1 <= f[2] / f[0] <= 1.7
    # heavier external load for a man at the same %1RM, so more stimulus
    man = np.zeros(1, bool)
    sig_w, sig_m = _signals(1), _signals(1)
    sig_m.female = man
    Protocol([PRT]).apply(np.array([200.0]), sig_w, P)
    Protocol([PRT]).apply(np.array([200.0]), sig_m, P)
    assert np.all(sig_m.load[0, :3] > sig_w.load[0, :3])


def test_apply_is_vectorised():
    prot = [*HIRIT, Walking(start_day=10, stop_day=300, minutes_per_week=150)]
    times = np.array([-100.0, 0.0, 5.0, 40.0, 90.0, 200.0, 310.0, 1000.0])
    together = _load(prot, times)
    one_by_one = np.vstack([_load(prot, t, n=1) for t in times])
    assert np.allclose(together, one_by_one, rtol=1e-12)


def test_linear_progression_starts_lighter_and_reaches_the_full_intensity():
    kw = dict(sessions_per_week=2, intensity_pct_1rm=85, sets=5, reps=5, exercises=("squat",))
    lin = ResistanceTraining(progression="linear", **kw)
    flat = ResistanceTraining(progression="none", **kw)
    early, late = lin.added_stimulus(np.array([1.0, 200.0]), P)
    assert np.all(early < flat.added_stimulus(1.0, P))
    assert np.allclose(late, flat.added_stimulus(200.0, P))


def test_programmes_combine_in_carters_sum_in_any_order():
    rt, it = HIRIT
    t = np.array([60.0, 200.0])
    ab, ba = _load([rt, it], t), _load([it, rt], t)
    assert np.allclose(ab, ba)
    assert np.all(ab > _load([rt], t)) and np.all(ab > _load([it], t))  # adding never lowers
    # the programmes add in Carter's sum n s^m (L = (1 + sum E / H)^k), not as load factors
    k = P["training_load_exponent"]

    def added(load):
        return load[:, :3] ** (1.0 / k) - 1.0

    assert np.allclose(added(ab), added(_load([rt], t)) + added(_load([it], t)))


# ------------------------------------------------------------------ bone response
def test_liftmor_training_builds_spine_and_hip(postmenopausal):
    s, control = postmenopausal
    res = Simulation(s, protocol=Protocol(HIRIT), years=1).run()
    diff = _pct(res, 8) - _pct(control, 8)
    # LIFTMOR: spine +2.9 vs -1.2 (4.1 points), femoral neck +0.3 vs -1.9 (2.2 points)
    assert 1.0 < diff[SPINE] < 6.0
    assert diff[3] < diff[SPINE]


@pytest.mark.xfail(reason="LIFTMOR femoral neck +0.3 vs -1.9 % (2.2 points) at 8 months: with the "
                   "estrogen-set modeling threshold (issue 9) a postmenopausal hip does not build "
                   "under HiRIT, whose hip stimulus is below that of daily jumping, which builds "
                   "nothing in postmenopausal women (Bassey 1998)", strict=False)
def test_liftmor_training_builds_the_femoral_neck(postmenopausal):
    s, control = postmenopausal
    res = Simulation(s, protocol=Protocol(HIRIT), years=1).run()
    diff = _pct(res, 8) - _pct(control, 8)
    assert 0.3 < diff[NECK] < 3.0


def test_walking_builds_less_than_impact_training(postmenopausal):
    s, control = postmenopausal
    walk = Simulation(s, protocol=[Walking(minutes_per_week=150)], years=1).run()
    jump = Simulation(s, protocol=[ImpactTraining(activity="jumping", sessions_per_week=3,
                                                  impacts_per_session=50)], years=1).run()
    dw = _pct(walk, 12) - _pct(control, 12)
    dj = _pct(jump, 12) - _pct(control, 12)
    # Walking adds little in postmenopausal women (Martyn-St James & Carroll 2008); jumping
    # adds more, though little after menopause (Bassey 1998; the estrogen-set threshold).
    assert -0.05 < dw[NECK] < dj[NECK]


@dataclass(frozen=True)
class _Estradiol(Intervention):
    """Test helper: hold serum estradiol at ``level`` pg/mL during follow-up (phase 0)."""

    level: float = 80.0
    phase: ClassVar[int] = 0

    def apply(self, t, signals, params):
        on = np.broadcast_to(self.active(t), signals.female.shape)
        signals.set_hormones(estradiol=np.where(on, self.level, signals.hormones.estradiol))


def test_same_programme_builds_more_bone_with_estrogen(postmenopausal):
    s, control = postmenopausal
    trained = Simulation(s, protocol=[PRT], years=1).run()
    e2 = Simulation(s, protocol=[_Estradiol()], years=1).run()
    e2_trained = Simulation(s, protocol=[_Estradiol(), PRT], years=1).run()
    without = _pct(trained, 12) - _pct(control, 12)
    with_e2 = _pct(e2_trained, 12) - _pct(e2, 12)
    # Estrogen lowers the modeling threshold (Frost 1999; Kohrt WM et al. J Bone Miner Res
    # 1995;10:1303: exercise and estrogen add): the programme builds more with it.
    assert np.all(without[:3] > -0.05)
    assert np.all(with_e2[:3] > without[:3] + 0.3)


# ------------------------------------------------------------------ validation and builders
@pytest.mark.parametrize("kwargs, field", [
    (dict(intensity_pct_1rm=120), "intensity_pct_1rm"),
    (dict(intensity_pct_1rm=0), "intensity_pct_1rm"),
    (dict(sessions_per_week=15), "sessions_per_week"),
    (dict(exercises=("curl",)), "exercises"),
    (dict(exercises=()), "exercises"),
    (dict(sets=2.5), "sets"),
    (dict(progression="wave"), "progression"),
])
def test_resistance_training_rejects_bad_input(kwargs, field):
    with pytest.raises(OsteonInputError) as err:
        ResistanceTraining(**kwargs)
    assert err.value.field == f"resistance_training.{field}"
    assert err.value.example


def test_impact_and_walking_reject_bad_input():
    with pytest.raises(OsteonInputError, match="impacts_per_session or minutes_per_session"):
        ImpactTraining(activity="jumping", sessions_per_week=3)
    with pytest.raises(OsteonInputError, match="sessions_per_week"):
        ImpactTraining(activity="jumping", sessions_per_week=20, impacts_per_session=10)
    with pytest.raises(OsteonInputError, match="walking.minutes_per_week"):
        Walking()
    with pytest.raises(OsteonInputError, match="walking.steps_per_day"):
        Walking(steps_per_day=-5)


def test_builders_read_plain_mappings_and_trial_files(shared_dir):
    rt = BUILDERS["resistance_training"]({
        "intervention": "resistance_training", "sessions_per_week": 2, "intensity_pct_1rm": 85,
        "sets": 5, "reps": 5, "exercises": ["deadlift", "squat"], "start": "1 month",
        "stop": "8 months"})
    assert rt.start_day == pytest.approx(MONTH) and rt.stop_day == pytest.approx(8 * MONTH)
    with pytest.raises(OsteonInputError, match="intensity_pct_1rm"):
        BUILDERS["resistance_training"]({
            "intervention": "resistance_training", "sessions_per_week": 2,
            "intensity_pct_1rm": 105, "sets": 5, "reps": 5, "exercises": ["squat"]})
    walk = BUILDERS["walking"]({"intervention": "walking", "minutes_per_week": 210})
    assert walk.steps(P) == pytest.approx(3000.0)
    from osteon.trials.format import load_trial

    trial = load_trial(shared_dir / "validation" / "trials" / "liftmor-2018.yaml")
    built = [BUILDERS[s.kind](s) for s in trial.arm("hirit").interventions]
    assert [type(b) for b in built] == [ResistanceTraining, ImpactTraining]
    assert built[0].progression == "linear" and built[1].impacts_per_session == 25
