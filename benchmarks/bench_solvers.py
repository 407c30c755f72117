#!/usr/bin/env python
"""Which stiff solver, measured: time and accuracy of BDF, Radau and LSODA on Osteon.

Cases
    single: one woman simulated from 30 to 80 (menopause at 51), monthly output.
    cohort: 200 women aged 45-55, menopause 48-54, 10 years (validation-sized arm).

Accuracy is the largest relative BMD and CTX difference against a tight reference
(BDF, rtol 1e-10). Timings are ratios within one run (these 2-core machines are noisy):
the best of ``--repeat`` runs is reported.

Run: ``python benchmarks/bench_solvers.py [--repeat 3]``
"""

from __future__ import annotations

import argparse
import time

import numpy as np

from osteon import Simulation, SolverSettings, Subject


def cases():
    rng = np.random.default_rng(0)
    cohort = [
        Subject(sex="female", age=float(a), menopause_age=float(m))
        for a, m in zip(rng.uniform(45, 55, 200), rng.uniform(48, 54, 200), strict=True)
    ]
    return {
        "single 50 y": ([Subject(sex="female", age=30.0, menopause_age=51.0)], 50.0),
        "cohort 200 x 10 y": (cohort, 10.0),
    }


def run(subjects, years, settings, repeat):
    best, res = np.inf, None
    for _ in range(repeat):
        t = time.perf_counter()
        res = Simulation(subjects, years=years, solver=settings).run()
        best = min(best, time.perf_counter() - t)
    return best, res


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    methods = [
        SolverSettings(method="BDF"),
        SolverSettings(method="Radau"),
        SolverSettings(method="LSODA"),
        SolverSettings(method="BDF", rtol=1e-5, atol=1e-8),
    ]
    for name, (subjects, years) in cases().items():
        _, ref = run(subjects, years, SolverSettings(rtol=1e-10, atol=1e-13), 1)
        print(f"\n{name}")
        print(
            f"  {'method':24s} {'time s':>8s} {'x BDF':>6s} {'max dBMD':>9s} {'max dCTX':>9s} "
            f"{'subject-years/s':>15s}"
        )
        base = None
        for s in methods:
            t, res = run(subjects, years, s, args.repeat)
            base = base or t
            dbmd = float(np.nanmax(np.abs(res.bmd / ref.bmd - 1)))
            dctx = float(np.nanmax(np.abs(res.ctx / ref.ctx - 1)))
            label = f"{s.method} rtol={s.rtol:g}"
            print(
                f"  {label:24s} {t:8.3f} {t / base:6.2f} {dbmd:9.1e} {dctx:9.1e} "
                f"{len(subjects) * years / t:15.0f}"
            )


if __name__ == "__main__":
    main()
