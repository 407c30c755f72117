"""Vitamin D: renal 1-alpha-hydroxylase and calcitriol, with 25(OH)D and magnesium.

Peterson & Riggs 2010 (Bone 46:49), after Raposo 2002: the hydroxylase activity ``A``
(pmol/h of calcitriol made) is synthesised under PTH (a Hill function normalised to 1
at 3.85 pmol/L), suppressed by plasma phosphate above 1.2 mmol/L and turns over at
0.05/h; calcitriol ``B`` is made at rate ``A`` and eliminated at 0.1/h.

Osteon's extension, absent from the reference model:

- **Serum 25(OH)D as substrate.** Calcitriol synthesis is multiplied by a
  Michaelis-Menten factor of 25(OH)D normalised at the reference level,
  ``[D/(D+K)] / [D_ref/(D_ref+K)]``: vitamin D deficiency limits calcitriol, repletion
  above the reference raises it little (Bouillon R et al. Endocr Rev 2008;29:726).
- **Magnesium as cofactor.** The hydroxylases need magnesium (Uwitonze & Razzaque
  J Am Osteopath Assoc 2018;118:181); the same normalised saturating factor of serum
  magnesium multiplies calcitriol synthesis.

Both factors are exactly 1 at their reference values (75 nmol/L, 0.85 mmol/L), which
are the inputs' defaults, so the ``PetersonRiggs2010`` configuration is the published
model.
"""

from __future__ import annotations

from numba import njit

from osteon.physiology.calcium._numeric import hill


@njit(cache=True)
def phosphate_effect(phosphate_mm, k):
    """Phosphate effect on hydroxylase synthesis: 1 up to 1.2 mmol/L, falling above."""
    if phosphate_mm <= k.phosphate_threshold:
        return 1.0
    e0 = k.hydroxylase_phosphate_e0
    p_n = phosphate_mm**k.hydroxylase_phosphate_hill
    return e0 - k.hydroxylase_phosphate_drop * e0 * hill(p_n, k.hydroxylase_phosphate_ec50_n)


@njit(cache=True)
def hydroxylase_synthesis(pth_pm, phosphate_mm, k):
    """Synthesis of 1-alpha-hydroxylase activity (pmol/h^2), driven by PTH (SE)."""
    inhibition = (phosphate_mm / k.phosphate_threshold) ** k.hydroxylase_phosphate_gamma
    p_n = pth_pm**k.hydroxylase_pth_gamma
    pth_drive = k.hydroxylase_pth_norm * p_n / (k.hydroxylase_pth_ec50_n * inhibition + p_n)
    return k.hydroxylase_synthesis * pth_drive * phosphate_effect(phosphate_mm, k)


@njit(cache=True)
def substrate_factor(serum_25ohd, k):
    """25(OH)D supply of calcitriol synthesis relative to the reference level (1 there)."""
    half = k.hydroxylase_25ohd_half_saturation
    ref = k.serum_25ohd_reference
    return (serum_25ohd / (serum_25ohd + half)) / (ref / (ref + half))


@njit(cache=True)
def magnesium_factor(serum_magnesium, k):
    """Magnesium cofactor effect on calcitriol synthesis relative to the reference (1 there)."""
    half = k.hydroxylase_magnesium_half_saturation
    ref = k.serum_magnesium_reference
    return (serum_magnesium / (serum_magnesium + half)) / (ref / (ref + half))


@njit(cache=True)
def calcitriol_synthesis(hydroxylase, serum_25ohd, serum_magnesium, k):
    """Calcitriol made (pmol/h): hydroxylase activity x substrate x cofactor."""
    return (
        hydroxylase
        * substrate_factor(serum_25ohd, k)
        * magnesium_factor(serum_magnesium, k)
    )
