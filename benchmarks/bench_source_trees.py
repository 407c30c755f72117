#!/usr/bin/env python
"""The same cases timed on two source trees, alternating, in one run (issue 14).

Compares a baseline tree (``--base``, a ``src`` folder, e.g. a copy of an earlier commit's
``src`` with its ``__pycache__`` kept so numba's caches load) against this checkout's
``src``: each round runs one child process per tree, in alternating order, so load on a
shared machine hits both alike. Times are process CPU time inside the child (warm: each
child runs every case once before timing it); for the single case the best and the
median of the child's ``--repeat`` runs (reported: the lowest over the rounds of each).

Cases: ``single``: one woman from age 30 to 80, natural history, best of ``--repeat``
(the "one subject 50 years warm" target); ``trial``: ``--subjects`` hypogonadal men, both
arms of ``bench_jacobian.py``'s trial, 10 years, one shared history (one chunk).

Run: ``python benchmarks/bench_source_trees.py --base /tmp/base/src [--rounds 3]``
(``--single-only``: the one-subject case alone, quicker for many alternated rounds)
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
CHILD = r"""
import json, sys, time
sys.path.insert(0, {bench!r})
from bench_jacobian import _chunk
from trt_cohort import population
from osteon import Simulation, Subject
woman = Subject(sex="female", age=30.0)
Simulation(woman, years=50).run()
runs = sorted((lambda t: (Simulation(woman, years=50).run(), time.process_time() - t)[1])(
    time.process_time()) for _ in range({repeat}))
trial = None
if {trial}:
    men = population({subjects}, 100)
    _chunk(men, "generated")
    trial = min(_chunk(men, "generated")[0] for _ in range(2))
print(json.dumps({{"single_s": runs[0], "single_median_s": runs[len(runs) // 2],
                  "trial_s": trial}}))
"""


def run(src: str, args) -> dict:
    env = dict(os.environ, PYTHONPATH=src, OPENBLAS_NUM_THREADS="1", NUMBA_NUM_THREADS="1")
    code = CHILD.format(bench=str(HERE), repeat=args.repeat, subjects=args.subjects,
                        trial=not args.single_only)
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                         check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--base", required=True, help="the baseline tree's src folder")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--subjects", type=int, default=100)
    ap.add_argument("--single-only", action="store_true",
                    help="time the one-subject case only (no trial chunk)")
    args = ap.parse_args()
    trees = {"base": args.base, "this": str(HERE.parent / "src")}
    res: dict[str, list[dict]] = {k: [] for k in trees}
    for r in range(args.rounds):
        for name in (list(trees) if r % 2 == 0 else list(trees)[::-1]):
            res[name].append(run(trees[name], args))
    report = {"load_average": round(os.getloadavg()[0], 1)}
    for case in ("single_s", "single_median_s") + (() if args.single_only else ("trial_s",)):
        best = {k: min(x[case] for x in v) for k, v in res.items()}
        report[case] = {k: round(b, 4) for k, b in best.items()}
        report[case]["ratio_base_over_this"] = round(best["base"] / best["this"], 2)
    print(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
