#!/usr/bin/env python
"""The batch engine on cohort-sized virtual trials: wall time, memory, scaling, floor.

Cases
    trial: a two-arm, 10-year trial of hypogonadal men (45-75 y, testosterone 120-350
        ng/dL); control = natural history, treatment = testosterone cypionate 100 mg
        every week plus resistance training three times a week. ``--subjects`` in all
        (half per arm), monthly output, run through ``Simulation(...).run()`` split by
        subject over ``--workers`` processes (each worker returns a summary: the mean
        BMD change per site and arm, the statuses, its solver counts and peak memory).
    old vs new: scipy BDF (``SolverSettings(method="BDF")``, the previous default) and
        the engine on the same ``--compare`` treated subjects, in this process, one after
        the other (ratio is what to trust on these noisy 2-core machines).
    scaling: the trial at 1,000 and 10,000 subjects; ``--big`` subjects (default
        100,000) with a ``--big-years`` horizon (default 2 years: said in the output),
        in chunks of ``--chunk`` subjects so memory stays flat.
    floor: FLOPs of one right-hand side (counted from the code) and of the Rodas4 linear
        algebra, times the evaluations the engine made, against numpy's matmul GFLOP/s
        measured in this run; and the compiled right-hand side's measured time times its
        evaluations (the bound when evaluation, not arithmetic, limits).

Run: ``python benchmarks/bench_engine.py [--subjects 10000] [--workers 2] [--big 100000]``
"""

from __future__ import annotations

import os

# One thread per process: OpenBLAS threads spin against each other on two cores (see the
# profile notes in the engine's report) and the workers already use both cores.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("NUMBA_NUM_THREADS", "1")

import argparse  # noqa: E402
import multiprocessing as mp  # noqa: E402
import resource  # noqa: E402
import time  # noqa: E402

import numpy as np  # noqa: E402
from trt_cohort import TREATMENT, population  # noqa: E402

from osteon import Simulation, SolverSettings  # noqa: E402
from osteon.engine.driver import RHS_PER_ATTEMPT  # noqa: E402
from osteon.trials.interventions import protocol_from_specs  # noqa: E402

# Hand count of osteon.model.site_rhs per site (with the physiology functions it calls):
# about 110 adds/multiplies/divides/compares, 2 pow and 2 logaddexp (exp + log1p), the
# transcendental ones counted as 20 flops each.
FLOPS_PER_SITE_RHS = 110 + 4 * 20
# The calcium subsystem (Peterson-Riggs homeostasis, skeletal fluxes): about 90 flops and
# ten powers or Hill functions.
FLOPS_SYSTEMIC_RHS = 90 + 10 * 20
FLOPS_RHS = 4 * FLOPS_PER_SITE_RHS + FLOPS_SYSTEMIC_RHS
# Arrow LU of I/(h gamma) - J (4 site blocks of 11, 18 systemic states): the blocks, X =
# A^-1 B, the Schur complement and its LU, then six stage solves; plus forming E and the
# error norm.
FLOPS_LINALG = (4 * (2 * 11**3 // 3) + 18 * 4 * 2 * 11**2 + 2 * 18 * 44 * 18 + 2 * 18**3 // 3
                + 6 * (4 * 2 * 11**2 + 4 * 18 * 44 + 2 * 18**2) + 62**2 + 40 * 62)


def _task(args):
    arm, n, seed, years, solver = args
    subjects = population(n, seed)
    protocol = protocol_from_specs(TREATMENT) if arm == "treatment" else None
    t = time.perf_counter()
    res = Simulation(subjects, protocol, years=years, solver=solver).run()
    wall = time.perf_counter() - t
    change = (res.bmd.isel(time=-1) / res.bmd.isel(time=0) - 1).mean("subject").values
    return {
        "arm": arm, "n": n, "wall": wall, "nfev": int(res.attrs["rhs_evaluations"]),
        "failed": int(res.attrs["n_failed"]), "bmd_change": change,
        "maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def run_trial(pool, n_subjects, years, chunk, solver):
    """Both arms (half the subjects each), split by subject over the pool's processes."""
    per_arm = n_subjects // 2
    tasks = []
    for arm, base in (("control", 1000), ("treatment", 2000)):
        for k, start in enumerate(range(0, per_arm, chunk)):
            tasks.append((arm, min(chunk, per_arm - start), base + k, years, solver))
    t = time.perf_counter()
    parts = pool.map(_task, tasks, chunksize=1)
    wall = time.perf_counter() - t
    nfev = sum(p["nfev"] for p in parts)
    failed = sum(p["failed"] for p in parts)
    peak = max(p["maxrss_mb"] for p in parts)
    summary = {}
    for arm in ("control", "treatment"):
        ps = [p for p in parts if p["arm"] == arm]
        w = np.array([p["n"] for p in ps], float)
        summary[arm] = np.average([p["bmd_change"] for p in ps], axis=0, weights=w)
    return {"wall": wall, "nfev": nfev, "failed": failed, "peak_worker_mb": peak,
            "summary": summary, "years": years, "n": 2 * per_arm}


def matmul_gflops() -> float:
    a = np.random.default_rng(0).random((1500, 1500))
    best = np.inf
    for _ in range(3):
        t = time.perf_counter()
        a @ a
        best = min(best, time.perf_counter() - t)
    return 2 * 1500**3 / best / 1e9


def compiled_rhs_seconds() -> float:
    """Measured time of one compiled subject right-hand side (4 sites and the calcium
    subsystem)."""
    from numba import njit

    from osteon.engine.kernels import subject_rhs
    from osteon.model import BoneModel, Cohort
    from osteon.parameters import default_parameters

    model = BoneModel(default_parameters(), Cohort.from_subjects(population(1, 0)))
    y = model.initial_state().ravel() * 1.01
    D = np.ascontiguousarray(np.moveaxis(model.site_drives(100.0), 0, -1))[0]
    C = np.ascontiguousarray(model.site_constants.T)

    @njit
    def loop(y, D, C, P, n):
        out = np.empty(y.size)
        acc = 0.0
        for _ in range(n):
            y[0] += 1e-13
            subject_rhs(y, D, C, P, out)
            acc += out[0]
        return acc

    loop(y, D, C, model.engine_params, 10)
    n = 200_000
    t = time.perf_counter()
    loop(y, D, C, model.engine_params, n)
    return (time.perf_counter() - t) / n


def old_vs_new(n, engine):
    subjects = population(n, 7)
    protocol = protocol_from_specs(TREATMENT)
    out = {}
    for label, solver in (("scipy BDF (old default)", SolverSettings(method="BDF")),
                          ("batch engine", engine)):
        t = time.perf_counter()
        res = Simulation(subjects, protocol, years=10, solver=solver).run()
        out[label] = (time.perf_counter() - t, res)
    (t_old, r_old), (t_new, r_new) = out.values()
    diff = float(np.max(np.abs(r_new.bmd.values / r_old.bmd.values - 1)))
    return t_old, t_new, diff


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--subjects", type=int, default=10_000)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--chunk", type=int, default=2_500)
    ap.add_argument("--compare", type=int, default=300)
    ap.add_argument("--big", type=int, default=100_000, help="0 to skip")
    ap.add_argument("--big-years", type=float, default=2.0)
    ap.add_argument("--rtol", type=float, default=None,
                    help="engine tolerance (default: SolverSettings' default, 1e-6)")
    args = ap.parse_args()
    engine = (SolverSettings() if args.rtol is None
              else SolverSettings(rtol=args.rtol, atol=args.rtol * 1e-3))

    # Warm the on-disk numba cache in the parent so workers only load it.
    Simulation(population(2, 0), years=1).run()
    gflops = matmul_gflops()
    t_rhs = compiled_rhs_seconds()
    print(f"machine: {os.cpu_count()} cores; numpy matmul {gflops:.1f} GFLOP/s (1 thread); "
          f"compiled subject RHS {t_rhs * 1e6:.2f} us")

    print(f"\nold vs new: {args.compare} treated men x 10 years, one process")
    t_old, t_new, diff = old_vs_new(args.compare, engine)
    sy = args.compare * 10
    print(f"  scipy BDF  {t_old:7.2f} s  {sy / t_old:8.0f} subject-years/s")
    print(f"  engine     {t_new:7.2f} s  {sy / t_new:8.0f} subject-years/s   "
          f"ratio {t_old / t_new:.1f}x   max BMD difference {diff:.1e}")

    print(f"\ntrial: two arms, monthly output, {args.workers} worker processes, engine rtol "
          f"{engine.rtol:g}")
    print(f"  {'subjects':>9s} {'years':>5s} {'wall s':>8s} {'subj-yr/s':>10s} "
          f"{'worker peak MB':>14s} {'failed':>6s}  mean BMD change (spine) ctl / trt")
    rows = []
    sizes = [(1_000, 10.0), (args.subjects, 10.0)]
    if args.big:
        sizes.append((args.big, args.big_years))
    # Worker processes are started (and their numba caches loaded) once, before timing.
    pool = mp.get_context("spawn").Pool(args.workers)
    pool.map(_task, [("control", 2, k, 0.5, engine) for k in range(args.workers)], chunksize=1)
    for n, years in sizes:
        chunk = min(args.chunk, max(1, n // (2 * args.workers)))
        r = run_trial(pool, n, years, chunk, engine)
        rows.append(r)
        s = r["summary"]
        print(f"  {r['n']:9d} {years:5.1f} {r['wall']:8.1f} {r['n'] * years / r['wall']:10.0f} "
              f"{r['peak_worker_mb']:14.0f} {r['failed']:6d}  "
              f"{100 * s['control'][0]:+.2f}% / {100 * s['treatment'][0]:+.2f}%")
    pool.close()
    pool.join()
    big_note = f" ({args.big_years:g}-year horizon)" if args.big else ""
    print(f"  (last row{big_note}; memory: peak RSS of one worker process, chunks of "
          f"{args.chunk} subjects)")

    main_row = rows[1]
    attempts = main_row["nfev"] / RHS_PER_ATTEMPT
    flops = attempts * (RHS_PER_ATTEMPT * FLOPS_RHS + FLOPS_LINALG)
    floor_flops = flops / (gflops * 1e9 * args.workers)
    floor_rhs = main_row["nfev"] * t_rhs / args.workers
    print(f"\nfloor for the {main_row['n']}-subject trial ({attempts:.3g} Rodas4 step attempts, "
          f"{main_row['nfev']:.3g} RHS evaluations, {flops / 1e9:.0f} GFLOP):")
    print(f"  at matmul peak on {args.workers} cores: {floor_flops:6.2f} s  "
          f"(engine {main_row['wall'] / floor_flops:5.0f}x above)")
    print(f"  compiled-RHS bound:          {floor_rhs:6.2f} s  "
          f"(engine {main_row['wall'] / floor_rhs:5.1f}x above)")


if __name__ == "__main__":
    main()
