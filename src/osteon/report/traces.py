"""The data side of the figures: one trace per subject, dosing ripple, duplicate markers.

:func:`subjects_of` splits a result into :class:`SubjectTrace` objects;
:func:`has_dosing_ripple` and :func:`rolling_mean` find curves that oscillate from dose to
dose (drawn thin, with their rolling mean on top); :func:`distinct_markers` drops turnover
markers that the model reads from the same rate as another (a constant multiple of it).
:mod:`osteon.report.plots` draws with these.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import xarray as xr

SUBJECT_COLORS = ("#c2185b", "#1565c0", "#2e7d32", "#ef6c00", "#6a1b9a", "#00838f", "#5d4037")
"""One colour per overlaid subject (cycled)."""

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
