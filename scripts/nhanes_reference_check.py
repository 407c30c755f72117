"""Diagnose the NHANES prevalence files: T-scores of a virtual cohort on both references.

Samples each NHANES file's population (``--subjects``, seed ``--seed``), reads the start
(``years=0``) and prints, per file: mean and SD of the femoral-neck T-score (Osteon's
reference of the subject's sex), mean T-scores and BMD at spine, femoral neck and total
hip with the age-matched reference mean (:func:`osteon.outputs.reference.age_matched_mean`),
and the percent osteoporotic three ways: Osteon's ``lowest_central`` (spine, neck, hip;
own-sex reference), NHANES' definition (neck OR spine) on the own-sex reference, and
NHANES' definition on the young WOMEN's reference for everyone, which is how the NCHS
series classifies men (see the notes of ``validation/trials/wright-2014-nhanes-men-*``).

Usage: ``python scripts/nhanes_reference_check.py [FILES...] [--subjects 200] [--seed 2026]``
(default: every ``validation/trials/wright-2014-nhanes-*.yaml``). Diagnostic only: it
changes nothing and is not used by validation.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np

from osteon import Simulation
from osteon.outputs.reference import age_matched_mean, reference_bmd
from osteon.trials.format import load_trial
from osteon.trials.population import spec_from_population

ROOT = Path(__file__).resolve().parents[1]
SITES = ("lumbar_spine", "femoral_neck", "total_hip")


def check(path: Path, n: int, seed: int) -> dict:
    trial = load_trial(path)
    subjects = spec_from_population(trial.population).sample(n, seed).subjects
    ds = Simulation(list(subjects), years=0).run().isel(time=0)
    sex = trial.population.sex
    t = {s: ds.t_score.sel(site=s).values.astype(float) for s in SITES}
    bmd = {s: ds.bmd.sel(site=s).values.astype(float) for s in SITES}
    age = ds.age.values.astype(float)
    tf = {s: (bmd[s] - reference_bmd("female", s)[0]) / reference_bmd("female", s)[1]
          for s in SITES}
    pct = lambda mask: 100.0 * float(np.mean(mask))  # noqa: E731
    return {
        "file": path.stem, "n": len(age), "age": float(age.mean()),
        "fn_t_mean": float(t["femoral_neck"].mean()), "fn_t_sd": float(t["femoral_neck"].std(ddof=1)),
        "t_mean": {s: float(t[s].mean()) for s in SITES},
        "bmd_mean": {s: float(bmd[s].mean()) for s in SITES},
        "bmd_ref_age": {s: float(np.mean(age_matched_mean(age, sex, s))) for s in SITES},
        "op_lowest_central": pct(np.min([t[s] for s in SITES], axis=0) <= -2.5),
        "op_fn_or_ls_own": pct(np.minimum(t["femoral_neck"], t["lumbar_spine"]) <= -2.5),
        "op_fn_or_ls_female_ref": pct(np.minimum(tf["femoral_neck"], tf["lumbar_spine"]) <= -2.5),
        "op_fn_own": pct(t["femoral_neck"] <= -2.5), "op_ls_own": pct(t["lumbar_spine"] <= -2.5),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("files", nargs="*")
    ap.add_argument("--subjects", type=int, default=200)
    ap.add_argument("--seed", type=int, default=2026)
    a = ap.parse_args()
    files = [Path(f) for f in a.files] or sorted(
        (ROOT / "validation" / "trials").glob("wright-2014-nhanes-*.yaml"))
    for f in files:
        r = check(f, a.subjects, a.seed)
        print(f"{r['file']}: n {r['n']}, age {r['age']:.1f}; FN T mean {r['fn_t_mean']:.2f} "
              f"SD {r['fn_t_sd']:.2f}")
        print("  T mean " + ", ".join(f"{s} {v:.2f}" for s, v in r["t_mean"].items()))
        print("  BMD mean (age-matched reference) " + ", ".join(
            f"{s} {r['bmd_mean'][s]:.3f} ({r['bmd_ref_age'][s]:.3f})" for s in SITES))
        print(f"  % osteoporotic: lowest_central {r['op_lowest_central']:.1f}; FN or LS own-sex "
              f"ref {r['op_fn_or_ls_own']:.1f} (FN {r['op_fn_own']:.1f}, LS {r['op_ls_own']:.1f}); "
              f"FN or LS women's ref {r['op_fn_or_ls_female_ref']:.1f}", flush=True)


if __name__ == "__main__":
    main()
