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

Result (2026-12-05). Before (sex steroids scaling one anabolic gain for density loss and
training alike, calibrated gain 0.179 and exponent 0.93): objective 15.58; premenopausal
jumping +3.07, postmenopausal jumping +2.42, LIFTMOR spine +3.54 and neck +0.84, Cochrane
neck +0.52, men spine +3.71 and neck +1.07.

First try (not kept): the estrogen-set threshold on the whole anabolic term. Grid over its
gain and m_E: 17.9 (0.2, 5), 8.02 (0.2, 8), 7.53 (0.15, 6), 6.86 (0.15, 7), 7.39 (0.15, 8),
12.7 (0.25, 10), 126 (0.5, 5). But that term is also the feedback that answers density
already lost (error about +0.3 in a woman of 65); silencing it made placebo arms lose faster
and estrogen therapy build less, and the shared files' agreement fell from 35 to 30 of 45.

Kept: the threshold acts on load above the habitual only (``mech_modeling_gain``,
``mech_modeling_threshold_estrogen``); the calibrated sex-steroid-scaled gain keeps answering
density lost at habitual or lower load, so natural history and hormone therapy are as before.
Grid: objective 8.30 (0.15, 7), 8.87 (0.2, 7), 7.42 (0.15, 6). Chosen (0.15, 6):
premenopausal jumping +2.53, postmenopausal jumping +1.22, LIFTMOR spine +3.00 and neck
0.00, Cochrane neck 0.00, men spine +0.03 and neck 0.00. Still wrong: postmenopausal and
male hips no longer build under resistance training (trials about +1 to +2 %), because the
model's hip stimulus of daily jumping exceeds that of heavy lifting, so no threshold both
silences postmenopausal jumping (Bassey) and lets LIFTMOR build the neck; men respond too
little (0 vs about 1 %).

Then the one-repetition maximum scales with sex and age (``strength_factor`` in
mechanics/training.py; literature values, not fitted): objective 7.12; men spine +1.98 and
neck 0.00, LIFTMOR spine +3.32, the rest as above.

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
