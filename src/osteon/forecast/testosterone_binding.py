"""Free and bioavailable testosterone from total testosterone, SHBG and albumin.

Follows Vermeulen A, Verdonck L, Kaufman JM. J Clin Endocrinol Metab 1999;84:3666 (law of
mass action, association constants 1e9 L/mol for SHBG and 3.6e4 L/mol for albumin, albumin
69,000 g/mol, default 4.3 g/dL), as given with a worked example by the International Society
for the Study of the Aging Male (issam.ch/freetesuit.html). The labs are read with
:func:`osteon.forecast.labs.parse_lab`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from osteon.errors import OsteonInputError
from osteon.forecast.labs import LABS, QUANTITY_PATTERN, LabValue, convert_lab, parse_lab
from osteon.parameters.records import Evidence, Parameter

E = Evidence

_VERMEULEN = (
    "Vermeulen A, Verdonck L, Kaufman JM. J Clin Endocrinol Metab 1999;84:3666, as given with "
    "a worked example by ISSAM (issam.ch/freetesuit.html)"
)
K_SHBG = Parameter(
    "testosterone_shbg_association_constant",
    1.0e9,
    "L/mol",
    _VERMEULEN,
    E.IN_VITRO,
    (5.0e8, 2.0e9),
    "Association constant of testosterone for SHBG",
    group="labs",
)
K_ALBUMIN = Parameter(
    "testosterone_albumin_association_constant",
    3.6e4,
    "L/mol",
    _VERMEULEN,
    E.IN_VITRO,
    (2.0e4, 6.0e4),
    "Association constant of testosterone for albumin",
    group="labs",
)
ALBUMIN_MOLAR_MASS = Parameter(
    "albumin_molar_mass",
    69000.0,
    "g/mol",
    _VERMEULEN,
    E.HUMAN_OBSERVATIONAL,
    (66000.0, 70000.0),
    "Albumin molar mass used by Vermeulen's equation",
    group="labs",
)
DEFAULT_ALBUMIN = Parameter(
    "albumin_default",
    43.0,
    "g/L",
    _VERMEULEN,
    E.HUMAN_OBSERVATIONAL,
    (35.0, 50.0),
    "Albumin assumed when not measured (4.3 g/dL)",
    group="labs",
)
FREE_T_RECORDS = (K_SHBG, K_ALBUMIN, ALBUMIN_MOLAR_MASS, DEFAULT_ALBUMIN)


@dataclass(frozen=True)
class FreeTestosterone:
    """Calculated free and bioavailable testosterone (Vermeulen 1999).

    Attributes
    ----------
    free_nmol_l
        Free testosterone, nmol/L.
    bioavailable_nmol_l
        Free plus albumin-bound testosterone, nmol/L.
    free_fraction
        Free / total.
    """

    free_nmol_l: float
    bioavailable_nmol_l: float
    free_fraction: float

    @property
    def free_pmol_l(self) -> float:
        """Free testosterone, pmol/L."""
        return 1000.0 * self.free_nmol_l

    @property
    def free_ng_dl(self) -> float:
        """Free testosterone, ng/dL."""
        return convert_lab("testosterone", self.free_nmol_l, "nmol/L", "ng/dL")


def _as_lab(analyte: str, x, field: str) -> LabValue:
    if isinstance(x, LabValue):
        if x.analyte != analyte:
            raise OsteonInputError(
                field, f"expected a {analyte} value, got {x.analyte}", LABS[analyte].example
            )
        return x
    if isinstance(x, tuple) and len(x) == 2:
        return parse_lab(analyte, x[0], x[1], field=field)
    return parse_lab(analyte, x, field=field)


def _albumin_g_l(albumin, field: str = "labs.albumin") -> float:
    if albumin is None:
        return DEFAULT_ALBUMIN.value
    ex = '"4.3 g/dL" or "43 g/L"'
    m = QUANTITY_PATTERN.match(albumin) if isinstance(albumin, str) else None
    if not m:
        raise OsteonInputError(field, f"expected albumin like '4.3 g/dL', got {albumin!r}", ex)
    number, unit = float(m.group(1)), m.group(2)
    factors = {"g/dL": 10.0, "g/dl": 10.0, "g/L": 1.0, "g/l": 1.0}
    if unit not in factors:
        raise OsteonInputError(
            field, f"unit {unit!r} is not accepted for albumin (use g/dL or g/L)", ex
        )
    g_l = number * factors[unit]
    if not 10.0 <= g_l <= 70.0:
        raise OsteonInputError(field, f"{albumin} is outside 1.0-7.0 g/dL (10-70 g/L)", ex)
    return g_l


def free_testosterone(total, shbg, albumin: str | None = None) -> FreeTestosterone:
    """Free testosterone from total testosterone, SHBG and albumin (Vermeulen 1999).

    Mass action with testosterone binding SHBG (K_t = 1e9 L/mol) and albumin
    (K_a = 3.6e4 L/mol): with N = 1 + K_a [albumin], free testosterone FT solves
    ``K_t N FT^2 + (N + K_t (SHBG - TT)) FT - TT = 0``; bioavailable = N FT.

    Parameters
    ----------
    total
        Total testosterone: ``"450 ng/dL"``, a ``(value, unit)`` tuple or a
        :class:`LabValue`.
    shbg
        SHBG, same forms (nmol/L).
    albumin
        ``"4.3 g/dL"`` or ``"43 g/L"``; default 4.3 g/dL.

    Returns
    -------
    FreeTestosterone

    Examples
    --------
    The worked example given with the method (ISSAM): total testosterone 288.4 ng/dL
    (10 nmol/L), SHBG 40 nmol/L, albumin 4.3 g/dL -> free 1.74 % (0.174 nmol/L, 5.02 ng/dL)
    and bioavailable 118 ng/dL:

    >>> ft = free_testosterone("10 nmol/L", "40 nmol/L")
    >>> round(100 * ft.free_fraction, 2), round(ft.free_ng_dl, 2)
    (1.74, 5.02)
    >>> round(convert_lab("testosterone", ft.bioavailable_nmol_l, "nmol/L", "ng/dL"))
    118
    """
    tt = _as_lab("testosterone", total, "labs.testosterone").value * 1e-9  # mol/L
    sh = _as_lab("shbg", shbg, "labs.shbg").value * 1e-9
    alb = _albumin_g_l(albumin) / ALBUMIN_MOLAR_MASS.value  # mol/L
    kt, ka = K_SHBG.value, K_ALBUMIN.value
    n = 1.0 + ka * alb
    a = kt * n
    b = n + kt * (sh - tt)
    c = -tt
    if tt == 0.0:
        return FreeTestosterone(0.0, 0.0, 0.0)
    ft = (-b + math.sqrt(b * b - 4.0 * a * c)) / (2.0 * a)
    return FreeTestosterone(ft * 1e9, n * ft * 1e9, ft / tt)


RECORDS: tuple = FREE_T_RECORDS
"""Every constant of this module as a record."""
