"""Focal bone balance of a basic multicellular unit (BMU): erosion depth against wall thickness.

Each remodeling cycle removes a cavity of depth ``D`` and refills it with a wall of thickness
``W``; at peak bone mass the two are equal (balanced, both 1 here). A cavity left short of its
depth is bone lost for good, while a change in the number of open cavities (the remodeling
space) is transient (Parfitt AM, in Recker RR (ed.) Bone Histomorphometry 1983; Eriksen EF
Endocr Rev 1986;7:379). The fraction of each resorbed cavity that is not refilled is

    deficit = 1 - W / D

and :func:`osteon.model.site_rhs` scales each cavity's refill by ``1 - deficit``. This makes
the BMU balance the carrier of lasting change (issue 9, item 1):

* **Estrogen deepens erosion.** Untreated early-postmenopausal women's erosion depth rose
  from 46.9 to 52.0 um (+11 %) in two years while wall thickness did not change, turning the
  BMU balance from +2.2 to -5.7 um; cyclic HRT held both (Eriksen EF et al. J Bone Miner Res
  1999;14:1217, paired biopsies). HRT shrinks resorption cavities (Vedi S et al. Bone
  1996;19:535). So ``D = 1 + erosion_depth_estrogen * d``, with ``d`` the estrogen drop
  ``1 - signal / its peak`` less the part adapted to sustained deficiency
  (:mod:`osteon.physiology.remodeling.estrogen_adaptation`).
* **Age thins the wall.** Completed wall thickness in normal iliac trabecular bone falls
  linearly, 65.56 - 0.14 um/year x age (85 people aged 18-90, no sex difference; Kragstrup J,
  Melsen F, Mosekilde L Metab Bone Dis Relat Res 1983;5:17), i.e. 2.3 % of its value at 30
  per decade; Lips P et al. Calcif Tissue Res 1978;26:13 found the same direction. Erosion
  depth also falls with age (Eriksen EF et al. Bone 1985;6:141), so the *net* age deficit per
  decade (``wall_thickness_age``) is at most the wall-thickness figure.
* **IGF-1 acts mainly on recruitment** (``ob_igf1_exponent``); its effect on the matrix laid
  down per osteoblast, and so on the wall, is small and bounded (``collagen_igf1_exponent``,
  at most 0.05: adult GH-deficient men, with IGF-1 about a third to a half of normal, have no
  trabecular osteopenia on biopsy; Bravenboer N et al. Bone 1996;18:551). It enters through
  the ``matrix_synthesis`` drive, not here.
* **Androgens thicken the wall in men.** The androgen-receptor signal relative to its level at
  peak bone mass multiplies the wall (``wall_androgen_gain``; androgens prolong osteoblast
  life through the AR, Kousteni S et al. Cell 2001;104:719); the factor is formed in
  :func:`osteon.physiology.endocrine.drives.hormone_drives` and is 1 in women.

All inputs broadcast (numpy arrays or scalars).
"""

from __future__ import annotations

import numpy as np


def erosion_depth(estrogen_drop, gain):
    """Relative erosion depth of a new cavity (1 at peak bone mass).

    ``estrogen_drop`` is ``1 - estrogen signal / its peak-bone-mass value`` (0 at peak, 1
    without estrogen; negative under supraphysiological estrogen, which makes cavities
    shallower, as HRT does); ``gain`` the depth added by a full loss of estrogen.

    >>> float(erosion_depth(0.0, 0.12))
    1.0
    >>> round(float(erosion_depth(1.0, 0.12)), 2)
    1.12
    """
    return np.maximum(1.0 + gain * np.asarray(estrogen_drop, dtype=float), 0.5)


def wall_thickness(decades_past_peak, age_loss, person_factor=1.0):
    """Relative wall thickness of a completed BMU (1 at peak bone mass), before IGF-1.

    ``decades_past_peak`` is (age - 30) / 10; ``age_loss`` the net relative thinning per
    decade; ``person_factor`` a person's multiplier of it (``physiology.age_loss_factor``).

    >>> float(wall_thickness(0.0, 0.02))
    1.0
    >>> round(float(wall_thickness(4.5, 0.02)), 3)
    0.91
    """
    thin = age_loss * person_factor * np.maximum(np.asarray(decades_past_peak, float), 0.0)
    return np.maximum(1.0 - thin, 0.5)


def focal_deficit(depth, wall):
    """Fraction of each resorbed cavity left unfilled, ``1 - wall / depth`` (0 when balanced).

    >>> float(focal_deficit(1.0, 1.0))
    0.0
    >>> round(float(focal_deficit(52.0 / 46.9, 1.0)), 3)  # Eriksen 1999, untreated arm
    0.098
    """
    return 1.0 - np.asarray(wall, float) / np.asarray(depth, float)
