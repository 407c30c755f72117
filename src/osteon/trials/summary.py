"""Endpoint summary of a virtual trial, read back from its Zarr store.

For each endpoint of the trial file, the per-subject values come from
:func:`osteon.trials.endpoints.subject_values` (the arithmetic ``osteon
validate`` uses) on the store's lazy datasets: only the endpoint times are read,
chunk by chunk. Over the subjects that finished (``status == "ok"``) and have a
finite value it reports:

- ``mean``: the cohort mean (as ``osteon validate``), compared with the published
  figure by the ``FORMAT.md`` agreement rule;
- ``ci95``: the **95% confidence interval of the mean**, ``mean ± 1.96 sd /
  sqrt(n)`` (normal approximation), which narrows as the cohort grows;
- ``p2_5, p97_5``: the **2.5th and 97.5th percentiles of the subjects' values**,
  the spread between virtual subjects, which does not narrow with ``n``.

By measure: ``level`` and ``t_score_mean`` as above (serum level, T-score);
``percent_osteoporotic``: the share, its CI is the Wilson score interval and the
percentiles are those of the subjects' T-scores (at the site, or the lowest central
one), marked ``T``; ``sd_percent_change``: the SD of the subjects' percent changes
with the DXA precision error added (:func:`~osteon.trials.endpoints.measured_sd`), its
CI from the chi-square distribution of ``(n - 1) s^2 / sigma^2`` (normal changes), the
percentiles those of the simulated (true) percent changes.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from osteon.cohort.store import open_arms
from osteon.trials.endpoints import (
    EndpointError,
    agreement_interval,
    agrees,
    cohort_mean,
    measured_sd,
    subject_values,
    t_score_values,
)
from osteon.trials.format import Endpoint, Trial
from osteon.trials.interventions import NotSupportedYet

Z95 = 1.959963984540054
"""Two-sided 95% quantile of the standard normal."""


@dataclass(frozen=True)
class EndpointSummary:
    """One endpoint of a virtual trial (see the module docstring for the intervals)."""

    endpoint: Endpoint
    status: str  # ok | not_supported | error
    n: int = 0
    n_excluded: int = 0
    mean: float = float("nan")
    ci95: tuple[float, float] = (float("nan"), float("nan"))
    p2_5: float = float("nan")
    p97_5: float = float("nan")
    agree: bool | None = None
    reason: str = ""
    percentiles_of: str = ""

    @property
    def label(self) -> str:
        e = self.endpoint
        return e.arm if e.control is None else f"{e.arm} vs {e.control}"


def summarize_endpoint(endpoint: Endpoint, results: dict, unavailable: dict[str, str]
                       ) -> EndpointSummary:
    """Summary of one endpoint from per-arm datasets (``unavailable``: arm -> why not)."""
    for arm in endpoint.arms:
        if arm not in results:
            why = unavailable.get(arm, "not simulated")
            return EndpointSummary(endpoint, "not_supported" if "not supported" in why
                                   else "error", reason=f"arm {arm}: {why}")
    try:
        values, ok = subject_values(endpoint, results)
    except NotSupportedYet as err:
        return EndpointSummary(endpoint, "not_supported", reason=f"{err} (endpoint site)")
    except EndpointError as err:
        return EndpointSummary(endpoint, "error", reason=str(err))
    m = cohort_mean(values, ok)
    keep = ok & np.isfinite(values)
    use = values[keep]
    if not use.size:
        return EndpointSummary(endpoint, "error", n_excluded=m.n_excluded, reason=m.reason)
    n = use.size
    sd = float(np.std(use, ddof=1)) if n > 1 else float("nan")
    value, of = m.value, ""
    spread = use
    if endpoint.measure == "sd_percent_change":
        value = measured_sd(sd, endpoint.site)
        lo, hi = _sd_interval(sd, n)
        ci = (measured_sd(lo, endpoint.site), measured_sd(hi, endpoint.site))
    elif endpoint.measure == "percent_osteoporotic":
        ci = _wilson(float(np.mean(use > 0)), n)
        spread = t_score_values(results[endpoint.arm], endpoint.site, endpoint.at_day)[keep]
        of = "T"
    else:
        half = Z95 * sd / math.sqrt(n) if n > 1 else float("nan")
        ci = (value - half, value + half)
    p_lo, p_hi = (float(x) for x in np.percentile(spread, [2.5, 97.5]))
    return EndpointSummary(endpoint, "ok", n=m.n_included, n_excluded=m.n_excluded,
                           mean=value, ci95=ci, p2_5=p_lo, p97_5=p_hi,
                           agree=agrees(value, endpoint.value, endpoint.ci, endpoint.measure),
                           reason=m.reason, percentiles_of=of)


def _wilson(p: float, n: int) -> tuple[float, float]:
    """Wilson score 95% interval of a proportion ``p`` of ``n``, in percent.

    >>> [round(x, 1) for x in _wilson(0.25, 200)]
    [19.5, 31.4]
    """
    z2 = Z95**2
    centre = (p + z2 / (2 * n)) / (1 + z2 / n)
    half = Z95 * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / (1 + z2 / n)
    return (100.0 * (centre - half), 100.0 * (centre + half))


def _sd_interval(sd: float, n: int) -> tuple[float, float]:
    """95% interval of an SD from ``n`` normal values (chi-square with ``n - 1`` df).

    >>> [round(x, 2) for x in _sd_interval(1.0, 101)]
    [0.88, 1.16]
    """
    if n < 2 or not math.isfinite(sd):
        return (float("nan"), float("nan"))
    from scipy.stats import chi2

    df = n - 1
    return (sd * math.sqrt(df / chi2.ppf(0.975, df)), sd * math.sqrt(df / chi2.ppf(0.025, df)))


def summarize_store(trial: Trial, path: str | Path, unavailable: dict[str, str] | None = None
                    ) -> list[EndpointSummary]:
    """One :class:`EndpointSummary` per endpoint of ``trial``, from the store at ``path``."""
    from osteon.cohort.integrity import require_intact

    require_intact(path)  # a missing or truncated chunk would be summarised as absent
    results = open_arms(path)
    return [summarize_endpoint(e, results, unavailable or {}) for e in trial.endpoints]


def _f(x: float, digits: int = 2) -> str:
    return "-" if x is None or not math.isfinite(x) else f"{x:.{digits}f}"


def format_summary(rows: list[EndpointSummary]) -> str:
    """A text table: published figure and agreement interval, simulated figure (the
    mean; the share for ``percent_osteoporotic``, the SD for ``sd_percent_change``), its
    95% CI, 2.5-97.5 percentiles of the subjects, subjects counted."""
    header = ("arm", "site", "measure", "from", "at", "published", "agreement",
              "mean", "95% CI of mean", "subjects 2.5-97.5%", "n", "result")
    table = []
    for r in rows:
        e = r.endpoint
        lo, hi = agreement_interval(e.value, e.ci, e.measure)
        if r.status == "ok":
            result = "agree" if r.agree else "DISAGREE"
            mark = f" {r.percentiles_of}" if r.percentiles_of else ""
            cells = (_f(r.mean), f"[{_f(r.ci95[0])}, {_f(r.ci95[1])}]",
                     f"[{_f(r.p2_5)}, {_f(r.p97_5)}]{mark}", str(r.n))
        else:
            result = r.reason if r.status == "not_supported" else f"ERROR: {r.reason}"
            cells = ("-", "-", "-", str(r.n))
        table.append((r.label, e.site, e.measure, e.from_text, e.at_text, _f(e.value),
                      f"[{lo:.2f}, {hi:.2f}]", *cells, result))
    widths = [max(len(str(x)) for x in col) for col in zip(header, *table, strict=True)]
    lines = []
    for row in (header, *table):
        padded = [str(c).ljust(w) for c, w in zip(row[:-1], widths[:-1], strict=True)]
        lines.append("  " + "  ".join([*padded, str(row[-1])]).rstrip())
    return "\n".join(lines) + "\n"
