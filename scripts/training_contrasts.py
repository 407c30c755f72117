#!/usr/bin/env python
"""The sex-steroid contrasts of training trials, measured on the model (issue 9, item 4).

Prints, for the default parameters (or with ``--set name=value`` overrides), the difference
from an untrained control of the same mean subject (one subject each, cheap) for:

* premenopausal women, 50 jumps 6 days a week, femoral neck at 5 months: +2.8 % in the
  jumpers, more than in controls (Bassey EJ et al. J Bone Miner Res 1998;13:1805); target
  difference 2.0, tolerance 1.0;
* postmenopausal women, the same jumping, femoral neck at 12 months: no difference (Bassey
  1998, n = 123, with or without HRT); target 0, tolerance 1.0;
* postmenopausal women, LIFTMOR high-intensity resistance and impact training, 8 months
  (Watson SL et al. J Bone Miner Res 2018;33:211): spine 2.9 vs -1.2 (target 4.1), femoral
  neck 0.3 vs -1.9 (target 2.2), tolerance 1.4;
* postmenopausal women, progressive resistance training, femoral neck at 12 months: +1.03
  (95 % CI 0.24 to 1.82; Howe TE et al. Cochrane Database Syst Rev 2011;CD000333);
  tolerance 1.3;
* men of 60, the same resistance training, spine and femoral neck at 12 months: about 1 %
  (standardized effects 0.2-0.6 of a change SD of about 2-3 %: Kelley GA et al. Bone
  2013;53:103; Mages M et al. Nutrients 2021;13:4244); target 1.0, tolerance 1.0.

Objective: the sum of squared residuals scaled by each tolerance.

Result (2026-12-05), current model (sex steroids scale the anabolic gain, calibrated gain
0.179 and exponent 0.93): objective 15.58; premenopausal jumping +3.07, postmenopausal
jumping +2.42, LIFTMOR spine +3.54 and neck +0.84, Cochrane neck +0.52, men spine +3.71 and
neck +1.07. Postmenopausal women gain from jumping and men gain about three times what
trials in men show.

Experiment, not kept (issue 9, item 4): sex steroids moved a modeling threshold instead of
scaling the gain (anabolic = 1 + g (softplus(e - m) - softplus(-m)), m = m_E (1 - pi_E),
pi_E the absolute estrogen-receptor occupancy: about 0.94 premenopausal, 0.5 in men of 60,
0.24 postmenopausal). Grid over g and m_E: objective 17.9 (0.2, 5), 8.02 (0.2, 8),
7.53 (0.15, 6), 6.86 (0.15, 7), 7.39 (0.15, 8), 12.7 (0.25, 10), 126 (0.5, 5); best
(0.15, 7): premenopausal +2.51, postmenopausal jumping +1.15, LIFTMOR spine +3.49, every
hip and every male response 0. The training contrasts improved (15.6 -> 6.9), but on the
validation files (45 shared endpoints, 30 subjects per arm) agreement fell from 35 to 30:
the same anabolic term is also the homeostatic feedback that answers density already lost
(error about +0.3 in a woman of 65), and a threshold large enough to silence
postmenopausal jumping (error about +7) silences that feedback too, so placebo arms lose
faster (PEPI placebo spine -2.6 -> -3.6 %, ATAC -3.8 -> -4.9 %) and estrogen therapy builds
less (PEPI CEE spine +3.9 -> +1.9 %, WHI hip +4.3 -> +1.5 %). What that needs: Frost's
remodeling-level feedback (conservation mode above the remodeling threshold: less RANKL,
not more recruitment) as its own term, then the modeling threshold, then a joint
recalibration of the natural history.

Run: ``python scripts/training_contrasts.py [--set mech_anabolic_gain=0.2 ...]``.
"""

from __future__ import annotations

import argparse

import numpy as np

from osteon import Protocol, Simulation, Subject
from osteon.parameters import default_parameters
from osteon.physiology.mechanics.training import ImpactTraining, ResistanceTraining

JUMP = (ImpactTraining(activity="jumping", sessions_per_week=6, impacts_per_session=50),)
HIRIT = (ResistanceTraining(sessions_per_week=2, intensity_pct_1rm=85, sets=5, reps=5,
                            exercises=("deadlift", "squat", "overhead_press"),
                            progression="linear"),
         ImpactTraining(activity="drop_landing", sessions_per_week=2, impacts_per_session=25))
PRT = (ResistanceTraining(sessions_per_week=3, intensity_pct_1rm=75, sets=3, reps=8,
                          exercises=("leg_press", "squat", "lunge", "hip_abduction"),
                          progression="linear"),)
SUBJECTS = {"premenopausal": Subject(sex="female", age=35),
            "postmenopausal": Subject(sex="female", age=65, menopause_age=51),
            "man": Subject(sex="male", age=60)}
SPINE, NECK = 0, 1
# (subject, programme, months, site, target difference, tolerance, source)
TARGETS = [
    ("premenopausal", JUMP, 5, NECK, 2.0, 1.0, "Bassey 1998 premenopausal"),
    ("postmenopausal", JUMP, 12, NECK, 0.0, 1.0, "Bassey 1998 postmenopausal"),
    ("postmenopausal", HIRIT, 8, SPINE, 4.1, 1.4, "LIFTMOR spine"),
    ("postmenopausal", HIRIT, 8, NECK, 2.2, 1.4, "LIFTMOR femoral neck"),
    ("postmenopausal", PRT, 12, NECK, 1.03, 1.3, "Cochrane resistance femoral neck"),
    ("man", PRT, 12, SPINE, 1.0, 1.0, "men meta-analyses spine"),
    ("man", PRT, 12, NECK, 1.0, 1.0, "men meta-analyses femoral neck"),
]


def _pct(res, months):
    b = res.bmd.isel(subject=0)
    return 100.0 * (b.isel(time=months) / b.isel(time=0) - 1.0).values


def differences(params) -> list[tuple[str, float, float, float]]:
    """(label, target, simulated difference from control, tolerance) for each target."""
    control = {k: Simulation(s, parameters=params, years=1).run() for k, s in SUBJECTS.items()}
    cache: dict = {}
    out = []
    for who, prog, months, site, target, tol, label in TARGETS:
        key = (who, id(prog), months)
        if key not in cache:
            cache[key] = Simulation(SUBJECTS[who], protocol=Protocol(prog), parameters=params,
                                    years=months / 12).run()
        d = _pct(cache[key], months) - _pct(control[who], months)
        out.append((label, target, float(d[site]), tol))
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--set", nargs="*", default=[], metavar="NAME=VALUE",
                    help="parameter overrides")
    a = ap.parse_args()
    over = {k: float(v) for k, v in (item.split("=", 1) for item in a.set)}
    rows = differences(default_parameters().replace(**over))
    obj = float(np.sum([((s - t) / tol) ** 2 for _, t, s, tol in rows]))
    print(f"objective={obj:.3f} {over}")
    for label, t, s, tol in rows:
        print(f"  {label}: target {t:+.2f} simulated {s:+.2f} z {(s - t) / tol:+.2f}")


if __name__ == "__main__":
    main()
