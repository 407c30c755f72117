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
from dataclasses import dataclass
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

LineStyle = str | tuple[int, tuple[int, ...]]

SITE_LABELS = {
    "lumbar_spine": "Lumbar spine (L1-L4)",
    "femoral_neck": "Femoral neck",
    "total_hip": "Total hip",
    "total_body": "Total body",
}
"""Readable names of the DXA sites."""

SUBJECT_COLORS = ("#c2185b", "#1565c0", "#2e7d32", "#ef6c00", "#6a1b9a", "#00838f", "#5d4037")
"""One colour per overlaid subject (cycled)."""

BAND_COLORS = {"normal": "#e8f5e9", "osteopenia": "#fff8e1", "osteoporosis": "#ffebee"}
"""Fill colours of the WHO T-score bands."""

T_OSTEOPENIA = -1.0
T_OSTEOPOROSIS = -2.5

DPI = 110


@dataclass(frozen=True)
class SubjectTrace:
    """One subject of a result, ready to plot.

    Parameters
    ----------
    label
        Legend label.
    color
        Line colour.
    sex
        ``"female"`` or ``"male"``.
    data
        The subject's dataset (no ``subject`` dimension).
    index
        Position among the overlaid subjects.
    """

    label: str
    color: str
    sex: str
    data: xr.Dataset
    index: int = 0

    @property
    def age(self) -> np.ndarray:
        """Age (years) at each output time."""
        return np.asarray(self.data["age"].values, dtype=float)

    @property
    def lw(self) -> float:
        """Line width: earlier subjects are drawn wider, so identical curves stay visible."""
        return max(1.4, 2.8 - 0.6 * self.index)

    @property
    def ok(self) -> bool:
        """Whether the solver finished this subject."""
        if "status" not in self.data:
            return True
        return str(self.data["status"].values) == "ok"


def default_label(data: xr.Dataset) -> str:
    """A short legend label from a single subject's coordinates.

    Parameters
    ----------
    data
        One subject's dataset (no ``subject`` dimension).

    Returns
    -------
    str
        For example ``"Woman, 45 at start"``.
    """
    sex = str(data["sex"].values) if "sex" in data.coords else ""
    who = {"female": "Woman", "male": "Man"}.get(sex, "Subject")
    if "age_at_start" in data.coords:
        return f"{who}, {float(data['age_at_start'].values):g} at start"
    if "age" in data.coords:
        return f"{who}, {float(np.ravel(data['age'].values)[0]):g} at start"
    return who


def subjects_of(result: xr.Dataset, labels: Sequence[str] | None = None) -> list[SubjectTrace]:
    """Split a result into one :class:`SubjectTrace` per subject.

    Parameters
    ----------
    result
        A result dataset, with or without the ``subject`` dimension.
    labels
        Legend labels, one per subject (default: sex and start age).

    Returns
    -------
    list of SubjectTrace
        In the order of the ``subject`` dimension.
    """
    if "subject" in result.dims:
        parts = [result.isel(subject=i) for i in range(result.sizes["subject"])]
    else:
        parts = [result]
    if labels is not None and len(labels) != len(parts):
        from osteon.errors import OsteonInputError

        raise OsteonInputError(
            "labels", f"{len(labels)} labels for {len(parts)} subjects", '["Woman", "Man"]'
        )
    traces = []
    for i, part in enumerate(parts):
        label = labels[i] if labels is not None else default_label(part)
        sex = str(part["sex"].values) if "sex" in part.coords else "female"
        traces.append(SubjectTrace(label, SUBJECT_COLORS[i % len(SUBJECT_COLORS)], sex, part, i))
    return traces


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


RIPPLE_MIN_REVERSALS = 6
"""A curve that changes direction at least this often is treated as dosing ripple."""

RIPPLE_MIN_SWING = 0.02
"""... and only if its typical (median) distance from its rolling mean exceeds this fraction
of its level (weekly testosterone injections: about 0.08; a smooth trend: below 0.01)."""

RIPPLE_MIN_WINDOW_DAYS = 91.3
"""Shortest rolling-mean window (days, 3 months): several weekly, fortnightly or monthly
dosing intervals, so the mean does not itself oscillate."""

RIPPLE_MIN_WINDOW_STEPS = 5
"""The window also spans at least this many output steps (so monthly output of weekly
injections, which samples the ripple at arbitrary phases, is averaged too)."""


def rolling_mean(age, values, window_years: float) -> np.ndarray:
    """Centred moving average over a time window (NaNs ignored, shorter at the ends).

    Parameters
    ----------
    age
        Times (years), increasing.
    values
        Values at those times.
    window_years
        Full width of the window (years).

    Returns
    -------
    numpy.ndarray
        The mean of the finite values within half a window of each time (NaN if none).

    Examples
    --------
    >>> rolling_mean([0, 1, 2, 3, 4], [0, 2, 0, 2, 0], 2.0).round(3).tolist()
    [1.0, 0.667, 1.333, 0.667, 1.0]
    """
    x = np.asarray(age, dtype=float)
    v = np.asarray(values, dtype=float)
    ok = np.isfinite(v)
    csum = np.concatenate([[0.0], np.cumsum(np.where(ok, v, 0.0))])
    ccount = np.concatenate([[0], np.cumsum(ok)])
    lo = np.searchsorted(x, x - window_years / 2.0, side="left")
    hi = np.searchsorted(x, x + window_years / 2.0, side="right")
    n = ccount[hi] - ccount[lo]
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(n > 0, (csum[hi] - csum[lo]) / np.maximum(n, 1), np.nan)


def ripple_window_years(age) -> float:
    """Rolling-mean window for a curve sampled at ``age``: the larger of
    :data:`RIPPLE_MIN_WINDOW_DAYS` and :data:`RIPPLE_MIN_WINDOW_STEPS` output steps."""
    x = np.asarray(age, dtype=float)
    step = float(np.median(np.diff(x))) if x.size > 1 else 0.0
    return max(RIPPLE_MIN_WINDOW_DAYS / 365.25, RIPPLE_MIN_WINDOW_STEPS * step)


def has_dosing_ripple(age, values) -> bool:
    """Whether a curve oscillates from dose to dose (repeated injections, cyclic regimens).

    A curve counts as rippling when it changes direction at least
    :data:`RIPPLE_MIN_REVERSALS` times and departs from its rolling mean
    (:func:`ripple_window_years`) typically by more than :data:`RIPPLE_MIN_SWING` of
    its level. Smooth natural-history curves (monotone, or turning a few times) do not,
    nor does the rolling mean of a rippling curve.

    Examples
    --------
    >>> t = np.linspace(50, 51, 366)
    >>> bool(has_dosing_ripple(t, 800 + 100 * np.cos(2 * np.pi * 52 * t)))
    True
    >>> bool(has_dosing_ripple(t, 800 - 10 * (t - 50)))
    False
    """
    x = np.asarray(age, dtype=float)
    v = np.asarray(values, dtype=float)
    ok = np.isfinite(x) & np.isfinite(v)
    x, v = x[ok], v[ok]
    if v.size < 2 * RIPPLE_MIN_REVERSALS:
        return False
    scale = max(float(np.median(np.abs(v))), 1e-12)
    d = np.diff(v)
    d = d[np.abs(d) > 1e-6 * scale]
    reversals = int(np.count_nonzero(np.sign(d[1:]) != np.sign(d[:-1])))
    if reversals < RIPPLE_MIN_REVERSALS:
        return False
    swing = np.nanmedian(np.abs(v - rolling_mean(x, v, ripple_window_years(x)))) / scale
    return bool(swing > RIPPLE_MIN_SWING)


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


MARKER_LABELS = {
    "ctx": "CTX (serum)",
    "ntx": "NTX (urine)",
    "p1np": "P1NP (serum)",
    "osteocalcin": "Osteocalcin (serum)",
    "bsap": "Bone ALP (serum)",
}
"""Readable names of the turnover markers."""

RESORPTION_MARKERS = ("ctx", "ntx")
FORMATION_MARKERS = ("p1np", "osteocalcin", "bsap")


def relative_to_start(values) -> np.ndarray:
    """Values divided by the first finite value (1 = level at the start).

    Parameters
    ----------
    values
        A 1-d sequence.

    Returns
    -------
    numpy.ndarray
        The ratio to the first finite value (all NaN if there is none).

    Examples
    --------
    >>> relative_to_start([2.0, 3.0, 1.0]).tolist()
    [1.0, 1.5, 0.5]
    """
    v = np.asarray(values, dtype=float)
    finite = v[np.isfinite(v)]
    if not finite.size or finite[0] == 0:
        return np.full_like(v, np.nan)
    return v / finite[0]


def proportional(a, b, rtol: float = 1e-6) -> bool:
    """Whether two curves are the same up to a constant factor (NaNs must coincide).

    Examples
    --------
    >>> proportional([1.0, 2.0, 3.0], [10.0, 20.0, 30.0])
    True
    >>> proportional([1.0, 2.0, 3.0], [1.0, 2.0, 3.5])
    False
    """
    ra, rb = relative_to_start(a), relative_to_start(b)
    if ra.shape != rb.shape or not np.array_equal(np.isfinite(ra), np.isfinite(rb)):
        return False
    ok = np.isfinite(ra)
    return bool(ok.any() and np.allclose(ra[ok], rb[ok], rtol=rtol, atol=0.0))


def distinct_markers(traces: Sequence[SubjectTrace],
                     names: Sequence[str]) -> tuple[list[str], dict[str, str]]:
    """Markers worth drawing: drop each that is a constant multiple of an earlier one.

    In the model each resorption marker is read from the same resorption rate,
    and each formation marker from the same formation rate, so several lab
    markers move identically; drawing them all suggests independent evidence.

    Parameters
    ----------
    traces
        The subjects (a marker must be proportional in every finished subject).
    names
        Candidate markers, most familiar first.

    Returns
    -------
    tuple
        The markers to draw, and ``{dropped marker: the drawn marker it duplicates}``.
    """
    ok = [t for t in traces if t.ok]
    kept: list[str] = []
    same: dict[str, str] = {}
    for name in names:
        if any(name not in t.data for t in traces):
            continue
        twin = next((k for k in kept if ok and all(
            proportional(t.data[name].values, t.data[k].values) for t in ok)), None)
        if twin is None:
            kept.append(name)
        else:
            same[name] = twin
    return kept, same


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
