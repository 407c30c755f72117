"""The hormone-to-drive map: what each subject's hormones do to bone's cells, now.

:meth:`osteon.model.BoneModel.site_drives` assembles the drive table that the site kernel
(:func:`osteon.model.site_rhs`) reads; the part of it set by the hormones is computed here,
per subject (arrays of shape ``(n,)``), relative to the subject's own signals at peak bone
mass (age 30), so that every subject starts in steady state:

- receptor signals: estrogen (bioavailable estradiol, through a person's estrogen sensitivity,
  :func:`osteon.physiology.person.person_estrogen_signal`), androgen, progesterone, and the
  sex-steroid signal of the mechanostat's set point;
- estrogen on RANKL and OPG expression, osteoclast apoptosis and osteocyte viability;
- androgen, progesterone, IGF-1 and cortisol on osteoblast recruitment, IGF-1 on matrix
  synthesis, cortisol on RANKL;
- the focal balance of each BMU: erosion depth from the estrogen drop (after its
  adaptation, :mod:`osteon.physiology.remodeling.estrogen_adaptation`), wall thickness
  with age and with the androgen-receptor signal (``wall_androgen_gain``: androgens
  prolong osteoblast work, Kousteni S et al. Cell 2001;104:719), and a person's own offset
  (:mod:`osteon.physiology.remodeling.bmu_balance`);
- the estrogen-set modeling threshold of the mechanostat
  (:func:`osteon.physiology.mechanics.modeling_threshold`).

The interventions' pathway drives multiply these in ``site_drives``. The parameters are
read by name from ``P`` (an object with one attribute per parameter, as
``BoneModel.p``); their records (units, sources) are those of the pathways named above.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, NamedTuple

import numpy as np

from osteon.physiology.endocrine.background import PEAK_BONE_AGE, Hormones
from osteon.physiology.endocrine.receptors import (
    androgen_occupancy,
    estrogen_occupancy,
    progesterone_occupancy,
)
from osteon.physiology.mechanics.mechanostat import modeling_threshold
from osteon.physiology.person import balanced_focal_loss, person_estrogen_signal
from osteon.physiology.remodeling.bmu_balance import erosion_depth, focal_deficit, wall_thickness


class ReferenceTerms(NamedTuple):
    """The peak-bone-mass denominators of :func:`hormone_drives`' factors, ``(n,)`` each
    (computed once with the reference signals: a model reads them every round, issue 14)."""

    rankl: np.ndarray
    opg: np.ndarray
    apoptosis: np.ndarray
    ob_androgen: np.ndarray
    ob_progesterone: np.ndarray
    wall_androgen: np.ndarray
    osteocyte: np.ndarray


class ReferenceSignals(NamedTuple):
    """A subject's receptor signals at peak bone mass (age 30), ``(n,)`` each."""

    estrogen: np.ndarray  # estrogen-receptor occupancy
    androgen: np.ndarray  # androgen-receptor occupancy
    progesterone: np.ndarray  # progesterone-receptor occupancy
    sex_steroid: np.ndarray  # :func:`sex_steroid_signal` of the two above
    terms: ReferenceTerms  # the denominators of the hormone factors at these signals


class HormoneDrives(NamedTuple):
    """The hormones' part of the drive table, per subject, ``(n,)`` each (1 at peak bone
    mass for the multiplicative factors, 0 for the focal loss there)."""

    estrogen_occupancy: np.ndarray  # the occupancy itself (the calcium subsystem reads it)
    estrogen_signal: np.ndarray  # after a person's sensitivity, clipped to 0-1 (set points)
    estrogen_signal_linear: np.ndarray  # after a person's sensitivity, linear (pathways)
    sex_steroid: np.ndarray  # sex-steroid signal relative to the subject's peak
    sex_sensitivity: np.ndarray  # its power for the mechanostat's gain, times mechanosensitivity
    rankl_expression: np.ndarray  # estrogen and cortisol on RANKL
    rankl_estrogen: np.ndarray  # estrogen's part of it (per-site weighting, model.py)
    opg_expression: np.ndarray  # estrogen on OPG
    oc_apoptosis: np.ndarray  # estrogen on osteoclast apoptosis
    ob_recruitment: np.ndarray  # IGF-1, androgen, progesterone and cortisol on recruitment
    matrix_synthesis: np.ndarray  # IGF-1 on collagen synthesis
    ocy_viability: np.ndarray  # estrogen on osteocyte viability
    focal_loss: np.ndarray  # unfilled fraction of each resorbed cavity
    modeling_threshold: np.ndarray  # estrogen-set threshold of modeling formation


def sex_steroid_signal(P: Any, pi_e, pi_t):
    """The mechanostat's sex-steroid signal: estrogen and androgen occupancies weighted by
    ``mech_androgen_weight``."""
    w = P.mech_androgen_weight
    return (1.0 - w) * pi_e + w * pi_t


def reference_signals(P: Any, reference: Hormones) -> ReferenceSignals:
    """The receptor signals of the hormones ``reference`` (each subject's at peak bone mass)."""
    pi_e0 = estrogen_occupancy(reference.estradiol, P.estrogen_ec50, P.estrogen_hill)
    pi_t0 = androgen_occupancy(reference.testosterone, P.androgen_ec50)
    pi_p0 = progesterone_occupancy(reference.progesterone, P.progesterone_ec50)
    terms = ReferenceTerms(
        1.0 + P.rankl_estrogen_gain * (1.0 - pi_e0), 1.0 + P.opg_estrogen_gain * pi_e0,
        1.0 + P.oc_apoptosis_estrogen_gain * pi_e0, 1.0 + P.ob_androgen_gain * pi_t0,
        1.0 + P.ob_progesterone_gain * pi_p0, 1.0 + P.wall_androgen_gain * pi_t0,
        1.0 + P.ocy_estrogen_gain * pi_e0)
    return ReferenceSignals(pi_e0, pi_t0, pi_p0, sex_steroid_signal(P, pi_e0, pi_t0), terms)


def hormone_drives(
    P: Any,
    hormones: Hormones,
    reference_hormones: Hormones,
    reference: ReferenceSignals,
    age,
    physiology: Mapping[str, np.ndarray],
    erosion_drop: Callable[[np.ndarray], np.ndarray],
    estradiol_share=1.0,
    female: np.ndarray | None = None,
) -> HormoneDrives:
    """The hormones' drives on bone now.

    ``hormones`` are the serum levels now, ``reference_hormones`` and ``reference`` each
    subject's levels and receptor signals at peak bone mass, ``age`` the ages now (years;
    taken as 30 before the 30th birthday), ``physiology`` the person factors that differ
    from the mean person's (``estrogen_sensitivity``, ``mechanosensitivity``,
    ``age_loss_factor``, ``focal_balance_offset``; absent: the mean person), and
    ``erosion_drop`` maps bone's linear estrogen signal to the estrogen drop that deepens
    erosion (after its adaptation, which depends on the subject's history). ``female``
    (``(n,)`` booleans; None: all men) switches the androgen-receptor wall term off in women:
    the skeletal AR phenotype is male (Kawano H et al. Proc Natl Acad Sci USA
    2003;100:9416: AR-knockout male mice lose trabecular bone at high turnover, female
    knockouts keep normal bone mass), and women's small, slowly declining testosterone would
    otherwise thin every woman's wall with age.
    ``estradiol_share`` is the bioavailable share of serum estradiol relative to age 30
    (:meth:`osteon.physiology.endocrine.background.EndocrineBackground.estradiol_bioavailable_share`):
    bone's estrogen receptors read the estradiol not bound to SHBG.
    """
    h = hormones
    f = physiology
    pi_e0, pi_t0, _, sex0, ref = reference  # ref: the peak-bone-mass denominators below
    age = np.maximum(age, PEAK_BONE_AGE)
    pi_e = estrogen_occupancy(h.estradiol * estradiol_share, P.estrogen_ec50, P.estrogen_hill)
    pi_e_calcium = pi_e_lin = pi_e
    if "estrogen_sensitivity" in f:
        # A person's estrogen sensitivity scales how far bone's estrogen signal falls
        # from its peak-bone-mass level (1: the mean person; at peak nothing changes);
        # linear for the linear pathways, an occupancy for the set points (person.py).
        pi_e_lin, pi_e = person_estrogen_signal(pi_e, pi_e0, f["estrogen_sensitivity"])
    pi_t = androgen_occupancy(h.testosterone, P.androgen_ec50)
    pi_p = progesterone_occupancy(h.progesterone, P.progesterone_ec50)
    sex = sex_steroid_signal(P, pi_e, pi_t) / sex0
    igf = h.igf1 / reference_hormones.igf1
    cort = h.cortisol / reference_hormones.cortisol
    rankl_e = (1.0 + P.rankl_estrogen_gain * (1.0 - pi_e_lin)) / ref.rankl
    opg_e = (1.0 + P.opg_estrogen_gain * pi_e_lin) / ref.opg
    apo_e = (1.0 + P.oc_apoptosis_estrogen_gain * pi_e_lin) / ref.apoptosis
    ob_a = (1.0 + P.ob_androgen_gain * pi_t) / ref.ob_androgen
    ob_p = (1.0 + P.ob_progesterone_gain * pi_p) / ref.ob_progesterone
    recruit_hormonal = igf**P.ob_igf1_exponent * ob_a * ob_p * cort ** (-P.ob_cortisol_exponent)
    # Focal balance of each BMU (0 at peak bone mass), the carrier of lasting change:
    # estrogen deficiency deepens erosion (less as it lasts: estrogen_adaptation), age
    # thins the completed wall (bmu_balance), the androgen-receptor signal thickens it
    # (relative to its level at peak: testosterone restored refills each cavity more).
    if female is not None and np.shape(female) == np.shape(pi_t) == np.shape(pi_t0) and (
            female.all()):  # all women: np.where below gives 1 everywhere
        wall_a = np.ones(np.shape(female))
    else:
        wall_a = (1.0 + P.wall_androgen_gain * pi_t) / ref.wall_androgen
        if female is not None:
            wall_a = np.where(female, 1.0, wall_a)
    focal_loss = focal_deficit(
        erosion_depth(erosion_drop(pi_e_lin), P.erosion_depth_estrogen),
        wall_a * wall_thickness((age - PEAK_BONE_AGE) / 10.0, P.wall_thickness_age,
                                f.get("age_loss_factor", 1.0)))
    if "focal_balance_offset" in f:  # a person's own BMU balance, zero-mean (person.py)
        focal_loss = balanced_focal_loss(focal_loss, f["focal_balance_offset"])
    ocy_e = (1.0 + P.ocy_estrogen_gain * pi_e_lin) / ref.osteocyte
    sensitivity = sex**P.mech_sensitivity_sex_exponent  # (times 1.0 is x itself: skipped)
    return HormoneDrives(
        estrogen_occupancy=pi_e_calcium,
        estrogen_signal=pi_e,
        estrogen_signal_linear=pi_e_lin,
        sex_steroid=sex,
        sex_sensitivity=sensitivity * f["mechanosensitivity"] if "mechanosensitivity" in f
        else sensitivity,
        rankl_expression=rankl_e * cort**P.rankl_cortisol_exponent,
        rankl_estrogen=rankl_e,
        opg_expression=opg_e,
        oc_apoptosis=apo_e,
        ob_recruitment=recruit_hormonal,
        matrix_synthesis=igf**P.collagen_igf1_exponent,
        ocy_viability=ocy_e,
        focal_loss=focal_loss,
        modeling_threshold=modeling_threshold(pi_e,
                                              threshold_gain=P.mech_modeling_threshold_estrogen),
    )
