"""Compiled stiff solver for the calcium system: sparse ROS34PW2, stepping exactly to events.

A Rosenbrock-W method of order 3 with an embedded order-2 error estimate, stiffly
accurate and L-stable (Rang J & Angermann L, BIT Numer Math 2005;45:761; the
coefficients are those of their Table "ROS34PW2"). A W-method keeps its order with
*any* approximation ``A`` of the Jacobian; this solver uses that freedom three ways:

- ``A`` is refreshed only at an input change, after a rejected step and every
  ``JACOBIAN_EVERY`` accepted steps (a dose only refills the linear depot: ``A`` is
  unchanged);
- ``A`` is the finite-difference Jacobian of the ``N_DYNAMIC`` dynamic states on its
  sparsity pattern only (found once per run by probing :func:`derivatives` at
  perturbed states, :func:`jacobian_structure`); columns that share no row are
  perturbed together, so a Jacobian costs a handful of right-hand sides, not 30;
- the calcium ledger (cumulative fluxes, read by nothing) has ``A = 0``: its stages
  are explicit and it never enters the linear algebra; it is left out of the error
  norm as well (it is a quadrature of the dynamic states' fluxes with the same
  stages, so it is as accurate as they are).

``I - h gamma A`` is factorised by a sparse LU without pivoting on a precomputed fill
pattern (a few hundred flops instead of a dense 36 x 36 factorisation); should a
pivot become tiny relative to its row the step falls back to a dense LU with partial
pivoting (counted in the statistics). Step sizes follow an error-per-step controller (see ``PI_BETA``).

The solver stops exactly at every dose time (the SBML event *sets* the teriparatide
depot there), every input change and every output time, so no dense output is
needed and no discontinuity is stepped over. Subjects are independent: one compiled
solve per subject, run in parallel with ``prange``; each solve allocates its work
arrays once and nothing inside its step loop allocates.
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit, prange

from osteon.physiology.calcium.system import (
    N_DYNAMIC,
    N_STATES,
    TERI_DEPOT,
    derivatives,
)

# ROS34PW2 (Rang & Angermann 2005): alpha (stage arguments), gamma (Jacobian couplings),
# b (order 3 solution), b_hat (embedded order 2).
GAMMA = 4.3586652150845900e-01
A21 = 8.7173304301691801e-01
A31, A32 = 8.4457060015369423e-01, -1.1299064236484185e-01
A41, A42, A43 = 0.0, 0.0, 1.0
G21 = -8.7173304301691801e-01
G31, G32 = -9.0338057013044082e-01, 5.4180672388095326e-02
G41, G42, G43 = 2.4212380706095346e-01, -1.2232505839045147e00, 5.4526025533510214e-01
B1, B2, B3, B4 = 2.4212380706095346e-01, -1.2232505839045147e00, 1.5452602553351020e00, GAMMA
BH1, BH2, BH3, BH4 = 3.7810903145819369e-01, -9.6042292212423178e-02, 0.5, 2.1793326075422950e-01
E1, E2, E3, E4 = B1 - BH1, B2 - BH2, B3 - BH3, B4 - BH4

JACOBIAN_EVERY = 12
RESTART_STEP_H = 0.02
MAX_STEPS = 50_000_000
# Step-size control h_new = h * SAFETY * err^-PI_ALPHA * err_prev^PI_BETA (exponents over
# the order of the error estimate + 1 = 3). A PI controller (Gustafsson 1991: 0.7/3,
# 0.4/3) took 44 steps per simulated day on the daily-teriparatide benchmark at rtol
# 1e-3 against 30 for the plain (I) controller, which grows the step faster along the
# decaying PTH pulse: PI_BETA = 0 keeps the I controller.
PI_ALPHA = 1.0 / 3.0
PI_BETA = 0.0
SAFETY = 0.9
PIVOT_MIN = 1e-10  # relative to the row of I - h gamma A: below it, dense pivoted LU


# ---- sparsity: found once per run, in Python -------------------------------------------------


@njit(cache=True)
def _dense_jacobian(y, k, u, jac):
    """Forward-difference Jacobian of the dynamic block (for the structure probe)."""
    m = N_DYNAMIC
    f0 = np.empty(y.shape[0])
    f1 = np.empty(y.shape[0])
    w = y.copy()
    derivatives(y, k, u, f0)
    for j in range(m):
        delta = 1e-7 * max(abs(y[j]), 1e-3)
        w[j] = y[j] + delta
        derivatives(w, k, u, f1)
        for i in range(m):
            jac[i, j] = (f1[i] - f0[i]) / delta
        w[j] = y[j]


def jacobian_structure(y0, k, u, probes: int = 24, seed: int = 12345):
    """Sparsity of the dynamic Jacobian and the symbolic LU, as arrays for the solver.

    The pattern is the union of the finite-difference Jacobians at ``probes`` states
    around ``y0`` (each state scaled by e^N(0, 1), depots filled, inputs perturbed),
    for the first subject's constants ``k`` and inputs ``u``; the diagonal is always
    in. An entry it misses only makes ``A`` a coarser approximation (a W-method keeps
    its order). Returns a tuple of int64 arrays (see :func:`integrate_subject`).
    """
    rng = np.random.default_rng(seed)
    m = N_DYNAMIC
    pat = np.eye(m, dtype=bool)
    jac = np.zeros((m, m))
    y0 = np.asarray(y0, dtype=float)
    u = np.asarray(u, dtype=float)
    for i in range(probes):
        y = y0.copy()
        uu = u.copy()
        if i > 0:
            y[:m] = np.abs(y0[:m]) * np.exp(rng.normal(0.0, 1.0, m)) + rng.uniform(0.0, 1.0, m) * (y0[:m] == 0)
            uu = np.abs(u) * np.exp(rng.normal(0.0, 0.5, u.shape)) + rng.uniform(0.0, 100.0, u.shape) * (u == 0)
        _dense_jacobian(y, k, uu, jac)
        pat |= np.isfinite(jac) & (jac != 0.0)
    # symbolic LU, natural order, no pivoting
    fill = pat.copy()
    for c in range(m):
        rows = np.nonzero(fill[c + 1 :, c])[0] + c + 1
        for r in rows:
            fill[r, c + 1 :] |= fill[c, c + 1 :]

    def csr(mask):
        ptr = np.zeros(m + 1, dtype=np.int64)
        idx = []
        for r in range(m):
            cols = np.nonzero(mask[r])[0]
            idx.extend(cols.tolist())
            ptr[r + 1] = len(idx)
        return ptr, np.asarray(idx, dtype=np.int64)

    tri = np.tri(m, m, -1, dtype=bool)
    j_ptr, j_idx = csr(pat)  # rows of A (matvec, W assembly)
    l_ptr, l_idx = csr(fill & tri)  # strict lower rows of the LU
    u_ptr, u_idx = csr(fill & tri.T)  # strict upper rows of the LU
    lc_ptr, lc_idx = csr((fill & tri).T)  # strict lower, by column: rows eliminated by c
    # column groups for the finite-difference Jacobian (no two share a row)
    group_of = -np.ones(m, dtype=np.int64)
    rows_used: list[np.ndarray] = []
    for j in range(m):
        for g, used in enumerate(rows_used):
            if not np.any(used & pat[:, j]):
                group_of[j] = g
                used |= pat[:, j]
                break
        else:
            group_of[j] = len(rows_used)
            rows_used.append(pat[:, j].copy())
    g_ptr = np.zeros(len(rows_used) + 1, dtype=np.int64)
    g_idx = np.zeros(m, dtype=np.int64)
    pos = 0
    for g in range(len(rows_used)):
        cols = np.nonzero(group_of == g)[0]
        g_idx[pos : pos + cols.size] = cols
        pos += cols.size
        g_ptr[g + 1] = pos
    jc_ptr, jc_idx = csr(pat.T)  # rows of column j of A
    return (j_ptr, j_idx, jc_ptr, jc_idx, l_ptr, l_idx, u_ptr, u_idx, lc_ptr, lc_idx, g_ptr, g_idx)


# ---- linear algebra ----------------------------------------------------------------------------


@njit(cache=True)
def _jacobian(y, k, u, f0, scale, jac, wy, wf, jc_ptr, jc_idx, g_ptr, g_idx, delta):
    """Grouped forward differences on the pattern (columns of a group share no row)."""
    for g in range(g_ptr.shape[0] - 1):
        for q in range(g_ptr[g], g_ptr[g + 1]):
            j = g_idx[q]
            delta[j] = 1.5e-8 * max(abs(y[j]), scale[j])
            wy[j] = y[j] + delta[j]
        derivatives(wy, k, u, wf)
        for q in range(g_ptr[g], g_ptr[g + 1]):
            j = g_idx[q]
            for p in range(jc_ptr[j], jc_ptr[j + 1]):
                i = jc_idx[p]
                jac[i, j] = (wf[i] - f0[i]) / delta[j]
            wy[j] = y[j]


@njit(cache=True, fastmath=True)
def _sparse_lu(a, hg, jac, j_ptr, j_idx, l_ptr, l_idx, u_ptr, u_idx, lc_ptr, lc_idx, inv_diag):
    """``a = I - hg A`` on the fill pattern, factorised in place (L unit lower, U).

    Returns False when a pivot is tiny relative to its row (then use the dense LU).
    """
    m = N_DYNAMIC
    for r in range(m):
        for p in range(l_ptr[r], l_ptr[r + 1]):
            a[r, l_idx[p]] = 0.0
        for p in range(u_ptr[r], u_ptr[r + 1]):
            a[r, u_idx[p]] = 0.0
        a[r, r] = 1.0
        for p in range(j_ptr[r], j_ptr[r + 1]):
            c = j_idx[p]
            a[r, c] -= hg * jac[r, c]
    for c in range(m):
        piv = a[c, c]
        rowmax = abs(piv)
        for p in range(u_ptr[c], u_ptr[c + 1]):
            rowmax = max(rowmax, abs(a[c, u_idx[p]]))
        if not abs(piv) > PIVOT_MIN * rowmax:
            return False
        inv = 1.0 / piv
        inv_diag[c] = inv
        for p in range(lc_ptr[c], lc_ptr[c + 1]):
            r = lc_idx[p]
            f = a[r, c] * inv
            a[r, c] = f
            if f != 0.0:
                for q in range(u_ptr[c], u_ptr[c + 1]):
                    j = u_idx[q]
                    a[r, j] -= f * a[c, j]
    return True


@njit(cache=True, fastmath=True)
def _sparse_solve(a, b, l_ptr, l_idx, u_ptr, u_idx, inv_diag):
    m = N_DYNAMIC
    for r in range(m):
        s = b[r]
        for p in range(l_ptr[r], l_ptr[r + 1]):
            s -= a[r, l_idx[p]] * b[l_idx[p]]
        b[r] = s
    for r in range(m - 1, -1, -1):
        s = b[r]
        for p in range(u_ptr[r], u_ptr[r + 1]):
            s -= a[r, u_idx[p]] * b[u_idx[p]]
        b[r] = s * inv_diag[r]


@njit(cache=True, fastmath=True)
def _dense_lu(a, hg, jac, piv):
    """Dense ``I - hg A`` with partial pivoting (fallback)."""
    m = N_DYNAMIC
    for i in range(m):
        for j in range(m):
            a[i, j] = -hg * jac[i, j]
        a[i, i] += 1.0
    for c in range(m):
        p = c
        best = abs(a[c, c])
        for r in range(c + 1, m):
            if abs(a[r, c]) > best:
                best = abs(a[r, c])
                p = r
        piv[c] = p
        if p != c:
            for j in range(m):
                a[c, j], a[p, j] = a[p, j], a[c, j]
        inv = 1.0 / a[c, c]
        for r in range(c + 1, m):
            f = a[r, c] * inv
            a[r, c] = f
            if f != 0.0:
                for j in range(c + 1, m):
                    a[r, j] -= f * a[c, j]


@njit(cache=True, fastmath=True)
def _dense_solve(a, piv, b):
    m = N_DYNAMIC
    for c in range(m):
        p = piv[c]
        if p != c:
            b[c], b[p] = b[p], b[c]
    for r in range(1, m):
        s = b[r]
        for j in range(r):
            s -= a[r, j] * b[j]
        b[r] = s
    for r in range(m - 1, -1, -1):
        s = b[r]
        for j in range(r + 1, m):
            s -= a[r, j] * b[j]
        b[r] = s / a[r, r]


@njit(cache=True, fastmath=True)
def _stage_rhs(hs, f, jac, j_ptr, j_idx, c, kk):
    """``kk = hs (f + A c)`` on the dynamic block, ``hs f`` on the ledger."""
    m = N_DYNAMIC
    for i in range(m):
        s = f[i]
        for p in range(j_ptr[i], j_ptr[i + 1]):
            s += jac[i, j_idx[p]] * c[j_idx[p]]
        kk[i] = hs * s
    for i in range(m, f.shape[0]):
        kk[i] = hs * f[i]


# ---- the integrator ----------------------------------------------------------------------------


@njit(cache=True)
def integrate_subject(y0, k, seg_start, seg_u, dose_times, dose_amount, t_out, rtol, atol, scale,
                      structure, out, work):
    """Integrate one subject; writes the state at each ``t_out`` (h) into ``out``.

    ``seg_u[j]`` holds the inputs from ``seg_start[j]`` on (``seg_start[0]`` = 0).
    At each ``dose_times`` the teriparatide depot is *set* to ``dose_amount`` (pmol).
    ``atol`` (absolute tolerances) and ``scale`` (typical magnitudes, for the
    finite-difference increments) are per state; ``structure`` is
    :func:`jacobian_structure`'s tuple; ``work`` a (12, N_STATES) scratch array.
    Nothing is allocated inside the step loop.
    Returns (accepted steps, rejected steps, Jacobians, dense fallbacks); Jacobians
    is -1 when the step limit was hit.
    """
    j_ptr, j_idx, jc_ptr, jc_idx, l_ptr, l_idx, u_ptr, u_idx, lc_ptr, lc_idx, g_ptr, g_idx = structure
    n = y0.shape[0]
    m = N_DYNAMIC
    y, ynew, f, g = work[0], work[1], work[2], work[3]
    k1, k2, k3, k4 = work[4], work[5], work[6], work[7]
    wy, wf, c, delta = work[8], work[9], work[10], work[11]
    jac = np.zeros((m, m))
    mat = np.zeros((m, m))
    inv_diag = np.empty(m)
    piv = np.zeros(m, dtype=np.int64)
    for i in range(n):
        y[i] = y0[i]
        wy[i] = y0[i]

    t = 0.0
    t_end = t_out[-1]
    i_seg, i_dose, i_out = 0, 0, 0
    u = seg_u[0]
    h = RESTART_STEP_H
    need_jac = True
    since_jac = 0
    err_prev = 1.0
    n_acc, n_rej, n_jac, n_dense = 0, 0, 0, 0
    while True:
        # Events at t: input change, dose (SBML: the depot is set), then outputs
        while i_seg + 1 < seg_start.shape[0] and seg_start[i_seg + 1] <= t:
            i_seg += 1
            u = seg_u[i_seg]
            h = min(h, RESTART_STEP_H)
            need_jac = True
            err_prev = 1.0
        while i_dose < dose_times.shape[0] and dose_times[i_dose] <= t:
            # A dose only refills the (linear) depot: the Jacobian is unchanged.
            y[TERI_DEPOT] = dose_amount
            i_dose += 1
            h = min(h, RESTART_STEP_H)
            err_prev = 1.0
        while i_out < t_out.shape[0] and t_out[i_out] <= t:
            for i in range(n):
                out[i_out, i] = y[i]
            i_out += 1
        if t >= t_end:
            break
        stop = t_end
        if i_seg + 1 < seg_start.shape[0]:
            stop = min(stop, seg_start[i_seg + 1])
        if i_dose < dose_times.shape[0]:
            stop = min(stop, dose_times[i_dose])
        if i_out < t_out.shape[0]:
            stop = min(stop, t_out[i_out])
        # Adaptive steps up to the next event
        while t < stop:
            if n_acc + n_rej > MAX_STEPS:
                return n_acc, n_rej, -1, n_dense
            clipped = h >= stop - t
            hs = stop - t if clipped else h
            derivatives(y, k, u, f)
            if need_jac:
                for i in range(n):
                    wy[i] = y[i]
                _jacobian(y, k, u, f, scale, jac, wy, wf, jc_ptr, jc_idx, g_ptr, g_idx, delta)
                n_jac += 1
                need_jac = False
                since_jac = 0
            hg = hs * GAMMA
            sparse = _sparse_lu(mat, hg, jac, j_ptr, j_idx, l_ptr, l_idx, u_ptr, u_idx, lc_ptr, lc_idx,
                                inv_diag)
            if not sparse:
                _dense_lu(mat, hg, jac, piv)
                n_dense += 1
            # stage 1
            for i in range(n):
                k1[i] = hs * f[i]
            if sparse:
                _sparse_solve(mat, k1, l_ptr, l_idx, u_ptr, u_idx, inv_diag)
            else:
                _dense_solve(mat, piv, k1)
            # stage 2
            for i in range(n):
                g[i] = y[i] + A21 * k1[i]
            derivatives(g, k, u, f)
            for j in range(m):
                c[j] = G21 * k1[j]
            _stage_rhs(hs, f, jac, j_ptr, j_idx, c, k2)
            if sparse:
                _sparse_solve(mat, k2, l_ptr, l_idx, u_ptr, u_idx, inv_diag)
            else:
                _dense_solve(mat, piv, k2)
            # stage 3
            for i in range(n):
                g[i] = y[i] + A31 * k1[i] + A32 * k2[i]
            derivatives(g, k, u, f)
            for j in range(m):
                c[j] = G31 * k1[j] + G32 * k2[j]
            _stage_rhs(hs, f, jac, j_ptr, j_idx, c, k3)
            if sparse:
                _sparse_solve(mat, k3, l_ptr, l_idx, u_ptr, u_idx, inv_diag)
            else:
                _dense_solve(mat, piv, k3)
            # stage 4 (alpha_4 = (0, 0, 1))
            for i in range(n):
                g[i] = y[i] + A41 * k1[i] + A42 * k2[i] + A43 * k3[i]
            derivatives(g, k, u, f)
            for j in range(m):
                c[j] = G41 * k1[j] + G42 * k2[j] + G43 * k3[j]
            _stage_rhs(hs, f, jac, j_ptr, j_idx, c, k4)
            if sparse:
                _sparse_solve(mat, k4, l_ptr, l_idx, u_ptr, u_idx, inv_diag)
            else:
                _dense_solve(mat, piv, k4)
            # solution; error estimate over the dynamic states
            err = 0.0
            finite = True
            for i in range(n):
                ynew[i] = y[i] + B1 * k1[i] + B2 * k2[i] + B3 * k3[i] + B4 * k4[i]
                if i < m:
                    e = E1 * k1[i] + E2 * k2[i] + E3 * k3[i] + E4 * k4[i]
                    sc = atol[i] + rtol * max(abs(y[i]), abs(ynew[i]))
                    err += (e / sc) ** 2
                if not math.isfinite(ynew[i]):
                    finite = False
            err = math.sqrt(err / m)
            if err <= 1.0 and finite:
                t = stop if clipped else t + hs
                for i in range(n):
                    y[i] = ynew[i]
                n_acc += 1
                since_jac += 1
                if since_jac >= JACOBIAN_EVERY:
                    need_jac = True
                e_acc = max(err, 1e-4)
                fac = SAFETY * e_acc ** (-PI_ALPHA) * err_prev ** PI_BETA
                err_prev = e_acc
                hn = hs * min(5.0, max(0.2, fac))
                h = max(h, hn) if clipped else hn
            else:
                n_rej += 1
                fac = SAFETY * (err + 1e-10) ** (-1.0 / 3.0) if finite else 0.1
                h = hs * min(0.5, max(0.1, fac))
                need_jac = since_jac > 0 or need_jac
    return n_acc, n_rej, n_jac, n_dense


@njit(cache=True, parallel=True)
def integrate_batch(y0, k, seg_start, seg_u, dose_times, dose_amount, t_out, rtol, atol, scale,
                    structure):
    """All subjects in parallel. ``seg_u`` (n, n_seg, N_INPUTS); ``dose_amount`` (n,).

    Returns the states at ``t_out`` (n, n_out, N_STATES) and step statistics (n, 4):
    accepted, rejected, Jacobians (-1: step limit), dense-LU fallbacks.
    """
    n_sub = y0.shape[0]
    out = np.full((n_sub, t_out.shape[0], N_STATES), np.nan)
    stats = np.zeros((n_sub, 4), dtype=np.int64)
    for s in prange(n_sub):
        work = np.empty((12, N_STATES))
        a, r, j, d = integrate_subject(
            y0[s], k[s], seg_start, seg_u[s], dose_times, dose_amount[s], t_out, rtol,
            atol[s], scale[s], structure, out[s], work,
        )
        stats[s, 0], stats[s, 1], stats[s, 2], stats[s, 3] = a, r, j, d
    return out, stats
