"""Parathyroid gland: PTH secretion, the releasable pool and the gland's capacity.

Peterson & Riggs 2010 (Bone 46:49), after Raposo JF et al. J Clin Endocrinol Metab
2002;87:4330. Three layers act on three time scales:

- **Secretion** (minutes): an inverted sigmoid of plasma calcium (the calcium-sensing
  receptor curve) between a maximal and a minimal rate, scaled by the releasable pool
  and the capacity: ``secretion = f(Ca) * (S / 0.5) * PTmax``.
- **Releasable pool** ``S`` (days): a fraction that calcitriol depletes through a
  tanh switch around a set point (90 pmol/L) which low calcium shifts upward.
- **Capacity** ``PTmax`` (months): gland mass, 1 at baseline, grown by a calcitriol
  effect (low calcitriol -> hyperplasia).

PTH in plasma is cleared in minutes (``pth_clearance / 14 L``).

The calcitriol effect on capacity is written here exactly as BIOMD0000000613 encodes
it: its EC50 is computed from the *current* calcitriol rather than from the baseline
value, which makes the effect identically 1, so ``PTmax`` stays at 1 in the
published model whatever calcitriol does. We keep that behaviour (the reference must
match) and say so; a corrected EC50 would be a model change, not a bug fix.
"""

from __future__ import annotations

import math

from numba import njit

from osteon.physiology.calcium._numeric import hill


@njit(cache=True)
def pth_secretion(calcium_mm, gland_pool, gland_capacity, k):
    """Endogenous PTH secretion (pmol/h): calcium-sensing curve x pool x capacity (EPTH)."""
    ca_n = calcium_mm**k.pth_secretion_calcium_hill
    per_gland = k.pth_secretion_max - (k.pth_secretion_max - k.pth_secretion_min) * hill(
        ca_n, k.pth_secretion_ca50_n
    )
    return per_gland * (gland_pool / 0.5) * gland_capacity


@njit(cache=True)
def pth_elimination_rate(k):
    """First-order elimination of plasma PTH (1/h): clearance over the ECF volume."""
    return k.pth_clearance / k.ecf_volume


@njit(cache=True)
def gland_pool_rates(calcium_mm, calcitriol_pm, k):
    """Refill and depletion rate constants (1/h) of the releasable PTH pool.

    Calcitriol above its set point depletes the pool (tanh switch, slope T71); low
    calcium raises the set point as ``(2.35 / Ca) ** gamma``.
    """
    setpoint = k.gland_pool_calcitriol_setpoint * (
        k.reference_calcium_concentration / calcium_mm
    ) ** k.gland_pool_calcium_gamma
    switch = math.tanh(k.gland_pool_calcitriol_slope * (calcitriol_pm - setpoint))
    depletion = k.gland_pool_rate * (0.85 * (1.0 + switch) + 0.15)
    refill = k.gland_pool_rate * (0.85 * (1.0 - switch) + 0.15)
    return refill, depletion


@njit(cache=True)
def gland_capacity_growth(calcitriol_pm, k):
    """Growth of the gland's maximal capacity (1/h), ``PTout x calcitriol effect``.

    As encoded in BIOMD0000000613 the EC50 is built from the current calcitriol, so
    the effect is 1 for every calcitriol level (see the module docstring).
    """
    c_n = calcitriol_pm**k.gland_capacity_calcitriol_hill
    span = k.gland_capacity_calcitriol_max - k.gland_capacity_calcitriol_min
    ec50_n = span * c_n / (k.gland_capacity_calcitriol_max - 1.0) - c_n
    effect = k.gland_capacity_calcitriol_max - span * hill(c_n, ec50_n)
    return k.gland_capacity_rate * effect
