"""Issue 15 (c): numbers are finite, in range and whole where meant; numpy numbers are
accepted; booleans are strict; every refusal names the field and gives a valid example."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from osteon import Simulation, Subject
from osteon.errors import OsteonInputError
from osteon.protocol import Unloading
from osteon.solver import SolverSettings
from osteon.trials.interventions import protocol_from_specs

NAN = float("nan")


def _refused(call, field):
    with pytest.raises(OsteonInputError) as err:
        call()
    assert err.value.field == field, str(err.value)
    assert err.value.example, "a refusal must show a valid example"
    return err.value


@pytest.mark.parametrize(("call", "field"), [
    (lambda: Subject(sex="female", age=55, gh_deficient="no"), "subject.gh_deficient"),
    (lambda: Subject(sex="female", age=55, gh_deficient=1), "subject.gh_deficient"),
    (lambda: Subject(sex="female", age=10**400), "subject.age"),
    (lambda: Subject(sex="female", age=NAN), "subject.age"),
    (lambda: Subject(sex="female", age=float("inf")), "subject.age"),
    (lambda: Subject(sex="female", age="55"), "subject.age"),
    (lambda: Subject(sex=["female"], age=55), "subject.sex"),
    (lambda: Subject(sex="female", age=55, name=3), "subject.name"),
    (lambda: Subject(sex="female", age=55, menopause=["natural"]), "subject.menopause"),
    (lambda: SolverSettings(max_step_days=NAN), "solver.max_step_days"),
    (lambda: SolverSettings(max_step_days=0), "solver.max_step_days"),
    (lambda: SolverSettings(batch_subjects="many"), "solver.batch_subjects"),
    (lambda: SolverSettings(batch_subjects=2.5), "solver.batch_subjects"),
    (lambda: SolverSettings(rtol=NAN), "solver.rtol"),
    (lambda: Simulation(Subject(sex="male", age=60), output_every_days="monthly"),
     "output_every_days"),
    (lambda: Simulation(Subject(sex="male", age=60), years=NAN), "years"),
    (lambda: Simulation(Subject(sex="male", age=60), batch_size=0), "batch_size"),
    (lambda: Simulation(Subject(sex="male", age=60), freeze_age="yes"), "freeze_age"),
    (lambda: protocol_from_specs("bed rest"), "protocol"),
    (lambda: protocol_from_specs(None), "protocol"),
    (lambda: protocol_from_specs({"intervention": "unloading", "kind": "bed_rest"}), "protocol"),
    (lambda: protocol_from_specs([], years="10"), "years"),
    (lambda: protocol_from_specs(["unloading"]), "protocol[0]"),
    (lambda: Unloading(start_day="soon"), "unloading.start"),
    (lambda: Unloading(start_day=NAN), "unloading.start"),
    (lambda: Unloading(stop_day=NAN), "unloading.stop"),
])
def test_bad_values_are_refused_by_name(call, field):
    _refused(call, field)


def test_numpy_numbers_are_accepted():
    s = Subject(sex="female", age=np.int64(55), body_mass_kg=np.float32(61.5),
                steps_per_day=np.int32(5000), gh_deficient=np.bool_(False),
                labs={"estradiol_pg_ml": np.float64(20.0)})
    assert s.age == 55.0 and isinstance(s.age, float)
    assert s.gh_deficient is False
    assert SolverSettings(batch_subjects=np.int64(64)).batch_subjects == 64
    assert Unloading(start_day=np.int64(3), stop_day=np.float32(10)).stop_day == 10.0


def test_subject_file_booleans_are_strict(tmp_path):
    from osteon.report.simulate_cmd import load_subject_file

    f = tmp_path / "s.yaml"
    f.write_text('sex: male\nage: 60\ngh_deficient: "no"\n')
    _refused(lambda: Subject.from_dict(load_subject_file(f)), "subject.gh_deficient")
    f.write_text("sex: male\nage: 60\ngh_deficient: false\n")
    assert Subject.from_dict(load_subject_file(f)).gh_deficient is False


ONE_YEAR = Path(__file__).resolve().parents[1] / "cohort" / "one-year.yaml"


@pytest.mark.parametrize(("argv", "field"), [
    (["trial", str(ONE_YEAR), "--subjects", "1000000000"], "--subjects"),
    (["validate", str(ONE_YEAR), "--subjects", "1000000000"], "--subjects"),
    (["trial", str(ONE_YEAR), "--subjects", "10", "--retries", "-1"], "--retries"),
    (["trial", str(ONE_YEAR), "--subjects", "10", "--workers", "-3"], "--workers"),
    (["trial", str(ONE_YEAR), "--subjects", "10", "--scheduler", "not-an-address"],
     "--scheduler"),
])
def test_cli_bounds_are_checked_before_any_work(tmp_path, capsys, argv, field):
    import time

    from osteon.cli import main

    if argv[0] == "trial":
        argv = [*argv, "--out", str(tmp_path / "r.zarr"), "--quiet"]
    started = time.perf_counter()
    assert main(argv) == 2
    assert time.perf_counter() - started < 5, "refused only after some work (or a timeout)"
    assert f"error: {field}:" in capsys.readouterr().err
    assert not (tmp_path / "r.zarr").exists()
