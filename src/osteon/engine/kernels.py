"""numba kernels of :class:`osteon.model.BoneModel` for the batch engine.

One subject is a block of ``BLOCK_SIZE = 4 x 11`` states (site-major). ``D`` holds the
time-only drives of the subject, ``(4, N_DRIVES)`` (:meth:`BoneModel.site_drives`),
``C`` the site constants ``(4, len(SITE_CONSTANTS))`` and ``P`` the
:data:`~osteon.model.CoreParams`. The equations are :func:`osteon.model.site_rhs`,
compiled as they are.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from osteon.engine.jit import register_physiology
from osteon.model import N_DRIVES, N_SITES, N_STATES, site_rhs

register_physiology()
_site_rhs = njit(cache=True)(site_rhs)
_ACTIVE = N_DRIVES - 1
FD_STEP = 1e-7  # relative forward-difference step of the Jacobian (as BoneModel.jacobian)


@njit(cache=True)
def subject_rhs(y, D, C, P, out):
    """Derivatives of one subject's states ``y`` (``(44,)``) into ``out``."""
    for s in range(N_SITES):
        o = s * N_STATES
        if D[s, _ACTIVE] == 0.0:
            for k in range(N_STATES):
                out[o + k] = 0.0
            continue
        r = _site_rhs(y[o : o + N_STATES], D[s], C[s], P)
        for k in range(N_STATES):
            out[o + k] = r[k]


@njit(cache=True)
def subject_jac(y, D, C, P, f0, J):
    """Forward-difference Jacobian of one subject into ``J`` (``(44, 44)``), site blocks only.

    ``f0`` is :func:`subject_rhs` at ``y``. Entries between sites are left untouched
    (callers pass a zeroed ``J``).
    """
    yp = np.empty(N_STATES)
    for s in range(N_SITES):
        o = s * N_STATES
        if D[s, _ACTIVE] == 0.0:
            for i in range(N_STATES):
                for j in range(N_STATES):
                    J[o + i, o + j] = 0.0
            continue
        for j in range(N_STATES):
            for k in range(N_STATES):
                yp[k] = y[o + k]
            hj = FD_STEP * max(abs(yp[j]), 1e-3)
            yp[j] += hj
            hj = yp[j] - y[o + j]
            r = _site_rhs(yp, D[s], C[s], P)
            for i in range(N_STATES):
                J[o + i, o + j] = (r[i] - f0[o + i]) / hj
