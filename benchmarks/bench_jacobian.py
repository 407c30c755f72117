#!/usr/bin/env python
"""The generated Jacobian (osteon.engine.jacgen) against forward differences, same run.

Cases (every timing is process CPU time, best of ``--repeat`` where repeated; the machine
is shared, so the ratios measured side by side are what to trust):

    trial: ``--subjects`` hypogonadal men (45-75 y, testosterone 120-350 ng/dL; the
        population of ``bench_trial_history.py``), both arms (natural history; weekly
        testosterone cypionate 100 mg plus resistance training), 10 years, monthly output,
        one shared pre-trial history per chunk of ``--chunk``, in this process. Each chunk
        runs with both Jacobians, in alternating order, so load hits both alike. Reports
        CPU time and right-hand-side evaluations (Jacobian columns included for the
        differences) per mode, and the largest relative BMD difference between them.
    single: one woman from age 30 to 80 (50 years, natural history, monthly output),
        ``Simulation.run`` warm.
    sbml: the exported SBML of ``bench_sbml.py``'s man (60 y, weekly cypionate plus
        training, 10 years from age 30) in libroadrunner against the engine, same
        tolerance, each mode (``--no-sbml`` skips it; needs libroadrunner).

Run: ``python benchmarks/bench_jacobian.py [--subjects 1000] [--chunk 100] [--repeat 5]``
"""

from __future__ import annotations

import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("NUMBA_NUM_THREADS", "1")

import argparse  # noqa: E402
import json  # noqa: E402
import time  # noqa: E402

import numpy as np  # noqa: E402
from trt_cohort import TREATMENT, YEARS, arm_groups, population  # noqa: E402

from osteon import Simulation, SolverSettings, Subject  # noqa: E402
from osteon.cohort.runner import simulate_arms  # noqa: E402
from osteon.engine.driver import use_jacobian  # noqa: E402
from osteon.engine.kernels import HAVE_GENERATED_JACOBIAN  # noqa: E402
from osteon.parameters import default_parameters  # noqa: E402
from osteon.trials.interventions import protocol_from_specs  # noqa: E402
from osteon.units import DAYS_PER_YEAR  # noqa: E402

MODES = ("fd", "generated")


def _chunk(subjects, mode):
    with use_jacobian(mode):
        t = time.process_time()
        out = simulate_arms(subjects, arm_groups(), parameters=default_parameters(), years=YEARS,
                            share_history=True)
        cpu = time.process_time() - t
    ds = [out.datasets["control"], out.datasets["treatment"]]
    nfev = (sum(int(d.attrs["rhs_evaluations"]) for d in ds)
            + int(ds[1].attrs.get("shared_history_rhs_evaluations", 0)))
    return cpu, nfev, np.stack([d.bmd.isel(time=-1).values for d in ds])


def trial(n: int, chunk: int) -> dict:
    res = {m: {"cpu": 0.0, "nfev": 0, "bmd": []} for m in MODES}
    for k, start in enumerate(range(0, n, chunk)):
        subjects = population(min(chunk, n - start), 100 + k)
        for mode in (MODES if k % 2 == 0 else MODES[::-1]):
            cpu, nfev, bmd = _chunk(subjects, mode)
            res[mode]["cpu"] += cpu
            res[mode]["nfev"] += nfev
            res[mode]["bmd"].append(bmd)
    for m in MODES:
        res[m]["bmd"] = np.concatenate(res[m]["bmd"], axis=1)
    return res


def best_cpu(fn, repeat):
    times, out = [], None
    for _ in range(repeat):
        t = time.process_time()
        out = fn()
        times.append(time.process_time() - t)
    return min(times), float(np.median(times)), out


def single(repeat: int) -> dict:
    woman = Subject(sex="female", age=30.0)
    out = {}
    for mode in MODES:
        with use_jacobian(mode):
            Simulation(woman, years=50).run()  # warm
            b, med, res = best_cpu(lambda: Simulation(woman, years=50).run(), repeat)
        out[mode] = {"best_s": round(b, 4), "median_s": round(med, 4),
                     "rhs_evaluations": int(res.attrs["rhs_evaluations"])}
    return out


def sbml(repeat: int, rtol=1e-6, atol=1e-9) -> dict:
    import roadrunner

    from osteon.export.sbml import build_sbml
    from osteon.export.sbml_run import COMPARED, simulate_roadrunner

    subject = Subject(sex="male", age=60, labs={"testosterone_ng_dl": 250.0})
    protocol = protocol_from_specs(TREATMENT, years=YEARS, name="TRT and training")
    solver = SolverSettings(rtol=rtol, atol=atol)
    text, info = build_sbml(subject, protocol, years=YEARS)
    rr = roadrunner.RoadRunner(text)
    out = {}
    res = None
    for mode in MODES:
        with use_jacobian(mode):
            def one():
                return Simulation(subject, protocol, years=YEARS, solver=solver).run()
            one()
            b, _, res = best_cpu(one, repeat)
        out[f"engine_{mode}_s"] = round(b, 4)
    res = res.isel(subject=0)
    days = np.asarray(res.time.values, dtype=float) * DAYS_PER_YEAR
    times = np.concatenate([[0.0], days + info["follow_up_start_day"]])

    def rr_run():
        return simulate_roadrunner(text, times, rtol=rtol, atol=atol,
                                   selections=list(COMPARED), runner=rr)

    rr_run()
    b, _, _ = best_cpu(rr_run, repeat)
    out["roadrunner_s"] = round(b, 4)
    for mode in MODES:
        out[f"ratio_roadrunner_over_engine_{mode}"] = round(b / out[f"engine_{mode}_s"], 2)
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--subjects", type=int, default=1000, help="per arm (the same men in both)")
    ap.add_argument("--chunk", type=int, default=100)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--no-sbml", action="store_true")
    ap.add_argument("--no-trial", action="store_true")
    args = ap.parse_args()
    if not HAVE_GENERATED_JACOBIAN:
        raise SystemExit("the generated Jacobian is unavailable (see the warning above)")
    report = {"load_average_start": round(os.getloadavg()[0], 1), "cpus": os.cpu_count()}
    Simulation(population(2, 0), years=1).run()  # numba kernels loaded
    report["single_woman_50y_warm"] = single(args.repeat)
    print(json.dumps(report, indent=1), flush=True)
    if not args.no_sbml:
        report["sbml_man_10y"] = sbml(max(1, args.repeat - 2))
        print(json.dumps(report["sbml_man_10y"], indent=1), flush=True)
    if not args.no_trial:
        r = trial(args.subjects, args.chunk)
        fd, gen = r["fd"], r["generated"]
        diff = float(np.nanmax(np.abs(gen["bmd"] - fd["bmd"]) / fd["bmd"]))
        report["trial"] = {
            "case": f"{args.subjects} men x 2 arms x {YEARS:g} y, shared history, chunks of "
                    f"{args.chunk}, one process",
            **{f"{m}_cpu_s": round(r[m]["cpu"], 2) for m in MODES},
            **{f"{m}_rhs_evaluations": r[m]["nfev"] for m in MODES},
            "cpu_ratio_fd_over_generated": round(fd["cpu"] / gen["cpu"], 2),
            "rhs_ratio_fd_over_generated": round(fd["nfev"] / gen["nfev"], 2),
            "per_trial_cpu_s_generated_per_1000": round(gen["cpu"] * 1000 / args.subjects, 1),
            "max_rel_bmd_difference_10y": diff,
        }
    report["load_average_end"] = round(os.getloadavg()[0], 1)
    print(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
