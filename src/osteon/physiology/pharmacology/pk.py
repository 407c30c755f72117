"""Closed-form pharmacokinetics shared by all drugs.

Everything here is an explicit function of time, vectorised over ``t`` (days;
a scalar or an array, one time per subject), so the stiff bone solver never
has to step through an injection or a pill. Three building blocks:

- :func:`repeated_dose_level`: the instantaneous level of regularly repeated
  doses of a one-compartment model with first-order absorption (Bateman
  function), summed over all doses given so far with a geometric series;
- :func:`interval_average`: the average of that level over the dosing interval
  that ends at ``t`` (``(AUC(t) - AUC(t - tau)) / tau``). At periodic steady
  state it equals the classical average ``Css = F * dose / (CL * tau)``
  exactly; it is continuous in ``t`` and constant once the doses have reached
  steady state, so it is what the bone model reads;
- :func:`approach_and_washout`: a first-order (or two-stage first-order)
  approach to steady state from ``start`` and a washout after ``stop``, for
  inputs that are continuous at the time scale of interest (daily pills,
  patches, feedback loops, titration).

Levels are parametrised by ``css``, the dosing-interval average at steady
state (the figure that trials and labels report), rather than by volumes and
bioavailabilities; the rate constants set the shape.

Dose times are ``start + k * tau`` for ``k = 0, 1, ...`` while
``start + k * tau < stop``.

References
----------
Gibaldi M, Perrier D. *Pharmacokinetics*, 2nd ed. Marcel Dekker 1982, ch. 1 and 3
(one-compartment model with first-order absorption; superposition of doses).
"""

from __future__ import annotations

import numpy as np

__all__ = [
    "approach_and_washout",
    "cyclic_average",
    "cyclic_level",
    "doses_given",
    "interval_average",
    "rate",
    "repeated_dose_level",
    "steady_state_ripple",
    "step_response",
]

_LN2 = float(np.log(2.0))


def rate(halflife_days: float) -> float:
    """First-order rate constant (1/day) of a half-life in days; 0 days means instantaneous.

    >>> round(rate(0.5), 4)
    1.3863
    >>> rate(0.0)
    inf
    """
    return np.inf if halflife_days <= 0 else _LN2 / float(halflife_days)


def _distinct(ka: float, ke: float) -> tuple[float, float]:
    """Separate two equal rate constants slightly (the Bateman limit ka -> ke)."""
    if np.isfinite(ka) and abs(ka - ke) < 1e-6 * max(ka, ke):
        return ka * (1.0 + 1e-4), ke
    return ka, ke


def doses_given(t, start: float, tau: float, stop: float | None = None):
    """Number of doses given at or before ``t`` (days), and the time since the last one.

    Parameters
    ----------
    t
        Days since the start of follow-up (scalar or array).
    start, stop
        First dose day and the day dosing stops (``None``: never).
    tau
        Dosing interval (days).

    Returns
    -------
    tuple of numpy.ndarray
        ``(n, since_last)``: doses given (float, 0 before ``start``) and days
        since the last dose (0 where no dose has been given).

    Examples
    --------
    >>> n, s = doses_given([0.0, 6.5, 7.0, 30.0], start=0.0, tau=7.0, stop=21.0)
    >>> n.tolist(), s.tolist()
    ([1.0, 1.0, 2.0, 3.0], [0.0, 6.5, 0.0, 16.0])
    """
    t = np.asarray(t, dtype=float)
    since_start = t - start
    n = np.floor(since_start / tau + 1e-9) + 1.0
    if stop is not None:
        n_max = max(np.ceil((stop - start) / tau - 1e-9), 0.0)
        n = np.minimum(n, n_max)
    n = np.where(since_start >= 0.0, np.maximum(n, 0.0), 0.0)
    since_last = np.where(n > 0, since_start - (n - 1.0) * tau, 0.0)
    return n, since_last


def _exp_sum(k: float, n, since_last, tau: float):
    """``sum_{j<n} exp(-k * (since_last + j * tau))`` in closed form (0 where n = 0)."""
    r_tau = k * tau
    geometric = -np.expm1(-r_tau * n) / -np.expm1(-r_tau) if r_tau > 1e-12 else n
    return np.where(n > 0, np.exp(-k * since_last) * geometric, 0.0)


def repeated_dose_level(t, css: float, tau: float, ka: float, ke: float,
                        start: float = 0.0, stop: float | None = None):
    """Instantaneous level under regularly repeated doses (one compartment, first-order input).

    Each dose contributes ``css * tau * ke * ka / (ka - ke) * (exp(-ke s) - exp(-ka s))``
    at ``s`` days after it, so that the steady-state average over an interval is
    ``css``. The Bateman function is symmetric in the two rates, so for a depot
    (flip-flop kinetics) ``ka`` may be the slower one.

    Parameters
    ----------
    t
        Days since the start of follow-up (scalar or array).
    css
        Average level over a dosing interval at steady state (any unit).
    tau
        Dosing interval (days).
    ka, ke
        First-order absorption and elimination rate constants (1/day);
        ``ka = inf`` gives bolus input.
    start, stop
        First dose day and the day dosing stops (``None``: never).

    Returns
    -------
    numpy.ndarray
        The level at ``t`` (same unit as ``css``), 0 before ``start``.

    Examples
    --------
    Steady state of weekly doses, elimination half-life 1 day, bolus input:
    the trough is ``css * k * tau * exp(-k tau) / (1 - exp(-k tau))``.

    >>> k = rate(1.0)
    >>> trough = repeated_dose_level(7 * 50 - 1e-6, 100.0, 7.0, np.inf, k)
    >>> expected = 100 * k * 7 * np.exp(-7 * k) / (1 - np.exp(-7 * k))
    >>> bool(np.isclose(trough, expected, rtol=1e-6))
    True
    """
    ka, ke = _distinct(ka, ke)
    n, s = doses_given(t, start, tau, stop)
    if not np.isfinite(ka):
        return css * tau * ke * _exp_sum(ke, n, s, tau)
    amp = css * tau * ke * ka / (ka - ke)
    return amp * (_exp_sum(ke, n, s, tau) - _exp_sum(ka, n, s, tau))


def _cumulative_auc(t, css, tau, ka, ke, start, stop):
    """Area under :func:`repeated_dose_level` from ``start`` to ``t``."""
    n, s = doses_given(t, start, tau, stop)
    total = css * tau * n  # every dose's full AUC ...
    if not np.isfinite(ka):
        return total - css * tau * _exp_sum(ke, n, s, tau)  # ... minus what is still to come
    amp = css * tau * ke * ka / (ka - ke)
    return total - amp * (_exp_sum(ke, n, s, tau) / ke - _exp_sum(ka, n, s, tau) / ka)


def interval_average(t, css: float, tau: float, ka: float, ke: float,
                     start: float = 0.0, stop: float | None = None):
    """Average of :func:`repeated_dose_level` over the dosing interval ending at ``t``.

    ``(AUC(t) - AUC(t - tau)) / tau`` in closed form: 0 before ``start``, rising
    over the first intervals, exactly ``css`` at periodic steady state, and
    falling after ``stop`` as the last doses wash out. It is continuous in
    ``t`` (and has a continuous derivative when absorption is first-order),
    which keeps the bone solver's steps long.

    Parameters
    ----------
    t, css, tau, ka, ke, start, stop
        As in :func:`repeated_dose_level`.

    Returns
    -------
    numpy.ndarray
        The dosing-interval average (same unit as ``css``).

    Examples
    --------
    >>> ke, ka = rate(0.1), rate(4.5)  # testosterone enanthate depot (flip-flop)
    >>> avg = interval_average([3.0, 7.0 * 40 + 2.5], 800.0, 7.0, ka, ke)
    >>> bool(avg[0] < 400.0), round(float(avg[1]), 6)
    (True, 800.0)
    """
    ka, ke = _distinct(ka, ke)
    t = np.asarray(t, dtype=float)
    a1 = _cumulative_auc(t, css, tau, ka, ke, start, stop)
    a0 = _cumulative_auc(t - tau, css, tau, ka, ke, start, stop)
    return np.maximum(a1 - a0, 0.0) / tau


def step_response(s, k1: float, k2: float | None = None):
    """Response to a unit step through one or two first-order stages in series.

    ``1 - exp(-k1 s)`` for one stage; for two stages
    ``1 - (k1 exp(-k2 s) - k2 exp(-k1 s)) / (k1 - k2)``. 0 for ``s <= 0``;
    an infinite rate is an instantaneous stage.

    Parameters
    ----------
    s
        Days since the step (scalar or array).
    k1, k2
        Rate constants (1/day).

    Examples
    --------
    >>> float(step_response(1.0, rate(1.0)))
    0.5
    >>> float(step_response(1.0, rate(1.0), np.inf))
    0.5
    >>> bool(step_response(1.0, rate(1.0), rate(1.0)) < 0.5)
    True
    """
    s = np.maximum(np.asarray(s, dtype=float), 0.0)
    finite = [k for k in (k1, k2) if k is not None and np.isfinite(k)]
    if not finite:
        return np.where(s > 0, 1.0, 0.0)
    if len(finite) == 1:
        return -np.expm1(-finite[0] * s)
    a, b = _distinct(*finite)
    return 1.0 - (a * np.exp(-b * s) - b * np.exp(-a * s)) / (a - b)


def approach_and_washout(t, start: float, stop: float | None, k_on: float,
                         k_on2: float | None = None, k_off: float | None = None,
                         k_off2: float | None = None):
    """Fraction of the steady-state level at ``t`` for an input on from ``start`` to ``stop``.

    During ``[start, stop)`` the level approaches steady state as
    :func:`step_response` with rates ``(k_on, k_on2)``; after ``stop`` it
    falls from the level reached, as ``1 - step_response`` with rates
    ``(k_off, k_off2)`` (default: the same as on). With identical rates this
    is the exact linear response ``F(t - start) - F(t - stop)`` only when
    steady state was reached; the form used here is continuous at ``stop``
    and never negative, which is what matters for titrated or feedback
    quantities whose rise and fall differ.

    Parameters
    ----------
    t
        Days since the start of follow-up (scalar or array).
    start, stop
        Days the input starts and stops (``stop=None``: never).
    k_on, k_on2
        Rate constants of the rise (1/day).
    k_off, k_off2
        Rate constants of the washout (1/day); default ``k_on, k_on2``.

    Returns
    -------
    numpy.ndarray
        Fraction in [0, 1].

    Examples
    --------
    >>> k = rate(2.0)
    >>> f = approach_and_washout([-1.0, 2.0, 100.0, 102.0], 0.0, 100.0, k)
    >>> [round(float(x), 3) for x in f]
    [0.0, 0.5, 1.0, 0.5]
    """
    t = np.asarray(t, dtype=float)
    if k_off is None:
        k_off, k_off2 = k_on, k_on2
    rise = step_response(t - start, k_on, k_on2)
    if stop is None:
        return rise
    reached = step_response(stop - start, k_on, k_on2)
    after = reached * (1.0 - step_response(t - stop, k_off, k_off2))
    return np.where(t < stop, rise, after)


def steady_state_ripple(t, tau: float, ka: float, ke: float, start: float = 0.0):
    """Level relative to the interval average at periodic steady state, at the phase of ``t``.

    ``repeated_dose_level / css`` once infinitely many doses have been given:
    above 1 after a dose, below 1 before the next (the trough). Used to put
    peaks and troughs on a smooth, separately computed average (titrated
    doses). 1 before ``start``.

    Examples
    --------
    >>> k = rate(1.0)
    >>> trough = steady_state_ripple(7.0 - 1e-9, 7.0, np.inf, k)
    >>> bool(np.isclose(trough, k * 7 * np.exp(-7 * k) / (1 - np.exp(-7 * k))))
    True
    """
    ka, ke = _distinct(ka, ke)
    t = np.asarray(t, dtype=float)
    phase = np.mod(t - start, tau)
    if not np.isfinite(ka):
        ripple = tau * ke * np.exp(-ke * phase) / -np.expm1(-ke * tau)
    else:
        amp = tau * ke * ka / (ka - ke)
        ripple = amp * (np.exp(-ke * phase) / -np.expm1(-ke * tau)
                        - np.exp(-ka * phase) / -np.expm1(-ka * tau))
    return np.where(t >= start, ripple, 1.0)


def _square_wave_integral(t, on_days, cycle_days, start, stop):
    """Integral from ``start`` to ``t`` of a unit square wave on for ``on_days`` per cycle."""
    t = np.asarray(t, dtype=float)
    end = t if stop is None else np.minimum(t, stop)
    u = np.maximum(end - start, 0.0)
    full = np.floor(u / cycle_days)
    return full * on_days + np.minimum(u - full * cycle_days, on_days)


def cyclic_average(t, level_on: float, on_days: float, cycle_days: float,
                   start: float = 0.0, stop: float | None = None):
    """Average over the cycle ending at ``t`` of a level given ``on_days`` of every cycle.

    The input is on (at ``level_on``) for the first ``on_days`` of each cycle
    of ``cycle_days`` from ``start`` (e.g. a progestogen taken 12 days a
    month); the result is continuous and equals ``level_on * on_days /
    cycle_days`` from the end of the first cycle until ``stop``.

    Examples
    --------
    >>> avg = cyclic_average([6.0, 30.0, 45.0, 200.0], 5.0, 12.0, 30.0, stop=90.0)
    >>> [round(float(x), 3) for x in avg]
    [1.0, 2.0, 2.0, 0.0]
    """
    t = np.asarray(t, dtype=float)
    q1 = _square_wave_integral(t, on_days, cycle_days, start, stop)
    q0 = _square_wave_integral(t - cycle_days, on_days, cycle_days, start, stop)
    return level_on * (q1 - q0) / cycle_days


def cyclic_level(t, level_on: float, on_days: float, cycle_days: float, ke: float,
                 start: float = 0.0, stop: float | None = None):
    """Instantaneous level of the cyclic input of :func:`cyclic_average` with elimination ``ke``.

    Rises as ``1 - exp(-ke s)`` during the on-days and falls as ``exp(-ke s)``
    afterwards; carry-over from one cycle to the next is neglected (exact when
    the off-days last many half-lives, as for oral progestogens).

    Examples
    --------
    >>> lv = cyclic_level([-1.0, 11.99, 13.0, 29.0], 5.0, 12.0, 30.0, rate(0.5))
    >>> [round(float(x), 3) for x in lv]
    [0.0, 5.0, 1.25, 0.0]
    """
    t = np.asarray(t, dtype=float)
    end = t if stop is None else np.minimum(t, stop)
    phase = np.mod(np.maximum(end - start, 0.0), cycle_days)
    on = level_on * -np.expm1(-ke * np.minimum(phase, on_days))
    level = on * np.exp(-ke * np.maximum(phase - on_days, 0.0))
    if stop is not None:
        level = level * np.exp(-ke * np.maximum(t - stop, 0.0))
    return np.where(t >= start, level, 0.0)
