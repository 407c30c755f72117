"""The second, slow stage of the estrogen adaptation (issue 9: older women's placebo arms).

Long after the menopause the erosion response returns toward its premenopausal level (erosion
depth not increased in older and osteoporotic women: Eriksen EF et al. Bone 1985;6:141; J Bone
Miner Res 1990;5:311), and bone loss slows: Pouilles JM et al. Calcif Tissue Int 1993;52:340
(spine loss falling exponentially after the third postmenopausal year toward the premenopausal
rate); Ensrud KE et al. J Bone Miner Res 1995;10:1778 (SOF: total hip loss 2.5 mg/cm2/year,
about 0.3 %/year, at 67-69); Moilanen A et al. J Bone Miner Res 2022;37:173 (OSTPRE: femoral
neck -10.1 % over 25 years in women 47-56 at baseline). The slow stage must leave the early
loss (SWAN, PEPI placebo) and a new deficiency on top (an aromatase inhibitor) alone.

The stage is off by default (``estrogen_adaptation_slow_fraction`` 0): switched on in full it
moves the older placebo arms (WHI, NHANES 60-69) but loses more endpoints than it gains, and
the mean woman's late femoral-neck loss falls to half of OSTPRE's figure, which the one-stage
model already meets (``test_one_stage_already_meets_ostpre_and_the_full_slow_stage_does_not``).
"""

from __future__ import annotations

import numpy as np
import pytest

from osteon import Simulation, Subject, default_parameters
from osteon.model import SITE_DRIVES, BoneModel, Cohort
from osteon.physiology.remodeling import estrogen_adaptation as ea
from osteon.units import DAYS_PER_YEAR

PS = default_parameters()
OFF = PS.replace(estrogen_adaptation_slow_fraction=0.0)
ON = PS.replace(estrogen_adaptation_slow_fraction=1.0)
FOCAL = SITE_DRIVES.index("focal_loss")


def test_slow_stage_takes_off_only_the_long_standing_residual():
    f, f2 = PS["estrogen_adaptation_fraction"], 0.6
    # a long-standing drop keeps (1 - f)(1 - f2) of itself
    assert float(ea.effective_drop(0.75, 0.75, f, 0.45, 0.75, f2)) == pytest.approx(
        0.75 * (1 - f) * (1 - f2))
    # nothing lasted on the slow time scale yet (the early postmenopause): the first stage alone
    assert float(ea.effective_drop(0.75, 0.75, f, 0.45, 0.0, f2)) == pytest.approx(
        float(ea.effective_drop(0.75, 0.75, f, 0.45)))
    # an inhibitor on a long-adapted skeleton: its extra drop acts at (1 - f), undamped by it
    extra = float(ea.effective_drop(1.0, 0.75, f, 0.45, 0.75, f2)) - float(
        ea.effective_drop(0.75, 0.75, f, 0.45, 0.75, f2))
    assert extra == pytest.approx(0.25 * (1 - f))
    # estrogen therapy (drop at or below 0): untouched
    assert float(ea.effective_drop(-0.05, 0.75, f, 0.45, 0.75, f2)) == pytest.approx(
        float(ea.effective_drop(-0.05, 0.75, f, 0.45)))


def test_slow_stage_records():
    for name in ("estrogen_adaptation_slow_fraction", "estrogen_adaptation_slow_time"):
        rec = PS.record(name)
        lo, hi = rec.plausible_range
        assert lo <= rec.value <= hi and rec.units
        assert "refit_estrogen_slow_adaptation" in rec.source
    assert PS["estrogen_adaptation_slow_fraction"] == 0.0  # off by default (see the module)
    lo, hi = PS.record("estrogen_adaptation_slow_time").plausible_range
    assert lo < PS["estrogen_adaptation_slow_time"] < hi  # fitted inside its range
    # slower than the first stage
    assert PS["estrogen_adaptation_slow_time"] > PS["estrogen_adaptation_time"]


def test_off_by_default_reads_no_slow_table():
    m = BoneModel(PS, Cohort.from_subjects([Subject(sex="female", age=60, menopause_age=50)]))
    m.site_drives(0.0)
    assert ea.adapted_drop(m)._store.slow_tau == 0.0


def _focal(params, age, menopause=50):
    m = BoneModel(params, Cohort.from_subjects([Subject(sex="female", age=46,
                                                        menopause_age=menopause)]))
    return float(m.site_drives(float((age - 46) * DAYS_PER_YEAR))[FOCAL, 0, 0])


def test_slow_stage_lowers_the_late_deficit_not_the_early_one():
    """A year after the menopause the deficit is within 10 % of the one-stage model's
    (SWAN's transmenopausal loss stays); 20 years after it the estrogen part of the deficit is
    gone (Eriksen 1985: erosion depth back near premenopausal values in older women), so the
    deficit is at least 0.005 (half a percent of each cavity) below the one-stage model's."""
    early_on, early_off = _focal(ON, 51), _focal(OFF, 51)
    late_on, late_off = _focal(ON, 70), _focal(OFF, 70)
    assert early_on == pytest.approx(early_off, rel=0.1)
    assert late_on < late_off - 0.005
    assert _focal(OFF, 52) > late_off  # the one-stage model already slows


def test_table_carries_the_slow_stage_and_is_order_independent():
    day_on = np.array([-4000.0, 100.0])

    def drop_at(times):
        return (np.asarray(times)[:, None] >= day_on[None, :]).astype(float) * 0.7

    one = ea.AdaptedDrop(drop_at, 2, -5000.0, 2.5 * DAYS_PER_YEAR, slow_tau_days=8 * DAYS_PER_YEAR)
    two = ea.AdaptedDrop(drop_at, 2, -5000.0, 2.5 * DAYS_PER_YEAR, slow_tau_days=8 * DAYS_PER_YEAR)
    times = np.array([-3000.0, 0.0, 5000.0, 9000.0])
    a = np.array([one.slow(t) for t in times])
    for t in times[::-1]:
        two.slow(t)
    np.testing.assert_allclose(a, np.array([two.slow(t) for t in times]), atol=1e-14)
    t = 9000.0
    want = 0.7 * (1.0 - np.exp(-(t - day_on) / (8 * DAYS_PER_YEAR)))
    np.testing.assert_allclose(one.slow(t), want, atol=0.01)
    assert np.all(one.slow(t) < one(t))  # slower than the first stage
    # no slow time constant: the slow stage reads 0
    none = ea.AdaptedDrop(drop_at, 2, -5000.0, 2.5 * DAYS_PER_YEAR)
    np.testing.assert_array_equal(none.slow(t), 0.0)


def _series(params, site, years=38.0):
    res = Simulation(Subject(sex="female", age=46, menopause_age=50), None, params,
                     years=years, output_every_days=DAYS_PER_YEAR).run()
    return res.bmd.isel(subject=0).sel(site=site).values


@pytest.mark.slow
def test_one_stage_already_meets_ostpre_and_the_full_slow_stage_does_not():
    """Moilanen A et al. J Bone Miner Res 2022;37:173 (OSTPRE): femoral neck -10.1 % in 25
    years from about 53. The one-stage model's mean woman (menopause at 50) loses about 11 %
    from 53 to 78; with the slow stage on in full, about 5 %: why it is off by default. SOF
    (Ensrud 1995) total hip at 67-69, about -0.3 %/year, lies between the two (-0.46 / -0.22),
    and the transmenopausal spine loss (SWAN, about 2.5 %/year) stays either way."""
    neck_on, neck_off = _series(ON, "femoral_neck"), _series(OFF, "femoral_neck")
    hip_on, hip_off = _series(ON, "total_hip"), _series(OFF, "total_hip")
    spine_on = _series(ON, "lumbar_spine")

    def rate(b, a0, a1):
        return 100.0 * (b[a1 - 46] / b[a0 - 46] - 1.0) / (a1 - a0)

    def neck25(b):
        return 100.0 * (b[78 - 46] / b[53 - 46] - 1.0)

    assert abs(neck25(neck_off) + 10.1) < 2.0
    assert neck25(neck_on) > -8.0  # the full slow stage loses too little
    assert rate(hip_off, 67, 70) < -0.3 < rate(hip_on, 67, 70) < 0.0
    assert -3.3 < rate(spine_on, 50, 53) < -1.8
