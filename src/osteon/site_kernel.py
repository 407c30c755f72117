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
from enum import IntEnum, auto

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


class _Table(IntEnum):
    """A table of named indices: each member's value is its position (``auto()`` counts
    from 0), so that adding a row means adding one name. numba reads the members of an
    ``IntEnum`` as compile-time integers, numpy and lists take them as indices."""

    @staticmethod
    def _generate_next_value_(name, start, count, last_values):
        return count


class SiteState(_Table):
    """The eleven states of one site (``y[k]`` in :func:`site_rhs`)."""

    osteoclasts = auto()
    osteoblast_precursors = auto()
    osteoblasts = auto()
    osteocytes = auto()
    remodeling_space = auto()
    volume_trabecular = auto()
    primary_deficit_trabecular = auto()
    secondary_deficit_trabecular = auto()
    volume_cortical = auto()
    primary_deficit_cortical = auto()
    secondary_deficit_cortical = auto()


class SiteDrive(_Table):
    """The time-only drives of one site (``d[k]`` in :func:`site_rhs`): the rows of
    :meth:`osteon.model.BoneModel.site_drives`."""

    load = auto()              # relative daily stress stimulus of the site
    sex_steroid = auto()       # sex-steroid signal relative to peak (set point)
    sex_sensitivity = auto()   # sex_steroid ** mech_sensitivity_sex_exponent (anabolic gain)
    rankl_expression = auto()  # RANKL per cell before the mechanostat's catabolic factor
    opg_expression = auto()
    oc_apoptosis = auto()
    ob_recruitment = auto()
    modeling = auto()          # additive modeling drive of interventions
    matrix_synthesis = auto()
    ocy_viability = auto()     # before division by the catabolic factor
    rank_blockade = auto()
    ob_apoptosis = auto()
    focal_loss = auto()
    drug_focal_loss = auto()   # additive cavity underfill of interventions (envelope-weighted)
    mineralization = auto()
    modeling_threshold = auto()  # estrogen-set mechanostat modeling threshold (mechanics/)
    load_accommodated = auto()  # load remembered after training stops, relative to load
    active = auto()            # 0 before the subject's 30th birthday (nothing moves), else 1


class SiteConstant(_Table):
    """The per-site constants (``c[k]`` in :func:`site_rhs`): the envelopes' weights in
    the site's mineral, their mineral content at peak and their turnover (per day)."""

    weight_trabecular = auto()
    weight_cortical = auto()
    mineral0_trabecular = auto()
    mineral0_cortical = auto()
    turnover_trabecular = auto()
    turnover_cortical = auto()
    modeling_scale_trabecular = auto()  # 1 / the site's cancellous turnover factor


SITE_STATES = tuple(m.name for m in SiteState)
SITE_DRIVES = tuple(m.name for m in SiteDrive)
N_DRIVES = len(SITE_DRIVES)
SYSTEMIC_ROW = len(SITES)
"""Row of :meth:`BoneModel.site_drives` after the sites: the systemic drives, in order
:data:`SYSTEMIC_DRIVES` (the rest of the row is unused)."""
SYSTEMIC_DRIVES = CS.INPUT_NAMES + ("pth_reference", "skeletal_calcium", "calcium_reference")
D_PTH_REF = SYSTEMIC_DRIVES.index("pth_reference")
D_SKELETAL_CALCIUM = SYSTEMIC_DRIVES.index("skeletal_calcium")
D_CA_REF = SYSTEMIC_DRIVES.index("calcium_reference")
D_ACTIVE = int(SiteDrive.active)  # the "active" drive, in site rows and the systemic row
SITE_CONSTANTS = tuple(m.name for m in SiteConstant)
CoreParams = namedtuple("CoreParams", (
    "density_stress_exponent", "mech_setpoint_sex_exponent", "mech_sensitivity_sex_exponent",
    "mech_modeling_gain", "mech_detraining_gain", "mech_detraining_focal_gain",
    "mech_disuse_focal_gain",
    "mech_anabolic_gain", "mech_catabolic_gain", "mech_smoothing", "osteoclast_lifespan",
    "obp_differentiation_time", "ob_active_lifespan", "ocy_response_time",
    "osteocyte_rankl_share", "osteocyte_apoptosis_rankl_gain", "opg_binding", "rank_half",
    "tgf_half", "primary_mineral_fraction", "primary_mineralization_time", "rankl_pth_exponent",
    "mineralization_calcium_exponent", "envelope_drug_modeling_trabecular",
    "envelope_drug_modeling_cortical", "focal_balance_trabecular", "focal_balance_cortical",
    "formation_open_share", "reversal_osteoclast_half", "secondary_time",
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

    ``y[k]`` is state ``k`` (:class:`SiteState`), ``d[k]`` drive ``k`` (:class:`SiteDrive`),
    ``c[k]`` site constant ``k`` (:class:`SiteConstant`), ``P`` a :data:`CoreParams`,
    ``pth_rankl`` the factor of plasma PTH on RANKL expression (:func:`pth_rankl_factor`),
    ``ca_mineral`` that of plasma calcium on mineralization (:func:`calcium_mineral_factor`).
    Each ``y[k]`` may be a scalar or an array (all broadcast together).

    Returns the 11 derivatives followed by rankl, opg, formation, resorption, density and the
    mechanical error. The ``active`` drive is not applied here (callers zero the derivatives).
    """
    oc, obp, oba, ocy, cavity = (y[SiteState.osteoclasts], y[SiteState.osteoblast_precursors],
                                 y[SiteState.osteoblasts], y[SiteState.osteocytes],
                                 y[SiteState.remodeling_space])
    v_t, dp_t, ds_t = (y[SiteState.volume_trabecular], y[SiteState.primary_deficit_trabecular],
                       y[SiteState.secondary_deficit_trabecular])
    v_c, dp_c, ds_c = (y[SiteState.volume_cortical], y[SiteState.primary_deficit_cortical],
                       y[SiteState.secondary_deficit_cortical])
    load, sex_steroid, sex_sensitivity = (d[SiteDrive.load], d[SiteDrive.sex_steroid],
                                          d[SiteDrive.sex_sensitivity])
    threshold = d[SiteDrive.modeling_threshold]
    modeling_drive = d[SiteDrive.modeling]
    density = (mineral_content(v_t, dp_t, ds_t) / c[SiteConstant.mineral0_trabecular]
               * c[SiteConstant.weight_trabecular]
               + mineral_content(v_c, dp_c, ds_c) / c[SiteConstant.mineral0_cortical]
               * c[SiteConstant.weight_cortical])
    error = mechanical_error(
        load, density, sex_steroid,
        density_exponent=P.density_stress_exponent,
        setpoint_exponent=P.mech_setpoint_sex_exponent,
    )
    # Load above the habitual acts through the estrogen-set modeling threshold only; the
    # sex-steroid-scaled gain answers density lost at habitual (or lower) load.
    error_hab = mechanical_error(
        1.0, density, sex_steroid,
        density_exponent=P.density_stress_exponent,
        setpoint_exponent=P.mech_setpoint_sex_exponent,
    )
    anabolic, _ = mechanostat_response(
        np.minimum(error, error_hab), sex_sensitivity,
        anabolic_gain=P.mech_anabolic_gain,
        catabolic_gain=P.mech_catabolic_gain,
        width=P.mech_smoothing,
    )
    _, catabolic = mechanostat_response(
        error, sex_sensitivity,
        anabolic_gain=P.mech_anabolic_gain,
        catabolic_gain=P.mech_catabolic_gain,
        width=P.mech_smoothing,
    )
    # modeling_response() written out: the batch engine compiles only registered functions
    # (and the SBML exporter traces mechanostat.softplus through the module)
    loaded = P.mech_modeling_gain * (mechanostat.softplus(error - threshold, P.mech_smoothing)
                                     - mechanostat.softplus(error_hab - threshold, P.mech_smoothing))
    # Detraining (mechanostat.detraining_response written out): the load remembered after a
    # programme stops turns what it built into an underload, answered by RANKL.
    error_acc = mechanical_error(load * d[SiteDrive.load_accommodated], density, sex_steroid,
                                 density_exponent=P.density_stress_exponent,
                                 setpoint_exponent=P.mech_setpoint_sex_exponent)
    detraining = (mechanostat.softplus(error_acc - threshold, P.mech_smoothing)
                  - mechanostat.softplus(error - threshold, P.mech_smoothing))
    catabolic = catabolic + P.mech_detraining_gain * detraining
    # Disuse (load below the habitual; mechanostat.disuse_response written out): BMUs in
    # negative balance, the route past the saturating RANKL response (mechanics/).
    disuse = (mechanostat.softplus(1.0 / np.maximum(1.0 + error, 1e-3) - 1.0, P.mech_smoothing)
              - mechanostat.softplus(1.0 / np.maximum(1.0 + error_hab, 1e-3) - 1.0,
                                     P.mech_smoothing))
    matrix_synthesis = d[SiteDrive.matrix_synthesis]
    drives = SiteCellDrives(
        d[SiteDrive.rankl_expression] * pth_rankl * catabolic,  # rankl_expression
        d[SiteDrive.opg_expression],                            # opg_expression
        d[SiteDrive.oc_apoptosis],                              # oc_apoptosis
        d[SiteDrive.ob_recruitment],                            # ob_recruitment
        matrix_synthesis,                                       # matrix_synthesis
        d[SiteDrive.ocy_viability] / catabolic,                 # ocy_viability
        d[SiteDrive.rank_blockade],                             # rank_blockade
        d[SiteDrive.ob_apoptosis],                              # ob_apoptosis
        anabolic - 1.0 + loaded + modeling_drive,               # modeling
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
        formation_open_share=P.formation_open_share,
        reversal_osteoclast_half=P.reversal_osteoclast_half,
    )
    # Bone laid down: cavities refilled to the focal balance, plus modeling formation.
    focal = d[SiteDrive.focal_loss]
    other_loss = (P.mech_detraining_focal_gain * detraining
                  + P.mech_disuse_focal_gain * disuse)
    # the interventions' underfill (teriparatide withdrawal; already gated by the resorption an
    # antiresorptive leaves, model.py)
    drug_focal = d[SiteDrive.drug_focal_loss]
    refill = envelopes.envelope_refill(matrix_synthesis, focal, 1.0, other_loss, drug_focal, 1.0)
    formation = oba * (cavity_share * refill + modeling_share * matrix_synthesis)
    # each envelope refills to its own focal balance; the interventions' modeling-based
    # formation lands by envelope, not by turnover, and so does the underfill of their
    # withdrawal (remodeling/envelopes.py)
    refill_t = envelopes.envelope_refill(matrix_synthesis, focal, P.focal_balance_trabecular,
                                         other_loss, drug_focal,
                                         P.envelope_drug_modeling_trabecular)
    refill_c = envelopes.envelope_refill(matrix_synthesis, focal, P.focal_balance_cortical,
                                         other_loss, drug_focal,
                                         P.envelope_drug_modeling_cortical)
    drug_share = envelopes.drug_modeling_share(modeling_drive, drives.modeling)
    form_t = envelopes.envelope_formation(oba, cavity_share, refill_t, modeling_share,
                                          matrix_synthesis, drug_share,
                                          P.envelope_drug_modeling_trabecular,
                                          c[SiteConstant.modeling_scale_trabecular])
    form_c = envelopes.envelope_formation(oba, cavity_share, refill_c, modeling_share,
                                          matrix_synthesis, drug_share,
                                          P.envelope_drug_modeling_cortical, 1.0)
    resorption = np.maximum(oc, 0.0)
    # removal slows as an envelope's bone runs out (1 in the validated domain; issue 15)
    removal_t = resorption * removal_availability(v_t)
    removal_c = resorption * removal_availability(v_c)
    dv_t, ddp_t, dds_t = matrix_derivatives(
        v_t, dp_t, ds_t, form_t, removal_t, c[SiteConstant.turnover_trabecular],
        primary_fraction=P.primary_mineral_fraction,
        primary_time=P.primary_mineralization_time,
        secondary_time=P.secondary_time,
        mineralization=d[SiteDrive.mineralization] * ca_mineral,
    )
    dv_c, ddp_c, dds_c = matrix_derivatives(
        v_c, dp_c, ds_c, form_c, removal_c, c[SiteConstant.turnover_cortical],
        primary_fraction=P.primary_mineral_fraction,
        primary_time=P.primary_mineralization_time,
        secondary_time=P.secondary_time,
        mineralization=d[SiteDrive.mineralization] * ca_mineral,
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
    v_t, dp_t, ds_t = (y[SiteState.volume_trabecular], y[SiteState.primary_deficit_trabecular],
                       y[SiteState.secondary_deficit_trabecular])
    v_c, dp_c, ds_c = (y[SiteState.volume_cortical], y[SiteState.primary_deficit_cortical],
                       y[SiteState.secondary_deficit_cortical])
    resorption = np.maximum(y[SiteState.osteoclasts], 0.0)
    speed = d[SiteDrive.mineralization] * ca_mineral
    # the same removal as in site_rhs, so that calcium stays conserved
    rel_t, dep_t = CA.skeletal_mineral_fluxes(v_t, dp_t, ds_t,
                                              resorption * removal_availability(v_t), speed,
                                              c[SiteConstant.turnover_trabecular],
                                              P.primary_mineralization_time, P.secondary_time)
    rel_c, dep_c = CA.skeletal_mineral_fluxes(v_c, dp_c, ds_c,
                                              resorption * removal_availability(v_c), speed,
                                              c[SiteConstant.turnover_cortical],
                                              P.primary_mineralization_time, P.secondary_time)
    scale = skeletal_calcium / CA.HOURS_PER_DAY
    w_t, w_c = c[SiteConstant.weight_trabecular], c[SiteConstant.weight_cortical]
    m0_t, m0_c = c[SiteConstant.mineral0_trabecular], c[SiteConstant.mineral0_cortical]
    release = scale * (w_t / m0_t * rel_t + w_c / m0_c * rel_c)
    uptake = scale * (w_t / m0_t * dep_t + w_c / m0_c * dep_c)
    return release, uptake
