#!/usr/bin/env python
"""A person's forecast: 4 scenarios x 200 draws x 20 years, batched vs a plain loop over draws.

Issue 11 asks for under 2 s warm on 2 cores. Two ways to the same numbers:

- **batched** (what ``osteon.forecast`` does): every scenario's grid of individual
  sensitivities (5 estrogen x 3 mechanical nodes for the training scenario, 5 for the others)
  is one row of a single stiff solve; the 200 draws are interpolated on the grid and the
  output-side parameters (peak BMD, turnover) cost nothing. Timed without attribution and
  fracture risk, best of ``--repeat`` after a warm-up call.
  The CPU time of the process is printed beside the wall time: on a shared, oversubscribed
  machine the wall time mostly measures waiting.
- **plain loop**: one solve per draw and scenario at the draw's own sensitivities, the way a
  script without the batch would do it. ``--loop-draws`` draws are timed and the time is
  scaled to 200 (the solves are independent, so the scaling is linear).

Run: ``python benchmarks/bench_forecast.py [--repeat 3] [--loop-draws 5]``
"""

from __future__ import annotations

import argparse
import os
import time

import numpy as np

PERSON = {"sex": "female", "age": 56, "menopause": {"age": 50}}
SCENARIOS = ["no_change", "mht", "training", "diet"]


def batched():
    import osteon

    t, c = time.perf_counter(), time.process_time()
    ds = osteon.forecast(PERSON, SCENARIOS, draws=200, years=20, attribution=False,
                         fracture_draws=0)
    return time.perf_counter() - t, time.process_time() - c, ds


def loop(k: int):
    from osteon.forecast import individual as ind
    from osteon.forecast.batch import PATHWAYS, Rows, run_rows
    from osteon.forecast.person import Person
    from osteon.forecast.scenarios import SCENARIOS as ALL
    from osteon.trials.interventions import protocol_from_specs

    p = Person.from_dict(PERSON)
    subject = p.subject()
    draws = ind.prior(k, np.random.default_rng(1))
    t_years = np.arange(0.0, 20.0 + 1e-9, 0.5)
    t = time.perf_counter()
    for d in range(k):
        for name in SCENARIOS:
            items = list(protocol_from_specs(list(ALL[name].specs), years=21).interventions)
            rows = Rows(np.ones((len(items), 1), bool), {q: np.zeros(1, bool) for q in PATHWAYS},
                        draws.estrogen[d:d + 1], draws.mechanical[d:d + 1])
            run_rows(subject, items, rows, t_years)
    return time.perf_counter() - t


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--loop-draws", type=int, default=5)
    args = ap.parse_args()
    batched()  # warm-up: numba kernels, steady states
    runs = [batched()[:2] for _ in range(args.repeat)]
    times = [r[0] for r in runs]
    cpu = [r[1] for r in runs]
    loop(1)
    t_loop = loop(args.loop_draws)
    per_draw = t_loop / args.loop_draws
    print(f"cores available: {os.cpu_count()}; load average {os.getloadavg()[0]:.1f}")
    print(f"batched forecast, 4 scenarios x 200 draws x 20 years: best {min(times):.2f} s "
          f"(runs: {', '.join(f'{x:.2f}' for x in times)}); CPU time of this process "
          f"{min(cpu):.2f} s (an estimate of the wall time on an idle machine)")
    print(f"plain loop over draws: {per_draw:.2f} s per draw (4 scenarios), "
          f"{args.loop_draws} draws timed -> {200 * per_draw:.0f} s for 200 draws")
    print(f"speed-up: {200 * per_draw / min(times):.0f}x")


if __name__ == "__main__":
    main()
