"""Checking and running an exported SBML file: libSBML's consistency check, a
libroadrunner time course, and the comparison with Osteon on the same output times.

The file itself is written by :mod:`osteon.export.sbml`; this module only reads it.
``tests/export/test_sbml.py`` holds the comparisons (within 0.1 %), ``benchmarks/bench_sbml.py``
the timings.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from osteon.export.sbml import MARKERS, build_sbml
from osteon.outputs.reference import SITES
from osteon.physiology.endocrine.background import PEAK_BONE_AGE
from osteon.protocol import as_protocol
from osteon.units import DAYS_PER_YEAR


def consistency_errors(text: str) -> list[str]:
    """libSBML's consistency check: messages of severity error or fatal (warnings, such as
    unit declarations libSBML cannot check, are left out)."""
    import libsbml

    doc = libsbml.readSBMLFromString(text)
    doc.checkConsistency()
    out = []
    for i in range(doc.getNumErrors()):
        e = doc.getError(i)
        if e.getSeverity() >= libsbml.LIBSBML_SEV_ERROR:
            out.append(f"{e.getErrorId()}: {e.getMessage().strip()}")
    return out


def simulate_roadrunner(text: str, times_days: np.ndarray, *, rtol: float = 1e-10,
                        atol: float = 1e-12, selections: Sequence[str] | None = None,
                        runner=None):
    """Simulate the SBML with libroadrunner at SBML times ``times_days`` (from the
    document's initial values, also when ``runner`` was used before).

    Returns ``(runner, array of shape (len(times), len(selections)), selections)``.
    """
    import roadrunner

    rr = runner or roadrunner.RoadRunner(text)
    # The events change parameters (the coefficients of the inputs' current pieces), which
    # reset() leaves as they are: start from the document's values.
    rr.resetAll()
    rr.integrator.relative_tolerance = rtol
    rr.integrator.absolute_tolerance = atol
    rr.integrator.maximum_num_steps = 200000
    sel = list(selections) if selections else ["time"]
    if sel[0] != "time":
        sel = ["time", *sel]
    rr.timeCourseSelections = sel
    res = rr.simulate(times=list(np.asarray(times_days, dtype=float)))
    return rr, np.asarray(res), sel


COMPARED = {
    # SBML id pattern -> (result variable, site or None)
    **{f"{site}_bmd": ("bmd", site) for site in SITES},
    **{name: (name, None) for name in MARKERS},
    "plasma_pth": ("pth", None),
    "plasma_calcium": ("serum_calcium", None),
    "plasma_calcitriol": ("calcitriol", None),
}
"""What :func:`compare_with_osteon` compares: BMD of every site, the markers, PTH, calcium
and calcitriol."""


def compare_with_osteon(subject, protocol=None, *, years: float = 10.0, parameters=None,
                        output_every_days: float = DAYS_PER_YEAR / 12.0, osteon_rtol=1e-9,
                        rr_rtol=1e-10, rr_atol=1e-12, text: str | None = None) -> dict:
    """Simulate ``subject`` with Osteon (batch engine, tight tolerance) and its exported
    SBML with libroadrunner on the same output times; the largest relative difference
    of each compared output (:data:`COMPARED`), and timings."""
    import time as _time

    from osteon.simulation import Simulation
    from osteon.solver import SolverSettings

    protocol = as_protocol(protocol)
    started = _time.perf_counter()
    if text is None:
        text, info = build_sbml(subject, protocol, parameters=parameters, years=years)
    else:
        info = {"follow_up_start_day": (subject.age - PEAK_BONE_AGE) * DAYS_PER_YEAR}
    t_build = _time.perf_counter() - started
    sim = Simulation(subject, protocol, parameters, years=years,
                     output_every_days=output_every_days,
                     solver=SolverSettings(rtol=osteon_rtol, atol=osteon_rtol * 1e-3))
    res = sim.run().isel(subject=0)
    days = np.asarray(res.time.values, dtype=float) * DAYS_PER_YEAR
    times = np.concatenate([[0.0], days + info["follow_up_start_day"]])
    import roadrunner

    started = _time.perf_counter()
    rr = roadrunner.RoadRunner(text)
    t_load = _time.perf_counter() - started
    started = _time.perf_counter()
    _rr, out, sel = simulate_roadrunner(text, times, rtol=rr_rtol, atol=rr_atol,
                                        selections=list(COMPARED), runner=rr)
    t_sim = _time.perf_counter() - started
    diffs = {}
    for j, sid in enumerate(sel[1:], start=1):
        var, site = COMPARED[sid]
        ref = res[var].sel(site=site).values if site else res[var].values
        got = out[1:, j]
        diffs[sid] = float(np.max(np.abs(got - ref) / np.abs(ref)))
    return {"max_rel_diff": diffs, "build_s": t_build, "roadrunner_load_s": t_load,
            "roadrunner_sim_s": t_sim, "osteon_wall_s": float(res.attrs.get("wall_time_s", 0.0)),
            "sbml_chars": len(text)}
