"""Rodas4 steps for many subjects at once, each with its own time and step size (numba).

Rodas4 (Hairer & Wanner, Solving ODEs II, section VI.4; coefficients of ``rodas.f``,
``METH=1``) is a stiffly accurate, L-stable Rosenbrock method of order 4 with an embedded
order-3 error estimate. It needs one Jacobian and one LU factorisation per step and no
Newton iteration, which suits a right-hand side that is cheap once compiled. The
non-autonomous term ``df/dt`` is a forward difference in time (the drives are smooth
between protocol breakpoints, and steps never cross one).

:func:`attempt_steps` tries one step for each listed subject. The drives at the six stage
times are computed beforehand in numpy (``D[i, stage]``: ``t``, ``t + delta``,
``t + c2 h``, ``t + c3 h``, ``t + c4 h`` and ``t + h`` from the left), so the compiled code
never calls back into Python.

The Jacobian of a subject is a dense ``(b, b)`` block; the LU exploits the model's
``jacobian_structure`` ``(n_diag, m, n_sys)``: ``n_diag`` independent ``m x m`` diagonal
blocks are factorised separately (partial pivoting within each), and systemic states
(``n_sys > 0``, the calcium subsystem) through the Schur complement of the arrow.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from osteon.engine.kernels import subject_jac, subject_jac_generated, subject_rhs

GAMMA = 0.25
C2, C3, C4 = 0.386, 0.21, 0.63
D1, D2, D3, D4 = 0.25, -0.1043, 0.1035, -0.03620000000000023
A21 = 1.544
A31, A32 = 0.9466785280815826, 0.2557011698983284
A41, A42, A43 = 3.314825187068521, 2.896124015972201, 0.9986419139977817
A51, A52, A53, A54 = 1.221224509226641, 6.019134481288629, 12.53708332932087, -0.6878860361058950
C21 = -5.6688
C31, C32 = -2.430093356833875, -0.2063599157091915
C41, C42, C43 = -0.1073529058151375, -9.594562251023355, -20.47028614809616
C51, C52, C53, C54 = 7.496443313967647, -10.24680431464352, -33.99990352819905, 11.70890893206160
C61, C62, C63, C64, C65 = (8.083246795921522, -7.981132988064893, -31.52159432874371,
                           16.31930543123136, -6.058818238834054)
# Continuous output (rodas.f CONTRO): y(s) = (1-s) y0 + s (y1 + (1-s) (w2 + s w3)),
# w2 = sum_j D2j k_j, w3 = sum_j D3j k_j.
D21, D22, D23, D24, D25 = (10.12623508344586, -7.487995877610167, -34.80091861555747,
                           -7.992771707568823, 1.025137723295662)
D31, D32, D33, D34, D35 = (-0.6762803392801253, 6.087714651680015, 16.43084320892478,
                           24.76722511418386, -6.594389125716872)
STAGE_FRACTIONS = np.array([0.0, 0.0, C2, C3, C4, 1.0])
"""Stage times as fractions of the step (the second entry is the ``df/dt`` difference)."""
N_STAGE_TIMES = 6

SAFETY = 0.9
FAC_MIN, FAC_MAX = 0.2, 6.0


@njit(cache=True)
def _lu_factor(a, piv, o, m):
    """In-place LU with partial pivoting of the ``m x m`` block of ``a`` at offset ``o``."""
    for k in range(m):
        p = k
        big = abs(a[o + k, o + k])
        for i in range(k + 1, m):
            v = abs(a[o + i, o + k])
            if v > big:
                big, p = v, i
        piv[o + k] = o + p
        if big == 0.0:
            return False
        if p != k:
            for j in range(m):
                tmp = a[o + k, o + j]
                a[o + k, o + j] = a[o + p, o + j]
                a[o + p, o + j] = tmp
        inv = 1.0 / a[o + k, o + k]
        for i in range(k + 1, m):
            a[o + i, o + k] *= inv
            f = a[o + i, o + k]
            if f != 0.0:
                for j in range(k + 1, m):
                    a[o + i, o + j] -= f * a[o + k, o + j]
    return True


@njit(cache=True)
def _lu_solve(a, piv, o, m, x):
    """Solve in place with the factorised ``m x m`` block at offset ``o``."""
    for k in range(m):
        p = piv[o + k]
        if p != o + k:
            tmp = x[o + k]
            x[o + k] = x[p]
            x[p] = tmp
    for i in range(1, m):
        s = x[o + i]
        for j in range(i):
            s -= a[o + i, o + j] * x[o + j]
        x[o + i] = s
    for i in range(m - 1, -1, -1):
        s = x[o + i]
        for j in range(i + 1, m):
            s -= a[o + i, o + j] * x[o + j]
        x[o + i] = s / a[o + i, o + i]


@njit(cache=True)
def _factor(a, piv, n_diag, m, n_sys):
    """Factorise ``a`` in place, using its arrow structure (see :func:`_solve`).

    ``a = [[A, B], [C, D]]`` with ``A`` block diagonal (``n_diag`` blocks of ``m``) and
    ``n_sys`` systemic rows and columns: each block of ``A`` is factorised, ``B`` is
    overwritten by ``X = A^-1 B`` and ``D`` by the Schur complement ``S = D - C X``,
    factorised in turn. About a third of the work of a dense LU at 4 x 11 + 18; columns
    of ``B`` that are zero are skipped. ``piv`` has ``b + n_sys`` entries.
    """
    for blk in range(n_diag):
        if not _lu_factor(a, piv, blk * m, m):
            return False
    if n_sys == 0:
        return True
    o_s = n_diag * m
    b = a.shape[0]
    tmp = np.empty(b)
    # Most systemic columns are zero in the site rows (the sites read plasma PTH and
    # calcium only): their X column is zero, skipped here and in _solve (flags after
    # the pivots: piv[b + j] is 1 where column j of B has a non-zero).
    for j in range(n_sys):
        col = o_s + j
        nz = False
        for i in range(o_s):
            tmp[i] = a[i, col]
            if tmp[i] != 0.0:
                nz = True
        piv[b + j] = 1 if nz else 0
        if not nz:
            continue
        for blk in range(n_diag):
            _lu_solve(a, piv, blk * m, m, tmp)
        for i in range(o_s):
            a[i, col] = tmp[i]
    for j in range(o_s, b):
        if piv[b + j - o_s] == 0:
            continue
        for i in range(o_s, b):
            acc = a[i, j]
            for k in range(o_s):
                acc -= a[i, k] * a[k, j]
            a[i, j] = acc
    return _lu_factor(a, piv, o_s, n_sys)


@njit(cache=True)
def _solve(a, piv, n_diag, m, n_sys, x):
    """Solve ``a x = rhs`` in place with the arrow factorisation of :func:`_factor`:
    ``x_A = A^-1 b_A``; ``x_S = S^-1 (b_S - C x_A)``; ``x_A -= X x_S``."""
    for blk in range(n_diag):
        _lu_solve(a, piv, blk * m, m, x)
    if n_sys == 0:
        return
    o_s = n_diag * m
    b = a.shape[0]
    for i in range(o_s, b):
        acc = x[i]
        for k in range(o_s):
            acc -= a[i, k] * x[k]
        x[i] = acc
    _lu_solve(a, piv, o_s, n_sys, x)
    for j in range(o_s, b):
        if piv[b + j - o_s] == 0:  # a zero column of X (see _factor)
            continue
        xj = x[j]
        for i in range(o_s):
            x[i] -= a[i, j] * xj


@njit(cache=True)
def _one_step(y, t_delta, h, D, C, P, rtol, atol, n_diag, m, n_sys, y_new, w, generated_jac):
    """One Rodas4 step of one subject. Returns ``(error_norm, ok)``; ``y_new`` is written.

    ``generated_jac``: the Jacobian of :mod:`osteon.engine.jacgen` (else forward
    differences)."""
    b = y.shape[0]
    f0 = np.empty(b)
    ft = np.empty(b)
    f = np.empty(b)
    yt = np.empty(b)
    k1 = np.empty(b)
    k2 = np.empty(b)
    k3 = np.empty(b)
    k4 = np.empty(b)
    k5 = np.empty(b)
    k6 = np.empty(b)
    E = np.zeros((b, b))
    piv = np.empty(b + n_sys, dtype=np.int64)  # pivots, then _factor's column flags
    subject_rhs(y, D[0], C, P, f0)
    subject_rhs(y, D[1], C, P, ft)
    for k in range(b):
        ft[k] = (ft[k] - f0[k]) / t_delta
    if generated_jac:
        subject_jac_generated(y, D[0], C, P, f0, E)
    else:
        subject_jac(y, D[0], C, P, f0, E)
    fac = 1.0 / (h * GAMMA)
    for i in range(b):
        for j in range(b):
            E[i, j] = -E[i, j]
        E[i, i] += fac
    if not _factor(E, piv, n_diag, m, n_sys):
        return np.inf, False
    # Stage 1
    for k in range(b):
        k1[k] = f0[k] + h * D1 * ft[k]
    _solve(E, piv, n_diag, m, n_sys, k1)
    # Stage 2
    for k in range(b):
        yt[k] = y[k] + A21 * k1[k]
    subject_rhs(yt, D[2], C, P, f)
    for k in range(b):
        k2[k] = f[k] + C21 / h * k1[k] + h * D2 * ft[k]
    _solve(E, piv, n_diag, m, n_sys, k2)
    # Stage 3
    for k in range(b):
        yt[k] = y[k] + A31 * k1[k] + A32 * k2[k]
    subject_rhs(yt, D[3], C, P, f)
    for k in range(b):
        k3[k] = f[k] + (C31 * k1[k] + C32 * k2[k]) / h + h * D3 * ft[k]
    _solve(E, piv, n_diag, m, n_sys, k3)
    # Stage 4
    for k in range(b):
        yt[k] = y[k] + A41 * k1[k] + A42 * k2[k] + A43 * k3[k]
    subject_rhs(yt, D[4], C, P, f)
    for k in range(b):
        k4[k] = f[k] + (C41 * k1[k] + C42 * k2[k] + C43 * k3[k]) / h + h * D4 * ft[k]
    _solve(E, piv, n_diag, m, n_sys, k4)
    # Stage 5
    for k in range(b):
        yt[k] = y[k] + A51 * k1[k] + A52 * k2[k] + A53 * k3[k] + A54 * k4[k]
    subject_rhs(yt, D[5], C, P, f)
    for k in range(b):
        k5[k] = f[k] + (C51 * k1[k] + C52 * k2[k] + C53 * k3[k] + C54 * k4[k]) / h
    _solve(E, piv, n_diag, m, n_sys, k5)
    # Stage 6 (embedded estimate); the method is stiffly accurate
    for k in range(b):
        yt[k] += k5[k]
    subject_rhs(yt, D[5], C, P, f)
    for k in range(b):
        k6[k] = f[k] + (C61 * k1[k] + C62 * k2[k] + C63 * k3[k] + C64 * k4[k]
                        + C65 * k5[k]) / h
    _solve(E, piv, n_diag, m, n_sys, k6)
    err = 0.0
    for k in range(b):
        y_new[k] = yt[k] + k6[k]
        sk = atol + rtol * max(abs(y[k]), abs(y_new[k]))
        err += (k6[k] / sk) ** 2
    err = np.sqrt(err / b)
    for k in range(b):
        w[0, k] = D21 * k1[k] + D22 * k2[k] + D23 * k3[k] + D24 * k4[k] + D25 * k5[k]
        w[1, k] = D31 * k1[k] + D32 * k2[k] + D33 * k3[k] + D34 * k4[k] + D35 * k5[k]
    if not np.isfinite(err):
        return np.inf, False
    return err, True


@njit(cache=True)
def attempt_steps(idx, y, h, t_delta, D, C, P, rtol, atol, n_diag, m, n_sys,
                  accepted, h_next, err_out, w, generated_jac=True):
    """Try one step for each subject ``idx[j]``; accepted steps update ``y[idx[j]]``.

    ``D[j]`` holds the drives of subject ``j`` of the list at the six stage times,
    ``(6, rows, N_DRIVES)``. Writes ``accepted[j]``, the proposed next step
    ``h_next[j]`` and the error norm ``err_out[j]`` (inf for a non-finite step), and the
    continuous-output coefficients ``w[j]`` (``(2, b)``) of the step. ``generated_jac``
    picks the generated Jacobian (:mod:`osteon.engine.jacgen`) over forward differences.
    ``P`` is ``(CoreParams, calcium constants)`` with the constants record in a one-element
    array (cheap to pass from Python; the kernels read ``(CoreParams, record)``).
    """
    P = (P[0], P[1][0])
    b = y.shape[1]
    for j in range(idx.shape[0]):
        i = idx[j]
        y_new = np.empty(b)
        err, ok = _one_step(y[i], t_delta[j], h[j], D[j], C, P, rtol, atol,
                            n_diag, m, n_sys, y_new, w[j], generated_jac)
        err_out[j] = err
        if not ok:
            accepted[j] = False
            h_next[j] = h[j] * FAC_MIN
            continue
        if err <= 1.0:
            accepted[j] = True
            for k in range(b):
                y[i, k] = y_new[k]
            fac = FAC_MAX if err == 0.0 else min(FAC_MAX, max(FAC_MIN, SAFETY * err ** -0.25))
        else:
            accepted[j] = False
            fac = min(1.0, max(FAC_MIN, SAFETY * err ** -0.25))
        h_next[j] = h[j] * fac
