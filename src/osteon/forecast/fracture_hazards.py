"""Population hazards of the fracture model: steps 1-5 of :mod:`osteon.forecast.fracture`.

Hip and major osteoporotic fracture incidence by age and sex, competing mortality, the
BMD gradient of risk and the relative hazard of a femoral-neck T-score, and the
age-dependent relative risk of oral glucocorticoids. The numbers and their sources are in
:mod:`osteon.forecast._fracture_data`; the model, its assumptions and its limits are
described in :mod:`osteon.forecast.fracture`, which re-exports every public name here.
"""

from __future__ import annotations

import math
from functools import cache

import numpy as np

from osteon.errors import OsteonInputError
from osteon.forecast._fracture_data import (
    AGE_MIDPOINTS,
    GLUCOCORTICOID_RR,
    HIP_FRACTURES_2006,
    HIP_GRADIENT_50,
    HIP_GRADIENT_65,
    HIP_INCIDENCE,
    MEDICARE_AGE_RATE_RATIO,
    MEDICARE_CRUDE_INCIDENCE,
    MEDICARE_MALE_RATE_RATIO,
    MOF_GRADIENT_65,
    MOF_OVERLAP_DISCOUNT,
    MOF_SITES,
    MORTALITY,
    POPULATION_Z_SD,
)
from osteon.outputs.reference import age_matched_mean, reference_bmd

MIN_AGE, MAX_AGE = 50.0, 90.0
SEXES = ("female", "male")
_F = "fracture_risk"  # the field prefix of input errors


def _sex(sex: str) -> str:
    if sex not in SEXES:
        raise OsteonInputError(f"{_F}.sex", f"{sex!r} is not one of female, male", 'sex="female"')
    return sex


# --- derived population tables --------------------------------------------------------------


def population_2006(sex: str) -> np.ndarray:
    """US non-Hispanic white population by age group (millions), implied by Ettinger's Table 1.

    Fractures / rate: the denominators of the published rates.

    >>> round(float(population_2006("female")[0]), 2)
    7.58
    """
    _sex(sex)
    counts = np.array(HIP_FRACTURES_2006[sex].values, dtype=float)
    rates = np.array(HIP_INCIDENCE[sex].values) / 1000.0
    return counts / rates / 1e6


def age_adjusted_hip_incidence(sex: str) -> float:
    """Hip incidence at 50+ per 1,000, directly age-adjusted to the 2006 population.

    Recomputed from the table's rows; the published rates are rounded to 0.01 per 1,000, so
    the result agrees with the published subtotal (4.97 women, 2.09 men) within that rounding
    (tested), not to the last digit:

    >>> round(age_adjusted_hip_incidence("female"), 2), round(age_adjusted_hip_incidence("male"), 2)
    (4.99, 2.11)
    """
    counts = np.array(HIP_FRACTURES_2006[sex].values, dtype=float)
    return float(counts.sum() / (population_2006(sex).sum() * 1e6) * 1000.0)


@cache
def _site_to_hip_ratios() -> dict[str, np.ndarray]:
    """Ratio of the four MOF sites' summed incidence to hip incidence by sex and age group."""
    w = {s: population_2006(s)[3:] for s in SEXES}  # 65+ groups
    total = sum(w[s].sum() for s in SEXES)
    base = {}
    for site in MOF_SITES:
        rr_age = np.array(MEDICARE_AGE_RATE_RATIO[site].values)
        rr_male = MEDICARE_MALE_RATE_RATIO.value(site)
        mean_rr = (w["female"] @ rr_age + rr_male * (w["male"] @ rr_age)) / total
        base[site] = MEDICARE_CRUDE_INCIDENCE.value(site) / mean_rr
    out = {}
    for sex in SEXES:

        def rate(site, sex=sex):
            rr_sex = 1.0 if sex == "female" else MEDICARE_MALE_RATE_RATIO.value(site)
            return base[site] * rr_sex * np.array(MEDICARE_AGE_RATE_RATIO[site].values)

        ratio65 = sum(rate(s) for s in MOF_SITES) / rate("hip")
        # below 65: log-linear extrapolation from the 65-69 and 70-74 groups
        slope = math.log(ratio65[1] / ratio65[0])
        young = ratio65[0] * np.exp(-slope * np.array([3.0, 2.0, 1.0]))
        out[sex] = np.concatenate([young, ratio65])
    return out


def mof_to_hip_ratio(sex: str) -> np.ndarray:
    """Major osteoporotic / hip fracture incidence ratio by age group (after the overlap discount).

    >>> r = mof_to_hip_ratio("female")
    >>> bool(r[0] > r[3] > r[-1] > 1)
    True
    """
    _sex(sex)
    return _site_to_hip_ratios()[sex] * (1.0 - MOF_OVERLAP_DISCOUNT.value)


def _interp_log(age, mids, values):
    return np.exp(np.interp(age, mids, np.log(values)))


def hip_incidence(age, sex: str):
    """Population hip fracture incidence, per person-year.

    Log-linear between the age groups' midpoints (52.5 ... 82.5, and 87.5 taken for 85+),
    held at the end values outside them.

    >>> round(float(hip_incidence(67.5, "female")) * 1000, 2)
    2.03
    """
    _sex(sex)
    return (
        _interp_log(np.asarray(age, float), AGE_MIDPOINTS, np.array(HIP_INCIDENCE[sex].values))
        / 1e3
    )


def major_incidence(age, sex: str):
    """Population major osteoporotic fracture incidence, per person-year.

    >>> bool(major_incidence(60, "female") > 3 * hip_incidence(60, "female"))
    True
    """
    _sex(sex)
    mof = np.array(HIP_INCIDENCE[sex].values) * mof_to_hip_ratio(sex)
    return _interp_log(np.asarray(age, float), AGE_MIDPOINTS, mof) / 1e3


def death_hazard(age, sex: str):
    """Death hazard per year, -ln(1 - q_x), q_x log-linear between tabulated ages.

    >>> round(float(death_hazard(70, "female")), 4)
    0.0162
    """
    _sex(sex)
    q = _interp_log(
        np.asarray(age, float),
        np.array(MORTALITY[sex].rows, float),
        np.array(MORTALITY[sex].values),
    )
    return -np.log1p(-q)


def gradient_of_risk(age, sex: str, outcome: str):
    """Risk ratio per SD lower femoral-neck BMD at an age, for ``"hip"`` or ``"major"``.

    >>> round(float(gradient_of_risk(65, "female", "hip")), 2)
    2.88
    >>> round(float(gradient_of_risk(50, "male", "hip")), 2)
    3.7
    >>> float(gradient_of_risk(80, "male", "major"))
    1.41
    """
    _sex(sex)
    a = np.clip(np.asarray(age, float), MIN_AGE, MAX_AGE)
    if outcome == "hip":
        g50 = math.log(HIP_GRADIENT_50.value)
        g65 = math.log(HIP_GRADIENT_65[sex].value)
        return np.exp(g50 + (a - 50.0) / 15.0 * (g65 - g50))
    if outcome == "major":
        return np.full_like(a, MOF_GRADIENT_65[sex].value)
    raise OsteonInputError("outcome", f"{outcome!r} is not hip or major", 'outcome="hip"')


def population_mean_t_score(age, sex: str):
    """Mean femoral-neck T-score of the reference population at an age (NHANES III).

    >>> round(float(population_mean_t_score(65, "female")), 2)
    -1.36
    """
    _sex(sex)
    mean, sd = reference_bmd(sex, "femoral_neck")
    return (age_matched_mean(age, sex, "femoral_neck") - mean) / sd


def relative_hazard(z, age, sex: str, outcome: str):
    """Hazard relative to the population of that age for a femoral-neck Z-score.

    ``GR^(-z) / E[GR^(-Z)]`` with Z ~ N(0, 1): the population average of the relative hazard
    is 1, so the population average of individual hazards is the published incidence.

    >>> round(float(relative_hazard(0.0, 65, "female", "hip")), 3)
    0.572
    >>> round(float(relative_hazard(-1.0, 65, "female", "hip") / relative_hazard(0.0, 65,
    ...       "female", "hip")), 2)
    2.88
    """
    lng = np.log(gradient_of_risk(age, sex, outcome))
    sd = POPULATION_Z_SD.value
    return np.exp(-lng * np.asarray(z, float)) / np.exp(0.5 * (sd * lng) ** 2)


def glucocorticoid_rr(age, outcome: str):
    """Relative risk with oral glucocorticoids (BMD-adjusted), log-linear in age 50-85.

    >>> float(glucocorticoid_rr(50, "hip")), float(glucocorticoid_rr(85, "major"))
    (4.42, 1.71)
    """
    return _gc_rr(age, outcome)


def _gc_rr(age, outcome: str) -> np.ndarray:
    lo = math.log(GLUCOCORTICOID_RR[(outcome, 50)].value)
    hi = math.log(GLUCOCORTICOID_RR[(outcome, 85)].value)
    a = np.clip(np.asarray(age, float), 50.0, 85.0)
    return np.exp(lo + (a - 50.0) / 35.0 * (hi - lo))
