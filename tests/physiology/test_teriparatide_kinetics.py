"""Teriparatide's first-year spine kinetics and its hip (issue 9, item 7): what the model
misses, as checks that give the published figures.

DATA (Tsai JN et al. Lancet 2013;382:50; Leder BZ et al., DATA extension, PMC4083737):
teriparatide 20 ug/day, spine +6.2 % (SD 4.6) at 12 and +9.5 % (SD 5.9) at 24 months, 65 % of
the two-year gain in the first year, while the total hip gains only +0.7 % (SD 2.7) at 12 and
+2.0 % at 24 months, less than the femoral neck (+2.8 % at 24 months). The model's mean woman
gains the spine late (its anabolic effect is mostly cavity overfill through slow coupling) and
the total hip more than the neck (the total hip's larger cancellous share). Two mechanisms
were tried and removed or kept out because both lose endpoints on the five teriparatide files
(README, "Teriparatide's first year"): an early excess of modeling-based formation (Yu EW et
al. Bone 2011;48:713) and a first-year intracortical remodeling-space dip (Tsai JN et al.
J Bone Miner Res 2015;30:39).
"""

from __future__ import annotations

import numpy as np
import pytest

from osteon import Protocol, Simulation, Subject, default_parameters
from osteon.physiology.pharmacology.bone_drugs import Teriparatide
from osteon.physiology.pharmacology.other import onoff_response

PS = default_parameters()
MONTH = 30.4375


def test_modeling_drive_is_the_plain_onset():
    """The modeling route follows the anabolic onset alone (no early excess)."""
    d = Teriparatide(dose="20 ug", start_day=0.0, stop_day=24 * MONTH)
    t = np.array([30.0, 90.0, 365.0, 700.0])
    a = onoff_response(t, 0.0, 24 * MONTH, PS["teriparatide_anabolic_halflife"])
    assert np.allclose(d.drives(t, PS)["modeling"],
                       PS["teriparatide_ob_recruitment_gain"] * a)
    assert "teriparatide_modeling_early_excess" not in PS


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
