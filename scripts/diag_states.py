"""Shared by the diagnostic scripts that split a BMD change by state: run one subject and
keep the engine's raw states, and read a percent change off a result.

``run_with_states(subject, protocol, params, years)`` returns the result of
``Simulation([subject], protocol, params, years=years).run()`` for that subject, its raw
states ``y`` (``(times, states)``, the subject's row of the engine's array) and the
times in years. It wraps ``osteon.simulation.build_result`` only for the call.
"""

from __future__ import annotations

import osteon.simulation as S
from osteon import Simulation


def run_with_states(subject, protocol, params, years: float):
    """(result of the subject, raw states ``(times, states)``, times in years)."""
    kept: dict = {}
    build = S.build_result

    def keep(sim, t_out, states, status, reason):
        kept["t"], kept["y"] = t_out, states.copy()
        return build(sim, t_out, states, status, reason)

    S.build_result = keep
    try:
        res = Simulation([subject], protocol, params, years=years).run().isel(subject=0)
    finally:
        S.build_result = build
    return res, kept["y"][0], kept["t"] / 365.25


def pct(res, var: str, years: float, site=None) -> float:
    """Percent change of ``var`` (at ``site``) from time 0 to ``years``."""
    x = res[var] if site is None else res[var].sel(site=site)
    return 100.0 * (float(x.interp(time=years)) / float(x.isel(time=0)) - 1.0)
