"""Mass balance, steady state, parameter records and the vitamin D extension."""

import re
from pathlib import Path

import numpy as np
import pytest

import osteon.physiology.calcium as calcium_pkg
from osteon.errors import OsteonInputError
from osteon.parameters import Evidence, peterson_riggs_2010
from osteon.physiology.calcium import (
    CalciumScenario,
    InputChange,
    TeriparatideInjections,
    simulate_calcium,
)
from osteon.physiology.calcium import system as S


def test_mass_balance_closes_over_ten_years():
    """intake = faecal + absorbed + gut-pool change, and
    absorbed = urinary + bone accrual + ECF change, to 0.1 % of the absorbed calcium.

    Peterson-Riggs tracks no intracellular calcium (its 'intracellular' pool is
    phosphate), so the ECF is the only soft-tissue pool; 'faecal' is the dietary
    calcium that never enters the absorptive pool (the model does not follow it further).
    Bone accrual from the integrated fluxes must also equal the change of Q + Qbone.
    """
    sc = CalciumScenario(
        teriparatide=TeriparatideInjections(doses=30),
        changes=(InputChange(at_day=100.0, oral_calcium_mmol_per_day=15.0),
                 InputChange(at_day=1500.0, gfr_ml_per_min=50.0)),
    )
    ds = simulate_calcium(scenario=sc, times_days=np.linspace(0, 3652.5, 41)).isel(subject=0)
    end = ds.isel(time=-1)
    absorbed = float(end.calcium_absorbed)
    gut_side = end.calcium_faecal + end.calcium_absorbed + end.gut_calcium_change
    body_side = end.calcium_urinary + end.calcium_bone_accrual + end.ecf_calcium_change
    assert abs(float(gut_side - end.calcium_intake)) < 1e-3 * absorbed
    assert abs(float(body_side) - absorbed) < 1e-3 * absorbed
    assert abs(float(end.calcium_bone_accrual - end.bone_calcium_change)) < 1e-3 * absorbed
    assert absorbed > 5e3  # ten years of absorption, ~2-5 mmol/day


def test_steady_state_at_baseline():
    """The SBML's initial values are a steady state up to their rounding: at t = 0 no
    state moves faster than 0.5 % per day (ECF phosphate, 0.2 %/day, is the largest:
    16.8 mmol is a rounded value) and over ten years nothing drifts by more than 0.2 %."""
    p = {k: np.array([v]) for k, v in peterson_riggs_2010().items()}
    y0 = S.initial_state(p)
    u = S.default_inputs(p)
    dy = S.derivatives_batch(y0, S.constants_record(p), u)[0, : S.N_DYNAMIC]
    scale = np.where(y0[0, : S.N_DYNAMIC] > 0, y0[0, : S.N_DYNAMIC], 1.0)
    assert np.all(np.abs(dy) * 24.0 / scale < 5e-3)
    ds = simulate_calcium(years=10, times_days=[0, 3652.5]).isel(subject=0)
    for v in ("pth", "calcium", "calcitriol", "osteoblasts", "osteoclasts", "bone_calcium"):
        assert float(ds[v][-1] / ds[v][0]) == pytest.approx(1.0, abs=2e-3), v


def test_parameter_records_are_complete():
    ps = peterson_riggs_2010()
    assert ps.name == "PetersonRiggs2010" and len(ps) > 120
    for r in ps.records.values():
        assert r.units and r.source and r.description and r.group, r.name
        assert isinstance(r.evidence, Evidence)
        lo, hi = r.plausible_range
        assert lo <= r.value <= hi, r.name
        if r.group == "PetersonRiggs2010":
            assert "BIOMD0000000613" in r.source, r.name


def test_every_parameter_is_used_by_the_calcium_code():
    src = "".join(p.read_text() for p in Path(calcium_pkg.__file__).parent.glob("*.py"))
    used = set(re.findall(r"\bk\.([a-z0-9_]+)", src)) | set(re.findall(r'"([a-z0-9_]+)"', src))
    unused = [name for name in peterson_riggs_2010() if name not in used]
    assert not unused, f"parameters defined but never read: {unused}"


def test_extension_is_neutral_at_reference_and_acts_in_deficiency():
    base = simulate_calcium(days=10, times_days=[0, 10])
    same = simulate_calcium(
        scenario=CalciumScenario(changes=(InputChange(0.0, serum_25ohd_nmol_l=75.0, serum_magnesium_mmol_l=0.85),)),
        days=10, times_days=[0, 10],
    )
    assert np.array_equal(base.pth.values, same.pth.values)
    low = simulate_calcium(
        scenario=CalciumScenario(changes=(InputChange(1.0, serum_25ohd_nmol_l=15.0),)),
        times_days=[0, 1, 120],
    ).isel(subject=0, time=-1)
    low_mg = simulate_calcium(
        scenario=CalciumScenario(changes=(InputChange(1.0, serum_magnesium_mmol_l=0.4),)),
        times_days=[0, 1, 120],
    ).isel(subject=0, time=-1)
    ref = base.isel(subject=0, time=-1)
    assert low.calcitriol < 0.9 * ref.calcitriol and low.pth > ref.pth
    assert low_mg.calcitriol < ref.calcitriol


def test_per_subject_parameters_and_errors():
    ds = simulate_calcium(per_subject={"glomerular_filtration_rate": [6.0, 3.0]}, times_days=[0, 365])
    assert ds.sizes["subject"] == 2
    assert float(ds.pth[1, -1]) > float(ds.pth[0, -1])
    with pytest.raises(OsteonInputError, match="plausible range"):
        simulate_calcium(per_subject={"glomerular_filtration_rate": [60.0]}, days=1)
    with pytest.raises(OsteonInputError, match="gfr_ml_per_min"):
        InputChange(at_day=1.0, gfr_ml_per_min=1000.0)


def test_results_carry_units():
    ds = simulate_calcium(days=2)
    for name, var in ds.data_vars.items():
        assert var.attrs.get("units") and var.attrs.get("long_name"), name
    assert ds.pth.attrs["units"] == "pmol/L" and ds.calcium.attrs["units"] == "mmol/L"
