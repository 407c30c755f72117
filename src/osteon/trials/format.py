"""Reader for clinical trial files (``shared/validation/FORMAT.md``).

:func:`load_trial` turns one YAML trial file into frozen dataclasses and checks
everything the format defines: required keys, the vocabulary of every field,
units of times and doses, numeric ranges, that interventions start before they
stop and inside the follow-up, and that endpoints name arms that exist and
times inside the follow-up. Unknown keys are errors (a misspelt key would
otherwise be ignored silently).

Every problem raises :class:`osteon.errors.TrialFileError` whose ``field``
names the file and the key (``"pepi-1996.yaml: arms.placebo[0].dose"``) and
whose ``example`` is a valid snippet for that key; the line of the file is
appended to the problem. Times are returned in **days** (a month is 365.25/12
days), doses in **mg** or **IU**.

Interventions of every kind are parsed and validated here, including the kinds
the model cannot simulate yet (see :mod:`osteon.trials.interventions`). Reading the YAML
with line numbers and the checks of single fields are in :mod:`osteon.trials.reading`;
the ``population`` keys are those of the covariate table (:mod:`osteon.covariates`).

Why one module (about 700 lines): the vocabulary, the dataclasses and the section parsers
are one reader; the dataclasses use the vocabulary (``POINT_MEASURES``), so the next split
is to derive the vocabulary from the intervention registry (issue 13) into its own module,
after which the dataclasses and parsers separate cleanly.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from osteon.covariates import BY_NAME, BY_TRIAL_KEY, MEAN_SD_KEYS
from osteon.errors import OsteonInputError, Problems, TrialFileError
from osteon.physiology.schema import FieldSchema, KindSchema
from osteon.signals import MAX_PRIOR_DAYS
from osteon.trials import reading as rd
from osteon.units import DAYS_PER_YEAR, parse_dose

# --------------------------------------------------------------------------- vocabulary
DESIGNS = ("rct", "meta_analysis", "cohort", "uncontrolled", "cross_sectional")
SEXES = BY_NAME["sex"].choices
MENOPAUSE_KINDS = BY_NAME["menopause"].choices
DXA_SITES = ("lumbar_spine", "total_hip", "femoral_neck", "total_body")
VOLUMETRIC_SITES = ("spine_trabecular_vbmd",)
MARKER_SITES = ("ctx", "ntx", "p1np", "osteocalcin", "bsap")
SERUM_SITES = ("igf1", "pth", "estradiol", "testosterone")
LOWEST_CENTRAL = "lowest_central"
"""Site of ``percent_osteoporotic`` only: the lowest T-score of :data:`CENTRAL_SITES`."""
CENTRAL_SITES = ("lumbar_spine", "femoral_neck", "total_hip")
ENDPOINT_SITES = DXA_SITES + VOLUMETRIC_SITES + MARKER_SITES + SERUM_SITES + (LOWEST_CENTRAL,)
CHANGE_MEASURES = ("percent_change", "difference_vs_control", "annual_percent_change",
                   "sd_percent_change")
"""Measures of a change between ``from`` and ``at``."""
POINT_MEASURES = ("level", "t_score_mean", "percent_osteoporotic")
"""Measures taken at ``at`` alone (no ``from``)."""
MEASURES = ("percent_change", "difference_vs_control", "annual_percent_change", "level",
            "t_score_mean", "percent_osteoporotic", "sd_percent_change")
MEASURE_SITES = {
    "level": SERUM_SITES,
    "t_score_mean": DXA_SITES,
    "percent_osteoporotic": (*DXA_SITES, LOWEST_CENTRAL),
}
"""Sites each point measure accepts; the change measures take every site but
:data:`LOWEST_CENTRAL`."""
LEVEL_UNITS = {"testosterone": "ng/dL", "estradiol": "pg/mL", "igf1": "ng/mL", "pth": "pg/mL"}
"""Units of a ``level`` endpoint's ``value``, by site (``FORMAT.md``)."""

TOP_REQUIRED = ("id", "title", "citation", "design", "population", "arms", "duration", "endpoints")
TOP_OPTIONAL = ("notes",)
TOP_EXAMPLES = {
    "id": "id: pepi-1996",
    "title": "title: Three-year bone density in the PEPI trial",
    "citation": 'citation: "Writing Group for the PEPI Trial. JAMA 1996;276:1389-1396"',
    "design": "design: rct",
    "population": "population: {sex: female, age_years: {mean: 56, sd: 4.3}}",
    "arms": "arms: {placebo: [], bed_rest: [{intervention: unloading, kind: bed_rest}]}",
    "duration": "duration: 36 months",
    "endpoints": "endpoints: [{arm: placebo, site: lumbar_spine, measure: percent_change, "
                 "value: -1.8}]",
}

# Population keys given as {mean, sd}: (lowest mean, highest mean, unit words, example),
# declared with the subject's covariates (osteon.covariates)
_MEAN_SD_KEYS: dict[str, tuple[float, float, str, str]] = {
    key: (c.trial_lo, c.trial_hi, c.units, c.trial_example)
    for key, c in BY_TRIAL_KEY.items() if key in MEAN_SD_KEYS
}
# mean must be strictly positive for these (they are sampled from a log-normal)
_POSITIVE_MEANS = tuple(key for key, c in BY_TRIAL_KEY.items() if c.trial_positive)
_INFORMATIONAL_KEYS = ("n", "hysterectomy", "condition")
"""Population keys that describe the study but do not reach a subject."""
POPULATION_KEYS = ("sex", *(k for k in BY_TRIAL_KEY if k != "sex"), *_INFORMATIONAL_KEYS)
_WOMEN_ONLY = tuple(key for key, c in BY_TRIAL_KEY.items() if c.women_only)

ENDPOINT_REQUIRED = ("arm", "site", "measure", "value")
ENDPOINT_OPTIONAL = ("control", "from", "at", "ci", "sd")
ENDPOINT_EXAMPLE = "{arm: placebo, site: lumbar_spine, measure: percent_change, value: -1.8}"
DIFFERENCE_EXAMPLE = (
    "{arm: calcium, control: control, site: lumbar_spine, measure: difference_vs_control, "
    "value: 1.2, ci: [0.8, 1.7]}"
)


def _declared_kinds() -> dict[str, KindSchema]:
    """Every intervention kind and its fields, as declared beside its builder
    (the table of :mod:`osteon.physiology.pharmacology.registry`)."""
    from osteon.physiology.pharmacology.registry import schemas

    return schemas()


KINDS: dict[str, KindSchema] = _declared_kinds()
"""Intervention kind -> trial-file schema (read from the registry, not written here)."""
INTERVENTION_KINDS = tuple(KINDS)
_COMMON_INTERVENTION_KEYS = ("intervention", "start", "stop")


# --------------------------------------------------------------------------- dataclasses
@dataclass(frozen=True)
class MeanSD:
    """A population figure given as mean and between-subject SD (same units)."""

    mean: float
    sd: float


@dataclass(frozen=True)
class TScoreSpec:
    """Baseline DXA T-score of the population at ``site`` (SD units)."""

    site: str
    mean: float
    sd: float


@dataclass(frozen=True)
class Dose:
    """A parsed dose: ``amount`` in ``unit`` (``"mg"`` or ``"IU"``) and the text as written."""

    amount: float
    unit: str
    text: str


@dataclass(frozen=True)
class Population:
    """Who was studied.

    Attributes
    ----------
    sex
        ``"female"`` or ``"male"``.
    age_years
        Age at the start of follow-up (years).
    menopause
        ``"natural"`` or ``"surgical"`` for women (default natural), ``None`` for men.
    years_since_menopause
        Years since the final menstrual period at the start (women; negative before it).
    n
        Number of participants (informational).
    testosterone_ng_dl, estradiol_pg_ml, igf1_ng_ml
        Baseline serum levels (ng/dL, pg/mL, ng/mL).
    gh_deficiency
        Adult growth-hormone deficiency.
    t_score
        Baseline DXA T-score.
    calcium_mg_per_day, vitamin_d_25oh_nmol_l, protein_g_per_kg_per_day
        Habitual calcium intake (mg/day), serum 25(OH)D (nmol/L), protein intake (g/kg/day).
    steps_per_day
        Habitual walking (steps/day).
    body_mass_kg
        Body mass (kg).
    hysterectomy, condition
        Informational.
    """

    sex: str
    age_years: MeanSD
    menopause: str | None = None
    years_since_menopause: MeanSD | None = None
    n: int | None = None
    hysterectomy: bool | None = None
    testosterone_ng_dl: MeanSD | None = None
    estradiol_pg_ml: MeanSD | None = None
    igf1_ng_ml: MeanSD | None = None
    gh_deficiency: bool = False
    t_score: TScoreSpec | None = None
    calcium_mg_per_day: MeanSD | None = None
    vitamin_d_25oh_nmol_l: MeanSD | None = None
    protein_g_per_kg_per_day: MeanSD | None = None
    steps_per_day: MeanSD | None = None
    body_mass_kg: MeanSD | None = None
    condition: str | None = None


@dataclass(frozen=True)
class InterventionSpec:
    """One intervention of an arm, validated but not yet built into a model object.

    Attributes
    ----------
    kind
        The ``intervention`` value (e.g. ``"estrogen"``).
    params
        The kind's fields as sorted ``(name, value)`` pairs: doses as :class:`Dose`,
        times (``every``) in days, lists as tuples.
    start_day, stop_day
        Days from the start of follow-up (``stop_day=None``: to the end).
    where
        Location in the file (``"arms.placebo[0]"``), for messages.
    """

    kind: str
    params: tuple[tuple[str, Any], ...] = ()
    start_day: float = 0.0
    stop_day: float | None = None
    where: str = field(default="", compare=False)

    def get(self, name: str, default: Any = None) -> Any:
        """The value of field ``name`` (``default`` when absent)."""
        return dict(self.params).get(name, default)

    @property
    def fields(self) -> dict[str, Any]:
        """The kind's fields as a dict."""
        return dict(self.params)


@dataclass(frozen=True)
class Arm:
    """A named arm: its interventions (empty: placebo or natural history)."""

    name: str
    interventions: tuple[InterventionSpec, ...] = ()

    @property
    def kinds(self) -> tuple[str, ...]:
        """Intervention kinds of the arm, in file order, without repeats."""
        return tuple(dict.fromkeys(i.kind for i in self.interventions))


@dataclass(frozen=True)
class Endpoint:
    """A published endpoint.

    Attributes
    ----------
    index
        Position in the file's ``endpoints`` list.
    arm, control
        Measured arm and (``difference_vs_control`` only) comparator arm.
    site, measure
        From the vocabulary of ``FORMAT.md``.
    value
        Published figure: percent, percentage points or %/year for the change
        measures; the serum level in :data:`LEVEL_UNITS` (``level``); SD units
        (``t_score_mean``); percent of subjects (``percent_osteoporotic``); percent
        (``sd_percent_change``, the between-subject SD of the percent change).
    from_day, at_day
        Start and end of the change (days from the start of follow-up); for the
        point measures (:data:`POINT_MEASURES`) ``from_day`` is 0 and unused.
    from_text, at_text
        The same times as written (defaults: ``"0 <unit>"`` and the duration).
    ci
        Published 95% CI ``(low, high)`` or ``None``.
    sd
        Published between-subject SD of the change or ``None``.
    """

    index: int
    arm: str
    site: str
    measure: str
    value: float
    from_day: float
    at_day: float
    from_text: str
    at_text: str
    control: str | None = None
    ci: tuple[float, float] | None = None
    sd: float | None = None

    @property
    def is_point(self) -> bool:
        """Whether the measure is taken at ``at`` alone (:data:`POINT_MEASURES`)."""
        return self.measure in POINT_MEASURES

    @property
    def arms(self) -> tuple[str, ...]:
        """Arms whose simulation this endpoint needs."""
        return (self.arm,) if self.control is None else (self.arm, self.control)


@dataclass(frozen=True)
class Trial:
    """A parsed trial file.

    Attributes
    ----------
    duration_days
        Follow-up of each virtual subject (days).
    arms
        Arms in file order.
    file
        File name (``"pepi-1996.yaml"``); ``path`` is the full path.
    """

    id: str
    title: str
    citation: str
    design: str
    population: Population
    arms: tuple[Arm, ...]
    duration_days: float
    duration_text: str
    endpoints: tuple[Endpoint, ...]
    notes: str | None = None
    file: str = ""
    path: str = ""

    def arm(self, name: str) -> Arm:
        """The arm called ``name`` (``KeyError`` if absent)."""
        for a in self.arms:
            if a.name == name:
                return a
        raise KeyError(name)

    @property
    def arm_names(self) -> tuple[str, ...]:
        return tuple(a.name for a in self.arms)


# --------------------------------------------------------------------------- field checks
def _mean_sd(ctx: rd.Ctx, path: tuple, v: Any, lo: float, hi: float, units: str, example: str,
             positive: bool = False) -> MeanSD:
    d = rd.mapping(ctx, path, v, ("mean", "sd"), (), example)
    mean = rd.number(ctx, (*path, "mean"), d["mean"], example, lo, hi, lo_open=positive, units=units)
    sd = rd.number(ctx, (*path, "sd"), d["sd"], example, 0.0, None, units=units)
    return MeanSD(mean, sd)


# --------------------------------------------------------------------------- sections
def _parse_population(ctx: rd.Ctx, v: Any) -> Population:
    path = ("population",)
    example = "population: {sex: female, age_years: {mean: 56, sd: 4.3}}"
    d = rd.mapping(ctx, path, v, ("sex", "age_years"),
                 tuple(k for k in POPULATION_KEYS if k not in ("sex", "age_years")), example)
    found = Problems(TrialFileError)  # every field's problem at once (issue 15)
    sex = None
    with found.check():
        sex = rd.choice(ctx, (*path, "sex"), d["sex"], SEXES, "sex: female")
    out: dict[str, Any] = {"sex": sex}
    if sex == "male":
        for key in _WOMEN_ONLY:
            if key in d:
                found.add_error(ctx.error((*path, key), "applies to women only (sex: male)",
                                          "sex: female, years_since_menopause: {mean: 5, sd: 3}"))
    for key, (lo, hi, units, ex) in _MEAN_SD_KEYS.items():
        if key in d:
            with found.check():
                out[key] = _mean_sd(ctx, (*path, key), d[key], lo, hi, units, ex,
                                    positive=key in _POSITIVE_MEANS)
    if "n" in d:
        with found.check():
            out["n"] = rd.integer(ctx, (*path, "n"), d["n"], "n: 875", lo=1)
    if sex == "female":
        out["menopause"] = "natural"
    if "menopause" in d:
        with found.check():
            out["menopause"] = rd.choice(ctx, (*path, "menopause"), d["menopause"],
                                     MENOPAUSE_KINDS, "menopause: surgical")
    for key in ("hysterectomy", "gh_deficiency"):
        if key in d:
            with found.check():
                out[key] = rd.boolean(ctx, (*path, key), d[key], f"{key}: true")
    if "t_score" in d:
        ex = "t_score: {site: lumbar_spine, mean: -2.8, sd: 0.7}"
        with found.check():
            t = rd.mapping(ctx, (*path, "t_score"), d["t_score"], ("site", "mean", "sd"), (), ex)
            out["t_score"] = TScoreSpec(
                rd.choice(ctx, (*path, "t_score", "site"), t["site"], DXA_SITES, ex),
                rd.number(ctx, (*path, "t_score", "mean"), t["mean"], ex, -7.0, 5.0, units="SD"),
                rd.number(ctx, (*path, "t_score", "sd"), t["sd"], ex, 0.0, None, units="SD"),
            )
    if "condition" in d:
        with found.check():
            out["condition"] = rd.text(ctx, (*path, "condition"), d["condition"],
                                     "condition: rheumatoid arthritis")
    found.raise_all()
    return Population(**out)


def _parse_dose(ctx: rd.Ctx, path: tuple, v: Any, spec: FieldSchema) -> Dose:
    try:
        amount, unit = parse_dose(v, field=rd.format_path(path))
    except OsteonInputError as err:
        example = spec.example
        if rd.is_number(v):
            example = f"dose: {v} {'IU' if spec.dose_units == ('IU',) else 'mg'}"
        raise ctx.error(path, err.problem, example) from None
    if unit not in spec.dose_units:
        allowed = "IU" if spec.dose_units == ("IU",) else (
            "mg, ug or g" if "IU" not in spec.dose_units else "mg, ug, g or IU")
        raise ctx.error(path, f"{v!r} has the wrong kind of unit here (use {allowed})",
                        spec.example)
    if amount <= 0:
        raise ctx.error(path, f"a dose must be positive, got {v!r} (use [] for no intervention)",
                        spec.example)
    return Dose(amount, unit, str(v).strip())


def _parse_field(ctx: rd.Ctx, path: tuple, v: Any, spec: FieldSchema) -> Any:
    if spec.type == "enum":
        return rd.choice(ctx, path, v, spec.choices, spec.example)
    if spec.type == "enum_list":
        if not isinstance(v, list) or not v:
            raise ctx.error(path, f"expected a non-empty list, got {rd.show(v)}", spec.example)
        items = tuple(rd.choice(ctx, (*path, i), x, spec.choices, spec.example)
                      for i, x in enumerate(v))
        dup = [x for i, x in enumerate(items) if x in items[:i]]
        if dup:
            raise ctx.error(path, f"{dup[0]!r} is listed twice", spec.example)
        return items
    if spec.type == "dose":
        return _parse_dose(ctx, path, v, spec)
    if spec.type == "time":
        days = rd.duration(ctx, path, v, spec.example)
        if days <= 0:
            raise ctx.error(path, f"must be longer than zero, got {v!r}", spec.example)
        return days
    if spec.type == "number":
        return rd.number(ctx, path, v, spec.example, spec.lo, spec.hi, spec.lo_open)
    if spec.type == "integer":
        return rd.integer(ctx, path, v, spec.example, spec.lo, spec.hi)
    raise AssertionError(spec.type)  # pragma: no cover


def _parse_intervention(ctx: rd.Ctx, path: tuple, v: Any, duration: float) -> InterventionSpec:
    generic = "{intervention: unloading, kind: bed_rest}"
    if not isinstance(v, dict):
        raise ctx.error(path, f"expected a mapping with an 'intervention' key, got {rd.show(v)}",
                        generic)
    if "intervention" not in v:
        raise ctx.error((*path, "intervention"),
                        f"is required but missing (one of {', '.join(INTERVENTION_KINDS)})",
                        generic)
    kind = rd.choice(ctx, (*path, "intervention"), v["intervention"], INTERVENTION_KINDS, generic)
    spec = KINDS[kind]
    d = rd.mapping(ctx, path, v, ("intervention", *spec.required),
                 tuple(k for k in (*_COMMON_INTERVENTION_KEYS, *spec.fields)
                       if k not in ("intervention", *spec.required)), spec.example)
    params = {name: _parse_field(ctx, (*path, name), d[name], spec.fields[name])
              for name in spec.fields if name in d}
    if spec.groups:
        given = []
        for group in spec.groups:
            present = [f for f in group if f in d]
            if present and len(present) < len(group):
                missing = next(f for f in group if f not in d)
                raise ctx.error((*path, missing),
                                f"is required together with {', '.join(present)}", spec.example)
            if present:
                given.append(group)
        alternatives = " or ".join(" and ".join(g) for g in spec.groups)
        if not given:
            raise ctx.error(path, f"needs {alternatives}", spec.example)
        if spec.exactly_one and len(given) > 1:
            raise ctx.error((*path, given[1][0]),
                            f"give either {alternatives}, not both", spec.example)
    if spec.check is not None:  # a check across fields, declared with the kind
        bad = spec.check(params)
        if bad is not None:
            name, problem, example = bad
            raise ctx.error((*path, name), problem, example)
    # Beyond FORMAT.md: a negative start is exposure that began before follow-up (patients
    # already on a drug at entry), a negative stop a past course that ended before it.
    ex_times = "start: 0 months, stop: 24 months (or start: -2 years for exposure before follow-up)"
    ex_past = "start: -5 years, stop: -1 year (a course that ended before follow-up)"
    start = (rd.duration(ctx, (*path, "start"), d["start"], ex_times, signed=True)
             if "start" in d else 0.0)
    stop = (rd.duration(ctx, (*path, "stop"), d["stop"], ex_times, signed=True)
            if "stop" in d else None)
    if start >= duration:
        raise ctx.error((*path, "start"),
                        f"starts at day {start:g}, not before the end of follow-up "
                        f"(day {duration:g})", ex_times)
    if start < -MAX_PRIOR_DAYS:
        raise ctx.error((*path, "start"), f"starts {-start / DAYS_PER_YEAR:.3g} years before "
                        f"follow-up, more than the {MAX_PRIOR_DAYS / DAYS_PER_YEAR:g} years "
                        "allowed", "start: -10 years")
    if stop is not None:
        if stop <= start:
            raise ctx.error((*path, "stop"),
                            f"stop ({d['stop']}) must come after start "
                            f"({d.get('start', '0 months')})",
                            ex_past if stop <= 0 else ex_times)
        if stop > duration + 1e-9:
            raise ctx.error((*path, "stop"),
                            f"stop ({d['stop']}) is after the end of follow-up", ex_times)
    return InterventionSpec(kind=kind, params=tuple(sorted(params.items())), start_day=start,
                            stop_day=stop, where=rd.format_path(path))


def _parse_arms(ctx: rd.Ctx, v: Any, duration: float,
                found: Problems | None = None) -> tuple[Arm, ...]:
    # ``found``: collect every arm's and intervention's problems there and go on (issue 15)
    found = Problems(TrialFileError) if found is None else found
    example = "arms: {placebo: [], bed_rest: [{intervention: unloading, kind: bed_rest}]}"
    if not isinstance(v, dict) or not v:
        raise ctx.error(("arms",), f"expected a mapping of arm names to lists, got {rd.show(v)}",
                        example)
    arms = []
    for name, items in v.items():
        path = ("arms", name)
        if not isinstance(name, str) or not name.strip():
            found.add_error(ctx.error(("arms",), f"arm name {name!r} is not text", example))
            continue
        if not isinstance(items, list):
            found.add_error(ctx.error(path, f"expected a list of interventions ([] for none), "
                                      f"got {rd.show(items)}", f"{name}: []"))
            continue
        specs = []
        for i, item in enumerate(items):
            with found.check():
                specs.append(_parse_intervention(ctx, (*path, i), item, duration))
        arms.append(Arm(name, tuple(specs)))
    found.raise_all()
    return tuple(arms)


def _zero_text(duration_text: str) -> str:
    parts = duration_text.split()
    return f"0 {parts[-1]}" if len(parts) == 2 else "0 days"


def _parse_endpoint(ctx: rd.Ctx, i: int, v: Any, arms: tuple[str, ...], duration: float,
                    duration_text: str, design: str = "rct") -> Endpoint:
    path = ("endpoints", i)
    d = rd.mapping(ctx, path, v, ENDPOINT_REQUIRED, ENDPOINT_OPTIONAL, ENDPOINT_EXAMPLE)
    arm_ex = f"arm: {arms[0]}"
    arm = rd.text(ctx, (*path, "arm"), d["arm"], arm_ex)
    if arm not in arms:
        raise ctx.error((*path, "arm"), f"{arm!r} is not an arm of this trial "
                        f"(arms: {', '.join(arms)})", arm_ex)
    site = rd.choice(ctx, (*path, "site"), d["site"], ENDPOINT_SITES, "site: lumbar_spine")
    measure = rd.choice(ctx, (*path, "measure"), d["measure"], MEASURES, "measure: percent_change")
    allowed = MEASURE_SITES.get(measure, tuple(s for s in ENDPOINT_SITES if s != LOWEST_CENTRAL))
    if site not in allowed:
        good = {"level": "{site: igf1, measure: level, value: 150}",
                "t_score_mean": "{site: femoral_neck, measure: t_score_mean, value: -1.6}",
                "percent_osteoporotic": "{site: lowest_central, measure: percent_osteoporotic, "
                                        "value: 25.7}"}.get(
            measure, f"{{site: lumbar_spine, measure: {measure}, value: -1.8}}")
        raise ctx.error((*path, "site"), f"{site!r} does not go with measure {measure} "
                        f"(sites: {', '.join(allowed)})", good)
    control = None
    if measure == "difference_vs_control":
        if "control" not in d:
            raise ctx.error((*path, "control"),
                            "is required for measure difference_vs_control", DIFFERENCE_EXAMPLE)
        others = [a for a in arms if a != arm] or ["placebo"]
        control_ex = f"{{arm: {arm}, control: {others[0]}, measure: difference_vs_control, ...}}"
        control = rd.text(ctx, (*path, "control"), d["control"], control_ex)
        if control not in arms:
            raise ctx.error((*path, "control"), f"{control!r} is not an arm of this trial "
                            f"(arms: {', '.join(arms)})", control_ex)
        if control == arm:
            raise ctx.error((*path, "control"), "the control must be another arm than 'arm'",
                            DIFFERENCE_EXAMPLE)
    elif "control" in d:
        raise ctx.error((*path, "control"),
                        f"applies to measure difference_vs_control only, not {measure}",
                        DIFFERENCE_EXAMPLE)
    value_range = {"level": (0.0, None, "value: 150"),
                   "percent_osteoporotic": (0.0, 100.0, "value: 25.7"),
                   "sd_percent_change": (0.0, None, "value: 3.2"),
                   "t_score_mean": (-7.0, 5.0, "value: -1.6")}.get(measure)
    if value_range is None:
        value = rd.number(ctx, (*path, "value"), d["value"], "value: -1.8")
    else:
        lo_v, hi_v, ex_v = value_range
        value = rd.number(ctx, (*path, "value"), d["value"], ex_v, lo_v, hi_v,
                        lo_open=measure == "sd_percent_change",
                        units=LEVEL_UNITS.get(site, "") if measure == "level" else "")
    point = measure in POINT_MEASURES
    ex_t = "from: 12 months, at: 24 months"
    from_day, from_text = 0.0, _zero_text(duration_text)
    if "from" in d:
        if point:
            raise ctx.error((*path, "from"), f"measure {measure} is taken at 'at' alone; "
                            "'from' applies to the change measures only",
                            f"{{site: {site}, measure: {measure}, at: {duration_text}, "
                            f"value: {value:g}}}")
        from_day = rd.duration(ctx, (*path, "from"), d["from"], ex_t)
        from_text = str(d["from"]).strip()
    # A cross-sectional study's point measures are read at the start unless 'at' says
    # otherwise; its change measures (e.g. a marker after versus before menopause, run as
    # natural history over 'duration') keep the general default, the end of follow-up.
    at_day, at_text = duration, duration_text
    if design == "cross_sectional" and point:
        at_day, at_text = 0.0, _zero_text(duration_text)
    if "at" in d:
        at_day = rd.duration(ctx, (*path, "at"), d["at"], ex_t)
        at_text = str(d["at"]).strip()
    if at_day > duration + 1e-9:
        raise ctx.error((*path, "at"), f"{at_text!r} is after the end of follow-up "
                        f"(duration {duration_text})", f"at: {duration_text}")
    if not point and from_day >= at_day:
        raise ctx.error((*path, "from" if "from" in d else "at"),
                        f"from ({from_text}) must come before at ({at_text}); measure "
                        f"{measure} is a change between two times", ex_t)
    ci = None
    if "ci" in d:
        ex = "ci: [3.5, 5.0]"
        c = d["ci"]
        if not isinstance(c, list) or len(c) != 2:
            raise ctx.error((*path, "ci"), f"expected [low, high], got {rd.show(c)}", ex)
        lo = rd.number(ctx, (*path, "ci", 0), c[0], ex)
        hi = rd.number(ctx, (*path, "ci", 1), c[1], ex)
        if lo > hi:
            raise ctx.error((*path, "ci"), f"low ({lo:g}) is above high ({hi:g})", ex)
        ci = (lo, hi)
    sd = rd.number(ctx, (*path, "sd"), d["sd"], "sd: 2.8", 0.0) if "sd" in d else None
    return Endpoint(index=i, arm=arm, site=site, measure=measure, value=value,
                    from_day=from_day, at_day=at_day, from_text=from_text, at_text=at_text,
                    control=control, ci=ci, sd=sd)


# --------------------------------------------------------------------------- entry point
def load_trial(path: str | Path) -> Trial:
    """Read and validate one trial file.

    Parameters
    ----------
    path
        A YAML file in the format of ``shared/validation/FORMAT.md``.

    Returns
    -------
    Trial
        The parsed trial; times in days, doses in mg or IU.

    Raises
    ------
    osteon.errors.TrialFileError
        For anything that does not follow the format (including YAML syntax
        errors); ``field`` names the file and key, ``example`` is a valid snippet.
    """
    p = Path(path)
    data, lines = rd.read_yaml(p)
    ctx = rd.Ctx(p.name, lines)
    d = rd.mapping(ctx, (), data, TOP_REQUIRED, TOP_OPTIONAL,
                 "id: pepi-1996 (with title, citation, design, population, arms, duration, "
                 "endpoints)", key_examples=TOP_EXAMPLES)
    # Every section is checked and every problem reported at once (issue 15); a section
    # that failed is left out of the checks that depend on it.
    found = Problems(TrialFileError)
    trial_id = title = citation = design = notes = population = None
    with found.check():
        trial_id = rd.text(ctx, ("id",), d["id"], "id: pepi-1996")
    with found.check():
        title = rd.text(ctx, ("title",), d["title"], "title: Three-year bone density in PEPI")
    with found.check():
        citation = rd.text(ctx, ("citation",), d["citation"],
                         'citation: "Writing Group for the PEPI Trial. JAMA 1996;276:1389-1396"')
    with found.check():
        design = rd.choice(ctx, ("design",), d["design"], DESIGNS, "design: rct")
    duration = math.inf  # while unknown, nothing is "after the end of follow-up"
    duration_text = str(d["duration"]).strip()
    with found.check():
        duration = rd.duration(ctx, ("duration",), d["duration"], "duration: 36 months")
        if duration < 0 or (duration == 0 and design != "cross_sectional"):
            duration = math.inf
            raise ctx.error(("duration",), f"must be longer than zero, got {d['duration']!r} "
                            "(0 days is allowed for design: cross_sectional only)",
                            "duration: 36 months")
    with found.check():
        population = _parse_population(ctx, d["population"])
    arms: tuple[Arm, ...] = ()
    with found.check():
        arms = _parse_arms(ctx, d["arms"], duration, Problems(TrialFileError))
    names = tuple(a.name for a in arms) or tuple(
        k for k in (d["arms"] if isinstance(d["arms"], dict) else ())
        if isinstance(k, str) and k.strip())
    eps = d["endpoints"]
    endpoints: list[Endpoint] = []
    if not isinstance(eps, list) or not eps:
        found.add_error(ctx.error(("endpoints",), f"expected a non-empty list, got {rd.show(eps)}",
                                  f"endpoints: [{ENDPOINT_EXAMPLE}]"))
    elif names:  # endpoints name arms: without valid arms they cannot be checked
        for i, e in enumerate(eps):
            with found.check():
                endpoints.append(_parse_endpoint(ctx, i, e, names, duration, duration_text,
                                                 design or "rct"))
    if "notes" in d:
        with found.check():
            notes = rd.text(ctx, ("notes",), d["notes"], "notes: Figures are medians.")
    found.raise_all()
    return Trial(id=trial_id, title=title, citation=citation, design=design,
                 population=population, arms=arms, duration_days=duration,
                 duration_text=duration_text, endpoints=tuple(endpoints), notes=notes, file=p.name,
                 path=str(p))


def parse_intervention(mapping: dict, duration_days: float = 100 * 365.25,
                       where: str = "protocol") -> InterventionSpec:
    """Validate one intervention written as in a trial file (a plain mapping).

    Parameters
    ----------
    mapping
        E.g. ``{"intervention": "estrogen", "agent": "estradiol", "route": "transdermal",
        "dose": "50 ug", "every": "1 day"}``.
    duration_days
        Length of follow-up (days), to check ``start`` and ``stop`` against.
    where
        Name used in error messages.

    Examples
    --------
    >>> parse_intervention({"intervention": "unloading", "kind": "bed_rest"}).kind
    'unloading'
    >>> parse_intervention({"intervention": "unloading", "kind": "sofa"})
    Traceback (most recent call last):
    ...
    osteon.errors.TrialFileError: protocol: kind: 'sofa' is not one of bed_rest, spaceflight, spinal_cord_injury, immobilization. Valid example: kind: bed_rest
    """
    return _parse_intervention(rd.Ctx(where, {}), (), mapping, duration_days)

