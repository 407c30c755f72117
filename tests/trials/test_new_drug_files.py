"""The project's trial files that use bisphosphonates, SERMs, romosozumab and GnRH agonists
are read and run by the validation code (the agreement table is in the drugs report)."""

from __future__ import annotations

from pathlib import Path

import pytest

from osteon.trials.format import load_trial
from osteon.trials.validate import validate_trial

TRIALS = Path(__file__).resolve().parents[2] / "validation" / "trials"
NEW_KINDS = {"bisphosphonate", "serm", "romosozumab", "gnrh_agonist"}
FILES = sorted(p for p in TRIALS.glob("*.yaml")
               if any(f"intervention: {k}" in p.read_text() for k in NEW_KINDS))


def test_the_files_are_found():
    names = {p.name.split("-")[0] for p in FILES}
    assert {"black", "boonen", "cosman", "delmas", "gonnelli", "liberman", "mcclung", "miller",
            "orwoll", "reginster", "saag", "finkelstein"} <= names


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_file_is_read(path):
    trial = load_trial(path)
    kinds = {s.kind for arm in trial.arms for s in arm.interventions}
    assert kinds & NEW_KINDS


@pytest.mark.slow
@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_file_runs(path):
    report = validate_trial(load_trial(path), subjects=2)
    assert report.results
    assert all(r.status == "ok" and r.simulated is not None for r in report.results), [
        (r.arm, r.site, r.status, r.reason) for r in report.results if r.status != "ok"]
