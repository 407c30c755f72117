"""Calibrated parameters that sit on (within a fraction of the range of) a bound."""

from __future__ import annotations

from osteon.parameters.records import ParameterSet

#: A calibrated value within this fraction of its plausible range from a bound is "at" it.
AT_BOUND_FRACTION = 0.02


def at_bounds(params: ParameterSet, fraction: float = AT_BOUND_FRACTION,
              names: list[str] | None = None) -> list[tuple[str, float, str, float, float]]:
    """``(name, value, "low"|"high", low, high)`` for each calibrated parameter at a bound.

    ``names`` restricts the check to those parameters (default: every record marked
    calibrated).
    """
    out = []
    for r in params.records.values():
        if names is None and not r.calibrated:
            continue
        if names is not None and r.name not in names:
            continue
        lo, hi = r.plausible_range
        width = hi - lo
        if width <= 0:
            continue
        if r.value - lo <= fraction * width:
            out.append((r.name, r.value, "low", lo, hi))
        elif hi - r.value <= fraction * width:
            out.append((r.name, r.value, "high", lo, hi))
    return out
