#!/usr/bin/env python
"""Every numeric output array of a fixed set of runs, for bit-identity checks (issue 14).

A speed change that must not move a number is checked by running this on the baseline
tree and on the changed one and comparing the files byte for byte::

    PYTHONPATH=/tmp/base/src python benchmarks/bitident_arrays.py dump /tmp/base.npz
    PYTHONPATH=src python benchmarks/bitident_arrays.py dump /tmp/here.npz
    python benchmarks/bitident_arrays.py compare /tmp/base.npz /tmp/here.npz

Cases (826 arrays at 17c2ed7): a natural-history woman over 50 years; a woman on MHT, a man
on TRT, a woman on prednisone, a GH-deficient woman on GH; two men on TRT (one with a
measured IGF-1); a mixed cohort (surgical menopause, estradiol measured and held 0 years, a
GH-deficient man, an own calcium intake and 25(OH)D, a person's estrogen sensitivity, drug
response and mechanosensitivity) alone, on calcium and vitamin D, and on prednisone; a
13-woman three-arm trial whose arms differ before day 0 (prednisone from 2 years before,
from day 0, none); the benchmarks' 30-man two-arm TRT trial over 4 years.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

PRED = [{"intervention": "glucocorticoid", "agent": "prednisone", "dose": "10 mg",
         "every": "1 day"}]
MHT = [{"intervention": "estrogen", "agent": "conjugated_estrogens", "route": "oral",
        "dose": "0.625 mg", "every": "1 day"},
       {"intervention": "progestogen", "agent": "medroxyprogesterone_acetate", "dose": "2.5 mg",
        "every": "1 day"}]
TRT = [{"intervention": "testosterone", "agent": "testosterone_cypionate",
        "route": "intramuscular", "dose": "100 mg", "every": "1 week"}]
CALCIUM_D = [{"intervention": "calcium", "dose": "1000 mg", "every": "1 day"},
             {"intervention": "vitamin_d", "dose": "800 IU", "every": "1 day"}]
GH = [{"intervention": "growth_hormone", "agent": "somatropin", "dose": "0.4 mg",
       "every": "1 day"}]


def dump(path: str) -> int:
    from trt_cohort import arm_groups, population

    from osteon import Simulation, Subject, default_parameters
    from osteon.cohort.chunks import ArmGroup
    from osteon.cohort.runner import simulate_arms
    from osteon.trials.interventions import protocol_from_specs as P

    out: dict[str, np.ndarray] = {}

    def put(tag, ds):
        for name in [*ds.data_vars, *ds.coords]:
            v = np.asarray(ds[name].values)
            if v.dtype.kind in "fiubM":
                out[f"{tag}/{name}"] = v

    def sim(tag, subjects, specs, years):
        put(tag, Simulation(subjects, P(specs), years=years).run())

    sim("woman50", [Subject(sex="female", age=30.0)], [], 50)
    sim("mht", [Subject(sex="female", age=52.0)], MHT, 3)
    sim("trt", [Subject(sex="male", age=60.0, labs={"testosterone_ng_dl": 200.0})], TRT, 3)
    sim("pred", [Subject(sex="female", age=55.0)], PRED, 2)
    sim("ghd", [Subject(sex="female", age=45.0, gh_deficient=True)], GH, 2)
    sim("men2", [Subject(sex="male", age=50.0),
                 Subject(sex="male", age=65.0, labs={"igf1_ng_ml": 90.0})], TRT, 2)
    mixed = [Subject(sex="female", age=48.0, menopause="surgical", menopause_age=46.0),
             Subject(sex="female", age=60.0, labs={"estradiol_pg_ml": 12.0}, labs_held_years=0.0),
             Subject(sex="male", age=40.0, gh_deficient=True, labs={"igf1_ng_ml": 80.0}),
             Subject(sex="female", age=62.0, calcium_mg_per_day=500.0,
                     vitamin_d_25oh_nmol_l=30.0),
             Subject(sex="male", age=70.0, physiology={
                 "estrogen_sensitivity": 1.3, "drug_response": 0.8, "mechanosensitivity": 1.1})]
    sim("mixed", mixed, [], 3)
    sim("mixedca", mixed, CALCIUM_D, 2)
    sim("mixedpred", mixed, PRED, 2)
    women = [Subject(sex="female", age=50.0 + 2 * i) for i in range(13)]
    arms = [ArmGroup(("neg",), P([dict(PRED[0], start="-2 years")])),
            ArmGroup(("new",), P(PRED)), ArmGroup(("ctl",), P([]))]
    res = simulate_arms(women, arms, parameters=default_parameters(), years=2, share_history=True)
    for k, ds in res.datasets.items():
        put(f"arms3/{k}", ds)
    res = simulate_arms(population(30, 7), arm_groups(), parameters=default_parameters(),
                        years=4, share_history=True)
    for k, ds in res.datasets.items():
        put(f"trt30/{k}", ds)
    np.savez(path, **out)  # type: ignore[arg-type]
    print(len(out), "arrays ->", path)
    return 0


def compare(a_path: str, b_path: str) -> int:
    a, b = np.load(a_path), np.load(b_path)
    names = sorted(set(a.files) | set(b.files))
    bad = 0
    for k in names:
        if k not in a.files or k not in b.files:
            bad += 1
            print("only in one file:", k)
            continue
        x, y = a[k], b[k]
        if x.shape != y.shape or x.dtype != y.dtype or x.tobytes() != y.tobytes():
            bad += 1
            rel = (float(np.nanmax(np.abs(x - y) / np.maximum(np.abs(x), 1e-300)))
                   if x.shape == y.shape and x.dtype.kind == "f" and x.size else float("nan"))
            print("differs:", k, "max relative difference", rel)
    print(len(names), "arrays,", bad, "differ")
    return 1 if bad else 0


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "dump":
        sys.exit(dump(sys.argv[2]))
    if len(sys.argv) == 4 and sys.argv[1] == "compare":
        sys.exit(compare(sys.argv[2], sys.argv[3]))
    sys.exit(__doc__)
