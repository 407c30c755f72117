"""Solve rate over random legal subjects and random legal protocols (issue 15).

Samples ``--subjects`` subjects with every Subject field drawn over its whole legal range
(extremes included) and assigns them to ``--protocols`` random protocols, each a random
draw of legal interventions (doses up to the per-entry limits, random start and stop) and a
random follow-up of up to 30 years. Prints the share that solved and every failure reason.

    python scripts/robustness_sweep.py --subjects 1000 --protocols 20 --seed 1
"""

from __future__ import annotations

import argparse
import collections
import json
import time

import numpy as np

from osteon import Simulation, Subject
from osteon.errors import OsteonInputError
from osteon.trials.interventions import protocol_from_specs

MENU = [
    lambda r: {"intervention": "glucocorticoid", "agent": str(r.choice(["prednisone", "dexamethasone"])),
               "dose": f"{r.choice([2.5, 5, 10, 20, 40])} mg", "every": "1 day"},
    lambda r: {"intervention": "unloading", "kind": str(r.choice(["bed_rest", "spaceflight",
                                                                  "immobilization"]))},
    lambda r: {"intervention": "teriparatide", "dose": "20 ug", "every": "1 day"},
    lambda r: {"intervention": "denosumab", "dose": "60 mg", "every": "6 months"},
    lambda r: {"intervention": "calcium", "dose": f"{r.choice([500, 1000, 1500])} mg",
               "every": "1 day"},
    lambda r: {"intervention": "vitamin_d", "dose": f"{r.choice([400, 800, 2000, 4000])} IU",
               "every": "1 day"},
    lambda r: {"intervention": "growth_hormone", "agent": "somatropin",
               "dose": f"{r.choice([0.2, 0.4, 1.0])} mg", "every": "1 day"},
    lambda r: {"intervention": "estrogen", "agent": "estradiol", "route": "oral",
               "dose": "1 mg", "every": "1 day"},
    lambda r: {"intervention": "walking", "steps_per_day": int(r.choice([2000, 5000, 10000]))},
]


def random_subject(r: np.random.Generator) -> Subject:
    female = bool(r.random() < 0.6)
    kw = dict(sex="female" if female else "male", age=float(r.uniform(30, 100)),
              body_mass_kg=float(r.uniform(25, 300)), steps_per_day=float(r.uniform(0, 60000)),
              gh_deficient=bool(r.random() < 0.1))
    if female:
        kw["menopause_age"] = float(r.uniform(30, 65))
        kw["menopause"] = "surgical" if r.random() < 0.2 else "natural"
    if r.random() < 0.5:
        kw["calcium_mg_per_day"] = float(r.uniform(50, 5000))
        kw["vitamin_d_25oh_nmol_l"] = float(r.uniform(5, 400))
        kw["protein_g_per_kg_per_day"] = float(r.uniform(0.2, 4.0))
    if r.random() < 0.3:
        kw["labs"] = {"igf1_ng_ml": float(r.uniform(10, 1500))}
    return Subject(**kw)


def random_protocol(r: np.random.Generator):
    years = float(r.uniform(0.1, 30))
    specs = []
    for k in r.choice(len(MENU), size=int(r.integers(0, 3)), replace=False):
        spec = MENU[int(k)](r)
        if r.random() < 0.3:
            spec["start"] = f"{int(r.integers(0, max(1, int(years * 12))))} months"
        specs.append(spec)
    try:
        return protocol_from_specs(specs, years=years), years, specs
    except OsteonInputError:  # a walking entry with its own rules, etc.: natural history
        return protocol_from_specs([], years=years), years, []


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--subjects", type=int, default=1000)
    ap.add_argument("--protocols", type=int, default=20)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    r = np.random.default_rng(a.seed)
    subjects = [random_subject(r) for _ in range(a.subjects)]
    groups = np.array_split(np.arange(a.subjects), a.protocols)
    solved, reasons, started = 0, collections.Counter(), time.perf_counter()
    for idx in groups:
        protocol, years, specs = random_protocol(r)
        res = Simulation([subjects[i] for i in idx], protocol, years=years).run()
        ok = res.status.values == "ok"
        finite = np.isfinite(res.bmd.values).all(axis=(1, 2))
        solved += int((ok & finite).sum())
        for why in res.status_reason.values[~ok]:
            reasons[str(why) or "no reason"] += 1
        silent = int((ok & ~finite).sum())
        if silent:
            reasons["status ok but non-finite BMD (silent NaN)"] += silent
        print(json.dumps({"n": len(idx), "years": round(years, 2), "protocol": specs,
                          "solved": int((ok & finite).sum())}), flush=True)
    print(f"solved {solved}/{a.subjects} ({100 * solved / a.subjects:.2f}%) in "
          f"{time.perf_counter() - started:.0f} s; failures: {dict(reasons)}")


if __name__ == "__main__":
    main()
