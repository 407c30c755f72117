"""The standard pipeline every model configuration passes."""

import numpy as np
import pytest

from osteon import Protocol, Simulation, Subject, Unloading, default_parameters, simulate
from osteon.solver import SolverSettings

CONFIGURATIONS = {
    "woman": Subject(sex="female", age=30),
    "woman_surgical": Subject(sex="female", age=30, menopause="surgical", menopause_age=45),
    "man": Subject(sex="male", age=30),
    "man_hypogonadal": Subject(sex="male", age=30, labs={"testosterone_ng_dl": 150}),
    "woman_heavy": Subject(sex="female", age=30, body_mass_kg=110, steps_per_day=3000),
}
CELLS = ("osteoclasts", "osteoblast_precursors", "osteoblasts", "osteocytes")


@pytest.mark.parametrize("name", CONFIGURATIONS)
def test_builds_and_holds_steady_state_for_20_years(name):
    res = simulate(CONFIGURATIONS[name], years=20, freeze_age=True)
    assert res.status == "ok"
    rel = res.bmd / res.bmd.isel(time=0)
    assert float(np.abs(rel - 1).max()) < 1e-3  # within 0.1%
    for var in ("ctx", "p1np", *CELLS):
        v = res[var]
        assert float(np.abs(v / v.isel(time=0) - 1).max()) < 1e-3, var


@pytest.mark.parametrize("name", CONFIGURATIONS)
def test_populations_stay_non_negative_over_50_years(name):
    res = simulate(CONFIGURATIONS[name], years=50)
    for var in (*CELLS, "bmd", "ctx", "osteocalcin", "spine_trabecular_vbmd"):
        assert float(res[var].min()) >= 0.0, var
        assert not bool(res[var].isnull().any()), var


def test_menopause_lowers_bmd_and_raises_markers():
    res = simulate(Subject(sex="female", age=48, menopause_age=50), years=6)
    before, after = res.sel(time=0), res.sel(time=6, method="nearest")
    for site in res.site.values:
        assert float(after.bmd.sel(site=site)) < 0.97 * float(before.bmd.sel(site=site))
    for marker in ("ctx", "ntx", "p1np", "osteocalcin", "bsap"):
        assert float(after[marker]) > 1.2 * float(before[marker]), marker
    assert float(after.rankl_opg_ratio.sel(site="lumbar_spine")) > float(
        before.rankl_opg_ratio.sel(site="lumbar_spine")
    )


def test_surgical_menopause_loses_faster_than_natural():
    natural = simulate(Subject(sex="female", age=45, menopause_age=48), years=4)
    surgical = simulate(
        Subject(sex="female", age=45, menopause_age=48, menopause="surgical"), years=4
    )
    at = dict(time=3.5, method="nearest")
    site = dict(site="lumbar_spine")
    assert float(surgical.bmd.sel(**site).sel(**at)) < float(natural.bmd.sel(**site).sel(**at))


def test_men_lose_more_slowly_than_postmenopausal_women():
    w = simulate(Subject(sex="female", age=50), years=10)
    m = simulate(Subject(sex="male", age=50), years=10)

    def loss(r):
        return float(
            r.bmd.sel(site="femoral_neck").isel(time=-1)
            / r.bmd.sel(site="femoral_neck").isel(time=0)
        )

    assert loss(m) > loss(w)
    assert loss(m) < 1.0  # but men do lose


@pytest.mark.parametrize("sex", ["female", "male"])
def test_removing_habitual_loading_lowers_bmd(sex):
    subj = (
        Subject(sex=sex, age=40, menopause_age=51) if sex == "female" else Subject(sex=sex, age=40)
    )
    loaded = simulate(subj, years=1)
    unloaded = simulate(subj, Protocol([Unloading("bed_rest")]), years=1)
    for site in ("lumbar_spine", "femoral_neck", "total_hip"):
        a = float(loaded.bmd.sel(site=site).isel(time=-1))
        b = float(unloaded.bmd.sel(site=site).isel(time=-1))
        assert b < a - 0.005, site
    assert float(unloaded.ctx.isel(time=-1)) > float(loaded.ctx.isel(time=-1))


def test_reloading_recovers_part_of_the_loss():
    p = Protocol([Unloading("bed_rest", stop_day=120)])
    res = simulate(Subject(sex="male", age=35), p, years=3)
    spine = res.bmd.sel(site="lumbar_spine")
    low = float(spine.sel(time=0.5, method="nearest"))
    assert float(spine.isel(time=-1)) > low


def test_result_has_units_and_provenance():
    res = Simulation(Subject(sex="female", age=55), years=1, seed=7).run()
    for name, var in res.data_vars.items():
        assert "units" in var.attrs and "long_name" in var.attrs, name
    for key in (
        "osteon_version",
        "parameter_set",
        "parameter_set_hash",
        "seed",
        "solver",
        "citations",
        "protocol",
        "disclaimer",
    ):
        assert key in res.attrs, key
    assert res.attrs["seed"] == 7
    assert res.attrs["parameter_set_hash"] == default_parameters().hash


def test_t_score_sets_the_level_not_the_change():
    a = simulate(Subject(sex="female", age=70), years=2)
    b = simulate(
        Subject(sex="female", age=70, t_score={"site": "lumbar_spine", "value": -2.8}), years=2
    )
    assert float(b.t_score.sel(site="lumbar_spine").isel(time=0)) == pytest.approx(-2.8, abs=1e-6)
    ra = a.bmd / a.bmd.isel(time=0)
    rb = b.bmd / b.bmd.isel(time=0)
    assert np.allclose(ra, rb, atol=1e-9)
    assert str(b.who_category.isel(time=0).values) == "osteoporosis"


def test_batch_equals_single_subject_solves():
    subjects = [Subject(sex="female", age=a) for a in (47.0, 52.0, 60.0)]
    batch = Simulation(subjects, years=3).run()
    for i, s in enumerate(subjects):
        single = simulate(s, years=3)
        np.testing.assert_allclose(batch.bmd.isel(subject=i), single.bmd, rtol=1e-4)


def test_failed_subject_gets_a_status_and_the_rest_finish(monkeypatch):
    import osteon.simulation as simmod

    real = simmod.integrate

    def flaky(model, *args, **kwargs):
        outcome = real(model, *args, **kwargs)
        if model.cohort.age.size == 1 and model.cohort.age[0] == 61.0:
            outcome.success, outcome.message = False, "injected failure"
        elif model.cohort.age.size > 1:
            outcome.success, outcome.message = False, "batch failed"
        return outcome

    monkeypatch.setattr(simmod, "integrate", flaky)
    res = Simulation([Subject(sex="female", age=a) for a in (60.0, 61.0, 62.0)], years=1).run()
    assert list(res.status.values) == ["ok", "failed", "ok"]
    assert "injected" in str(res.status_reason.values[1])
    assert bool(res.bmd.isel(subject=1).isnull().all())
    assert not bool(res.bmd.isel(subject=[0, 2]).isnull().any())
    assert res.attrs["n_failed"] == 1


def test_tighter_tolerance_agrees_with_default():
    s = Subject(sex="female", age=49)
    a = simulate(s, years=6)
    b = simulate(s, years=6, solver=SolverSettings(rtol=1e-9, atol=1e-12))
    np.testing.assert_allclose(a.bmd, b.bmd, rtol=1e-3)
    np.testing.assert_allclose(a.ctx, b.ctx, rtol=1e-3)
