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

Dalsky 1988 and the meta-analyses (issue 9, item 4; 2026-12-07). Printed after the
objective, not part of it: a postmenopausal woman of 62.5 on calcium 1500 mg/day, running 3 x
55 min a week (the trial file's reading of walking, jogging and stair climbing at 70-90 % of
maximal oxygen uptake; Dalsky GP et al. Ann Intern Med 1988;108:824), lumbar spine against
the same woman on calcium alone. Published: +5.2 % at 9 months against -1.4 % in controls
(6.6 points), +6.1 % at 22 months with training continued, +1.1 % after 13 months off.
Meta-analyses put the effect of exercise at the postmenopausal spine near 1 %: standardized
mean difference 0.37 (95 % CI 0.25-0.50) over 75 trials (Shojaa M et al. Front Physiol
2020;11:652), i.e. about 1 % for a change SD of about 3 %; small effects of ground-reaction
exercise in Kelley GA et al. BMC Musculoskelet Disord 2012;13:177; Howe 2011 (Cochrane).

Result on the default parameters: the calcium control gains +1.15 % at 9 months (the same
woman without calcium -0.41 %: the remodeling-space transient of the supplement, Tai V et al.
BMJ 2015;351:h4183, +0.7 to +1.8 %), which is why the model's Dalsky control arm rises where
the trial's fell. Running adds +0.00 at 9 and 22 months: 55 min of running at 2.5 BW (1.75 x
standing at the spine) saturates to about 120 effective cycles per bout
(``training_cycle_saturation``), about the habitual day's spine stimulus, so the spine load
at most doubles (psi ratio 1.19) and falls with accommodation, far below the postmenopausal
modeling threshold (4.6 in psi**4, a psi ratio of 1.5). Scan, running's spine difference at
9 / 22 months (stopped at 9: 22) and the objective above:

* ``mech_modeling_threshold_estrogen`` 6 (default): +0.00 / +0.00 (+0.00); objective 7.03.
* 3: +0.00 / +0.00; objective 26.1 (postmenopausal jumping +2.7, men's spine +4.6).
* 1.5: +0.14 / +0.14 (+0.04); objective 57.7 (postmenopausal jumping +4.3, men +6.4).
* 0 (no threshold at all): +1.13 / +1.41 (-0.80).
* 0 with ``training_accommodation_fraction`` 0.5: +1.72 / +3.85 (+1.05).
* ``training_cycle_saturation`` 200 (threshold 6): +0.00; objective 14.5 (LIFTMOR, men and
  Cochrane build nothing: more cycles count, so the habitual day weighs more).

So the threshold is not what keeps Dalsky's gain out: with no threshold at all, the
stimulus reading gives running about the meta-analytic +1 %, a fifth of Dalsky's 6.6 points,
and any threshold low enough to let running through at a postmenopausal spine undoes the
sex-steroid contrasts (Bassey's postmenopausal jumping, men's spine). Dalsky's size is not
reproduced and is not fitted: it is five times the meta-analyses, from a non-randomized
trial of 35 women measured by dual-photon absorptiometry of bone mineral content.

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


DALSKY_AGE = 62.5
MONTH = 30.4375


def dalsky(params) -> dict[str, float]:
    """Lumbar spine percent change of Dalsky 1988's arms on one mean subject (see module
    docs): calcium alone, no calcium, running continued and running stopped at 9 months."""
    from osteon.physiology.nutrition.supplements import Calcium

    woman = Subject(sex="female", age=DALSKY_AGE)
    ca = Calcium(dose_mg=1500.0)
    arms = {"no calcium": (), "control": (ca,),
            "continued": (ca, ImpactTraining(activity="running", sessions_per_week=3,
                                             minutes_per_session=55)),
            "stopped": (ca, ImpactTraining(activity="running", sessions_per_week=3,
                                           minutes_per_session=55, stop_day=9 * MONTH))}
    out = {}
    for arm, prog in arms.items():
        res = Simulation(woman, protocol=Protocol(prog), parameters=params, years=22 / 12).run()
        for m in (9, 22):
            out[f"{arm} {m}"] = float(_pct(res, m)[SPINE])
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
    d = dalsky(default_parameters().replace(**over))
    print("Dalsky 1988 lumbar spine, % (not in the objective; published: control -1.4 at 9 "
          "months, training +5.2 at 9, +6.1 at 22, stopped at 9: +1.1 at 22)")
    for m in (9, 22):
        print(f"  month {m}: " + ", ".join(f"{a} {d[f'{a} {m}']:+.2f}" for a in
                                          ("no calcium", "control", "continued", "stopped")))


if __name__ == "__main__":
    main()
