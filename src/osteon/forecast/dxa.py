"""DXA numbers a person brings: cross-calibration, T-score <-> BMD, least significant change.

Areal BMD (g/cm2) from different DXA manufacturers is not interchangeable: on the same
person a GE Lunar scanner reads the spine about 0.1 g/cm2 higher than a Hologic scanner.
The International Committee for Standards in Bone Measurement published linear equations
that map each manufacturer's BMD to a common *standardized BMD* (sBMD):

- **Lumbar spine** (Hologic, GE Lunar, Norland): sBMD = b (BMD - m) + 1.0436 g/cm2, with the
  slopes b and machine means m tabulated by the University of Washington bone-physiology
  course page (courses.washington.edu/bonephys/opBMDs.html) from Genant HK et al. J Bone Miner
  Res 1994;9:1503 and Hui SL et al. J Bone Miner Res 1997;12:1463. They agree with Genant's
  direct Lunar -> Hologic spine equation (Hologic = 0.906 Lunar - 0.025) to 0.001 g/cm2 at the
  sample mean and within 0.006 g/cm2 over 0.6-1.5 g/cm2 (tested).
- **Total hip**: sBMD = a + b BMD (Hui 1997, the ICSBM total-hip equations).
- **Femoral neck**: sBMD = a + b BMD (Lu Y et al. Osteoporos Int 2001,
  doi:10.1007/s001980170087, the subregion equations; the ICSBM total-hip equations are not
  appropriate for the neck).

The hip coefficients were read on the same page and confirmed in a second source that quotes
them (a DXA cross-calibration paper: neck 1.087 Hologic + 0.019, 0.939 Lunar - 0.023; total hip
1.008 Hologic + 0.006, 0.979 Lunar - 0.031). sBMD is conventionally written in mg/cm2
(1000 x the expression); here it is kept in g/cm2.

Osteon's DXA reference (:mod:`osteon.outputs.reference`: NHANES III for the hip, NHANES
1999-2004 for the spine) was measured on Hologic scanners, so :func:`to_hologic` maps any
scanner's value to Hologic through sBMD before a T-score is taken. The standardization
leaves an average individual error of about 3.5 % (same page), larger than the least
significant change, so two scans from different manufacturers cannot be compared for change.
The equations were derived on 1990s scanners: on a GE Lunar DPX-NT and a Hologic QDR 4500
(100 women; Eur J Radiol 2007;62:423) they map the mean Lunar spine (1.068 g/cm2) to 0.943
against 0.950 measured on the Hologic, but the mean Lunar femoral neck (0.895) to 0.735
against 0.798, so a converted femoral-neck value can be off by several percent.

The **least significant change** (LSC) at 95 % confidence is 2.77 x the precision error
(ISCD precision-assessment glossary; Baim S et al. J Clin Densitom 2005;8:371, the ISCD white
paper on precision assessment). Precision must be measured at each centre; the defaults here
(spine 1.0 %, total hip 1.0 %, femoral neck 2.0 % CV) are typical values, consistent with the
RMS-SD precision measured by eight technologists (Nelson L et al. J Clin Densitom 2010,
doi:10.1016/j.jocd.2009.10.001: spine 0.008-0.011, total hip 0.006-0.016, femoral neck
0.010-0.020 g/cm2).

Evidence grade: human observational (cross-calibration studies and precision studies).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from osteon.errors import OsteonInputError
from osteon.forecast.dxa_precision import LONG_TERM_PRECISION, PRECISION
from osteon.outputs.reference import reference_bmd
from osteon.parameters.records import Evidence, Parameter

E = Evidence

MANUFACTURERS = ("hologic", "ge_lunar", "norland")
"""Manufacturers with published standardization equations."""

DXA_SITES = ("lumbar_spine", "total_hip", "femoral_neck")
"""Sites with standardization equations and default precision."""

REFERENCE_MANUFACTURER = "hologic"
"""The scanner of Osteon's DXA reference data (NHANES III and NHANES 1999-2004)."""

LSC_FACTOR = 2.77
"""LSC = 2.77 x precision error (95 % confidence, two measurements): 1.96 x sqrt(2)."""

_ALIASES = {
    "hologic": "hologic",
    "ge_lunar": "ge_lunar",
    "lunar": "ge_lunar",
    "ge": "ge_lunar",
    "ge lunar": "ge_lunar",
    "ge-lunar": "ge_lunar",
    "norland": "norland",
}

_UW = (
    "University of Washington bone physiology course, courses.washington.edu/bonephys/"
    "opBMDs.html (standardization equations; Genant HK et al. J Bone Miner Res 1994;9:1503; "
    "Hui SL et al. J Bone Miner Res 1997;12:1463)"
)
_LU = (
    "Lu Y et al. Osteoporos Int 2001, doi:10.1007/s001980170087 (femoral-neck "
    "standardization), as tabulated on "
    "courses.washington.edu/bonephys/opBMDs.html and quoted in a DXA cross-calibration paper"
)
_HUI = (
    "Hui SL et al. J Bone Miner Res 1997;12:1463 (ICSBM total-hip standardization), as "
    "tabulated on courses.washington.edu/bonephys/opBMDs.html and quoted in a DXA "
    "cross-calibration paper"
)


def _p(name, value, units, source, rng, description, evidence=E.HUMAN_OBSERVATIONAL):
    return Parameter(name, value, units, source, evidence, rng, description, group="dxa")


# Spine: sBMD = slope * (BMD - machine_mean) + 1.0436 g/cm2
SPINE_COMMON_MEAN = _p(
    "sbmd_spine_common_mean",
    1.0436,
    "g/cm2",
    _UW,
    (1.0, 1.1),
    "Mean standardized spine BMD of the cross-calibration sample (the sBMD every machine's "
    "mean maps to)",
)
_SPINE = {
    "hologic": (
        _p("sbmd_spine_slope_hologic", 1.0550, "1", _UW, (0.9, 1.2), "Hologic spine slope"),
        _p(
            "sbmd_spine_mean_hologic",
            0.972,
            "g/cm2",
            _UW,
            (0.9, 1.1),
            "Mean Hologic spine BMD of the cross-calibration sample",
        ),
    ),
    "ge_lunar": (
        _p("sbmd_spine_slope_ge_lunar", 0.9683, "1", _UW, (0.85, 1.1), "GE Lunar spine slope"),
        _p(
            "sbmd_spine_mean_ge_lunar",
            1.100,
            "g/cm2",
            _UW,
            (1.0, 1.2),
            "Mean GE Lunar spine BMD of the cross-calibration sample",
        ),
    ),
    "norland": (
        _p("sbmd_spine_slope_norland", 0.9743, "1", _UW, (0.85, 1.1), "Norland spine slope"),
        _p(
            "sbmd_spine_mean_norland",
            0.969,
            "g/cm2",
            _UW,
            (0.9, 1.1),
            "Mean Norland spine BMD of the cross-calibration sample",
        ),
    ),
}

# Hip: sBMD = intercept + slope * BMD (g/cm2)
_HIP = {
    "femoral_neck": {
        "hologic": (0.019, 1.087),
        "ge_lunar": (-0.023, 0.939),
        "norland": (0.006, 0.985),
    },
    "total_hip": {
        "hologic": (0.006, 1.008),
        "ge_lunar": (-0.031, 0.979),
        "norland": (0.026, 1.012),
    },
}
HIP_RECORDS: dict[tuple[str, str], tuple[Parameter, Parameter]] = {
    (site, m): (
        _p(
            f"sbmd_{site}_intercept_{m}",
            a,
            "g/cm2",
            _LU if site == "femoral_neck" else _HUI,
            (-0.1, 0.1),
            f"{m} {site} standardization intercept",
        ),
        _p(
            f"sbmd_{site}_slope_{m}",
            b,
            "1",
            _LU if site == "femoral_neck" else _HUI,
            (0.85, 1.2),
            f"{m} {site} standardization slope",
        ),
    )
    for site, by_m in _HIP.items()
    for m, (a, b) in by_m.items()
}

GENANT_LUNAR_TO_HOLOGIC_SPINE = (
    _p(
        "genant_spine_lunar_to_hologic_slope",
        0.906,
        "1",
        "Genant HK et al. J Bone Miner Res 1994;9:1503, quoted in a DXA cross-calibration paper",
        (0.85, 0.95),
        "Direct Lunar -> Hologic spine BMD slope (a cross-check, not used)",
    ),
    _p(
        "genant_spine_lunar_to_hologic_intercept",
        -0.025,
        "g/cm2",
        "Genant HK et al. J Bone Miner Res 1994;9:1503, quoted in a DXA cross-calibration paper",
        (-0.05, 0.0),
        "Direct Lunar -> Hologic spine BMD intercept (a cross-check, not used)",
    ),
)

STANDARDIZATION_INDIVIDUAL_ERROR = _p(
    "sbmd_individual_error",
    3.5,
    "%",
    _UW,
    (2.0, 6.0),
    "Average error of standardized BMD for an individual patient: why scans from different "
    "manufacturers are not compared for change",
)

RECORDS: tuple = (
    SPINE_COMMON_MEAN,
    *(r for pair in _SPINE.values() for r in pair),
    *(r for pair in HIP_RECORDS.values() for r in pair),
    *GENANT_LUNAR_TO_HOLOGIC_SPINE,
    STANDARDIZATION_INDIVIDUAL_ERROR,
    *PRECISION.values(),
    *LONG_TERM_PRECISION.values(),
)
"""Every number of this module as a record."""

CITATIONS = (
    "Genant HK et al. J Bone Miner Res 1994;9:1503",
    "Hui SL et al. J Bone Miner Res 1997;12:1463",
    "Lu Y et al. Osteoporos Int 2001, doi:10.1007/s001980170087",
    "Baim S et al. J Clin Densitom 2005;8:371 (ISCD precision assessment)",
    "Nelson L et al. J Clin Densitom 2010, doi:10.1016/j.jocd.2009.10.001",
)


def manufacturer_name(manufacturer: str, field: str = "manufacturer") -> str:
    """Canonical manufacturer name (``"lunar"`` and ``"GE Lunar"`` -> ``"ge_lunar"``).

    >>> manufacturer_name("GE Lunar")
    'ge_lunar'
    >>> manufacturer_name("Stratos")
    Traceback (most recent call last):
    ...
    osteon.errors.OsteonInputError: manufacturer: 'Stratos' has no published standardization equations (use hologic, ge_lunar or norland). Valid example: manufacturer="hologic"
    """
    key = str(manufacturer).strip().lower() if isinstance(manufacturer, str) else None
    if key not in _ALIASES:
        raise OsteonInputError(
            field,
            f"{manufacturer!r} has no published standardization equations "
            f"(use {', '.join(MANUFACTURERS[:-1])} or {MANUFACTURERS[-1]})",
            'manufacturer="hologic"',
        )
    return _ALIASES[key]


def _site(site: str, field: str = "site") -> str:
    if site not in DXA_SITES:
        raise OsteonInputError(
            field,
            f"{site!r} is not one of {', '.join(DXA_SITES)}",
            'site="femoral_neck"',
        )
    return site


def _bmd(value, field: str):
    arr = np.asarray(value, dtype=float)
    if not np.all(np.isfinite(arr)) or np.any((arr < 0.1) | (arr > 2.5)):
        raise OsteonInputError(
            field,
            f"{value!r} is not an areal BMD in g/cm2 (expected 0.1-2.5; "
            "a T-score or mg/cm2 value?)",
            "bmd=0.72",
        )
    return arr


def _linear(site: str, manufacturer: str) -> tuple[float, float]:
    """(intercept, slope) of sBMD = intercept + slope * BMD, in g/cm2."""
    if site == "lumbar_spine":
        slope, mean = (r.value for r in _SPINE[manufacturer])
        return SPINE_COMMON_MEAN.value - slope * mean, slope
    a, b = HIP_RECORDS[(site, manufacturer)]
    return a.value, b.value


def _out(arr):
    return float(arr) if np.ndim(arr) == 0 else arr


def to_sbmd(bmd, manufacturer: str, site: str):
    """Standardized BMD (g/cm2) from a scanner's areal BMD.

    Parameters
    ----------
    bmd
        Areal BMD in g/cm2 as printed by the scanner (scalar or array).
    manufacturer
        ``"hologic"``, ``"ge_lunar"`` or ``"norland"``.
    site
        ``"lumbar_spine"``, ``"total_hip"`` or ``"femoral_neck"``.

    Returns
    -------
    float or ndarray
        sBMD in g/cm2 (multiply by 1000 for the customary mg/cm2).

    Examples
    --------
    The machine means of the spine cross-calibration sample all map to 1.0436 g/cm2:

    >>> round(to_sbmd(1.100, "ge_lunar", "lumbar_spine"), 4)
    1.0436
    >>> round(to_sbmd(0.800, "hologic", "femoral_neck"), 4)
    0.8886
    """
    m = manufacturer_name(manufacturer)
    s = _site(site)
    x = _bmd(bmd, "bmd")
    a, b = _linear(s, m)
    return _out(a + b * x)


def from_sbmd(sbmd, manufacturer: str, site: str):
    """A scanner's areal BMD (g/cm2) from standardized BMD (the inverse of :func:`to_sbmd`).

    >>> round(from_sbmd(to_sbmd(0.95, "norland", "total_hip"), "norland", "total_hip"), 6)
    0.95
    """
    m = manufacturer_name(manufacturer)
    s = _site(site)
    x = _bmd(sbmd, "sbmd")
    a, b = _linear(s, m)
    return _out((x - a) / b)


def to_hologic(bmd, manufacturer: str, site: str):
    """Convert a scanner's BMD to the Hologic scale of Osteon's reference data (via sBMD).

    Examples
    --------
    A GE Lunar femoral neck of 0.85 g/cm2 reads about 0.70 g/cm2 on a Hologic scanner
    (Lunar reads the neck about 0.1 g/cm2 higher):

    >>> round(to_hologic(0.85, "ge_lunar", "femoral_neck"), 3)
    0.696
    >>> to_hologic(0.85, "hologic", "femoral_neck")
    0.85
    """
    m = manufacturer_name(manufacturer)
    if m == REFERENCE_MANUFACTURER:
        return _out(_bmd(bmd, "bmd"))
    return from_sbmd(to_sbmd(bmd, m, site), REFERENCE_MANUFACTURER, site)


def t_score_from_bmd(bmd, sex: str, site: str, manufacturer: str = "hologic"):
    """T-score of a measured BMD against Osteon's reference (after conversion to Hologic).

    Parameters
    ----------
    bmd
        Areal BMD, g/cm2, as printed by the scanner.
    sex
        ``"female"`` or ``"male"`` (Osteon's reference is sex-specific).
    site
        ``"lumbar_spine"``, ``"total_hip"`` or ``"femoral_neck"``.
    manufacturer
        The scanner's manufacturer.

    Examples
    --------
    >>> round(t_score_from_bmd(0.558, "female", "femoral_neck"), 2)
    -2.5
    >>> round(t_score_from_bmd(0.65, "female", "femoral_neck", "ge_lunar"), 2)
    -2.79
    """
    from osteon.outputs.reference import t_score

    hol = to_hologic(bmd, manufacturer, site)
    return _out(t_score(hol, sex, site))


def bmd_from_t_score(t, sex: str, site: str, manufacturer: str = "hologic"):
    """Areal BMD (g/cm2) on a given scanner for a T-score against Osteon's reference.

    >>> round(bmd_from_t_score(-2.5, "female", "femoral_neck"), 3)
    0.558
    >>> round(t_score_from_bmd(bmd_from_t_score(-1.0, "male", "lumbar_spine", "norland"),
    ...                        "male", "lumbar_spine", "norland"), 6)
    -1.0
    """
    tt = np.asarray(t, dtype=float)
    if not np.all(np.isfinite(tt)) or np.any((tt < -7) | (tt > 5)):
        raise OsteonInputError("t_score", f"{t!r} is outside -7 to +5", "t_score=-2.5")
    mean, sd = reference_bmd(sex, _site(site))
    hol = mean + tt * sd
    m = manufacturer_name(manufacturer)
    if m == REFERENCE_MANUFACTURER:
        return _out(hol)
    return from_sbmd(to_sbmd(hol, REFERENCE_MANUFACTURER, site), m, site)


def least_significant_change(site: str, precision: float | None = None) -> float:
    """Least significant change at 95 % confidence: 2.77 x the precision error.

    Parameters
    ----------
    site
        DXA site (its default precision is used when ``precision`` is None).
    precision
        The centre's precision error, in % CV (RMS). Prefer a measured value.

    Returns
    -------
    float
        LSC in % of BMD.

    Examples
    --------
    >>> least_significant_change("lumbar_spine")
    2.77
    >>> round(least_significant_change("femoral_neck", precision=1.5), 3)
    4.155
    """
    s = _site(site)
    if precision is None:
        precision = PRECISION[s].value
    if (
        isinstance(precision, bool)
        or not isinstance(precision, (int, float))
        or not (0.1 <= precision <= 10)
    ):
        raise OsteonInputError(
            "precision",
            f"{precision!r} is not a precision error in % CV (expected 0.1-10)",
            "precision=1.2",
        )
    return LSC_FACTOR * float(precision)


@dataclass(frozen=True)
class BmdChange:
    """The change between two DXA scans judged against the least significant change.

    Attributes
    ----------
    site
        DXA site.
    change
        After minus before, g/cm2 (on the first scan's scanner scale).
    change_percent
        Change in % of the first scan.
    lsc_percent
        Least significant change, %.
    significant
        True when the absolute change reaches the LSC.
    comparable
        False when the scans come from different manufacturers: the standardization error
        (about 3.5 % for an individual) exceeds the LSC, so no change can be called real.
    """

    site: str
    change: float
    change_percent: float
    lsc_percent: float
    significant: bool
    comparable: bool

    @property
    def direction(self) -> str:
        """``"gain"``, ``"loss"`` or ``"no significant change"``."""
        if not self.significant:
            return "no significant change"
        return "gain" if self.change > 0 else "loss"


def compare_scans(
    before: float,
    after: float,
    site: str,
    *,
    manufacturer_before: str = "hologic",
    manufacturer_after: str | None = None,
    precision: float | None = None,
) -> BmdChange:
    """Whether the change between two scans exceeds the least significant change.

    Parameters
    ----------
    before, after
        Areal BMD of the two scans, g/cm2.
    site
        DXA site.
    manufacturer_before, manufacturer_after
        Scanners (``manufacturer_after`` defaults to the first). With different
        manufacturers the second value is mapped to the first scanner via sBMD and the result
        is marked not comparable.
    precision
        The centre's precision error, % CV (default: typical value for the site).

    Examples
    --------
    >>> c = compare_scans(0.900, 0.860, "lumbar_spine")
    >>> round(c.change_percent, 2), c.lsc_percent, c.direction
    (-4.44, 2.77, 'loss')
    >>> compare_scans(0.700, 0.690, "femoral_neck").significant
    False
    >>> compare_scans(0.80, 0.86, "total_hip", manufacturer_after="ge_lunar").comparable
    False
    """
    s = _site(site)
    m1 = manufacturer_name(manufacturer_before, "manufacturer_before")
    m2 = (
        m1
        if manufacturer_after is None
        else manufacturer_name(manufacturer_after, "manufacturer_after")
    )
    b = float(_bmd(before, "before"))
    a = float(_bmd(after, "after"))
    if m2 != m1:
        a = float(from_sbmd(to_sbmd(a, m2, s), m1, s))
    lsc = least_significant_change(s, precision)
    change = a - b
    pct = 100.0 * change / b
    comparable = m1 == m2
    return BmdChange(
        site=s,
        change=change,
        change_percent=pct,
        lsc_percent=lsc,
        significant=comparable and abs(pct) >= lsc - 1e-12,
        comparable=comparable,
    )


def exceeds_lsc(before: float, after: float, site: str, **kwargs) -> bool:
    """True when the change between two scans reaches the least significant change.

    Keyword arguments are those of :func:`compare_scans`.

    >>> exceeds_lsc(0.900, 0.870, "lumbar_spine")
    True
    >>> exceeds_lsc(0.900, 0.880, "lumbar_spine")
    False
    """
    return compare_scans(before, after, site, **kwargs).significant
