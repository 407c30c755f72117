"""Phosphate exchange between the ECF and the intracellular pool.

Peterson & Riggs 2010 (Bone 46:49), after Raposo 2002: phosphate enters cells with a
clearance (T49, L/h) and returns first order (T55); with gut absorption, renal
excretion and the bone fluxes (0.464 mol per mol of bone calcium) it sets ECF
phosphate, which in turn restrains calcitriol synthesis.
"""

from __future__ import annotations

from numba import njit


@njit(cache=True)
def into_cells(phosphate_mm, k):
    """ECF phosphate taken up by cells (mmol/h) (J54)."""
    return k.phosphate_into_cells * phosphate_mm


@njit(cache=True)
def out_of_cells(intracellular_phosphate, k):
    """Intracellular phosphate released to the ECF (mmol/h) (J56)."""
    return k.phosphate_out_of_cells * intracellular_phosphate
