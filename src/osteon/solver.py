"""The stiff solver and its settings.

The model is stiff (osteoclasts live days, bone volume changes over decades:
a stiffness ratio of about 10^3-10^4). The default is scipy's variable-order
BDF with the model's block-diagonal Jacobian sparsity, chosen by measurement
(``benchmarks/bench_solvers.py``; figures in the README). Integration is split
at every protocol breakpoint (a therapy starting or stopping), so the solver
steps to those times exactly instead of smearing them.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import numpy as np
from scipy.integrate import solve_ivp

from osteon.errors import OsteonInputError

METHODS = ("BDF", "LSODA", "Radau")


@dataclass(frozen=True)
class SolverSettings:
    """Keyword-only, immutable solver configuration.

    >>> SolverSettings(rtol=1e-7).rtol
    1e-07
    >>> SolverSettings(method="Euler")
    Traceback (most recent call last):
    ...
    osteon.errors.OsteonInputError: solver.method: 'Euler' is not one of BDF, LSODA, Radau. Valid example: method="BDF"
    """

    method: str = "BDF"
    rtol: float = 1e-6
    atol: float = 1e-9
    max_step_days: float = 365.25

    def __post_init__(self) -> None:
        if self.method not in METHODS:
            raise OsteonInputError(
                "solver.method",
                f"{self.method!r} is not one of {', '.join(METHODS)}",
                'method="BDF"',
            )
        if not (0 < self.rtol < 1) or not (0 < self.atol < 1):
            raise OsteonInputError("solver.rtol", "tolerances must lie in (0, 1)", "rtol=1e-6")

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class SolveOutcome:
    y: np.ndarray  # (n_times, n_flat)
    success: bool
    message: str
    nfev: int


def integrate(
    model, y0: np.ndarray, t0: float, t_eval: np.ndarray, breakpoints, settings: SolverSettings
):
    """Integrate ``model.rhs`` from ``t0`` through ``t_eval`` (days), splitting at breakpoints.

    Returns the states at ``t_eval`` (shape ``(len(t_eval), y0.size)``).
    """
    t_eval = np.asarray(t_eval, dtype=float)
    t_end = float(t_eval[-1])
    edges = sorted({t0, t_end, *[b for b in breakpoints if t0 < b < t_end]})
    y = np.asarray(y0, dtype=float).ravel().copy()
    out = np.full((t_eval.size, y.size), np.nan)
    if t_eval[0] == t0:
        out[0] = y
    use_jac = settings.method in ("BDF", "Radau")
    nfev = 0
    for a, b in zip(edges[:-1], edges[1:], strict=True):
        mask = (t_eval > a) & (t_eval <= b)
        kwargs = dict(
            method=settings.method,
            rtol=settings.rtol,
            atol=settings.atol,
            max_step=settings.max_step_days,
        )
        if use_jac:
            kwargs["jac"] = model.jacobian
        sol = solve_ivp(model.rhs, (a, b), y, t_eval=t_eval[mask] if mask.any() else None, **kwargs)
        nfev += sol.nfev
        if not sol.success:
            return SolveOutcome(
                out, False, f"solver failed between day {a:g} and {b:g}: {sol.message}", nfev
            )
        if mask.any():
            out[mask] = sol.y.T
        y = sol.y[:, -1].copy()
    if not np.all(np.isfinite(out)):
        return SolveOutcome(out, False, "non-finite state in the solution", nfev)
    return SolveOutcome(out, True, "ok", nfev)
