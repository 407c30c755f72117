"""Serum levels checked against published concentrations (issue 9 items 9 and 10).

Figures are from the abstracts cited in each trial file of ``validation/trials``; the
agreement band of a level is FORMAT.md's (within 25 % of the value without a CI). Figures
the model does not reproduce are marked ``xfail`` with the figure, not tuned here.
"""

from pathlib import Path

import numpy as np
import pytest

from osteon import Protocol, Subject, default_parameters
from osteon.model import BoneModel, Cohort
from osteon.physiology.pharmacology.gnrh_agonists import GnRHAgonist, adrenal_testosterone
from osteon.physiology.pharmacology.sex_hormones import (
    AromataseInhibitor,
    Gonadorelin,
)
from osteon.physiology.pharmacology.sex_hormones import (
    Testosterone as TRT,
)
from osteon.trials.format import load_trial
from osteon.trials.validate import validate_trial

PS = default_parameters()
TRIALS = Path(__file__).resolve().parents[3] / "validation" / "trials"
WEEK = 7.0


def signals(subject, interventions, times):
    times = np.atleast_1d(np.asarray(times, dtype=float))
    model = BoneModel(PS, Cohort.from_subjects([subject]).repeat(times.size),
                      Protocol(interventions))
    return model.signals(times)


def within(sim, value, rel=0.25):
    return abs(sim - value) <= rel * abs(value)


# ----------------------------------------------------------------- clearance and dose


def test_mens_testosterone_clearance_falls_with_age_as_coviello_measured():
    # Coviello 2006: apparent MCR 1821 +/- 102 L/day at 19-35 years, 1390 +/- 69 at 59-75.
    cl = TRT._clearance(PS, female=np.array([False, False]), age=np.array([27.0, 67.0]))
    assert cl[0] == pytest.approx(1821.0, rel=0.03)
    assert cl[1] == pytest.approx(1390.0, rel=0.03)
    # The same dose gives an older man a higher level.
    te = TRT(agent="testosterone_enanthate", dose_mg=125.0, every_days=WEEK)
    young, old = te.exogenous_steady_state(PS, np.array([False, False]), np.array([27.0, 67.0]))
    assert old / young == pytest.approx(1821.0 / 1390.0, rel=0.03)


def _gnrh_te_trough(dose_mg, age=30.0):  # subjects start at 30 (Bhasin: 18-35)
    """Trough after 20 weekly enanthate doses under a monthly GnRH-agonist depot."""
    man = Subject(sex="male", age=age)
    prot = [GnRHAgonist(agent="leuprolide", dose="7.5 mg", every="4 weeks"),
            TRT(agent="testosterone_enanthate", dose_mg=dose_mg, every_days=WEEK)]
    sig = signals(man, prot, [20 * WEEK])
    return float(sig.hormones_instant.testosterone[0])


@pytest.mark.parametrize(("dose", "nadir"), [
    pytest.param(25.0, 253.0, marks=pytest.mark.xfail(
        strict=True, reason="Bhasin 2001: 253 ng/dL at 25 mg/week; the model gives ~150. "
        "The published nadir is above the model's own interval average at that dose, so no "
        "depot half-life or Tmax reaches it: it would take about half the clearance that "
        "Coviello 2006 measured in the same design (see the test below)")),
    (50.0, 306.0), (125.0, 542.0), (300.0, 1345.0), (600.0, 2370.0)])
def test_enanthate_troughs_match_bhasin_2001(dose, nadir):
    assert within(_gnrh_te_trough(dose), nadir)


def test_bhasin_25mg_nadir_is_beyond_any_depot_shape_at_coviellos_clearance():
    # Why the 25 mg/week nadir (253 ng/dL) is a strict xfail and not a PK parameter to
    # refit: a trough is never above the dosing-interval average, and at the clearance that
    # Coviello 2006 measured in this very design (young men, GnRH agonist + weekly
    # enanthate: 1821 L/day) the average exogenous level of 25 mg/week, plus the adrenal
    # testosterone left under the agonist, stays below the published nadir. Reaching it
    # would take a clearance under 1400 L/day with a flat profile, and about 900 L/day with
    # the enanthate depot's ripple. The larger doses (125-600 mg) agree (test above).
    age = np.array([26.5])  # Bhasin 2001: 18-35 years
    te = TRT(agent="testosterone_enanthate", dose_mg=25.0, every_days=WEEK)
    average = float(te.exogenous_steady_state(PS, np.array([False]), age)[0])
    adrenal = float(adrenal_testosterone(age, PS)[0])
    assert average + adrenal < 253.0
    cl = float(TRT._clearance(PS, np.array([False]), age)[0])
    assert cl == pytest.approx(1821.0, rel=0.03)
    flat_cl = cl * average / (253.0 - adrenal)  # clearance for the nadir with no ripple
    assert flat_cl < 1400.0


def test_enanthate_trough_rises_with_dose_over_a_24_fold_range():
    troughs = [_gnrh_te_trough(d) for d in (25.0, 50.0, 125.0, 300.0, 600.0)]
    assert np.all(np.diff(troughs) > 0)
    # Bhasin 2001: 600 mg gives 4.4x the 125 mg trough (2370 / 542); dose ratio 4.8.
    assert troughs[-1] / troughs[2] == pytest.approx(2370.0 / 542.0, rel=0.15)


# ---------------------------------------------------------------- GnRH-agonist castration


def test_castrate_testosterone_is_adrenal_and_falls_with_age():
    # Finkelstein 2013: 44 ng/dL on goserelin at 20-50 years; Smith 2007: 13 ng/dL and
    # Spitz 2012: 15.9 ng/dL in men with prostate cancer (about 70).
    gos = GnRHAgonist(agent="goserelin", dose="3.6 mg", every="4 weeks")
    young = signals(Subject(sex="male", age=35), [gos], [112.0]).hormones.testosterone[0]
    old = signals(Subject(sex="male", age=72), [gos], [112.0]).hormones.testosterone[0]
    assert within(young, 44.0)
    assert within(old, 14.5)
    assert old < young < 50.0
    # A man whose own level is below the adrenal figure keeps what he has, no more.
    low = Subject(sex="male", age=35, labs={"testosterone_ng_dl": 30})
    assert signals(low, [gos], [112.0]).hormones.testosterone[0] <= 30.0 * 1.001
    assert adrenal_testosterone(35.0 + PS["adrenal_androgen_halving_years"], PS) == \
        pytest.approx(PS["gnrh_adrenal_testosterone"] / 2)


# ------------------------------------------------------- feedback and gonadorelin (bounded)


def test_exogenous_testosterone_suppresses_and_gonadorelin_only_partly_restores():
    man = Subject(sex="male", age=40)
    tc = TRT(agent="testosterone_cypionate", dose_mg=100.0, every_days=WEEK)
    ai = AromataseInhibitor(agent="anastrozole", dose_mg=0.5, every_days=3.5)
    on_trt = signals(man, [tc], [120.0])
    base = float(on_trt.baseline.testosterone[0])
    # Matsumoto 1990: 100 mg/week leaves little of the man's own production.
    assert on_trt.handover.endogenous_testosterone[0] < 0.3 * base
    full = signals(man, [tc, ai, Gonadorelin()], [120.0])
    # Gonadorelin never lifts the man's own production above its pre-therapy level ...
    assert full.handover.endogenous_testosterone[0] <= base * 1.001
    # ... so the total stays in the range reported for 100 mg/week, not 1,500-1,800 ng/dL.
    assert full.hormones.testosterone[0] < 1000.0
    assert full.extrapolated  # no human data on gonadorelin during TRT


# ------------------------------------------------------ the new level files, end to end

_NEW_LEVEL_FILES = [
    "bhasin-2001-testosterone-enanthate-dose-response",
    "smith-2007-leuprolide-castrate-testosterone",
    "spitz-2012-leuprolide-6-month-depot",
    "dixon-2008-anastrozole-letrozole-estradiol",
    "coviello-2006-testosterone-young-men",
    "coviello-2006-testosterone-older-men",
    "finkelstein-2013-goserelin-testosterone-dose",
    "kenny-2010-testosterone-gel-frail-men",
    "chapman-1996-mk677-igf1",
    "leder-2004-anastrozole-dose-elderly-men",
    "ettinger-2004-ultralow-transdermal-estradiol",
]
_KNOWN_MISSES = {  # (file, arm, at): the published figure and why it is missed
    ("bhasin-2001-testosterone-enanthate-dose-response", "te_25mg"):
        "253 ng/dL nadir at 25 mg/week: low-dose troughs above dose-proportional",
    ("coviello-2006-testosterone-older-men", "cohort"):
        "316 ng/dL in men aged 59-75: a selected sample; the background follows population "
        "cohorts (MrOS about 430 ng/dL at 73), not this study's men",
    ("ettinger-2004-ultralow-transdermal-estradiol", "estradiol_14ug"):
        "medians of 8.5 and 8.6 pg/mL on 14 ug/day (a rise of 3.7 over the median of 4.8, "
        "sensitive assay); the model adds 10.4, the Menostar label's Cavg over background",
    ("dixon-2008-anastrozole-letrozole-estradiol", "anastrozole"):
        "0.74 pg/mL after 3 months (authors' extrapolation below the assay limit); the model "
        "gives 0.52, the mean subject's 0.53: anastrozole's blockade is Geisler 2002's "
        "whole-body aromatization (96.7 %), which with the 95 % aromatized share leaves 8 % "
        "where Dixon measured 10 %. (Before stop 32 the cohort gave 1.3: a postmenopausal "
        "woman's estradiol above the population's extragonadal level was taken as ovarian "
        "and left alone; letrozole's arm agrees since that was fixed)",
}


@pytest.mark.slow
@pytest.mark.parametrize("name", _NEW_LEVEL_FILES)
def test_new_level_files_agree_except_the_known_misses(name):
    # 30 subjects per arm, seed 2026: the settings of scripts/physio_measure.py.
    report = validate_trial(load_trial(TRIALS / f"{name}.yaml"), subjects=30)
    for r in report.results:
        if r.measure != "level":
            continue
        miss = _KNOWN_MISSES.get((name, r.arm))
        if miss is None:
            assert r.agree, f"{name} {r.arm} {r.site}: {r.simulated:.1f} vs {r.published}"
        else:
            assert not r.agree, f"now agrees, remove from the known misses: {miss}"


# ------------------------------------------------------- progestins (issue 9 item 10)

PRIOR = "prior-2017-estrogen-progestin-vs-estrogen-spine"


def _ept_minus_et():
    report = validate_trial(load_trial(TRIALS / f"{PRIOR}.yaml"), subjects=20)
    (r,) = report.results
    return r


@pytest.mark.slow
def test_progestin_adds_spine_density_to_estrogen_in_the_right_direction():
    # Prior 2017: EPT - ET = +0.68 %/year at the spine (CEE 0.625 mg +/- MPA 2.5 mg).
    assert _ept_minus_et().simulated > 0.0


@pytest.mark.slow
@pytest.mark.xfail(strict=True, reason=(
    "Prior 2017: EPT - ET +1.36 points over 2 years (0.68 %/year, CI 0.38-0.97); the model "
    "gives ~0.07 with ob_progesterone_gain 0.05. A gain of ~1.1 reproduces it but makes every "
    "estrogen + progestin arm overshoot (PEPI, WHI) and adds ~2 points of transmenopausal loss; "
    "left for a joint refit with the estrogen parameters (scripts/refit_progestin.py)"))
def test_progestin_effect_size_matches_prior_2017():
    assert _ept_minus_et().agree


# ----------------------------------------------- gel absorption: less than dose-proportional


def _gel(dose_mg):
    return TRT(agent="testosterone_gel", dose_mg=dose_mg, every_days=1.0)


def test_gel_absorbed_share_falls_with_dose_as_swerdloff_measured():
    # Swerdloff 2000: 9-14 % of the applied testosterone bioavailable on 50-100 mg/day, and
    # the 24-h average on 100 mg/day 1.4 times that on 50 mg/day.
    shares = [_gel(d).gel_absorbed_share(PS) for d in (50.0, 100.0)]
    assert 0.09 <= min(shares) and max(shares) <= 0.14
    male = np.array([False])
    lo, hi = (_gel(d).exogenous_steady_state(PS, male, np.array([50.0]))[0]
              for d in (50.0, 100.0))
    assert hi / lo == pytest.approx(1.4, rel=0.05)
    # A single share for every dose (the old 0.10) would give 2.0.
    assert hi / lo < 1.6


def test_low_dose_gel_in_suppressed_young_men_matches_finkelstein_2013():
    # Finkelstein 2013: 1.25 and 2.5 g of 1 % gel with goserelin, men aged 20-50: mean
    # levels 191 and 337 ng/dL, of which about 44 is adrenal (the placebo-gel arm).
    male, age = np.array([False]), np.array([35.0])
    adrenal = float(adrenal_testosterone(35.0, PS))
    for dose, measured in ((12.5, 191.0), (25.0, 337.0)):
        exo = float(_gel(dose).exogenous_steady_state(PS, male, age)[0])
        assert within(exo + adrenal, measured)
    # With the old dose-independent share (0.10) the 1.25 g arm got about half.
    exo_old = 1e5 * 0.10 * 12.5 / float(TRT._clearance(PS, male, age)[0])
    assert not within(exo_old + adrenal, 191.0)


def test_gel_level_hardly_moves_over_the_day_and_matches_kenny_2010():
    # Swerdloff 2000: gel levels fluctuate modestly over the day (a saturated skin flux);
    # Kenny 2010: 583 ng/dL at 12 months on 50 mg/day in men aged about 77.
    man = Subject(sex="male", age=77)
    hours = 365.0 + np.array([0.0, 0.25, 0.5, 0.75])
    sig = signals(man, [_gel(50.0)], hours)
    inst = sig.hormones_instant.testosterone
    assert np.ptp(inst) < 0.05 * np.mean(inst)
    assert all(within(x, 583.0) for x in inst)
