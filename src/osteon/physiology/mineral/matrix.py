"""Bone matrix and mineral of one envelope (trabecular or cortical) of a site.

States (relative to the matrix volume at peak bone mass):

- ``V``: matrix volume, ``dV/dt = k (F - R)`` with ``k`` the envelope's
  turnover (fraction of its volume remodeled per day at the reference state),
  ``F`` and ``R`` the site's relative formation and resorption;
- ``Dp``: mineral still to be deposited by *primary* mineralization (fast:
  about 70% of full mineral within days to weeks of osteoid formation);
- ``Ds``: mineral still to be deposited by *secondary* mineralization (slow,
  over years).

Mineral content is ``V - Dp - Ds`` (in units of fully mineralized volume), so
density (what DXA measures) responds to the remodeling space: when turnover
rises, resorbed bone is lost at once while its replacement fills slowly, and
the mean mineralization of the remaining bone falls. This is the transient seen
whenever turnover changes (Heaney RP Osteoporos Int 1994;4:3-11; Parfitt AM
Calcif Tissue Int 1984;36:S37). Mineralization kinetics: Boivin G & Meunier PJ
Calcif Tissue Int 2002;70:503-511 (primary ~65-70% within days, the rest over
years); Parfitt AM J Bone Miner Res 1988 (mineralization lag time).

Resorption removes bone at the envelope's mean mineralization.
"""

from __future__ import annotations

import numpy as np


def steady_state_deficits(turnover_per_day, primary_fraction, primary_time, secondary_time):
    """Mineral deficits ``(Dp, Ds)`` at a steady state with ``F = R = 1``, ``V = 1``.

    >>> dp, ds = steady_state_deficits(0.25 / 365.25, 0.7, 14.0, 4 * 365.25)
    >>> 0.0 < float(dp) < 0.01 < float(ds) < 0.2
    True
    """
    k = np.asarray(turnover_per_day, dtype=float)
    dp = k * primary_fraction / (1.0 / primary_time + k)
    ds = k * (1.0 - primary_fraction) / (1.0 / secondary_time + k)
    return dp, ds


def matrix_derivatives(
    v,
    dp,
    ds,
    formation,
    resorption,
    turnover_per_day,
    # not keyword-only (numba cannot bind those; engine/jit.py): pass them by keyword
    primary_fraction,
    primary_time,
    secondary_time,
    mineralization=1.0,
):
    """Derivatives (per day) of volume and mineral deficits.

    Parameters
    ----------
    v, dp, ds
        States of each envelope.
    formation, resorption
        Relative formation and resorption of the site (1 at reference).
    turnover_per_day
        Fraction of the envelope remodeled per day at reference.
    mineralization
        Multiplier on the speed of primary and secondary mineralization (1 at
        reference; mineral supply and vitamin K status act here).

    Returns
    -------
    tuple
        ``(dV, dDp, dDs)``.
    """
    k = turnover_per_day
    formed = k * formation
    resorbed_fraction = k * resorption / np.maximum(v, 1e-6)
    d_v = formed - k * resorption
    d_dp = primary_fraction * formed - mineralization * dp / primary_time - resorbed_fraction * dp
    d_ds = (
        (1.0 - primary_fraction) * formed
        - mineralization * ds / secondary_time
        - (resorbed_fraction * ds)
    )
    return d_v, d_dp, d_ds


REMOVAL_FLOOR = 0.05
"""Matrix volume (relative to peak) below which resorption finds less bone to remove.

Assumed (domain safety, issue 15): resorption acts on bone surface, which vanishes with
the bone; without this bound, removal at a fixed rate drove the volume of an envelope
below zero (every woman near age 101 failed in the solver). 5% of peak volume is far
below any volume of the validated domain, so ordinary simulations are unchanged."""


def removal_availability(v):
    """Share (0-1) of the resorption rate that still finds bone in an envelope of volume ``v``.

    1 at and above :data:`REMOVAL_FLOOR`, falling smoothly (a cubic smoothstep, continuous
    with its derivative) to 0 at ``v = 0``, so the volume stays positive by construction.

    >>> [round(float(removal_availability(v)), 3) for v in (1.0, 0.05, 0.025, 0.0, -0.1)]
    [1.0, 1.0, 0.5, 0.0, 0.0]
    """
    x = np.minimum(np.maximum(v / REMOVAL_FLOOR, 0.0), 1.0)
    return x * x * (3.0 - 2.0 * x)


def mineral_content(v, dp, ds):
    """Mineral, in units of fully mineralized volume.

    >>> float(mineral_content(1.0, 0.01, 0.1))
    0.89
    """
    return v - dp - ds
