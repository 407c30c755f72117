"""Simulation: wires Subject(s), Protocol, ParameterSet and solver into a Result.

The result is an :class:`xarray.Dataset` with dimensions ``subject``, ``time``
(years of follow-up) and ``site``; every variable has ``units`` and
``long_name``; provenance (package version, parameter-set name and hash,
protocol, seed, solver settings, citations) is in ``attrs``.
"""

from __future__ import annotations

import json
import time as _time
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import xarray as xr

from osteon import checks
from osteon._version import __version__
from osteon.errors import OsteonInputError
from osteon.model import (
    BLOCK_SIZE,
    CELL_STATES,
    MATRIX0,
    N_SITES,
    REMODELING_SPACE,
    TOTAL_BODY,
    BoneModel,
    Cohort,
)
from osteon.outputs.reference import SITES, age_matched_mean, reference_bmd, who_category
from osteon.parameters import ParameterSet, default_parameters
from osteon.physiology.calcium import skeleton as CA
from osteon.physiology.endocrine.background import HORMONE_UNITS, PEAK_BONE_AGE
from osteon.protocol import Protocol, as_protocol
from osteon.solver import SolverSettings, integrate
from osteon.subject import PHYSIOLOGY_FACTORS, Subject
from osteon.units import DAYS_PER_YEAR

MARKERS = {
    # name: (parameter with the reference level, units, long name, kind)
    "ctx": (
        "ctx_premenopausal",
        "ng/mL",
        "serum C-terminal telopeptide of type I collagen",
        "resorption",
    ),
    "ntx": (
        "ntx_premenopausal",
        "nmol BCE/mmol creatinine",
        "urinary N-terminal telopeptide",
        "resorption",
    ),
    "p1np": ("p1np_premenopausal", "ug/L", "serum procollagen type I N-propeptide", "formation"),
    "osteocalcin": ("osteocalcin_premenopausal", "ng/mL", "serum osteocalcin", "formation"),
    "bsap": ("bsap_premenopausal", "ug/L", "serum bone-specific alkaline phosphatase", "formation"),
}

BASE_CITATIONS = [
    "Lemaire V et al. J Theor Biol 2004;229:293-309 (bone cell model structure)",
    "Peterson MC, Riggs MM. Bone 2010;46:49-63 (integrated bone remodeling model)",
    "Pivonka P et al. Bone 2008;43:249-263 (TGF-beta coupling)",
    "Scheiner S et al. Int J Numer Meth Biomed Eng 2013;29:1069 (mechanostat coupling)",
    "Frost HM. Anat Rec 1987;219:1-9 (mechanostat)",
    "Looker AC et al. Osteoporos Int 1998;8:468-489 (hip reference data)",
    "Kelly TL et al. PLoS One 2009;4:e7038 (spine and total body reference data)",
]


#: Output times closer than this (days, about 9 s) are one time: a duration converted to
#: years and back differs from the same day written directly by ~1e-12 days, and two such
#: entries made the time index non-unique (issue 15).
TIME_MERGE_DAYS = 1e-4


def merge_close_times(t: np.ndarray, tol: float = TIME_MERGE_DAYS) -> np.ndarray:
    """Sorted output times (days) with near-duplicates (closer than ``tol``) merged.

    The first of a run of close times is kept, except that the last time of the grid
    (the end of follow-up) is always kept.

    >>> merge_close_times(np.array([0.0, 13.0 - 1e-12, 13.0]))
    array([ 0., 13.])
    """
    t = np.sort(np.asarray(t, dtype=float))
    if t.size < 2:
        return t
    keep = np.ones(t.size, dtype=bool)
    last = t[0]
    for i in range(1, t.size):
        if t[i] - last < tol:
            keep[i] = False
        else:
            last = t[i]
    if not keep[-1]:
        # keep the end of follow-up itself; drop the kept time just before it instead
        j = np.flatnonzero(keep)[-1]
        keep[j], keep[-1] = (j == 0), True
    return t[keep]


def _chunks(n: int, size: int):
    for start in range(0, n, size):
        yield slice(start, min(n, start + size))


@dataclass(frozen=True)
class History:
    """Each subject's state at the start of follow-up (day 0), from its 30th birthday.

    Interventions start at day 0 or later (:class:`~osteon.protocol.Intervention`
    refuses a negative start), so the years before follow-up are the same natural
    history in every arm of a trial: :meth:`Simulation.history` simulates them once
    and :meth:`Simulation.run` branches each arm from here. With the step size each
    subject would take next (``step``), the branch takes exactly the steps that one
    run through history and follow-up takes.
    """

    subjects: tuple[Subject, ...]
    parameters_hash: str
    solver: SolverSettings
    y: np.ndarray  # (n, BLOCK_SIZE) states at day 0 (NaN where failed)
    step: np.ndarray  # (n,) next step (days)
    ok: np.ndarray  # (n,) bool
    message: np.ndarray  # (n,) "ok" or why the subject failed
    nfev: int = 0
    wall_s: float = 0.0


class Simulation:
    """Simulate one or many subjects under one protocol.

    Parameters
    ----------
    subjects
        A :class:`~osteon.subject.Subject` or a sequence of them.
    protocol
        A :class:`~osteon.protocol.Protocol` (default: natural history).
    parameters
        A :class:`~osteon.parameters.ParameterSet` (default: ``Osteon2026``).
    years
        Length of follow-up (years) from each subject's start age; 0 gives the state
        at the start age only (one output time).
    output_every_days
        Output interval (days; default about monthly: 365.25/12).
    solver
        :class:`~osteon.solver.SolverSettings`.
    freeze_age
        Hold hormones at the start age (steady-state checks).
    seed
        Recorded in provenance (cohort sampling uses it).
    batch_size
        Subjects integrated together in one stiff solve.

    Examples
    --------
    >>> from osteon import Subject, Simulation
    >>> res = Simulation(Subject(sex="female", age=50), years=5).run()
    >>> sorted(res.sizes.items())
    [('site', 4), ('subject', 1), ('time', 61)]
    >>> bool(res.bmd.sel(site="lumbar_spine").isel(time=-1) < res.bmd.sel(site="lumbar_spine").isel(time=0))
    True
    """

    def __init__(
        self,
        subjects: Subject | Sequence[Subject],
        protocol: Protocol | Sequence | None = None,
        parameters: ParameterSet | None = None,
        *,
        years: float = 10.0,
        output_every_days: float = DAYS_PER_YEAR / 12.0,
        solver: SolverSettings | None = None,
        freeze_age: bool = False,
        seed: int | None = None,
        batch_size: int = 256,
    ) -> None:
        if isinstance(subjects, Subject):
            subjects = [subjects]
        subjects = list(subjects)
        if not subjects:
            raise OsteonInputError("subjects", "no subject given", 'Subject(sex="female", age=55)')
        for i, s in enumerate(subjects):
            if not isinstance(s, Subject):
                raise OsteonInputError(
                    f"subjects[{i}]",
                    f"expected a Subject, got {type(s).__name__}",
                    'Subject(sex="female", age=55)',
                )
        # years=0 outputs the state at the start only (a cross-sectional study).
        checks.number("years", years, "years=10", lo=0, hi=80, units="years")
        checks.number("output_every_days", output_every_days, "output_every_days=30.44",
                      lo=0.5, hi=DAYS_PER_YEAR * 5, units="days")
        checks.whole("batch_size", batch_size, "batch_size=256", lo=1, hi=1_000_000)
        checks.boolean("freeze_age", freeze_age, "freeze_age=False")
        if seed is not None:
            checks.whole("seed", seed, "seed=2026", lo=0, hi=2**63 - 1)
        if solver is not None and not isinstance(solver, SolverSettings):
            raise OsteonInputError("solver", f"expected SolverSettings, got {type(solver).__name__}",
                                   'solver=SolverSettings(method="batch")')
        self.subjects = subjects
        self.protocol = as_protocol(protocol)
        self.parameters = parameters or default_parameters()
        self.years = float(years)
        self.output_every_days = float(output_every_days)
        self.solver = solver or SolverSettings()
        self.freeze_age = bool(freeze_age)
        self.seed = seed
        self.batch_size = int(batch_size)

    @property
    def output_days(self) -> np.ndarray:
        duration = self.years * DAYS_PER_YEAR
        n = int(np.floor(duration / self.output_every_days + 1e-9))
        t = np.arange(n + 1) * self.output_every_days
        if duration - t[-1] > 1e-6:
            t = np.append(t, duration)
        return t

    def extra_output_days(self, days: Sequence[float]) -> Simulation:
        """Ensure these times (days) are in the output grid (e.g. endpoint times)."""
        self._extra = sorted({float(d) for d in days})
        return self

    def _times(self) -> np.ndarray:
        t = self.output_days
        extra = getattr(self, "_extra", [])
        if extra:
            t = np.unique(np.concatenate([t, [d for d in extra if 0 <= d <= t[-1]]]))
        return merge_close_times(t)

    # ------------------------------------------------------------------ running
    def _solve_batch(self, subjects: list[Subject], t_out: np.ndarray, start=None):
        model = BoneModel(
            self.parameters,
            Cohort.from_subjects(subjects),
            self.protocol,
            freeze_age=self.freeze_age,
        )
        if start is not None:
            # Branch from a shared history: each subject's state and next step at day 0.
            y_start, step = start
            outcome = integrate(model, y_start, 0.0, t_out,
                                self.protocol.breakpoints(t_out[-1]), self.solver,
                                first_step=step)
            return model, outcome
        y0 = model.initial_state()
        if self.freeze_age:
            t0 = 0.0
        elif self.solver.method == "batch":
            # Each subject starts at its own 30th birthday (the engine steps per subject).
            t0 = np.minimum(0.0, (PEAK_BONE_AGE - model.cohort.age) * DAYS_PER_YEAR)
        else:
            t0 = min(0.0, float(np.min(PEAK_BONE_AGE - model.cohort.age)) * DAYS_PER_YEAR)
        outcome = integrate(model, y0, t0, t_out, self.protocol.breakpoints(t_out[-1]), self.solver)
        return model, outcome

    @property
    def can_share_history(self) -> bool:
        """Whether arms can branch from one :meth:`history` (the batch engine, ageing on)."""
        return self.solver.method == "batch" and not self.freeze_age

    def _order(self) -> np.ndarray:
        # Subjects whose menopause falls at similar follow-up times share a batch, so
        # the solver's small steps through one transition serve them all.
        return np.argsort(
            [(s.menopause_age - s.age) if s.female else 1e3 for s in self.subjects], kind="stable"
        )

    def history(self) -> History:
        """Simulate every subject from its 30th birthday to the start of follow-up, once.

        The protocol plays no part (no intervention acts before day 0), so the result
        serves every arm of a trial with these subjects, parameters and solver:
        ``Simulation(subjects, arm).run(history=h)``.
        """
        if not self.can_share_history:
            raise OsteonInputError("solver", "a shared history needs the batch engine with "
                                   "ageing on (freeze_age=False)", 'SolverSettings(method="batch")')
        started = _time.perf_counter()
        n = len(self.subjects)
        y = np.full((n, BLOCK_SIZE), np.nan)
        step = np.full(n, np.nan)
        ok = np.zeros(n, dtype=bool)
        message = np.full(n, "ok", dtype=object)
        nfev = 0
        natural = Protocol()
        order = self._order()
        for sl in _chunks(n, self.solver.batch_subjects):
            idx = order[sl]
            model = BoneModel(self.parameters, Cohort.from_subjects([self.subjects[i] for i in idx]),
                              natural)
            t0 = np.minimum(0.0, (PEAK_BONE_AGE - model.cohort.age) * DAYS_PER_YEAR)
            out = integrate(model, model.initial_state(), t0, np.zeros(1), (), self.solver)
            nfev += out.nfev
            y[idx] = out.y.reshape(idx.size, BLOCK_SIZE)
            step[idx] = out.step
            ok[idx] = out.subject_ok
            message[idx] = out.subject_message
        return History(tuple(self.subjects), self.parameters.hash, self.solver, y, step, ok,
                       message, nfev, _time.perf_counter() - started)

    def _check_history(self, history: History) -> None:
        same = (isinstance(history, History) and len(history.subjects) == len(self.subjects)
                and all(a is b or a == b for a, b in zip(history.subjects, self.subjects,
                                                         strict=True))
                and history.parameters_hash == self.parameters.hash
                and history.solver == self.solver and self.can_share_history)
        if not same:
            raise OsteonInputError("history", "it was made for other subjects, parameters or "
                                   "solver settings (or this run freezes age or uses a scipy "
                                   "method)", "history=Simulation(subjects).history()")

    def run(self, history: History | None = None) -> xr.Dataset:
        """Run the simulation and return the result dataset.

        ``history`` (from :meth:`history` with the same subjects, parameters and solver)
        starts every subject at day 0 from that shared state instead of simulating the
        years since its 30th birthday again; the result is the same.
        """
        started = _time.perf_counter()
        t_out = self._times()
        n = len(self.subjects)
        states = np.full((n, t_out.size, BLOCK_SIZE), np.nan)
        status = np.array(["ok"] * n, dtype=object)
        reason = np.array([""] * n, dtype=object)
        nfev = 0
        if history is not None:
            self._check_history(history)
            lost = ~history.ok
            status[lost] = "failed"
            reason[lost] = history.message[lost]
        order = self._order()
        if history is not None:
            order = order[history.ok[order]]
        # The batch engine steps every subject on its own, so it takes large batches.
        size = self.solver.batch_subjects if self.solver.method == "batch" else self.batch_size
        for sl in _chunks(order.size, size):
            idx_batch = order[sl]
            batch = [self.subjects[i] for i in idx_batch]
            start = None if history is None else (history.y[idx_batch], history.step[idx_batch])
            model, outcome = self._solve_batch(batch, t_out, start)
            nfev += outcome.nfev
            if outcome.success:
                states[idx_batch] = outcome.y.reshape(t_out.size, len(batch), BLOCK_SIZE).swapaxes(
                    0, 1)
                continue
            if outcome.subject_ok is not None and not outcome.subject_ok.all():
                # The engine reports each subject: keep the good ones, flag the rest.
                good = outcome.subject_ok
                states[idx_batch[good]] = outcome.y.reshape(
                    t_out.size, len(batch), BLOCK_SIZE).swapaxes(0, 1)[good]
                status[idx_batch[~good]] = "failed"
                reason[idx_batch[~good]] = outcome.subject_message[~good]
                continue
            # Isolate the failing subjects: solve one by one; the rest still finish.
            for k, subj in enumerate(batch):
                one = None if start is None else (start[0][k:k + 1], start[1][k:k + 1])
                m1, o1 = self._solve_batch([subj], t_out, one)
                nfev += o1.nfev
                idx = idx_batch[k]
                if o1.success:
                    states[idx] = o1.y.reshape(t_out.size, BLOCK_SIZE)
                else:
                    status[idx] = "failed"
                    reason[idx] = o1.message
        ds = self._build_result(t_out, states, status, reason)
        ds.attrs["wall_time_s"] = round(_time.perf_counter() - started, 4)
        ds.attrs["rhs_evaluations"] = int(nfev)
        if history is not None:
            # the shared history's cost, paid once for all arms (not in the two above)
            ds.attrs["shared_history_rhs_evaluations"] = int(history.nfev)
            ds.attrs["shared_history_wall_time_s"] = round(history.wall_s, 4)
        return ds

    # ------------------------------------------------------------------ outputs
    @staticmethod
    def _put_calcium_ledger(put, systemic, density, model) -> None:
        """Cumulative calcium flows since the start of follow-up (mmol), for mass balances.

        Gut: intake = absorbed + faecal + change of the gut pool. Body: absorbed =
        urinary + bone accrual + change of the ECF and exchangeable bone pools. Bone
        accrual is also the skeleton's calcium times the change of total-body BMD
        relative to peak (``calcium_bone_change_from_bmd``): the two must agree.
        """
        since = systemic - systemic[:, :1]  # the first output time is day 0 of follow-up

        def col(name):
            return since[..., CA.SYSTEMIC_STATES.index(name)]

        dims = ("subject", "time")
        pools = col("ecf_calcium") + col("exchangeable_bone_calcium")
        for name, values, long_name in (
            ("calcium_intake", col("calcium_intake"), "oral calcium intake"),
            ("calcium_absorbed", col("calcium_absorbed"), "calcium absorbed from the gut"),
            ("calcium_faecal", col("calcium_intake") - col("calcium_entered"),
             "dietary calcium that never entered the absorptive pool (faecal)"),
            ("calcium_gut_pool_change", col("gut_calcium"), "change of the gut calcium pool"),
            ("calcium_urinary", col("calcium_urinary"), "urinary calcium"),
            ("calcium_bone_accrual",
             col("calcium_remodeling_uptake") - col("calcium_remodeling_release"),
             "calcium deposited minus resorbed by skeletal remodeling"),
            ("calcium_pool_change", pools,
             "change of ECF and exchangeable bone calcium"),
            ("calcium_bone_change_from_bmd",
             model.skeletal_calcium[:, None] * (density[..., TOTAL_BODY]
                                                - density[:, :1, TOTAL_BODY]),
             "skeletal calcium at peak times the change of total-body BMD relative to peak"),
        ):
            put(name, dims, values, "mmol", f"{long_name}, cumulative since the start of "
                "follow-up")

    def _build_result(self, t_out, states, status, reason) -> xr.Dataset:
        n = len(self.subjects)
        nt = t_out.size
        model = BoneModel(
            self.parameters,
            Cohort.from_subjects(self.subjects),
            self.protocol,
            freeze_age=self.freeze_age,
        )
        P = model.p
        hormones = {k: np.full((n, nt), np.nan) for k in HORMONE_UNITS}
        per_site = {
            k: np.full((n, nt, N_SITES), np.nan)
            for k in ("rankl", "opg", "formation", "resorption", "density", "mechanical_stimulus")
        }
        signals = {
            k: np.full((n, nt), np.nan)
            for k in ("estrogen_signal", "androgen_signal", "sex_steroid_signal", "pth",
                      "calcitriol", "serum_calcium")
        }
        safe = np.where(np.isfinite(states), states, 1.0)
        # Evaluate all output times at once: each (subject, time) pair is one row.
        for sl in _chunks(n, max(1, 20000 // nt)):
            k = sl.stop - sl.start
            rows = BoneModel(
                self.parameters,
                model.cohort_slice(sl).repeat(nt),
                self.protocol,
                freeze_age=self.freeze_age,
            )
            _, out = rows.evaluate(
                np.tile(t_out, k), safe[sl].reshape(k * nt, BLOCK_SIZE), outputs=True
            )
            for key in hormones:
                hormones[key][sl] = getattr(out["hormones"], key).reshape(k, nt)
            for key in per_site:
                per_site[key][sl] = np.broadcast_to(out[key], (k * nt, N_SITES)).reshape(
                    k, nt, N_SITES
                )
            for key in signals:
                signals[key][sl] = out[key].reshape(k, nt)
        bad = status != "ok"
        for arr in (*hormones.values(), *per_site.values(), *signals.values()):
            arr[bad] = np.nan

        density = per_site["density"]
        sites, systemic = BoneModel.split(states)
        sexes = [s.sex for s in self.subjects]
        peak_z = peak_bmd_z(self.subjects, density[:, 0, :])
        peak = np.zeros((n, N_SITES))
        for j, s in enumerate(self.subjects):
            for k, site in enumerate(SITES):
                mean, sd = reference_bmd(s.sex, site)
                peak[j, k] = mean + peak_z[j, k] * sd
        bmd = density * peak[:, None, :]
        ages = np.array([s.age for s in self.subjects])[:, None] + (
            0.0 if self.freeze_age else t_out[None, :] / DAYS_PER_YEAR
        )
        ages = np.broadcast_to(ages, (n, nt)).copy()
        ref_mean = np.array([[reference_bmd(sx, site)[0] for site in SITES] for sx in sexes])
        ref_sd = np.array([[reference_bmd(sx, site)[1] for site in SITES] for sx in sexes])
        t_scores = (bmd - ref_mean[:, None, :]) / ref_sd[:, None, :]
        age_means = np.stack(
            [
                np.stack([age_matched_mean(ages[j], sexes[j], site) for site in SITES], axis=-1)
                for j in range(n)
            ]
        )
        z_scores = (bmd - age_means) / ref_sd[:, None, :]
        central = [SITES.index(s) for s in ("lumbar_spine", "femoral_neck", "total_hip")]
        t_min = np.min(t_scores[..., central], axis=-1)
        categories = who_category(t_min).astype(object)

        # Spine trabecular volumetric BMD from the spine's trabecular envelope.
        spine = SITES.index("lumbar_spine")
        v, dp, ds_ = (sites[:, :, spine, MATRIX0 + k] for k in range(3))
        vbmd = P.spine_trabecular_vbmd_peak * (v - dp - ds_) / model.mineral0[spine, 0]

        # Markers reflect whole-skeleton turnover: the total-body site.
        tb = SITES.index("total_body")
        res_rel = np.maximum(per_site["resorption"][:, :, tb], 0.0)
        form_rel = np.maximum(per_site["formation"][:, :, tb], 0.0)
        data_vars = {}

        def put(name, dims, values, units, long_name, **extra):
            data_vars[name] = xr.Variable(
                dims, values, attrs={"units": units, "long_name": long_name, **extra}
            )

        put("bmd", ("subject", "time", "site"), bmd, "g/cm2", "areal bone mineral density (DXA)")
        put(
            "bmd_relative",
            ("subject", "time", "site"),
            density,
            "1",
            "areal BMD relative to peak bone mass",
        )
        put(
            "t_score",
            ("subject", "time", "site"),
            t_scores,
            "SD",
            "T-score against young-adult reference (Looker 1998; Kelly 2009)",
        )
        put(
            "z_score",
            ("subject", "time", "site"),
            z_scores,
            "SD",
            "Z-score against age- and sex-matched reference",
        )
        put(
            "who_category",
            ("subject", "time"),
            categories,
            "1",
            "WHO category from the lowest T-score of spine, femoral neck and total hip",
        )
        put(
            "spine_trabecular_vbmd",
            ("subject", "time"),
            vbmd,
            "mg/cm3",
            "lumbar spine trabecular volumetric BMD (QCT)",
        )
        for name, (pname, units, long_name, kind) in MARKERS.items():
            rel = (
                res_rel**P.marker_resorption_exponent
                if kind == "resorption"
                else (form_rel**P.marker_formation_exponent)
            )
            put(name, ("subject", "time"), model.params[pname] * rel, units, long_name)
        for name, units in HORMONE_UNITS.items():
            put(name, ("subject", "time"), hormones[name], units, f"serum {name}")
        rr = per_site["rankl"] / np.where(per_site["opg"] > 0, per_site["opg"], np.nan)
        put(
            "rankl_opg_ratio",
            ("subject", "time", "site"),
            rr,
            "1",
            "RANKL/OPG ratio relative to peak bone mass",
        )
        for k, name in enumerate(CELL_STATES):
            put(
                name,
                ("subject", "time", "site"),
                sites[..., k],
                "1",
                f"{name.replace('_', ' ')} relative to peak bone mass",
            )
        put(
            "remodeling_space",
            ("subject", "time", "site"),
            sites[..., REMODELING_SPACE],
            "1",
            "remodeling space (open resorption cavities) relative to peak bone mass",
        )
        put(
            "formation_rate",
            ("subject", "time", "site"),
            per_site["formation"],
            "1",
            "matrix formation relative to peak bone mass",
        )
        put(
            "resorption_rate",
            ("subject", "time", "site"),
            per_site["resorption"],
            "1",
            "resorption relative to peak bone mass",
        )
        put(
            "mechanical_stimulus",
            ("subject", "time", "site"),
            per_site["mechanical_stimulus"],
            "1",
            "tissue daily stress stimulus relative to the habitual level at peak bone mass",
        )
        calcium_units = {"pth": ("pmol/L", "plasma PTH (calcium subsystem)"),
                         "calcitriol": ("pmol/L", "plasma calcitriol (calcium subsystem)"),
                         "serum_calcium": ("mmol/L", "plasma calcium (calcium subsystem)")}
        for name, arr in signals.items():
            units, long_name = calcium_units.get(name, ("1", name.replace("_", " ")))
            put(name, ("subject", "time"), arr, units, long_name)
        self._put_calcium_ledger(put, systemic, density, model)
        put("status", ("subject",), status.astype(str), "1", "solver status of each subject")
        put(
            "status_reason",
            ("subject",),
            reason.astype(str),
            "1",
            "why a subject failed (empty if ok)",
        )

        coords = {
            "subject": np.arange(n),
            "time": xr.Variable(
                "time",
                t_out / DAYS_PER_YEAR,
                {"units": "year", "long_name": "time since start of follow-up"},
            ),
            "site": list(SITES),
            "age": xr.Variable(("subject", "time"), ages, {"units": "year", "long_name": "age"}),
            "sex": ("subject", np.array(sexes)),
            "age_at_start": xr.Variable(
                "subject", np.array([s.age for s in self.subjects]), {"units": "year"}
            ),
            "menopause_age": xr.Variable(
                "subject",
                np.array([s.menopause_age if s.female else np.nan for s in self.subjects]),
                {"units": "year"},
            ),
            "body_mass_kg": xr.Variable(
                "subject", np.array([s.body_mass_kg for s in self.subjects]), {"units": "kg"}
            ),
            # The person's draw (provenance of between-person variability): peak BMD per
            # site as a z-score against the young-adult reference, and the physiology
            # multipliers (1: the mean person).
            "peak_bmd_z": xr.Variable(
                ("subject", "site"), peak_z,
                {"units": "SD", "long_name": "peak (age-30) areal BMD as a z-score against "
                 "the young-adult reference of the sex (Looker 1998; Kelly 2009)"}),
            **{f"physiology_{k}": xr.Variable(
                "subject", np.array([s.physiology.get(k, 1.0) for s in self.subjects]),
                {"units": "1", "long_name": f"per-person multiplier: {k.replace('_', ' ')}"})
               for k in PHYSIOLOGY_FACTORS},
        }
        citations = sorted(
            set(BASE_CITATIONS) | {it.citation for it in self.protocol.interventions if it.citation}
        )
        attrs = {
            "title": "Osteon simulation",
            "osteon_version": __version__,
            "parameter_set": self.parameters.name,
            "parameter_set_hash": self.parameters.hash,
            "protocol": self.protocol.describe(),
            "protocol_evidence": json.dumps(self.protocol.evidence()),
            "seed": -1 if self.seed is None else int(self.seed),
            "solver": json.dumps(self.solver.to_dict()),
            "freeze_age": int(self.freeze_age),
            "citations": json.dumps(citations + self.parameters.citations),
            "disclaimer": "Research and education tool; not medical advice.",
            "n_failed": int(np.sum(status != "ok")),
        }
        return xr.Dataset(data_vars, coords=coords, attrs=attrs)


def peak_bmd_z(subjects: Sequence[Subject], density0: np.ndarray) -> np.ndarray:
    """Each subject's peak BMD per site as a z-score, ``(n, 4)`` in :data:`SITES` order.

    Without ``peak_bmd_z`` and ``t_score``: 0 everywhere (the reference mean). With
    ``peak_bmd_z``: those values (missing sites 0). With a measured ``t_score`` the
    measured site's z is the one that gives that T-score at the start (``density0``,
    BMD relative to peak at the start, ``(n, 4)``); the other sites then get the same z
    when no ``peak_bmd_z`` is given (as before), else their own draw moved by the
    conditional mean, ``z_k + rho_k (z_measured - z_k,measured)`` with the cross-site
    correlations of :mod:`osteon.cohort.variability`.
    """
    from osteon.cohort.variability import peak_bmd_correlation

    out = np.zeros((len(subjects), N_SITES))
    for j, s in enumerate(subjects):
        drawn = np.array([(s.peak_bmd_z or {}).get(site, 0.0) for site in SITES])
        out[j] = drawn
        if s.t_score is None:
            continue
        k = SITES.index(s.t_score["site"])
        mean, sd = reference_bmd(s.sex, s.t_score["site"])
        target = mean + float(s.t_score["value"]) * sd
        d0 = density0[j, k] if np.isfinite(density0[j, k]) else 1.0
        z = (target / d0 - mean) / sd
        if s.peak_bmd_z is None:
            out[j] = z
        else:
            rho = peak_bmd_correlation(s.sex)[:, k]
            out[j] = drawn + rho * (z - drawn[k])
            out[j, k] = z
    return out


def simulate(subject: Subject, protocol=None, *, years: float = 10.0, **kwargs) -> xr.Dataset:
    """Simulate one subject; the result has no ``subject`` dimension.

    >>> from osteon import Subject, simulate
    >>> res = simulate(Subject(sex="male", age=60), years=2)
    >>> res.bmd.dims
    ('time', 'site')
    """
    return Simulation(subject, protocol, years=years, **kwargs).run().isel(subject=0)
