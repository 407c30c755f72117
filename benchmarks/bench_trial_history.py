#!/usr/bin/env python
"""Shared pre-trial history: a paired 2-arm x 10-year trial with and without it, and one
subject over 50 years warm (issue 14, part 3).

Cases
    trial: ``--subjects`` hypogonadal men (45-75 y, testosterone 120-350 ng/dL; the
        population of ``bench_engine.py``), the same men in both arms: control = natural
        history, treatment = testosterone cypionate 100 mg every week plus resistance
        training three times a week; 10 years, monthly output. Run through the trial
        runner (:func:`osteon.cohort.runner.simulate_arms`) in chunks of ``--chunk``
        subjects over ``--workers`` processes, once simulating each subject's years since
        age 30 once for both arms (shared) and once per arm (separate). The two runs
        alternate chunk by chunk, so machine load hits both alike; the ratio is what to
        trust on a shared machine.
    single: one woman from age 30 to 80 (50 years, natural history, monthly output),
        ``Simulation.run`` in this process after a warm-up run; best and median of
        ``--repeat``.

The load average before and after is printed: on a shared 2-core machine, wall times
are only comparable within one run.

Run: ``python benchmarks/bench_trial_history.py [--subjects 1000] [--workers 2]``
"""

from __future__ import annotations

import os

# One thread per process: OpenBLAS threads spin against each other on two cores.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("NUMBA_NUM_THREADS", "1")

import argparse  # noqa: E402
import multiprocessing as mp  # noqa: E402
import resource  # noqa: E402
import time  # noqa: E402

import numpy as np  # noqa: E402
from trt_cohort import YEARS, arm_groups, population  # noqa: E402

from osteon import Simulation, Subject  # noqa: E402
from osteon.cohort.runner import simulate_arms  # noqa: E402
from osteon.parameters import default_parameters  # noqa: E402


def _task(args):
    n, seed, share = args
    subjects = population(n, seed)
    t = time.perf_counter()
    out = simulate_arms(subjects, arm_groups(), parameters=default_parameters(), years=YEARS,
                        share_history=share)
    wall = time.perf_counter() - t
    ds = [out.datasets["control"], out.datasets["treatment"]]
    return {
        "share": share, "n": n, "wall": wall,
        "nfev": sum(int(d.attrs["rhs_evaluations"]) for d in ds)
        + int(ds[1].attrs.get("shared_history_rhs_evaluations", 0)),
        "failed": sum(int(d.attrs["n_failed"]) for d in ds),
        "bmd": np.stack([d.bmd.isel(time=-1).values for d in ds]),
        "maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def trial(pool, n: int, chunk: int) -> dict:
    tasks = []
    for k, start in enumerate(range(0, n, chunk)):
        size = min(chunk, n - start)
        tasks += [(size, 100 + k, True), (size, 100 + k, False)]
    parts = pool.map(_task, tasks, chunksize=1)
    out = {}
    for share in (True, False):
        ps = [p for p in parts if p["share"] == share]
        out[share] = {"wall": sum(p["wall"] for p in ps), "nfev": sum(p["nfev"] for p in ps),
                      "failed": sum(p["failed"] for p in ps),
                      "peak_mb": max(p["maxrss_mb"] for p in ps),
                      "bmd": np.concatenate([p["bmd"] for p in ps], axis=1)}
    return out


def single(repeat: int) -> tuple[float, float, int]:
    woman = Subject(sex="female", age=30.0)
    Simulation(woman, years=50).run()  # warm: numba kernels loaded, caches filled
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        res = Simulation(woman, years=50).run()
        times.append(time.perf_counter() - t)
    return min(times), float(np.median(times)), int(res.attrs["rhs_evaluations"])


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--subjects", type=int, default=1000, help="per arm (the same men in both)")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--chunk", type=int, default=100)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    print(f"machine: {os.cpu_count()} cores; load average {os.getloadavg()[0]:.1f} at start")
    Simulation(population(2, 0), years=1).run()  # fill the numba cache before workers load it

    best, median, nfev = single(args.repeat)
    print(f"\nsingle: one woman, age 30 to 80 (50 years), monthly output, warm, "
          f"{args.repeat} runs: best {best:.3f} s, median {median:.3f} s ({nfev} RHS evaluations)")

    pool = mp.get_context("spawn").Pool(args.workers)
    pool.map(_task, [(2, k, True) for k in range(args.workers)], chunksize=1)  # warm workers
    t = time.perf_counter()
    res = trial(pool, args.subjects, args.chunk)
    wall = time.perf_counter() - t
    pool.close()
    pool.join()
    sh, sep = res[True], res[False]
    diff = np.nanmax(np.abs(sh["bmd"] - sep["bmd"]) / sep["bmd"])
    print(f"\ntrial: {args.subjects} men x 2 arms x {YEARS:g} years, chunks of {args.chunk}, "
          f"{args.workers} worker processes ({wall:.1f} s wall for both variants together)")
    print(f"  {'':9s} {'task s':>8s} {'RHS evals':>11s} {'peak MB':>8s} {'failed':>6s}")
    for name, r in (("shared", sh), ("separate", sep)):
        print(f"  {name:9s} {r['wall']:8.1f} {r['nfev']:11.3g} {r['peak_mb']:8.0f} "
              f"{r['failed']:6d}")
    print(f"  speed-up from sharing the history: {sep['wall'] / sh['wall']:.2f}x time, "
          f"{sep['nfev'] / sh['nfev']:.2f}x RHS evaluations; largest relative BMD difference "
          f"at 10 years {diff:.1e}")
    per_sec = args.subjects * 2 * YEARS / (sh["wall"] / args.workers)
    print(f"  shared: {per_sec:.0f} subject-arm-years/s on {args.workers} workers -> "
          f"10,000 x 2 x 10 years in about {2e5 / per_sec:.0f} s at this load")
    print(f"load average {os.getloadavg()[0]:.1f} at the end")


if __name__ == "__main__":
    main()
