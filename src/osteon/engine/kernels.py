"""numba kernels of :class:`osteon.model.BoneModel` for the batch engine.

One subject is a block of ``BLOCK_SIZE`` states: four sites of 11 (site-major), then the
systemic states of the calcium subsystem. ``D`` holds the time-only drives of the subject,
``(5, N_DRIVES)`` (:meth:`BoneModel.site_drives`: one row per site, then the systemic
row), ``C`` the site constants ``(4, len(SITE_CONSTANTS))`` and ``P`` the pair
``(CoreParams, calcium constants record)`` (:attr:`BoneModel.engine_params`). The
equations are :func:`osteon.model.site_rhs`, :func:`osteon.model.skeletal_calcium_fluxes`
and :func:`osteon.physiology.calcium.skeleton.systemic_derivatives`, compiled as they are.

numba caches kernels keyed on their own file's time stamp only; the equations they inline
live elsewhere, so :mod:`osteon.engine.cache_guard` clears the cache when those change.
"""

from __future__ import annotations

import os

import numpy as np
from numba import njit

from osteon.engine.jit import register_physiology
from osteon.model import (
    D_ACTIVE,
    D_CA_REF,
    D_PTH_REF,
    D_SKELETAL_CALCIUM,
    N_SITES,
    N_STATES,
    SITE_BLOCK,
    SYSTEMIC_ROW,
    TOTAL_BODY,
    calcium_mineral_factor,
    pth_rankl_factor,
    site_rhs,
    skeletal_calcium_fluxes,
)
from osteon.physiology.calcium import skeleton as CA
from osteon.physiology.calcium import system as CS

register_physiology()
_site_rhs = njit(cache=True)(site_rhs)
_pth_factor = njit(cache=True)(pth_rankl_factor)
_ca_factor = njit(cache=True)(calcium_mineral_factor)
_skeletal_fluxes = njit(cache=True)(skeletal_calcium_fluxes)
FD_STEP = 1e-7  # relative forward-difference step of the Jacobian (as BoneModel.jacobian)
_N_INPUTS = CS.N_INPUTS
_N_PR = CS.N_STATES
_SYS_DYNAMIC = CA.N_SYSTEMIC_DYNAMIC


@njit(cache=True)
def _pth(y, D, P):
    core, K = P
    return _pth_factor(y[SITE_BLOCK + CA.SYS_PTH], D[SYSTEMIC_ROW, D_PTH_REF], K.ecf_volume,
                       core.rankl_pth_exponent)


@njit(cache=True)
def _cam(y, D, P):
    core, K = P
    return _ca_factor(y[SITE_BLOCK + CA.SYS_ECF_CALCIUM], D[SYSTEMIC_ROW, D_CA_REF],
                      K.ecf_volume, core.mineralization_calcium_exponent)


@njit(cache=True)
def _site(y, s, D, C, P, pth, cam, out):
    """Derivatives of site ``s`` into ``out[s*11 : (s+1)*11]``."""
    o = s * N_STATES
    r = _site_rhs(y[o : o + N_STATES], D[s], C[s], P[0], pth, cam)
    for k in range(N_STATES):
        out[o + k] = r[k]


@njit(cache=True)
def _systemic(y, D, C, P, out, full_y, full_dy):
    """Derivatives of the systemic states into ``out[SITE_BLOCK:]``."""
    core, K = P
    o = TOTAL_BODY * N_STATES
    release, uptake = _skeletal_fluxes(y[o : o + N_STATES], D[TOTAL_BODY], C[TOTAL_BODY], core,
                                       D[SYSTEMIC_ROW, D_SKELETAL_CALCIUM], _cam(y, D, P))
    CA.systemic_derivatives(y[SITE_BLOCK:], K, D[SYSTEMIC_ROW, :_N_INPUTS], release, uptake,
                            full_y, full_dy, out[SITE_BLOCK:])


@njit(cache=True)
def subject_rhs(y, D, C, P, out):
    """Derivatives of one subject's states ``y`` (``(BLOCK_SIZE,)``) into ``out``."""
    if D[SYSTEMIC_ROW, D_ACTIVE] == 0.0:
        # Before the 30th birthday nothing moves; the calcium ledger keeps counting the
        # steady flows (no jump at the birthday), as in BoneModel.evaluate.
        _systemic(y, D, C, P, out, np.empty(_N_PR), np.empty(_N_PR))
        for k in range(SITE_BLOCK + CA.LEDGER0):
            out[k] = 0.0
        return
    pth = _pth(y, D, P)
    cam = _cam(y, D, P)
    for s in range(N_SITES):
        _site(y, s, D, C, P, pth, cam, out)
    _systemic(y, D, C, P, out, np.empty(_N_PR), np.empty(_N_PR))


@njit(cache=True)
def subject_jac(y, D, C, P, f0, J):
    """Forward-difference Jacobian of one subject into ``J`` (``(BLOCK_SIZE, BLOCK_SIZE)``).

    Sites touch each other only through the systemic states: a site column changes its
    own site's rows (and, for the whole skeleton, the systemic rows); a systemic column
    changes the systemic rows (and, for PTH and plasma calcium, every site). ``f0`` is :func:`subject_rhs`
    at ``y``; entries never written are left as passed (callers pass a zeroed ``J``).
    """
    b = y.shape[0]
    if D[SYSTEMIC_ROW, D_ACTIVE] == 0.0:
        for i in range(b):
            for j in range(b):
                J[i, j] = 0.0
        return
    yp = y.copy()
    f = np.empty(b)
    full_y = np.empty(_N_PR)
    full_dy = np.empty(_N_PR)
    pth = _pth(y, D, P)
    cam = _cam(y, D, P)
    for s in range(N_SITES):
        o = s * N_STATES
        for j in range(N_STATES):
            col = o + j
            hj = FD_STEP * max(abs(y[col]), 1e-3)
            yp[col] = y[col] + hj
            hj = yp[col] - y[col]
            _site(yp, s, D, C, P, pth, cam, f)
            for i in range(N_STATES):
                J[o + i, col] = (f[o + i] - f0[o + i]) / hj
            if s == TOTAL_BODY:
                _systemic(yp, D, C, P, f, full_y, full_dy)
                for i in range(SITE_BLOCK, b):
                    J[i, col] = (f[i] - f0[i]) / hj
            yp[col] = y[col]
    for j in range(_SYS_DYNAMIC):
        col = SITE_BLOCK + j
        hj = FD_STEP * max(abs(y[col]), 1e-3)
        yp[col] = y[col] + hj
        hj = yp[col] - y[col]
        if j == CA.SYS_PTH or j == CA.SYS_ECF_CALCIUM:  # read by every site
            pth_p = _pth(yp, D, P)
            cam_p = _cam(yp, D, P)
            for s in range(N_SITES):
                _site(yp, s, D, C, P, pth_p, cam_p, f)
            for i in range(SITE_BLOCK):
                J[i, col] = (f[i] - f0[i]) / hj
        _systemic(yp, D, C, P, f, full_y, full_dy)
        for i in range(SITE_BLOCK, b):
            J[i, col] = (f[i] - f0[i]) / hj
        yp[col] = y[col]


# ------------------------------------------------------------------ generated Jacobian
# Differentiated from the traced right-hand side (osteon.engine.jacgen), never by hand:
# regenerated whenever the equations change. None where it cannot be generated.
_generated = None
if os.environ.get("OSTEON_JACOBIAN", "generated") != "fd":
    from osteon.engine.jacgen import load_generated

    _generated = load_generated()
HAVE_GENERATED_JACOBIAN = _generated is not None
"""Whether :func:`subject_jac_generated` is the generated Jacobian (else it differences)."""

if _generated is not None:
    _generated_core = _generated
else:
    @njit(cache=True)
    def _generated_core(y, D, C, P, J):  # pragma: no cover - fallback: finite differences
        f0 = np.empty(y.shape[0])
        subject_rhs(y, D, C, P, f0)
        subject_jac(y, D, C, P, f0, J)


@njit(cache=True)
def subject_jac_generated(y, D, C, P, f0, J):
    """The Jacobian of one subject from :mod:`osteon.engine.jacgen` (same contract as
    :func:`subject_jac`: non-zero entries written, the others left as passed; ``f0`` is
    unused)."""
    if D[SYSTEMIC_ROW, D_ACTIVE] == 0.0:
        for i in range(y.shape[0]):
            for j in range(y.shape[0]):
                J[i, j] = 0.0
        return
    _generated_core(y, D, C, P, J)
