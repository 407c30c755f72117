"""The point measures, the spread of change and cross-sectional studies (FORMAT.md).

``level``, ``t_score_mean``, ``percent_osteoporotic`` (incl. ``lowest_central``) and
``sd_percent_change``: reading, errors, arithmetic on hand-made datasets, each
measure's agreement rule, and a duration of 0 days through ``Simulation``,
``osteon validate`` and ``osteon trial``.
"""

from __future__ import annotations

import json

import numpy as np
import pytest
import xarray as xr
from trial_helpers import FIXTURES, base, write_trial

from osteon import Simulation, Subject
from osteon.cli import main
from osteon.errors import TrialFileError
from osteon.forecast.dxa import LONG_TERM_PRECISION
from osteon.forecast.labs import MOLAR_MASS
from osteon.outputs.reference import reference_bmd
from osteon.trials.at_scale import run_trial
from osteon.trials.endpoints import (
    EndpointError,
    agreement_interval,
    agrees,
    compute_endpoint,
    evaluate_endpoint,
    level_values,
    t_score_values,
)
from osteon.trials.format import (
    MEASURES,
    POINT_MEASURES,
    Endpoint,
    MeanSD,
    Population,
    Trial,
    load_trial,
)
from osteon.trials.population import spec_from_population
from osteon.trials.summary import summarize_store
from osteon.trials.validate import format_report, validate_trial
from osteon.units import DAYS_PER_YEAR

CROSS = FIXTURES / "cross-sectional-measures.yaml"
SD_SMALL = FIXTURES / "sd-change-small.yaml"


# --------------------------------------------------------------------------- agreement rules
@pytest.mark.parametrize("measure, value, ci, expected", [
    # level: ci widened by 10 % of |value|; else within 25 % of value
    ("level", 200.0, None, (150.0, 250.0)),
    ("level", 200.0, (180.0, 230.0), (160.0, 250.0)),
    ("level", 4.0, None, (3.0, 5.0)),
    # t_score_mean: ci widened by 0.1; else within 0.3
    ("t_score_mean", -1.6, None, (-1.9, -1.3)),
    ("t_score_mean", -1.6, (-1.8, -1.4), (-1.9, -1.3)),
    ("t_score_mean", 0.0, None, (-0.3, 0.3)),
    # percent_osteoporotic: ci widened by 2 points; else within max(3, 0.25 value)
    ("percent_osteoporotic", 25.7, None, (19.275, 32.125)),
    ("percent_osteoporotic", 8.0, None, (5.0, 11.0)),
    ("percent_osteoporotic", 25.7, (22.6, 28.8), (20.6, 30.8)),
    # sd_percent_change: value / 1.5 to value * 1.5, a ci is not used
    ("sd_percent_change", 6.0, None, (4.0, 9.0)),
    ("sd_percent_change", 6.0, (5.0, 7.0), (4.0, 9.0)),
    # the percent rule is unchanged
    ("percent_change", 4.25, (3.5, 5.0), (3.0, 5.5)),
    ("annual_percent_change", -1.8, None, (-2.8, -0.8)),
])
def test_agreement_rule_of_each_measure(measure, value, ci, expected):
    assert agreement_interval(value, ci, measure) == pytest.approx(expected)
    lo, hi = expected
    assert agrees(lo, value, ci, measure) and agrees(hi, value, ci, measure)
    assert not agrees(lo - 0.01, value, ci, measure)
    assert not agrees(hi + 0.01, value, ci, measure)


# --------------------------------------------------------------------------- reading
def test_cross_sectional_fixture_reads_at_the_start():
    t = load_trial(CROSS)
    assert t.design == "cross_sectional" and t.duration_days == 0.0
    assert {e.measure for e in t.endpoints} == set(POINT_MEASURES)
    for e in t.endpoints:
        assert e.at_day == 0.0 and e.from_day == 0.0 and e.at_text == "0 days"
        assert e.is_point
    assert t.endpoints[0].site == "lowest_central"
    assert t.endpoints[2].sd == 0.9
    assert t.population.body_mass_kg == MeanSD(70.0, 12.0)


def test_cross_sectional_at_defaults_to_the_start_even_with_a_follow_up(tmp_path):
    d = base()
    d.update(design="cross_sectional", duration="5 years", arms={"natural_history": []})
    d["endpoints"] = [
        {"arm": "natural_history", "site": "femoral_neck", "measure": "t_score_mean",
         "value": -1.0},
        {"arm": "natural_history", "site": "femoral_neck", "measure": "t_score_mean",
         "at": "5 years", "value": -1.3},
    ]
    t = load_trial(write_trial(tmp_path, d))
    assert t.endpoints[0].at_day == 0.0
    assert t.endpoints[1].at_day == pytest.approx(5 * DAYS_PER_YEAR)


def test_every_measure_is_in_the_vocabulary():
    assert set(MEASURES) == {"percent_change", "difference_vs_control",
                             "annual_percent_change", "level", "t_score_mean",
                             "percent_osteoporotic", "sd_percent_change"}


def _endpoint_case(tmp_path, endpoint, **top):
    d = base()
    d.update(top)
    d["endpoints"] = [endpoint]
    return write_trial(tmp_path, d)


@pytest.mark.parametrize("endpoint, top, field, problem, example", [
    ({"arm": "placebo", "site": "lumbar_spine", "measure": "level", "value": 5},
     {}, "endpoints[0].site", "does not go with measure level", "site: igf1"),
    ({"arm": "placebo", "site": "ctx", "measure": "t_score_mean", "value": -1},
     {}, "endpoints[0].site", "does not go with measure t_score_mean", "site: femoral_neck"),
    ({"arm": "placebo", "site": "lowest_central", "measure": "percent_change", "value": -1},
     {}, "endpoints[0].site", "does not go with measure percent_change", "lumbar_spine"),
    ({"arm": "placebo", "site": "lowest_central", "measure": "percent_osteoporotic",
      "value": 120}, {}, "endpoints[0].value", "outside [0, 100]", "value: 25.7"),
    ({"arm": "placebo", "site": "lumbar_spine", "measure": "sd_percent_change", "value": 0},
     {}, "endpoints[0].value", "outside (0, inf]", "value: 3.2"),
    ({"arm": "placebo", "site": "testosterone", "measure": "level", "value": -3},
     {}, "endpoints[0].value", "outside [0, inf] ng/dL", "value: 150"),
    ({"arm": "placebo", "site": "femoral_neck", "measure": "t_score_mean", "value": -1,
      "from": "6 months"}, {}, "endpoints[0].from", "'from' applies to the change measures",
     "measure: t_score_mean"),
    ({"arm": "placebo", "site": "lumbar_spine", "measure": "percent_change", "value": -1},
     {"design": "cross_sectional", "duration": "0 days", "arms": {"placebo": []}},
     "endpoints[0].at", "from (0 days) must come before at (0 days)", "from: 12 months"),
    ({"arm": "placebo", "site": "femoral_neck", "measure": "t_score_mean", "value": -1},
     {"duration": "0 days", "arms": {"placebo": []}}, "duration",
     "0 days is allowed for design: cross_sectional only", "duration: 36 months"),
])
def test_bad_point_measures_name_field_problem_and_example(tmp_path, endpoint, top, field,
                                                           problem, example):
    with pytest.raises(TrialFileError) as info:
        load_trial(_endpoint_case(tmp_path, endpoint, **top))
    err = info.value
    assert err.field == f"case.yaml: {field}"
    assert problem in err.problem
    assert example in err.example


def test_intervention_in_a_zero_day_study_is_an_error(tmp_path):
    d = base()
    d.update(design="cross_sectional", duration="0 days")
    d["endpoints"] = [{"arm": "placebo", "site": "femoral_neck", "measure": "t_score_mean",
                       "value": -1.0}]
    with pytest.raises(TrialFileError, match="not before the end of follow-up"):
        load_trial(write_trial(tmp_path, d))


@pytest.mark.parametrize("value, problem", [
    ({"mean": -70, "sd": 10}, "outside"),
    ({"mean": 70}, "is required but missing"),
])
def test_bad_body_mass(tmp_path, value, problem):
    d = base()
    d["population"]["body_mass_kg"] = value
    with pytest.raises(TrialFileError) as info:
        load_trial(write_trial(tmp_path, d))
    assert info.value.field.startswith("case.yaml: population.body_mass_kg")
    assert problem in info.value.problem
    assert "body_mass_kg: {mean: 70, sd: 12}" in info.value.example


def test_body_mass_is_sampled_into_the_subjects():
    pop = Population(sex="female", age_years=MeanSD(60, 5), body_mass_kg=MeanSD(80.0, 10.0))
    subjects = spec_from_population(pop).sample(400, 7).subjects
    masses = np.array([s.body_mass_kg for s in subjects])
    assert masses.mean() == pytest.approx(80.0, abs=1.5)
    assert masses.std() == pytest.approx(10.0, rel=0.15)


# --------------------------------------------------------------------------- arithmetic
DAYS = np.array([0.0, 365.25])
SITES = ["lumbar_spine", "femoral_neck", "total_hip", "total_body"]


def make_ds(t_scores, sex="female", pth=None, estradiol=None, lumbar=None):
    """A result-shaped dataset: t_score and bmd (subject, time, site), serum levels."""
    t = np.asarray(t_scores, dtype=float)  # (subject, time, site)
    n = t.shape[0]
    ref = np.array([reference_bmd(sex, s) for s in SITES])
    bmd = ref[:, 0] + t * ref[:, 1]
    if lumbar is not None:
        bmd[:, :, 0] = lumbar
    pth = np.full((n, DAYS.size), 5.0) if pth is None else np.asarray(pth, dtype=float)
    e2 = np.full((n, DAYS.size), 8.0) if estradiol is None else np.asarray(estradiol, float)
    return xr.Dataset(
        {"t_score": (("subject", "time", "site"), t),
         "bmd": (("subject", "time", "site"), bmd),
         "pth": (("subject", "time"), pth, {"units": "pmol/L"}),
         "estradiol": (("subject", "time"), e2, {"units": "pg/mL"}),
         "status": (("subject",), np.array(["ok"] * n))},
        coords={"subject": np.arange(n), "time": DAYS / DAYS_PER_YEAR, "site": SITES,
                "sex": ("subject", np.array([sex] * n))})


def ep(measure, site, value=0.0, ci=None, at_day=365.25, from_day=0.0):
    return Endpoint(index=0, arm="a", site=site, measure=measure, value=value,
                    from_day=from_day, at_day=at_day, from_text="0 days",
                    at_text=f"{at_day:g} days", ci=ci)


def trial_of(*endpoints):
    return Trial(id="synthetic", title="t", citation="c", design="cohort",
                 population=Population(sex="female", age_years=MeanSD(70, 5)), arms=(),
                 duration_days=365.25, duration_text="12 months", endpoints=endpoints,
                 file="synthetic.yaml")


# three women; at the end: spine -2.7, -1.0, -2.0; neck -2.0, -2.6, -1.0; hip -1.5, -2.0, 0
T_END = [[-2.7, -2.0, -1.5, -1.0], [-1.0, -2.6, -2.0, -1.0], [-2.0, -1.0, 0.0, 0.0]]
DS = make_ds(np.stack([np.zeros((3, 4)), np.array(T_END)], axis=1),
             pth=[[5.0, 4.0], [6.0, 6.0], [7.0, 8.0]])


def test_t_score_mean_and_percent_osteoporotic_at_a_site():
    assert compute_endpoint(ep("t_score_mean", "femoral_neck"), {"a": DS}).value == \
        pytest.approx((-2.0 - 2.6 - 1.0) / 3)
    m = compute_endpoint(ep("percent_osteoporotic", "femoral_neck"), {"a": DS})
    assert m.value == pytest.approx(100.0 / 3) and m.n_included == 3
    at_start = compute_endpoint(ep("percent_osteoporotic", "femoral_neck", at_day=0.0),
                                {"a": DS})
    assert at_start.value == 0.0


def test_lowest_central_takes_the_lowest_of_spine_neck_and_hip():
    t = t_score_values(DS, "lowest_central", 365.25)
    assert t == pytest.approx([-2.7, -2.6, -2.0])
    m = compute_endpoint(ep("percent_osteoporotic", "lowest_central"), {"a": DS})
    assert m.value == pytest.approx(200.0 / 3)


def test_minus_two_point_five_counts_as_osteoporotic():
    ds = make_ds(np.full((2, 2, 4), -2.5))
    assert compute_endpoint(ep("percent_osteoporotic", "total_hip"), {"a": ds}).value == 100.0


def test_t_score_from_bmd_when_the_result_has_no_t_score():
    ds = DS.drop_vars("t_score")
    assert t_score_values(ds, "lowest_central", 365.25) == pytest.approx([-2.7, -2.6, -2.0])
    with pytest.raises(EndpointError, match="sex"):
        t_score_values(ds.drop_vars("sex"), "femoral_neck", 365.25)


def test_level_units_and_pth_conversion():
    # PTH is held in pmol/L; FORMAT.md levels are pg/mL (x molar mass / 1000)
    per_pmol = MOLAR_MASS["pth"].value / 1000.0
    assert level_values(DS, "pth", 365.25) == pytest.approx(np.array([4.0, 6.0, 8.0]) * per_pmol)
    m = compute_endpoint(ep("level", "pth"), {"a": DS})
    assert m.value == pytest.approx(6.0 * per_pmol)
    assert compute_endpoint(ep("level", "estradiol"), {"a": DS}).value == pytest.approx(8.0)
    odd = DS.assign(estradiol=DS["estradiol"].assign_attrs(units="pmol/L"))
    with pytest.raises(EndpointError, match="cannot be converted"):
        level_values(odd, "estradiol", 0.0)


def test_sd_percent_change_is_the_spread_not_the_mean():
    lumbar = np.array([[1.0, 0.97], [1.0, 1.01], [1.0, 0.99], [1.0, 1.03]])
    ds = make_ds(np.zeros((4, 2, 4)), lumbar=lumbar)
    pc = 100.0 * (lumbar[:, 1] - 1.0)
    sd = compute_endpoint(ep("sd_percent_change", "lumbar_spine"), {"a": ds})
    # as a DXA measures it: the long-term precision error of two scans added in quadrature
    precision = LONG_TERM_PRECISION["lumbar_spine"].value
    assert sd.value == pytest.approx(np.sqrt(np.std(pc, ddof=1) ** 2 + 2 * precision**2))
    assert sd.value > np.std(pc, ddof=1)
    mean = compute_endpoint(ep("percent_change", "lumbar_spine"), {"a": ds})
    assert mean.value == pytest.approx(pc.mean())
    one = compute_endpoint(ep("sd_percent_change", "lumbar_spine"), {"a": ds.isel(subject=[0])})
    assert np.isnan(one.value) and "at least 2" in one.reason


def test_evaluate_uses_each_measures_rule():
    e = ep("t_score_mean", "femoral_neck", value=-2.0)   # simulated -1.867: within 0.3
    r = evaluate_endpoint(trial_of(e), e, {"a": DS})
    assert r.status == "ok" and r.agree is True
    assert r.interval == pytest.approx((-2.3, -1.7)) and r.interval_source == "rule"
    e = ep("percent_osteoporotic", "lowest_central", value=50.0, ci=(45.0, 55.0))
    r = evaluate_endpoint(trial_of(e), e, {"a": DS})   # 66.7 outside [43, 57]
    assert r.agree is False and r.interval == pytest.approx((43.0, 57.0))


# --------------------------------------------------------------------------- 0 days end to end
def test_zero_years_simulation_is_the_state_at_the_start():
    subject = Subject(sex="female", age=72)
    zero = Simulation(subject, years=0).run()
    year = Simulation(subject, years=1).run()
    assert zero.sizes["time"] == 1 and float(zero["time"][0]) == 0.0
    np.testing.assert_allclose(zero["bmd"].isel(time=0).values,
                               year["bmd"].isel(time=0).values, rtol=1e-9)


def test_validate_cross_sectional_file():
    rep = validate_trial(load_trial(CROSS), subjects=8, seed=3)
    assert [r.status for r in rep.results] == ["ok"] * 6
    osteo, neck_osteo, neck, spine, e2, pth = rep.results
    assert 0.0 <= osteo.simulated <= 100.0 and osteo.simulated % 12.5 == pytest.approx(0.0)
    assert osteo.simulated >= neck_osteo.simulated      # lowest of three sites
    assert neck.interval == pytest.approx((-1.9, -1.3))
    assert spine.interval == pytest.approx((-1.3, -0.7)) and spine.interval_source == "ci"
    assert e2.simulated > 0 and pth.simulated > 0
    assert pth.interval == pytest.approx((35.5, 54.5))
    text = format_report(rep)
    assert "(ci±2)" in text and "(ci±10%)" in text and "(±0.30)" in text
    assert "0 days" in text


@pytest.mark.slow
def test_cli_validate_json_and_trial_summary(tmp_path, capsys):
    assert main(["validate", str(SD_SMALL), "--json"]) == 0
    lines = [json.loads(x) for x in capsys.readouterr().out.splitlines() if x.strip()]
    by_measure = {d["measure"]: d for d in lines}
    assert set(by_measure) == {"percent_change", "sd_percent_change", "level"}
    sd = by_measure["sd_percent_change"]
    assert sd["status"] == "ok" and sd["simulated"] > 0
    assert sd["interval"] == pytest.approx([2.5 / 1.5, 2.5 * 1.5])
    out = tmp_path / "cross.zarr"
    run = run_trial(CROSS, 12, out, workers=0, quiet=True, chunk_size=6)
    assert run.computed == 2
    rows = summarize_store(run.trial, out)
    assert all(r.status == "ok" for r in rows)
    share = rows[0]
    assert share.percentiles_of == "T" and share.p2_5 <= share.p97_5
    assert share.ci95[0] <= share.mean <= share.ci95[1]
    assert 0.0 <= share.ci95[0] and share.ci95[1] <= 100.0


def test_cross_sectional_change_measures_still_end_at_the_duration(tmp_path):
    d = base()
    d.update(design="cross_sectional", duration="12 years", arms={"natural_history": []})
    d["endpoints"] = [{"arm": "natural_history", "site": "ctx", "measure": "percent_change",
                       "value": 88}]
    e = load_trial(write_trial(tmp_path, d)).endpoints[0]
    assert (e.from_day, e.at_day) == (0.0, pytest.approx(12 * DAYS_PER_YEAR))
