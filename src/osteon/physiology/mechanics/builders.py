"""Builders: ``FORMAT.md`` intervention mappings -> training interventions.

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
from osteon.physiology.mechanics.training import ImpactTraining, ResistanceTraining, Walking
from osteon.physiology.specs import spec_fields
from osteon.protocol import Intervention


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


BUILDERS = {
    "resistance_training": resistance_training_from_spec,
    "impact_training": impact_training_from_spec,
    "walking": walking_from_spec,
}
"""``FORMAT.md`` kind -> builder, for :data:`osteon.trials.interventions.BUILDERS`."""

__all__ = [
    "BUILDERS",
    "impact_training_from_spec",
    "resistance_training_from_spec",
    "walking_from_spec",
]
