"""Issue 15 (d): ``osteon validate`` and ``osteon trial`` exit non-zero when virtual subjects
failed, saying how many and why."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from osteon.cli import main
from osteon.simulation import Simulation

ONE_YEAR = Path(__file__).resolve().parents[1] / "cohort" / "one-year.yaml"
WHY = "batch engine failed at day 12: non-finite right-hand side or state"


@pytest.fixture
def first_subject_fails(monkeypatch):
    """Every simulation reports its first subject as failed, with a reason."""
    run = Simulation.run

    def failing(self, *args, **kwargs):
        ds = run(self, *args, **kwargs)
        status = ds["status"].values.astype(object)
        reason = ds["status_reason"].values.astype(object)
        status[0], reason[0] = "failed", WHY
        ds["status"] = ("subject", status.astype(str))
        ds["status_reason"] = ("subject", reason.astype(str))
        ds["bmd"][0] = np.nan
        ds.attrs["n_failed"] = int((status != "ok").sum())
        return ds

    monkeypatch.setattr(Simulation, "run", failing)


@pytest.mark.slow
def test_validate_exits_1_saying_how_many_failed(first_subject_fails, monkeypatch, capsys):
    monkeypatch.setattr("osteon.trials.validate.MIN_CLI_SUBJECTS", 3)
    rc = main(["validate", str(ONE_YEAR), "--subjects", "3"])
    err = capsys.readouterr().err
    assert rc == 1
    # two arm groups (placebo, estrogen), one failed subject each
    assert "2 virtual subject simulations failed" in err and WHY in err


@pytest.mark.slow
def test_trial_exits_1_saying_how_many_failed(first_subject_fails, tmp_path, capsys):
    rc = main(["trial", str(ONE_YEAR), "--subjects", "4", "--chunk-size", "2", "--workers",
               "0", "--out", str(tmp_path / "r.zarr"), "--quiet"])
    err = capsys.readouterr().err
    assert rc == 1
    # first subject of each of 2 chunks, in each of 2 arms
    assert "4 virtual subject simulations failed" in err and WHY in err


@pytest.mark.slow
def test_trial_without_failures_exits_0(tmp_path, capsys):
    rc = main(["trial", str(ONE_YEAR), "--subjects", "2", "--workers", "0",
               "--out", str(tmp_path / "r.zarr"), "--quiet"])
    assert rc == 0, capsys.readouterr().err


@pytest.mark.slow
def test_parameters_into_a_closed_pipe_is_quiet(tmp_path):
    import subprocess
    import sys

    code = ("import sys; from osteon.cli import main; sys.exit(main(['parameters', '--json']))")
    proc = subprocess.run(f"{sys.executable} -c \"{code}\" | head -c 10", shell=True,
                          capture_output=True, text=True, timeout=120,
                          env={"PYTHONPATH": str(Path(__file__).resolve().parents[2] / "src"),
                               "PATH": "/usr/bin:/bin"})
    assert "Traceback" not in proc.stderr and "BrokenPipe" not in proc.stderr, proc.stderr
