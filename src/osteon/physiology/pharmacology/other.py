"""Helpers shared by the dosed drugs: reading and checking a spec, and dose-train PK.

Each drug module declares its own kinds and builders (the table of
:mod:`~osteon.physiology.pharmacology.registry`); this module imports none of
them, so the drug modules import it without a cycle.

A *spec* is one intervention mapping of a trial file, either as written
(``{"intervention": "denosumab", "dose": "60 mg", "every": "6 months",
"start": "0 months"}``) or as validated by :mod:`osteon.trials.format` (an
``InterventionSpec`` with doses parsed and times in days).

The helpers below are shared by :mod:`~osteon.physiology.pharmacology.gh_axis`,
:mod:`~osteon.physiology.pharmacology.glucocorticoids` and
:mod:`~osteon.physiology.pharmacology.bone_drugs`: reading a spec, checking a
dose, and thin adapters to the closed-form pharmacokinetics of
:mod:`~osteon.physiology.pharmacology.pk` in the units used here (amount per
unit dose of a dose train, its dosing-interval average, and the first-order
response to a therapy switched on and off). All are vectorised over ``t``
(days; a float or an array) and never need the solver to step within a dosing
interval.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar

import numpy as np

from osteon.errors import OsteonInputError
from osteon.physiology.pharmacology import pk
from osteon.physiology.specs import check_fields, read_spec
from osteon.signals import Intervention
from osteon.units import parse_dose, parse_duration

LN2 = float(np.log(2.0))

# --------------------------------------------------------------------------- specs


def parse_amount(
    kind: str, text: Any, units: tuple[str, ...] = ("mg",), example: str = "10 mg"
) -> tuple[float, str]:
    """Parse a dose (``"0.4 mg"``, ``"20 ug"``, ``"1.2 IU"``) into (amount, unit).

    Masses come back in mg. ``units`` lists the kinds allowed (``"mg"`` for any
    mass unit, ``"IU"``); zero doses are rejected.

    >>> parse_amount("teriparatide", "20 ug")
    (0.02, 'mg')
    >>> parse_amount("teriparatide", 20, example="20 ug")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    osteon.errors.OsteonInputError: teriparatide.dose: the number 20 has no unit...
    """
    field = f"{kind}.dose"
    if isinstance(text, bool) or isinstance(text, (int, float)):
        raise OsteonInputError(field, f"the number {text!r} has no unit (mg, ug, g or IU)", example)
    try:
        amount, unit = parse_dose(text, field)
    except OsteonInputError as err:
        raise OsteonInputError(field, err.problem, example) from None
    if unit not in units:
        allowed = " or ".join("a mass (mg, ug, g)" if u == "mg" else u for u in units)
        raise OsteonInputError(field, f"{text!r} is in {unit}; give {allowed}", example)
    if not amount > 0:
        raise OsteonInputError(field, f"the dose must be positive, got {text!r}", example)
    return amount, unit


def parse_every(kind: str, text: Any, lo_days: float, hi_days: float, example: str) -> float:
    """Parse the dosing interval (``"1 day"``, ``"6 months"``) into days within [lo, hi].

    >>> parse_every("denosumab", "6 months", 7, 731, "every: 6 months")
    182.625
    >>> parse_every("denosumab", "0 days", 7, 731, "every: 6 months")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    osteon.errors.OsteonInputError: denosumab.every: '0 days' is outside 7-731 days...
    """
    field = f"{kind}.every"
    if isinstance(text, bool) or isinstance(text, (int, float)):
        raise OsteonInputError(field, f"the number {text!r} has no unit", example)
    days = parse_duration(text, field)
    if not (lo_days <= days <= hi_days):
        raise OsteonInputError(field, f"{text!r} is outside {lo_days:g}-{hi_days:g} days", example)
    return days


def check_range(
    kind: str, field: str, value: float, lo: float, hi: float, what: str, example: str
) -> None:
    """Raise for a value outside [lo, hi] (absurd doses)."""
    if not (lo <= value <= hi):
        raise OsteonInputError(
            f"{kind}.{field}", f"{what} {value:g} is outside {lo:g}-{hi:g}", example
        )


@dataclass(frozen=True)
class DosedDrug(Intervention):
    """A drug given as ``dose`` (text with units) ``every`` (text), both parsed on creation.

    Subclasses call :meth:`_set_dose` from ``__post_init__`` with their limits;
    ``dose_mg`` (mg per dose) and ``every_days`` then hold the parsed values.
    """

    dose: str = "10 mg"
    every: str = "1 day"
    dose_mg: float = field(init=False, default=0.0, repr=False)
    every_days: float = field(init=False, default=1.0, repr=False)
    spec_fields: ClassVar[tuple[str, ...]] = ("dose", "every")
    """Fields of the trial-file spec, all required."""
    spec_example: ClassVar[str] = "{intervention: ..., dose: 10 mg, every: 1 day}"
    total_group: ClassVar[str | None] = None
    """Name under which entries of different agents add up against one dose limit
    (None: each agent on its own)."""

    @classmethod
    def from_spec(cls, spec: Any):
        """Build the drug from its spec in a trial file (a mapping or ``InterventionSpec``).

        >>> from osteon.physiology.pharmacology.bone_drugs import Denosumab
        >>> Denosumab.from_spec({"intervention": "denosumab", "dose": "60 mg",
        ...                      "every": "6 months", "stop": "1 year"}).stop_day
        365.25
        >>> from osteon.physiology.pharmacology.glucocorticoids import Glucocorticoid
        >>> Glucocorticoid.from_spec({"agent": "prednisone", "dose": 5})  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        osteon.errors.OsteonInputError: glucocorticoid.every: required but missing...
        """
        fields, start, stop = read_spec(spec, cls.kind)
        check_fields(cls.kind, fields, cls.spec_fields, cls.spec_fields, cls.spec_example)
        return cls(**{k: fields[k] for k in cls.spec_fields}, start_day=start, stop_day=stop)

    def _set_dose(self, every_days: tuple[float, float], max_mg: float, *, per_day: bool,
                  example: str, every_example: str = "every: 1 day",
                  units: tuple[str, ...] = ("mg",), iu_per_mg: float | None = None) -> None:
        """Parse and check ``dose`` and ``every``; store ``dose_mg`` and ``every_days``.

        ``max_mg`` bounds the dose per injection, or the daily average when
        ``per_day``; an IU dose is converted with ``iu_per_mg``.
        """
        kind = self.kind
        amount, unit = parse_amount(kind, self.dose, units, example)
        mg = amount / iu_per_mg if unit == "IU" and iu_per_mg else amount
        every = parse_every(kind, self.every, *every_days, every_example)
        if per_day:
            check_range(kind, "dose", mg / every, 0.0, max_mg, "mg/day",
                        f"{example}, {every_example}")
            cap_per_day = max_mg
        else:
            check_range(kind, "dose", mg, 0.0, max_mg, "mg per injection", example)
            cap_per_day = max_mg / every_days[0]  # the largest dose at the shortest interval
        object.__setattr__(self, "dose_mg", round(mg, 12))
        object.__setattr__(self, "every_days", every)
        # Share of the largest daily rate one entry may give; the protocol checks that the
        # shares of one agent (or one total_group) given at the same time add to at most 1,
        # so stacked entries cannot exceed what one entry may (issue 15).
        object.__setattr__(self, "dose_share", (mg / every) / cap_per_day)
        object.__setattr__(self, "dose_cap_text",
                           f"{cap_per_day:g} mg/day" + ("" if per_day else
                                                        f" ({max_mg:g} mg every "
                                                        f"{every_days[0]:g} days)"))

    @property
    def dose_group(self) -> str:
        """Entries whose doses add up against one limit (the agent, or ``total_group``)."""
        if self.total_group:
            return self.total_group
        agent = getattr(self, "agent", None)
        return f"{self.kind} ({agent})" if agent else self.kind


# --------------------------------------------------------------------------- pharmacokinetics


def dose_train(t, start: float, stop: float | None, every: float, ka: float, ke: float):
    """Amount in the body per unit dose under a regular train of doses (closed form).

    One compartment with first-order absorption (rate ``ka``, 1/day; ``inf``
    for a bolus) and elimination (``ke``, 1/day): each dose contributes the
    Bateman function ``ka/(ka-ke) (e^{-ke s} - e^{-ka s})`` ``s`` days after
    it, summed as geometric series by
    :func:`osteon.physiology.pharmacology.pk.repeated_dose_level`. Continues
    after ``stop`` (washout).

    >>> round(float(dose_train(1e-9, 0.0, None, 1.0, np.inf, 0.1)), 6)
    1.0
    >>> round(float(dose_train(1000.0, 0.0, None, 1.0, np.inf, 0.1)), 3)  # 1/(1-e^-0.1)
    10.508
    """
    return pk.repeated_dose_level(t, 1.0 / (ke * every), every, ka, ke, start, stop)


def dose_train_average(t, start: float, stop: float | None, every: float, ka: float, ke: float):
    """:func:`dose_train` averaged over the dosing interval ending at ``t`` (closed form).

    The smooth level handed to the bone model; ``1 / (ke * every)`` at steady
    state.

    >>> round(float(dose_train_average(500.0, 0.0, None, 7.0, 2.0, 0.1)), 4)
    1.4286
    """
    return pk.interval_average(t, 1.0 / (ke * every), every, ka, ke, start, stop)


def onoff_response(t, start: float, stop: float | None, halflife: float):
    """First-order response (0 to 1) to an input switched on at ``start`` and off at ``stop``.

    ``1 - exp(-k (t - start))`` while on, then ``exp(-k (t - stop))`` times the
    level reached at ``stop``; 0 before ``start`` (``k = ln 2 / halflife``,
    days).

    >>> onoff_response(np.array([-5.0, 0.0, 2.0, 1e4]), 0.0, None, 2.0).tolist()
    [0.0, 0.0, 0.5, 1.0]
    >>> round(float(onoff_response(14.0, 0.0, 10.0, 2.0)), 4)
    0.2422
    """
    return pk.approach_and_washout(t, start, stop, pk.rate(halflife))


__all__ = [
    "check_fields",
    "check_range",
    "dose_train",
    "dose_train_average",
    "onoff_response",
    "parse_amount",
    "parse_every",
    "read_spec",
]
