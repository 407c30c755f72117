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
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import xarray as xr

from osteon.outputs.reference import who_category
from osteon.parameters import ParameterSet, default_parameters
from osteon.report import plots
from osteon.report.traces import SubjectTrace, subjects_of

if TYPE_CHECKING:
    from matplotlib.figure import Figure

DISCLAIMER = "Research and education tool, not medical advice."
"""The statement every report shows at the top."""

CENTRAL_SITES = ("lumbar_spine", "femoral_neck", "total_hip")

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


# --------------------------------------------------------------------------- numbers
def _first_last(values) -> tuple[float, float]:
    v = np.asarray(values, dtype=float).ravel()
    finite = v[np.isfinite(v)]
    if not finite.size:
        return float("nan"), float("nan")
    return float(finite[0]), float(finite[-1])


def percent_change(start: float, end: float) -> float:
    """Change from ``start`` to ``end`` in percent of ``start``.

    Parameters
    ----------
    start, end
        The two values.

    Returns
    -------
    float
        ``100 * (end - start) / start`` (NaN when ``start`` is 0 or not finite).

    Examples
    --------
    >>> percent_change(2.0, 1.5)
    -25.0
    """
    if not np.isfinite(start) or not np.isfinite(end) or start == 0:
        return float("nan")
    return 100.0 * (end - start) / start


def _fmt(x: float, digits: int = 3) -> str:
    return "n/a" if x is None or not np.isfinite(x) else f"{x:.{digits}f}"


def _fmt_pct(x: float, digits: int = 1) -> str:
    return "n/a" if not np.isfinite(x) else f"{x:+.{digits}f}%"


def key_numbers(subject: xr.Dataset) -> list[dict]:
    """BMD, T-score and WHO category at the start and end of follow-up, per site.

    Parameters
    ----------
    subject
        One subject's result (no ``subject`` dimension).

    Returns
    -------
    list of dict
        One row per site with keys ``site``, ``bmd_start``, ``bmd_end``,
        ``bmd_change_pct``, ``t_start``, ``t_end``, ``who_start``, ``who_end``,
        ``age_start``, ``age_end``.
    """
    age0, age1 = _first_last(subject["age"].values)
    rows = []
    for site in subject["site"].values.tolist():
        b0, b1 = _first_last(subject["bmd"].sel(site=site).values)
        t0, t1 = _first_last(subject["t_score"].sel(site=site).values)
        rows.append({
            "site": site,
            "age_start": age0,
            "age_end": age1,
            "bmd_start": b0,
            "bmd_end": b1,
            "bmd_change_pct": percent_change(b0, b1),
            "t_start": t0,
            "t_end": t1,
            "who_start": str(who_category(t0)),
            "who_end": str(who_category(t1)),
        })
    return rows


@dataclass(frozen=True)
class SignalChange:
    """How one signal moved over follow-up.

    Parameters
    ----------
    name
        Variable name in the result.
    label
        Readable name.
    start, end
        First and last value.
    size
        Size of the change on a common scale: absolute change for the 0-1
        receptor signals, fraction of the start value otherwise.
    half_age
        Age by which half of the net change had happened.
    peak, peak_age
        The most extreme value (away from the start) and when it occurred.
    """

    name: str
    label: str
    start: float
    end: float
    size: float
    half_age: float
    peak: float
    peak_age: float

    @property
    def pct(self) -> float:
        """Net change in percent of the start value."""
        return percent_change(self.start, self.end)

    @property
    def direction(self) -> str:
        """``"rose"``, ``"fell"`` or ``"hardly changed"``."""
        if not np.isfinite(self.size) or abs(self.size) < 0.02:
            return "hardly changed"
        return "rose" if self.end > self.start else "fell"


SIGNALS = {
    # name: (label, whether the signal is on a 0-1 scale)
    "estrogen_signal": ("estrogen signal", True),
    "androgen_signal": ("androgen signal", True),
    "sex_steroid_signal": ("combined sex-steroid signal", True),
    "igf1": ("IGF-1", False),
    "rankl_opg_ratio": ("RANKL/OPG ratio", False),
    "mechanical_stimulus": ("mechanical stimulus", False),
    "ctx": ("resorption marker CTX", False),
    "p1np": ("formation marker P1NP", False),
}
"""Signals summarized in "what drives the change" (label, whether on a 0-1 scale)."""

SITE_NAMES = {
    "lumbar_spine": "lumbar spine",
    "femoral_neck": "femoral neck",
    "total_hip": "total hip",
    "total_body": "total body",
}


def signal_change(subject: xr.Dataset, name: str) -> SignalChange | None:
    """Summarize how one signal of one subject moved over follow-up.

    Per-site signals are averaged over the sites.

    Parameters
    ----------
    subject
        One subject's result (no ``subject`` dimension).
    name
        A key of :data:`SIGNALS`.

    Returns
    -------
    SignalChange or None
        None when the signal is absent or has no finite values.
    """
    if name not in subject:
        return None
    label, unit_scale = SIGNALS.get(name, (name.replace("_", " "), False))
    da = subject[name]
    if "site" in da.dims:
        da = da.mean("site")
    v = np.asarray(da.values, dtype=float)
    age = np.asarray(subject["age"].values, dtype=float)
    ok = np.isfinite(v)
    if not ok.any():
        return None
    v, age = v[ok], age[ok]
    start, end = float(v[0]), float(v[-1])
    if unit_scale:
        size = end - start
    else:
        size = (end - start) / start if start else float("nan")
    net = end - start
    half_age = float("nan")
    if net != 0:
        reached = np.nonzero((v - start) / net >= 0.5)[0]
        if reached.size:
            half_age = float(age[reached[0]])
    k = int(np.argmax(np.abs(v - start)))
    return SignalChange(name, label, start, end, size, half_age, float(v[k]), float(age[k]))


_WHY = {
    "estrogen_signal": (
        "Estrogen holds bone resorption in check: it lowers RANKL, raises OPG and shortens "
        "the life of osteoclasts. A falling estrogen signal lets resorption speed up.",
        "A higher estrogen signal restrains resorption.",
    ),
    "androgen_signal": (
        "Androgens support bone-forming osteoblasts (and in men are the main source of "
        "estrogen); less androgen signal means somewhat less formation.",
        "More androgen signal supports formation.",
    ),
    "igf1": (
        "IGF-1 (made in response to growth hormone) stimulates osteoblasts to build bone; "
        "less IGF-1 means less formation.",
        "More IGF-1 stimulates formation.",
    ),
}


def _age(x: float) -> str:
    return f"{x:.0f}" if np.isfinite(x) else "n/a"


def _signal_sentence(c: SignalChange, digits: int = 2, where: str = "") -> str:
    subject = (c.label if c.label[:1].isupper() else f"The {c.label}") + where
    if c.direction == "hardly changed":
        return f"{subject} hardly changed ({_fmt(c.start, digits)} to {_fmt(c.end, digits)})."
    text = (f"{subject} {c.direction} from {_fmt(c.start, digits)} to "
            f"{_fmt(c.end, digits)} ({_fmt_pct(c.pct, 0)})")
    if np.isfinite(c.half_age):
        text += f"; half of that change had happened by age {_age(c.half_age)}"
    overshoot = abs(c.peak - c.end) > 0.1 * max(abs(c.end - c.start), 1e-12) and (
        abs(c.peak - c.start) > abs(c.end - c.start))
    if overshoot:
        verb = "peaked" if c.peak > c.start else "bottomed out"
        text += f"; it {verb} at {_fmt(c.peak, digits)} at age {_age(c.peak_age)}"
    return text + "."


def explain_drivers(subject: xr.Dataset) -> dict:
    """Derive the "what drives the change" explanation of one subject from its data.

    The hormonal inputs (estrogen signal, androgen signal, IGF-1) are ranked by
    the size of their change: absolute change for the 0-1 receptor signals,
    change as a fraction of the start level for IGF-1. This is a simple
    heuristic, not a sensitivity analysis.

    Parameters
    ----------
    subject
        One subject's result (no ``subject`` dimension).

    Returns
    -------
    dict
        ``summary`` (one sentence on the BMD outcome), ``drivers`` (ranked
        list of ``(SignalChange, sentence)`` for the hormonal inputs),
        ``mediators`` (list of sentences on RANKL/OPG, mechanical stimulus and
        turnover) and ``changes`` (all :class:`SignalChange` by name).
    """
    changes = {n: c for n in SIGNALS if (c := signal_change(subject, n)) is not None}
    rows = key_numbers(subject)
    central = [r for r in rows if r["site"] in CENTRAL_SITES and np.isfinite(r["bmd_change_pct"])]
    summary = "No BMD could be computed (the solver failed)."
    if central:
        if all(r["bmd_change_pct"] >= 0 for r in central):
            worst, verb = max(central, key=lambda r: r["bmd_change_pct"]), "rose"
        else:
            worst, verb = min(central, key=lambda r: r["bmd_change_pct"]), "fell"
        years = worst["age_end"] - worst["age_start"]
        summary = (f"Over {years:.0f} years (age {_age(worst['age_start'])} to "
                   f"{_age(worst['age_end'])}), BMD {verb} most at the "
                   f"{SITE_NAMES.get(worst['site'], worst['site'])}: "
                   f"{_fmt_pct(worst['bmd_change_pct'])}.")
        cat0 = str(subject["who_category"].values[0]) if "who_category" in subject else ""
        cat1 = str(subject["who_category"].values[-1]) if "who_category" in subject else ""
        if cat0 and cat1:
            summary += (f" The WHO category (lowest T-score of spine and hip) went from "
                        f"{cat0} to {cat1}." if cat0 != cat1 else
                        f" The WHO category stayed {cat0}.")
    drivers = []
    for name in ("estrogen_signal", "androgen_signal", "igf1"):
        c = changes.get(name)
        if c is None:
            continue
        why_down, why_up = _WHY[name]
        why = "" if c.direction == "hardly changed" else (why_down if c.end < c.start else why_up)
        drivers.append((c, f"{_signal_sentence(c, 2 if name != 'igf1' else 0)} {why}".strip()))
    drivers.sort(key=lambda item: -abs(item[0].size) if np.isfinite(item[0].size) else 0.0)
    mediators = []
    c = changes.get("rankl_opg_ratio")
    if c is not None:
        why = {"rose": "More RANKL relative to its decoy receptor OPG recruits and activates "
                       "more osteoclasts, so more bone is resorbed.",
               "fell": "Less RANKL relative to OPG means fewer active osteoclasts.",
               }.get(c.direction, "")
        mediators.append(f"{_signal_sentence(c, where=' (mean of the four sites)')} {why}"
                         .strip())
    c = changes.get("mechanical_stimulus")
    if c is not None:
        why = {"rose": "The same everyday loads now act on less bone, so each bit of bone is "
                       "strained more. Bone's mechanostat answers by favouring formation: this "
                       "brakes the loss but does not stop it.",
               "fell": "Less strain on the bone (less loading or more bone) lets the "
                       "mechanostat favour resorption.",
               }.get(c.direction, "")
        mediators.append(f"{_signal_sentence(c, where=' (mean of the four sites)')} {why}"
                         .strip())
    r, f = changes.get("ctx"), changes.get("p1np")
    if r is not None and f is not None:
        text = (f"Turnover markers: resorption (CTX) {_fmt_pct(r.pct, 0)}, formation (P1NP) "
                f"{_fmt_pct(f.pct, 0)} from start to end.")
        if r.direction == "rose" and f.direction == "rose":
            text += " Bone turnover went up."
        if np.isfinite(r.pct) and np.isfinite(f.pct) and abs(r.pct - f.pct) > 5:
            text += (" Resorption rose more than formation: more bone is removed than rebuilt."
                     if r.pct > f.pct else
                     " Formation rose more than resorption: the balance tilted toward building.")
        mediators.append(text)
    return {"summary": summary, "drivers": drivers, "mediators": mediators, "changes": changes}


# --------------------------------------------------------------------------- html pieces
def _e(x) -> str:
    return html.escape(str(x), quote=True)


def _cat(c: str) -> str:
    return f'<span class="cat cat-{_e(c)}">{_e(c)}</span>'


def _png_data_uri(png: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")


_LABS = {
    "testosterone_ng_dl": ("testosterone", "ng/dL"),
    "estradiol_pg_ml": ("estradiol", "pg/mL"),
    "igf1_ng_ml": ("IGF-1", "ng/mL"),
}


def _describe_subject(trace: SubjectTrace, subject=None) -> str:
    d = trace.data
    sex = trace.sex
    age0, age1 = _first_last(d["age"].values)
    parts = [f"{'Woman' if sex == 'female' else 'Man'} aged {_age(age0)} at the start, "
             f"followed to age {_age(age1)} ({age1 - age0:.0f} years)."]
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
            labs = ", ".join(f"{_LABS.get(k, (k, ''))[0]} {v:g} {_LABS.get(k, (k, ''))[1]}"
                             for k, v in subject.labs.items())
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
           f'<th>BMD at {_age(a0)}<br><span class="muted">g/cm²</span></th>'
           f'<th>BMD at {_age(a1)}<br><span class="muted">g/cm²</span></th>'
           '<th>Change</th>'
           f'<th>T-score at {_age(a0)}</th><th>T-score at {_age(a1)}</th>'
           f'<th>WHO category at {_age(a0)} → {_age(a1)}</th></tr></thead><tbody>']
    for r in rows:
        note = "" if r["site"] in CENTRAL_SITES else " *"
        out.append(
            f"<tr><td>{_e(plots.SITE_LABELS.get(r['site'], r['site']))}{note}</td>"
            f'<td class="num">{_fmt(r["bmd_start"])}</td>'
            f'<td class="num">{_fmt(r["bmd_end"])}</td>'
            f'<td class="num">{_fmt_pct(r["bmd_change_pct"])}</td>'
            f'<td class="num">{_fmt(r["t_start"], 1)}</td>'
            f'<td class="num">{_fmt(r["t_end"], 1)}</td>'
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
            out.append(f"<tr><td>{_e(c.label)}</td><td class='num'>{_fmt(c.start)}{_e(units)}</td>"
                       f"<td class='num'>{_fmt(c.end)}{_e(units)}</td>"
                       f"<td class='num'>{_fmt_pct(c.pct)}</td>"
                       f"<td class='num'>{_age(c.half_age)}</td></tr>")
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
