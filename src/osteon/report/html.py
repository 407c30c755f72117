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
import html
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

_CSS = """
body{font-family:-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;margin:0;
 background:#f6f7f9;color:#1f2328;line-height:1.5}
main{max-width:1120px;margin:0 auto;padding:24px 28px 48px;background:#fff}
h1{font-size:1.8em;margin:0.2em 0 0.1em}h2{margin-top:1.8em;border-bottom:2px solid #e3e6ea;
 padding-bottom:4px}h3{margin-bottom:0.3em}
.disclaimer{background:#fff4e5;border:2px solid #e8a33d;border-radius:8px;padding:12px 16px;
 font-size:1.1em;margin:12px 0 18px}
.warning{background:#ffebee;border:1px solid #c62828;border-radius:6px;padding:8px 14px}
.muted{color:#57606a;font-size:0.92em}
table{border-collapse:collapse;margin:8px 0 16px;font-size:0.93em;width:100%}
th,td{border:1px solid #d8dee4;padding:5px 8px;text-align:left;vertical-align:top}
th{background:#f0f3f6}tbody tr:nth-child(even){background:#fafbfc}
td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.cat{display:inline-block;padding:0 7px;border-radius:10px;font-size:0.9em;white-space:nowrap}
.cat-normal{background:#e8f5e9;color:#1b5e20}.cat-osteopenia{background:#fff8e1;color:#8a5a00}
.cat-osteoporosis{background:#ffebee;color:#b71c1c}.cat-unknown{background:#eee}
.flag{display:inline-block;padding:0 6px;border-radius:4px;font-size:0.85em;margin-left:4px}
.flag-extrapolated{background:#fde2e1;color:#9a1b16}.flag-fitted{background:#e7eefc;color:#1d3f8f}
figure{margin:18px 0 26px}figure img{width:100%;height:auto;border:1px solid #e3e6ea}
figcaption{color:#57606a;font-size:0.92em;margin-top:4px}
.swatch{display:inline-block;width:12px;height:12px;border-radius:2px;margin-right:6px;
 vertical-align:-1px}
details summary{cursor:pointer;font-weight:600}
code{background:#f0f3f6;padding:0 4px;border-radius:3px}
ol.cites li{margin-bottom:2px;font-size:0.92em}
"""


# --------------------------------------------------------------------------- html pieces
def _e(x) -> str:
    return html.escape(str(x), quote=True)


def _cat(c: str) -> str:
    return f'<span class="cat cat-{_e(c)}">{_e(c)}</span>'


def _png_data_uri(png: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")


def _describe_subject(trace: SubjectTrace, subject=None) -> str:
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
    text = _e(" ".join(parts))
    if not trace.ok:
        reason = str(d["status_reason"].values) if "status_reason" in d else ""
        text += f" <strong>The solver failed for this subject</strong> ({_e(reason)})."
    return text


def _key_table(subject: xr.Dataset) -> str:
    rows = key_numbers(subject)
    a0, a1 = rows[0]["age_start"], rows[0]["age_end"]
    out = ['<table><thead><tr><th>Site</th>'
           f'<th>BMD at {age_text(a0)}<br><span class="muted">g/cm²</span></th>'
           f'<th>BMD at {age_text(a1)}<br><span class="muted">g/cm²</span></th>'
           '<th>Change</th>'
           f'<th>T-score at {age_text(a0)}</th><th>T-score at {age_text(a1)}</th>'
           f'<th>WHO category at {age_text(a0)} → {age_text(a1)}</th></tr></thead><tbody>']
    for r in rows:
        note = "" if r["site"] in CENTRAL_SITES else " *"
        out.append(
            f"<tr><td>{_e(plots.SITE_LABELS.get(r['site'], r['site']))}{note}</td>"
            f'<td class="num">{fmt(r["bmd_start"])}</td>'
            f'<td class="num">{fmt(r["bmd_end"])}</td>'
            f'<td class="num">{fmt_pct(r["bmd_change_pct"])}</td>'
            f'<td class="num">{fmt(r["t_start"], 1)}</td>'
            f'<td class="num">{fmt(r["t_end"], 1)}</td>'
            f"<td>{_cat(r['who_start'])} → {_cat(r['who_end'])}</td></tr>")
    out.append("</tbody></table>")
    return "".join(out)


def _drivers_html(subject: xr.Dataset) -> str:
    ex = explain_drivers(subject)
    out = [f"<p>{_e(ex['summary'])}</p>"]
    if ex["drivers"]:
        order = [c.label for c, _ in ex["drivers"] if c.direction != "hardly changed"]
        if order:
            out.append("<p><strong>Hormonal inputs, largest change first:</strong> "
                       f"{_e(', then '.join(order))}.</p>")
        out.append("<ol>" + "".join(f"<li>{_e(s)}</li>" for _, s in ex["drivers"]) + "</ol>")
    if ex["mediators"]:
        out.append("<p><strong>What the bone made of it:</strong></p><ul>"
                   + "".join(f"<li>{_e(s)}</li>" for s in ex["mediators"]) + "</ul>")
    ch = ex["changes"]
    if ch:
        out.append('<details><summary>All signals, start and end</summary><table><thead><tr>'
                   "<th>Signal</th><th>Start</th><th>End</th><th>Change</th>"
                   "<th>Half the change by age</th></tr></thead><tbody>")
        for c in ch.values():
            units = subject[c.name].attrs.get("units", "")
            units = "" if units == "1" else f" {units}"
            out.append(f"<tr><td>{_e(c.label)}</td><td class='num'>{fmt(c.start)}{_e(units)}</td>"
                       f"<td class='num'>{fmt(c.end)}{_e(units)}</td>"
                       f"<td class='num'>{fmt_pct(c.pct)}</td>"
                       f"<td class='num'>{age_text(c.half_age)}</td></tr>")
        out.append("</tbody></table></details>")
    out.append('<p class="muted">Ranking by size of change (0-1 receptor signals on their own '
               "scale, IGF-1 as a fraction of its start level) is a rule of thumb, not a "
               "sensitivity analysis. Per-site signals are averaged over the four sites.</p>")
    return "".join(out)


def _evidence_html(parameters: ParameterSet, result: xr.Dataset) -> str:
    recs = list(parameters.records.values())
    counts: dict[str, int] = {}
    for r in recs:
        counts[r.evidence.value] = counts.get(r.evidence.value, 0) + 1
    n_ex = sum(r.evidence.extrapolated for r in recs)
    out = []
    used = result.attrs.get("parameter_set_hash")
    if used and used != parameters.hash:
        out.append(f'<p class="warning">The result was computed with parameter set '
                   f"{_e(result.attrs.get('parameter_set'))} (hash {_e(used)}); the table "
                   f"below lists {_e(parameters.name)} (hash {_e(parameters.hash)}).</p>")
    out.append(
        f"<p>Every number the model uses has a source and an evidence grade. "
        f"{len(recs)} parameters: "
        + ", ".join(f"{n} {_e(k)}" for k, n in sorted(counts.items(), key=lambda kv: -kv[1]))
        + f". <strong>{n_ex}</strong> rest on animal, in-vitro data or assumptions: they are "
        'flagged <span class="flag flag-extrapolated">extrapolated</span> (no human data '
        'behind them). <span class="flag flag-fitted">calibrated</span> marks values fitted '
        "to human data within their plausible range.</p>")
    out.append("<details open><summary>Parameter table</summary><table><thead><tr>"
               "<th>Parameter</th><th>Value</th><th>Evidence</th><th>Source</th></tr>"
               "</thead><tbody>")
    for r in recs:
        flags = ""
        if r.evidence.extrapolated:
            flags += '<span class="flag flag-extrapolated">extrapolated</span>'
        if r.calibrated:
            flags += '<span class="flag flag-fitted">calibrated</span>'
        units = "" if r.units == "1" else f" {r.units}"
        out.append(f"<tr><td><code>{_e(r.name)}</code><br><span class='muted'>"
                   f"{_e(r.description)}</span></td>"
                   f"<td class='num'>{r.value:.4g}{_e(units)}</td>"
                   f"<td>{_e(r.evidence.value)}{flags}</td><td>{_e(r.source)}</td></tr>")
    out.append("</tbody></table></details>")
    proto = _json_attr(result, "protocol_evidence", [])
    if proto:
        out.append("<h3>Interventions</h3><table><thead><tr><th>Intervention</th><th>Evidence"
                   "</th><th>Source</th></tr></thead><tbody>")
        for it in proto:
            flag = ('<span class="flag flag-extrapolated">extrapolated</span>'
                    if it.get("extrapolated") else "")
            out.append(f"<tr><td>{_e(it.get('intervention'))}</td>"
                       f"<td>{_e(it.get('evidence'))}{flag}</td>"
                       f"<td>{_e(it.get('citation'))}</td></tr>")
        out.append("</tbody></table>")
    return "".join(out)


def _json_attr(result: xr.Dataset, key: str, default):
    raw = result.attrs.get(key)
    if raw is None:
        return default
    try:
        return json.loads(raw)
    except (TypeError, ValueError):
        return raw


def _provenance_html(result: xr.Dataset) -> str:
    a = result.attrs
    solver = _json_attr(result, "solver", {})
    solver_text = (", ".join(f"{k} = {v}" for k, v in solver.items())
                   if isinstance(solver, dict) else str(solver))
    seed = a.get("seed", -1)
    rows = [
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
    out = ["<table><tbody>"]
    out += [f"<tr><th>{_e(k)}</th><td>{_e(v)}</td></tr>" for k, v in rows]
    out.append("</tbody></table>")
    cites = _json_attr(result, "citations", [])
    if isinstance(cites, list) and cites:
        out.append(f"<details><summary>Citations ({len(cites)})</summary><ol class='cites'>")
        out += [f"<li>{_e(c)}</li>" for c in cites]
        out.append("</ol></details>")
    return "".join(out)


_GLOSSARY = """
<h2>How to read this report</h2>
<ul>
<li><strong>BMD</strong> (bone mineral density, g/cm²) is what a DXA scan measures: how much
mineral there is per area of bone seen in the X-ray.</li>
<li><strong>T-score</strong>: how many standard deviations the BMD lies above (+) or below (−)
the average of healthy young adults of the same sex. The WHO calls a lowest T-score of spine or
hip above −1 <em>normal</em>, between −1 and −2.5 <em>osteopenia</em> (low bone mass) and −2.5 or
below <em>osteoporosis</em>.</li>
<li><strong>Turnover markers</strong> are blood and urine tests that rise when more bone is
being broken down (resorption) or built (formation).</li>
<li>The numbers come from a <strong>mathematical model</strong> of typical physiology. A real
person can differ a lot; the model is still being calibrated against clinical studies.</li>
</ul>
"""


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
        Ready HTML fragments placed after the figures (e.g. a scenario comparison).

    Returns
    -------
    str
        The HTML document.
    """
    traces = subjects_of(result, labels)
    if subjects is not None and len(subjects) != len(traces):
        subjects = None
    parameters = parameters or default_parameters()
    if figures is None:
        figures = plots.all_figures(result, labels=labels)
    body = [f"<h1>{_e(title)}</h1>",
            f'<div class="disclaimer"><strong>{_e(DISCLAIMER)}</strong> These are model '
            "projections for typical people, not predictions for you. Talk to a doctor about "
            "your own bones.</div>"]
    failed = [t.label for t in traces if not t.ok]
    if failed:
        body.append(f'<p class="warning">The solver failed for: {_e(", ".join(failed))}. '
                    "Their results are missing.</p>")
    body.append("<h2>Who was simulated</h2><ul>")
    for i, t in enumerate(traces):
        subj = subjects[i] if subjects is not None else None
        body.append(f'<li><span class="swatch" style="background:{t.color}"></span>'
                    f"<strong>{_e(t.label)}</strong>: {_describe_subject(t, subj)}</li>")
    body.append(f"</ul><p class='muted'>Scenario: {_e(result.attrs.get('protocol', ''))}.</p>")
    body.append("<h2>Key numbers</h2>")
    for t in traces:
        body.append(f"<h3>{_e(t.label)}</h3>")
        body.append(_key_table(t.data))
    body.append('<p class="muted">* The WHO categories are defined for the spine and hip; the '
                "total-body category is shown for completeness. Change is in percent of the "
                "starting BMD.</p>")
    body.append(_GLOSSARY)
    body.append("<h2>Figures</h2>")
    for name, fig in figures.items():
        png = fig if isinstance(fig, bytes | bytearray) else plots.png_bytes(fig)
        cap = FIGURE_CAPTIONS.get(name, "")
        body.append(f'<figure><img alt="{_e(name)} figure" src="{_png_data_uri(bytes(png))}">'
                    f"<figcaption>{_e(cap)}</figcaption></figure>")
    body.extend(extra_sections)
    body.append("<h2>What drives the change</h2>")
    for t in traces:
        body.append(f"<h3>{_e(t.label)}</h3>")
        body.append(_drivers_html(t.data) if t.ok else "<p>No result (solver failed).</p>")
    body.append("<h2>Evidence behind the model</h2>")
    body.append(_evidence_html(parameters, result))
    body.append("<h2>Provenance</h2>")
    body.append(_provenance_html(result))
    body.append(f'<p class="muted">{_e(result.attrs.get("disclaimer", DISCLAIMER))}</p>')
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{_e(title)}</title><style>{_CSS}</style></head><body><main>"
            + "\n".join(body) + "</main></body></html>\n")


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
