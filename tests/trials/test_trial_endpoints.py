"""Endpoint arithmetic on a hand-made dataset, and the agreement rule."""

from __future__ import annotations

import math

import numpy as np
import pytest
import xarray as xr

from osteon.trials.endpoints import (
    EndpointError,
    agreement_interval,
    agrees,
    compute_endpoint,
    evaluate_endpoint,
    percent_change,
    site_values,
    value_at,
)
from osteon.trials.format import Endpoint, MeanSD, Population, Trial
from osteon.trials.interventions import NotSupportedYet
from osteon.units import DAYS_PER_YEAR

# --------------------------------------------------------------------------- agreement rule


@pytest.mark.parametrize("value, ci, expected", [
    (4.25, (3.5, 5.0), (3.0, 5.5)),
    (-1.8, None, (-2.8, -0.8)),       # |value| small: ±1.0
    (0.0, None, (-1.0, 1.0)),
    (-4.0, None, (-5.0, -3.0)),       # 0.25*4 = 1.0: both rules meet
    (8.0, None, (6.0, 10.0)),         # 0.25*8 = 2.0
    (-88.0, None, (-110.0, -66.0)),
    (6.8, (4.8, 8.7), (4.3, 9.2)),    # ci wins over the ± rule
    (1.0, (1.0, 1.0), (0.5, 1.5)),
])
def test_agreement_interval(value, ci, expected):
    assert agreement_interval(value, ci) == pytest.approx(expected)


@pytest.mark.parametrize("simulated, value, ci, ok", [
    (5.5, 4.25, (3.5, 5.0), True),    # bounds included
    (5.51, 4.25, (3.5, 5.0), False),
    (2.99, 4.25, (3.5, 5.0), False),
    (-0.8, -1.8, None, True),
    (-0.79, -1.8, None, False),
    (12.5, 10.0, None, True),
    (12.6, 10.0, None, False),
    (-7.5, -10.0, None, True),
    (float("nan"), 0.0, None, False),
    (float("inf"), 0.0, None, False),
])
def test_agrees(simulated, value, ci, ok):
    assert agrees(simulated, value, ci) is ok


# --------------------------------------------------------------------------- tiny dataset
DAYS = np.array([0.0, 182.625, 365.25, 730.5])


def make_ds(lumbar, ctx=None, status=None):
    """Dataset shaped like a Simulation result: bmd (subject, time, site) and ctx."""
    lumbar = np.asarray(lumbar, dtype=float)
    n = lumbar.shape[0]
    bmd = np.ones((n, DAYS.size, 4))
    bmd[:, :, 0] = lumbar
    ctx = np.ones((n, DAYS.size)) if ctx is None else np.asarray(ctx, dtype=float)
    status = ["ok"] * n if status is None else status
    return xr.Dataset(
        {"bmd": (("subject", "time", "site"), bmd),
         "ctx": (("subject", "time"), ctx),
         "status": (("subject",), np.array(status))},
        coords={"subject": np.arange(n), "time": DAYS / DAYS_PER_YEAR,
                "site": ["lumbar_spine", "femoral_neck", "total_hip", "total_body"]})


def ep(measure="percent_change", site="lumbar_spine", from_day=0.0, at_day=730.5, arm="a",
       control=None, value=0.0, ci=None):
    return Endpoint(index=0, arm=arm, site=site, measure=measure, value=value,
                    from_day=from_day, at_day=at_day, from_text=f"{from_day:g} days",
                    at_text=f"{at_day:g} days", control=control, ci=ci)


def trial_of(*endpoints):
    return Trial(id="synthetic", title="t", citation="c", design="rct",
                 population=Population(sex="male", age_years=MeanSD(60, 5)), arms=(),
                 duration_days=730.5, duration_text="24 months", endpoints=endpoints,
                 file="synthetic.yaml")


A = make_ds([[1.00, 0.99, 0.98, 0.96],
             [1.00, 1.00, 0.99, 0.98]],
            ctx=[[0.5, 0.6, 0.7, 0.75], [0.4, 0.4, 0.5, 0.6]])
B = make_ds([[1.00, 1.00, 1.00, 1.00],
             [1.00, 1.01, 1.01, 1.00]])


def test_percent_change_per_subject():
    assert percent_change(A, "lumbar_spine", 0, 730.5) == pytest.approx([-4.0, -2.0])
    assert percent_change(A, "lumbar_spine", 365.25, 730.5) == pytest.approx(
        [100 * (0.96 / 0.98 - 1), 100 * (0.98 / 0.99 - 1)])
    assert percent_change(A, "ctx", 0, 365.25) == pytest.approx([40.0, 25.0])


def test_percent_change_measure():
    m = compute_endpoint(ep(), {"a": A})
    assert m.value == pytest.approx(-3.0)
    assert (m.n_included, m.n_excluded, m.reason) == (2, 0, "")


def test_annual_percent_change_divides_by_years():
    m = compute_endpoint(ep("annual_percent_change"), {"a": A})
    assert m.value == pytest.approx(-1.5)
    m = compute_endpoint(ep("annual_percent_change", from_day=365.25, at_day=730.5), {"a": A})
    expected = np.mean([100 * (0.96 / 0.98 - 1), 100 * (0.98 / 0.99 - 1)])
    assert m.value == pytest.approx(expected)
    m = compute_endpoint(ep("annual_percent_change", at_day=182.625), {"a": A})
    assert m.value == pytest.approx(np.mean([-1.0, 0.0]) * 2)


def test_difference_vs_control_in_percentage_points():
    m = compute_endpoint(ep("difference_vs_control", control="b"), {"a": A, "b": B})
    assert m.value == pytest.approx(-3.0 - 0.0)
    m = compute_endpoint(ep("difference_vs_control", control="b", at_day=365.25),
                         {"a": A, "b": B})
    assert m.value == pytest.approx(np.mean([-2.0 - 0.0, -1.0 - 1.0]))


def test_failed_subjects_are_excluded_and_counted():
    ds = make_ds([[1.0, 1.0, 1.0, 0.9], [1.0, 1.0, 1.0, 0.5], [1.0, 1.0, 1.0, 0.8]],
                 status=["ok", "failed", "ok"])
    m = compute_endpoint(ep(), {"a": ds})
    assert m.value == pytest.approx(-15.0)
    assert (m.n_included, m.n_excluded) == (2, 1)
    assert "1 of 3 failed" in m.reason


def test_paired_difference_uses_subjects_ok_in_both_arms():
    a = make_ds([[1.0, 1.0, 1.0, 0.9], [1.0, 1.0, 1.0, 0.5]], status=["ok", "failed"])
    b = make_ds([[1.0, 1.0, 1.0, 1.0], [1.0, 1.0, 1.0, 1.1]], status=["ok", "ok"])
    m = compute_endpoint(ep("difference_vs_control", control="b"), {"a": a, "b": b})
    assert m.value == pytest.approx(-10.0)
    assert m.n_included == 1 and m.n_excluded == 1


def test_all_failed_gives_nan_with_a_reason_and_an_error_status():
    ds = make_ds([[1.0, 1.0, 1.0, 0.9]], status=["failed"])
    m = compute_endpoint(ep(), {"a": ds})
    assert math.isnan(m.value) and "no subject of arm a finished" in m.reason
    e = ep(value=-10.0)
    r = evaluate_endpoint(trial_of(e), e, {"a": ds})
    assert r.status == "error" and r.simulated is None and r.agree is None
    assert "no subject" in r.reason


def test_evaluate_ok_endpoint():
    e = ep(value=-3.5, ci=(-4.0, -3.2))
    r = evaluate_endpoint(trial_of(e), e, {"a": A})
    assert r.status == "ok" and r.agree is True and r.simulated == pytest.approx(-3.0)
    assert r.interval == pytest.approx((-4.5, -2.7)) and r.interval_source == "ci"
    d = r.to_json_dict()
    assert list(d)[:13] == ["trial", "arm", "control", "site", "measure", "from", "at",
                            "published", "interval", "simulated", "agree", "status", "reason"]
    assert d["from"] == "0 days" and d["trial"] == "synthetic"


def test_pth_is_not_supported_yet():
    with pytest.raises(NotSupportedYet, match="pth"):
        site_values(A, "pth")
    e = ep(site="pth")
    r = evaluate_endpoint(trial_of(e), e, {"a": A})
    assert r.status == "not_supported" and r.reason.startswith("not supported yet: pth")
    assert r.agree is None and r.simulated is None


def test_unavailable_arm_is_reported():
    e = ep("difference_vs_control", control="b")
    r = evaluate_endpoint(trial_of(e), e, {"b": B},
                          {"a": ("not_supported", "not supported yet: estrogen")})
    assert r.status == "not_supported" and r.reason == "not supported yet: estrogen (arm a)"


def test_time_off_the_output_grid_is_an_error():
    with pytest.raises(EndpointError, match="extra_output_days"):
        value_at(A["ctx"], 300.0)
    e = ep(at_day=300.0)
    r = evaluate_endpoint(trial_of(e), e, {"a": A})
    assert r.status == "error" and "no output at day 300" in r.reason


def test_zero_baseline_is_excluded_not_infinite():
    ds = make_ds([[1.0, 1.0, 1.0, 1.0], [1.0, 1.0, 1.0, 1.0]],
                 ctx=[[0.0, 0.1, 0.1, 0.1], [0.5, 0.5, 0.5, 1.0]])
    m = compute_endpoint(ep(site="ctx"), {"a": ds})
    assert m.value == pytest.approx(100.0) and m.n_excluded == 1
    assert "without a finite value" in m.reason
