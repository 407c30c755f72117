"""Teriparatide's first-year spine kinetics and its hip (issue 9, item 7): what the model
misses, as checks that give the published figures.

DATA (Tsai JN et al. Lancet 2013;382:50; Leder BZ et al., DATA extension, PMC4083737):
teriparatide 20 ug/day, spine +6.2 % (SD 4.6) at 12 and +9.5 % (SD 5.9) at 24 months, 65 % of
the two-year gain in the first year, while the total hip gains only +0.7 % (SD 2.7) at 12 and
+2.0 % at 24 months, less than the femoral neck (+2.8 % at 24 months). The model's mean woman
gains the spine late (its anabolic effect is mostly cavity overfill through slow coupling) and
the total hip more than the neck (the total hip's larger cancellous share). Two mechanisms
were tried and kept off because they lose endpoints on the teriparatide files (README,
"Teriparatide's first year"): an early excess of modeling-based formation (Yu EW et al. Bone
2011;48:713; a switch, ``teriparatide_modeling_early_excess``, 0 by default, measured with
``drug_modeling_femur_factor``) and a first-year intracortical remodeling-space dip (Tsai JN et
al. J Bone Miner Res 2015;30:39).
"""

from __future__ import annotations

import numpy as np
import pytest

from osteon import Protocol, Simulation, Subject, default_parameters
from osteon.cohort_arrays import Cohort
from osteon.model import BoneModel, SiteDrive
from osteon.outputs.reference import SITES
from osteon.physiology.pharmacology.bone_drugs import Teriparatide
from osteon.physiology.pharmacology.other import onoff_response
from osteon.physiology.remodeling.envelopes import FEMUR_SITES
from osteon.trials.interventions import protocol_from_specs

PS = default_parameters()
MONTH = 30.4375
TERIPARATIDE = [{"intervention": "teriparatide", "dose": "20 ug", "every": "1 day"}]


def test_modeling_drive_is_the_plain_onset_by_default():
    """At the default (no early excess) the modeling route follows the anabolic onset alone,
    bit for bit."""
    d = Teriparatide(dose="20 ug", start_day=0.0, stop_day=24 * MONTH)
    t = np.array([30.0, 90.0, 365.0, 700.0, 800.0])
    a = onoff_response(t, 0.0, 24 * MONTH, PS["teriparatide_anabolic_halflife"])
    assert PS["teriparatide_modeling_early_excess"] == 0.0
    assert np.array_equal(d.drives(t, PS)["modeling"],
                          PS["teriparatide_ob_recruitment_gain"] * a)


def test_early_excess_peaks_early_and_relaxes_to_the_sustained_level():
    """Modeling-based formation largest in the first months (Dempster 2018), falling on
    continued injections (Yu 2011), back to the calibrated sustained drive; the withdrawal
    signal (memory less onset) is untouched."""
    d = Teriparatide(dose="20 ug", start_day=0.0, stop_day=24 * MONTH)
    t = np.array([90.0, 365.0, 700.0])
    on = PS.replace(teriparatide_modeling_early_excess=1.5)
    onset = d.modeling_onset(t, on)
    assert onset[0] > onset[1] > onset[2] > 1.0
    assert onset[0] > 1.0 + 0.5 * 1.5 and onset[2] < 1.0 + 0.2 * 1.5
    assert float(d.withdrawal(24 * MONTH + 90.0, PS)) == float(
        d.withdrawal(24 * MONTH + 90.0, on))


def _modeling(params, day):
    """Per-site modeling drive of a woman of 66 on teriparatide, at ``day``."""
    model = BoneModel(params, Cohort.from_subjects([Subject(sex="female", age=66.0)]),
                      protocol_from_specs(TERIPARATIDE))
    return model.site_drives(np.array([day]))[int(SiteDrive.modeling), 0, :len(SITES)]


def test_excess_is_pth_modeling_so_the_femur_factor_scales_it():
    """The excess rides on the PTH-receptor share (``pth_modeling``), so
    ``drug_modeling_femur_factor`` takes the same share of it at the neck and total hip."""
    spine, femur = SITES.index("lumbar_spine"), [SITES.index(s) for s in FEMUR_SITES]
    both = PS.replace(teriparatide_modeling_early_excess=1.5, drug_modeling_femur_factor=0.5)
    plain = _modeling(PS.replace(drug_modeling_femur_factor=0.5), 90.0)
    early = _modeling(both, 90.0)
    assert early[spine] > 1.5 * plain[spine] > 0.0
    assert np.allclose(early[femur], 0.5 * early[spine])


_COURSE: dict[str, np.ndarray] = {}


def _course() -> dict[str, np.ndarray]:
    """Percent change at 0, 3, 6, 12 and 24 months, mean woman of 66 (cached)."""
    if not _COURSE:
        drug = Teriparatide(dose="20 ug", start_day=0.0, stop_day=24 * MONTH)
        res = Simulation(Subject(sex="female", age=66.0), protocol=Protocol((drug,)),
                         parameters=PS, years=2).run()
        t = res.time.values * 12.0
        idx = [int(np.argmin(abs(t - m))) for m in (0, 3, 6, 12, 24)]
        for site in ("lumbar_spine", "total_hip", "femoral_neck"):
            b = res.bmd.sel(site=site).values[0]
            _COURSE[site] = 100.0 * (b[idx] / b[idx[0]] - 1.0)
    return _COURSE


@pytest.mark.slow
def test_spine_lags_in_the_first_year():
    s = _course()["lumbar_spine"]
    # under 45 % of the two-year gain in the first year (DATA: 65 %) and almost nothing in the
    # first 3 months: the overfill route grows with turnover
    assert s[3] / s[4] < 0.45 and s[1] < 0.6


@pytest.mark.slow
@pytest.mark.xfail(strict=True, reason="DATA (Tsai 2013) at 12 months: spine +6.2 % with 65 % "
                   "of the two-year gain, total hip +0.7 %; the model's mean woman: spine "
                   "3.8 % (38 %), hip 2.5 % (README, Teriparatide's first year)")
def test_first_year_matches_data_spine_and_hip():
    c = _course()
    spine, hip = c["lumbar_spine"], c["total_hip"]
    assert spine[3] / spine[4] > 0.55 and 4.65 < spine[3] < 7.75
    assert hip[3] < 0.3 * spine[3]


@pytest.mark.slow
@pytest.mark.xfail(strict=True, reason="DATA at 24 months: total hip +2.0 % below the femoral "
                   "neck's +2.8 % (Neer 2001 alike); the model's total hip gains more than its "
                   "neck because its cancellous share (0.4 against 0.25) takes the drug's "
                   "modeling; drug_modeling_femur_factor lowers the neck with the total hip "
                   "(mean woman at 0.3: 3.2 against 2.1 %), so it does not earn this (README, "
                   "Teriparatide's first year)")
def test_total_hip_gains_no_more_than_the_neck():
    c = _course()
    assert c["total_hip"][4] <= c["femoral_neck"][4]


# The early excess with the femur's lesser answer (teriparatide_modeling_early_excess,
# drug_modeling_femur_factor), the best point of the grid on the six anabolic files; both off.
COMBO = {"teriparatide_modeling_early_excess": 1.5, "drug_modeling_femur_factor": 0.5}
_DIAG: dict = {}


def _combo(over: dict) -> dict[str, dict[int, tuple[float, float]]]:
    """``{site: {months: (aBMD %, trabecular envelope %)}}`` at 12, 18 and 24 months."""
    key = tuple(sorted(over.items()))
    if key not in _DIAG:
        import importlib.util
        from pathlib import Path
        path = Path(__file__).resolve().parents[2] / "scripts" / "diag_femur_anabolic.py"
        spec = importlib.util.spec_from_file_location("diag_femur_anabolic", path)
        mod = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(mod)
        r = mod.run(over.get("drug_modeling_femur_factor", 1.0),
                    over.get("teriparatide_modeling_early_excess", 0.0))
        _DIAG[key] = {s: {m: v[:2] for m, v in by.items()} for s, by in r.items()}
    return _DIAG[key]


@pytest.mark.slow
def test_excess_with_lesser_femur_lifts_the_first_year_spine_not_the_hip():
    """DATA (Tsai 2013): spine +6.2 % at 12 months (interval 4.65-7.75); McClung MR et al. Arch
    Intern Med 2005;165:1762: QCT spine trabecular vBMD +19.0 % at 18 months. Without the
    excess the mean woman gains 3.7 % and 13.6 %; with it (and the femur at half) the spine
    comes into both, while the total hip's first year stays at or below the default's."""
    off, on = _combo({}), _combo(COMBO)
    assert off["lumbar_spine"][12][0] < 4.65 < on["lumbar_spine"][12][0] < 7.75
    assert off["lumbar_spine"][18][1] < 0.75 * 19.0 < on["lumbar_spine"][18][1] < 1.25 * 19.0
    assert on["total_hip"][12][0] <= off["total_hip"][12][0]
    assert on["femoral_neck"][12][0] <= off["femoral_neck"][12][0]


@pytest.mark.slow
@pytest.mark.xfail(strict=True, reason="DATA (Tsai 2013) at 24 months: spine +9.5 % (interval "
                   "7.1-11.9) with 65 % of it in the first year; with the excess at 1.5 the mean "
                   "woman gains 13.3 % with 45 % in the first year: the excess fades with the "
                   "240-day memory and adds to the sustained gain instead of reshaping it "
                   "(Neer 2001 20 ug spine 10.2 against 9.0 in the cohort)")
def test_excess_reshapes_the_two_year_spine():
    s = _combo(COMBO)["lumbar_spine"]
    assert 7.1 < s[24][0] < 11.9 and s[12][0] / s[24][0] > 0.55


# The early excess with its own fade (teriparatide_modeling_excess_halflife) and the sustained
# gains lowered so that the two-year spine is kept (issue 9 item 7, tptkin): the anabolic window.
# Screened on the six anabolic files (30 per arm): 39 of 47 against 37 at the defaults; all
# files 175 of 228 against 173. Off: at these values the mean woman of Neer 2001 gains 12.5
# points over placebo at the spine (test_envelopes.py's interval 6.75-11.25, the cohort 10.15)
# and the DATA-Switch woman 1.93 % in the year on denosumab (test_teriparatide_withdrawal.py,
# over 2.0).
WINDOW = {"teriparatide_modeling_early_excess": 12.0, "teriparatide_modeling_excess_halflife": 75.0,
          "teriparatide_sustained_share": 0.7, "drug_modeling_femur_factor": 0.5}
_SHARE: dict = {}


def _spine(over: dict) -> tuple[float, float]:
    """Spine percent change at 12 and 24 months of 20 ug/day, mean woman of 65 (cached)."""
    key = tuple(sorted(over.items()))
    if key not in _SHARE:
        drug = Teriparatide(dose="20 ug", start_day=0.0, stop_day=24 * MONTH)
        res = Simulation(Subject(sex="female", age=65.0, menopause_age=50),
                         protocol=Protocol((drug,)), parameters=PS.replace(**over),
                         years=2).run()
        b = res.bmd.sel(site="lumbar_spine").isel(subject=0)
        _SHARE[key] = tuple(100.0 * (float(b.interp(time=y)) / float(b.isel(time=0)) - 1.0)
                            for y in (1.0, 2.0))
    return _SHARE[key]


def test_excess_fade_defaults_to_the_withdrawal_memory():
    """``teriparatide_modeling_excess_halflife`` 0 (the default) is the structure before, bit
    for bit; a value of its own fades the excess faster than the 240-day memory."""
    d = Teriparatide(start_day=0.0, stop_day=24 * MONTH)
    t = np.array([30.0, 120.0, 400.0])
    q = PS.replace(teriparatide_modeling_early_excess=2.0)
    tied = q.replace(teriparatide_modeling_excess_halflife=PS["teriparatide_withdrawal_halflife"])
    assert PS["teriparatide_modeling_excess_halflife"] == 0.0
    assert PS["teriparatide_sustained_share"] == 1.0
    assert np.array_equal(d.modeling_onset(t, q), d.modeling_onset(t, tied))
    fast = q.replace(teriparatide_modeling_excess_halflife=75.0)
    assert np.all(d.modeling_onset(t[1:], fast) < d.modeling_onset(t[1:], q))


@pytest.mark.slow
@pytest.mark.xfail(strict=True, reason="DATA (Tsai JN et al. Lancet 2013;382:50): 6.2 of the 9.5 % "
                   "two-year spine gain (0.65) comes in the first year, McClung 2014 +7.1 % at 12 "
                   "months; the model's mean woman of 65 gains 3.7 of 9.6 % (0.38): formation "
                   "rises at a constant rate after ~4 months and new bone mineralizes over ~2 "
                   "years (scripts/diag_teriparatide_course.py), so the course is convex")
def test_first_year_share_of_the_two_year_spine_gain():
    s12, s24 = _spine({})
    assert s24 > 7.1 and s12 / s24 > 0.55


@pytest.mark.slow
def test_anabolic_window_front_loads_the_spine_and_keeps_two_years():
    """With the window (WINDOW) the same woman reaches DATA's shape: over 0.55 of the two-year
    gain in the first year (published 0.65), where the defaults give under 0.45, and at least
    DATA's lower bounds at 12 and 24 months (4.65 and 7.1 %). Her levels are not DATA's
    cohort's (she gains 7.9 and 12.6 %, the DATA arm at 30 per arm 6.2 and 9.8, published 6.2
    and 9.5): the levels are judged on the trial files, the shape here."""
    s12, s24 = _spine(WINDOW)
    d12, d24 = _spine({})
    assert d12 / d24 < 0.45
    assert s12 / s24 > 0.55 and s12 > 4.65 and s24 > 7.1
