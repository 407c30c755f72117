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

Sites: DXA areal BMD (``lumbar_spine``, ``total_hip``, ``femoral_neck``,
``total_body``) is ``ds.bmd.sel(site=...)``; the other sites are dataset
variables with dimensions ``(subject, time)``. A site the result does not hold
(none of the FORMAT.md sites today) raises :class:`~osteon.trials.interventions.NotSupportedYet`.

Agreement: inside ``ci`` widened by 0.5 percentage points on each side; without
``ci``, within ``max(1.0, 0.25 * |value|)`` of ``value``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import asdict, dataclass

import numpy as np
import xarray as xr

from osteon.trials.format import DXA_SITES, Endpoint, Trial
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


class EndpointError(ValueError):
    """An endpoint cannot be computed from the simulation results."""


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
def agreement_interval(value: float, ci: tuple[float, float] | None = None
                       ) -> tuple[float, float]:
    """The interval a simulated figure must fall in to agree.

    Parameters
    ----------
    value
        Published figure (percent or percentage points).
    ci
        Published 95% CI ``(low, high)``, or ``None``.

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
    """
    if ci is not None:
        return (float(ci[0]) - CI_WIDENING, float(ci[1]) + CI_WIDENING)
    tol = max(MIN_TOLERANCE, RELATIVE_TOLERANCE * abs(float(value)))
    return (float(value) - tol, float(value) + tol)


def agrees(simulated: float, value: float, ci: tuple[float, float] | None = None) -> bool:
    """Whether ``simulated`` agrees with the published ``value`` (bounds included).

    >>> agrees(5.4, 4.25, (3.5, 5.0)), agrees(5.6, 4.25, (3.5, 5.0))
    (True, False)
    >>> agrees(float("nan"), 0.0)
    False
    """
    if simulated is None or not math.isfinite(simulated):
        return False
    lo, hi = agreement_interval(value, ci)
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
        Percent, percentage points or percent per year per subject, and whether the
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
    pc = percent_change(ds, e.site, e.from_day, e.at_day)
    ok = _ok(ds)
    if e.measure == "percent_change":
        return pc, ok
    if e.measure == "annual_percent_change":
        return pc / ((e.at_day - e.from_day) / DAYS_PER_YEAR), ok
    if e.measure == "difference_vs_control":
        cds = results[e.control]
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
        Percent, percentage points or percent per year, by ``endpoint.measure``.

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
        if n_arm != results[e.control].sizes.get("subject", 1):  # not paired: difference of means
            ds, cds = results[e.arm], results[e.control]
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
    return cohort_mean(values, ok, f"arm {e.arm}")


def endpoint_days(trial: Trial, arm: str) -> list[float]:
    """Times (days) that the simulation of ``arm`` must output for the trial's endpoints."""
    days = set()
    for e in trial.endpoints:
        if arm in e.arms:
            days.update((e.from_day, e.at_day))
    return sorted(days)


def _base(trial: Trial, e: Endpoint) -> dict:
    lo_hi = agreement_interval(e.value, e.ci)
    return dict(trial=trial.id, file=trial.file, arm=e.arm, control=e.control, site=e.site,
                measure=e.measure, from_=e.from_text, at=e.at_text, published=e.value,
                interval=lo_hi, interval_source="ci" if e.ci is not None else "rule",
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
                          agree=agrees(m.value, endpoint.value, endpoint.ci), status="ok",
                          reason=m.reason, n_subjects=m.n_included, n_excluded=m.n_excluded)


def failed_endpoint(trial: Trial, endpoint: Endpoint, status: str, reason: str
                    ) -> EndpointResult:
    """An endpoint that could not be simulated (``status`` not ``"ok"``)."""
    return EndpointResult(**_base(trial, endpoint), simulated=None, agree=None, status=status,
                          reason=reason)
