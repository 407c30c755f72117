"""Osteon's four-site skeleton as the bone side of the calcium subsystem.

In the default model (``Osteon2026``) the homeostasis part of Peterson & Riggs 2010
(ECF calcium and phosphate, PTH gland, calcitriol, gut, kidney; :mod:`.system`) runs
coupled to Osteon's own bone model instead of Peterson-Riggs' bone cells. Across the
interface of :mod:`.system`:

- **bone -> ECF.** Calcium leaves and enters bone two ways:

  - *remodeling*: the mineral resorbed and deposited in the whole skeleton, which is
    Osteon's ``total_body`` site (:func:`skeletal_mineral_fluxes`) times the calcium
    of the skeleton at peak bone mass (``skeletal_calcium_female`` / ``_male``). Its
    net is exactly the change of total-body bone mineral, so the calcium ledger and
    the simulated BMD describe the same calcium.
  - *surface exchange* with a small exchangeable pool (Peterson-Riggs' ``Q``,
    100 mmol), first order both ways at Peterson-Riggs' baseline flux (``CaDay``,
    88 mmol/day), into bone in proportion to plasma calcium. It buffers plasma
    calcium within hours and carries no net calcium at steady state.

  Phosphate moves with calcium at 0.464 mol/mol, as in Peterson-Riggs.
- **ECF -> bone.** Plasma PTH relative to the subject's own steady state at peak bone
  mass scales RANKL expression in every site (``PTH ** rankl_pth_exponent``), in
  :class:`osteon.model.BoneModel`.

Systemic states of one subject (:data:`SYSTEMIC_STATES`): the eleven homeostasis
states of Peterson-Riggs (the teriparatide and s.c. PTH depots are left out: Osteon's
teriparatide acts through its own drives), the exchangeable pool, and a ledger of
cumulative calcium flows (mmol) for the mass balance. Time is in **days** here (the
Peterson-Riggs functions work in hours and are scaled by 24).
"""

from __future__ import annotations

import numpy as np
from numba import njit

from osteon.physiology.calcium import system as S

MG_CALCIUM_PER_MMOL = 40.078
HOURS_PER_DAY = 24.0

_HOMEOSTASIS = (
    S.PTH, S.GLAND_POOL, S.GLAND_CAPACITY, S.CALCITRIOL, S.ECF_CALCIUM, S.ECF_PHOSPHATE,
    S.GUT_CALCIUM, S.GUT_STATE, S.GUT_PHOSPHATE, S.CELL_PHOSPHATE, S.HYDROXYLASE,
)  # fmt: skip
HOMEOSTASIS_INDEX = np.array(_HOMEOSTASIS, dtype=np.int64)
"""Position in the Peterson-Riggs state vector of each systemic homeostasis state."""
SYSTEMIC_STATES = tuple(S.STATE_NAMES[i] for i in _HOMEOSTASIS) + (
    "exchangeable_bone_calcium",
    "calcium_intake", "calcium_entered", "calcium_absorbed", "calcium_urinary",
    "calcium_remodeling_release", "calcium_remodeling_uptake",
)  # fmt: skip
N_HOMEOSTASIS = len(_HOMEOSTASIS)
Q_EXCH = N_HOMEOSTASIS  # exchangeable bone calcium (mmol)
LEDGER0 = Q_EXCH + 1
L_INTAKE, L_ENTERED, L_ABSORBED, L_URINARY, L_RELEASE, L_UPTAKE = range(LEDGER0, LEDGER0 + 6)
N_SYSTEMIC = len(SYSTEMIC_STATES)
N_SYSTEMIC_DYNAMIC = LEDGER0
"""Systemic states that something reads (the ledger is read by nothing)."""
SYS_PTH = SYSTEMIC_STATES.index("pth")
SYS_CALCITRIOL = SYSTEMIC_STATES.index("calcitriol")
SYS_ECF_CALCIUM = SYSTEMIC_STATES.index("ecf_calcium")


def mg_per_day_to_mmol_per_hour(mg_per_day):
    """Calcium intake in the model's units.

    >>> round(float(mg_per_day_to_mmol_per_hour(1000.0)), 4)
    1.0396
    """
    return np.asarray(mg_per_day, dtype=float) / MG_CALCIUM_PER_MMOL / HOURS_PER_DAY


def skeletal_mineral_fluxes(v, dp, ds, resorption, mineralization, turnover, primary_time,
                            secondary_time):
    """Mineral resorbed and deposited per day in one envelope (units of its volume at peak).

    Resorption removes bone at the envelope's mean mineral content, ``k R (V - Dp -
    Ds) / V``; mineral is deposited as the primary and secondary deficits fill,
    ``m (Dp / t_p + Ds / t_s)``. Their difference is exactly the change of ``V - Dp - Ds``
    under :func:`osteon.physiology.mineral.matrix_derivatives`. Plain numpy, so that it
    runs on arrays and, compiled by numba, in the batch engine.
    """
    released = turnover * resorption * (v - dp - ds) / np.maximum(v, 1e-6)
    deposited = mineralization * (dp / primary_time + ds / secondary_time)
    return released, deposited


@njit(cache=True)
def systemic_derivatives(ys, k, u, remodel_release, remodel_uptake, full_y, full_dy, out):
    """d(systemic states)/dt per **day** into ``out``.

    ``ys`` the systemic states, ``k`` the subject's constants record (Peterson-Riggs
    parameters and derived constants), ``u`` the inputs
    (:data:`osteon.physiology.calcium.system.INPUT_NAMES`), ``remodel_release`` and
    ``remodel_uptake`` the skeleton's remodeling calcium fluxes (mmol/h).
    ``full_y`` / ``full_dy`` are scratch arrays of the Peterson-Riggs state size.
    """
    for i in range(full_y.shape[0]):
        full_y[i] = 0.0
    for j in range(N_HOMEOSTASIS):
        full_y[HOMEOSTASIS_INDEX[j]] = ys[j]
    calcium_mm = ys[SYS_ECF_CALCIUM] / k.ecf_volume
    exchange = k.bone_calcium_turnover / HOURS_PER_DAY  # mmol/h each way at baseline
    into_pool = exchange * calcium_mm / k.reference_calcium_concentration
    out_of_pool = exchange * ys[Q_EXCH] / k.baseline_exchangeable_bone_calcium
    release = remodel_release + out_of_pool
    uptake = remodel_uptake + into_pool
    ratio = k.bone_phosphate_to_calcium
    S.homeostasis_derivatives(full_y, k, u, release, uptake, ratio * release, ratio * uptake,
                              full_dy)
    for j in range(N_HOMEOSTASIS):
        out[j] = HOURS_PER_DAY * full_dy[HOMEOSTASIS_INDEX[j]]
    out[Q_EXCH] = HOURS_PER_DAY * (into_pool - out_of_pool)
    out[L_INTAKE] = HOURS_PER_DAY * full_dy[S.CUM_INTAKE]
    out[L_ENTERED] = HOURS_PER_DAY * full_dy[S.CUM_ENTERED]
    out[L_ABSORBED] = HOURS_PER_DAY * full_dy[S.CUM_ABSORBED]
    out[L_URINARY] = HOURS_PER_DAY * full_dy[S.CUM_URINARY]
    out[L_RELEASE] = HOURS_PER_DAY * remodel_release
    out[L_UPTAKE] = HOURS_PER_DAY * remodel_uptake


@njit(cache=True)
def systemic_derivatives_batch(ys, k, u, remodel_release, remodel_uptake):
    """:func:`systemic_derivatives` for many subjects: ``ys`` (n, N_SYSTEMIC).

    ``k`` holds one constants record per subject, or one for all.
    """
    out = np.empty_like(ys)
    full_y = np.empty(S.N_STATES)
    full_dy = np.empty(S.N_STATES)
    shared = k.shape[0] == 1
    for i in range(ys.shape[0]):
        ki = k[0] if shared else k[i]
        systemic_derivatives(ys[i], ki, u[i], remodel_release[i], remodel_uptake[i], full_y,
                             full_dy, out[i])
    return out


def initial_systemic_state(p) -> np.ndarray:
    """Peterson-Riggs' published baseline as systemic states, (n, N_SYSTEMIC)."""
    full = S.initial_state(p)
    ys = np.zeros((full.shape[0], N_SYSTEMIC))
    ys[:, :N_HOMEOSTASIS] = full[:, HOMEOSTASIS_INDEX]
    ys[:, Q_EXCH] = full[:, S.Q_EXCH]
    return ys


def steady_systemic_state(k, u, remodel_flux, ys0, *, days: float = 3000.0,
                          rtol: float = 1e-9) -> np.ndarray:
    """The systemic steady state of each row for constant inputs ``u`` (n, N_INPUTS)
    and balanced remodeling (``remodel_flux`` mmol/h each way), from ``ys0``.

    Found by integrating the systemic equations alone (stiff BDF) for ``days``, long
    enough for the slowest homeostasis state (the gland capacity, the gut absorption
    state) to settle. Rows are solved together; callers pass distinct rows
    (:class:`osteon.model.BoneModel` remembers solved inputs). The ledger is zero.
    """
    from scipy.integrate import solve_ivp
    from scipy.sparse import block_diag

    g = ys0.shape[0]
    m = N_SYSTEMIC_DYNAMIC
    uu = np.ascontiguousarray(u)
    ff = np.ascontiguousarray(remodel_flux, dtype=float)
    y_start = np.ascontiguousarray(ys0, dtype=float)

    def rhs(_t, flat):
        y = y_start.copy()
        y[:, :m] = flat.reshape(g, m)
        return systemic_derivatives_batch(y, k, uu, ff, ff)[:, :m].ravel()

    sparsity = block_diag([np.ones((m, m))] * g, format="csr")
    sol = solve_ivp(rhs, (0.0, days), y_start[:, :m].ravel(), method="BDF", rtol=rtol,
                    atol=1e-12, jac_sparsity=sparsity)
    if not sol.success:
        raise RuntimeError(f"calcium steady state not reached: {sol.message}")
    out = np.zeros((g, N_SYSTEMIC))
    out[:, :m] = sol.y[:, -1].reshape(g, m)
    return out
