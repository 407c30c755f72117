"""What-if scenarios: one person, several protocols, one figure.

The demo compares, for a woman of 52 one year after her final menstrual period,
ten years of no treatment, training only, menopausal hormone therapy only, and
both: the seed's claim that hormones and loading act together, made visible.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import xarray as xr

from osteon.outputs.reference import SITES
from osteon.simulation import Simulation
from osteon.subject import Subject
from osteon.templating import Markup, render
from osteon.trials.interventions import protocol_from_specs

TRAINING: list[dict[str, Any]] = [
    {"intervention": "resistance_training", "sessions_per_week": 2, "intensity_pct_1rm": 80,
     "sets": 3, "reps": 8, "exercises": ["squat", "deadlift", "overhead_press", "lunge"],
     "progression": "linear"},
    {"intervention": "impact_training", "activity": "jumping", "sessions_per_week": 3,
     "impacts_per_session": 50},
]
"""A progressive resistance and impact programme as the seed describes it (70-85% 1RM,
2-3 sessions a week, compound lifts, jumping)."""

HORMONE_THERAPY: list[dict[str, Any]] = [
    {"intervention": "estrogen", "agent": "estradiol", "route": "transdermal", "dose": "50 ug",
     "every": "1 day"},
    {"intervention": "progestogen", "agent": "micronized_progesterone", "dose": "200 mg",
     "every": "1 day", "days_per_month": 12},
]
"""Standard transdermal estradiol with cyclic micronized progesterone."""

SCENARIOS: dict[str, list[dict]] = {
    "No treatment": [],
    "Training only": TRAINING,
    "Hormone therapy only": HORMONE_THERAPY,
    "Hormone therapy and training": HORMONE_THERAPY + TRAINING,
}
COLORS = ("#6b6b6b", "#2a7ab0", "#c2185b", "#2e7d32")


def run_scenarios(subject: Subject | None = None, years: float = 10.0,
                  scenarios: Mapping[str, Sequence[dict]] = SCENARIOS) -> dict[str, xr.Dataset]:
    """Simulate one subject under each scenario.

    Parameters
    ----------
    subject
        Default: a woman of 52 whose final menstrual period was at 51.
    years
        Follow-up (years).
    scenarios
        Name -> interventions written as in a trial file.

    Returns
    -------
    dict
        Name -> single-subject result dataset.
    """
    subject = subject or Subject(sex="female", age=52, menopause_age=51, name="Woman, 52")
    out = {}
    for name, specs in scenarios.items():
        protocol = protocol_from_specs(specs, years=years, name=name)
        out[name] = Simulation(subject, protocol, years=years).run().isel(subject=0)
    return out


def change_table(results: Mapping[str, xr.Dataset]) -> list[dict]:
    """Percent BMD change at the end of follow-up, per scenario and site."""
    rows = []
    for name, res in results.items():
        row: dict[str, Any] = {"scenario": name}
        for site in SITES:
            b = res.bmd.sel(site=site)
            row[site] = float(100.0 * (b.isel(time=-1) / b.isel(time=0) - 1.0))
        row["extrapolated"] = any(json_list(res.attrs.get("protocol_evidence", "[]")))
        rows.append(row)
    return rows


def json_list(text: str) -> list[bool]:
    import json

    return [bool(e.get("extrapolated")) for e in json.loads(text)]


def plot_scenarios(results: Mapping[str, xr.Dataset], sites: Sequence[str] = (
        "lumbar_spine", "femoral_neck", "total_hip")):
    """BMD (relative to the start) against age for every scenario, one panel per site."""
    from matplotlib.figure import Figure

    fig = Figure(figsize=(12, 4.2), dpi=100)
    axes = fig.subplots(1, len(sites), sharey=True)
    for ax, site in zip(np.atleast_1d(axes), sites, strict=True):
        for (name, res), color in zip(results.items(), COLORS, strict=False):
            b = res.bmd.sel(site=site)
            ax.plot(res.age, 100.0 * (b / b.isel(time=0) - 1.0), color=color, lw=2.2, label=name)
        ax.axhline(0.0, color="#999", lw=0.8)
        ax.set_title(site.replace("_", " ").capitalize())
        ax.set_xlabel("age (years)")
        ax.grid(alpha=0.3)
    np.atleast_1d(axes)[0].set_ylabel("BMD change from age 52 (%)")
    np.atleast_1d(axes)[0].legend(loc="lower left", fontsize=9, frameon=False)
    fig.suptitle("One woman from 52 to 62: hormones and training act together")
    fig.subplots_adjust(left=0.07, right=0.98, bottom=0.15, top=0.84, wspace=0.08)
    return fig


def scenarios_html(results: Mapping[str, xr.Dataset], png_uri: str) -> Markup:
    """HTML section: the figure and the table of changes (template ``scenarios.html.j2``)."""
    rows = [{"scenario": r["scenario"], "changes": [f"{r[s]:+.1f}" for s in SITES]}
            for r in change_table(results)]
    return Markup(render("scenarios.html.j2", png_uri=png_uri,
                         sites=[s.replace("_", " ") for s in SITES], rows=rows))
