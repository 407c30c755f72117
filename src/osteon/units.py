"""Units used across Osteon: times and doses written as ``"<number> <unit>"``.

Internally the model runs in **days**; results are reported in **years** of
follow-up. A month is 365.25/12 days and a year 365.25 days, as in
``FORMAT.md`` of the validation files.
"""

from __future__ import annotations

import re

from osteon.errors import OsteonInputError

DAYS_PER_YEAR = 365.25
DAYS_PER_MONTH = DAYS_PER_YEAR / 12.0

_TIME_UNITS = {
    "day": 1.0,
    "days": 1.0,
    "week": 7.0,
    "weeks": 7.0,
    "month": DAYS_PER_MONTH,
    "months": DAYS_PER_MONTH,
    "year": DAYS_PER_YEAR,
    "years": DAYS_PER_YEAR,
}

# Mass doses to milligrams; IU is kept as IU (it is substance specific).
_DOSE_UNITS = {"g": 1000.0, "mg": 1.0, "ug": 1e-3, "µg": 1e-3, "mcg": 1e-3, "IU": None}

_QUANTITY = re.compile(r"^\s*([-+]?\d+(?:\.\d*)?(?:[eE][-+]?\d+)?|[-+]?\.\d+)\s*([A-Za-zµ]+)\s*$")


def parse_duration(text: str | int | float, field: str = "duration", *,
                   signed: bool = False) -> float:
    """Parse a time such as ``"36 months"`` into days.

    Parameters
    ----------
    text
        ``"<number> <unit>"`` with unit day(s), week(s), month(s) or year(s).
    field
        Name of the field, used in the error message.
    signed
        Accept a negative time (a point in time before the start of follow-up, such as
        an intervention's ``start: -2 years``); durations (the default) cannot be negative.

    Returns
    -------
    float
        The time in days.

    Examples
    --------
    >>> parse_duration("2 weeks")
    14.0
    >>> round(parse_duration("36 months"), 2)
    1095.75
    >>> parse_duration("-1 year", signed=True)
    -365.25
    >>> parse_duration("3 fortnights")
    Traceback (most recent call last):
    ...
    osteon.errors.OsteonInputError: duration: unknown time unit 'fortnights' in '3 fortnights' (use day, week, month or year). Valid example: 36 months
    """
    if isinstance(text, bool) or not isinstance(text, (str, int, float)):
        raise OsteonInputError(
            field, f"expected a time like '12 months', got {text!r}", "12 months"
        )
    if isinstance(text, (int, float)):
        raise OsteonInputError(field, f"the number {text!r} has no unit", f"{text} months")
    m = _QUANTITY.match(text)
    if not m:
        raise OsteonInputError(field, f"cannot read {text!r} as '<number> <unit>'", "36 months")
    value, unit = float(m.group(1)), m.group(2)
    if unit not in _TIME_UNITS:
        raise OsteonInputError(
            field,
            f"unknown time unit {unit!r} in {text!r} (use day, week, month or year)",
            "36 months",
        )
    if value < 0 and not signed:
        raise OsteonInputError(field, f"a time cannot be negative ({text!r})", "36 months")
    return value * _TIME_UNITS[unit]


def parse_dose(text: str | int | float, field: str = "dose") -> tuple[float, str]:
    """Parse a dose such as ``"0.625 mg"`` or ``"800 IU"``.

    Returns
    -------
    tuple of (float, str)
        The amount in milligrams and ``"mg"``, or in IU and ``"IU"``.

    Examples
    --------
    >>> parse_dose("50 ug")
    (0.05, 'mg')
    >>> parse_dose("800 IU")
    (800.0, 'IU')
    >>> parse_dose(10)
    Traceback (most recent call last):
    ...
    osteon.errors.OsteonInputError: dose: the number 10 has no unit (mg, ug, g or IU). Valid example: 10 mg
    """
    if isinstance(text, bool) or isinstance(text, (int, float)):
        raise OsteonInputError(
            field, f"the number {text!r} has no unit (mg, ug, g or IU)", f"{text} mg"
        )
    if not isinstance(text, str):
        raise OsteonInputError(field, f"expected a dose like '10 mg', got {text!r}", "10 mg")
    m = _QUANTITY.match(text)
    if not m:
        raise OsteonInputError(field, f"cannot read {text!r} as '<number> <unit>'", "10 mg")
    value, unit = float(m.group(1)), m.group(2)
    if unit not in _DOSE_UNITS:
        raise OsteonInputError(
            field, f"unknown dose unit {unit!r} in {text!r} (use mg, ug, g or IU)", "10 mg"
        )
    if value < 0:
        raise OsteonInputError(field, f"a dose cannot be negative ({text!r})", "10 mg")
    factor = _DOSE_UNITS[unit]
    if factor is None:
        return value, "IU"
    return value * factor, "mg"


def years_to_days(years: float) -> float:
    """Convert years to days (365.25 days a year).

    >>> years_to_days(2)
    730.5
    """
    return years * DAYS_PER_YEAR
