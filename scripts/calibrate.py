#!/usr/bin/env python
"""Calibrate the parameters that the literature does not pin down, judged by what they predict.

Data and weights
    Every public trial file (``../shared/validation/trials`` and the project's
    ``validation/trials``), each run through the same code as ``osteon validate``, plus
    the physiological anchors. ``--subjects 1`` (the default, cheap enough for CI's
    ``--check``): each file's mean subject. ``--subjects N`` > 1: a cohort of N people per
    arm with the between-person draw, seeded by ``--seed`` (the subjects of
    ``scripts/physio_measure.py --subjects N`` with that seed: the first N of its 30),
    the same people at every parameter point (common random numbers). Endpoint kinds,
    weights and the residual are stated in :mod:`osteon.calibration.targets` (natural
    history 2.0, every other endpoint and anchor 1.0; the spread endpoints
    ``percent_osteoporotic`` and ``sd_percent_change`` only with cohorts, at half weight).
    The SHA-256 of the files' bytes goes into the provenance.

Method
    Only the parameters in ``--only`` (default ``QUICK``) move, inside their plausible
    ranges, from the current parameter set (``calibrated.json`` over the literature
    values, or the literature values with ``--fresh``): ``--iterations`` bounded
    Gauss-Newton steps (:mod:`osteon.calibration.crossval`), the Jacobian by forward
    differences (step ``--step`` of each range; default 0.02 for the mean subject, 0.05
    for cohorts, whose spread endpoints move in jumps of 100/N % and so need the wider
    step) on a process pool of ``--workers``. With ``--iterations 1`` this one Jacobian,
    at the current set, serves the in-sample fit and every fold. Cross-validation by study:
    ``--folds`` folds (a study is never split), seeded by ``--seed``; each fold is fitted
    without its targets and its targets are then *simulated* at that fit. Fisher
    information, standard errors, correlations and the Laplace covariance come from the
    residual Jacobian (:mod:`osteon.calibration.identifiability`).

Output
    ``--out-dir`` (default ``validation/calibration``): ``calibration.json`` (everything),
    ``endpoints.csv`` and ``endpoints.md`` (per endpoint: published, agreement interval,
    current set, in-sample fit, cross-validated prediction) and ``summary.md``.
    ``in_sample_values.json`` holds the in-sample fit over the current set, in the format
    of ``calibrated.json``, for ``scripts/physio_measure.py --parameters``.

Decision rule (``--write``)
    ``src/osteon/parameters/calibrated.json`` is replaced only when BOTH (1) the
    cross-validated agreement beats the current set's agreement measured the same way
    (same subjects, same targets) AND (2) the 30-subject cohorts do not lose: the
    agreement of the in-sample fit on every trial endpoint, 30 subjects per arm (seed
    ``--seed``, the cohorts of ``scripts/physio_measure.py``), is at least the current
    set's. With ``--subjects 30`` or more (2) is read from the in-sample column; with
    fewer, two extra 30-subject evaluations decide it. The Laplace covariance of the set
    kept goes beside it in ``calibrated_covariance.json``.

Run: ``python scripts/calibrate.py [--check] [--subjects 1] [--workers 2] [--folds 5]
[--iterations 1] [--only P ...] [--write]``. The cohort cross-validation of issue 10:
``python scripts/calibrate.py --subjects 10 --workers 1 --out-dir OUT`` (README
"Calibration" gives its wall time).
"""

from __future__ import annotations

import argparse
import csv
import datetime as _dt
import json
import sys
import time
from pathlib import Path

import numpy as np

from osteon.calibration.crossval import FitSettings, fit, jacobian, summarize
from osteon.calibration.evaluator import Evaluator
from osteon.calibration.folds import study_folds
from osteon.calibration.identifiability import identifiability
from osteon.calibration.targets import (
    MEASURES,
    NATURAL_HISTORY,
    agrees,
    build_targets,
    dataset_hash,
    default_trial_paths,
    load_units,
    residuals,
    trial_paths,
)
from osteon.parameters import uncalibrated_parameters

ROOT = Path(__file__).resolve().parents[1]
PARAMS_DIR = ROOT / "src" / "osteon" / "parameters"
OUT = PARAMS_DIR / "calibrated.json"
COV_OUT = PARAMS_DIR / "calibrated_covariance.json"

#: Parameters without a literature value that the calibration may move (``--only all``).
FITTED = [
    "turnover_trabecular", "turnover_cortical", "obp_differentiation_time",
    "ob_active_lifespan", "tgf_half", "primary_mineral_fraction",
    "secondary_mineralization_time", "menopause_transition_midpoint", "estrogen_ec50",
    "estrogen_hill", "rankl_estrogen_gain", "erosion_depth_estrogen", "wall_thickness_age",
    "ob_androgen_gain", "mech_anabolic_gain", "mech_catabolic_gain",
    "mech_sensitivity_sex_exponent", "marker_resorption_exponent", "rankl_pth_exponent",
    "gut_absorption_estrogen_gain", "reabsorption_estrogen_gain", "denosumab_ic50",
]
#: The cheap default: remodeling rates, mineral, estrogen potency, mechanostat, markers.
QUICK = ["turnover_trabecular", "turnover_cortical", "primary_mineral_fraction",
         "estrogen_ec50", "mech_anabolic_gain", "marker_resorption_exponent"]
#: ``--check``: two short bed-rest studies, two parameters, two folds, one iteration.
CHECK_FILES = ["leblanc-1990-bed-rest.yaml", "shackelford-2004-bed-rest-17-weeks.yaml"]
CHECK_FITTED = ["turnover_trabecular", "mech_anabolic_gain"]
#: Subjects per arm of the cohort measurement the decision rule protects.
COHORT_CHECK_SUBJECTS = 30


def cohort_agreement(paths, current, fitted, points, workers, seed, n):
    """Agreement on every trial endpoint of ``n``-subject cohorts at each of ``points``."""
    trials, sources, _ = load_units(paths, False, subjects=n)
    targets = build_targets(trials, sources, [], subjects=n)
    with Evaluator(trials, [], current, fitted, workers, seed, subjects=n) as ev:
        S, _ = ev.simulate(points, targets)
    c = np.array([t.centre for t in targets])
    tol = np.array([t.tolerance for t in targets])
    return [int(agrees(row, c, tol).sum()) for row in S]


def _f(x):
    return None if x is None or not np.isfinite(x) else round(float(x), 4)


def _data_label(p: Path) -> str:
    """A trial file's name in the provenance: the project's own files relative to the
    repository (``validation/trials/...``), the shared ones relative to its parent
    (``shared/validation/trials/...``), so a checkout's folder name never enters it."""
    for base in (ROOT, ROOT.parent):
        if p.resolve().is_relative_to(base):
            return p.resolve().relative_to(base).as_posix()
    return str(p)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--seed", type=int, default=2026, help="fold assignment and cohort seed")
    ap.add_argument("--subjects", type=int, default=1,
                    help="subjects per arm: 1 = mean subject; N > 1 = cohorts with the "
                         "between-person draw, the same people at every point")
    ap.add_argument("--step", type=float, default=None,
                    help="forward-difference step, fraction of each range (default 0.02 "
                         "for the mean subject, 0.05 for cohorts)")
    ap.add_argument("--iterations", type=int, default=1, help="Gauss-Newton steps per fit")
    ap.add_argument("--trust", type=float, default=0.25,
                    help="largest step per iteration, as a fraction of each range")
    ap.add_argument("--trials", nargs="*", help="trial files or folders of them (default: every public file)")
    ap.add_argument("--only", nargs="*", help="parameters to fit ('all': FITTED; default QUICK)")
    ap.add_argument("--loss", choices=("linear", "cauchy"), default="linear",
                    help="linear: least squares; cauchy: robust, residuals beyond --loss-scale "
                         "tolerances weigh less (osteon.calibration.crossval.robust_row_weights)")
    ap.add_argument("--loss-scale", type=float, default=1.0,
                    help="Cauchy scale in agreement tolerances (default 1)")
    ap.add_argument("--fresh", action="store_true", help="start from literature values")
    ap.add_argument("--no-anchors", action="store_true")
    ap.add_argument("--check", action="store_true",
                    help="tiny run (2 studies, 2 folds, 1 iteration) that CI can afford")
    ap.add_argument("--out-dir", type=Path, default=None)
    ap.add_argument("--write", action="store_true",
                    help="replace calibrated.json if the cross-validated agreement improves")
    args = ap.parse_args(argv)
    if args.subjects < 1:
        ap.error("--subjects must be at least 1")
    n_subj = args.subjects
    step = args.step if args.step is not None else (0.02 if n_subj == 1 else 0.05)
    t_start = time.time()

    if args.check:
        shared = ROOT.parent / "shared" / "validation" / "trials"
        project = ROOT / "validation" / "trials"
        paths = []
        for name in CHECK_FILES:
            for d, src in ((shared, "shared"), (project, "project")):
                if (d / name).exists():
                    paths.append((d / name, src))
        fitted, folds_k, iterations, anchors = CHECK_FITTED, 2, 1, False
        if args.write:
            ap.error("--check never writes the parameter set")
    else:
        try:
            paths = (trial_paths(args.trials, ROOT) if args.trials
                     else default_trial_paths(ROOT))
        except FileNotFoundError as e:
            ap.error(str(e))
        fitted = FITTED if args.only == ["all"] else (args.only or QUICK)
        folds_k, iterations, anchors = args.folds, args.iterations, not args.no_anchors
    out_dir = args.out_dir or (ROOT / "validation" / "calibration" /
                               ("check" if args.check else ""))
    base = uncalibrated_parameters()
    unknown = [k for k in fitted if k not in base]
    if unknown:
        ap.error(f"unknown parameters: {', '.join(unknown)}")
    previous = {} if args.fresh or not OUT.exists() else json.loads(OUT.read_text())["values"]
    current = base.replace(**{k: v for k, v in previous.items() if k in base})
    lo = np.array([base.record(k).plausible_range[0] for k in fitted])
    hi = np.array([base.record(k).plausible_range[1] for k in fitted])
    x0 = np.array([current[k] for k in fitted])
    z0 = np.clip((x0 - lo) / (hi - lo), 0.0, 1.0)
    data_hash = dataset_hash([p for p, _ in paths])

    trials, sources, anchor_list = load_units(paths, anchors, subjects=n_subj)
    targets = build_targets(trials, sources, anchor_list, subjects=n_subj)
    if not args.loss_scale > 0:
        ap.error(f"--loss-scale must be positive (got {args.loss_scale}); e.g. --loss-scale 1")
    settings = FitSettings(iterations=iterations, trust=args.trust, step=step, loss=args.loss,
                           loss_scale=args.loss_scale)
    print(f"{len(paths)} files, {len(targets)} candidate targets, fitting {len(fitted)} "
          f"parameters; data sha256 {data_hash[:16]}", flush=True)

    with Evaluator(trials, anchor_list, current, fitted, args.workers, args.seed,
                   subjects=n_subj) as ev:
        S0, st0 = ev.simulate([x0], targets)
        t_eval = time.time() - t_start
        keep = np.array([s != "not_supported" for s in st0[0]])
        dropped = [t.label for t, k in zip(targets, keep, strict=True) if not k]
        targets = [t for t, k in zip(targets, keep, strict=True) if k]
        S0 = S0[0][keep]
        all_units = sorted({t.unit for t in targets})
        print(f"{len(targets)} targets ({len(dropped)} not supported); current set agrees on "
              f"{int(agrees(S0, [t.centre for t in targets], [t.tolerance for t in targets]).sum())}"
              f"; one full evaluation {t_eval:.0f} s ({n_subj} subject(s) per arm)", flush=True)
        J0 = jacobian(ev, z0, lo, hi, targets, all_units, S0, settings.step)
        print(f"Jacobian done; {time.time() - t_start:.0f} s", flush=True)
        everything = np.ones(len(targets), bool)
        z_in, J_in = fit(ev, z0, S0, J0, lo, hi, targets, everything, settings)
        x_in = lo + z_in * (hi - lo)
        S_in = ev.simulate([x_in], targets)[0][0]
        print(f"in-sample fit done; {time.time() - t_start:.0f} s", flush=True)
        folds = study_folds([t.study for t in targets], folds_k, args.seed)
        S_cv = np.full(len(targets), np.nan)
        fold_of = np.full(len(targets), -1)
        fold_x = []
        for f, idx in enumerate(folds):
            test = np.zeros(len(targets), bool)
            test[idx] = True
            z_f, _ = fit(ev, z0, S0, J0, lo, hi, targets, ~test, settings)
            x_f = lo + z_f * (hi - lo)
            fold_x.append(x_f)
            units = sorted({targets[i].unit for i in idx})
            S_f = ev.simulate([x_f], targets, units=units)[0][0]
            S_cv[idx] = S_f[idx]
            fold_of[idx] = f
            print(f"fold {f + 1}/{len(folds)}: {len(idx)} targets held out; "
                  f"{time.time() - t_start:.0f} s", flush=True)
        n_sim = ev.calls

    width = hi - lo
    r0, r_in = residuals(S0, targets), residuals(S_in, targets)
    ident_current = identifiability(J0 / width, r0, fitted, x0, lo, hi)
    ident_fit = identifiability(J_in / width, r_in, fitted, x_in, lo, hi)
    summ = {"current": summarize(targets, S0), "in_sample": summarize(targets, S_in),
            "cross_validated": summarize(targets, S_cv)}
    improves = summ["cross_validated"]["all"]["agree"] > summ["current"]["all"]["agree"]
    who = ("mean subject per trial" if n_subj == 1 else
           f"cohorts of {n_subj} subjects per arm (between-person draw, seed {args.seed}, "
           "common random numbers)")
    settings_text = (f"{who}, {len(fitted)} fitted parameters, FD step {step}, "
                     f"{iterations} Gauss-Newton iteration(s) (trust {args.trust}), "
                     + ("" if args.loss == "linear" else
                        f"{args.loss} loss (scale {args.loss_scale} tolerances), ")
                     + f"{len(folds)} folds by study (seed {args.seed}), {len(paths)} files"
                     + (", anchors" if anchors else ""))
    centre = np.array([t.centre for t in targets])
    tol = np.array([t.tolerance for t in targets])
    rows = []
    for i, t in enumerate(targets):
        rows.append({
            "target": t.label, "study": t.study, "source": t.source, "measure": t.measure,
            "weight": t.weight, "published": t.published,
            "interval_low": round(t.centre - t.tolerance, 4),
            "interval_high": round(t.centre + t.tolerance, 4),
            "current": _f(S0[i]), "in_sample": _f(S_in[i]), "cross_validated": _f(S_cv[i]),
            "fold": int(fold_of[i]),
            "agree_current": bool(agrees(S0[i], centre[i], tol[i])),
            "agree_in_sample": bool(agrees(S_in[i], centre[i], tol[i])),
            "agree_cross_validated": bool(agrees(S_cv[i], centre[i], tol[i])),
        })
    provenance = {
        "script": "scripts/calibrate.py" + (" --check" if args.check else ""),
        "date": _dt.date.today().isoformat(),
        "data_sha256": data_hash,
        "data": [_data_label(p) for p, _ in paths] + [a.label for a in anchor_list],
        "measures": list(MEASURES),
        "weights": {**NATURAL_HISTORY, "other endpoints and anchors": 1.0},
        "settings": settings_text,
        "seed": args.seed,
        "subjects": n_subj,
        "seconds_per_full_evaluation": round(t_eval, 1),
        "simulations": n_sim,
        "seconds": round(time.time() - t_start, 1),
    }
    result = {
        **provenance,
        "fitted": list(fitted),
        "current_values": dict(zip(fitted, map(float, x0), strict=True)),
        "in_sample_values": dict(zip(fitted, map(float, x_in), strict=True)),
        "fold_values": [dict(zip(fitted, map(float, x), strict=True)) for x in fold_x],
        "folds": [sorted({targets[i].study for i in idx}) for idx in folds],
        "agreement": summ,
        "cross_validation_improves_on_current": bool(improves),
        "identifiability_current": ident_current.to_dict(),
        "identifiability_in_sample": ident_fit.to_dict(),
        "not_supported": dropped,
        "endpoints": rows,
    }
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "calibration.json").write_text(json.dumps(result, indent=1) + "\n")
    (out_dir / "in_sample_values.json").write_text(json.dumps({
        "about": "in-sample fit of scripts/calibrate.py over the current set (NOT written "
                 "to calibrated.json); for scripts/physio_measure.py --parameters",
        "settings": settings_text,
        "values": {**previous, **result["in_sample_values"]}}, indent=1) + "\n")
    with open(out_dir / "endpoints.csv", "w", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    md = ["| target | source | published | interval | current | in-sample | cross-validated |",
          "|---|---|---:|---|---:|---:|---:|"]

    def cell(v, ok):
        return "n/a" if v is None else f"{v:.2f}{'' if ok else ' ✗'}"
    for r in rows:
        md.append(f"| {r['target']} | {r['source']} | {r['published']:g} | "
                  f"[{r['interval_low']:.2f}, {r['interval_high']:.2f}] | "
                  f"{cell(r['current'], r['agree_current'])} | "
                  f"{cell(r['in_sample'], r['agree_in_sample'])} | "
                  f"{cell(r['cross_validated'], r['agree_cross_validated'])} |")
    (out_dir / "endpoints.md").write_text(
        f"Settings: {settings_text}. ✗ = outside the FORMAT.md agreement interval.\n\n"
        + "\n".join(md) + "\n")

    def line(name, s):
        return (f"| {name} | " + " | ".join(
            f"{s[k]['agree']}/{s[k]['n']} ({100 * s[k]['fraction']:.0f} %)" if s[k]["n"]
            else "-" for k in ("all", "shared", "project", "anchor")) + " |")
    summary = [f"Settings: {settings_text}; data sha256 {data_hash}.", "",
               "| parameter set | all | shared files | project files | anchors |",
               "|---|---|---|---|---|",
               line("current (no refit)", summ["current"]),
               line("in-sample fit", summ["in_sample"]),
               line("cross-validated by study", summ["cross_validated"]), "",
               "Identifiability at the in-sample fit (residuals there; Jacobian of the last "
               "linearization, i.e. at the current set when --iterations is 1):", "", "```",
               *ident_fit.summary_lines(), "```", "",
               "Identifiability at the current set:", "", "```",
               *ident_current.summary_lines(), "```"]
    (out_dir / "summary.md").write_text("\n".join(summary) + "\n")
    print("\n".join(summary))
    print(f"wrote {out_dir}; {time.time() - t_start:.0f} s, {n_sim} simulations")

    if args.write:
        # the decision rule (module docstring): better prediction AND no loss on cohorts
        n_c = COHORT_CHECK_SUBJECTS
        if n_subj >= n_c:
            trial_rows = np.array([t.source != "anchor" for t in targets])
            c_now, c_fit = (int(agrees(S[trial_rows], centre[trial_rows],
                                       tol[trial_rows]).sum()) for S in (S0, S_in))
        else:
            c_now, c_fit = cohort_agreement(paths, current, fitted, [x0, x_in],
                                            args.workers, args.seed, n_c)
        print(f"{n_c}-subject cohorts: current set {c_now}, in-sample fit {c_fit}")
        keep_fit = improves and c_fit >= c_now
        chosen = ident_fit if keep_fit else ident_current
        if keep_fit:
            doc = json.loads(OUT.read_text()) if OUT.exists() else {}
            doc.update({"script": "scripts/calibrate.py", "date": provenance["date"],
                        "data": provenance["data"], "data_sha256": data_hash,
                        "method": settings_text,
                        "values": {**previous, **result["in_sample_values"]},
                        "fitted_last": list(fitted), "agreement": summ})
            OUT.write_text(json.dumps(doc, indent=1) + "\n")
            print("cross-validated agreement improves and the cohorts do not lose: wrote",
                  OUT)
        else:
            why = ("cross-validated agreement does not improve on the current set"
                   if not improves else f"the {n_c}-subject cohorts lose")
            print(f"{why}: {OUT.name} kept")
        COV_OUT.write_text(json.dumps({
            "about": "Laplace approximation N(values, covariance) of the fitted parameters "
                     "of calibrated.json (osteon.calibration.identifiability)",
            "for": "in-sample fit" if keep_fit else "current calibrated.json values",
            **provenance, **chosen.to_dict()}, indent=1) + "\n")
        print("wrote", COV_OUT)
    return 0


if __name__ == "__main__":
    sys.exit(main())
