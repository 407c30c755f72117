#!/usr/bin/env python
"""Osteon's Peterson-Riggs calcium system against libroadrunner on BIOMD0000000613.

Case: 1,000 subjects (six parameters varied +-5 % log-normally per subject) x 2 years
of daily 20 ug teriparatide (730 injections from hour 12).

- Osteon: :func:`osteon.physiology.calcium.simulate_calcium`, compiled sparse ROS34PW2
  per subject, run over the subjects with numba threads; daily output. Timed with all
  numba threads (best of ``--repeat``) and with one thread (on ``--single-subjects``)
  so that the thread scaling is visible: these machines are shared, and the load
  average is printed before and after (a busy core halves the threaded rate).
- Peer: libroadrunner (CVODE) looping over subjects: ``reset()``, set the parameters
  and the event counter, ``simulate`` with the SBML's own dosing event. The event's
  trigger is an equality on time, which libroadrunner only fires when an output time
  falls on the dose, so the peer's output grid holds every dose time (every 12 h from
  0). The peer takes seconds per subject, so it runs on the first ``--peer-subjects``
  subjects and its rate (subject-years/s) is measured on those.

Both run in this process. Reported: subject-years/s of each, their ratio, and the
largest relative difference between the two on the peer's subjects (daily values of
PTH, calcium, calcitriol, osteoblasts, osteoclasts and bone calcium).

Run: ``python benchmarks/bench_peterson_riggs.py [--subjects 1000] [--peer-subjects 20]``
(about 4 minutes on a 2-core machine, most of it libroadrunner).
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

import numba
import numpy as np

from osteon.parameters.peterson_riggs import SBML_ID, peterson_riggs_2010
from osteon.physiology.calcium import CalciumScenario, TeriparatideInjections, simulate_calcium

SBML = Path(__file__).resolve().parents[1].parent / "shared" / "reference-models" / "BIOMD0000000613.xml"
VARIED = (
    "osteoblast_elimination", "rankl_elimination", "calcitriol_elimination", "pth_clearance",
    "resorption_osteoclast_max", "rankl_pth_emax",
)  # fmt: skip
YEARS = 2.0
DAYS = 730


def per_subject(n: int, seed: int = 0) -> dict[str, np.ndarray]:
    ps = peterson_riggs_2010()
    rng = np.random.default_rng(seed)
    return {k: ps[k] * np.exp(rng.normal(0.0, 0.05, n)) for k in VARIED}


def run_osteon(values, rtol):
    scenario = CalciumScenario(TeriparatideInjections(dose_ug=20.0, every_hours=24.0, doses=DAYS, first_dose_hours=12.0))
    t = time.perf_counter()
    ds = simulate_calcium(scenario=scenario, per_subject=values, times_days=np.arange(DAYS + 1.0), rtol=rtol)
    return time.perf_counter() - t, ds


def run_roadrunner(values, n):
    import roadrunner

    r = roadrunner.RoadRunner(str(SBML))
    sel = ["time", "PTH", "P", "B", "OBfast", "OBslow", "OC", "Q", "Qbone"]
    r.timeCourseSelections = sel
    grid_points = DAYS * 2 + 1  # every 12 h: all dose times (12 + 24 j) are output times
    out = []
    t = time.perf_counter()
    for i in range(n):
        r.reset()
        r["event_counter"] = 0.0
        r["teri_dose_mcg"] = 20.0
        r["teri_times_initial"] = 12.0
        r["teri_times_interval"] = 24.0
        r["teri_number_of_doses"] = float(DAYS)
        for name, v in values.items():
            r[SBML_ID[name]] = float(v[i])
        res = r.simulate(0.0, DAYS * 24.0, grid_points)
        out.append(np.asarray(res)[::2])  # daily rows
    return time.perf_counter() - t, np.stack(out)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--subjects", type=int, default=1000)
    ap.add_argument("--peer-subjects", type=int, default=20)
    ap.add_argument("--single-subjects", type=int, default=200, help="subjects timed on one thread")
    ap.add_argument("--rtol", type=float, default=1e-3)
    ap.add_argument("--repeat", type=int, default=2)
    args = ap.parse_args()
    values = per_subject(args.subjects)
    load0 = os.getloadavg()[0]

    run_osteon({k: v[:2] for k, v in values.items()}, args.rtol)  # compile / load the cache
    threads = numba.get_num_threads()
    best, ds = np.inf, None
    for _ in range(args.repeat):
        el, ds = run_osteon(values, args.rtol)
        best = min(best, el)
    osteon_rate = args.subjects * YEARS / best
    n_single = min(args.single_subjects, args.subjects)
    numba.set_num_threads(1)
    single_el, _ = run_osteon({k: v[:n_single] for k, v in values.items()}, args.rtol)
    numba.set_num_threads(threads)
    single_rate = n_single * YEARS / single_el

    n_peer = min(args.peer_subjects, args.subjects)
    peer_el, peer = run_roadrunner(values, n_peer)
    peer_rate = n_peer * YEARS / peer_el
    load1 = os.getloadavg()[0]

    v = peterson_riggs_2010()["ecf_volume"]
    o = ds.isel(subject=slice(0, n_peer))
    pairs = {
        "PTH": (o.pth.values, peer[..., 1] / v),
        "calcium": (o.calcium.values, peer[..., 2] / v),
        "calcitriol": (o.calcitriol.values, peer[..., 3] / v),
        "osteoblasts": (o.osteoblasts.values, peer[..., 4] + peer[..., 5]),
        "osteoclasts": (o.osteoclasts.values, peer[..., 6]),
        "bone calcium": (o.bone_calcium.values, peer[..., 7] + peer[..., 8]),
    }
    a = ds.attrs
    per_day = args.subjects * DAYS
    print(f"cores: {os.cpu_count()}, numba threads: {threads} ({numba.threading_layer()}), "
          f"load average {load0:.2f} before, {load1:.2f} after")
    print(f"Osteon  {args.subjects} subjects x {YEARS:g} y, rtol {args.rtol:g}, {threads} threads: {best:.2f} s, "
          f"{osteon_rate:,.1f} subject-years/s, {best / args.subjects * 1e3:.1f} ms/subject")
    print(f"        1 thread, {n_single} subjects: {single_el:.2f} s, {single_rate:,.1f} subject-years/s, "
          f"{single_el / n_single * 1e3:.1f} ms/subject (thread scaling {osteon_rate / single_rate:.2f}x)")
    print(f"        per subject-day: {a['steps_accepted'] / per_day:.1f} steps, "
          f"{a['steps_rejected'] / per_day:.2f} rejected, {a['jacobians'] / per_day:.2f} Jacobians; "
          f"dense-LU fallbacks {a['dense_lu_fallbacks']}")
    print(f"libroadrunner {n_peer} subjects x {YEARS:g} y (SBML event, CVODE defaults): "
          f"{peer_el:.2f} s, {peer_rate:,.2f} subject-years/s, {peer_el / n_peer * 1e3:.0f} ms/subject")
    print(f"ratio Osteon / libroadrunner: {osteon_rate / peer_rate:,.0f}x ({threads} threads), "
          f"{single_rate / peer_rate:,.0f}x (1 thread vs 1 thread)")
    print(f"largest relative difference, daily values, {n_peer} shared subjects:")
    worst = 0.0
    for name, (x, ref) in pairs.items():
        d = float(np.max(np.abs(x - ref) / np.abs(ref)))
        worst = max(worst, d)
        print(f"  {name:13s} {d:.2e}")
    print(f"  {'all':13s} {worst:.2e} ({'within' if worst < 0.01 else 'OUTSIDE'} 1 %)")


if __name__ == "__main__":
    main()
