"""Shared paths and builders for the trial-file tests."""

from __future__ import annotations

import copy
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
FIXTURES = HERE / "fixtures"
MALFORMED = FIXTURES / "malformed"
SHARED_TRIALS = Path(__file__).resolve().parents[2].parent / "shared" / "validation" / "trials"

BASE = {
    "id": "base",
    "title": "A valid base trial that the tests modify",
    "citation": "Osteon test fixture, 2026",
    "design": "rct",
    "population": {
        "sex": "female",
        "age_years": {"mean": 60, "sd": 5},
        "years_since_menopause": {"mean": 10, "sd": 4},
    },
    "arms": {
        "placebo": [],
        "treated": [{"intervention": "estrogen", "agent": "estradiol", "route": "oral",
                     "dose": "1 mg", "every": "1 day"}],
    },
    "duration": "24 months",
    "endpoints": [
        {"arm": "treated", "site": "lumbar_spine", "measure": "percent_change", "value": 3.0},
        {"arm": "treated", "control": "placebo", "site": "lumbar_spine",
         "measure": "difference_vs_control", "value": 4.0, "ci": [3.0, 5.0]},
    ],
}


def base() -> dict:
    """A fresh deep copy of :data:`BASE`."""
    return copy.deepcopy(BASE)


def write_trial(folder: Path, data: dict | str, name: str = "case.yaml") -> Path:
    """Write a trial (a dict dumped as YAML, or raw text) and return its path."""
    path = folder / name
    path.write_text(data if isinstance(data, str) else yaml.safe_dump(data, sort_keys=False))
    return path
