"""Calibration targets: every public trial endpoint (mean subject or cohort), and anchors.

Data
    All trial files in the shared folder (``../shared/validation/trials``) and the
    project's own (``validation/trials``). Each file runs through the same code as
    ``osteon validate`` on its *mean subject* (every population SD set to zero, and no
    between-person draw of physiology or peak bone mass: the mean person), or, with
    ``subjects > 1``, on a small cohort (below).

Cohorts (``subjects > 1``)
    With ``load_units(..., subjects=N)`` and N > 1 each file keeps its published SDs and
    runs as a cohort of N subjects per arm *with* the between-person draw (the cohort of
    ``osteon validate`` and ``scripts/physio_measure.py``). The draw depends only on the
    file's population and the seed, never on the parameter set, so the same people are
    drawn at every parameter point (common random numbers): differences between points
    are the parameters' effect, not sampling noise.

Endpoint kinds
    ``percent_change``, ``difference_vs_control``, ``annual_percent_change``, ``level``
    and ``t_score_mean`` are targets (``MEASURES``). With cohorts (N > 1) the spread
    endpoints ``percent_osteoporotic`` and ``sd_percent_change`` join (``SPREAD_MEASURES``);
    the mean subject has no spread (its share is 0 or 100 %, its SD 0), so without cohorts
    they are left out.

Weights (multiply the tolerance-scaled residual)
    * natural history (``NATURAL_HISTORY``: SWAN, Garnero 1996, MrOS, PEPI placebo):
      2.0, because every therapy acts on it;
    * every other trial endpoint: 1.0;
    * the spread endpoints (cohorts only): ``SPREAD_WEIGHT`` = 0.5 times the above: with
      10-30 subjects per arm a sample SD carries a sampling error of 13-24 % of itself
      (``1 / sqrt(2 (N - 1))``) and a share of osteoporotic women one of 7-15 points, of
      the order of their agreement tolerance, so they count half;
    * the anchors (``ANCHORS``): 1.0, with the tolerance stated there.

Residual
    ``w * (simulated - centre) / tolerance`` where ``[centre - tolerance, centre +
    tolerance]`` is the FORMAT.md agreement interval of the endpoint: ``|r| <= w`` is
    agreement. A failed simulation counts as a residual of 10.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import yaml

from osteon.trials.endpoints import agreement_interval
from osteon.trials.format import MeanSD, Trial, TScoreSpec, load_trial

#: Endpoint measures used as targets (see the module docstring for the others).
MEASURES = ("percent_change", "difference_vs_control", "annual_percent_change", "level",
            "t_score_mean")

#: Trials (id prefixes) whose endpoints count double, and the weight of the others.
NATURAL_HISTORY = {
    "swan-transmenopause": 2.0,
    "swan-decade": 2.0,
    "garnero-1996-turnover": 2.0,
    "mros-men-femoral-neck": 2.0,
    "pepi-1996 placebo": 2.0,
}
DEFAULT_WEIGHT = 1.0
#: Spread endpoints, targets only for cohorts (``subjects > 1``), and their weight factor.
SPREAD_MEASURES = ("percent_osteoporotic", "sd_percent_change")
SPREAD_WEIGHT = 0.5
FAILED_RESIDUAL = 10.0

#: Files of one study (same participants or the same survey) share a cross-validation group.
STUDY_GROUPS = {
    "sestak-2014-ibis2-anastrozole-bone": "ibis-ii",
    "sestak-2021-ibis2-anastrozole-offset": "ibis-ii",
    "leder-2009-teriparatide-stop-men": "leder-2009-teriparatide-stop",
    "leder-2009-teriparatide-stop-women": "leder-2009-teriparatide-stop",
    "wright-2014-nhanes-women-50-59": "nhanes-2005-2010",
    "wright-2014-nhanes-women-60-69": "nhanes-2005-2010",
    "wright-2014-nhanes-women-70-79": "nhanes-2005-2010",
    "swan-transmenopause": "swan",
    "swan-decade": "swan",
}

TERIPARATIDE = [{"intervention": "teriparatide", "dose": "20 ug", "every": "1 day"}]


@dataclass(frozen=True)
class Anchor:
    """A physiological target outside the trial files (one subject, one protocol)."""

    label: str
    study: str
    sex: str
    age: float
    menopause_age: float | None
    site: str
    years: float
    value: float
    tolerance: float
    specs: tuple = ()


ANCHORS = (
    # Looker AC et al. Osteoporos Int 1998;8:468 (NHANES III femoral neck by age).
    Anchor("women 30-80 femoral neck (Looker 1998)", "anchor-looker-1998", "female", 30.0,
           51.0, "femoral_neck", 50.0, -27.0, 6.0),
    Anchor("men 30-80 femoral neck (Looker 1998)", "anchor-looker-1998", "male", 30.0, None,
           "femoral_neck", 50.0, -20.0, 6.0),
    # Greendale GA et al. J Bone Miner Res 2012;27:111: spine stable from 30 to 45.
    Anchor("women 30-45 spine stable (Greendale 2012)", "swan", "female", 30.0, 51.0,
           "lumbar_spine", 15.0, 0.0, 2.0),
    # Neer RM et al. N Engl J Med 2001;344:1434 (the same study as the project file).
    Anchor("teriparatide 20 ug spine 21 months (Neer 2001)", "neer-2001-teriparatide",
           "female", 69.0, 48.0, "lumbar_spine", 1.75, 9.7, 2.4, tuple(TERIPARATIDE)),
    Anchor("teriparatide 20 ug femoral neck 21 months (Neer 2001)", "neer-2001-teriparatide",
           "female", 69.0, 48.0, "femoral_neck", 1.75, 2.8, 1.0, tuple(TERIPARATIDE)),
)


@dataclass(frozen=True)
class Target:
    """One residual of the objective."""

    label: str
    study: str  # cross-validation group
    source: str  # "shared", "project" or "anchor"
    unit: int  # index of the trial (or anchor) that produces it
    endpoint: int  # endpoint index in the trial (-1 for an anchor)
    measure: str
    published: float
    centre: float
    tolerance: float
    weight: float


def weight(label: str) -> float:
    """The weight of a target from its label (``NATURAL_HISTORY``)."""
    return max([w for k, w in NATURAL_HISTORY.items() if label.startswith(k)],
               default=DEFAULT_WEIGHT)


def study_of(trial_id: str) -> str:
    return STUDY_GROUPS.get(trial_id, trial_id)


def trial_paths(given: Sequence[str | Path], root: Path) -> list[tuple[Path, str]]:
    """``(path, source)`` of trial files named on a command line: files or folders.

    A folder stands for its ``*.yaml`` files. A file under the shared trial folder is
    ``shared``, under the project's ``validation/trials`` ``project``, anything else
    ``given``, so the per-folder split of the results survives an explicit list.
    Raises :class:`FileNotFoundError` naming a path that does not exist.
    """
    shared = (root.parent / "shared" / "validation" / "trials").resolve()
    project = (root / "validation" / "trials").resolve()
    out: list[tuple[Path, str]] = []
    for g in given:
        p = Path(g)
        if p.is_dir():
            files = sorted(p.glob("*.yaml"))
            if not files:
                raise FileNotFoundError(f"no *.yaml trial files in folder {p}")
        elif p.is_file():
            files = [p]
        else:
            raise FileNotFoundError(
                f"trial path {p} does not exist (give files or folders, e.g. "
                f"--trials ../shared/validation/trials validation/trials)")
        for f in files:
            parent = f.resolve().parent
            src = ("shared" if parent == shared else
                   "project" if parent == project else "given")
            out.append((f, src))
    return out


def default_trial_paths(root: Path) -> list[tuple[Path, str]]:
    """``(path, source)`` of every public trial file: shared first, then the project's."""
    shared = sorted((root.parent / "shared" / "validation" / "trials").glob("*.yaml"))
    project = sorted((root / "validation" / "trials").glob("*.yaml"))
    return [(p, "shared") for p in shared] + [(p, "project") for p in project]


def dataset_hash(paths: Iterable[Path]) -> str:
    """SHA-256 of the files' names and the data in them, in sorted order of file name.

    The data is the parsed YAML without the free-text ``notes`` field (FORMAT.md: "free
    text"), written as canonical JSON: the simulator never reads the notes, so a note
    added to a file (an audit, a source found later) leaves a calibration on that file
    current, while any changed number, arm or endpoint changes the hash. Only the file
    name enters, never the folder, so the same data hashes alike wherever the folders lie
    (a worktree, a CI clone, absolute or relative paths).
    """
    h = hashlib.sha256()
    blobs = [(Path(x).name, _data_bytes(Path(x))) for x in paths]
    for name, blob in sorted(blobs):
        h.update(name.encode() + b"\0")
        h.update(blob)
        h.update(b"\0")
    return h.hexdigest()


def _data_bytes(path: Path) -> bytes:
    """The data of one trial file as canonical JSON bytes (``notes`` left out)."""
    data = yaml.safe_load(path.read_text())
    if isinstance(data, dict):
        data = {k: v for k, v in data.items() if k != "notes"}
    return json.dumps(data, sort_keys=True, default=str, ensure_ascii=False).encode()


def mean_subject_trial(trial: Trial) -> Trial:
    """The trial with every population SD set to zero: its cohort is its mean subject.

    Run it with ``validate_trial(..., subjects=1, between_person=False)`` (as the
    evaluator does): with the between-person draw, one subject is one random person (its
    own focal-balance offset, estrogen sensitivity, menopause age ...), not the mean one.
    """
    pop = trial.population
    changes: dict[str, Any] = {}
    for f in dataclasses.fields(pop):
        v = getattr(pop, f.name)
        if isinstance(v, MeanSD | TScoreSpec):
            changes[f.name] = dataclasses.replace(v, sd=0.0)
    return dataclasses.replace(trial, population=dataclasses.replace(pop, **changes))


def endpoint_label(trial: Trial, ep) -> str:
    ctl = f" vs {ep.control}" if ep.control else ""
    return f"{trial.id} {ep.arm}{ctl} {ep.site} {ep.measure} {ep.at_text}"


def load_units(paths_sources: list[tuple[Path, str]], anchors: bool = True,
               subjects: int = 1):
    """Trials (mean-subject ones for ``subjects == 1``, as published for cohorts), their
    sources, and the anchors (if asked)."""
    trials = [load_trial(p) if subjects > 1 else mean_subject_trial(load_trial(p))
              for p, _ in paths_sources]
    sources = [s for _, s in paths_sources]
    return trials, sources, (list(ANCHORS) if anchors else [])


def build_targets(trials, sources, anchors, subjects: int = 1) -> list[Target]:
    """Every candidate target (before removing the ones the model cannot run).

    ``subjects > 1`` (cohorts) adds the spread endpoints (``SPREAD_MEASURES``, weight
    times ``SPREAD_WEIGHT``).
    """
    measures = MEASURES + (SPREAD_MEASURES if subjects > 1 else ())
    out = []
    for u, (trial, src) in enumerate(zip(trials, sources, strict=True)):
        for j, ep in enumerate(trial.endpoints):
            if ep.measure not in measures:
                continue
            lo, hi = agreement_interval(ep.value, ep.ci, ep.measure)
            label = endpoint_label(trial, ep)
            w = weight(label) * (SPREAD_WEIGHT if ep.measure in SPREAD_MEASURES else 1.0)
            out.append(Target(label, study_of(trial.id), src, u, j, ep.measure, float(ep.value),
                              (lo + hi) / 2.0, (hi - lo) / 2.0, w))
    for a, anc in enumerate(anchors):
        out.append(Target(anc.label, anc.study, "anchor", len(trials) + a, -1,
                          "percent_change", anc.value, anc.value, anc.tolerance,
                          DEFAULT_WEIGHT))
    return out


def agrees(simulated, centre, tolerance) -> np.ndarray:
    """FORMAT.md agreement: the simulated figure inside the agreement interval."""
    s, c, t = (np.asarray(x, float) for x in (simulated, centre, tolerance))
    return np.isfinite(s) & (np.abs(s - c) <= t * (1 + 1e-9))


def residuals(simulated, targets: list[Target]) -> np.ndarray:
    """Weighted, tolerance-scaled residuals; a failed simulation counts ``FAILED_RESIDUAL``."""
    s = np.asarray(simulated, float)
    c = np.array([t.centre for t in targets])
    tol = np.array([t.tolerance for t in targets])
    w = np.array([t.weight for t in targets])
    r = w * (s - c) / tol
    return np.where(np.isfinite(r), r, FAILED_RESIDUAL)
