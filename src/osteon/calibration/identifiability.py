"""Identifiability at the optimum: Fisher information, standard errors, Laplace covariance.

The objective is ``sum_i (w_i (s_i - c_i) / t_i)^2``: residual ``i`` scaled by its
agreement tolerance ``t_i`` and weight ``w_i``, so that the residual vector ``r`` is in
units of "edges of agreement". Treating ``r`` as Gaussian with unit variance, the
Fisher information of the parameters ``theta`` is ``F = J^T J`` with ``J = dr/dtheta``
(equivalently ``J_s^T W J_s`` with ``W = diag(w_i^2 / t_i^2)`` for the Jacobian
``J_s`` of the simulated values), and the Laplace approximation of the posterior (flat
prior inside the plausible range) is ``N(theta_hat, s^2 F^-1)``. ``s^2`` is the
residual variance ``sum r^2 / (n - p)`` when ``inflate`` is set (the tolerances are not
the real error scale: the misfit says how large it is), else 1.

A parameter is *not pinned down* when its standard error exceeds ``se_fraction`` of its
plausible range, or when ``F`` is singular in its direction; it is *at a bound* when it
lies within 2 % of the range from a bound (there the Gaussian approximation is poor and
the standard error is a lower bound of the uncertainty).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from osteon.calibration.bounds import AT_BOUND_FRACTION


@dataclass
class Identifiability:
    """Fisher information and what it says, in physical units of each parameter."""

    names: list[str]
    values: np.ndarray
    low: np.ndarray
    high: np.ndarray
    fisher: np.ndarray  # in physical units
    covariance: np.ndarray  # Laplace covariance, physical units
    se: np.ndarray
    correlation: np.ndarray
    residual_variance: float
    condition_number: float
    not_identified: list[str] = field(default_factory=list)
    at_bound: list[str] = field(default_factory=list)
    strongly_correlated: list[tuple[str, str, float]] = field(default_factory=list)

    def to_dict(self) -> dict:
        def m(a):
            return [[float(x) for x in row] for row in a]
        return {
            "parameters": list(self.names),
            "values": [float(x) for x in self.values],
            "low": [float(x) for x in self.low],
            "high": [float(x) for x in self.high],
            "standard_error": [float(x) for x in self.se],
            "se_over_range": [float(s / (h - lo)) for s, lo, h in
                              zip(self.se, self.low, self.high, strict=True)],
            "fisher_information": m(self.fisher),
            "laplace_covariance": m(self.covariance),
            "correlation": m(self.correlation),
            "residual_variance": float(self.residual_variance),
            "condition_number": float(self.condition_number),
            "not_identified": list(self.not_identified),
            "at_bound": list(self.at_bound),
            "strongly_correlated": [list(t) for t in self.strongly_correlated],
        }

    def summary_lines(self) -> list[str]:
        out = [f"{'parameter':34s} {'value':>10s} {'SE':>10s} {'SE/range':>8s}  flags"]
        for i, n in enumerate(self.names):
            rng = self.high[i] - self.low[i]
            flags = []
            if n in self.not_identified:
                flags.append("not pinned down")
            if n in self.at_bound:
                flags.append("at bound")
            out.append(f"{n:34s} {self.values[i]:10.4g} {self.se[i]:10.3g} "
                       f"{self.se[i] / rng:8.3f}  {', '.join(flags)}")
        for a, b, c in self.strongly_correlated:
            out.append(f"correlation {a} ~ {b}: {c:+.2f}")
        out.append(f"condition number of F (normalized coordinates): {self.condition_number:.3g}")
        return out


def identifiability(jacobian: np.ndarray, residuals: np.ndarray, names: list[str],
                    values: np.ndarray, low: np.ndarray, high: np.ndarray, *,
                    inflate: bool = True, se_fraction: float = 0.25,
                    bound_fraction: float = AT_BOUND_FRACTION,
                    corr_threshold: float = 0.9) -> Identifiability:
    """Fisher information, Laplace covariance and flags from the residual Jacobian.

    Parameters
    ----------
    jacobian
        ``dr/dtheta`` of the weighted, tolerance-scaled residuals, ``(n, p)``, in
        physical units of each parameter.
    residuals
        ``r`` at the optimum, ``(n,)`` (non-finite entries are dropped with their rows).
    names, values, low, high
        The parameters, their fitted values and plausible ranges.
    """
    J = np.asarray(jacobian, float)
    r = np.asarray(residuals, float)
    values, low, high = (np.asarray(a, float) for a in (values, low, high))
    ok = np.isfinite(r) & np.all(np.isfinite(J), axis=1)
    J, r = J[ok], r[ok]
    n, p = J.shape
    width = high - low
    Jz = J * width  # normalized coordinates: theta = low + z * width
    Fz = Jz.T @ Jz
    s2 = float(r @ r / max(n - p, 1)) if inflate else 1.0
    evals, evecs = np.linalg.eigh(Fz)
    tiny = max(evals.max(), 1e-300) * 1e-12
    cond = float(evals.max() / evals.min()) if evals.min() > tiny else float("inf")
    inv = np.where(evals > tiny, 1.0 / np.where(evals > tiny, evals, 1.0), 0.0)
    cov_z = (evecs * inv) @ evecs.T * s2
    # a direction with no information has unbounded variance: mark its parameters
    null = evals <= tiny
    infinite = np.zeros(p, bool)
    if null.any():
        infinite = np.any(np.abs(evecs[:, null]) > 1e-6, axis=1)
    se_z = np.sqrt(np.clip(np.diag(cov_z), 0.0, None))
    se_z = np.where(infinite, np.inf, se_z)
    cov = cov_z * np.outer(width, width)
    se = se_z * width
    d = np.sqrt(np.clip(np.diag(cov_z), 1e-300, None))
    corr = cov_z / np.outer(d, d)
    np.fill_diagonal(corr, 1.0)
    F = Fz / np.outer(width, width)
    res = Identifiability(list(names), values, low, high, F, cov, se, corr, s2, cond)
    for i, nm in enumerate(names):
        if not np.isfinite(se_z[i]) or se_z[i] > se_fraction:
            res.not_identified.append(nm)
        if values[i] - low[i] <= bound_fraction * width[i] or \
                high[i] - values[i] <= bound_fraction * width[i]:
            res.at_bound.append(nm)
    for i in range(p):
        for j in range(i + 1, p):
            if abs(corr[i, j]) >= corr_threshold:
                res.strongly_correlated.append((names[i], names[j], float(corr[i, j])))
    return res


def laplace_covariance() -> dict | None:
    """The Laplace covariance saved beside ``calibrated.json`` (``None`` if absent).

    Keys include ``parameters``, ``values``, ``laplace_covariance`` (physical units),
    ``standard_error`` and the provenance (``data_sha256``, ``settings``), so that a
    forecast can draw parameter sets from ``N(values, laplace_covariance)``.
    """
    import json
    from importlib import resources

    try:
        text = resources.files("osteon.parameters").joinpath(
            "calibrated_covariance.json").read_text()
    except FileNotFoundError:
        return None
    return json.loads(text)
