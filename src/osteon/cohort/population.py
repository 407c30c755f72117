"""Virtual populations from a declarative spec (in the spirit of SALib's problem dict).

A :class:`PopulationSpec` declares, for each covariate (and, later, each model
parameter): a distribution (``normal``, ``lognormal``, ``uniform``,
``truncnormal``, ``fixed``), optional bounds, and pairwise correlations. It is
sampled with an explicit seed:

1. Each variable that is not ``fixed`` draws ``n`` standard normal scores from
   its **own random stream** (:class:`numpy.random.SeedSequence` child). The
   child's index is fixed by the variable's *name* (:data:`~osteon.cohort.streams.STREAM_INDEX` for the
   covariates the trial format knows, a stable hash of the name otherwise), so
   adding a variable to a spec never changes the values of the others.
   With ``sampling="stratified"`` (the default) the scores are a **Latin hypercube**
   per variable: the ``n`` equal-probability strata of the standard normal each hold
   one score, at a uniform random point inside the stratum, in a random order
   (McKay, Beckman & Conover, Technometrics 1979;21:239-245). Each draw is still
   standard normal, but a cohort's sample mean and spread of every variable sit at
   their distribution's, so a 30-subject arm no longer carries, say, a drug-response
   exponent that averages 0.83 instead of 1 (README, "Where the model stands").
   ``sampling="independent"`` draws plain independent normals (the scheme before
   stop 31).
2. Correlations act on these normals, a **Gaussian copula**: ``z = L e`` with
   ``L`` the Cholesky factor of the correlation matrix (variables in declaration
   order). Correlations are therefore those of the normal scores; for normal
   marginals they are the Pearson correlations of the values.
3. Each marginal maps its normal score to a value: ``normal``: ``mean + sd z``;
   ``lognormal``: the log-normal with arithmetic ``mean`` and ``sd``;
   ``uniform``: ``low + (high - low) Phi(z)``; ``truncnormal``: the normal
   ``(mean, sd)`` restricted to ``[low, high]`` by inverse CDF; ``fixed``: ``value``.
4. ``bounds`` on a ``normal`` / ``lognormal`` clip; clipping is never silent: each
   clip adds a line to :attr:`CohortSample.notes`.

Derived covariates (:class:`Derived`, e.g. ``menopause_age = age -
years_since_menopause``) are computed right after their inputs and clipped to
their own bounds.

Subjects are built from the covariates named like :class:`~osteon.subject.Subject`
fields (``age``, ``menopause_age``, ``body_mass_kg``, ``steps_per_day``, the
habitual-diet fields), the labs (``testosterone_ng_dl``, ``estradiol_pg_ml``,
``igf1_ng_ml``), ``t_score`` (at :attr:`PopulationSpec.t_score_site`), the peak-BMD
z-scores ``peak_bmd_z_<site>`` and the physiology multipliers
(:data:`~osteon.subject.PHYSIOLOGY_FACTORS`) of between-person variability
(:mod:`osteon.cohort.variability`);
``sex``, ``menopause`` and ``gh_deficient`` are fixed for the population.

**Parameters.** :class:`~osteon.simulation.Simulation` takes one
:class:`~osteon.parameters.ParameterSet` for all of its subjects, so sampling a
named parameter per subject is **not wired**: a ``parameters`` entry must be
``fixed`` (it then overrides the value for the whole cohort); any other
distribution raises :class:`~osteon.errors.OsteonInputError` saying so. Between-person
physiology is drawn instead as per-subject multipliers (covariates
``estrogen_sensitivity``, ``mechanosensitivity``, ``age_loss_factor``) and peak BMD
per site (``peak_bmd_z_<site>``), see :mod:`osteon.cohort.variability`.

Trial files' ``population`` blocks map onto this spec through
:func:`osteon.trials.population.spec_from_population`.

Examples
--------
>>> spec = PopulationSpec.from_dict({
...     "sex": "female",
...     "covariates": {
...         "age": {"distribution": "normal", "mean": 60, "sd": 5, "bounds": [30, 100]},
...         "years_since_menopause": {"distribution": "truncnormal", "mean": 10, "sd": 4,
...                                   "low": 0, "high": 25},
...     },
...     "derived": {"menopause_age": {"from": ["age", "years_since_menopause"],
...                                   "bounds": [30, 65]}},
...     "correlations": [["age", "years_since_menopause", 0.8]],
... })
>>> sample = spec.sample(4, seed=1)
>>> len(sample.subjects), sample.subjects[0].sex
(4, 'female')
>>> sample.subjects == spec.sample(4, seed=1).subjects
True
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from typing import Any, cast

import numpy as np
from scipy.special import ndtr, ndtri

from osteon.cohort.streams import (
    SAMPLING,
    _as_seed_sequence,
    child_stream,
    normal_scores,
    stream_index,
)
from osteon.covariates import COVARIATES, LABS
from osteon.errors import OsteonInputError
from osteon.subject import PHYSIOLOGY_FACTORS, Subject

DISTRIBUTIONS = ("normal", "lognormal", "uniform", "truncnormal", "fixed")
KINDS = ("covariate", "parameter")

LAB_FIELDS = LABS
"""Covariates passed to :class:`~osteon.subject.Subject` as measured labs."""
SUBJECT_FIELDS = tuple(c.name for c in COVARIATES
                       if c.kind == "number" and not c.lab and c.trial_key is not None)
"""Covariates passed to :class:`~osteon.subject.Subject` as fields of the same name (the
numeric covariates of :mod:`osteon.covariates` that a population can spread)."""
_WOMEN_ONLY = tuple(c.name for c in COVARIATES if c.women_only)
PEAK_Z_FIELDS = tuple(f"peak_bmd_z_{site}" for site in
                      ("lumbar_spine", "femoral_neck", "total_hip", "total_body"))
"""Covariates passed to :class:`~osteon.subject.Subject` as ``peak_bmd_z`` (by site)."""
SUBJECT_COVARIATES = (*SUBJECT_FIELDS, *LAB_FIELDS, "t_score", *PEAK_Z_FIELDS,
                      *PHYSIOLOGY_FACTORS)

def _err(field_: str, problem: str, example: str) -> OsteonInputError:
    return OsteonInputError(field_, problem, example)


def _given(x: float | None) -> float:
    """A distribution's number that :class:`Variable` has checked is set for it."""
    if x is None:  # pragma: no cover - Variable.__post_init__ refuses this
        raise ValueError("a required distribution parameter is missing")
    return x


def _num(field_: str, v: Any, example: str) -> float:
    if isinstance(v, bool) or not isinstance(v, (int, float, np.integer, np.floating)) \
            or not math.isfinite(float(v)):
        raise _err(field_, f"expected a finite number, got {v!r}", example)
    return float(v)


@dataclass(frozen=True)
class Variable:
    """One sampled covariate or parameter.

    Parameters
    ----------
    name
        A :class:`~osteon.subject.Subject` covariate (:data:`SUBJECT_COVARIATES`),
        an intermediate used by a :class:`Derived` covariate, or a parameter name.
    distribution
        One of :data:`DISTRIBUTIONS`.
    mean, sd
        ``normal``, ``truncnormal``: mean and SD; ``lognormal``: arithmetic mean
        (> 0) and SD of the values.
    low, high
        ``uniform`` and ``truncnormal`` support.
    value
        ``fixed`` value.
    bounds
        ``(lo, hi)``: values outside are clipped (with a note); ``None``: no clip.
    kind
        ``"covariate"`` or ``"parameter"``.
    units, label
        For notes (``label`` defaults to ``name``).
    """

    name: str
    distribution: str
    mean: float | None = None
    sd: float | None = None
    low: float | None = None
    high: float | None = None
    value: float | None = None
    bounds: tuple[float, float] | None = None
    kind: str = "covariate"
    units: str = ""
    label: str = ""

    def __post_init__(self) -> None:
        where = f"population.{self.kind}s.{self.name}"
        ex = {
            "normal": "{distribution: normal, mean: 60, sd: 5}",
            "lognormal": "{distribution: lognormal, mean: 25, sd: 10}",
            "uniform": "{distribution: uniform, low: 50, high: 70}",
            "truncnormal": "{distribution: truncnormal, mean: 60, sd: 5, low: 50, high: 70}",
            "fixed": "{distribution: fixed, value: 60}",
        }
        if self.distribution not in DISTRIBUTIONS:
            raise _err(f"{where}.distribution", f"{self.distribution!r} is not one of "
                       f"{', '.join(DISTRIBUTIONS)}", ex["normal"])
        if self.kind not in KINDS:
            raise _err(f"{where}.kind", f"{self.kind!r} is not one of {', '.join(KINDS)}",
                       "kind: covariate")
        e = ex[self.distribution]
        need = {"normal": ("mean", "sd"), "lognormal": ("mean", "sd"), "uniform": ("low", "high"),
                "truncnormal": ("mean", "sd", "low", "high"), "fixed": ("value",)}
        for key in need[self.distribution]:
            if getattr(self, key) is None:
                raise _err(f"{where}.{key}", f"is required for distribution "
                           f"{self.distribution}", e)
            object.__setattr__(self, key, _num(f"{where}.{key}", getattr(self, key), e))
        if self.sd is not None and self.sd < 0:
            raise _err(f"{where}.sd", f"must be >= 0, got {self.sd:g}", e)
        if self.distribution == "lognormal" and _given(self.mean) <= 0:
            raise _err(f"{where}.mean", f"a log-normal needs a positive mean, got "
                       f"{self.mean:g} (use distribution: fixed)", e)
        if self.distribution in ("uniform", "truncnormal") and not (
                _given(self.low) < _given(self.high)):
            raise _err(f"{where}.low", f"low ({self.low:g}) must be below high ({self.high:g})", e)
        if self.distribution == "truncnormal" and self.sd == 0:
            raise _err(f"{where}.sd", "a truncated normal needs sd > 0 (use distribution: "
                       "fixed)", e)
        if self.bounds is not None:
            b = self.bounds
            if not isinstance(b, (list, tuple)) or len(b) != 2:
                raise _err(f"{where}.bounds", f"expected [low, high], got {b!r}", "bounds: [30, 100]")
            lo, hi = (_num(f"{where}.bounds", x, "bounds: [30, 100]") for x in b)
            if lo > hi:
                raise _err(f"{where}.bounds", f"low ({lo:g}) is above high ({hi:g})",
                           "bounds: [30, 100]")
            object.__setattr__(self, "bounds", (lo, hi))

    @property
    def random(self) -> bool:
        """Whether the variable draws from its stream (not ``fixed``)."""
        return self.distribution != "fixed"

    def transform(self, z: np.ndarray) -> np.ndarray:
        """Values from standard-normal scores ``z`` (the copula's marginal)."""
        d = self.distribution
        if d in ("normal", "lognormal", "truncnormal"):
            mean, sd = _given(self.mean), _given(self.sd)
        if d in ("uniform", "truncnormal"):
            low, high = _given(self.low), _given(self.high)
        if d == "normal":
            return mean + sd * z
        if d == "lognormal":
            if sd == 0:
                return np.full(z.shape, mean)
            sigma2 = np.log1p((sd / mean) ** 2)
            x = (np.log(mean) - sigma2 / 2.0) + np.sqrt(sigma2) * z
            # math.exp (the C library's exp, as numpy.random uses) keeps cohorts bit-identical
            # to those sampled with Generator.lognormal.
            return np.fromiter(map(math.exp, x), dtype=float, count=x.size)
        if d == "uniform":
            return low + (high - low) * ndtr(z)
        if d == "truncnormal":
            a = ndtr((low - mean) / sd)
            b = ndtr((high - mean) / sd)
            x = mean + sd * ndtri(a + ndtr(z) * (b - a))
            return np.clip(x, low, high)
        return np.full(z.shape, _given(self.value))


@dataclass(frozen=True)
class Derived:
    """A covariate computed from two sampled ones: ``name = a - b``, then clipped.

    (``menopause_age = age - years_since_menopause`` is the one the trial format needs.)
    """

    name: str
    inputs: tuple[str, str]
    bounds: tuple[float, float] | None = None
    units: str = ""
    label: str = ""

    def compute(self, values: Mapping[str, np.ndarray]) -> np.ndarray:
        a, b = self.inputs
        return values[a] - values[b]


@dataclass(frozen=True)
class CohortSample:
    """Sampled subjects, the per-subject values of every variable, and sampling notes."""

    subjects: tuple[Subject, ...]
    values: dict[str, np.ndarray] = field(default_factory=dict)
    notes: tuple[str, ...] = ()

    def __len__(self) -> int:
        return len(self.subjects)


def _cholesky(corr: np.ndarray) -> np.ndarray:
    """Lower Cholesky factor, written out (small matrices; the same bits on any BLAS)."""
    n = corr.shape[0]
    L = [[0.0] * n for _ in range(n)]
    for i in range(n):
        for j in range(i + 1):
            s = sum(L[i][k] * L[j][k] for k in range(j))
            if i == j:
                d = float(corr[i, i]) - s
                if d <= 0:
                    raise ValueError("not positive definite")
                L[i][j] = math.sqrt(d)
            else:
                L[i][j] = (float(corr[i, j]) - s) / L[j][j]
    return np.array(L)


@dataclass(frozen=True)
class PopulationSpec:
    """A declared virtual population (see the module docstring).

    Parameters
    ----------
    sex
        ``"female"`` or ``"male"``.
    variables
        Sampled covariates and parameters, in declaration order (the Cholesky order).
    correlations
        ``(name_a, name_b, rho)`` between random variables (normal scores).
    derived
        Covariates computed from sampled ones.
    menopause
        ``"natural"`` or ``"surgical"`` (women).
    gh_deficient
        Adult growth-hormone deficiency for everyone.
    t_score_site
        The DXA site of a ``t_score`` covariate.
    sampling
        ``"stratified"`` (default: a Latin hypercube of each variable's normal scores) or
        ``"independent"`` (plain draws); see the module docstring.
    """

    sex: str
    variables: tuple[Variable, ...] = ()
    correlations: tuple[tuple[str, str, float], ...] = ()
    derived: tuple[Derived, ...] = ()
    menopause: str | None = None
    gh_deficient: bool = False
    t_score_site: str | None = None
    sampling: str = "stratified"

    def __post_init__(self) -> None:
        if self.sex not in ("female", "male"):
            raise _err("population.sex", f"{self.sex!r} is not one of female, male",
                       "sex: female")
        if self.sampling not in SAMPLING:
            raise _err("population.sampling", f"{self.sampling!r} is not one of "
                       f"{', '.join(SAMPLING)}", "sampling: stratified")
        names = [v.name for v in self.variables]
        dup = [n for i, n in enumerate(names) if n in names[:i]]
        if dup:
            raise _err(f"population.{dup[0]}", "is declared twice", "each name once")
        random_names = {v.name for v in self.variables if v.random}
        for i, (a, b, rho) in enumerate(self.correlations):
            where = f"population.correlations[{i}]"
            ex = "[age, years_since_menopause, 0.8]"
            for n in (a, b):
                if n not in names:
                    raise _err(where, f"{n!r} is not a declared variable", ex)
                if n not in random_names:
                    raise _err(where, f"{n!r} is fixed; only random variables correlate", ex)
            if a == b:
                raise _err(where, "a variable cannot correlate with itself", ex)
            if not -1.0 < _num(where, rho, ex) < 1.0:
                raise _err(where, f"rho must lie in (-1, 1), got {rho!r}", ex)
        for d in self.derived:
            for n in d.inputs:
                if n not in names:
                    raise _err(f"population.derived.{d.name}", f"input {n!r} is not declared",
                               "menopause_age: {from: [age, years_since_menopause]}")
        if "t_score" in names and self.t_score_site is None:
            raise _err("population.t_score_site", "is required with a t_score covariate",
                       "t_score_site: lumbar_spine")
        self._cholesky()  # checks positive definiteness early
        for v in self.variables:
            if v.kind == "parameter" and v.random:
                raise _err(f"population.parameters.{v.name}",
                           f"per-subject parameter sampling ({v.distribution}) is not wired "
                           "yet: Simulation takes one ParameterSet for all subjects of a run. "
                           "Give a fixed value to override it for the whole cohort",
                           f"{v.name}: {{distribution: fixed, value: 1.0}}")

    # ------------------------------------------------------------------ building
    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> PopulationSpec:
        """Build a spec from a plain mapping (e.g. YAML), with clear errors.

        Keys: ``sex``; ``covariates`` and ``parameters`` (name -> ``{distribution,
        mean, sd, low, high, value, bounds, units}``); ``correlations`` (list of
        ``[a, b, rho]``); ``derived`` (name -> ``{from: [a, b], bounds}``: ``a - b``);
        ``menopause``; ``gh_deficient``; ``t_score_site``; ``sampling``.
        """
        if not isinstance(data, Mapping):
            raise _err("population", f"expected a mapping, got {data!r}",
                       "{sex: female, covariates: {age: {distribution: normal, mean: 60, sd: 5}}}")
        known = {"sex", "covariates", "parameters", "correlations", "derived", "menopause",
                 "gh_deficient", "t_score_site", "sampling"}
        unknown = sorted(set(data) - known)
        if unknown:
            raise _err(f"population.{unknown[0]}", f"unknown key (known: {', '.join(sorted(known))})",
                       "covariates: {age: {distribution: normal, mean: 60, sd: 5}}")
        variables = []
        var_keys = {"distribution", "mean", "sd", "low", "high", "value", "bounds", "units",
                    "label"}
        for kind in KINDS:
            block = data.get(f"{kind}s") or {}
            if not isinstance(block, Mapping):
                raise _err(f"population.{kind}s", f"expected a mapping of names, got {block!r}",
                           f"{kind}s: {{age: {{distribution: normal, mean: 60, sd: 5}}}}")
            for name, d in block.items():
                if not isinstance(d, Mapping):
                    raise _err(f"population.{kind}s.{name}", f"expected a mapping, got {d!r}",
                               "{distribution: normal, mean: 60, sd: 5}")
                bad = sorted(set(d) - var_keys)
                if bad:
                    raise _err(f"population.{kind}s.{name}.{bad[0]}",
                               f"unknown key (known: {', '.join(sorted(var_keys))})",
                               "{distribution: normal, mean: 60, sd: 5}")
                if kind == "covariate" and name not in SUBJECT_COVARIATES and not any(
                        name in (dd.get("from") or ()) for dd in (data.get("derived") or {}).values()):
                    raise _err(f"population.covariates.{name}",
                               f"not a subject covariate (known: {', '.join(SUBJECT_COVARIATES)})",
                               "age: {distribution: normal, mean: 60, sd: 5}")
                given: dict[str, Any] = {k: (tuple(v) if k == "bounds" else v)
                                         for k, v in d.items()}
                variables.append(Variable(name=str(name), kind=kind, **given))
        corr = []
        for i, c in enumerate(data.get("correlations") or []):
            if not isinstance(c, (list, tuple)) or len(c) != 3:
                raise _err(f"population.correlations[{i}]", f"expected [a, b, rho], got {c!r}",
                           "[age, years_since_menopause, 0.8]")
            corr.append((str(c[0]), str(c[1]), c[2]))
        derived = []
        for name, d in (data.get("derived") or {}).items():
            src = d.get("from") if isinstance(d, Mapping) else None
            if not isinstance(src, (list, tuple)) or len(src) != 2:
                raise _err(f"population.derived.{name}", "expected {from: [a, b]} (a - b)",
                           "menopause_age: {from: [age, years_since_menopause], bounds: [30, 65]}")
            b = d.get("bounds")
            derived.append(Derived(str(name), (str(src[0]), str(src[1])),
                                   tuple(b) if b is not None else None, d.get("units", "")))
        return cls(sex=cast(str, data.get("sex")),  # checked by __post_init__
                   variables=tuple(variables), correlations=tuple(corr),
                   derived=tuple(derived), menopause=data.get("menopause"),
                   gh_deficient=bool(data.get("gh_deficient", False)),
                   t_score_site=data.get("t_score_site"),
                   sampling=data.get("sampling", "stratified"))

    def to_dict(self) -> dict:
        """A JSON-ready description (what :meth:`hash` digests)."""
        return {"sex": self.sex, "variables": [asdict(v) for v in self.variables],
                "correlations": [list(c) for c in self.correlations],
                "derived": [asdict(d) for d in self.derived], "menopause": self.menopause,
                "gh_deficient": self.gh_deficient, "t_score_site": self.t_score_site,
                "sampling": self.sampling}

    @property
    def hash(self) -> str:
        """SHA-256 (16 hex digits) of :meth:`to_dict`."""
        return hashlib.sha256(json.dumps(self.to_dict(), sort_keys=True, default=str)
                              .encode()).hexdigest()[:16]

    @property
    def parameter_overrides(self) -> dict[str, float]:
        """Fixed parameter values for the whole cohort (``ParameterSet.replace(**these)``)."""
        return {v.name: _given(v.value) for v in self.variables if v.kind == "parameter"}

    def _cholesky(self) -> tuple[list[str], np.ndarray | None]:
        if not self.correlations:
            return [], None
        involved = {n for a, b, _ in self.correlations for n in (a, b)}
        order = [v.name for v in self.variables if v.name in involved]
        idx = {n: i for i, n in enumerate(order)}
        corr = np.eye(len(order))
        for a, b, rho in self.correlations:
            corr[idx[a], idx[b]] = corr[idx[b], idx[a]] = float(rho)
        try:
            return order, _cholesky(corr)
        except ValueError:
            raise _err("population.correlations", "the correlation matrix is not positive "
                       "definite (the correlations contradict each other)",
                       "[[age, years_since_menopause, 0.8]]") from None

    # ------------------------------------------------------------------ sampling
    def sample_values(self, n: int, seed: int | np.random.SeedSequence
                      ) -> tuple[dict[str, np.ndarray], list[str]]:
        """Per-subject values of every variable and derived covariate, and clipping notes.

        ``seed`` is an integer or a :class:`~numpy.random.SeedSequence` (a chunk's child).
        """
        if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 1:
            raise ValueError(f"n must be a positive whole number, got {n!r}")
        ss = _as_seed_sequence(seed)
        order, L = self._cholesky()
        scores = {v.name: normal_scores(child_stream(ss, stream_index(v.name)), n, self.sampling)
                  for v in self.variables if v.random}
        if L is not None:
            e = [scores[name] for name in order]
            for i, name in enumerate(order):
                acc: np.ndarray | None = None
                for j in range(i + 1):
                    if L[i, j] == 0.0:
                        continue
                    term = e[j] if (i == j and L[i, j] == 1.0) else L[i, j] * e[j]
                    acc = term if acc is None else acc + term
                if acc is not None:  # L[i, i] > 0: always set
                    scores[name] = acc
        notes: list[str] = []
        values: dict[str, np.ndarray] = {}
        pending = list(self.derived)
        for v in self.variables:
            x = v.transform(scores[v.name]) if v.random else np.full(n, _given(v.value))
            if v.bounds is not None:
                x = _clip(x, *v.bounds, v.label or v.name, v.units, notes)
            values[v.name] = x
            for d in [d for d in pending if all(i in values for i in d.inputs)]:
                pending.remove(d)
                y = d.compute(values)
                if d.bounds is not None:
                    y = _clip(y, *d.bounds, d.label or d.name, d.units, notes)
                values[d.name] = y
        return values, notes

    def subjects(self, values: Mapping[str, np.ndarray], first_index: int = 0
                 ) -> tuple[Subject, ...]:
        """Subjects from sampled values; subject ``i`` is named ``virtual-{first_index + i:04d}``."""
        n = len(next(iter(values.values()))) if values else 0
        female = self.sex == "female"
        out = []
        for i in range(n):
            kwargs: dict[str, Any] = {"sex": self.sex, "gh_deficient": self.gh_deficient,
                                      "labs": {k: float(values[k][i]) for k in LAB_FIELDS
                                               if k in values},
                                      "name": f"virtual-{first_index + i:04d}"}
            if female:
                kwargs["menopause"] = self.menopause or "natural"
            for key in SUBJECT_FIELDS:
                if key in values and (female or key not in _WOMEN_ONLY):
                    kwargs[key] = float(values[key][i])
            if "t_score" in values:
                kwargs["t_score"] = {"site": self.t_score_site, "value": float(values["t_score"][i])}
            z = {k.removeprefix("peak_bmd_z_"): float(values[k][i]) for k in PEAK_Z_FIELDS
                 if k in values}
            if z:
                kwargs["peak_bmd_z"] = z
            kwargs["physiology"] = {k: float(values[k][i]) for k in PHYSIOLOGY_FACTORS
                                    if k in values}
            out.append(Subject(**kwargs))
        return tuple(out)

    def sample(self, n: int, seed: int | np.random.SeedSequence, first_index: int = 0
               ) -> CohortSample:
        """Sample ``n`` subjects (see the module docstring).

        Parameters
        ----------
        n
            Number of subjects (>= 1). Without an ``age`` variable, this raises.
        seed
            Integer or :class:`~numpy.random.SeedSequence`; the same seed gives the
            same cohort.
        first_index
            Index of the first subject (names), for cohorts sampled in chunks.
        """
        if "age" not in {v.name for v in self.variables}:
            raise _err("population.covariates.age", "is required (every subject needs an age)",
                       "age: {distribution: normal, mean: 60, sd: 5, bounds: [30, 100]}")
        values, notes = self.sample_values(n, seed)
        return CohortSample(self.subjects(values, first_index), values, tuple(notes))


def _clip(values: np.ndarray, lo: float, hi: float, what: str, units: str,
          notes: list[str]) -> np.ndarray:
    out = np.clip(values, lo, hi)
    k = int(np.sum(out != values))
    if k:
        notes.append(f"{what}: {k} of {values.size} sampled values clipped to "
                     f"[{lo:g}, {hi:g}] {units}".rstrip())
    return out

