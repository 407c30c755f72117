"""Osteon's PetersonRiggs2010 configuration side by side with libroadrunner running
BIOMD0000000613: PTH, calcium, calcitriol, osteoblasts, osteoclasts and the SBML's
bone mineral (Q + Qbone, Qbone, hydroxyapatite; the SBML defines no BMD) agree within
1 % relative over the whole trajectory, sampled hourly around doses and changes and
every 12 h or daily otherwise."""

import numpy as np
import pytest
from rr_reference import load_reference, reference_outputs, run_reference

from osteon.physiology.calcium import (
    CalciumScenario,
    InputChange,
    TeriparatideInjections,
    simulate_calcium,
)


@pytest.fixture(scope="module")
def roadrunner_model():
    return load_reference()


COMPARED = ("pth", "calcium", "calcitriol", "osteoblasts", "osteoclasts", "bone_calcium",
            "bone_calcium_mineralised", "hydroxyapatite")
TOLERANCE = 0.01
RESULTS: dict[str, dict[str, float]] = {}


def grid(days, dense=(), step_h=24.0):
    """Output times (h): every ``step_h`` plus hourly within each (start, end) day window."""
    t = [np.arange(0.0, days * 24.0 + 1e-9, step_h)]
    for a, b in dense:
        t.append(np.arange(a * 24.0, b * 24.0 + 1e-9, 1.0))
    return np.unique(np.concatenate(t))


def compare(name, r, times_h, scenario, teri=None, changes=()):
    ref = reference_outputs(run_reference(r, times_h, teri, changes))
    ds = simulate_calcium(scenario=scenario, times_days=times_h / 24.0)
    worst = {}
    for v in COMPARED:
        a = ds[v].isel(subject=0).values
        worst[v] = float(np.max(np.abs(a - ref[v]) / np.abs(ref[v])))
    RESULTS[name] = worst
    bad = {k: v for k, v in worst.items() if v > TOLERANCE}
    assert not bad, f"{name}: relative differences above 1 %: {bad}"
    ca = ds.calcium.values
    assert np.all((ca > 2.0) & (ca < 2.75)), (name, ca.min(), ca.max())
    return ds, ref


def test_baseline_ten_years(roadrunner_model):
    compare("baseline 10 y", roadrunner_model, grid(3653, dense=[(0, 2)]), CalciumScenario())


def test_teriparatide_20ug_daily_for_12_months(roadrunner_model):
    teri = TeriparatideInjections(dose_ug=20.0, every_hours=24.0, doses=365, first_dose_hours=12.0)
    times = grid(400, dense=[(0, 4), (180, 183), (363, 367)], step_h=12.0)
    ds, ref = compare("teriparatide 20 ug/d 12 mo", roadrunner_model, times, CalciumScenario(teri),
                      teri=(20.0, 24.0, 365, 12.0))
    # the injections are visible: hourly PTH peaks well above baseline on day 1
    assert ds.pth.sel(time=slice(0.5, 1.0)).max() > 15.0


def test_oral_calcium_intake_halved(roadrunner_model):
    sc = CalciumScenario(changes=(InputChange(at_day=30.0, oral_calcium_mmol_per_day=12.0),))
    ds, _ = compare("oral calcium 24 -> 12 mmol/d", roadrunner_model, grid(730, dense=[(29, 33)]), sc,
                    changes=[(720.0, {"OralCa": 0.5})])
    assert ds.pth.isel(time=-1) > ds.pth.isel(time=0)  # secondary hyperparathyroidism


def test_renal_insufficiency(roadrunner_model):
    sc = CalciumScenario(changes=(InputChange(at_day=30.0, gfr_ml_per_min=30.0),))
    ds, _ = compare("GFR 100 -> 30 mL/min", roadrunner_model, grid(1095, dense=[(29, 33)]), sc,
                    changes=[(720.0, {"GFR": 1.8})])
    assert ds.phosphate.isel(time=-1) > ds.phosphate.isel(time=0)
    assert ds.calcitriol.isel(time=-1) < ds.calcitriol.isel(time=0)
    assert ds.pth.isel(time=-1) > ds.pth.isel(time=0)


def test_pth_infusions(roadrunner_model):
    """IPTHinf (intravenous, pmol/h) from day 10 to 40, IPTHint (subcutaneous depot)
    from day 60 to 90: both work in the SBML and in Osteon."""
    sc = CalciumScenario(changes=(
        InputChange(at_day=10.0, pth_infusion_pmol_per_h=300.0),
        InputChange(at_day=40.0, pth_infusion_pmol_per_h=0.0),
        InputChange(at_day=60.0, pth_sc_input_pmol_per_h=300.0),
        InputChange(at_day=90.0, pth_sc_input_pmol_per_h=0.0),
    ))
    changes = [(240.0, {"IPTHinf": 300.0}), (960.0, {"IPTHinf": 0.0}),
               (1440.0, {"IPTHint": 300.0}), (2160.0, {"IPTHint": 0.0})]
    times = grid(150, dense=[(9, 12), (39, 41), (59, 62), (89, 91)], step_h=12.0)
    ds, ref = compare("PTH infusion IV then SC", roadrunner_model, times, sc, changes=changes)
    during_iv = ds.pth.sel(time=30.0).item()
    during_sc = ds.pth.sel(time=80.0).item()
    assert during_iv > 1.2 * 3.85 and during_sc > 1.2 * 3.85


@pytest.fixture(scope="module", autouse=True)
def _report_table():
    yield
    if RESULTS:
        names = list(RESULTS)
        print("\nmax relative difference, Osteon vs libroadrunner:")
        print("variable".ljust(26) + "".join(n[:22].ljust(24) for n in names))
        for v in COMPARED:
            print(v.ljust(26) + "".join(f"{RESULTS[n][v]:.1e}".ljust(24) for n in names))
