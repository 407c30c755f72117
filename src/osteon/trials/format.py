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
the model cannot simulate yet (see :mod:`osteon.trials.interventions`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from osteon import safe_yaml
from osteon.covariates import BY_NAME, BY_TRIAL_KEY, MEAN_SD_KEYS
from osteon.errors import OsteonInputError, Problems, TrialFileError
from osteon.physiology.schema import FieldSchema, KindSchema
from osteon.units import parse_dose, parse_duration

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


# --------------------------------------------------------------------------- YAML reading
def _format_path(path: tuple) -> str:
    out = ""
    for p in path:
        if isinstance(p, int):
            out += f"[{p}]"
        else:
            out += f".{p}" if out else str(p)
    return out


class _Ctx:
    """Error reporting for one file: field names and line numbers."""

    def __init__(self, file: str, lines: dict[tuple, int]):
        self.file = file
        self.lines = lines

    def line(self, path: tuple) -> int | None:
        p = tuple(path)
        while p:
            if p in self.lines:
                return self.lines[p]
            p = p[:-1]
        return None

    def error(self, path: tuple, problem: str, example: str) -> TrialFileError:
        line = self.line(path)
        where = f" (line {line})" if line else ""
        name = _format_path(path) or "(top level)"
        return TrialFileError(f"{self.file}: {name}", f"{problem}{where}", example)


def _walk_nodes(node: yaml.Node, path: tuple, lines: dict[tuple, int], file: str) -> None:
    lines.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        seen: dict[Any, int] = {}
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            line = key_node.start_mark.line + 1
            if key is not None and key in seen:
                name = _format_path((*path, key))
                raise TrialFileError(
                    f"{file}: {name}",
                    f"key {key!r} appears twice (lines {seen[key]} and {line})",
                    "each key once per mapping",
                )
            if key is not None:
                seen[key] = line
                lines[(*path, key)] = line
                _walk_nodes(value_node, (*path, key), lines, file)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _walk_nodes(item, (*path, i), lines, file)


def _read_yaml(path: Path) -> tuple[Any, dict[tuple, int]]:
    file = path.name
    if not path.exists():
        raise TrialFileError(file, f"no such file: {path}",
                             "shared/validation/trials/pepi-1996.yaml")
    try:
        # size, file type and encoding limits (issue 15)
        text = safe_yaml.read_text(path, file, "a UTF-8 text file of a few kB")
    except OsteonInputError as err:
        raise TrialFileError(file, err.problem, err.example) from None
    loader = None
    try:
        node, loader = safe_yaml.compose(text)
        lines: dict[tuple, int] = {}
        if node is not None:
            _walk_nodes(node, (), lines, file)
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else "unknown line"
        context = err.context or ""
        if context and err.context_mark is not None and err.context_mark is not mark:
            context += f" that starts at line {err.context_mark.line + 1}"
        problem = ", ".join(str(x) for x in (context, err.problem) if x)
        raise TrialFileError(
            f"{file}: {where}",
            f"not valid YAML: {problem or err}",
            "- {arm: placebo, site: lumbar_spine, measure: percent_change, value: -1.8}   "
            "(close every { and [; quote text that contains ': ')",
        ) from None
    except TrialFileError:
        raise
    except safe_yaml.YamlLimitError as err:
        raise TrialFileError(f"{file}: (top level)", f"exceeds a limit: {err}",
                             "id: pepi-1996") from None
    except yaml.YAMLError as err:
        raise TrialFileError(f"{file}: (top level)", f"not valid YAML: {err}",
                             "id: pepi-1996") from None
    except (ValueError, OverflowError, RecursionError) as err:
        raise TrialFileError(f"{file}: (top level)", f"could not be read as YAML: {err}",
                             "id: pepi-1996") from None
    finally:
        if loader is not None:
            loader.dispose()
    return data, lines


# --------------------------------------------------------------------------- field checks
def _is_number(v: Any) -> bool:
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        return False
    try:
        return math.isfinite(float(v))
    except OverflowError:  # a huge integer literal (issue 15)
        return False


def _mapping(ctx: _Ctx, path: tuple, v: Any, required: tuple[str, ...],
             optional: tuple[str, ...], example: str,
             key_examples: dict[str, str] | None = None) -> dict:
    if not isinstance(v, dict):
        raise ctx.error(path, f"expected a mapping, got {_show(v)}", example)
    for key in v:
        if not isinstance(key, str):
            raise ctx.error(path, f"key {key!r} is not text", example)
    # every unknown and every missing key at once (issue 15)
    found = Problems(TrialFileError)
    known = ", ".join((*required, *optional))
    for key in v:
        if key not in required and key not in optional:
            found.add_error(ctx.error((*path, key), f"unknown key {key!r} (known: {known})",
                                      example))
    for key in required:
        if key not in v:
            found.add_error(ctx.error((*path, key), "is required but missing",
                                      (key_examples or {}).get(key, example)))
    found.raise_all()
    return v


def _show(v: Any) -> str:
    if v is None:
        return "nothing (empty value)"
    return f"{v!r} ({type(v).__name__})"


def _text(ctx: _Ctx, path: tuple, v: Any, example: str) -> str:
    if not isinstance(v, str) or not v.strip():
        raise ctx.error(path, f"expected text, got {_show(v)}", example)
    return v.strip()


def _bool(ctx: _Ctx, path: tuple, v: Any, example: str) -> bool:
    if not isinstance(v, bool):
        raise ctx.error(path, f"expected true or false, got {_show(v)}", example)
    return v


def _enum(ctx: _Ctx, path: tuple, v: Any, choices: tuple[str, ...], example: str) -> str:
    if not isinstance(v, str) or v not in choices:
        raise ctx.error(path, f"{v!r} is not one of {', '.join(choices)}", example)
    return v


def _number(ctx: _Ctx, path: tuple, v: Any, example: str, lo: float | None = None,
            hi: float | None = None, lo_open: bool = False, units: str = "") -> float:
    if not _is_number(v):
        raise ctx.error(path, f"expected a number{' in ' + units if units else ''}, got {_show(v)}",
                        example)
    x = float(v)
    low_bad = lo is not None and (x <= lo if lo_open else x < lo)
    if low_bad or (hi is not None and x > hi):
        left = "(" if lo_open else "["
        rng = f"{left}{'-inf' if lo is None else f'{lo:g}'}, {'inf' if hi is None else f'{hi:g}'}]"
        raise ctx.error(path, f"{v!r} is outside {rng}{' ' + units if units else ''}", example)
    return x


def _integer(ctx: _Ctx, path: tuple, v: Any, example: str, lo: float | None = None,
             hi: float | None = None) -> int:
    if not _is_number(v) or float(v) != int(v):
        raise ctx.error(path, f"expected a whole number, got {_show(v)}", example)
    return int(_number(ctx, path, v, example, lo, hi))


def _time(ctx: _Ctx, path: tuple, v: Any, example: str) -> float:
    try:
        return parse_duration(v, field=_format_path(path))
    except OsteonInputError as err:
        raise ctx.error(path, err.problem + " (units: day, week, month, year)", example) from None


def _mean_sd(ctx: _Ctx, path: tuple, v: Any, lo: float, hi: float, units: str, example: str,
             positive: bool = False) -> MeanSD:
    d = _mapping(ctx, path, v, ("mean", "sd"), (), example)
    mean = _number(ctx, (*path, "mean"), d["mean"], example, lo, hi, lo_open=positive, units=units)
    sd = _number(ctx, (*path, "sd"), d["sd"], example, 0.0, None, units=units)
    return MeanSD(mean, sd)


# --------------------------------------------------------------------------- sections
def _parse_population(ctx: _Ctx, v: Any) -> Population:
    path = ("population",)
    example = "population: {sex: female, age_years: {mean: 56, sd: 4.3}}"
    d = _mapping(ctx, path, v, ("sex", "age_years"),
                 tuple(k for k in POPULATION_KEYS if k not in ("sex", "age_years")), example)
    found = Problems(TrialFileError)  # every field's problem at once (issue 15)
    sex = None
    with found.check():
        sex = _enum(ctx, (*path, "sex"), d["sex"], SEXES, "sex: female")
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
            out["n"] = _integer(ctx, (*path, "n"), d["n"], "n: 875", lo=1)
    if sex == "female":
        out["menopause"] = "natural"
    if "menopause" in d:
        with found.check():
            out["menopause"] = _enum(ctx, (*path, "menopause"), d["menopause"],
                                     MENOPAUSE_KINDS, "menopause: surgical")
    for key in ("hysterectomy", "gh_deficiency"):
        if key in d:
            with found.check():
                out[key] = _bool(ctx, (*path, key), d[key], f"{key}: true")
    if "t_score" in d:
        ex = "t_score: {site: lumbar_spine, mean: -2.8, sd: 0.7}"
        with found.check():
            t = _mapping(ctx, (*path, "t_score"), d["t_score"], ("site", "mean", "sd"), (), ex)
            out["t_score"] = TScoreSpec(
                _enum(ctx, (*path, "t_score", "site"), t["site"], DXA_SITES, ex),
                _number(ctx, (*path, "t_score", "mean"), t["mean"], ex, -7.0, 5.0, units="SD"),
                _number(ctx, (*path, "t_score", "sd"), t["sd"], ex, 0.0, None, units="SD"),
            )
    if "condition" in d:
        with found.check():
            out["condition"] = _text(ctx, (*path, "condition"), d["condition"],
                                     "condition: rheumatoid arthritis")
    found.raise_all()
    return Population(**out)


def _parse_dose(ctx: _Ctx, path: tuple, v: Any, spec: FieldSchema) -> Dose:
    try:
        amount, unit = parse_dose(v, field=_format_path(path))
    except OsteonInputError as err:
        example = spec.example
        if _is_number(v):
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


def _parse_field(ctx: _Ctx, path: tuple, v: Any, spec: FieldSchema) -> Any:
    if spec.type == "enum":
        return _enum(ctx, path, v, spec.choices, spec.example)
    if spec.type == "enum_list":
        if not isinstance(v, list) or not v:
            raise ctx.error(path, f"expected a non-empty list, got {_show(v)}", spec.example)
        items = tuple(_enum(ctx, (*path, i), x, spec.choices, spec.example)
                      for i, x in enumerate(v))
        dup = [x for i, x in enumerate(items) if x in items[:i]]
        if dup:
            raise ctx.error(path, f"{dup[0]!r} is listed twice", spec.example)
        return items
    if spec.type == "dose":
        return _parse_dose(ctx, path, v, spec)
    if spec.type == "time":
        days = _time(ctx, path, v, spec.example)
        if days <= 0:
            raise ctx.error(path, f"must be longer than zero, got {v!r}", spec.example)
        return days
    if spec.type == "number":
        return _number(ctx, path, v, spec.example, spec.lo, spec.hi, spec.lo_open)
    if spec.type == "integer":
        return _integer(ctx, path, v, spec.example, spec.lo, spec.hi)
    raise AssertionError(spec.type)  # pragma: no cover


def _parse_intervention(ctx: _Ctx, path: tuple, v: Any, duration: float) -> InterventionSpec:
    generic = "{intervention: unloading, kind: bed_rest}"
    if not isinstance(v, dict):
        raise ctx.error(path, f"expected a mapping with an 'intervention' key, got {_show(v)}",
                        generic)
    if "intervention" not in v:
        raise ctx.error((*path, "intervention"),
                        f"is required but missing (one of {', '.join(INTERVENTION_KINDS)})",
                        generic)
    kind = _enum(ctx, (*path, "intervention"), v["intervention"], INTERVENTION_KINDS, generic)
    spec = KINDS[kind]
    d = _mapping(ctx, path, v, ("intervention", *spec.required),
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
    ex_times = "start: 0 months, stop: 24 months"
    start = _time(ctx, (*path, "start"), d["start"], ex_times) if "start" in d else 0.0
    stop = _time(ctx, (*path, "stop"), d["stop"], ex_times) if "stop" in d else None
    if start >= duration:
        raise ctx.error((*path, "start"),
                        f"starts at day {start:g}, not before the end of follow-up "
                        f"(day {duration:g})", ex_times)
    if stop is not None:
        if stop <= start:
            raise ctx.error((*path, "stop"),
                            f"stop ({d['stop']}) must come after start "
                            f"({d.get('start', '0 months')})", ex_times)
        if stop > duration + 1e-9:
            raise ctx.error((*path, "stop"),
                            f"stop ({d['stop']}) is after the end of follow-up", ex_times)
    return InterventionSpec(kind=kind, params=tuple(sorted(params.items())), start_day=start,
                            stop_day=stop, where=_format_path(path))


def _parse_arms(ctx: _Ctx, v: Any, duration: float,
                found: Problems | None = None) -> tuple[Arm, ...]:
    # ``found``: collect every arm's and intervention's problems there and go on (issue 15)
    found = Problems(TrialFileError) if found is None else found
    example = "arms: {placebo: [], bed_rest: [{intervention: unloading, kind: bed_rest}]}"
    if not isinstance(v, dict) or not v:
        raise ctx.error(("arms",), f"expected a mapping of arm names to lists, got {_show(v)}",
                        example)
    arms = []
    for name, items in v.items():
        path = ("arms", name)
        if not isinstance(name, str) or not name.strip():
            found.add_error(ctx.error(("arms",), f"arm name {name!r} is not text", example))
            continue
        if not isinstance(items, list):
            found.add_error(ctx.error(path, f"expected a list of interventions ([] for none), "
                                      f"got {_show(items)}", f"{name}: []"))
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


def _parse_endpoint(ctx: _Ctx, i: int, v: Any, arms: tuple[str, ...], duration: float,
                    duration_text: str, design: str = "rct") -> Endpoint:
    path = ("endpoints", i)
    d = _mapping(ctx, path, v, ENDPOINT_REQUIRED, ENDPOINT_OPTIONAL, ENDPOINT_EXAMPLE)
    arm_ex = f"arm: {arms[0]}"
    arm = _text(ctx, (*path, "arm"), d["arm"], arm_ex)
    if arm not in arms:
        raise ctx.error((*path, "arm"), f"{arm!r} is not an arm of this trial "
                        f"(arms: {', '.join(arms)})", arm_ex)
    site = _enum(ctx, (*path, "site"), d["site"], ENDPOINT_SITES, "site: lumbar_spine")
    measure = _enum(ctx, (*path, "measure"), d["measure"], MEASURES, "measure: percent_change")
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
        control = _text(ctx, (*path, "control"), d["control"], control_ex)
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
        value = _number(ctx, (*path, "value"), d["value"], "value: -1.8")
    else:
        lo_v, hi_v, ex_v = value_range
        value = _number(ctx, (*path, "value"), d["value"], ex_v, lo_v, hi_v,
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
        from_day = _time(ctx, (*path, "from"), d["from"], ex_t)
        from_text = str(d["from"]).strip()
    # A cross-sectional study's point measures are read at the start unless 'at' says
    # otherwise; its change measures (e.g. a marker after versus before menopause, run as
    # natural history over 'duration') keep the general default, the end of follow-up.
    at_day, at_text = duration, duration_text
    if design == "cross_sectional" and point:
        at_day, at_text = 0.0, _zero_text(duration_text)
    if "at" in d:
        at_day = _time(ctx, (*path, "at"), d["at"], ex_t)
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
            raise ctx.error((*path, "ci"), f"expected [low, high], got {_show(c)}", ex)
        lo = _number(ctx, (*path, "ci", 0), c[0], ex)
        hi = _number(ctx, (*path, "ci", 1), c[1], ex)
        if lo > hi:
            raise ctx.error((*path, "ci"), f"low ({lo:g}) is above high ({hi:g})", ex)
        ci = (lo, hi)
    sd = _number(ctx, (*path, "sd"), d["sd"], "sd: 2.8", 0.0) if "sd" in d else None
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
    data, lines = _read_yaml(p)
    ctx = _Ctx(p.name, lines)
    d = _mapping(ctx, (), data, TOP_REQUIRED, TOP_OPTIONAL,
                 "id: pepi-1996 (with title, citation, design, population, arms, duration, "
                 "endpoints)", key_examples=TOP_EXAMPLES)
    # Every section is checked and every problem reported at once (issue 15); a section
    # that failed is left out of the checks that depend on it.
    found = Problems(TrialFileError)
    trial_id = title = citation = design = notes = population = None
    with found.check():
        trial_id = _text(ctx, ("id",), d["id"], "id: pepi-1996")
    with found.check():
        title = _text(ctx, ("title",), d["title"], "title: Three-year bone density in PEPI")
    with found.check():
        citation = _text(ctx, ("citation",), d["citation"],
                         'citation: "Writing Group for the PEPI Trial. JAMA 1996;276:1389-1396"')
    with found.check():
        design = _enum(ctx, ("design",), d["design"], DESIGNS, "design: rct")
    duration = math.inf  # while unknown, nothing is "after the end of follow-up"
    duration_text = str(d["duration"]).strip()
    with found.check():
        duration = _time(ctx, ("duration",), d["duration"], "duration: 36 months")
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
        found.add_error(ctx.error(("endpoints",), f"expected a non-empty list, got {_show(eps)}",
                                  f"endpoints: [{ENDPOINT_EXAMPLE}]"))
    elif names:  # endpoints name arms: without valid arms they cannot be checked
        for i, e in enumerate(eps):
            with found.check():
                endpoints.append(_parse_endpoint(ctx, i, e, names, duration, duration_text,
                                                 design or "rct"))
    if "notes" in d:
        with found.check():
            notes = _text(ctx, ("notes",), d["notes"], "notes: Figures are medians.")
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
    return _parse_intervention(_Ctx(where, {}), (), mapping, duration_days)

