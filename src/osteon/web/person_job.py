"""Issue 11's person forecast (:func:`osteon.forecast`) as an asynchronous job.

``osteon.forecast(person, scenarios)`` takes a person file (DXA history with dates and
scanners, labs with units, treatments, diet, risk factors) and named scenarios, and returns a
dataset with individual draws, quantile bands, Shapley attribution and fracture risk. It takes
tens of seconds on a loaded 2-core machine, so the API runs it as a job on the long-job thread
and keeps its files (HTML report, quantile CSV, netCDF) in the job's own folder until it
expires. The interactive page uses :mod:`osteon.web.forecast_glue` (any scenario built from the
trial-file vocabulary, a few seconds).
"""

from __future__ import annotations

import json
import math

from osteon.errors import OsteonInputError
from osteon.web.jobs import Deadline, Item, JobTimeout

FILES = {"html": "forecast.html", "csv": "forecast_quantiles.csv", "nc": "forecast.nc"}


def _f(x) -> float | None:
    x = float(x)
    return round(x, 4) if math.isfinite(x) else None


def summarize(ds) -> dict:
    """A JSON summary of a person-forecast dataset: end-of-horizon T-score quantiles per
    scenario and site, 10-year fracture probability (5/50/95 % over draws), flags and evidence.
    """
    import numpy as np

    out = {"disclaimer": ds.attrs.get("disclaimer"), "horizon_years": ds.attrs.get(
        "horizon_years"), "age_today": _f(ds.attrs.get("age_today", float("nan"))),
        "limits": ds.attrs.get("limits"),
        "skipped_scenarios": json.loads(ds.attrs.get("skipped_scenarios", "[]")),
        "scenarios": []}
    evidence = json.loads(ds.attrs.get("evidence", "{}"))
    for sc in [str(s) for s in ds["scenario"].values]:
        q = ds["t_score_quantiles"].sel(scenario=sc).isel(time=-1)
        sites = {str(site): {f"q{int(round(100 * float(k)))}": _f(q.sel(site=site,
                                                                         quantile=k))
                             for k in ds["quantile"].values} for site in ds["site"].values}
        frac = {}
        for name in ("fracture_hip_10y", "fracture_major_10y"):
            if name in ds:
                v = np.asarray(ds[name].sel(scenario=sc).values, dtype=float)
                v = v[np.isfinite(v)]
                frac[name] = ([_f(x * 100) for x in np.quantile(v, [0.05, 0.5, 0.95])]
                              if v.size else None)
        out["scenarios"].append({"name": sc, "t_score_end": sites,
                                 "fracture_percent_5_50_95": frac,
                                 "evidence": evidence.get(sc)})
    return out


def run_person_job(item: Item, person: dict, scenarios, draws: int, years: int, seed: int,
                   attribution: bool, deadline: Deadline) -> None:
    """Run the job; sets ``item.state``, ``progress``, ``result`` or ``error``."""
    from osteon.forecast.core import forecast
    from osteon.forecast.report import write

    item.state, item.message, item.progress = "running", "forecasting", 0.05
    try:
        deadline.check()
        ds = forecast(person, scenarios or None, draws=draws, years=years, seed=seed,
                      attribution=attribution)
        assert item.folder is not None  # person jobs are created with_folder=True
        paths = write(ds, item.folder)
        item.result = {"summary": summarize(ds), "files": {
            k: paths[{"html": "html", "csv": "csv", "nc": "netcdf"}[k]] for k in FILES}}
        item.progress, item.state, item.message = 1.0, "done", "done"
    except OsteonInputError as err:
        item.state, item.error = "failed", {"field": err.field, "problem": err.problem,
                                            "example": err.example}
    except JobTimeout as err:
        item.state, item.error = "failed", {"field": "job", "problem": str(err),
                                            "example": "fewer draws or years"}
    except Exception as err:  # noqa: BLE001 - reported to the client, not raised in a thread
        item.state, item.error = "failed", {"field": "job", "problem": f"{type(err).__name__}: "
                                            f"{err}"[:300], "example": None}
