"""Every input problem is reported at once, each with its field and a valid example (issue 15)."""

from __future__ import annotations

import pickle

import pytest

from osteon.errors import OsteonInputError, TrialFileError
from osteon.subject import Subject


def _fields(err: OsteonInputError) -> list[str]:
    return [field for field, _problem, _example in err.problems]


def test_subject_with_three_bad_fields_reports_all_three():
    with pytest.raises(OsteonInputError) as info:
        Subject(sex="female", age=200, body_mass_kg=-5, steps_per_day="many")
    err = info.value
    assert _fields(err) == ["subject.age", "subject.body_mass_kg", "subject.steps_per_day"]
    # the first problem stays on the exception, as before
    assert (err.field, err.example) == ("subject.age", "age=55")
    lines = str(err).splitlines()
    assert len(lines) == 3
    for (field, _problem, example), line in zip(err.problems, lines, strict=True):
        assert line.startswith(f"{field}: ") and line.endswith(f"Valid example: {example}")


def test_one_bad_field_gives_the_message_it_always_gave():
    with pytest.raises(OsteonInputError) as info:
        Subject(sex="female", age=200)
    err = info.value
    assert str(err) == "subject.age: 200 is outside [30, 100]. Valid example: age=55"
    assert err.problems == [("subject.age", err.problem, "age=55")]


def test_subject_from_dict_reports_unknown_and_bad_fields_together():
    with pytest.raises(OsteonInputError) as info:
        Subject.from_dict({"sex": "female", "age": 20, "wieght": 70,
                           "labs": {"igf1_ng_ml": -3}})
    assert _fields(info.value) == ["subject.wieght", "subject.age", "subject.labs.igf1_ng_ml"]


def test_all_problems_survive_pickling():
    # errors raised in worker processes reach the user whole
    with pytest.raises(OsteonInputError) as info:
        Subject(sex="x", age=float("nan"))
    back = pickle.loads(pickle.dumps(info.value))
    assert back.problems == info.value.problems and str(back) == str(info.value)
    assert isinstance(TrialFileError("f", "p", "e"), OsteonInputError)


def test_trial_file_with_bad_population_intervention_and_endpoint_reports_all(tmp_path):
    from osteon.trials.format import load_trial
    from tests.trials.trial_helpers import base, write_trial

    data = base()
    data["population"]["age_years"]["mean"] = "sixty"
    data["arms"]["treated"][0]["dose"] = -1
    data["endpoints"][0]["site"] = "big_toe"
    with pytest.raises(TrialFileError) as info:
        load_trial(write_trial(tmp_path, data))
    err = info.value
    fields = _fields(err)
    assert fields == ["case.yaml: population.age_years.mean",
                      "case.yaml: arms.treated[0].dose",
                      "case.yaml: endpoints[0].site"]
    assert err.field == fields[0] and err.example == err.problems[0][2]
    assert len(str(err).splitlines()) == 3
    assert all(example for _f, _p, example in err.problems)


def test_trial_file_with_bad_duration_still_checks_the_other_sections(tmp_path):
    from osteon.trials.format import load_trial
    from tests.trials.trial_helpers import base, write_trial

    data = base()
    data["duration"] = "soon"
    data["arms"]["treated"][0]["route"] = "nasal"
    with pytest.raises(TrialFileError) as info:
        load_trial(write_trial(tmp_path, data))
    assert _fields(info.value) == ["case.yaml: duration", "case.yaml: arms.treated[0].route"]


def test_valid_trial_file_still_loads(tmp_path):
    from osteon.trials.format import load_trial
    from tests.trials.trial_helpers import base, write_trial

    trial = load_trial(write_trial(tmp_path, base()))
    assert trial.arm_names == ("placebo", "treated") and len(trial.endpoints) == 2


def test_protocol_with_two_bad_entries_reports_both():
    from osteon.trials.interventions import protocol_from_specs

    with pytest.raises(OsteonInputError) as info:
        protocol_from_specs([{"intervention": "unloading", "kind": "sofa"},
                             {"intervention": "unloading", "kind": "bed_rest"},
                             "estrogen"])
    fields = _fields(info.value)
    assert fields[0].startswith("protocol[0]") and fields[1] == "protocol[2]"
    assert len(fields) == 2 and info.value.field == fields[0]


def test_cli_prints_each_problem_on_its_own_line_and_exits_2(tmp_path, capsys):
    from osteon.cli import main

    subject = tmp_path / "subject.yaml"
    subject.write_text("sex: female\nage: 200\nbody_mass_kg: -5\nsteps_per_day: many\n")
    code = main(["simulate", str(subject), "--years", "1"])
    err = capsys.readouterr().err
    assert code == 2
    lines = err.strip().splitlines()
    assert len(lines) == 3 and all(ln.startswith("error: subject.") for ln in lines)
    assert all("Valid example" in ln for ln in lines)


def test_validate_lists_each_problem_of_a_file(tmp_path, capsys):
    from osteon.cli import main
    from tests.trials.trial_helpers import base, write_trial

    data = base()
    data["population"]["sex"] = "both"
    data["endpoints"][1]["value"] = "big"
    code = main(["validate", str(write_trial(tmp_path, data)), "--subjects", "200"])
    out = capsys.readouterr().out
    assert code != 0
    lines = [ln for ln in out.splitlines() if "Valid example" in ln]
    assert len(lines) == 2
    assert "population.sex" in lines[0] and "endpoints[1].value" in lines[1]


def test_several_problems_inside_one_section_and_several_unknown_keys(tmp_path):
    from osteon.trials.format import load_trial
    from tests.trials.trial_helpers import base, write_trial

    data = base()
    data["population"]["n"] = 2.5
    data["population"]["hysterectomy"] = "no"
    with pytest.raises(TrialFileError) as info:
        load_trial(write_trial(tmp_path, data))
    assert _fields(info.value) == ["case.yaml: population.n", "case.yaml: population.hysterectomy"]
    data = base()
    data["colour"] = "red"
    data["size"] = "big"
    del data["citation"]
    with pytest.raises(TrialFileError) as info:
        load_trial(write_trial(tmp_path, data))
    assert _fields(info.value) == ["case.yaml: colour", "case.yaml: size", "case.yaml: citation"]


def test_http_api_lists_every_problem():
    pytest.importorskip("fastapi")
    from tests.web.web_helpers import app_client

    for client in app_client():
        r = client.post("/api/simulate", json={"subject": {"sex": "female", "age": 200,
                                                           "body_mass_kg": -5}})
        assert r.status_code == 422, r.text
        err = r.json()["error"]
        assert err["field"] == "subject.age" and err["example"]
        assert [p["field"] for p in err["problems"]] == ["subject.age", "subject.body_mass_kg"]
