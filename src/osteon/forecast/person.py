"""A person file: one person's own data for the forecast (issue 11), validated with pydantic.

The file (YAML or JSON) holds sex, age or birth date, menopause, height and weight, labs
with dates and units, DXA history by site with dates (g/cm2 with the scanner's maker, or
T-scores), past and current treatments and training written in the trial-file vocabulary
(``shared/validation/FORMAT.md``) with start and stop dates, habitual diet and clinical
risk factors. Every problem is reported at once (:class:`PersonFileError`), each with its
path in the file and a valid example.

>>> p = Person.from_dict({"sex": "female", "age": 56, "menopause": {"age": 50},
...                       "dxa": [{"date": "2024-01-10", "site": "lumbar_spine", "t_score": -1.2}]})
>>> p.age_now, p.menopause.age
(56.0, 50.0)
>>> Person.from_dict({"sex": "x", "age": 200, "weight_kg": -1})
Traceback (most recent call last):
...
osteon.forecast.person.PersonFileError: 3 problems in the person file:
  sex: 'x' is not one of female, male. Valid example: sex: female
  age: 200 is outside 30-100 years (Osteon starts every subject at peak bone mass at 30). Valid example: age: 56
  weight_kg: -1 is outside 25-300 kg. Valid example: weight_kg: 68
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator, model_validator

from osteon.errors import OsteonInputError
from osteon.forecast.dxa import DXA_SITES, MANUFACTURERS, bmd_from_t_score, to_hologic
from osteon.forecast.labs import LABS, parse_lab

EXAMPLES = {
    "sex": "sex: female",
    "age": "age: 56",
    "birth_date": "birth_date: 1970-05-14",
    "assessment_date": "assessment_date: 2026-11-01",
    "menopause": "menopause: {type: natural, age: 50}",
    "menopause.type": "type: natural",
    "menopause.age": "age: 50",
    "height_cm": "height_cm: 164",
    "weight_kg": "weight_kg: 68",
    "steps_per_day": "steps_per_day: 6000",
    "labs": 'labs: [{analyte: estradiol, value: "12 pg/mL", date: 2026-10-01}]',
    "labs.analyte": "analyte: estradiol",
    "labs.value": 'value: "12 pg/mL"',
    "labs.date": "date: 2026-10-01",
    "dxa": "dxa: [{date: 2024-01-10, site: lumbar_spine, bmd: 0.912, manufacturer: hologic}]",
    "dxa.site": "site: lumbar_spine",
    "dxa.date": "date: 2024-01-10",
    "dxa.bmd": "bmd: 0.912",
    "dxa.manufacturer": "manufacturer: hologic",
    "dxa.t_score": "t_score: -1.4",
    "treatments": "treatments: [{intervention: calcium, dose: 500 mg, every: 1 day, "
                  "start: 2025-01-01}]",
    "diet": "diet: {calcium_mg_per_day: 800, vitamin_d_25oh_nmol_l: 60, "
            "protein_g_per_kg_per_day: 1.0}",
    "risk_factors": "risk_factors: {prior_fracture: false, glucocorticoids: false, "
                    "falls_last_year: 0}",
}


def _example(loc: tuple) -> str:
    names = [str(p) for p in loc if not isinstance(p, int)]
    for k in range(len(names), 0, -1):
        key = ".".join(names[:k])
        if key in EXAMPLES:
            return EXAMPLES[key]
    return EXAMPLES.get(names[-1] if names else "sex", "see examples/person-woman-56.yaml")


def _path(loc: tuple) -> str:
    out = ""
    for p in loc:
        out += f"[{p}]" if isinstance(p, int) else (f".{p}" if out else str(p))
    return out


class PersonFileError(OsteonInputError):
    """Every problem of a person file at once: ``problems`` is a list of
    ``(path, problem, example)``."""

    def __init__(self, problems: list[tuple[str, str, str]]) -> None:
        self.problems = list(problems)
        lines = [f"  {p}: {what}. Valid example: {ex}" for p, what, ex in problems]
        n = len(problems)
        head = f"{n} problem{'s' if n != 1 else ''} in the person file:"
        super().__init__("person", "\n".join([head, *lines]))
        self.args = ("\n".join([head, *lines]),)

    def __str__(self) -> str:
        return self.args[0]


def _range(name: str, v, lo: float, hi: float, units: str, why: str = "") -> float | None:
    if v is None:
        return v
    if not (lo <= float(v) <= hi):
        raise ValueError(f"{v:g} is outside {lo:g}-{hi:g} {units}{why}")
    return float(v)


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Menopause(_Model):
    type: str = "natural"
    age: float | None = None

    @field_validator("type")
    @classmethod
    def _type(cls, v):
        if v not in ("natural", "surgical"):
            raise ValueError(f"{v!r} is not one of natural, surgical")
        return v

    @field_validator("age")
    @classmethod
    def _age(cls, v):
        return _range("age", v, 30, 65, "years")


class Lab(_Model):
    analyte: str
    value: str | float
    unit: str | None = None
    date: dt.date | None = None

    @field_validator("analyte")
    @classmethod
    def _analyte(cls, v):
        if v not in LABS:
            raise ValueError(f"{v!r} is not a known lab (known: {', '.join(LABS)})")
        return v

    @model_validator(mode="after")
    def _parse(self):
        try:
            parse_lab(self.analyte, self.value, self.unit)
        except OsteonInputError as err:
            raise ValueError(err.problem) from None
        return self

    @property
    def si(self):
        """The value as a :class:`~osteon.forecast.labs.LabValue` (SI units)."""
        return parse_lab(self.analyte, self.value, self.unit)


class Scan(_Model):
    date: dt.date
    site: str
    bmd: float | None = None
    manufacturer: str = "hologic"
    t_score: float | None = None

    @field_validator("site")
    @classmethod
    def _site(cls, v):
        if v not in DXA_SITES:
            raise ValueError(f"{v!r} is not one of {', '.join(DXA_SITES)}")
        return v

    @field_validator("manufacturer")
    @classmethod
    def _maker(cls, v):
        if v not in MANUFACTURERS:
            raise ValueError(f"{v!r} is not one of {', '.join(MANUFACTURERS)}")
        return v

    @field_validator("bmd")
    @classmethod
    def _bmd(cls, v):
        return _range("bmd", v, 0.2, 2.0, "g/cm2")

    @field_validator("t_score")
    @classmethod
    def _t(cls, v):
        return _range("t_score", v, -7, 5, "SD")

    @model_validator(mode="after")
    def _one(self):
        if (self.bmd is None) == (self.t_score is None):
            raise ValueError("give exactly one of bmd (g/cm2, with manufacturer) or t_score")
        return self

    def hologic_bmd(self, sex: str) -> float:
        """BMD (g/cm2) on the Hologic scale of Osteon's reference."""
        if self.bmd is not None:
            return float(to_hologic(self.bmd, self.manufacturer, self.site))
        return float(bmd_from_t_score(self.t_score, sex, self.site))


class Treatment(_Model):
    """One intervention in the trial-file vocabulary, with calendar start and stop dates."""

    model_config = ConfigDict(extra="allow", frozen=True)
    intervention: str
    start: dt.date | None = None
    stop: dt.date | None = None

    @model_validator(mode="after")
    def _check(self):
        from osteon.trials.format import INTERVENTION_KINDS

        if self.intervention not in INTERVENTION_KINDS:
            raise ValueError(f"{self.intervention!r} is not an intervention of FORMAT.md "
                             f"(e.g. {', '.join(sorted(INTERVENTION_KINDS)[:6])}, ...)")
        if self.start and self.stop and self.stop <= self.start:
            raise ValueError(f"stop {self.stop} is not after start {self.start}")
        try:
            _parse_spec(self.spec())
        except OsteonInputError as err:
            raise ValueError(str(err)) from None
        return self

    def spec(self) -> dict:
        """The intervention as a trial-file mapping without its dates."""
        return {"intervention": self.intervention, **(self.model_extra or {})}


def _parse_spec(spec: dict, years: float = 30.0):
    from osteon.trials.format import parse_intervention

    return parse_intervention(dict(spec), years * 365.25, "treatment")


class Diet(_Model):
    calcium_mg_per_day: float | None = None
    vitamin_d_25oh_nmol_l: float | None = None
    protein_g_per_kg_per_day: float | None = None

    @field_validator("calcium_mg_per_day")
    @classmethod
    def _ca(cls, v):
        return _range("calcium", v, 50, 5000, "mg/day")

    @field_validator("vitamin_d_25oh_nmol_l")
    @classmethod
    def _d(cls, v):
        return _range("25(OH)D", v, 5, 400, "nmol/L")

    @field_validator("protein_g_per_kg_per_day")
    @classmethod
    def _p(cls, v):
        return _range("protein", v, 0.2, 4.0, "g/kg/day")


class RiskFactors(_Model):
    prior_fracture: bool = False
    glucocorticoids: bool = False
    falls_last_year: int = 0


class Person(_Model):
    """One person (see the module docstring); build with :meth:`from_dict` or :meth:`load`."""

    name: str = ""
    sex: str
    age: float | None = None
    birth_date: dt.date | None = None
    assessment_date: dt.date | None = None
    menopause: Menopause | None = None
    height_cm: float | None = None
    weight_kg: float | None = None
    steps_per_day: float = 7000.0
    labs: list[Lab] = []
    dxa: list[Scan] = []
    treatments: list[Treatment] = []
    diet: Diet = Diet()
    risk_factors: RiskFactors = RiskFactors()

    @field_validator("sex")
    @classmethod
    def _sex(cls, v):
        if v not in ("female", "male"):
            raise ValueError(f"{v!r} is not one of female, male")
        return v

    @field_validator("age")
    @classmethod
    def _age(cls, v):
        return _range("age", v, 30, 100, "years",
                      " (Osteon starts every subject at peak bone mass at 30)")

    @field_validator("height_cm")
    @classmethod
    def _h(cls, v):
        return _range("height", v, 120, 220, "cm")

    @field_validator("weight_kg")
    @classmethod
    def _w(cls, v):
        return _range("weight", v, 25, 300, "kg")

    @field_validator("steps_per_day")
    @classmethod
    def _steps(cls, v):
        return _range("steps", v, 0, 60000, "steps/day")

    @model_validator(mode="after")
    def _whole(self):
        if self.age is None and self.birth_date is None:
            raise ValueError("give age (years) or birth_date")
        if self.sex == "male" and self.menopause is not None:
            raise ValueError("menopause applies to women only")
        return self

    # ----------------------------------------------------------------- derived
    @property
    def today(self) -> dt.date:
        if self.assessment_date is not None:
            return self.assessment_date
        dates = [s.date for s in self.dxa] + [lab.date for lab in self.labs if lab.date]
        return max(dates) if dates else dt.date.today()

    @property
    def age_now(self) -> float:
        if self.age is not None:
            return float(self.age)
        assert self.birth_date is not None  # the model validator requires age or birth_date
        return (self.today - self.birth_date).days / 365.25

    def age_at(self, date: dt.date) -> float:
        return self.age_now - (self.today - date).days / 365.25

    @property
    def female(self) -> bool:
        return self.sex == "female"

    def latest_lab(self, analyte: str):
        """The most recent value of one lab (SI :class:`LabValue`), or None."""
        found = [lab for lab in self.labs if lab.analyte == analyte]
        if not found:
            return None
        found.sort(key=lambda lab: lab.date or dt.date.min)
        return found[-1].si

    def scans(self) -> list[dict]:
        """DXA history on the Hologic scale: ``{site, age, bmd, years_before_now}``."""
        out = []
        for s in sorted(self.dxa, key=lambda s: s.date):
            out.append({"site": s.site, "age": self.age_at(s.date), "bmd": s.hologic_bmd(self.sex),
                        "years_before_now": (self.today - s.date).days / 365.25})
        return out

    def current_treatments(self) -> list[dict]:
        """Treatments still running today, as trial-file specs starting now (their stop kept)."""
        out = []
        for t in self.treatments:
            if (t.start is None or t.start <= self.today) and (t.stop is None or t.stop > self.today):
                spec = t.spec()
                if t.stop is not None:
                    spec["stop"] = f"{(t.stop - self.today).days} days"
                out.append(spec)
        return out

    def past_treatments(self) -> list[Treatment]:
        """Treatments that stopped before today (listed in reports, not simulated)."""
        return [t for t in self.treatments if t.stop is not None and t.stop <= self.today]

    def subject(self, **overrides):
        """The :class:`~osteon.subject.Subject` of this person (labs the model reads)."""
        from osteon.covariates import BY_ANALYTE
        from osteon.subject import Subject

        labs = {}
        for analyte, c in BY_ANALYTE.items():  # the measured labs the model reads
            v = self.latest_lab(analyte)
            if v is not None and c.lab:
                labs[c.name] = v.to(c.units)
        d25 = self.diet.vitamin_d_25oh_nmol_l
        lab25 = self.latest_lab("vitamin_d_25oh")
        if d25 is None and lab25 is not None:
            d25 = lab25.to("nmol/L")
        kw = dict(
            sex=self.sex, age=self.age_now,
            body_mass_kg=self.weight_kg, steps_per_day=self.steps_per_day, labs=labs,
            calcium_mg_per_day=self.diet.calcium_mg_per_day, vitamin_d_25oh_nmol_l=d25,
            protein_g_per_kg_per_day=self.diet.protein_g_per_kg_per_day, name=self.name,
        )
        if self.female:
            m = self.menopause or Menopause()
            kw["menopause"] = m.type
            kw["menopause_age"] = m.age
        kw.update(overrides)
        return Subject(**kw)

    # ----------------------------------------------------------------- reading
    @classmethod
    def from_dict(cls, data: Any) -> Person:
        """Validate a mapping; every problem at once (:class:`PersonFileError`)."""
        if not isinstance(data, dict):
            raise PersonFileError([("person", f"expected a mapping, got {type(data).__name__}",
                                    "{sex: female, age: 56}")])
        try:
            return cls.model_validate(data)
        except ValidationError as err:
            problems = []
            for e in err.errors():
                loc = tuple(e["loc"])
                msg = e["msg"].removeprefix("Value error, ")
                if e["type"] == "extra_forbidden":
                    msg = "unknown field"
                problems.append((_path(loc) or "person", msg, _example(loc)))
            raise PersonFileError(problems) from None

    @classmethod
    def load(cls, path: str | Path) -> Person:
        """Read a YAML or JSON person file."""
        import yaml

        p = Path(path)
        if not p.is_file():
            raise OsteonInputError("person_file", f"{p} does not exist",
                                   "examples/person-woman-56.yaml")
        text = p.read_text()
        try:
            data = json.loads(text) if p.suffix == ".json" else yaml.safe_load(text)
        except (ValueError, yaml.YAMLError) as err:
            raise OsteonInputError("person_file", f"cannot be read: {err}",
                                   "examples/person-woman-56.yaml") from None
        return cls.from_dict(data)


__all__ = ["Person", "PersonFileError"]
