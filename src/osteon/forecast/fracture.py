"""10-year probability of hip and of major osteoporotic fracture along a femoral-neck trajectory.

The model
---------
A BMD *gradient-of-risk* hazard model, the construction FRAX uses (Kanis JA et al.
Osteoporos Int 2008;19:385), with published, cited inputs only:

1. **Population incidence** of hip fracture by age and sex: US non-Hispanic whites, 2006
   National Inpatient Sample (Ettinger B et al. Osteoporos Int 2010;21:25, Table 1), rates
   per 1,000 person-years in 5-year groups from 50-54 to 85+.
2. **Major osteoporotic fracture** (MOF: hip, clinical spine, forearm, humerus) incidence =
   hip incidence x the age- and sex-specific ratio of all four sites to hip. The ratio comes
   from a Poisson model of Medicare beneficiaries 2000-2005 (Osteoporos Int 2011;22:1263,
   doi:10.1007/s00198-010-1300-8, Table 2: crude incidence per site and incidence-rate
   ratios for sex and 5-year age group). The crude incidence mixes ages and sexes, so each
   site's baseline (women 65-69) is recovered by dividing the crude rate by the mean rate
   ratio over the 2006 US white population aged 65+ (the population implied by Ettinger's
   Table 1, fractures / rate). The sum of the four sites is discounted 15 % for people with
   more than one site (Ettinger 2010 applied 10-20 %). Below 65 the ratio is extrapolated
   log-linearly from the 65-69 and 70-74 groups (an assumption: the ratio falls with age
   everywhere it is measured; Chakhtoura M et al. J Bone Miner Res 2021;36:1942).
3. **Competing mortality**: SSA 2022 period life table (2025 Trustees Report,
   ssa.gov/oact/STATS/table4c6.html), death probability q_x by age and sex, as transcribed in a
   public GitHub file; hazard -ln(1 - q_x).
4. **Gradient of risk** per SD decrease of femoral-neck BMD: hip 2.88 (women) and 2.94 (men)
   at age 65 (Johnell O et al. J Bone Miner Res 2005;20:1185) and 3.7 at age 50 (Kanis JA et al.
   Osteoporos Int 2007;18:1033, BMD alone), log-linear in age between them and beyond (the
   hip gradient falls with age; Johnell: "significantly higher at 50 than at 80"); MOF 1.38
   (women) and 1.41 (men), Johnell 2005 at 65, held constant.
5. The person's hazard is the population hazard x GR^(-Z) / E[GR^(-Z)], Z the femoral-neck
   T-score minus the population mean T-score at that age (Osteon's NHANES III reference,
   :func:`osteon.outputs.reference.age_matched_mean`), Z ~ N(0, 1) in the population, so
   E[GR^(-Z)] = exp((ln GR)^2 / 2): the population average of the individual hazards equals
   the population incidence.
6. **Clinical risk factors**, relative risks multiplying both hazards: prior fragility
   fracture 1.86 (Kanis JA et al. Bone 2004, "A meta-analysis of previous fracture and
   subsequent fracture risk": any fracture, similar for osteoporotic and hip fracture; only
   marginally lower after adjustment for BMD, which this value is not); oral glucocorticoids,
   BMD-adjusted, hip 4.42 at 50 to 2.48 at 85 and osteoporotic fracture 2.63 to 1.71 (Kanis JA
   et al. J Bone Miner Res 2004, doi:10.1359/JBMR.040134), log-linear in age; a fall in the
   past year, women 1.32 and men 1.53 (Vandenput L et al. Osteoporos Int 2024, 46 cohorts,
   major osteoporotic fracture; hip of similar size); BMI < 18.5 kg/m2 (hip: women 1.69, men
   1.46) and >= 35 kg/m2 (women 1.24, men 1.70) against 18.5-24.9, adjusted for femoral-neck
   T-score (Harvey NC et al. J Bone Miner Res 2025;40:1144; 25-34.9 taken as 1).
7. The major-fracture hazard is never below the hip hazard (a hip fracture is a major
   osteoporotic fracture; the steeper hip gradient would otherwise cross it at T-scores
   near -4).
8. Year by year along the forecast trajectory, with hazards at mid-year: the probability of a
   first fracture before death, sum_k S_k lambda_k/(lambda_k + mu_k) (1 - exp(-(lambda_k +
   mu_k))), S the probability of being alive and fracture-free.

Evidence grade: human observational (population registries and meta-analyses of cohorts).
See :data:`LIMITS` for what the model does not do.

Why not the Garvan nomogram
---------------------------
The Garvan calculator (Nguyen ND et al. Osteoporos Int 2007;18:1109 and 2008;19:1431) was
derived in 2,216 people aged 60+ in Dubbo, Australia (femoral neck measured on GE Lunar). Its
published form is a nomogram: its Cox coefficients and baseline survival were not available
to us in a citable form (only a third-party curve fit of the nomogram's points), it predicts
"any fragility fracture" rather than major osteoporotic fracture, it starts at 60 and it
takes one baseline T-score, not a trajectory. The gradient-of-risk construction needs only
published tables and follows a forecast year by year.

How it compares with FRAX (not a reproduction)
----------------------------------------------
FRAX's hazard functions are not public, so this model cannot reproduce FRAX to its rounding.
Against FRAX USA as published for a 65-year-old white woman with no risk factor and a
femoral-neck T-score of -2.3 (10 % major, 2.2 % hip; Endotext, Osteoporosis: clinical
evaluation, Fig. 6) it gives 10.8 % and 3.3 %. Against FRAX UK (Kanis 2008, Table 3) hip
probabilities are of the same order (UK incidence is lower than US), and major-fracture
probabilities agree at 70-90 but are lower at 50-60, most in men (the extrapolated site
ratios below 65). The tests pin these comparisons with their tolerances.

Why one module of about 650 lines: its published numbers already live apart
(:mod:`osteon.forecast._fracture_data`); what is left is one method (the derived tables, the
hazard, the input checks and the result) whose steps this docstring describes in order, and
splitting it would scatter that description across files.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from osteon.errors import OsteonInputError
from osteon.forecast._fracture_data import (
    AGE_GROUPS,
    BMI_RR,
    FALL_RR,
    PRIOR_FRACTURE_RR,
    RECORDS,
)
from osteon.forecast.fracture_hazards import (
    _F,
    MAX_AGE,
    MIN_AGE,
    _gc_rr,
    _sex,
    age_adjusted_hip_incidence,
    death_hazard,
    glucocorticoid_rr,
    gradient_of_risk,
    hip_incidence,
    major_incidence,
    mof_to_hip_ratio,
    population_2006,
    population_mean_t_score,
    relative_hazard,
)
from osteon.forecast.fracture_hazards import (
    SEXES as SEXES,  # re-exported: moved with the hazards
)
from osteon.parameters.records import Evidence

OBS = Evidence.HUMAN_OBSERVATIONAL

MODEL_NAME = (
    "BMD gradient-of-risk hazard model (FRAX construction; Johnell 2005 gradients) on US "
    "non-Hispanic white incidence and US mortality"
)
EVIDENCE = OBS.value

LIMITS = (
    "Research estimate, not FRAX and not advice. Derived for US non-Hispanic white adults aged "
    "50-90: hip incidence of 2006 (US hip fracture rates have been falling), no ethnicity "
    "adjustment, so it overestimates risk for Black, Asian and Hispanic people. Major "
    "osteoporotic fracture incidence is derived (Medicare site ratios at 65+, extrapolated "
    "below 65, 15 % overlap discount), so it is less certain than hip. Risk factors multiply "
    "independently (FRAX models their interactions with age and with each other); prior "
    "fracture counts once whatever the number, site or recency (recent fractures carry more "
    "risk), glucocorticoid dose is ignored, falls are yes/no and their relative risk may "
    "partly include BMD. Mortality does not depend on BMD or risk factors. The gradient of "
    "risk for hip fracture is interpolated between two published ages and extrapolated past "
    "65; the gradient for major fractures is held at its age-65 value. Femoral-neck T-scores "
    "must be on Osteon's sex-specific NHANES III reference (use fn_bmd with the scanner "
    "maker otherwise). Incidence is held at the 85+ rate beyond 87.5 years. Treatments do not "
    "lower risk except through the BMD trajectory given."
)
"""What this model is not: print it with every result."""

CITATIONS = (
    "Ettinger B et al. Osteoporos Int 2010;21:25 (US hip fracture incidence 2006, Table 1)",
    "Osteoporos Int 2011;22:1263, doi:10.1007/s00198-010-1300-8 (Medicare fracture incidence "
    "by site, Table 2)",
    "SSA 2022 period life table, 2025 Trustees Report (ssa.gov/oact/STATS/table4c6.html)",
    "Johnell O et al. J Bone Miner Res 2005;20:1185 (BMD gradient of risk)",
    "Kanis JA et al. Osteoporos Int 2007;18:1033 (gradient of risk at age 50)",
    "Kanis JA et al. Osteoporos Int 2008;19:385 (FRAX construction)",
    "Kanis JA et al. Bone 2004, 'A meta-analysis of previous fracture and subsequent "
    "fracture risk' (prior fracture)",
    "Kanis JA et al. J Bone Miner Res 2004, doi:10.1359/JBMR.040134 (glucocorticoids)",
    "Vandenput L et al. Osteoporos Int 2024 (previous falls, PMID 38228807)",
    "Harvey NC et al. J Bone Miner Res 2025;40:1144 (BMI)",
    "Looker AC et al. Osteoporos Int 1998;8:468 (NHANES III femoral-neck reference)",
)

__all__ = [
    "AGE_GROUPS",
    "CITATIONS",
    "LIMITS",
    "MODEL_NAME",
    "RECORDS",
    "FractureRisk",
    "age_adjusted_hip_incidence",
    "death_hazard",
    "fracture_probability",
    "glucocorticoid_rr",
    "gradient_of_risk",
    "hip_incidence",
    "major_incidence",
    "mof_to_hip_ratio",
    "population_2006",
    "population_mean_t_score",
    "relative_hazard",
]

# --- the result ---------------------------------------------------------------------------


@dataclass(frozen=True)
class FractureRisk:
    """10-year (or ``years``) probability of a first hip and major osteoporotic fracture.

    Attributes
    ----------
    hip, major
        Probabilities (0-1) of a hip / major osteoporotic fracture before death within
        ``years``.
    years
        Horizon, years.
    hip_by_year, major_by_year
        Cumulative probabilities at the end of each year.
    model
        Model name.
    evidence
        Evidence grade of the model.
    citations
        Sources of every number used.
    limits
        What the model does not do (print it with the result).
    inputs
        The inputs as interpreted (T-scores, BMI, risk-factor multipliers).
    """

    hip: float
    major: float
    years: int
    hip_by_year: tuple[float, ...]
    major_by_year: tuple[float, ...]
    model: str = MODEL_NAME
    evidence: str = EVIDENCE
    citations: tuple[str, ...] = CITATIONS
    limits: str = LIMITS
    inputs: dict = field(default_factory=dict)

    def summary(self) -> str:
        """One line for reports.

        >>> print(FractureRisk(0.021, 0.094, 10, (), ()).summary())
        10-year probability: hip fracture 2.1 %, major osteoporotic fracture 9.4 % (human observational)
        """
        return (
            f"{self.years}-year probability: hip fracture {100 * self.hip:.1f} %, major "
            f"osteoporotic fracture {100 * self.major:.1f} % ({self.evidence})"
        )


# --- input checks ---------------------------------------------------------------------------


def _number(name, value, lo, hi, example):
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise OsteonInputError(f"{_F}.{name}", f"expected a number, got {value!r}", example)
    if not lo <= value <= hi:
        raise OsteonInputError(f"{_F}.{name}", f"{value} is outside {lo}-{hi}", example)
    return float(value)


def _bmi(bmi, body_mass_kg, height_cm) -> float | None:
    if bmi is not None:
        if body_mass_kg is not None or height_cm is not None:
            raise OsteonInputError(
                f"{_F}.bmi", "give bmi or body_mass_kg with height_cm, not both", "bmi=24.5"
            )
        return _number("bmi", bmi, 10.0, 80.0, "bmi=24.5")
    if body_mass_kg is None and height_cm is None:
        return None
    if body_mass_kg is None or height_cm is None:
        raise OsteonInputError(
            f"{_F}.height_cm" if height_cm is None else f"{_F}.body_mass_kg",
            "body mass and height are needed together",
            "body_mass_kg=64, height_cm=163",
        )
    m = _number("body_mass_kg", body_mass_kg, 25.0, 300.0, "body_mass_kg=64")
    h = _number("height_cm", height_cm, 100.0, 230.0, "height_cm=163")
    return m / (h / 100.0) ** 2


def _trajectory(t_score_trajectory, baseline: float | None, years: int) -> np.ndarray:
    """T-scores at the start of each year 0..years (held after the last value)."""
    if t_score_trajectory is None:
        if baseline is None:
            raise OsteonInputError(
                f"{_F}.fn_t_score",
                "a femoral-neck T-score, BMD or trajectory is required",
                "fn_t_score=-2.1",
            )
        return np.full(years + 1, baseline)
    if isinstance(t_score_trajectory, (str, bytes)) or not isinstance(
        t_score_trajectory, (Sequence, np.ndarray)
    ):
        raise OsteonInputError(
            f"{_F}.t_score_trajectory",
            "expected a sequence of femoral-neck T-scores, one per year from the current age",
            "t_score_trajectory=[-2.0, -2.1, -2.2]",
        )
    traj = np.asarray(t_score_trajectory, dtype=float)
    if traj.ndim != 1 or traj.size == 0 or not np.all(np.isfinite(traj)):
        raise OsteonInputError(
            f"{_F}.t_score_trajectory",
            "expected a non-empty list of finite numbers",
            "t_score_trajectory=[-2.0, -2.1, -2.2]",
        )
    if np.any((traj < -6.0) | (traj > 4.0)):
        raise OsteonInputError(
            f"{_F}.t_score_trajectory",
            "T-scores must lie in -6 to +4",
            "t_score_trajectory=[-2.0, -2.1, -2.2]",
        )
    if baseline is not None and abs(traj[0] - baseline) > 0.05:
        raise OsteonInputError(
            f"{_F}.t_score_trajectory",
            f"starts at {traj[0]:.2f} but the measured femoral-neck T-score is {baseline:.2f}",
            "a trajectory whose first value is the measured T-score",
        )
    if traj.size < years + 1:
        traj = np.concatenate([traj, np.full(years + 1 - traj.size, traj[-1])])
    return traj[: years + 1]


def fracture_probability(
    *,
    sex: str,
    age: float,
    fn_t_score: float | None = None,
    fn_bmd: float | None = None,
    manufacturer: str = "hologic",
    prior_fracture: bool = False,
    falls_last_year: int = 0,
    bmi: float | None = None,
    body_mass_kg: float | None = None,
    height_cm: float | None = None,
    glucocorticoids: bool = False,
    t_score_trajectory: Sequence[float] | None = None,
    years: int = 10,
) -> FractureRisk:
    """Probability of a first hip and major osteoporotic fracture over ``years`` (default 10).

    Parameters
    ----------
    sex
        ``"female"`` or ``"male"``.
    age
        Age now, 50-90 years.
    fn_t_score
        Femoral-neck T-score on Osteon's sex-specific NHANES III reference.
    fn_bmd
        Femoral-neck areal BMD (g/cm2) instead of the T-score, from ``manufacturer``'s scanner.
    manufacturer
        ``"hologic"``, ``"ge_lunar"`` or ``"norland"`` (for ``fn_bmd``).
    prior_fracture
        A fragility fracture in adult life.
    falls_last_year
        Number of falls in the past 12 months (any fall counts once).
    bmi, body_mass_kg, height_cm
        Body mass index, or mass and height to compute it (optional).
    glucocorticoids
        Current or past oral glucocorticoids for 3 months or more.
    t_score_trajectory
        Forecast femoral-neck T-scores at the start of each year from now (element 0 = now);
        held at the last value if shorter than ``years`` + 1. Without it the T-score stays at
        its current value.
    years
        Horizon, 1-20 years.

    Returns
    -------
    FractureRisk

    Examples
    --------
    A 65-year-old woman with a femoral-neck T-score of -2.5 and no other risk factor:

    >>> r = fracture_probability(sex="female", age=65, fn_t_score=-2.5)
    >>> round(100 * r.hip, 1), round(100 * r.major, 1)
    (3.9, 11.5)

    Losing 0.1 SD a year instead of holding her BMD raises both:

    >>> lost = fracture_probability(sex="female", age=65, fn_t_score=-2.5,
    ...                             t_score_trajectory=[-2.5 - 0.1 * k for k in range(11)])
    >>> lost.hip > r.hip and lost.major > r.major
    True
    >>> fracture_probability(sex="female", age=45, fn_t_score=-1.0)
    Traceback (most recent call last):
    ...
    osteon.errors.OsteonInputError: fracture_risk.age: 45 is outside 50.0-90.0 (the incidence data start at 50). Valid example: age=65
    """
    _sex(sex)
    if (
        isinstance(age, (int, float))
        and not isinstance(age, bool)
        and not (MIN_AGE <= age <= MAX_AGE)
    ):
        raise OsteonInputError(
            f"{_F}.age",
            f"{age} is outside {MIN_AGE}-{MAX_AGE} (the incidence data start at 50)",
            "age=65",
        )
    age = _number("age", age, MIN_AGE, MAX_AGE, "age=65")
    if isinstance(years, bool) or not isinstance(years, int) or not 1 <= years <= 20:
        raise OsteonInputError(
            f"{_F}.years", f"{years!r} is not a whole number of years 1-20", "years=10"
        )
    baseline = None
    if fn_t_score is not None and fn_bmd is not None:
        raise OsteonInputError(
            f"{_F}.fn_bmd", "give fn_t_score or fn_bmd, not both", "fn_t_score=-2.1"
        )
    if fn_t_score is not None:
        baseline = _number("fn_t_score", fn_t_score, -6.0, 4.0, "fn_t_score=-2.1")
    elif fn_bmd is not None:
        from osteon.forecast.dxa import t_score_from_bmd

        bmd = _number("fn_bmd", fn_bmd, 0.2, 1.6, "fn_bmd=0.62")
        baseline = float(t_score_from_bmd(bmd, sex, "femoral_neck", manufacturer))
    traj = _trajectory(t_score_trajectory, baseline, years)
    if isinstance(falls_last_year, bool):
        falls_last_year = int(falls_last_year)
    falls = _number("falls_last_year", falls_last_year, 0, 100, "falls_last_year=1")
    for name, flag in (("prior_fracture", prior_fracture), ("glucocorticoids", glucocorticoids)):
        if not isinstance(flag, bool):
            raise OsteonInputError(
                f"{_F}.{name}", f"expected true or false, got {flag!r}", f"{name}=True"
            )
    bmi_value = _bmi(bmi, body_mass_kg, height_cm)

    k = np.arange(years)
    mid_age = age + k + 0.5
    t_mid = 0.5 * (traj[:-1] + traj[1:])
    z = t_mid - population_mean_t_score(mid_age, sex)
    mu = death_hazard(mid_age, sex)

    crf_common = 1.0
    if prior_fracture:
        crf_common *= PRIOR_FRACTURE_RR.value
    if falls > 0:
        crf_common *= FALL_RR[sex].value
    if bmi_value is not None and bmi_value < 18.5:
        crf_common *= BMI_RR[("underweight", sex)].value
    elif bmi_value is not None and bmi_value >= 35.0:
        crf_common *= BMI_RR[("obese_ii", sex)].value

    lam = {}
    for outcome, pop in (
        ("hip", hip_incidence(mid_age, sex)),
        ("major", major_incidence(mid_age, sex)),
    ):
        rel = relative_hazard(z, mid_age, sex, outcome)
        crf = crf_common * (_gc_rr(mid_age, outcome) if glucocorticoids else 1.0)
        lam[outcome] = pop * rel * crf
    # A hip fracture is a major osteoporotic fracture: at very low T-scores the steeper hip
    # gradient would otherwise give a hip hazard above the major-fracture hazard.
    lam["major"] = np.maximum(lam["major"], lam["hip"])
    out = {}
    for outcome, hazard in lam.items():
        tot = hazard + mu
        step = hazard / tot * -np.expm1(-tot)
        alive = np.concatenate([[1.0], np.exp(-np.cumsum(tot))[:-1]])
        out[outcome] = np.cumsum(alive * step)
    inputs = {
        "sex": sex,
        "age": age,
        "fn_t_score_now": float(traj[0]),
        "fn_t_score_end": float(traj[-1]),
        "bmi": bmi_value,
        "prior_fracture": prior_fracture,
        "falls_last_year": int(falls),
        "glucocorticoids": glucocorticoids,
        "risk_factor_multiplier": crf_common,
    }
    return FractureRisk(
        hip=float(out["hip"][-1]),
        major=float(out["major"][-1]),
        years=years,
        hip_by_year=tuple(float(x) for x in out["hip"]),
        major_by_year=tuple(float(x) for x in out["major"]),
        inputs=inputs,
    )
