"""Virtual cohorts sampled from the ``population`` section of a trial file.

Each covariate is drawn from its own random stream, spawned from the seed
(:class:`numpy.random.SeedSequence`), so that the same seed gives the same
subjects and adding a covariate to a file does not change the others.

- Age (years) ~ normal(mean, sd), clipped to the range a
  :class:`~osteon.subject.Subject` accepts, [30, 100].
- Women: years since menopause ~ normal(mean, sd), drawn jointly with age
  (see :func:`menopause_correlation`); ``menopause_age = age -
  years_since_menopause`` clipped to [30, 65] years. Without
  ``years_since_menopause`` the subject's default menopause age (51) is kept.
  ``menopause: surgical`` puts the bilateral oophorectomy at that age.
- Serum levels (testosterone ng/dL, estradiol pg/mL, IGF-1 ng/mL) and the other
  positive covariates ~ log-normal with the published mean and SD, clipped to
  the subject's accepted ranges.
- T-score (SD) ~ normal(mean, sd), clipped to [-7, 5].

Clipping is never silent: each clip adds a line to :attr:`SampledCohort.notes`.
Covariates the model does not use yet (habitual calcium, 25(OH)D, protein) are
sampled too and returned in :attr:`SampledCohort.unmodelled`, so that reports
can list them as "covariate not modelled yet".
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from osteon.subject import _LAB_RANGES, Subject
from osteon.trials.format import MeanSD, Population

AGE_RANGE = (30.0, 100.0)
"""Ages (years) a :class:`~osteon.subject.Subject` accepts."""
MENOPAUSE_AGE_RANGE = (30.0, 65.0)
"""Menopause ages (years) a :class:`~osteon.subject.Subject` accepts."""
MENOPAUSE_AGE_SD = 4.0
"""Assumed SD (years) of the age at menopause within a study population, about the
spread of the age at natural menopause in population studies (most women between 45
and 55)."""
T_SCORE_RANGE = (-7.0, 5.0)
STEPS_RANGE = (0.0, 60000.0)

LAB_KEYS = ("testosterone_ng_dl", "estradiol_pg_ml", "igf1_ng_ml")
DIET_COVARIATES = {
    # population key: units
    "calcium_mg_per_day": "mg/day",
    "vitamin_d_25oh_nmol_l": "nmol/L",
    "protein_g_per_kg_per_day": "g/kg/day",
}
"""Population covariates that the model does not read yet."""

# One random stream per covariate, in this fixed order (appending keeps old streams).
_STREAMS = ("age_years", "years_since_menopause", *LAB_KEYS, "t_score", "steps_per_day",
            *DIET_COVARIATES)


@dataclass(frozen=True)
class SampledCohort:
    """A virtual cohort and what could not be passed to the model.

    Attributes
    ----------
    subjects
        The subjects, in sampling order.
    unmodelled
        Covariates given in the population that the model does not use yet,
        as ``{key: per-subject values}`` (units in :data:`DIET_COVARIATES`).
    notes
        Human-readable notes on sampling (clipped values).
    """

    subjects: tuple[Subject, ...]
    unmodelled: dict[str, np.ndarray] = field(default_factory=dict)
    notes: tuple[str, ...] = ()

    def __len__(self) -> int:
        return len(self.subjects)

    def unmodelled_messages(self) -> list[str]:
        """One "covariate not modelled yet" line per unused covariate."""
        out = []
        for key, values in self.unmodelled.items():
            units = DIET_COVARIATES.get(key, "")
            out.append(f"covariate not modelled yet: {key} (sampled mean {np.mean(values):.3g} "
                       f"{units}, not used by the simulation)")
        return out


DIET_RANGES = {
    "calcium_mg_per_day": (50.0, 5000.0),
    "vitamin_d_25oh_nmol_l": (5.0, 400.0),
    "protein_g_per_kg_per_day": (0.2, 4.0),
}
"""Accepted ranges of the habitual-diet covariates (those of :class:`osteon.Subject`)."""


def menopause_correlation(age_sd: float, ysm_sd: float) -> float:
    """Correlation of age and years since menopause in a sampled cohort.

    Published populations give the spread of age and of years since menopause
    separately; drawn independently, their difference (the menopause age)
    would spread far wider than it does in women. The two are drawn jointly
    normal with the correlation that brings the SD of ``age -
    years_since_menopause`` to :data:`MENOPAUSE_AGE_SD` where possible (never
    negative, at most 0.95). Both marginal distributions stay as published.

    Parameters
    ----------
    age_sd, ysm_sd
        SDs (years) of age and of years since menopause.

    Examples
    --------
    >>> round(menopause_correlation(9.0, 9.0), 3)
    0.901
    >>> menopause_correlation(2.5, 0.0), menopause_correlation(2.0, 2.0)
    (0.0, 0.0)
    """
    if age_sd <= 0 or ysm_sd <= 0:
        return 0.0
    rho = (age_sd**2 + ysm_sd**2 - MENOPAUSE_AGE_SD**2) / (2.0 * age_sd * ysm_sd)
    return float(np.clip(rho, 0.0, 0.95))


def _normal(rng: np.random.Generator, ms: MeanSD, n: int) -> np.ndarray:
    return rng.normal(ms.mean, ms.sd, n) if ms.sd > 0 else np.full(n, float(ms.mean))


def _lognormal(rng: np.random.Generator, ms: MeanSD, n: int) -> np.ndarray:
    """Log-normal values whose mean and SD are ``ms.mean`` and ``ms.sd`` (``ms.mean > 0``)."""
    if ms.mean <= 0:
        return np.zeros(n)
    if ms.sd <= 0:
        return np.full(n, float(ms.mean))
    sigma2 = np.log1p((ms.sd / ms.mean) ** 2)
    return rng.lognormal(np.log(ms.mean) - sigma2 / 2.0, np.sqrt(sigma2), n)


def _clip(values: np.ndarray, lo: float, hi: float, what: str, units: str,
          notes: list[str]) -> np.ndarray:
    out = np.clip(values, lo, hi)
    k = int(np.sum(out != values))
    if k:
        notes.append(f"{what}: {k} of {values.size} sampled values clipped to "
                     f"[{lo:g}, {hi:g}] {units}".rstrip())
    return out


def sample_cohort(population: Population, n: int, seed: int) -> SampledCohort:
    """Sample ``n`` virtual subjects from a trial population.

    Parameters
    ----------
    population
        The parsed ``population`` section.
    n
        Number of subjects (at least 1).
    seed
        Seed of the random streams; the same seed gives the same cohort.

    Returns
    -------
    SampledCohort
        Subjects, unmodelled covariates and sampling notes.
    """
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 1:
        raise ValueError(f"n must be a positive whole number, got {n!r}")
    streams = dict(zip(_STREAMS, (np.random.Generator(np.random.PCG64(s)) for s in
                                  np.random.SeedSequence(seed).spawn(len(_STREAMS))), strict=True))
    notes: list[str] = []
    pop = population
    female = pop.sex == "female"

    z_age = streams["age_years"].standard_normal(n)
    age = _clip(pop.age_years.mean + pop.age_years.sd * z_age, *AGE_RANGE, "age", "years",
                notes)
    menopause_age: np.ndarray | None = None
    if female and pop.years_since_menopause is not None:
        ysm_spec = pop.years_since_menopause
        rho = menopause_correlation(pop.age_years.sd, ysm_spec.sd)
        z_own = streams["years_since_menopause"].standard_normal(n)
        z = rho * z_age + np.sqrt(1.0 - rho**2) * z_own
        ysm = ysm_spec.mean + ysm_spec.sd * z
        menopause_age = _clip(age - ysm, *MENOPAUSE_AGE_RANGE, "menopause age (age - years since "
                              "menopause)", "years", notes)

    labs: dict[str, np.ndarray] = {}
    for key in LAB_KEYS:
        ms = getattr(pop, key)
        if ms is not None:
            lo, hi, _ = _LAB_RANGES[key]
            labs[key] = _clip(_lognormal(streams[key], ms, n), lo, hi, key, "", notes)

    t_scores = None
    if pop.t_score is not None:
        ts = pop.t_score
        t_scores = _clip(_normal(streams["t_score"], MeanSD(ts.mean, ts.sd), n), *T_SCORE_RANGE,
                         f"t_score ({ts.site})", "SD", notes)

    steps = None
    if pop.steps_per_day is not None:
        steps = _clip(_lognormal(streams["steps_per_day"], pop.steps_per_day, n), *STEPS_RANGE,
                      "steps_per_day", "steps/day", notes)

    diet = {key: _lognormal(streams[key], getattr(pop, key), n)
            for key in DIET_COVARIATES if getattr(pop, key) is not None}
    for key, (lo, hi) in DIET_RANGES.items():
        if key in diet:
            diet[key] = _clip(diet[key], lo, hi, key, DIET_COVARIATES[key], notes)
    unmodelled: dict[str, np.ndarray] = {}

    subjects = []
    for i in range(n):
        kwargs: dict = {"sex": pop.sex, "age": float(age[i]), "gh_deficient": pop.gh_deficiency,
                        "labs": {k: float(v[i]) for k, v in labs.items()},
                        "name": f"virtual-{i:04d}"}
        if female:
            kwargs["menopause"] = pop.menopause or "natural"
            if menopause_age is not None:
                kwargs["menopause_age"] = float(menopause_age[i])
        if t_scores is not None:
            kwargs["t_score"] = {"site": pop.t_score.site, "value": float(t_scores[i])}
        if steps is not None:
            kwargs["steps_per_day"] = float(steps[i])
        for key, values in diet.items():
            kwargs[key] = float(values[i])
        subjects.append(Subject(**kwargs))
    return SampledCohort(tuple(subjects), unmodelled, tuple(notes))


def sample_subjects(population: Population, n: int, seed: int) -> list[Subject]:
    """Sample ``n`` virtual subjects (see :func:`sample_cohort`, which also returns the
    covariates the model does not use yet)."""
    return list(sample_cohort(population, n, seed).subjects)
