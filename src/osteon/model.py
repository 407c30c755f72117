"""The integrated bone model: wires the physiology subsystems into one ODE.

State layout, per subject and per skeletal site (``sites = 4``), ten states::

    OC, OBp, OBa, Ocy, C,         # bone cells and the remodeling space (remodeling subsystem)
    V_trab, Dp_trab, Ds_trab,     # trabecular matrix and mineral deficits
    V_cort, Dp_cort, Ds_cort      # cortical matrix and mineral deficits

so ``y`` has shape ``(n_subjects, 4, 11)``. Sites are independent given the
shared endocrine signals, so the Jacobian is block diagonal with 11x11 blocks:
the stiff solver gets that sparsity and a cohort of any size costs 11 extra
right-hand-side evaluations per Jacobian.

All cell states are relative to their value at peak bone mass (age 30), and
each subject's own age-30 signals define that reference, so every subject
starts in an exact steady state. Time is in days.
"""

from __future__ import annotations

from collections import namedtuple
from dataclasses import dataclass
from types import SimpleNamespace

import numpy as np
import scipy.sparse as sp

from osteon.outputs.reference import SITES
from osteon.physiology.endocrine import (
    EndocrineBackground,
    androgen_occupancy,
    estrogen_occupancy,
    progesterone_occupancy,
)
from osteon.physiology.endocrine.background import PEAK_BONE_AGE
from osteon.physiology.mechanics import mechanical_error, mechanostat_response
from osteon.physiology.mineral import matrix_derivatives, mineral_content, steady_state_deficits
from osteon.physiology.remodeling import cell_derivatives
from osteon.protocol import Protocol, Signals
from osteon.units import DAYS_PER_YEAR

N_SITES = len(SITES)
CELL_STATES = ("osteoclasts", "osteoblast_precursors", "osteoblasts", "osteocytes")
ENVELOPES = ("trabecular", "cortical")
MATRIX_STATES = ("volume", "primary_deficit", "secondary_deficit")
REMODELING_SPACE = 4  # index of the remodeling-space state
MATRIX0 = 5  # index of the first matrix state
STATE_NAMES = (
    CELL_STATES
    + ("remodeling_space",)
    + tuple(f"{m}_{e}" for e in ENVELOPES for m in MATRIX_STATES)
)
N_STATES = len(STATE_NAMES)  # per site
BLOCK_SIZE = N_SITES * N_STATES  # states per subject (the solver's per-subject Jacobian block)

# ------------------------------------------------------------------------------------------
# The right-hand side of one site, split from everything that depends on time only.
#
# ``BoneModel.site_drives(t)`` computes, per subject and site, every quantity that depends on
# time alone (hormone occupancies, pathway drives, loads); ``site_rhs`` turns one site's
# states and drives into derivatives. ``site_rhs`` is written so that it runs both on numpy
# arrays (``BoneModel.evaluate``, vectorised over subjects and sites) and, compiled by numba,
# on scalars (the batch engine, ``osteon.engine``): one source for both paths.

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
    "active",            # 0 before the subject's 30th birthday (nothing moves), else 1
)  # fmt: skip
N_DRIVES = len(SITE_DRIVES)
SITE_CONSTANTS = ("weight_trabecular", "weight_cortical", "mineral0_trabecular",
                  "mineral0_cortical", "turnover_trabecular", "turnover_cortical")
CoreParams = namedtuple("CoreParams", (
    "density_stress_exponent", "mech_setpoint_sex_exponent", "mech_sensitivity_sex_exponent",
    "mech_anabolic_gain", "mech_catabolic_gain", "mech_smoothing", "osteoclast_lifespan",
    "obp_differentiation_time", "ob_active_lifespan", "ocy_response_time",
    "osteocyte_rankl_share", "osteocyte_apoptosis_rankl_gain", "opg_binding", "rank_half",
    "tgf_half", "primary_mineral_fraction", "primary_mineralization_time", "secondary_time",
))
"""Scalar parameters read by :func:`site_rhs` (``secondary_time`` in days)."""
SiteCellDrives = namedtuple("SiteCellDrives", (
    "rankl_expression", "opg_expression", "oc_apoptosis", "ob_recruitment", "matrix_synthesis",
    "ocy_viability", "rank_blockade", "ob_apoptosis", "modeling"))
"""The fields of :class:`~osteon.physiology.remodeling.CellDrives` as a namedtuple (numba can
build it; ``cell_derivatives`` only reads the attributes)."""
N_SITE_OUTPUTS = 6  # rankl, opg, formation, resorption, density, mechanical error


def site_rhs(y, d, c, P):
    """Derivatives of one site's 11 states, and its outputs.

    ``y[k]`` is state ``k`` (:data:`STATE_NAMES`), ``d[k]`` drive ``k`` (:data:`SITE_DRIVES`),
    ``c[k]`` site constant ``k`` (:data:`SITE_CONSTANTS`), ``P`` a :data:`CoreParams`. Each
    ``y[k]`` may be a scalar or an array (all broadcast together).

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
    anabolic, catabolic = mechanostat_response(
        error, d[2],
        anabolic_gain=P.mech_anabolic_gain,
        catabolic_gain=P.mech_catabolic_gain,
        width=P.mech_smoothing,
    )
    matrix_synthesis = d[8]
    drives = SiteCellDrives(
        d[3] * catabolic,            # rankl_expression
        d[4],                        # opg_expression
        d[5],                        # oc_apoptosis
        d[6],                        # ob_recruitment
        matrix_synthesis,            # matrix_synthesis
        d[9] / catabolic,            # ocy_viability
        d[10],                       # rank_blockade
        d[11],                       # ob_apoptosis
        anabolic - 1.0 + d[7],       # modeling
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
    refill = np.minimum(np.maximum(matrix_synthesis * (1.0 - d[12]), 0.0), 2.0)
    formation = oba * (cavity_share * refill + modeling_share * matrix_synthesis)
    resorption = np.maximum(oc, 0.0)
    dv_t, ddp_t, dds_t = matrix_derivatives(
        y[5], y[6], y[7], formation, resorption, c[4],
        primary_fraction=P.primary_mineral_fraction,
        primary_time=P.primary_mineralization_time,
        secondary_time=P.secondary_time,
        mineralization=d[13],
    )
    dv_c, ddp_c, dds_c = matrix_derivatives(
        y[8], y[9], y[10], formation, resorption, c[5],
        primary_fraction=P.primary_mineral_fraction,
        primary_time=P.primary_mineralization_time,
        secondary_time=P.secondary_time,
        mineralization=d[13],
    )
    return (d_oc, d_obp, d_oba, d_ocy, d_cavity, dv_t, ddp_t, dds_t, dv_c, ddp_c, dds_c,
            rankl, opg, formation, resorption, density, error)


DIET = ("calcium_mg_per_day", "vitamin_d_25oh_nmol_l", "protein_g_per_kg_per_day")
"""Habitual diet covariates (NaN: the nutrition pathway's documented default)."""
_PER_SUBJECT = (
    "female", "age", "menopause_age", "surgical", "body_mass_kg", "gh_deficient",
    "steps_per_day", *DIET,
)  # fmt: skip


@dataclass(frozen=True)
class Cohort:
    """Arrays describing a batch of subjects (shape ``(n,)`` each)."""

    female: np.ndarray
    age: np.ndarray
    menopause_age: np.ndarray
    surgical: np.ndarray
    body_mass_kg: np.ndarray
    gh_deficient: np.ndarray
    labs: dict
    steps_per_day: np.ndarray
    calcium_mg_per_day: np.ndarray
    vitamin_d_25oh_nmol_l: np.ndarray
    protein_g_per_kg_per_day: np.ndarray

    def _map(self, fn) -> Cohort:
        return Cohort(**{f: fn(getattr(self, f)) for f in _PER_SUBJECT},
                      labs={key: fn(v) for key, v in self.labs.items()})

    def repeat(self, k: int) -> Cohort:
        """Each subject repeated ``k`` times in a row (for evaluating many times at once)."""
        return self._map(lambda a: np.repeat(a, k))

    def subset(self, sl: slice) -> Cohort:
        """The subjects in ``sl``."""
        return self._map(lambda a: a[sl])

    @classmethod
    def from_subjects(cls, subjects) -> Cohort:
        labs: dict[str, np.ndarray] = {}
        for key in ("testosterone_ng_dl", "estradiol_pg_ml", "igf1_ng_ml"):
            vals = np.array([s.labs.get(key, np.nan) for s in subjects], dtype=float)
            if np.isfinite(vals).any():
                labs[key] = vals

        def col(fn, dtype=float):
            return np.array([fn(s) for s in subjects], dtype=dtype)

        return cls(
            female=col(lambda s: s.female, bool),
            age=col(lambda s: s.age),
            menopause_age=col(lambda s: s.menopause_age if s.female else 200.0),
            surgical=col(lambda s: s.menopause == "surgical", bool),
            body_mass_kg=col(lambda s: s.body_mass_kg),
            gh_deficient=col(lambda s: s.gh_deficient, bool),
            labs=labs,
            steps_per_day=col(lambda s: s.steps_per_day),
            **{k: col(lambda s, k=k: np.nan if getattr(s, k) is None else getattr(s, k))
               for k in DIET},
        )


EXTENSION_DRIVES = ("rank_blockade", "rankl_expression", "ob_recruitment", "ob_apoptosis",
                    "matrix_synthesis", "mineralization", "oc_apoptosis", "modeling")


def _per_subject(sig: Signals, n: int) -> dict[str, np.ndarray]:
    """The protocol's pathway drives as arrays of shape ``(n,)``."""
    return {
        k: np.broadcast_to(np.asarray(getattr(sig, k), dtype=float), (n,)) for k in EXTENSION_DRIVES
    }


class BoneModel:
    """Right-hand side and observables of the integrated model for a cohort.

    Parameters
    ----------
    params
        A :class:`~osteon.parameters.ParameterSet`.
    cohort
        The subjects.
    protocol
        Interventions (times in days from the start of follow-up).
    freeze_age
        Hold the endocrine background at each subject's start age (used to
        check that the model holds its steady state).
    """

    def __init__(
        self, params, cohort: Cohort, protocol: Protocol | None = None, *, freeze_age=False
    ):
        self.params = params
        self.cohort = cohort
        self.protocol = protocol or Protocol()
        self.freeze_age = freeze_age
        self.n = cohort.female.shape[0]
        p = {k: params[k] for k in params}
        self.p = SimpleNamespace(**p)
        self.background = EndocrineBackground(
            params,
            cohort.female,
            cohort.menopause_age,
            cohort.surgical,
            cohort.body_mass_kg,
            cohort.gh_deficient,
            cohort.age,
            cohort.labs,
        )
        P = self.p
        self.trab_fraction = np.array([p[f"trabecular_fraction_{s}"] for s in SITES])  # (4,)
        self.weights = np.stack([self.trab_fraction, 1 - self.trab_fraction], axis=-1)  # (4,2)
        # Turnover (per day) of each site's trabecular and cortical envelope, (4, 2):
        # the hip and spine cortices are mostly endocortical and turn over faster than the
        # long-bone shafts that dominate the total body.
        cortical = np.full(N_SITES, P.turnover_cortical)
        cortical[SITES.index("total_body")] = P.turnover_cortical_total_body
        self.turnover = (
            np.stack([np.full(N_SITES, P.turnover_trabecular), cortical], -1) / DAYS_PER_YEAR
        )
        self.secondary_time = P.secondary_mineralization_time * DAYS_PER_YEAR
        dp0, ds0 = steady_state_deficits(
            self.turnover,
            P.primary_mineral_fraction,
            P.primary_mineralization_time,
            self.secondary_time,
        )
        self.dp0, self.ds0 = dp0, ds0  # (4, 2)
        self.mineral0 = 1.0 - dp0 - ds0  # (4, 2)
        ref = self.background.reference()
        self.ref = ref
        self.pi_e0 = estrogen_occupancy(ref.estradiol, P.estrogen_ec50, P.estrogen_hill)
        self.pi_t0 = androgen_occupancy(ref.testosterone, P.androgen_ec50)
        self.pi_p0 = progesterone_occupancy(ref.progesterone, P.progesterone_ec50)
        self.sex0 = self._sex_steroid(self.pi_e0, self.pi_t0)
        self._signals_cache: tuple[float, Signals] | None = None
        # Habitual diet for the nutrition pathways: None when no subject has a value, so
        # that the pathway's documented default applies.
        self._diet = {}
        for key in DIET:
            values = getattr(cohort, key)
            self._diet[key] = None if not np.isfinite(values).any() else values

    # ------------------------------------------------------------------ helpers
    def _sex_steroid(self, pi_e, pi_t):
        w = self.p.mech_androgen_weight
        return (1.0 - w) * pi_e + w * pi_t

    def cohort_slice(self, sl: slice) -> Cohort:
        return self.cohort.subset(sl)

    def subset(self, index) -> BoneModel:
        """The same model for the subjects ``index`` (a slice or an index array)."""
        return BoneModel(self.params, self.cohort.subset(index), self.protocol,
                         freeze_age=self.freeze_age)

    def age_at(self, t_days) -> np.ndarray:
        """Ages (years) at follow-up time ``t_days`` (a scalar, or one time per subject)."""
        if self.freeze_age:
            return self.cohort.age.copy()
        return self.cohort.age + t_days / DAYS_PER_YEAR

    def signals(self, t_days: float) -> Signals:
        """Hormones and loads at follow-up time ``t_days`` (after interventions).

        Signals depend on time only (never on the state), so the last one is
        cached: the solver's Jacobian evaluations reuse it.
        """
        scalar = np.ndim(t_days) == 0
        if scalar and self._signals_cache is not None and self._signals_cache[0] == t_days:
            return self._signals_cache[1]
        age = self.age_at(t_days)
        h = self.background.at_age(age)
        sig = Signals(
            hormones=h,
            load=np.ones((self.n, N_SITES)),
            female=self.cohort.female,
            age=np.maximum(age, PEAK_BONE_AGE),
            body_mass_kg=self.cohort.body_mass_kg,
            steps_per_day=self.cohort.steps_per_day,
            **self._diet,
        )
        sig = self.protocol.apply(t_days, sig, self.params)
        if scalar:
            self._signals_cache = (t_days, sig)
        return sig

    def initial_state(self) -> np.ndarray:
        """Peak-bone-mass steady state, shape ``(n, 4, 11)``."""
        y = np.ones((self.n, N_SITES, N_STATES))
        for j, _env in enumerate(ENVELOPES):
            y[:, :, MATRIX0 + 3 * j + 1] = self.dp0[:, j]
            y[:, :, MATRIX0 + 3 * j + 2] = self.ds0[:, j]
        return y

    def density(self, y) -> np.ndarray:
        """Relative mineral (areal density) of each site, ``(n, 4)``; 1 at peak."""
        v = y[..., MATRIX0::3]
        dp = y[..., MATRIX0 + 1 :: 3]
        ds = y[..., MATRIX0 + 2 :: 3]
        rel = mineral_content(v, dp, ds) / self.mineral0
        return np.sum(rel * self.weights, axis=-1)

    # ------------------------------------------------------------- evaluation
    def site_drives(self, t_days, sig: Signals | None = None) -> np.ndarray:
        """Everything :func:`site_rhs` reads that depends on time only, ``(N_DRIVES, n, 4)``.

        ``t_days`` is a scalar or one time per subject. Drive ``k`` is named in
        :data:`SITE_DRIVES`.
        """
        P = self.p
        if sig is None:
            sig = self.signals(t_days)
        h = sig.hormones
        age = np.maximum(self.age_at(t_days), PEAK_BONE_AGE)
        pi_e = estrogen_occupancy(h.estradiol, P.estrogen_ec50, P.estrogen_hill)
        pi_t = androgen_occupancy(h.testosterone, P.androgen_ec50)
        pi_p = progesterone_occupancy(h.progesterone, P.progesterone_ec50)
        sex = self._sex_steroid(pi_e, pi_t) / self.sex0  # (n,)
        igf = h.igf1 / self.ref.igf1
        cort = h.cortisol / self.ref.cortisol
        rankl_e = (1.0 + P.rankl_estrogen_gain * (1.0 - pi_e)) / (
            1.0 + P.rankl_estrogen_gain * (1.0 - self.pi_e0)
        )
        opg_e = (1.0 + P.opg_estrogen_gain * pi_e) / (1.0 + P.opg_estrogen_gain * self.pi_e0)
        apo_e = (1.0 + P.oc_apoptosis_estrogen_gain * pi_e) / (
            1.0 + P.oc_apoptosis_estrogen_gain * self.pi_e0
        )
        ob_a = (1.0 + P.ob_androgen_gain * pi_t) / (1.0 + P.ob_androgen_gain * self.pi_t0)
        ob_p = (1.0 + P.ob_progesterone_gain * pi_p) / (1.0 + P.ob_progesterone_gain * self.pi_p0)
        recruit_hormonal = igf**P.ob_igf1_exponent * ob_a * ob_p * cort ** (-P.ob_cortisol_exponent)
        # Focal bone balance of a closing cavity (0 at peak bone mass): estrogen deficiency
        # deepens erosion and thins the refilled wall; age thins it too.
        focal_loss = P.focal_imbalance_estrogen * (1.0 - pi_e / self.pi_e0) + (
            P.focal_imbalance_age * (age - PEAK_BONE_AGE) / 10.0
        )
        ocy_e = (1.0 + P.ocy_estrogen_gain * pi_e) / (1.0 + P.ocy_estrogen_gain * self.pi_e0)
        ext = _per_subject(sig, self.n)
        per_subject = (
            None,  # load: per site
            sex,
            sex**P.mech_sensitivity_sex_exponent,
            rankl_e * cort**P.rankl_cortisol_exponent * ext["rankl_expression"],
            opg_e,
            apo_e * ext["oc_apoptosis"],
            recruit_hormonal * ext["ob_recruitment"],
            ext["modeling"],
            igf**P.collagen_igf1_exponent * ext["matrix_synthesis"],
            ocy_e,
            ext["rank_blockade"],
            ext["ob_apoptosis"],
            focal_loss,
            ext["mineralization"],
            None,  # active
        )
        d = np.empty((N_DRIVES, self.n, N_SITES))
        d[0] = sig.load
        for k, v in enumerate(per_subject):
            if v is not None:
                d[k] = np.asarray(v, dtype=float)[:, None]
        # Before a subject's 30th birthday nothing moves: peak bone mass steady state.
        d[N_DRIVES - 1] = 1.0
        if not self.freeze_age:
            d[N_DRIVES - 1][self.age_at(t_days) < PEAK_BONE_AGE] = 0.0
        return d

    @property
    def site_constants(self) -> np.ndarray:
        """Per-site constants read by :func:`site_rhs`, ``(len(SITE_CONSTANTS), 4)``."""
        return np.concatenate([self.weights.T, self.mineral0.T, self.turnover.T], axis=0)

    @property
    def core_params(self) -> CoreParams:
        """The scalar parameters of :func:`site_rhs`."""
        P = self.p
        values = {k: float(getattr(P, k)) for k in CoreParams._fields if k != "secondary_time"}
        return CoreParams(**values, secondary_time=float(self.secondary_time))

    def evaluate(self, t_days: float, y: np.ndarray, outputs: bool = False):
        """Derivatives (and, if ``outputs``, named intermediate quantities)."""
        sig = self.signals(t_days)
        d = self.site_drives(t_days, sig)
        r = site_rhs(np.moveaxis(y, -1, 0), d, self.site_constants[:, None, :], self.core_params)
        dy = np.stack(np.broadcast_arrays(*r[:N_STATES]), axis=-1)
        if not self.freeze_age:
            before_peak = d[N_DRIVES - 1][:, 0] == 0.0
            if before_peak.any():
                dy[before_peak] = 0.0
        if not outputs:
            return dy
        P = self.p
        h = sig.hormones
        rankl, opg, formation, resorption, density, error = r[N_STATES:]
        out = {
            "hormones": sig.hormones_instant if sig.hormones_instant is not None else h,
            "extrapolated": sig.extrapolated,
            "estrogen_signal": estrogen_occupancy(h.estradiol, P.estrogen_ec50, P.estrogen_hill),
            "androgen_signal": androgen_occupancy(h.testosterone, P.androgen_ec50),
            "sex_steroid_signal": d[1][:, 0],
            "mechanical_error": error,
            "mechanical_stimulus": sig.load
            / np.maximum(density, 1e-3) ** P.density_stress_exponent,
            "rankl": rankl,
            "opg": opg,
            "formation": formation,
            "resorption": resorption,
            "density": density,
        }
        return dy, out

    def rhs(self, t: float, y_flat: np.ndarray) -> np.ndarray:
        """Flat right-hand side for the solver."""
        y = y_flat.reshape(self.n, N_SITES, N_STATES)
        return self.evaluate(t, y).ravel()

    # ----------------------------------------------------------- Jacobian blocks
    #: States per subject: the size of the per-subject Jacobian block. Sites are coupled only
    #: through time-dependent signals today, so each block is itself block diagonal
    #: (:attr:`jacobian_structure`); per-subject systemic states appended later add rows and
    #: columns that couple the sites.
    block_size = BLOCK_SIZE
    #: ``(n_diagonal_blocks, diagonal_block_size, n_systemic)``: each per-subject block is
    #: ``n_diagonal_blocks`` independent diagonal blocks followed by ``n_systemic`` states
    #: that may couple to all of them (an arrow). Solvers may exploit it or treat the block
    #: as dense.
    jacobian_structure = (N_SITES, N_STATES, 0)

    def _site_jacobians(self, t: float, y: np.ndarray) -> np.ndarray:
        """Forward-difference Jacobian of each (subject, site), ``(n, 4, 11, 11)``.

        Perturbing state ``j`` of every (subject, site) block at once costs one
        right-hand-side evaluation, so the whole Jacobian costs eleven, whatever
        the cohort size.
        """
        f0 = self.evaluate(t, y)
        blocks = np.empty((self.n, N_SITES, N_STATES, N_STATES))
        for j in range(N_STATES):
            h = 1e-7 * np.maximum(np.abs(y[..., j]), 1e-3)
            yp = y.copy()
            yp[..., j] += h
            blocks[..., :, j] = (self.evaluate(t, yp) - f0) / h[..., None]
        return blocks

    def jacobian_blocks(self, t, y) -> np.ndarray:
        """Dense per-subject Jacobian blocks, ``(n, block_size, block_size)``.

        ``y`` has shape ``(n, 4, 11)`` or ``(n, block_size)``; ``t`` is a scalar or one time
        per subject. Entries outside the site blocks are zero (sites are independent).
        """
        y = np.asarray(y, dtype=float).reshape(self.n, N_SITES, N_STATES)
        sites = self._site_jacobians(t, y)
        out = np.zeros((self.n, BLOCK_SIZE, BLOCK_SIZE))
        for k in range(N_SITES):
            sl = slice(k * N_STATES, (k + 1) * N_STATES)
            out[:, sl, sl] = sites[:, k]
        return out

    def jacobian(self, t: float, y_flat: np.ndarray) -> sp.csr_matrix:
        """Block-diagonal Jacobian (sparse) by forward differences (see :meth:`_site_jacobians`)."""
        y = y_flat.reshape(self.n, N_SITES, N_STATES)
        blocks = self._site_jacobians(t, y)
        size = self.n * N_SITES * N_STATES
        # Indices of the block-diagonal Jacobian in CSR order (row-major blocks).
        nb = self.n * N_SITES
        rows = np.arange(nb)[:, None, None] * N_STATES + np.arange(N_STATES)[None, :, None]
        cols = np.arange(nb)[:, None, None] * N_STATES + np.arange(N_STATES)[None, None, :]
        rows = np.broadcast_to(rows, (nb, N_STATES, N_STATES)).ravel()
        cols = np.broadcast_to(cols, (nb, N_STATES, N_STATES)).ravel()
        return sp.csr_matrix((blocks.ravel(), (rows, cols)), shape=(size, size))

    def jac_sparsity(self) -> sp.csr_matrix:
        """Block-diagonal sparsity: each (subject, site) block of 11 states."""
        block = sp.csr_matrix(np.ones((N_STATES, N_STATES)))
        return sp.kron(sp.identity(self.n * N_SITES, format="csr"), block, format="csr")
