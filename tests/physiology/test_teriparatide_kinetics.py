"""Teriparatide's first-year spine kinetics (issue 9, item 7): an early excess of
modeling-based formation, and why it stays off.

Modeling-based formation starts within weeks of the first injection (Lindsay R et al. J Bone
Miner Res 2007;22:495; Dempster DW et al. J Bone Miner Res 2018;33:298, AVA: cancellous and
endocortical modeling-based formation up several-fold by 3 months); formation markers peak
after 6-12 months and fall on continued daily injections (Yu EW et al. Bone 2011;48:713). So the spine rises fastest in the first year:
DATA (Tsai JN et al. Lancet 2013;382:50; Leder BZ et al., DATA extension, PMC4083737):
teriparatide 20 ug/day, spine +6.2 % (SD 4.6) at 12 and +9.5 % (SD 5.9) at 24 months, 65 % of
the two-year gain in the first year, while the total hip gains only +0.7 % (SD 2.7) at 12
months. :meth:`Teriparatide.modeling_onset` can carry an early excess that fades with the
lineage's memory of daily PTH; it moves the spine's first year the right way, but the hip
and neck rise with it (the model has no first-year cortical dip), so it is off by default
(``teriparatide_modeling_early_excess`` = 0; ``scripts/refit_teriparatide_kinetics.py``).
"""

from __future__ import annotations

import numpy as np
import pytest

from osteon import Protocol, Simulation, Subject, default_parameters
from osteon.physiology.pharmacology.bone_drugs import Teriparatide

PS = default_parameters()
MONTH = 30.4375
EXCESS = 1.5  # the grid point of scripts/refit_teriparatide_kinetics.py that is checked here


def test_modeling_drive_peaks_early_and_relaxes_to_the_sustained_level():
    d = Teriparatide(dose="20 ug", start_day=0.0, stop_day=24 * MONTH)
    t = np.array([30.0, 90.0, 365.0, 700.0])
    assert PS["teriparatide_modeling_early_excess"] == 0.0  # off by default
    plain = d.modeling_onset(t, PS)
    assert np.all(plain <= 1.0) and plain[-1] > 0.99  # the first-order onset of before
    on = PS.replace(teriparatide_modeling_early_excess=EXCESS)
    onset = d.modeling_onset(t, on)
    # largest in the first months, falling over the second year (Yu 2011)
    assert onset[1] > onset[2] > onset[3] > 1.0
    assert onset[1] > 1.0 + 0.5 * EXCESS
    # the excess leaves the withdrawal signal (the memory less the onset) as it was
    assert float(d.withdrawal(730.0 + 90.0, PS)) == float(d.withdrawal(730.0 + 90.0, on))


_COURSES: dict[float, dict[str, np.ndarray]] = {}


def _course(excess: float) -> dict[str, np.ndarray]:
    """Percent change at 0, 3, 6, 12 and 24 months, mean woman of 66 (cached per excess)."""
    if excess not in _COURSES:
        drug = Teriparatide(dose="20 ug", start_day=0.0, stop_day=24 * MONTH)
        res = Simulation(Subject(sex="female", age=66.0), protocol=Protocol((drug,)),
                         parameters=PS.replace(teriparatide_modeling_early_excess=excess),
                         years=2).run()
        t = res.time.values * 12.0
        idx = [int(np.argmin(abs(t - m))) for m in (0, 3, 6, 12, 24)]
        out = {}
        for site in ("lumbar_spine", "total_hip"):
            b = res.bmd.sel(site=site).values[0]
            out[site] = 100.0 * (b[idx] / b[idx[0]] - 1.0)
        _COURSES[excess] = out
    return _COURSES[excess]


@pytest.mark.slow
def test_early_excess_moves_the_first_year_toward_data_and_the_hip_with_it():
    off, on = _course(0.0), _course(EXCESS)
    s0, s1 = off["lumbar_spine"], on["lumbar_spine"]
    # without the excess the mean woman's spine lags: under 40 % of the two-year gain in the
    # first year (DATA: 65 %) and almost nothing in the first 3 months
    assert s0[3] / s0[4] < 0.45 and s0[1] < 0.6
    # the excess moves the first year up by more than a point and its share toward DATA's
    assert s1[3] > s0[3] + 1.0 and s1[3] / s1[4] > s0[3] / s0[4] + 0.03
    assert s1[1] > s0[1]
    # ...and the total hip with it: why the excess is off (DATA: hip +0.7 at 12 months)
    h0, h1 = off["total_hip"][3], on["total_hip"][3]
    assert h1 > h0 + 0.5 * (s1[3] - s0[3]) and h0 > 0.7


@pytest.mark.slow
@pytest.mark.xfail(strict=True, reason="DATA (Tsai 2013) at 12 months: spine +6.2 % with 65 % "
                   "of the two-year gain, total hip +0.7 %; the model's mean woman: spine "
                   "3.8 % (38 %), hip 2.5 %: no first-year cortical dip (README, Teriparatide's "
                   "first year)")
def test_first_year_matches_data_spine_and_hip():
    c = _course(0.0)
    spine, hip = c["lumbar_spine"], c["total_hip"]
    assert spine[3] / spine[4] > 0.55 and 4.65 < spine[3] < 7.75
    assert hip[3] < 0.3 * spine[3]
