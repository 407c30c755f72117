"""Osteoblast intracellular signalling: RUNX2, CREB and BCL2 under PTH.

Peterson & Riggs 2010 (Bone 46:49): PTH raises the turnover of RUNX2 (its level falls)
and the production of CREB (its level rises); BCL2 is made in proportion to
RUNX2 x CREB (100 at baseline). The RUNX2 signal that prolongs osteoblast life is
``BCL2 - 90`` once BCL2 exceeds 105 and 10 (its baseline) below that: a threshold
through which sustained, intermittent PTH (teriparatide) makes osteoblasts live
longer, while a continuously high PTH depresses RUNX2.
"""

from __future__ import annotations

from numba import njit


@njit(cache=True)
def runx2_elimination_rate(pth_pm, k):
    """RUNX2 elimination rate (1/h), rising with PTH (0.693/h at 3.85 pmol/L)."""
    return k.runx2_pth_e0 + k.runx2_pth_emax * pth_pm / (pth_pm + k.runx2_pth_ec50)


@njit(cache=True)
def creb_production(pth_pm, k):
    """CREB production (1/h), rising with PTH."""
    effect = k.creb_pth_e0 + k.creb_pth_emax * pth_pm / (pth_pm + k.creb_pth_ec50)
    return k.creb_elimination * k.baseline_creb * effect


@njit(cache=True)
def bcl2_production(runx2, creb):
    """BCL2 production (1/h): RUNX2 x CREB x 0.693/h."""
    return runx2 * creb * 0.693


@njit(cache=True)
def runx2_signal(bcl2):
    """RUNX2 signal on osteoblast survival: ``BCL2 - 90`` above 105, else 10."""
    return bcl2 - 90.0 if bcl2 > 105.0 else 10.0
