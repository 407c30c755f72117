"""The calcium - PTH - vitamin D subsystem coupled to Osteon's skeleton (default model).

Mass balance over ten years, directions of the known couplings, and the reference
state of each subject (issue 4).
"""

import numpy as np
import pytest

from osteon import Simulation, Subject
from osteon.trials.interventions import protocol_from_specs

CALCIUM = {"intervention": "calcium", "dose": "1000 mg", "every": "1 day"}
VITAMIN_D = {"intervention": "vitamin_d", "dose": "2000 IU", "every": "1 day"}
DENOSUMAB = {"intervention": "denosumab", "dose": "60 mg", "every": "6 months"}
PREDNISONE = {"intervention": "glucocorticoid", "agent": "prednisone", "dose": "10 mg",
              "every": "1 day", "stop": "2 years"}


def _run(subject, specs=(), years=2.0):
    return Simulation(subject, protocol_from_specs(list(specs)) if specs else None,
                      years=years).run().isel(subject=0)


@pytest.fixture(scope="module")
def mixed_ten_years():
    """A woman from 55 to 65 with calcium, vitamin D, denosumab (stopped) and prednisone."""
    specs = [CALCIUM, VITAMIN_D, {**DENOSUMAB, "stop": "3 years"},
             {**PREDNISONE, "start": "5 years", "stop": "7 years"}]
    return _run(Subject(sex="female", age=55, menopause_age=50), specs, years=10.0)


def test_calcium_mass_balance_closes_over_ten_years(mixed_ten_years):
    end = mixed_ten_years.isel(time=-1)
    absorbed = float(end.calcium_absorbed)
    assert absorbed > 10 * 365 * 2.0  # ten years of absorption, several mmol a day
    gut = float(end.calcium_absorbed + end.calcium_faecal + end.calcium_gut_pool_change)
    assert abs(gut - float(end.calcium_intake)) < 1e-3 * absorbed
    body = float(end.calcium_urinary + end.calcium_bone_accrual + end.calcium_pool_change)
    assert abs(body - absorbed) < 1e-3 * absorbed
    # the calcium the ledger puts into bone is the calcium the BMD output gained or lost
    accrual = float(end.calcium_bone_accrual)
    from_bmd = float(end.calcium_bone_change_from_bmd)
    assert abs(accrual - from_bmd) < 1e-3 * absorbed
    assert abs(accrual) > 100.0  # bone moved by more than a rounding error


def test_each_subject_starts_in_its_own_calcium_steady_state():
    """A 30-year-old with the background frozen holds PTH, calcium and calcitriol still."""
    for intake in (500.0, 800.0, 1500.0):
        s = Subject(sex="female", age=30, calcium_mg_per_day=intake)
        res = Simulation(s, years=5, freeze_age=True).run().isel(subject=0)
        for name in ("pth", "serum_calcium", "calcitriol"):
            v = res[name].values
            assert np.max(np.abs(v / v[0] - 1.0)) < 1e-4, (intake, name)


def test_habitual_calcium_intake_sets_pth():
    low = _run(Subject(sex="female", age=40, calcium_mg_per_day=400.0), years=0.5)
    high = _run(Subject(sex="female", age=40, calcium_mg_per_day=1500.0), years=0.5)
    assert float(low.pth[0]) > float(high.pth[0])


def test_directions_of_the_couplings():
    woman = Subject(sex="female", age=65, menopause_age=50)
    base = _run(woman)
    at = {"time": 1.0}
    ca = _run(woman, [CALCIUM])
    assert float(ca.pth.sel(**at)) < float(base.pth.sel(**at))  # calcium suppresses PTH
    assert float(ca.calcium_absorbed.sel(**at)) > float(base.calcium_absorbed.sel(**at))
    vd = _run(woman, [VITAMIN_D])
    assert float(vd.calcitriol.sel(**at)) > float(base.calcitriol.sel(**at))
    # Denosumab stops calcium leaving bone: PTH rises (secondary hyperparathyroidism).
    dmab = _run(woman, [DENOSUMAB])
    assert float(dmab.pth.sel(time=0.25, method="nearest")) > float(
        base.pth.sel(time=0.25, method="nearest"))
    # Menopause: less estrogen, less calcium absorbed per year (Gennari 1990).
    pre = _run(Subject(sex="female", age=46, menopause_age=51), years=10.0)
    absorbed = pre.calcium_absorbed.values
    assert absorbed[-1] - absorbed[-13] < absorbed[12] - absorbed[0]


@pytest.mark.xfail(
    strict=True,
    reason="known limitation: with the calibrated sex-steroid gains (tubular reabsorption "
    "gain 0.002, near the bottom of its range) urinary calcium falls after menopause, with "
    "the fall of absorption; Nordin 1991 saw it rise by 30-50%. See the issue note.",
)
def test_urinary_calcium_rises_after_menopause():
    pre = _run(Subject(sex="female", age=46, menopause_age=51), years=10.0)
    urine = pre.calcium_urinary.values
    assert urine[-1] - urine[-13] > urine[12] - urine[0]


def test_calcium_subsystem_outputs_have_units(mixed_ten_years):
    assert mixed_ten_years.pth.attrs["units"] == "pmol/L"
    assert mixed_ten_years.serum_calcium.attrs["units"] == "mmol/L"
    assert mixed_ten_years.calcium_urinary.attrs["units"] == "mmol"
    assert 1.0 < float(mixed_ten_years.pth[0]) < 10.0  # a normal plasma PTH
