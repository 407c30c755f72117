"""Figures and HTML from result datasets: one subject, several, and a failed one."""

from __future__ import annotations

import numpy as np
import pytest
from matplotlib.figure import Figure

import osteon
from osteon.report import build_report, plots
from osteon.report.numbers import explain_drivers, key_numbers


@pytest.fixture(scope="module")
def pair():
    subjects = [osteon.Subject(sex="female", age=50), osteon.Subject(sex="male", age=50)]
    return osteon.Simulation(subjects, years=3).run()


@pytest.mark.parametrize("name", sorted(plots.FIGURES))
def test_each_figure_for_one_and_for_two_subjects(pair, name, tmp_path):
    fn = plots.FIGURES[name]
    one = fn(pair.isel(subject=0), path=tmp_path / f"{name}-1.png")
    two = fn(pair, labels=["Woman", "Man"], path=tmp_path / f"{name}-2.png")
    assert isinstance(one, Figure) and isinstance(two, Figure)
    assert (tmp_path / f"{name}-1.png").read_bytes()[:4] == b"\x89PNG"
    legend_texts = [t.get_text() for leg in two.legends for t in leg.get_texts()]
    assert "Woman" in legend_texts and "Man" in legend_texts


def test_bmd_bands_follow_the_reference(pair):
    fig = plots.plot_bmd(pair.isel(subject=1), sites=["femoral_neck"])
    mean, sd = osteon.outputs.reference.reference_bmd("male", "femoral_neck")
    lines = {round(float(line.get_ydata()[0]), 6) for line in fig.axes[0].lines
             if len(line.get_ydata()) == 2 and line.get_ydata()[0] == line.get_ydata()[1]}
    assert round(mean - sd, 6) in lines and round(mean - 2.5 * sd, 6) in lines


def test_wrong_number_of_labels(pair):
    with pytest.raises(osteon.OsteonInputError) as err:
        plots.plot_bmd(pair, labels=["only one"])
    assert err.value.field == "labels"


def test_key_numbers_and_drivers_structure(pair):
    rows = key_numbers(pair.isel(subject=0))
    assert [r["site"] for r in rows] == list(pair.site.values)
    for r in rows:
        assert np.isfinite(r["bmd_change_pct"])
        assert r["age_end"] > r["age_start"]
    ex = explain_drivers(pair.isel(subject=1))
    assert {c.name for c, _ in ex["drivers"]} == {"estrogen_signal", "androgen_signal", "igf1"}
    sizes = [abs(c.size) for c, _ in ex["drivers"]]
    assert sizes == sorted(sizes, reverse=True)


def test_report_survives_a_failed_subject(pair):
    broken = pair.copy(deep=True)
    for name, var in broken.data_vars.items():
        if var.dtype.kind == "f" and "subject" in var.dims:
            broken[name][dict(subject=1)] = np.nan
    broken["status"][1] = "failed"
    fig = plots.plot_bmd(broken)
    assert any("solver failed" in t.get_text() for t in fig.texts)
    text = build_report(broken, figures={})
    assert "The solver failed for" in text
