"""The subject's covariates, declared once.

One :class:`Covariate` per thing a person brings to a simulation (age, menopause, body
mass, habitual walking and diet, measured labs...): its units, the range a
:class:`~osteon.subject.Subject` accepts, its default, the trial-file ``population``
field and the command-line flag it maps to, how it enters the model, and its label in
reports and results. :data:`COVARIATES` is read by

- :class:`osteon.subject.Subject` (checks and defaults),
- the trial-file reader (:mod:`osteon.trials.format`: the ``population`` keys, their
  ranges and examples),
- both population modules (:mod:`osteon.trials.population` maps a published
  ``{mean, sd}`` onto a sampled variable; :mod:`osteon.cohort.population` turns sampled
  values back into subjects),
- the command line (:func:`add_cli_flags`, :func:`subject_fields_from_args`: ``osteon
  simulate`` and ``osteon export-sbml``),
- the report (:func:`describe_labs`) and the result dataset (:func:`result_coords`).

Adding a measured lab is one entry here (``lab=True``) plus its physiology (the
endocrine background that reads ``Subject.labs`` and the drive it changes). The trial
file's :class:`~osteon.trials.format.Population` keeps one typed field per
``trial_key`` (a test checks that the two agree).

This module imports nothing from the model (only :mod:`osteon.errors`), so that every layer
can read it.

Examples
--------
>>> covariate("igf1_ng_ml").units, covariate("igf1_ng_ml").cli_flag
('ng/mL', '--igf1')
>>> [c.name for c in COVARIATES if c.lab]
['testosterone_ng_dl', 'estradiol_pg_ml', 'igf1_ng_ml']
>>> covariate("body_mass_kg").default_for("male")
82.0
"""

from __future__ import annotations

import argparse
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np

from osteon.errors import OsteonInputError

Kind = Literal["number", "choice", "flag", "site_score"]
"""``number``: a float in ``[lo, hi]``; ``choice``: one of ``choices``; ``flag``: true or
false; ``site_score``: ``{site, value}`` with ``value`` in ``[lo, hi]`` (the T-score)."""
Sampling = Literal["normal", "lognormal"]


@dataclass(frozen=True)
class Covariate:
    """One covariate of a subject.

    Attributes
    ----------
    name
        The :class:`~osteon.subject.Subject` field, or the key in ``Subject.labs`` when
        ``lab`` is true.
    units
        Units of the value (``"1"`` for choices and flags).
    lo, hi
        The plausible range a subject accepts (``number`` and ``site_score``).
    example
        A valid value as written for a subject (``"igf1_ng_ml=150"``).
    description
        What it is.
    enters
        How it enters the model (which module reads it, and what it changes).
    source
        Where the range and the default come from.
    kind
        See :data:`Kind`.
    choices
        Allowed values of a ``choice``.
    default, default_male
        The value when not given (``default_male`` for men where it differs); ``None``:
        not set (the model's population-typical value, or required).
    lab
        Stored in ``Subject.labs`` (a measured serum level) rather than as a field.
    trial_key
        The trial file's ``population`` field (``FORMAT.md``), ``None`` if it has none.
    trial_lo, trial_hi
        The range of a published mean in a trial file (wider than a person's: a
        published mean is checked for being readable, a person for being plausible).
    trial_positive
        The published mean must be above ``trial_lo`` (the covariate is sampled from a
        log-normal, which needs a positive mean).
    trial_example
        A valid ``population`` entry.
    sampling
        Distribution of a published ``{mean, sd}`` in a virtual cohort; ``None`` where
        the covariate is fixed for the population or derived (menopause age).
    women_only
        Applies to women only (a man's file or subject must not give it).
    cli_flag, cli_help
        The command-line flag of ``osteon simulate`` and ``osteon export-sbml``.
    label
        Short name in reports.
    result_coord
        Name of the per-subject coordinate in a result dataset (``None``: not written).
    analyte
        The lab analyte of a person file or web profile (:data:`osteon.forecast.labs.LABS`)
        whose measured value, converted to :attr:`units`, sets this covariate.
    """

    name: str
    units: str
    description: str
    enters: str
    source: str
    kind: Kind = "number"
    lo: float = -np.inf
    hi: float = np.inf
    example: str = ""
    choices: tuple[str, ...] = ()
    default: float | str | bool | None = None
    default_male: float | None = None
    lab: bool = False
    trial_key: str | None = None
    trial_lo: float = -np.inf
    trial_hi: float = np.inf
    trial_positive: bool = False
    trial_example: str = ""
    sampling: Sampling | None = None
    women_only: bool = False
    cli_flag: str | None = None
    cli_help: str = ""
    label: str = ""
    result_coord: str | None = None
    analyte: str | None = None

    @property
    def range(self) -> tuple[float, float]:
        """``(lo, hi)``, the plausible range a subject accepts."""
        return (self.lo, self.hi)

    @property
    def cli_dest(self) -> str | None:
        """The :mod:`argparse` destination of :attr:`cli_flag` (``"body_mass"``)."""
        return None if self.cli_flag is None else self.cli_flag.lstrip("-").replace("-", "_")

    def default_for(self, sex: str) -> Any:
        """The default for a subject of ``sex`` (``default_male`` for men if set)."""
        if sex == "male" and self.default_male is not None:
            return self.default_male
        return self.default


_MCKINLAY = "McKinlay SM et al. Maturitas 1992;14:103 (median age at natural menopause)"
_LABS_ENTER = ("osteon.physiology.endocrine.background: the measured level over the "
               "population-typical level for sex and age scales that hormone's curve, "
               "held for labs_held_years before the start")
_DIET_ENTER = ("osteon.physiology.nutrition and the calcium subsystem: the habitual intake "
               "sets the subject's calcium balance and PTH against the population's, and how "
               "much a supplement changes")

COVARIATES: tuple[Covariate, ...] = (
    Covariate(
        "sex", "1", "sex", kind="choice", choices=("female", "male"), example='sex="female"',
        enters="osteon.physiology.endocrine.background (hormone curves), the DXA reference "
               "population (osteon.outputs.reference) and the between-person draws",
        source="FORMAT.md population.sex", trial_key="sex", trial_example="sex: female",
        cli_flag="--sex", label="sex", result_coord=None),
    Covariate(
        "age", "year", "age at the start of follow-up", lo=30.0, hi=100.0, example="age=55",
        enters="osteon.simulation: every subject starts at peak bone mass at 30 and the years "
               "up to age are simulated before follow-up",
        source="the model's domain: adults from peak bone mass (30) to 100",
        trial_key="age_years", trial_lo=0.0, trial_hi=120.0,
        trial_example="age_years: {mean: 56, sd: 4.3}", sampling="normal",
        cli_flag="--age", label="age", result_coord="age_at_start"),
    Covariate(
        "menopause_age", "year",
        "age at the final menstrual period (or at bilateral oophorectomy when surgical)",
        lo=30.0, hi=65.0, example="menopause_age=51", default=51.0, women_only=True,
        enters="osteon.physiology.endocrine.background: the estradiol and progesterone "
               "fall (transition over the years around it; abrupt when surgical)",
        source=_MCKINLAY + "; range: premature to late menopause",
        trial_key="years_since_menopause", trial_lo=-40.0, trial_hi=80.0,
        trial_example="years_since_menopause: {mean: 5.6, sd: 2.6}",
        cli_flag="--menopause-age", label="menopause age", result_coord="menopause_age"),
    Covariate(
        "menopause", "1", "natural or surgical menopause", kind="choice",
        choices=("natural", "surgical"), default="natural", example='menopause="surgical"',
        women_only=True,
        enters="osteon.physiology.endocrine.background: surgical menopause removes ovarian "
               "estradiol and testosterone at once",
        source="FORMAT.md population.menopause", trial_key="menopause",
        trial_example="menopause: surgical", cli_flag="--menopause", label="menopause"),
    Covariate(
        "testosterone_ng_dl", "ng/dL", "measured serum total testosterone", lo=1.0, hi=3000.0,
        example="testosterone_ng_dl=450", lab=True, enters=_LABS_ENTER,
        source="assay range of total testosterone (castrate women to supraphysiological men)",
        trial_key="testosterone_ng_dl", trial_lo=0.0, trial_hi=3000.0, trial_positive=True,
        trial_example="testosterone_ng_dl: {mean: 235, sd: 40}", sampling="lognormal",
        cli_flag="--testosterone", cli_help="measured serum testosterone, ng/dL",
        label="testosterone", result_coord="testosterone_ng_dl", analyte="testosterone"),
    Covariate(
        "estradiol_pg_ml", "pg/mL", "measured serum estradiol", lo=0.5, hi=2000.0,
        example="estradiol_pg_ml=25", lab=True, enters=_LABS_ENTER,
        source="assay range of estradiol (postmenopausal to mid-cycle peak)",
        trial_key="estradiol_pg_ml", trial_lo=0.0, trial_hi=2000.0, trial_positive=True,
        trial_example="estradiol_pg_ml: {mean: 10, sd: 5}", sampling="lognormal",
        cli_flag="--estradiol", cli_help="measured serum estradiol, pg/mL",
        label="estradiol", result_coord="estradiol_pg_ml", analyte="estradiol"),
    Covariate(
        "igf1_ng_ml", "ng/mL", "measured serum IGF-1", lo=10.0, hi=1500.0,
        example="igf1_ng_ml=150", lab=True, enters=_LABS_ENTER,
        source="assay range of IGF-1 (GH deficiency to acromegaly)",
        trial_key="igf1_ng_ml", trial_lo=0.0, trial_hi=1500.0, trial_positive=True,
        trial_example="igf1_ng_ml: {mean: 80, sd: 30}", sampling="lognormal",
        cli_flag="--igf1", cli_help="measured serum IGF-1, ng/mL",
        label="IGF-1", result_coord="igf1_ng_ml", analyte="igf1"),
    Covariate(
        "gh_deficient", "1", "adult growth-hormone deficiency", kind="flag", default=False,
        example="gh_deficient=False",
        enters="osteon.physiology.endocrine.background: GH, and so IGF-1, at the deficient "
               "level, held for labs_held_years",
        source="FORMAT.md population.gh_deficiency", trial_key="gh_deficiency",
        trial_example="gh_deficiency: true", label="GH deficiency"),
    Covariate(
        "t_score", "SD", "measured DXA T-score at one site", kind="site_score", lo=-7.0,
        hi=5.0, example='t_score={"site": "lumbar_spine", "value": -2.5}',
        enters="osteon.simulation: sets the subject's bone mass level (the measured site's "
               "peak-BMD z-score); percent changes do not depend on it",
        source="DXA T-scores seen in practice (WHO 1994 categories around -2.5)",
        trial_key="t_score", trial_example="t_score: {site: lumbar_spine, mean: -2.8, sd: 0.7}",
        sampling="normal", label="T-score"),
    Covariate(
        "steps_per_day", "steps/day", "habitual walking, the habitual mechanical load",
        lo=0.0, hi=60000.0, default=7000.0, example="steps_per_day=7000",
        enters="osteon.physiology.mechanics.training: the habitual daily stress stimulus that "
               "training and unloading are measured against",
        source="Tudor-Locke C et al. Int J Behav Nutr Phys Act 2011;8:79 (adults 4,000-18,000 "
               "steps/day; 7,000 a typical adult)",
        trial_key="steps_per_day", trial_lo=0.0, trial_hi=60000.0,
        trial_example="steps_per_day: {mean: 7000, sd: 2500}", sampling="lognormal",
        cli_flag="--steps-per-day", label="steps per day", result_coord="steps_per_day"),
    Covariate(
        "body_mass_kg", "kg", "body mass", lo=25.0, hi=300.0, default=70.0, default_male=82.0,
        example="body_mass_kg=70",
        enters="osteon.physiology.pharmacology: weight-based doses and clearances "
               "(GH, transdermal estradiol, GnRH agonists)",
        source="typical adult body mass of women and men (NHANES anthropometry)",
        trial_key="body_mass_kg", trial_lo=20.0, trial_hi=300.0, trial_positive=True,
        trial_example="body_mass_kg: {mean: 70, sd: 12}", sampling="lognormal",
        cli_flag="--body-mass", cli_help="kg", label="body mass", result_coord="body_mass_kg"),
    Covariate(
        "calcium_mg_per_day", "mg/day", "habitual dietary calcium intake", lo=50.0, hi=5000.0,
        example="calcium_mg_per_day=800", enters=_DIET_ENTER,
        source="intakes reported in dietary surveys; IOM 2011 upper level 2,000-2,500 mg/day",
        trial_key="calcium_mg_per_day", trial_lo=0.0, trial_hi=10000.0, trial_positive=True,
        trial_example="calcium_mg_per_day: {mean: 800, sd: 250}", sampling="lognormal",
        cli_flag="--calcium", cli_help="habitual dietary calcium, mg/day",
        label="calcium intake", result_coord="calcium_mg_per_day"),
    Covariate(
        "vitamin_d_25oh_nmol_l", "nmol/L", "serum 25-hydroxyvitamin D", lo=5.0, hi=400.0,
        example="vitamin_d_25oh_nmol_l=50", enters=_DIET_ENTER,
        source="severe deficiency to the toxicity threshold (IOM 2011)",
        trial_key="vitamin_d_25oh_nmol_l", trial_lo=0.0, trial_hi=1000.0, trial_positive=True,
        trial_example="vitamin_d_25oh_nmol_l: {mean: 50, sd: 20}", sampling="lognormal",
        cli_flag="--vitamin-d", cli_help="serum 25-hydroxyvitamin D, nmol/L",
        label="25(OH)D", result_coord="vitamin_d_25oh_nmol_l", analyte="vitamin_d_25oh"),
    Covariate(
        "protein_g_per_kg_per_day", "g/kg/day", "habitual protein intake", lo=0.2, hi=4.0,
        example="protein_g_per_kg_per_day=1.0", enters=_DIET_ENTER,
        source="intakes reported in dietary surveys (RDA 0.8 g/kg/day)",
        trial_key="protein_g_per_kg_per_day", trial_lo=0.0, trial_hi=5.0, trial_positive=True,
        trial_example="protein_g_per_kg_per_day: {mean: 0.9, sd: 0.2}", sampling="lognormal",
        cli_flag="--protein", cli_help="habitual protein intake, g/kg/day",
        label="protein intake", result_coord="protein_g_per_kg_per_day"),
    Covariate(
        "labs_held_years", "year",
        "how long before age the measured labs, GH deficiency and habitual diet held",
        lo=0.0, hi=70.0, example="labs_held_years=5",
        enters="osteon.physiology.endocrine.background and nutrition: the years before the "
               "start over which the measured levels replace the population's (None: the "
               "parameter measured_level_held_years)",
        source="parameter measured_level_held_years (osteon parameters)",
        cli_flag="--labs-held-years", label="labs held for",
        result_coord="labs_held_years"),
)
"""Every covariate, in the order the trial reader and the samplers visit them."""

BY_NAME: dict[str, Covariate] = {c.name: c for c in COVARIATES}
BY_TRIAL_KEY: dict[str, Covariate] = {c.trial_key: c for c in COVARIATES if c.trial_key}
LABS: tuple[str, ...] = tuple(c.name for c in COVARIATES if c.lab)
"""Keys of ``Subject.labs`` (measured serum levels)."""
FIELDS: tuple[str, ...] = tuple(c.name for c in COVARIATES if not c.lab)
"""Covariates that are fields of :class:`~osteon.subject.Subject`."""
NUMBER_FIELDS: tuple[str, ...] = tuple(c.name for c in COVARIATES
                                       if c.kind == "number" and not c.lab)
"""Numeric :class:`~osteon.subject.Subject` fields among the covariates."""
MEAN_SD_KEYS: tuple[str, ...] = tuple(c.trial_key for c in COVARIATES
                                      if c.trial_key and c.kind == "number")
"""Trial-file ``population`` keys given as ``{mean, sd}``."""


BY_ANALYTE: dict[str, Covariate] = {c.analyte: c for c in COVARIATES if c.analyte}
"""Person-file lab analyte -> the covariate it sets."""


def covariate(name: str) -> Covariate:
    """The covariate called ``name`` (a Subject field or a lab); ``KeyError`` if unknown."""
    return BY_NAME[name]


def number_default(name: str, sex: str = "female") -> float:
    """The numeric default of covariate ``name`` for ``sex`` (``ValueError`` if it has none).

    >>> number_default("menopause_age"), number_default("body_mass_kg", "male")
    (51.0, 82.0)
    """
    value = BY_NAME[name].default_for(sex)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError(f"covariate {name!r} has no numeric default")
    return float(value)


def add_cli_flags(parser: argparse.ArgumentParser) -> None:
    """Add one flag per covariate that has a :attr:`Covariate.cli_flag`.

    >>> p = argparse.ArgumentParser()
    >>> add_cli_flags(p)
    >>> vars(p.parse_args(["--sex", "male", "--igf1", "90"]))["igf1"]
    90.0
    """
    for c in COVARIATES:
        if c.cli_flag is None:
            continue
        if c.kind == "choice":
            parser.add_argument(c.cli_flag, choices=list(c.choices), help=c.cli_help or None)
        else:
            parser.add_argument(c.cli_flag, type=float,
                                help=c.cli_help or f"{c.description} ({c.units})")


def subject_fields_from_args(args: Any, data: dict[str, Any]) -> dict[str, Any]:
    """``data`` (a subject mapping) with the covariate flags given in ``args`` applied.

    A lab flag goes into ``labs`` (merged with the mapping's labs); any other flag
    replaces the field. Flags that were not given (``None`` or absent) change nothing.

    >>> from types import SimpleNamespace
    >>> subject_fields_from_args(SimpleNamespace(age=60, igf1=90.0), {"labs": {"x": 1}})
    {'labs': {'x': 1, 'igf1_ng_ml': 90.0}, 'age': 60}
    """
    out = dict(data)
    labs: dict[str, Any] = {}
    for c in COVARIATES:
        value = getattr(args, c.cli_dest, None) if c.cli_dest else None
        if value is None:
            continue
        if c.lab:
            labs[c.name] = value
        else:
            out[c.name] = value
    if labs:
        merged = out.get("labs") or {}
        if not isinstance(merged, dict):
            raise OsteonInputError("subject.labs", f"expected a mapping, got {merged!r}",
                                   "labs: {testosterone_ng_dl: 450}")
        out["labs"] = {**merged, **labs}
    return out


def describe_labs(labs: Mapping[str, float]) -> str:
    """The measured labs in words: ``"IGF-1 150 ng/mL"``.

    >>> describe_labs({"igf1_ng_ml": 150.0, "estradiol_pg_ml": 12.0})
    'IGF-1 150 ng/mL, estradiol 12 pg/mL'
    """
    parts = []
    for k, v in labs.items():
        c = BY_NAME.get(k)
        parts.append(f"{k} {v:g}" if c is None else f"{c.label} {v:g} {c.units}")
    return ", ".join(parts)


def subject_value(subject: Any, c: Covariate) -> float:
    """The covariate's value for ``subject`` as a float (NaN where not set or not numeric:
    a lab not measured, a man's menopause age, a diet left to the model default)."""
    if c.lab:
        v = subject.labs.get(c.name)
    elif c.women_only and not subject.female:
        v = None
    else:
        v = getattr(subject, c.name, None)
    if v is None or isinstance(v, (str, bool, dict)):
        return float("nan")
    return float(v)


def result_coords(subjects: Sequence[Any]) -> dict[str, tuple[str, np.ndarray, dict[str, str]]]:
    """Per-subject coordinates of a result dataset: ``{coord: ("subject", values, attrs)}``
    for every covariate with a :attr:`Covariate.result_coord` (NaN where not set)."""
    out = {}
    for c in COVARIATES:
        if c.result_coord is None:
            continue
        values = np.array([subject_value(s, c) for s in subjects], dtype=float)
        out[c.result_coord] = ("subject", values, {"units": c.units, "long_name": c.description})
    return out


def table(covariates: Iterable[Covariate] = COVARIATES) -> list[dict[str, Any]]:
    """The table as plain records (for documentation and ``--json`` listings)."""
    rows = []
    for c in covariates:
        rows.append({
            "name": c.name, "units": c.units, "kind": c.kind,
            "range": None if c.kind in ("choice", "flag") else [c.lo, c.hi],
            "choices": list(c.choices) or None,
            "default": c.default if c.default_male is None else
            {"female": c.default, "male": c.default_male},
            "lab": c.lab, "trial_key": c.trial_key, "cli_flag": c.cli_flag,
            "description": c.description, "enters": c.enters, "source": c.source,
        })
    return rows
