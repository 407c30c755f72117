"""A self-contained HTML report of a simulation result.

The report is one file: figures are PNG embedded as base64, the style sheet is
inline, and nothing is fetched from the internet. It is written for a reader
who is not a bone specialist: it says what was simulated, gives the key
numbers, shows the figures, explains which signals moved most (computed from
the result, not written by hand), and lists the evidence behind every
parameter and the provenance of the run.
"""

from __future__ import annotations

import base64
import datetime as _dt
import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import xarray as xr

from osteon.covariates import describe_labs
from osteon.parameters import ParameterSet, default_parameters
from osteon.report import plots
from osteon.report.numbers import (
    CENTRAL_SITES,
    SITE_NAMES,
    age_text,
    explain_drivers,
    first_last,
    fmt,
    fmt_pct,
    key_numbers,
)
from osteon.report.traces import SubjectTrace, subjects_of
from osteon.templating import Markup, render

if TYPE_CHECKING:
    from matplotlib.figure import Figure

DISCLAIMER = "Research and education tool, not medical advice."
"""The statement every report shows at the top."""

FIGURE_CAPTIONS = {
    "bmd": "Bone mineral density (BMD) at four DXA sites. The shaded bands are the WHO "
    "categories from the T-score: how many standard deviations the BMD lies below that of "
    "young adults of the same sex (green normal, yellow osteopenia, red osteoporosis).",
    "markers": "Blood and urine markers of bone turnover. CTX rises when more bone is being "
    "broken down, P1NP when more is being built. Left: ratio to the level at the start; "
    "right: the units a laboratory reports. In the model NTX moves exactly with CTX, and "
    "osteocalcin and bone ALP exactly with P1NP, so they are not drawn again (the note "
    "under the figure gives the conversion factors).",
    "hormones": "Hormones that act on bone. Estradiol and testosterone are on logarithmic "
    "axes (each grid step is a multiple). The last panel shows the sex-steroid signal "
    "reaching bone cells: receptor occupancy for estrogen and androgen (fractions, 0-1) and "
    "the combined signal relative to age 30 (above 1 when levels exceed a young adult's, as "
    "on testosterone therapy). Curves that swing from dose to dose are drawn thin, with "
    "their rolling mean on top.",
    "cells": "Bone cells and the signals that steer them, relative to age 30. RANKL "
    "(relative to its decoy receptor OPG) calls up osteoclasts, which remove bone; "
    "osteoblasts rebuild it; the mechanical stimulus is how strongly the remaining bone is "
    "strained by everyday loads.",
}

# --------------------------------------------------------------------------- report data
# The markup is the template report.html.j2 (osteon/report/templates/, autoescaped); the
# functions below compute what it shows, as plain text and numbers.
def _png_data_uri(png: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")


def _describe_subject(trace: SubjectTrace, subject=None) -> tuple[str, str | None]:
    """Who a subject is, in words, and the solver's failure reason (None if it ran)."""
    d = trace.data
    sex = trace.sex
    age0, age1 = first_last(d["age"].values)
    parts = [f"{'Woman' if sex == 'female' else 'Man'} aged {age_text(age0)} at the start, "
             f"followed to age {age_text(age1)} ({age1 - age0:.0f} years)."]
    if sex == "female":
        ma = float(d["menopause_age"].values) if "menopause_age" in d.coords else float("nan")
        kind = getattr(subject, "menopause", "natural") if subject is not None else "natural"
        if np.isfinite(ma):
            when = "before the start" if ma < age0 else ("during follow-up" if ma <= age1
                                                         else "after follow-up")
            what = "Menopause" if kind == "natural" else "Surgical menopause (oophorectomy)"
            parts.append(f"{what} at age {ma:g} ({when}).")
    if "body_mass_kg" in d.coords:
        parts.append(f"Body mass {float(d['body_mass_kg'].values):g} kg.")
    if subject is not None:
        parts.append(f"Walks about {subject.steps_per_day:,.0f} steps a day.")
        if subject.labs:
            labs = describe_labs(subject.labs)  # labels and units: osteon.covariates
            parts.append(f"Measured labs used to scale the hormone curves: {labs}.")
        else:
            parts.append("Hormone levels: the model's typical values for sex and age.")
        if subject.gh_deficient:
            parts.append("Adult growth-hormone deficiency.")
        if subject.t_score is not None:
            parts.append(f"Measured T-score {subject.t_score['value']} at the "
                         f"{SITE_NAMES[subject.t_score['site']]} sets the starting bone mass.")
    failure = None
    if not trace.ok:
        failure = str(d["status_reason"].values) if "status_reason" in d else ""
    return " ".join(parts), failure


def _key_table(subject: xr.Dataset) -> dict:
    """The key-numbers table of one subject: its ages and one row per site."""
    rows = key_numbers(subject)
    return {
        "start": age_text(rows[0]["age_start"]),
        "end": age_text(rows[0]["age_end"]),
        "rows": [{
            "site": plots.SITE_LABELS.get(r["site"], r["site"]),
            "central": r["site"] in CENTRAL_SITES,
            "bmd_start": fmt(r["bmd_start"]),
            "bmd_end": fmt(r["bmd_end"]),
            "change": fmt_pct(r["bmd_change_pct"]),
            "t_start": fmt(r["t_start"], 1),
            "t_end": fmt(r["t_end"], 1),
            "who_start": r["who_start"],
            "who_end": r["who_end"],
        } for r in rows],
    }


def _drivers(subject: xr.Dataset) -> dict:
    """What drove the change in one subject (:func:`~osteon.report.numbers.explain_drivers`)."""
    ex = explain_drivers(subject)
    changes = []
    for c in ex["changes"].values():
        units = subject[c.name].attrs.get("units", "")
        changes.append({"label": c.label, "start": fmt(c.start), "end": fmt(c.end),
                        "units": "" if units == "1" else f" {units}", "pct": fmt_pct(c.pct),
                        "half_age": age_text(c.half_age)})
    return {
        "summary": ex["summary"],
        "order": [c.label for c, _ in ex["drivers"] if c.direction != "hardly changed"],
        "drivers": [text for _, text in ex["drivers"]],
        "mediators": list(ex["mediators"]),
        "changes": changes,
    }


def _evidence(parameters: ParameterSet, result: xr.Dataset) -> dict:
    """The evidence section: grade counts, the parameter table, the interventions."""
    recs = list(parameters.records.values())
    counts: dict[str, int] = {}
    for r in recs:
        counts[r.evidence.value] = counts.get(r.evidence.value, 0) + 1
    used = result.attrs.get("parameter_set_hash")
    mismatch = None
    if used and used != parameters.hash:
        mismatch = {"name": result.attrs.get("parameter_set"), "hash": used}
    proto = _json_attr(result, "protocol_evidence", [])
    return {
        "mismatch": mismatch,
        "name": parameters.name,
        "hash": parameters.hash,
        "n_records": len(recs),
        "counts": sorted(counts.items(), key=lambda kv: -kv[1]),
        "n_extrapolated": sum(r.evidence.extrapolated for r in recs),
        "records": [{
            "name": r.name, "description": r.description, "value": f"{r.value:.4g}",
            "units": "" if r.units == "1" else f" {r.units}", "evidence": r.evidence.value,
            "extrapolated": r.evidence.extrapolated, "calibrated": r.calibrated,
            "source": r.source,
        } for r in recs],
        "interventions": [{
            "intervention": it.get("intervention"), "evidence": it.get("evidence"),
            "extrapolated": bool(it.get("extrapolated")), "citation": it.get("citation"),
        } for it in proto] if proto else [],
    }


def _json_attr(result: xr.Dataset, key: str, default):
    raw = result.attrs.get(key)
    if raw is None:
        return default
    try:
        return json.loads(raw)
    except (TypeError, ValueError):
        return raw


def _provenance(result: xr.Dataset) -> list[tuple[str, object]]:
    """The provenance table's rows."""
    a = result.attrs
    solver = _json_attr(result, "solver", {})
    solver_text = (", ".join(f"{k} = {v}" for k, v in solver.items())
                   if isinstance(solver, dict) else str(solver))
    seed = a.get("seed", -1)
    return [
        ("Osteon version", a.get("osteon_version", "")),
        ("Parameter set", a.get("parameter_set", "")),
        ("Parameter set hash", a.get("parameter_set_hash", "")),
        ("Protocol", a.get("protocol", "")),
        ("Solver", solver_text),
        ("Seed", "none" if seed in (-1, None) else seed),
        ("Hormones frozen at start age", "yes" if a.get("freeze_age") else "no"),
        ("Subjects that failed", a.get("n_failed", 0)),
        ("Simulation wall time", f"{a['wall_time_s']} s" if "wall_time_s" in a else "n/a"),
        ("Report generated", _dt.datetime.now(_dt.UTC).strftime("%Y-%m-%d %H:%M UTC")),
    ]


def build_report(result: xr.Dataset, *, title: str = "Osteon bone simulation",
                 labels: Sequence[str] | None = None, subjects: Sequence | None = None,
                 parameters: ParameterSet | None = None,
                 figures: Mapping[str, Figure | bytes | bytearray] | None = None,
                 extra_sections: Sequence[str] = ()) -> str:
    """Build the self-contained HTML report of a result.

    Parameters
    ----------
    result
        Result dataset (one or several subjects).
    title
        Page title.
    labels
        Subject labels for the legends and headings (default: sex and start age).
    subjects
        The :class:`~osteon.subject.Subject` objects simulated, in order; when
        given, their habitual loading and labs are described too.
    parameters
        The parameter set for the evidence table (default:
        :func:`osteon.default_parameters`).
    figures
        File stem to :class:`~matplotlib.figure.Figure` or PNG bytes; default:
        all of :data:`osteon.report.plots.FIGURES`, drawn now.
    extra_sections
        Ready HTML fragments placed after the figures (e.g. a scenario comparison,
        :func:`osteon.report.scenarios.scenarios_html`), inserted as they are: pass only
        markup built by a template.

    Returns
    -------
    str
        The HTML document (the template ``report.html.j2``).
    """
    traces = subjects_of(result, labels)
    if subjects is not None and len(subjects) != len(traces):
        subjects = None
    parameters = parameters or default_parameters()
    if figures is None:
        figures = plots.all_figures(result, labels=labels)
    people = []
    for i, t in enumerate(traces):
        description, failure = _describe_subject(t, subjects[i] if subjects is not None
                                                 else None)
        people.append({"label": t.label, "color": t.color, "description": description,
                       "failure": failure, "key": _key_table(t.data),
                       "drivers": _drivers(t.data) if t.ok else None})
    figs = []
    for name, fig in figures.items():
        png = fig if isinstance(fig, bytes | bytearray) else plots.png_bytes(fig)
        figs.append({"name": name, "uri": _png_data_uri(bytes(png)),
                     "caption": FIGURE_CAPTIONS.get(name, "")})
    cites = _json_attr(result, "citations", [])
    return render(
        "report.html.j2",
        title=title,
        disclaimer=DISCLAIMER,
        failed=[t.label for t in traces if not t.ok],
        people=people,
        protocol=result.attrs.get("protocol", ""),
        figures=figs,
        extra_sections=[Markup(s) for s in extra_sections],
        evidence=_evidence(parameters, result),
        provenance=_provenance(result),
        citations=cites if isinstance(cites, list) else [],
        footer=result.attrs.get("disclaimer", DISCLAIMER),
    )


def write_report(result: xr.Dataset, path: str | Path, **kwargs) -> Path:
    """Write the HTML report of a result to ``path``.

    Parameters
    ----------
    result
        Result dataset (one or several subjects).
    path
        The HTML file to write (its folder is created).
    **kwargs
        Passed to :func:`build_report`.

    Returns
    -------
    pathlib.Path
        The path written.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(build_report(result, **kwargs), encoding="utf-8")
    return path
