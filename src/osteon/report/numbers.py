"""The numbers of a report, computed from the result: key BMD numbers per site and which
signals moved most (:func:`explain_drivers`), with the formatting shared by the report's text.

:mod:`osteon.report.html` lays them out; nothing here writes HTML.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import xarray as xr

from osteon.outputs.reference import who_category

CENTRAL_SITES = ("lumbar_spine", "femoral_neck", "total_hip")
"""The sites the WHO categories are defined for (spine and hip)."""


def first_last(values) -> tuple[float, float]:
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


def fmt(x: float, digits: int = 3) -> str:
    return "n/a" if x is None or not np.isfinite(x) else f"{x:.{digits}f}"


def fmt_pct(x: float, digits: int = 1) -> str:
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
    age0, age1 = first_last(subject["age"].values)
    rows = []
    for site in subject["site"].values.tolist():
        b0, b1 = first_last(subject["bmd"].sel(site=site).values)
        t0, t1 = first_last(subject["t_score"].sel(site=site).values)
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


def age_text(x: float) -> str:
    return f"{x:.0f}" if np.isfinite(x) else "n/a"


def _signal_sentence(c: SignalChange, digits: int = 2, where: str = "") -> str:
    subject = (c.label if c.label[:1].isupper() else f"The {c.label}") + where
    if c.direction == "hardly changed":
        return f"{subject} hardly changed ({fmt(c.start, digits)} to {fmt(c.end, digits)})."
    text = (f"{subject} {c.direction} from {fmt(c.start, digits)} to "
            f"{fmt(c.end, digits)} ({fmt_pct(c.pct, 0)})")
    if np.isfinite(c.half_age):
        text += f"; half of that change had happened by age {age_text(c.half_age)}"
    overshoot = abs(c.peak - c.end) > 0.1 * max(abs(c.end - c.start), 1e-12) and (
        abs(c.peak - c.start) > abs(c.end - c.start))
    if overshoot:
        verb = "peaked" if c.peak > c.start else "bottomed out"
        text += f"; it {verb} at {fmt(c.peak, digits)} at age {age_text(c.peak_age)}"
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
        summary = (f"Over {years:.0f} years (age {age_text(worst['age_start'])} to "
                   f"{age_text(worst['age_end'])}), BMD {verb} most at the "
                   f"{SITE_NAMES.get(worst['site'], worst['site'])}: "
                   f"{fmt_pct(worst['bmd_change_pct'])}.")
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
        text = (f"Turnover markers: resorption (CTX) {fmt_pct(r.pct, 0)}, formation (P1NP) "
                f"{fmt_pct(f.pct, 0)} from start to end.")
        if r.direction == "rose" and f.direction == "rose":
            text += " Bone turnover went up."
        if np.isfinite(r.pct) and np.isfinite(f.pct) and abs(r.pct - f.pct) > 5:
            text += (" Resorption rose more than formation: more bone is removed than rebuilt."
                     if r.pct > f.pct else
                     " Formation rose more than resorption: the balance tilted toward building.")
        mediators.append(text)
    return {"summary": summary, "drivers": drivers, "mediators": mediators, "changes": changes}
