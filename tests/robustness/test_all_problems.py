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
