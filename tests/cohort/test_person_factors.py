"""The zero-mean focal-balance offset, the linear drug response and the unsaturated
estrogen sensitivity (osteon.physiology.person; issue 10)."""

from __future__ import annotations

import numpy as np
import pytest

from osteon import Simulation, Subject
from osteon.cohort.variability import (
    FOCAL_BALANCE_OFFSET_SD_RECORD,
    between_person_variables,
    physiology_cv_override,
)
from osteon.errors import OsteonInputError
from osteon.physiology.person import person_drive, person_estrogen_signal
from osteon.trials.format import MeanSD, Population
from osteon.trials.population import spec_from_population

SITES4 = ("lumbar_spine", "femoral_neck", "total_hip", "total_body")


def _change(subjects, years=3.0):
    ds = Simulation(subjects, years=years).run()
    bmd = ds.bmd
    return ((bmd.isel(time=-1) / bmd.isel(time=0) - 1.0) * 100.0).values


def test_offset_is_validated_with_its_own_range():
    assert Subject(sex="female", age=60,
                   physiology={"focal_balance_offset": -0.03}).physiology == {
        "focal_balance_offset": -0.03}
    with pytest.raises(OsteonInputError, match="subject.physiology.focal_balance_offset"):
        Subject(sex="female", age=60, physiology={"focal_balance_offset": 0.9})


def test_offset_zero_is_the_old_model_exactly_and_the_sign_is_gain():
    base = Subject(sex="female", age=65)
    zero = Subject(sex="female", age=65, physiology={"focal_balance_offset": 0.0})
    plus = Subject(sex="female", age=65, physiology={"focal_balance_offset": 0.02})
    minus = Subject(sex="female", age=65, physiology={"focal_balance_offset": -0.02})
    ch = _change([base, zero, plus, minus], years=2.0)
    np.testing.assert_array_equal(ch[0], ch[1])
    assert np.all(ch[2] > ch[0]) and np.all(ch[3] < ch[0])
    # additive: +x and -x straddle the mean person nearly symmetrically (mean preserved
    # to within a fifth of the offset's effect)
    effect = (ch[2] - ch[3]) / 2.0
    assert np.all(np.abs((ch[2] + ch[3]) / 2.0 - ch[0]) < 0.2 * effect)


def test_offset_is_drawn_zero_mean_and_not_at_sd_zero():
    names = lambda: [v.name for v in between_person_variables("female")[0]]  # noqa: E731
    assert FOCAL_BALANCE_OFFSET_SD_RECORD.value > 0
    assert "focal_balance_offset" in names()
    with physiology_cv_override(focal_balance_offset=0.0):
        assert "focal_balance_offset" not in names()
    pop = Population(sex="female", age_years=MeanSD(60, 5), menopause="natural")
    with physiology_cv_override(focal_balance_offset=0.02):
        drawn = spec_from_population(pop).sample(400, 3)
    with physiology_cv_override(focal_balance_offset=0.0):
        without = spec_from_population(pop).sample(400, 3)
    off = np.array([s.physiology["focal_balance_offset"] for s in drawn.subjects])
    assert abs(off.mean()) < 3 * 0.02 / np.sqrt(400) and 0.017 < off.std() < 0.023
    # its own stream: every other draw is unchanged
    for a, b in zip(drawn.subjects, without.subjects, strict=True):
        assert a.age == b.age and a.peak_bmd_z == b.peak_bmd_z
        assert {k: v for k, v in a.physiology.items() if k != "focal_balance_offset"} == \
            b.physiology


def test_drug_response_is_linear_in_the_effect():
    r = np.array([0.5, 1.5])  # mean 1
    for v in (1.5, 3.0):  # stimulating drive: the mean person's drive on average
        assert np.isclose(person_drive(v, r).mean(), v)
    # inhibiting: the fold inhibition 1/v - 1 is linear in r
    assert np.isclose((1.0 / person_drive(0.05, r) - 1.0).mean(), 1.0 / 0.05 - 1.0)
    assert np.all(person_drive(0.05, np.array([0.1, 5.0, 20.0])) > 0)


def test_estrogen_sensitivity_does_not_saturate():
    lin, occ = person_estrogen_signal(0.2, 0.94, np.array([1.0, 1.5, 2.0]))
    # the fall of the linear signal is proportional to the sensitivity (no clip at 0)
    np.testing.assert_allclose(0.94 - lin, [0.74, 1.11, 1.48])
    assert occ.min() >= 0.0


def test_higher_estrogen_sensitivity_keeps_losing_more():
    # 8 years after menopause: a sensitivity of 2.0 loses more than 1.5 (clipped at 0 the
    # signal made both lose the same), and the losses grow about linearly
    subs = [Subject(sex="female", age=51, menopause_age=51,
                    physiology={"estrogen_sensitivity": s}) for s in (1.0, 1.5, 2.0)]
    ch = _change(subs, years=8.0)[:, 0]  # lumbar spine
    assert ch[2] < ch[1] < ch[0] < 0
    assert (ch[1] - ch[2]) > 0.5 * (ch[0] - ch[1])


@pytest.mark.slow
def test_drug_response_spread_keeps_the_denosumab_mean_within_a_tenth():
    # FREEDOM total hip at 36 months, the same 100 subjects with the drug-response CV at
    # 0.1 (about the mean person) and at the record's value; measured while building
    # this: 6.01 vs 5.10 % at CV 1.0 (the exponent form v**r gave 4.56)
    from pathlib import Path

    from osteon.cohort.variability import PHYSIOLOGY_CV_RECORDS
    from osteon.trials.format import load_trial
    from osteon.trials.validate import validate_trial

    path = Path("/work/shared/validation/trials/freedom-denosumab.yaml")
    if not path.exists():
        path = Path(__file__).resolve().parents[2] / ".." / "shared" / "validation" / \
            "trials" / "freedom-denosumab.yaml"
    if not path.exists():
        pytest.skip("shared trial files not found")
    trial = load_trial(path)
    cv = next(r.value for r in PHYSIOLOGY_CV_RECORDS if r.name == "cv_drug_response")
    out = {}
    for c in (0.1, cv):
        with physiology_cv_override(drug_response=c):
            rep = validate_trial(trial, 100, 11)
        out[c] = next(r.simulated for r in rep.results
                      if r.at == "36 months" and r.measure == "percent_change")
    assert abs(out[cv] - out[0.1]) < 0.1 * out[0.1]


@pytest.mark.slow
def test_untreated_three_year_sd_near_dawson_hughes():
    # Dawson-Hughes 1997 (age 71, 3 years, both arms): SD of change total body 1.83 /
    # 1.71 %, femoral neck 4.8 / 5.03 %, lumbar spine 4.06 / 4.25 %. With the total-body
    # precision the total body agrees (x1.5 rule); with the short-term precision femoral neck
    # (3.17 / 3.26) and spine (2.41 / 2.61) did not; the long-term precision
    # (forecast/dxa.py LONG_TERM_PRECISION) is what two scans 3 years apart carry.
    from pathlib import Path

    from osteon.trials.format import load_trial
    from osteon.trials.validate import validate_trial

    root = Path(__file__).resolve().parents[2]
    trial = load_trial(root / "validation" / "trials" /
                       "dawson-hughes-1997-calcium-vitamin-d-elderly.yaml")
    rep = validate_trial(trial, 30, 2026)
    sds = {(r.arm, r.site): r for r in rep.results if r.measure == "sd_percent_change"}
    assert len(sds) == 6
    for (arm, site), r in sds.items():
        if site == "total_body":
            assert r.agree, (arm, site, r.simulated, r.published)
        # the rest are narrower than published, but not by more than half
        assert 0.5 * r.published < r.simulated < r.published, (arm, site)
    rest = [r for (_, site), r in sds.items() if site != "total_body"]
    if not all(r.agree for r in rest):
        pytest.xfail("SD of untreated 3-year change, published femoral neck 4.8 / 5.03 %, "
                     "spine 4.06 / 4.25 %; simulated "
                     f"{', '.join(f'{r.site} {r.simulated:.2f}' for r in rest)} %: a "
                     "lifelong offset large enough would widen the T-score spread far "
                     "beyond the surveys'")
