"""Issue 15 (i): property-based checks over Subject, protocols, trial files and the CLI.

For any input: either a clear ``OsteonInputError`` (exit code 2 on the command line) that
names a field and gives a valid example, or a result that is finite (or a failure with a
reason); never another exception, never a hang. Every example runs under a wall-clock
alarm, and the example counts are small so that the suite fits in CI.
"""

from __future__ import annotations

import contextlib
import signal

import numpy as np
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from osteon import Simulation, Subject
from osteon.cli import main
from osteon.errors import OsteonInputError, TrialFileError
from osteon.trials.format import INTERVENTION_KINDS, load_trial
from osteon.trials.interventions import protocol_from_specs

FAST = settings(max_examples=80, deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
SLOW = settings(max_examples=6, deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])


@contextlib.contextmanager
def time_limit(seconds: float):
    """Fail (instead of hanging) when the block runs longer than ``seconds``."""

    def _raise(signum, frame):
        raise AssertionError(f"took more than {seconds} s: a hang")

    old = signal.signal(signal.SIGALRM, _raise)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def _clear(err: OsteonInputError) -> None:
    assert err.field and isinstance(err.field, str)
    assert err.problem
    assert err.example, f"no valid example in {err}"


# --------------------------------------------------------------------------- values
junk = st.one_of(
    st.none(), st.booleans(), st.text(max_size=8), st.lists(st.integers(), max_size=2),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(min_value=-(10**400), max_value=10**400),
    st.builds(np.int64, st.integers(-(2**40), 2**40)),
    st.builds(np.float32, st.floats(-1e6, 1e6, width=32)),
)


def number_or_junk(lo, hi):
    return st.one_of(st.floats(lo, hi), st.integers(int(lo), int(hi)), junk)


subject_kwargs = st.fixed_dictionaries(
    {"sex": st.one_of(st.sampled_from(["female", "male"]), junk),
     "age": number_or_junk(20, 110)},
    optional={
        "menopause_age": number_or_junk(25, 70),
        "menopause": st.one_of(st.sampled_from(["natural", "surgical"]), junk),
        "body_mass_kg": number_or_junk(20, 320),
        "steps_per_day": number_or_junk(-10, 70000),
        "gh_deficient": st.one_of(st.booleans(), junk),
        "labs": st.one_of(st.dictionaries(
            st.sampled_from(["testosterone_ng_dl", "estradiol_pg_ml", "igf1_ng_ml", "x"]),
            number_or_junk(0, 3000), max_size=3), junk),
        "calcium_mg_per_day": number_or_junk(0, 6000),
        "name": st.one_of(st.text(max_size=10), junk),
    })


@FAST
@given(subject_kwargs)
def test_subject_is_valid_or_refused_by_name(kwargs):
    with time_limit(10):
        try:
            s = Subject(**kwargs)
        except OsteonInputError as err:
            _clear(err)
            assert err.field.startswith("subject"), err
            return
    assert s.sex in ("female", "male")
    for v in (s.age, s.body_mass_kg, s.steps_per_day):
        assert isinstance(v, float) and np.isfinite(v)
    assert isinstance(s.gh_deficient, bool)


# --------------------------------------------------------------------------- protocols
times = st.one_of(
    st.builds(lambda n, u: f"{n} {u}", st.integers(-5, 400),
              st.sampled_from(["day", "days", "weeks", "months", "years", "fortnights"])),
    junk)
doses = st.one_of(
    st.builds(lambda n, u: f"{n} {u}", st.floats(0, 5000).map(lambda x: round(x, 3)),
              st.sampled_from(["mg", "ug", "IU", "g", "kg"])),
    junk)
intervention = st.fixed_dictionaries(
    {"intervention": st.one_of(st.sampled_from(INTERVENTION_KINDS), junk)},
    optional={
        "start": times, "stop": times, "dose": doses, "every": times,
        "agent": st.one_of(st.sampled_from(["prednisone", "dexamethasone", "estradiol",
                                            "somatropin", "anastrozole"]), junk),
        "kind": st.one_of(st.sampled_from(["bed_rest", "spaceflight"]), junk),
        "route": st.one_of(st.sampled_from(["oral", "transdermal", "injection"]), junk),
        "sessions_per_week": number_or_junk(0, 10),
    })


@FAST
@given(st.one_of(st.lists(intervention, max_size=4), junk), number_or_junk(0.01, 100))
def test_protocol_is_built_or_refused_by_name(specs, years):
    with time_limit(10):
        try:
            p = protocol_from_specs(specs, years=years)
        except OsteonInputError as err:
            _clear(err)
            return
    assert len(p.interventions) == len(specs)
    assert all(np.isfinite(b) for b in p.breakpoints(years * 365.25))


# --------------------------------------------------------------------------- trial files
VALID_TRIAL = {
    "id": "t", "title": "T", "citation": "A B. J 2000;1:1", "design": "uncontrolled",
    "population": {"sex": "male", "n": 6, "age_years": {"mean": 35, "sd": 8}},
    "arms": {"bed_rest": [{"intervention": "unloading", "kind": "bed_rest"}]},
    "duration": "17 weeks",
    "endpoints": [{"arm": "bed_rest", "site": "lumbar_spine", "measure": "percent_change",
                   "value": -3.9}],
}


def _paths(d, prefix=()):
    if isinstance(d, dict):
        for k, v in d.items():
            yield (*prefix, k)
            yield from _paths(v, (*prefix, k))
    elif isinstance(d, list):
        for i, v in enumerate(d):
            yield (*prefix, i)
            yield from _paths(v, (*prefix, i))


PATHS = list(_paths(VALID_TRIAL))
yaml_values = st.one_of(
    st.none(), st.booleans(), st.text(max_size=12), st.floats(allow_nan=False),
    st.integers(-(10**60), 10**60), st.lists(st.integers(), max_size=2),
    st.dictionaries(st.text(max_size=4), st.integers(), max_size=2),
    st.sampled_from(["no", "yes", "nan", ".inf", "13 days", "52 days", "33 weeks", "0 days",
                     "-1 months", "1e309", "1 fortnight"]))


def _mutated(path, value):
    import copy

    d = copy.deepcopy(VALID_TRIAL)
    node = d
    for k in path[:-1]:
        node = node[k]
    node[path[-1]] = value
    return d


@FAST
@given(st.lists(st.tuples(st.sampled_from(PATHS), yaml_values), min_size=1, max_size=3))
def test_trial_file_loads_or_is_refused_by_name(tmp_path, edits):
    d = VALID_TRIAL
    for path, value in edits:
        try:
            d = _mutated(path, value) if d is VALID_TRIAL else _apply(d, path, value)
        except (KeyError, IndexError, TypeError):
            continue
    f = tmp_path / "t.yaml"
    f.write_text(yaml.safe_dump(d, allow_unicode=True))
    with time_limit(10):
        try:
            trial = load_trial(f)
        except TrialFileError as err:
            _clear(err)
            assert "t.yaml" in err.field
            return
    assert trial.duration_days > 0 and np.isfinite(trial.duration_days)


def _apply(d, path, value):
    node = d
    for k in path[:-1]:
        node = node[k]
    node[path[-1]] = value
    return d


# --------------------------------------------------------------------------- command line
cli_numbers = st.one_of(st.integers(-(10**12), 10**12).map(str),
                        st.sampled_from(["nan", "inf", "-1", "0", "1e9", "abc", "", "2.5"]))


@FAST
@given(st.sampled_from(["trial", "validate"]), cli_numbers, cli_numbers, cli_numbers,
       st.one_of(st.none(), st.sampled_from(["not-an-address", "tcp://x:99999",
                                             "tcp://127.0.0.1:1"])))
def test_cli_refuses_bad_numbers_with_exit_2(tmp_path, command, subjects, retries, workers,
                                             scheduler):
    trial = tmp_path / "missing.yaml"
    argv = [command, str(trial), "--subjects", subjects]
    if command == "trial":
        argv += ["--out", str(tmp_path / "r.zarr"), "--retries", retries, "--workers", workers,
                 "--quiet"]
        if scheduler:
            argv += ["--scheduler", scheduler]
    with time_limit(20), contextlib.redirect_stdout(None):
        try:
            rc = main(argv)
        except SystemExit as exc:  # argparse: not a number at all
            rc = exc.code
    # the trial file is missing, so nothing may run: either a refusal (2) or, for
    # validate, the file reported as unreadable (1)
    assert rc in (1, 2), (argv, rc)
    assert not (tmp_path / "r.zarr").exists()


# --------------------------------------------------------------------------- results
legal_subject = st.builds(
    lambda sex, age, mass, steps: Subject(sex=sex, age=age, body_mass_kg=mass,
                                          steps_per_day=steps),
    st.sampled_from(["female", "male"]), st.floats(30, 100), st.floats(35, 150),
    st.floats(0, 30000))
legal_protocol = st.lists(st.sampled_from([
    {"intervention": "glucocorticoid", "agent": "prednisone", "dose": "10 mg", "every": "1 day"},
    {"intervention": "unloading", "kind": "bed_rest"},
    {"intervention": "teriparatide", "dose": "20 ug", "every": "1 day"},
    {"intervention": "denosumab", "dose": "60 mg", "every": "6 months"},
    {"intervention": "calcium", "dose": "1000 mg", "every": "1 day"},
]), max_size=2, unique_by=lambda d: d["intervention"])


@pytest.mark.slow
@SLOW
@given(st.lists(legal_subject, min_size=1, max_size=4), legal_protocol,
       st.floats(0.1, 10))
def test_legal_inputs_give_a_finite_result_or_a_reasoned_failure(subjects, specs, years):
    with time_limit(240):
        res = Simulation(subjects, protocol_from_specs(specs), years=years).run()
    ok = res.status.values == "ok"
    assert np.isfinite(res.bmd.values[ok]).all()
    assert all(str(r) for r in res.status_reason.values[~ok])
    assert ok.all(), list(res.status_reason.values[~ok])
