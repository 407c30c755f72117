"""Frost's mechanostat with a daily stress stimulus.

Stimulus
    Carter's daily stress stimulus (Carter DR et al. J Biomech 1987;20:785;
    Beaupré GS et al. J Orthop Res 1990;8:651, eq. 2):
    ``psi = (sum_i n_i * sigma_i**m) ** (1/m)`` over the day's loading cycles,
    with ``m = 4``. It is a daily summary by definition, so training sessions and
    steps enter the ODE as a smooth daily average, never as pulses.

Tissue stress
    For a fixed load, tissue stress rises as the bone gets less dense:
    ``sigma_tissue ~ load / rho**k`` with ``k = 2`` (Beaupré 1990, eq. 3;
    Carter DR & Hayes WC J Bone Joint Surg Am 1977;59:954, modulus ~ density^2-3).

Set point, sensitivity and modeling threshold
    Frost HM Anat Rec 1987;219:1-9; Frost HM J Bone Miner Res 1999;14:1473. The
    seed's central claim is that sex steroids set the mechanostat: estrogen-receptor
    alpha is needed for the osteocyte response to strain (Lee K et al. Nature
    2003;424:389). Here a falling sex-steroid signal ``S`` (1 at peak bone mass)
    raises the set point by ``S**-eta``, and scales the gain of the
    remodeling-level feedback that answers density lost at habitual load.
    Load above the habitual builds bone only past a modeling threshold
    ``m = m_E (1 - pi_E)`` set by the absolute estrogen-receptor occupancy
    ``pi_E`` (about 0.94 before menopause, 0.5 in men of 60, 0.24 after
    menopause; :func:`modeling_threshold`, :func:`modeling_response`): so
    premenopausal women gain from jumping where postmenopausal women do not
    (Bassey EJ et al. J Bone Miner Res 1998;13:1805), and men gain about as
    little as postmenopausal women (Kelley GA et al. Bone 2013;53:103; Mages M
    et al. Nutrients 2021;13:4244).

Detraining
    Accommodation (Turner CH Calcif Tissue Int 1999;65:466) moves the load the cells
    expect toward the load they get. When a training programme stops, the load it had
    accommodated them to is remembered for a time
    (:func:`osteon.physiology.mechanics.training.accommodated_load`), and the habitual load
    is then felt as an underload. The response (:func:`detraining_response`) mirrors what
    built the gain: the remembered stimulus above the modeling threshold, against the
    present one, raises RANKL (more remodeling) and leaves each cavity partly unfilled
    (negative BMU balance: Frost's disuse mode, Frost HM Anat Rec 1987;219:1), so gains
    made above the habitual reverse over months (Winters KM & Snow CM J Bone Miner Res
    2000;15:2495), and nothing is lost where nothing was built.

Response
    As in Scheiner S et al. Int J Numer Meth Biomed Eng 2013;29:1069 (eqs.
    27-31): a stimulus above the set point drives osteoblast precursor
    proliferation, a stimulus below it raises RANKL. The underload is read as
    the inverse stimulus ratio ``1/q - 1`` (``q = 1 + error``), equal to
    ``-error`` near the set point and unbounded as the load is removed. The piecewise-linear
    response is smoothed (softplus) so the stiff solver sees a smooth
    right-hand side.
"""

from __future__ import annotations

import numpy as np


def softplus(x, width: float):
    """Smooth ``max(x, 0)`` with transition width ``width``.

    >>> round(float(softplus(1.0, 0.01)), 6)
    1.0
    >>> round(float(softplus(-1.0, 0.01)), 6)
    0.0
    """
    z = np.asarray(x, dtype=float) / width
    return width * np.logaddexp(0.0, z)


def daily_stress_stimulus(cycles_per_day, peak_load_bw, exponent: float = 4.0):
    """Carter's daily stress stimulus for a set of loading activities.

    Parameters
    ----------
    cycles_per_day
        Loading cycles per day of each activity (array; last axis = activity).
    peak_load_bw
        Peak load of each activity at the site, in body weights.
    exponent
        Carter's weighting exponent ``m`` (4 for bone).

    Returns
    -------
    numpy.ndarray
        ``(sum n * sigma**m) ** (1/m)`` over the last axis (units: body weights ×
        cycles^(1/m)).

    Examples
    --------
    >>> float(daily_stress_stimulus([10000.0], [1.0]))
    10.0
    >>> round(float(daily_stress_stimulus([5000.0, 100.0], [1.0, 3.0])), 3)
    10.698
    """
    n = np.asarray(cycles_per_day, dtype=float)
    s = np.asarray(peak_load_bw, dtype=float)
    return np.sum(n * s**exponent, axis=-1) ** (1.0 / exponent)


def mechanical_error(
    load_rel, density_rel, sex_steroid_signal,
    # not keyword-only (numba cannot bind those; engine/jit.py): pass them by keyword
    density_exponent, setpoint_exponent,
):
    """Relative deviation of the tissue stimulus from the (hormone-set) set point.

    ``e = load / rho**k * S**eta - 1``: zero at peak bone mass, positive when
    the bone is overloaded, ``-1`` with no load at all.

    >>> float(mechanical_error(1.0, 1.0, 1.0, density_exponent=2.0, setpoint_exponent=1.0))
    0.0
    >>> float(mechanical_error(1.0, 0.9, 1.0, density_exponent=2.0, setpoint_exponent=1.0)) > 0
    True
    """
    rho = np.maximum(density_rel, 1e-3)
    return (
        load_rel / rho**density_exponent * np.maximum(sex_steroid_signal, 1e-6) ** setpoint_exponent
        - 1.0
    )


def mechanostat_response(
    error, sex_steroid_signal,
    # not keyword-only (numba cannot bind those; engine/jit.py): pass them by keyword
    anabolic_gain, catabolic_gain, width,
):
    """Anabolic (precursor recruitment) and catabolic (RANKL) factors.

    Returns
    -------
    tuple of numpy.ndarray
        ``(anabolic, catabolic)``, both 1 at zero error.

    >>> a, c = mechanostat_response(0.0, 1.0, anabolic_gain=1.0, catabolic_gain=1.0, width=1e-4)
    >>> round(float(a), 3), round(float(c), 3)
    (1.0, 1.0)
    """
    zero = width * np.log(2.0)
    anabolic = 1.0 + anabolic_gain * sex_steroid_signal * (softplus(error, width) - zero)
    # Underload as the inverse stimulus ratio (``1/q - 1``, ``q = 1 + error``): equal to
    # ``-error`` to first order near the set point, unbounded as the load is removed
    # (Frost's disuse mode), so that unloading keeps adding remodeling (issue 9).
    q = np.maximum(1.0 + error, 1e-3)
    catabolic = 1.0 + catabolic_gain * (softplus(1.0 / q - 1.0, width) - zero)
    return np.maximum(anabolic, 0.0), np.maximum(catabolic, 0.0)


def modeling_threshold(estrogen_occupancy, *, threshold_gain):
    """Stimulus above the set point before modeling formation starts, ``m_E (1 - pi_E)``.

    ``estrogen_occupancy`` is the absolute estrogen-receptor occupancy (0-1), not
    relative to the subject's own peak: the threshold differs between the sexes.

    >>> round(float(modeling_threshold(0.94, threshold_gain=2.0)), 3)
    0.12
    >>> float(modeling_threshold(0.25, threshold_gain=2.0)) > 1.0
    True
    """
    return threshold_gain * (1.0 - np.minimum(np.maximum(estrogen_occupancy, 0.0), 1.0))


def modeling_response(error, error_habitual, threshold, *, modeling_gain, width):
    """Additive osteoblast recruitment of load above the habitual, past the modeling threshold.

    ``modeling_gain * (softplus(error - m) - softplus(error_habitual - m))``: 0 at the
    habitual load (``error == error_habitual``) whatever the threshold, and nearly 0
    while the loaded stimulus stays below the threshold.

    >>> float(modeling_response(0.3, 0.3, 1.0, modeling_gain=1.0, width=1e-3))
    0.0
    >>> low = modeling_response(3.0, 0.0, 0.5, modeling_gain=1.0, width=1e-3)
    >>> high = modeling_response(3.0, 0.0, 2.5, modeling_gain=1.0, width=1e-3)
    >>> bool(low > high > 0.0)
    True
    """
    return modeling_gain * (softplus(error - threshold, width)
                            - softplus(error_habitual - threshold, width))


def detraining_response(error_remembered, error, threshold, *, width):
    """Remembered stimulus above the modeling threshold, against the present one (>= 0).

    ``softplus(error_remembered - m) - softplus(error - m)``: 0 when nothing is remembered
    (``error_remembered == error``) and nearly 0 while the remembered stimulus stays below the
    threshold, so a programme that built nothing loses nothing when it stops. The model
    multiplies it by ``mech_detraining_gain`` (RANKL) and ``mech_detraining_focal_gain`` (the
    share of each cavity left unfilled).

    >>> float(detraining_response(0.3, 0.3, 0.1, width=1e-3))
    0.0
    >>> round(float(detraining_response(2.0, 0.0, 0.5, width=1e-3)), 3)
    1.5
    >>> float(detraining_response(2.0, 0.0, 2.5, width=1e-3)) < 0.01
    True
    """
    return softplus(error_remembered - threshold, width) - softplus(error - threshold, width)


def disuse_response(error, error_habitual, *, width):
    """Underload beyond that of the habitual load, read as the inverse stimulus ratio (>= 0).

    ``softplus(1/q - 1) - softplus(1/q_hab - 1)`` with ``q = 1 + error``: 0 at the habitual
    load whatever the density or hormones (so natural history is unchanged), growing without
    bound as the load is removed. The model multiplies it by ``mech_disuse_focal_gain``, the
    share of each cavity left unfilled (Frost's disuse mode: BMUs in negative balance).

    >>> float(disuse_response(0.2, 0.2, width=1e-3))
    0.0
    >>> round(float(disuse_response(-0.9, 0.0, width=1e-3)), 2)
    9.0
    """
    q = np.maximum(1.0 + np.asarray(error, dtype=float), 1e-3)
    q_hab = np.maximum(1.0 + np.asarray(error_habitual, dtype=float), 1e-3)
    return softplus(1.0 / q - 1.0, width) - softplus(1.0 / q_hab - 1.0, width)
