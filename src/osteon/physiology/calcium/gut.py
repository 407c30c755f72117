"""Intestinal calcium and phosphate absorption.

Peterson & Riggs 2010 (Bone 46:49), after Raposo 2002. Calcitriol sets a slow
intestinal *absorption state* ``R`` (0.5 at baseline; its switching rates move
between T33 and T34 with calcitriol). The state decides which fraction of dietary
calcium enters an absorptive pool ``T`` (a Hill function of ``R``, at most 0.91); the
rest is never absorbed and leaves in the faeces (the model does not track it). From
the pool, calcium is absorbed actively (saturable, scaled by ``R / 0.5``) and
passively (first order). Dietary phosphate: a fixed fraction enters its pool and is
absorbed first order.
"""

from __future__ import annotations

from numba import njit

from osteon.physiology.calcium._numeric import hill


@njit(cache=True)
def absorption_state_rates(calcitriol_pm, k):
    """Rate constants (1/h) towards the absorbing and the resting state (T36, T37)."""
    c_n = calcitriol_pm**k.gut_state_calcitriol_hill
    frac = hill(c_n, k.gut_state_calcitriol_ec50_n)
    span = k.gut_state_rate_max - k.gut_state_rate_min
    return k.gut_state_rate_min + span * frac, k.gut_state_rate_max - span * frac


@njit(cache=True)
def calcium_entry_fraction(state, k):
    """Fraction of dietary calcium entering the absorptive pool (F11 = T85)."""
    s_n = state**k.gut_absorption_state_hill
    return k.gut_absorption_max_fraction * hill(s_n, k.gut_absorption_state_half_n)


@njit(cache=True)
def calcium_absorption(gut_calcium, state, k):
    """Calcium absorbed into the ECF (mmol/h): active (saturable) plus passive (J40)."""
    active_max = k.gut_calcium_active_max * gut_calcium / (gut_calcium + k.gut_active_km)
    active = active_max * gut_calcium * (state / 0.5) / (gut_calcium + k.gut_absorption_state_half)
    return active + k.gut_calcium_passive_rate * gut_calcium


@njit(cache=True)
def phosphate_absorption(gut_phosphate, k):
    """Phosphate absorbed into the ECF (mmol/h), first order (J53)."""
    return k.gut_phosphate_absorption_rate * gut_phosphate
