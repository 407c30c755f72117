#!/usr/bin/env python
"""Ten years at baseline: Osteon's PetersonRiggs2010 configuration against libroadrunner.

The timing issue 4 asks for: one subject, 10 years of the published baseline of
BIOMD0000000613, daily output, both in this process (best of ``--repeat``). Reported:
wall time of each, their ratio, and the largest relative difference of PTH, plasma
calcium, calcitriol, osteoblasts, osteoclasts and bone calcium over the trajectory.
Osteon's first call compiles its kernels (cached on disk), so it is timed after a
warm-up call.

Run: ``python benchmarks/bench_calcium_baseline.py [--repeat 3]``
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np

from osteon.physiology.calcium import simulate_calcium

SBML = Path(__file__).resolve().parents[1].parent / "shared" / "reference-models" / "BIOMD0000000613.xml"
DAYS = 3652


def run_osteon():
    t = time.perf_counter()
    ds = simulate_calcium(times_days=np.arange(DAYS + 1.0))
    return time.perf_counter() - t, ds.isel(subject=0)


def run_roadrunner(r):
    t = time.perf_counter()
    r.resetAll()
    res = np.asarray(r.simulate(0.0, DAYS * 24.0, DAYS + 1))
    return time.perf_counter() - t, res


def main() -> None:
    import roadrunner

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    r = roadrunner.RoadRunner(str(SBML))
    r.timeCourseSelections = ["time", "PTH", "P", "B", "OBfast", "OBslow", "OC", "Q", "Qbone"]
    run_osteon()  # compile
    t_os, ds = min((run_osteon() for _ in range(args.repeat)), key=lambda x: x[0])
    t_rr, rr = min((run_roadrunner(r) for _ in range(args.repeat)), key=lambda x: x[0])
    v = 14.0
    pairs = {
        "PTH": (ds.pth.values, rr[:, 1] / v),
        "calcium": (ds.calcium.values, rr[:, 2] / v),
        "calcitriol": (ds.calcitriol.values, rr[:, 3] / v),
        "osteoblasts": (ds.osteoblasts.values, rr[:, 4] + rr[:, 5]),
        "osteoclasts": (ds.osteoclasts.values, rr[:, 6]),
        "bone calcium": (ds.bone_calcium.values, rr[:, 7] + rr[:, 8]),
    }
    print(f"10 years at baseline, one subject, daily output (best of {args.repeat})")
    print(f"  Osteon PetersonRiggs2010: {t_os * 1e3:8.1f} ms")
    print(f"  libroadrunner (CVODE):    {t_rr * 1e3:8.1f} ms")
    print(f"  ratio (libroadrunner / Osteon): {t_rr / t_os:.2f}")
    for name, (a, b) in pairs.items():
        print(f"  max relative difference, {name:12s} {np.max(np.abs(a / b - 1.0)):.1e}")


if __name__ == "__main__":
    main()
