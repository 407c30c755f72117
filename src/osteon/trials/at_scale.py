"""``osteon trial``: one trial file as a virtual trial of any size, streamed to Zarr.

:func:`run_trial` reads the file, maps its population onto a
:class:`~osteon.cohort.population.PopulationSpec`, splits the cohort into fixed
chunks (:mod:`osteon.cohort.chunks`), runs the chunks on an executor
(:mod:`osteon.cohort.executors`: in-process, local processes or Dask) and writes
each finished chunk to the store (:mod:`osteon.cohort.store`) before the next
arrives, so memory does not grow with the cohort. Every arm the model can
simulate is run on the same virtual subjects (a paired cohort); arms with the
same interventions are simulated once, and every arm branches from one simulated
history of the subjects (the runner of :mod:`osteon.cohort.runner`, which ``osteon
validate`` shares). :func:`run` is the command line; it ends with the endpoint table of
:mod:`osteon.trials.summary`.
"""

from __future__ import annotations

import gc
import hashlib
import json
import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from osteon._version import __version__
from osteon.cohort.chunks import ArmGroup, ChunkPlan, RunSpec, check_count
from osteon.cohort.executors import (
    DEFAULT_RETRIES,
    MAX_RETRIES,
    MAX_WORKERS,
    ChunkFailed,
    check_scheduler_address,
    make_executor,
)
from osteon.cohort.integrity import StoreLock
from osteon.cohort.progress import progress_bar
from osteon.cohort.runner import arm_groups, default_chunk_size
from osteon.cohort.store import CohortStore, read_identity
from osteon.errors import OsteonInputError
from osteon.paths import check_output_folder
from osteon.trials.endpoints import endpoint_days
from osteon.trials.format import Trial, load_trial
from osteon.trials.population import spec_from_population
from osteon.trials.summary import format_summary, summarize_store
from osteon.units import DAYS_PER_YEAR

MAX_TRIAL_SUBJECTS = 10_000_000
"""Most virtual subjects per arm of ``osteon trial`` (checked before any allocation)."""


@dataclass
class TrialRun:
    """What :func:`run_trial` did.

    Attributes
    ----------
    trial, out
        The parsed trial and the store.
    n_subjects, seed, chunk_size, n_chunks
        The run's identity.
    computed, skipped
        Chunks simulated now, and chunks found finished in the store (``--resume``).
    unavailable
        Arms not simulated, with the reason.
    notes
        Sampling notes (clipped values, summed over the chunks computed now).
    wall_s
        Wall time of this call (seconds).
    executor
        Where the chunks ran.
    """

    trial: Trial
    out: Path
    n_subjects: int
    seed: int
    chunk_size: int
    n_chunks: int
    computed: int = 0
    skipped: int = 0
    unavailable: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    wall_s: float = 0.0
    executor: str = ""


def _groups(trial: Trial) -> tuple[tuple[ArmGroup, ...], dict[str, str]]:
    groups, unavailable = arm_groups(trial)
    return groups, {name: reason for name, (_, reason) in unavailable.items()}


_CLIP = re.compile(r"^(.*): (\d+) of (\d+) sampled values clipped to (.*)$")


def _merge_notes(notes: dict[str, int], chunk_notes) -> None:
    """Sum the clipping notes of the chunks (``{note: values clipped}``)."""
    for line in chunk_notes:
        m = _CLIP.match(line)
        key = f"{m.group(1)}: clipped to {m.group(4)}" if m else line
        notes[key] = notes.get(key, 0) + (int(m.group(2)) if m else 0)


def run_trial(trial_file: str | Path, subjects: int, out: str | Path, *,
              workers: int | None = None, scheduler: str | None = None, resume: bool = False,
              seed: int = 2026, chunk_size: int | None = None, quiet: bool = False,
              retries: int = DEFAULT_RETRIES, executor=None) -> TrialRun:
    """Run a trial file as a virtual trial of ``subjects`` subjects, streamed to ``out``.

    Parameters
    ----------
    trial_file
        A trial file (``shared/validation/FORMAT.md``).
    subjects
        Virtual subjects (the same ones in every arm).
    out
        The Zarr store to write (a directory; must not exist unless ``resume``).
    workers
        Local worker processes (default: the CPUs); ``0`` runs in this process.
    scheduler
        Address of a Dask scheduler (``tcp://host:8786``); overrides ``workers``.
    resume
        Continue the run that made ``out``: finished chunks are kept, the others
        computed. Refused if ``out`` was made by another trial file, seed, cohort
        size, chunk size or parameter set.
    seed
        Seed of the cohort; chunk ``k`` samples with child ``k`` of ``SeedSequence(seed)``.
    chunk_size
        Subjects per chunk (default :data:`~osteon.cohort.chunks.DEFAULT_CHUNK_SIZE`,
        or the store's when resuming). Part of the run's identity: it fixes which
        subjects are sampled.
    quiet
        No progress bar.
    retries
        Extra attempts of a failing chunk.
    executor
        An executor object to use instead of ``workers`` / ``scheduler``.

    Raises
    ------
    OsteonInputError
        For a missing or malformed file (:class:`~osteon.errors.TrialFileError`),
        ``subjects < 1``, a bad seed or chunk size, an existing ``out`` without
        ``resume``, or a store of another run.
    """
    started = time.perf_counter()
    path = Path(trial_file)
    if not path.is_file():
        raise OsteonInputError("trial file", f"{path} does not exist or is not a file",
                               "osteon trial ../shared/validation/trials/pepi-1996.yaml ...")
    # every number and path checked before anything is read or allocated (issue 15)
    subjects = check_count("--subjects", subjects, "--subjects 1000", hi=MAX_TRIAL_SUBJECTS)
    seed = check_count("--seed", seed, "--seed 2026", lo=0, hi=2**63 - 1)
    retries = check_count("--retries", retries, "--retries 2", lo=0, hi=MAX_RETRIES)
    if executor is None and scheduler is not None:
        check_scheduler_address(scheduler)
    if executor is None and workers is not None:
        check_count("--workers", workers, "--workers 4 (0: in this process)", lo=0,
                    hi=MAX_WORKERS)
    out = check_output_folder(out, "--out", "--out result.zarr")
    if chunk_size is None:
        stored = read_identity(out) if resume else None
        chunk_size = int(stored["chunk_size"]) if stored else default_chunk_size(subjects)
    chunk_size = check_count("--chunk-size", chunk_size, "--chunk-size 100", 1, 100_000)
    trial = load_trial(path)
    spec = spec_from_population(trial.population)
    groups, unavailable = _groups(trial)
    if not groups:
        raise OsteonInputError(f"{path.name}: arms", "no arm can be simulated yet ("
                               + "; ".join(f"{a}: {r}" for a, r in unavailable.items()) + ")",
                               "an arm with supported interventions, e.g. placebo: []")
    from osteon.parameters import default_parameters

    parameters = default_parameters()
    overrides = spec.parameter_overrides
    if overrides:  # pragma: no cover - trial files do not set parameters yet
        parameters = parameters.replace(**overrides)
    sha = hashlib.sha256(path.read_bytes()).hexdigest()
    identity = {"trial_sha256": sha, "seed": seed, "n_subjects": subjects,
                "chunk_size": chunk_size, "parameter_set_hash": parameters.hash}
    plan = ChunkPlan(subjects, chunk_size)
    days = sorted({d for g in groups for a in g.names for d in endpoint_days(trial, a)})
    run = RunSpec(key=hashlib.sha256(json.dumps(identity, sort_keys=True).encode()
                                     ).hexdigest()[:12],
                  population=spec, groups=groups, seed=seed, n_subjects=subjects,
                  chunk_size=chunk_size, years=trial.duration_days / DAYS_PER_YEAR,
                  output_days=tuple(days), parameter_overrides=tuple(sorted(overrides.items())))
    provenance = {
        "title": f"Osteon virtual trial: {trial.title}",
        "trial_file": str(path), "trial_id": trial.id, "trial_citation": trial.citation,
        "osteon_version": __version__, "parameter_set": parameters.name,
        "population_spec": json.dumps(spec.to_dict(), default=str),
        "population_spec_hash": spec.hash,
        "arms_not_simulated": json.dumps(unavailable),
        "chunk_seeding": "chunk k samples with numpy SeedSequence(seed).spawn(n_chunks)[k]",
        "disclaimer": "Research and education tool; not medical advice.",
    }
    arms = list(run.arm_names)
    if not resume and out.exists():
        raise OsteonInputError("--out", f"{out} already exists; pass --resume to continue the "
                               "run that made it, or choose a new path", "--out result-2.zarr")
    # The executor first: an unreachable scheduler leaves no store behind.
    lock = StoreLock(out).acquire()  # one writer per store (issue 15)
    try:
        ex = executor if executor is not None else make_executor(workers, scheduler, retries)
    except BaseException:
        lock.release()
        raise
    try:
        opener = CohortStore.resume if resume else CohortStore.create
        store = opener(out, plan, arms, identity, provenance)
        repaired = store.repair() if resume else []
        done = store.done_chunks()
        todo = [k for k in plan if k not in done]
        result = TrialRun(trial, out, subjects, seed, chunk_size, plan.n_chunks,
                          skipped=len(done), unavailable=unavailable)
        notes: dict[str, int] = {}
        result.executor = ex.describe()
        initial = sum(plan.bounds(k)[1] - plan.bounds(k)[0] for k in done)
        with progress_bar(subjects, initial, quiet=quiet, desc=trial.id) as bar:
            for chunk in ex.imap_unordered(run, todo):
                store.write(chunk)
                result.computed += 1
                _merge_notes(notes, chunk.notes)
                bar.update(chunk.stop - chunk.start)
                del chunk
                # Datasets sit in reference cycles; collecting them per chunk keeps the
                # resident memory flat instead of growing until the next full collection.
                gc.collect()
        result.notes = repaired + [
            f"sampling: {k} ({c} values in the chunks computed now)" if c
            else f"sampling: {k}" for k, c in notes.items()]
        result.wall_s = time.perf_counter() - started
        store.finalize({"executor": result.executor,
                        "last_wall_time_s": round(result.wall_s, 3),
                        "chunks_computed_last": result.computed,
                        "chunks_resumed_last": result.skipped})
    finally:
        try:
            if executor is None:
                ex.close()
        finally:
            lock.release()
    return result


def run(args) -> int:
    """Entry point of ``osteon trial FILE --subjects N --out RESULT.zarr [...]``."""
    try:
        res = run_trial(args.file, args.subjects, args.out, workers=args.workers,
                        scheduler=args.scheduler, resume=args.resume, seed=args.seed,
                        chunk_size=args.chunk_size, quiet=args.quiet, retries=args.retries)
    except ChunkFailed as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    t = res.trial
    print(f"{t.id} ({t.file}): {t.title}")
    print(f"  {res.n_subjects} virtual subjects per arm (same subjects in every arm), seed "
          f"{res.seed}, {res.n_chunks} chunks of {res.chunk_size}; computed {res.computed}, "
          f"resumed {res.skipped}; {res.executor}; {res.wall_s:.1f} s")
    print(f"  results: {res.out}")
    for arm, why in res.unavailable.items():
        print(f"  note: arm {arm}: {why}")
    for n in res.notes:
        print(f"  note: {n}")
    print("  intervals: '95% CI of mean' = mean ± 1.96 SD/sqrt(n); 'subjects 2.5-97.5%' = "
          "percentiles of the subjects' values; percent_osteoporotic: the share, Wilson CI, "
          "percentiles of the subjects' T-scores (T); sd_percent_change: the SD of the "
          "subjects' changes, chi-square CI")
    print(format_summary(summarize_store(t, res.out, res.unavailable)), end="", flush=True)
    failed, reasons = failed_subjects(res.out)
    if failed:
        # subjects that failed make the run fail: say how many and why (issue 15)
        from osteon.trials.validate import failure_line

        print(failure_line(failed, reasons), file=sys.stderr, flush=True)
        return 1
    return 0


def failed_subjects(out: str | Path) -> tuple[int, dict[str, int]]:
    """How many subject simulations of a store failed (over every arm), and why."""
    import numpy as np

    from osteon.cohort.store import open_arms

    failed, reasons = 0, dict[str, int]()
    for ds in open_arms(out).values():
        status = np.asarray(ds["status"].values).astype(object)
        bad = status != "ok"
        failed += int(bad.sum())
        if bad.any():
            why = np.asarray(ds["status_reason"].values).astype(object)[bad]
            for r in why:
                r = str(r) or "no reason given"
                reasons[r] = reasons.get(r, 0) + 1
    return failed, reasons
