"""A reduced calcium - PTH - vitamin D axis (closed-form, steady relations).

This stands in for a full Peterson-Riggs calcium subsystem (Peterson MC &
Riggs MM Bone 2010;46:49), to come later. Every function here is a pure,
vectorised relation of intakes and serum levels, so each can be replaced on
its own. PTH is expressed relative to the subject's habitual state (1 when
nothing changes), so the natural-history calibration is left untouched.

Chain
    intake -> absorbed calcium (fractional absorption falls with the log of
    each load: Heaney RP et al. J Bone Miner Res 1990;5:1135; active
    absorption needs vitamin D: IOM 2011) -> PTH relative to habitual
    (``(A / A0) ** -gamma``, times a vitamin D term: PTH rises as 25(OH)D
    falls below ~75 nmol/L, Chapuy MC et al. Osteoporos Int 1997;7:439)
    -> RANKL expression (``PTH ** beta``).

    Vitamin D intake -> serum 25(OH)D: steady-state rise linear in the daily
    dose (Heaney RP et al. Am J Clin Nutr 2003;77:204, 0.7 nmol/L per ug/day),
    approached and washed out with first-order kinetics (half-life ~15 days,
    Jones G Am J Clin Nutr 2008;88:582S).

Because absorbed calcium multiplies (intake part x vitamin D efficiency) and
PTH is a power of it, the calcium and vitamin D interventions each contribute
their own factor and the factors multiply exactly.
"""

from __future__ import annotations

import numpy as np

from osteon.physiology.pharmacology.pk import approach_and_washout, rate


def fractional_absorption(load_mg, params):
    """True fractional calcium absorption of one load (Heaney 1990).

    ``a - b ln(load)``, bounded by ``calcium_absorption_floor`` and 0.9.

    Parameters
    ----------
    load_mg
        Calcium in one meal or one supplement dose (mg).
    params
        The parameter set.

    >>> from osteon.parameters import default_parameters
    >>> p = default_parameters()
    >>> round(float(fractional_absorption(15.0, p)), 2), round(float(fractional_absorption(500.0, p)), 2)
    (0.63, 0.29)
    """
    load = np.maximum(np.asarray(load_mg, dtype=float), 1.0)
    fa = params["calcium_absorption_intercept"] - params["calcium_absorption_log_slope"] * np.log(
        load
    )
    return np.clip(fa, params["calcium_absorption_floor"], 0.9)


def absorbed_calcium(
    dietary_mg_per_day, params, supplement_mg_per_dose=0.0, supplement_doses_per_day=0.0
):
    """Calcium absorbed per day (mg/day) at full vitamin D sufficiency.

    Dietary calcium is spread over ``calcium_meals_per_day`` meals; each
    supplement dose is absorbed as one load.

    >>> from osteon.parameters import default_parameters
    >>> p = default_parameters()
    >>> a0 = absorbed_calcium(800.0, p)
    >>> a1 = absorbed_calcium(800.0, p, supplement_mg_per_dose=1000.0, supplement_doses_per_day=1.0)
    >>> 250 < float(a0) < 320 and 1.5 < float(a1 / a0) < 2.0
    True
    """
    meals = params["calcium_meals_per_day"]
    diet = np.maximum(np.asarray(dietary_mg_per_day, dtype=float), 0.0)
    per_meal = diet / meals
    out = diet * fractional_absorption(per_meal, params)
    dose = np.asarray(supplement_mg_per_dose, dtype=float)
    return out + np.asarray(supplement_doses_per_day, dtype=float) * dose * fractional_absorption(
        dose, params
    )


def vitamin_d_absorption_efficiency(d25_nmol_l, params):
    """Active calcium absorption relative to its maximum, ``D / (D + K)`` (IOM 2011)."""
    d = np.maximum(np.asarray(d25_nmol_l, dtype=float), 0.0)
    return d / (d + params["calcium_absorption_vitd_half"])


def pth_vitamin_d_term(d25_nmol_l, params):
    """Vitamin D part of PTH, ``1 + a exp(-D / scale)`` (flat above ~75 nmol/L; Chapuy 1997)."""
    d = np.maximum(np.asarray(d25_nmol_l, dtype=float), 0.0)
    return 1.0 + params["pth_vitd_amplitude"] * np.exp(-d / params["pth_vitd_scale"])


def pth_from_absorption(absorbed_ratio, params):
    """PTH relative to habitual for absorbed calcium ``absorbed_ratio`` times habitual.

    >>> from osteon.parameters import default_parameters
    >>> round(float(pth_from_absorption(1.0, default_parameters())), 3)
    1.0
    """
    r = np.maximum(np.asarray(absorbed_ratio, dtype=float), 1e-6)
    return r ** (-params["pth_calcium_exponent"])


def pth_from_vitamin_d(d25_nmol_l, d25_habitual, params):
    """PTH relative to habitual when 25(OH)D moves from ``d25_habitual`` to ``d25_nmol_l``.

    Both routes: less active calcium absorption and the direct vitamin D term.

    >>> from osteon.parameters import default_parameters
    >>> p = default_parameters()
    >>> bool(pth_from_vitamin_d(75.0, 50.0, p) < 1.0 < pth_from_vitamin_d(25.0, 50.0, p))
    True
    """
    eff = vitamin_d_absorption_efficiency(d25_nmol_l, params) / vitamin_d_absorption_efficiency(
        d25_habitual, params
    )
    return (
        pth_from_absorption(eff, params)
        * pth_vitamin_d_term(d25_nmol_l, params)
        / (pth_vitamin_d_term(d25_habitual, params))
    )


def rankl_from_pth(pth_relative, params):
    """RANKL expression relative to habitual for PTH ``pth_relative`` (``PTH ** beta``)."""
    return np.maximum(np.asarray(pth_relative, dtype=float), 1e-6) ** params["rankl_pth_exponent"]


def vitamin_d_steady_rise(iu_per_day, params):
    """Steady-state rise of serum 25(OH)D (nmol/L) for a daily vitamin D3 intake (IU/day).

    >>> from osteon.parameters import default_parameters
    >>> round(float(vitamin_d_steady_rise(800.0, default_parameters())), 1)
    14.0
    """
    ug = np.asarray(iu_per_day, dtype=float) / params["vitamin_d_iu_per_ug"]
    return params["vitamin_d_response_per_ug"] * ug


def first_order_course(t, start, stop, params_halflife_days):
    """Fraction of a steady-state change present at ``t`` (days).

    0 before ``start``; ``1 - exp(-k (t - start))`` while on; after ``stop`` the
    level reached decays as ``exp(-k (t - stop))``; ``k = ln 2 / half-life``.
    The same closed form as every drug's onset and washout
    (:func:`osteon.physiology.pharmacology.pk.approach_and_washout`).

    >>> round(float(first_order_course(15.0, 0.0, None, 15.0)), 3)
    0.5
    >>> round(float(first_order_course(45.0, 0.0, 30.0, 15.0)), 3)
    0.375
    """
    return approach_and_washout(t, start, stop, rate(params_halflife_days))


__all__ = [
    "absorbed_calcium",
    "first_order_course",
    "fractional_absorption",
    "pth_from_absorption",
    "pth_from_vitamin_d",
    "pth_vitamin_d_term",
    "rankl_from_pth",
    "vitamin_d_absorption_efficiency",
    "vitamin_d_steady_rise",
]
