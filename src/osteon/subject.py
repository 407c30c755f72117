"""Who is simulated: sex, age, menopause, body mass, habitual loading and labs."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from osteon import checks
from osteon.covariates import BY_NAME, LABS, covariate, number_default
from osteon.errors import OsteonInputError, Problems

SEXES = covariate("sex").choices
MENOPAUSE_TYPES = covariate("menopause").choices
DEFAULT_MENOPAUSE_AGE = number_default("menopause_age")
"""Default age (years) at the final menstrual period (McKinlay SM et al. Maturitas 1992;14:103),
declared with ``menopause_age`` in :mod:`osteon.covariates`."""

PHYSIOLOGY_FACTORS = ("estrogen_sensitivity", "mechanosensitivity", "age_loss_factor",
                      "drug_response", "focal_balance_offset")
"""Per-person factors of the model's physiology: multipliers (1 = the mean person) and the
additive ``focal_balance_offset`` (0 = the mean person); see :mod:`osteon.cohort.variability`
for their meaning, distributions and sources."""
PHYSIOLOGY_RANGE = (0.05, 20.0)
PHYSIOLOGY_DEFAULTS = {k: 1.0 for k in PHYSIOLOGY_FACTORS} | {"focal_balance_offset": 0.0}
"""Each factor's value for the mean person (what a factor not given takes)."""
PHYSIOLOGY_RANGES = {k: PHYSIOLOGY_RANGE for k in PHYSIOLOGY_FACTORS} | {
    "focal_balance_offset": (-0.5, 0.5)}
"""Accepted values of each factor (the offset is a fraction of a cavity's depth)."""
PEAK_BMD_Z_RANGE = (-6.0, 6.0)



def _check_number(field_name: str, value: Any, lo: float, hi: float, example: str) -> float:
    # finite, in range, numpy numbers accepted, booleans and text refused (issue 15)
    return checks.number(field_name, value, example, lo=lo, hi=hi)


def _check_covariate(name: str, value: Any, field_name: str = "") -> float:
    """``value`` checked against the covariate's range (:mod:`osteon.covariates`)."""
    c = BY_NAME[name]
    return _check_number(field_name or f"subject.{name}", value, c.lo, c.hi, c.example)


@dataclass(frozen=True)
class Subject:
    """One person to simulate.

    Parameters
    ----------
    sex
        ``"female"`` or ``"male"``.
    age
        Age in years at the start of the simulation (30-100). The model
        starts every subject at peak bone mass at 30 and simulates the
        years up to ``age`` before follow-up begins.
    menopause_age
        Age at the final menstrual period (women; default 51), or at
        bilateral oophorectomy when ``menopause="surgical"``.
    menopause
        ``"natural"`` or ``"surgical"``.
    body_mass_kg
        Body mass (kg; default 70 for women, 82 for men).
    steps_per_day
        Habitual walking (default 7000), the habitual mechanical load.
    gh_deficient
        Adult growth-hormone deficiency.
    labs
        Measured serum levels at ``age``: any of :data:`osteon.covariates.LABS`
        (``testosterone_ng_dl``, ``estradiol_pg_ml``, ``igf1_ng_ml``): the current levels, deviations from
        the population-typical levels for sex and age that are taken to have
        held for ``labs_held_years``.
    t_score
        Optional measured T-score at ``age``, as ``{"site": ..., "value": ...}``;
        sets the subject's bone mass level (percent changes do not depend on it).
    calcium_mg_per_day, vitamin_d_25oh_nmol_l, protein_g_per_kg_per_day
        Habitual diet: calcium intake, serum 25-hydroxyvitamin D and protein intake
        (None: the model defaults of :mod:`osteon.physiology.nutrition`). They set
        how much a supplement changes and, held for ``labs_held_years``, the
        subject's calcium balance and PTH against the population's.
    labs_held_years
        How long before ``age`` the measured labs, GH deficiency and habitual
        diet are taken to have held (years; None: the parameter
        ``measured_level_held_years``, 10; 0: only from the start of follow-up).
    peak_bmd_z
        The person's peak (age-30) areal BMD at each DXA site as a z-score against the
        young-adult reference of the sex (``{"femoral_neck": -0.8, ...}``; a site not
        given is 0). ``None``: the reference mean at every site (the mean person).
        With ``t_score`` the measured site is set from the T-score and the others are
        moved with it (see :class:`~osteon.simulation.Simulation`).
    physiology
        Per-person factors of the physiology, any of :data:`PHYSIOLOGY_FACTORS`:
        multipliers (1 = the mean person, the default) and ``focal_balance_offset``, an
        addition to every BMU's focal balance from age 30 on, as a fraction of a cavity's
        depth (0 = the mean person, the default; positive: more bone refilled).
    name
        A label for reports.

    Examples
    --------
    >>> Subject(sex="female", age=52).menopause_age
    51.0
    >>> Subject(sex="x", age=50)
    Traceback (most recent call last):
    ...
    osteon.errors.OsteonInputError: subject.sex: 'x' is not one of female, male. Valid example: sex="female"
    """

    sex: str
    age: float
    menopause_age: float | None = None
    menopause: str = "natural"
    body_mass_kg: float | None = None
    steps_per_day: float = number_default("steps_per_day")
    gh_deficient: bool = False
    labs: dict[str, float] = field(default_factory=dict)
    t_score: dict[str, Any] | None = None
    calcium_mg_per_day: float | None = None
    vitamin_d_25oh_nmol_l: float | None = None
    protein_g_per_kg_per_day: float | None = None
    labs_held_years: float | None = None
    peak_bmd_z: dict[str, float] | None = None
    physiology: dict[str, float] = field(default_factory=dict)
    name: str = ""

    def __post_init__(self) -> None:
        # Every field is checked and every problem reported at once (issue 15).
        found = Problems()
        with found.check():
            checks.choice("subject.sex", self.sex, SEXES, 'sex="female"')
        with found.check():
            object.__setattr__(self, "gh_deficient", checks.boolean(
                "subject.gh_deficient", self.gh_deficient, "gh_deficient=False"))
        with found.check():
            checks.text("subject.name", self.name, 'name="Ann"')
        with found.check():
            object.__setattr__(self, "age", _check_covariate("age", self.age))
        with found.check():
            if not isinstance(self.menopause, str) or self.menopause not in MENOPAUSE_TYPES:
                raise OsteonInputError(
                    "subject.menopause",
                    f"{self.menopause!r} is not one of {', '.join(MENOPAUSE_TYPES)}",
                    'menopause="surgical"',
                )
        with found.check():
            if self.sex == "female":
                ma = DEFAULT_MENOPAUSE_AGE if self.menopause_age is None else self.menopause_age
                ma = _check_covariate("menopause_age", ma)
                object.__setattr__(self, "menopause_age", ma)
            elif self.sex == "male":
                if self.menopause_age is not None or self.menopause != "natural":
                    raise OsteonInputError(
                        "subject.menopause_age",
                        "menopause applies to women only",
                        'Subject(sex="male", age=60)',
                    )
        with found.check():
            bm = self.body_mass_kg
            if bm is None:
                bm = number_default("body_mass_kg", self.sex)
            object.__setattr__(self, "body_mass_kg", _check_covariate("body_mass_kg", bm))
        with found.check():
            object.__setattr__(self, "steps_per_day",
                               _check_covariate("steps_per_day", self.steps_per_day))
        for fname in ("calcium_mg_per_day", "vitamin_d_25oh_nmol_l", "protein_g_per_kg_per_day",
                      "labs_held_years"):
            value = getattr(self, fname)
            if value is not None:
                with found.check():
                    object.__setattr__(self, fname, _check_covariate(fname, value))
        if not isinstance(self.labs, dict):
            found.add(
                "subject.labs",
                f"expected a mapping, got {self.labs!r}",
                'labs={"testosterone_ng_dl": 450}',
            )
        else:
            clean = {}
            for k, v in self.labs.items():
                if k not in LABS:
                    found.add(
                        f"subject.labs.{k}",
                        f"unknown lab (known: {', '.join(LABS)})",
                        'labs={"testosterone_ng_dl": 450}',
                    )
                    continue
                with found.check():
                    clean[k] = _check_covariate(k, v, f"subject.labs.{k}")
            object.__setattr__(self, "labs", clean)
        if self.t_score is not None:
            from osteon.outputs.reference import SITES

            ts = self.t_score
            if not isinstance(ts, dict) or ts.get("site") not in SITES or "value" not in ts:
                found.add(
                    "subject.t_score",
                    f"expected {{'site': one of {', '.join(SITES)}, 'value': number}}, got {ts!r}",
                    't_score={"site": "lumbar_spine", "value": -2.5}',
                )
            else:
                with found.check():
                    lo, hi = covariate("t_score").range
                    _check_number("subject.t_score.value", ts["value"], lo, hi, '"value": -2.5')

        if self.peak_bmd_z is not None:
            from osteon.outputs.reference import SITES

            if not isinstance(self.peak_bmd_z, dict):
                found.add("subject.peak_bmd_z",
                          f"expected a mapping of DXA sites, got {self.peak_bmd_z!r}",
                          'peak_bmd_z={"femoral_neck": -0.8}')
            else:
                z = {}
                for k, v in self.peak_bmd_z.items():
                    if k not in SITES:
                        found.add(f"subject.peak_bmd_z.{k}",
                                  f"unknown site (known: {', '.join(SITES)})",
                                  'peak_bmd_z={"femoral_neck": -0.8}')
                        continue
                    with found.check():
                        z[k] = _check_number(f"subject.peak_bmd_z.{k}", v, *PEAK_BMD_Z_RANGE,
                                             f'peak_bmd_z={{"{k}": -0.8}}')
                object.__setattr__(self, "peak_bmd_z", z)
        if not isinstance(self.physiology, dict):
            found.add("subject.physiology",
                      f"expected a mapping, got {self.physiology!r}",
                      'physiology={"estrogen_sensitivity": 1.2}')
        else:
            factors = {}
            for k, v in self.physiology.items():
                if k not in PHYSIOLOGY_FACTORS:
                    found.add(f"subject.physiology.{k}",
                              f"unknown factor (known: {', '.join(PHYSIOLOGY_FACTORS)})",
                              'physiology={"estrogen_sensitivity": 1.2}')
                    continue
                with found.check():
                    example = 0.02 if k == "focal_balance_offset" else 1.2
                    factors[k] = _check_number(f"subject.physiology.{k}", v,
                                               *PHYSIOLOGY_RANGES[k],
                                               f'physiology={{"{k}": {example}}}')
            object.__setattr__(self, "physiology", factors)
        found.raise_all()

    @property
    def female(self) -> bool:
        return self.sex == "female"

    @property
    def years_since_menopause(self) -> float | None:
        """Years since the final menstrual period at ``age`` (negative before it)."""
        if not self.female or self.menopause_age is None:  # a woman's is always set
            return None
        return self.age - float(self.menopause_age)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Subject:
        """Build a subject from a mapping (e.g. a YAML file), with clear errors.

        >>> Subject.from_dict({"sex": "male", "age": 60, "labs": {"testosterone_ng_dl": 300}}).age
        60.0
        """
        if not isinstance(data, dict):
            raise OsteonInputError(
                "subject", f"expected a mapping, got {data!r}", "{sex: female, age: 55}"
            )
        known = set(cls.__dataclass_fields__)
        found = Problems()
        for key in sorted(set(data) - known, key=str):
            found.add(
                f"subject.{key}",
                f"unknown field (known: {', '.join(sorted(known))})",
                "{sex: female, age: 55, menopause_age: 50}",
            )
        for req in ("sex", "age"):
            if req not in data:
                found.add(f"subject.{req}", "is required", "{sex: female, age: 55}")
        if all(req in data for req in ("sex", "age")):
            with found.check():  # the known fields' own problems, reported with the rest
                subject = cls(**{k: v for k, v in data.items() if k in known})
        found.raise_all()
        return subject
