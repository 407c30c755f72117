"""Simulated endpoints of a virtual trial and the agreement rule of ``FORMAT.md``.

Measures (all from per-subject values, then averaged over the subjects whose
simulation finished, ``status == "ok"``):

- ``percent_change``: ``100 * (x(at) - x(from)) / x(from)`` (percent).
- ``difference_vs_control``: percent change of the arm minus that of the
  control (percentage points). Arms share their virtual subjects (a paired
  cohort), so the difference is taken subject by subject over the subjects
  that finished in both arms.
- ``annual_percent_change``: the percent change divided by the years between
  ``from`` and ``at`` (percent per year).
- ``sd_percent_change``: the between-subject SD (``ddof=1``) of the percent
  change, not its mean, as a DXA would measure it (:func:`measured_sd`): a published
  SD of change holds the scanner's precision error of both scans besides the true
  spread, so at the lumbar spine, total hip and femoral neck
  ``sqrt(sd**2 + 2 * precision**2)`` with the precision records of
  :mod:`osteon.forecast.dxa` (Nelson 2010; ISCD). Other sites get no measurement
  error (none is recorded for them).
- ``level``: the serum level at ``at`` in the units of ``FORMAT.md``
  (:data:`~osteon.trials.format.LEVEL_UNITS`); PTH, which the calcium subsystem
  holds in pmol/L, is converted with the molar mass of intact PTH(1-84)
  (:data:`osteon.forecast.labs.MOLAR_MASS`).
- ``t_score_mean``: the mean T-score at ``at`` (the result's ``t_score``, against
  the young-adult reference of the subject's sex, :mod:`osteon.outputs.reference`).
- ``percent_osteoporotic``: the percent of subjects whose T-score at ``at`` is -2.5
  or lower, at a DXA site or at ``lowest_central`` (the lowest of lumbar spine,
  femoral neck and total hip); each subject counts 100 or 0, so the cohort mean
  is the share.

Sites: DXA areal BMD (``lumbar_spine``, ``total_hip``, ``femoral_neck``,
``total_body``) is ``ds.bmd.sel(site=...)``; the other sites are dataset
variables with dimensions ``(subject, time)``. A site the result does not hold
(none of the FORMAT.md sites today) raises :class:`~osteon.trials.interventions.NotSupportedYet`.

Agreement (:func:`agreement_interval`, the table of ``FORMAT.md``): for the
percent measures, inside ``ci`` widened by 0.5 percentage points on each side,
without ``ci`` within ``max(1.0, 0.25 * |value|)`` of ``value``; ``level``: ``ci``
widened by 10% of ``|value|``, else within 25% of ``value``; ``t_score_mean``:
``ci`` widened by 0.1, else within 0.3; ``percent_osteoporotic``: ``ci`` widened
by 2 points, else within ``max(3, 0.25 * value)``; ``sd_percent_change``: between
``value / 1.5`` and ``value * 1.5`` (a ``ci`` is not used).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import asdict, dataclass

import numpy as np
import xarray as xr

from osteon.outputs.reference import t_score as _t_score_of
from osteon.trials.format import CENTRAL_SITES, DXA_SITES, LOWEST_CENTRAL, Endpoint, Trial
from osteon.trials.interventions import NotSupportedYet
from osteon.units import DAYS_PER_YEAR

CI_WIDENING = 0.5
"""Percentage points added on each side of a published CI."""
MIN_TOLERANCE = 1.0
"""Smallest half-width (percentage points) of the interval around a value without CI."""
RELATIVE_TOLERANCE = 0.25
"""Half-width of the interval around a value without CI, as a fraction of ``|value|``."""
TIME_TOLERANCE_DAYS = 0.01
"""How far (days) the nearest output time may lie from an endpoint time."""

STATUSES = ("ok", "not_supported", "error")
OSTEOPOROSIS_T_SCORE = -2.5
"""WHO cut-off: osteoporosis at a T-score of -2.5 or lower (WHO Technical Report Series 843,
1994)."""

# measure: (widening of a ci: absolute or relative to |value|, half-width without ci:
# (absolute floor, relative to |value|))
_RULES = {
    "level": (("relative", 0.10), (0.0, 0.25)),
    "t_score_mean": (("absolute", 0.1), (0.3, 0.0)),
    "percent_osteoporotic": (("absolute", 2.0), (3.0, 0.25)),
}
SD_RATIO = 1.5
"""``sd_percent_change`` agrees between ``value / SD_RATIO`` and ``value * SD_RATIO``."""


class EndpointError(ValueError):
    """An endpoint cannot be computed from the simulation results."""


def _control(e: Endpoint) -> str:
    """The control arm of a ``difference_vs_control`` endpoint (the trial reader requires one)."""
    if e.control is None:
        raise EndpointError(f"a difference_vs_control endpoint of arm {e.arm} names no control")
    return e.control


@dataclass(frozen=True)
class CohortMean:
    """A cohort-mean endpoint value.

    Attributes
    ----------
    value
        Mean over the included subjects (percent, percentage points or %/year);
        NaN only together with a ``reason``.
    n_included, n_excluded
        Subjects averaged, subjects left out (solver failure or no finite value).
    reason
        Why subjects were left out, or why ``value`` is NaN; empty otherwise.
    """

    value: float
    n_included: int
    n_excluded: int
    reason: str = ""


@dataclass(frozen=True)
class EndpointResult:
    """One published endpoint next to its simulated value.

    ``interval`` is the agreement interval (``ci`` widened, or the ``±`` rule);
    ``status`` is ``"ok"`` (``simulated`` and ``agree`` are set),
    ``"not_supported"`` or ``"error"`` (``reason`` says why). ``n_subjects`` and
    ``n_excluded`` count the virtual subjects averaged and left out; ``notes`` repeats
    the trial's notes (covariates not modelled yet, clipped samples, arms not
    supported yet) so that every record carries them.
    """

    trial: str
    file: str
    arm: str | None
    control: str | None
    site: str | None
    measure: str | None
    from_: str | None
    at: str | None
    published: float | None
    interval: tuple[float, float] | None
    interval_source: str | None
    simulated: float | None
    agree: bool | None
    status: str
    reason: str = ""
    endpoint_index: int | None = None
    n_subjects: int = 0
    n_excluded: int = 0
    notes: tuple[str, ...] = ()

    def to_json_dict(self) -> dict:
        """A JSON-ready dict (NaN becomes ``None``; ``from_`` is written ``from``)."""
        d = asdict(self)
        d["from"] = d.pop("from_")
        d["notes"] = list(d["notes"])
        if d["interval"] is not None:
            d["interval"] = [round(float(x), 6) for x in d["interval"]]
        if d["simulated"] is not None:
            d["simulated"] = None if not math.isfinite(d["simulated"]) else round(
                float(d["simulated"]), 6)
        keys = ("trial", "arm", "control", "site", "measure", "from", "at", "published",
                "interval", "simulated", "agree", "status", "reason")
        return {**{k: d[k] for k in keys}, **{k: v for k, v in d.items() if k not in keys}}


# --------------------------------------------------------------------------- agreement rule
def agreement_interval(value: float, ci: tuple[float, float] | None = None,
                       measure: str = "percent_change") -> tuple[float, float]:
    """The interval a simulated figure must fall in to agree (``FORMAT.md``).

    Parameters
    ----------
    value
        Published figure (in the measure's units).
    ci
        Published 95% CI ``(low, high)``, or ``None``.
    measure
        The endpoint's measure; each has its own rule (module docstring).

    Returns
    -------
    tuple of float
        ``(low, high)``, in the units of ``value``.

    Examples
    --------
    >>> agreement_interval(4.25, (3.5, 5.0))
    (3.0, 5.5)
    >>> agreement_interval(-1.8)
    (-2.8, -0.8)
    >>> agreement_interval(-10.0)
    (-12.5, -7.5)
    >>> agreement_interval(200.0, measure="level")
    (150.0, 250.0)
    >>> [round(x, 6) for x in agreement_interval(-1.6, (-1.8, -1.4), "t_score_mean")]
    [-1.9, -1.3]
    >>> agreement_interval(25.7, measure="percent_osteoporotic"), agreement_interval(6.0, measure="sd_percent_change")
    ((19.275, 32.125), (4.0, 9.0))
    """
    value = float(value)
    if measure == "sd_percent_change":
        return (value / SD_RATIO, value * SD_RATIO) if value >= 0 else (value * SD_RATIO,
                                                                        value / SD_RATIO)
    if measure in _RULES:
        (kind, widen), (floor, rel) = _RULES[measure]
        if ci is not None:
            w = widen * abs(value) if kind == "relative" else widen
            return (float(ci[0]) - w, float(ci[1]) + w)
        tol = max(floor, rel * abs(value))
        return (value - tol, value + tol)
    if ci is not None:
        return (float(ci[0]) - CI_WIDENING, float(ci[1]) + CI_WIDENING)
    tol = max(MIN_TOLERANCE, RELATIVE_TOLERANCE * abs(float(value)))
    return (float(value) - tol, float(value) + tol)


def agrees(simulated: float, value: float, ci: tuple[float, float] | None = None,
           measure: str = "percent_change") -> bool:
    """Whether ``simulated`` agrees with the published ``value`` (bounds included).

    >>> agrees(5.4, 4.25, (3.5, 5.0)), agrees(5.6, 4.25, (3.5, 5.0))
    (True, False)
    >>> agrees(9.0, 6.0, measure="sd_percent_change"), agrees(9.1, 6.0, measure="sd_percent_change")
    (True, False)
    >>> agrees(float("nan"), 0.0)
    False
    """
    if simulated is None or not math.isfinite(simulated):
        return False
    lo, hi = agreement_interval(value, ci, measure)
    return lo - 1e-12 <= simulated <= hi + 1e-12


# --------------------------------------------------------------------------- arithmetic
def site_values(ds: xr.Dataset, site: str) -> xr.DataArray:
    """Values of an endpoint site, dimensions ``(subject, time)``.

    Raises
    ------
    NotSupportedYet
        If the result does not hold this site.
    """
    if site in DXA_SITES:
        if "bmd" not in ds or "site" not in ds.dims or site not in ds["site"].values:
            raise NotSupportedYet(site)
        return ds["bmd"].sel(site=site)
    if site not in ds.data_vars:
        raise NotSupportedYet(site)
    return ds[site]


def _per_subject(da: xr.DataArray) -> xr.DataArray:
    return da if "subject" in da.dims else da.expand_dims("subject")


def level_values(ds: xr.Dataset, site: str, day: float) -> np.ndarray:
    """Per-subject serum level of ``site`` at ``day`` in the units of ``FORMAT.md``
    (testosterone ng/dL, estradiol pg/mL, IGF-1 ng/mL, PTH pg/mL).

    Raises
    ------
    NotSupportedYet
        If the result does not hold the site.
    EndpointError
        If the result's units are not ones this function converts.
    """
    from osteon.trials.format import LEVEL_UNITS

    da = _per_subject(site_values(ds, site))
    x = value_at(da, day).transpose("subject").values.astype(float)
    have = str(da.attrs.get("units", LEVEL_UNITS.get(site, "")))
    want = LEVEL_UNITS.get(site, have)
    if have == want:
        return x
    if site == "pth" and have == "pmol/L":
        from osteon.forecast.labs import MOLAR_MASS

        # pmol/L x g/mol = pg/L; / 1000 -> pg/mL
        return x * MOLAR_MASS["pth"].value / 1000.0
    raise EndpointError(f"{site} is held in {have}, which cannot be converted to {want}")


def t_score_values(ds: xr.Dataset, site: str, day: float) -> np.ndarray:
    """Per-subject T-score at ``day``: at a DXA site or, for ``lowest_central``, the
    lowest of lumbar spine, femoral neck and total hip (SD units).

    Uses the result's ``t_score`` where present, else the T-score of its ``bmd``
    against the reference of each subject's ``sex`` (a ``sex`` coordinate is needed).
    """
    sites = CENTRAL_SITES if site == LOWEST_CENTRAL else (site,)
    cols = []
    for s in sites:
        if s not in DXA_SITES:
            raise NotSupportedYet(s)
        if "t_score" in ds and "site" in ds.dims and s in ds["site"].values:
            da = _per_subject(ds["t_score"].sel(site=s))
            cols.append(value_at(da, day).transpose("subject").values.astype(float))
            continue
        bmd = _per_subject(site_values(ds, s))
        x = value_at(bmd, day).transpose("subject").values.astype(float)
        if "sex" not in ds.coords:
            raise EndpointError("the result holds neither t_score nor the subjects' sex")
        sexes = np.atleast_1d(ds["sex"].values)
        cols.append(np.array([float(_t_score_of(b, str(sx), s)) for b, sx in zip(x, sexes,
                                                                                 strict=True)]))
    return np.min(np.vstack(cols), axis=0)


def value_at(da: xr.DataArray, day: float, tolerance_days: float = TIME_TOLERANCE_DAYS
             ) -> xr.DataArray:
    """Values at follow-up time ``day`` (days; the ``time`` coordinate is in years).

    Raises
    ------
    EndpointError
        If no output time lies within ``tolerance_days`` of ``day`` (add it with
        ``Simulation.extra_output_days``).
    """
    target = day / DAYS_PER_YEAR
    out = da.sel(time=target, method="nearest")
    got = float(out["time"]) * DAYS_PER_YEAR
    if abs(got - day) > tolerance_days:
        raise EndpointError(
            f"no output at day {day:g} (nearest: day {got:g}); add it with "
            "Simulation.extra_output_days")
    return out


def percent_change(ds: xr.Dataset, site: str, from_day: float, at_day: float) -> np.ndarray:
    """Per-subject percent change of ``site`` from ``from_day`` to ``at_day`` (percent).

    Subjects whose start value is not positive or whose values are not finite get NaN.
    """
    da = site_values(ds, site)
    if "subject" not in da.dims:
        da = da.expand_dims("subject")
    x0 = value_at(da, from_day).transpose("subject").values.astype(float)
    x1 = value_at(da, at_day).transpose("subject").values.astype(float)
    with np.errstate(divide="ignore", invalid="ignore"):
        pc = 100.0 * (x1 - x0) / x0
    pc[~(np.isfinite(pc) & (x0 > 0))] = np.nan
    return pc


def _ok(ds: xr.Dataset) -> np.ndarray:
    n = ds.sizes.get("subject", 1)
    if "status" not in ds:
        return np.ones(n, dtype=bool)
    return np.atleast_1d(ds["status"].values).astype(object) == "ok"


def cohort_mean(values: np.ndarray, ok: np.ndarray, what: str = "") -> CohortMean:
    """Mean of per-subject ``values`` over subjects that are ``ok`` and finite.

    >>> cohort_mean(np.array([1.0, 3.0, np.nan]), np.array([True, True, True])).value
    2.0
    >>> r = cohort_mean(np.array([1.0, 2.0]), np.array([False, False]), "arm a")
    >>> (math.isnan(r.value), r.reason)
    (True, 'no subject of arm a finished (2 of 2 failed in the solver)')
    """
    values = np.asarray(values, dtype=float)
    ok = np.asarray(ok, dtype=bool)
    finite = np.isfinite(values)
    use = ok & finite
    n_failed = int(np.sum(~ok))
    n_nan = int(np.sum(ok & ~finite))
    parts = []
    if n_failed:
        parts.append(f"{n_failed} of {values.size} failed in the solver")
    if n_nan:
        parts.append(f"{n_nan} of {values.size} without a finite value")
    detail = "; ".join(parts)
    of = f" of {what}" if what else ""
    if not use.any():
        return CohortMean(float("nan"), 0, values.size, f"no subject{of} finished ({detail})")
    reason = f"excluded{of}: {detail}" if detail else ""
    return CohortMean(float(np.mean(values[use])), int(use.sum()), values.size - int(use.sum()),
                      reason)


def subject_values(endpoint: Endpoint, results: Mapping[str, xr.Dataset]
                   ) -> tuple[np.ndarray, np.ndarray]:
    """Per-subject values of one endpoint and which subjects count.

    Parameters
    ----------
    endpoint
        The parsed endpoint.
    results
        Simulation result of each arm it needs, by arm name (lazy, Dask-backed
        datasets work: only the endpoint's times are read).

    Returns
    -------
    values, ok
        Per subject: percent, percentage points or percent per year (the change
        measures; for ``sd_percent_change`` the percent change whose SD is the
        endpoint), the serum level (``level``), the T-score (``t_score_mean``) or 100
        / 0 for osteoporotic or not (``percent_osteoporotic``); and whether the
        subject finished (``status == "ok"``) in every arm the endpoint needs. A
        ``difference_vs_control`` is taken subject by subject (a paired cohort).

    Raises
    ------
    NotSupportedYet
        If the site is not in the results.
    EndpointError
        If an endpoint time is not in the output grid, or the arms of a
        ``difference_vs_control`` do not hold the same subjects.
    """
    e = endpoint
    ds = results[e.arm]
    ok = _ok(ds)
    if e.measure == "level":
        return level_values(ds, e.site, e.at_day), ok
    if e.measure in ("t_score_mean", "percent_osteoporotic"):
        t = t_score_values(ds, e.site, e.at_day)
        if e.measure == "t_score_mean":
            return t, ok
        return np.where(np.isfinite(t), 100.0 * (t <= OSTEOPOROSIS_T_SCORE), np.nan), ok
    pc = percent_change(ds, e.site, e.from_day, e.at_day)
    if e.measure in ("percent_change", "sd_percent_change"):
        return pc, ok
    if e.measure == "annual_percent_change":
        return pc / ((e.at_day - e.from_day) / DAYS_PER_YEAR), ok
    if e.measure == "difference_vs_control":
        cds = results[_control(e)]
        pc_c = percent_change(cds, e.site, e.from_day, e.at_day)
        if pc.shape != pc_c.shape:
            raise EndpointError(f"arms {e.arm} and {e.control} do not hold the same subjects")
        return pc - pc_c, ok & _ok(cds)
    raise EndpointError(f"unknown measure {e.measure!r}")


def compute_endpoint(endpoint: Endpoint, results: Mapping[str, xr.Dataset]) -> CohortMean:
    """Simulated value of one endpoint.

    Parameters
    ----------
    endpoint
        The parsed endpoint.
    results
        Simulation result of each arm it needs (``endpoint.arms``), by arm name.

    Returns
    -------
    CohortMean
        The cohort figure of ``endpoint.measure``: the mean of :func:`subject_values`,
        or their SD for ``sd_percent_change``.

    Raises
    ------
    NotSupportedYet
        If the site is not in the results.
    EndpointError
        If an endpoint time is not in the output grid.
    """
    e = endpoint
    if e.measure == "difference_vs_control":
        n_arm = results[e.arm].sizes.get("subject", 1)
        control = _control(e)
        if n_arm != results[control].sizes.get("subject", 1):  # not paired: difference of means
            ds, cds = results[e.arm], results[control]
            a = cohort_mean(percent_change(ds, e.site, e.from_day, e.at_day), _ok(ds),
                            f"arm {e.arm}")
            b = cohort_mean(percent_change(cds, e.site, e.from_day, e.at_day), _ok(cds),
                            f"arm {e.control}")
            reason = "; ".join(r for r in (a.reason, b.reason) if r)
            return CohortMean(a.value - b.value, min(a.n_included, b.n_included),
                              a.n_excluded + b.n_excluded, reason)
        values, ok = subject_values(e, results)
        return cohort_mean(values, ok, f"arms {e.arm} and {e.control}")
    values, ok = subject_values(e, results)
    m = cohort_mean(values, ok, f"arm {e.arm}")
    if e.measure == "sd_percent_change" and math.isfinite(m.value):
        use = np.asarray(values, dtype=float)[np.asarray(ok, dtype=bool) & np.isfinite(values)]
        if use.size < 2:
            return CohortMean(float("nan"), m.n_included, m.n_excluded,
                              "an SD needs at least 2 subjects")
        return CohortMean(measured_sd(float(np.std(use, ddof=1)), e.site), m.n_included,
                          m.n_excluded, m.reason)
    return m


def measured_sd(sd: float, site: str) -> float:
    """SD of percent change (percent) as measured by DXA at ``site``: the simulated
    between-subject ``sd`` plus the error of two scans, in quadrature. A change over a trial's
    months or years carries the *long-term* precision error
    (:data:`osteon.forecast.dxa.LONG_TERM_PRECISION`), not the short-term one.

    >>> round(measured_sd(3.0, "lumbar_spine"), 3), measured_sd(3.0, "ctx")
    (3.934, 3.0)
    """
    from osteon.forecast.dxa import LONG_TERM_PRECISION

    if site not in LONG_TERM_PRECISION or not math.isfinite(sd):
        return sd
    return math.sqrt(sd**2 + 2.0 * LONG_TERM_PRECISION[site].value ** 2)


def endpoint_days(trial: Trial, arm: str) -> list[float]:
    """Times (days) that the simulation of ``arm`` must output for the trial's endpoints."""
    days: set[float] = set()
    for e in trial.endpoints:
        if arm in e.arms:
            days.update((e.from_day, e.at_day))
    return sorted(days)


def _base(trial: Trial, e: Endpoint) -> dict:
    lo_hi = agreement_interval(e.value, e.ci, e.measure)
    return dict(trial=trial.id, file=trial.file, arm=e.arm, control=e.control, site=e.site,
                measure=e.measure, from_=e.from_text, at=e.at_text, published=e.value,
                interval=lo_hi, interval_source="ci" if (e.ci is not None and e.measure != "sd_percent_change")
                else "rule",
                endpoint_index=e.index)


def evaluate_endpoint(trial: Trial, endpoint: Endpoint, results: Mapping[str, xr.Dataset],
                      unavailable: Mapping[str, tuple[str, str]] | None = None
                      ) -> EndpointResult:
    """Compare one endpoint with the simulation.

    Parameters
    ----------
    trial, endpoint
        The parsed trial and one of its endpoints.
    results
        Simulation result of each simulated arm, by name.
    unavailable
        Arms that were not simulated: ``{arm: (status, reason)}`` with status
        ``"not_supported"`` or ``"error"``.

    Returns
    -------
    EndpointResult
        Never a silent NaN: without a simulated value the status is
        ``"not_supported"`` or ``"error"`` and ``reason`` says why.
    """
    base = _base(trial, endpoint)
    unavailable = unavailable or {}
    for arm in endpoint.arms:
        if arm in unavailable:
            status, reason = unavailable[arm]
            return EndpointResult(**base, simulated=None, agree=None, status=status,
                                  reason=f"{reason} (arm {arm})")
        if arm not in results:
            return EndpointResult(**base, simulated=None, agree=None, status="error",
                                  reason=f"arm {arm} was not simulated")
    try:
        m = compute_endpoint(endpoint, results)
    except NotSupportedYet as err:
        return EndpointResult(**base, simulated=None, agree=None, status="not_supported",
                              reason=f"{err} (endpoint site)")
    except EndpointError as err:
        return EndpointResult(**base, simulated=None, agree=None, status="error",
                              reason=str(err))
    if not math.isfinite(m.value):
        return EndpointResult(**base, simulated=None, agree=None, status="error",
                              reason=m.reason or "the simulated value is not finite",
                              n_subjects=m.n_included, n_excluded=m.n_excluded)
    return EndpointResult(**base, simulated=m.value,
                          agree=agrees(m.value, endpoint.value, endpoint.ci, endpoint.measure), status="ok",
                          reason=m.reason, n_subjects=m.n_included, n_excluded=m.n_excluded)


def failed_endpoint(trial: Trial, endpoint: Endpoint, status: str, reason: str
                    ) -> EndpointResult:
    """An endpoint that could not be simulated (``status`` not ``"ok"``)."""
    return EndpointResult(**_base(trial, endpoint), simulated=None, agree=None, status=status,
                          reason=reason)
