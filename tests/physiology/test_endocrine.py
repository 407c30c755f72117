import numpy as np
import pytest

from osteon import Subject, simulate
from osteon.parameters import default_parameters
from osteon.physiology.endocrine import EndocrineBackground


def _bg(**kw):
    args = dict(
        female=[True],
        menopause_age=[51.0],
        surgical=[False],
        body_mass_kg=[70.0],
        gh_deficient=[False],
        start_age=[50.0],
    )
    args.update(kw)
    return EndocrineBackground(default_parameters(), **args)


def test_estradiol_falls_across_the_menopause_transition():
    bg = _bg()
    e = [float(bg.at_age([a]).estradiol[0]) for a in (45.0, 49.0, 51.0, 53.0, 60.0)]
    assert e[0] > 90 and e[-1] < 15  # premenopausal ~100, postmenopausal ~10 pg/mL
    assert all(x >= y for x, y in zip(e, e[1:], strict=False))
    # half-way at the transition midpoint (relative to the final menstrual period)
    mid = 51.0 + default_parameters()["menopause_transition_midpoint"]
    e_mid = float(bg.at_age([mid]).estradiol[0])
    assert 40 < e_mid < 70


def test_surgical_menopause_is_abrupt_and_halves_testosterone():
    bg = _bg(surgical=[True], menopause_age=[45.0])
    before, after = bg.at_age([44.99]), bg.at_age([45.05])
    assert after.estradiol[0] < 0.2 * before.estradiol[0]
    assert after.testosterone[0] == pytest.approx(0.5 * before.testosterone[0], rel=0.02)


def test_men_testosterone_declines_slowly_and_feeds_estradiol():
    bg = _bg(female=[False], menopause_age=[200.0])
    t30, t70 = bg.at_age([30.0]), bg.at_age([70.0])
    assert 0.6 < t70.testosterone[0] / t30.testosterone[0] < 0.85
    assert 15 < t70.estradiol[0] < t30.estradiol[0] < 35
    assert t70.igf1[0] < t30.igf1[0]


def test_measured_labs_override_the_defaults_at_the_start_age():
    bg = _bg(
        female=[False],
        menopause_age=[200.0],
        start_age=[60.0],
        labs={"testosterone_ng_dl": np.array([150.0]), "igf1_ng_ml": np.array([90.0])},
    )
    h = bg.at_age([60.0])
    assert h.testosterone[0] == pytest.approx(150.0)
    assert h.igf1[0] == pytest.approx(90.0)
    # estradiol follows testosterone through aromatization
    assert h.estradiol[0] < _bg(female=[False], menopause_age=[200.0]).at_age([60.0]).estradiol[0]


def test_result_reports_the_measured_level():
    res = simulate(Subject(sex="male", age=60, labs={"testosterone_ng_dl": 200.0}), years=1)
    assert float(res.testosterone.isel(time=0)) == pytest.approx(200.0, rel=1e-6)


def test_peak_bone_mass_reference_is_premenopausal_even_after_an_early_menopause():
    """Primary ovarian insufficiency: a menopause at 30 comes after peak bone mass, so the
    age-30 reference keeps premenopausal estradiol (a menopause at 30 used to make it half
    postmenopausal, so that a later normal estradiol read as supraphysiological and the
    skeleton gained bone for decades out of plasma calcium)."""
    early, usual = _bg(menopause_age=[30.0]), _bg(menopause_age=[51.0])
    assert float(early.reference().estradiol[0]) == pytest.approx(
        float(usual.reference().estradiol[0]), rel=1e-6)  # 1e-8: the logistic tail at 40
    # her own hormones at 30 are still half-way through the transition
    assert float(early.at_age([30.0]).estradiol[0]) < 0.7 * float(
        early.reference().estradiol[0])


def test_early_menopause_costs_bone_and_keeps_calcium_physiological():
    """After a menopause at 30 a woman of 62 has lower BMD than one at 51, and a measured
    estradiol of 35 pg/mL later does not drain plasma calcium on a very low calcium intake
    (the web fuzz found 1.72 mmol/L; the autouse fixture checks 2.0-2.75)."""
    common = dict(sex="female", age=62.0, body_mass_kg=25.0, calcium_mg_per_day=50.0,
                  protein_g_per_kg_per_day=0.2)
    early = simulate(Subject(menopause_age=30.0, **common), years=1.0)
    usual = simulate(Subject(menopause_age=51.0, **common), years=1.0)
    spine = {"early": early, "usual": usual}
    start = {k: float(v.bmd.isel(time=0).sel(site="lumbar_spine").values.ravel()[0])
             for k, v in spine.items()}
    assert start["early"] < 0.97 * start["usual"]
    simulate(Subject(menopause_age=30.0, labs={"estradiol_pg_ml": 35.0}, **common), years=10.0)
