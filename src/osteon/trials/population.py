"""Virtual cohorts sampled from the ``population`` section of a trial file.

The population maps onto a declarative
:class:`~osteon.cohort.population.PopulationSpec` (:func:`spec_from_population`),
which does the sampling; :func:`sample_cohort` is a thin layer over it.

Each covariate is drawn from its own random stream, spawned from the seed
(:class:`numpy.random.SeedSequence`), so that the same seed gives the same
subjects and adding a covariate to a file does not change the others.

- Age (years) ~ normal(mean, sd), clipped to the range a
  :class:`~osteon.subject.Subject` accepts, [30, 100].
- Women: years since menopause ~ log-normal(mean, sd) where the published mean
  is positive (postmenopausal women; :func:`ysm_distribution`), else normal,
  drawn jointly with age (see :func:`menopause_correlation`); ``menopause_age = age -
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

from osteon.cohort.population import Derived, PopulationSpec, Variable
from osteon.cohort.variability import between_person_variables
from osteon.covariates import BY_NAME, COVARIATES, covariate
from osteon.subject import Subject
from osteon.trials.format import MeanSD, Population

AGE_RANGE = covariate("age").range
"""Ages (years) a :class:`~osteon.subject.Subject` accepts."""
MENOPAUSE_AGE_RANGE = covariate("menopause_age").range
"""Menopause ages (years) a :class:`~osteon.subject.Subject` accepts."""
MENOPAUSE_AGE_SD = 4.0
"""Assumed SD (years) of the age at menopause within a study population, about the
spread of the age at natural menopause in population studies (most women between 45
and 55)."""
T_SCORE_RANGE = covariate("t_score").range
"""T-scores (SD) a :class:`~osteon.subject.Subject` accepts."""

@dataclass(frozen=True)
class SampledCohort:
    """A virtual cohort and what could not be passed to the model.

    Attributes
    ----------
    subjects
        The subjects, in sampling order.
    unmodelled
        Covariates given in the population that the model does not use yet,
        as ``{key: per-subject values}`` (units in :mod:`osteon.covariates`).
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
            units = covariate(key).units if key in BY_NAME else ""
            out.append(f"covariate not modelled yet: {key} (sampled mean {np.mean(values):.3g} "
                       f"{units}, not used by the simulation)")
        return out


def menopause_correlation(age_sd: float, ysm_sd: float, ysm_mean: float | None = None
                          ) -> float:
    """Correlation of age and years since menopause in a sampled cohort.

    Published populations give the spread of age and of years since menopause
    separately; drawn independently, their difference (the menopause age)
    would spread far wider than it does in women. The two are drawn jointly
    (a Gaussian copula) with the correlation that brings the SD of ``age -
    years_since_menopause`` to :data:`MENOPAUSE_AGE_SD` where possible (never
    negative, at most 0.95). Both marginal distributions stay as published.

    With ``ysm_mean`` positive, years since menopause are log-normal
    (:func:`ysm_distribution`), whose Pearson correlation with a normal is the
    copula's times ``s / sqrt(exp(s^2) - 1)`` (``s^2 = ln(1 + (sd/mean)^2)``, the
    log-scale variance); the copula's correlation is raised by that factor so
    that the menopause age keeps its spread.

    Parameters
    ----------
    age_sd, ysm_sd
        SDs (years) of age and of years since menopause.
    ysm_mean
        Mean years since menopause (``None``: the years are drawn normal).

    Examples
    --------
    >>> round(menopause_correlation(9.0, 9.0), 3)
    0.901
    >>> round(menopause_correlation(6.0, 4.0), 3), round(menopause_correlation(6.0, 4.0, 7.0), 3)
    (0.75, 0.806)
    >>> menopause_correlation(2.5, 0.0), menopause_correlation(2.0, 2.0)
    (0.0, 0.0)
    """
    if age_sd <= 0 or ysm_sd <= 0:
        return 0.0
    rho = (age_sd**2 + ysm_sd**2 - MENOPAUSE_AGE_SD**2) / (2.0 * age_sd * ysm_sd)
    if ysm_mean is not None and ysm_distribution(MeanSD(ysm_mean, ysm_sd)) == "lognormal":
        s2 = np.log1p((ysm_sd / ysm_mean) ** 2)
        rho *= np.sqrt(np.expm1(s2) / s2)
    return float(np.clip(rho, 0.0, 0.95))


def ysm_distribution(ysm: MeanSD) -> str:
    """The distribution of years since menopause for a published ``{mean, sd}``.

    A positive mean describes postmenopausal women: nobody in such a cohort is
    before the final menstrual period, and the time since it is right-skewed
    (many recent, a tail of long-postmenopausal women). Drawn as a normal, a
    cohort with mean 13 and SD 8 (Dixon 2008) would put 5 % of its women before
    menopause, with the ovarian estradiol that an aromatase inhibitor does not
    remove. Such a population is drawn ``lognormal`` with the published
    arithmetic mean and SD, which keeps everyone postmenopausal. A mean of zero
    or less (FORMAT.md: negative = before the final menstrual period) describes
    women around the transition and stays ``normal``; so does a published SD
    of 0 (every woman at the mean).

    Examples
    --------
    >>> [ysm_distribution(MeanSD(*ms)) for ms in ((13, 8), (-1, 2), (5, 0))]
    ['lognormal', 'normal', 'normal']
    """
    return "lognormal" if ysm.mean > 0 and ysm.sd > 0 else "normal"


def _mean_sd_variable(name: str, ms: MeanSD, distribution: str, bounds: tuple[float, float],
                      label: str, units: str) -> Variable:
    """A published ``{mean, sd}`` as a spec variable: ``fixed`` where there is no spread
    (or, for a log-normal, no positive mean), else ``distribution``."""
    if distribution == "lognormal" and ms.mean <= 0:
        return Variable(name, "fixed", value=0.0, bounds=bounds, label=label, units=units)
    if ms.sd <= 0:
        return Variable(name, "fixed", value=float(ms.mean), bounds=bounds, label=label,
                        units=units)
    return Variable(name, distribution, mean=ms.mean, sd=ms.sd, bounds=bounds, label=label,
                    units=units)


def spec_from_population(population: Population, between_person: bool = True
                         ) -> PopulationSpec:
    """The :class:`~osteon.cohort.population.PopulationSpec` of a trial file's ``population``.

    The mapping (see the module docstring for the distributions): ``age_years`` ->
    ``age`` (normal, clipped to :data:`AGE_RANGE`); ``years_since_menopause`` -> a
    log-normal (positive mean) or normal (:func:`ysm_distribution`) correlated
    with age (:func:`menopause_correlation`, Gaussian copula) from
    which ``menopause_age = age - years_since_menopause`` is derived and clipped to
    :data:`MENOPAUSE_AGE_RANGE`; labs, ``steps_per_day`` and the diet covariates ->
    log-normal with the published mean and SD, clipped to the subject's ranges (so is
    ``body_mass_kg``, clipped to :data:`BODY_MASS_RANGE`);
    ``t_score`` -> normal clipped to :data:`T_SCORE_RANGE` at its site; ``sex``,
    ``menopause`` and ``gh_deficiency`` -> fixed for the population.

    With ``between_person`` (the default) each subject also gets its own peak BMD per
    site and physiology multipliers, and women without ``years_since_menopause`` their
    own menopause age (:func:`osteon.cohort.variability.between_person_variables`);
    ``between_person=False`` gives the earlier cohorts of mean people who differ only
    in the published covariates.

    Examples
    --------
    >>> pop = Population(sex="female", age_years=MeanSD(56, 4.3),
    ...                  years_since_menopause=MeanSD(5.6, 2.6), menopause="natural")
    >>> spec = spec_from_population(pop)
    >>> [v.name for v in spec.variables][:3], [d.name for d in spec.derived]
    (['age', 'years_since_menopause', 'peak_bmd_z_lumbar_spine'], ['menopause_age'])
    >>> [v.name for v in spec_from_population(pop, between_person=False).variables]
    ['age', 'years_since_menopause']
    >>> spec.correlations[0][:2]
    ('age', 'years_since_menopause')
    """
    pop = population
    female = pop.sex == "female"
    variables = [Variable("age", "normal", mean=pop.age_years.mean, sd=pop.age_years.sd,
                          bounds=AGE_RANGE, units="years")]
    correlations = []
    derived = []
    if female and pop.years_since_menopause is not None:
        ysm = pop.years_since_menopause
        variables.append(Variable("years_since_menopause", ysm_distribution(ysm), mean=ysm.mean,
                                  sd=ysm.sd, units="years"))
        rho = menopause_correlation(pop.age_years.sd, ysm.sd, ysm.mean)
        if rho != 0.0:
            correlations.append(("age", "years_since_menopause", rho))
        derived.append(Derived("menopause_age", ("age", "years_since_menopause"),
                               MENOPAUSE_AGE_RANGE, "years",
                               "menopause age (age - years since menopause)"))
    site = None
    for c in COVARIATES:  # osteon.covariates, in its order
        if c.sampling is None or c.name == "age":
            continue
        ms = getattr(pop, c.trial_key or "")
        if ms is None:
            continue
        if c.kind == "site_score":  # t_score: {site, mean, sd}
            site = ms.site
            variables.append(_mean_sd_variable(c.name, MeanSD(ms.mean, ms.sd), c.sampling,
                                               c.range, f"{c.name} ({ms.site})", c.units))
        else:
            variables.append(_mean_sd_variable(c.name, ms, c.sampling, c.range, c.name,
                                               c.units))
    if between_person:
        extra, extra_corr = between_person_variables(
            pop.sex, menopause_age=female and pop.years_since_menopause is None)
        variables.extend(extra)
        correlations.extend(extra_corr)
    return PopulationSpec(sex=pop.sex, variables=tuple(variables),
                          correlations=tuple(correlations), derived=tuple(derived),
                          menopause=(pop.menopause or "natural") if female else None,
                          gh_deficient=pop.gh_deficiency, t_score_site=site)


def sample_cohort(population: Population, n: int, seed: int, between_person: bool = True
                  ) -> SampledCohort:
    """Sample ``n`` virtual subjects from a trial population.

    A thin layer over :class:`osteon.cohort.population.PopulationSpec`: the
    population maps onto a spec (:func:`spec_from_population`), which is sampled.

    Parameters
    ----------
    population
        The parsed ``population`` section.
    n
        Number of subjects (at least 1).
    seed
        Seed of the random streams; the same seed gives the same cohort.
    between_person
        Draw each subject's peak BMD and physiology (:func:`spec_from_population`).

    Returns
    -------
    SampledCohort
        Subjects, unmodelled covariates and sampling notes.
    """
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 1:
        raise ValueError(f"n must be a positive whole number, got {n!r}")
    sample = spec_from_population(population, between_person).sample(int(n), seed)
    return SampledCohort(sample.subjects, {}, sample.notes)


def sample_subjects(population: Population, n: int, seed: int, between_person: bool = True
                    ) -> list[Subject]:
    """Sample ``n`` virtual subjects (see :func:`sample_cohort`, which also returns the
    covariates the model does not use yet)."""
    return list(sample_cohort(population, n, seed, between_person).subjects)
