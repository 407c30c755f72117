"""Reading one intervention as written in a trial file, shared by every pathway's builders.

A builder receives either a plain mapping (``{"intervention": "walking",
"minutes_per_week": 150, "start": "2 weeks"}``) or the trial reader's
``InterventionSpec``; these helpers turn both into the same fields, start day
and stop day, and check the field names, so that every pathway reads specs alike.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from osteon.errors import OsteonInputError
from osteon.units import parse_dose, parse_duration


def read_spec(spec: Any, kind: str) -> tuple[dict[str, Any], float, float | None]:
    """The fields, start day and stop day of one intervention spec.

    Parameters
    ----------
    spec
        A mapping as written in a trial file (times as strings such as
        ``"12 weeks"``) or an ``InterventionSpec`` of :mod:`osteon.trials.format`.
    kind
        The expected ``intervention`` kind (used in error messages).

    Returns
    -------
    tuple
        ``(fields, start_day, stop_day)``: the kind's fields (without
        ``intervention``, ``start``, ``stop``), and the start and stop in days
        from the start of follow-up (``stop_day`` None: to the end).

    Examples
    --------
    >>> read_spec({"intervention": "denosumab", "dose": "60 mg", "every": "6 months",
    ...            "start": "0 months", "stop": "12 months"}, "denosumab")[2]
    365.25
    >>> read_spec({"intervention": "estrogen"}, "denosumab")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    osteon.errors.OsteonInputError: denosumab.intervention: expected 'denosumab', got 'estrogen'...
    """
    if hasattr(spec, "kind") and hasattr(spec, "params") and hasattr(spec, "start_day"):
        if spec.kind != kind:
            raise OsteonInputError(
                f"{kind}.intervention",
                f"expected {kind!r}, got {spec.kind!r}",
                f"intervention: {kind}",
            )
        fields = {name: _from_reader(name, value) for name, value in spec.params}
        stop_day = None if spec.stop_day is None else float(spec.stop_day)
        return fields, float(spec.start_day), stop_day
    if not isinstance(spec, Mapping):
        raise OsteonInputError(
            kind, f"expected a mapping of fields, got {spec!r}", f"{{intervention: {kind}, ...}}"
        )
    fields = dict(spec)
    given = fields.pop("intervention", kind)
    if given != kind:
        raise OsteonInputError(
            f"{kind}.intervention", f"expected {kind!r}, got {given!r}", f"intervention: {kind}"
        )
    start = fields.pop("start", None)
    stop = fields.pop("stop", None)
    # negative times: exposure before the start of follow-up (Intervention checks the order)
    start_day = 0.0 if start is None else parse_duration(start, f"{kind}.start", signed=True)
    stop_day = None if stop is None else parse_duration(stop, f"{kind}.stop", signed=True)
    return fields, start_day, stop_day


def check_fields(
    kind: str,
    fields: Mapping[str, Any],
    allowed: tuple[str, ...],
    required: tuple[str, ...],
    example: str,
) -> None:
    """Raise :class:`OsteonInputError` for a missing or unknown field.

    >>> check_fields("teriparatide", {"dose": "20 ug"}, ("dose", "every"), ("dose", "every"),
    ...              "dose: 20 ug, every: 1 day")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    osteon.errors.OsteonInputError: teriparatide.every: required but missing. Valid example: ...
    """
    for name in fields:
        if name not in allowed:
            raise OsteonInputError(
                f"{kind}.{name}", f"unknown field (known: {', '.join(allowed)})", example
            )
    for name in required:
        if name not in fields or fields[name] is None:
            raise OsteonInputError(f"{kind}.{name}", "required but missing", example)


def _from_reader(name: str, value: Any) -> Any:
    """A field parsed by the trial reader, back in the written form the interventions take.

    A ``Dose`` gives back its text (``"0.4 mg"``); a time (``every``), which the
    reader hands over in days, becomes ``"<n> days"``.
    """
    text = getattr(value, "text", None)
    if isinstance(text, str):
        return text
    if name == "every" and isinstance(value, (int, float)) and not isinstance(value, bool):
        return f"{float(value)!r} days"
    return value


def spec_fields(spec: Any, kind: str, allowed: tuple[str, ...]) -> tuple[dict, float, float | None]:
    """:func:`read_spec` plus a check that every field is one of ``allowed`` (none required).

    >>> spec_fields({"intervention": "walking", "minutes_per_week": 150, "start": "2 weeks"},
    ...             "walking", ("minutes_per_week", "steps_per_day"))
    ({'minutes_per_week': 150}, 14.0, None)
    >>> spec_fields({"intervention": "walking", "minutes": 150}, "walking", ("minutes_per_week",))
    Traceback (most recent call last):
    ...
    osteon.errors.OsteonInputError: walking.minutes: unknown field (known: minutes_per_week). Valid example: minutes_per_week: ...
    """
    fields, start, stop = read_spec(spec, kind)
    check_fields(kind, fields, allowed, (), f"{allowed[0]}: ...")
    return fields, start, stop


class SpecReader:
    """The fields of one intervention spec, read once and checked, with typed accessors.

    >>> r = SpecReader({"intervention": "estrogen", "agent": "estradiol", "dose": "1 mg",
    ...                 "every": "1 day", "stop": "2 years"}, "estrogen",
    ...                ("agent", "dose", "every"), "agent: estradiol, dose: 1 mg, every: 1 day")
    >>> r.require("agent"), r.dose_mg(), r.days("every"), r.stop_day
    ('estradiol', 1.0, 1.0, 730.5)
    >>> r.require("route")
    Traceback (most recent call last):
    ...
    osteon.errors.OsteonInputError: estrogen.route: required but missing. Valid example: agent: estradiol, dose: 1 mg, every: 1 day
    """

    def __init__(self, spec: Any, kind: str, allowed: tuple[str, ...], example: str) -> None:
        self.kind, self.example = kind, example
        self.fields, self.start_day, self.stop_day = read_spec(spec, kind)
        check_fields(kind, self.fields, allowed, (), example)

    def get(self, name: str, default: Any = None) -> Any:
        return self.fields.get(name, default)

    def require(self, name: str) -> Any:
        if self.fields.get(name) is None:
            raise OsteonInputError(f"{self.kind}.{name}", "required but missing", self.example)
        return self.fields[name]

    def dose(self, name: str = "dose") -> tuple[float, str]:
        """``(amount, unit)`` with unit ``"mg"`` or ``"IU"``."""
        return dose_mg_or_iu(self.require(name), f"{self.kind}.{name}")

    def dose_mg(self, name: str = "dose") -> float:
        """A dose that must be a mass, in mg."""
        amount, unit = self.dose(name)
        if unit != "mg":
            raise OsteonInputError(f"{self.kind}.{name}",
                                   f"{self.fields[name]!r}: give a mass (mg, ug or g)",
                                   self.example)
        return amount

    def days(self, name: str) -> float:
        """A positive time in days."""
        return interval_days(self.require(name), f"{self.kind}.{name}")


def dose_mg_or_iu(value: Any, field: str) -> tuple[float, str]:
    """A dose as ``(amount, unit)`` with unit ``"mg"`` or ``"IU"`` (string or parsed ``Dose``)."""
    if hasattr(value, "amount") and hasattr(value, "unit"):
        return float(value.amount), str(value.unit)
    return parse_dose(value, field)


def interval_days(value: Any, field: str) -> float:
    """A dosing interval in days (a string such as ``"1 day"``, or days already parsed)."""
    if isinstance(value, str):
        days = parse_duration(value, field)
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        days = float(value)
    else:
        raise OsteonInputError(
            field, f"expected a time like '1 day', got {value!r}", "every: 1 day"
        )
    if days <= 0:
        raise OsteonInputError(
            field, f"the interval must be positive, got {value!r}", "every: 1 day"
        )
    return days
