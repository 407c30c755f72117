"""``osteon validate`` gives identical numbers before and after the registry restructuring.

``tests/data/validate_regression.json`` holds, for every trial file (shared and
project), the records of :func:`osteon.trials.validate.iter_reports` with 10
subjects per arm and seed 2026, written from main's code before issue 13's
restructuring by ``scripts/validate_regression.py``. These tests recompute them
and compare them: every field exactly, every simulated value to a relative 1e-9
(last-bit differences of compiled code on another CPU pass, any real change fails). A physiology
change that is meant to move the numbers regenerates the file with that script
(see its docstring); a refactoring never does.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
STORED = ROOT / "tests" / "data" / "validate_regression.json"


def _script():
    spec = importlib.util.spec_from_file_location(
        "validate_regression", ROOT / "scripts" / "validate_regression.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


SCRIPT = _script()
FEW = ("shackelford-2004-bed-rest-17-weeks.yaml", "leder-2004-anastrozole-dose-elderly-men.yaml",
       "chapman-1996-mk677-igf1.yaml")
"""Three short project files (unloading; aromatase inhibitor with testosterone; a GH
secretagogue) for the fast check."""


@pytest.fixture(scope="module")
def stored() -> dict:
    data = json.loads(STORED.read_text())
    assert data["subjects"] == SCRIPT.SUBJECTS and data["seed"] == SCRIPT.SEED
    return data["files"]


def test_the_stored_numbers_cover_every_project_file(stored):
    project = sorted(p.name for p in (ROOT / "validation" / "trials").glob("*.yaml"))
    assert set(project) <= set(stored)
    assert sum(r["simulated"] is not None for recs in stored.values() for r in recs) > 100


def test_a_few_files_give_identical_numbers(stored):
    paths = [p for p in SCRIPT.trial_paths() if p.name in FEW]
    assert paths, "the fast regression files are missing"
    assert SCRIPT.differences(stored, SCRIPT.compute(paths)) == []
