"""DXA reference values, T-scores, Z-scores and the WHO category.

Young-adult means and SDs (ages 20-29, non-Hispanic white, Hologic):

- Femoral neck and total hip: Looker AC et al. Osteoporos Int 1998;8:468-489
  (NHANES III), the WHO/ISCD reference for the hip, used for both sexes.
- Lumbar spine (L1-L4) and total body: Kelly TL, Wilson KE, Heymsfield SB.
  PLoS One 2009;4:e7038 (NHANES 1999-2004 DXA), Table 2.

Age-matched means for Z-scores are tabulated by decade from the same
sources (mid-decade ages, linear interpolation between them). The values are
rounded to 0.005 g/cm2 from the published tables; treat them as accurate to
about 0.01 g/cm2.

The WHO categories apply T-score cut-offs of -1 and -2.5 (WHO Technical Report
Series 843, 1994).
"""

from __future__ import annotations

import numpy as np

SITES = ("lumbar_spine", "femoral_neck", "total_hip", "total_body")
WHO_CATEGORIES = ("normal", "osteopenia", "osteoporosis")

# young-adult (20-29) mean and SD, g/cm2
_YOUNG = {
    "female": {
        "lumbar_spine": (1.047, 0.110),
        "femoral_neck": (0.858, 0.120),
        "total_hip": (0.942, 0.122),
        "total_body": (1.105, 0.080),
    },
    "male": {
        "lumbar_spine": (1.065, 0.120),
        "femoral_neck": (0.930, 0.136),
        "total_hip": (1.041, 0.144),
        "total_body": (1.225, 0.090),
    },
}

_DECADE_AGES = np.array([25.0, 35.0, 45.0, 55.0, 65.0, 75.0, 85.0])
# age-matched means by decade (20-29 ... 80+), g/cm2
_AGE_MEANS = {
    "female": {
        "lumbar_spine": [1.047, 1.050, 1.040, 0.975, 0.925, 0.910, 0.900],
        "femoral_neck": [0.858, 0.845, 0.815, 0.745, 0.695, 0.635, 0.590],
        "total_hip": [0.942, 0.935, 0.910, 0.845, 0.795, 0.735, 0.675],
        "total_body": [1.105, 1.110, 1.105, 1.060, 1.010, 0.975, 0.945],
    },
    "male": {
        "lumbar_spine": [1.065, 1.060, 1.055, 1.050, 1.055, 1.070, 1.080],
        "femoral_neck": [0.930, 0.890, 0.860, 0.825, 0.795, 0.750, 0.705],
        "total_hip": [1.041, 1.020, 1.005, 0.985, 0.960, 0.910, 0.860],
        "total_body": [1.225, 1.220, 1.215, 1.200, 1.180, 1.150, 1.110],
    },
}


def _check(sex: str, site: str) -> None:
    from osteon.errors import OsteonInputError

    if sex not in _YOUNG:
        raise OsteonInputError("sex", f"{sex!r} is not one of female, male", 'sex="female"')
    if site not in SITES:
        raise OsteonInputError(
            "site", f"{site!r} is not one of {', '.join(SITES)}", 'site="femoral_neck"'
        )


def reference_bmd(sex: str, site: str) -> tuple[float, float]:
    """Young-adult reference mean and SD (g/cm2) for a sex and DXA site.

    >>> reference_bmd("female", "femoral_neck")
    (0.858, 0.12)
    """
    _check(sex, site)
    return _YOUNG[sex][site]


def t_score(bmd, sex: str, site: str):
    """T-score: SDs from the young-adult mean.

    >>> round(float(t_score(0.558, "female", "femoral_neck")), 2)
    -2.5
    """
    mean, sd = reference_bmd(sex, site)
    return (np.asarray(bmd, dtype=float) - mean) / sd


def age_matched_mean(age, sex: str, site: str):
    """Age-matched reference mean (g/cm2), interpolated between decades."""
    _check(sex, site)
    return np.interp(np.asarray(age, dtype=float), _DECADE_AGES, _AGE_MEANS[sex][site])


def z_score(bmd, age, sex: str, site: str):
    """Z-score: SDs from the age- and sex-matched mean (young-adult SD).

    >>> round(float(z_score(0.858, 25.0, "female", "femoral_neck")), 2)
    0.0
    """
    _, sd = reference_bmd(sex, site)
    return (np.asarray(bmd, dtype=float) - age_matched_mean(age, sex, site)) / sd


def who_category(t):
    """WHO category for T-scores: normal (> -1), osteopenia, osteoporosis (<= -2.5).

    >>> who_category([-0.5, -1.5, -2.5]).tolist()
    ['normal', 'osteopenia', 'osteoporosis']
    """
    t = np.asarray(t, dtype=float)
    out = np.where(t > -1.0, "normal", np.where(t > -2.5, "osteopenia", "osteoporosis"))
    return np.where(np.isnan(t), "unknown", out)
