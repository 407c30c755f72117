#!/usr/bin/env python
"""How far a small virtual cohort's per-person factors sit from their distribution (stop 30).

Each per-person factor (``osteon.cohort.variability``) draws from its own stream, seeded by
the run's seed and the factor's name, not by the trial file: every file's cohort of ``n``
subjects carries the same draws. Since stop 31 these draws are stratified (a Latin
hypercube per variable, ``osteon.cohort.streams.normal_scores``); ``--independent``
shows the plain draws of before. This prints, per seed, the sample mean of each multiplier
(distribution mean 1) and of the femoral-neck peak-BMD z-score (mean 0) for ``n`` subjects of
a trial file's population.

Run: ``python scripts/diag_cohort_draws.py [--independent] [TRIAL.yaml] [N] [SEED ...]`` (defaults: Neer 2001,
30, seeds 2026 7 11 42).

Result (2026-12-07, main dacccf6, Neer 2001, 30 subjects), independent draws:

    seed  drug_response  age_loss_factor  estrogen_sensitivity
    2026  0.825          1.182            0.964
    7     0.931          0.894            0.970
    42    1.079          1.036            1.009
    (200 subjects, seed 2026: drug_response 1.012)

Stratified (stop 31), the same file and size: drug_response 1.005 / 0.979 / 1.013 / 1.017
at seeds 2026 / 7 / 11 / 42, age_loss_factor 0.98-1.00, estrogen_sensitivity 0.99-1.01.

All files at 30 per arm (``scripts/physio_measure.py``, counted on 234 records): independent
draws 178 / 162 / 153 at seeds 2026 / 7 / 42; stratified 167 / 166 / 164 (README, "Where the
model stands").
"""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path

import numpy as np

from osteon.cohort.runner import sample_run
from osteon.subject import PHYSIOLOGY_FACTORS
from osteon.trials.format import load_trial
from osteon.trials.population import spec_from_population

ROOT = Path(__file__).resolve().parents[1]


def main(argv: list[str]) -> int:
    independent = "--independent" in argv
    argv = [a for a in argv if a != "--independent"]
    path = argv[0] if argv else str(ROOT / "validation/trials/neer-2001-teriparatide.yaml")
    n = int(argv[1]) if len(argv) > 1 else 30
    seeds = [int(s) for s in argv[2:]] or [2026, 7, 11, 42]
    trial = load_trial(path)
    spec = spec_from_population(trial.population, True)
    if independent:
        spec = replace(spec, sampling="independent")
    print(f"{Path(path).name}, {n} subjects, {spec.sampling} draws: sample means")
    print("seed  " + "  ".join(f"{k:>20s}" for k in PHYSIOLOGY_FACTORS) + "  peak_z_neck")
    for seed in seeds:
        sample = sample_run(spec, n, seed)
        means = [np.mean([s.physiology[k] for s in sample.subjects]) for k in PHYSIOLOGY_FACTORS]
        z = np.mean([s.peak_bmd_z.get("femoral_neck", np.nan) if isinstance(s.peak_bmd_z, dict)
                     else np.nan for s in sample.subjects])
        print(f"{seed:<5d} " + "  ".join(f"{m:20.3f}" for m in means) + f"  {z:11.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
