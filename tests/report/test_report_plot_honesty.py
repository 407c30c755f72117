"""The figures do not mislead (issue 11, item 6): axes hold the data, dosing ripple is not
drawn as a band, and turnover markers that move identically are not drawn as separate lines."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

import osteon
from osteon.report import plots
from osteon.report.traces import (
    FORMATION_MARKERS,
    RESORPTION_MARKERS,
    distinct_markers,
    ripple_window_years,
    rolling_mean,
    subjects_of,
)
from osteon.trials.interventions import protocol_from_specs

WEEKLY_TRT = [{"intervention": "testosterone", "agent": "testosterone_cypionate",
               "route": "intramuscular", "dose": "100 mg", "every": "1 week"}]


@pytest.fixture(scope="module")
def pair():
    subjects = [osteon.Subject(sex="female", age=50), osteon.Subject(sex="male", age=50)]
    return osteon.Simulation(subjects, years=3).run()


@pytest.fixture(scope="module")
def trt():
    """A man on weekly testosterone injections, output every 2 days (ripple resolved)."""
    man = osteon.Subject(sex="male", age=50)
    protocol = protocol_from_specs(WEEKLY_TRT, years=0.5, name="weekly TRT")
    return osteon.Simulation(man, protocol, years=0.5, output_every_days=2).run()


def _curves(ax):
    """The data lines of an axis (reference lines have two points)."""
    return [line for line in ax.lines if len(line.get_ydata()) > 2]


def _ripples(y) -> bool:
    """Many direction changes, each step typically over 1 % of the level."""
    y = np.asarray(y, dtype=float)
    step = np.nanmedian(np.abs(np.diff(y))) / np.nanmedian(np.abs(y))
    return _reversals(y) > 20 and step > 0.01


def _reversals(y) -> int:
    """How often a curve changes direction (judged here, not by the code under test)."""
    d = np.diff(np.asarray(y, dtype=float))
    d = d[np.isfinite(d) & (np.abs(d) > 1e-9 * np.nanmax(np.abs(y)))]
    return int(np.count_nonzero(np.sign(d[1:]) != np.sign(d[:-1])))


def _same_up_to_scale(a, b) -> bool:
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    ok = np.isfinite(a) & np.isfinite(b)
    if a.shape != b.shape or ok.sum() < 3 or np.ptp(a[ok]) == 0:
        return False
    return bool(np.allclose(a[ok] / a[ok][0], b[ok] / b[ok][0], rtol=1e-6, atol=0.0))


def _check_axes_hold_data(fig):
    for ax in fig.axes:
        if not ax.get_visible():
            continue
        lo, hi = ax.get_ylim()
        for line in _curves(ax):
            y = np.asarray(line.get_ydata(), dtype=float)
            y = y[np.isfinite(y)]
            title = ax.get_title()
            assert y.min() >= lo and y.max() <= hi, (title, y.min(), y.max(), lo, hi)


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(plots.FIGURES))
def test_axes_hold_every_plotted_value(pair, trt, name):
    _check_axes_hold_data(plots.FIGURES[name](pair))
    _check_axes_hold_data(plots.FIGURES[name](trt))


@pytest.mark.slow
def test_combined_sex_steroid_signal_above_one_is_shown(trt):
    # The combined signal is relative to its level at age 30: testosterone therapy
    # raises it above 1, which the old fixed 0-1.05 axis cut off.
    top = float(np.nanmax(trt["sex_steroid_signal"].values))
    assert top > 1.05
    fig = plots.plot_hormones(trt)
    ax = next(a for a in fig.axes if "Sex-steroid" in a.get_title())
    assert ax.get_ylim()[1] >= top
    labels = [t.get_text() for leg in fig.legends for t in leg.get_texts()]
    assert any("1 = level at age 30" in s for s in labels)
    assert any("fraction, 0-1" in s for s in labels)


@pytest.mark.slow
def test_dosing_ripple_is_thin_with_a_labelled_rolling_mean(trt):
    # Weekly injections over half a year: about 26 peaks and troughs.
    assert _reversals(trt["testosterone"].isel(subject=0).values) > 40
    assert _ripples(trt["testosterone"].isel(subject=0).values)
    fig = plots.plot_hormones(trt)
    for ax in fig.axes:
        for line in _curves(ax):
            if _ripples(line.get_ydata()):
                # A rippling curve drawn thick fills an area that reads as a band.
                assert line.get_linewidth() <= 1.0, ax.get_title()
    ax = next(a for a in fig.axes if a.get_title().startswith("Testosterone"))
    gids = {line.get_gid(): line for line in ax.lines}
    raw, mean = gids["raw:testosterone:0"], gids["rolling-mean:testosterone:0"]
    settled = np.asarray(raw.get_xdata()) > float(raw.get_xdata()[0]) + 0.2
    swing_raw = np.ptp(np.asarray(raw.get_ydata())[settled])
    swing_mean = np.ptp(np.asarray(mean.get_ydata())[settled])
    assert swing_mean < 0.2 * swing_raw
    assert mean.get_linewidth() > raw.get_linewidth()
    legend = [t.get_text() for leg in fig.legends for t in leg.get_texts()]
    assert any("rolling mean" in s for s in legend)
    assert any("as simulated" in s and "ripple" in s for s in legend)
    assert not any("band" in s.lower() for s in legend)


def test_smooth_natural_history_is_not_called_ripple(pair):
    for name, fn in plots.FIGURES.items():
        fig = fn(pair)
        gids = [line.get_gid() or "" for ax in fig.axes for line in ax.lines]
        assert not any(g.startswith(("raw:", "rolling-mean:")) for g in gids), name
        legend = [t.get_text() for leg in fig.legends for t in leg.get_texts()]
        assert not any("rolling mean" in s for s in legend), name


def _proportional_pairs(lines):
    return [(a.get_gid(), b.get_gid()) for a, b in itertools.combinations(lines, 2)
            if _same_up_to_scale(a.get_ydata(), b.get_ydata())]


def test_no_two_marker_series_identical_up_to_scale(pair):
    # In the model NTX is a fixed multiple of CTX and osteocalcin and bone ALP of P1NP.
    data = pair.isel(subject=0)
    assert _same_up_to_scale(data["ntx"].values, data["ctx"].values)
    fig = plots.plot_markers(pair)
    for ax in fig.axes:
        assert not _proportional_pairs(_curves(ax)), ax.get_title()
    # Across panels: the same subject's different markers never coincide up to scale.
    lines = [line for ax in fig.axes for line in _curves(ax) if line.get_gid()]
    for a, b in itertools.combinations(lines, 2):
        ka, kb = a.get_gid().split(":"), b.get_gid().split(":")
        if ka[1] != kb[1] and ka[-1] == kb[-1]:
            assert not _same_up_to_scale(a.get_ydata(), b.get_ydata()), (a.get_gid(), b.get_gid())
    drawn = {line.get_gid().split(":")[1] for line in lines}
    assert drawn == {"ctx", "p1np"}
    note = next(t.get_text() for t in fig.texts if t.get_gid() == "duplicate-markers-note")
    factor = float(data["ntx"].values[0] / data["ctx"].values[0])
    assert f"= {factor:.3g} x CTX" in note
    assert "Osteocalcin" in note and "Bone ALP" in note


def test_distinct_markers_keeps_markers_that_differ(pair):
    # A marker that does not follow the drawn one must still be drawn.
    changed = pair.copy(deep=True)
    changed["ntx"] = changed["ntx"] * np.linspace(1.0, 1.3, changed.sizes["time"])
    traces = subjects_of(changed)
    kept, same = distinct_markers(traces, RESORPTION_MARKERS)
    assert kept == ["ctx", "ntx"] and same == {}
    kept, same = distinct_markers(traces, FORMATION_MARKERS)
    assert kept == ["p1np"] and same == {"osteocalcin": "p1np", "bsap": "p1np"}


def test_rolling_mean_removes_a_periodic_ripple():
    t = np.linspace(50.0, 52.0, 731)
    y = 800.0 + 150.0 * np.sin(2 * np.pi * 52.0 * t)
    m = rolling_mean(t, y, ripple_window_years(t))
    inner = (t > 50.2) & (t < 51.8)
    assert np.ptp(m[inner]) < 0.05 * np.ptp(y)
    assert np.allclose(m[inner], 800.0, rtol=0.01)
