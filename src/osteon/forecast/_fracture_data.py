"""Published numbers behind :mod:`osteon.forecast.fracture`, each a record.

Incidence, mortality, gradients of risk and clinical-risk-factor relative risks, with units,
source (paper and table), evidence grade and plausible range. The model and its equations
are in :mod:`osteon.forecast.fracture`.
"""

from __future__ import annotations

import numpy as np

from osteon.forecast._records import TableRecord
from osteon.parameters.records import Evidence, Parameter

E = Evidence
OBS = E.HUMAN_OBSERVATIONAL

AGE_GROUPS = ("50-54", "55-59", "60-64", "65-69", "70-74", "75-79", "80-84", "85+")
AGE_MIDPOINTS = np.array([52.5, 57.5, 62.5, 67.5, 72.5, 77.5, 82.5, 87.5])
MEDICARE_AGE_GROUPS = AGE_GROUPS[3:]

# --- hip fracture incidence -------------------------------------------------------------

_ETTINGER = (
    "Ettinger B et al. Osteoporos Int 2010;21:25, Table 1 (National Inpatient Sample 2006, "
    "US non-Hispanic white), read from a copy of the paper's text"
)
HIP_INCIDENCE = {
    "female": TableRecord(
        "hip_incidence_female",
        AGE_GROUPS,
        (0.29, 0.57, 1.05, 2.03, 3.94, 7.93, 14.47, 26.05),
        "1/(1000 person-year)",
        _ETTINGER,
        OBS,
        (0.05, 60.0),
        "Annual hip fracture incidence, women, by 5-year age group",
    ),
    "male": TableRecord(
        "hip_incidence_male",
        AGE_GROUPS,
        (0.28, 0.38, 0.66, 1.18, 2.10, 4.02, 8.13, 16.30),
        "1/(1000 person-year)",
        _ETTINGER,
        OBS,
        (0.05, 60.0),
        "Annual hip fracture incidence, men, by 5-year age group",
    ),
}
HIP_FRACTURES_2006 = {
    "female": TableRecord(
        "hip_fractures_2006_female",
        AGE_GROUPS,
        (2197, 3992, 5679, 8690, 14578, 27488, 42322, 82383),
        "fractures",
        _ETTINGER,
        OBS,
        (1000, 200000),
        "Hip fractures in 2006 behind each rate (the published subtotal is 187,339; these rows "
        "sum to 187,329)",
    ),
    "male": TableRecord(
        "hip_fractures_2006_male",
        AGE_GROUPS,
        (2062, 2528, 3333, 4510, 6462, 10355, 14724, 23060),
        "fractures",
        _ETTINGER,
        OBS,
        (1000, 200000),
        "Hip fractures in 2006 behind each rate (published subtotal 67,034)",
    ),
}
HIP_AGE_ADJUSTED_2006 = {
    "female": Parameter(
        "hip_incidence_age_adjusted_female",
        4.97,
        "1/(1000 person-year)",
        _ETTINGER,
        OBS,
        (4.0, 6.0),
        "Hip incidence at 50+, directly age-adjusted to the 2006 US white population",
        group="fracture",
    ),
    "male": Parameter(
        "hip_incidence_age_adjusted_male",
        2.09,
        "1/(1000 person-year)",
        _ETTINGER,
        OBS,
        (1.5, 3.0),
        "Hip incidence at 50+, directly age-adjusted to the 2006 US white population",
        group="fracture",
    ),
}
"""Published subtotals: the rows above must reproduce them (a transcription check)."""

# --- Medicare fracture incidence by site (for the MOF / hip ratio) -----------------------

_MEDICARE = (
    "Osteoporos Int 2011;22:1263, doi:10.1007/s00198-010-1300-8, Table 2 (Medicare "
    "beneficiaries 2000-2005, incidence-rate ratios from a Poisson model)"
)
MOF_SITES = ("hip", "spine", "distal_radius_ulna", "humerus")
MEDICARE_CRUDE_INCIDENCE = TableRecord(
    "medicare_crude_incidence",
    MOF_SITES,
    (8.65, 6.30, 3.45, 2.74),
    "1/(1000 person-year)",
    _MEDICARE,
    OBS,
    (0.5, 30.0),
    "Crude incidence by fracture site, Medicare 65+",
)
MEDICARE_MALE_RATE_RATIO = TableRecord(
    "medicare_male_rate_ratio",
    MOF_SITES,
    (0.59, 0.58, 0.23, 0.38),
    "1",
    _MEDICARE,
    OBS,
    (0.05, 1.5),
    "Incidence-rate ratio, men vs women",
)
MEDICARE_AGE_RATE_RATIO = {
    "hip": TableRecord(
        "medicare_age_rate_ratio_hip",
        MEDICARE_AGE_GROUPS,
        (1.0, 1.96, 3.91, 7.55, 15.16),
        "1",
        _MEDICARE,
        OBS,
        (1.0, 30.0),
        "Hip fracture incidence-rate ratio by age, vs 65-69",
    ),
    "spine": TableRecord(
        "medicare_age_rate_ratio_spine",
        MEDICARE_AGE_GROUPS,
        (1.0, 1.72, 2.80, 4.24, 6.00),
        "1",
        _MEDICARE,
        OBS,
        (1.0, 30.0),
        "Spine fracture incidence-rate ratio by age, vs 65-69",
    ),
    "distal_radius_ulna": TableRecord(
        "medicare_age_rate_ratio_radius",
        MEDICARE_AGE_GROUPS,
        (1.0, 1.27, 1.65, 2.00, 2.34),
        "1",
        _MEDICARE,
        OBS,
        (1.0, 30.0),
        "Distal radius/ulna incidence-rate ratio by age, vs 65-69",
    ),
    "humerus": TableRecord(
        "medicare_age_rate_ratio_humerus",
        MEDICARE_AGE_GROUPS,
        (1.0, 1.43, 2.06, 2.70, 3.86),
        "1",
        _MEDICARE,
        OBS,
        (1.0, 30.0),
        "Humerus fracture incidence-rate ratio by age, vs 65-69",
    ),
}
MOF_OVERLAP_DISCOUNT = Parameter(
    "mof_overlap_discount",
    0.15,
    "1",
    "Ettinger B et al. Osteoporos Int 2010;21:25 (abstract: 10-20 % discounts for overlap of "
    "the four sites); midpoint assumed",
    E.ASSUMED,
    (0.10, 0.20),
    "Fraction removed from the sum of site incidences for people with more than one site",
    group="fracture",
)

# --- mortality ----------------------------------------------------------------------------

_SSA = (
    "SSA 2022 period life table, 2025 Trustees Report, ssa.gov/oact/STATS/table4c6.html, as "
    "transcribed in a public GitHub file (not re-checked against the SSA page)"
)
_MORT_AGES = (50, 55, 60, *range(65, 101))
# fmt: off
MORTALITY = {
    "male": TableRecord(
        "death_probability_male", _MORT_AGES,
        (0.005666, 0.008348, 0.012458, 0.017897, 0.019017, 0.020213, 0.021569, 0.023088,
         0.024828, 0.026705, 0.028761, 0.031116, 0.033861, 0.037088, 0.041126, 0.045241,
         0.049793, 0.054768, 0.060660, 0.067027, 0.073999, 0.081737, 0.090458, 0.100525,
         0.111793, 0.124494, 0.138398, 0.153207, 0.169704, 0.187963, 0.208395, 0.230808,
         0.253914, 0.277402, 0.300882, 0.324326, 0.347332, 0.369430, 0.391927),
        "1/year", _SSA, OBS, (0.001, 0.6),
        "Probability of dying within a year at exact age, men",
    ),
    "female": TableRecord(
        "death_probability_female", _MORT_AGES,
        (0.003407, 0.005040, 0.007658, 0.011018, 0.011743, 0.012532, 0.013512, 0.014684,
         0.016025, 0.017468, 0.019195, 0.021195, 0.023452, 0.025980, 0.029153, 0.032394,
         0.035888, 0.039676, 0.044156, 0.049087, 0.054635, 0.061066, 0.068431, 0.076841,
         0.086205, 0.096851, 0.109019, 0.121867, 0.135805, 0.151108, 0.168020, 0.186340,
         0.206432, 0.228086, 0.250406, 0.273699, 0.296984, 0.319502, 0.342716),
        "1/year", _SSA, OBS, (0.001, 0.6),
        "Probability of dying within a year at exact age, women",
    ),
}
# fmt: on

# --- gradients of risk --------------------------------------------------------------------

_JOHNELL = "Johnell O et al. J Bone Miner Res 2005;20:1185 (abstract; 12 cohorts, 39,000 people)"
HIP_GRADIENT_65 = {
    "female": Parameter(
        "hip_gradient_age65_female",
        2.88,
        "1/SD",
        _JOHNELL,
        OBS,
        (2.31, 3.59),
        "Hip fracture risk ratio per SD lower femoral-neck BMD at 65, women (95 % CI as range)",
        group="fracture",
    ),
    "male": Parameter(
        "hip_gradient_age65_male",
        2.94,
        "1/SD",
        _JOHNELL,
        OBS,
        (2.02, 4.27),
        "Hip fracture risk ratio per SD lower femoral-neck BMD at 65, men (95 % CI as range)",
        group="fracture",
    ),
}
HIP_GRADIENT_50 = Parameter(
    "hip_gradient_age50",
    3.7,
    "1/SD",
    "Kanis JA et al. Osteoporos Int 2007;18:1033 (abstract: BMD alone, GR 3.7/SD at 50)",
    OBS,
    (3.0, 4.5),
    "Hip fracture risk ratio per SD lower femoral-neck BMD at 50, both sexes "
    "(range assumed: no CI in the abstract)",
    group="fracture",
)
MOF_GRADIENT_65 = {
    "female": Parameter(
        "mof_gradient_age65_female",
        1.38,
        "1/SD",
        _JOHNELL,
        OBS,
        (1.28, 1.48),
        "Osteoporotic fracture risk ratio per SD lower femoral-neck BMD at 65, "
        "women (95 % CI as range)",
        group="fracture",
    ),
    "male": Parameter(
        "mof_gradient_age65_male",
        1.41,
        "1/SD",
        _JOHNELL,
        OBS,
        (1.33, 1.51),
        "Osteoporotic fracture risk ratio per SD lower femoral-neck BMD at 65, "
        "men (95 % CI as range)",
        group="fracture",
    ),
}
POPULATION_Z_SD = Parameter(
    "population_fn_z_sd",
    1.0,
    "SD",
    "Assumed: Osteon's reference expresses Z-scores in young-adult SDs "
    "(osteon.outputs.reference); Z ~ N(0, 1) in the population at each age",
    E.ASSUMED,
    (0.8, 1.2),
    "SD of femoral-neck Z-scores in the population of a given age",
    group="fracture",
)

# --- clinical risk factors ----------------------------------------------------------------

PRIOR_FRACTURE_RR = Parameter(
    "prior_fracture_rr",
    1.86,
    "1",
    "Kanis JA et al. Bone 2004, 'A meta-analysis of previous fracture and subsequent "
    "fracture risk' (abstract: RR 1.86 for any fracture, similar for "
    "osteoporotic and hip fracture, marginally lower after adjustment for BMD)",
    OBS,
    (1.75, 1.98),
    "Risk ratio after a prior fragility fracture (95 % CI as range)",
    group="fracture",
)
_KANIS_GC = (
    "Kanis JA et al. J Bone Miner Res 2004, doi:10.1359/JBMR.040134 (abstract: BMD-adjusted "
    "RR of ever-use of "
    "corticosteroids, 7 cohorts)"
)
GLUCOCORTICOID_RR = {
    ("hip", 50): Parameter(
        "glucocorticoid_rr_hip_age50",
        4.42,
        "1",
        _KANIS_GC,
        OBS,
        (2.0, 8.0),
        "Hip fracture RR with oral glucocorticoids at 50",
        group="fracture",
    ),
    ("hip", 85): Parameter(
        "glucocorticoid_rr_hip_age85",
        2.48,
        "1",
        _KANIS_GC,
        OBS,
        (1.5, 4.0),
        "Hip fracture RR with oral glucocorticoids at 85",
        group="fracture",
    ),
    ("major", 50): Parameter(
        "glucocorticoid_rr_mof_age50",
        2.63,
        "1",
        _KANIS_GC,
        OBS,
        (1.5, 4.0),
        "Osteoporotic fracture RR with oral glucocorticoids at 50",
        group="fracture",
    ),
    ("major", 85): Parameter(
        "glucocorticoid_rr_mof_age85",
        1.71,
        "1",
        _KANIS_GC,
        OBS,
        (1.2, 2.5),
        "Osteoporotic fracture RR with oral glucocorticoids at 85",
        group="fracture",
    ),
}
_VANDENPUT = (
    "Vandenput L et al. Osteoporos Int 2024, PMID 38228807 (abstract: a fall in the past year, "
    "46 cohorts, major osteoporotic fracture HR; hip HR of similar magnitude)"
)
FALL_RR = {
    "female": Parameter(
        "fall_rr_female",
        1.32,
        "1",
        _VANDENPUT,
        OBS,
        (1.20, 1.45),
        "Fracture HR after a fall in the past year, women",
        group="fracture",
    ),
    "male": Parameter(
        "fall_rr_male",
        1.53,
        "1",
        _VANDENPUT,
        OBS,
        (1.27, 1.84),
        "Fracture HR after a fall in the past year, men",
        group="fracture",
    ),
}
_HARVEY = (
    "Harvey NC et al. J Bone Miner Res 2025;40:1144 (abstract: hip fracture HR vs BMI "
    "18.5-24.9, adjusted for femoral-neck T-score; other outcomes similar)"
)
BMI_RR = {
    ("underweight", "female"): Parameter(
        "bmi_underweight_rr_female",
        1.69,
        "1",
        _HARVEY,
        OBS,
        (1.47, 1.96),
        "BMI < 18.5 kg/m2, women",
        group="fracture",
    ),
    ("underweight", "male"): Parameter(
        "bmi_underweight_rr_male",
        1.46,
        "1",
        _HARVEY,
        OBS,
        (1.00, 2.13),
        "BMI < 18.5 kg/m2, men",
        group="fracture",
    ),
    ("obese_ii", "female"): Parameter(
        "bmi_obese2_rr_female",
        1.24,
        "1",
        _HARVEY,
        OBS,
        (0.97, 1.58),
        "BMI >= 35 kg/m2, women",
        group="fracture",
    ),
    ("obese_ii", "male"): Parameter(
        "bmi_obese2_rr_male",
        1.70,
        "1",
        _HARVEY,
        OBS,
        (1.06, 2.75),
        "BMI >= 35 kg/m2, men",
        group="fracture",
    ),
}

RECORDS: tuple = (
    *HIP_INCIDENCE.values(),
    *HIP_FRACTURES_2006.values(),
    *HIP_AGE_ADJUSTED_2006.values(),
    MEDICARE_CRUDE_INCIDENCE,
    MEDICARE_MALE_RATE_RATIO,
    *MEDICARE_AGE_RATE_RATIO.values(),
    MOF_OVERLAP_DISCOUNT,
    *MORTALITY.values(),
    *HIP_GRADIENT_65.values(),
    HIP_GRADIENT_50,
    *MOF_GRADIENT_65.values(),
    POPULATION_Z_SD,
    PRIOR_FRACTURE_RR,
    *GLUCOCORTICOID_RR.values(),
    *FALL_RR.values(),
    *BMI_RR.values(),
)
"""Every number of this module as a record (Parameter or TableRecord)."""
