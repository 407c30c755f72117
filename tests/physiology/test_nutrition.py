"""Nutrition: calcium, vitamin D, protein, vitamin K2, magnesium, zinc."""

import numpy as np
import pytest

from osteon import Protocol, Simulation, Subject
from osteon.errors import OsteonInputError
from osteon.parameters import default_parameters
from osteon.physiology.endocrine.background import Hormones
from osteon.physiology.nutrition import (
    BUILDERS,
    Calcium,
    Magnesium,
    Protein,
    VitaminD,
    VitaminK2,
    Zinc,
)
from osteon.physiology.nutrition.calcium_axis import (
    absorbed_calcium,
    first_order_course,
    fractional_absorption,
)
from osteon.protocol import Signals

P = default_parameters()
SPINE, NECK, HIP = 0, 1, 2


def _signals(n: int = 1) -> Signals:
    one = np.ones(n)
    h = Hormones(estradiol=10 * one, testosterone=25 * one, progesterone=0.3 * one, gh=one,
                 igf1=150 * one, cortisol=12 * one)
    return Signals(hormones=h, load=np.ones((n, 4)), female=np.ones(n, bool), age=65 * one,
                   body_mass_kg=70 * one)


def _apply(interventions, t, n=None):
    t = np.asarray(t, dtype=float)
    return Protocol(interventions).apply(t, _signals(t.size if n is None else n), P)


def _pct(res, month):
    b = res.bmd.isel(subject=0)
    return 100.0 * (b.isel(time=month) / b.isel(time=0) - 1.0).values


@pytest.fixture(scope="module")
def woman65():
    s = Subject(sex="female", age=65, menopause_age=50)
    return s, Simulation(s, years=3).run()


# ------------------------------------------------------------------ intakes
def test_fractional_absorption_falls_with_the_log_of_the_load():
    # Heaney 1990: 64% at 15 mg, 28.6% at 500 mg
    assert fractional_absorption(15.0, P) == pytest.approx(0.64, abs=0.015)
    assert fractional_absorption(500.0, P) == pytest.approx(0.286, abs=0.01)
    assert fractional_absorption(20000.0, P) == P["calcium_absorption_floor"]
    # 800 mg/day absorbs ~ 250-320 mg; a 1000 mg supplement adds less than a third of itself
    a0 = absorbed_calcium(800.0, P)
    a1 = absorbed_calcium(800.0, P, supplement_mg_per_dose=1000.0, supplement_doses_per_day=1.0)
    assert 250 < a0 < 320 and 0 < a1 - a0 < 333


def test_split_doses_are_absorbed_better_than_one_large_pill():
    diet = Calcium(dose_mg=1000.0, source="dietary").absorbed_ratio(800.0, P)
    pill = Calcium(dose_mg=1000.0).absorbed_ratio(800.0, P)
    split = Calcium(dose_mg=500.0, every_days=0.5).absorbed_ratio(800.0, P)
    assert split > pill > 1.0 and diet > 1.0
    # a low habitual intake gains more from the same supplement
    assert Calcium(dose_mg=1000.0).absorbed_ratio(400.0, P) > pill


def test_vitamin_d_dose_response_and_half_life():
    vd = VitaminD(dose_iu=800.0, stop_day=365.0)
    t = np.array([0.0, 15.0, 200.0, 380.0, 395.0])
    d = vd.serum_25oh(t, 50.0, P)
    # Heaney 2003: ~0.7 nmol/L per ug/day -> 800 IU (20 ug) gives ~ +14 nmol/L at steady state
    assert 10.0 < d[2] - 50.0 < 25.0
    assert d[1] - 50.0 == pytest.approx(0.5 * (d[2] - 50.0), rel=0.02)  # half-life ~15 days
    assert d[4] - 50.0 == pytest.approx(0.5 * (d[3] - 50.0), rel=0.02)  # washout
    assert d[0] == 50.0
    assert first_order_course(-5.0, 0.0, None, 15.0) == 0.0


def test_vitamin_d_lowers_pth_less_when_replete():
    """Lower 25(OH)D raises PTH, higher lowers it, and little above ~75 nmol/L (the
    calcium subsystem's calcitriol synthesis saturates in its substrate)."""
    def pth(d25):
        s = Subject(sex="female", age=60, menopause_age=50, vitamin_d_25oh_nmol_l=d25)
        return float(Simulation(s, years=0.5).run().pth.isel(subject=0, time=-1))

    low, mid, high, very_high = pth(25.0), pth(55.0), pth(75.0), pth(110.0)
    assert low > mid > high > very_high
    # diminishing returns: PTH falls less per nmol/L above 75 than between 25 and 55
    # (the calibrated model flattens less than Chapuy 1997 saw: see the issue note)
    assert (high - very_high) / 35.0 < (low - mid) / 30.0


# ------------------------------------------------------------------ signals
def test_nothing_changes_outside_the_intervention_window():
    items = [Calcium(dose_mg=1000.0, start_day=30, stop_day=60), Protein(start_day=30, stop_day=60),
             VitaminK2(agent="menaquinone_4", dose_mg=45.0, start_day=30, stop_day=60),
             Magnesium(dose_mg=300.0, start_day=30, stop_day=60),
             Zinc(dose_mg=15.0, start_day=30, stop_day=60)]
    for t in (0.0, 29.0, 60.0, 400.0):
        s = _apply(items, [t])
        for name in ("rankl_expression", "matrix_synthesis", "mineralization", "ob_recruitment"):
            assert np.allclose(getattr(s, name), 1.0), (t, name)
        assert s.hormones.igf1[0] == 150.0 and s.extrapolated == ()
        assert np.allclose(s.calcium_intake_mg_per_day, P["calcium_habitual_intake"])
        assert np.allclose(s.serum_magnesium_change, 0.0)
    during = _apply(items, [45.0])
    assert during.calcium_intake_mg_per_day[0] > P["calcium_habitual_intake"]
    assert during.serum_magnesium_change[0] > 0.0 and during.matrix_synthesis[0] > 1.0
    assert during.mineralization[0] > 1.0 and during.ob_recruitment[0] > 1.0
    assert during.hormones.igf1[0] > 150.0
    assert any("vitamin_k2" in x for x in during.extrapolated)
    assert any("zinc" in x for x in during.extrapolated)


def test_apply_is_vectorised():
    items = [Calcium(dose_mg=600.0, every_days=0.5), VitaminD(dose_iu=2000.0, stop_day=200.0),
             Protein(target_g_per_kg_per_day=0.7), VitaminK2(agent="menaquinone_7", dose_mg=0.18),
             Magnesium(dose_mg=250.0), Zinc(dose_mg=25.0, start_day=50.0)]
    times = np.array([-30.0, 0.0, 10.0, 100.0, 250.0, 1000.0])
    together = _apply(items, times)
    for i, t in enumerate(times):
        one = _apply(items, [t], n=1)
        for name in ("rankl_expression", "matrix_synthesis", "mineralization", "ob_recruitment",
                     "calcium_intake_mg_per_day", "serum_25ohd_nmol_l", "serum_magnesium_change"):
            assert np.allclose(np.broadcast_to(getattr(together, name), times.shape)[i],
                               getattr(one, name)), (t, name)
        assert together.hormones.igf1[i] == pytest.approx(one.hormones.igf1[0])


def test_per_subject_habitual_intake_is_used_when_signals_carry_it():
    s = _signals(2)
    s.calcium_mg_per_day = np.array([400.0, 1200.0])
    Calcium(dose_mg=1000.0).apply(np.zeros(2), s, P)
    added = s.calcium_intake_mg_per_day - s.calcium_mg_per_day
    # a supplement counts as less than its mass of dietary calcium, and as relatively more
    # for a low habitual intake (one large load against small meals)
    assert 0.0 < added[0] < 1000.0 and 0.0 < added[1] < 1000.0


# ------------------------------------------------------------------ bone response
def test_calcium_closes_the_remodeling_space_once(woman65):
    # Passes since the BMU balance carries lasting loss (issue 9, item 1); it was an xfail while
    # IGF-1 on every cavity's refill made the calcium gain grow from 12 to 36 months.
    s, control = woman65
    res = Simulation(s, protocol=[Calcium(dose_mg=1000.0)], years=3).run()
    d12, d36 = _pct(res, 12) - _pct(control, 12), _pct(res, 36) - _pct(control, 36)
    # Tai 2015: +1.2 (spine), +1.2 (neck), +1.4 (hip) at 12 months; +1.0 spine at 36 months
    assert np.all((0.5 < d12[:3]) & (d12[:3] < 2.5))
    assert d36[SPINE] < 1.5 * d12[SPINE]  # a one-off gain, not cumulative
    assert float((res.ctx / control.ctx).isel(subject=0, time=12)) < 0.95  # less resorption


def test_vitamin_d_gives_a_small_gain_smaller_than_calcium(woman65):
    s, control = woman65
    vd = Simulation(s, protocol=[VitaminD(dose_iu=800.0)], years=2).run()
    ca = Simulation(s, protocol=[Calcium(dose_mg=1000.0)], years=2).run()
    dv = _pct(vd, 24) - _pct(control, 24)
    dc = _pct(ca, 24) - _pct(control, 24)
    assert 0.05 < dv[NECK] < 1.5  # Reid 2014: +0.8 at the femoral neck
    assert dv[NECK] < dc[NECK]


def test_more_protein_builds_more_spine_and_raises_igf1():
    s = Subject(sex="female", age=62, menopause_age=50)
    low = Simulation(s, protocol=[Protein(target_g_per_kg_per_day=0.8)], years=1.5).run()
    high = Simulation(s, protocol=[Protein(target_g_per_kg_per_day=1.2)], years=1.5).run()
    diff = _pct(high, 18) - _pct(low, 18)
    assert 0.1 < diff[SPINE] < 1.5  # meta-analysis 2017: +0.52 points for 1.2 vs 0.8 g/kg
    assert float((high.igf1 - low.igf1).isel(subject=0, time=6)) > 0.0


def test_small_and_flagged_effects(woman65):
    s, control = woman65
    ca = _pct(Simulation(s, protocol=[Calcium(dose_mg=1000.0)], years=1).run(), 12)
    base = _pct(control, 12)
    for it in (VitaminK2(agent="menaquinone_4", dose_mg=45.0), Magnesium(dose_mg=300.0),
               Zinc(dose_mg=15.0)):
        d = _pct(Simulation(s, protocol=[it], years=1).run(), 12) - base
        assert 0.0 <= d[NECK] < 0.5 * (ca[NECK] - base[NECK]), it.kind
    ev = {e["intervention"]: e for e in Protocol([VitaminK2(dose_mg=0.18), Zinc(dose_mg=15.0),
                                                  Calcium(dose_mg=500.0)]).evidence()}
    assert ev["vitamin_k2"]["extrapolated"] and ev["zinc"]["extrapolated"]
    assert not ev["calcium"]["extrapolated"]


# ------------------------------------------------------------------ validation and builders
@pytest.mark.parametrize("make, field", [
    (lambda: Calcium(dose_mg=-5.0), "calcium.dose"),
    (lambda: Calcium(dose_mg=20000.0), "calcium.dose"),
    (lambda: Calcium(dose_mg=500.0, every_days=0.0), "calcium.every"),
    (lambda: VitaminD(dose_iu=1e6), "vitamin_d.dose"),
    (lambda: VitaminK2(agent="phylloquinone", dose_mg=1.0), "vitamin_k2.agent"),
    (lambda: Protein(target_g_per_kg_per_day=6.0), "protein.target_g_per_kg_per_day"),
    (lambda: Zinc(dose_mg=0.0), "zinc.dose"),
])
def test_bad_input_names_the_field(make, field):
    with pytest.raises(OsteonInputError) as err:
        make()
    assert err.value.field == field and err.value.example


def test_builders_from_mappings():
    ca = BUILDERS["calcium"]({"intervention": "calcium", "dose": "500 mg", "every": "1 day",
                              "source": "dietary", "stop": "12 months"})
    assert ca.source == "dietary" and ca.stop_day == pytest.approx(365.25)
    assert BUILDERS["vitamin_d"]({"intervention": "vitamin_d", "dose": "50000 IU",
                                  "every": "1 month"}).iu_per_day == pytest.approx(50000 / 30.4375)
    k2 = BUILDERS["vitamin_k2"]({"intervention": "vitamin_k2", "agent": "menaquinone_7",
                                 "dose": "180 ug", "every": "1 day"})
    assert k2.daily_mg == pytest.approx(0.18)
    with pytest.raises(OsteonInputError, match="calcium.dose"):
        BUILDERS["calcium"]({"intervention": "calcium", "dose": "1000 IU", "every": "1 day"})
    with pytest.raises(OsteonInputError, match="magnesium.dose"):
        BUILDERS["magnesium"]({"intervention": "magnesium", "dose": "-1 mg", "every": "1 day"})
    with pytest.raises(OsteonInputError, match="zinc.every"):
        BUILDERS["zinc"]({"intervention": "zinc", "dose": "15 mg"})
    assert set(BUILDERS) == {"calcium", "vitamin_d", "protein", "vitamin_k2", "magnesium", "zinc"}


@pytest.mark.parametrize("name, arm, kind", [
    ("tai-2015-calcium-supplements.yaml", "calcium", Calcium),
    ("reid-2014-vitamin-d.yaml", "vitamin_d", VitaminD),
    ("protein-meta-2017.yaml", "higher_protein", Protein),
])
def test_builders_from_trial_files(shared_dir, name, arm, kind):
    from osteon.trials.format import load_trial

    trial = load_trial(shared_dir / "validation" / "trials" / name)
    built = [BUILDERS[s.kind](s) for s in trial.arm(arm).interventions]
    assert len(built) == 1 and isinstance(built[0], kind)
