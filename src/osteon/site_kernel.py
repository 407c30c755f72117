"""The right-hand side of one skeletal site, split from everything that depends on time only.

:meth:`osteon.model.BoneModel.site_drives` computes, per subject and site, every quantity
that depends on time alone (hormone occupancies, pathway drives, loads) into the drive table
:data:`SITE_DRIVES`; :func:`site_rhs` turns one site's states (:data:`osteon.model.STATE_NAMES`)
and drives into derivatives. :func:`site_rhs` is written so that it runs both on numpy arrays
(:meth:`~osteon.model.BoneModel.evaluate`, vectorised over subjects and sites) and, compiled by
numba, on scalars (the batch engine, :mod:`osteon.engine`): one source for both paths. The
SBML exporter traces it too (:mod:`osteon.export.trace`).

:mod:`osteon.model` re-exports every name defined here, where the rest of the package
imports them from.
"""

from __future__ import annotations

from collections import namedtuple

import numpy as np

from osteon.outputs.reference import SITES
from osteon.physiology.calcium import skeleton as CA
from osteon.physiology.calcium import system as CS
from osteon.physiology.mechanics import (
    mechanical_error,
    mechanostat,
    mechanostat_response,
)
from osteon.physiology.mineral import (
    matrix_derivatives,
    mineral_content,
    removal_availability,
)
from osteon.physiology.remodeling import cell_derivatives, envelopes

SITE_DRIVES = (
    "load",              # relative daily stress stimulus of the site
    "sex_steroid",       # sex-steroid signal relative to peak (set point)
    "sex_sensitivity",   # sex_steroid ** mech_sensitivity_sex_exponent (anabolic gain)
    "rankl_expression",  # RANKL per cell before the mechanostat's catabolic factor
    "opg_expression",
    "oc_apoptosis",
    "ob_recruitment",
    "modeling",          # additive modeling drive of interventions
    "matrix_synthesis",
    "ocy_viability",     # before division by the catabolic factor
    "rank_blockade",
    "ob_apoptosis",
    "focal_loss",
    "mineralization",
    "modeling_threshold",  # estrogen-set mechanostat modeling threshold (mechanics/)
    "load_accommodated",  # load remembered after training stops, relative to load (mechanics/)
    "active",            # 0 before the subject's 30th birthday (nothing moves), else 1
)  # fmt: skip
N_DRIVES = len(SITE_DRIVES)
SYSTEMIC_ROW = len(SITES)
"""Row of :meth:`BoneModel.site_drives` after the sites: the systemic drives, in order
:data:`SYSTEMIC_DRIVES` (the rest of the row is unused)."""
SYSTEMIC_DRIVES = CS.INPUT_NAMES + ("pth_reference", "skeletal_calcium", "calcium_reference")
D_PTH_REF = len(CS.INPUT_NAMES)
D_SKELETAL_CALCIUM = D_PTH_REF + 1
D_CA_REF = D_PTH_REF + 2
D_ACTIVE = N_DRIVES - 1  # the "active" drive, in site rows and the systemic row
SITE_CONSTANTS = ("weight_trabecular", "weight_cortical", "mineral0_trabecular",
                  "mineral0_cortical", "turnover_trabecular", "turnover_cortical")
CoreParams = namedtuple("CoreParams", (
    "density_stress_exponent", "mech_setpoint_sex_exponent", "mech_sensitivity_sex_exponent",
    "mech_modeling_gain", "mech_detraining_gain", "mech_detraining_focal_gain",
    "mech_disuse_focal_gain",
    "mech_anabolic_gain", "mech_catabolic_gain", "mech_smoothing", "osteoclast_lifespan",
    "obp_differentiation_time", "ob_active_lifespan", "ocy_response_time",
    "osteocyte_rankl_share", "osteocyte_apoptosis_rankl_gain", "opg_binding", "rank_half",
    "tgf_half", "primary_mineral_fraction", "primary_mineralization_time", "rankl_pth_exponent",
    "mineralization_calcium_exponent", "envelope_drug_modeling_trabecular",
    "envelope_drug_modeling_cortical", "secondary_time",
))
"""Scalar parameters read by :func:`site_rhs` (``secondary_time`` in days)."""
SiteCellDrives = namedtuple("SiteCellDrives", (
    "rankl_expression", "opg_expression", "oc_apoptosis", "ob_recruitment", "matrix_synthesis",
    "ocy_viability", "rank_blockade", "ob_apoptosis", "modeling"))
"""The fields of :class:`~osteon.physiology.remodeling.CellDrives` as a namedtuple (numba can
build it; ``cell_derivatives`` only reads the attributes)."""
N_SITE_OUTPUTS = 6  # rankl, opg, formation, resorption, density, mechanical error


def site_rhs(y, d, c, P, pth_rankl, ca_mineral):
    """Derivatives of one site's 11 states, and its outputs.

    ``y[k]`` is state ``k`` (:data:`STATE_NAMES`), ``d[k]`` drive ``k`` (:data:`SITE_DRIVES`),
    ``c[k]`` site constant ``k`` (:data:`SITE_CONSTANTS`), ``P`` a :data:`CoreParams`,
    ``pth_rankl`` the factor of plasma PTH on RANKL expression (:func:`pth_rankl_factor`),
    ``ca_mineral`` that of plasma calcium on mineralization (:func:`calcium_mineral_factor`).
    Each ``y[k]`` may be a scalar or an array (all broadcast together).

    Returns the 11 derivatives followed by rankl, opg, formation, resorption, density and the
    mechanical error. The ``active`` drive is not applied here (callers zero the derivatives).
    """
    oc, obp, oba, ocy, cavity = y[0], y[1], y[2], y[3], y[4]
    density = (mineral_content(y[5], y[6], y[7]) / c[2] * c[0]
               + mineral_content(y[8], y[9], y[10]) / c[3] * c[1])
    error = mechanical_error(
        d[0], density, d[1],
        density_exponent=P.density_stress_exponent,
        setpoint_exponent=P.mech_setpoint_sex_exponent,
    )
    # Load above the habitual acts through the estrogen-set modeling threshold only; the
    # sex-steroid-scaled gain answers density lost at habitual (or lower) load.
    error_hab = mechanical_error(
        1.0, density, d[1],
        density_exponent=P.density_stress_exponent,
        setpoint_exponent=P.mech_setpoint_sex_exponent,
    )
    anabolic, _ = mechanostat_response(
        np.minimum(error, error_hab), d[2],
        anabolic_gain=P.mech_anabolic_gain,
        catabolic_gain=P.mech_catabolic_gain,
        width=P.mech_smoothing,
    )
    _, catabolic = mechanostat_response(
        error, d[2],
        anabolic_gain=P.mech_anabolic_gain,
        catabolic_gain=P.mech_catabolic_gain,
        width=P.mech_smoothing,
    )
    # modeling_response() written out: the batch engine compiles only registered functions
    # (and the SBML exporter traces mechanostat.softplus through the module)
    loaded = P.mech_modeling_gain * (mechanostat.softplus(error - d[14], P.mech_smoothing)
                                     - mechanostat.softplus(error_hab - d[14], P.mech_smoothing))
    # Detraining (mechanostat.detraining_response written out): the load remembered after a
    # programme stops turns what it built into an underload, answered by RANKL.
    error_acc = mechanical_error(d[0] * d[15], density, d[1],
                                 density_exponent=P.density_stress_exponent,
                                 setpoint_exponent=P.mech_setpoint_sex_exponent)
    detraining = (mechanostat.softplus(error_acc - d[14], P.mech_smoothing)
                  - mechanostat.softplus(error - d[14], P.mech_smoothing))
    catabolic = catabolic + P.mech_detraining_gain * detraining
    # Disuse (load below the habitual; mechanostat.disuse_response written out): BMUs in
    # negative balance, the route past the saturating RANKL response (mechanics/).
    disuse = (mechanostat.softplus(1.0 / np.maximum(1.0 + error, 1e-3) - 1.0, P.mech_smoothing)
              - mechanostat.softplus(1.0 / np.maximum(1.0 + error_hab, 1e-3) - 1.0,
                                     P.mech_smoothing))
    matrix_synthesis = d[8]
    drives = SiteCellDrives(
        d[3] * pth_rankl * catabolic,  # rankl_expression
        d[4],                        # opg_expression
        d[5],                        # oc_apoptosis
        d[6],                        # ob_recruitment
        matrix_synthesis,            # matrix_synthesis
        d[9] / catabolic,            # ocy_viability
        d[10],                       # rank_blockade
        d[11],                       # ob_apoptosis
        anabolic - 1.0 + loaded + d[7],  # modeling
    )
    (d_oc, d_obp, d_oba, d_ocy, d_cavity, rankl, opg, cavity_share,
     modeling_share) = cell_derivatives(  # fmt: skip
        oc, obp, oba, ocy, cavity, drives,
        oc_lifespan=P.osteoclast_lifespan,
        obp_differentiation_time=P.obp_differentiation_time,
        ob_active_lifespan=P.ob_active_lifespan,
        ocy_response_time=P.ocy_response_time,
        osteocyte_rankl_share=P.osteocyte_rankl_share,
        osteocyte_apoptosis_rankl_gain=P.osteocyte_apoptosis_rankl_gain,
        opg_binding=P.opg_binding,
        rank_half=P.rank_half,
        tgf_half=P.tgf_half,
    )
    # Bone laid down: cavities refilled to the focal balance, plus modeling formation.
    refill = np.minimum(np.maximum(
        matrix_synthesis * (1.0 - d[12] - P.mech_detraining_focal_gain * detraining
                            - P.mech_disuse_focal_gain * disuse), 0.0), 2.0)
    formation = oba * (cavity_share * refill + modeling_share * matrix_synthesis)
    # the interventions' modeling-based formation lands by envelope (remodeling/envelopes.py)
    drug_share = envelopes.drug_modeling_share(d[7], drives.modeling)
    form_t = envelopes.envelope_formation(oba, cavity_share, refill, modeling_share,
                                          matrix_synthesis, drug_share,
                                          P.envelope_drug_modeling_trabecular)
    form_c = envelopes.envelope_formation(oba, cavity_share, refill, modeling_share,
                                          matrix_synthesis, drug_share,
                                          P.envelope_drug_modeling_cortical)
    resorption = np.maximum(oc, 0.0)
    # removal slows as an envelope's bone runs out (1 in the validated domain; issue 15)
    removal_t = resorption * removal_availability(y[5])
    removal_c = resorption * removal_availability(y[8])
    dv_t, ddp_t, dds_t = matrix_derivatives(
        y[5], y[6], y[7], form_t, removal_t, c[4],
        primary_fraction=P.primary_mineral_fraction,
        primary_time=P.primary_mineralization_time,
        secondary_time=P.secondary_time,
        mineralization=d[13] * ca_mineral,
    )
    dv_c, ddp_c, dds_c = matrix_derivatives(
        y[8], y[9], y[10], form_c, removal_c, c[5],
        primary_fraction=P.primary_mineral_fraction,
        primary_time=P.primary_mineralization_time,
        secondary_time=P.secondary_time,
        mineralization=d[13] * ca_mineral,
    )
    return (d_oc, d_obp, d_oba, d_ocy, d_cavity, dv_t, ddp_t, dds_t, dv_c, ddp_c, dds_c,
            rankl, opg, formation, resorption, density, error)


def pth_rankl_factor(pth_pmol, pth_reference, ecf_volume, exponent):
    """RANKL expression factor of plasma PTH: ``(PTH / PTH_ref) ** exponent``.

    ``pth_pmol`` is the PTH amount in the ECF (pmol), ``pth_reference`` the subject's own
    plasma PTH at peak bone mass (pmol/L).
    """
    return (np.maximum(pth_pmol / ecf_volume, 1e-6) / pth_reference) ** exponent


def calcium_mineral_factor(calcium_mmol, calcium_reference, ecf_volume, exponent):
    """Speed of mineralization as plasma calcium moves: ``(Ca / Ca_ref) ** exponent``.

    Mineral deposits from a supersaturated calcium-phosphate solution, so a fall of plasma
    calcium slows it (osteoid waits: hypocalcaemic osteomalacia) and limits the calcium a
    "hungry" skeleton can draw, e.g. when denosumab stops resorption. ``calcium_mmol`` is
    the ECF calcium (mmol), ``calcium_reference`` the subject's own plasma calcium at peak
    bone mass (mmol/L).
    """
    return (np.maximum(calcium_mmol / ecf_volume, 1e-6) / calcium_reference) ** exponent


def skeletal_calcium_fluxes(y, d, c, P, skeletal_calcium, ca_mineral):
    """Calcium resorbed from and deposited into the whole skeleton (mmol/h).

    ``y``, ``d``, ``c`` are the ``total_body`` site's states, drives and constants (as in
    :func:`site_rhs`), ``skeletal_calcium`` the calcium of the skeleton at peak (mmol).
    Their difference is exactly ``skeletal_calcium`` times the rate of change of the
    site's relative mineral content (its BMD relative to peak).
    """
    resorption = np.maximum(y[0], 0.0)
    speed = d[13] * ca_mineral
    # the same removal as in site_rhs, so that calcium stays conserved
    rel_t, dep_t = CA.skeletal_mineral_fluxes(y[5], y[6], y[7],
                                              resorption * removal_availability(y[5]), speed,
                                              c[4], P.primary_mineralization_time,
                                              P.secondary_time)
    rel_c, dep_c = CA.skeletal_mineral_fluxes(y[8], y[9], y[10],
                                              resorption * removal_availability(y[8]), speed,
                                              c[5], P.primary_mineralization_time,
                                              P.secondary_time)
    scale = skeletal_calcium / CA.HOURS_PER_DAY
    release = scale * (c[0] / c[2] * rel_t + c[1] / c[3] * rel_c)
    uptake = scale * (c[0] / c[2] * dep_t + c[1] / c[3] * dep_c)
    return release, uptake
