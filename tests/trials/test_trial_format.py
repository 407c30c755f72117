"""Reading trial files: the examples, the whole vocabulary, and clear errors."""

from __future__ import annotations

import pytest
from trial_helpers import FIXTURES, MALFORMED, SHARED_TRIALS, base, write_trial

from osteon.errors import TrialFileError
from osteon.trials.format import (
    DXA_SITES,
    ENDPOINT_SITES,
    INTERVENTION_KINDS,
    MEASURES,
    Dose,
    load_trial,
)
from osteon.units import DAYS_PER_MONTH


def shared_files():
    if not SHARED_TRIALS.exists():
        return []
    return sorted(SHARED_TRIALS.glob("*.yaml"))


@pytest.mark.parametrize("path", shared_files(), ids=lambda p: p.name)
def test_every_shared_trial_file_parses(path):
    trial = load_trial(path)
    assert trial.id and trial.title and trial.citation
    assert trial.duration_days > 0
    assert trial.file == path.name
    names = set(trial.arm_names)
    for e in trial.endpoints:
        assert e.arm in names
        assert e.control is None or e.control in names
        assert 0 <= e.from_day < e.at_day <= trial.duration_days + 1e-9
        assert e.site in ENDPOINT_SITES and e.measure in MEASURES


def test_shared_folder_is_present_or_skipped():
    if not SHARED_TRIALS.exists():
        pytest.skip(f"{SHARED_TRIALS} is not present next to the repository")
    assert len(shared_files()) >= 1


def test_shared_pepi_details():
    path = SHARED_TRIALS / "pepi-1996.yaml"
    if not path.exists():
        pytest.skip(f"{path} is not present")
    t = load_trial(path)
    assert t.duration_days == pytest.approx(36 * DAYS_PER_MONTH)
    assert t.population.menopause == "natural"
    assert t.arm("placebo").interventions == ()
    mpa = t.arm("cee_micronized_progesterone").interventions[1]
    assert mpa.kind == "progestogen"
    assert mpa.get("dose") == Dose(200.0, "mg", "200 mg")
    assert mpa.get("every") == 1.0 and mpa.get("days_per_month") == 12
    assert t.endpoints[3].ci == (3.5, 5.0)
    assert t.endpoints[0].from_text == "0 months" and t.endpoints[0].at_text == "36 months"


def test_full_vocabulary_fixture_parses():
    t = load_trial(FIXTURES / "full-vocabulary.yaml")
    kinds = {s.kind for a in t.arms for s in a.interventions}
    assert kinds == set(INTERVENTION_KINDS)
    assert {e.site for e in t.endpoints} == set(ENDPOINT_SITES)
    assert {e.measure for e in t.endpoints} == set(MEASURES)
    p = t.population
    assert p.menopause == "surgical" and p.hysterectomy is True and p.gh_deficiency is False
    assert p.t_score.site == "femoral_neck" and p.t_score.mean == -1.8
    assert p.calcium_mg_per_day.mean == 750 and p.steps_per_day.sd == 2500
    gh = t.arm("hormones").interventions[7]
    assert gh.get("dose") == Dose(1.2, "IU", "1.2 IU")
    first_e2 = t.arm("hormones").interventions[1]
    assert first_e2.start_day == 0 and first_e2.stop_day == pytest.approx(6 * DAYS_PER_MONTH)
    training = t.arm("training").interventions[0]
    assert training.get("exercises")[0] == "squat" and training.get("progression") == "none"
    e = t.endpoints[2]
    assert (e.from_day, e.at_day) == (26 * 7.0, 52 * 7.0)


# --------------------------------------------------------------------------- fixture files
MALFORMED_CASES = {
    "missing-duration.yaml": ("missing-duration.yaml: duration", "required", "36 months"),
    "dose-without-unit.yaml": ("dose-without-unit.yaml: arms.placebo[0].dose", "no unit",
                               "0.625 mg"),
    "unknown-agent.yaml": ("unknown-agent.yaml: arms.treated[0].agent", "estriol",
                           "agent: estradiol"),
    "intensity-120-percent.yaml": (
        "intensity-120-percent.yaml: arms.lifting[0].intensity_pct_1rm", "120",
        "intensity_pct_1rm:"),
    "stop-before-start.yaml": ("stop-before-start.yaml: arms.prednisone[0].stop",
                               "must come after start", "stop:"),
    "endpoint-unknown-arm.yaml": ("endpoint-unknown-arm.yaml: endpoints[1].control", "plasebo",
                                  "control: placebo"),
}


@pytest.mark.parametrize("name", sorted(MALFORMED_CASES))
def test_malformed_fixture_names_field_and_example(name):
    field, problem, example = MALFORMED_CASES[name]
    with pytest.raises(TrialFileError) as info:
        load_trial(MALFORMED / name)
    err = info.value
    assert err.field == field
    assert problem in err.problem
    assert example in err.example
    assert "Valid example:" in str(err)


def test_bad_yaml_syntax_names_file_and_line():
    with pytest.raises(TrialFileError) as info:
        load_trial(MALFORMED / "bad-yaml-syntax.yaml")
    err = info.value
    assert err.field.startswith("bad-yaml-syntax.yaml: line 14")
    assert "not valid YAML" in err.problem and "line 13" in err.problem
    assert err.example


def test_every_malformed_fixture_is_tested():
    assert {p.name for p in MALFORMED.glob("*.yaml")} == {*MALFORMED_CASES, "bad-yaml-syntax.yaml"}


def test_missing_file(tmp_path):
    with pytest.raises(TrialFileError, match="no such file"):
        load_trial(tmp_path / "absent.yaml")


def test_error_shows_line_number(tmp_path):
    d = base()
    d["arms"]["treated"][0]["dose"] = "1 mgs"
    with pytest.raises(TrialFileError) as info:
        load_trial(write_trial(tmp_path, d))
    assert info.value.field == "case.yaml: arms.treated[0].dose"
    assert "(line " in info.value.problem


# --------------------------------------------------------------------------- inline cases
def _set(path, value):
    def edit(d):
        node = d
        for key in path[:-1]:
            node = node[key]
        node[path[-1]] = value
    return edit


def _delete(path):
    def edit(d):
        node = d
        for key in path[:-1]:
            node = node[key]
        del node[path[-1]]
    return edit


def _treated(**fields):
    def edit(d):
        d["arms"]["treated"] = [fields]
    return edit


def _endpoint(**fields):
    def edit(d):
        d["endpoints"] = [fields]
    return edit


EP = {"arm": "treated", "site": "lumbar_spine", "measure": "percent_change", "value": 1.0}
RT = {"intervention": "resistance_training", "sessions_per_week": 2, "intensity_pct_1rm": 80,
      "sets": 3, "reps": 8, "exercises": ["squat"]}

BAD = {
    # top level
    "top-unknown-key": (_set(("sponsor",), "x"), "sponsor", "unknown key"),
    "top-missing-endpoints": (_delete(("endpoints",)), "endpoints", "required"),
    "top-bad-design": (_set(("design",), "rtc"), "design", "not one of"),
    "top-id-not-text": (_set(("id",), 12), "id", "expected text"),
    "duration-no-unit": (_set(("duration",), 36), "duration", "no unit"),
    "duration-bad-unit": (_set(("duration",), "3 fortnights"), "duration", "unknown time unit"),
    "duration-zero": (_set(("duration",), "0 months"), "duration", "longer than zero"),
    "endpoints-empty": (_set(("endpoints",), []), "endpoints", "non-empty"),
    "arms-empty": (_set(("arms",), {}), "arms", "expected a mapping"),
    "arm-not-list": (_set(("arms", "placebo"), None), "arms.placebo", "[] for none"),
    # population
    "pop-bad-sex": (_set(("population", "sex"), "f"), "population.sex", "not one of"),
    "pop-missing-age": (_delete(("population", "age_years")), "population.age_years", "required"),
    "pop-age-scalar": (_set(("population", "age_years"), 60), "population.age_years",
                       "expected a mapping"),
    "pop-age-no-sd": (_set(("population", "age_years"), {"mean": 60}), "population.age_years.sd",
                      "required"),
    "pop-age-extra": (_set(("population", "age_years"), {"mean": 60, "sd": 5, "median": 61}),
                      "population.age_years.median", "unknown key"),
    "pop-negative-sd": (_set(("population", "age_years"), {"mean": 60, "sd": -1}),
                        "population.age_years.sd", "outside"),
    "pop-sd-text": (_set(("population", "age_years"), {"mean": 60, "sd": "5"}),
                    "population.age_years.sd", "expected a number"),
    "pop-unknown-key": (_set(("population", "bmi"), {"mean": 25, "sd": 3}), "population.bmi",
                        "unknown key"),
    "pop-bad-menopause": (_set(("population", "menopause"), "early"), "population.menopause",
                          "not one of"),
    "pop-lab-zero": (_set(("population", "igf1_ng_ml"), {"mean": 0, "sd": 3}),
                     "population.igf1_ng_ml.mean", "outside"),
    "pop-gh-not-bool": (_set(("population", "gh_deficiency"), "yes please"),
                        "population.gh_deficiency", "true or false"),
    "pop-t-score-site": (_set(("population", "t_score"), {"site": "radius", "mean": -2, "sd": 1}),
                         "population.t_score.site", "not one of"),
    "pop-t-score-shape": (_set(("population", "t_score"), {"mean": -2, "sd": 1}),
                          "population.t_score.site", "required"),
    "pop-n-fraction": (_set(("population", "n"), 10.5), "population.n", "whole number"),
    # interventions
    "iv-unknown-kind": (_treated(intervention="strontium_ranelate", dose="2 g", every="1 day"),
                        "arms.treated[0].intervention", "not one of"),
    "iv-no-kind": (_treated(agent="estradiol"), "arms.treated[0].intervention", "required"),
    "iv-unknown-field": (_treated(intervention="unloading", kind="bed_rest", hours=5),
                         "arms.treated[0].hours", "unknown key"),
    "iv-missing-route": (_treated(intervention="estrogen", agent="estradiol", dose="1 mg",
                                  every="1 day"), "arms.treated[0].route", "required"),
    "iv-bad-route": (_treated(intervention="estrogen", agent="estradiol", route="vaginal",
                              dose="1 mg", every="1 day"), "arms.treated[0].route", "not one of"),
    "iv-dose-unknown-unit": (_treated(intervention="zinc", dose="15 mgs", every="1 day"),
                             "arms.treated[0].dose", "unknown dose unit"),
    "iv-dose-zero": (_treated(intervention="zinc", dose="0 mg", every="1 day"),
                     "arms.treated[0].dose", "positive"),
    "iv-calcium-in-iu": (_treated(intervention="calcium", dose="1000 IU", every="1 day"),
                         "arms.treated[0].dose", "wrong kind of unit"),
    "iv-vitamin-d-in-mg": (_treated(intervention="vitamin_d", dose="0.02 mg", every="1 day"),
                           "arms.treated[0].dose", "use IU"),
    "iv-every-no-unit": (_treated(intervention="zinc", dose="15 mg", every=1),
                         "arms.treated[0].every", "no unit"),
    "iv-every-zero": (_treated(intervention="zinc", dose="15 mg", every="0 days"),
                      "arms.treated[0].every", "longer than zero"),
    "iv-progestogen-agent": (_treated(intervention="progestogen", agent="levonorgestrel",
                                      dose="1 mg", every="1 day"),
                             "arms.treated[0].agent", "not one of"),
    "iv-days-per-month": (_treated(intervention="progestogen", agent="micronized_progesterone",
                                   dose="200 mg", every="1 day", days_per_month=40),
                          "arms.treated[0].days_per_month", "outside"),
    "iv-testosterone-neither": (_treated(intervention="testosterone", agent="testosterone_gel",
                                         route="transdermal"),
                                "arms.treated[0]", "needs dose and every or target_ng_dl"),
    "iv-testosterone-both": (_treated(intervention="testosterone", agent="testosterone_gel",
                                      route="transdermal", dose="50 mg", every="1 day",
                                      target_ng_dl=600),
                             "arms.treated[0].target_ng_dl", "not both"),
    "iv-testosterone-dose-alone": (_treated(intervention="testosterone", agent="testosterone_gel",
                                            route="transdermal", dose="50 mg"),
                                   "arms.treated[0].every", "together with dose"),
    "iv-testosterone-route": (_treated(intervention="testosterone",
                                       agent="testosterone_cypionate", route="transdermal",
                                       dose="100 mg", every="1 week"),
                              "arms.treated[0].route", "intramuscular"),
    "iv-ai-agent": (_treated(intervention="aromatase_inhibitor", agent="exemestane", dose="25 mg",
                             every="1 day"), "arms.treated[0].agent", "not one of"),
    "iv-gh-agent": (_treated(intervention="growth_hormone", agent="somatrogon", dose="1 mg",
                             every="1 day"), "arms.treated[0].agent", "not one of"),
    "iv-secretagogue-agent": (_treated(intervention="gh_secretagogue", agent="tesamorelin",
                                       dose="2 mg", every="1 day"),
                              "arms.treated[0].agent", "not one of"),
    "iv-glucocorticoid-agent": (_treated(intervention="glucocorticoid", agent="budesonide",
                                         dose="9 mg", every="1 day"),
                                "arms.treated[0].agent", "not one of"),
    "iv-k2-agent": (_treated(intervention="vitamin_k2", agent="phylloquinone", dose="1 mg",
                             every="1 day"), "arms.treated[0].agent", "not one of"),
    "iv-intensity-zero": (_treated(**{**RT, "intensity_pct_1rm": 0}),
                          "arms.treated[0].intensity_pct_1rm", "outside (0, 100]"),
    "iv-sessions-zero": (_treated(**{**RT, "sessions_per_week": 0}),
                         "arms.treated[0].sessions_per_week", "outside (0, 14]"),
    "iv-sessions-15": (_treated(**{**RT, "sessions_per_week": 15}),
                       "arms.treated[0].sessions_per_week", "outside (0, 14]"),
    "iv-sets-fraction": (_treated(**{**RT, "sets": 2.5}), "arms.treated[0].sets", "whole number"),
    "iv-exercise-unknown": (_treated(**{**RT, "exercises": ["squat", "curl"]}),
                            "arms.treated[0].exercises[1]", "not one of"),
    "iv-exercises-empty": (_treated(**{**RT, "exercises": []}), "arms.treated[0].exercises",
                           "non-empty list"),
    "iv-progression": (_treated(**{**RT, "progression": "exponential"}),
                       "arms.treated[0].progression", "not one of"),
    "iv-impact-activity": (_treated(intervention="impact_training", activity="swimming",
                                    sessions_per_week=3, impacts_per_session=50),
                           "arms.treated[0].activity", "not one of"),
    "iv-impact-no-amount": (_treated(intervention="impact_training", activity="jumping",
                                     sessions_per_week=3),
                            "arms.treated[0]", "impacts_per_session or minutes_per_session"),
    "iv-walking-both": (_treated(intervention="walking", minutes_per_week=150, steps_per_day=3000),
                        "arms.treated[0].steps_per_day", "not both"),
    "iv-walking-none": (_treated(intervention="walking"), "arms.treated[0]", "needs"),
    "iv-unloading-kind": (_treated(intervention="unloading", kind="sofa"), "arms.treated[0].kind",
                          "not one of"),
    "iv-calcium-source": (_treated(intervention="calcium", dose="500 mg", every="1 day",
                                   source="fortified"), "arms.treated[0].source", "not one of"),
    "iv-protein-target": (_treated(intervention="protein", target_g_per_kg_per_day=-1),
                          "arms.treated[0].target_g_per_kg_per_day", "outside"),
    "iv-stop-equals-start": (_treated(intervention="unloading", kind="bed_rest",
                                      start="2 months", stop="2 months"),
                             "arms.treated[0].stop", "must come after start"),
    "iv-stop-after-end": (_treated(intervention="unloading", kind="bed_rest", stop="30 months"),
                          "arms.treated[0].stop", "after the end of follow-up"),
    "iv-start-at-end": (_treated(intervention="unloading", kind="bed_rest", start="24 months"),
                        "arms.treated[0].start", "not before the end"),
    "iv-not-mapping": (_set(("arms", "treated"), ["estrogen"]), "arms.treated[0]",
                       "expected a mapping"),
    # endpoints
    "ep-unknown-arm": (_endpoint(**{**EP, "arm": "treatd"}), "endpoints[0].arm",
                       "not an arm of this trial"),
    "ep-missing-value": (_endpoint(arm="treated", site="lumbar_spine", measure="percent_change"),
                         "endpoints[0].value", "required"),
    "ep-bad-site": (_endpoint(**{**EP, "site": "forearm"}), "endpoints[0].site", "not one of"),
    "ep-bad-measure": (_endpoint(**{**EP, "measure": "absolute_change"}), "endpoints[0].measure",
                       "not one of"),
    "ep-difference-no-control": (_endpoint(**{**EP, "measure": "difference_vs_control"}),
                                 "endpoints[0].control", "required"),
    "ep-control-self": (_endpoint(**{**EP, "measure": "difference_vs_control",
                                     "control": "treated"}),
                        "endpoints[0].control", "another arm"),
    "ep-control-for-percent-change": (_endpoint(**{**EP, "control": "placebo"}),
                                      "endpoints[0].control", "difference_vs_control only"),
    "ep-ci-reversed": (_endpoint(**{**EP, "ci": [2.0, 1.0]}), "endpoints[0].ci", "above high"),
    "ep-ci-three": (_endpoint(**{**EP, "ci": [1.0, 2.0, 3.0]}), "endpoints[0].ci", "[low, high]"),
    "ep-ci-text": (_endpoint(**{**EP, "ci": "1 to 2"}), "endpoints[0].ci", "[low, high]"),
    "ep-ci-item": (_endpoint(**{**EP, "ci": [1.0, "x"]}), "endpoints[0].ci[1]",
                   "expected a number"),
    "ep-at-after-end": (_endpoint(**{**EP, "at": "36 months"}), "endpoints[0].at",
                        "after the end of follow-up"),
    "ep-from-after-at": (_endpoint(**{**EP, "from": "12 months", "at": "6 months"}),
                         "endpoints[0].from", "must come before"),
    "ep-at-zero": (_endpoint(**{**EP, "at": "0 months"}), "endpoints[0].at", "must come before"),
    "ep-from-bad-unit": (_endpoint(**{**EP, "from": "12 moons"}), "endpoints[0].from",
                         "unknown time unit"),
    "ep-value-text": (_endpoint(**{**EP, "value": "3%"}), "endpoints[0].value",
                      "expected a number"),
    "ep-negative-sd": (_endpoint(**{**EP, "sd": -2}), "endpoints[0].sd", "outside"),
    "ep-unknown-key": (_endpoint(**{**EP, "p_value": 0.01}), "endpoints[0].p_value",
                       "unknown key"),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_invalid_value_names_field_and_shows_example(tmp_path, case):
    edit, field, problem = BAD[case]
    d = base()
    edit(d)
    with pytest.raises(TrialFileError) as info:
        load_trial(write_trial(tmp_path, d))
    err = info.value
    assert err.field == f"case.yaml: {field}", str(err)
    assert problem in err.problem, str(err)
    assert err.example, str(err)


def test_men_cannot_have_a_menopause(tmp_path):
    d = base()
    d["population"]["sex"] = "male"
    with pytest.raises(TrialFileError) as info:
        load_trial(write_trial(tmp_path, d))
    assert info.value.field == "case.yaml: population.years_since_menopause"
    assert "women only" in info.value.problem


@pytest.mark.parametrize("text, field, problem", [
    ("", "case.yaml: (top level)", "expected a mapping"),
    ("- a\n- b\n", "case.yaml: (top level)", "expected a mapping"),
    ("id: a\nid: b\n", "case.yaml: id", "appears twice"),
    ("id: a\n---\nid: b\n", "case.yaml: line", "not valid YAML"),
    ("id: [a\n", "case.yaml: line", "not valid YAML"),
    ("id: a\n\ttitle: b\n", "case.yaml: line", "not valid YAML"),
])
def test_broken_documents(tmp_path, text, field, problem):
    with pytest.raises(TrialFileError) as info:
        load_trial(write_trial(tmp_path, text))
    assert info.value.field.startswith(field)
    assert problem in info.value.problem


def test_duplicate_key_inside_flow_mapping(tmp_path):
    text = (FIXTURES / "bed-rest-small.yaml").read_text()
    assert "value: -2.0}" in text
    text = text.replace("value: -2.0}", "value: -2.0, value: -3.0}", 1)
    with pytest.raises(TrialFileError) as info:
        load_trial(write_trial(tmp_path, text))
    assert info.value.field == "case.yaml: endpoints[0].value"
    assert "appears twice" in info.value.problem


def test_defaults_and_optional_fields(tmp_path):
    d = base()
    d["arms"]["treated"] = [{"intervention": "unloading", "kind": "bed_rest", "start": "1 month"}]
    d["endpoints"] = [{"arm": "treated", "site": "total_body", "measure": "percent_change",
                       "from": "1 month", "value": -1}]
    t = load_trial(write_trial(tmp_path, d))
    spec = t.arm("treated").interventions[0]
    assert spec.start_day == pytest.approx(DAYS_PER_MONTH) and spec.stop_day is None
    e = t.endpoints[0]
    assert e.at_day == pytest.approx(24 * DAYS_PER_MONTH) and e.at_text == "24 months"
    assert e.control is None and e.ci is None and e.sd is None
    assert t.notes is None and t.population.n is None
    assert t.population.menopause == "natural"
    assert e.site in DXA_SITES


def test_men_have_no_menopause_field(tmp_path):
    d = base()
    d["population"] = {"sex": "male", "age_years": {"mean": 60, "sd": 5},
                       "testosterone_ng_dl": {"mean": 250, "sd": 50}}
    t = load_trial(write_trial(tmp_path, d))
    assert t.population.menopause is None
    assert t.population.testosterone_ng_dl.mean == 250


def test_parsed_trial_is_frozen():
    t = load_trial(FIXTURES / "bed-rest-small.yaml")
    with pytest.raises(AttributeError):
        t.id = "other"
    hash(t)
