"""Builders and trial-file declarations of the mechanical interventions.

Training (``resistance_training``, ``impact_training``, ``walking``) and
``unloading``: :data:`SCHEMAS` declares each kind's trial-file fields and
:data:`BUILDERS` its builder, for the table of
:mod:`osteon.physiology.pharmacology.registry`.

Each builder takes one intervention of a trial file, either as a plain mapping
(``{"intervention": "walking", "minutes_per_week": 150, "start": "0 months"}``,
times and doses as strings) or as the reader's
:class:`osteon.trials.format.InterventionSpec` (times already in days, doses
parsed), and returns the model intervention. The common part lives in
:mod:`osteon.physiology.specs`, shared by every pathway's builders.
"""

from __future__ import annotations

from typing import Any

from osteon.errors import OsteonInputError
from osteon.physiology.mechanics.training import (
    EXERCISES,
    IMPACT_ACTIVITIES,
    PROGRESSIONS,
    ImpactTraining,
    ResistanceTraining,
    Walking,
)
from osteon.physiology.mechanics.unloading import UNLOADING_KINDS, Unloading
from osteon.physiology.schema import FieldSchema, KindSchema, enum_field
from osteon.physiology.specs import read_spec, spec_fields
from osteon.signals import Intervention


def resistance_training_from_spec(spec: Any) -> Intervention:
    """Build :class:`ResistanceTraining` from a ``resistance_training`` spec.

    >>> resistance_training_from_spec({"intervention": "resistance_training",
    ...     "sessions_per_week": 3, "intensity_pct_1rm": 75, "sets": 3, "reps": 8,
    ...     "exercises": ["leg_press", "squat"], "progression": "linear"}).exercises
    ('leg_press', 'squat')
    """
    f, start, stop = spec_fields(
        spec,
        "resistance_training",
        ("sessions_per_week", "intensity_pct_1rm", "sets", "reps", "exercises", "progression"),
    )
    for req in ("sessions_per_week", "intensity_pct_1rm", "sets", "reps", "exercises"):
        if req not in f:
            raise OsteonInputError(
                f"resistance_training.{req}",
                "is required",
                "{intervention: resistance_training, sessions_per_week: 2, "
                "intensity_pct_1rm: 85, sets: 5, reps: 5, exercises: [squat]}",
            )
    ex = f["exercises"]
    return ResistanceTraining(
        start_day=start,
        stop_day=stop,
        sessions_per_week=f["sessions_per_week"],
        intensity_pct_1rm=f["intensity_pct_1rm"],
        sets=f["sets"],
        reps=f["reps"],
        exercises=(ex,) if isinstance(ex, str) else tuple(ex),
        progression=f.get("progression", "none"),
    )


def impact_training_from_spec(spec: Any) -> Intervention:
    """Build :class:`ImpactTraining` from an ``impact_training`` spec.

    >>> impact_training_from_spec({"intervention": "impact_training", "activity": "running",
    ...     "sessions_per_week": 3, "minutes_per_session": 20}).minutes_per_session
    20.0
    """
    f, start, stop = spec_fields(
        spec,
        "impact_training",
        ("activity", "sessions_per_week", "impacts_per_session", "minutes_per_session"),
    )
    for req in ("activity", "sessions_per_week"):
        if req not in f:
            raise OsteonInputError(
                f"impact_training.{req}",
                "is required",
                "{intervention: impact_training, activity: jumping, "
                "sessions_per_week: 3, impacts_per_session: 50}",
            )
    return ImpactTraining(
        start_day=start,
        stop_day=stop,
        activity=f["activity"],
        sessions_per_week=f["sessions_per_week"],
        impacts_per_session=f.get("impacts_per_session"),
        minutes_per_session=f.get("minutes_per_session"),
    )


def walking_from_spec(spec: Any) -> Intervention:
    """Build :class:`Walking` from a ``walking`` spec.

    >>> walking_from_spec({"intervention": "walking", "steps_per_day": 3000}).steps_per_day
    3000.0
    """
    f, start, stop = spec_fields(spec, "walking", ("minutes_per_week", "steps_per_day"))
    return Walking(
        start_day=start,
        stop_day=stop,
        minutes_per_week=f.get("minutes_per_week"),
        steps_per_day=f.get("steps_per_day"),
    )


def unloading_from_spec(spec: Any) -> Intervention:
    """Build :class:`~osteon.protocol.Unloading` from an ``unloading`` spec.

    >>> unloading_from_spec({"intervention": "unloading", "kind": "bed_rest",
    ...                      "stop": "17 weeks"}).stop_day
    119.0
    """
    f, start, stop = read_spec(spec, "unloading")
    return Unloading(str(f["kind"]), start_day=start, stop_day=stop)


# ---------------------------------------------------------------- trial-file declarations

_SESSIONS = FieldSchema("number", "sessions_per_week: 3", lo=0.0, hi=14.0, lo_open=True,
                        units="sessions/week")

SCHEMAS = {
    "resistance_training": KindSchema(
        "resistance_training",
        {"sessions_per_week": _SESSIONS,
         "intensity_pct_1rm": FieldSchema("number", "intensity_pct_1rm: 80", lo=0.0, hi=100.0,
                                          lo_open=True, units="% of one-repetition maximum"),
         "sets": FieldSchema("integer", "sets: 3", lo=1, units="sets per exercise"),
         "reps": FieldSchema("integer", "reps: 8", lo=1, units="repetitions per set"),
         "exercises": FieldSchema("enum_list", "exercises: [squat, deadlift]",
                                  choices=EXERCISES),
         "progression": enum_field("progression", PROGRESSIONS, "linear")},
        ("sessions_per_week", "intensity_pct_1rm", "sets", "reps", "exercises"),
        "{intervention: resistance_training, sessions_per_week: 2, intensity_pct_1rm: 85, "
        "sets: 5, reps: 5, exercises: [deadlift, squat], progression: linear}"),
    "impact_training": KindSchema(
        "impact_training",
        {"activity": enum_field("activity", IMPACT_ACTIVITIES),
         "sessions_per_week": _SESSIONS,
         "impacts_per_session": FieldSchema("integer", "impacts_per_session: 50", lo=1,
                                            units="impacts"),
         "minutes_per_session": FieldSchema("number", "minutes_per_session: 20", lo=0.0,
                                            hi=1440.0, lo_open=True, units="min")},
        ("activity", "sessions_per_week"),
        "{intervention: impact_training, activity: jumping, sessions_per_week: 3, "
        "impacts_per_session: 50}",
        groups=(("impacts_per_session",), ("minutes_per_session",)), exactly_one=False),
    "walking": KindSchema(
        "walking",
        {"minutes_per_week": FieldSchema("number", "minutes_per_week: 150", lo=0.0, hi=10080.0,
                                         lo_open=True, units="min/week"),
         "steps_per_day": FieldSchema("number", "steps_per_day: 3000", lo=0.0, hi=60000.0,
                                      lo_open=True, units="steps/day")},
        (),
        "{intervention: walking, minutes_per_week: 150}",
        groups=(("minutes_per_week",), ("steps_per_day",))),
    "unloading": KindSchema(
        "unloading", {"kind": enum_field("kind", UNLOADING_KINDS)}, ("kind",),
        "{intervention: unloading, kind: bed_rest}"),
}
"""``FORMAT.md`` kind -> trial-file schema, for the registry's table."""

BUILDERS = {
    "resistance_training": resistance_training_from_spec,
    "impact_training": impact_training_from_spec,
    "walking": walking_from_spec,
    "unloading": unloading_from_spec,
}
"""``FORMAT.md`` kind -> builder, for the registry's table."""

__all__ = [
    "BUILDERS",
    "SCHEMAS",
    "impact_training_from_spec",
    "resistance_training_from_spec",
    "unloading_from_spec",
    "walking_from_spec",
]
