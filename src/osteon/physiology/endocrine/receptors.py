"""Receptor occupancy: how a serum level becomes a signal to bone cells.

Each function maps a serum concentration to a fraction in [0, 1) with a Hill
curve whose half-maximal level and steepness are parameters with sources.
"""

from __future__ import annotations

import numpy as np


def estrogen_occupancy(estradiol_pg_ml, ec50_pg_ml: float, hill: float):
    """Estrogen-receptor signal from serum estradiol.

    A steep Hill curve with a low half-maximal level: in men, bone resorption
    rises once estradiol falls below about 10-20 pg/mL (Finkelstein JS et al.
    N Engl J Med 2013;369:1011-1022, Fig. 3), and premenopausal levels
    (about 100 pg/mL) saturate the effect.

    Parameters
    ----------
    estradiol_pg_ml
        Serum estradiol (pg/mL), scalar or array.
    ec50_pg_ml
        Level giving half the maximal signal (pg/mL).
    hill
        Hill coefficient (dimensionless).

    Returns
    -------
    numpy.ndarray
        Occupancy, dimensionless in [0, 1).

    Examples
    --------
    >>> float(estrogen_occupancy(12.0, 12.0, 2.0))
    0.5
    >>> float(estrogen_occupancy(100.0, 12.0, 2.0)) > 0.98
    True
    """
    e = np.maximum(np.asarray(estradiol_pg_ml, dtype=float), 0.0)
    eh = e**hill
    return eh / (eh + ec50_pg_ml**hill)


def androgen_occupancy(testosterone_ng_dl, ec50_ng_dl: float):
    """Androgen-receptor signal from serum total testosterone (ng/dL).

    Half-maximal near 200 ng/dL, the level below which men lose bone
    (Finkelstein 2013, Fig. 3; Snyder PJ et al. JCEM 2000;85:2670).

    >>> round(float(androgen_occupancy(600.0, 200.0)), 3)
    0.75
    """
    t = np.maximum(np.asarray(testosterone_ng_dl, dtype=float), 0.0)
    return t / (t + ec50_ng_dl)


def progesterone_occupancy(progesterone_ng_ml, ec50_ng_ml: float):
    """Progesterone-receptor signal from serum progesterone (ng/mL).

    >>> float(progesterone_occupancy(2.0, 2.0))
    0.5
    """
    p = np.maximum(np.asarray(progesterone_ng_ml, dtype=float), 0.0)
    return p / (p + ec50_ng_ml)
