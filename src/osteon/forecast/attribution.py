"""Pathway attribution that adds up: exact Shapley values over pathway and drug switches.

The game: ``v(S)`` is the forecast change (percent change of BMD from today to the horizon,
per site) of the model's average individual when the players in ``S`` are *on* and the
others *off*. Players are the pathways of :data:`osteon.forecast.batch.PATHWAYS` (off: held
at today's value from today on) and each drug or programme of the scenario (off: not
taken). Every coalition is one row of the same batch (:func:`osteon.forecast.batch.run_rows`),
so the whole game is one stiff solve. Exact Shapley values (Shapley 1953) sum to
``v(all) - v(none)`` by construction; ``v(none)`` is what no switch can change (ageing of the
focal balance, the remodeling already under way) and is reported as its own part, so the
parts add up to the whole forecast change.

A pathway whose signal does not move over the horizon, with the scenario's drugs on or off,
is a null player (Shapley value exactly 0) and is left out of the game to keep it small.
"""

from __future__ import annotations

from itertools import combinations
from math import factorial

import numpy as np

CITATION = ("Shapley LS. A value for n-person games. In: Contributions to the Theory of Games "
            "II. Ann Math Stud 28. Princeton 1953:307-317")


def coalitions(p: int) -> np.ndarray:
    """All ``2**p`` coalitions as a boolean array ``(2**p, p)`` (row ``b`` = bits of ``b``)."""
    b = np.arange(2**p)[:, None]
    return ((b >> np.arange(p)[None, :]) & 1).astype(bool)


def shapley(values: np.ndarray) -> np.ndarray:
    """Exact Shapley values from ``values[b]`` = v(coalition with bits ``b``), ``(2**p, ...)``.

    >>> v = np.array([0.0, 1.0, 2.0, 4.0])  # players a (bit 0), b (bit 1); interaction 1
    >>> shapley(v)
    array([1.5, 2.5])
    >>> bool(shapley(v).sum() == v[-1] - v[0])
    True
    """
    values = np.asarray(values, dtype=float)
    p = int(round(np.log2(values.shape[0])))
    if 2**p != values.shape[0]:
        raise ValueError("values must hold 2**p coalitions")
    out = np.zeros((p,) + values.shape[1:])
    w = [factorial(s) * factorial(p - s - 1) / factorial(p) for s in range(p)]
    for i in range(p):
        others = [j for j in range(p) if j != i]
        for s in range(p):
            for combo in combinations(others, s):
                b = sum(1 << j for j in combo)
                out[i] += w[s] * (values[b | (1 << i)] - values[b])
    return out


def moving_pathways(subject, interventions, years: float, params=None) -> list[str]:
    """Pathways whose signal moves between today and ``years`` ahead (others are null)."""
    from osteon.forecast.batch import PATHWAYS
    from osteon.model import BoneModel, Cohort
    from osteon.parameters import default_parameters
    from osteon.protocol import Protocol
    from osteon.units import DAYS_PER_YEAR

    params = params or default_parameters()
    times = np.linspace(0.0, years * DAYS_PER_YEAR, 81)
    plain = BoneModel(params, Cohort.from_subjects([subject]))
    today = plain.signals(0.0)
    moving = set()
    for items in (interventions, ()):
        model = BoneModel(params, Cohort.from_subjects([subject]), Protocol(items))
        for t in times:
            s = model.signals(float(t))
            for p, names in (("estrogen", ("estradiol",)), ("androgen", ("testosterone",)),
                             ("gh_igf1", ("igf1", "gh")), ("cortisol", ("cortisol",))):
                for h in names:
                    a = float(np.ravel(getattr(s.hormones, h))[0])
                    b = float(np.ravel(getattr(today.hormones, h))[0])
                    if abs(a - b) > 1e-6 * max(1.0, abs(b)):
                        moving.add(p)
            if np.max(np.abs(np.asarray(s.load) - 1.0)) > 1e-9:
                moving.add("mechanical")
            if (s.calcium_intake_mg_per_day is not None or s.serum_25ohd_nmol_l is not None
                    or np.any(np.asarray(s.serum_magnesium_change) != 0.0)):
                moving.add("calcium_pth_vitamin_d")
    return [p for p in PATHWAYS if p in moving]
