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
from osteon.physiology.remodeling import CellDrives, cell_derivatives
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
        # Indices of the block-diagonal Jacobian in CSR order (row-major blocks).
        nb = self.n * N_SITES
        rows = np.arange(nb)[:, None, None] * N_STATES + np.arange(N_STATES)[None, :, None]
        cols = np.arange(nb)[:, None, None] * N_STATES + np.arange(N_STATES)[None, None, :]
        self._jac_rows = np.broadcast_to(rows, (nb, N_STATES, N_STATES)).ravel()
        self._jac_cols = np.broadcast_to(cols, (nb, N_STATES, N_STATES)).ravel()

    # ------------------------------------------------------------------ helpers
    def _sex_steroid(self, pi_e, pi_t):
        w = self.p.mech_androgen_weight
        return (1.0 - w) * pi_e + w * pi_t

    def cohort_slice(self, sl: slice) -> Cohort:
        return self.cohort.subset(sl)

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
    def evaluate(self, t_days: float, y: np.ndarray, outputs: bool = False):
        """Derivatives (and, if ``outputs``, named intermediate quantities)."""
        P = self.p
        sig = self.signals(t_days)
        h = sig.hormones
        age = np.maximum(self.age_at(t_days), PEAK_BONE_AGE)
        pi_e = estrogen_occupancy(h.estradiol, P.estrogen_ec50, P.estrogen_hill)
        pi_t = androgen_occupancy(h.testosterone, P.androgen_ec50)
        pi_p = progesterone_occupancy(h.progesterone, P.progesterone_ec50)
        sex = self._sex_steroid(pi_e, pi_t) / self.sex0  # (n,)
        col = (slice(None), None)

        oc, obp, oba, ocy = y[..., 0], y[..., 1], y[..., 2], y[..., 3]
        cavity = y[..., REMODELING_SPACE]
        density = self.density(y)
        error = mechanical_error(
            sig.load,
            density,
            sex[col],
            density_exponent=P.density_stress_exponent,
            setpoint_exponent=P.mech_setpoint_sex_exponent,
        )
        anabolic, catabolic = mechanostat_response(
            error,
            sex[col] ** P.mech_sensitivity_sex_exponent,
            anabolic_gain=P.mech_anabolic_gain,
            catabolic_gain=P.mech_catabolic_gain,
            width=P.mech_smoothing,
        )
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
        drives = CellDrives(
            rankl_expression=(rankl_e * cort**P.rankl_cortisol_exponent * ext["rankl_expression"])[
                col
            ]
            * catabolic,
            opg_expression=opg_e[col],
            oc_apoptosis=(apo_e * ext["oc_apoptosis"])[col],
            ob_recruitment=(recruit_hormonal * ext["ob_recruitment"])[col],
            modeling=anabolic - 1.0 + ext["modeling"][col],
            matrix_synthesis=(igf**P.collagen_igf1_exponent * ext["matrix_synthesis"])[col],
            ocy_viability=ocy_e[col] / catabolic,
            rank_blockade=ext["rank_blockade"][col],
            ob_apoptosis=ext["ob_apoptosis"][col],
        )
        (d_oc, d_obp, d_oba, d_ocy, d_cavity, rankl, opg, cavity_share,
         modeling_share) = cell_derivatives(  # fmt: skip
            oc,
            obp,
            oba,
            ocy,
            cavity,
            drives,
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
        refill = np.clip(drives.matrix_synthesis * (1.0 - focal_loss[col]), 0.0, 2.0)
        formation = oba * (cavity_share * refill + modeling_share * drives.matrix_synthesis)
        resorption = np.maximum(oc, 0.0)
        dy = np.empty_like(y)
        dy[..., 0], dy[..., 1], dy[..., 2], dy[..., 3] = d_oc, d_obp, d_oba, d_ocy
        dy[..., REMODELING_SPACE] = d_cavity
        d_v, d_dp, d_ds = matrix_derivatives(
            y[..., MATRIX0::3],
            y[..., MATRIX0 + 1 :: 3],
            y[..., MATRIX0 + 2 :: 3],
            formation[..., None],
            resorption[..., None],
            self.turnover,
            primary_fraction=P.primary_mineral_fraction,
            primary_time=P.primary_mineralization_time,
            secondary_time=self.secondary_time,
            mineralization=ext["mineralization"][col][..., None],
        )
        dy[..., MATRIX0::3], dy[..., MATRIX0 + 1 :: 3], dy[..., MATRIX0 + 2 :: 3] = d_v, d_dp, d_ds
        # Before a subject's 30th birthday nothing moves: peak bone mass steady state.
        if not self.freeze_age:
            before_peak = self.age_at(t_days) < PEAK_BONE_AGE
            if before_peak.any():
                dy[before_peak] = 0.0
        if not outputs:
            return dy
        out = {
            "hormones": sig.hormones_instant if sig.hormones_instant is not None else h,
            "extrapolated": sig.extrapolated,
            "estrogen_signal": pi_e,
            "androgen_signal": pi_t,
            "sex_steroid_signal": sex,
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

    def jacobian(self, t: float, y_flat: np.ndarray) -> sp.csr_matrix:
        """Block-diagonal Jacobian by forward differences, one state column at a time.

        Perturbing state ``j`` of every (subject, site) block at once costs one
        right-hand-side evaluation, so the whole Jacobian costs ten, whatever
        the cohort size.
        """
        y = y_flat.reshape(self.n, N_SITES, N_STATES)
        f0 = self.evaluate(t, y)
        blocks = np.empty((self.n, N_SITES, N_STATES, N_STATES))
        for j in range(N_STATES):
            h = 1e-7 * np.maximum(np.abs(y[..., j]), 1e-3)
            yp = y.copy()
            yp[..., j] += h
            blocks[..., :, j] = (self.evaluate(t, yp) - f0) / h[..., None]
        size = self.n * N_SITES * N_STATES
        return sp.csr_matrix((blocks.ravel(), (self._jac_rows, self._jac_cols)), shape=(size, size))

    def jac_sparsity(self) -> sp.csr_matrix:
        """Block-diagonal sparsity: each (subject, site) block of 10 states."""
        block = sp.csr_matrix(np.ones((N_STATES, N_STATES)))
        return sp.kron(sp.identity(self.n * N_SITES, format="csr"), block, format="csr")
