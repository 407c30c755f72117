"""How a person's physiology factors act on the model's drives (issue 10).

The factors are drawn by :mod:`osteon.cohort.variability` and held by
:attr:`osteon.Subject.physiology`; the hormone-to-drive map
(:func:`osteon.physiology.endocrine.drives.hormone_drives`) and
:meth:`osteon.model.BoneModel.site_drives` (``person_drive``) call these functions. Each
is written so that a factor spread around the mean person's value leaves the *cohort mean*
where the mean person is, as far as the model's response is linear in the drive (a spread
must not move the means, which other parameters own):

* :func:`balanced_focal_loss`: an additive, zero-mean offset of each BMU's focal balance,
  so untreated people scatter around the mean rate of change instead of all losing a
  multiple of it (Melton LJ 3rd et al. J Bone Miner Res 2000;15:24: femoral-neck change
  -1.0 %/year on average, individual rates about -10 to +13 %/year).
* :func:`person_drive`: a person's response to an intervention scales the drive's
  *effect* (linearly in the factor), not its exponent: ``v ** r`` saturates, so a wider
  spread of ``r`` lowered the mean effect.
* :func:`person_estrogen_signal`: a person's estrogen sensitivity scales how far the
  estrogen signal falls from its peak level, extrapolated linearly (no clip at 0), so
  the linear estrogen pathways lose as much on average as the mean person.

All inputs broadcast (numpy arrays or scalars).
"""

from __future__ import annotations

import numpy as np

DRIVE_FLOOR = 1e-3
"""Smallest multiplicative drive a person's scaling may give (drives are rates: > 0)."""
LINEAR_SIGNAL_FLOOR = -0.9
"""Lowest linear estrogen signal (:func:`person_estrogen_signal`): the linear pathway
factors ``(1 + g pi) / (1 + g pi0)`` stay positive for estrogen gains ``g`` below 1.1."""


def balanced_focal_loss(deficit, offset):
    """Focal deficit of a person with a focal-balance ``offset`` (fraction of a cavity).

    ``deficit`` is the mean person's unfilled fraction of each resorbed cavity
    (:func:`~osteon.physiology.remodeling.bmu_balance.focal_deficit`); a positive offset
    refills more (bone gained), a negative one less. An offset of 0 returns ``deficit``
    exactly.

    >>> float(balanced_focal_loss(0.02, 0.0))
    0.02
    >>> round(float(balanced_focal_loss(0.02, 0.03)), 3)
    -0.01
    """
    return np.asarray(deficit, dtype=float) - offset


def person_drive(v, r, additive: bool = False):
    """A multiplicative pathway drive ``v`` (1: no intervention) as a person with response
    ``r`` (1: the mean person) feels it.

    Stimulating drives (``v >= 1``) scale their excess linearly, ``1 + r (v - 1)``.
    Inhibiting drives (``v < 1``) scale the excess of their reciprocal (the fold
    inhibition) linearly, ``1 / (1 + r (1 / v - 1))``, which stays in (0, 1]: the
    linear form ``1 + r (v - 1)`` would turn negative for a strong inhibitor (RANKL left
    free by denosumab is a few per cent) and have to be clipped for many people. Both
    are ``v`` at ``r = 1`` and 1 at ``r = 0``, and both are linear in ``r`` in the scale in
    which the drive acts as a rate multiplier. An additive drive (``additive``: the
    modeling drive, 0 without an intervention) is ``r v``.

    >>> float(person_drive(3.0, 0.5)), float(person_drive(3.0, 1.5))
    (2.0, 4.0)
    >>> round(float(person_drive(0.05, 0.5)), 4), float(person_drive(0.05, 1.0))
    (0.0952, 0.05)
    >>> float(person_drive(1.0, 2.0)), float(person_drive(0.2, 2.0, additive=True))
    (1.0, 0.4)
    """
    v = np.asarray(v, dtype=float)
    if additive:
        return v * r
    up = 1.0 + r * (v - 1.0)
    inv = 1.0 + r * (1.0 / np.clip(v, DRIVE_FLOOR, 1.0) - 1.0)  # >= 1
    return np.maximum(np.where(v >= 1.0, up, 1.0 / inv), DRIVE_FLOOR)


def person_estrogen_signal(pi_e, pi_e0, sensitivity):
    """A person's estrogen signal: linear (for the RANKL, OPG, apoptosis, osteocyte and
    erosion-depth pathways, linear in the signal) and clipped to 0-1 (for the sex-steroid
    set point and the modeling threshold, which need an occupancy).

    ``pi_e0 - sensitivity (pi_e0 - pi_e)``: the fall of the signal from its peak-bone-mass
    level ``pi_e0`` is scaled by the person's sensitivity. The linear signal is not
    clipped at 0, so a sensitivity above about 1.2 still loses more bone after menopause
    (the clipped signal saturated there, and a wider spread lowered the mean loss). It
    is floored at :data:`LINEAR_SIGNAL_FLOOR` so that the pathway factors
    ``(1 + g pi) / (1 + g pi0)`` stay positive for gains ``g`` up to about 1 (a
    sensitivity above about 2.3 times the mean person's, after menopause).

    >>> lin, occ = person_estrogen_signal(0.15, 0.94, 2.0)
    >>> round(float(lin), 2), float(occ)
    (-0.64, 0.0)
    """
    lin = np.maximum(pi_e0 - sensitivity * (pi_e0 - np.asarray(pi_e, dtype=float)),
                     LINEAR_SIGNAL_FLOOR)
    return lin, np.clip(lin, 0.0, 1.0)
