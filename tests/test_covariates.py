"""The covariate table (osteon.covariates) is the one declaration the subject, the trial
reader, both population modules, the command line, the report and the results read."""

from __future__ import annotations

import argparse
import dataclasses
import re
from types import SimpleNamespace

import numpy as np
import pytest

from osteon import covariates as cov
from osteon.cohort import population as cohort_population
from osteon.errors import OsteonInputError, TrialFileError
from osteon.subject import Subject
from osteon.trials import format as trial_format
from osteon.trials.format import MeanSD, Population
from osteon.trials.population import spec_from_population

NUMBERS = [c for c in cov.COVARIATES if c.kind == "number"]


def _subject_kwargs(c: cov.Covariate, value: float) -> dict:
    sex = "female" if c.women_only else "male"
    kwargs: dict = {"sex": sex, "age": 60}
    if c.lab:
        kwargs["labs"] = {c.name: value}
    else:
        kwargs[c.name] = value
    return kwargs


def test_names_and_trial_keys_are_unique_and_documented():
    names = [c.name for c in cov.COVARIATES]
    keys = [c.trial_key for c in cov.COVARIATES if c.trial_key]
    assert len(set(names)) == len(names) and len(set(keys)) == len(keys)
    for c in cov.COVARIATES:
        assert c.units and c.description and c.enters and c.source, c.name
        if c.kind in ("number", "site_score"):
            assert c.lo < c.hi, c.name
        if c.kind == "choice":
            assert c.choices, c.name


@pytest.mark.parametrize("c", NUMBERS, ids=lambda c: c.name)
def test_subject_accepts_the_range_and_refuses_outside_it(c):
    # both ends accepted; just outside refused, naming the field with the table's example
    for value in (c.lo, c.hi):
        s = Subject(**_subject_kwargs(c, value))
        assert cov.subject_value(s, c) == pytest.approx(value)
    below = c.lo - max(1.0, abs(c.lo))
    with pytest.raises(OsteonInputError) as info:
        Subject(**_subject_kwargs(c, below))
    field = f"subject.labs.{c.name}" if c.lab else f"subject.{c.name}"
    assert info.value.field == field
    assert info.value.example == c.example


def test_defaults_come_from_the_table():
    woman, man = Subject(sex="female", age=55), Subject(sex="male", age=55)
    assert woman.menopause_age == cov.number_default("menopause_age")
    assert woman.body_mass_kg == cov.number_default("body_mass_kg", "female")
    assert man.body_mass_kg == cov.number_default("body_mass_kg", "male")
    assert woman.steps_per_day == cov.number_default("steps_per_day")
    assert woman.menopause == cov.covariate("menopause").default
    assert woman.gh_deficient is cov.covariate("gh_deficient").default


def test_unknown_lab_lists_the_table():
    with pytest.raises(OsteonInputError) as info:
        Subject(sex="male", age=60, labs={"tsh_mu_l": 2.0})
    assert info.value.field == "subject.labs.tsh_mu_l"
    assert all(lab in info.value.problem for lab in cov.LABS)


def test_population_fields_are_the_table_trial_keys():
    # Population keeps one typed field per trial key; nothing else reaches a subject
    fields = {f.name for f in dataclasses.fields(Population)}
    informational = {"n", "hysterectomy", "condition"}
    assert fields - informational == set(cov.BY_TRIAL_KEY)
    assert set(trial_format.POPULATION_KEYS) == fields


def test_format_md_lists_the_same_population_keys(shared_dir):
    text = (shared_dir / "validation" / "FORMAT.md").read_text(encoding="utf-8")
    section = text.split("## population", 1)[1].split("\n## ", 1)[0]
    documented = set(re.findall(r"^\| `([a-z0-9_]+)` \|", section, flags=re.M))
    assert documented == set(trial_format.POPULATION_KEYS)


@pytest.mark.parametrize("key", cov.MEAN_SD_KEYS)
def test_trial_reader_checks_the_table_range(tmp_path, key):
    import yaml

    c = cov.BY_TRIAL_KEY[key]
    data = {"id": "case", "title": "A population key out of range", "citation": "test",
            "design": "rct",
            "population": {"sex": "female", "age_years": {"mean": 56, "sd": 4},
                           key: {"mean": c.trial_hi + 1.0, "sd": 1.0}},
            "arms": {"placebo": []}, "duration": "12 months",
            "endpoints": [{"arm": "placebo", "site": "lumbar_spine",
                           "measure": "percent_change", "value": -1.0}]}
    path = tmp_path / "case.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    with pytest.raises(TrialFileError) as info:
        trial_format.load_trial(path)
    assert info.value.field.startswith(f"case.yaml: population.{key}")
    assert "outside" in info.value.problem and c.units in info.value.problem
    assert info.value.example == c.trial_example


def test_sampled_variables_use_the_table_distribution_and_range():
    pop = Population(sex="male", age_years=MeanSD(60, 5), igf1_ng_ml=MeanSD(90, 30),
                     steps_per_day=MeanSD(6000, 2000), calcium_mg_per_day=MeanSD(700, 200))
    spec = spec_from_population(pop, between_person=False)
    by_name = {v.name: v for v in spec.variables}
    for name in ("igf1_ng_ml", "steps_per_day", "calcium_mg_per_day"):
        c = cov.covariate(name)
        assert by_name[name].distribution == c.sampling
        assert by_name[name].bounds == c.range
        assert by_name[name].units == c.units
    subjects = spec.sample(50, seed=3).subjects
    igf = np.array([s.labs["igf1_ng_ml"] for s in subjects])
    assert igf.min() >= cov.covariate("igf1_ng_ml").lo and igf.std() > 0


def test_cohort_spec_builds_subjects_from_every_population_covariate():
    assert set(cohort_population.LAB_FIELDS) == set(cov.LABS)
    for c in cov.COVARIATES:
        if c.sampling is not None and c.kind == "number":
            assert c.name in cohort_population.SUBJECT_COVARIATES, c.name


def test_cli_flags_come_from_the_table():
    parser = argparse.ArgumentParser()
    cov.add_cli_flags(parser)
    argv = []
    for c in cov.COVARIATES:
        if c.cli_flag is None:
            continue
        argv += [c.cli_flag, c.choices[0] if c.kind == "choice" else str(c.lo)]
    args = parser.parse_args(argv)
    data = cov.subject_fields_from_args(args, {})
    for c in cov.COVARIATES:
        if c.cli_flag is None:
            continue
        got = data["labs"][c.name] if c.lab else data[c.name]
        assert got == (c.choices[0] if c.kind == "choice" else c.lo)


def test_cli_lab_flags_merge_with_the_file_labs():
    args = SimpleNamespace(igf1=90.0, age=None)
    data = cov.subject_fields_from_args(args, {"labs": {"estradiol_pg_ml": 12}})
    assert data["labs"] == {"estradiol_pg_ml": 12, "igf1_ng_ml": 90.0}
    with pytest.raises(OsteonInputError) as info:
        cov.subject_fields_from_args(args, {"labs": [1]})
    assert info.value.field == "subject.labs"


def test_simulate_and_export_commands_offer_every_flag():
    from osteon.cli import build_parser

    parser = build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    for command in ("simulate", "export-sbml"):
        flags = {o for a in sub.choices[command]._actions for o in a.option_strings}
        assert {c.cli_flag for c in cov.COVARIATES if c.cli_flag} <= flags, command


def test_result_coordinates_and_report_words():
    subjects = [Subject(sex="female", age=55, labs={"igf1_ng_ml": 120.0}),
                Subject(sex="male", age=60)]
    coords = cov.result_coords(subjects)
    assert set(coords) == {c.result_coord for c in cov.COVARIATES if c.result_coord}
    assert coords["igf1_ng_ml"][1][0] == 120.0 and np.isnan(coords["igf1_ng_ml"][1][1])
    assert coords["age_at_start"][1].tolist() == [55.0, 60.0]
    assert np.isnan(coords["menopause_age"][1][1])  # a man has none
    assert cov.describe_labs({"igf1_ng_ml": 120.0}) == "IGF-1 120 ng/mL"
