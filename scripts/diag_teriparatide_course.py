"""Teriparatide's time course at the spine, hip and neck, and what drives it (issue 9, item 7).

Not a refit: nothing is chosen here. A woman of 65 (menopause at 50; DATA, Tsai JN et al. Lancet
2013;382:50, mean age 66; McClung MR et al. N Engl J Med 2014;370:412) on teriparatide 20
ug/day for 24 months. For each DXA site it prints the areal BMD change at 1, 3, 6, 12, 18 and
24 months and splits the site's mineral change into

- ``V`` (matrix volume: remodeling space opened or refilled, overfill, modeling formation),
- ``Dp`` and ``Ds`` (primary and secondary mineralization of old and new matrix),

and the remodeling space (``cav``, x baseline). ``V``, ``Dp`` and ``Ds`` are in points of
the peak mineral (the baseline is about 0.83 of it), the BMD in percent. Then the same with each of the drug's routes
alone (``modeling`` = ``teriparatide_ob_recruitment_gain``, ``overfill`` =
``teriparatide_ob_survival_gain``, ``rankl`` = ``teriparatide_rankl_gain``), the others at 0,
so the lag can be put on a route. Published: spine +6.2 / +9.5 % at 12 / 24 months (DATA;
65 % of the two-year gain in the first year), +7.1 % at 12 (McClung 2014).

Result (2026-12-07, main 02dfd73, over the untreated course): spine +0.05 / 0.41 / 1.41 /
4.19 / 7.29 / 10.57 % at 1 / 3 / 6 / 12 / 18 / 24 months (0.40 of the two-year gain in the
first year); V +5.81, Dp -0.36, Ds -1.98 at 12 and +12.60 / -0.38 / -3.46 at 24 months; V
grows 0.30, 0.50, 0.57 and 0.57 points a month in months 0-3, 3-6, 6-12 and 12-24. Routes
alone (12 / 24 months): modeling +2.27 / +5.23, overfill +2.47 / +5.69 (0.43 each), RANKL
-0.83 / -1.10. With the anabolic window (excess 12, fade 75 days, sustained share 0.7, femur
0.5): +8.40 / +13.55 (0.62). See README, "Teriparatide's first year".

Pass parameter overrides as JSON, one set per argument:
``python scripts/diag_teriparatide_course.py '{}' '{"teriparatide_modeling_early_excess": 1.5}'``
"""

from __future__ import annotations

import json
import sys

import numpy as np
from diag_states import pct, run_with_states

from osteon import Protocol, Subject
from osteon.model import N_STATES, BoneModel, Cohort
from osteon.outputs.reference import SITES
from osteon.parameters import default_parameters
from osteon.physiology.pharmacology.bone_drugs import Teriparatide

MONTH = 30.4375
WOMAN = Subject(sex="female", age=65.0, menopause_age=50)
MONTHS = (1, 3, 6, 12, 18, 24)
ROUTES = ("teriparatide_ob_recruitment_gain", "teriparatide_ob_survival_gain",
          "teriparatide_rankl_gain")


def course(params, drug: bool = True) -> dict:
    """``{site: {months: (bmd %, V, Dp, Ds, cavity)}}``."""
    drugs = [Teriparatide(dose="20 ug", start_day=0.0, stop_day=24 * MONTH)] if drug else []
    protocol = Protocol(drugs)
    res, y, t = run_with_states(WOMAN, protocol, params, 2)
    c = BoneModel(params, Cohort.from_subjects([WOMAN]), protocol).site_constants
    out: dict = {}
    for site in ("lumbar_spine", "total_hip", "femoral_neck"):
        s = SITES.index(site)
        blk = y[:, s * N_STATES:(s + 1) * N_STATES]
        out[site] = {}
        for mo in MONTHS:
            i = int(np.argmin(abs(t - mo / 12)))
            parts = []
            for j, sign in ((0, 1), (1, -1), (2, -1)):
                parts.append(sum(100 * sign * (blk[i, off + j] - blk[0, off + j]) * w / m0
                                 for off, w, m0 in ((5, c[0, s], c[2, s]), (8, c[1, s], c[3, s]))))
            out[site][mo] = (pct(res, "bmd", mo / 12, site), *parts, blk[i, 4] / blk[0, 4])
    return out


def show(label: str, r: dict, base: dict | None = None) -> None:
    print(label + ("" if base is None else " (over no drug)"))
    for site, by in r.items():
        cells = []
        for mo, v in by.items():
            b = np.array(v) - (0 if base is None else np.array(base[site][mo]) * [1, 1, 1, 1, 0])
            cells.append(f"{mo:2d} mo {b[0]:+5.2f} (V {b[1]:+5.2f} Dp {b[2]:+5.2f} Ds {b[3]:+5.2f}"
                         f" cav {v[4]:.2f})")
        share = (by[12][0] - (0 if base is None else base[site][12][0])) / (
            by[24][0] - (0 if base is None else base[site][24][0]))
        print(f"  {site:12s} 12/24 share {share:.2f}\n    " + "\n    ".join(cells))


def main() -> None:
    for arg in sys.argv[1:] or ["{}"]:
        ov = json.loads(arg)
        params = default_parameters().replace(**ov)
        base = course(params, drug=False)
        show(f"{arg} no drug", base)
        show(f"{arg} teriparatide 20 ug/day", course(params), base)
        if len(sys.argv) <= 2:  # the routes alone for a single set
            for keep in ROUTES:
                alone = params.replace(**{k: 0.0 for k in ROUTES if k != keep})
                show(f"{arg} only {keep}", course(alone), base)


if __name__ == "__main__":
    main()
