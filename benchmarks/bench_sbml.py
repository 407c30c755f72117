#!/usr/bin/env python
"""The exported SBML in libroadrunner against Osteon's batch engine: same run, same tolerance.

Case: a hypogonadal man of 60 (testosterone 250 ng/dL) on testosterone cypionate 100 mg
every week plus resistance training three times a week, 10 years of follow-up with monthly
output, simulated from his 30th birthday (peak bone mass) as Osteon does. Both solvers run
at the same relative and absolute tolerances (``--rtol``, ``--atol``; Osteon's defaults).
In both, the bone model reads the dosing-interval average of the weekly injections
(:class:`osteon.physiology.pharmacology.sex_hormones.Testosterone`), so the SBML's inputs
are smooth as the engine's are.

Timings (warm: numba compiled, the SBML compiled by LLVM; best of ``--repeat``):

- engine, one subject: ``Simulation(subject, protocol).run()``;
- engine, per subject in a batch of ``--batch`` copies of him (how cohorts run);
- libroadrunner: ``resetAll()`` then ``simulate(times=...)`` of the exported SBML (CVODE BDF);
- one-off costs: building the SBML (tracing and tabulating) and libroadrunner's load.

Also the largest relative difference between the two at these tolerances, over BMD (four
sites), the markers, PTH, calcium and calcitriol.

Run: ``python benchmarks/bench_sbml.py [--rtol 1e-6] [--atol 1e-9] [--batch 50]``
"""

from __future__ import annotations

import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("NUMBA_NUM_THREADS", "1")

import argparse  # noqa: E402
import json  # noqa: E402
import time  # noqa: E402

import numpy as np  # noqa: E402
from trt_cohort import TREATMENT  # noqa: E402

from osteon import Simulation, SolverSettings, Subject  # noqa: E402
from osteon.export.sbml import build_sbml  # noqa: E402
from osteon.export.sbml_run import COMPARED, simulate_roadrunner  # noqa: E402
from osteon.trials.interventions import protocol_from_specs  # noqa: E402
from osteon.units import DAYS_PER_YEAR  # noqa: E402


def best(fn, repeat):
    times = []
    out = None
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t0)
    return min(times), out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rtol", type=float, default=1e-6)
    ap.add_argument("--atol", type=float, default=1e-9)
    ap.add_argument("--years", type=float, default=10.0)
    ap.add_argument("--batch", type=int, default=50)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    import roadrunner

    subject = Subject(sex="male", age=60, labs={"testosterone_ng_dl": 250.0})
    protocol = protocol_from_specs(TREATMENT, years=args.years, name="TRT and training")
    solver = SolverSettings(rtol=args.rtol, atol=args.atol)

    t0 = time.perf_counter()
    text, info = build_sbml(subject, protocol, years=args.years)
    t_build = time.perf_counter() - t0
    t0 = time.perf_counter()
    rr = roadrunner.RoadRunner(text)
    t_load = time.perf_counter() - t0

    def engine_one():
        return Simulation(subject, protocol, years=args.years, solver=solver).run()

    def engine_batch():
        return Simulation([subject] * args.batch, protocol, years=args.years,
                          solver=solver).run()

    engine_one()  # compile
    t_one, res = best(engine_one, args.repeat)
    t_batch, _ = best(engine_batch, max(1, args.repeat - 1))
    res = res.isel(subject=0)
    days = np.asarray(res.time.values, dtype=float) * DAYS_PER_YEAR
    times = np.concatenate([[0.0], days + info["follow_up_start_day"]])

    def rr_run():
        return simulate_roadrunner(text, times, rtol=args.rtol, atol=args.atol,
                                   selections=list(COMPARED), runner=rr)

    rr_run()
    t_rr, (_r, out, sel) = best(rr_run, args.repeat)
    diffs = {}
    for j, sid in enumerate(sel[1:], start=1):
        var, site = COMPARED[sid]
        ref = res[var].sel(site=site).values if site else res[var].values
        diffs[sid] = float(np.max(np.abs(out[1:, j] - ref) / np.abs(ref)))
    per_subject = t_batch / args.batch
    report = {
        "case": "man 60, testosterone 250 ng/dL; cypionate 100 mg weekly + training; "
                f"{args.years:g} y follow-up from age 30 history, monthly output",
        "rtol": args.rtol, "atol": args.atol,
        "engine_one_subject_s": round(t_one, 4),
        f"engine_per_subject_in_batch_of_{args.batch}_s": round(per_subject, 5),
        "roadrunner_simulate_s": round(t_rr, 4),
        "ratio_roadrunner_over_engine_one_subject": round(t_rr / t_one, 2),
        "ratio_roadrunner_over_engine_per_subject_in_batch": round(t_rr / per_subject, 2),
        "sbml_build_s": round(t_build, 2), "roadrunner_load_s": round(t_load, 2),
        "sbml_chars": len(text), "sbml_input_events": info["input_events"],
        "max_rel_diff_at_this_tolerance": max(diffs.values()),
        "max_rel_diff_by_output": diffs,
    }
    print(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
