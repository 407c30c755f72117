"""The HTML reports are rendered from package templates with autoescaping (issue 13, item 2):
every element the reports promise is there, and a name with markup in it (a subject label,
a protocol, a scenario) is written as text, never injected."""

from __future__ import annotations

import re
from importlib import resources

import pytest

from osteon import Protocol, Simulation, Subject, Unloading
from osteon.report.html import DISCLAIMER, build_report
from osteon.report.scenarios import scenarios_html
from osteon.templating import Markup, render
from osteon.web.report import forecast_html

EVIL = "<script>alert('x')</script>"


def test_templates_ship_with_the_package():
    folder = resources.files("osteon") / "report" / "templates"
    names = {p.name for p in folder.iterdir()}
    assert {"report.html.j2", "forecast.html.j2", "web_forecast.html.j2",
            "scenarios.html.j2", "report.css"} <= names


def test_autoescape_is_on_and_undefined_names_fail():
    from jinja2 import UndefinedError

    assert "&lt;script&gt;" in render("scenarios.html.j2", png_uri=EVIL, sites=[], rows=[])
    with pytest.raises(UndefinedError):
        render("scenarios.html.j2", sites=[], rows=[])


@pytest.fixture(scope="module")
def one_year():
    sim = Simulation(Subject(sex="female", age=60.0),
                     protocol=Protocol([Unloading("bed_rest", stop_day=30)]), years=1)
    res = sim.run()
    res.attrs["protocol"] = EVIL
    return res


def test_report_escapes_labels_and_protocol_and_keeps_its_sections(one_year):
    text = build_report(one_year, title=EVIL, labels=[EVIL], figures={"bmd": b"\x89PNG"},
                        extra_sections=[Markup("<h2>Extra section</h2>")])
    assert "<script" not in text
    assert "&lt;script&gt;" in text
    assert DISCLAIMER in text and "<h2>Extra section</h2>" in text
    for heading in ("Who was simulated", "Key numbers", "How to read this report", "Figures",
                    "What drives the change", "Evidence behind the model", "Provenance"):
        assert f"<h2>{heading}</h2>" in text
    assert re.search(r'<img alt="bmd figure" src="data:image/png;base64,[A-Za-z0-9+/=]+">', text)
    assert text.count('<span class="cat cat-') >= 8  # WHO category at start and end, 4 sites
    assert "<style>" in text and "font-family" in text  # the shared style sheet, inline


def test_scenarios_section_escapes_scenario_names():
    import xarray as xr

    sites = ("lumbar_spine", "femoral_neck", "total_hip", "total_body")
    ds = xr.Dataset({"bmd": (("time", "site"), [[1.0] * 4, [1.01] * 4])},
                    coords={"site": list(sites), "time": [0.0, 1.0]})
    html = scenarios_html({EVIL: ds}, "data:image/png;base64,AAAA")
    assert isinstance(html, Markup)
    assert "<script" not in html and "&lt;script&gt;" in html and "+1.0%" in html


def test_web_forecast_escapes_every_field():
    summary = {"disclaimer": "Research and education tool, not medical advice.",
               "band_note": EVIL, "years": 5, "scenarios": [{
                   "name": EVIL, "protocol": EVIL,
                   "final": {"lumbar_spine": {"t_score": -1.234, "p10": -2.0, "p90": -0.5,
                                              "category": EVIL}},
                   "attribution": {"vs_no_change": {"lumbar_spine": 0.25}, "drivers": [EVIL]},
                   "fracture": {"available": False, "reason": EVIL},
                   "evidence": [{"intervention": EVIL, "evidence": "A", "citation": None}],
                   "flags": [EVIL]}]}
    html = forecast_html(summary)
    assert "<script" not in html
    assert html.count("&lt;script&gt;") == 8  # note, name, protocol, category, driver, reason, intervention, flag
    assert "<td>-1.23</td><td>-2.00 to -0.50</td>" in html and "+0.25" in html
    assert "not medical advice" in html
