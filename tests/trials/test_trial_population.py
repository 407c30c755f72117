"""Virtual cohorts: determinism, defaults, covariates and honest notes."""

from __future__ import annotations

import numpy as np
import pytest
from trial_helpers import FIXTURES

from osteon import Subject
from osteon.trials.format import MeanSD, Population, TScoreSpec, load_trial
from osteon.trials.population import (
    AGE_RANGE,
    MENOPAUSE_AGE_RANGE,
    MENOPAUSE_AGE_SD,
    menopause_correlation,
    sample_cohort,
    sample_subjects,
)

WOMEN = Population(sex="female", age_years=MeanSD(58, 6), menopause="natural",
                   years_since_menopause=MeanSD(7, 4))


def test_same_seed_same_subjects():
    a = sample_subjects(WOMEN, 50, seed=7)
    b = sample_subjects(WOMEN, 50, seed=7)
    assert a == b
    assert all(isinstance(s, Subject) for s in a)


def test_other_seed_other_subjects():
    a = sample_subjects(WOMEN, 50, seed=7)
    b = sample_subjects(WOMEN, 50, seed=8)
    assert [s.age for s in a] != [s.age for s in b]


def test_adding_a_covariate_keeps_the_ages():
    with_labs = Population(sex="female", age_years=MeanSD(58, 6), menopause="natural",
                           years_since_menopause=MeanSD(7, 4),
                           estradiol_pg_ml=MeanSD(10, 4))
    a = sample_subjects(WOMEN, 30, seed=3)
    b = sample_subjects(with_labs, 30, seed=3)
    assert [s.age for s in a] == [s.age for s in b]
    assert [s.menopause_age for s in a] == [s.menopause_age for s in b]


def test_age_and_menopause_moments():
    subjects = sample_subjects(WOMEN, 4000, seed=1)
    age = np.array([s.age for s in subjects])
    ysm = np.array([s.years_since_menopause for s in subjects])
    assert age.mean() == pytest.approx(58, abs=0.3) and age.std() == pytest.approx(6, abs=0.3)
    assert ysm.mean() == pytest.approx(7, abs=0.3) and ysm.std() == pytest.approx(4, abs=0.3)


def test_menopause_age_keeps_a_realistic_spread():
    pop = Population(sex="female", age_years=MeanSD(64, 9), menopause="natural",
                     years_since_menopause=MeanSD(14, 9))
    subjects = sample_subjects(pop, 4000, seed=2)
    ma = np.array([s.menopause_age for s in subjects])
    assert ma.std() == pytest.approx(MENOPAUSE_AGE_SD, abs=0.5)
    assert menopause_correlation(9, 9) == pytest.approx((81 + 81 - 16) / 162)
    assert menopause_correlation(3, 0) == 0.0


def test_postmenopausal_women_are_all_past_menopause():
    """A positive mean years since menopause is drawn log-normal: nobody before menopause.

    Dixon 2008 (13 +/- 8 years): a normal put 5 % of the women before their final period,
    with ovarian estradiol that an aromatase inhibitor does not remove.
    """
    pop = Population(sex="female", age_years=MeanSD(63, 8.5), menopause="natural",
                     years_since_menopause=MeanSD(13, 8))
    ysm = np.array([s.years_since_menopause for s in sample_subjects(pop, 4000, seed=3)])
    assert ysm.min() > 0
    assert ysm.mean() == pytest.approx(13, abs=0.4) and ysm.std() == pytest.approx(8, abs=0.6)
    # around the transition (mean <= 0) the normal stays: some women are before it
    around = Population(sex="female", age_years=MeanSD(50, 3), menopause="natural",
                        years_since_menopause=MeanSD(-1, 2))
    ysm = np.array([s.years_since_menopause for s in sample_subjects(around, 2000, seed=3)])
    assert (ysm < 0).mean() > 0.5 and (ysm > 0).mean() > 0.2


def test_clipping_is_noted():
    pop = Population(sex="female", age_years=MeanSD(40, 10), menopause="natural",
                     years_since_menopause=MeanSD(-15, 2))
    cohort = sample_cohort(pop, 300, seed=5)
    ages = [s.age for s in cohort.subjects]
    mas = [s.menopause_age for s in cohort.subjects]
    assert min(ages) == AGE_RANGE[0] and max(mas) <= MENOPAUSE_AGE_RANGE[1]
    assert any(n.startswith("age:") and "clipped to [30, 100]" in n for n in cohort.notes)
    assert any(n.startswith("menopause age") for n in cohort.notes)


def test_defaults_when_keys_are_absent():
    women = Population(sex="female", age_years=MeanSD(55, 0))
    s = sample_subjects(women, 3, seed=1, between_person=False)[0]
    default = Subject(sex="female", age=55)
    assert s.menopause_age == default.menopause_age
    assert s.peak_bmd_z is None and s.physiology == {}
    # with between-person variability the menopause age is drawn around the default
    drawn = [x.menopause_age for x in sample_subjects(women, 2000, seed=1)]
    assert np.mean(drawn) == pytest.approx(default.menopause_age, abs=0.3)
    assert np.std(drawn) == pytest.approx(4.0, rel=0.1)
    assert s.steps_per_day == default.steps_per_day
    assert s.body_mass_kg == default.body_mass_kg
    assert s.labs == {} and s.t_score is None and s.gh_deficient is False
    assert s.menopause == "natural"
    man = sample_subjects(Population(sex="male", age_years=MeanSD(70, 5)), 2, seed=1)[0]
    assert man.menopause_age is None and man.sex == "male"


def test_covariates_reach_the_subject():
    pop = Population(
        sex="male", age_years=MeanSD(45, 10), gh_deficiency=True,
        testosterone_ng_dl=MeanSD(78, 77), igf1_ng_ml=MeanSD(80, 30),
        estradiol_pg_ml=MeanSD(20, 5),
        t_score=TScoreSpec("lumbar_spine", -2.8, 0.7), steps_per_day=MeanSD(8000, 2000))
    subjects = sample_subjects(pop, 2000, seed=11)
    assert all(s.gh_deficient for s in subjects)
    t = np.array([s.labs["testosterone_ng_dl"] for s in subjects])
    assert (t > 0).all() and t.mean() == pytest.approx(78, rel=0.12)
    assert np.mean([s.labs["igf1_ng_ml"] for s in subjects]) == pytest.approx(80, rel=0.05)
    assert {s.t_score["site"] for s in subjects} == {"lumbar_spine"}
    assert np.mean([s.t_score["value"] for s in subjects]) == pytest.approx(-2.8, abs=0.05)
    assert np.mean([s.steps_per_day for s in subjects]) == pytest.approx(8000, rel=0.05)


def test_surgical_menopause():
    pop = Population(sex="female", age_years=MeanSD(48, 3), menopause="surgical",
                     years_since_menopause=MeanSD(0, 0))
    subjects = sample_subjects(pop, 20, seed=1)
    assert all(s.menopause == "surgical" for s in subjects)
    assert all(s.menopause_age == pytest.approx(s.age) for s in subjects)


def test_diet_covariates_reach_the_subjects():
    t = load_trial(FIXTURES / "full-vocabulary.yaml")
    cohort = sample_cohort(t.population, 100, seed=4)
    assert cohort.unmodelled == {}
    for key in ("calcium_mg_per_day", "vitamin_d_25oh_nmol_l", "protein_g_per_kg_per_day"):
        values = [getattr(s, key) for s in cohort.subjects]
        assert all(v is not None and v > 0 for v in values), key
        assert len(set(values)) > 50, key  # sampled, not a constant
    assert len(cohort) == 100


def test_bad_cohort_size():
    with pytest.raises(ValueError):
        sample_subjects(WOMEN, 0, seed=1)
