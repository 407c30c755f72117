"""Small compiled helpers shared by the calcium modules."""

from __future__ import annotations

from numba import njit


@njit(cache=True)
def hill(x_n, ec50_n):
    """Saturating fraction ``x^n / (x^n + EC50^n)`` from the two powers already taken."""
    return x_n / (x_n + ec50_n)
