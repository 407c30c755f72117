#!/usr/bin/env python
"""Calibrate the natural-history parameters that the literature does not pin down.

Data
    1. The natural-history arms (arms with no intervention) of the public trial
       files in ``../shared/validation/trials`` (SWAN transmenopause and decade,
       OFELY markers, MrOS men, PEPI placebo): each arm is represented by its
       mean subject (population means), and each endpoint by its published value.
    2. Physiological anchors from cross-sectional reference data (Looker AC et al.
       Osteoporos Int 1998;8:468, NHANES III femoral neck by age): women's femoral
       neck about -27% and men's about -20% from 30 to 80 years; women's spine stable
       from 30 to 45 (Greendale 2012, SWAN: little loss before the transition).

Objective
    Sum of squared residuals, each scaled by the FORMAT.md agreement tolerance of
    its endpoint (``max(1, 0.25*|value|)`` or the CI half-width + 0.5), so that a
    residual of 1 is the edge of agreement; anchors carry the tolerance stated
    below. Parameters are fitted inside their plausible ranges (bounded
    least squares in normalized coordinates).

Result
    ``src/osteon/parameters/calibrated.json``: fitted values with the data,
    objective and before/after residuals. ``default_parameters()`` reads it.

Nothing here reads an expected value to produce a simulated one at run time:
the fitted set is fixed, and ``osteon validate`` then runs full virtual cohorts
of at least 200 subjects per arm.

Run: ``python scripts/calibrate_natural_history.py [--max-evals N] [--dry-run]``
"""

from __future__ import annotations

import argparse
import datetime as _dt
import json
import sys
import time
from pathlib import Path

import numpy as np
import yaml
from scipy.optimize import least_squares

from osteon import Simulation, Subject
from osteon.parameters import uncalibrated_parameters
from osteon.units import DAYS_PER_YEAR, parse_duration

ROOT = Path(__file__).resolve().parents[1]
TRIALS = ROOT.parent / "shared" / "validation" / "trials"
OUT = ROOT / "src" / "osteon" / "parameters" / "calibrated.json"

FITTED = [
    "rankl_estrogen_gain",
    "tgf_half",
    "mech_anabolic_gain",
    "mech_setpoint_sex_exponent",
    "mech_sensitivity_sex_exponent",
    "ob_senescence_rate",
    "turnover_cortical",
    "secondary_mineralization_time",
    "marker_resorption_exponent",
    "turnover_trabecular",
    "primary_mineral_fraction",
    "ob_active_lifespan",
    "obp_differentiation_time",
    "menopause_transition_midpoint",
]

# (label, sex, start age, menopause age or None, site, years, target %, tolerance)
ANCHORS = [
    (
        "women 30-80 femoral neck (Looker 1998)",
        "female",
        30.0,
        51.0,
        "femoral_neck",
        50.0,
        -27.0,
        6.0,
    ),
    ("men 30-80 femoral neck (Looker 1998)", "male", 30.0, None, "femoral_neck", 50.0, -20.0, 6.0),
    (
        "women 30-45 spine stable (Greendale 2012)",
        "female",
        30.0,
        51.0,
        "lumbar_spine",
        15.0,
        0.0,
        2.0,
    ),
]


def natural_history_targets():
    """Endpoints of the arms with no intervention, with their mean subjects."""
    targets = []
    for path in sorted(TRIALS.glob("*.yaml")):
        doc = yaml.safe_load(path.read_text())
        pop = doc["population"]
        duration = parse_duration(doc["duration"]) / DAYS_PER_YEAR
        for ep in doc["endpoints"]:
            arm = ep["arm"]
            if doc["arms"][arm] != [] or "control" in ep:
                continue
            sex = pop["sex"]
            age = float(pop["age_years"]["mean"])
            kw = {}
            if sex == "female":
                ysm = float(pop.get("years_since_menopause", {"mean": age - 51.0})["mean"])
                kw["menopause_age"] = min(max(age - ysm, 30.0), 65.0)
            subj = Subject(sex=sex, age=age, **kw)
            t0 = parse_duration(ep["from"]) / DAYS_PER_YEAR if "from" in ep else 0.0
            t1 = parse_duration(ep["at"]) / DAYS_PER_YEAR if "at" in ep else duration
            value = float(ep["value"])
            if "ci" in ep:
                lo, hi = ep["ci"]
                centre, tol = (lo + hi) / 2.0, (hi - lo) / 2.0 + 0.5
            else:
                centre, tol = value, max(1.0, 0.25 * abs(value))
            targets.append(
                dict(
                    label=f"{doc['id']} {arm} {ep['site']} {ep['measure']}",
                    subject=subj,
                    site=ep["site"],
                    measure=ep["measure"],
                    t0=t0,
                    t1=t1,
                    target=centre,
                    tol=tol,
                )
            )
    for label, sex, age, ma, site, years, value, tol in ANCHORS:
        kw = {"menopause_age": ma} if ma is not None else {}
        targets.append(
            dict(
                label=label,
                subject=Subject(sex=sex, age=age, **kw),
                site=site,
                measure="percent_change",
                t0=0.0,
                t1=years,
                target=value,
                tol=tol,
            )
        )
    return targets


def simulate_targets(params, targets):
    subjects = [t["subject"] for t in targets]
    years = max(t["t1"] for t in targets)
    res = Simulation(subjects, parameters=params, years=years).run()
    sims = []
    for i, t in enumerate(targets):
        r = res.isel(subject=i)
        if t["site"] in res.site.values:
            x = r.bmd.sel(site=t["site"])
        else:
            x = r[t["site"]]
        a = float(x.sel(time=t["t0"], method="nearest"))
        b = float(x.sel(time=t["t1"], method="nearest"))
        pc = 100.0 * (b / a - 1.0)
        if t["measure"] == "annual_percent_change":
            pc /= t["t1"] - t["t0"]
        sims.append(pc)
    return np.array(sims)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--max-evals", type=int, default=400)
    ap.add_argument("--dry-run", action="store_true", help="report residuals, write nothing")
    args = ap.parse_args(argv)

    base = uncalibrated_parameters()
    targets = natural_history_targets()
    lo = np.array([base.record(k).plausible_range[0] for k in FITTED])
    hi = np.array([base.record(k).plausible_range[1] for k in FITTED])
    start = {}
    if OUT.exists():  # warm start from the previous fit, for the parameters still fitted
        start = {
            k: v for k, v in json.loads(OUT.read_text()).get("values", {}).items() if k in FITTED
        }
    x0 = np.array([start.get(k, base[k]) for k in FITTED])
    z0 = (x0 - lo) / (hi - lo)

    def params_of(z):
        return base.replace(**dict(zip(FITTED, lo + np.clip(z, 0, 1) * (hi - lo), strict=True)))

    tgt = np.array([t["target"] for t in targets])
    tol = np.array([t["tol"] for t in targets])
    n_eval = [0]

    def residuals(z):
        n_eval[0] += 1
        try:
            sim = simulate_targets(params_of(z), targets)
        except Exception as err:  # a failed solve is a bad point, not a crash
            print("  evaluation failed:", err, file=sys.stderr)
            return np.full(tgt.size, 10.0)
        r = (sim - tgt) / tol
        return np.where(np.isfinite(r), r, 10.0)

    before_params = base
    sim_before = simulate_targets(before_params, targets)
    t_start = time.time()
    if args.dry_run:
        z_best = z0
    else:
        fit = least_squares(
            residuals,
            z0,
            bounds=(0.0, 1.0),
            diff_step=0.02,
            x_scale=1.0,
            max_nfev=args.max_evals,
            verbose=1,
        )
        z_best = fit.x
    best = params_of(z_best)
    sim_after = simulate_targets(best, targets)
    rows = []
    print(f"{'target':58s} {'published':>9s} {'tol':>5s} {'before':>8s} {'after':>8s}")
    for t, b, a in zip(targets, sim_before, sim_after, strict=True):
        rows.append(
            dict(
                target=t["label"],
                published=t["target"],
                tolerance=t["tol"],
                before=round(float(b), 3),
                after=round(float(a), 3),
            )
        )
        print(f"{t['label'][:58]:58s} {t['target']:9.2f} {t['tol']:5.2f} {b:8.2f} {a:8.2f}")
    cost_before = float(np.sum(((sim_before - tgt) / tol) ** 2))
    cost_after = float(np.sum(((sim_after - tgt) / tol) ** 2))
    print(
        f"objective before {cost_before:.3f}, after {cost_after:.3f}; "
        f"{n_eval[0]} evaluations in {time.time() - t_start:.0f} s"
    )
    if args.dry_run:
        return 0
    data = json.loads(OUT.read_text()) if OUT.exists() else {}
    values = {k: float(best[k]) for k in FITTED}
    data.setdefault("values", {}).update(values)
    data.setdefault("stages", {})["natural_history"] = {
        "script": "scripts/calibrate_natural_history.py",
        "date": _dt.date.today().isoformat(),
        "data": [
            "natural-history arms of ../shared/validation/trials/*.yaml (mean subjects)",
            *[a[0] for a in ANCHORS],
        ],
        "objective": "sum of squared residuals scaled by each endpoint's agreement tolerance",
        "objective_before": round(cost_before, 4),
        "objective_after": round(cost_after, 4),
        "values": values,
        "residuals": rows,
    }
    OUT.write_text(json.dumps(data, indent=1) + "\n")
    print("wrote", OUT)
    return 0


if __name__ == "__main__":
    sys.exit(main())
