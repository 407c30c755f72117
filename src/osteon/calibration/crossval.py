"""Fits by bounded Gauss-Newton steps, in-sample and cross-validated by study.

Each fit minimizes ``||r||^2 + ridge ||z - z_start||^2`` of the linearized residuals
``r(z) = r_k + J_k (z - z_k)`` in normalized coordinates ``z = (theta - low) / (high -
low)``, inside ``[0, 1]`` and a trust region of ``trust`` around ``z_k`` (bounded linear
least squares, ``scipy.optimize.lsq_linear``); each further iteration re-linearizes at the
new point with a forward-difference Jacobian (step ``step``) on the training trials only.

The cross-validated prediction of a target is the *simulated* value (not the linearized
one) at the parameters fitted without its fold, so the table is honest about what the
fit predicts; the linearization only decides where to move.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.optimize import lsq_linear

from osteon.calibration.targets import Target, agrees, residuals


@dataclass
class FitSettings:
    iterations: int = 1
    step: float = 0.02
    trust: float = 0.25
    ridge: float = 1e-3
    #: "linear": least squares; "cauchy": each row weighted by ``1 / sqrt(1 + (r / scale)^2)``
    #: at the current residual (one IRLS pass of the Cauchy loss ``scale^2 log(1 + (r /
    #: scale)^2)``), so an endpoint the model misses by many tolerances cannot drive the step
    #: that near-edge endpoints pay for
    loss: str = "linear"
    loss_scale: float = 1.0


def robust_row_weights(r, loss: str = "linear", scale: float = 1.0):
    """Row scales of the linearized residuals for ``loss`` (all 1 for least squares).

    >>> [round(float(w), 3) for w in robust_row_weights(np.array([0.0, 1.0, 5.0]), "cauchy")]
    [1.0, 0.707, 0.196]
    """
    r = np.asarray(r, float)
    if loss == "linear":
        return np.ones_like(r)
    if loss == "cauchy":
        if not scale > 0:
            raise ValueError(f"loss_scale must be positive, got {scale!r} (e.g. 1.0)")
        return 1.0 / np.sqrt(1.0 + (r / scale) ** 2)
    raise ValueError(f"unknown loss {loss!r}: use 'linear' or 'cauchy'")


def jacobian(ev, z, lo, hi, targets, units, S0, step):
    """Forward-difference ``d r / d z`` (normalized coordinates) on ``units``."""
    pts, dz = [], []
    for j in range(z.size):
        zj = z.copy()
        h = step if z[j] + step <= 1.0 else -step
        zj[j] += h
        pts.append(lo + zj * (hi - lo))
        dz.append(h)
    S, _ = ev.simulate(pts, targets, units=units)
    r0 = residuals(S0, targets)
    J = np.zeros((len(targets), z.size))
    for j in range(z.size):
        rj = residuals(S[j], targets)
        col = (rj - r0) / dz[j]
        ok = np.isfinite(S[j]) & np.isfinite(S0)
        J[:, j] = np.where(ok, col, 0.0)
    return J


def gn_step(r, J, z, mask, s: FitSettings):
    """One bounded, ridge-damped Gauss-Newton step on the rows in ``mask`` (rows weighted by
    :func:`robust_row_weights` of ``s.loss``)."""
    w = robust_row_weights(r[mask], s.loss, s.loss_scale)
    A, b = J[mask] * w[:, None], -r[mask] * w
    p = z.size
    A = np.vstack([A, np.sqrt(s.ridge) * np.eye(p)])
    b = np.concatenate([b, np.zeros(p)])
    lo = np.maximum(0.0, z - s.trust) - z
    hi = np.minimum(1.0, z + s.trust) - z
    hi = np.maximum(hi, lo + 1e-12)
    d = lsq_linear(A, b, bounds=(lo, hi)).x
    return np.clip(z + d, 0.0, 1.0)


def fit(ev, z0, S0, J0, lo, hi, targets, mask, s: FitSettings):
    """Fit on the targets in ``mask``; returns ``(z, S at z on mask units or None, J)``."""
    units = sorted({targets[i].unit for i in np.flatnonzero(mask)})
    z, S, J = z0.copy(), S0, J0
    for it in range(s.iterations):
        z_new = gn_step(residuals(S, targets), J, z, mask, s)
        z = z_new
        if it + 1 < s.iterations:
            S = ev.simulate([lo + z * (hi - lo)], targets, units=units)[0][0]
            J = jacobian(ev, z, lo, hi, targets, units, S, s.step)
    return z, J


def summarize(targets: list[Target], S, mask=None) -> dict:
    """Share of targets that agree, overall and by source."""
    c = np.array([t.centre for t in targets])
    tol = np.array([t.tolerance for t in targets])
    ok = agrees(S, c, tol)
    src = np.array([t.source for t in targets])
    mask = np.ones(len(targets), bool) if mask is None else mask
    out = {}
    for name, sel in [("all", mask), ("shared", mask & (src == "shared")),
                      ("project", mask & (src == "project")),
                      ("anchor", mask & (src == "anchor"))]:
        n = int(sel.sum())
        out[name] = {"agree": int(ok[sel].sum()), "n": n,
                     "fraction": round(float(ok[sel].mean()), 4) if n else None}
    return out
