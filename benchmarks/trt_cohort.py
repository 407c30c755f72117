"""The benchmarks' shared workload: men of 45-75 with measured low-normal testosterone,
untreated or on weekly testosterone cypionate plus resistance training 3x/week, 10 years.

Imported by ``bench_engine.py``, ``bench_jacobian.py``, ``bench_trial_history.py``,
``bench_sbml.py`` and ``bench_source_trees.py`` (run them as ``python benchmarks/NAME.py``,
which puts this folder on ``sys.path``), so that their figures are of the same trial.
"""

from __future__ import annotations

import numpy as np

from osteon import Subject
from osteon.cohort.chunks import ArmGroup
from osteon.trials.interventions import protocol_from_specs

TREATMENT = [
    {"intervention": "testosterone", "agent": "testosterone_cypionate",
     "route": "intramuscular", "dose": "100 mg", "every": "1 week"},
    {"intervention": "resistance_training", "sessions_per_week": 3, "intensity_pct_1rm": 75,
     "sets": 3, "reps": 8, "exercises": ["squat", "deadlift", "leg_press"]},
]
YEARS = 10.0


def population(n: int, seed: int) -> list[Subject]:
    """``n`` men, ages uniform 45-75, testosterone uniform 120-350 ng/dL (seeded)."""
    rng = np.random.default_rng(seed)
    ages = rng.uniform(45, 75, n)
    testosterone = rng.uniform(120, 350, n)
    return [Subject(sex="male", age=float(a), labs={"testosterone_ng_dl": float(t)})
            for a, t in zip(ages, testosterone, strict=True)]


def arm_groups() -> tuple[ArmGroup, ArmGroup]:
    """The two arms (control, treatment) as the cohort runner's arm groups."""
    return (ArmGroup(("control",), protocol_from_specs([])),
            ArmGroup(("treatment",), protocol_from_specs(TREATMENT)))
