"""Scenarios and the runner: :func:`simulate_calcium` returns an ``xarray.Dataset``.

A scenario is what the SBML would do by changing a parameter at a time: teriparatide
injections (dose, interval, number, first dose), and input changes at given days
(oral calcium intake, GFR, PTH infusion, and Osteon's serum 25(OH)D and magnesium).
Times given to the runner are in days; the model runs in hours.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import xarray as xr

from osteon.errors import OsteonInputError
from osteon.parameters.peterson_riggs import peterson_riggs_2010
from osteon.parameters.records import ParameterSet
from osteon.physiology.calcium import system as S
from osteon.physiology.calcium.teriparatide import dose_pmol

HOURS_PER_DAY = 24.0
DAYS_PER_YEAR = 365.25


@dataclass(frozen=True)
class TeriparatideInjections:
    """Subcutaneous teriparatide injections for the calcium model, as in the SBML event:
    ``doses`` injections of ``dose_ug`` every ``every_hours`` from ``first_dose_hours``
    (the SBML's teri_* parameters). ``dose_ug=None`` takes the parameter set's
    ``teriparatide_dose`` (20 ug). The PTH that each injection adds acts through the
    Peterson-Riggs receptor physiology; this is not the trial-file intervention
    :class:`osteon.physiology.pharmacology.bone_drugs.Teriparatide`, which acts on the
    remodeling drives of the bone model.

    >>> TeriparatideInjections(dose_ug=20.0, doses=365).dose_times_h()[:3]
    array([12., 36., 60.])
    """

    dose_ug: float | None = None
    every_hours: float = 24.0
    doses: int = 365
    first_dose_hours: float = 12.0

    def __post_init__(self) -> None:
        if self.dose_ug is not None and not 0.0 <= self.dose_ug <= 200.0:
            raise OsteonInputError("teriparatide.dose_ug", f"{self.dose_ug} is outside 0-200 ug", "20.0")
        if self.every_hours <= 0 or self.doses < 0 or self.first_dose_hours <= 0:
            raise OsteonInputError(
                "teriparatide", "interval and first dose must be > 0 h, doses >= 0",
                "TeriparatideInjections(dose_ug=20, every_hours=24, doses=365, first_dose_hours=12)",
            )

    def dose_times_h(self) -> np.ndarray:
        return self.first_dose_hours + self.every_hours * np.arange(int(self.doses), dtype=float)


_CHANGE_UNITS = {
    # field: (input name, factor to model units, valid range in the field's units)
    "oral_calcium_mmol_per_day": ("oral_calcium_intake", 1 / 24.0, (0.0, 100.0)),
    "gfr_ml_per_min": ("glomerular_filtration_rate", 60.0 / 1000.0, (1.0, 200.0)),
    "pth_infusion_pmol_per_h": ("pth_infusion_rate", 1.0, (0.0, 10000.0)),
    "pth_sc_input_pmol_per_h": ("pth_sc_input_rate", 1.0, (0.0, 10000.0)),
    "serum_25ohd_nmol_l": ("serum_25ohd", 1.0, (2.0, 400.0)),
    "serum_magnesium_mmol_l": ("serum_magnesium", 1.0, (0.1, 2.0)),
}


@dataclass(frozen=True)
class InputChange:
    """From day ``at_day`` on, set the given inputs (None: unchanged).

    GFR in mL/min (the SBML's 6 L/h is 100 mL/min), calcium intake in mmol/day
    (24 mmol ~ 960 mg), PTH infusion rates in pmol/h.
    """

    at_day: float
    oral_calcium_mmol_per_day: float | None = None
    gfr_ml_per_min: float | None = None
    pth_infusion_pmol_per_h: float | None = None
    pth_sc_input_pmol_per_h: float | None = None
    serum_25ohd_nmol_l: float | None = None
    serum_magnesium_mmol_l: float | None = None

    def __post_init__(self) -> None:
        if self.at_day < 0:
            raise OsteonInputError("InputChange.at_day", f"{self.at_day} is negative", "365.0")
        for name, (_, _, (lo, hi)) in _CHANGE_UNITS.items():
            v = getattr(self, name)
            if v is not None and not lo <= v <= hi:
                raise OsteonInputError(f"InputChange.{name}", f"{v} is outside [{lo}, {hi}]", f"{name}={hi / 2}")

    def model_values(self) -> dict[str, float]:
        return {
            inp: getattr(self, name) * factor
            for name, (inp, factor, _) in _CHANGE_UNITS.items()
            if getattr(self, name) is not None
        }


@dataclass(frozen=True)
class CalciumScenario:
    """Teriparatide (or None) and input changes, in time order."""

    teriparatide: TeriparatideInjections | None = None
    changes: tuple[InputChange, ...] = field(default_factory=tuple)


def _parameter_arrays(ps: ParameterSet, per_subject: Mapping[str, Sequence[float]] | None, n: int):
    p = {name: np.full(n, ps[name]) for name in ps}
    for name, values in (per_subject or {}).items():
        rec = ps.record(name)
        v = np.asarray(values, dtype=float)
        if v.shape != (n,):
            raise OsteonInputError(f"per_subject[{name!r}]", f"shape {v.shape}, expected ({n},)", f"np.full({n}, {rec.value})")
        lo, hi = rec.plausible_range
        if np.any((v < lo) | (v > hi)):
            raise OsteonInputError(f"per_subject[{name!r}]", f"values outside the plausible range [{lo}, {hi}] {rec.units}", f"{rec.value}")
        p[name] = v
    return p


def _segments(p, scenario: CalciumScenario, n: int):
    base = S.default_inputs({k: np.broadcast_to(v, (n,)) for k, v in p.items()})
    starts, rows = [0.0], [base]
    for ch in sorted(scenario.changes, key=lambda c: c.at_day):
        row = rows[-1].copy()
        for inp, v in ch.model_values().items():
            row[:, S.INPUT_NAMES.index(inp)] = v
        t = ch.at_day * HOURS_PER_DAY
        if t == starts[-1]:
            rows[-1] = row
        else:
            starts.append(t)
            rows.append(row)
    return np.array(starts), np.ascontiguousarray(np.stack(rows, axis=1))


def simulate_calcium(
    parameters: ParameterSet | None = None,
    scenario: CalciumScenario | None = None,
    *,
    days: float | None = None,
    years: float | None = None,
    n_subjects: int = 1,
    per_subject: Mapping[str, Sequence[float]] | None = None,
    times_days: Sequence[float] | None = None,
    rtol: float = 1e-6,
) -> xr.Dataset:
    """Simulate the Peterson-Riggs calcium - PTH - vitamin D - bone system.

    Parameters
    ----------
    parameters
        A parameter set (default :func:`~osteon.parameters.peterson_riggs_2010`).
    scenario
        Teriparatide and input changes (default: baseline).
    days, years
        Duration (one of them) when ``times_days`` is not given: daily output.
    n_subjects, per_subject
        Number of subjects; per-subject values (arrays of length ``n_subjects``) of any
        parameter, each checked against its plausible range.
    times_days
        Output times in days from 0 (sorted); the solver steps exactly to each.
    rtol
        Relative tolerance of the solver.

    Returns
    -------
    xarray.Dataset with dims (subject, time); time in days.

    Examples
    --------
    >>> ds = simulate_calcium(days=30, times_days=[0, 30])
    >>> round(float(ds.calcium.isel(subject=0, time=-1)), 3)
    2.35
    """
    ps = parameters or peterson_riggs_2010()
    scenario = scenario or CalciumScenario()
    if per_subject:
        n_subjects = len(next(iter(per_subject.values())))
    if n_subjects < 1:
        raise OsteonInputError("n_subjects", f"{n_subjects} is below 1", "1000")
    if times_days is None:
        total = days if days is not None else (years or 0.0) * DAYS_PER_YEAR
        if not total or total <= 0:
            raise OsteonInputError("days/years", "give a positive duration or times_days", "years=10")
        t_days = np.arange(0.0, np.floor(total) + 1.0)
        if t_days[-1] < total:
            t_days = np.append(t_days, total)
    else:
        t_days = np.asarray(times_days, dtype=float)
    if t_days.ndim != 1 or t_days.size < 1 or np.any(np.diff(t_days) <= 0) or t_days[0] < 0:
        raise OsteonInputError("times_days", "must be increasing, from 0 on", "[0, 1, 2, 365]")

    p = _parameter_arrays(ps, per_subject, n_subjects)
    k = S.constants_record(p)
    y0 = S.initial_state(p)
    seg_start, seg_u = _segments(p, scenario, n_subjects)
    teri = scenario.teriparatide
    doses_h = teri.dose_times_h() if teri else np.zeros(0)
    dose_ug = 0.0
    if teri:
        dose_ug = teri.dose_ug if teri.dose_ug is not None else p["teriparatide_dose"]
    amount = dose_pmol(np.broadcast_to(dose_ug, (n_subjects,)).astype(float))
    scale = np.maximum(np.abs(y0), 1.0e-300)
    scale[:, S.TERI_DEPOT] = np.maximum(amount, 1.0)
    scale[:, S.PTH_SC_DEPOT] = 1.0
    scale[:, S.N_DYNAMIC:] = 1.0
    # Absolute tolerances: 1e-3 of each state's baseline magnitude, relative to rtol;
    # the teriparatide depot is controlled relative to the dose, since tracking its
    # decay to e^-17 of the dose with relative accuracy would only cost steps.
    atol = 1e-3 * rtol * scale
    atol[:, S.TERI_DEPOT] = rtol * scale[:, S.TERI_DEPOT]
    # Imported here: ``osteon.engine`` loads the cohort engine, which imports
    # ``osteon.model``, which imports this package (a cycle at module level).
    from osteon.engine import ros34pw2

    structure = ros34pw2.jacobian_structure(y0[0], k[0], seg_u[0, 0])
    states, stats = ros34pw2.integrate_batch(
        y0, k, seg_start, seg_u, doses_h, amount, t_days * HOURS_PER_DAY, rtol, atol, scale, structure
    )
    if np.any(stats[:, 2] < 0) or not np.all(np.isfinite(states)):
        raise RuntimeError("calcium solver failed (step limit or non-finite state)")
    return _dataset(states, p, seg_start, seg_u, t_days, ps, scenario, stats, rtol)


def _dataset(x, p, seg_start, seg_u, t_days, ps, scenario, stats, rtol) -> xr.Dataset:
    v = p["ecf_volume"][:, None]
    dims = ("subject", "time")
    q = x[..., S.Q_EXCH] + x[..., S.Q_BONE]
    q0 = q[:, :1]
    d = x - x[:, :1, :]
    intake = x[..., S.CUM_INTAKE]
    entered = x[..., S.CUM_ENTERED]
    absorbed = x[..., S.CUM_ABSORBED]

    def var(values, units, long_name):
        return xr.Variable(dims, values, {"units": units, "long_name": long_name})

    data = {
        "pth": var(x[..., S.PTH] / v, "pmol/L", "Plasma PTH (endogenous plus teriparatide)"),
        "calcium": var(x[..., S.ECF_CALCIUM] / v, "mmol/L", "Plasma (ECF) calcium"),
        "calcitriol": var(x[..., S.CALCITRIOL] / v, "pmol/L", "Plasma calcitriol"),
        "phosphate": var(x[..., S.ECF_PHOSPHATE] / v, "mmol/L", "Plasma (ECF) phosphate"),
        "osteoblasts": var(x[..., S.OB_FAST] + x[..., S.OB_SLOW], "pM", "Active osteoblasts (fast + slow)"),
        "osteoclasts": var(x[..., S.OC], "pM", "Active osteoclasts"),
        "responding_osteoblasts": var(x[..., S.ROB], "pM", "Responding (precursor) osteoblasts"),
        "rankl": var(x[..., S.RANKL], "pM", "Free RANKL"),
        "opg": var(x[..., S.OPG], "pM", "Free OPG"),
        "hydroxyapatite": var(x[..., S.HAP], "1", "Hydroxyapatite formation (1 at baseline)"),
        "bone_calcium": var(q, "mmol", "Bone calcium, exchangeable plus mineralised (Q + Qbone)"),
        "bone_calcium_mineralised": var(x[..., S.Q_BONE], "mmol", "Non-exchangeable bone calcium (Qbone)"),
        "bmd_relative": var(q / q0, "1", "Bone mineral relative to baseline, (Q + Qbone)/(Q0 + Qbone0): the SBML's BMD proxy"),
        "gland_capacity": var(x[..., S.GLAND_CAPACITY], "1", "Parathyroid gland maximal capacity (1 at baseline)"),
        # cumulative calcium ledger from time 0 (mmol)
        "calcium_intake": var(intake, "mmol", "Cumulative dietary calcium"),
        "calcium_faecal": var(intake - entered, "mmol", "Cumulative unabsorbed dietary calcium (never entered the absorptive pool)"),
        "calcium_absorbed": var(absorbed, "mmol", "Cumulative calcium absorbed into the ECF"),
        "calcium_urinary": var(x[..., S.CUM_URINARY], "mmol", "Cumulative urinary calcium"),
        "calcium_resorbed": var(x[..., S.CUM_RESORBED], "mmol", "Cumulative calcium released from bone"),
        "calcium_formed": var(x[..., S.CUM_FORMED], "mmol", "Cumulative calcium taken up by bone"),
        "calcium_bone_accrual": var(d[..., S.CUM_FORMED] - d[..., S.CUM_RESORBED], "mmol", "Cumulative net calcium into bone (uptake - release)"),
        "ecf_calcium_change": var(d[..., S.ECF_CALCIUM], "mmol", "Change of ECF calcium since time 0"),
        "gut_calcium_change": var(d[..., S.GUT_CALCIUM], "mmol", "Change of calcium in the intestinal absorptive pool since time 0"),
        "bone_calcium_change": var(q - q0, "mmol", "Change of bone calcium (Q + Qbone) since time 0"),
    }
    ds = xr.Dataset(
        data,
        coords={
            "subject": np.arange(x.shape[0]),
            "time": ("time", t_days, {"units": "day", "long_name": "Time since start"}),
        },
        attrs={
            "model": "Peterson & Riggs 2010 Bone 46:49 (BIOMD0000000613), Osteon implementation",
            "parameter_set": ps.name,
            "parameter_hash": ps.hash,
            "scenario": repr(scenario),
            "solver": f"ROS34PW2 Rosenbrock-W (sparse LU), rtol={rtol}",
            "steps_accepted": int(stats[:, 0].sum()),
            "steps_rejected": int(stats[:, 1].sum()),
            "jacobians": int(stats[:, 2].sum()),
            "dense_lu_fallbacks": int(stats[:, 3].sum()),
            "bmd_note": "BIOMD0000000613 defines no BMD; bmd_relative is its bone calcium relative to baseline",
            "citations": "; ".join(ps.citations),
        },
    )
    return ds
