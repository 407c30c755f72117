"""Bone cell populations of one skeletal site, in the Lemaire / Peterson-Riggs
structure.

States (each relative to its value at peak bone mass, so 1 at the reference
steady state):

- ``OC``: active osteoclasts;
- ``OBp``: responding (precursor) osteoblasts, recruited by TGF-beta released
  from resorbed matrix;
- ``OBa``: active osteoblasts;
- ``Ocy``: viable osteocytes (per unit bone);
- ``C``: the remodeling space: resorption cavities not yet refilled.

Coupling runs through the cavities (Parfitt AM Bone 2000;26:319; Heaney RP
Osteoporos Int 1994;4:3): resorption opens cavities, TGF-beta and other
coupling factors released into them recruit osteoblast precursors (Pivonka
2008, eq. 4, with the cavity volume as the source), and active osteoblasts
close them. Each closed cavity returns a fraction ``refill`` of the bone that
was resorbed (the focal bone balance: wall thickness against erosion depth;
Eriksen EF Endocr Rev 1986;7:379), so a remodeling-space change is transient
and reversible while a negative focal balance is a lasting loss. Mechanical
overload also recruits osteoblasts onto quiescent surfaces without prior
resorption (modeling; Frost 1987), which adds bone.

The structure follows Lemaire V et al. J Theor Biol 2004;229:293-309 (eqs.
1-3), as adopted by Peterson MC & Riggs MM Bone 2010;46:49-63 (ROB, OB, OC with
RANK-RANKL-OPG binding and TGF-beta coupling), with the RANKL supply split
between the osteoblast lineage and osteocytes (Xiong J et al. Nat Med
2011;17:1235; Nakashima T et al. Nat Med 2011;17:1231).

Every term below is an explicit multiplicative *drive* that equals 1 at the
reference state, so that hormones, loading and therapies act by changing a
named drive:

======================  ===========================================================
drive                    acts on
======================  ===========================================================
``rankl_expression``     RANKL made per cell (estrogen lowers it, cortisol raises it,
                         disuse raises it)
``opg_expression``       OPG made per active osteoblast (estrogen raises it)
``oc_apoptosis``         osteoclast death rate (estrogen raises it)
``ob_recruitment``       precursor recruitment per open cavity (IGF-1, androgens,
                         progesterone, cortisol)
``modeling``             precursor recruitment onto quiescent surfaces (mechanical
                         overload), 0 at the reference state
``matrix_synthesis``     matrix laid down per active osteoblast (IGF-1 collagen
                         synthesis)
``ocy_viability``        target osteocyte viability (estrogen, loading)
``rank_blockade``        fraction of RANKL left free by a drug (1 without one)
``ob_apoptosis``         active osteoblast death rate (intermittent PTH lowers it)
======================  ===========================================================
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class CellDrives:
    """Multiplicative drives on the bone cells (arrays broadcastable to ``(n, sites)``)."""

    rankl_expression: np.ndarray
    opg_expression: np.ndarray
    oc_apoptosis: np.ndarray
    ob_recruitment: np.ndarray
    matrix_synthesis: np.ndarray
    ocy_viability: np.ndarray
    rank_blockade: np.ndarray | float = 1.0
    ob_apoptosis: np.ndarray | float = 1.0
    modeling: np.ndarray | float = 0.0


def rank_occupancy(rankl, opg, opg_binding: float, rank_half: float):
    """RANK occupancy by free RANKL, relative to the reference state.

    Quasi-steady binding (Lemaire 2004, eq. 6): OPG sequesters RANKL as a
    decoy, and free RANKL occupies RANK with a saturating curve.

    Parameters
    ----------
    rankl, opg
        RANKL and OPG relative to reference (1 = reference).
    opg_binding
        OPG/K_D at reference: how much RANKL the reference OPG sequesters.
    rank_half
        Free RANKL (relative) at half-maximal RANK occupancy.

    Returns
    -------
    numpy.ndarray
        Occupancy relative to reference (1 at ``rankl = opg = 1``).

    Examples
    --------
    >>> float(rank_occupancy(1.0, 1.0, 1.0, 1.0))
    1.0
    >>> float(rank_occupancy(1.0, 2.0, 1.0, 1.0)) < 1.0
    True
    """
    free = rankl * (1.0 + opg_binding) / (1.0 + opg_binding * opg)
    return free / (free + rank_half) * (1.0 + rank_half)


def tgf_beta_coupling(oc, k_half: float):
    """Coupling of formation to resorption by matrix-released TGF-beta.

    Active TGF-beta is proportional to resorption (Pivonka P et al. Bone
    2008;43:249-263, eq. 4); its activation of osteoblast precursors saturates
    with half-maximal level ``k_half`` (relative to reference resorption).
    Equals 1 at ``oc = 1``.

    >>> float(tgf_beta_coupling(1.0, 1.0))
    1.0
    >>> 1.0 < float(tgf_beta_coupling(2.0, 1.0)) < 2.0
    True
    """
    oc = np.maximum(oc, 0.0)
    return oc / (oc + k_half) * (1.0 + k_half)


def cell_derivatives(
    oc,
    obp,
    oba,
    ocy,
    cavity,
    drives: CellDrives,
    # not keyword-only (numba cannot bind those; engine/jit.py): pass them by keyword
    oc_lifespan: float,
    obp_differentiation_time: float,
    ob_active_lifespan: float,
    ocy_response_time: float,
    osteocyte_rankl_share: float,
    osteocyte_apoptosis_rankl_gain: float,
    opg_binding: float,
    rank_half: float,
    tgf_half: float,
    formation_open_share: float = 1.0,
    reversal_osteoclast_half: float = 0.0,
):
    """Time derivatives (per day) of the cell populations and the remodeling space of each site.

    The remodeling space ``cavity`` (1 at reference) opens with resorption and
    closes as active osteoblasts refill it. Its volume is the resorbed bone not yet
    replaced: at the reference state a unit of resorbed bone stays missing for the
    reversal phase (``obp_differentiation_time``) and, because a team refills its
    cavity at a near-constant appositional rate, for ``formation_open_share`` of the
    formation period (``ob_active_lifespan``; 1/2 for a linear refill, Parfitt AM
    Bone 2000;26:319; Eriksen EF Endocr Rev 1986;7:379). That residence time is the
    divisor below, so the remodeling space's volume is the envelope's turnover times
    it (1 keeps the whole formation period open: the structure before issue 9's
    remodeling-space round).

    Osteoprogenitors are recruited onto an eroded surface while osteoclasts still work on it
    (the reversal-resorption phase: Lassen NE et al. J Bone Miner Res 2017;32:1395; Andersen
    TL et al. Am J Pathol 2013;183:235), by matrix-derived and osteoclast-derived coupling
    factors (Sims NA & Martin TJ BoneKEy Rep 2014;3:481). Where resorption is stopped deep,
    the cavities still open lose that support and their reversal arrests, so they stay open
    instead of being refilled (Parfitt's arrested reversal, here brought on by the drug):
    recruitment per cavity is scaled by ``(1 + K) / (1 + K / OC)``, ``K`` =
    ``reversal_osteoclast_half`` (the osteoclast level, relative to peak, at which the support
    is half its maximum). It is 1 at ``OC = 1``, slightly above 1 at an old skeleton's high
    turnover, and falls when resorption is suppressed far. The open space left at a held
    suppression is then ``(OC + K) / (1 + K)`` times the reference's (recruitment per cavity
    1): the refill shrinks by ``1 / (1 + K)`` at every depth, it does not saturate (a steeper,
    threshold-like support makes the cavities reopen under a lasting deep suppression, bone
    lost on denosumab: not seen). ``K = 0`` (the default) gives exactly 1, the structure
    before.

    Returns
    -------
    tuple
        ``(d_oc, d_obp, d_oba, d_ocy, d_cavity, rankl, opg, cavity_share, modeling_share)``:
        derivatives, the relative RANKL and OPG levels (outputs), the share of
        active osteoblasts refilling cavities and the share forming bone by modeling.
    """
    # RANKL comes from the osteoblast lineage and from osteocytes; dying
    # osteocytes signal for their own removal through RANKL.
    ocy_rankl = 1.0 + osteocyte_apoptosis_rankl_gain * (1.0 - ocy)
    rankl = ((1.0 - osteocyte_rankl_share) * obp + osteocyte_rankl_share * ocy_rankl) * (
        drives.rankl_expression
    )
    opg = oba * drives.opg_expression
    occupancy = rank_occupancy(rankl * drives.rank_blockade, opg, opg_binding, rank_half)
    d_oc = (occupancy - drives.oc_apoptosis * oc) / oc_lifespan
    remodeling = tgf_beta_coupling(cavity, tgf_half) * drives.ob_recruitment
    # osteoclast support of the reversal (1 exactly at K = 0)
    remodeling = remodeling * ((1.0 + reversal_osteoclast_half)
                               / (1.0 + reversal_osteoclast_half / np.maximum(oc, 1e-9)))
    modeling = np.maximum(drives.modeling, 0.0)
    d_obp = (remodeling + modeling - obp) / obp_differentiation_time
    d_oba = (obp - drives.ob_apoptosis * oba) / ob_active_lifespan
    d_ocy = (drives.ocy_viability - ocy) / ocy_response_time
    # Share of active osteoblasts refilling cavities (the rest form bone by modeling), and
    # how fast they can close them: teams slow down as the last cavities fill, so the
    # remodeling space never goes negative.
    total = np.maximum(remodeling + modeling, 1e-12)
    modeling_share = modeling / total
    cavity_share = remodeling / total * cavity_availability(cavity)
    d_cavity = (np.maximum(oc, 0.0) - cavity_share * oba) / (
        obp_differentiation_time + formation_open_share * ob_active_lifespan
    )
    return d_oc, d_obp, d_oba, d_ocy, d_cavity, rankl, opg, cavity_share, modeling_share


CAVITY_HALF = 0.05
"""Remodeling space (relative) at which cavity refilling runs at half speed (numerical floor)."""


def cavity_availability(cavity):
    """Fraction of the reference refilling speed allowed by the open cavities (1 at reference).

    >>> float(cavity_availability(1.0))
    1.0
    >>> float(cavity_availability(0.0))
    0.0
    """
    c = np.maximum(cavity, 0.0)
    return c / (c + CAVITY_HALF) * (1.0 + CAVITY_HALF)
