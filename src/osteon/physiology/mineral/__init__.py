"""Bone matrix volume and its mineralization, per site and envelope."""

from osteon.physiology.mineral.matrix import (
    matrix_derivatives,
    mineral_content,
    removal_availability,
    steady_state_deficits,
)

__all__ = ["matrix_derivatives", "mineral_content", "removal_availability",
           "steady_state_deficits"]
