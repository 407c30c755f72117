"""Kidney: urinary calcium and phosphate.

Peterson & Riggs 2010 (Bone 46:49), after Raposo 2002.

Calcium: the filtered load (0.3 x GFR x plasma calcium) minus active tubular
reabsorption, which saturates in calcium (Reabs50), is stimulated by PTH (1 at
3.85 pmol/L) and whose maximum scales with GFR; calcitriol lowers the excretion of
what is left through ``(2 - T10)`` (T10 = 1 at 90 pmol/L). A negative value is cut
at zero (no secretion).

Phosphate: the filterable fraction (0.88) of filtered phosphate above a tubular
maximum (T46 per litre of filtrate) is excreted, cut at zero.

A fall of GFR (renal insufficiency) lowers both, raising plasma phosphate, which
suppresses calcitriol and so drives secondary hyperparathyroidism.
"""

from __future__ import annotations

from numba import njit


@njit(cache=True)
def urinary_calcium(calcium_mm, pth_pm, calcitriol_pm, gfr, k, reabsorption_factor=1.0):
    """Calcium excreted (mmol/h) (J27).

    ``reabsorption_factor`` multiplies active tubular reabsorption (1 in the published
    model; Osteon's sex-steroid extension lowers it when estrogen falls).
    """
    ref = k.reference_calcium_concentration
    filtered = k.calcium_filtered_fraction * gfr * calcium_mm
    reabs_max = (
        (k.calcium_filtered_fraction * gfr * ref - k.calcium_reabsorption_offset)
        * (k.calcium_reabsorption_ec50 + ref)
        / ref
    )
    pth_effect = k.reabsorption_pth_max * pth_pm / (pth_pm + k.reabsorption_pth_ec50)
    active = reabsorption_factor * reabs_max * calcium_mm / (k.calcium_reabsorption_ec50 + calcium_mm) * pth_effect
    calcitriol_effect = k.urine_calcitriol_max * calcitriol_pm / (
        calcitriol_pm + k.urine_calcitriol_ec50
    )
    excreted = (2.0 - calcitriol_effect) * (filtered - active)
    return max(excreted, 0.0)


@njit(cache=True)
def urinary_phosphate(phosphate_mm, gfr, k):
    """Phosphate excreted (mmol/h): filtered load above the tubular maximum (J48)."""
    filtrate = k.phosphate_filtered_fraction * gfr
    return max(filtrate * phosphate_mm - k.phosphate_reabsorption_max * filtrate, 0.0)
