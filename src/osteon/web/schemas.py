"""The request and error models of the HTTP API (:mod:`osteon.web.app`), and how a
validation error's location becomes the ``field`` of an error answer.

Pydantic models with ``extra="forbid"``: an unknown key is an error, never ignored. The
size limits come from :mod:`osteon.web.limits`. :mod:`osteon.web.app` re-exports every
name here.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field

from osteon.web import limits

ID_PATTERN = r"^[0-9a-f]{32}$"
NAME_PATTERN = r"^[A-Za-z0-9 .,+()_-]{1,60}$"
LAB_ANALYTES = ("estradiol", "testosterone", "shbg", "igf1", "vitamin_d_25oh", "pth", "calcium",
                "ctx", "p1np", "cortisol")
DXA_SITES = ("lumbar_spine", "femoral_neck", "total_hip")


# --------------------------------------------------------------------------- schemas
class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Lab(_Strict):
    analyte: Literal[LAB_ANALYTES] = Field(description="lab analyte", examples=["estradiol"])  # type: ignore[valid-type]  # values from the table
    value: float = Field(gt=0, le=1e6, description="the number printed on the report",
                         examples=[35])
    unit: str = Field(min_length=1, max_length=16, pattern=r"^[A-Za-z/µ]+$",
                      description="its unit (e.g. pg/mL or pmol/L)", examples=["pg/mL"])


class Scan(_Strict):
    age: float = Field(ge=30, le=100, description="age at the scan, years", examples=[60])
    site: Literal[DXA_SITES] = Field(examples=["femoral_neck"])  # type: ignore[valid-type]  # values from the table
    manufacturer: Literal["hologic", "ge_lunar", "norland"] = "hologic"
    bmd: float | None = Field(None, ge=0.2, le=2.5, description="areal BMD, g/cm2",
                              examples=[0.62])
    t_score: float | None = Field(None, ge=-7, le=5, description="T-score as printed",
                                  examples=[-2.1])


class Profile(_Strict):
    sex: Literal["female", "male"] = Field(examples=["female"])
    age: float = Field(ge=30, le=100, description="age now, years", examples=[62])
    menopause_age: float | None = Field(None, ge=30, le=65, description="women, years")
    menopause: Literal["natural", "surgical"] = "natural"
    body_mass_kg: float | None = Field(None, ge=25, le=300)
    height_cm: float | None = Field(None, ge=100, le=230)
    steps_per_day: float = Field(7000, ge=0, le=60000)
    calcium_mg_per_day: float | None = Field(None, ge=50, le=5000)
    protein_g_per_kg_per_day: float | None = Field(None, ge=0.2, le=4)
    gh_deficient: bool = False
    prior_fracture: bool = False
    falls_last_year: int = Field(0, ge=0, le=20)
    glucocorticoids: bool = False
    labs: list[Lab] = Field(default_factory=list, max_length=limits.MAX_LABS)
    dxa: list[Scan] = Field(default_factory=list, max_length=limits.MAX_SCANS)


Intervention = Annotated[dict[str, Any], Field(
    description="one intervention in the trial-file vocabulary (FORMAT.md)",
    examples=[{"intervention": "calcium", "dose": "1000 mg", "every": "1 day"}])]


class Scenario(_Strict):
    name: str = Field(pattern=NAME_PATTERN, examples=["calcium and walking"])
    interventions: list[Intervention] = Field(max_length=limits.MAX_INTERVENTIONS)


class ForecastRequest(_Strict):
    profile: Profile
    scenarios: list[Scenario] = Field(default_factory=list, max_length=limits.MAX_SCENARIOS)
    years: float = Field(10, ge=0.5, le=limits.MAX_YEARS)
    draws: int = Field(12, ge=1, le=limits.MAX_DRAWS,
                       description="variants of the person behind the bands")
    seed: int = Field(2026, ge=0, le=2**31 - 1)


class SimulateRequest(_Strict):
    subject: dict[str, Any] = Field(
        description="an osteon Subject as a mapping", examples=[{"sex": "female", "age": 55}])
    protocol: list[Intervention] = Field(default_factory=list,
                                         max_length=limits.MAX_INTERVENTIONS)
    years: float = Field(10, ge=0.5, le=limits.MAX_YEARS)


class TrialRequest(_Strict):
    yaml: str = Field(min_length=1, max_length=limits.MAX_YAML_BYTES,
                      description="the trial file's text (FORMAT.md)")
    subjects: int = Field(20, ge=1, le=limits.MAX_TRIAL_SUBJECTS,
                          description="virtual subjects per arm")
    seed: int = Field(2026, ge=0, le=2**31 - 1)


PRESET_SCENARIOS = ("no_change", "mht", "trt", "training", "diet", "gh_peptide")


class PersonForecastRequest(_Strict):
    person: dict[str, Any] | None = Field(
        None, description="a person file as a mapping (osteon.forecast.person)",
        examples=[{"sex": "female", "age": 56}])
    person_yaml: str | None = Field(None, max_length=limits.MAX_YAML_BYTES,
                                    description="or the person file's YAML text")
    scenarios: list[Literal[PRESET_SCENARIOS]] = Field(  # type: ignore[valid-type]  # values from the table
        default_factory=lambda: ["no_change"], min_length=1, max_length=len(PRESET_SCENARIOS))
    draws: int = Field(100, ge=10, le=limits.MAX_PERSON_DRAWS)
    years: int = Field(10, ge=1, le=int(limits.MAX_YEARS))
    seed: int = Field(2026, ge=0, le=2**31 - 1)
    attribution: bool = Field(False, description="Shapley attribution (slower)")


class ErrorBody(BaseModel):
    field: str
    problem: str
    example: str | None = None


class ErrorResponse(BaseModel):
    error: ErrorBody


ERRORS: dict[int | str, dict[str, Any]] = {
    k: {"model": ErrorResponse} for k in (404, 413, 422, 503, 504)}


def _error(status: int, field: str, problem: str, example: str | None = None) -> JSONResponse:
    return JSONResponse({"error": {"field": field, "problem": problem, "example": example}},
                        status_code=status)


EXAMPLES = {
    "profile": '{"sex": "female", "age": 62}',
    "scenarios": '[{"name": "calcium", "interventions": [{"intervention": "calcium", '
                 '"dose": "1000 mg", "every": "1 day"}]}]',
    "years": "10", "draws": "12", "seed": "2026", "subjects": "20",
    "yaml": "id: pepi-1996 ...", "subject": '{"sex": "female", "age": 55}',
    "protocol": '[{"intervention": "walking", "minutes_per_week": 150}]',
    "unit": "pg/mL", "analyte": "estradiol", "site": "femoral_neck", "age": "62",
    "sex": "female", "name": "calcium and walking",
}


GENERIC_EXAMPLES = {
    "/api/forecast": '{"profile": {"sex": "female", "age": 62}, "scenarios": [], "years": 10}',
    "/api/simulate": '{"subject": {"sex": "female", "age": 55}, "protocol": [], "years": 5}',
    "/api/trials": '{"yaml": "id: pepi-1996 ...", "subjects": 20}',
}


def _loc_to_field(loc) -> str:
    parts = [p for p in loc if p not in ("body", "query", "path")]
    out = ""
    for p in parts:
        out += f"[{p}]" if isinstance(p, int) else (f".{p}" if out else str(p))
    return out if out and not out.startswith("[") else "body" + out
