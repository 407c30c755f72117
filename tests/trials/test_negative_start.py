"""Trial files beyond FORMAT.md: a negative ``start`` is exposure before follow-up."""

import textwrap

import pytest

from osteon.errors import TrialFileError
from osteon.trials.format import load_trial
from osteon.units import DAYS_PER_YEAR

HEAD = """\
id: prior-test
title: Patients already on prednisone at entry
citation: "none"
design: rct
population: {sex: male, n: 10, age_years: {mean: 55, sd: 5}}
duration: 12 months
endpoints:
  - {arm: a, site: lumbar_spine, measure: percent_change, at: 12 months, value: -1}
arms:
  a:
"""


def _load(tmp_path, intervention: str):
    path = tmp_path / "t.yaml"
    path.write_text(HEAD + textwrap.indent(f"- {intervention}\n", "    "))
    return load_trial(path)


def test_a_negative_start_is_exposure_before_follow_up(tmp_path):
    trial = _load(tmp_path, "{intervention: glucocorticoid, agent: prednisone, dose: 10 mg, "
                            "every: 1 day, start: -2 years}")
    (it,) = trial.arms[0].interventions
    assert it.start_day == pytest.approx(-2 * DAYS_PER_YEAR) and it.stop_day is None


def test_a_negative_stop_is_a_past_course(tmp_path):
    trial = _load(tmp_path, "{intervention: bisphosphonate, agent: alendronate, dose: 10 mg, "
                            "every: 1 day, start: -5 years, stop: -1 year}")
    (it,) = trial.arms[0].interventions
    assert it.stop_day == pytest.approx(-DAYS_PER_YEAR)


@pytest.mark.parametrize("times, problem", [
    ("stop: -1 year", "must come after start"),  # a past course needs a start
    ("start: -1 year, stop: -2 years", "must come after start"),
    ("start: -90 years", "more than the 80 years"),
    ("start: 13 months", "not before the end of follow-up"),
])
def test_bad_times_are_refused_with_an_example(tmp_path, times, problem):
    with pytest.raises(TrialFileError, match=problem) as err:
        _load(tmp_path, "{intervention: glucocorticoid, agent: prednisone, dose: 10 mg, "
                        f"every: 1 day, {times}}}")
    assert "start:" in err.value.example


def test_durations_stay_non_negative(tmp_path):
    with pytest.raises(TrialFileError, match="negative"):
        _load(tmp_path, "{intervention: glucocorticoid, agent: prednisone, dose: 10 mg, "
                        "every: -1 day}")


def test_validation_notes_exposure_before_the_30th_birthday(tmp_path):
    from osteon.trials.validate import format_report, validate_trial

    path = tmp_path / "t.yaml"
    path.write_text(HEAD.replace("age_years: {mean: 55, sd: 5}", "age_years: {mean: 33, sd: 1}")
                    + "    - {intervention: glucocorticoid, agent: prednisone, dose: 10 mg, "
                      "every: 1 day, start: -10 years}\n")
    rep = validate_trial(load_trial(path), subjects=2, seed=1)
    (note,) = [n for n in rep.notes if "30th birthday" in n]
    assert note.startswith("arm a: 2 of 2 virtual subjects were exposed before their 30th")
    assert "glucocorticoid began at age 2" in note
    assert note in format_report(rep)
    assert all(note in r.notes for r in rep.results)
