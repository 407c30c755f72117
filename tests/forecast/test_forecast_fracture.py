"""10-year fracture probability (osteon.forecast.fracture)."""

import numpy as np
import pytest

from osteon.errors import OsteonInputError
from osteon.forecast import _fracture_data as data
from osteon.forecast import fracture as fx
from osteon.forecast.fracture import FractureRisk, fracture_probability

SEXES = ("female", "male")


def p(**kw):
    return fracture_probability(**kw)


# --- the published inputs are read as published ---------------------------------------------


@pytest.mark.parametrize("sex", SEXES)
def test_hip_table_reproduces_its_published_age_adjusted_rate_within_rounding(sex):
    """Ettinger 2010 Table 1: the rows (rates rounded to 0.01 per 1,000 and fracture counts)
    must give the published age-adjusted subtotal (4.97 women, 2.09 men per 1,000) within the
    rounding of the rates: a transcription check of the table."""
    counts = np.array(data.HIP_FRACTURES_2006[sex].values, float)
    rates = np.array(data.HIP_INCIDENCE[sex].values)
    lo = counts.sum() / (counts / (rates - 0.005)).sum()
    hi = counts.sum() / (counts / (rates + 0.005)).sum()
    published = data.HIP_AGE_ADJUSTED_2006[sex].value
    assert lo - 0.005 <= published <= hi + 0.005
    assert lo <= fx.age_adjusted_hip_incidence(sex) <= hi


def test_published_gradients_are_used_at_their_ages():
    """Johnell 2005: 2.88 (women), 2.94 (men) per SD at 65 for hip; 1.38 / 1.41 for
    osteoporotic fracture. Kanis 2007: 3.7 per SD at 50 for hip."""
    assert fx.gradient_of_risk(65, "female", "hip") == pytest.approx(2.88)
    assert fx.gradient_of_risk(65, "male", "hip") == pytest.approx(2.94)
    assert fx.gradient_of_risk(50, "female", "hip") == pytest.approx(3.7)
    assert fx.gradient_of_risk(65, "female", "major") == pytest.approx(1.38)
    assert fx.gradient_of_risk(65, "male", "major") == pytest.approx(1.41)
    ages = np.arange(50, 91)
    assert np.all(np.diff(fx.gradient_of_risk(ages, "female", "hip")) < 0)  # falls with age


def test_glucocorticoid_rr_at_the_published_ages():
    """Kanis 2004: BMD-adjusted RR 4.42 (hip) and 2.63 (osteoporotic) at 50, 2.48 and 1.71
    at 85."""
    assert fx.glucocorticoid_rr(50, "hip") == pytest.approx(4.42)
    assert fx.glucocorticoid_rr(85, "hip") == pytest.approx(2.48)
    assert fx.glucocorticoid_rr(50, "major") == pytest.approx(2.63)
    assert fx.glucocorticoid_rr(85, "major") == pytest.approx(1.71)


@pytest.mark.parametrize("sex", SEXES)
def test_relative_hazard_averages_to_one_over_the_population(sex):
    """E[GR^-Z] normalisation: averaged over Z ~ N(0, 1) the individual hazard is the
    population incidence (Gauss-Hermite quadrature)."""
    x, w = np.polynomial.hermite_e.hermegauss(60)
    w = w / w.sum()
    for age in (50, 65, 80, 90):
        for outcome in ("hip", "major"):
            mean = np.sum(w * fx.relative_hazard(x, age, sex, outcome))
            assert mean == pytest.approx(1.0, rel=1e-10)


@pytest.mark.parametrize("sex", SEXES)
def test_population_tables_behave(sex):
    ages = np.arange(50, 91)
    # log-linear between age-group midpoints 52.5 ... 87.5 (85+), held outside them
    assert np.all(np.diff(fx.hip_incidence(ages, sex)) >= 0)
    assert np.all(np.diff(fx.hip_incidence(np.arange(53, 88), sex)) > 0)
    assert np.all(np.diff(fx.death_hazard(ages, sex)) > 0)
    ratio = fx.mof_to_hip_ratio(sex)
    assert np.all(ratio > 1) and np.all(np.diff(ratio) < 0)  # MOF/hip falls with age
    assert np.all(fx.major_incidence(ages, sex) > fx.hip_incidence(ages, sex))
    # women have more fractures than men at every age
    assert np.all(fx.hip_incidence(ages, "female") > fx.hip_incidence(ages, "male"))


def test_population_implied_by_the_table_is_plausible():
    """Fractures / rate: about 37.5 million US white women and 32 million men aged 50+ in
    2006 (a sanity check of the transcription, not a cited number)."""
    assert 30 < fx.population_2006("female").sum() < 45
    assert 25 < fx.population_2006("male").sum() < 40


# --- properties of the probabilities --------------------------------------------------------


@pytest.mark.parametrize("sex", SEXES)
def test_probabilities_are_in_range_and_hip_never_exceeds_major(sex):
    for age in (50, 60, 70, 80, 90):
        for t in np.arange(-6.0, 4.01, 0.5):
            for extra in ({}, {"prior_fracture": True, "glucocorticoids": True,
                               "falls_last_year": 2, "bmi": 17.0}):
                r = p(sex=sex, age=age, fn_t_score=float(t), **extra)
                assert 0.0 <= r.hip <= r.major <= 1.0
                assert np.all(np.diff(r.hip_by_year) >= 0)
                assert np.all(np.diff(r.major_by_year) >= 0)
                assert r.hip_by_year[-1] == r.hip and r.major_by_year[-1] == r.major


@pytest.mark.parametrize("sex", SEXES)
@pytest.mark.parametrize("outcome", ["hip", "major"])
def test_monotone_in_t_score(sex, outcome):
    for age in range(50, 91, 5):
        v = [getattr(p(sex=sex, age=age, fn_t_score=float(t)), outcome)
             for t in np.arange(-5.0, 3.01, 0.25)]
        assert np.all(np.diff(v) < 0), (age, v)


@pytest.mark.parametrize("sex", SEXES)
@pytest.mark.parametrize("outcome", ["hip", "major"])
def test_monotone_in_age_from_50_to_80(sex, outcome):
    """At a fixed T-score risk rises with age from 50 to 80. Past 80 competing mortality can
    lower the 10-year probability, as in FRAX (Kanis 2008, Table 3: hip at T = -4 falls from
    19.7 % at 80 to 16.9 % at 90 in UK women)."""
    for t in np.arange(-4.0, 1.01, 0.5):
        v = [getattr(p(sex=sex, age=a, fn_t_score=float(t)), outcome) for a in range(50, 81)]
        assert np.all(np.diff(v) > 0), (t, v)


@pytest.mark.parametrize("sex", SEXES)
def test_each_risk_factor_raises_risk(sex):
    base = p(sex=sex, age=70, fn_t_score=-2.0)
    for kw in ({"prior_fracture": True}, {"glucocorticoids": True}, {"falls_last_year": 1},
               {"bmi": 17.5}, {"bmi": 36.0}):
        r = p(sex=sex, age=70, fn_t_score=-2.0, **kw)
        assert r.hip > base.hip and r.major > base.major, kw
    assert p(sex=sex, age=70, fn_t_score=-2.0, bmi=27.0).hip == base.hip
    assert p(sex=sex, age=70, fn_t_score=-2.0, falls_last_year=3).hip == p(
        sex=sex, age=70, fn_t_score=-2.0, falls_last_year=1).hip


def test_body_mass_and_height_give_the_bmi():
    a = p(sex="female", age=70, fn_t_score=-2.0, body_mass_kg=47.0, height_cm=165.0)
    b = p(sex="female", age=70, fn_t_score=-2.0, bmi=47.0 / 1.65**2)
    assert a.hip == b.hip and a.inputs["bmi"] == pytest.approx(17.26, abs=0.01)


def test_prior_fracture_multiplies_the_hazard_by_its_relative_risk():
    """With small probabilities the 1-year probability scales with the hazard: x 1.86."""
    a = p(sex="female", age=55, fn_t_score=0.0, years=1)
    b = p(sex="female", age=55, fn_t_score=0.0, years=1, prior_fracture=True)
    assert b.hip / a.hip == pytest.approx(1.86, rel=1e-3)


# --- the forecast trajectory ----------------------------------------------------------------


def test_trajectory():
    flat = p(sex="female", age=62, fn_t_score=-1.8)
    same = p(sex="female", age=62, fn_t_score=-1.8, t_score_trajectory=[-1.8] * 11)
    assert same.hip == flat.hip and same.major == flat.major
    losing = p(sex="female", age=62, t_score_trajectory=[-1.8 - 0.08 * k for k in range(11)])
    gaining = p(sex="female", age=62, t_score_trajectory=[-1.8 + 0.03 * k for k in range(11)])
    assert losing.hip > flat.hip > gaining.hip
    assert losing.major > flat.major > gaining.major
    short = p(sex="female", age=62, t_score_trajectory=[-1.8, -1.9, -2.0])
    held = p(sex="female", age=62, t_score_trajectory=[-1.8, -1.9] + [-2.0] * 9)
    assert short.hip == held.hip
    assert losing.inputs["fn_t_score_end"] == pytest.approx(-2.6)


def test_bmd_input_is_converted_like_a_t_score():
    from osteon.forecast.dxa import t_score_from_bmd

    a = p(sex="male", age=72, fn_bmd=0.70)
    b = p(sex="male", age=72, fn_t_score=float(t_score_from_bmd(0.70, "male", "femoral_neck")))
    assert a.hip == pytest.approx(b.hip)
    lunar = p(sex="male", age=72, fn_bmd=0.70, manufacturer="ge_lunar")
    assert lunar.hip > a.hip  # the same number on a Lunar scanner is a lower Hologic BMD


def test_years():
    r = p(sex="male", age=75, fn_t_score=-2.5, years=5)
    assert r.years == 5 and len(r.hip_by_year) == 5
    assert r.hip < p(sex="male", age=75, fn_t_score=-2.5).hip
    assert r.hip == pytest.approx(p(sex="male", age=75, fn_t_score=-2.5).hip_by_year[4])


# --- the result -----------------------------------------------------------------------------


def test_result_carries_model_citations_and_limits():
    r = p(sex="female", age=68, fn_t_score=-2.2)
    assert isinstance(r, FractureRisk)
    assert "gradient" in r.model and r.evidence == "human observational"
    assert any("Johnell" in c for c in r.citations)
    assert any("Ettinger" in c for c in r.citations)
    for word in ("ethnicity", "not FRAX", "2006", "independently"):
        assert word in r.limits
    assert "10-year probability" in r.summary()


# --- comparisons with published FRAX probabilities (not reproductions) ----------------------


def test_against_frax_usa_published_example():
    """FRAX USA, 65-year-old white woman, no risk factor, femoral-neck T-score -2.3 (Hologic):
    major 10 %, hip 2.2 % (Endotext, Osteoporosis: clinical evaluation, Fig. 6). FRAX's hazard
    functions are not public; this model gives major within 15 % and hip within a factor 1.6
    (10.8 % and 3.3 %)."""
    r = p(sex="female", age=65, fn_t_score=-2.3)
    assert abs(100 * r.major - 10.0) / 10.0 < 0.15
    assert 1 / 1.6 < 100 * r.hip / 2.2 < 1.6


# Kanis JA et al. Osteoporos Int 2008;19:385, Table 3: 10-year probability (%) in the UK, BMI
# 25, no clinical risk factor, by age and femoral-neck T-score (+1, 0, -1, -2, -3, -4).
FRAX_UK = {
    ("female", "hip"): {60: [0.1, 0.2, 0.4, 1.4, 4.4, 13.5], 70: [0.1, 0.4, 0.9, 2.4, 6.3, 16.2],
                        80: [0.5, 1.0, 2.1, 4.4, 9.5, 19.7], 90: [1.2, 2.0, 3.5, 5.8, 9.8, 16.9]},
    ("male", "hip"): {60: [0.1, 0.2, 0.6, 1.9, 5.6, 15.6], 70: [0.2, 0.5, 1.1, 2.6, 5.9, 12.9],
                      80: [0.6, 1.1, 1.9, 3.4, 6.1, 10.7], 90: [1.2, 1.8, 2.5, 3.8, 5.6, 8.3]},
    ("female", "major"): {50: [3.0, 3.3, 3.8, 5.2, 8.5, 17.7],
                          60: [4.2, 4.8, 5.6, 7.9, 12.6, 23.0],
                          70: [5.6, 6.8, 8.4, 11.5, 18.2, 30.4],
                          80: [5.8, 7.5, 10.1, 13.8, 21.7, 34.3],
                          90: [5.1, 7.1, 9.9, 13.8, 20.0, 30.3]},
    ("male", "major"): {50: [2.5, 2.7, 3.5, 5.1, 9.2, 20.9], 60: [3.0, 3.5, 4.5, 6.8, 11.5, 22.2],
                        70: [3.6, 4.3, 5.5, 8.2, 12.8, 20.9], 80: [3.2, 4.0, 5.2, 7.6, 11.3, 16.9],
                        90: [3.1, 3.9, 5.1, 6.9, 9.7, 13.5]},
}
T_COLUMNS = (1.0, 0.0, -1.0, -2.0, -3.0, -4.0)


def _ratios(sex, outcome, ages, t_cols):
    out = []
    for age in ages:
        row = FRAX_UK[(sex, outcome)][age]
        for t in t_cols:
            frax = row[T_COLUMNS.index(t)]
            ours = 100 * getattr(p(sex=sex, age=age, fn_t_score=t), outcome)
            out.append(ours / frax)
    return np.array(out)


@pytest.mark.parametrize("sex", SEXES)
def test_hip_same_order_as_frax_uk(sex):
    """US hip incidence is higher than the UK's; within a factor 2.5 of FRAX UK at 60-90 for
    T-scores -1 to -3."""
    r = _ratios(sex, "hip", (60, 70, 80, 90), (-1.0, -2.0, -3.0))
    assert np.all((r > 0.4) & (r < 2.5)), r


@pytest.mark.parametrize("sex", SEXES)
def test_major_close_to_frax_uk_from_70(sex):
    """Major osteoporotic fracture within a factor 1.7 of FRAX UK at 70-90, T -1 to -3."""
    r = _ratios(sex, "major", (70, 80, 90), (-1.0, -2.0, -3.0))
    assert np.all((r > 1 / 1.7) & (r < 1.7)), r


def test_major_women_at_50_and_60_within_a_factor_17_of_frax_uk():
    """Women at 50-60: 0.6-1.0 x FRAX UK for T -1 to -3 (lower at 50)."""
    r = _ratios("female", "major", (50, 60), (-1.0, -2.0, -3.0))
    assert np.all((r > 1 / 1.7) & (r < 1.7)), r


@pytest.mark.xfail(strict=True, reason="known limitation: below 65 the major-fracture site "
                   "ratios are extrapolated from Medicare data; in men they come out at about "
                   "a third to two thirds of FRAX UK at 50-60")
def test_major_men_at_50_and_60_within_a_factor_17_of_frax_uk():
    r = _ratios("male", "major", (50, 60), (-1.0, -2.0, -3.0))
    assert np.all((r > 1 / 1.7) & (r < 1.7)), r


# --- errors ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "kw, field",
    [
        ({"sex": "other", "age": 65, "fn_t_score": -2.0}, "fracture_risk.sex"),
        ({"sex": "female", "age": 45, "fn_t_score": -2.0}, "fracture_risk.age"),
        ({"sex": "female", "age": "65", "fn_t_score": -2.0}, "fracture_risk.age"),
        ({"sex": "female", "age": 65}, "fracture_risk.fn_t_score"),
        ({"sex": "female", "age": 65, "fn_t_score": -9.0}, "fracture_risk.fn_t_score"),
        ({"sex": "female", "age": 65, "fn_t_score": -2.0, "fn_bmd": 0.6}, "fracture_risk.fn_bmd"),
        ({"sex": "female", "age": 65, "fn_bmd": 62.0}, "fracture_risk.fn_bmd"),
        ({"sex": "female", "age": 65, "fn_t_score": -2.0, "years": 30}, "fracture_risk.years"),
        ({"sex": "female", "age": 65, "fn_t_score": -2.0, "t_score_trajectory": [-1.0, -1.1]},
         "fracture_risk.t_score_trajectory"),
        ({"sex": "female", "age": 65, "t_score_trajectory": "-2,-2.1"},
         "fracture_risk.t_score_trajectory"),
        ({"sex": "female", "age": 65, "t_score_trajectory": []},
         "fracture_risk.t_score_trajectory"),
        ({"sex": "female", "age": 65, "fn_t_score": -2.0, "body_mass_kg": 60.0},
         "fracture_risk.height_cm"),
        ({"sex": "female", "age": 65, "fn_t_score": -2.0, "bmi": 24.0, "height_cm": 160.0},
         "fracture_risk.bmi"),
        ({"sex": "female", "age": 65, "fn_t_score": -2.0, "prior_fracture": "yes"},
         "fracture_risk.prior_fracture"),
        ({"sex": "female", "age": 65, "fn_t_score": -2.0, "falls_last_year": -1},
         "fracture_risk.falls_last_year"),
        ({"sex": "female", "age": 65, "fn_bmd": 0.6, "manufacturer": "acme"}, "manufacturer"),
    ],
)
def test_errors_name_the_field_and_give_a_valid_example(kw, field):
    with pytest.raises(OsteonInputError) as err:
        fracture_probability(**kw)
    assert err.value.field == field
    assert err.value.example


def test_every_number_is_a_record():
    names = [r.name for r in data.RECORDS]
    assert len(names) == len(set(names))
    for r in data.RECORDS:
        assert r.units and r.source and r.description and r.evidence
