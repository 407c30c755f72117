"""Closed-form pharmacokinetics: superposition, interval averages, approach and washout."""

import numpy as np
import pytest

from osteon.physiology.pharmacology import pk

TAU = 7.0
KA, KE = pk.rate(4.5), pk.rate(0.7)  # an enanthate-like depot (flip-flop kinetics)


def _numeric_average(t, css, tau, ka, ke, start=0.0, stop=None, n=4001):
    s = np.linspace(t - tau, t, n)
    return np.trapezoid(pk.repeated_dose_level(s, css, tau, ka, ke, start, stop), s) / tau


def test_doses_given_counts_doses_before_stop():
    n, since = pk.doses_given([-1.0, 0.0, 13.9, 14.0, 100.0], start=0.0, tau=7.0, stop=14.0)
    assert n.tolist() == [0.0, 1.0, 2.0, 2.0, 2.0]  # doses on days 0 and 7 only
    assert since.tolist() == pytest.approx([0.0, 0.0, 6.9, 7.0, 93.0])


@pytest.mark.parametrize("ka", [KA, np.inf, pk.rate(0.1)])
def test_interval_average_matches_numerical_average_of_the_instantaneous_level(ka):
    for t in (3.0, 10.5, 70.0, 200.3):
        exact = pk.interval_average(t, 500.0, TAU, ka, KE, stop=150.0)
        assert float(exact) == pytest.approx(_numeric_average(t, 500.0, TAU, ka, KE, stop=150.0),
                                             rel=2e-3, abs=0.5)


def test_interval_average_is_css_at_steady_state_and_zero_before_start():
    t = np.array([-5.0, 0.0, 40 * TAU + 0.3, 40 * TAU + 3.0, 40 * TAU + 6.9])
    avg = pk.interval_average(t, 800.0, TAU, KA, KE)
    assert avg[:2] == pytest.approx([0.0, 0.0])
    assert avg[2:] == pytest.approx([800.0] * 3, rel=1e-6)


def test_steady_state_peaks_and_troughs_bracket_the_average():
    t = 50 * TAU + np.linspace(0.0, TAU - 1e-6, 200)
    level = pk.repeated_dose_level(t, 800.0, TAU, KA, KE)
    assert level.min() < 800.0 < level.max()
    assert np.argmax(level) * TAU / 200 == pytest.approx(2.2, abs=0.5)  # peak about 2 days on
    assert float(pk.steady_state_ripple(TAU - 1e-9, TAU, KA, KE)) == pytest.approx(
        level[-1] / 800.0, rel=1e-3)
    ripple = pk.steady_state_ripple(t, TAU, KA, KE)
    assert np.trapezoid(ripple, t) / (t[-1] - t[0]) == pytest.approx(1.0, rel=1e-2)


def test_interval_average_is_continuous_across_dose_times():
    eps = 1e-7
    for day in (TAU, 5 * TAU):
        before, after = pk.interval_average([day - eps, day + eps], 800.0, TAU, KA, KE)
        assert after == pytest.approx(before, abs=1e-3)


def test_washout_after_the_last_dose_follows_the_depot_half_life():
    stop = 30 * TAU
    t = stop + np.array([14.0, 14.0 + 4.5])
    level = pk.repeated_dose_level(t, 800.0, TAU, KA, KE, stop=stop)
    assert level[1] / level[0] == pytest.approx(0.5, rel=0.02)


def test_scalar_and_array_times_agree():
    ts = [0.5, 9.0, 120.0]
    arr = pk.interval_average(ts, 1.0, TAU, KA, KE, start=2.0, stop=100.0)
    one = [float(pk.interval_average(t, 1.0, TAU, KA, KE, start=2.0, stop=100.0)) for t in ts]
    assert arr.tolist() == pytest.approx(one)
    arr = pk.repeated_dose_level(ts, 1.0, TAU, KA, KE)
    assert arr.tolist() == pytest.approx([float(pk.repeated_dose_level(t, 1.0, TAU, KA, KE))
                                          for t in ts])


def test_approach_and_washout_half_lives():
    k_on, k_off = pk.rate(7.0), pk.rate(30.0)
    f = pk.approach_and_washout([7.0, 500.0, 530.0, 560.0], 0.0, 500.0, k_on, None, k_off)
    assert f.tolist() == pytest.approx([0.5, 1.0, 0.5, 0.25], rel=1e-6)
    # Two stages in series rise more slowly than either alone, and never overshoot.
    two = pk.approach_and_washout(np.linspace(0, 200, 50), 0.0, None, k_on, pk.rate(3.0))
    assert np.all(np.diff(two) >= 0) and two[-1] <= 1.0
    assert float(pk.step_response(7.0, k_on, pk.rate(3.0))) < 0.5


def test_cyclic_average_is_the_duty_cycle_and_cyclic_level_switches():
    days = 30.4375
    t = np.array([60.0, 75.0, 90.0])
    avg = pk.cyclic_average(t, 4.0, 12.0, days)
    assert avg == pytest.approx([4.0 * 12.0 / days] * 3)
    level = pk.cyclic_level(np.array([days + 10.0, days + 20.0]), 4.0, 12.0, days, pk.rate(0.5))
    assert level[0] == pytest.approx(4.0, rel=1e-3) and level[1] < 0.01
    assert float(pk.cyclic_average(200.0, 4.0, 12.0, days, stop=100.0)) == 0.0
