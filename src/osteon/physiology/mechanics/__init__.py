"""Frost's mechanostat: habitual loading, the daily stress stimulus and the
bone response, with a set point and sensitivity that sex steroids control."""

from osteon.physiology.mechanics.mechanostat import (
    daily_stress_stimulus,
    detraining_response,
    disuse_response,
    mechanical_error,
    mechanostat_response,
    modeling_response,
    modeling_threshold,
    softplus,
)
from osteon.physiology.mechanics.training import (
    ImpactTraining,
    ResistanceTraining,
    Walking,
    bout_stimulus,
    habitual_stimulus,
    load_factor,
)

__all__ = [
    "ImpactTraining",
    "ResistanceTraining",
    "Walking",
    "bout_stimulus",
    "daily_stress_stimulus",
    "detraining_response",
    "disuse_response",
    "habitual_stimulus",
    "load_factor",
    "mechanical_error",
    "mechanostat_response",
    "modeling_response",
    "modeling_threshold",
    "softplus",
]
