"""Many variants of one person in one stiff solve: scenarios, pathway switches, sensitivities.

A forecast needs the same person simulated many ways at once: under each scenario, with
each pathway switched on or off (attribution), with different individual sensitivities
(uncertainty). Here every variant is one *row* of a single cohort, and three interventions
carry per-row arrays, so the model equations are untouched:

- :class:`Switchboard`: the union of every intervention any row uses, with a per-row mask
  of which are on; rows that share a combination are driven together (so hand-overs between
  interventions, e.g. testosterone -> anastrozole -> gonadorelin, still work), then merged
  into the rows' signals.
- :class:`PathwayClamp`: switches pathways *off* from the start of follow-up by holding
  their signal at its value today (estrogen, androgen, GH/IGF-1, cortisol: the serum level;
  mechanical loading: the habitual load; calcium/PTH/vitamin D: the habitual calcium and
  vitamin D inputs). So "off" means "this pathway does not change from now on".
- :class:`IndividualResponse`: individual estrogen sensitivity, an exponent on the estradiol
  level relative to the person's own level at peak bone mass, and mechanical sensitivity, a
  multiplier of the load's departure from habitual (both do nothing at peak and at habitual
  load, so every row still starts in its exact steady state at 30).

:class:`ForecastModel` is :class:`~osteon.model.BoneModel` whose ``subset`` also subsets
these arrays (the batch engine compacts its cohort as rows finish).
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, fields, replace
from typing import Any

import numpy as np

from osteon.model import BoneModel, Cohort
from osteon.physiology.endocrine.background import PEAK_BONE_AGE
from osteon.protocol import Intervention, Protocol, Signals
from osteon.solver import SolverSettings, integrate
from osteon.units import DAYS_PER_YEAR

PATHWAYS = ("estrogen", "androgen", "gh_igf1", "cortisol", "mechanical", "calcium_pth_vitamin_d")
"""Pathways that :class:`PathwayClamp` can switch off."""
_HORMONE_OF = {"estrogen": ("estradiol",), "androgen": ("testosterone",),
               "gh_igf1": ("gh", "igf1"), "cortisol": ("cortisol",)}
# the drives interventions set (the model's own list, so a new one is merged too)
MERGED_DRIVES = tuple(f.name for f in fields(Signals) if isinstance(f.default, (int, float))
                      and not isinstance(f.default, bool))
"""Every per-subject drive of :class:`~osteon.signals.Signals` an intervention may set (the
fields with a number as default: the pathway drives, ``pth_modeling``, the gut's calcium
absorption, serum magnesium), which a row copies from its own protocol's signals. Derived
from the fields, so a new drive cannot be left out: a fixed list lacked the glucocorticoids'
gut calcium absorption until stop 28, and prednisone rows lost 0.1-0.15 % more spine than a
Simulation."""


def _rows(a, n):
    return np.broadcast_to(np.asarray(a, dtype=float), (n,))


class _PerRow(Intervention):
    """Base: an intervention holding per-row arrays (never stops; phase set by subclass)."""

    def __init__(self):
        object.__setattr__(self, "start_day", 0.0)
        object.__setattr__(self, "stop_day", None)

    def breakpoints(self) -> list[float]:
        return [0.0]

    def subset(self, index) -> _PerRow:  # pragma: no cover - abstract
        raise NotImplementedError


class Switchboard(_PerRow):
    """Interventions with a per-row on/off mask, ``masks`` of shape ``(k, n)``."""

    kind = "switchboard"
    phase = 0
    items: tuple[Intervention, ...]
    masks: np.ndarray  # (k, n) bool
    patterns: dict[tuple[bool, ...], np.ndarray]  # on/off pattern -> rows
    first_start: float

    def __init__(self, interventions, masks):
        super().__init__()
        object.__setattr__(self, "items", tuple(interventions))
        m = np.asarray(masks, dtype=bool)
        m = m.reshape(len(self.items), m.shape[-1]) if m.ndim else m.reshape(0, 0)
        object.__setattr__(self, "masks", m)
        patterns = {}
        for j in range(m.shape[1]):
            patterns.setdefault(tuple(m[:, j]), []).append(j)
        object.__setattr__(self, "patterns", {
            p: np.array(rows) for p, rows in patterns.items() if any(p)})
        object.__setattr__(self, "first_start", min(
            (it.start_day for it in self.items), default=0.0))

    def subset(self, index):
        return Switchboard(self.items, self.masks[:, index])

    def breakpoints(self) -> list[float]:
        return sorted({0.0, *(b for it in self.items for b in it.breakpoints())})

    def describe(self) -> str:
        return "; ".join(it.describe() for it in self.items) or "natural history"

    def apply(self, t, signals: Signals, params) -> None:
        if not self.patterns:
            return
        n = signals.female.shape[0]
        # Nothing acts before the first start (the years from 30 to today): skip those rows.
        live = np.broadcast_to(np.asarray(t, dtype=float) >= self.first_start, (n,))
        if not live.any():
            return
        base = copy.copy(signals)
        merged = {f.name: getattr(signals, f.name) for f in fields(Signals)}
        for pattern, rows in self.patterns.items():
            rows = rows[live[rows]]
            if rows.size == 0:
                continue
            load_in = base.load.copy()
            sig = copy.copy(base)
            sig.load = load_in
            for it in sorted((it for it, on in zip(self.items, pattern, strict=True) if on),
                             key=lambda i: i.phase):
                it.apply(t, sig, params)
            m = np.zeros(n, dtype=bool)
            m[rows] = True
            _merge(merged, base, sig, load_in, m, n, params)
        for k, v in merged.items():
            setattr(signals, k, v)


def _merge(merged: dict, base: Signals, sig: Signals, load_in, m: np.ndarray, n: int,
           params) -> None:
    """Copy into ``merged``, for rows ``m``, what the interventions changed in ``sig``
    (fields they did not touch are the very objects of ``base`` and are skipped)."""
    for key in ("hormones", "hormones_instant"):
        new = getattr(sig, key) or sig.hormones
        ref = getattr(base, key) or base.hormones
        if new is ref:
            continue
        old = merged[key] or merged["hormones"]
        changes = {f.name: np.where(m, getattr(new, f.name), getattr(old, f.name))
                   for f in fields(new) if getattr(new, f.name) is not getattr(ref, f.name)}
        if changes:
            merged[key] = replace(old, **changes)
    if sig.load is not load_in or not np.array_equal(sig.load, base.load):
        merged["load"] = np.where(m[:, None], sig.load, merged["load"])
    if sig.load_accommodated is not None:
        old = merged["load_accommodated"]
        merged["load_accommodated"] = np.where(m[:, None], sig.load_accommodated,
                                               1.0 if old is None else old)
    for key in MERGED_DRIVES:
        if getattr(sig, key) is not getattr(base, key):
            merged[key] = np.where(m, getattr(sig, key), merged[key])
    for key, habitual_key, default in (
            ("calcium_intake_mg_per_day", "calcium_mg_per_day", "calcium_habitual_intake"),
            ("serum_25ohd_nmol_l", "vitamin_d_25oh_nmol_l", "vitamin_d_habitual_25oh")):
        new = getattr(sig, key)
        if new is None or new is getattr(base, key):
            continue
        old = merged[key]
        if old is None:
            hab = merged[habitual_key]
            old = np.full(n, params[default]) if hab is None else np.where(
                np.isfinite(hab), hab, params[default])
        merged[key] = np.where(m, new, old)
    if sig.extrapolated is not base.extrapolated:
        merged["extrapolated"] = tuple(dict.fromkeys((*merged["extrapolated"],
                                                      *sig.extrapolated)))


class PathwayClamp(_PerRow):
    """Hold pathway ``p`` at today's value from follow-up day 0 in rows ``off[p]``."""

    kind = "pathway_clamp"
    phase = 8
    off: dict[str, np.ndarray]  # pathway -> (n,) bool
    today: dict[str, np.ndarray]  # hormone or input -> (n,) level today

    def __init__(self, off: dict, today: dict):
        super().__init__()
        object.__setattr__(self, "off", {k: np.asarray(v, dtype=bool) for k, v in off.items()})
        object.__setattr__(self, "today", {k: np.asarray(v, dtype=float)
                                           for k, v in today.items()})

    def subset(self, index):
        return PathwayClamp({k: v[index] for k, v in self.off.items()},
                            {k: v[index] for k, v in self.today.items()})

    def apply(self, t, signals: Signals, params) -> None:
        n = signals.female.shape[0]
        now = np.broadcast_to(np.asarray(t, dtype=float) >= 0.0, (n,))
        levels: dict[str, Any] = {}
        for pathway, mask in self.off.items():
            m = mask & now
            if not m.any():
                continue
            if pathway in _HORMONE_OF:
                for h in _HORMONE_OF[pathway]:
                    levels[h] = np.where(m, self.today[h], _rows(getattr(signals.hormones, h), n))
            elif pathway == "mechanical":
                signals.load = np.where(m[:, None], 1.0, signals.load)
            elif pathway == "calcium_pth_vitamin_d":
                for key, hab_key, default in (
                        ("calcium_intake_mg_per_day", "calcium_mg_per_day",
                         "calcium_habitual_intake"),
                        ("serum_25ohd_nmol_l", "vitamin_d_25oh_nmol_l",
                         "vitamin_d_habitual_25oh")):
                    cur = getattr(signals, key)
                    if cur is None:
                        continue
                    hab = getattr(signals, hab_key)
                    hab = np.full(n, params[default]) if hab is None else np.where(
                        np.isfinite(hab), hab, params[default])
                    setattr(signals, key, np.where(m, hab, _rows(cur, n)))
                signals.serum_magnesium_change = np.where(
                    m, 0.0, _rows(signals.serum_magnesium_change, n))
            else:  # pragma: no cover - checked by run_rows
                raise ValueError(pathway)
        if levels:
            signals.set_hormones(**levels)


class IndividualResponse(_PerRow):
    """Per-row estrogen sensitivity ``s_e`` (exponent on estradiol relative to its peak-bone-mass
    level) and mechanical sensitivity ``s_m`` (multiplier of the load's departure from 1)."""

    kind = "individual_response"
    phase = 9
    estrogen: np.ndarray
    mechanical: np.ndarray
    estradiol_peak: np.ndarray

    def __init__(self, estrogen, mechanical, estradiol_peak):
        super().__init__()
        object.__setattr__(self, "estrogen", np.asarray(estrogen, dtype=float))
        object.__setattr__(self, "mechanical", np.asarray(mechanical, dtype=float))
        object.__setattr__(self, "estradiol_peak", np.asarray(estradiol_peak, dtype=float))

    def subset(self, index):
        return IndividualResponse(self.estrogen[index], self.mechanical[index],
                                  self.estradiol_peak[index])

    def active(self, t):
        return np.ones(np.shape(t), dtype=bool)

    def apply(self, t, signals: Signals, params) -> None:
        e = np.maximum(signals.hormones.estradiol, 1e-6)
        ref = self.estradiol_peak
        signals.set_hormones(estradiol=ref * (e / ref) ** self.estrogen)
        # The load's departure from habitual (training adds, unloading removes) is scaled.
        signals.load = np.maximum(1.0 + self.mechanical[:, None] * (signals.load - 1.0), 0.05)


class ForecastModel(BoneModel):
    """:class:`BoneModel` whose protocol holds per-row arrays, subset along with the cohort."""

    states: np.ndarray  # (n, times, BLOCK_SIZE), set by run_rows
    protocol_per_subject = True

    def for_subjects(self, index) -> ForecastModel:
        protocol = Protocol([it.subset(index) if isinstance(it, _PerRow) else it
                             for it in self.protocol.interventions])
        return ForecastModel(self.params, self.cohort.subset(index), protocol,
                             freeze_age=self.freeze_age)


@dataclass(frozen=True)
class Rows:
    """What each row is: which interventions are on, which pathways are off, sensitivities."""

    on: np.ndarray  # (k interventions, n) bool
    off: dict  # pathway -> (n,) bool
    estrogen: np.ndarray  # (n,)
    mechanical: np.ndarray  # (n,)

    @property
    def n(self) -> int:
        return self.estrogen.shape[0]


def run_rows(subject, interventions, rows: Rows, t_years, params=None,
             settings: SolverSettings | None = None):
    """Relative BMD ``(n, len(t_years), 4 sites)`` of each row at ``t_years`` from today.

    ``t_years`` may start before today (negative: the ages of past scans); each row starts
    at peak bone mass at 30. Also returns the model (for its reference levels) and the
    per-row solver status.
    """
    from osteon.parameters import default_parameters

    for p in rows.off:
        if p not in PATHWAYS:
            raise ValueError(f"unknown pathway {p!r}")
    params = params or default_parameters()
    n = rows.n
    cohort = Cohort.from_subjects([subject] * n)
    plain = BoneModel(params, cohort.subset(slice(0, 1)))
    ref = plain.background.reference()
    now = plain.background.at_age(np.array([subject.age]))
    today = {h: np.full(n, float(np.ravel(getattr(now, h))[0]))
             for hs in _HORMONE_OF.values() for h in hs}
    protocol = Protocol([
        Switchboard(interventions, rows.on),
        PathwayClamp(rows.off, today),
        IndividualResponse(rows.estrogen, rows.mechanical,
                           np.full(n, float(np.ravel(ref.estradiol)[0]))),
    ])
    model = ForecastModel(params, cohort, protocol)
    y0 = model.initial_state()
    t0 = np.minimum(0.0, (PEAK_BONE_AGE - model.cohort.age) * DAYS_PER_YEAR)
    t_out = np.asarray(t_years, dtype=float) * DAYS_PER_YEAR
    t0 = np.minimum(t0, t_out[0])
    out = integrate(model, y0, t0, t_out, protocol.breakpoints(t_out[-1]),
                    settings or SolverSettings())
    y = out.y.reshape(t_out.size, n, -1).swapaxes(0, 1)
    sites, _ = BoneModel.split(y)
    density = model.density(sites)
    model.states = y  # (n, times, BLOCK_SIZE): for outputs beyond BMD (markers)
    ok = out.subject_ok if out.subject_ok is not None else np.full(n, bool(out.success))
    return density, ok, model
