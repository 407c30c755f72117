"""Compiled stiff solver for the calcium system: ROS34PW2, stepping exactly to events.

A Rosenbrock-W method of order 3 with an embedded order-2 error estimate, stiffly
accurate and L-stable (Rang J & Angermann L, BIT Numer Math 2005;45:761; the
coefficients are those of their Table "ROS34PW2"). A W-method keeps its order with
any approximation of the Jacobian, so the finite-difference Jacobian is computed only
at an event (a dose, an input change), after a rejected step and every
``JACOBIAN_EVERY`` accepted steps; each step costs one LU factorisation of
``I - h gamma J`` and four right-hand sides.

The solver stops exactly at every dose time (the SBML event sets the teriparatide
depot there), every input change and every output time, so no dense output is
needed and no discontinuity is stepped over. Subjects are independent: one compiled
solve per subject, run in parallel with ``prange`` (performance notes: one solve per
subject beat batching on these 2-core machines).
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit, prange

from osteon.physiology.calcium.system import N_DYNAMIC, N_STATES, TERI_DEPOT, derivatives

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

JACOBIAN_EVERY = 12
RESTART_STEP_H = 0.02
MAX_STEPS = 50_000_000


@njit(cache=True)
def _jacobian(y, k, u, f0, scale, jac, work_y, work_f):
    """Forward-difference Jacobian; columns of the ledger (read by nothing) stay zero."""
    n = y.shape[0]
    for i in range(n):
        for j in range(n):
            jac[i, j] = 0.0
    for i in range(n):
        work_y[i] = y[i]
    for j in range(N_DYNAMIC):
        delta = 1.5e-8 * max(abs(y[j]), scale[j])
        work_y[j] = y[j] + delta
        derivatives(work_y, k, u, work_f)
        for i in range(n):
            jac[i, j] = (work_f[i] - f0[i]) / delta
        work_y[j] = y[j]


@njit(cache=True, fastmath=True)
def _lu(a, piv):
    """In-place LU with partial pivoting of the leading N_DYNAMIC block.

    The ledger rows below it are eliminated against that block (their own diagonal
    is 1 and nothing depends on them).
    """
    m = N_DYNAMIC
    n = a.shape[0]
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
        for r in range(c + 1, n):
            f = a[r, c] * inv
            if f != 0.0:
                a[r, c] = f
                for j in range(c + 1, m):
                    a[r, j] -= f * a[c, j]


@njit(cache=True, fastmath=True)
def _solve(a, piv, b):
    """Solve with the factors of :func:`_lu` (ledger rows have unit diagonal)."""
    m = N_DYNAMIC
    n = a.shape[0]
    for c in range(m):
        p = piv[c]
        if p != c:
            b[c], b[p] = b[p], b[c]
    for r in range(1, n):
        s = b[r]
        for j in range(min(r, m)):
            s -= a[r, j] * b[j]
        b[r] = s
    for r in range(m - 1, -1, -1):
        s = b[r]
        for j in range(r + 1, m):
            s -= a[r, j] * b[j]
        b[r] = s / a[r, r]


@njit(cache=True, fastmath=True)
def _matvec(jac, v, out):
    """``out = J v`` over the Jacobian's non-zero (dynamic) columns."""
    for i in range(jac.shape[0]):
        s = 0.0
        for j in range(N_DYNAMIC):
            s += jac[i, j] * v[j]
        out[i] = s


@njit(cache=True)
def integrate_subject(y0, k, seg_start, seg_u, dose_times, dose_amount, t_out, rtol, atol, scale, out):
    """Integrate one subject; writes the state at each ``t_out`` (h) into ``out``.

    ``seg_u[j]`` holds the inputs from ``seg_start[j]`` on (``seg_start[0]`` = 0).
    At each ``dose_times`` the teriparatide depot is *set* to ``dose_amount`` (pmol).
    ``atol`` (absolute tolerances) and ``scale`` (typical magnitudes, for the
    finite-difference increments) are per state. Returns (accepted steps, rejected
    steps, Jacobians).
    """
    n = y0.shape[0]
    y = y0.copy()
    ynew = np.empty(n)
    f = np.empty(n)
    g = np.empty(n)
    k1, k2, k3, k4 = np.empty(n), np.empty(n), np.empty(n), np.empty(n)
    jac = np.zeros((n, n))
    mat = np.empty((n, n))
    piv = np.zeros(n, dtype=np.int64)
    wy, wf = np.empty(n), np.empty(n)
    c, jc = np.zeros(n), np.empty(n)

    t = 0.0
    t_end = t_out[-1]
    i_seg, i_dose, i_out = 0, 0, 0
    u = seg_u[0]
    h = RESTART_STEP_H
    need_jac = True
    since_jac = 0
    n_acc, n_rej, n_jac = 0, 0, 0
    while True:
        # Events at t: input change, dose (SBML: the depot is set), then outputs
        while i_seg + 1 < seg_start.shape[0] and seg_start[i_seg + 1] <= t:
            i_seg += 1
            u = seg_u[i_seg]
            h = min(h, RESTART_STEP_H)
            need_jac = True
        while i_dose < dose_times.shape[0] and dose_times[i_dose] <= t:
            # A dose only refills the (linear) depot: the Jacobian is unchanged.
            y[TERI_DEPOT] = dose_amount
            i_dose += 1
            h = min(h, RESTART_STEP_H)
        while i_out < t_out.shape[0] and t_out[i_out] <= t:
            out[i_out, :] = y
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
                return n_acc, n_rej, -1
            clipped = h >= stop - t
            hs = stop - t if clipped else h
            derivatives(y, k, u, f)
            if need_jac:
                _jacobian(y, k, u, f, scale, jac, wy, wf)
                n_jac += 1
                need_jac = False
                since_jac = 0
            hg = hs * GAMMA
            for i in range(n):
                for j in range(n):
                    mat[i, j] = -hg * jac[i, j]
                mat[i, i] += 1.0
            _lu(mat, piv)
            # stage 1
            for i in range(n):
                k1[i] = hs * f[i]
            _solve(mat, piv, k1)
            # stage 2
            for i in range(n):
                g[i] = y[i] + A21 * k1[i]
            derivatives(g, k, u, f)
            for j in range(N_DYNAMIC):
                c[j] = G21 * k1[j]
            _matvec(jac, c, jc)
            for i in range(n):
                k2[i] = hs * (f[i] + jc[i])
            _solve(mat, piv, k2)
            # stage 3
            for i in range(n):
                g[i] = y[i] + A31 * k1[i] + A32 * k2[i]
            derivatives(g, k, u, f)
            for j in range(N_DYNAMIC):
                c[j] = G31 * k1[j] + G32 * k2[j]
            _matvec(jac, c, jc)
            for i in range(n):
                k3[i] = hs * (f[i] + jc[i])
            _solve(mat, piv, k3)
            # stage 4 (alpha_4 = (0, 0, 1))
            for i in range(n):
                g[i] = y[i] + A41 * k1[i] + A42 * k2[i] + A43 * k3[i]
            derivatives(g, k, u, f)
            for j in range(N_DYNAMIC):
                c[j] = G41 * k1[j] + G42 * k2[j] + G43 * k3[j]
            _matvec(jac, c, jc)
            for i in range(n):
                k4[i] = hs * (f[i] + jc[i])
            _solve(mat, piv, k4)
            # solution, error estimate
            err = 0.0
            for i in range(n):
                ynew[i] = y[i] + B1 * k1[i] + B2 * k2[i] + B3 * k3[i] + B4 * k4[i]
                e = (B1 - BH1) * k1[i] + (B2 - BH2) * k2[i] + (B3 - BH3) * k3[i] + (B4 - BH4) * k4[i]
                sc = atol[i] + rtol * max(abs(y[i]), abs(ynew[i]))
                err += (e / sc) ** 2
            err = math.sqrt(err / n)
            fac = 0.9 * (err + 1e-10) ** (-1.0 / 3.0)
            if err <= 1.0 and np.all(np.isfinite(ynew)):
                t = stop if clipped else t + hs
                for i in range(n):
                    y[i] = ynew[i]
                n_acc += 1
                since_jac += 1
                if since_jac >= JACOBIAN_EVERY:
                    need_jac = True
                hn = hs * min(5.0, max(0.2, fac))
                h = max(h, hn) if clipped else hn
            else:
                n_rej += 1
                h = hs * min(0.5, max(0.1, fac))
                need_jac = since_jac > 0 or need_jac
    return n_acc, n_rej, n_jac


@njit(cache=True, parallel=True)
def integrate_batch(y0, k, seg_start, seg_u, dose_times, dose_amount, t_out, rtol, atol, scale):
    """All subjects in parallel. ``seg_u`` (n, n_seg, N_INPUTS); ``dose_amount`` (n,).

    Returns the states at ``t_out`` (n, n_out, N_STATES) and step statistics (n, 3).
    """
    n_sub = y0.shape[0]
    out = np.full((n_sub, t_out.shape[0], N_STATES), np.nan)
    stats = np.zeros((n_sub, 3), dtype=np.int64)
    for s in prange(n_sub):
        a, r, j = integrate_subject(
            y0[s], k[s], seg_start, seg_u[s], dose_times, dose_amount[s], t_out, rtol,
            atol[s], scale[s], out[s],
        )
        stats[s, 0], stats[s, 1], stats[s, 2] = a, r, j
    return out, stats
