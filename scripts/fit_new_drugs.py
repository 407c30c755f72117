#!/usr/bin/env python
"""Fit the effect sizes of the new drugs that the literature does not pin down.

Data
    The project's own trial files in ``validation/trials/`` that use these drugs
    (listed in ``GROUPS`` below), run through the same code as ``osteon
    validate`` (reader, sampler, builders, endpoint arithmetic) on 30 subjects per
    arm with between-person variability (``--population``, default 30: stratified
    draws at seed 2026, about 5 minutes for all groups). Until stop 30 the fit ran on
    each file's *mean subject* (every population SD set to zero, ``--population 0``):
    because a person's drug response is a power of the drive, a cohort's mean effect
    differs from the mean subject's, and the cohort then overshot what the mean
    subject was fitted to (MOBILE ibandronate 150 mg monthly, spine at 24 months:
    fitted to 6.6 on the mean subject, 8.9 on 30 stratified subjects).
    Glucocorticoid-treated cohorts (Saag 1998, Reid 2000) are left out: their
    patients' prior glucocorticoid exposure is unpublished or only bounded (Saag's file starts prednisone at day 0, which overstates the
    first year's loss; README "Trial files beyond FORMAT.md"), which would
    distort any drug fitted on them.

Objective
    For each group, the mean of the signed endpoint residuals, each divided by
    the FORMAT.md agreement half-width of its endpoint (CI half-width + 0.5
    points, or ``max(1, 0.25 |value|)``): a residual of 1 is the edge of
    agreement. Each group moves one parameter (the others held) and solves
    "mean signed residual = 0" by the secant method in log scale, inside the
    parameter's plausible range; groups run in the order of ``GROUPS``
    (coordinate descent, one pass unless ``--rounds``).

Result
    Printed, and written to ``scripts/fit_new_drugs.json`` (data, objective,
    values, residuals before and after; stop 31: 30 per arm, about 5 minutes). The
    values are then written by hand into the parameter records of the drug modules
    (each record's source names this script); tests never tune anything.

Run: ``python scripts/fit_new_drugs.py [--groups NAME ...] [--rounds 1] [--evals 4]
[--set NAME=VALUE ...] [--out FILE] [--population N]`` (``--set`` holds other parameters, e.g.
the SERMs' competitive model ``serm_estradiol_competition=1`` with the groups ``*_ceiling``;
report in ``scripts/fit_new_drugs_serm_competitive.json``, fitted on the mean subject).
``--population 0`` fits on the mean subject (seconds per evaluation).
"""

from __future__ import annotations

import argparse
import json
import math
import time
from pathlib import Path

import numpy as np

from osteon.calibration.targets import mean_subject_trial
from osteon.parameters import default_parameters
from osteon.trials.endpoints import agreement_interval
from osteon.trials.format import load_trial
from osteon.trials.validate import validate_trial

ROOT = Path(__file__).resolve().parent.parent
TRIALS = ROOT / "validation" / "trials"
OUT = Path(__file__).with_suffix(".json")

# name: (parameter, files, endpoint filter on "arm[ vs control]" labels)
GROUPS: dict[str, tuple[str, tuple[str, ...], str]] = {
    "bisphosphonate_offset": ("bisphosphonate_surface_halflife",
                              ("black-2006-flex-alendronate-stop",), ""),
    "alendronate_ec50": ("bisphosphonate_ec50", ("liberman-1995-alendronate",),
                         "alendronate_5mg"),
    "alendronate_emax": ("bisphosphonate_emax",
                         ("liberman-1995-alendronate", "orwoll-2000-alendronate-men",
                          "gonnelli-2003-alendronate-men", "mcclung-2014-romosozumab"),
                         "alendronate"),
    "risedronate": ("risedronate_relative_potency", ("boonen-2009-risedronate-men",), ""),
    "ibandronate": ("ibandronate_relative_potency", ("reginster-2006-mobile-ibandronate",), ""),
    "zoledronic_acid": ("zoledronic_acid_relative_potency",
                        ("black-2007-horizon-zoledronic-acid",), ""),
    "raloxifene": ("raloxifene_e2_equivalent_max",
                   ("delmas-1997-raloxifene", "miller-2008-bazedoxifene"), "raloxifene"),
    "bazedoxifene": ("bazedoxifene_e2_equivalent_max", ("miller-2008-bazedoxifene",),
                     "bazedoxifene"),
    # postmenopausal arms only: the premenopausal loss is an antagonism the model lacks
    "tamoxifen": ("tamoxifen_e2_equivalent_max", ("powles-1996-tamoxifen-postmenopausal",),
                  "tamoxifen"),
    "romosozumab": ("romosozumab_modeling_gain",
                    ("mcclung-2014-romosozumab", "cosman-2016-frame-romosozumab"),
                    "romosozumab"),
}


# The ceilings of the SERMs' competitive model, fitted on their agent's files (run with
# --set serm_estradiol_competition=1; not in the default groups: at the default 0 they do not act).
CEILING_GROUPS = tuple(f"{agent}_ceiling" for agent in ("raloxifene", "bazedoxifene", "tamoxifen"))
GROUPS.update({g: (f"{g[:-len('_ceiling')]}_e2_ceiling", *GROUPS[g[:-len("_ceiling")]][1:])
               for g in CEILING_GROUPS})


def residuals(params, files, arm_filter: str, population: int = 0
              ) -> list[tuple[str, float, float, float]]:
    """(label, published, simulated, scaled residual) of the endpoints selected: on the mean
    subject, or with ``population`` > 0 on that many subjects per arm with between-person
    variability."""
    rows = []
    for name in files:
        if population:
            trial = load_trial(TRIALS / f"{name}.yaml")
            rep = validate_trial(trial, subjects=population, seed=2026, parameters=params)
        else:
            trial = mean_subject_trial(load_trial(TRIALS / f"{name}.yaml"))
            rep = validate_trial(trial, subjects=1, seed=2026, parameters=params,
                                 between_person=False)
        for ep, res in zip(trial.endpoints, rep.results, strict=True):
            label = f"{ep.arm}{' vs ' + ep.control if ep.control else ''}"
            if arm_filter not in label or res.status != "ok" or res.simulated is None:
                continue
            if ep.measure not in ("percent_change", "difference_vs_control",
                                  "annual_percent_change"):
                continue
            lo, hi = agreement_interval(ep.value, ep.ci)
            r = (res.simulated - (lo + hi) / 2.0) / ((hi - lo) / 2.0)
            rows.append((f"{name} {label} {ep.site} {res.at}", ep.value, res.simulated, r))
    return rows


def fit_group(params, name: str, evals: int, population: int = 0):
    """Secant search on the mean signed residual of one group; returns (params, report)."""
    pname, files, arm_filter = GROUPS[name]
    lo, hi = params.record(pname).plausible_range

    def f(x: float):
        rows = residuals(params.replace(**{pname: x}), files, arm_filter, population)
        return float(np.mean([r[3] for r in rows])), rows

    x0 = params[pname]
    f0, rows0 = f(x0)
    before = rows0
    best = (abs(f0), x0, rows0)
    x1 = min(max(x0 * (1.6 if f0 < 0 else 0.6), lo), hi)
    # Increasing the parameter raises the effect for every group except the offset
    # half-life (there the sign is the same: a longer half-life raises the stop-arm BMD).
    for _ in range(evals - 1):
        f1, rows1 = f(x1)
        if abs(f1) < best[0]:
            best = (abs(f1), x1, rows1)
        if abs(f1) < 0.05 or f1 == f0:
            break
        l0, l1 = math.log(x0), math.log(x1)
        l2 = l1 - f1 * (l1 - l0) / (f1 - f0)
        x0, f0 = x1, f1
        x1 = float(min(max(math.exp(l2), lo), hi))
        if x1 == x0:
            break
    _, x, rows = best
    return params.replace(**{pname: x}), {
        "parameter": pname, "files": list(files), "arm_filter": arm_filter,
        "value": x, "before": before, "after": rows}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--groups", nargs="*", default=[g for g in GROUPS if g not in CEILING_GROUPS])
    ap.add_argument("--rounds", type=int, default=1)
    ap.add_argument("--evals", type=int, default=4)
    ap.add_argument("--set", nargs="*", default=[], metavar="NAME=VALUE",
                    help="hold these parameters at other values (e.g. "
                         "serm_estradiol_competition=1) while fitting")
    ap.add_argument("--out", type=Path, default=OUT, help="report file (JSON)")
    ap.add_argument("--population", type=int, default=30, metavar="N",
                    help="fit on N subjects per arm with between-person variability (as "
                         "physio_measure.py --subjects N); 0: on the mean subject")
    args = ap.parse_args(argv)
    params = default_parameters()
    bad = [a for a in args.set if a.count("=") != 1]
    if bad:
        ap.error(f"--set takes NAME=VALUE, got {bad[0]!r} (e.g. --set serm_estradiol_competition=1)")
    try:
        held = {k: float(v) for k, v in (a.split("=") for a in args.set)}
    except ValueError as err:
        ap.error(f"--set: {err} (e.g. --set serm_estradiol_competition=1)")
    if held:
        params = params.replace(**held)
    out = args.out
    report = json.loads(out.read_text()) if out.exists() else {}
    if held:
        report["held"] = held
    if args.population:
        report["population_per_arm"] = args.population
    report.update({"script": "scripts/fit_new_drugs.py", "data": "validation/trials/",
                   "objective": "mean signed residual / FORMAT.md half-width = 0, per group"})
    results = report.setdefault("groups", {})
    for _ in range(args.rounds):
        for name in args.groups:
            t0 = time.time()
            params, res = fit_group(params, name, args.evals, args.population)
            results[name] = res
            print(f"{name}: {res['parameter']} = {res['value']:.4g} "
                  f"({time.time() - t0:.0f} s)")
            for (label, pub, sim_b, _), (_, _, sim_a, r) in zip(res["before"], res["after"],
                                                                strict=True):
                print(f"    {label}: published {pub:g}, before {sim_b:.2f}, after {sim_a:.2f} "
                      f"(residual {r:+.2f})")
    report["values"] = {g["parameter"]: g["value"] for g in results.values()}
    out.write_text(json.dumps(report, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
