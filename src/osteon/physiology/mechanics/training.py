"""Training and walking as a daily stress stimulus on the mechanostat.

Daily stress stimulus
    Carter's daily stress stimulus (Carter DR et al. J Biomech 1987;20:785;
    Beaupré GS et al. J Orthop Res 1990;8:651) sums the loading cycles of a day
    weighted by their peak load: ``psi = (sum_i n_i * s_i**m)**(1/m)``, ``m = 4``
    (:func:`~osteon.physiology.mechanics.mechanostat.daily_stress_stimulus`).
    Each bout's cycles are saturated, ``n_eff = n_sat * ln(1 + n / n_sat)``, as
    bone's response saturates after a few dozen cycles (Rubin CT & Lanyon LE
    J Bone Joint Surg Am 1984;66:397; Turner CH & Robling AG Exerc Sport Sci Rev
    2003;31:45); with ``n_sat`` large this is Carter's plain sum. Loads are in
    body weights; see :mod:`osteon.physiology.mechanics.training_records`.

Habitual loading
    Walking (``habitual_steps_per_day``, 7000 by default, at 1.2 BW and 1.2 x
    standing spine load) plus background daily activities define each site's
    habitual ``H = sum n_eff s**m`` per day (hip: femoral neck and total hip;
    lumbar spine). A per-subject ``signals.steps_per_day`` is used when Signals
    carries one.

Training
    A programme adds its sessions' ``n_eff s**m``, averaged over the week
    (``sessions_per_week / 7`` per day), so the ODE sees a smooth daily average,
    never pulses. ``progression: linear`` raises the intensity linearly from
    ``training_progression_start`` of the stated %1RM to the stated %1RM over
    ``training_progression_weeks``. The one-repetition maximum scales with sex and
    age (:func:`strength_factor`); training history before the programme is not a
    subject field yet, so every programme starts from an untrained 1RM.

Cellular accommodation
    Bone cells become less responsive to a sustained new loading regime and
    recover with rest (Turner CH Calcif Tissue Int 1999;65:466; Schriefer JL et
    al. J Biomech 2005;38:1838; Saxon LK et al. Bone 2005;36:454). A
    programme's added stimulus counts as ``E (1 - alpha u(t))``, where ``u`` is
    the programme's on-time filtered with time constant ``tau``
    (``1 - exp(-(t - start)/tau)`` while on, decaying after stop: closed form).
    The response wanes to a share ``1 - alpha`` of its initial size; a programme
    started again after a rest is felt afresh.

Mechanostat load
    Site load relative to habitual (``signals.load``, 1 = habitual):
    ``L = ((H + sum E (1 - alpha u)) / H) ** k`` with ``k`` =
    ``training_load_exponent`` (calibrated; ``k = 1`` hands the mechanostat
    Carter's ``psi**m`` relative to habitual, ``k = 1/m`` psi itself). The
    total-body site gets the mean of the spine and hip log-loads times
    ``training_total_body_share``. Adding a programme never lowers the load.

Combining programmes
    Stimuli add in ``sum n s**m``, not in load factors: every training
    intervention adds its part to a shared tally (``signals.handover.training_tally``) and
    re-derives the combined load factor, so resistance and impact training
    together get Carter's joint stimulus, in any order.

Detraining: the load the cells remember
    Accommodation is a reference the cells move toward the load they feel
    (Turner 1999): while a programme runs, that reference is what the
    ``alpha u`` above takes away. When the programme stops, the reference does
    not vanish with the load: for a time it stays at the remembered
    ``alpha u(t) E(stop)`` and decays with the same ``tau``. Relative to it the
    habitual load is an underload, which the mechanostat answers by resorbing
    what the programme built (:func:`accommodated_load`; the response is
    :func:`~osteon.physiology.mechanics.mechanostat.detraining_response`), so
    training gains reverse over months when training stops (Dalsky GP et al. Ann
    Intern Med 1988;108:824; Winters KM & Snow CM J Bone Miner Res 2000;15:2495).
    The remembered load is carried on ``signals.load_accommodated`` (1 = nothing
    remembered); it depends on time only (a closed form of each programme's
    schedule), so it needs no model state.

The anabolic gain of the mechanostat scales with the sex-steroid signal
(:mod:`osteon.physiology.mechanics.mechanostat`), so the same programme builds
more bone with estrogen than without.

Why one module (about 620 lines): the three programmes (resistance, impact, walking) add
into one tally of Carter's sum and share its stimulus functions and input checks; split
apart, each would import the others' private helpers.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import numpy as np

from osteon import checks
from osteon.errors import OsteonInputError
from osteon.parameters.records import Evidence
from osteon.physiology.mechanics.training_records import EXERCISE_NAMES, IMPACT_NAMES
from osteon.signals import Intervention, Signals

PROGRESSIONS = ("none", "linear")
MAX_SESSIONS_PER_WEEK = 14.0
N_LOAD_SITES = 2  # 0: lumbar spine, 1: hip (femoral neck and total hip)


def effective_cycles(cycles, saturation: float):
    """Saturated cycles of one bout, ``n_sat * ln(1 + n / n_sat)``.

    Parameters
    ----------
    cycles
        Loading cycles of the bout (array).
    saturation
        ``n_sat`` (cycles), ``training_cycle_saturation``.

    >>> round(float(effective_cycles(20.0, 20.0)), 3)
    13.863
    >>> round(float(effective_cycles(5.0, 1e6)), 3)
    5.0
    """
    n = np.maximum(np.asarray(cycles, dtype=float), 0.0)
    return saturation * np.log1p(n / saturation)


def bout_stimulus(cycles, load_bw, params):
    """``n_eff * s**m`` of one bout (body weights^m x cycles).

    Parameters
    ----------
    cycles
        Loading cycles of the bout.
    load_bw
        Peak load at the site, body weights (or x standing for the spine).
    params
        The parameter set.
    """
    m = params["training_stress_exponent"]
    s = np.maximum(np.asarray(load_bw, dtype=float), 0.0)
    return effective_cycles(cycles, params["training_cycle_saturation"]) * s**m


def habitual_stimulus(params, steps_per_day=None) -> np.ndarray:
    """Habitual daily ``sum n_eff s**m`` of the spine and the hip, shape ``(..., 2)``.

    Walking (one daily bout of ``steps_per_day``, default
    ``habitual_steps_per_day``) and background daily activities.

    >>> from osteon.parameters import default_parameters
    >>> h = habitual_stimulus(default_parameters())
    >>> h.shape, bool(h[0] > 0 and h[1] > 0)
    ((2,), True)
    """
    steps = params["habitual_steps_per_day"] if steps_per_day is None else steps_per_day
    steps = np.asarray(steps, dtype=float)
    bg = params["habitual_background_cycles"]
    spine = bout_stimulus(steps, params["walking_spine_load"], params) + bout_stimulus(
        bg, params["habitual_background_spine_load"], params)
    hip = bout_stimulus(steps, params["walking_grf"], params) + bout_stimulus(
        bg, params["habitual_background_hip_load"], params)
    return np.stack(np.broadcast_arrays(spine, hip), axis=-1)


def strength_factor(female, age, params) -> np.ndarray:
    """One-repetition maximum relative to the records' untrained older woman, per subject.

    ``onerm_male_factor`` for men, times ``1 + onerm_age_slope * (onerm_reference_age -
    age)`` (strength falls with age), bounded to [0.5, 1.6]. The external load of an
    exercise at a given %1RM scales with it (:func:`exercise_loads` reads
    ``intensity x 1RM``).

    >>> from osteon.parameters import default_parameters
    >>> import numpy as np
    >>> f = strength_factor(np.array([True, False, True]), np.array([67.0, 67.0, 35.0]),
    ...                     default_parameters())
    >>> bool(f[0] == 1.0 and f[1] > f[0] and f[2] > f[0])
    True
    """
    sex = np.where(np.asarray(female, dtype=bool), 1.0, params["onerm_male_factor"])
    age_f = 1.0 + params["onerm_age_slope"] * (params["onerm_reference_age"]
                                               - np.asarray(age, dtype=float))
    return sex * np.clip(age_f, 0.5, 1.6)


def exercise_loads(exercise: str, intensity_fraction, params):
    """Peak spine (x standing) and hip (BW) loads of one resistance exercise.

    Parameters
    ----------
    exercise
        One of :data:`EXERCISES`.
    intensity_fraction
        Intensity as a fraction of 1RM (array).
    params
        The parameter set.

    Returns
    -------
    tuple of numpy.ndarray
        ``(spine, hip)`` peak loads.

    >>> from osteon.parameters import default_parameters
    >>> s, h = exercise_loads("deadlift", 0.85, default_parameters())
    >>> bool(s > 4 and h > 2.5)
    True
    """
    e = np.asarray(intensity_fraction, dtype=float) * params[f"onerm_bw_{exercise}"]
    spine = params[f"rt_spine_base_{exercise}"] + params[f"rt_spine_slope_{exercise}"] * e
    hip = params[f"rt_hip_base_{exercise}"] + params[f"rt_hip_slope_{exercise}"] * e
    return spine, hip


def impact_loads(activity: str, params):
    """Peak spine (x standing) and hip (BW GRF) loads of one impact activity."""
    grf = params[f"impact_grf_{activity}"]
    spine = 1.0 + params["impact_spine_transmission"] * (grf - 1.0)
    return spine, grf


def load_factor(habitual, added, params) -> np.ndarray:
    """Mechanostat load of the four DXA sites, relative to habitual.

    Parameters
    ----------
    habitual
        Habitual daily ``sum n_eff s**m``, shape ``(..., 2)`` (spine, hip).
    added
        Added (accommodation-weighted) daily ``sum n_eff s**m``, same shape.
    params
        The parameter set.

    Returns
    -------
    numpy.ndarray
        Shape ``(..., 4)``: lumbar spine, femoral neck, total hip, total body.

    >>> from osteon.parameters import default_parameters
    >>> import numpy as np
    >>> load_factor(np.ones(2), np.zeros(2), default_parameters()).tolist()
    [1.0, 1.0, 1.0, 1.0]
    """
    k = params["training_load_exponent"]
    log_l = k * np.log1p(np.maximum(added, 0.0) / habitual)
    tb = params["training_total_body_share"] * 0.5 * (log_l[..., 0] + log_l[..., 1])
    return np.exp(np.stack([log_l[..., 0], log_l[..., 1], log_l[..., 1], tb], axis=-1))


def accommodated_load(habitual, added, remembered, params) -> np.ndarray:
    """Load the cells remember, relative to the load they feel, shape ``(..., 4)`` (>= 1).

    ``load_factor(habitual, added + remembered) / load_factor(habitual, added)``: 1 when no
    stopped programme is remembered (``remembered`` 0).

    >>> from osteon.parameters import default_parameters
    >>> import numpy as np
    >>> P = default_parameters()
    >>> accommodated_load(np.ones(2), np.zeros(2), np.zeros(2), P).tolist()
    [1.0, 1.0, 1.0, 1.0]
    >>> bool(np.all(accommodated_load(np.ones(2), np.zeros(2), np.ones(2), P) > 1.0))
    True
    """
    return load_factor(habitual, np.asarray(added) + remembered, params) / load_factor(
        habitual, added, params)


@dataclass
class _Tally:
    """Training stimulus of all programmes applied so far at one time (per subject)."""

    habitual: np.ndarray  # (n, 2)
    added: np.ndarray  # (n, 2), accommodation-weighted
    applied: np.ndarray  # (n, 4) load factor already multiplied into signals.load
    remembered: np.ndarray | None = None  # (n, 2), stopped programmes' accommodated stimulus


def _steps(signals: Signals):
    steps = getattr(signals, "steps_per_day", None)
    return None if steps is None else np.asarray(steps, dtype=float)


@dataclass(frozen=True)
class _Loading(Intervention):
    """Base class of programmes that add loading cycles (phase 3)."""

    phase: ClassVar[int] = 3

    # --- to be provided by subclasses ---------------------------------------------
    def _daily(self, params, scale, strength=1.0) -> np.ndarray:
        """Added daily ``sum n_eff s**m`` (spine, hip) at intensity ``scale`` (array);
        ``strength`` is each subject's 1RM relative to the records' (:func:`strength_factor`)."""
        raise NotImplementedError  # pragma: no cover

    def _scale(self, params, since):
        """Intensity scale (fraction of the stated intensity) ``since`` days after start."""
        return np.ones_like(np.asarray(since, dtype=float))

    # --- closed-form stimulus -----------------------------------------------------
    def added_stimulus(self, t, params, strength=1.0) -> np.ndarray:
        """Added daily ``sum n_eff s**m`` at ``t`` (days), shape ``t.shape + (2,)``; 0 when off."""
        t = np.asarray(t, dtype=float)
        since = np.maximum(t - self.start_day, 0.0)
        e = self._daily(params, self._scale(params, since), strength)
        return np.where(self.active(t)[..., None], e, 0.0)

    def accommodation(self, t, params):
        """``u(t)``: the programme's on-time filtered with time constant ``tau`` (0 to 1).

        ``1 - exp(-(t - start)/tau)`` while on; after ``stop`` it decays as
        ``exp(-(t - stop)/tau)``; 0 before ``start``.
        """
        t = np.asarray(t, dtype=float)
        tau = params["training_accommodation_time"]
        on_until = t if self.stop_day is None else np.minimum(t, self.stop_day)
        reached = -np.expm1(-np.maximum(on_until - self.start_day, 0.0) / tau)
        off = 0.0 if self.stop_day is None else np.maximum(t - self.stop_day, 0.0)
        return reached * np.exp(-off / tau)

    def effective_stimulus(self, t, params, strength=1.0) -> np.ndarray:
        """Added stimulus weighted by accommodation, ``E (1 - alpha u)``, shape ``t.shape + (2,)``."""
        alpha = params["training_accommodation_fraction"]
        w = 1.0 - alpha * self.accommodation(t, params)
        return self.added_stimulus(t, params, strength) * w[..., None]

    def remembered_stimulus(self, t, params, strength=1.0) -> np.ndarray:
        """Accommodated stimulus the cells still hold after ``stop``, ``alpha u(t) E(stop)``,
        shape ``t.shape + (2,)``; 0 before ``stop`` (and for a programme without one)."""
        t = np.asarray(t, dtype=float)
        if self.stop_day is None:
            return np.zeros(t.shape + (N_LOAD_SITES,))
        alpha = params["training_accommodation_fraction"]
        since = np.maximum(self.stop_day - self.start_day, 0.0)
        e = self._daily(params, self._scale(params, since), strength)
        w = np.where(t > self.stop_day, alpha * self.accommodation(t, params), 0.0)
        return np.broadcast_to(e, t.shape + (N_LOAD_SITES,)) * w[..., None]

    def apply(self, t, signals: Signals, params) -> None:
        n = signals.load.shape[0]
        t = np.broadcast_to(np.asarray(t, dtype=float), (n,))
        tally = signals.handover.training_tally
        if tally is None:
            hab = np.broadcast_to(habitual_stimulus(params, _steps(signals)), (n, N_LOAD_SITES))
            tally = _Tally(hab, np.zeros((n, N_LOAD_SITES)), np.ones((n, 4)))
        remembered = tally.remembered
        stopped = self.stop_day is not None and bool(np.any(t > self.stop_day))
        if not self.active(t).any() and not stopped:
            return
        strength = strength_factor(signals.female, signals.age, params)
        added = tally.added + self.effective_stimulus(t, params, strength)
        factor = load_factor(tally.habitual, added, params)
        signals.load = signals.load * (factor / tally.applied)
        if stopped:
            mem = self.remembered_stimulus(t, params, strength)
            remembered = mem if remembered is None else remembered + mem
        if remembered is not None:
            signals.load_accommodated = accommodated_load(tally.habitual, added, remembered,
                                                          params)
        # A tally handed over on this Signals object (rebuilt at every time): see module docs.
        signals.hand_over(training_tally=_Tally(tally.habitual, added, factor, remembered))


def _check_sessions(kind: str, sessions) -> float:
    if isinstance(sessions, bool) or not isinstance(sessions, (int, float)):
        raise OsteonInputError(f"{kind}.sessions_per_week", f"expected a number, got {sessions!r}",
                               "sessions_per_week: 3")
    if not (0.0 < sessions <= MAX_SESSIONS_PER_WEEK):
        raise OsteonInputError(
            f"{kind}.sessions_per_week",
            f"{sessions!r} is outside (0, {MAX_SESSIONS_PER_WEEK:g}] (two sessions a day at most)",
            "sessions_per_week: 3")
    return float(sessions)


def _check_count(field: str, value, example: str) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value != int(value) \
            or value < 1:
        raise OsteonInputError(field, f"{value!r} must be a whole number of at least 1", example)
    return int(value)


def _check_positive(field: str, value, example: str, hi: float | None = None) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not np.isfinite(value) \
            or value <= 0 or (hi is not None and value > hi):
        rng = f"(0, {hi:g}]" if hi is not None else "above 0"
        raise OsteonInputError(field, f"{value!r} must be a number {rng}", example)
    return float(value)


@dataclass(frozen=True)
class ResistanceTraining(_Loading):
    """Progressive resistance training (sessions of sets x reps of weighted exercises).

    Each exercise is one bout per session: ``sets * reps`` cycles at its peak
    spine and hip loads for intensity x 1RM (body weights) of an untrained older
    adult (:func:`exercise_loads`).

    Parameters
    ----------
    sessions_per_week
        Sessions a week, in (0, 14].
    intensity_pct_1rm
        Load as percent of the one-repetition maximum, in (0, 100].
    sets, reps
        Sets per exercise and repetitions per set (whole numbers >= 1).
    exercises
        Names from :data:`EXERCISES`.
    progression
        ``"none"`` or ``"linear"`` (progressive overload to the stated intensity).

    Examples
    --------
    >>> ResistanceTraining(sessions_per_week=2, intensity_pct_1rm=85, sets=5, reps=5,
    ...                    exercises=("deadlift", "squat")).describe()
    'resistance_training (2/week, 5x5 at 85% 1RM: deadlift, squat) from day 0 to end'
    >>> ResistanceTraining(intensity_pct_1rm=120)
    Traceback (most recent call last):
    ...
    osteon.errors.OsteonInputError: resistance_training.intensity_pct_1rm: 120 must be a number (0, 100] (percent of the one-repetition maximum). Valid example: intensity_pct_1rm: 80
    """

    sessions_per_week: float = 2.0
    intensity_pct_1rm: float = 80.0
    sets: int = 3
    reps: int = 8
    exercises: tuple[str, ...] = ("squat", "deadlift")
    progression: str = "none"
    kind: ClassVar[str] = "resistance_training"
    evidence: ClassVar[Evidence] = Evidence.HUMAN_RCT
    citation: ClassVar[str] = ("Howe TE et al. Cochrane Database Syst Rev 2011;(7):CD000333; "
                               "Watson SL et al. J Bone Miner Res 2018;33:211 (LIFTMOR)")

    def __post_init__(self) -> None:
        super().__post_init__()
        k = self.kind
        object.__setattr__(self, "sessions_per_week", _check_sessions(k, self.sessions_per_week))
        i = self.intensity_pct_1rm
        if isinstance(i, bool) or not isinstance(i, (int, float)) or not (0 < i <= 100):
            raise OsteonInputError(f"{k}.intensity_pct_1rm",
                                   f"{i!r} must be a number (0, 100] (percent of the one-repetition "
                                   "maximum)", "intensity_pct_1rm: 80")
        object.__setattr__(self, "intensity_pct_1rm", float(i))
        object.__setattr__(self, "sets", _check_count(f"{k}.sets", self.sets, "sets: 3"))
        object.__setattr__(self, "reps", _check_count(f"{k}.reps", self.reps, "reps: 8"))
        ex = self.exercises
        if isinstance(ex, str):
            ex = (ex,)
        ex = tuple(ex)
        if not ex:
            raise OsteonInputError(f"{k}.exercises", "no exercise given", "exercises: [squat, deadlift]")
        for e in ex:
            if e not in EXERCISE_NAMES:
                raise OsteonInputError(f"{k}.exercises", f"{e!r} is not one of "
                                       f"{', '.join(EXERCISE_NAMES)}", "exercises: [squat, deadlift]")
        object.__setattr__(self, "exercises", ex)
        if self.progression not in PROGRESSIONS:
            raise OsteonInputError(f"{k}.progression", f"{self.progression!r} is not one of "
                                   f"{', '.join(PROGRESSIONS)}", "progression: linear")

    def _ramp_days(self, params) -> float:
        return 7.0 * params["training_progression_weeks"] if self.progression == "linear" else 0.0

    def _scale(self, params, since):
        since = np.asarray(since, dtype=float)
        ramp = self._ramp_days(params)
        if ramp <= 0.0:
            return np.ones_like(since)
        s0 = params["training_progression_start"]
        return s0 + (1.0 - s0) * np.clip(since / ramp, 0.0, 1.0)

    def _daily(self, params, scale, strength=1.0) -> np.ndarray:
        frac = np.asarray(scale, dtype=float) * np.asarray(strength, dtype=float) * (
            self.intensity_pct_1rm / 100.0)
        cycles = self.sets * self.reps
        spine = np.zeros_like(frac)
        hip = np.zeros_like(frac)
        for ex in self.exercises:
            s, h = exercise_loads(ex, frac, params)
            spine = spine + bout_stimulus(cycles, s, params)
            hip = hip + bout_stimulus(cycles, h, params)
        return np.stack([spine, hip], axis=-1) * (self.sessions_per_week / 7.0)

    def describe(self) -> str:
        prog = ", linear progression" if self.progression == "linear" else ""
        what = (f"{self.sessions_per_week:g}/week, {self.sets}x{self.reps} at "
                f"{self.intensity_pct_1rm:g}% 1RM: {', '.join(self.exercises)}{prog}")
        return super().describe().replace(self.kind, f"{self.kind} ({what})", 1)


@dataclass(frozen=True)
class ImpactTraining(_Loading):
    """Impact training: jumping, drop landings, running, skipping, stairs, hopping.

    Each session is one bout of ``impacts_per_session`` impacts (or
    ``minutes_per_session`` x the activity's impact rate) at the activity's
    peak GRF (hip) and the share of it that reaches the spine.

    Examples
    --------
    >>> ImpactTraining(activity="drop_landing", sessions_per_week=2, impacts_per_session=25).describe()
    'impact_training (drop_landing, 2/week, 25 impacts) from day 0 to end'
    >>> ImpactTraining(activity="trampoline", sessions_per_week=2, impacts_per_session=25)
    Traceback (most recent call last):
    ...
    osteon.errors.OsteonInputError: impact_training.activity: 'trampoline' is not one of jumping, drop_landing, running, skipping, stair_climbing, hopping. Valid example: activity: jumping
    """

    activity: str = "jumping"
    sessions_per_week: float = 3.0
    impacts_per_session: int | None = None
    minutes_per_session: float | None = None
    kind: ClassVar[str] = "impact_training"
    evidence: ClassVar[Evidence] = Evidence.HUMAN_RCT
    citation: ClassVar[str] = ("Bassey EJ et al. Osteoporos Int 1998;8:121; Weeks BK & Beck BR "
                               "J Bone Miner Res 2008;23:1110; Turner CH & Robling AG Exerc Sport "
                               "Sci Rev 2003;31:45")

    def __post_init__(self) -> None:
        super().__post_init__()
        k = self.kind
        if self.activity not in IMPACT_NAMES:
            raise OsteonInputError(f"{k}.activity", f"{self.activity!r} is not one of "
                                   f"{', '.join(IMPACT_NAMES)}", "activity: jumping")
        object.__setattr__(self, "sessions_per_week", _check_sessions(k, self.sessions_per_week))
        if self.impacts_per_session is None and self.minutes_per_session is None:
            raise OsteonInputError(f"{k}.impacts_per_session",
                                   "give impacts_per_session or minutes_per_session",
                                   "impacts_per_session: 50")
        if self.impacts_per_session is not None:
            object.__setattr__(self, "impacts_per_session", _check_count(
                f"{k}.impacts_per_session", self.impacts_per_session, "impacts_per_session: 50"))
        if self.minutes_per_session is not None:
            object.__setattr__(self, "minutes_per_session", _check_positive(
                f"{k}.minutes_per_session", self.minutes_per_session, "minutes_per_session: 20",
                hi=1440.0))

    def impacts(self, params) -> float:
        """Impacts per session (the count if given, else minutes x the activity's rate)."""
        if self.impacts_per_session is not None:
            return float(self.impacts_per_session)
        return float(checks.given(self.minutes_per_session, "minutes_per_session")) * params[f"impact_rate_{self.activity}"]

    def _daily(self, params, scale, strength=1.0) -> np.ndarray:
        s, h = impact_loads(self.activity, params)
        n = self.impacts(params)
        out = np.array([bout_stimulus(n, s, params), bout_stimulus(n, h, params)], dtype=float)
        return np.broadcast_to(out * (self.sessions_per_week / 7.0),
                               np.shape(scale) + (N_LOAD_SITES,)).copy()

    def describe(self) -> str:
        dose = (f"{self.impacts_per_session} impacts" if self.impacts_per_session is not None
                else f"{self.minutes_per_session:g} min")
        what = f"{self.activity}, {self.sessions_per_week:g}/week, {dose}"
        return super().describe().replace(self.kind, f"{self.kind} ({what})", 1)


@dataclass(frozen=True)
class Walking(_Loading):
    """Deliberate walking in addition to habitual activity (one daily bout).

    ``minutes_per_week`` become ``minutes_per_week / 7 * walking_cadence`` steps
    a day; ``steps_per_day`` are taken as given. Loads are those of habitual
    walking (1.2 BW; 1.2 x standing at the spine).

    Examples
    --------
    >>> Walking(minutes_per_week=150).describe()
    'walking (+150 min/week) from day 0 to end'
    >>> Walking(minutes_per_week=150, steps_per_day=3000)
    Traceback (most recent call last):
    ...
    osteon.errors.OsteonInputError: walking.minutes_per_week: give minutes_per_week or steps_per_day, not both. Valid example: minutes_per_week: 150
    """

    minutes_per_week: float | None = None
    steps_per_day: float | None = None
    kind: ClassVar[str] = "walking"
    evidence: ClassVar[Evidence] = Evidence.HUMAN_RCT
    citation: ClassVar[str] = "Martyn-St James M & Carroll S Bone 2008;43:521 (walking meta-analysis)"

    def __post_init__(self) -> None:
        super().__post_init__()
        k = self.kind
        if (self.minutes_per_week is None) == (self.steps_per_day is None):
            raise OsteonInputError(f"{k}.minutes_per_week",
                                   "give minutes_per_week or steps_per_day, not both"
                                   if self.minutes_per_week is not None else
                                   "give minutes_per_week or steps_per_day", "minutes_per_week: 150")
        if self.minutes_per_week is not None:
            object.__setattr__(self, "minutes_per_week", _check_positive(
                f"{k}.minutes_per_week", self.minutes_per_week, "minutes_per_week: 150",
                hi=10080.0))
        if self.steps_per_day is not None:
            object.__setattr__(self, "steps_per_day", _check_positive(
                f"{k}.steps_per_day", self.steps_per_day, "steps_per_day: 3000", hi=60000.0))

    def steps(self, params) -> float:
        """Added steps per day."""
        if self.steps_per_day is not None:
            return float(self.steps_per_day)
        return float(checks.given(self.minutes_per_week, "minutes_per_week")) / 7.0 * params["walking_cadence"]

    def _daily(self, params, scale, strength=1.0) -> np.ndarray:
        n = self.steps(params)
        out = np.array([bout_stimulus(n, params["walking_spine_load"], params),
                        bout_stimulus(n, params["walking_grf"], params)], dtype=float)
        return np.broadcast_to(out, np.shape(scale) + (N_LOAD_SITES,)).copy()

    def describe(self) -> str:
        what = (f"+{self.minutes_per_week:g} min/week" if self.minutes_per_week is not None
                else f"+{self.steps_per_day:g} steps/day")
        return super().describe().replace(self.kind, f"{self.kind} ({what})", 1)


EXERCISES = EXERCISE_NAMES
"""Resistance exercises of ``FORMAT.md``."""
IMPACT_ACTIVITIES = IMPACT_NAMES
"""Impact activities of ``FORMAT.md``."""

__all__ = [
    "EXERCISES",
    "IMPACT_ACTIVITIES",
    "ImpactTraining",
    "ResistanceTraining",
    "Walking",
    "accommodated_load",
    "bout_stimulus",
    "effective_cycles",
    "exercise_loads",
    "habitual_stimulus",
    "impact_loads",
    "strength_factor",
    "load_factor",
]
