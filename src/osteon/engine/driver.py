"""The batch engine's driver: per-subject adaptive Rodas4 steps, advanced in rounds.

Every subject keeps its own time, step size and next stop. A *round* tries one step for
every unfinished subject: numpy computes the time-only drives of all of them at their
five new stage times (one vectorised :meth:`~osteon.model.BoneModel.site_drives` call on
a model holding each subject once per stage time),
then one compiled call (:func:`osteon.engine.rodas.attempt_steps`) does the stiff
linear algebra and the right-hand sides of every subject. Rounds therefore cost numpy
overhead once per round, not per subject, and the number of rounds is the largest step
count of any subject, not their sum.

Exact stops: each subject steps exactly onto every output time and protocol breakpoint
(never across one), and evaluates the drives of a step's last stages just inside the step,
so an intervention that starts at a breakpoint acts from that step on, never before.

History: a subject starts at its own 30th birthday (peak bone mass, an exact steady state)
rather than at the batch's earliest start, and the years before follow-up have no stop in
them, so the controller takes steps as long as accuracy allows (``max_step``).

Failures: a subject whose step size collapses (a non-finite right-hand side, or a stiff
blow-up) is stopped with a status and a reason; the others finish.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field

import numpy as np

from osteon.engine import rodas

FIRST_STEP_DAYS = 0.5
"""Step tried first, and again after each protocol breakpoint (transients start there)."""
MIN_STEP_DAYS = 1e-7
MAX_ATTEMPTS = 200_000
COMPACT_BELOW = 0.5  # rebuild the drive model when fewer than this share of it is active
# 6 stages + df/dt, plus the Jacobian: 11 site columns (all sites at once) and about three
# right-hand sides' worth of systemic columns (the calcium states and the whole skeleton's
# effect on them).
RHS_PER_ATTEMPT = 7 + 11 + 3
RHS_PER_ATTEMPT_GENERATED = 7
"""With the generated Jacobian (:mod:`osteon.engine.jacgen`): the stages and df/dt only."""


_JACOBIAN: list[str | None] = [None]  # the default of integrate_batch's ``jacobian``


@contextlib.contextmanager
def use_jacobian(mode: str | None):
    """Within this block ``integrate_batch`` uses the ``mode`` Jacobian by default
    (``"generated"``, ``"fd"`` or ``None`` for the usual default): benchmarks and tests
    compare the two through :class:`~osteon.Simulation` without changing its arguments."""
    _JACOBIAN.append(mode)
    try:
        yield
    finally:
        _JACOBIAN.pop()


@dataclass
class BatchOutcome:
    """States at the output times and the status of every subject."""

    y: np.ndarray  # (n_times, n_subjects, block_size), NaN where a subject failed
    ok: np.ndarray  # (n_subjects,) bool
    message: np.ndarray  # (n_subjects,) str: "ok" or why the subject failed
    accepted: np.ndarray  # (n_subjects,) accepted steps
    rejected: np.ndarray  # (n_subjects,) rejected steps
    rounds: int = 0
    stats: dict = field(default_factory=dict)
    step: np.ndarray | None = None  # (n_subjects,) the step each subject would try next (days)
    rhs_per_attempt: int = RHS_PER_ATTEMPT  # RHS_PER_ATTEMPT_GENERATED with the generated one

    @property
    def nfev(self) -> int:
        """Right-hand-side evaluations (per subject, Jacobian columns included), summed."""
        return int((self.accepted.sum() + self.rejected.sum()) * self.rhs_per_attempt)


def integrate_batch(model, y0, t0, t_out, breakpoints=(), *, rtol=1e-6, atol=1e-9,
                    max_step=365.25, first_step=FIRST_STEP_DAYS,
                    dense_output=True, h0=None, jacobian=None) -> BatchOutcome:
    """Integrate every subject of ``model`` from ``t0[i]`` through ``t_out`` (days).

    Parameters
    ----------
    model
        A :class:`~osteon.model.BoneModel` (anything with ``n``, ``block_size``,
        ``jacobian_structure``, ``site_drives``, ``site_constants``, ``engine_params`` and
        ``subset``).
    y0
        Initial states, ``(n, block_size)`` (or any shape with ``n * block_size`` values).
    t0
        Start time of each subject (scalar or ``(n,)``), at or before ``t_out[0]``.
    t_out
        Increasing output times; the result holds the states there.
    breakpoints
        Protocol times inside ``(min(t0), t_out[-1])`` the steps must not cross (those
        before ``t_out[0]`` act in the years before follow-up).
    dense_output
        Fill output times inside a step from Rodas4's continuous extension (order 3,
        exact at the step's ends). ``False`` steps onto every output time instead.
    h0
        Step each subject tries first (days; scalar or ``(n,)``; default ``first_step``).
        A run continued from where another stopped passes that run's
        :attr:`BatchOutcome.step`, so that the two together take exactly the steps of
        one run through both spans (a trial's arms branch from one shared history).
    jacobian
        ``"generated"`` (differentiated from the traced right-hand side,
        :mod:`osteon.engine.jacgen`) or ``"fd"`` (forward differences); default the
        generated one where it could be built (``OSTEON_JACOBIAN=fd`` turns it off).
    """
    from osteon.engine.kernels import HAVE_GENERATED_JACOBIAN

    if jacobian is None:
        jacobian = _JACOBIAN[-1] or ("generated" if HAVE_GENERATED_JACOBIAN else "fd")
    if jacobian not in ("generated", "fd"):
        raise ValueError(f"jacobian must be 'generated' or 'fd', not {jacobian!r}")
    generated_jac = jacobian == "generated" and HAVE_GENERATED_JACOBIAN
    n, b = model.n, model.block_size
    y = np.array(y0, dtype=float).reshape(n, b)
    t_out = np.asarray(t_out, dtype=float)
    t = np.broadcast_to(np.asarray(t0, dtype=float), (n,)).copy()
    if np.any(t > t_out[0]):
        raise ValueError("every subject must start at or before the first output time")
    # Breakpoints before the first output time (an intervention that started before
    # follow-up) are stops too for the subjects that start before them.
    bps = [float(p) for p in breakpoints if t.min() < p < t_out[-1] and p != t_out[0]]
    # Stops: steps land exactly on them. Drives are re-evaluated after each (the right
    # limit) and the last stages before one read the left limit.
    stops = np.unique(np.concatenate([t_out[[0, -1]] if dense_output else t_out, bps]))
    out = np.full((t_out.size, n, b), np.nan)
    at_first = t == t_out[0]
    out[0, at_first] = y[at_first]
    stop_idx = np.searchsorted(stops, t, side="right")
    done = stop_idx >= stops.size
    ok = np.ones(n, dtype=bool)
    message = np.full(n, "ok", dtype=object)
    h = np.full(n, float(first_step))
    if h0 is not None:
        h[:] = np.broadcast_to(np.asarray(h0, dtype=float), (n,))
        if not np.all((h > 0) & np.isfinite(h)):
            raise ValueError("h0: every first step must be a positive finite number of days")
    n_acc = np.zeros(n, dtype=np.int64)
    n_rej = np.zeros(n, dtype=np.int64)
    n_diag, m, n_sys = model.jacobian_structure
    C = np.ascontiguousarray(model.site_constants.T)
    core, record = model.engine_params
    # the record as a one-element array: numba types a numpy.void argument afresh on every
    # call (about 0.1 ms, paid once per round), an array from its dtype at once
    P = (core, np.array([record]))
    fractions = rodas.STAGE_FRACTIONS
    n_stage = rodas.N_STAGE_TIMES
    drive_model, drive_ids = model, np.arange(n)
    d0 = None  # drives of each subject at its current time (valid where d0_ok)
    d0_ok = np.zeros(n, dtype=bool)
    rounds = n_drive_calls = 0
    any_stale = False  # whether some d0_ok was cleared since the stale drives were last redone

    def drives_at(tk, loc):
        nonlocal n_drive_calls
        n_drive_calls += 1
        times = t[drive_ids]
        times[loc] = tk
        d = drive_model.site_drives(times, subject_major=True)  # (n_model, rows, n_drives)
        return d if loc.size == d.shape[0] else d[loc]  # (len(loc), rows, n_drives)

    stage_model = None  # drive_model's subjects once per new stage time, stage-major

    def drives_at_stages(tks, loc):
        # All new stage times of a round in one call: the numpy overhead of a call is
        # paid once per round instead of once per stage (what limits small cohorts).
        nonlocal n_drive_calls, stage_model
        n_drive_calls += 1
        k, nm = len(tks), drive_ids.size
        if stage_model is None:
            stage_model = drive_model.subset(np.tile(np.arange(nm), k))
        if loc.size == nm:  # (loc is then all of drive_ids, in order)
            times = np.concatenate(tks)
        else:  # (np.concatenate, not np.tile: the same copies, without its ~20 us a call)
            times = np.concatenate([t[drive_ids]] * k)
            for s, tk in enumerate(tks):
                times[s * nm + loc] = tk
        # subject-major: each subject's (rows, n_drives) block is contiguous, so the copy
        # into the round's D moves whole blocks instead of gathering single values
        d = stage_model.site_drives(times, subject_major=True)  # (k * n_model, rows, n_drives)
        d = d.reshape(k, nm, *d.shape[1:])
        if loc.size != nm:  # (loc is sorted and unique: all of drive_ids when as long)
            d = d[:, loc]
        return d.transpose(1, 0, 2, 3)  # (len(loc), k, rows, n_drives)

    while True:
        act = (~done).nonzero()[0]  # (the methods: np.flatnonzero's wrappers cost ~10 us)
        if act.size == 0:
            break
        rounds += 1
        if act.size <= COMPACT_BELOW * drive_ids.size and drive_ids.size > 64:
            drive_model, drive_ids = model.subset(act), act
            stage_model = None
        loc = drive_ids.searchsorted(act)
        ta = t[act]
        target = stops[stop_idx[act]]
        hh = np.minimum(h[act], max_step)
        # Land exactly on the next stop; stretch a step by up to 1% rather than leave a sliver.
        clamp = ta + 1.01 * hh >= target
        hh = np.where(clamp, target - ta, hh)
        t_new = np.where(clamp, target, ta + hh)
        delta = np.minimum(1e-3, 0.01 * hh)
        if d0 is None:
            first = drives_at(ta, loc)
            d0 = np.empty((n,) + first.shape[1:])
            d0[act] = first
            d0_ok[act] = True
        if any_stale:  # (a stop was reached since the last refresh: else every d0 is valid)
            stale = ~d0_ok[act]
            if stale.any():
                d0[act[stale]] = drives_at(ta, loc)[stale]
                d0_ok[act[stale]] = True
            any_stale = False
        D = np.empty((act.size, n_stage) + d0.shape[1:])
        D[:, 0] = d0[act]
        # Stage 1: the df/dt difference; then c2, c3, c4; the end of the step, from the
        # left when it is a stop.
        tks = [ta + delta, *(ta + fractions[k] * hh for k in range(2, n_stage - 1)),
               np.where(clamp, np.nextafter(t_new, -np.inf), t_new)]
        D[:, 1:] = drives_at_stages(tks, loc)
        accepted = np.zeros(act.size, dtype=np.bool_)
        h_next = np.empty(act.size)
        err = np.empty(act.size)
        w = np.empty((act.size, 2, b))
        y_old = y[act]
        rodas.attempt_steps(act, y, hh, delta, D, C, P, float(rtol), float(atol),
                            n_diag, m, n_sys, accepted, h_next, err, w, generated_jac)
        n_acc[act] += accepted
        n_rej[act] += ~accepted
        acc_j = accepted.nonzero()[0]
        if acc_j.size == act.size:  # all accepted: the arrays themselves, not copies of them
            who = act
            t[who] = t_new
            _record(out, t_out, who, ta, t_new, hh, y_old, y[who], w)
        else:
            who = act[acc_j]
            t[who] = t_new[acc_j]
            _record(out, t_out, who, ta[acc_j], t_new[acc_j], hh[acc_j], y_old[acc_j], y[who],
                    w[acc_j])
        reached = accepted & clamp
        smooth = accepted & ~clamp
        d0[act[smooth]] = D[smooth, n_stage - 1]
        h_prop = h_next
        if reached.any():
            h_prop = h_next.copy()
            hit = act[reached]
            d0_ok[hit] = False
            any_stale = True
            stop_idx[hit] += 1
            done[hit] = stop_idx[hit] >= stops.size
            # A step shortened to land on a stop says nothing against the longer step;
            # a protocol breakpoint may start a transient, so start small after one.
            h_prop[reached] = np.minimum(np.maximum(h_next[reached], h[act][reached]),
                                         np.where(np.isin(t[hit], bps), first_step, np.inf))
        h[act] = h_prop
        # (no one fails while every step is accepted and no one can have tried MAX_ATTEMPTS)
        bad = ((~accepted & (h_prop < MIN_STEP_DAYS)) | (n_acc[act] + n_rej[act] > MAX_ATTEMPTS)
               if rounds > MAX_ATTEMPTS or not accepted.all() else None)
        if bad is not None and bad.any():
            for j in np.flatnonzero(bad):
                i = act[j]
                why = ("non-finite right-hand side or state" if not np.isfinite(err[j])
                       else "step size too small" if h_prop[j] < MIN_STEP_DAYS
                       else "too many steps")
                ok[i] = False
                message[i] = f"batch engine failed at day {t[i]:.6g}: {why}"
                done[i] = True
                out[:, i] = np.nan
    return BatchOutcome(out, ok, message, n_acc, n_rej, rounds, step=h,
                        rhs_per_attempt=(RHS_PER_ATTEMPT_GENERATED if generated_jac
                                         else RHS_PER_ATTEMPT),
                        stats={"rounds": rounds, "accepted": int(n_acc.sum()),
                               "rejected": int(n_rej.sum()), "drive_calls": n_drive_calls})


def _record(out, t_out, who, t_old, t_new, h, y_old, y_new, w):
    """Write the output times in ``(t_old, t_new]`` of each accepted step (continuous output)."""
    lo = t_out.searchsorted(t_old, side="right")
    hi = t_out.searchsorted(t_new, side="right")
    count = hi - lo
    total = int(count.sum())
    if total == 0:
        return
    rows = np.repeat(np.arange(who.size), count)
    start = np.cumsum(count) - count
    k = lo[rows] + np.arange(total) - start[rows]
    s = ((t_out[k] - t_old[rows]) / h[rows])[:, None]
    exact = t_out[k] == t_new[rows]
    y1 = y_new[rows]
    val = (1.0 - s) * y_old[rows] + s * (y1 + (1.0 - s) * (w[rows, 0] + s * w[rows, 1]))
    val[exact] = y1[exact]
    out[k, who[rows]] = val
