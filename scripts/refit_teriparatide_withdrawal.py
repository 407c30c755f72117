#!/usr/bin/env python
"""Targeted refit of bone loss after teriparatide stops (issue 9, item 7).

When daily PTH stops, the osteoblast lineage's memory of it (half-life
``teriparatide_withdrawal_halflife``, assumed) outlasts the drug, and the difference between
remembered and present anabolic drive (:meth:`Teriparatide.withdrawal`) leaves a share of
each resorption cavity unfilled where the drug built bone (``teriparatide_withdrawal_focal_gain``,
weighted by envelope like the drug's modeling) and raises RANKL
(``teriparatide_withdrawal_rankl_gain``). Both act through remodeling, so an antiresorptive
given after teriparatide (denosumab, a bisphosphonate) suppresses the loss. Only these two
gains are fitted; everything else stays at ``default_parameters()``.

Data: Leder BZ et al. J Clin Endocrinol Metab 2009;94:2915 (PMC2730878): teriparatide 37 ug
daily for 24 months, then 12 months off: spine -7.1 % in 14 postmenopausal women, -4.1 % in
17 eugonadal men; total hip -3.8 % and femoral neck -3.1 % in women (mean age 65.5 written
for both). Tolerances are the validation intervals of the trial files (25 % of the value, at
least 1 point). One mean subject per sex.

Objective: sum of squared residuals scaled by the tolerance. Method: a grid.

Run: ``python scripts/refit_teriparatide_withdrawal.py``.

Result (2026-12-06, rerun after merging main 3d0caac/f0cc001; withdrawal half-life 240 days,
assumed), objective and women spine/hip/neck, men spine (targets -7.1/-3.8/-3.1, -4.1):

    focal 0.2  rankl 0: 24.02; -2.18/-1.58/-0.53, -1.86      rankl 1: 3.87; -4.44/-3.61/-2.19, -3.21
    focal 0.25 rankl 0: 12.87; -3.31/-2.47/-1.06, -2.52      rankl 1: 1.38; -5.74/-4.63/-2.80, -4.02
    focal 0.3  rankl 0:  5.52; -4.43/-3.36/-1.59, -3.19      rankl 1: 4.07; -7.03/-5.65/-3.41, -4.85

Chosen: teriparatide_withdrawal_focal_gain 0.25, teriparatide_withdrawal_rankl_gain 1 (the
minimum, both inside their ranges). The underfill sets how much is lost, the RANKL rebound
multiplies it (more cavities); the two are not separately identified by one 12-month
figure (0.3/0 is within 4.2 of the best). The hip/spine ratio of the loss (0.8) stays above
Leder's (0.54): the hip's cancellous share answers like the spine's (README, Envelopes).
With a 120-day half-life the same gains give about two thirds of the loss.

Rerun on the stop-25 main (after the envelopes' faster vertebral turnover and the rate-gated
estrogen adaptation were merged), same grid:

    focal 0.2  rankl 0: 18.01; -3.61/-1.56/-0.53, -2.47      rankl 1: 1.51; -6.45/-3.61/-2.22, -4.87
    focal 0.25 rankl 0:  7.42; -5.18/-2.46/-1.07, -3.51      rankl 1: 5.02; -8.23/-4.64/-2.83, -6.11
    focal 0.3  rankl 0:  2.67; -6.74/-3.36/-1.61, -4.56      rankl 1: 16.28; -10.01/-5.66/-3.44, -7.34

The minimum moved to focal 0.2 / rankl 1: this script's mean subjects now overshoot at 0.25.
The value was kept at 0.25 this stop because the 30-subject cohorts of the two Leder files
agree at 0.25 on all four endpoints (women spine/hip/neck -7.0/-4.0/-2.5, men spine -5.1;
`scripts/physio_measure.py`): the mean subject is not the cohort mean (README, Calibration).
A cohort-based rerun of this grid decides it.
"""

from __future__ import annotations

from osteon import Protocol, Simulation, Subject
from osteon.calibration.refit import grid_refit
from osteon.physiology.pharmacology.bone_drugs import Teriparatide

MONTH = 30.4375
SPINE, NECK, HIP = 0, 1, 2
TARGETS = {("female", SPINE): (-7.1, 1.775), ("female", HIP): (-3.8, 1.0),
           ("female", NECK): (-3.1, 1.0), ("male", SPINE): (-4.1, 1.025)}
FOCAL = (0.2, 0.25, 0.3)
RANKL = (0.0, 1.0)


def losses(params) -> dict[tuple[str, int], float]:
    """Percent change from 24 to 36 months at each (sex, site) of TARGETS."""
    out = {}
    drug = Teriparatide(dose="37 ug", start_day=0.0, stop_day=24 * MONTH)
    for sex in ("female", "male"):
        bmd = Simulation(Subject(sex=sex, age=65.5), protocol=Protocol((drug,)),
                         parameters=params, years=3).run().bmd.isel(subject=0)
        for s, site in TARGETS:
            if s == sex:
                out[(sex, site)] = float(100.0 * (bmd.isel(time=36)[site] / bmd.isel(time=24)[site]
                                                  - 1.0))
    return out


def objective(d) -> float:
    return float(sum(((d[k] - v) / tol) ** 2 for k, (v, tol) in TARGETS.items()))


def main() -> None:
    grid_refit({"teriparatide_withdrawal_focal_gain": FOCAL,
                "teriparatide_withdrawal_rankl_gain": RANKL}, losses, objective,
               lambda d: (f"women spine/hip/neck {d[('female', SPINE)]:+.2f}/"
                          f"{d[('female', HIP)]:+.2f}/{d[('female', NECK)]:+.2f}, "
                          f"men spine {d[('male', SPINE)]:+.2f}"))

if __name__ == "__main__":
    main()
