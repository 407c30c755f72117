"""Frost's mechanostat: habitual loading, the daily stress stimulus and the
bone response, with a set point and sensitivity that sex steroids control."""

from osteon.physiology.mechanics.mechanostat import (
    daily_stress_stimulus,
    mechanical_error,
    mechanostat_response,
    softplus,
)

__all__ = ["daily_stress_stimulus", "mechanical_error", "mechanostat_response", "softplus"]
