"""Lab values in conventional and SI units, converted with pint, checked against plausible ranges.

A person's lab report may give estradiol in pg/mL or pmol/L, testosterone in ng/dL or
nmol/L, and so on. :func:`parse_lab` reads a value with its unit, converts it with
`pint <https://pint.readthedocs.io>`_ (mass <-> amount concentrations through the
analyte's molar mass, pint's ``chemistry`` context) to the analyte's SI unit, and checks
it against a plausible range, so that a unit slip (a testosterone of 450 "nmol/L") is caught.

Molar masses (g/mol) and where they were read:

===============  ============  ===========================================================
analyte          molar mass    source
===============  ============  ===========================================================
estradiol        272.38        C18H24O2; hormone unit-conversion tables (1 pg/mL = 3.671
                               pmol/L), e.g. convertmedunits.com, health3.app
testosterone     288.42        C19H28O2; same tables (1 ng/dL = 0.03467 nmol/L)
cortisol         362.46        C21H30O5; same tables (1 ug/dL = 27.59 nmol/L)
25(OH)D          400.64        calcifediol C27H44O2; same tables (1 ng/mL = 2.496 nmol/L)
IGF-1            7649          70-residue peptide, 7,649 Da (Pacific Biomarkers IGF-1 assay
                               sheet; labtests.co.in: 1 ug/L ~ 0.13 nmol/L)
PTH (1-84)       9500          intact 84-residue PTH ~9.5 kDa (labtests.co.in: 1 pg/mL =
                               0.105 pmol/L); laboratories also use 0.106 (~9425 Da)
calcium          40.078        standard atomic weight (1 mmol/L = 4.0078 mg/dL)
===============  ============  ===========================================================

SHBG is reported in nmol/L everywhere; CTX (ng/mL = ug/L, pg/mL = ng/L) and P1NP
(ug/L = ng/mL) convert by SI prefixes only, no molar mass is involved (assays report them in
mass units of different fragments).

The plausible ranges are wide validation bounds (assumed, evidence grade ``assumed``): they
include pathological and on-treatment values and reject numbers that can only come from a
wrong unit; they are not reference intervals.

Free testosterone from these labs: :mod:`osteon.forecast.testosterone_binding`.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import cache

from osteon.errors import OsteonInputError
from osteon.parameters.records import Evidence, Parameter

E = Evidence

_TABLES = (
    "hormone unit-conversion tables (convertmedunits.com; health3.app; convertunits101.com), "
    "molar mass of the molecule"
)


def _mm(name, value, source, rng, description):
    return Parameter(
        f"molar_mass_{name}",
        value,
        "g/mol",
        source,
        E.HUMAN_OBSERVATIONAL,
        rng,
        description,
        group="labs",
    )


MOLAR_MASS = {
    "estradiol": _mm(
        "estradiol",
        272.38,
        _TABLES + ": estradiol 272.38 (1 pg/mL = 3.671 pmol/L)",
        (272.0, 272.5),
        "Estradiol C18H24O2",
    ),
    "testosterone": _mm(
        "testosterone",
        288.42,
        _TABLES + ": testosterone 288.42 (1 ng/dL = 0.03467 nmol/L)",
        (288.0, 288.5),
        "Testosterone C19H28O2",
    ),
    "cortisol": _mm(
        "cortisol",
        362.46,
        _TABLES + ": cortisol 362.46 (1 ug/dL = 27.59 nmol/L)",
        (362.0, 362.5),
        "Cortisol C21H30O5",
    ),
    "vitamin_d_25oh": _mm(
        "vitamin_d_25oh",
        400.64,
        _TABLES + ": 25-hydroxyvitamin D 400.64-400.65 (1 ng/mL = 2.496 nmol/L)",
        (400.6, 400.7),
        "25-hydroxyvitamin D3 (calcifediol)",
    ),
    "igf1": _mm(
        "igf1",
        7649.0,
        "Pacific Biomarkers IGF-1 assay sheet (70 residues, 7,649 Da); labtests.co.in "
        "unit converter (MW ~7649 Da, 1 ug/L ~ 0.13 nmol/L)",
        (7600.0, 7700.0),
        "Insulin-like growth factor 1, mature 70-residue peptide",
    ),
    "pth": _mm(
        "pth",
        9500.0,
        "labtests.co.in unit converter (intact PTH 1-84 ~9500 Da, 1 pg/mL = 0.105 "
        "pmol/L); 0.106 pmol/L per pg/mL (~9425 Da) is also in use",
        (9400.0, 9600.0),
        "Intact parathyroid hormone (1-84)",
    ),
    "calcium": _mm(
        "calcium",
        40.078,
        "standard atomic weight of calcium, 40.078 (procalculator.co.uk calcium "
        "converter: 1 mmol/L = 4.0078 mg/dL)",
        (40.07, 40.09),
        "Calcium",
    ),
}
"""Molar mass of each analyte converted between mass and amount concentrations."""


@dataclass(frozen=True)
class LabSpec:
    """How one lab is read: its SI unit, the units accepted, molar mass and plausible range.

    Attributes
    ----------
    name
        Analyte key (``"estradiol"``).
    long_name
        Name for reports.
    si_unit
        The unit values are stored in.
    conventional_unit
        The conventional (US) unit.
    units
        Every accepted unit spelling, mapped to a pint unit string.
    molar_mass
        Record of the molar mass, or None when conversion is by SI prefixes only.
    plausible_range
        ``(low, high)`` in ``si_unit``: validation bounds, not a reference interval.
    range_note
        Why the bounds are where they are.
    example
        A valid example, for error messages.
    evidence
        Evidence grade of the bounds (assumed: chosen to reject wrong units only).
    """

    name: str
    long_name: str
    si_unit: str
    conventional_unit: str
    units: dict
    molar_mass: Parameter | None
    plausible_range: tuple[float, float]
    range_note: str
    example: str
    evidence: Evidence = E.ASSUMED

    def to_dict(self) -> dict:
        """Plain dictionary (for tables and JSON)."""
        return {
            "name": self.name,
            "long_name": self.long_name,
            "si_unit": self.si_unit,
            "conventional_unit": self.conventional_unit,
            "units": sorted(set(self.units.values())),
            "molar_mass_g_per_mol": None if self.molar_mass is None else self.molar_mass.value,
            "plausible_range": list(self.plausible_range),
            "range_note": self.range_note,
            "evidence": self.evidence.value,
        }


def _range(lo: float, hi: float, why: str) -> tuple[tuple[float, float], str]:
    return (lo, hi), "Assumed validation bound: " + why


_MASS = {
    "pg/mL": "pg/mL",
    "pg/ml": "pg/mL",
    "ng/L": "ng/L",
    "ng/l": "ng/L",
    "ng/dL": "ng/dL",
    "ng/dl": "ng/dL",
    "ng/mL": "ng/mL",
    "ng/ml": "ng/mL",
    "ug/L": "ug/L",
    "µg/L": "ug/L",
    "ug/l": "ug/L",
    "mcg/L": "ug/L",
    "ug/dL": "ug/dL",
    "µg/dL": "ug/dL",
    "ug/dl": "ug/dL",
    "mcg/dL": "ug/dL",
    "mg/dL": "mg/dL",
    "mg/dl": "mg/dL",
    "mg/L": "mg/L",
    "mg/l": "mg/L",
}
_AMOUNT = {
    "pmol/L": "pmol/L",
    "pmol/l": "pmol/L",
    "nmol/L": "nmol/L",
    "nmol/l": "nmol/L",
    "mmol/L": "mmol/L",
    "mmol/l": "mmol/L",
    "umol/L": "umol/L",
    "µmol/L": "umol/L",
}


def _units(*names):
    table = {**_MASS, **_AMOUNT}
    return {k: v for k, v in table.items() if v in names}


LABS: dict[str, LabSpec] = {
    "estradiol": LabSpec(
        "estradiol",
        "serum estradiol",
        "pmol/L",
        "pg/mL",
        _units("pg/mL", "ng/L", "pmol/L"),
        MOLAR_MASS["estradiol"],
        *_range(0.0, 20000.0, "undetectable to supraphysiological IVF levels (~5,000 pg/mL)"),
        '"35 pg/mL" or "129 pmol/L"',
    ),
    "testosterone": LabSpec(
        "testosterone",
        "serum total testosterone",
        "nmol/L",
        "ng/dL",
        _units("ng/dL", "ng/mL", "nmol/L"),
        MOLAR_MASS["testosterone"],
        *_range(0.0, 150.0, "castrate to peak of an injected ester (~4,300 ng/dL)"),
        '"450 ng/dL" or "15.6 nmol/L"',
    ),
    "shbg": LabSpec(
        "shbg",
        "sex hormone-binding globulin",
        "nmol/L",
        "nmol/L",
        _units("nmol/L"),
        None,
        *_range(
            1.0, 400.0, "very low (obesity, androgens) to high (oral estrogen, hyperthyroidism)"
        ),
        '"40 nmol/L"',
    ),
    "igf1": LabSpec(
        "igf1",
        "serum IGF-1",
        "nmol/L",
        "ng/mL",
        _units("ng/mL", "ug/L", "nmol/L"),
        MOLAR_MASS["igf1"],
        *_range(0.5, 200.0, "GH deficiency to active acromegaly (~1,500 ng/mL)"),
        '"150 ng/mL" or "19.6 nmol/L"',
    ),
    "vitamin_d_25oh": LabSpec(
        "vitamin_d_25oh",
        "serum 25-hydroxyvitamin D",
        "nmol/L",
        "ng/mL",
        _units("ng/mL", "ug/L", "nmol/L"),
        MOLAR_MASS["vitamin_d_25oh"],
        *_range(2.0, 750.0, "severe deficiency to intoxication (~300 ng/mL)"),
        '"30 ng/mL" or "75 nmol/L"',
    ),
    "pth": LabSpec(
        "pth",
        "serum intact PTH",
        "pmol/L",
        "pg/mL",
        _units("pg/mL", "ng/L", "pmol/L"),
        MOLAR_MASS["pth"],
        *_range(
            0.1,
            350.0,
            "hypoparathyroidism to severe secondary "
            "hyperparathyroidism of kidney failure (~3,000 pg/mL)",
        ),
        '"45 pg/mL" or "4.7 pmol/L"',
    ),
    "calcium": LabSpec(
        "calcium",
        "serum total calcium",
        "mmol/L",
        "mg/dL",
        _units("mg/dL", "mg/L", "mmol/L"),
        MOLAR_MASS["calcium"],
        *_range(1.0, 4.5, "life-threatening hypo- to hypercalcaemia (4-18 mg/dL)"),
        '"9.5 mg/dL" or "2.37 mmol/L"',
    ),
    "ctx": LabSpec(
        "ctx",
        "serum CTX (beta-CrossLaps)",
        "ng/mL",
        "ng/mL",
        _units("ng/mL", "ug/L", "pg/mL", "ng/L"),
        None,
        *_range(0.005, 6.0, "suppressed by denosumab to high-turnover disease"),
        '"0.45 ng/mL" or "450 pg/mL"',
    ),
    "p1np": LabSpec(
        "p1np",
        "serum P1NP",
        "ug/L",
        "ng/mL",
        _units("ug/L", "ng/mL"),
        None,
        *_range(1.0, 2000.0, "suppressed by antiresorptives to Paget's disease and teriparatide"),
        '"55 ug/L" or "55 ng/mL"',
    ),
    "cortisol": LabSpec(
        "cortisol",
        "serum cortisol",
        "nmol/L",
        "ug/dL",
        _units("ug/dL", "ng/mL", "nmol/L"),
        MOLAR_MASS["cortisol"],
        *_range(
            5.0,
            3500.0,
            "adrenal insufficiency to severe Cushing's or critical illness (~125 ug/dL)",
        ),
        '"12 ug/dL" or "331 nmol/L"',
    ),
}
"""Every lab the person file may carry."""


@cache
def _registry():
    import pint

    return pint.UnitRegistry()


@dataclass(frozen=True)
class LabValue:
    """A lab value stored in its SI unit.

    Attributes
    ----------
    analyte
        Key in :data:`LABS`.
    value
        Value in ``units``.
    units
        The analyte's SI unit.
    given
        The value as it was given (``"35 pg/mL"``).

    Examples
    --------
    >>> e2 = parse_lab("estradiol", "35 pg/mL")
    >>> round(e2.value, 1), e2.units
    (128.5, 'pmol/L')
    >>> round(e2.to("pg/mL"), 6)
    35.0
    """

    analyte: str
    value: float
    units: str
    given: str

    def to(self, unit: str) -> float:
        """The value in another accepted unit of the same analyte."""
        return convert_lab(self.analyte, self.value, self.units, unit)

    @property
    def conventional(self) -> float:
        """The value in the conventional (US) unit."""
        return self.to(LABS[self.analyte].conventional_unit)


def _spec(analyte: str, field: str) -> LabSpec:
    if analyte not in LABS:
        raise OsteonInputError(
            field,
            f"unknown lab {analyte!r} (known: {', '.join(LABS)})",
            'labs: {estradiol: "35 pg/mL"}',
        )
    return LABS[analyte]


def _unit(spec: LabSpec, unit, field: str) -> str:
    if isinstance(unit, str) and unit.strip() in spec.units:
        return spec.units[unit.strip()]
    raise OsteonInputError(
        field,
        f"unit {unit!r} is not accepted for {spec.long_name} "
        f"(use {', '.join(sorted(set(spec.units.values())))})",
        f"{spec.name}: {spec.example}",
    )


def convert_lab(
    analyte: str, value: float, from_unit: str, to_unit: str, *, field: str | None = None
) -> float:
    """Convert a lab value between its accepted units (pint, with the analyte's molar mass).

    Parameters
    ----------
    analyte
        Key in :data:`LABS`.
    value
        The number.
    from_unit, to_unit
        Accepted units of that analyte.
    field
        Field path for error messages (default ``labs.<analyte>``).

    Examples
    --------
    >>> round(convert_lab("testosterone", 300, "ng/dL", "nmol/L"), 2)
    10.4
    >>> round(convert_lab("vitamin_d_25oh", 20, "ng/mL", "nmol/L"), 1)
    49.9
    >>> round(convert_lab("calcium", 10, "mg/dL", "mmol/L"), 3)
    2.495
    >>> round(convert_lab("ctx", 450, "pg/mL", "ng/mL"), 6)
    0.45
    >>> convert_lab("shbg", 40, "ug/dL", "nmol/L")
    Traceback (most recent call last):
    ...
    osteon.errors.OsteonInputError: labs.shbg: unit 'ug/dL' is not accepted for sex hormone-binding globulin (use nmol/L). Valid example: shbg: "40 nmol/L"
    """
    field = field or f"labs.{analyte}"
    spec = _spec(analyte, field)
    u_from = _unit(spec, from_unit, field)
    u_to = _unit(spec, to_unit, field)
    if u_from == u_to:
        return float(value)
    ureg = _registry()
    q = ureg.Quantity(float(value), u_from)
    if spec.molar_mass is not None and (u_from in _AMOUNT.values()) != (u_to in _AMOUNT.values()):
        mw = ureg.Quantity(spec.molar_mass.value, "g/mol")
        out = q.to(u_to, "chemistry", mw=mw)
    else:
        out = q.to(u_to)
    return float(out.magnitude)


QUANTITY_PATTERN = re.compile(r"^\s*([-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?)\s*(\S+)\s*$")


def parse_lab(
    analyte: str, value, unit: str | None = None, *, field: str | None = None
) -> LabValue:
    """Read one lab value, convert it to its SI unit and check its plausible range.

    Parameters
    ----------
    analyte
        Key in :data:`LABS` (``"estradiol"``, ``"testosterone"``, ``"shbg"``, ``"igf1"``,
        ``"vitamin_d_25oh"``, ``"pth"``, ``"calcium"``, ``"ctx"``, ``"p1np"``,
        ``"cortisol"``).
    value
        ``"35 pg/mL"``, or a number with ``unit``.
    unit
        The unit when ``value`` is a number.
    field
        Field path for error messages (default ``labs.<analyte>``).

    Returns
    -------
    LabValue

    Raises
    ------
    OsteonInputError
        Unknown analyte or unit, no unit, or a value outside the plausible range; the message
        names the field and gives a valid example.

    Examples
    --------
    >>> parse_lab("testosterone", 450, "ng/dL").units
    'nmol/L'
    >>> round(parse_lab("igf1", "150 ng/mL").value, 2)
    19.61
    >>> parse_lab("testosterone", "450 nmol/L")
    Traceback (most recent call last):
    ...
    osteon.errors.OsteonInputError: labs.testosterone: 450 nmol/L (450 nmol/L) is outside the plausible range 0-150 nmol/L (a wrong unit?). Valid example: testosterone: "450 ng/dL" or "15.6 nmol/L"
    >>> parse_lab("estradiol", 35)
    Traceback (most recent call last):
    ...
    osteon.errors.OsteonInputError: labs.estradiol: the number 35 has no unit (use ng/L, pg/mL, pmol/L). Valid example: estradiol: "35 pg/mL" or "129 pmol/L"
    """
    field = field or f"labs.{analyte}"
    spec = _spec(analyte, field)
    if isinstance(value, str) and unit is None:
        m = QUANTITY_PATTERN.match(value)
        if not m:
            raise OsteonInputError(
                field,
                f"cannot read {value!r} as '<number> <unit>'",
                f"{spec.name}: {spec.example}",
            )
        number, unit = float(m.group(1)), m.group(2)
        given = value.strip()
    elif isinstance(value, bool) or not isinstance(value, (int, float)):
        raise OsteonInputError(
            field,
            f"expected a number with a unit, got {value!r}",
            f"{spec.name}: {spec.example}",
        )
    else:
        number = float(value)
        if unit is None:
            raise OsteonInputError(
                field,
                f"the number {value!r} has no unit "
                f"(use {', '.join(sorted(set(spec.units.values())))})",
                f"{spec.name}: {spec.example}",
            )
        given = f"{value} {unit}"
    if not math.isfinite(number):
        raise OsteonInputError(
            field, f"{value!r} is not a finite number", f"{spec.name}: {spec.example}"
        )
    si = convert_lab(analyte, number, unit, spec.si_unit, field=field)
    lo, hi = spec.plausible_range
    if not lo <= si <= hi:
        raise OsteonInputError(
            field,
            f"{given} ({si:.4g} {spec.si_unit}) is outside the plausible range "
            f"{lo:g}-{hi:g} {spec.si_unit} (a wrong unit?)",
            f"{spec.name}: {spec.example}",
        )
    return LabValue(analyte, si, spec.si_unit, given)


RECORDS: tuple = tuple(MOLAR_MASS.values())
"""Every constant of this module as a record (the per-lab bounds live in :data:`LABS`; free
testosterone's constants in :mod:`osteon.forecast.testosterone_binding`)."""
