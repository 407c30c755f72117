"""Teriparatide (PTH 1-34) and PTH infusions: linear pharmacokinetics.

Peterson & Riggs 2010 (Bone 46:49) / BIOMD0000000613: a subcutaneous injection puts
the dose, converted to pmol with the molar mass 4117.8 g/mol, into a depot that
empties into plasma PTH first-order at ``CL/V`` (94.3 L/h / 133 L = 0.71/h);
teriparatide counts as PTH from then on. The SBML's dosing event *sets* the depot to
the dose (it does not add): a residue of the previous dose (e^-17 of it after 24 h)
is discarded; Osteon does the same so that the trajectories agree.

Between doses the depot is a closed form, ``dose * exp(-ka (t - t_dose))``
(:func:`depot_amount`); the solver still carries it as a state so that it can
step exactly to each injection time.

Two further PTH inputs of the SBML: ``IPTHinf`` (pmol/h) straight into plasma
(intravenous infusion) and ``IPTHint`` (pmol/h) into a subcutaneous depot that
releases at ln 2 per hour.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from osteon.parameters.peterson_riggs import TERIPARATIDE_MOLAR_MASS


def dose_pmol(dose_ug):
    """A teriparatide dose in ug as pmol of PTH 1-34."""
    return np.asarray(dose_ug, dtype=float) * 1e6 / TERIPARATIDE_MOLAR_MASS


@njit(cache=True)
def depot_transfer_rate(k):
    """First-order transfer constant (1/h) from the injection site to plasma."""
    return k.teriparatide_clearance / k.teriparatide_volume


def depot_amount(t_h, dose_times_h, dose_amount_pmol, rate_per_h):
    """Closed-form depot (pmol) at times ``t_h``: the last dose, decayed (SBML 'set' rule)."""
    t = np.asarray(t_h, dtype=float)
    doses = np.sort(np.asarray(dose_times_h, dtype=float))
    idx = np.searchsorted(doses, t, side="right") - 1
    out = np.zeros_like(t)
    given = idx >= 0
    out[given] = dose_amount_pmol * np.exp(-rate_per_h * (t[given] - doses[idx[given]]))
    return out


@njit(cache=True)
def infused_pth(sc_depot, infusion_rate, k):
    """PTH entering plasma from infusions (pmol/h): SC depot release plus IV rate."""
    return k.pth_sc_depot_rate * sc_depot + infusion_rate
