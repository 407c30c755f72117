"""The integrated bone model: wires the physiology subsystems into one ODE.

State layout of one subject: eleven states per skeletal site (``sites = 4``)::

    OC, OBp, OBa, Ocy, C,         # bone cells and the remodeling space (remodeling subsystem)
    V_trab, Dp_trab, Ds_trab,     # trabecular matrix and mineral deficits
    V_cort, Dp_cort, Ds_cort      # cortical matrix and mineral deficits

followed by the systemic states of the calcium - PTH - vitamin D subsystem
(:data:`osteon.physiology.calcium.skeleton.SYSTEMIC_STATES`: plasma PTH and calcium,
calcitriol, gut and kidney states, the exchangeable bone calcium and a calcium
ledger), so ``y`` has shape ``(n_subjects, BLOCK_SIZE)`` with ``BLOCK_SIZE = 4 x 11 +
18``. The sites are coupled only through the systemic states: the whole skeleton
(the ``total_body`` site) exchanges calcium with the extracellular fluid, and plasma
PTH scales RANKL expression in every site. Each subject's Jacobian is therefore four
11x11 diagonal blocks plus an arrow of systemic rows and columns.

All cell states are relative to their value at peak bone mass (age 30), and
each subject's own age-30 signals define that reference, so every subject
starts in an exact steady state. Time is in days.

Where the pieces live: the site kernel :func:`site_rhs` and the drive table it reads
(:data:`SITE_DRIVES`) in :mod:`osteon.site_kernel`, the hormone-to-drive map in
:mod:`osteon.physiology.endocrine.drives`, the cohort's arrays (:class:`Cohort`) in
:mod:`osteon.cohort_arrays`; this module re-exports them and holds :class:`BoneModel`,
which fills the drive table from the signals and evaluates the kernel.
"""

from __future__ import annotations

from functools import cache, cached_property
from types import SimpleNamespace
from typing import Any

import numpy as np
import scipy.sparse as sp

from osteon.cohort_arrays import DIET, PHYSIOLOGY, PHYSIOLOGY_MEAN, Cohort
from osteon.drive_table import (  # EXTENSION_DRIVES: re-exported here
    EXTENSION_DRIVES,  # noqa: F401
    fill_per_subject,
    per_subject_drives,
)
from osteon.outputs.reference import SITES
from osteon.parameters.records import parameter_values
from osteon.physiology.calcium import skeleton as CA
from osteon.physiology.calcium import system as CS
from osteon.physiology.endocrine import (
    EndocrineBackground,
    androgen_occupancy,
    estrogen_occupancy,
)
from osteon.physiology.endocrine.background import PEAK_BONE_AGE
from osteon.physiology.endocrine.drives import hormone_drives, reference_signals
from osteon.physiology.mineral import (
    mineral_content,
    steady_state_deficits,
)
from osteon.physiology.nutrition.calcium_axis import calcium_deficit_focal_loss
from osteon.physiology.person import person_drive
from osteon.physiology.remodeling import envelopes, estrogen_adaptation
from osteon.protocol import Protocol, Signals
from osteon.site_kernel import (  # the kernel and its drive table, re-exported here
    D_ACTIVE,
    D_CA_REF,
    D_PTH_REF,
    D_SKELETAL_CALCIUM,
    N_DRIVES,
    N_SITE_OUTPUTS,  # noqa: F401
    SITE_CONSTANTS,  # noqa: F401
    SITE_DRIVES,  # noqa: F401
    SITE_STATES,
    SYSTEMIC_DRIVES,  # noqa: F401
    SYSTEMIC_ROW,
    CoreParams,
    SiteCellDrives,  # noqa: F401
    SiteConstant,  # noqa: F401
    SiteDrive,
    SiteState,
    calcium_mineral_factor,
    pth_rankl_factor,
    site_rhs,
    skeletal_calcium_fluxes,
)
from osteon.units import DAYS_PER_YEAR

N_SITES = len(SITES)
STATE_NAMES = SITE_STATES  # one site's states, declared in osteon.site_kernel.SiteState
REMODELING_SPACE = int(SiteState.remodeling_space)  # index of the remodeling-space state
MATRIX0 = int(SiteState.volume_trabecular)  # index of the first matrix state
CELL_STATES = STATE_NAMES[:REMODELING_SPACE]  # the bone cells, before the remodeling space
ENVELOPES = ("trabecular", "cortical")
MATRIX_STATES = ("volume", "primary_deficit", "secondary_deficit")
"""Each envelope's matrix states, from :data:`MATRIX0` on: ``{state}_{envelope}``, envelope
after envelope (``tests/test_site_tables.py`` checks the order)."""
N_STATES = len(STATE_NAMES)  # per site
SITE_BLOCK = N_SITES * N_STATES  # site states per subject
N_SYSTEMIC = CA.N_SYSTEMIC  # calcium subsystem states per subject
BLOCK_SIZE = SITE_BLOCK + N_SYSTEMIC  # states per subject (the solver's per-subject block)
TOTAL_BODY = SITES.index("total_body")  # the whole skeleton, which exchanges calcium

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
        p = parameter_values(params)
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
            held_years=np.where(np.isfinite(cohort.labs_held_years), cohort.labs_held_years,
                                params["measured_level_held_years"]),
        )
        P = self.p
        self.trab_fraction = np.array([p[f"trabecular_fraction_{s}"] for s in SITES])  # (4,)
        self.weights = np.stack([self.trab_fraction, 1 - self.trab_fraction], axis=-1)  # (4,2)
        # Turnover (per day) of each site's trabecular and cortical envelope, (4, 2): hip and
        # spine cortices are mostly endocortical, faster than the total body's long-bone shafts.
        cortical = np.full(N_SITES, P.turnover_cortical)
        cortical[SITES.index("total_body")] = P.turnover_cortical_total_body
        # Vertebral cancellous bone lies in red marrow and turns over faster than the proximal
        # femur's, in fatty marrow in adults (18F-fluoride PET; parameters/core/mineral.py).
        trabecular = np.full(N_SITES, P.turnover_trabecular)
        trabecular[SITES.index("lumbar_spine")] *= P.turnover_trabecular_spine_factor
        self.turnover = np.stack([trabecular, cortical], -1) / DAYS_PER_YEAR
        self._femur = [SITES.index(s) for s in envelopes.FEMUR_SITES]  # PTH's lesser reach
        self.estrogen_site_weight = envelopes.estrogen_site_weight(  # (4,): estrogen's reach
            self.weights, self.turnover, P.estrogen_cortical_share)
        x = self.estrogen_site_weight - 1.0  # its exponent on the estrogen drives where not 0
        sites = np.flatnonzero(x)  # (site_drives; all sites: a slice, whose view is cheaper)
        self._estrogen_exponent = (slice(0, N_SITES) if sites.size == N_SITES else sites,
                                   x[x != 0.0])
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
        self.reference_signals = reference_signals(P, ref)
        self.pi_e0, self.pi_t0, self.pi_p0, self.sex0, _ = self.reference_signals
        self._signals_cache: tuple[float, Signals] | None = None
        # Per-person physiology factors that differ from the mean person's.
        self._physiology = {k: getattr(cohort, k) for k in PHYSIOLOGY
                            if np.any(getattr(cohort, k) != PHYSIOLOGY_MEAN[k])}
        # Habitual diet for the nutrition pathways: None when no subject has a value, so
        # that the pathway's documented default applies.
        self._diet: dict[str, Any] = {}
        for key in DIET:
            values = getattr(cohort, key)
            self._diet[key] = None if not np.isfinite(values).any() else values
        self._setup_calcium()
        self._mmol_per_mg = CA.mg_per_day_to_mmol_per_hour(1.0)  # (site_drives: read once)
        self._deficit_params = {k: params[k] for k in ("calcium_deficit_focal_gain",
                                                       "calcium_balance_threshold")}

    # ------------------------------------------------------------ calcium subsystem
    def _setup_calcium(self) -> None:
        """Constants, habitual inputs and each subject's calcium steady state at peak."""
        P = self.p
        names = _calcium_parameter_names()
        self.calcium_constants = CS.parameter_set_constants(self.params, names)  # all subjects'
        self.skeletal_calcium = np.where(
            self.cohort.female, P.skeletal_calcium_female, P.skeletal_calcium_male
        )
        u = self._habitual_inputs = self.habitual_calcium_inputs()
        # Whole-skeleton remodeling at peak bone mass: as much calcium deposited as resorbed.
        tb = TOTAL_BODY
        rel = np.sum(self.weights[tb] * self.turnover[tb])  # fraction of skeletal mineral per day
        flux = self.skeletal_calcium * rel / CA.HOURS_PER_DAY
        self.systemic0 = _steady_systemic(self.params, self.calcium_constants, u, flux)
        self.pth_reference = self.systemic0[:, CA.SYS_PTH] / P.ecf_volume  # pmol/L
        self.calcium_reference = self.systemic0[:, CA.SYS_ECF_CALCIUM] / P.ecf_volume  # mmol/L

    def habitual_calcium_inputs(self, weight=0.0) -> np.ndarray:
        """Calcium-subsystem inputs of habitual life, ``(n, 8)``.

        ``weight`` (0-1, per subject) is the share of each subject's own habitual calcium
        intake and serum 25(OH)D in effect; the rest is the population-typical diet
        (``calcium_habitual_intake``, ``vitamin_d_habitual_25oh``). At peak bone mass the
        weight is 0: the reference steady state is the population's, and a subject's own
        diet acts as a deviation from it once it is taken to have begun
        (:meth:`~osteon.physiology.endocrine.background.EndocrineBackground.deviation_weight`),
        so years of low calcium intake or vitamin D deficiency raise PTH above the
        population reference and cost bone (issue 9, item 2).
        """
        P = self.p
        u = np.empty((self.n, CS.N_INPUTS))
        intake, d25 = self._own_diet
        w = np.asarray(weight, float)  # (broadcast against the (n,) diet below)
        intake = P.calcium_habitual_intake + (intake - P.calcium_habitual_intake) * w
        d25 = P.vitamin_d_habitual_25oh + (d25 - P.vitamin_d_habitual_25oh) * w
        u[:, CS.U_ORAL_CA] = CA.mg_per_day_to_mmol_per_hour(intake)
        u[:, CS.U_GFR] = P.glomerular_filtration_rate
        u[:, CS.U_PTH_IV] = 0.0
        u[:, CS.U_PTH_SC] = 0.0
        u[:, CS.U_25OHD] = d25
        u[:, CS.U_MAGNESIUM] = P.serum_magnesium_reference
        u[:, CS.U_GUT_FACTOR] = 1.0
        u[:, CS.U_REABSORPTION_FACTOR] = 1.0
        return u

    @cached_property
    def _own_diet(self) -> tuple[np.ndarray, np.ndarray]:
        """Each subject's own habitual calcium intake (mg/day) and 25(OH)D (nmol/L)."""
        P = self.p
        intake = self._diet["calcium_mg_per_day"]
        intake = np.full(self.n, P.calcium_habitual_intake) if intake is None else np.where(
            np.isfinite(intake), intake, P.calcium_habitual_intake)
        d25 = self._diet["vitamin_d_25oh_nmol_l"]
        d25 = np.full(self.n, P.vitamin_d_habitual_25oh) if d25 is None else np.where(
            np.isfinite(d25), d25, P.vitamin_d_habitual_25oh)
        return intake, d25

    def calcium_inputs(self, sig: Signals, pi_e, age=None) -> np.ndarray:
        """Calcium-subsystem inputs now, ``(n, 8)``: habitual values (the subject's own in the
        share in effect at ``age``; all of it when ``age`` is None) changed by the nutrition
        interventions, and estrogen's effects on gut absorption and tubular reabsorption."""
        P = self.p
        if self._diet["calcium_mg_per_day"] is None and self._diet["vitamin_d_25oh_nmol_l"] is None:
            u = self._habitual_inputs.copy()  # (no one's own diet: every weight gives these)
        else:
            u = self.habitual_calcium_inputs(1.0 if age is None else
                                             self.background.deviation_weight(age))
        if sig.calcium_intake_mg_per_day is not None:
            u[:, CS.U_ORAL_CA] = CA.mg_per_day_to_mmol_per_hour(
                np.maximum(sig.calcium_intake_mg_per_day, 0.0))
        if sig.serum_25ohd_nmol_l is not None:
            u[:, CS.U_25OHD] = np.maximum(sig.serum_25ohd_nmol_l, 0.0)
        u[:, CS.U_MAGNESIUM] = P.serum_magnesium_reference + sig.serum_magnesium_change
        drop = 1.0 - pi_e / self.pi_e0  # 0 at peak bone mass, 1 without estrogen
        u[:, CS.U_GUT_FACTOR] = np.maximum(1.0 - P.gut_absorption_estrogen_gain * drop, 0.0) * (
            sig.gut_calcium_absorption)
        u[:, CS.U_REABSORPTION_FACTOR] = np.maximum(
            1.0 - P.reabsorption_estrogen_gain * drop, 0.0)
        return u

    # ------------------------------------------------------------------ helpers
    def cohort_slice(self, sl: slice) -> Cohort:
        return self.cohort.subset(sl)

    def subset(self, index) -> BoneModel:
        """The same model for the subjects ``index`` (a slice or an index array), with the
        rows of what it has already tabulated (the estrogen adaptation)."""
        child = self.for_subjects(index)
        estrogen_adaptation.inherit(self, child, index)
        return child

    protocol_per_subject = False
    """True where the protocol holds per-subject arrays (the forecast's rows): subjects alike
    in every covariate may then still differ in their treatment."""

    def for_subjects(self, index) -> BoneModel:
        """A fresh model for the subjects ``index``, nothing tabulated carried over.
        Subclasses whose protocol holds per-subject arrays subset it here."""
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
            ovarian_fraction=None if self.protocol.is_empty else self.background.ovarian(age),
            **self._diet,
        )
        sig = self.protocol.apply(t_days, sig, self.params)
        if scalar:
            self._signals_cache = (t_days, sig)
        return sig

    def initial_state(self) -> np.ndarray:
        """Peak-bone-mass steady state, shape ``(n, BLOCK_SIZE)``."""
        y = np.ones((self.n, N_SITES, N_STATES))
        for j, _env in enumerate(ENVELOPES):
            y[:, :, MATRIX0 + 3 * j + 1] = self.dp0[:, j]
            y[:, :, MATRIX0 + 3 * j + 2] = self.ds0[:, j]
        return np.concatenate([y.reshape(self.n, SITE_BLOCK), self.systemic0], axis=1)

    @staticmethod
    def split(y):
        """Site states ``(..., 4, 11)`` and systemic states ``(..., N_SYSTEMIC)`` of ``y``."""
        y = np.asarray(y)
        lead = y.shape[:-1]
        return y[..., :SITE_BLOCK].reshape(*lead, N_SITES, N_STATES), y[..., SITE_BLOCK:]

    def density(self, y) -> np.ndarray:
        """Relative mineral (areal density) of each site, ``(n, 4)``; 1 at peak.

        ``y`` holds site states, ``(..., 4, 11)``.
        """
        v = y[..., MATRIX0::3]
        dp = y[..., MATRIX0 + 1 :: 3]
        ds = y[..., MATRIX0 + 2 :: 3]
        rel = mineral_content(v, dp, ds) / self.mineral0
        return np.sum(rel * self.weights, axis=-1)

    # ------------------------------------------------------------- evaluation
    def site_drives(self, t_days, sig: Signals | None = None, subject_major=False) -> np.ndarray:
        """Everything :func:`site_rhs` reads that depends on time only, ``(N_DRIVES, n, 4)``, at
        ``t_days`` (a scalar or one time per subject); drive ``k`` is named in :data:`SITE_DRIVES`.
        ``subject_major``: the same values laid out ``(n, 4, N_DRIVES)`` (the engine's).
        """
        sig = self.signals(t_days) if sig is None else sig
        f = self._physiology
        age = self.age_at(t_days)
        hd = hormone_drives(self.p, sig.hormones, self.ref, self.reference_signals, age, f,
                            lambda signal: estrogen_adaptation.erosion_drop(self, t_days, signal),
                            self.background.estradiol_bioavailable_share(age),
                            female=self.cohort.female)
        ext, unit = per_subject_drives(sig, self.n)  # (unit: drives that are 1.0 for everyone)
        femur = None if self.p.drug_modeling_femur_factor == 1.0 else envelopes.femur_pth_factor(
            self.p.drug_modeling_femur_factor, sig.pth_modeling, ext["modeling"])  # (1: exactly 1)
        if "drug_response" in f:
            # A person's response to the interventions' pathway drives scales the effect of
            # each linearly: it changes nothing without an intervention (person.py).
            r = f["drug_response"]
            ext = {k: person_drive(v, r, additive=k in ("modeling", "focal_loss"))
                   for k, v in ext.items()}
            unit = frozenset()

        def times(x, k):  # x times the pathway drive k (x itself where k is 1.0: the same bits)
            return x if k in unit else x * ext[k]
        # calcium intake now (dietary-equivalent; the subject's own diet in the share in effect)
        u_ca = self.calcium_inputs(sig, hd.estrogen_occupancy, age)
        per_subject = (  # the same for every site, in the order of drive_table.PER_SUBJECT
            hd.sex_steroid, hd.sex_sensitivity, times(hd.rankl_expression, "rankl_expression"),
            hd.opg_expression, times(hd.oc_apoptosis, "oc_apoptosis"),
            times(hd.ob_recruitment, "ob_recruitment"), ext["modeling"],
            times(hd.matrix_synthesis, "matrix_synthesis"),
            times(hd.ocy_viability, "ocy_viability"), ext["rank_blockade"], ext["ob_apoptosis"],
            hd.focal_loss + calcium_deficit_focal_loss(
                u_ca[:, CS.U_ORAL_CA] / self._mmol_per_mg, self._deficit_params),
            # the withdrawal underfill (drug-built bone removed by osteoclasts) scales with the
            # resorption per unit of RANKL an antiresorptive leaves (free RANKL, oc life; 1 without)
            ext["focal_loss"] if {"rank_blockade", "oc_apoptosis"} <= unit
            else ext["focal_loss"] * ext["rank_blockade"] / ext["oc_apoptosis"],
            ext["mineralization"], hd.modeling_threshold)  # load, load_accommodated, active below
        out = np.zeros((self.n, N_SITES + 1, N_DRIVES) if subject_major
                       else (N_DRIVES, self.n, N_SITES + 1))
        d = out.transpose(2, 0, 1) if subject_major else out  # (N_DRIVES, n, rows) either way
        d[SiteDrive.load, :, :N_SITES] = sig.load
        d[SiteDrive.load_accommodated, :, :N_SITES] = (
            1.0 if sig.load_accommodated is None else sig.load_accommodated)
        fill_per_subject(d, per_subject, self.n)
        if femur is not None:
            d[SiteDrive.modeling][:, self._femur] *= np.asarray(femur)[:, None]
        sites, x = self._estrogen_exponent  # e ** 0 == 1 exactly: those sites are skipped
        if x.size:
            for k, e in ((SiteDrive.rankl_expression, hd.rankl_estrogen),
                         (SiteDrive.opg_expression, hd.opg_expression),
                         (SiteDrive.oc_apoptosis, hd.oc_apoptosis)):
                d[k][:, sites] *= np.asarray(e, dtype=float)[:, None] ** x
        sys_row = d[:, :, SYSTEMIC_ROW]
        sys_row[: CS.N_INPUTS] = u_ca.T
        sys_row[D_PTH_REF] = self.pth_reference
        sys_row[D_SKELETAL_CALCIUM] = self.skeletal_calcium
        sys_row[D_CA_REF] = self.calcium_reference
        # Before a subject's 30th birthday nothing moves: peak bone mass steady state.
        d[D_ACTIVE] = 1.0
        if not self.freeze_age:
            # (a tolerance of seconds: a subject starts exactly at its 30th birthday)
            d[D_ACTIVE][age < PEAK_BONE_AGE - 1e-7] = 0.0
        return out

    @cached_property
    def site_constants(self) -> np.ndarray:
        """Per-site constants read by :func:`site_rhs`, ``(len(SITE_CONSTANTS), 4)``."""
        # modeling on quiescent surfaces does not speed up with a site's faster cancellous
        # remodeling: its scale undoes the site's factor (remodeling/envelopes.py)
        scale = self.p.turnover_trabecular / DAYS_PER_YEAR / self.turnover[None, :, 0]
        return np.concatenate([self.weights.T, self.mineral0.T, self.turnover.T, scale], axis=0)

    @cached_property
    def core_params(self) -> CoreParams:
        """The scalar parameters of :func:`site_rhs`."""
        P = self.p
        values = {k: float(getattr(P, k)) for k in CoreParams._fields if k != "secondary_time"}
        return CoreParams(**values, secondary_time=float(self.secondary_time))

    @property
    def engine_params(self):
        """What the batch engine's kernels read besides states and drives: the
        :data:`CoreParams` and the calcium subsystem's constants record."""
        return (self.core_params, self.calcium_constants[0])

    def evaluate(self, t_days, y: np.ndarray, outputs: bool = False):
        """Derivatives ``(n, BLOCK_SIZE)`` (and, if ``outputs``, named intermediate quantities).

        ``y`` has shape ``(n, BLOCK_SIZE)``; ``t_days`` is a scalar or one time per subject.
        """
        y = np.asarray(y, dtype=float).reshape(self.n, BLOCK_SIZE)
        sig = self.signals(t_days)
        d = self.site_drives(t_days, sig)
        if not outputs:
            return self._derivatives(y, d)
        return self._derivatives(y, d, sig, self.background.estradiol_bioavailable_share(
            self.age_at(t_days)))

    def _derivatives(self, y, d, sig=None, estradiol_share=1.0):
        P = self.p
        core = self.core_params
        sites, ys = self.split(y)
        ds, dsys = d[:, :, :N_SITES], d[:, :, SYSTEMIC_ROW]
        c = self.site_constants
        pth = pth_rankl_factor(ys[:, CA.SYS_PTH], dsys[D_PTH_REF], P.ecf_volume,
                               P.rankl_pth_exponent)
        cam = calcium_mineral_factor(ys[:, CA.SYS_ECF_CALCIUM], dsys[D_CA_REF], P.ecf_volume,
                                     P.mineralization_calcium_exponent)
        r = site_rhs(np.moveaxis(sites, -1, 0), ds, c[:, None, :], core, pth[:, None],
                     cam[:, None])
        dy = np.empty_like(y)
        dy[:, :SITE_BLOCK] = np.stack(np.broadcast_arrays(*r[:N_STATES]), axis=-1).reshape(
            self.n, SITE_BLOCK)
        release, uptake = skeletal_calcium_fluxes(
            sites[:, TOTAL_BODY].T, ds[:, :, TOTAL_BODY], c[:, TOTAL_BODY], core,
            dsys[D_SKELETAL_CALCIUM], cam)
        u = np.ascontiguousarray(dsys[: CS.N_INPUTS].T)
        dy[:, SITE_BLOCK:] = CA.systemic_derivatives_batch(
            np.ascontiguousarray(ys), self.calcium_constants, u,
            np.ascontiguousarray(release), np.ascontiguousarray(uptake))
        if not self.freeze_age:
            # Before the 30th birthday nothing moves; the calcium ledger keeps counting the
            # steady flows, so that it has no jump at the birthday.
            before_peak = dsys[D_ACTIVE] == 0.0
            if before_peak.any():
                dy[before_peak, : SITE_BLOCK + CA.LEDGER0] = 0.0
        if sig is None:
            return dy
        h = sig.hormones
        rankl, opg, formation, resorption, density, error = r[N_STATES:]
        v = P.ecf_volume
        out = {
            "hormones": sig.hormones_instant if sig.hormones_instant is not None else h,
            "extrapolated": sig.extrapolated,
            "estrogen_signal": estrogen_occupancy(h.estradiol * estradiol_share, P.estrogen_ec50,
                                                  P.estrogen_hill),
            "androgen_signal": androgen_occupancy(h.testosterone, P.androgen_ec50),
            "sex_steroid_signal": d[SiteDrive.sex_steroid][:, 0],
            "mechanical_error": error,
            "mechanical_stimulus": sig.load
            / np.maximum(density, 1e-3) ** P.density_stress_exponent,
            "rankl": rankl,
            "opg": opg,
            "formation": formation,
            "resorption": resorption,
            "density": density,
            "pth": ys[:, CA.SYS_PTH] / v,
            "calcitriol": ys[:, CA.SYS_CALCITRIOL] / v,
            "serum_calcium": ys[:, CA.SYS_ECF_CALCIUM] / v,
            "calcium_inputs": u,
        }
        return dy, out

    def rhs(self, t: float, y_flat: np.ndarray) -> np.ndarray:
        """Flat right-hand side for the solver."""
        return self.evaluate(t, y_flat.reshape(self.n, BLOCK_SIZE)).ravel()

    # ----------------------------------------------------------- Jacobian blocks
    #: States per subject: the size of the per-subject Jacobian block.
    block_size = BLOCK_SIZE
    #: ``(n_diagonal_blocks, diagonal_block_size, n_systemic)``: each per-subject block is
    #: four independent 11x11 site blocks followed by the systemic states, which couple to
    #: all of them (an arrow).
    jacobian_structure = (N_SITES, N_STATES, N_SYSTEMIC)

    def jacobian_blocks(self, t, y) -> np.ndarray:
        """Per-subject Jacobian blocks by forward differences, ``(n, BLOCK_SIZE, BLOCK_SIZE)``.

        Sites touch each other only through the systemic states, and only the whole
        skeleton (``total_body``) feeds them, so perturbing state ``j`` of all four sites at
        once separates cleanly: the Jacobian costs eleven evaluations for the sites plus
        one per systemic state that something reads, whatever the cohort size.
        """
        y = np.asarray(y, dtype=float).reshape(self.n, BLOCK_SIZE)
        sig = self.signals(t)
        d = self.site_drives(t, sig)
        f0 = self._derivatives(y, d)
        out = np.zeros((self.n, BLOCK_SIZE, BLOCK_SIZE))
        idx = np.arange(self.n)
        for j in range(N_STATES):
            cols = np.arange(N_SITES) * N_STATES + j
            h = 1e-7 * np.maximum(np.abs(y[:, cols]), 1e-3)
            yp = y.copy()
            yp[:, cols] += h
            df = self._derivatives(yp, d) - f0
            for k in range(N_SITES):
                rows = slice(k * N_STATES, (k + 1) * N_STATES)
                out[idx, rows, cols[k]] = df[:, rows] / h[:, k : k + 1]
            tb = cols[TOTAL_BODY]
            out[idx, SITE_BLOCK:, tb] = df[:, SITE_BLOCK:] / h[:, TOTAL_BODY : TOTAL_BODY + 1]
        for j in range(CA.N_SYSTEMIC_DYNAMIC):
            col = SITE_BLOCK + j
            h = 1e-7 * np.maximum(np.abs(y[:, col]), 1e-3)
            yp = y.copy()
            yp[:, col] += h
            out[:, :, col] = (self._derivatives(yp, d) - f0) / h[:, None]
        return out

    def jacobian(self, t: float, y_flat: np.ndarray) -> sp.csr_matrix:
        """The Jacobian for scipy's solvers: :meth:`jacobian_blocks` on the diagonal (sparse)."""
        blocks = self.jacobian_blocks(t, y_flat)
        return sp.block_diag(list(blocks), format="csr")

    def jac_sparsity(self) -> sp.csr_matrix:
        """One dense block per subject."""
        block = sp.csr_matrix(np.ones((BLOCK_SIZE, BLOCK_SIZE)))
        return sp.kron(sp.identity(self.n, format="csr"), block, format="csr")


@cache
def _calcium_parameter_names() -> tuple[str, ...]:
    """Names of the Peterson-Riggs constants (the calcium subsystem reads all of them)."""
    from osteon.parameters.peterson_riggs import peterson_riggs_2010

    return tuple(peterson_riggs_2010())


_STEADY: dict[tuple, np.ndarray] = {}


def _steady_systemic(params, constants, u, flux) -> np.ndarray:
    """Each subject's calcium steady state at peak bone mass, ``(n, N_SYSTEMIC)``.

    Subjects with the same inputs share a solve, and solves are remembered for the
    parameter set (models are rebuilt for subsets of a cohort many times). Each input is
    solved alone: a joint solve's last bits depend on the rows solved with it, so results
    depended on what the process solved before (a test session's run differed from a worker's).
    """
    tag = params.hash
    # Distinct rows first (a result builder's model holds each subject once per output time):
    # the keys, and so the solves, are those of the rows one by one.
    mat = np.ascontiguousarray(np.column_stack([np.round(u, 12), np.round(flux, 12)]))
    # (np.unique of each row's bytes as one item: fast, unlike its row sort, axis=0)
    rows = mat.view(np.dtype((np.void, mat.dtype.itemsize * mat.shape[1]))).ravel()
    _, first, inverse = np.unique(rows, return_index=True, return_inverse=True)
    keys = [(tag, *r) for r in mat[first].tolist()]
    missing = sorted({k for k in keys if k not in _STEADY})
    if missing:
        p1 = {name: np.array([params[name]]) for name in _calcium_parameter_names()}
        start = CA.initial_systemic_state(p1)
        if len(_STEADY) > 100_000:
            _STEADY.clear()
        for k in missing:
            row, fl = np.array([k[1:-1]], dtype=float), np.array([k[-1]], dtype=float)
            _STEADY[k] = CA.steady_systemic_state(constants, row, fl, start)[0]
    solved_rows = np.array([_STEADY[k] for k in keys])
    return solved_rows[inverse.ravel()] if keys else solved_rows
