"""What nutrition hands to the calcium subsystem: intakes as the subsystem reads them.

The calcium - PTH - vitamin D physiology itself (absorption, serum calcium, PTH,
calcitriol, kidney) is :mod:`osteon.physiology.calcium` (Peterson & Riggs 2010). Here:

- a calcium load's fractional absorption falls with the log of the load (Heaney RP et
  al. J Bone Miner Res 1990;5:1135), so a supplement taken at once counts as less
  dietary calcium than its mass (its *dietary-equivalent* intake);
- vitamin D intake -> serum 25(OH)D: steady-state rise linear in the daily dose
  (Heaney RP et al. Am J Clin Nutr 2003;77:204, 0.7 nmol/L per ug/day), approached
  and washed out with first-order kinetics (half-life ~15 days, Jones G Am J Clin
  Nutr 2008;88:582S);
- a calcium intake below a threshold leaves each remodeling cavity short of its depth
  (:func:`calcium_deficit_focal_loss`): calcium balance follows intake up to a plateau
  (Matkovic V, Heaney RP Am J Clin Nutr 1992;55:992, threshold behaviour; IOM 1997
  balance studies in estrogen-deprived women), and below it the skeleton, the body's
  calcium reserve, supplies what the gut does not, as lasting loss. Above the threshold
  more calcium only lowers PTH and turnover (a remodeling-space transient). So a
  supplement helps women eating < 400 mg/day for as long as it is taken, and the
  placebo arm of such women loses faster than replete women (Dawson-Hughes B et al.
  N Engl J Med 1990;323:878), while replete women gain about 1-2 % in the first year
  and little after (Shea B et al. Endocr Rev 2002;23:552; Tai V et al. BMJ
  2015;351:h4183).
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


def calcium_deficit_focal_loss(intake_mg_per_day, params):
    """Unfilled fraction of each resorbed cavity added by a calcium intake below threshold.

    ``calcium_deficit_focal_gain * max(0, 1 - intake / calcium_balance_threshold)``: 0 at
    and above the threshold, rising linearly as the dietary-equivalent intake (supplement
    loads counted at their absorption, :func:`fractional_absorption`) falls below it. It adds
    to the focal deficit of estrogen and age (:mod:`osteon.physiology.remodeling.bmu_balance`),
    so it costs bone in proportion to turnover, for as long as the intake stays low.

    >>> from osteon.parameters import default_parameters
    >>> p = default_parameters()
    >>> float(calcium_deficit_focal_loss(800.0, p))
    0.0
    >>> 0.0 < float(calcium_deficit_focal_loss(350.0, p)) < p["calcium_deficit_focal_gain"]
    True
    """
    intake = np.maximum(np.asarray(intake_mg_per_day, dtype=float), 0.0)
    short = np.minimum(np.maximum(1.0 - intake / params["calcium_balance_threshold"], 0.0), 1.0)
    return params["calcium_deficit_focal_gain"] * short


__all__ = [
    "absorbed_calcium",
    "calcium_deficit_focal_loss",
    "first_order_course",
    "fractional_absorption",
    "vitamin_d_steady_rise",
]
