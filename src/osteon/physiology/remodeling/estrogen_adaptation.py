"""Adaptation of the BMU balance to sustained estrogen deficiency (issue 9, item 8).

Bone loss after the menopause is fast for a few years and then slows although estrogen stays
low: spine loss of about 2.3 %/year in the first 3 years after the menopause then falls
exponentially with time since menopause (Pouilles JM, Tremollieres F, Ribot C. Calcif Tissue
Int 1993;52:340, 117 postmenopausal women, DPA); 3.3 %/year in the 2 years after the final
menstrual period (FMP), 1.1 %/year 2-7 years after it (Sowers MR et al. J Clin Endocrinol Metab
2010;95:2155); in SWAN the loss "decelerated (but did not cease)" 2 years after the FMP, 7.38 %
of the 10.6 % spine loss of the decade around the FMP falling in the 3 transmenopausal years
(Greendale GA et al. J Bone Miner Res 2012;27:111); at the femoral neck 1.8 %/year within 2
years of the menopause against 0.5 %/year beyond 5 years (Pouilles JM et al. J Bone Miner Res
1995;10:1531). The deep cavities are an early-postmenopausal finding (erosion depth +11 % in the
first two years; Eriksen EF et al. J Bone Miner Res 1999;14:1217), while in older and
osteoporotic women erosion depth is not increased (Eriksen EF et al. Bone 1985;6:141; J Bone
Miner Res 1990;5:311). Turnover itself stays high for decades after the menopause (Garnero P et
al. J Bone Miner Res 1996;11:337), so the adaptation acts on the focal balance (erosion depth),
not on osteoclast recruitment.

The model: bone's estrogen *drop* ``d(t) = 1 - signal / signal at peak`` (0 at peak bone mass,
1 without estrogen; the signal of bioavailable estradiol,
:meth:`osteon.physiology.endocrine.background.EndocrineBackground.estradiol_bioavailable_share`)
is followed by its exponentially weighted past, ``a(t)`` (of its fast part, below), with time constant
``tau`` (``estrogen_adaptation_time``). The adaptation *desensitizes* the erosion response to
any drop, by a share that the absolute size of the lasted drop sets (``f``,
``estrogen_adaptation_fraction``; ``a_full``, ``estrogen_adaptation_full_drop``; issue 9, items
3 and 8)::

    d_eff = d * (1 - f * min(max(a, 0) / a_full, 1))

* sustained deficiency (``d`` constant, at least ``a_full``): ``d_eff`` falls from ``d`` to
  ``(1 - f) d`` as ``a`` reaches ``a_full`` (the transmenopausal peak, then slower loss);
* a new, deeper deficiency acts in full on an unadapted skeleton but is damped on an adapted
  one: an aromatase inhibitor years after the menopause (``d`` about 0.75 -> 1) deepens
  cavities by ``(1 - f)`` of its drop (ATAC: Eastell R et al. J Clin Oncol 2008;26:1051, spine
  -4.1 % in 2 years in women 14 years past the menopause, about 2 %/year, not the
  transmenopausal 3 %/year; IBIS-II: Sestak I et al. Lancet Oncol 2014;15:1460);
* estrogen therapy brings ``d`` down, and a treated skeleton is damped the same way;
* stopping therapy after years on it finds the adaptation gone (``a`` small): loss resumes at
  the early-postmenopausal rate, the withdrawal rebound (Greenspan SL et al. Ann Intern Med
  2002;137:875: -4.5 % spine in the year after stopping).

**Fast changes only (issue 9: men lose too little bone).** The adaptation described above is
to the abrupt menopausal fall (estradiol falls over the two years around the final menstrual
period: Randolph JF et al. J Clin Endocrinol Metab 2011;96:746); nothing shows that bone adapts
to men's slow decline over decades, whose bioavailable estradiol predicts their bone loss
(Khosla S et al. J Clin Endocrinol Metab 2001;86:3555; Gennari L et al. J Clin Endocrinol Metab
2003;88:5327). Followed in full, that decline was cancelled: with ``d`` rising slowly, ``a``
stays next to it and ``d (1 - f d / a_full)`` even *falls* once ``d`` passes ``a_full / (2 f)``,
so men of 70-80 lost half of MrOS's 0.37 %/year (Cawthon PM et al. J Bone Miner Res
2009;24:1728). So ``a`` now follows the *fast-accumulated* drop ``F`` (:func:`fast_step`): each
change of ``d`` over a grid step counts towards ``F`` by the weight ``r / (r + r_half)`` of
its speed ``r`` (``estrogen_adaptation_rate_half``), ``F`` kept between 0 and ``max(d, 0)``. The
menopause (``d`` changing by about 0.3/year) and any drug (a step) count almost in full, a
man's decline (about 0.005/year) hardly at all; ``r_half = 0`` gives the form before.

**A second, slow stage (issue 9: older women's placebo arms; off by default).** Long after
the menopause erosion depth is back near premenopausal values (Eriksen 1985, 1990, above) and
loss slows toward the premenopausal rate (Pouilles 1993). A second weighted past ``a2`` of the
same fast-accumulated drop, with the longer time constant ``tau2``
(``estrogen_adaptation_slow_time``), takes the share ``f2``
(``estrogen_adaptation_slow_fraction``) of the first stage's remainder off the part of the drop
that lasted that long (:func:`slow_drop`)::

    d_eff = d (1 - f min(max(a, 0) / a_full, 1)) - f2 (1 - f) max(min(d, a2), 0)

It is subtractive, so an aromatase inhibitor's new drop and estrogen therapy meet the first
stage alone. It is tabulated with the first stage, one array step for both. ``f2`` is 0 by
default: in full it moves WHI's placebo hip and the NHANES 60-69 prevalence but loses more
endpoints than it gains, and it halves the mean woman's late femoral-neck loss, which the one
stage already puts at OSTPRE's figure (``scripts/refit_estrogen_slow_adaptation.py``).

``a_full = 0`` selects the earlier, subtractive form ``d - f max(min(d, a), 0)``, in which the
lasted part of the drop is taken off and a new, deeper deficiency acts in full (ATAC came out at
-5.7 / -5.2 % against -4.1 / -3.9 %; :func:`effective_drop`).

``a(t)`` is a functional of the hormone curves and the protocol, which depend on time only, so
it is a time-only input too: :class:`AdaptedDrop` tabulates it on a fixed grid
(:data:`GRID_YEARS`) from each subject's 30th birthday on and interpolates linearly; no ODE
state is added, and the batch engine and the SBML export read it through
:meth:`osteon.model.BoneModel.site_drives` like every other drive.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from osteon.physiology.person import person_estrogen_signal
from osteon.units import DAYS_PER_YEAR

GRID_YEARS = 0.1
"""Spacing (years) of the grid on which the adapted drop is tabulated (anchored at follow-up
time 0, so that every subset of a cohort sees the same grid values)."""
EXTEND_YEARS = 2.0
"""Years added beyond the time asked for whenever the table is extended."""
BLOCK_ROWS = 32768
"""The table grows in whole blocks of grid points, aligned on the grid anchored at time 0, with
about this many (grid point, subject) values per block: one vectorised ``drop_at`` call per
block instead of one per grid point (the speed of issue 14), and every grid value is computed
at the same place of the same call whatever the order of the calls, so the table stays
deterministic."""


def ema_step(previous, drop_before, drop_after, step, tau):
    """One grid step of the exponentially weighted past of a drop that is linear in between.

    ``previous`` is the weighted past at the start of the step, ``drop_before`` and
    ``drop_after`` the drop at its two ends, ``step`` and ``tau`` in the same time unit.
    Exact for a drop linear over the step; a constant drop is a fixed point.

    >>> round(float(ema_step(0.0, 1.0, 1.0, 1.0, 1.0)), 4)  # 1 - exp(-1)
    0.6321
    >>> float(ema_step(0.5, 0.5, 0.5, 0.1, 3.0))
    0.5
    """
    e, before, after = ema_weights(step, tau)
    return e * previous + before * np.asarray(drop_before) + after * np.asarray(drop_after)


def ema_weights(step, tau):
    """The weights of :func:`ema_step` on the weighted past, the drop before and the drop
    after (they depend on ``step`` and ``tau`` only: a table's steps compute them once)."""
    e = np.exp(-step / tau)
    c = tau / step * (1.0 - e)
    return e, c - e, 1.0 - c


def fast_step(fast, drop_before, drop_after, step, rate_half):
    """One grid step of the *fast-accumulated* drop, the part of the drop that came fast.

    Each change of the drop over the step counts by the weight ``r / (r + rate_half)`` of its
    speed ``r = |change| / step``: a menopausal or drug-induced change (the drop falls or rises
    by most of its range within a year or two) counts almost in full, a man's slow decline
    over decades hardly at all. The result is kept between 0 and the current drop (no more
    adapted than deficient; estrogen above the peak-bone-mass level, a negative drop, leaves
    nothing to adapt to).

    >>> round(float(fast_step(0.0, 0.0, 0.1, 0.1, 0.05)), 4)  # 1/year fall: 95 % counts
    0.0952
    >>> round(float(fast_step(0.0, 0.2, 0.2005, 0.1, 0.05)), 5)  # 0.005/year: 9 % counts
    5e-05
    >>> float(fast_step(0.7, 0.75, 0.0, 0.1, 0.05))  # estrogen therapy: back to nothing
    0.0
    """
    change = np.asarray(drop_after, float) - np.asarray(drop_before, float)
    rate = np.abs(change) / step
    weight = rate / (rate + rate_half)
    # (np.minimum/np.maximum: np.clip's values, without its cost of microseconds a call)
    return np.minimum(np.maximum(np.asarray(fast, float) + weight * change, 0.0),
                      np.maximum(np.asarray(drop_after, float), 0.0))


def _fast_steps_one(fast, before, drops, step, rate_half) -> list[float]:
    """:func:`fast_step` over the grid steps of one person, on Python floats: the same IEEE
    operations in the same order (``np.maximum``/``np.minimum``'s NaN rule kept), without
    numpy's cost per call (about 10 us, times some thousand steps a run)."""
    out = []
    for after in drops:
        change = after - before
        rate = abs(change) / step
        x = fast + rate / (rate + rate_half) * change
        x = x if (x > 0.0 or x != x) else 0.0  # (ties, as of 0.0 and -0.0: the second)
        cap = after if (after > 0.0 or after != after) else 0.0
        fast = x if (x < cap or x != x) else cap
        out.append(fast)
        before = after
    return out


def _ema_steps_one(past, weights, before, inputs) -> list[list[float]]:
    """:func:`ema_step` over the grid steps of one person for each stage (``past`` and
    ``weights``, ``(e, wb, wa)``, one per stage), on Python floats, same order of operations."""
    out = []
    for prev, (e, wb, wa) in zip(past, weights, strict=True):
        col = []
        for b, a in zip(before, inputs, strict=True):
            prev = e * prev + wb * b + wa * a
            col.append(prev)
        out.append(col)
    return out


def effective_drop(drop, adapted, fraction, full_drop=None, slow=None, slow_fraction=0.0):
    """The estrogen drop that deepens erosion after adaptation.

    Without ``full_drop`` (the form before issue 9, items 3 and 8): the lasted part is taken
    off the drop, ``d - f max(min(d, a), 0)``, so a new, deeper deficiency acts in full on
    top of an adapted one. With ``full_drop`` (``estrogen_adaptation_full_drop``): the
    adaptation *desensitizes* the erosion response to any estrogen drop, by the share
    ``f min(max(a, 0) / a_full, 1)`` set by the absolute size of the lasted drop::

        d_eff = d (1 - f min(max(a, 0) / a_full, 1))

    A sustained drop of at least ``a_full`` leaves ``(1 - f) d`` as before; but an aromatase
    inhibitor given years after the menopause (``d`` from about 0.75 to 1, ``a`` about 0.75)
    deepens cavities by ``(1 - f)`` of its extra drop at first instead of all of it, and
    estrogen given on an adapted skeleton (``d`` at or below 0) makes cavities shallower by
    ``(1 - f)`` as much; as ``a`` follows the new drop the sensitivity returns (two years on
    estrogen leave ``a`` small, so stopping it brings early-postmenopausal loss back).

    >>> round(float(effective_drop(0.8, 0.8, 0.75)), 12)  # long-standing: a quarter is left
    0.2
    >>> float(effective_drop(0.8, 0.0, 0.75))  # new deficiency: acts in full
    0.8
    >>> float(effective_drop(-0.05, 0.8, 0.75))  # on therapy: never past balance
    -0.05
    >>> round(float(effective_drop(1.0, 0.75, 0.8, 0.75)), 12)  # inhibitor on an adapted skeleton
    0.2
    >>> round(float(effective_drop(0.75, 0.75, 0.8, 0.75)), 12)  # the same long-standing drop
    0.15
    >>> round(float(effective_drop(-0.05, 0.75, 0.8, 0.75)), 12)  # therapy on it: damped
    -0.01
    """
    drop = np.asarray(drop, float)
    if full_drop is None:
        out = drop - fraction * np.maximum(np.minimum(drop, adapted), 0.0)
    else:
        share = np.minimum(np.maximum(np.asarray(adapted, float), 0.0) / full_drop, 1.0)
        out = drop * (1.0 - fraction * share)
    if slow is None or slow_fraction == 0.0:
        return out
    return out - slow_drop(drop, slow, fraction, slow_fraction)


def slow_drop(drop, slow, fraction, slow_fraction):
    """The part of the drop that the second, slow stage of adaptation takes off: ``f2`` of the
    share ``1 - f`` that the first stage leaves, of the part of the drop that lasted on the
    slow time scale, ``f2 (1 - f) max(min(d, a2), 0)`` (``a2`` the slow weighted past,
    ``f2`` ``estrogen_adaptation_slow_fraction``).

    Subtractive, like the first stage's earlier form: a long-standing drop keeps ``(1 - f)(1 -
    f2)`` of itself (erosion depth back near premenopausal values in older women: Eriksen EF
    et al. Bone 1985;6:141, J Bone Miner Res 1990;5:311), while a new, deeper deficiency on top
    (an aromatase inhibitor) and estrogen therapy (``d`` at or below 0) meet the first stage
    alone; it never takes more than the first stage left.

    >>> round(float(slow_drop(0.75, 0.75, 0.8, 0.5)), 12)  # long-standing: half of what is left
    0.075
    >>> round(float(effective_drop(0.75, 0.75, 0.8, 0.45, 0.75, 0.5)), 12)  # (1-f)(1-f2) d
    0.075
    >>> round(float(effective_drop(1.0, 0.75, 0.8, 0.45, 0.75, 0.5)), 12)  # inhibitor: + 0.2 x 0.25
    0.125
    >>> float(slow_drop(-0.05, 0.75, 0.8, 0.5))  # on therapy: nothing
    0.0
    """
    lasted = np.maximum(np.minimum(np.asarray(drop, float), slow), 0.0)
    return slow_fraction * (1.0 - fraction) * lasted


def bone_estrogen_drop(signal, signal_peak, sensitivity=None):
    """``1 - signal / signal at peak``, with a person's estrogen sensitivity applied as in
    :func:`osteon.physiology.endocrine.drives.hormone_drives` (it scales how far the signal
    falls).

    >>> float(bone_estrogen_drop(0.25, 1.0)), float(bone_estrogen_drop(0.25, 1.0, 0.5))
    (0.75, 0.375)
    """
    signal = np.asarray(signal, float)
    if sensitivity is not None:
        signal, _ = person_estrogen_signal(signal, signal_peak, sensitivity)
    return 1.0 - signal / signal_peak


class _Store:
    """The grid values of one table, shared by every :meth:`AdaptedDrop.take` of it: one
    column per distinct person, grown in place for all of its views at once."""

    __slots__ = ("drop_at", "n", "step", "tau", "k0", "rate_half", "drops", "fast", "table",
                 "rows", "slow_tau", "slow")

    def __init__(self, drop_at, n, step, tau, k0, rate_half=0.0, slow_tau=0.0):
        self.drop_at, self.n, self.step, self.tau, self.k0 = drop_at, n, step, tau, k0
        self.rate_half = rate_half  # 1/day; 0: every change counts in full
        self.slow_tau = slow_tau  # days; 0: no slow stage tabulated
        self.drops = np.zeros((1, n))  # drop at grid points k0, k0 + 1, ...
        self.fast = np.zeros(n)  # the fast-accumulated drop at the last grid point
        self.table = np.zeros((1, n))  # weighted past at the same points
        self.slow = np.zeros((1, n))  # the slow stage's weighted past (when slow_tau > 0)
        # rows in use: the table is computed in whole blocks, but reads see only the rows up
        # to where the time asked for (plus EXTEND_YEARS) reached, as before the blocks
        self.rows = 1


class AdaptedDrop:
    """The exponentially weighted past of each subject's estrogen drop, as a function of time.

    ``drop_at(times)`` returns the drop, shape ``(len(times), n)``, at follow-up times (days) on
    the grid; it must be 0 before each subject's 30th birthday. ``first_day`` is the earliest
    time asked for (the oldest subject's 30th birthday), ``tau_days`` the time constant. The
    table grows on demand (deterministically: the same grid values whatever the order of the
    calls).

    The grid values live in a store with one column per distinct person (``columns`` maps each
    subject to its column; default one column each), shared by every :meth:`take` of the table:
    the batch engine's models (one row per subject and stage time) and the result builder's
    (one row per subject and output time) read one table instead of each computing and
    copying its own (issue 14: time and memory).
    """

    def __init__(self, drop_at: Callable[[np.ndarray], np.ndarray], n: int, first_day: float,
                 tau_days: float, step_days: float = GRID_YEARS * DAYS_PER_YEAR,
                 columns: np.ndarray | None = None, rate_half_per_day: float = 0.0,
                 slow_tau_days: float = 0.0):
        step = float(step_days)
        self._store = _Store(drop_at, n, step, float(tau_days),
                             int(np.floor(first_day / step)) - 1, float(rate_half_per_day),
                             float(slow_tau_days))
        self.cols = np.arange(n) if columns is None else np.asarray(columns, dtype=np.intp)
        self.n = self.cols.size

    @property
    def step(self) -> float:
        return self._store.step

    @property
    def tau(self) -> float:
        return self._store.tau

    @property
    def k0(self) -> int:
        return self._store.k0

    @property
    def rows(self) -> int:
        return self._store.rows

    @property
    def table(self) -> np.ndarray:
        """The weighted past at the grid points in use, ``(rows, n)``, one column per subject."""
        return self._store.table[: self.rows][:, self.cols]

    @property
    def last_day(self) -> float:
        return (self.k0 + self.rows - 1) * self.step

    @property
    def block(self) -> int:
        """Grid points per block (at most 64, fewer for a large cohort)."""
        return int(max(1, min(64, BLOCK_ROWS // max(self._store.n, 1))))

    def _extend(self, to_day: float) -> None:
        s = self._store
        k_end = int(np.ceil(to_day / s.step + EXTEND_YEARS * DAYS_PER_YEAR / s.step))
        if k_end <= s.k0 + s.rows - 1:
            return
        s.rows = k_end - s.k0 + 1
        k_have = s.k0 + s.table.shape[0] - 1
        if k_end <= k_have:
            return
        B = self.block
        first_block, last_block = (k_have + 1) // B, k_end // B
        ks = np.arange(first_block * B, (last_block + 1) * B)
        drops = np.concatenate([
            np.asarray(s.drop_at(ks[j:j + B] * s.step), float).reshape(B, s.n)
            for j in range(0, ks.size, B)])
        drops = drops[ks > k_have]
        rows = np.empty_like(drops)
        prev, prev_drop = s.table[-1], s.drops[-1]
        # the input both stages follow: the fast-accumulated drop (rate_half > 0) or the drop
        if s.rate_half > 0.0:
            inputs = np.empty_like(drops)
            fast = s.fast
            if s.n == 1:  # one person: the same arithmetic on Python floats (issue 14)
                inputs[:, 0] = _fast_steps_one(float(fast[0]), float(prev_drop[0]),
                                               drops[:, 0].tolist(), s.step, s.rate_half)
                fast = inputs[-1].copy()
            else:
                for i in range(drops.shape[0]):
                    fast = inputs[i] = fast_step(fast, prev_drop, drops[i], s.step, s.rate_half)
                    prev_drop = drops[i]
            before = np.concatenate([s.fast[None, :], inputs[:-1]])
            s.fast = fast
        else:
            inputs = drops
            before = np.concatenate([s.drops[-1:], drops[:-1]])
        if s.n == 1:  # (both stages' arithmetic as below, on Python floats)
            # (the weights as the array code below computes them: both stages in one call)
            w = ema_weights(s.step, np.array([[s.tau], [s.slow_tau]]) if s.slow_tau > 0.0
                            else s.tau)
            weights = [[float(np.ravel(x)[j]) for x in w] for j in range(np.size(w[0]))]
            past = [float(prev[0])] + ([float(s.slow[-1][0])] if s.slow_tau > 0.0 else [])
            out = _ema_steps_one(past, weights, before[:, 0].tolist(), inputs[:, 0].tolist())
            rows[:, 0] = out[0]
            if s.slow_tau > 0.0:
                s.slow = np.concatenate([s.slow, np.array(out[1])[:, None]])
        elif s.slow_tau > 0.0:  # the second, slow stage: the same input, a longer time
            # constant, stepped together with the first (one array operation for both)
            e, wb, wa = ema_weights(s.step, np.array([[s.tau], [s.slow_tau]]))
            both = np.stack([prev, s.slow[-1]])
            slow = np.empty_like(drops)
            for i in range(drops.shape[0]):  # (ema_step's arithmetic, its weights once)
                both = e * both + wb * before[i] + wa * inputs[i]
                rows[i], slow[i] = both
            s.slow = np.concatenate([s.slow, slow])
        else:
            e, wb, wa = ema_weights(s.step, s.tau)
            for i in range(drops.shape[0]):
                prev = rows[i] = e * prev + wb * before[i] + wa * inputs[i]
        s.drops = np.concatenate([s.drops, drops])
        s.table = np.concatenate([s.table, rows])

    def __call__(self, t_days) -> np.ndarray:
        """The weighted past drop at ``t_days`` (a scalar, or one time per subject), ``(n,)``."""
        return self._read(t_days, "table")

    def slow(self, t_days) -> np.ndarray:
        """The slow stage's weighted past drop at ``t_days`` (0 without a slow time constant)."""
        if self._store.slow_tau <= 0.0:
            return np.zeros(self.n)
        return self._read(t_days, "slow")

    def _read(self, t_days, name: str) -> np.ndarray:
        t = np.asarray(t_days, float)
        if t.shape != (self.n,):
            t = np.broadcast_to(t, (self.n,))
        if t.max() >= self.last_day:  # strictly inside: a point and the one after it
            self._extend(float(t.max()))
        # position on the grid anchored at time 0 (not at k0, so that the fraction, and so
        # the value, does not depend on which subjects share the table)
        x = t / self.step
        k = np.floor(x)
        f = x - k
        i = k.astype(int) - self.k0
        f[i < 0] = 0.0
        i = np.minimum(np.maximum(i, 0), self.rows - 2)  # (integers: np.clip, without its cost)
        table, cols = getattr(self._store, name), self.cols
        return table[i, cols] * (1.0 - f) + table[i + 1, cols] * f

    def take(self, index, drop_at: Callable[[np.ndarray], np.ndarray] | None = None
             ) -> AdaptedDrop:
        """The same table for the subjects ``index`` (a slice or an index array), sharing its
        store (so that growing one grows all). ``drop_at`` is ignored: the store grows with
        the drop function it was made with (its persons include the subset's)."""
        out = AdaptedDrop.__new__(AdaptedDrop)
        out._store = self._store
        out.cols = self.cols[index]
        out.n = out.cols.size
        return out


# ------------------------------------------------------------------ wiring to the bone model


def drop_function(model) -> Callable[[np.ndarray], np.ndarray]:
    """``drop_at(times)`` of a :class:`~osteon.model.BoneModel`: bone's estrogen drop at
    follow-up times (days), ``(len(times), n)``. Up to time 0 the background alone
    (interventions start at 0 or later), after it the full signals with the protocol."""
    distinct: list = []  # (base, inverse), found on first use
    inner: list = []

    def drop_at(times):
        if not distinct:
            distinct.extend(_distinct_subjects(model))
            inner.append(_distinct_drop_function(model, distinct[0]))
        out = inner[0](times)
        inverse = distinct[1]
        return out if inverse is None else out[:, inverse]

    return drop_at


def _distinct_drop_function(model, base) -> Callable[[np.ndarray], np.ndarray]:
    """``drop_at(times)`` of the persons of ``base`` (a model of ``model``'s distinct
    subjects, or ``model`` itself): ``(len(times), base.n)``."""
    from osteon.physiology.endocrine import estrogen_occupancy

    P = model.p

    def drop(estradiol, m, ages):
        # bone reads bioavailable estradiol (SHBG rises with men's age), as in hormone_drives
        bioavailable = estradiol * m.background.estradiol_bioavailable_share(ages)
        signal = estrogen_occupancy(bioavailable, P.estrogen_ec50, P.estrogen_hill)
        return bone_estrogen_drop(signal, m.pi_e0, m._physiology.get("estrogen_sensitivity"))

    tiled: dict[int, object] = {}  # base's subjects once per time of a call, time-major

    def drop_at(times):
        times = np.asarray(times, float)
        k, n = times.size, base.n
        # one vectorised call for all the times: the subjects repeated once per time (a
        # model's ``signals`` take one time per subject); _extend always asks for the same
        # block of times, so the values do not depend on how the calls were batched
        if k not in tiled:
            tiled.clear()
            # (not base.subset: no copy of the table; for_subjects also subsets a protocol
            # that holds per-subject arrays, as the forecast's does)
            tiled[k] = base if k == 1 else base.for_subjects(np.tile(np.arange(n), k))
        many = tiled[k]
        flat = np.repeat(times, n)
        ages = np.tile(base.cohort.age, k) + flat / DAYS_PER_YEAR
        # up to time 0 the background alone (interventions start at 0 or later), after it the
        # full signals with the protocol
        past = flat <= 0.0
        # the history ends just before follow-up: the grid point at time 0 takes the left
        # limit, so that a level measured only at the start (held 0 years: a step at time 0)
        # does not leak back into the starting state through the table's interpolation
        estradiol = many.background.at_age(
            np.where(flat == 0.0, np.nextafter(ages, -np.inf), ages)).estradiol
        if not past.all():
            with_protocol = many.signals(flat if k > 1 else float(times[0])).hormones.estradiol
            estradiol = np.where(past, estradiol, with_protocol)
        out = np.asarray(drop(estradiol, many, ages), float).reshape(k, n).copy()
        # exactly 0 up to each subject's 30th birthday (the peak-bone-mass reference)
        young = base.cohort.age[None, :] + times[:, None] / DAYS_PER_YEAR <= 30.0
        out[young] = 0.0
        return out

    return drop_at


def _distinct_subjects(model):
    """``(base, inverse)``: a model of ``model``'s distinct subjects and, for each subject,
    its row in it (``inverse`` None when all differ). Models that hold one person many times
    (the result builder's one row per output time, the engine's one per stage time) then
    compute each person's drop once."""
    from osteon.cohort_arrays import _PER_SUBJECT

    cohort = model.cohort
    if model.n < 2 or model.protocol_per_subject:  # alike persons, different treatments
        return model, None
    cols = [np.asarray(getattr(cohort, f), float) for f in _PER_SUBJECT]
    cols += [np.asarray(v, float) for _, v in sorted(cohort.labs.items())]
    mat = np.ascontiguousarray(np.stack(cols, axis=1))
    keys = mat.view(np.dtype((np.void, mat.dtype.itemsize * mat.shape[1]))).ravel()
    _, first, inverse = np.unique(keys, return_index=True, return_inverse=True)
    if first.size == model.n:
        return model, None
    first_sorted = np.sort(first)  # keep the subjects' order
    position = np.searchsorted(first_sorted, first[inverse.ravel()])
    base = model.for_subjects(first_sorted)
    return base, position


def adapted_drop(model) -> AdaptedDrop:
    """The model's :class:`AdaptedDrop` (built on first use, kept on the model): one column
    per distinct person of the model, each subject reading its person's."""
    table = getattr(model, "_estrogen_adaptation", None)
    if table is None:
        first = float(np.min(30.0 - model.cohort.age)) * DAYS_PER_YEAR if model.n else 0.0
        base, inverse = _distinct_subjects(model)
        table = AdaptedDrop(_distinct_drop_function(model, base), base.n, min(first, 0.0),
                            model.p.estrogen_adaptation_time * DAYS_PER_YEAR, columns=inverse,
                            rate_half_per_day=model.p.estrogen_adaptation_rate_half
                            / DAYS_PER_YEAR, slow_tau_days=_slow_tau_days(model.p))
        model._estrogen_adaptation = table
    return table


def _slow_tau_days(P) -> float:
    """The slow stage's time constant in days, 0 when the stage is off (fraction 0)."""
    if float(P.estrogen_adaptation_slow_fraction) == 0.0:
        return 0.0
    return float(P.estrogen_adaptation_slow_time) * DAYS_PER_YEAR


def erosion_drop(model, t_days, signal):
    """The estrogen drop that deepens erosion in ``model`` at ``t_days``, given bone's current
    estrogen ``signal`` (after a person's sensitivity). With ``freeze_age`` the hormones never
    change, so the drop is taken as long-standing (adapted in full)."""
    drop = 1.0 - signal / model.pi_e0
    fraction = model.p.estrogen_adaptation_fraction
    if fraction == 0.0:
        return drop
    slow_fraction = float(model.p.estrogen_adaptation_slow_fraction)
    if model.freeze_age:
        adapted = slow = drop
    else:
        table = adapted_drop(model)
        adapted = table(t_days)
        slow = table.slow(t_days) if slow_fraction != 0.0 else None
    full = float(model.p.estrogen_adaptation_full_drop)
    return effective_drop(drop, adapted, fraction, full if full > 0.0 else None, slow,
                          slow_fraction)


def inherit(parent, child, index) -> None:
    """Give ``child`` (``parent.subset(index)``) the rows of the parent's table, if it has one."""
    table = getattr(parent, "_estrogen_adaptation", None)
    if table is not None:
        child._estrogen_adaptation = table.take(index)
