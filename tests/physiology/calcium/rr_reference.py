"""Helpers: run BIOMD0000000613 in libroadrunner like Osteon's scenarios."""

from pathlib import Path

import numpy as np
import pytest

SBML = Path(__file__).resolve().parents[3].parent / "shared" / "reference-models" / "BIOMD0000000613.xml"


def load_reference():
    """libroadrunner on BIOMD0000000613 (skips the test when either is missing)."""
    rr = pytest.importorskip("roadrunner")
    if not SBML.exists():
        pytest.skip(f"{SBML} not present (../shared next to the repository)")
    r = rr.RoadRunner(str(SBML))
    r.timeCourseSelections = ["time", "PTH", "P", "B", "OBfast", "OBslow", "OC", "Q", "Qbone", "HAp"]
    return r


def run_reference(r, times_h, teri=None, changes=()):
    """Simulate the SBML on ``times_h`` (which must hold every dose time: the event's
    trigger is an equality on time, fired only at output times). ``changes`` is a list
    of (time_h, {sbml_parameter: value}) applied as the SBML would, between runs."""
    r.resetAll()  # reset() keeps changed parameters (GFR, OralCa, ...) from the last run
    r["event_counter"] = 0.0
    if teri is None:
        r["teri_dose_mcg"] = 0.0
        r["teri_number_of_doses"] = 0.0
    else:
        dose, every, n, first = teri
        r["teri_dose_mcg"] = dose
        r["teri_times_interval"] = every
        r["teri_number_of_doses"] = float(n)
        r["teri_times_initial"] = first
    times_h = np.asarray(times_h, dtype=float)
    bounds = [t for t, _ in changes]
    rows = []
    start = 0
    for t_change, values in [*changes, (np.inf, {})]:
        stop = int(np.searchsorted(times_h, min(t_change, times_h[-1]), side="right"))
        seg = times_h[start:stop]
        if len(seg) > 1:
            res = np.asarray(r.simulate(times=list(seg)))
            rows.append(res if not rows else res[1:])
        for name, v in values.items():
            r[name] = v
        start = stop - 1
        if t_change >= times_h[-1]:
            break
    assert bounds == sorted(bounds)
    return np.concatenate(rows)


def reference_outputs(res, volume=14.0):
    """The compared variables from a reference run (columns as in the fixture)."""
    return {
        "pth": res[:, 1] / volume,
        "calcium": res[:, 2] / volume,
        "calcitriol": res[:, 3] / volume,
        "osteoblasts": res[:, 4] + res[:, 5],
        "osteoclasts": res[:, 6],
        "bone_calcium": res[:, 7] + res[:, 8],
        "bone_calcium_mineralised": res[:, 8],
        "hydroxyapatite": res[:, 9],
    }
