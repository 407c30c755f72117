"""``osteon validate``: run trial files as virtual trials and compare their endpoints.

For each file: read and validate it (:func:`~osteon.trials.format.load_trial`),
sample one virtual cohort from its population (the same subjects in every arm:
a paired virtual cohort), simulate each arm that an endpoint needs (one batched
:class:`~osteon.simulation.Simulation` per distinct protocol; arms with the same
interventions share it; all arms branch from one simulated history) and compare each
endpoint with the published figure. Sampling and simulation are the runner of
``osteon trial`` (:mod:`osteon.cohort.runner`): the same seed and cohort size give the
same virtual subjects in both commands.

Nothing is skipped silently: an arm with an intervention the model cannot
simulate yet makes its endpoints ``not_supported`` ("not supported yet:
<kind>"), while the other arms of the file still run; a malformed file is
reported as an error and the other files still run.
"""

from __future__ import annotations

import json
import math
import os
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from osteon import checks
from osteon.cohort.runner import arm_groups, sample_run, simulate_arms
from osteon.errors import OsteonInputError, TrialFileError
from osteon.parameters import ParameterSet
from osteon.trials.endpoints import (
    EndpointResult,
    endpoint_days,
    evaluate_endpoint,
)
from osteon.trials.format import Trial, load_trial
from osteon.trials.population import SampledCohort, spec_from_population
from osteon.units import DAYS_PER_YEAR

MIN_CLI_SUBJECTS = 200
MAX_SUBJECTS = 20_000
"""Most virtual subjects per arm of ``osteon validate`` (every arm is held in memory,
about 50 kB per subject; ``osteon trial`` streams larger cohorts to a store)."""
"""Smallest virtual cohort per arm on the command line (``FORMAT.md``)."""


@dataclass
class TrialReport:
    """Outcome of one trial file.

    Attributes
    ----------
    path
        The file.
    trial
        The parsed trial (``None`` if the file could not be read).
    results
        One record per endpoint, or a single ``"error"`` record for an unreadable file.
    notes
        Lines about the virtual cohort and arms (unmodelled covariates, clipped
        samples, arms not supported yet).
    n_subjects
        Virtual subjects per arm.
    """

    path: str
    trial: Trial | None
    results: list[EndpointResult] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    n_subjects: int = 0
    failed_subjects: int = 0  # simulations (subject x arm group) that failed in the solver
    failure_reasons: dict[str, int] = field(default_factory=dict)  # reason -> count

    @property
    def file_error(self) -> bool:
        return self.trial is None


def _file_error(path: str | Path, message: str) -> EndpointResult:
    return EndpointResult(trial=Path(path).name, file=str(path), arm=None, control=None, site=None,
                          measure=None, from_=None, at=None, published=None, interval=None,
                          interval_source=None, simulated=None, agree=None, status="error",
                          reason=message)


def _population_notes(trial: Trial, cohort: SampledCohort) -> list[str]:
    notes = list(cohort.unmodelled_messages())
    notes.extend(f"sampling: {n}" for n in cohort.notes)
    pop = trial.population
    if pop.condition:
        notes.append(f"informational, not simulated: condition {pop.condition!r}")
    if pop.hysterectomy is not None:
        notes.append(f"informational, not simulated: hysterectomy {pop.hysterectomy}")
    return notes


def validate_trial(trial: Trial, subjects: int = 200, seed: int = 2026,
                   parameters: ParameterSet | None = None,
                   between_person: bool = True) -> TrialReport:
    """Run one parsed trial as a virtual trial.

    The subjects and the arms' simulation are those of ``osteon trial`` (one runner,
    :mod:`osteon.cohort.runner`): subject ``i`` is drawn with the seed of chunk
    ``i // chunk_size`` (child of ``SeedSequence(seed)``, chunks of up to 100), and every
    arm branches from one simulated history of the subjects.

    Parameters
    ----------
    trial
        From :func:`~osteon.trials.format.load_trial`.
    subjects
        Virtual subjects per arm (the same subjects in every arm).
    seed
        Seed of the cohort sampling (recorded in the simulation provenance).
    parameters
        Parameter set (default: :func:`osteon.default_parameters`); calibration
        scripts pass candidate sets here.
    between_person
        Draw each subject's peak BMD and physiology multipliers (the default). ``False``
        gives people who differ only in the published covariates; with every population
        SD at zero (:func:`osteon.calibration.targets.mean_subject_trial`) that is the
        mean person, which calibration judges. With ``True`` a one-subject cohort is one
        random person (its focal-balance offset, estrogen sensitivity, menopause age ...
        drawn), not the mean one.

    Returns
    -------
    TrialReport
        One :class:`~osteon.trials.endpoints.EndpointResult` per endpoint, in file order.
    """
    sample = sample_run(spec_from_population(trial.population, between_person), subjects, seed)
    cohort = SampledCohort(sample.subjects, {}, sample.notes)
    report = TrialReport(trial.path, trial, notes=_population_notes(trial, cohort),
                         n_subjects=subjects)
    referenced = [a for a in trial.arms if any(a.name in e.arms for e in trial.endpoints)]
    groups, unavailable = arm_groups(trial, referenced)
    report.notes.extend(f"arm {name}: {reason}" for name, (status, reason) in unavailable.items()
                        if status == "not_supported")
    # Simulate only arms that some endpoint can use (all of its arms are available).
    usable = {name for e in trial.endpoints if not any(a in unavailable for a in e.arms)
              for name in e.arms}
    groups = tuple(replace(g, names=tuple(n for n in g.names if n in usable)) for g in groups)
    groups = tuple(g for g in groups if g.names)
    days = sorted({d for g in groups for a in g.names for d in endpoint_days(trial, a)})
    outcome = simulate_arms(cohort.subjects, groups, parameters=parameters,
                            years=trial.duration_days / DAYS_PER_YEAR, output_days=days,
                            seed=seed, catch=True)
    unavailable.update(outcome.errors)
    for g in groups:
        ds = outcome.datasets.get(g.names[0])
        n_failed = 0 if ds is None else int(ds.attrs.get("n_failed", 0))
        if ds is not None and n_failed:
            report.failed_subjects += n_failed
            bad = ds["status"].values != "ok"
            for why in ds["status_reason"].values[bad]:
                why = str(why) or "no reason given"
                report.failure_reasons[why] = report.failure_reasons.get(why, 0) + 1
            names = ", ".join(g.names)
            report.notes.append(f"arm {names}: {n_failed} of {subjects} virtual subjects failed "
                                "in the solver and are left out of its endpoints")
        n_alerts = 0 if ds is None else int(ds.attrs.get("n_alerts", 0))
        if ds is not None and n_alerts:
            first = next(str(a) for a in ds["physiology_alert"].values if str(a))
            report.notes.append(f"arm {', '.join(g.names)}: {n_alerts} of {subjects} virtual "
                                f"subjects left the clinical calcium range (e.g. {first})")
        n_early = 0 if ds is None else int(ds.attrs.get("n_exposure_notes", 0))
        if ds is not None and n_early:
            first = next(str(a) for a in ds["exposure_note"].values if str(a))
            report.notes.append(f"arm {', '.join(g.names)}: {n_early} of {subjects} virtual "
                                f"subjects were exposed before their 30th birthday (e.g. {first})")
    notes = tuple(report.notes)
    report.results = [replace(evaluate_endpoint(trial, e, outcome.datasets, unavailable),
                              notes=notes)
                      for e in trial.endpoints]
    return report


def _expand(paths: Iterable[str | Path]) -> list[tuple[Path, str | None]]:
    out: list[tuple[Path, str | None]] = []
    for p in map(Path, paths):
        if p.is_dir():
            files = sorted(p.glob("*.yaml"))
            if not files:
                out.append((p, f"{p}: no *.yaml trial files in this folder"))
            out.extend((f, None) for f in files)
        else:
            out.append((p, None))
    return out


def iter_reports(paths: Iterable[str | Path] | str | Path, subjects: int = 200, seed: int = 2026,
                 parameters: ParameterSet | None = None) -> Iterable[TrialReport]:
    """Validate trial files and folders (all ``*.yaml`` inside, sorted), one report per file.

    An unreadable or malformed file yields a report with ``trial=None`` and one
    ``"error"`` record; the other files still run. ``parameters`` as in
    :func:`validate_trial` (default: :func:`osteon.default_parameters`).
    """
    if isinstance(paths, (str, Path)):
        paths = [paths]
    # checked before anything is allocated (issue 15)
    subjects = checks.whole("subjects", subjects, "subjects=200", lo=1, hi=MAX_SUBJECTS)
    seed = checks.whole("seed", seed, "seed=2026", lo=0, hi=2**63 - 1)
    for path, problem in _expand(paths):
        if problem:
            yield TrialReport(str(path), None, [_file_error(path, problem)])
            continue
        try:
            trial = load_trial(path)
        except TrialFileError as err:
            yield TrialReport(str(path), None, [_file_error(path, str(err))])
            continue
        yield validate_trial(trial, subjects=subjects, seed=seed, parameters=parameters)


def validate_files(paths: Iterable[str | Path] | str | Path, subjects: int = 200,
                   seed: int = 2026) -> list[EndpointResult]:
    """Validate trial files and folders; one record per endpoint.

    Parameters
    ----------
    paths
        Trial files and/or folders (every ``*.yaml`` directly inside, sorted).
    subjects
        Virtual subjects per arm (the command line asks for at least 200; the
        Python API accepts fewer, for tests).
    seed
        Seed of the cohort sampling.

    Returns
    -------
    list of EndpointResult
        In file and endpoint order. A file that cannot be read contributes one
        record with ``status="error"`` and ``arm=None`` naming the problem.
    """
    return [r for rep in iter_reports(paths, subjects, seed) for r in rep.results]


# --------------------------------------------------------------------------- text output
def _fmt(x: float | None, digits: int = 2) -> str:
    if x is None or (isinstance(x, float) and not math.isfinite(x)):
        return "-"
    return f"{x:.{digits}f}"


def _interval_text(r: EndpointResult) -> str:
    if r.interval is None:
        return "-"
    lo, hi = r.interval
    if r.measure == "sd_percent_change":
        return f"[{lo:.2f}, {hi:.2f}] (÷×1.5)"
    if r.interval_source == "ci":
        widen = {"level": "10%", "t_score_mean": "0.1", "percent_osteoporotic": "2"}.get(
            r.measure or "", "0.5")
        return f"[{lo:.2f}, {hi:.2f}] (ci±{widen})"
    return f"[{lo:.2f}, {hi:.2f}] (±{(hi - lo) / 2:.2f})"


def _result_text(r: EndpointResult) -> str:
    if r.status == "ok":
        text = "agree" if r.agree else "DISAGREE"
        if r.n_excluded:
            text += f" ({r.n_excluded} subjects excluded)"
        return text
    if r.status == "not_supported":
        return r.reason
    return f"ERROR: {r.reason}"


def format_report(rep: TrialReport) -> str:
    """The readable table of one trial file."""
    if rep.trial is None:
        # one line per problem when a file has several (issue 15)
        reason = str(rep.results[0].reason).replace("\n", "\n  ")
        return f"{Path(rep.path).name}: ERROR: {reason}\n"
    t = rep.trial
    lines = [f"{t.id} ({t.file}): {t.title}",
             f"  {t.design}, {t.population.sex}, follow-up {t.duration_text}, "
             f"{rep.n_subjects} virtual subjects per arm (same subjects in every arm)"]
    lines += [f"  note: {n}" for n in rep.notes]
    header = ("arm", "site", "measure", "from", "at", "published", "interval", "simulated",
              "result")
    rows = []
    for r in rep.results:
        arm = r.arm if r.control is None else f"{r.arm} vs {r.control}"
        rows.append((arm, r.site, r.measure, r.from_, r.at, _fmt(r.published),
                     _interval_text(r), _fmt(r.simulated), _result_text(r)))
    widths = [max(len(str(x)) for x in col) for col in zip(header, *rows, strict=True)]
    for row in (header, *rows):
        cells = [str(c).ljust(w) for c, w in zip(row[:-1], widths[:-1], strict=True)]
        lines.append("  " + "  ".join([*cells, str(row[-1])]).rstrip())
    return "\n".join(lines) + "\n"


@dataclass(frozen=True)
class Summary:
    """Counts over endpoint records (file errors counted apart)."""

    endpoints: int
    agree: int
    disagree: int
    not_supported: int
    errors: int
    file_errors: int

    def line(self) -> str:
        pct = f"{100.0 * self.agree / self.endpoints:.0f}%" if self.endpoints else "n/a"
        text = (f"Summary: {self.agree}/{self.endpoints} endpoints agree ({pct}), "
                f"{self.not_supported} not supported, {self.disagree} disagree")
        if self.errors:
            text += f", {self.errors} error{'s' if self.errors != 1 else ''}"
        if self.file_errors:
            text += (f"; {self.file_errors} file{'s' if self.file_errors != 1 else ''} "
                     "could not be read")
        return text


def summarize(results: Iterable[EndpointResult]) -> Summary:
    """Count agreeing, disagreeing, unsupported and failed endpoints."""
    results = list(results)
    eps = [r for r in results if r.endpoint_index is not None]
    return Summary(
        endpoints=len(eps),
        agree=sum(r.status == "ok" and bool(r.agree) for r in eps),
        disagree=sum(r.status == "ok" and not r.agree for r in eps),
        not_supported=sum(r.status == "not_supported" for r in eps),
        errors=sum(r.status == "error" for r in eps),
        file_errors=sum(r.endpoint_index is None and r.status == "error" for r in results),
    )


def run(args) -> int:
    """Entry point of ``osteon validate PATH... [--subjects N] [--seed S] [--json]``.

    Returns
    -------
    int
        0 when every file ran (disagreement is not an error); 1 when a file
        could not be read, an endpoint could not be computed or a virtual subject
        failed in the solver (how many and why is printed on stderr).
    """
    subjects = checks.whole("--subjects", args.subjects, f"--subjects {MIN_CLI_SUBJECTS}",
                            lo=1, hi=MAX_SUBJECTS)
    if subjects < MIN_CLI_SUBJECTS:
        raise OsteonInputError(
            "--subjects",
            f"{subjects} is too few; FORMAT.md compares the mean of at least "
            f"{MIN_CLI_SUBJECTS} virtual subjects per arm",
            f"--subjects {MIN_CLI_SUBJECTS}",
        )
    if args.seed < 0:
        raise OsteonInputError("--seed", f"{args.seed} is negative", "--seed 2026")
    everything: list[EndpointResult] = []
    failed = 0
    reasons: dict[str, int] = {}
    try:
        for rep in iter_reports(args.paths, subjects=subjects, seed=args.seed):
            everything.extend(rep.results)
            failed += rep.failed_subjects
            for why, c in rep.failure_reasons.items():
                reasons[why] = reasons.get(why, 0) + c
            if args.json:
                if rep.file_error:
                    print(f"error: {rep.results[0].reason}", file=sys.stderr)
                for r in rep.results:
                    print(json.dumps(r.to_json_dict()), flush=True)
            else:
                print(format_report(rep), flush=True)
        summary = summarize(everything)
        print(summary.line(), file=sys.stderr if args.json else sys.stdout, flush=True)
        if failed:
            # a failed subject is an error of the run, not a detail (issue 15)
            print(failure_line(failed, reasons), file=sys.stderr, flush=True)
    except BrokenPipeError:
        # The reader went away (e.g. ``| head``): stop quietly.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    return 1 if (summary.errors or summary.file_errors or failed) else 0


def failure_line(failed: int, reasons: dict[str, int], limit: int = 3) -> str:
    """One line saying how many simulated subjects failed and the commonest reasons.

    >>> failure_line(3, {"non-finite state": 2, "step size too small": 1})
    'error: 3 virtual subject simulations failed in the solver (2x non-finite state; 1x step size too small)'
    """
    top = sorted(reasons.items(), key=lambda kv: -kv[1])[:limit]
    why = "; ".join(f"{c}x {r}" for r, c in top)
    more = f"; {len(reasons) - limit} other reasons" if len(reasons) > limit else ""
    return (f"error: {failed} virtual subject simulation{'s' if failed != 1 else ''} failed "
            f"in the solver ({why}{more})")
