"""Builders: ``FORMAT.md`` intervention mappings -> training interventions.

Each builder takes one intervention of a trial file, either as a plain mapping
(``{"intervention": "walking", "minutes_per_week": 150, "start": "0 months"}``,
times and doses as strings) or as the reader's
:class:`osteon.trials.format.InterventionSpec` (times already in days, doses
parsed), and returns the model intervention. :func:`spec_fields` does the
common part and is shared with :mod:`osteon.physiology.nutrition`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from osteon.errors import OsteonInputError
from osteon.physiology.mechanics.training import ImpactTraining, ResistanceTraining, Walking
from osteon.protocol import Intervention
from osteon.units import parse_dose, parse_duration

_COMMON = ("intervention", "start", "stop")


def spec_fields(spec: Any, kind: str, allowed: tuple[str, ...]) -> tuple[dict, float, float | None]:
    """The fields, start day and stop day of one intervention spec.

    Parameters
    ----------
    spec
        A mapping as written in a trial file, or an ``InterventionSpec``.
    kind
        The expected intervention kind (for messages and a kind check).
    allowed
        Field names the kind accepts (besides ``intervention``, ``start``, ``stop``).

    Returns
    -------
    tuple
        ``(fields, start_day, stop_day)``.

    Examples
    --------
    >>> spec_fields({"intervention": "walking", "minutes_per_week": 150, "start": "2 weeks"},
    ...             "walking", ("minutes_per_week", "steps_per_day"))
    ({'minutes_per_week': 150}, 14.0, None)
    >>> spec_fields({"intervention": "walking", "minutes": 150}, "walking", ("minutes_per_week",))
    Traceback (most recent call last):
    ...
    osteon.errors.OsteonInputError: walking.minutes: unknown field (known: minutes_per_week). Valid example: minutes_per_week: ...
    """
    if hasattr(spec, "fields") and hasattr(spec, "start_day"):
        fields = dict(spec.fields)
        start, stop = float(spec.start_day), spec.stop_day
        stop = None if stop is None else float(stop)
        got = getattr(spec, "kind", kind)
    elif isinstance(spec, Mapping):
        got = spec.get("intervention", kind)
        fields = {k: v for k, v in spec.items() if k not in _COMMON}
        start = parse_duration(spec["start"], f"{kind}.start") if "start" in spec else 0.0
        stop = parse_duration(spec["stop"], f"{kind}.stop") if spec.get("stop") is not None else None
    else:
        raise OsteonInputError(kind, f"expected a mapping, got {type(spec).__name__}",
                               f"{{intervention: {kind}, ...}}")
    if got != kind:
        raise OsteonInputError(f"{kind}.intervention", f"{got!r} given to the {kind} builder",
                               f"intervention: {kind}")
    for key in fields:
        if key not in allowed:
            raise OsteonInputError(f"{kind}.{key}", f"unknown field (known: {', '.join(allowed)})",
                                   f"{allowed[0]}: ...")
    return fields, start, stop


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
        raise OsteonInputError(field, f"expected a time like '1 day', got {value!r}", "every: 1 day")
    if days <= 0:
        raise OsteonInputError(field, f"the interval must be positive, got {value!r}", "every: 1 day")
    return days


def resistance_training_from_spec(spec: Any) -> Intervention:
    """Build :class:`ResistanceTraining` from a ``resistance_training`` spec.

    >>> resistance_training_from_spec({"intervention": "resistance_training",
    ...     "sessions_per_week": 3, "intensity_pct_1rm": 75, "sets": 3, "reps": 8,
    ...     "exercises": ["leg_press", "squat"], "progression": "linear"}).exercises
    ('leg_press', 'squat')
    """
    f, start, stop = spec_fields(spec, "resistance_training", (
        "sessions_per_week", "intensity_pct_1rm", "sets", "reps", "exercises", "progression"))
    for req in ("sessions_per_week", "intensity_pct_1rm", "sets", "reps", "exercises"):
        if req not in f:
            raise OsteonInputError(f"resistance_training.{req}", "is required",
                                   "{intervention: resistance_training, sessions_per_week: 2, "
                                   "intensity_pct_1rm: 85, sets: 5, reps: 5, exercises: [squat]}")
    ex = f["exercises"]
    return ResistanceTraining(
        start_day=start, stop_day=stop, sessions_per_week=f["sessions_per_week"],
        intensity_pct_1rm=f["intensity_pct_1rm"], sets=f["sets"], reps=f["reps"],
        exercises=(ex,) if isinstance(ex, str) else tuple(ex),
        progression=f.get("progression", "none"))


def impact_training_from_spec(spec: Any) -> Intervention:
    """Build :class:`ImpactTraining` from an ``impact_training`` spec.

    >>> impact_training_from_spec({"intervention": "impact_training", "activity": "running",
    ...     "sessions_per_week": 3, "minutes_per_session": 20}).minutes_per_session
    20.0
    """
    f, start, stop = spec_fields(spec, "impact_training", (
        "activity", "sessions_per_week", "impacts_per_session", "minutes_per_session"))
    for req in ("activity", "sessions_per_week"):
        if req not in f:
            raise OsteonInputError(f"impact_training.{req}", "is required",
                                   "{intervention: impact_training, activity: jumping, "
                                   "sessions_per_week: 3, impacts_per_session: 50}")
    return ImpactTraining(start_day=start, stop_day=stop, activity=f["activity"],
                          sessions_per_week=f["sessions_per_week"],
                          impacts_per_session=f.get("impacts_per_session"),
                          minutes_per_session=f.get("minutes_per_session"))


def walking_from_spec(spec: Any) -> Intervention:
    """Build :class:`Walking` from a ``walking`` spec.

    >>> walking_from_spec({"intervention": "walking", "steps_per_day": 3000}).steps_per_day
    3000.0
    """
    f, start, stop = spec_fields(spec, "walking", ("minutes_per_week", "steps_per_day"))
    return Walking(start_day=start, stop_day=stop, minutes_per_week=f.get("minutes_per_week"),
                   steps_per_day=f.get("steps_per_day"))


BUILDERS = {
    "resistance_training": resistance_training_from_spec,
    "impact_training": impact_training_from_spec,
    "walking": walking_from_spec,
}
"""``FORMAT.md`` kind -> builder, for :data:`osteon.trials.interventions.BUILDERS`."""

__all__ = ["BUILDERS", "dose_mg_or_iu", "impact_training_from_spec", "interval_days",
           "resistance_training_from_spec", "spec_fields", "walking_from_spec"]
