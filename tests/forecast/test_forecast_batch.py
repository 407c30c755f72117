"""The forecast batch (issue 11): rows of one solve equal separate simulations."""

import dataclasses

import numpy as np
import pytest

from osteon import Simulation, Subject
from osteon.forecast.batch import MERGED_DRIVES, PATHWAYS, Rows, run_rows
from osteon.model import EXTENSION_DRIVES
from osteon.outputs.reference import SITES
from osteon.signals import Signals
from osteon.trials.interventions import protocol_from_specs

MHT = [{"intervention": "estrogen", "agent": "estradiol", "route": "transdermal",
        "dose": "50 ug", "every": "1 day"}]
CALCIUM = [{"intervention": "calcium", "dose": "1000 mg", "every": "1 day"}]


@pytest.mark.slow
def test_rows_match_separate_simulations():
    """A row with MHT on, one with calcium on and one with nothing equal three separate
    Simulations of the same protocols: the switchboard merges exactly what each changed."""
    s = Subject(sex="female", age=56, menopause_age=50)
    items = list(protocol_from_specs(MHT + CALCIUM, years=6).interventions)
    on = np.array([[1, 0, 0], [0, 1, 0]], bool)
    rows = Rows(on, {p: np.zeros(3, bool) for p in PATHWAYS}, np.ones(3), np.ones(3))
    t = np.array([0.0, 1.0, 5.0])
    density, ok, _ = run_rows(s, items, rows, t)
    assert ok.all()
    spine = SITES.index("lumbar_spine")
    for row, specs in ((0, MHT), (1, CALCIUM), (2, [])):
        ref = Simulation(s, protocol_from_specs(specs, years=6) if specs else None,
                         years=5, output_every_days=365.25).run()
        want = ref.bmd_relative.isel(subject=0).sel(site="lumbar_spine").values[[0, 1, 5]]
        assert density[row, :, spine] == pytest.approx(want, rel=2e-4), row
    assert density[0, -1, spine] > density[2, -1, spine] > 0  # MHT keeps bone


@pytest.mark.slow
def test_clamps_and_sensitivities():
    s = Subject(sex="female", age=56, menopause_age=50)
    items = list(protocol_from_specs(MHT, years=6).interventions)
    n = 4
    on = np.array([[1, 1, 0, 0]], bool)
    off = {p: np.zeros(n, bool) for p in PATHWAYS}
    off["estrogen"][1] = True  # MHT with the estrogen pathway held at today's level
    rows = Rows(on, off, np.array([1.0, 1.0, 1.0, 1.5]), np.ones(n))
    density, ok, _ = run_rows(s, items, rows, np.array([-3.0, 0.0, 5.0]))
    spine = SITES.index("lumbar_spine")
    change = density[:, -1, spine] / density[:, 1, spine] - 1
    # Clamping estrogen removes what MHT does (it acts through estradiol).
    assert change[1] == pytest.approx(change[2], abs=2e-3)
    assert change[0] > change[2] + 0.01
    # A more estrogen-sensitive person has lost more since menopause and keeps losing faster.
    assert density[3, 1, spine] < density[2, 1, spine]
    assert change[3] < change[2]
    # Before today, nothing a switch does matters: rows 0-2 share their past.
    assert density[0, 0, spine] == pytest.approx(density[2, 0, spine], rel=1e-9)


PREDNISONE_SINCE = [{"intervention": "glucocorticoid", "agent": "prednisone", "dose": "7.5 mg",
                     "every": "1 day", "start": "-2 years"}]


@pytest.mark.slow
def test_a_row_with_exposure_before_today_matches_a_simulation():
    """A negative start (prednisone for two years before today) acts in the rows' past too:
    the row equals a Simulation of the same protocol, and differs from the row without it
    only from the course's start on."""
    s = Subject(sex="male", age=58)
    items = list(protocol_from_specs(PREDNISONE_SINCE, years=3).interventions)
    on = np.array([[1, 0]], bool)
    rows = Rows(on, {p: np.zeros(2, bool) for p in PATHWAYS}, np.ones(2), np.ones(2))
    density, ok, _ = run_rows(s, items, rows, np.array([-3.0, 0.0, 1.0, 2.0]))
    assert ok.all()
    spine = SITES.index("lumbar_spine")
    assert density[0, 0, spine] == pytest.approx(density[1, 0, spine], rel=1e-9)  # at 55
    assert density[0, 1, spine] < density[1, 1, spine] - 1e-3  # today: two years of loss
    ref = Simulation(s, protocol_from_specs(PREDNISONE_SINCE, years=3), years=2,
                     output_every_days=365.25).run()
    want = ref.bmd_relative.isel(subject=0).sel(site="lumbar_spine").values
    assert density[0, 1:, spine] == pytest.approx(want, rel=2e-4)


@pytest.mark.slow
def test_forecast_with_a_scenario_that_began_before_today(monkeypatch):
    """``osteon.forecast`` builds scenarios with the trial-file vocabulary, negative starts
    included (a course begun before today)."""
    import osteon
    from osteon.forecast import scenarios

    monkeypatch.setitem(scenarios.SCENARIOS, "prednisone_since", scenarios.Scenario(
        "prednisone_since", "Prednisone for two years", tuple(PREDNISONE_SINCE)))
    ds = osteon.forecast({"sex": "male", "age": 58}, ["no_change", "prednisone_since"],
                         draws=10, years=2, attribution=False, fracture_draws=2)
    assert list(ds.scenario.values) == ["no_change", "prednisone_since"]
    q = ds.percent_change_quantiles.sel(site="lumbar_spine", quantile=0.5).isel(time=-1)
    # still losing bone on prednisone (the chronic phase), more than with no change
    assert float(q.sel(scenario="prednisone_since")) < float(q.sel(scenario="no_change")) - 0.2


def test_rows_merge_every_drive_an_intervention_can_set():
    """Each per-subject drive of Signals (a field with a number as default) is copied into a
    row from its protocol's signals; one left out would be silently lost in forecasts."""
    numeric = {f.name for f in dataclasses.fields(Signals)
               if isinstance(f.default, (int, float)) and not isinstance(f.default, bool)}
    assert numeric <= set(MERGED_DRIVES), numeric - set(MERGED_DRIVES)
    # the drives interventions are known to set, among them the one a fixed list had missed
    known = {*EXTENSION_DRIVES, "pth_modeling", "gut_calcium_absorption", "serum_magnesium_change"}
    assert known <= set(MERGED_DRIVES), known - set(MERGED_DRIVES)
