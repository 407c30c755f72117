"""Envelope-specific formation: where the modeling-based formation of anabolic drugs lands.

Each site has one set of bone cells (:mod:`osteon.physiology.remodeling.cells`) and two
matrix envelopes, trabecular and cortical (:mod:`osteon.physiology.mineral.matrix`); each
envelope changes at its own turnover times the site's relative formation and resorption.
That alone makes every lever act alike at the spine and the hip (the femoral-neck/spine
ratio of the response was 0.73-0.93 for every treatment; issue 9, item 3).

Remodeling (resorption followed by refill) runs in every envelope at that envelope's
turnover, so antiresorptives act by turnover: trabecular-rich sites answer first and more.
Modeling-based formation switched on by an intervention (intermittent PTH, sclerostin
inhibition: the additive ``modeling`` drive of interventions) is not spread by turnover:
quadruple-label biopsies find it mostly on cancellous and endocortical surfaces, little
inside the cortex (Lindsay R et al. J Bone Miner Res 2006;21:366; Dempster DW et al. J Clin
Endocrinol Metab 2016;101:1353, AVA study, four envelopes; in femoral-neck samples taken at
hip replacement after about 6 weeks of teriparatide, BFR/BS doubled in the cancellous and
endocortical envelopes only: Dempster DW et al., PMC4880158). The cortical envelope of a DXA
site is mostly intracortical and periosteal bone, while the trabecular envelope carries the
cancellous and endocortical surfaces. So each envelope gets a weight on the share of its
modeling-based formation that interventions recruit
(``envelope_drug_modeling_trabecular``, ``envelope_drug_modeling_cortical``; records in
:mod:`osteon.physiology.remodeling.records`): the cortical envelope keeps the drug's extra
remodeling (its RANKL rise: the early cortical porosity, a transient hip and radius dip)
but little of its modeling, and the spine/hip ratio of an anabolic's gain differs from an
antiresorptive's. Mechanically driven modeling (the mechanostat) is not reweighted here.

Two more envelope differences (issue 9, item 3: antiresorptives and estrogen acted alike at
every site, spine/total hip about 1.1 against 1.5-2.3 published):

* **Focal balance by envelope** (:func:`envelope_refill`). Each envelope refills its cavities
  to the site's focal deficit (:mod:`osteon.physiology.remodeling.bmu_balance`) times its own
  factor, ``focal_balance_trabecular`` below 1 and ``focal_balance_cortical`` above: after
  midlife most bone is lost in the cortex, by intracortical remodeling that leaves canals
  enlarged (Zebaze RM et al. Lancet 2010;375:1729: 68 % of the distal-radius loss between 50
  and 80 was cortical). The reversible remodeling space, which antiresorptives refill, still
  scales with each envelope's turnover, so a faster vertebral cancellous turnover
  (``turnover_trabecular_spine_factor``, red marrow; Cook GJ et al. J Bone Miner Res
  2000;15:763) raises the spine's antiresorptive gain more than its lasting loss.
* **Modeling does not follow remodeling turnover.** The envelope's matrix moves at its
  turnover, so formation on quiescent surfaces would otherwise speed up with the spine's
  factor; ``modeling_scale`` (the site constant ``modeling_scale_trabecular``, the
  reciprocal of the site's cancellous turnover factor) divides it out.

The functions are written for numpy arrays and numba scalars alike (the batch engine
compiles them; :func:`osteon.engine.jit.register_physiology`).
"""

from __future__ import annotations

import numpy as np


def drug_modeling_share(drug_modeling, total_modeling):
    """Share (0-1) of a site's modeling-based formation recruited by interventions.

    ``drug_modeling`` is the interventions' additive ``modeling`` drive, ``total_modeling``
    the whole modeling drive (mechanostat plus interventions) before its floor at 0.

    >>> float(drug_modeling_share(0.3, 0.6))
    0.5
    >>> float(drug_modeling_share(0.0, 0.2)), float(drug_modeling_share(0.4, 0.1))
    (0.0, 1.0)
    """
    return np.minimum(np.maximum(drug_modeling, 0.0) / np.maximum(total_modeling, 1e-12), 1.0)


def envelope_refill(synthesis, focal_loss, balance_factor, other_loss, drug_focal, weight):
    """Relative refill of one envelope's cavities (1 when balanced), bounded to 0-2.

    ``focal_loss`` is the site's focal deficit (estrogen's erosion depth against the wall,
    :mod:`osteon.physiology.remodeling.bmu_balance`), ``balance_factor`` the envelope's
    multiplier of it (``focal_balance_trabecular``, ``focal_balance_cortical``),
    ``other_loss`` the deficits of disuse and detraining, which stay the site's.
    ``drug_focal`` is the underfill that interventions add (teriparatide withdrawal, already
    gated by the resorption an antiresorptive leaves), weighted by the envelope's ``weight``
    like their modeling-based formation (the bone they built is resorbed where it was laid).

    >>> float(envelope_refill(1.0, 0.05, 1.0, 0.0, 0.0, 1.0))
    0.95
    >>> float(envelope_refill(1.0, 0.05, 2.0, 0.0, 0.0, 1.0))
    0.9
    >>> float(envelope_refill(1.0, 0.0, 1.0, 0.0, 0.1, 2.0)), float(envelope_refill(1.0, 0.0, 1.0, 0.0, 0.1, 0.0))
    (0.8, 1.0)
    """
    return np.minimum(np.maximum(
        synthesis * (1.0 - balance_factor * focal_loss - other_loss - drug_focal * weight),
        0.0), 2.0)


def envelope_formation(oba, cavity_share, refill, modeling_share, synthesis, drug_share,
                       weight, modeling_scale):
    """Relative formation in one envelope (1 at the reference state).

    Active osteoblasts ``oba`` refill cavities (``cavity_share * refill``) and form bone on
    quiescent surfaces (``modeling_share * synthesis``); the part of the latter that
    interventions recruit (``drug_share``) is multiplied by the envelope's ``weight``.
    ``modeling_scale`` divides out a site's own cancellous turnover factor from the modeled
    part: the envelope's matrix moves at its turnover, but bone formed on quiescent surfaces
    is not remodeling and does not speed up with it (1 everywhere at the default).
    With ``weight = 1`` and ``modeling_scale = 1`` this is the site's formation.

    >>> float(envelope_formation(1.0, 0.5, 1.0, 0.5, 1.0, 1.0, 1.0, 1.0))
    1.0
    >>> float(envelope_formation(1.0, 0.5, 1.0, 0.5, 1.0, 1.0, 0.0, 1.0))
    0.5
    """
    modeled = modeling_share * synthesis * (1.0 + drug_share * (weight - 1.0)) * modeling_scale
    return oba * (cavity_share * refill + modeled)


FEMUR_SITES = ("femoral_neck", "total_hip")
"""Sites of the proximal femur, whose cancellous bone lies in fatty marrow in adults."""


def femur_pth_factor(femur_factor, pth_modeling, modeling):
    """Multiplier of the interventions' ``modeling`` drive at the proximal femur, ``(n,)``.

    ``pth_modeling`` is the part of the additive ``modeling`` drive recruited through the PTH
    receptor (teriparatide), ``modeling`` the whole drive (romosozumab's too), both before a
    person's drug response. At the femoral neck and total hip the PTH part is multiplied by
    ``femur_factor`` (``drug_modeling_femur_factor``) and the rest is left alone
    (:meth:`osteon.model.BoneModel.site_drives`). The underfill after teriparatide stops is
    not reduced: it is remodeling (RANKL and cavities left unfilled), and the hip loses as
    much as before once the drug stops (Leder BZ et al. J Clin Endocrinol Metab
    2009;94:2915: total hip -3.8, neck -3.1 % in the year after 24 months). The drive
    lands on cancellous and endocortical surfaces (the envelope weights above), so the factor
    is the femur's cancellous answer to daily PTH relative to the spine's: under teriparatide,
    QCT trabecular vBMD of the femoral neck rose 4.9 % against 19.0 % at the spine in 18
    months (McClung MR et al. Arch Intern Med 2005;165:1762; proximal-femur trabecular
    +4.6 %, Keaveny TM et al. Bone 2012;50:165), while romosozumab raises the total hip about
    half as much as the spine (FRAME, Cosman F et al. N Engl J Med 2016;375:1532: 6.8 against
    13.3 % at 12 months), so the factor is PTH's, not every anabolic's. Adult proximal-femoral
    cancellous bone lies in fatty marrow, with fewer osteoprogenitors than vertebral red
    marrow. At ``femur_factor`` 1 (the default) the multiplier is 1 exactly.

    >>> femur_pth_factor(0.5, np.array([0.1, 0.0, 0.1]), np.array([0.1, 0.2, 0.2])).tolist()
    [0.5, 1.0, 0.75]
    >>> femur_pth_factor(1.0, np.array([0.1]), np.array([0.0])).tolist()
    [1.0]
    """
    modeling = np.asarray(modeling, dtype=float)
    pth = np.minimum(np.maximum(np.asarray(pth_modeling, dtype=float), 0.0),
                     np.maximum(modeling, 0.0))
    share = np.where(modeling > 0.0, pth / np.maximum(modeling, 1e-300), 0.0)
    return 1.0 - (1.0 - femur_factor) * share


def estrogen_site_weight(weights, turnover, cortical_share):
    """Share of each site's remodeling that estrogen's osteoclast action reaches, ``(sites,)``.

    ``weights`` (sites, 2) are the envelopes' shares of the site's mineral (trabecular,
    cortical), ``turnover`` (sites, 2) their turnover, ``cortical_share`` the part of the
    action that reaches the cortical envelope (``estrogen_cortical_share``; 1: every envelope
    alike). The site's osteoclasts are one population, so the site answers estrogen with the
    turnover-weighted mix of its envelopes: the exponent on estrogen's RANKL, OPG and
    osteoclast-apoptosis factors (:meth:`osteon.model.BoneModel.site_drives`).

    >>> w = estrogen_site_weight(np.array([[0.5, 0.5]]), np.array([[0.3, 0.1]]), 0.0)
    >>> round(float(w[0]), 12)
    0.75
    >>> float(estrogen_site_weight(np.array([[0.5, 0.5]]), np.array([[0.3, 0.1]]), 1.0)[0])
    1.0
    """
    rate = np.asarray(weights, float) * np.asarray(turnover, float)
    return (rate[:, 0] + cortical_share * rate[:, 1]) / np.sum(rate, axis=1)


__all__ = ["FEMUR_SITES", "drug_modeling_share", "femur_pth_factor", "envelope_formation",
           "envelope_refill", "estrogen_site_weight"]
