"""The assembled calcium - PTH - vitamin D - bone system (Peterson & Riggs 2010).

State layout (one row per subject; amounts as in BIOMD0000000613)::

    homeostasis (HOMEOSTASIS_STATES)       bone (BONE_STATES)             ledger (LEDGER_STATES)
    0  pth             pmol                13 hydroxyapatite      1       30 intake      mmol
    1  gland_pool      1 (S)               14 osteoclasts         pM      31 entered     mmol
    2  gland_capacity  1 (PTmax)           15 responding_ob       pM      32 absorbed    mmol
    3  calcitriol      pmol                16 osteoblasts_fast    pM      33 urinary     mmol
    4  pth_sc_depot    pmol (SC)           17 osteoblasts_slow    pM      34 resorbed    mmol
    5  ecf_calcium     mmol (P)            18 tgf_beta_latent     pM      35 formed      mmol
    6  ecf_phosphate   mmol                19 tgf_beta_active     pM
    7  gut_calcium     mmol (T)            20 rankl               pM
    8  gut_state       1 (R)               21 rank                pM
    9  gut_phosphate   mmol                22 opg                 pM
    10 cell_phosphate  mmol                23 rank_rankl          pM (M)
    11 hydroxylase     pmol/h (A)          24 opg_rankl           pM (N)
    12 teri_depot      pmol (TERISC)       25 exchangeable_ca     mmol (Q)
                                           26 bone_calcium        mmol (Qbone)
                                           27 runx2, 28 creb, 29 bcl2

The ledger integrates calcium fluxes (cumulative mmol) for the mass balance; nothing
reads it, so its Jacobian columns are zero.

**The interface between the two parts** (how another bone model plugs in):

- ECF -> bone, :func:`ecf_signals`: plasma PTH (pmol/L), calcitriol (pmol/L) and
  calcium (mmol/L).
- bone -> ECF, returned by :func:`bone_derivatives`: calcium release (resorption,
  mmol/h), calcium uptake (formation, mmol/h), phosphate release and uptake (mmol/h;
  0.464 mol per mol of calcium in Peterson-Riggs).
- :func:`homeostasis_derivatives` needs nothing else from bone.

Time is in hours. ``k`` is one subject's constants record (parameters plus the
derived constants of :func:`derive_constants`); ``u`` the inputs vector (``U_*``).
"""

from __future__ import annotations

import numpy as np
from numba import njit, prange

from osteon.physiology.calcium import (
    bone,
    gut,
    kidney,
    parathyroid,
    phosphate,
    signalling,
    teriparatide,
    vitamin_d,
)

HOMEOSTASIS_STATES = (
    "pth", "gland_pool", "gland_capacity", "calcitriol", "pth_sc_depot", "ecf_calcium",
    "ecf_phosphate", "gut_calcium", "gut_state", "gut_phosphate", "cell_phosphate",
    "hydroxylase", "teriparatide_depot",
)  # fmt: skip
BONE_STATES = (
    "hydroxyapatite", "osteoclasts", "responding_osteoblasts", "osteoblasts_fast",
    "osteoblasts_slow", "tgf_beta_latent", "tgf_beta_active", "rankl", "rank", "opg",
    "rank_rankl", "opg_rankl", "exchangeable_bone_calcium", "bone_calcium", "runx2", "creb",
    "bcl2",
)  # fmt: skip
LEDGER_STATES = (
    "calcium_intake", "calcium_entered", "calcium_absorbed", "calcium_urinary",
    "calcium_resorbed", "calcium_formed",
)  # fmt: skip
STATE_NAMES = HOMEOSTASIS_STATES + BONE_STATES + LEDGER_STATES
N_HOMEOSTASIS = len(HOMEOSTASIS_STATES)
N_DYNAMIC = N_HOMEOSTASIS + len(BONE_STATES)
N_STATES = len(STATE_NAMES)

# Homeostasis state indices
PTH, GLAND_POOL, GLAND_CAPACITY, CALCITRIOL, PTH_SC_DEPOT, ECF_CALCIUM = 0, 1, 2, 3, 4, 5
ECF_PHOSPHATE, GUT_CALCIUM, GUT_STATE, GUT_PHOSPHATE, CELL_PHOSPHATE = 6, 7, 8, 9, 10
HYDROXYLASE, TERI_DEPOT = 11, 12
# Bone state indices
HAP, OC, ROB, OB_FAST, OB_SLOW, TGFB_LATENT, TGFB_ACTIVE = 13, 14, 15, 16, 17, 18, 19
RANKL, RANK, OPG, RANK_RANKL, OPG_RANKL, Q_EXCH, Q_BONE = 20, 21, 22, 23, 24, 25, 26
RUNX2, CREB, BCL2 = 27, 28, 29
# Ledger indices
CUM_INTAKE, CUM_ENTERED, CUM_ABSORBED, CUM_URINARY, CUM_RESORBED, CUM_FORMED = (
    30, 31, 32, 33, 34, 35,
)

INPUT_NAMES = (
    "oral_calcium_intake", "glomerular_filtration_rate", "pth_infusion_rate",
    "pth_sc_input_rate", "serum_25ohd", "serum_magnesium", "gut_absorption_factor",
    "tubular_reabsorption_factor",
)  # fmt: skip
"""Inputs a scenario may change at a time (model units: mmol/h, L/h, pmol/h, pmol/h,
nmol/L, mmol/L, 1, 1); their defaults are the parameter set's values (the 25(OH)D and
magnesium defaults are the extension's reference levels). The last two are Osteon's
sex-steroid extension: multipliers (1 = the published model) on the fraction of dietary
calcium entering the absorptive pool and on active tubular calcium reabsorption, which
estrogen raises (Gennari C et al. J Clin Endocrinol Metab 1990;71:1288; McKane WR et al.
J Clin Endocrinol Metab 1995;80:3458)."""
U_ORAL_CA, U_GFR, U_PTH_IV, U_PTH_SC, U_25OHD, U_MAGNESIUM = 0, 1, 2, 3, 4, 5
U_GUT_FACTOR, U_REABSORPTION_FACTOR = 6, 7
N_INPUTS = len(INPUT_NAMES)



def default_inputs(p) -> np.ndarray:
    """The inputs (n, N_INPUTS) of the published baseline, from per-subject parameter arrays.

    >>> from osteon.parameters import peterson_riggs_2010
    >>> u = default_inputs({k: np.array([v]) for k, v in peterson_riggs_2010().items()})
    >>> u.shape, float(u[0, U_GUT_FACTOR])
    ((1, 8), 1.0)
    """
    n = max(np.size(v) for v in p.values())
    u = np.empty((n, N_INPUTS))
    u[:, U_ORAL_CA] = p["oral_calcium_intake"]
    u[:, U_GFR] = p["glomerular_filtration_rate"]
    u[:, U_PTH_IV] = p["pth_infusion_rate"]
    u[:, U_PTH_SC] = p["pth_sc_input_rate"]
    u[:, U_25OHD] = p["serum_25ohd_reference"]
    u[:, U_MAGNESIUM] = p["serum_magnesium_reference"]
    u[:, U_GUT_FACTOR] = 1.0
    u[:, U_REABSORPTION_FACTOR] = 1.0
    return u


DERIVED_NAMES = (
    "pth_secretion_ca50_n", "hydroxylase_pth_norm", "hydroxylase_pth_ec50_n",
    "hydroxylase_phosphate_drop", "hydroxylase_phosphate_ec50_n", "gut_state_calcitriol_ec50_n",
    "gut_absorption_state_half_n", "gut_active_km", "reabsorption_pth_ec50",
    "resorption_rate0", "resorption_oc50_n", "complex_per_osteoclast0",
    "bone_calcium_exchange_back", "baseline_rank_rankl", "osteoclast_complex_ec50_n",
    "osteoclast_tgf_e0", "osteoclast_tgf_ec50_n", "osteoclast_survival_ec50_n",
    "responding_osteoblast_tgf_e0", "responding_osteoblast_tgf_ec50_n",
    "osteoblast_recruitment_scale", "osteoblast_tgf_e0", "osteoblast_tgf_ec50_n",
    "differentiation_scale", "osteoblast_loss_tgf_ec50_n", "osteoblast_loss_no_runx2",
    "runx2_effect_max", "runx2_effect_ec50_n", "tgf_beta_deposit0", "rankl_pth_ec50",
    "rank_production0", "runx2_pth_ec50", "creb_pth_ec50",
)  # fmt: skip


def _ec50_n(emax_span, ref_n, e_span_at_ref):
    """``EC50^n`` that makes a saturating effect equal ``e_span_at_ref`` at the reference.

    The published model fixes every EC50 so that each effect is exactly its baseline
    value at the baseline signal: ``span x ref^n / (ref^n + EC50^n) = e_span_at_ref``.
    """
    return emax_span * ref_n / e_span_at_ref - ref_n


def derive_constants(p) -> dict[str, np.ndarray]:
    """The constants BIOMD0000000613 derives from its parameters (one value per subject).

    ``p`` maps parameter names to per-subject arrays. Each entry reproduces one SBML
    assignment (named in the comment); most are EC50s chosen so that the model starts
    in steady state.
    """
    d: dict[str, np.ndarray] = {}
    ref_pth = p["reference_pth_concentration"]
    ref_ca = p["reference_calcium_concentration"]
    pic0 = p["baseline_active_tgf_beta"]
    # Parathyroid: calcium EC50 of secretion so that secretion at 2.35 mM is 385 pmol/h (T60)
    n = p["pth_secretion_calcium_hill"]
    smax, smin = p["pth_secretion_max"], p["pth_secretion_min"]
    d["pth_secretion_ca50_n"] = _ec50_n(smax - smin, ref_ca**n, smax - p["pth_secretion_at_reference"])
    # Vitamin D: PTH drive normalised to 1 at the reference PTH (T66, T67^g)
    g = p["hydroxylase_pth_gamma"]
    d["hydroxylase_pth_ec50_n"] = p["hydroxylase_pth_ec50"] ** g
    d["hydroxylase_pth_norm"] = (d["hydroxylase_pth_ec50_n"] + ref_pth**g) / ref_pth**g
    # Phosphate effect continuous (= 1) at the threshold (PhosEffMax)
    g = p["hydroxylase_phosphate_hill"]
    e0, thr_n = p["hydroxylase_phosphate_e0"], p["phosphate_threshold"] ** g
    d["hydroxylase_phosphate_ec50_n"] = p["hydroxylase_phosphate_ec50"] ** g
    d["hydroxylase_phosphate_drop"] = (e0 - 1) * (thr_n + d["hydroxylase_phosphate_ec50_n"]) / (e0 * thr_n)
    # Gut
    d["gut_state_calcitriol_ec50_n"] = p["gut_state_calcitriol_ec50"] ** p["gut_state_calcitriol_hill"]
    d["gut_absorption_state_half_n"] = p["gut_absorption_state_half"] ** p["gut_absorption_state_hill"]
    frac = p["gut_active_reference_fraction"]
    t0 = p["gut_calcium_baseline_pool"]
    d["gut_active_km"] = (p["gut_calcium_active_max"] * t0 - frac * t0) / frac  # T29
    # Kidney: PTH effect on reabsorption is 1 at the reference PTH (T17)
    d["reabsorption_pth_ec50"] = ref_pth * p["reabsorption_pth_max"] - ref_pth
    # Bone calcium (T13, J14OC50, MOCratio0, k15a)
    q0, oc0 = p["baseline_exchangeable_bone_calcium"], p["baseline_osteoclasts"]
    d["resorption_rate0"] = p["bone_calcium_turnover"] / 24.0 / q0
    n = p["resorption_osteoclast_hill"]
    d["resorption_oc50_n"] = _ec50_n(p["resorption_osteoclast_max"], oc0**n, d["resorption_rate0"])
    m0 = p["rank_rankl_on"] * p["baseline_rank"] * p["baseline_rankl"] / p["rank_rankl_off"]
    d["baseline_rank_rankl"] = m0
    d["complex_per_osteoclast0"] = m0 / oc0
    d["bone_calcium_exchange_back"] = p["bone_calcium_exchange"] * p["baseline_bone_calcium"] / q0
    # Osteoclasts (EC50MeffOC, E0PicOC, EC50PicOC, EC50surv with PiL0 = k3/k4 x RANKL0)
    n = p["osteoclast_complex_hill"]
    d["osteoclast_complex_ec50_n"] = _ec50_n(
        p["osteoclast_complex_emax"], m0**n, 1 - p["osteoclast_complex_e0"]
    )
    d["osteoclast_tgf_e0"] = p["osteoclast_tgf_fraction"] * pic0
    n = p["osteoclast_tgf_hill"]
    d["osteoclast_tgf_ec50_n"] = _ec50_n(p["osteoclast_tgf_emax"], pic0**n, pic0 - d["osteoclast_tgf_e0"])
    n = p["osteoclast_survival_hill"]
    pil0 = p["rank_rankl_on"] / p["rank_rankl_off"] * p["baseline_rankl"]
    e0, emax = p["osteoclast_survival_e0"], p["osteoclast_survival_emax"]
    d["osteoclast_survival_ec50_n"] = _ec50_n(e0 - emax, pil0**n, e0 - 1)
    # Osteoblasts (E0PicROB, EC50PicROB, Dr, E0PicOB, EC50PicOB, bigDb, EC50PicOBkb, RUNkb50)
    ob0, rob0, kb = p["baseline_osteoblasts"], p["baseline_responding_osteoblasts"], p["osteoblast_elimination"]
    d["responding_osteoblast_tgf_e0"] = p["responding_osteoblast_tgf_fraction"] * pic0
    n = p["responding_osteoblast_tgf_hill"]
    d["responding_osteoblast_tgf_ec50_n"] = _ec50_n(
        p["responding_osteoblast_tgf_emax"], pic0**n, pic0 - d["responding_osteoblast_tgf_e0"]
    )
    d["osteoblast_recruitment_scale"] = kb * ob0 / pic0
    d["osteoblast_tgf_e0"] = p["osteoblast_tgf_fraction"] * pic0
    n = p["osteoblast_tgf_hill"]
    d["osteoblast_tgf_ec50_n"] = _ec50_n(p["osteoblast_tgf_emax"], pic0**n, pic0 - d["osteoblast_tgf_e0"])
    d["differentiation_scale"] = kb * ob0 * pic0 / rob0
    n = p["osteoblast_loss_tgf_hill"]
    e0, emax = p["osteoblast_loss_tgf_e0"], p["osteoblast_loss_tgf_emax"]
    d["osteoblast_loss_tgf_ec50_n"] = _ec50_n(e0 - emax, pic0**n, e0 - 1)
    d["osteoblast_loss_no_runx2"] = p["osteoblast_loss_runx2_factor"] * kb
    d["runx2_effect_max"] = d["osteoblast_loss_no_runx2"] * p["osteoblast_loss_runx2_max"]
    n = p["osteoblast_loss_runx2_hill"]
    d["runx2_effect_ec50_n"] = _ec50_n(
        d["runx2_effect_max"], p["runx2_reference"] ** n, d["osteoblast_loss_no_runx2"] - kb
    )
    # TGF-beta (kinTGF), RANKL (PTH50), RANK (kinRNK)
    d["tgf_beta_deposit0"] = p["tgf_beta_release"] * pic0 * p["tgf_beta_latent_ratio"]
    d["rankl_pth_ec50"] = p["rankl_pth_emax"] * ref_pth - ref_pth
    d["rank_production0"] = (
        p["rank_elimination"] * p["baseline_rank"]
        + p["rank_rankl_on"] * p["baseline_rank"] * p["baseline_rankl"]
        - p["rank_rankl_off"] * m0
    ) / pic0 ** p["rank_tgf_gamma"]
    # Signalling (EC50PTHRX2x, EC50PTHcreb)
    d["runx2_pth_ec50"] = p["runx2_pth_emax"] * ref_pth / (p["runx2_elimination"] - p["runx2_pth_e0"]) - ref_pth
    d["creb_pth_ec50"] = p["creb_pth_emax"] * ref_pth / (1 - p["creb_pth_e0"]) - ref_pth
    return d


def initial_state(p) -> np.ndarray:
    """Baseline state (n, N_STATES) from per-subject parameter arrays (SBML initial values)."""
    n = max(np.size(v) for v in p.values())
    y = np.zeros((n, N_STATES))
    pic0 = p["baseline_active_tgf_beta"]
    ob0 = p["baseline_osteoblasts"]
    y[:, PTH] = p["baseline_pth"]
    y[:, GLAND_POOL] = 0.5
    y[:, GLAND_CAPACITY] = 1.0
    y[:, CALCITRIOL] = p["baseline_calcitriol"]
    y[:, ECF_CALCIUM] = p["baseline_ecf_calcium"]
    y[:, ECF_PHOSPHATE] = p["baseline_ecf_phosphate"]
    y[:, GUT_CALCIUM] = p["baseline_gut_calcium"]
    y[:, GUT_STATE] = 0.5
    y[:, GUT_PHOSPHATE] = p["baseline_gut_phosphate"]
    y[:, CELL_PHOSPHATE] = p["baseline_intracellular_phosphate"]
    y[:, HYDROXYLASE] = p["baseline_calcitriol"] / 10.0  # SBML: A = B / 10
    y[:, HAP] = 1.0
    y[:, OC] = p["baseline_osteoclasts"]
    y[:, ROB] = p["baseline_responding_osteoblasts"]
    y[:, OB_FAST] = ob0 * p["osteoblast_fast_fraction"]
    y[:, OB_SLOW] = ob0 * (1 - p["osteoblast_fast_fraction"])
    y[:, TGFB_LATENT] = pic0 * p["tgf_beta_latent_ratio"]
    y[:, TGFB_ACTIVE] = pic0
    y[:, RANKL] = p["baseline_rankl"]
    y[:, RANK] = p["baseline_rank"]
    y[:, OPG] = p["baseline_opg"]
    y[:, RANK_RANKL] = p["rank_rankl_on"] * p["baseline_rank"] * p["baseline_rankl"] / p["rank_rankl_off"]
    y[:, OPG_RANKL] = p["opg_rankl_on"] * p["baseline_opg"] * p["baseline_rankl"] / p["opg_rankl_off"]
    y[:, Q_EXCH] = p["baseline_exchangeable_bone_calcium"]
    y[:, Q_BONE] = p["baseline_bone_calcium"]
    y[:, RUNX2] = p["baseline_runx2"]
    y[:, CREB] = p["baseline_creb"]
    y[:, BCL2] = p["baseline_bcl2"]
    return y


# ---- The two parts and their interface --------------------------------------------------------


@njit(cache=True)
def ecf_signals(y, k):
    """ECF -> bone: plasma PTH (pmol/L), calcitriol (pmol/L), calcium (mmol/L)."""
    v = k.ecf_volume
    return y[PTH] / v, y[CALCITRIOL] / v, y[ECF_CALCIUM] / v


@njit(cache=True)
def bone_derivatives(y, k, pth_pm, calcitriol_pm, calcium_mm, dy):
    """Peterson-Riggs bone: writes d(bone states)/dt into ``dy``; returns the ECF fluxes.

    Returns (calcium release, calcium uptake, phosphate release, phosphate uptake), mmol/h.
    ``calcitriol_pm`` is part of the interface; Peterson-Riggs' bone does not read it.
    """
    oc, rob = y[OC], y[ROB]
    ob = y[OB_FAST] + y[OB_SLOW]
    tgf, m = y[TGFB_ACTIVE], y[RANK_RANKL]

    # Osteoclasts
    dy[OC] = bone.osteoclast_recruitment(m, k) - bone.osteoclast_apoptosis_rate(tgf, m, k) * oc
    # Responding and active osteoblasts
    differentiation = bone.differentiation_rate(tgf, k) * rob
    dy[ROB] = bone.responding_osteoblast_recruitment(tgf, k) - differentiation
    fast_rate, slow_rate, fast_share = bone.osteoblast_elimination_rates(
        tgf, signalling.runx2_signal(y[BCL2]), k
    )
    frac_fast = k.osteoblast_fast_fraction
    dy[OB_FAST] = differentiation * frac_fast * fast_share - fast_rate * y[OB_FAST]
    dy[OB_SLOW] = (
        differentiation * (1.0 - frac_fast) * k.osteoblast_slow_elimination_fraction
        - slow_rate * y[OB_SLOW]
    )
    # TGF-beta: latent deposit, release by resorption, active decay
    deposit, release = bone.tgf_beta_rates(ob, oc, y[TGFB_LATENT], k)
    dy[TGFB_LATENT] = deposit - release
    dy[TGFB_ACTIVE] = release - k.tgf_beta_release * k.tgf_beta_latent_ratio * tgf
    # RANKL, RANK, OPG and their complexes
    bind = k.rank_rankl_on * y[RANK] * y[RANKL] - k.rank_rankl_off * m
    dy[RANKL] = bone.rankl_production(ob, pth_pm, k) - k.rankl_elimination * y[RANKL] - bind
    dy[RANK] = bone.rank_production(tgf, k) - k.rank_elimination * y[RANK] - bind
    dy[RANK_RANKL] = bind
    dy[OPG] = bone.opg_production(rob, pth_pm, k) - k.opg_elimination * y[OPG]
    dy[OPG_RANKL] = k.opg_rankl_on * y[OPG] * y[RANKL] - k.opg_rankl_off * y[OPG_RANKL]
    # Osteoblast signalling
    dy[RUNX2] = (
        k.runx2_elimination * k.baseline_runx2
        - signalling.runx2_elimination_rate(pth_pm, k) * y[RUNX2]
    )
    dy[CREB] = signalling.creb_production(pth_pm, k) - k.creb_elimination * y[CREB]
    dy[BCL2] = signalling.bcl2_production(y[RUNX2], y[CREB]) - k.bcl2_elimination * y[BCL2]
    # Hydroxyapatite and bone calcium
    hap_in, hap_out = bone.hydroxyapatite_rates(ob, y[HAP], k)
    dy[HAP] = hap_in - hap_out
    release_ca = bone.calcium_release(oc, m, k)
    uptake_ca = bone.calcium_uptake(calcium_mm, y[HAP], k)
    to_exch, to_bone = bone.bone_pool_exchange(y[Q_EXCH], y[Q_BONE], k)
    dy[Q_EXCH] = uptake_ca - release_ca + to_exch - to_bone
    dy[Q_BONE] = to_bone - to_exch
    ratio = k.bone_phosphate_to_calcium
    return release_ca, uptake_ca, ratio * release_ca, ratio * uptake_ca


@njit(cache=True)
def homeostasis_derivatives(y, k, u, ca_release, ca_uptake, po4_release, po4_uptake, dy):
    """ECF calcium and phosphate, PTH gland, calcitriol, gut and kidney.

    Takes the bone fluxes (mmol/h) and writes d(homeostasis states)/dt and the ledger.
    """
    v = k.ecf_volume
    pth_pm, calcitriol_pm, calcium_mm = y[PTH] / v, y[CALCITRIOL] / v, y[ECF_CALCIUM] / v
    phosphate_mm = y[ECF_PHOSPHATE] / v

    # PTH: secretion + infusions + teriparatide depot - clearance
    depot_rate = teriparatide.depot_transfer_rate(k)
    infused = teriparatide.infused_pth(y[PTH_SC_DEPOT], u[U_PTH_IV], k)
    secreted = parathyroid.pth_secretion(calcium_mm, y[GLAND_POOL], y[GLAND_CAPACITY], k)
    dy[PTH] = (
        secreted + infused + depot_rate * y[TERI_DEPOT]
        - parathyroid.pth_elimination_rate(k) * y[PTH]
    )
    dy[TERI_DEPOT] = -depot_rate * y[TERI_DEPOT]
    dy[PTH_SC_DEPOT] = u[U_PTH_SC] - k.pth_sc_depot_rate * y[PTH_SC_DEPOT]
    refill, depletion = parathyroid.gland_pool_rates(calcium_mm, calcitriol_pm, k)
    dy[GLAND_POOL] = (1.0 - y[GLAND_POOL]) * refill - y[GLAND_POOL] * depletion
    dy[GLAND_CAPACITY] = (
        parathyroid.gland_capacity_growth(calcitriol_pm, k)
        - k.gland_capacity_rate * y[GLAND_CAPACITY]
    )
    # Vitamin D
    dy[HYDROXYLASE] = (
        vitamin_d.hydroxylase_synthesis(pth_pm, phosphate_mm, k)
        - k.hydroxylase_elimination * y[HYDROXYLASE]
    )
    dy[CALCITRIOL] = (
        vitamin_d.calcitriol_synthesis(y[HYDROXYLASE], u[U_25OHD], u[U_MAGNESIUM], k)
        - k.calcitriol_elimination * y[CALCITRIOL]
    )
    # Gut
    towards, away = gut.absorption_state_rates(calcitriol_pm, k)
    dy[GUT_STATE] = towards * (1.0 - y[GUT_STATE]) - away * y[GUT_STATE]
    entered = u[U_ORAL_CA] * min(gut.calcium_entry_fraction(y[GUT_STATE], k) * u[U_GUT_FACTOR],
                                 1.0)
    absorbed = gut.calcium_absorption(y[GUT_CALCIUM], y[GUT_STATE], k)
    dy[GUT_CALCIUM] = entered - absorbed
    po4_absorbed = gut.phosphate_absorption(y[GUT_PHOSPHATE], k)
    dy[GUT_PHOSPHATE] = k.oral_phosphate_intake * k.phosphate_absorbed_fraction - po4_absorbed
    # Kidney
    urine_ca = kidney.urinary_calcium(
        calcium_mm, pth_pm, calcitriol_pm, u[U_GFR], k, u[U_REABSORPTION_FACTOR]
    )
    urine_po4 = kidney.urinary_phosphate(phosphate_mm, u[U_GFR], k)
    # ECF calcium and phosphate balances
    dy[ECF_CALCIUM] = ca_release + absorbed - ca_uptake - urine_ca
    to_cells = phosphate.into_cells(phosphate_mm, k)
    from_cells = phosphate.out_of_cells(y[CELL_PHOSPHATE], k)
    dy[ECF_PHOSPHATE] = po4_release + po4_absorbed + from_cells - po4_uptake - urine_po4 - to_cells
    dy[CELL_PHOSPHATE] = to_cells - from_cells
    # Calcium ledger (cumulative mmol)
    dy[CUM_INTAKE] = u[U_ORAL_CA]
    dy[CUM_ENTERED] = entered
    dy[CUM_ABSORBED] = absorbed
    dy[CUM_URINARY] = urine_ca
    dy[CUM_RESORBED] = ca_release
    dy[CUM_FORMED] = ca_uptake


@njit(cache=True)
def derivatives(y, k, u, dy):
    """Right-hand side of one subject: bone first, then homeostasis via the interface."""
    pth_pm, calcitriol_pm, calcium_mm = ecf_signals(y, k)
    ca_out, ca_in, po4_out, po4_in = bone_derivatives(y, k, pth_pm, calcitriol_pm, calcium_mm, dy)
    homeostasis_derivatives(y, k, u, ca_out, ca_in, po4_out, po4_in, dy)


@njit(cache=True, parallel=True)
def derivatives_batch(y, k, u):
    """Right-hand side vectorised over subjects: ``y`` (n, N_STATES), ``k`` (n,), ``u`` (n, N_INPUTS)."""
    dy = np.empty_like(y)
    for i in prange(y.shape[0]):
        derivatives(y[i], k[i], u[i], dy[i])
    return dy


_CONSTANTS: dict[str, np.ndarray] = {}  # parameter-set hash -> its constants record


def parameter_set_constants(params, names) -> np.ndarray:
    """:func:`constants_record` of the parameters ``names`` of a parameter set (one record),
    made once per set (its hash) and copied: models are made many times per run."""
    rec = _CONSTANTS.get(params.hash)
    if rec is None:
        if len(_CONSTANTS) > 64:
            _CONSTANTS.clear()
        rec = _CONSTANTS[params.hash] = constants_record(
            {name: np.array([params[name]]) for name in names})
    return rec.copy()


def constants_record(p) -> np.ndarray:
    """Pack per-subject parameters plus derived constants into a structured array (n,)."""
    d = derive_constants(p)
    allv = {**p, **d}
    n = max(np.size(v) for v in allv.values())
    dtype = np.dtype([(name, np.float64) for name in allv])
    rec = np.zeros(n, dtype=dtype)
    for name, v in allv.items():
        rec[name] = v
    return rec
