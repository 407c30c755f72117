"""Batch engine behaviour: exact stops, per-subject failures, selection in Simulation."""

import numpy as np
import pytest

from osteon import Simulation, SolverSettings, Subject
from osteon.engine import driver, integrate_batch
from osteon.model import PEAK_BONE_AGE, BoneModel, Cohort
from osteon.parameters import default_parameters
from osteon.protocol import Protocol, Unloading
from osteon.units import DAYS_PER_YEAR


def _model(ages, protocol=None):
    subjects = [Subject(sex="female", age=a) for a in ages]
    return BoneModel(default_parameters(), Cohort.from_subjects(subjects), protocol)


def test_batch_is_the_default_method():
    assert SolverSettings().method == "batch"


def test_steps_land_exactly_on_breakpoints(monkeypatch):
    protocol = Protocol([Unloading("bed_rest", start_day=40.0, stop_day=159.0)])
    model = _model([50.0, 63.0], protocol)
    seen = []
    real = driver._record

    def spy(out, t_out, who, t_old, t_new, *args):
        seen.append(np.stack([t_old, t_new]))
        return real(out, t_out, who, t_old, t_new, *args)

    monkeypatch.setattr(driver, "_record", spy)
    t0 = (PEAK_BONE_AGE - model.cohort.age) * DAYS_PER_YEAR
    res = integrate_batch(model, model.initial_state(), t0, np.linspace(0, 365.25, 13),
                          protocol.breakpoints(365.25))
    assert res.ok.all()
    steps = np.concatenate(seen, axis=1)
    ends = set(steps[1].tolist())
    assert {0.0, 40.0, 159.0} <= ends
    for bp in (0.0, 40.0, 159.0):  # no step crosses a breakpoint
        assert not np.any((steps[0] < bp) & (steps[1] > bp))


@pytest.mark.filterwarnings("ignore::RuntimeWarning")
def test_failing_subject_gets_status_and_the_rest_finish(monkeypatch):
    real = BoneModel.site_drives

    def poisoned(self, t_days, sig=None, subject_major=False):
        d = real(self, t_days, sig, subject_major=subject_major)
        bad = (self.cohort.age == 61.0) & (np.broadcast_to(t_days, (self.n,)) > 100.0)
        d[(bad,) if subject_major else (slice(None), bad)] = np.nan
        return d

    monkeypatch.setattr(BoneModel, "site_drives", poisoned)
    subjects = [Subject(sex="female", age=a) for a in (60.0, 61.0, 62.0)]
    res = Simulation(subjects, years=1, solver=SolverSettings(method="batch")).run()
    assert list(res.status.values) == ["ok", "failed", "ok"]
    assert "non-finite" in str(res.status_reason.values[1])
    assert bool(res.bmd.isel(subject=1).isnull().all())
    assert not bool(res.bmd.isel(subject=[0, 2]).isnull().any())
    assert res.attrs["n_failed"] == 1


def test_engine_agrees_with_scipy_bdf_and_history_is_per_subject():
    subjects = [Subject(sex="female", age=a, menopause_age=52.0) for a in (31.0, 49.0, 70.0)]
    a = Simulation(subjects, years=4).run()
    b = Simulation(subjects, years=4, solver=SolverSettings(method="BDF")).run()
    np.testing.assert_allclose(a.bmd, b.bmd, rtol=1e-4)
    np.testing.assert_allclose(a.ctx, b.ctx, rtol=1e-3)


def test_chunks_do_not_change_results():
    subjects = [Subject(sex="male", age=float(a)) for a in np.linspace(40, 80, 7)]
    whole = Simulation(subjects, years=3).run()
    parts = Simulation(subjects, years=3, solver=SolverSettings(batch_subjects=2)).run()
    np.testing.assert_allclose(whole.bmd, parts.bmd, rtol=1e-12)


def test_bad_batch_subjects_is_an_input_error():
    from osteon.errors import OsteonInputError

    with pytest.raises(OsteonInputError):
        SolverSettings(batch_subjects=0)
