"""Figures of a simulation result: BMD, turnover markers, hormones, cells.

Every function only reads a result dataset (as returned by
:meth:`osteon.Simulation.run` or :func:`osteon.simulate`) and returns a
:class:`matplotlib.figure.Figure`; pass ``path`` to also save it as PNG.
A dataset with a ``subject`` dimension is drawn with all its subjects
overlaid (one colour each, shared legend); a dataset without one (from
:func:`osteon.simulate` or ``result.isel(subject=0)``) is one subject.

The figures are drawn on the Agg canvas without :mod:`matplotlib.pyplot`,
so no display is needed and no global figure state is kept.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import xarray as xr
from matplotlib.artist import Artist
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import FixedLocator, FuncFormatter, NullFormatter

from osteon.outputs.reference import SITES, reference_bmd
from osteon.report.traces import (
    FORMATION_MARKERS,
    MARKER_LABELS,
    RESORPTION_MARKERS,
    SubjectTrace,
    distinct_markers,
    has_dosing_ripple,
    relative_to_start,
    ripple_window_years,
    rolling_mean,
    subjects_of,
)

LineStyle = str | tuple[int, tuple[int, ...]]

SITE_LABELS = {
    "lumbar_spine": "Lumbar spine (L1-L4)",
    "femoral_neck": "Femoral neck",
    "total_hip": "Total hip",
    "total_body": "Total body",
}
"""Readable names of the DXA sites."""

BAND_COLORS = {"normal": "#e8f5e9", "osteopenia": "#fff8e1", "osteoporosis": "#ffebee"}
"""Fill colours of the WHO T-score bands."""

T_OSTEOPENIA = -1.0
T_OSTEOPOROSIS = -2.5

DPI = 110


def _new_figure(width: float, height: float) -> Figure:
    # A fixed layout (margins in inches, below) renders twice as fast as the
    # constrained layout engine, which keeps the demo within a few seconds.
    fig = Figure(figsize=(width, height), dpi=DPI)
    FigureCanvasAgg(fig)
    return fig


def _grid(fig: Figure, nrow: int, ncol: int, *, left: float = 0.8, right: float = 0.25,
          top: float = 0.75, bottom: float = 1.05, hspace: float = 0.45, wspace: float = 0.28):
    """A grid spec with margins given in inches (room for title and legend)."""
    w, h = fig.get_size_inches()
    return fig.add_gridspec(nrow, ncol, left=left / w, right=1 - right / w, top=1 - top / h,
                            bottom=bottom / h, hspace=hspace, wspace=wspace)


def save_png(fig: Figure, path: str | Path) -> Path:
    """Save a figure as PNG (creating the folder) and return the path.

    Parameters
    ----------
    fig
        The figure.
    path
        Where to write it.

    Returns
    -------
    pathlib.Path
        The path written.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, format="png", dpi=DPI, facecolor="white")
    return path


def png_bytes(fig: Figure) -> bytes:
    """The figure encoded as PNG.

    Parameters
    ----------
    fig
        The figure.

    Returns
    -------
    bytes
        PNG file contents.
    """
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=DPI, facecolor="white")
    return buf.getvalue()


def _finish(fig: Figure, traces: list[SubjectTrace], path, extra_handles=(),
            ncol: int = 4) -> Figure:
    handles = [Line2D([], [], color=t.color, lw=2.2, label=t.label) for t in traces]
    failed = [t.label for t in traces if not t.ok]
    handles += list(extra_handles)
    fig.legend(handles=handles, loc="lower center", bbox_to_anchor=(0.5, 0.01),
               ncol=min(len(handles), ncol), frameon=False, fontsize=9)
    if failed:
        fig.text(0.01, 0.99, "not shown (solver failed): " + ", ".join(failed), va="top",
                 fontsize=8, color="#b71c1c")
    if path is not None:
        save_png(fig, path)
    return fig


def _title(ax, text: str, size: int = 11) -> None:
    # A fixed title position skips matplotlib's automatic title placement,
    # which measures every tick label and dominates the drawing time.
    ax.set_title(text, fontsize=size, y=1.0, pad=6)


def _age_axis(ax, traces: list[SubjectTrace], label: bool = True) -> None:
    ages = np.concatenate([t.age for t in traces])
    ages = ages[np.isfinite(ages)]
    if ages.size:
        lo, hi = float(ages.min()), float(ages.max())
        pad = 0.01 * max(hi - lo, 1.0)
        ax.set_xlim(lo - pad, hi + pad)
    if label:
        ax.set_xlabel("age (years)")
    ax.grid(True, color="#dddddd", lw=0.6)
    ax.set_axisbelow(True)


def _menopause_marks(ax, traces: list[SubjectTrace]) -> bool:
    drawn = False
    for t in traces:
        if t.sex != "female" or "menopause_age" not in t.data.coords:
            continue
        ma = float(t.data["menopause_age"].values)
        age = t.age
        if np.isfinite(ma) and age.size and age.min() <= ma <= age.max():
            ax.axvline(ma, color=t.color, ls=":", lw=1.1, alpha=0.8)
            drawn = True
    return drawn


def _finite(arrays) -> np.ndarray:
    if not arrays:
        return np.array([])
    v = np.concatenate([np.ravel(np.asarray(a, dtype=float)) for a in arrays])
    return v[np.isfinite(v)]


def _zero_based(ax, arrays, floor_top: float = 1.0) -> None:
    """Y axis from 0 to a little above the largest value (and at least ``floor_top``)."""
    v = _finite(arrays)
    top = max(float(v.max()) if v.size else 0.0, 0.0)
    ax.set_ylim(0.0, 1.08 * top if top > 0 else floor_top)


def _around_one(ax, arrays, half_span: float = 0.1) -> None:
    """Y axis for ratios: at least 1 -/+ ``half_span``, so that tiny changes look tiny."""
    v = _finite(arrays)
    lo = min(float(v.min()) if v.size else 1.0, 1.0 - half_span)
    hi = max(float(v.max()) if v.size else 1.0, 1.0 + half_span)
    pad = 0.05 * (hi - lo)
    ax.set_ylim(lo - pad, hi + pad)


_LOG_TICKS = np.array([1, 2, 5], dtype=float)[None, :] * 10.0 ** np.arange(-2, 5)[:, None]


def _log_axis(ax, arrays) -> None:
    """Logarithmic y axis labelled with plain numbers (1, 2, 5, 10, 20, ...)."""
    ax.set_yscale("log")
    v = _finite(arrays)
    v = v[v > 0]
    if not v.size:
        return
    lo, hi = float(v.min()) / 1.25, float(v.max()) * 1.25
    ticks = np.sort(_LOG_TICKS.ravel())
    ticks = ticks[(ticks >= lo) & (ticks <= hi)]
    ax.set_ylim(lo, hi)
    if ticks.size >= 2:
        ax.yaxis.set_major_locator(FixedLocator(ticks.tolist()))
        ax.yaxis.set_major_formatter(FuncFormatter(lambda x, _: f"{x:g}"))
        ax.yaxis.set_minor_formatter(NullFormatter())


def _bands(sex: str, site: str) -> tuple[float, float]:
    mean, sd = reference_bmd(sex, site)
    return mean + T_OSTEOPENIA * sd, mean + T_OSTEOPOROSIS * sd


def _window_text(window_years: float) -> str:
    months = window_years * 12.0
    return f"{months:.0f}-month" if months >= 2 else f"{window_years * 365.25:.0f}-day"


def _plot_series(ax, trace: SubjectTrace, y, *, ls: LineStyle = "-", lw: float | None = None,
                 gid: str | None = None, ripple: set | None = None) -> None:
    """Draw one subject's curve; a rippling one as a faint raw curve plus its rolling mean.

    Dose-to-dose ripple drawn as a thick line fills an area that reads as an
    uncertainty band; it is drawn thin and faint instead, with the rolling mean
    on top (the window is added to ``ripple`` for the legend).
    """
    x = trace.age
    y = np.asarray(y, dtype=float)
    lw = trace.lw if lw is None else lw
    if has_dosing_ripple(x, y):
        window = ripple_window_years(x)
        ax.plot(x, y, color=trace.color, ls="-", lw=0.6, alpha=0.45,
                gid=None if gid is None else f"raw:{gid}")
        ax.plot(x, rolling_mean(x, y, window), color=trace.color, ls=ls, lw=lw,
                gid=None if gid is None else f"rolling-mean:{gid}")
        if ripple is not None:
            ripple.add((round(window, 6), round(float(np.median(np.diff(x))) * 365.25, 1)))
        return
    ax.plot(x, y, color=trace.color, ls=ls, lw=lw, gid=gid)


def _ripple_handles(ripple: set) -> list:
    if not ripple:
        return []
    windows = " / ".join(sorted({_window_text(w) for w, _ in ripple}))
    steps = " / ".join(f"{d:g}" for d in sorted({d for _, d in ripple}))
    return [Line2D([], [], color="#424242", lw=0.6, alpha=0.45,
                   label=f"thin: as simulated, output every {steps} d (dose-to-dose ripple)"),
            Line2D([], [], color="#424242", lw=2.2,
                   label=f"thick: rolling mean ({windows} window)")]


def plot_bmd(result: xr.Dataset, *, sites: Sequence[str] = SITES,
             labels: Sequence[str] | None = None, path: str | Path | None = None) -> Figure:
    """Areal BMD per DXA site against age, on WHO T-score bands.

    The bands are the young-adult reference mean plus T times its SD
    (:func:`osteon.outputs.reference.reference_bmd`) for the sex of the
    first subject: green normal (T > -1), yellow osteopenia, red
    osteoporosis (T <= -2.5). Subjects of the other sex get their own
    T = -1 and T = -2.5 thresholds as dashed lines in their colour.

    Parameters
    ----------
    result
        Result dataset (one or several subjects).
    sites
        Sites to draw, one panel each.
    labels
        Legend labels, one per subject.
    path
        If given, also save the figure there as PNG.

    Returns
    -------
    matplotlib.figure.Figure
        The figure.
    """
    traces = subjects_of(result, labels)
    sites = list(sites)
    ncol = 2 if len(sites) > 1 else 1
    nrow = int(np.ceil(len(sites) / ncol))
    fig = _new_figure(5.6 * ncol, 3.4 * nrow + 1.6)
    axes = np.atleast_1d(_grid(fig, nrow, ncol).subplots(squeeze=False)).ravel()
    band_sex = traces[0].sex
    other_sexes = sorted({t.sex for t in traces} - {band_sex})
    menopause = False
    ripple: set = set()
    for ax, site in zip(axes, sites, strict=False):
        values = [t.data["bmd"].sel(site=site).values for t in traces if t.ok]
        finite = np.concatenate([np.ravel(v) for v in values]) if values else np.array([])
        finite = finite[np.isfinite(finite)]
        t1, t25 = _bands(band_sex, site)
        lines = [t1, t25]
        for sx in other_sexes:
            lines += list(_bands(sx, site))
        lo = min([*finite.tolist(), *lines]) if finite.size else t25
        hi = max([*finite.tolist(), *lines]) if finite.size else t1
        span = max(hi - lo, 0.05)
        ymin, ymax = lo - 0.12 * span, hi + 0.12 * span
        ax.axhspan(t1, max(ymax, t1), color=BAND_COLORS["normal"], zorder=0)
        ax.axhspan(t25, t1, color=BAND_COLORS["osteopenia"], zorder=0)
        ax.axhspan(min(ymin, t25), t25, color=BAND_COLORS["osteoporosis"], zorder=0)
        for y in (t1, t25):
            ax.axhline(y, color="#9e9e9e", lw=0.7, zorder=1)
        for sx in other_sexes:
            color = next(t.color for t in traces if t.sex == sx)
            for y in _bands(sx, site):
                ax.axhline(y, color=color, ls="--", lw=0.9, alpha=0.7, zorder=1)
        for t in traces:
            if t.ok:
                _plot_series(ax, t, t.data["bmd"].sel(site=site).values,
                             gid=f"bmd:{site}:{t.index}", ripple=ripple)
        menopause |= _menopause_marks(ax, traces)
        ax.set_ylim(ymin, ymax)
        _title(ax, SITE_LABELS.get(site, site), 11)
        ax.set_ylabel("BMD (g/cm²)")
        _age_axis(ax, traces)
    for ax in axes[len(sites):]:
        ax.set_visible(False)
    who = {"female": "women's", "male": "men's"}
    fig.suptitle("Bone mineral density (DXA) by age", fontsize=13)
    extra: list[Artist] = [
        Patch(color=BAND_COLORS[k], label=f"{k} ({who.get(band_sex, band_sex)} reference)")
        for k in ("normal", "osteopenia", "osteoporosis")]
    for sx in other_sexes:
        color = next(t.color for t in traces if t.sex == sx)
        extra.append(Line2D([], [], color=color, ls="--", lw=0.9,
                            label=f"T = -1 and -2.5 ({who.get(sx, sx)} reference)"))
    if menopause:
        extra.append(Line2D([], [], color="#616161", ls=":", lw=1.1, label="menopause"))
    return _finish(fig, traces, path, extra + _ripple_handles(ripple))


def _duplicate_note(traces: Sequence[SubjectTrace], same: dict[str, str]) -> str:
    """One sentence per drawn marker that others duplicate, with the conversion factor."""
    ok = [t for t in traces if t.ok]
    if not same or not ok:
        return ""
    data = ok[0].data

    def short(name: str) -> str:
        return f"{MARKER_LABELS.get(name, name).split(' (')[0]} " \
               f"({data[name].attrs.get('units', '')})"

    parts = []
    for name, twin in same.items():
        a = np.ravel(data[name].values)
        b = np.ravel(data[twin].values)
        i = int(np.flatnonzero(np.isfinite(a) & np.isfinite(b) & (b != 0))[0])
        parts.append(f"{short(name)} = {a[i] / b[i]:.3g} x {short(twin)}")
    return ("Not drawn: in the model these markers are fixed multiples of a drawn one "
            "(each is read from the same resorption or formation rate), so they add no "
            f"information. Conversion ({ok[0].label}): " + "; ".join(parts) + ".")


def plot_markers(result: xr.Dataset, *, labels: Sequence[str] | None = None,
                 path: str | Path | None = None) -> Figure:
    """Bone turnover markers: one per process, relative to the start and in lab units.

    The left panel shows resorption (CTX) and formation (P1NP) as a ratio to
    their level at the start of follow-up, so an uncoupling of the two shows;
    the other panels show each drawn marker in the units a lab reports. A
    marker that is a constant multiple of a drawn one in every subject (in the
    model NTX follows CTX, osteocalcin and bone ALP follow P1NP) is not drawn
    again; a note under the figure names it and gives the conversion factor.

    Parameters
    ----------
    result
        Result dataset (one or several subjects).
    labels
        Legend labels, one per subject.
    path
        If given, also save the figure there as PNG.

    Returns
    -------
    matplotlib.figure.Figure
        The figure.
    """
    traces = subjects_of(result, labels)
    resorption, same_r = distinct_markers(traces, RESORPTION_MARKERS)
    formation, same_f = distinct_markers(traces, FORMATION_MARKERS)
    drawn = resorption + formation
    note = _duplicate_note(traces, {**same_r, **same_f})
    # matplotlib line styles: a name or (offset, (on, off, ...)) dashes
    dashes: tuple[LineStyle, ...] = ("-", "-.", (0, (1, 1)))
    styles: dict[str, LineStyle] = dict(zip(resorption, dashes, strict=False))
    styles.update(zip(formation, ("--", ":", (0, (3, 1, 1, 1))), strict=False))
    fig = _new_figure(5.0 + 3.4 * len(drawn), 5.4)
    width = fig.get_size_inches()[0]
    grid = _grid(fig, 1, 1 + len(drawn), bottom=1.5, wspace=0.5)
    ripple: set = set()
    ax = fig.add_subplot(grid[0, 0])
    ax.axhline(1.0, color="#9e9e9e", lw=0.8)
    rel = []
    for t in traces:
        if not t.ok:
            continue
        for name in drawn:
            rel.append(relative_to_start(t.data[name].values))
            _plot_series(ax, t, rel[-1], ls=styles[name], lw=t.lw - 0.4,
                         gid=f"marker:{name}:{t.index}", ripple=ripple)
    _around_one(ax, rel)
    _menopause_marks(ax, traces)
    _title(ax, "Resorption and formation", 11)
    ax.set_ylabel("ratio to the level at the start")
    _age_axis(ax, traces)
    kind = {n: "resorption" for n in resorption} | {n: "formation" for n in formation}
    ax.legend(handles=[Line2D([], [], color="#424242", ls=styles[n],
                              label=f"{MARKER_LABELS.get(n, n)}: {kind[n]}") for n in drawn],
              fontsize=8, loc="best", frameon=True)
    for k, name in enumerate(drawn):
        ax = fig.add_subplot(grid[0, k + 1])
        units = traces[0].data[name].attrs.get("units", "")
        for t in traces:
            if t.ok:
                _plot_series(ax, t, t.data[name].values, lw=t.lw - 0.4,
                             gid=f"marker-units:{name}:{t.index}", ripple=ripple)
        _title(ax, f"{MARKER_LABELS.get(name, name)}, {kind[name]}", 10)
        ax.set_ylabel(units, fontsize=8 if len(units) > 12 else 10)
        _zero_based(ax, [t.data[name].values for t in traces if t.ok])
        _age_axis(ax, traces)
    if note:
        import textwrap

        fig.text(0.01, 0.6 / fig.get_size_inches()[1], textwrap.fill(note, int(width * 15)),
                 fontsize=8, color="#424242", va="bottom", gid="duplicate-markers-note")
    fig.suptitle("Bone turnover markers (model, whole skeleton)", fontsize=13)
    return _finish(fig, traces, path, _ripple_handles(ripple))


SEX_SIGNALS = (
    ("estrogen_signal", "-", "estrogen receptor occupancy (fraction, 0-1)"),
    ("androgen_signal", "--", "androgen receptor occupancy (fraction, 0-1)"),
    ("sex_steroid_signal", ":", "combined sex-steroid signal (1 = level at age 30)"),
)
"""The receptor signals of the hormone figure: variable, line style, legend label."""


def plot_hormones(result: xr.Dataset, *, labels: Sequence[str] | None = None,
                  path: str | Path | None = None) -> Figure:
    """Estradiol, testosterone, IGF-1 and the receptor signals bone sees.

    Estradiol and testosterone span two orders of magnitude between women
    and men (and across menopause), so they are drawn on logarithmic axes;
    IGF-1 and the dimensionless receptor signals on linear ones.

    Parameters
    ----------
    result
        Result dataset (one or several subjects).
    labels
        Legend labels, one per subject.
    path
        If given, also save the figure there as PNG.

    Returns
    -------
    matplotlib.figure.Figure
        The figure.
    """
    traces = subjects_of(result, labels)
    fig = _new_figure(11.5, 8.6)
    axes = _grid(fig, 2, 2, bottom=1.4, wspace=0.22).subplots().ravel()
    panels = [("estradiol", "Estradiol", True), ("testosterone", "Testosterone", True),
              ("igf1", "IGF-1", False)]
    ripple: set = set()
    for ax, (name, title, log) in zip(axes, panels, strict=False):
        units = traces[0].data[name].attrs.get("units", "")
        for t in traces:
            if t.ok:
                _plot_series(ax, t, t.data[name].values, gid=f"{name}:{t.index}", ripple=ripple)
        if log:
            _log_axis(ax, [t.data[name].values for t in traces if t.ok])
        else:
            _zero_based(ax, [t.data[name].values for t in traces if t.ok])
        _menopause_marks(ax, traces)
        _title(ax, f"{title} (serum)" + (", log scale" if log else ""), 11)
        ax.set_ylabel(units)
        _age_axis(ax, traces)
    ax = axes[3]
    present = [s for s in SEX_SIGNALS if s[0] in traces[0].data]
    for t in traces:
        if t.ok:
            for name, ls, _ in present:
                _plot_series(ax, t, t.data[name].values, ls=ls, lw=t.lw - 0.4,
                             gid=f"{name}:{t.index}", ripple=ripple)
    # The combined signal is relative to its level at peak bone mass and exceeds 1
    # when sex steroids are above young-adult levels (testosterone therapy), so the
    # axis is taken from the data instead of a fixed 0-1.
    top = _finite([t.data[name].values for t in traces if t.ok for name, _, _ in present])
    ax.set_ylim(0.0, max(1.05, 1.08 * float(top.max())) if top.size else 1.05)
    ax.axhline(1.0, color="#9e9e9e", lw=0.8)
    _title(ax, "Sex-steroid signals reaching bone", 11)
    ax.set_ylabel("dimensionless (see legend)")
    _age_axis(ax, traces)
    # The line styles go into the figure legend: inside the panel they hide curves.
    styles = [Line2D([], [], color="#424242", ls=ls, lw=1.4, label=f"sex-steroid panel: {lab}")
              for _, ls, lab in present]
    fig.suptitle("Hormones", fontsize=13)
    return _finish(fig, traces, path, styles + _ripple_handles(ripple), ncol=2)


CELL_LABELS = {
    "osteoclasts": "Osteoclasts (resorb bone)",
    "osteoblast_precursors": "Osteoblast precursors",
    "osteoblasts": "Osteoblasts (form bone)",
    "osteocytes": "Osteocytes (sense load)",
}
"""Readable names of the cell populations."""


def plot_cells(result: xr.Dataset, *, site: str = "lumbar_spine",
               labels: Sequence[str] | None = None,
               path: str | Path | None = None) -> Figure:
    """Bone cells, the RANKL/OPG ratio and the mechanical stimulus at one site.

    All quantities are relative to their level at peak bone mass (age 30),
    so 1 means "as in a young adult".

    Parameters
    ----------
    result
        Result dataset (one or several subjects).
    site
        The DXA site whose bone compartment is shown.
    labels
        Legend labels, one per subject.
    path
        If given, also save the figure there as PNG.

    Returns
    -------
    matplotlib.figure.Figure
        The figure.
    """
    traces = subjects_of(result, labels)
    fig = _new_figure(14.0, 8.0)
    axes = _grid(fig, 2, 3, bottom=0.8).subplots().ravel()
    panels = [(name, CELL_LABELS[name]) for name in CELL_LABELS if name in traces[0].data]
    panels += [("rankl_opg_ratio", "RANKL/OPG ratio (drives resorption)"),
               ("mechanical_stimulus", "Mechanical stimulus (strain per bone)")]
    ripple: set = set()
    for ax, (name, title) in zip(axes, panels, strict=False):
        for t in traces:
            if t.ok:
                _plot_series(ax, t, t.data[name].sel(site=site).values,
                             gid=f"{name}:{t.index}", ripple=ripple)
        ax.axhline(1.0, color="#9e9e9e", lw=0.8)
        _zero_based(ax, [t.data[name].sel(site=site).values for t in traces if t.ok])
        _menopause_marks(ax, traces)
        _title(ax, title, 11)
        ax.set_ylabel("relative to age 30")
        _age_axis(ax, traces)
    for ax in axes[len(panels):]:
        ax.set_visible(False)
    fig.suptitle(f"Cells and signals in bone: {SITE_LABELS.get(site, site)}", fontsize=13)
    return _finish(fig, traces, path, _ripple_handles(ripple))


FIGURES = {
    "bmd": plot_bmd,
    "markers": plot_markers,
    "hormones": plot_hormones,
    "cells": plot_cells,
}
"""The standard figures, by file stem."""


def all_figures(result: xr.Dataset, *, labels: Sequence[str] | None = None,
                names: Sequence[str] = tuple(FIGURES)) -> dict[str, Figure]:
    """Draw the standard figures.

    Parameters
    ----------
    result
        Result dataset (one or several subjects).
    labels
        Legend labels, one per subject.
    names
        Which of :data:`FIGURES` to draw.

    Returns
    -------
    dict
        File stem to figure.
    """
    return {name: FIGURES[name](result, labels=labels) for name in names}
