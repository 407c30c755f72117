"""The stiff solver and its settings.

The model is stiff (osteoclasts live days, bone volume changes over decades:
a stiffness ratio of about 10^3-10^4). The default, ``method="batch"``, is the
batch engine (:mod:`osteon.engine`): per-subject adaptive Rodas4 steps with the
right-hand side and the per-subject Jacobian blocks compiled by numba, chosen by
measurement (``benchmarks/bench_engine.py``). scipy's BDF (with the model's
block-diagonal Jacobian), Radau and LSODA remain available. Every method steps
to protocol breakpoints (a therapy starting or stopping) exactly instead of
smearing them.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import numpy as np
from scipy.integrate import solve_ivp

from osteon import checks
from osteon.errors import OsteonInputError

METHODS = ("batch", "BDF", "LSODA", "Radau")
SCIPY_METHODS = ("BDF", "LSODA", "Radau")


@dataclass(frozen=True)
class SolverSettings:
    """Keyword-only, immutable solver configuration.

    >>> SolverSettings(rtol=1e-7).rtol
    1e-07
    >>> SolverSettings(method="Euler")
    Traceback (most recent call last):
    ...
    osteon.errors.OsteonInputError: solver.method: 'Euler' is not one of batch, BDF, LSODA, Radau. Valid example: method="batch"

    ``batch_subjects`` is how many subjects the batch engine integrates in one call
    (memory: about 50 kB per subject for monthly output over 10 years); scipy methods
    use ``Simulation(batch_size=...)`` instead.
    """

    method: str = "batch"
    rtol: float = 1e-6
    atol: float = 1e-9
    max_step_days: float = 365.25
    batch_subjects: int = 2048

    def __post_init__(self) -> None:
        if not isinstance(self.method, str) or self.method not in METHODS:
            raise OsteonInputError(
                "solver.method",
                f"{self.method!r} is not one of {', '.join(METHODS)}",
                'method="batch"',
            )
        # numbers checked before use: a NaN max step never returned, 0 divided by zero,
        # text raised TypeError deep in the engine (issue 15)
        object.__setattr__(self, "batch_subjects", checks.whole(
            "solver.batch_subjects", self.batch_subjects, "batch_subjects=2048",
            lo=1, hi=1_000_000))
        for name, example in (("rtol", "rtol=1e-6"), ("atol", "atol=1e-9")):
            object.__setattr__(self, name, checks.number(
                f"solver.{name}", getattr(self, name), example, lo=0, hi=1, lo_open=True,
                hi_open=True))
        object.__setattr__(self, "max_step_days", checks.number(
            "solver.max_step_days", self.max_step_days, "max_step_days=365.25", lo=1e-3,
            hi=3652.5, units="days"))

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class SolveOutcome:
    y: np.ndarray  # (n_times, n_flat)
    success: bool
    message: str
    nfev: int
    # Per subject (batch engine only; None for scipy methods, which fail as a batch):
    subject_ok: np.ndarray | None = None
    subject_message: np.ndarray | None = None
    step: np.ndarray | None = None  # batch engine: each subject's next step (days)


def integrate(
    model, y0: np.ndarray, t0: float | np.ndarray, t_eval: np.ndarray, breakpoints,
    settings: SolverSettings,
    first_step=None,
):
    """Integrate ``model.rhs`` from ``t0`` through ``t_eval`` (days), splitting at breakpoints.

    Returns the states at ``t_eval`` (shape ``(len(t_eval), y0.size)``). With the
    batch engine, ``t0`` may be one start time per subject, and each subject gets its
    own status, and ``first_step`` (days, one per subject) continues a run that stopped
    at ``t0`` with the steps it would have taken (:attr:`SolveOutcome.step`).
    """
    t_eval = np.asarray(t_eval, dtype=float)
    if settings.method == "batch":
        return _integrate_batch(model, y0, t0, t_eval, breakpoints, settings, first_step)
    t0 = float(np.min(t0))
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
        try:
            sol = solve_ivp(model.rhs, (a, b), y, t_eval=t_eval[mask] if mask.any() else None,
                            **kwargs)
        except (ValueError, ArithmeticError, np.linalg.LinAlgError) as err:
            # a failure is data with a reason, never a raw scipy traceback (issue 15)
            return SolveOutcome(out, False, f"solver failed between day {a:g} and {b:g}: "
                                f"{type(err).__name__}: {err}", nfev)
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


def _integrate_batch(model, y0, t0, t_eval, breakpoints, settings: SolverSettings,
                     first_step=None):
    from osteon.engine import integrate_batch

    res = integrate_batch(
        model,
        y0,
        t0,
        t_eval,
        breakpoints,
        rtol=settings.rtol,
        atol=settings.atol,
        max_step=settings.max_step_days,
        h0=first_step,
    )
    ok = res.ok & np.all(np.isfinite(res.y), axis=(0, 2))
    message = np.where(ok, "ok", res.message).astype(object)
    message[~ok & res.ok] = "non-finite state in the solution"
    n_bad = int(np.sum(~ok))
    summary = "ok" if n_bad == 0 else f"{n_bad} subject(s) failed: {message[~ok][0]}"
    return SolveOutcome(
        res.y.reshape(t_eval.size, -1), n_bad == 0, summary, res.nfev, ok, message, res.step
    )
