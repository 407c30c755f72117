"""Adaptation of the BMU balance to sustained estrogen deficiency (issue 9, item 8).

Loss is fast in the years around the menopause and slows later while estrogen stays low; a new
deficiency (an aromatase inhibitor) acts in full on an unadapted skeleton, damped on an adapted
one (the adaptation desensitizes the erosion response), and adapts in turn; stopping estrogen therapy
after years on it brings the early-postmenopausal loss back. Checked in direction and size
against cited figures; where the model cannot reproduce a figure the test is an xfail that
gives it.
"""

from __future__ import annotations

import numpy as np
import pytest

from osteon import Simulation, Subject, default_parameters
from osteon.model import SITE_DRIVES, BoneModel, Cohort
from osteon.physiology.remodeling import estrogen_adaptation as ea
from osteon.trials.interventions import protocol_from_specs
from osteon.units import DAYS_PER_YEAR

PS = default_parameters()
FOCAL = SITE_DRIVES.index("focal_loss")


# ------------------------------------------------------------------ the filter itself
def test_ema_step_follows_the_exponential_past_of_a_step():
    """A drop switched on at time 0 and held: its weighted past is 1 - exp(-t / tau)."""
    tau, step = 3.0, 0.1
    a, out = 0.0, []
    for _ in range(50):
        a = ea.ema_step(a, 1.0, 1.0, step, tau)
        out.append(a)
    t = step * np.arange(1, 51)
    np.testing.assert_allclose(out, 1.0 - np.exp(-t / tau), rtol=1e-12)
    # a ramp is integrated exactly too: the weighted past of d = t is t - tau (1 - exp(-t/tau))
    a = 0.0
    for k in range(40):
        a = ea.ema_step(a, k * step, (k + 1) * step, step, tau)
    t_end = 40 * step
    assert a == pytest.approx(t_end - tau * (1.0 - np.exp(-t_end / tau)), rel=1e-10)


def test_effective_drop_adapts_only_what_lasted_and_never_passes_balance():
    f = 0.8
    assert float(ea.effective_drop(0.7, 0.7, f)) == pytest.approx(0.14)  # long-standing
    assert float(ea.effective_drop(0.7, 0.0, f)) == pytest.approx(0.7)  # new
    # a deeper deficiency on top of an adapted one acts with its new part in full
    assert float(ea.effective_drop(0.95, 0.7, f)) == pytest.approx(0.95 - 0.56)
    # therapy: the adapted part never exceeds the current drop
    assert float(ea.effective_drop(0.1, 0.7, f)) == pytest.approx(0.02)
    assert float(ea.effective_drop(-0.05, 0.7, f)) == pytest.approx(-0.05)


def test_table_is_the_same_whatever_the_order_of_calls_and_for_subsets():
    """The adapted drop is a function of time only: growing the table in other steps, or taking
    a subset's rows, gives the same values (the batch engine takes subsets of a cohort)."""
    day_on = np.array([-2000.0, 100.0, 3000.0])

    def drop_at(times):
        return (np.asarray(times)[:, None] >= day_on[None, :]).astype(float) * 0.7

    tau = 4.0 * DAYS_PER_YEAR
    one = ea.AdaptedDrop(drop_at, 3, -5000.0, tau)
    two = ea.AdaptedDrop(drop_at, 3, -5000.0, tau)
    times = np.array([-3000.0, 0.0, 400.0, 5000.0, 12000.0])
    a = np.array([one(t) for t in times])
    for t in times[::-1]:
        two(t)
    b = np.array([two(t) for t in times])
    np.testing.assert_allclose(a, b, rtol=0, atol=1e-14)
    sub = one.take(np.array([2, 0]), drop_at)
    np.testing.assert_allclose(sub(np.array([5000.0, 5000.0])), one(5000.0)[[2, 0]], atol=1e-14)
    # a time exactly on the last grid point of a shorter table reads that point
    short = ea.AdaptedDrop(drop_at, 3, -5000.0, tau)
    short(0.0)
    end = short.last_day
    np.testing.assert_allclose(short(end), one(end), atol=1e-14)
    # exponential approach after the switch (within the grid's linear interpolation)
    t = 12000.0
    want = 0.7 * (1.0 - np.exp(-(t - day_on) / tau))
    np.testing.assert_allclose(one(t), want, atol=0.01)


def test_records_are_listed_with_ranges_and_sources():
    for name in ("estrogen_adaptation_fraction", "estrogen_adaptation_time"):
        rec = PS.record(name)
        lo, hi = rec.plausible_range
        assert lo <= rec.value <= hi
        assert "Pouilles" in rec.source and rec.units
    # the early erosion gain may now approach Eriksen 1999 (+11 %), the late one stays small
    late = PS["erosion_depth_estrogen"] * (1.0 - PS["estrogen_adaptation_fraction"])
    assert late < PS["erosion_depth_estrogen"] <= 0.22
    assert late < 0.03


# ------------------------------------------------------------------ in the model
def _focal(model, t_days):
    return float(model.site_drives(float(t_days))[FOCAL, 0, 0])


def test_focal_deficit_is_largest_after_the_menopause_and_wanes_with_time():
    """Pouilles 1993: loss fastest in the first 3 postmenopausal years, then falling."""
    m = BoneModel(PS, Cohort.from_subjects([Subject(sex="female", age=46, menopause_age=51)]))
    year = DAYS_PER_YEAR
    early = _focal(m, 7 * year)  # 53, two years after the menopause
    later = _focal(m, 19 * year)  # 65
    premenopausal = _focal(m, 0.0)
    assert early > 2.0 * later
    assert later > premenopausal


def test_stopping_estrogen_after_years_on_it_brings_back_the_early_deficit():
    """Greenspan 2002: loss in the year after stopping 2 years of estrogen at 65 (15 years after
    menopause) is -4.5 % at the spine, more than the untreated loss of women that age."""
    prot = protocol_from_specs([{"intervention": "estrogen", "agent": "conjugated_estrogens",
                                 "route": "oral", "dose": "0.625 mg", "every": "1 day",
                                 "start": "0 months", "stop": "24 months"}])
    subject = Subject(sex="female", age=65, menopause_age=50)
    treated = BoneModel(PS, Cohort.from_subjects([subject]), prot)
    untreated = BoneModel(PS, Cohort.from_subjects([subject]))
    after = 2.2 * DAYS_PER_YEAR
    assert _focal(treated, DAYS_PER_YEAR) <= 0.0 + 1e-12 or _focal(treated, DAYS_PER_YEAR) < (
        _focal(untreated, DAYS_PER_YEAR))
    assert _focal(treated, after) > 1.5 * _focal(untreated, after)


def test_freeze_age_holds_the_drives_constant():
    m = BoneModel(PS, Cohort.from_subjects([Subject(sex="female", age=60)]), freeze_age=True)
    np.testing.assert_allclose(m.site_drives(0.0), m.site_drives(3000.0), rtol=1e-12)


# ------------------------------------------------------------------ whole-course figures
def _spine_series(subject, protocol=None, years=34.0):
    res = Simulation(subject, protocol, PS, years=years, output_every_days=DAYS_PER_YEAR).run()
    return res.bmd.isel(subject=0).sel(site="lumbar_spine").values


@pytest.mark.slow
def test_transmenopausal_peak_then_slower_postmenopausal_loss():
    """Greendale GA et al. J Bone Miner Res 2012;27:111 (SWAN): 7.38 % of spine BMD lost from one
    year before to two years after the final menstrual period (about 2.5 %/year); Sowers MR et
    al. J Clin Endocrinol Metab 2010;95:2155: 1.1 %/year 2-7 years after it; Pouilles 1993:
    falling exponentially after the third year. Later (60-70) loss below 1 %/year and under half
    of the transmenopausal rate."""
    b = _spine_series(Subject(sex="female", age=46, menopause_age=51))

    def rate(a0, a1):
        return 100.0 * (b[a1 - 46] / b[a0 - 46] - 1.0) / (a1 - a0)

    trans = rate(50, 53)
    post = rate(53, 58)
    late = rate(60, 70)
    assert -3.3 < trans < -1.8
    assert trans < post < -0.5
    assert -1.0 < late < 0.0
    assert abs(late) < 0.5 * abs(trans)


def _ai_spine_five_years():
    prot = protocol_from_specs([{"intervention": "aromatase_inhibitor", "agent": "anastrozole",
                                 "dose": "1 mg", "every": "1 day"}])
    b = _spine_series(Subject(sex="female", age=64, menopause_age=50), prot, years=5.0)
    return 100.0 * (b[2] / b[0] - 1.0), 100.0 * (b[5] / b[0] - 1.0)


@pytest.mark.slow
def test_aromatase_inhibitor_loss_slows_after_two_years():
    """Eastell R et al. J Clin Oncol 2008;26:1051 (ATAC, 5 years): spine -4.1 % at 2 years and
    -6.1 % at 5 years on anastrozole in women about 64: loss slows in years 3-5 (0.7 against
    2 %/year)."""
    two, five = _ai_spine_five_years()
    assert -6.0 < two < -2.5
    assert five < two
    assert (two - five) / 3.0 < 0.75 * abs(two) / 2.0  # the later rate under 3/4 of the early


@pytest.mark.slow
@pytest.mark.xfail(strict=False, reason=(
    "Eastell 2008 (ATAC): spine -6.1 % after 5 years of anastrozole; the model loses about 8.5 % "
    "(9.8 % with the subtractive adaptation, 10.3 % before any): the focal balance adapts, but the low sex-steroid signal "
    "keeps the mechanostat set point and turnover high (mechanostat structure, issue 9 item 4)"))
def test_aromatase_inhibitor_five_year_loss_matches_atac():
    _, five = _ai_spine_five_years()
    assert -7.6 < five < -4.6


@pytest.mark.slow
def test_estrogen_dose_ordering():
    """Lindsay R et al. JAMA 2002;287:2668 (HOPE) and Ettinger B et al. Obstet Gynecol
    2004;104:443 (ULTRA): lower doses gain less spine BMD than the standard dose, more than
    placebo."""
    gains = []
    for ug in (0.0, 14.0, 25.0, 50.0):
        prot = None if ug == 0 else protocol_from_specs([{
            "intervention": "estrogen", "agent": "estradiol", "route": "transdermal",
            "dose": f"{ug:g} ug", "every": "1 day"}])
        b = _spine_series(Subject(sex="female", age=60, menopause_age=50), prot, years=2.0)
        gains.append(100.0 * (b[2] / b[0] - 1.0))
    assert gains == sorted(gains)
    assert gains[1] - gains[0] < gains[3] - gains[0]


@pytest.mark.slow
@pytest.mark.xfail(strict=False, reason=(
    "Ettinger 2004 (ULTRA): 14 ug/day transdermal estradiol gives +2.0 % spine over placebo at "
    "2 years in women of 67 (interval 1.0-3.0); the model gives about 4.5: its serum estradiol "
    "on that patch is about 18 pg/mL where the trial measured 8.6 (transdermal PK, the pk "
    "task), and the calibrated receptor curve is steep there"))
def test_ultra_low_dose_gain_over_placebo_matches_ultra():
    gains = []
    for ug in (0.0, 14.0):
        prot = None if ug == 0 else protocol_from_specs([{
            "intervention": "estrogen", "agent": "estradiol", "route": "transdermal",
            "dose": f"{ug:g} ug", "every": "1 day"}])
        b = _spine_series(Subject(sex="female", age=67, menopause_age=50), prot, years=2.0)
        gains.append(100.0 * (b[2] / b[0] - 1.0))
    assert 1.0 < gains[1] - gains[0] < 3.0


def test_blocked_table_matches_one_point_per_call_and_repeated_persons(monkeypatch):
    """The table is computed in blocks of grid points and once per distinct person (for speed,
    issue 14); that must give the values of one call per grid point and per model row."""
    people = [Subject(sex="female", age=48, menopause_age=51), Subject(sex="male", age=60)]
    protocol = protocol_from_specs([{"intervention": "aromatase_inhibitor",
                                     "agent": "anastrozole", "dose": "1 mg", "every": "1 day"}])
    times = np.linspace(-2000.0, 9000.0, 41)

    def table(cohort, rows):
        monkeypatch.setattr(ea, "BLOCK_ROWS", rows)
        m = BoneModel(PS, cohort, protocol)
        return np.array([ea.adapted_drop(m)(t) for t in times]), m

    blocked, _ = table(Cohort.from_subjects(people), ea.BLOCK_ROWS)
    single, _ = table(Cohort.from_subjects(people), 1)
    np.testing.assert_array_equal(blocked, single)
    repeated, m = table(Cohort.from_subjects(people * 3), ea.BLOCK_ROWS)
    np.testing.assert_array_equal(repeated, np.tile(single, (1, 3)))
    assert ea._distinct_subjects(m)[0].n == 2
    assert np.ptp(single[:, 0]) > 0.1  # the woman's drop moves (menopause, inhibitor)


# ------------------------------------------------------------------ desensitization (issue 9, items 3 and 8)
def test_desensitized_drop_damps_a_new_deeper_deficiency_on_an_adapted_skeleton():
    """The adapted share scales the response to any drop: an inhibitor years after the
    menopause (drop 0.75 -> 1, adapted 0.75) deepens cavities by (1 - f) of the drop, where
    the subtractive form let its new part act in full."""
    f, full = 0.85, 0.45
    new = float(ea.effective_drop(1.0, 0.75, f, full))
    old = float(ea.effective_drop(1.0, 0.75, f))
    assert new == pytest.approx(0.15)
    assert old == pytest.approx(1.0 - f * 0.75)
    assert new < 0.5 * old
    # a long-standing drop at or above a_full keeps (1 - f) of itself, as before
    assert float(ea.effective_drop(0.75, 0.75, f, full)) == pytest.approx(
        float(ea.effective_drop(0.75, 0.75, f)))
    # a new deficiency (nothing lasted yet) acts in full; a partly lasted one in between
    assert float(ea.effective_drop(0.75, 0.0, f, full)) == pytest.approx(0.75)
    mid = float(ea.effective_drop(0.75, 0.2, f, full))
    assert 0.75 * (1.0 - f) < mid < 0.75


def test_desensitization_record():
    rec = PS.record("estrogen_adaptation_full_drop")
    lo, hi = rec.plausible_range
    assert lo < rec.value < hi  # fitted, not at a bound
    assert "refit_estrogen_desensitization" in rec.source


def _ai_two_years(params):
    prot = protocol_from_specs([{"intervention": "aromatase_inhibitor", "agent": "anastrozole",
                                 "dose": "1 mg", "every": "1 day"}])
    out = {}
    for name, p in (("placebo", None), ("anastrozole", prot)):
        res = Simulation(Subject(sex="female", age=64, menopause_age=50), p, params, years=2.0,
                         output_every_days=DAYS_PER_YEAR).run()
        b = res.bmd.isel(subject=0)
        out[name] = {s: 100.0 * (float(b.sel(site=s).values[2]) / float(b.sel(site=s).values[0])
                                 - 1.0) for s in ("lumbar_spine", "total_hip")}
    return out


@pytest.mark.slow
def test_anastrozole_two_year_loss_matches_atac_and_is_less_than_in_full():
    """Eastell R et al. J Clin Oncol 2008;26:1051 (ATAC bone substudy, women about 64, 14 years
    past the menopause): spine -4.1 %, total hip -3.9 % after 2 years of anastrozole (the trial
    file's agreement intervals -5.1 to -3.1 and -4.9 to -2.9). The subtractive form gave the
    mean person -5.7 / -5.2; desensitized, -4.6 / -4.2, while an untreated woman loses about
    1 % in the same 2 years (so the inhibitor still adds loss)."""
    new = _ai_two_years(PS)
    old = _ai_two_years(PS.replace(estrogen_adaptation_full_drop=0.0))
    assert new["anastrozole"]["lumbar_spine"] < -3.1  # the lower edge: the next test
    assert -4.9 < new["anastrozole"]["total_hip"] < -2.9
    for site in ("lumbar_spine", "total_hip"):
        assert new["anastrozole"][site] > old["anastrozole"][site] + 0.5  # less loss
        assert new["anastrozole"][site] < new["placebo"][site] - 2.0  # but still a loss


@pytest.mark.slow
def test_anastrozole_two_year_spine_loss_within_the_atac_interval():
    """A strict xfail at stop 25 (-5.2 against the interval's -5.1, after the faster vertebral
    turnover); passes since estrogen's osteoclast action is weighted by envelope (stop 26)."""
    assert -5.1 < _ai_two_years(PS)["anastrozole"]["lumbar_spine"] < -3.1
