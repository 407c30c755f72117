"""Issue 15 (g): the model stays in its domain for legal inputs: removal slows as bone runs
out, long glucocorticoid courses and bed rest solve, and a failure carries a reason."""

from __future__ import annotations

import numpy as np
import pytest

from osteon import Simulation, SolverSettings, Subject
from osteon.physiology.mineral import removal_availability
from osteon.physiology.mineral.matrix import REMOVAL_FLOOR
from osteon.trials.interventions import protocol_from_specs


def test_removal_availability_is_one_in_the_domain_and_zero_without_bone():
    v = np.linspace(-0.5, 2.0, 2501)
    g = removal_availability(v)
    assert np.all(g[v >= REMOVAL_FLOOR] == 1.0)
    assert np.all(g[v <= 0] == 0.0)
    assert np.all(np.diff(g) >= 0)
    assert np.max(np.abs(np.diff(g))) < 0.05  # continuous (max slope 1.5/floor)


def _all_solved(res):
    failed = res.status.values != "ok"
    assert not failed.any(), list(res.status_reason.values[failed])
    assert np.isfinite(res.bmd.values).all() and (res.bmd.values > 0).all()


def _cohort(sexes=("female", "male"), ages=(30, 45, 60, 75, 90, 100)):
    return [Subject(sex=s, age=a) for s in sexes for a in ages]


@pytest.mark.slow
def test_natural_history_past_age_100_solves():
    res = Simulation([Subject(sex="female", age=a) for a in (91, 95, 100)]
                     + [Subject(sex="male", age=100)], years=10).run()
    _all_solved(res)


@pytest.mark.slow
def test_prednisone_10_mg_for_10_years_solves_for_every_subject():
    p = protocol_from_specs([{"intervention": "glucocorticoid", "agent": "prednisone",
                              "dose": "10 mg", "every": "1 day"}])
    res = Simulation(_cohort(), p, years=10).run()
    _all_solved(res)
    # and it costs bone, as it should: spine BMD falls in every subject
    spine = res.bmd.sel(site="lumbar_spine")
    assert (spine.isel(time=-1) < spine.isel(time=0)).all()


@pytest.mark.slow
def test_ten_years_of_bed_rest_solves():
    p = protocol_from_specs([{"intervention": "unloading", "kind": "bed_rest"}])
    _all_solved(Simulation(_cohort(("female",)), p, years=10).run())


@pytest.mark.slow
def test_scipy_method_near_100_gives_a_status_not_a_traceback():
    res = Simulation([Subject(sex="female", age=100)], years=10,
                     solver=SolverSettings(method="BDF")).run()
    status = str(res.status.values[0])
    assert status == "ok" or str(res.status_reason.values[0])
